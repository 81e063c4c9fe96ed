/**
 * Whether a trained model may leave the secure domain. Article 21 forbids releasing a model from
 * which the raw data could be recovered; the checks follow SACRO-ML's structural and
 * membership-inference attacks with ACRO's thresholds (privacy-controls.md §5): residual degrees
 * of freedom, bin sizes, no stored instances, k-anonymity of the released outputs, and a
 * loss-threshold membership-inference attack.
 */
import { InputError } from '../../platform/errors.ts'
import {
  auc,
  logLossOf,
  rawScore,
  scoreModel,
  seededRandom,
  shuffledIndices,
  trainingOptionsOf,
  trainingRowsOf,
  trainModel,
  type DataRow,
  type ModelKind,
  type TrainedModel,
} from './model.ts'

export const RELEASE_RULE = 'art21.raw-data-stays-in-domain'

export const RELEASE_CHECKS = [
  'residual-dof',
  'bin-size',
  'instance-based',
  'k-anonymity-of-predictions',
  'membership-inference',
] as const
export type ReleaseCheck = (typeof RELEASE_CHECKS)[number]

/** ACRO's `safe_threshold` and `safe_dof_threshold`, SACRO-ML's attack report thresholds. */
export const RELEASE_THRESHOLDS = {
  minResidualDof: 10,
  minBinSize: 10,
  minGroupSize: 10,
  pValue: 0.05,
  maxSignificantShare: 0.1,
  maxSignificantAuc: 0.65,
} as const

export interface ReleaseFinding {
  readonly check: ReleaseCheck
  readonly status: 'pass' | 'fail'
  readonly detail: string
}

export interface ReleaseAssessment {
  readonly rule: typeof RELEASE_RULE
  readonly releasable: boolean
  readonly findings: readonly ReleaseFinding[]
}

export interface ReleaseOptions {
  /** Seeds the attack's member/non-member splits. Default: the model's split seed. */
  readonly seed?: number
  /** Membership-inference repetitions. Default 10. */
  readonly repetitions?: number
}

/** Kinds whose parameters include training rows (kNN, a raw SVC, a GP): never releasable. */
const INSTANCE_BASED_KINDS: readonly string[] = ['knn', 'svc', 'gaussian-process']

export interface MembershipRepetition {
  readonly auc: number
  readonly pValue: number
}

export interface MembershipVerdict {
  readonly flagged: boolean
  readonly meanAuc: number
  /** Null when no repetition is significant. */
  readonly meanSignificantAuc: number | null
  readonly shareSignificant: number
}

/** Standard normal upper tail, 1 − Φ(z), through erfc (Numerical Recipes, |error| < 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.5 * x)
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return z >= 0 ? erfc / 2 : 1 - erfc / 2
}

/**
 * AUC of `scores` separating label 1 from label 0, and the one-sided Mann–Whitney p-value of
 * "label 1 scores higher" (normal approximation, tie-corrected variance, continuity correction).
 */
export function mannWhitney(scores: ArrayLike<number>, labels: ArrayLike<number>): MembershipRepetition {
  const a = auc(scores, labels)
  if (a === null) throw new InputError('the Mann–Whitney test needs both groups')
  let n1 = 0
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) n1++
  const n = scores.length
  const n0 = n - n1
  const sorted = Array.from(scores).sort((x, y) => x - y)
  let ties = 0
  for (let start = 0; start < n; ) {
    let end = start
    while (end + 1 < n && sorted[end + 1] === sorted[start]) end++
    const t = end - start + 1
    ties += t ** 3 - t
    start = end + 1
  }
  const variance = ((n1 * n0) / 12) * (n + 1 - ties / (n * (n - 1)))
  if (!(variance > 0)) return { auc: a, pValue: 1 }
  const u = a * n1 * n0
  const z = (u - (n1 * n0) / 2 - 0.5) / Math.sqrt(variance)
  return { auc: a, pValue: normalUpperTail(z) }
}

/**
 * SACRO-ML's attack report rule (vector 5.5): flagged when more than 10% of the repetitions are
 * significant at p < 0.05, or when the significant ones have a mean AUC above 0.65.
 */
