import { AppstoreOutlined, BulbOutlined, ClusterOutlined, FileProtectOutlined, NotificationOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import { kindIs, type Area } from '../types.tsx'

/**
 * Operations: scenarios and authorization (应用场景与授权运营). Demands become scenarios the office
 * reviews; calls select a developer; the office designates the operator and the bureau grants it
 * data; agreements are filed, take effect, are suspended or end; workspaces are overseen, masked,
 * fed with approved imports and destroyed. The server decides every step; pages show what it allows.
 */

const overseers = kindIs('office', 'operator', 'regulator')

export const area: Area = {
  routes: [
    {
      path: 'scenario-demands',
      zh: '场景需求',
      en: 'Scenario demands',
      group: 'authorization',
      icon: <BulbOutlined />,
      visible: kindIs('developer', 'operator', 'office', 'regulator'),
      component: lazy(() => import('./DemandsPage.tsx')),
    },
    {
      path: 'scenarios',
      zh: '应用场景',
      en: 'Scenarios',
      group: 'authorization',
      icon: <AppstoreOutlined />,
      visible: kindIs('office', 'operator', 'regulator', 'developer', 'bureau'),
      component: lazy(() => import('./ScenariosPage.tsx')),
    },
    {
      path: 'scenarios/:code',
      zh: '应用场景',
      en: 'Scenario',
      group: 'authorization',
      hidden: true,
      visible: kindIs('office', 'operator', 'regulator', 'developer', 'bureau'),
      component: lazy(() => import('./ScenarioDetailPage.tsx')),
    },
    {
      path: 'calls',
      zh: '征集与遴选',
      en: 'Calls and selection',
      group: 'authorization',
      icon: <NotificationOutlined />,
      visible: kindIs('office', 'operator', 'regulator', 'developer'),
      component: lazy(() => import('./CallsPage.tsx')),
    },
    {
      path: 'calls/:id',
      zh: '征集公告',
      en: 'Call',
      group: 'authorization',
      hidden: true,
      visible: kindIs('office', 'operator', 'regulator', 'developer'),
      component: lazy(() => import('./CallDetailPage.tsx')),
    },
    {
      path: 'operator-authorizations',
      zh: '运营主体授权',
      en: 'Operator authorization',
      group: 'authorization',
      icon: <SafetyCertificateOutlined />,
      visible: kindIs('office', 'bureau', 'operator', 'regulator'),
      component: lazy(() => import('./OperatorAuthorizationsPage.tsx')),
    },
    {
      path: 'agreements',
      zh: '授权协议',
      en: 'Agreements',
      group: 'authorization',
      icon: <FileProtectOutlined />,
      visible: kindIs('office', 'operator', 'regulator', 'developer'),
      component: lazy(() => import('./AgreementsPage.tsx')),
    },
    {
      path: 'agreements/:id',
      zh: '授权协议',
      en: 'Agreement',
      group: 'authorization',
      hidden: true,
      visible: kindIs('office', 'operator', 'regulator', 'developer'),
      component: lazy(() => import('./AgreementDetailPage.tsx')),
    },
    {
      path: 'workspaces',
      zh: '工作空间管理',
      en: 'Workspaces',
      group: 'authorization',
      icon: <ClusterOutlined />,
      visible: overseers,
      component: lazy(() => import('./WorkspacesPage.tsx')),
    },
    {
      path: 'workspaces/:id',
      zh: '工作空间',
      en: 'Workspace',
      group: 'authorization',
      hidden: true,
      visible: overseers,
      component: lazy(() => import('./WorkspaceDetailPage.tsx')),
    },
  ],
  workbenches: {
    office: lazy(() => import('./OfficeWorkbench.tsx')),
    operator: lazy(() => import('./OperatorWorkbench.tsx')),
  },
}
