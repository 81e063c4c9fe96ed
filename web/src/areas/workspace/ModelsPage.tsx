import { useT } from '../../i18n.tsx'
import { ModelsPanel } from './ModelsPanel.tsx'
import { WorkspaceScoped } from './WorkspaceScoped.tsx'

/** Models of the chosen workspace, from the menu. */
export default function ModelsPage() {
  const t = useT()
  return (
    <WorkspaceScoped title={t('算法模型', 'Models')} tab="models">
      {(workspace, readOnly) => <ModelsPanel key={workspace.id} workspace={workspace} readOnly={readOnly} />}
    </WorkspaceScoped>
  )
}
