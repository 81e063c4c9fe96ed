import { ConflictError } from '../../platform/errors.ts'

/**
 * Security incidents (安全事件, art. 13(1), 14(1)): a developer reports to the primary operator,
 * the operator to the coordination office; each handles it in steps to closure within a deadline
 * set by its severity, and it may suspend the authorization concerned. Pure: states and rules.
 */

/** The four levels of GB/T 20986 (一般, 较大, 重大, 特别重大). */
export const INCIDENT_SEVERITIES = ['general', 'significant', 'major', 'especially-major'] as const
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number]

export const INCIDENT_CATEGORIES = ['data-leak', 'unauthorized-access', 'tampering', 'loss', 'availability', 'malware', 'other'] as const
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number]

export const INCIDENT_STATUSES = ['reported', 'acknowledged', 'closed'] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

const transitions = {
  reported: ['acknowledged', 'closed'],
  acknowledged: ['closed'],
  closed: [],
} as const satisfies Record<IncidentStatus, readonly IncidentStatus[]>

export function assertIncidentTransition(id: string, from: IncidentStatus, to: IncidentStatus): void {
  if (!(transitions[from] as readonly IncidentStatus[]).includes(to)) throw new ConflictError(`incident ${id} is ${from}: it cannot become ${to}`)
}

/**
 * Hours to close an incident, by severity: a platform setting (the measures ask for immediate
 * handling and reporting, not a period). Overdue incidents are flagged to supervision.
 */
export const CLOSE_WITHIN_HOURS: Readonly<Record<IncidentSeverity, number>> = {
  general: 7 * 24,
  significant: 72,
  major: 24,
  'especially-major': 12,
}

/** Who receives a report (art. 13(1), 14(1)): the operator from a developer, the office from the operator. */
export function receiverKind(reporterKind: string): 'operator' | 'office' | null {
  if (reporterKind === 'developer') return 'operator'
  if (reporterKind === 'operator') return 'office'
  return null
}

export function ruleOf(reporterKind: string): string {
  return reporterKind === 'developer' ? 'art14.incident-report-to-operator' : 'art13.incident-report-to-office'
}
