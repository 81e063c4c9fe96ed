import { FileTextOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import type { Area } from '../types.tsx'
import { readsReports } from './access.ts'

/**
 * The annual operation report (年度运营报告, art. 27): the operator creates, writes and files
 * it; the office acknowledges or returns it; the bureau and regulators read it.
 */
export const area: Area = {
  routes: [
    { path: 'annual-reports', zh: '年度运营报告', en: 'Annual reports', group: 'supervision', icon: <FileTextOutlined />, visible: readsReports, component: lazy(() => import('./ReportsPage.tsx')) },
    { path: 'annual-reports/:id', zh: '年度运营报告', en: 'Annual report', group: 'supervision', hidden: true, visible: readsReports, component: lazy(() => import('./ReportPage.tsx')) },
  ],
}