export function judgeMembershipInference(repetitions: readonly MembershipRepetition[]): MembershipVerdict {
  if (repetitions.length === 0) throw new InputError('no membership-inference repetitions to judge')
  const significant = repetitions.filter((r) => r.pValue < RELEASE_THRESHOLDS.pValue)
  const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
  const shareSignificant = significant.length / repetitions.length
  const meanSignificantAuc = significant.length > 0 ? mean(significant.map((r) => r.auc)) : null
  return {
    flagged:
      shareSignificant > RELEASE_THRESHOLDS.maxSignificantShare ||
      (meanSignificantAuc !== null && meanSignificantAuc > RELEASE_THRESHOLDS.maxSignificantAuc),
    meanAuc: mean(repetitions.map((r) => r.auc)),
    meanSignificantAuc,
    shareSignificant,
  }
}

function pass(check: ReleaseCheck, detail: string): ReleaseFinding {
  return { check, status: 'pass', detail }
}

function fail(check: ReleaseCheck, detail: string): ReleaseFinding {
  return { check, status: 'fail', detail }
}

/** Residual degrees of freedom: trainRows − parameters must be ≥ 10 (ACRO's `<` test fails). */
export function checkResidualDof(model: TrainedModel): ReleaseFinding {
  const dof = model.trainedOn.trainRows - model.parameters
  const need = RELEASE_THRESHOLDS.minResidualDof
  const figures = `${model.trainedOn.trainRows} training rows − ${model.parameters} parameters = ${dof} residual degrees of freedom`
  if (dof >= need) return pass('residual-dof', `${figures} (≥ ${need})`)
  return fail(
    'residual-dof',
    `${figures}, fewer than ${need}: train on at least ${need - dof} more rows, or use fewer features` +
      (model.kind === 'scorecard' ? ' or fewer bins' : ''),
  )
}

/** Every scorecard bin holds at least 10 training rows (ACRO's threshold). */
export function checkBinSize(model: TrainedModel): ReleaseFinding {
  if (model.kind !== 'scorecard') return pass('bin-size', `a ${model.kind} model has no bins`)
  const need = RELEASE_THRESHOLDS.minBinSize
  const small = model.scorecard.bins.flatMap((f) =>
    f.bins.filter((b) => b.count < need).map((b) => `${f.feature} ${b.label} (${b.count})`),
  )
  const bins = model.scorecard.bins.reduce((s, f) => s + f.bins.length, 0)
  if (small.length === 0) return pass('bin-size', `all ${bins} bins hold at least ${need} training rows`)
  return fail(
    'bin-size',
    `${small.length} of ${bins} bins hold fewer than ${need} training rows: ${small.join('; ')}; ` +
      `use coarser bins (minBinSize ${need} or more, fewer bins) or more rows`,
  )
}

/** The kind must not store training rows among its parameters. */
export function checkInstanceBased(kind: ModelKind | string): ReleaseFinding {
  if (INSTANCE_BASED_KINDS.includes(kind))
    return fail('instance-based', `a ${kind} model stores training rows in its parameters: it never leaves the domain; use a parametric model`)
  return pass('instance-based', `a ${kind} model holds fitted parameters only, no training rows`)
}

function outputName(model: TrainedModel): string {
  return model.kind === 'scorecard' ? 'score' : model.kind === 'logistic' ? 'probability' : 'prediction'
}

/**
 * Training rows grouped by their released output (score, probability or prediction, rounded and
 * top/bottom-coded as scoreModel releases it): a group of 1 to 9 rows is a risk.
 */
export function checkPredictionAnonymity(model: TrainedModel, trainRows: readonly DataRow[]): ReleaseFinding {
  const groups = new Map<number, number>()
  for (const row of trainRows) {
    const released = scoreModel(model, row)
    const value = model.kind === 'scorecard' ? released.score! : model.kind === 'logistic' ? released.probability! : released.prediction!
    groups.set(value, (groups.get(value) ?? 0) + 1)
  }
  const need = RELEASE_THRESHOLDS.minGroupSize
  const small = [...groups.values()].filter((c) => c > 0 && c < need)
  const what = `${groups.size} distinct released ${outputName(model)} values (step ${model.output.step}, range ${model.output.min}–${model.output.max}) over ${trainRows.length} training rows`
  if (small.length === 0) return pass('k-anonymity-of-predictions', `${what}; each is shared by at least ${need} rows`)
  return fail(
    'k-anonymity-of-predictions',
    `${what}; ${small.length} of them are shared by fewer than ${need} rows (smallest ${Math.min(...small)}): ` +
      `release a coarser ${outputName(model)} (a larger outputStep), use fewer features or coarser bins, or train on more rows`,
  )
}

