import { useT } from '../../i18n.tsx'
import { ImportsPanel } from './ImportsPanel.tsx'
import { WorkspaceScoped } from './WorkspaceScoped.tsx'

/** Imports of social data of the chosen workspace, from the menu. */
export default function ImportsPage() {
  const t = useT()
  return (
    <WorkspaceScoped title={t('社会数据导入', 'Imports of social data')} tab="imports">
      {(workspace, readOnly) => <ImportsPanel key={workspace.id} workspace={workspace} readOnly={readOnly} />}
    </WorkspaceScoped>
  )
}
