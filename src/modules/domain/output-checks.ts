/**
 * Statistical disclosure control (SDC) output checks, cell by cell, with ACRO's semantics
 * (AI-SDC/ACRO `sdcchecks.py`, `default.yaml`) and OpenSAFELY's rounding of published counts.
 * Pure: the gate gathers the evidence for each cell, this module only judges it.
 */

export interface SdcParams {
  readonly threshold: number
  readonly dominance: { readonly n: number; readonly k: number }
  readonly pRatio: number
  readonly zeros: boolean
}

/** ACRO's `default.yaml`: safe_threshold, safe_nk_n, safe_nk_k, safe_pratio_p, zeros_are_disclosive. */
export const ACRO_DEFAULTS: SdcParams = Object.freeze({
  threshold: 10,
  dominance: Object.freeze({ n: 2, k: 0.9 }),
  pRatio: 0.1,
  zeros: true,
})

export type StatisticFamily = 'frequency' | 'linear' | 'position' | 'other'

// ACRO's statbarns.json: Frequencies → low count + class disclosure; LinearAggregations →
// dominance + low count; Position → class disclosure + low count. Regressions, correlations,
// shape and tests are judged on degrees of freedom, which is not a cell check ('other').
const FAMILY_OF: Readonly<Record<string, StatisticFamily>> = {
  count: 'frequency',
  count_star: 'frequency',
  count_if: 'frequency',
  countif: 'frequency',
  approx_count_distinct: 'frequency',
  histogram: 'frequency',

  sum: 'linear',
  sum_no_overflow: 'linear',
  fsum: 'linear',
  sumkahan: 'linear',
  kahan_sum: 'linear',
  avg: 'linear',
  mean: 'linear',
  favg: 'linear',
  // A spread over a handful of people is as revealing as their sum, and ACRO's crosstab runs the
  // same threshold and dominance masks on `std` as on `sum`, so the spreads are judged as linear.
  stddev: 'linear',
  stddev_samp: 'linear',
  stddev_pop: 'linear',
  variance: 'linear',
  var_samp: 'linear',
  var_pop: 'linear',

  median: 'position',
  min: 'position',
  max: 'position',
  arg_min: 'position',
  arg_max: 'position',
  argmin: 'position',
  argmax: 'position',
  min_by: 'position',
  max_by: 'position',
  quantile: 'position',
  quantile_cont: 'position',
  quantile_disc: 'position',
  approx_quantile: 'position',
  mad: 'position',
  first: 'position',
  last: 'position',
  any_value: 'position',
  // ACRO lists the mode under class disclosure only; it also names one individual's value, so it
  // gets the position checks (low count as well), the stricter reading.
  mode: 'position',
}

/** Maps a DuckDB aggregate function name (count, count_star, sum, avg, mean, sum_no_overflow, fsum, median, min, max, quantile_cont, mode, stddev_samp, …) to its ACRO statistic family; unknown → 'other'. */
export function familyOf(functionName: string): StatisticFamily {
  const name = functionName.trim().toLowerCase()
  return Object.hasOwn(FAMILY_OF, name) ? (FAMILY_OF[name] ?? 'other') : 'other'
}

export interface CellEvidence {
  readonly family: StatisticFamily
  /** Contributors (rows or entities) behind the cell. */
  readonly count: number
  /**
   * For linear statistics: the largest contributions (at least the top n of the dominance rule,
   * and the top 2 the p-ratio needs), largest first.
   */
  readonly top?: readonly number[]
  /** For linear statistics: the sum of all contributions. */
  readonly total?: number
  /** For linear statistics: how many contributions are negative. */
  readonly negatives?: number
}

export type CheckName = 'threshold' | 'zeros' | 'nk-dominance' | 'p-ratio' | 'negative-values'

type Finding = {
  readonly check: CheckName
  readonly status: 'fail' | 'review'
  readonly detail: string
}

export interface CellVerdict {
  readonly status: 'pass' | 'fail' | 'review'
  readonly findings: readonly Finding[]
}

/**
 * Judges one cell. Linear cells need `top`, `total` and `negatives`; when any is missing the
 * dominance checks answer 'review' rather than pass, so a gate that forgot the evidence cannot
 * release a dominated cell. Evidence that is present but malformed (NaN, a fractional count)
 * throws: NaN compares false against every limit and would otherwise pass silently.
 */
export function checkCell(evidence: CellEvidence, params: SdcParams): CellVerdict {
  assertEvidenceWellFormed(evidence)
  const { family, count } = evidence
  const findings: Finding[] = []

  if (family !== 'other' && count < params.threshold)
    findings.push({
      check: 'threshold',
      status: 'fail',
      detail: `${plural(count, 'contributor')}, fewer than the threshold of ${params.threshold}`,
    })

  // An empty cell is class disclosure: it tells everyone in the margins what they are not.
  if ((family === 'frequency' || family === 'position') && params.zeros && count === 0)
    findings.push({
      check: 'zeros',
      status: 'fail',
      detail: 'an empty cell discloses that no one has this combination',
    })

  if (family === 'linear') findings.push(...dominanceFindings(evidence, params))

  return { status: worst(findings.map((f) => f.status)), findings }
}

