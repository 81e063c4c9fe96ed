/**
 * Periodic evaluation (评估, art. 33) of the operator and the developers on published criteria,
 * computed from the platform's records for a year; the result is the recorded basis of renewal,
 * termination or revocation. Pure: the criteria and the arithmetic.
 */

export interface EvaluationEvidence {
  /** Incidents the organization reported or that concern its workspaces, by severity. */
  readonly incidents: { readonly severe: number; readonly other: number }
  /** Queries in its workspaces: answered and refused by the gate. */
  readonly queries: { readonly answered: number; readonly refused: number }
  /** Suspensions of its authorizations and the rectifications still overdue. */
  readonly suspensions: number
  readonly overdueRectifications: number
  /** Listed products, and how many of them carry a registration code. */
  readonly listedProducts: number
  readonly registeredProducts: number
  readonly emergencyPlan: boolean
}

export interface CriterionScore {
  readonly criterion: string
  readonly weight: number
  readonly score: number
  readonly basis: string
}

export const EVALUATION_CRITERIA = [
  { criterion: 'incidents', weight: 30, rule: '30, less 10 for each major or worse incident and 3 for each other one' },
  { criterion: 'query-conduct', weight: 20, rule: '20 × the share of its queries the gate answered (refusals show probing or carelessness)' },
  { criterion: 'rectification', weight: 20, rule: '20, less 10 for each suspension and 5 more for each rectification overdue' },
  { criterion: 'disclosure-and-registration', weight: 15, rule: '15 × the share of its listed products that are registered (full marks with none listed)' },
  { criterion: 'emergency-plan', weight: 15, rule: '15 with an emergency plan on file, else 0' },
] as const

export const RATINGS = [
  { rating: 'excellent', min: 90 },
  { rating: 'good', min: 75 },
  { rating: 'fair', min: 60 },
  { rating: 'poor', min: 0 },
] as const
export type Rating = (typeof RATINGS)[number]['rating']

const clamp = (value: number, max: number) => Math.max(0, Math.min(max, Math.round(value * 10) / 10))

export function scoreEvaluation(e: EvaluationEvidence): { scores: CriterionScore[]; total: number; rating: Rating } {
  const queries = e.queries.answered + e.queries.refused
  const scores: CriterionScore[] = [
    { criterion: 'incidents', weight: 30, score: clamp(30 - 10 * e.incidents.severe - 3 * e.incidents.other, 30), basis: `${e.incidents.severe} major or worse, ${e.incidents.other} other` },
    { criterion: 'query-conduct', weight: 20, score: clamp(queries === 0 ? 20 : (20 * e.queries.answered) / queries, 20), basis: `${e.queries.answered} answered, ${e.queries.refused} refused` },
    { criterion: 'rectification', weight: 20, score: clamp(20 - 10 * e.suspensions - 5 * e.overdueRectifications, 20), basis: `${e.suspensions} suspensions, ${e.overdueRectifications} rectifications overdue` },
    {
      criterion: 'disclosure-and-registration',
      weight: 15,
      score: clamp(e.listedProducts === 0 ? 15 : (15 * e.registeredProducts) / e.listedProducts, 15),
      basis: `${e.registeredProducts} of ${e.listedProducts} listed products registered`,
    },
    { criterion: 'emergency-plan', weight: 15, score: e.emergencyPlan ? 15 : 0, basis: e.emergencyPlan ? 'on file' : 'none on file' },
  ]
  const total = Math.round(scores.reduce((sum, s) => sum + s.score, 0) * 10) / 10
  return { scores, total, rating: RATINGS.find((r) => total >= r.min)!.rating }
}
