import { randomInt } from 'node:crypto'
import { ConflictError, RuleViolation } from '../../platform/errors.ts'

/**
 * Registration (登记, art. 22) of the data products developers build and of the public data
 * resources in operation, after the national 公共数据资源登记管理暂行办法: application,
 * acceptance, formal review, public notice with objections, then a registration code issued by
 * the registration agency (the city data bureau). Pure types, the state machine and the guards.
 */

/** What is registered: a data product (by its PRD- code) or a catalog resource in operation. */
export const SUBJECT_TYPES = ['product', 'resource'] as const
export type SubjectType = (typeof SUBJECT_TYPES)[number]

/** 首次登记, 变更登记, 更正登记, 注销登记. */
export const REGISTRATION_KINDS = ['first', 'change', 'correction', 'cancellation'] as const
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number]

/**
 * applied (申请) → accepted (受理, under formal review) or refused (不予受理); accepted → notice
 * (公示) or returned (退回补正) → accepted again on resubmission; notice → registered (登记, a
 * code issued) or stopped (an objection upheld). A registered first registration becomes
 * cancelled when a cancellation registration of its subject is registered.
 */
export const REGISTRATION_STATUSES = ['applied', 'accepted', 'refused', 'returned', 'notice', 'stopped', 'registered', 'cancelled'] as const
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]

// `stopped`: the registration ends without a code, an objection upheld in the notice or, at any
// step, its product destroyed with its workspace.
const transitions = {
  applied: ['accepted', 'refused', 'stopped'],
  accepted: ['notice', 'returned', 'stopped'],
  refused: [],
  returned: ['accepted', 'stopped'],
  notice: ['registered', 'stopped'],
  stopped: [],
  registered: ['cancelled'],
  cancelled: [],
} as const satisfies Record<RegistrationStatus, readonly RegistrationStatus[]>

/** The statuses of a registration still in progress: a subject has at most one. */
export const IN_PROGRESS_STATUSES = ['applied', 'accepted', 'returned', 'notice'] as const satisfies readonly RegistrationStatus[]

export function canTransition(from: RegistrationStatus, to: RegistrationStatus): boolean {
  return (transitions[from] as readonly RegistrationStatus[]).includes(to)
}

export function assertRegistrationTransition(id: string, from: RegistrationStatus, to: RegistrationStatus): void {
  if (!canTransition(from, to)) throw new ConflictError(`registration ${id} is ${from}: it cannot become ${to}`)
}

export function isInProgress(status: RegistrationStatus): boolean {
  return (IN_PROGRESS_STATUSES as readonly RegistrationStatus[]).includes(status)
}

export const ACCEPTANCE_DECISIONS = ['accept', 'refuse'] as const
export type AcceptanceDecision = (typeof ACCEPTANCE_DECISIONS)[number]
export const REVIEW_DECISIONS = ['approve', 'return'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]
export const OBJECTION_DECISIONS = ['uphold', 'dismiss'] as const
export type ObjectionDecision = (typeof OBJECTION_DECISIONS)[number]

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number]

/**
 * The public notice lasts this many days. The national measures ask for no less than 10
 * working days; we count calendar days (no holiday calendar here), which the bureau can extend
 * simply by issuing later.
 */
export const NOTICE_DAYS = 10

/** An attached document: its name and the hex hash (SM3 or SHA-256) of its content. */
export interface RegistrationDocument {
  readonly name: string
  readonly hash: string
}

/** One change or correction: the item, what was registered and what it becomes. */
export interface RegistrationChange {
  readonly item: string
  readonly before: string
  readonly after: string
}

/** The facts registered, snapshotted from the product or the catalog at application. */
export type RegisteredFacts = ProductFacts | ResourceFacts

export interface ProductFacts {
  readonly name: string
  readonly kind: string
  readonly scenario: string
  readonly dataGrade: string
  readonly sources: unknown
  readonly outputs: unknown
}

/**
 * The facts as the public reads them: a product's sources are the resources it draws on; the
 * runs, models and pool versions behind them are internal records, kept for the bureau.
 */
export function publicFacts(facts: RegisteredFacts): RegisteredFacts {
  if (!('sources' in facts)) return facts
  const sources = facts.sources as { resources?: readonly { resourceCode?: unknown; table?: unknown }[] } | null
  const resources = (sources?.resources ?? []).map((r) => ({ resourceCode: r.resourceCode, table: r.table }))
  return { ...facts, sources: { resources } }
}

