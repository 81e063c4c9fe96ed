import { ApiOutlined, AccountBookOutlined, AppstoreOutlined, AuditOutlined, DollarOutlined, FileProtectOutlined, KeyOutlined, LineChartOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import { anyone, kindIs, type Area } from '../types.tsx'

/**
 * Products and services (产品与服务): the catalogue and details of data products, their review
 * (art. 25) and registration (art. 22), the API gateway for consumers (keys, consents, calls,
 * usage), price caps (art. 6, 26) and the product ledger (art. 24, 26). Menus follow who may act
 * or read; the server decides in every case.
 */
export const area: Area = {
  routes: [
    { path: 'products', zh: '数据产品', en: 'Data products', group: 'products', icon: <AppstoreOutlined />, visible: anyone, component: lazy(() => import('./ProductsPage.tsx')) },
    // The reviewers' queue; the rest of the operator follows it read-only.
    {
      path: 'products/review',
      zh: '产品审核',
      en: 'Product review',
      group: 'products',
      icon: <AuditOutlined />,
      visible: kindIs('operator'),
      component: lazy(() => import('./ReviewPage.tsx')),
    },
    { path: 'products/:code', zh: '产品详情', en: 'Product', group: 'products', hidden: true, visible: anyone, component: lazy(() => import('./ProductDetailPage.tsx')) },
    // Applicants (developers, the operator) and the bureau with those who oversee it.
    {
      path: 'registrations',
      zh: '产品登记',
      en: 'Registration',
      group: 'products',
      icon: <FileProtectOutlined />,
      visible: kindIs('bureau', 'office', 'regulator', 'developer', 'operator'),
      component: lazy(() => import('./RegistrationsPage.tsx')),
    },
    { path: 'registrations/:id', zh: '登记详情', en: 'Registration', group: 'products', hidden: true, visible: kindIs('bureau', 'office', 'regulator', 'developer', 'operator'), component: lazy(() => import('./RegistrationDetailPage.tsx')) },
    // The gateway: consumers hold keys and consents; the operator runs it and regulators supervise it.
    { path: 'gateway/keys', zh: '接口密钥', en: 'Gateway keys', group: 'products', icon: <KeyOutlined />, visible: kindIs('consumer', 'operator', 'regulator'), component: lazy(() => import('./KeysPage.tsx')) },
    { path: 'gateway/consents', zh: '授权书', en: 'Consents', group: 'products', icon: <SafetyCertificateOutlined />, visible: kindIs('consumer', 'operator', 'regulator'), component: lazy(() => import('./ConsentsPage.tsx')) },
    { path: 'gateway/try', zh: '调用', en: 'Try a call', group: 'products', icon: <ApiOutlined />, visible: kindIs('consumer'), component: lazy(() => import('./TryCallPage.tsx')) },
    { path: 'gateway/usage', zh: '用量', en: 'Usage', group: 'products', icon: <LineChartOutlined />, visible: kindIs('consumer', 'operator', 'regulator'), component: lazy(() => import('./UsagePage.tsx')) },
    { path: 'price-caps', zh: '价格上限', en: 'Price caps', group: 'products', icon: <DollarOutlined />, visible: kindIs('office', 'operator', 'developer', 'regulator', 'consumer', 'bureau'), component: lazy(() => import('./PriceCapsPage.tsx')) },
    { path: 'ledger', zh: '收益台账', en: 'Ledger', group: 'products', icon: <AccountBookOutlined />, visible: kindIs('operator', 'office', 'regulator', 'developer'), component: lazy(() => import('./LedgerPage.tsx')) },
  ],
  workbenches: {
    consumer: lazy(() => import('./ConsumerWorkbench.tsx')),
  },
}
