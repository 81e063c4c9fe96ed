import { AlertOutlined, ApartmentOutlined, AuditOutlined, FileProtectOutlined, FileSearchOutlined, SafetyOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import type { Area } from '../types.tsx'
import { canReadAudit, handlesIncidents, seesEvaluations, seesFlags, tracesLineage } from './access.ts'

/**
 * Supervision and security (监管与安全): live flags, the audit log, lineage, incidents and
 * emergency plans, evaluations; and the regulator's workbench.
 */
export const area: Area = {
  routes: [
    { path: 'supervision/flags', zh: '监管预警', en: 'Flags', group: 'supervision', icon: <AlertOutlined />, visible: seesFlags, component: lazy(() => import('./FlagsPage.tsx')) },
    { path: 'audit', zh: '审计日志', en: 'Audit log', group: 'supervision', icon: <FileSearchOutlined />, visible: canReadAudit, component: lazy(() => import('./AuditPage.tsx')) },
    { path: 'lineage', zh: '数据血缘', en: 'Lineage', group: 'supervision', icon: <ApartmentOutlined />, visible: tracesLineage, component: lazy(() => import('./LineagePage.tsx')) },
    { path: 'incidents', zh: '安全事件', en: 'Incidents', group: 'supervision', icon: <SafetyOutlined />, visible: handlesIncidents, component: lazy(() => import('./IncidentsPage.tsx')) },
    { path: 'emergency-plans', zh: '应急预案', en: 'Emergency plans', group: 'supervision', icon: <FileProtectOutlined />, visible: handlesIncidents, component: lazy(() => import('./EmergencyPlansPage.tsx')) },
    { path: 'evaluations', zh: '运营评估', en: 'Evaluations', group: 'supervision', icon: <AuditOutlined />, visible: seesEvaluations, component: lazy(() => import('./EvaluationsPage.tsx')) },
  ],
  workbenches: {
    regulator: lazy(() => import('./RegulatorWorkbench.tsx')),
  },
}
