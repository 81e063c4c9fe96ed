import { AppstoreOutlined, CloudUploadOutlined, DeploymentUnitOutlined, ExperimentOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import { kindIs, type Area } from '../types.tsx'

/**
 * The secure domain as the developer works in it (可用不可见): its workspaces, the SQL workbench
 * with the gate's checks explained, models, products and imports of social data. The operator,
 * the office and regulators open a workspace read-only from their own pages (`/workspace/<id>`).
 */
export const area: Area = {
  routes: [
    {
      path: 'workspace',
      zh: '我的工作空间',
      en: 'My workspaces',
      group: 'domain',
      icon: <AppstoreOutlined />,
      visible: kindIs('developer'),
      component: lazy(() => import('./WorkspacesPage.tsx')),
    },
    {
      path: 'workspace/:id',
      zh: '工作空间',
      en: 'Workspace',
      group: 'domain',
      hidden: true,
      visible: kindIs('developer', 'operator', 'office', 'regulator'),
      component: lazy(() => import('./WorkspacePage.tsx')),
    },
    {
      path: 'domain/models',
      zh: '算法模型',
      en: 'Models',
      group: 'domain',
      icon: <ExperimentOutlined />,
      visible: kindIs('developer'),
      component: lazy(() => import('./ModelsPage.tsx')),
    },
    {
      path: 'domain/products',
      zh: '我的产品',
      en: 'My products',
      group: 'domain',
      icon: <DeploymentUnitOutlined />,
      visible: kindIs('developer'),
      component: lazy(() => import('./ProductsPage.tsx')),
    },
    {
      path: 'domain/imports',
      zh: '社会数据导入',
      en: 'Imports of social data',
      group: 'domain',
      icon: <CloudUploadOutlined />,
      visible: kindIs('developer'),
      component: lazy(() => import('./ImportsPage.tsx')),
    },
  ],
  workbenches: {
    developer: lazy(() => import('./DeveloperWorkbench.tsx')),
  },
}
