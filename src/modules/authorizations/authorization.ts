import { ConflictError, InputError, RuleViolation } from '../../platform/errors.ts'
import { addMonths } from '../../platform/time.ts'
import type { PolicyPack } from '../policy/policy-pack.ts'

/**
 * The two tiers of authorization (art. 11): the office designates the primary operator and the
 * data bureau grants it resources; the operator authorizes each developer by an agreement filed
 * with the office (art. 17). Pure: types, state machines and the named guards.
 */

// ---------------------------------------------------------------------------- the operator

/** The five conditions of art. 12, each recorded with its evidence when the operator is designated. */
export const OPERATOR_QUALIFICATIONS = ['compliance', 'capability', 'good-standing', 'data-governance', 'supervision-response'] as const
export type OperatorQualification = (typeof OPERATOR_QUALIFICATIONS)[number]

export const OPERATOR_QUALIFICATION_TITLES: Record<OperatorQualification, string> = {
  compliance: '(一)符合国家、省、市有关公共数据授权运营规定',
  capability: '(二)具备授权运营资金、管理、技术、服务、安全能力',
  'good-standing': '(三)经营状况良好,无重大违法记录,未列入失信名单',
  'data-governance': '(四)数据管理制度完善,近3年未发生网络安全或数据安全事件',
  'supervision-response': '(五)能够及时响应和满足监督评估工作要求',
}

export const OPERATOR_AUTHORIZATION_STATUSES = ['designated', 'active', 'ended'] as const
export type OperatorAuthorizationStatus = (typeof OPERATOR_AUTHORIZATION_STATUSES)[number]

export interface QualificationRecord {
  readonly met: boolean
  readonly evidence: string
}

/**
 * Art. 12: every condition met, each with evidence, and no security incident within the clean
 * record period before the designation.
 */
export function assertOperatorQualified(
  pack: PolicyPack,
  qualifications: Readonly<Record<OperatorQualification, QualificationRecord>>,
  lastSecurityIncidentOn: string | null,
  today: string,
): void {
  const unmet = OPERATOR_QUALIFICATIONS.filter((q) => !qualifications[q].met)
  if (unmet.length > 0) {
    throw new RuleViolation(
      'art12.operator-qualifications',
      `the operator must meet all five conditions of art. 12; not met: ${unmet.map((q) => OPERATOR_QUALIFICATION_TITLES[q]).join('; ')}`,
    )
  }
  const years = pack.params.operatorCleanRecordYears
  if (lastSecurityIncidentOn && lastSecurityIncidentOn > isoDate(addMonths(dateOf(today), -12 * years))) {
    throw new RuleViolation(
      'art12.operator-qualifications',
      `a security incident on ${lastSecurityIncidentOn} is within the last ${years} years: condition (四) of art. 12 is not met`,
    )
  }
}

// ---------------------------------------------------------------------------- agreements

export const AGREEMENT_STATUSES = ['draft', 'filed', 'active', 'suspended', 'terminated', 'expired'] as const
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number]

/**
 * The agreement's life (art. 17, 31, 34, 35). A filed agreement goes back to draft when the office
 * objects; suspension and resumption follow rectification; terminated and expired are final.
 */
const AGREEMENT_TRANSITIONS: Record<AgreementStatus, readonly AgreementStatus[]> = {
  draft: ['filed'],
  filed: ['draft', 'active', 'terminated'],
  active: ['suspended', 'terminated', 'expired'],
  suspended: ['active', 'terminated', 'expired'],
  terminated: [],
  expired: [],
}

export function canAgreementTransition(from: AgreementStatus, to: AgreementStatus): boolean {
  return AGREEMENT_TRANSITIONS[from].includes(to)
}

export function assertAgreementTransition(from: AgreementStatus, to: AgreementStatus): void {
  if (!canAgreementTransition(from, to)) throw new ConflictError(`a ${from} agreement cannot become ${to}`)
}

/** Statuses in which an agreement holds its scenario (one scenario, one authorization). */
export const HOLDING_STATUSES = ['draft', 'filed', 'active', 'suspended'] as const satisfies readonly AgreementStatus[]

/** Art. 16: an agreement is filed only when every required clause says something. */
export function assertClausesComplete(pack: PolicyPack, clauses: Readonly<Record<string, string>>): void {
  const missing = pack.params.requiredAgreementClauses.filter((clause) => !clauses[clause]?.trim())
  if (missing.length > 0) {
    throw new RuleViolation('art16.agreement-clauses', `the agreement lacks the clauses ${missing.join(', ')} (art. 16): add them before filing`)
  }
}

/** Art. 16's clauses the pack knows; anything else is a typo the operator should hear about. */
export function assertKnownClauses(pack: PolicyPack, clauses: Readonly<Record<string, string>>): void {
  const unknown = Object.keys(clauses).filter((c) => !pack.params.requiredAgreementClauses.includes(c))
  if (unknown.length > 0) {
    throw new InputError(`unknown clauses ${unknown.join(', ')}: the clauses are ${pack.params.requiredAgreementClauses.join(', ')}`, [
      { path: 'body.clauses', message: 'unknown clause' },
    ])
  }
}