function dominanceFindings(evidence: CellEvidence, params: SdcParams): Finding[] {
  const { top, total, negatives, count } = evidence
  const { n, k } = params.dominance
  // NK needs the top n, the p-ratio the top 2 (fewer only when the cell has fewer contributors).
  const needed = Math.min(Math.max(n, 2), count)
  if (top === undefined || total === undefined || negatives === undefined || top.length < needed)
    return bothDominance(
      'dominance cannot be checked without the largest contributions, the total and the negatives',
    )

  // ACRO: with a negative value the shares no longer bound anyone's contribution.
  if (negatives > 0)
    return [
      {
        check: 'negative-values',
        status: 'review',
        detail: `${plural(negatives, 'contribution')} ${negatives === 1 ? 'is' : 'are'} negative`,
      },
      ...bothDominance('dominance is not defined with negative values'),
    ]

  // The gate may hand the values in any order; a wrong order would understate the top n.
  const sorted = [...top].sort((a, b) => b - a)
  const findings: Finding[] = []

  // total ≤ 0 with nothing negative means every contribution is zero: nobody dominates.
  const topN = sorted.slice(0, n).reduce((s, v) => s + v, 0)
  const nkShare = total > 0 ? topN / total : undefined
  if (nkShare !== undefined && nkShare >= k)
    findings.push({
      check: 'nk-dominance',
      status: 'fail',
      detail: `the ${n} largest ${n === 1 ? 'contribution makes' : 'contributions make'} ${percent(nkShare)} of the total (limit ${percent(k)})`,
    })

  // p-ratio: how well the second largest contributor can estimate the largest one from the total.
  const top1 = sorted[0] ?? 0
  const top2 = sorted[1] ?? 0
  const pShare = top1 === 0 ? 1 : (total - top1 - top2) / top1
  if (pShare < params.pRatio)
    findings.push({
      check: 'p-ratio',
      status: 'fail',
      detail:
        `the contributions besides the 2 largest make ${percent(pShare)} of the largest ` +
        `(at least ${percent(params.pRatio)} required)`,
    })

  return findings
}

function bothDominance(detail: string): Finding[] {
  return [
    { check: 'nk-dominance', status: 'review', detail },
    { check: 'p-ratio', status: 'review', detail },
  ]
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function assertEvidenceWellFormed(e: CellEvidence): void {
  if (!Number.isInteger(e.count) || e.count < 0)
    throw new RangeError(`a cell's count must be a non-negative integer, got ${e.count}`)
  if (e.negatives !== undefined && (!Number.isInteger(e.negatives) || e.negatives < 0))
    throw new RangeError(`a cell's negatives must be a non-negative integer, got ${e.negatives}`)
  if (e.total !== undefined && !Number.isFinite(e.total))
    throw new RangeError(`a cell's total must be finite, got ${e.total}`)
  if (e.top !== undefined && !e.top.every(Number.isFinite))
    throw new RangeError(`a cell's largest contributions must be finite, got ${e.top.join(', ')}`)
  // Claiming no negatives next to a negative figure is a gate bug; trusting it would run the
  // dominance rules where they mean nothing.
  if (e.negatives === 0 && ((e.total ?? 0) < 0 || (e.top ?? []).some((v) => v < 0)))
    throw new RangeError('a cell claims no negative contributions but its figures include one')
}

function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))}%`
}

const SEVERITY = { pass: 0, review: 1, fail: 2 } as const

function worst(statuses: readonly ('pass' | 'fail' | 'review')[]): 'pass' | 'fail' | 'review' {
  return statuses.reduce<'pass' | 'fail' | 'review'>(
    (acc, s) => (SEVERITY[s] > SEVERITY[acc] ? s : acc),
    'pass',
  )
}

/** OpenSAFELY's rule: non-negative integers only; ≤7 → 0, then round to the nearest 5 (for the platform's optional rounding of published counts). */
export function openSafelyRound(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`OpenSAFELY rounding takes a non-negative integer count, got ${value}`)
  if (value <= 7) return 0
  // An integer over 5 never ends in .5, so Python's half-to-even and Math.round agree.
  return 5 * Math.round(value / 5)
}

/** Overall status of many verdicts: fail > review > pass. */
export function overallStatus(verdicts: readonly CellVerdict[]): 'pass' | 'fail' | 'review' {
  return worst(verdicts.map((v) => v.status))
}