export interface ResourceFacts {
  readonly name: string
  readonly level: string | null
  readonly grade: number | null
  readonly fields: readonly { readonly name: string; readonly title: string; readonly dataType: string; readonly level: string; readonly grade: number | null }[]
}

/** One step of a registration's handling: who did what when, and why. */
export interface RegistrationStep {
  readonly step: 'apply' | 'accept' | 'refuse' | 'approve' | 'return' | 'resubmit' | 'stop' | 'issue' | 'cancel'
  readonly by: string
  readonly at: string
  readonly note: string
}

// ---------------------------------------------------------------------------- guards

/** Change and correction say what changes; a first or cancellation registration does not. */
export function assertChangesFitKind(kind: RegistrationKind, changes: readonly RegistrationChange[] | undefined): void {
  const needs = kind === 'change' || kind === 'correction'
  if (needs && (!changes || changes.length === 0)) {
    throw new RuleViolation('art22.registration', `a ${kind} registration lists what changes: changes [{item, before, after}]`)
  }
  if (!needs && changes && changes.length > 0) {
    throw new RuleViolation('art22.registration', `a ${kind} registration registers no changes: apply for a change registration instead`)
  }
}

/**
 * A first registration needs a subject not registered yet; change, correction and cancellation
 * need its registered first registration.
 */
export function assertFirstRegistrationFits(kind: RegistrationKind, subject: string, registeredFirst: boolean): void {
  if (kind === 'first' && registeredFirst) {
    throw new ConflictError(`${subject} is registered already: apply for a change, correction or cancellation registration`)
  }
  if (kind !== 'first' && !registeredFirst) {
    throw new RuleViolation('art22.registration', `${subject} has no registration in force: a ${kind} registration needs its first registration registered`)
  }
}

/** A subject has at most one registration in progress. */
export function assertNoneInProgress(subject: string, inProgress: { id: string; status: string } | undefined): void {
  if (inProgress) throw new ConflictError(`${subject} has registration ${inProgress.id} in progress (${inProgress.status}): finish it first`)
}

/** Objections are filed while the notice runs: from its approval through noticeEndsOn. */
export function assertNoticeOpen(id: string, status: RegistrationStatus, noticeEndsOn: string | null, today: string): void {
  if (status !== 'notice') throw new ConflictError(`registration ${id} is ${status}, not in public notice: objections are filed during the notice`)
  if (noticeEndsOn !== null && today > noticeEndsOn) throw new ConflictError(`the public notice of registration ${id} ended on ${noticeEndsOn}`)
}

/** A code is issued after the notice ended with every objection resolved and none upheld. */
export function assertIssuable(
  id: string,
  status: RegistrationStatus,
  noticeEndsOn: string | null,
  today: string,
  objections: readonly { status: ObjectionStatus }[],
): void {
  if (status !== 'notice') throw new ConflictError(`registration ${id} is ${status}: a code is issued after its public notice`)
  if (noticeEndsOn === null || today <= noticeEndsOn) {
    throw new ConflictError(`the public notice of registration ${id} runs until ${noticeEndsOn} (${NOTICE_DAYS} days): issue its code after that`)
  }
  const open = objections.filter((o) => o.status === 'open').length
  if (open > 0) throw new ConflictError(`registration ${id} has ${open} unresolved objection(s): resolve each first`)
  if (objections.some((o) => o.status === 'upheld')) throw new ConflictError(`an objection to registration ${id} was upheld: it cannot be registered`)
}

// ---------------------------------------------------------------------------- codes and dates

/** Crockford's base32 alphabet: no I, L, O, U. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A registration code (登记证书编号): ZJK-, P or R, the year, 8 characters from the CSPRNG. */
export const REGISTRATION_CODE_PATTERN = /^ZJK-[PR]-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/

export function newRegistrationCode(subjectType: SubjectType, year: string): string {
  let tail = ''
  for (let i = 0; i < 8; i++) tail += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return `ZJK-${subjectType === 'product' ? 'P' : 'R'}-${year}-${tail}`
}

/** The day a notice approved on `today` (YYYY-MM-DD, China) ends: NOTICE_DAYS calendar days on. */
export function noticeEndsOn(today: string): string {
  const date = new Date(`${today}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + NOTICE_DAYS)
  return date.toISOString().slice(0, 10)
}
