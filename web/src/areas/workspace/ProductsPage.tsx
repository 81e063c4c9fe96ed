import { useT } from '../../i18n.tsx'
import { ProductsPanel } from './ProductsPanel.tsx'
import { WorkspaceScoped } from './WorkspaceScoped.tsx'

/** Data products of the chosen workspace, from the menu. */
export default function ProductsPage() {
  const t = useT()
  return (
    <WorkspaceScoped title={t('我的产品', 'My products')} tab="products">
      {(workspace, readOnly) => <ProductsPanel key={workspace.id} workspace={workspace} readOnly={readOnly} />}
    </WorkspaceScoped>
  )
}
