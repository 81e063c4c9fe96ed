import { ConflictError, InputError } from '../../platform/errors.ts'
import type { PurposeType, ScenarioNeed } from '../authorizations/authorization.ts'

/**
 * Scenarios (应用场景, art. 5, 6, 13(3)) and the calls that select a developer for one
 * (art. 13(5)). Pure: types, state machines and the checks on scores.
 */

export const DEMAND_STATUSES = ['open', 'compiled', 'declined'] as const
export type DemandStatus = (typeof DEMAND_STATUSES)[number]

/** A scenario is one class of use: the operator compiles it, the office reviews it once (一类场景一审定). */
export const SCENARIO_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'rejected'] as const
export type ScenarioStatus = (typeof SCENARIO_STATUSES)[number]

const SCENARIO_TRANSITIONS: Record<ScenarioStatus, readonly ScenarioStatus[]> = {
  draft: ['submitted'],
  submitted: ['approved', 'rejected', 'returned'],
  returned: ['submitted'],
  approved: [],
  rejected: [],
}

export function assertScenarioTransition(from: ScenarioStatus, to: ScenarioStatus): void {
  if (!SCENARIO_TRANSITIONS[from].includes(to)) throw new ConflictError(`a ${from} scenario cannot become ${to}`)
}

export const SCENARIO_DECISIONS = ['approve', 'reject', 'return'] as const
export type ScenarioDecision = (typeof SCENARIO_DECISIONS)[number]

export const SCENARIO_CODE_PATTERN = /^SC-[A-Z0-9]{2,12}-\d{3,6}$/

export interface Scenario {
  readonly code: string
  readonly name: string
  readonly sector: string
  readonly description: string
  readonly purposeType: PurposeType
  /** The conditions of use: for public-interest use, what makes it free (art. 6). */
  readonly conditions: string
  readonly needs: readonly ScenarioNeed[]
  readonly status: ScenarioStatus
  readonly demandIds: readonly string[]
  readonly createdAt: string
  readonly submittedAt: string | null
  readonly reviewedAt: string | null
  readonly reviewComment: string | null
}

export interface ScenarioDemand {
  readonly id: string
  readonly orgId: string
  readonly title: string
  readonly description: string
  readonly purposeType: PurposeType
  readonly needs: readonly ScenarioNeed[]
  readonly status: DemandStatus
  readonly scenarioCode: string | null
  readonly submittedAt: string
}

// ---------------------------------------------------------------------------- calls

export const CALL_STATUSES = ['open', 'awarded', 'cancelled'] as const
export type CallStatus = (typeof CALL_STATUSES)[number]

export const APPLICATION_STATUSES = ['submitted', 'scored', 'awarded', 'not-awarded'] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

/** A published scoring criterion; the weights of a call add up to 100. */
export interface Criterion {
  readonly name: string
  readonly weight: number
  readonly description: string
}

export interface Score {
  readonly criterion: string
  /** 0 to the criterion's weight. */
  readonly score: number
  readonly reason: string
}

export function assertCriteria(criteria: readonly Criterion[]): void {
  const names = new Set(criteria.map((c) => c.name))
  if (names.size !== criteria.length) throw new InputError('criteria names must be distinct', [{ path: 'body.criteria', message: 'duplicate name' }])
  const total = criteria.reduce((sum, c) => sum + c.weight, 0)
  if (Math.abs(total - 100) > 1e-9) {
    throw new InputError(`the criteria's weights add up to ${total}, not 100`, [{ path: 'body.criteria', message: 'weights must total 100' }])
  }
}

/** Scores by the published criteria only, each one within its weight, each with a reason; returns the total. */
export function scoreTotal(criteria: readonly Criterion[], scores: readonly Score[]): number {
  const byName = new Map(criteria.map((c) => [c.name, c]))
  const seen = new Set<string>()
  for (const [i, s] of scores.entries()) {
    const criterion = byName.get(s.criterion)
    if (!criterion) throw new InputError(`${s.criterion} is not a published criterion of this call`, [{ path: `body.scores.${i}.criterion`, message: 'unknown criterion' }])
    if (seen.has(s.criterion)) throw new InputError(`${s.criterion} is scored twice`, [{ path: `body.scores.${i}.criterion`, message: 'duplicate' }])
    if (s.score > criterion.weight) {
      throw new InputError(`${s.criterion} is worth at most ${criterion.weight} points, not ${s.score}`, [{ path: `body.scores.${i}.score`, message: 'above the weight' }])
    }
    seen.add(s.criterion)
  }
  const missing = criteria.filter((c) => !seen.has(c.name)).map((c) => c.name)
  if (missing.length > 0) throw new InputError(`score every published criterion; missing: ${missing.join(', ')}`, [{ path: 'body.scores', message: 'incomplete' }])
  return Math.round(scores.reduce((sum, s) => sum + s.score, 0) * 100) / 100
}