/**
 * Art. 17: a single term of at most developerTermMaxMonths, counted from its first day to its
 * last (inclusive), e.g. 2026-12-01 to 2029-11-30 is 36 months.
 */
export function assertTerm(pack: PolicyPack, termStart: string, termEnd: string): void {
  if (termEnd < termStart) throw new InputError(`the term ends (${termEnd}) before it starts (${termStart})`, [{ path: 'body.termEnd', message: 'before termStart' }])
  const max = pack.params.developerTermMaxMonths
  const lastAllowed = isoDate(addDays(addMonths(dateOf(termStart), max), -1))
  if (termEnd > lastAllowed) {
    throw new RuleViolation('art17.term-max', `a term from ${termStart} may end on ${lastAllowed} at the latest: one authorization lasts at most ${max} months`)
  }
}

/** Art. 11: a developer's term never outlasts the operator's own. */
export function assertWithinOperatorTerm(termEnd: string, operatorTermEnd: string): void {
  if (termEnd > operatorTermEnd) {
    throw new RuleViolation(
      'art11.within-operator-authorization',
      `the term ends on ${termEnd}, after the operator's own authorization ends on ${operatorTermEnd}`,
    )
  }
}

/** Art. 17: renewal is applied for within the last renewalWindowMonths of the term. */
export function assertRenewalWindow(pack: PolicyPack, termEnd: string, today: string): void {
  const months = pack.params.renewalWindowMonths
  const opens = isoDate(addMonths(addDays(dateOf(termEnd), 1), -months))
  if (today < opens) {
    throw new RuleViolation('art17.renewal-window', `renewal opens on ${opens}, ${months} months before the term ends on ${termEnd}`)
  }
  if (today > termEnd) throw new ConflictError(`the term ended on ${termEnd}: a new authorization needs a new call`)
}

/** Art. 6: public-interest use is free (with conditions), industrial use is paid. */
export function assertFeeFitsPurpose(purposeType: PurposeType, feeYuan: number): void {
  if (purposeType === 'public_interest' && feeYuan !== 0) {
    throw new RuleViolation('art06.use-purpose-pricing', `the scenario serves the public interest: its data is used free of charge, not for ${feeYuan} yuan`)
  }
  if (purposeType === 'industrial' && feeYuan <= 0) {
    throw new RuleViolation('art06.use-purpose-pricing', 'the scenario is industrial: its data is used for a fee, state it')
  }
}

/** Art. 35: who terminates, and on which ground; a poor evaluation needs a warning first. */
export function assertTerminationGround(pack: PolicyPack, ground: string, warnedOn: string | undefined): void {
  if (!pack.params.terminationGrounds.includes(ground)) {
    throw new RuleViolation('art35.unilateral-termination', `${ground} is not a ground of art. 35: one of ${pack.params.terminationGrounds.join(', ')}`)
  }
  if (ground === 'poor-evaluation-after-warning' && !warnedOn) {
    throw new RuleViolation('art35.warning-before-termination', 'a poor evaluation ends an agreement only after a warning or interview: give its date (warnedOn)')
  }
}

// ---------------------------------------------------------------------------- scenarios and scope

export const PURPOSE_TYPES = ['public_interest', 'industrial'] as const
export type PurposeType = (typeof PURPOSE_TYPES)[number]

/** A resource and the fields a scenario needs, each with why (least necessary, art. 14(3)). */
export interface ScenarioNeed {
  readonly resourceCode: string
  readonly fields: readonly { readonly name: string; readonly justification: string }[]
}

export const ROW_FILTER_OPERATORS = ['eq', 'in', 'gte', 'lte', 'between'] as const
export type RowFilterOperator = (typeof ROW_FILTER_OPERATORS)[number]

/** A row filter on a granted resource, applied by the gate to every query (e.g. one district). */
export interface RowFilter {
  readonly column: string
  readonly operator: RowFilterOperator
  readonly values: readonly (string | number)[]
}

/** What an agreement grants of one resource: its least necessary fields and its rows. */
export interface ScopeItem {
  readonly resourceCode: string
  readonly fields: readonly string[]
  readonly rowFilters: readonly RowFilter[]
}

export function assertRowFilterShape(filter: RowFilter, path: string): void {
  const expected = filter.operator === 'between' ? 2 : filter.operator === 'in' ? undefined : 1
  if ((expected !== undefined && filter.values.length !== expected) || filter.values.length === 0) {
    throw new InputError(`row filter ${filter.operator} on ${filter.column} takes ${expected ?? 'one or more'} values`, [{ path, message: 'wrong number of values' }])
  }
}

// ---------------------------------------------------------------------------- dates

function dateOf(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`)
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000)
}

/** The day `days` after an ISO date. */
export function dayAfter(isoDay: string, days = 1): string {
  return isoDate(addDays(dateOf(isoDay), days))
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateOf(to).getTime() - dateOf(from).getTime()) / 86_400_000)
}

/** The last day of a term of `months` months starting on `termStart`. */
export function termEndAfter(termStart: string, months: number): string {
  return isoDate(addDays(addMonths(dateOf(termStart), months), -1))
}
