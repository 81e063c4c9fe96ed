import { ApartmentOutlined, KeyOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import { anyone, type Area } from '../types.tsx'
import { isAdministrator } from './access.ts'

/**
 * Administration (系统管理): organizations and accounts for the three administrators (三员),
 * API tokens and one's own account for everyone. The audit administrator's log is under
 * supervision (/audit).
 */
export const area: Area = {
  routes: [
    { path: 'admin/organizations', zh: '机构管理', en: 'Organizations', group: 'admin', icon: <ApartmentOutlined />, visible: isAdministrator, component: lazy(() => import('./OrganizationsPage.tsx')) },
    { path: 'admin/users', zh: '账户管理', en: 'Accounts', group: 'admin', icon: <TeamOutlined />, visible: isAdministrator, component: lazy(() => import('./UsersPage.tsx')) },
    { path: 'api-tokens', zh: 'API 令牌', en: 'API tokens', group: 'admin', icon: <KeyOutlined />, visible: anyone, component: lazy(() => import('./ApiTokensPage.tsx')) },
    { path: 'account', zh: '我的账户', en: 'My account', group: 'admin', icon: <UserOutlined />, visible: anyone, component: lazy(() => import('./MyAccountPage.tsx')) },
  ],
  workbenches: {
    admin: lazy(() => import('./AdminWorkbench.tsx')),
  },
}