function lossOf(model: TrainedModel, row: DataRow): number {
  const raw = rawScore(model, row)
  const y = row[model.target] as number
  return model.kind === 'linear' ? (raw.value - y) ** 2 : logLossOf(raw.probability!, y)
}

/**
 * Loss-threshold membership inference, SACRO-ML style: in each repetition the usable rows are
 * split in half by the seeded PRNG, the same kind is retrained with the same options on one half
 * (the members), and −loss is scored as an attack separating members from the other half.
 */
export function membershipInference(
  model: TrainedModel,
  usable: readonly DataRow[],
  seed: number,
  repetitions: number,
): MembershipRepetition[] {
  const random = seededRandom(seed)
  const options = trainingOptionsOf(model)
  const results: MembershipRepetition[] = []
  for (let r = 0; r < repetitions; r++) {
    const order = shuffledIndices(usable.length, random)
    const half = Math.floor(usable.length / 2)
    const members = order.slice(0, half).map((i) => usable[i]!)
    const others = order.slice(half, 2 * half).map((i) => usable[i]!)
    const shadow = trainModel(model.kind, { rows: members, target: model.target, features: model.features, options }, { seed: seed + r + 1, testShare: 0 })
    const attack = [...members, ...others].map((row) => -lossOf(shadow, row))
    const labels = [...members.map(() => 1), ...others.map(() => 0)]
    results.push(mannWhitney(attack, labels))
  }
  return results
}

function checkMembershipInference(model: TrainedModel, usable: readonly DataRow[], seed: number, repetitions: number): ReleaseFinding {
  let runs: MembershipRepetition[]
  try {
    runs = membershipInference(model, usable, seed, repetitions)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return fail(
      'membership-inference',
      `the attack could not retrain the model on half of the ${usable.length} rows (${error.message}): ` +
        'a model that cannot be refit on half its data is too large for it; train on more rows or use fewer features',
    )
  }
  const verdict = judgeMembershipInference(runs)
  const figures =
    `${runs.length} repetitions, mean attack AUC ${verdict.meanAuc.toFixed(3)}, ` +
    `${(verdict.shareSignificant * 100).toFixed(0)}% significant at p < ${RELEASE_THRESHOLDS.pValue}` +
    (verdict.meanSignificantAuc !== null ? ` (their mean AUC ${verdict.meanSignificantAuc.toFixed(3)})` : '')
  if (!verdict.flagged) return pass('membership-inference', figures)
  return fail(
    'membership-inference',
    `${figures}: the model tells its training rows from others (more than ${RELEASE_THRESHOLDS.maxSignificantShare * 100}% significant, ` +
      `or a significant mean AUC above ${RELEASE_THRESHOLDS.maxSignificantAuc}); train on more rows, use fewer features or coarser bins, or a stronger l2`,
  )
}

/**
 * Assesses whether `model` may leave the domain (art. 21). `rows` are the rows it was trained
 * on, as given to trainModel (test rows included: the seeded split is replayed). Releasable only
 * when every check passes.
 */
export function assessRelease(model: TrainedModel, rows: readonly DataRow[], options: ReleaseOptions = {}): ReleaseAssessment {
  const repetitions = options.repetitions ?? 10
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 100)
    throw new InputError('repetitions must be an integer from 1 to 100')
  const { usable, train } = trainingRowsOf(model, rows)
  if (train.length === 0) throw new InputError('no usable training rows to assess the model on')
  const findings = [
    checkResidualDof(model),
    checkBinSize(model),
    checkInstanceBased(model.kind),
    checkPredictionAnonymity(model, train),
    checkMembershipInference(model, usable, options.seed ?? model.split.seed, repetitions),
  ]
  return { rule: RELEASE_RULE, releasable: findings.every((f) => f.status === 'pass'), findings }
}
