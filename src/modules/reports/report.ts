import { ConflictError, RuleViolation } from '../../platform/errors.ts'

/**
 * The annual operation report (年度运营报告, art. 27): the primary operator reports each year of
 * its operating term to the data authority on the data it stores and processes, its use, its
 * security, and the scenarios, products and market operation built on it. The figures are
 * compiled from the platform's records and frozen under a digest; the operator writes the
 * narrative and files the report (报送) with the office, which acknowledges it or returns it.
 * Pure: states, sections and rules.
 */

export const REPORT_STATUSES = ['draft', 'filed', 'returned', 'acknowledged'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]

/** A returned report becomes a draft again when the operator works on it; a filed one is immutable. */
const transitions = {
  draft: ['filed'],
  filed: ['acknowledged', 'returned'],
  returned: ['draft'],
  acknowledged: [],
} as const satisfies Record<ReportStatus, readonly ReportStatus[]>

export function assertReportTransition(id: string, from: ReportStatus, to: ReportStatus): void {
  if (!(transitions[from] as readonly ReportStatus[]).includes(to)) throw new ConflictError(`annual report ${id} is ${from}: it cannot become ${to}`)
}

/** The statuses in which the operator may change the narrative or recompile the figures. */
export const EDITABLE_STATUSES = ['draft', 'returned'] as const satisfies readonly ReportStatus[]

export function assertEditable(id: string, status: ReportStatus): void {
  if (!(EDITABLE_STATUSES as readonly ReportStatus[]).includes(status)) {
    throw new ConflictError(`annual report ${id} is ${status}: a filed report is immutable${status === 'filed' ? ' until the office returns it' : ''}`)
  }
}

/** The status an edit leaves: a returned report is worked on as a draft again. */
export function statusAfterEdit(status: ReportStatus): ReportStatus {
  return status === 'returned' ? 'draft' : status
}

export const REPORT_DECISIONS = ['acknowledge', 'return'] as const
export type ReportDecision = (typeof REPORT_DECISIONS)[number]

export function statusAfterDecision(decision: ReportDecision): ReportStatus {
  return decision === 'acknowledge' ? 'acknowledged' : 'returned'
}

// ---------------------------------------------------------------------------- the narrative

/** The narrative's sections, in the report's order, with their titles (art. 27's headings and two of the operator's own). */
export const NARRATIVE_SECTIONS = [
  { key: 'overview', zh: '概述', en: 'Overview' },
  { key: 'data', zh: '数据资源', en: 'Data resources: storage and processing' },
  { key: 'scenarios', zh: '场景与授权', en: 'Scenarios and authorizations' },
  { key: 'products', zh: '产品与服务', en: 'Products and services' },
  { key: 'finance', zh: '收益与成本', en: 'Revenue and costs' },
  { key: 'security', zh: '安全与事件', en: 'Security and incidents' },
  { key: 'issues', zh: '问题与改进', en: 'Problems and improvements' },
  { key: 'plan', zh: '下一年度工作计划', en: 'Plan for the next year' },
] as const
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number]['key']
export const NARRATIVE_KEYS = NARRATIVE_SECTIONS.map((s) => s.key) as readonly NarrativeSection[]

/** The longest section, in characters: a long chapter, not a book. */
export const MAX_SECTION_CHARS = 20_000

export type Narrative = Readonly<Record<NarrativeSection, string>>

export function emptyNarrative(): Narrative {
  return Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, ''])) as Record<NarrativeSection, string>
}

/** A narrative with every section, those not given empty. */
export function completeNarrative(input: Partial<Record<NarrativeSection, string>>): Narrative {
  return Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, (input[k] ?? '').trim()])) as Record<NarrativeSection, string>
}

// ---------------------------------------------------------------------------- rules

/**
 * Art. 27: the report is the operator's "在运营期限内": only for a year in which it held the
 * office's designation.
 */
export function assertYearInOperatingTerm(year: number, terms: readonly { readonly termStart: string; readonly termEnd: string }[]): void {
  const covered = terms.some((t) => t.termStart <= `${year}-12-31` && t.termEnd >= `${year}-01-01`)
  if (!covered) {
    throw new RuleViolation(
      'art27.annual-report',
      `the operator reports on the years of its operating term: it held no designation in ${year}${terms.length ? ` (its terms: ${terms.map((t) => `${t.termStart} to ${t.termEnd}`).join(', ')})` : ''}`,
    )
  }
}

/**
 * Art. 27: the report states the storage, processing, use and security of the data and the
 * scenarios and market operation of its products: every section is written before filing.
 */
export function assertNarrativeComplete(narrative: Narrative): void {
  const missing = NARRATIVE_SECTIONS.filter((s) => narrative[s.key].trim() === '')
  if (missing.length > 0) {
    throw new RuleViolation(
      'art27.annual-report',
      `the report is filed with every section written: ${missing.map((s) => `${s.zh} (${s.key})`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} empty`,
    )
  }
}
