/**
 * Modeling inside the secure domain (算法建模): linear regression, logistic regression and the
 * credit scorecard, trained on rows the caller read inside the domain. Pure: no I/O, no clock,
 * no Math.random. A trained model is a JSON object holding parameters only, never a training
 * row; whether it may leave the domain is decided by model-release.ts (art. 21).
 */
import { InputError } from '../../platform/errors.ts'

export const MODEL_KINDS = ['linear', 'logistic', 'scorecard'] as const
export type ModelKind = (typeof MODEL_KINDS)[number]

export type Cell = number | string | null
export type DataRow = Readonly<Record<string, Cell | undefined>>

export interface Grade {
  readonly grade: string
  /** The lowest score of the grade; null for the last grade (no lower bound). */
  readonly minScore: number | null
}

export interface ModelOptions {
  /** L2 penalty on the standardized coefficients (logistic, scorecard). Default 1e-3. */
  readonly l2?: number
  /** Newton iterations at most (logistic, scorecard). Default 50. */
  readonly maxIterations?: number
  /** Convergence: largest coefficient step, standardized units. Default 1e-8. */
  readonly tolerance?: number
  /** Equal-frequency bins per numeric feature (scorecard). Default 5. */
  readonly bins?: number
  /** Fewest rows a bin or a category may hold (scorecard). Default 10, the ACRO threshold. */
  readonly minBinSize?: number
  /** Merge adjacent numeric bins until their WoE is monotonic (scorecard). Default true. */
  readonly monotonic?: boolean
  /** Score at `odds` (scorecard). Default 600. */
  readonly basePoints?: number
  /** Good:bad odds at `basePoints` (scorecard). Default 50. */
  readonly odds?: number
  /** Points to double the odds (scorecard). Default 20. */
  readonly pdo?: number
  /** Grade bands, best first, minScore decreasing, the last one null. Default: training quintiles. */
  readonly grades?: readonly Grade[]
  /**
   * The precision the output is released at: scorecard points (default 10, half the default PDO), logistic probability
   * (default 0.01), linear prediction (default a power of ten near a twentieth of its range).
   */
  readonly outputStep?: number
}

export type ResolvedModelOptions = Required<Omit<ModelOptions, 'grades' | 'outputStep'>> & {
  readonly grades: readonly Grade[] | null
  readonly outputStep: number | null
}

/**
 * How the headline output (score, probability, prediction) is released: rounded to `step`, then
 * top- and bottom-coded to the training rows' 1st and 99th percentiles, so that no released value
 * sets a few training rows apart (the k-anonymity check of model-release.ts groups rows by it).
 */
export interface OutputBand {
  readonly step: number
  readonly min: number
  readonly max: number
}

export interface TrainingInput {
  readonly rows: readonly DataRow[]
  readonly target: string
  readonly features: readonly string[]
  readonly options?: ModelOptions
}

export interface TrainOptions {
  /** Seeds the train/test split (and nothing else). */
  readonly seed: number
  /** Share of the usable rows held out for test metrics, 0 to 0.5. Default 0.2. */
  readonly testShare?: number
}

export interface Estimate {
  readonly estimate: number
  readonly standardError: number | null
}

export interface Coefficient extends Estimate {
  readonly feature: string
}

export interface RegressionMetrics {
  readonly r2: number | null
  readonly rmse: number
}

export interface ClassificationMetrics {
  readonly auc: number | null
  readonly ks: number | null
  readonly accuracy: number
  readonly logLoss: number
}

export interface ScoreQuantiles {
  readonly p5: number
  readonly p25: number
  readonly p50: number
  readonly p75: number
  readonly p95: number
}

export interface ScorecardBin {
  readonly label: string
  /** Numeric bins hold lower ≤ x < upper; an absent bound is unbounded. */
  readonly lower?: number
  readonly upper?: number
  readonly categories?: readonly string[]
  /** Nulls fall into this bin. */
  readonly missing?: true
  /** Categories not listed in any bin (rare in training, or unseen) fall into this bin. */
  readonly other?: true
  readonly count: number
  readonly events: number
  readonly woe: number
  readonly points: number
}

export interface FeatureBins {
  readonly feature: string
  readonly type: 'numeric' | 'categorical'
  readonly bins: readonly ScorecardBin[]
}

export interface Scorecard {
  readonly bins: readonly FeatureBins[]
  readonly basePoints: number
  readonly pdo: number
  readonly odds: number
  /** score = offset + factor·ln(good:bad odds) = offset + Σ points. */
  readonly offset: number
  readonly factor: number
  readonly grades: readonly Grade[]
}

interface ModelBase {
  readonly target: string
  readonly features: readonly string[]
  /** Estimated numbers, the count the residual-DoF check uses. */
  readonly parameters: number
  readonly trainedOn: {
    readonly rows: number
    readonly dropped: number
    readonly trainRows: number
    readonly testRows: number
  }
  /** What reproduces the split and a retraining (model-release.ts retrains on halves). */
  readonly split: { readonly seed: number; readonly testShare: number }
  readonly options: ResolvedModelOptions
  readonly output: OutputBand
}

export interface LinearModel extends ModelBase {
  readonly kind: 'linear'
  readonly intercept: Estimate
  readonly coefficients: readonly Coefficient[]
  readonly metrics: {
    readonly train: RegressionMetrics & { readonly adjustedR2: number | null }
    readonly test: RegressionMetrics | null
  }
}

export interface LogisticFit {
  readonly iterations: number
  readonly converged: boolean
}

export interface LogisticModel extends ModelBase {
  readonly kind: 'logistic'
  readonly intercept: Estimate
  readonly coefficients: readonly Coefficient[]
  readonly fit: LogisticFit
  readonly metrics: {
    readonly train: ClassificationMetrics
    readonly test: ClassificationMetrics | null
  }
}

export interface ScorecardModel extends ModelBase {
  readonly kind: 'scorecard'
  /** The logistic regression on the WoE values: ln(bad:good odds) = intercept + Σ β·WoE. */
  readonly intercept: Estimate
  readonly coefficients: readonly Coefficient[]
  readonly fit: LogisticFit
  readonly scorecard: Scorecard
  readonly metrics: {
    readonly train: ClassificationMetrics
    readonly test: ClassificationMetrics | null
    /** Training scores, quantiles only: a minimum or maximum would be one row's score. */
    readonly scores: ScoreQuantiles
  }
}

export type TrainedModel = LinearModel | LogisticModel | ScorecardModel

export interface ModelScore {
  readonly score?: number
  readonly grade?: string
  readonly probability?: number
  readonly prediction?: number
}

const DEFAULTS: ResolvedModelOptions = {
  l2: 1e-3,
  maxIterations: 50,
  tolerance: 1e-8,
  bins: 5,
  minBinSize: 10,
  monotonic: true,
  basePoints: 600,
  odds: 50,
  pdo: 20,
  grades: null,
  outputStep: null,
}

const GRADE_NAMES = ['A', 'B', 'C', 'D', 'E'] as const

// ---------------------------------------------------------------------------------------------
// Seeded randomness. The split and the attack repetitions only need to be reproducible; they
// protect nothing, so a small seeded PRNG (xoshiro128**, seeded through splitmix32) is right and a
// CSPRNG would only make runs unrepeatable.

/** A deterministic generator of numbers in [0, 1) for a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) >>> 0
    let z = x
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0
    const t = (b << 9) >>> 0
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    d = rotl(d, 11)
    return result / 4294967296
  }
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0
}

/** A seeded Fisher–Yates permutation of 0..n−1. */
export function shuffledIndices(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = order[i]!
    order[i] = order[j]!
    order[j] = t
  }
  return order
}

// ---------------------------------------------------------------------------------------------
// Metrics

/** Exact ROC AUC (Mann–Whitney with mid-ranks for ties); null when a class is absent. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i]! - scores[j]!)
  let positives = 0
  let rankSum = 0
  for (let start = 0; start < n; ) {
    let end = start
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++
    const midRank = (start + end) / 2 + 1
    for (let k = start; k <= end; k++) {
      if (labels[order[k]!] === 1) {
        positives++
        rankSum += midRank
      }
    }
    start = end + 1
  }
  const negatives = n - positives
  if (positives === 0 || negatives === 0) return null
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/** Kolmogorov–Smirnov statistic: the largest gap between the classes' score CDFs, ties kept together. */
export function ks(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length
  let positives = 0
  for (let i = 0; i < n; i++) if (labels[i] === 1) positives++
  const negatives = n - positives
  if (positives === 0 || negatives === 0) return null
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i]! - scores[j]!)
  let best = 0
  let cumPositive = 0
  let cumNegative = 0
  for (let start = 0; start < n; ) {
    let end = start
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++
    for (let k = start; k <= end; k++) {
      if (labels[order[k]!] === 1) cumPositive++
      else cumNegative++
    }
    best = Math.max(best, Math.abs(cumPositive / positives - cumNegative / negatives))
    start = end + 1
  }
  return best
}

const EPS = 1e-15

/** Per-row log loss of a probability for a 0/1 label, clipped away from 0 and 1. */
export function logLossOf(probability: number, label: number): number {
  const p = Math.min(1 - EPS, Math.max(EPS, probability))
  return label === 1 ? -Math.log(p) : -Math.log(1 - p)
}

function classificationMetrics(probabilities: Float64Array, labels: Float64Array): ClassificationMetrics {
  let correct = 0
  let loss = 0
  for (let i = 0; i < labels.length; i++) {
    if ((probabilities[i]! >= 0.5 ? 1 : 0) === labels[i]) correct++
    loss += logLossOf(probabilities[i]!, labels[i]!)
  }
  return {
    auc: auc(probabilities, labels),
    ks: ks(probabilities, labels),
    accuracy: correct / labels.length,
    logLoss: loss / labels.length,
  }
}

function regressionMetrics(predictions: Float64Array, targets: Float64Array): RegressionMetrics {
  const n = targets.length
  const mean = sum(targets) / n
  let sse = 0
  let sst = 0
  for (let i = 0; i < n; i++) {
    sse += (targets[i]! - predictions[i]!) ** 2
    sst += (targets[i]! - mean) ** 2
  }
  return { r2: sst > 0 ? 1 - sse / sst : null, rmse: Math.sqrt(sse / n) }
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

function sum(values: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < values.length; i++) s += values[i]!
  return s
}

// ---------------------------------------------------------------------------------------------
// Linear algebra on small symmetric systems (p ≤ a few dozen): row-major Float64Array p×p.

/** Cholesky factor L (lower) of a symmetric positive-definite matrix; null if it is not. */
function cholesky(a: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p)
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!
    for (let k = 0; k < j; k++) d -= l[j * p + k]! ** 2
    if (!(d > 1e-10 * Math.max(1, Math.abs(a[j * p + j]!)))) return null
    const ljj = Math.sqrt(d)
    l[j * p + j] = ljj
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j]!
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!
      l[i * p + j] = s / ljj
    }
  }
  return l
}

function choleskySolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const y = new Float64Array(p)
  for (let i = 0; i < p; i++) {
    let s = b[i]!
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!
    y[i] = s / l[i * p + i]!
  }
  const x = new Float64Array(p)
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!
    x[i] = s / l[i * p + i]!
  }
  return x
}

function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p)
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p)
    e[j] = 1
    const col = choleskySolve(l, p, e)
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i]!
  }
  return inv
}

// ---------------------------------------------------------------------------------------------
// Input preparation

interface Split {
  readonly train: readonly number[]
  readonly test: readonly number[]
}

function resolveOptions(options: ModelOptions | undefined): ResolvedModelOptions {
  const o = { ...DEFAULTS, ...stripUndefined(options ?? {}) }
  const issue = (path: string, message: string): never => {
    throw new InputError(`option ${path}: ${message}`, [{ path: `options.${path}`, message }])
  }
  if (!(o.l2 >= 0) || !Number.isFinite(o.l2)) issue('l2', 'must be a finite number ≥ 0')
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 1 || o.maxIterations > 50)
    issue('maxIterations', 'must be an integer from 1 to 50')
  if (!(o.tolerance > 0)) issue('tolerance', 'must be > 0')
  if (!Number.isInteger(o.bins) || o.bins < 2 || o.bins > 50) issue('bins', 'must be an integer from 2 to 50')
  if (!Number.isInteger(o.minBinSize) || o.minBinSize < 1) issue('minBinSize', 'must be an integer ≥ 1')
  // Bounded so that every score stays a finite number: 1e308 base points would overflow to none.
  if (!(o.odds > 0 && o.odds <= 1e6) || !(o.pdo > 0 && o.pdo <= 1e4) || !(Math.abs(o.basePoints) <= 1e6))
    issue('odds', 'basePoints must lie within ±1,000,000, odds in (0, 1,000,000] and pdo in (0, 10,000]')
  if (o.grades !== null) validateGrades(o.grades)
  if (o.outputStep !== null && !(o.outputStep > 0 && Number.isFinite(o.outputStep))) issue('outputStep', 'must be a finite number > 0')
  return o
}

function stripUndefined(o: ModelOptions): ModelOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as ModelOptions
}

function validateGrades(grades: readonly Grade[]): void {
  const bad = (message: string): never => {
    throw new InputError(`option grades: ${message}`, [{ path: 'options.grades', message }])
  }
  if (!Array.isArray(grades)) bad('a list of {grade, minScore}, best first')
  if (grades.length < 2) bad('needs at least two grades')
  grades.forEach((g, i) => {
    const last = i === grades.length - 1
    if (typeof g !== 'object' || g === null || typeof g.grade !== 'string' || g.grade === '') bad(`grade ${i} has no name`)
    if (g.minScore !== null && !Number.isFinite(g.minScore)) bad(`grade ${i}: minScore is a finite number, or null for the last grade`)
    if (last !== (g.minScore === null)) bad('only the last grade has minScore null')
    if (i > 0 && !last && !(g.minScore! < grades[i - 1]!.minScore!)) bad('minScore must decrease')
  })
}

function splitRows(n: number, seed: number, testShare: number): Split {
  const order = shuffledIndices(n, seededRandom(seed))
  const testRows = Math.round(n * testShare)
  // Sorted so a model sees its rows in input order whatever the seed; only membership is random.
  return {
    test: order.slice(0, testRows).sort((a, b) => a - b),
    train: order.slice(testRows).sort((a, b) => a - b),
  }
}

/**
 * What kind of value a cell holds, never the value: the rows come from the domain, and a message
 * quoting one (an enterprise's name, its USCC) would carry it out to whoever reads the error.
 */
function describeCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return 'no value'
  if (typeof v === 'number') return Number.isFinite(v) ? 'another number' : String(v)
  return `a ${typeof v} value (withheld: it comes from the domain)`
}

function columnIssue(column: string, message: string): never {
  throw new InputError(`column ${column}: ${message}`, [{ path: column, message }])
}

function checkColumns(input: TrainingInput): void {
  if (input.rows.length === 0) throw new InputError('no rows to train on')
  if (input.features.length === 0) throw new InputError('no features given')
  const seen = new Set<string>()
  for (const f of input.features) {
    if (f === input.target) columnIssue(f, 'is the target and cannot also be a feature')
    if (seen.has(f)) columnIssue(f, 'is listed twice')
    seen.add(f)
  }
  for (const column of [input.target, ...input.features]) {
    if (!input.rows.some((r) => Object.hasOwn(r, column))) columnIssue(column, 'unknown column (in no row)')
  }
  for (const row of input.rows) {
    for (const column of [input.target, ...input.features]) {
      const v = row[column]
      if (typeof v === 'number' && !Number.isFinite(v)) columnIssue(column, `holds ${v}; only finite numbers`)
      if (v !== null && v !== undefined && typeof v !== 'number' && typeof v !== 'string')
        columnIssue(column, `holds a ${typeof v}; only numbers, text and null`)
    }
  }
}

function isMissing(v: Cell | undefined): v is null | undefined {
  return v === null || v === undefined
}

function checkTarget(kind: ModelKind, target: string, values: readonly Cell[]): void {
  for (const v of values) {
    if (kind === 'linear' && typeof v !== 'number')
      columnIssue(target, `the target of a linear model must be numeric, found ${describeCell(v)}`)
    if (kind !== 'linear' && v !== 0 && v !== 1)
      columnIssue(target, `the target of a ${kind} model must be 0 or 1, found ${describeCell(v)}`)
  }
}

function checkBothClasses(target: string, y: Float64Array, where: string): void {
  const events = sum(y)
  if (events === 0 || events === y.length)
    columnIssue(target, `the ${where} rows hold only one class (${events ? 1 : 0}); both 0 and 1 are needed`)
}

function checkEnoughRows(trainRows: number, parameters: number, testShare: number): void {
  if (trainRows < parameters + 1)
    throw new InputError(
      `${trainRows} training rows for ${parameters} parameters: at least ${parameters + 1} are needed` +
        (testShare > 0 ? ' (add rows, drop features, or lower testShare)' : ' (add rows or drop features)'),
    )
}

interface Prepared {
  /** Usable rows, in input order. */
  readonly rows: readonly DataRow[]
  readonly dropped: number
  readonly y: Float64Array
  readonly split: Split
}

/**
 * The rows `model` was trained on, out of the rows it was given: the usable ones (as trainModel
 * filters them), less the test rows when the seeded split can be replayed (same row count).
 */
export function trainingRowsOf(model: TrainedModel, rows: readonly DataRow[]): { usable: readonly DataRow[]; train: readonly DataRow[] } {
  const required = model.kind === 'scorecard' ? [model.target] : [model.target, ...model.features]
  const usable = rows.filter((r) => required.every((c) => !isMissing(r[c])))
  if (usable.length !== model.trainedOn.rows) return { usable, train: usable }
  return { usable, train: splitRows(usable.length, model.split.seed, model.split.testShare).train.map((i) => usable[i]!) }
}

/** The options a model was trained with, as trainModel takes them. */
export function trainingOptionsOf(model: TrainedModel): ModelOptions {
  const { grades, outputStep, ...rest } = model.options
  return { ...rest, ...(grades !== null ? { grades } : {}), ...(outputStep !== null ? { outputStep } : {}) }
}

function prepare(kind: ModelKind, input: TrainingInput, train: TrainOptions): Prepared {
  checkColumns(input)
  const testShare = train.testShare ?? 0.2
  if (!(testShare >= 0 && testShare <= 0.5)) throw new InputError('testShare must be from 0 to 0.5')
  if (!Number.isInteger(train.seed)) throw new InputError('seed must be an integer')
  // A scorecard bins nulls of a feature into a missing bin; everywhere else a null drops the row.
  const required = kind === 'scorecard' ? [input.target] : [input.target, ...input.features]
  const rows = input.rows.filter((r) => required.every((c) => !isMissing(r[c])))
  if (rows.length === 0) throw new InputError(`every row has a null in ${required.join(', ')}`)
  checkTarget(kind, input.target, rows.map((r) => r[input.target] as Cell))
  if (kind !== 'scorecard') {
    for (const f of input.features) {
      if (rows.some((r) => typeof r[f] === 'string'))
        columnIssue(f, `is text; a ${kind} model takes numeric features (use a scorecard for categories)`)
    }
  }
  const y = Float64Array.from(rows, (r) => r[input.target] as number)
  return { rows, dropped: input.rows.length - rows.length, y, split: splitRows(rows.length, train.seed, testShare) }
}

function pick(values: Float64Array, indices: readonly number[]): Float64Array {
  return Float64Array.from(indices, (i) => values[i]!)
}

function numericColumn(rows: readonly DataRow[], feature: string): Float64Array {
  return Float64Array.from(rows, (r) => r[feature] as number)
}

function standardization(columns: readonly Float64Array[], features: readonly string[]): { mean: number[]; sd: number[] } {
  const mean: number[] = []
  const sd: number[] = []
  columns.forEach((col, j) => {
    const m = sum(col) / col.length
    let ss = 0
    for (let i = 0; i < col.length; i++) ss += (col[i]! - m) ** 2
    const s = Math.sqrt(ss / col.length)
    if (!(s > 1e-12 * Math.max(1, Math.abs(m)))) columnIssue(features[j]!, 'is constant in the training rows')
    mean.push(m)
    sd.push(s)
  })
  return { mean, sd }
}

/** The release band of a model's outputs on its training rows. */
function outputBand(trainOutputs: Float64Array, step: number): OutputBand {
  const sorted = Float64Array.from(trainOutputs).sort()
  // Rounded inward, so the end values take in at least the 1% of rows beyond them.
  const min = roundTo(Math.ceil(quantile(sorted, 0.01) / step) * step, step)
  const max = roundTo(Math.floor(quantile(sorted, 0.99) / step) * step, step)
  return min <= max ? { step, min, max } : { step, min: max, max: min }
}

/** v rounded to a multiple of step, without the binary residue (0.30000000000000004). */
function roundTo(v: number, step: number): number {
  const decimals = Math.max(0, Math.min(15, -Math.floor(Math.log10(step)) + 1))
  return Number((Math.round(v / step) * step).toFixed(decimals))
}

/** A released value: rounded to the band's step and kept within its range. */
export function releasedValue(band: OutputBand, v: number): number {
  return roundTo(Math.min(band.max, Math.max(band.min, v)), band.step)
}

function defaultLinearStep(trainOutputs: Float64Array): number {
  const sorted = Float64Array.from(trainOutputs).sort()
  const range = quantile(sorted, 0.99) - quantile(sorted, 0.01)
  return range > 0 ? 10 ** Math.floor(Math.log10(range / 20)) : 1
}

// ---------------------------------------------------------------------------------------------
// Linear regression: OLS through the normal equations of standardized, centered features.

interface LinearFit {
  readonly intercept: Estimate
  readonly coefficients: readonly number[]
  readonly standardErrors: readonly number[]
}

function fitLinear(columns: readonly Float64Array[], y: Float64Array, features: readonly string[]): LinearFit {
  const n = y.length
  const p = columns.length
  const { mean, sd } = standardization(columns, features)
  const z = columns.map((col, j) => Float64Array.from(col, (v) => (v - mean[j]!) / sd[j]!))
  const yMean = sum(y) / n
  const xtx = new Float64Array(p * p)
  const xty = new Float64Array(p)
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let s = 0
      for (let i = 0; i < n; i++) s += z[a]![i]! * z[b]![i]!
      xtx[a * p + b] = s
      xtx[b * p + a] = s
    }
    let s = 0
    for (let i = 0; i < n; i++) s += z[a]![i]! * (y[i]! - yMean)
    xty[a] = s
  }
  const l = cholesky(xtx, p)
  if (l === null) throw new InputError(`the features ${features.join(', ')} are collinear in the training rows`)
  const b = choleskySolve(l, p, xty)
  let sse = 0
  for (let i = 0; i < n; i++) {
    let fitted = yMean
    for (let j = 0; j < p; j++) fitted += b[j]! * z[j]![i]!
    sse += (y[i]! - fitted) ** 2
  }
  const sigma2 = sse / (n - p - 1)
  const inv = choleskyInverse(l, p)
  const beta = Array.from(b, (v, j) => v / sd[j]!)
  const se = beta.map((_, j) => Math.sqrt(sigma2 * inv[j * p + j]!) / sd[j]!)
  // intercept = ȳ − Σ mean_j·β_j; ȳ is uncorrelated with the centered slopes.
  let varIntercept = sigma2 / n
  for (let a = 0; a < p; a++)
    for (let c = 0; c < p; c++)
      varIntercept += ((mean[a]! / sd[a]!) * (mean[c]! / sd[c]!)) * sigma2 * inv[a * p + c]!
  const intercept = yMean - beta.reduce((s, bj, j) => s + bj * mean[j]!, 0)
  return { intercept: { estimate: intercept, standardError: Math.sqrt(varIntercept) }, coefficients: beta, standardErrors: se }
}

function linearPredict(fit: { intercept: number; coefficients: readonly number[] }, columns: readonly Float64Array[], rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (i) => fit.coefficients.reduce((s, b, j) => s + b * columns[j]![i]!, fit.intercept))
}

function trainLinear(input: TrainingInput, prepared: Prepared, base: Omit<ModelBase, 'parameters' | 'trainedOn' | 'output'>): LinearModel {
  const { rows, y, split } = prepared
  const parameters = input.features.length + 1
  checkEnoughRows(split.train.length, parameters, base.split.testShare)
  const all = input.features.map((f) => numericColumn(rows, f))
  const fit = fitLinear(all.map((c) => pick(c, split.train)), pick(y, split.train), input.features)
  const model = { intercept: fit.intercept.estimate, coefficients: fit.coefficients }
  const trainPredictions = linearPredict(model, all, split.train)
  const trainMetrics = regressionMetrics(trainPredictions, pick(y, split.train))
  const n = split.train.length
  const k = input.features.length
  return {
    kind: 'linear',
    ...base,
    output: outputBand(trainPredictions, base.options.outputStep ?? defaultLinearStep(trainPredictions)),
    parameters,
    trainedOn: trainedOn(prepared),
    intercept: fit.intercept,
    coefficients: input.features.map((feature, j) => ({
      feature,
      estimate: fit.coefficients[j]!,
      standardError: fit.standardErrors[j]!,
    })),
    metrics: {
      train: {
        ...trainMetrics,
        adjustedR2: trainMetrics.r2 === null ? null : 1 - ((1 - trainMetrics.r2) * (n - 1)) / (n - k - 1),
      },
      test: split.test.length > 0 ? regressionMetrics(linearPredict(model, all, split.test), pick(y, split.test)) : null,
    },
  }
}

function trainedOn(prepared: Prepared): ModelBase['trainedOn'] {
  return {
    rows: prepared.rows.length,
    dropped: prepared.dropped,
    trainRows: prepared.split.train.length,
    testRows: prepared.split.test.length,
  }
}

// ---------------------------------------------------------------------------------------------
// Logistic regression: Newton–Raphson (IRLS) with an L2 penalty on standardized slopes.

interface LogisticResult extends LogisticFit {
  readonly intercept: Estimate
  readonly coefficients: readonly number[]
  readonly standardErrors: readonly number[]
}

function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t))
}

function fitLogistic(
  columns: readonly Float64Array[],
  y: Float64Array,
  features: readonly string[],
  options: ResolvedModelOptions,
): LogisticResult {
  const n = y.length
  const m = columns.length
  const p = m + 1 // index 0 is the intercept
  const { mean, sd } = standardization(columns, features)
  const z = columns.map((col, j) => Float64Array.from(col, (v) => (v - mean[j]!) / sd[j]!))
  const x = (i: number, a: number): number => (a === 0 ? 1 : z[a - 1]![i]!)
  const eta = new Float64Array(n)
  const objective = (w: Float64Array): number => {
    let nll = 0
    for (let i = 0; i < n; i++) {
      let t = w[0]!
      for (let j = 0; j < m; j++) t += w[j + 1]! * z[j]![i]!
      eta[i] = t
      // log(1 + e^t) − y·t, stable for large |t|
      nll += (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) - y[i]! * t
    }
    let penalty = 0
    for (let j = 1; j < p; j++) penalty += w[j]! ** 2
    return nll + (options.l2 / 2) * penalty
  }
  const rate = sum(y) / n
  let w: Float64Array = new Float64Array(p)
  w[0] = Math.log(rate / (1 - rate))
  let current = objective(w)
  let iterations = 0
  let converged = false
  const assemble = (): { gradient: Float64Array; h: Float64Array } => {
    const gradient = new Float64Array(p)
    const h = new Float64Array(p * p)
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(eta[i]!)
      const weight = Math.max(mu * (1 - mu), 1e-12)
      const r = y[i]! - mu
      for (let a = 0; a < p; a++) {
        const xa = x(i, a)
        gradient[a] = gradient[a]! + xa * r
        for (let b = 0; b <= a; b++) h[a * p + b] = h[a * p + b]! + weight * xa * x(i, b)
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) h[b * p + a] = h[a * p + b]!
    for (let j = 1; j < p; j++) {
      gradient[j] = gradient[j]! - options.l2 * w[j]!
      h[j * p + j] = h[j * p + j]! + options.l2
    }
    return { gradient, h }
  }
  while (iterations < options.maxIterations) {
    iterations++
    const { gradient, h } = assemble()
    const l = cholesky(h, p)
    if (l === null) throw new InputError(`the features ${features.join(', ')} are collinear in the training rows`)
    const step = choleskySolve(l, p, gradient)
    // Step halving keeps every Newton step a descent of the penalized deviance.
    let scale = 1
    let next = w
    let value = current
    for (let halving = 0; halving < 30; halving++) {
      next = Float64Array.from(w, (v, a) => v + scale * step[a]!)
      value = objective(next)
      if (value <= current + 1e-12 * Math.abs(current)) break
      scale /= 2
    }
    const largest = Math.max(...Array.from(step, (s) => Math.abs(s * scale)))
    w = next
    current = objective(w) // refreshes eta for the next assembly
    if (largest < options.tolerance) {
      converged = true
      break
    }
  }
  const l = cholesky(assemble().h, p)
  const inv = l === null ? null : choleskyInverse(l, p)
  const beta = Array.from({ length: m }, (_, j) => w[j + 1]! / sd[j]!)
  const intercept = w[0]! - beta.reduce((s, b, j) => s + b * mean[j]!, 0)
  const se = beta.map((_, j) => (inv === null ? Number.NaN : Math.sqrt(inv[(j + 1) * p + j + 1]!) / sd[j]!))
  // The intercept in original units is g'w with g = (1, −mean/sd); its variance is g'·Cov·g.
  let interceptVar: number | null = null
  if (inv !== null) {
    const g = Array.from({ length: p }, (_, a) => (a === 0 ? 1 : -mean[a - 1]! / sd[a - 1]!))
    interceptVar = 0
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) interceptVar += g[a]! * g[b]! * inv[a * p + b]!
  }
  return {
    intercept: { estimate: intercept, standardError: interceptVar === null ? null : Math.sqrt(interceptVar) },
    coefficients: beta,
    standardErrors: se,
    iterations,
    converged,
  }
}

function logisticPredict(fit: { intercept: number; coefficients: readonly number[] }, columns: readonly Float64Array[], rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (i) => sigmoid(fit.coefficients.reduce((s, b, j) => s + b * columns[j]![i]!, fit.intercept)))
}

function coefficientList(features: readonly string[], fit: LogisticResult | LinearFit): Coefficient[] {
  return features.map((feature, j) => ({
    feature,
    estimate: fit.coefficients[j]!,
    standardError: Number.isFinite(fit.standardErrors[j]) ? fit.standardErrors[j]! : null,
  }))
}

function trainLogistic(input: TrainingInput, prepared: Prepared, base: Omit<ModelBase, 'parameters' | 'trainedOn' | 'output'>): LogisticModel {
  const { rows, y, split } = prepared
  const parameters = input.features.length + 1
  checkEnoughRows(split.train.length, parameters, base.split.testShare)
  const trainY = pick(y, split.train)
  checkBothClasses(input.target, trainY, 'training')
  const all = input.features.map((f) => numericColumn(rows, f))
  const fit = fitLogistic(all.map((c) => pick(c, split.train)), trainY, input.features, base.options)
  const model = { intercept: fit.intercept.estimate, coefficients: fit.coefficients }
  const trainProbabilities = logisticPredict(model, all, split.train)
  return {
    kind: 'logistic',
    ...base,
    output: outputBand(trainProbabilities, base.options.outputStep ?? 0.01),
    parameters,
    trainedOn: trainedOn(prepared),
    intercept: fit.intercept,
    coefficients: coefficientList(input.features, fit),
    fit: { iterations: fit.iterations, converged: fit.converged },
    metrics: {
      train: classificationMetrics(trainProbabilities, trainY),
      test: split.test.length > 0 ? classificationMetrics(logisticPredict(model, all, split.test), pick(y, split.test)) : null,
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Scorecard: binning, weight of evidence, logistic regression on WoE, points.

interface RawBin {
  lower?: number
  upper?: number
  categories?: string[]
  missing?: true
  other?: true
  count: number
  events: number
}

/** The shortest decimal x with a < x ≤ b: a cut point that does not print a training value. */
export function niceCut(a: number, b: number): number {
  const top = Math.ceil(Math.log10(Math.max(Math.abs(a), Math.abs(b), 1e-300))) + 1
  for (let k = top; k >= -15; k--) {
    const step = 10 ** k
    const x = k >= 0 ? (Math.floor(a / step) + 1) * step : (Math.floor(a * 10 ** -k) + 1) / 10 ** -k
    if (x > a && x <= b) return x
  }
  return b
}

function binNumeric(values: readonly number[], labels: readonly number[], options: ResolvedModelOptions): RawBin[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!)
  // Distinct values with their counts, in order: cuts can only fall between them.
  const groups: { value: number; count: number; events: number }[] = []
  for (const i of order) {
    const last = groups.at(-1)
    if (last !== undefined && last.value === values[i]) {
      last.count++
      last.events += labels[i]!
    } else groups.push({ value: values[i]!, count: 1, events: labels[i]! })
  }
  const n = values.length
  // Equal frequency: a cut after the group where the cumulative count first reaches k·n/bins.
  const cutAfter = new Set<number>()
  let cumulative = 0
  let k = 1
  groups.forEach((g, gi) => {
    cumulative += g.count
    if (gi < groups.length - 1 && k < options.bins && cumulative >= (k * n) / options.bins) {
      cutAfter.add(gi)
      while (k < options.bins && cumulative >= (k * n) / options.bins) k++
    }
  })
  type Run = { first: number; last: number; count: number; events: number }
  let runs: Run[] = []
  let start = 0
  groups.forEach((_, gi) => {
    if (cutAfter.has(gi) || gi === groups.length - 1) {
      const slice = groups.slice(start, gi + 1)
      runs.push({ first: start, last: gi, count: slice.reduce((s, g) => s + g.count, 0), events: slice.reduce((s, g) => s + g.events, 0) })
      start = gi + 1
    }
  })
  const merge = (i: number): void => {
    const a = runs[i]!
    const b = runs[i + 1]!
    runs = [...runs.slice(0, i), { first: a.first, last: b.last, count: a.count + b.count, events: a.events + b.events }, ...runs.slice(i + 2)]
  }
  // Every bin holds at least minBinSize rows: merge the smallest into its smaller neighbour.
  while (runs.length > 1) {
    let smallest = 0
    runs.forEach((r, i) => {
      if (r.count < runs[smallest]!.count) smallest = i
    })
    if (runs[smallest]!.count >= options.minBinSize) break
    const left = smallest > 0 ? runs[smallest - 1]!.count : Infinity
    const right = smallest < runs.length - 1 ? runs[smallest + 1]!.count : Infinity
    merge(left <= right ? smallest - 1 : smallest)
  }
  if (options.monotonic && runs.length > 2) {
    // The event rate (and so the WoE) must move one way: the way of the first bin to the last.
    const rate = (r: Run): number => (r.events + 0.5) / (r.count + 1)
    const rising = rate(runs.at(-1)!) >= rate(runs[0]!)
    for (;;) {
      const violation = runs.findIndex((r, i) => i < runs.length - 1 && (rising ? rate(runs[i + 1]!) < rate(r) : rate(runs[i + 1]!) > rate(r)))
      if (violation < 0 || runs.length <= 2) break
      merge(violation)
    }
  }
  return runs.map((r, i) => ({
    ...(i > 0 ? { lower: niceCut(groups[r.first - 1]!.value, groups[r.first]!.value) } : {}),
    ...(i < runs.length - 1 ? { upper: niceCut(groups[r.last]!.value, groups[r.last + 1]!.value) } : {}),
    count: r.count,
    events: r.events,
  }))
}

function binCategorical(values: readonly string[], labels: readonly number[], options: ResolvedModelOptions): RawBin[] {
  const byCategory = new Map<string, { count: number; events: number }>()
  values.forEach((v, i) => {
    const c = byCategory.get(v) ?? { count: 0, events: 0 }
    c.count++
    c.events += labels[i]!
    byCategory.set(v, c)
  })
  const bins: RawBin[] = []
  const other: RawBin = { other: true, count: 0, events: 0 }
  for (const [category, c] of [...byCategory].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (c.count >= options.minBinSize) bins.push({ categories: [category], count: c.count, events: c.events })
    else {
      other.count += c.count
      other.events += c.events
    }
  }
  if (other.count >= options.minBinSize || (other.count > 0 && bins.length === 0)) bins.push(other)
  else if (other.count > 0) {
    // Too few rare rows for a bin of their own: they join the smallest category, which then
    // also takes unseen categories.
    const smallest = bins.reduce((s, b) => (b.count < s.count ? b : s))
    smallest.count += other.count
    smallest.events += other.events
    smallest.other = true
  }
  return bins
}

function binLabel(bin: RawBin, type: 'numeric' | 'categorical'): string {
  if (isOnlyMissing(bin)) return 'missing'
  if (type === 'numeric') {
    if (bin.lower === undefined && bin.upper === undefined) return 'all'
    if (bin.lower === undefined) return `< ${bin.upper}`
    if (bin.upper === undefined) return `≥ ${bin.lower}`
    return `[${bin.lower}, ${bin.upper})`
  }
  const names = [...(bin.categories ?? []), ...(bin.other ? ['other'] : [])]
  return names.join(', ')
}

interface BinnedFeature {
  readonly feature: string
  readonly type: 'numeric' | 'categorical'
  readonly bins: readonly RawBin[]
}

function featureType(feature: string, values: readonly Cell[]): 'numeric' | 'categorical' {
  const present = values.filter((v) => !isMissing(v))
  if (present.length === 0) columnIssue(feature, 'is null in every training row')
  const numbers = present.filter((v) => typeof v === 'number').length
  if (numbers > 0 && numbers < present.length) columnIssue(feature, 'mixes numbers and text')
  return numbers > 0 ? 'numeric' : 'categorical'
}

function binFeature(feature: string, rows: readonly DataRow[], labels: Float64Array, options: ResolvedModelOptions): BinnedFeature {
  const values = rows.map((r) => r[feature] ?? null)
  const type = featureType(feature, values)
  const present = values.map((v, i) => ({ v, y: labels[i]! })).filter((e) => !isMissing(e.v))
  const bins =
    type === 'numeric'
      ? binNumeric(present.map((e) => e.v as number), present.map((e) => e.y), options)
      : binCategorical(present.map((e) => e.v as string), present.map((e) => e.y), options)
  const nulls = values.map((v, i) => ({ v, y: labels[i]! })).filter((e) => isMissing(e.v))
  const nullEvents = nulls.reduce((s, e) => s + e.y, 0)
  if (nulls.length >= options.minBinSize) bins.push({ missing: true, count: nulls.length, events: nullEvents })
  else {
    // Nulls too few for a bin of their own (or none in training): they go with the "other" bin
    // of a categorical feature, else the largest bin.
    const host = bins.find((b) => b.other) ?? bins.reduce((s, b) => (b.count > s.count ? b : s))
    host.count += nulls.length
    host.events += nullEvents
    host.missing = true
  }
  if (bins.length < 2)
    columnIssue(feature, `falls into a single bin after binning (minBinSize ${options.minBinSize}); drop it or lower minBinSize`)
  return { feature, type, bins }
}

function binIndex(binned: BinnedFeature, value: Cell | undefined): number {
  if (isMissing(value)) return binned.bins.findIndex((b) => b.missing)
  if (binned.type === 'numeric') {
    if (typeof value !== 'number' || !Number.isFinite(value)) columnIssue(binned.feature, `expects a finite number, got ${describeCell(value)}`)
    return binned.bins.findIndex(
      (b) => !isOnlyMissing(b) && (b.lower === undefined || value >= b.lower) && (b.upper === undefined || value < b.upper),
    )
  }
  const category = String(value)
  const listed = binned.bins.findIndex((b) => b.categories?.includes(category))
  if (listed >= 0) return listed
  const other = binned.bins.findIndex((b) => b.other)
  return other >= 0 ? other : binned.bins.findIndex((b) => b.missing)
}

function isOnlyMissing(b: RawBin): boolean {
  return b.missing === true && b.lower === undefined && b.upper === undefined && b.categories === undefined && !b.other
}

function woeOf(bin: RawBin, goods: number, bads: number): number {
  return Math.log((bin.count - bin.events + 0.5) / goods / ((bin.events + 0.5) / bads))
}

function defaultGrades(sortedScores: Float64Array): Grade[] {
  const cuts = [0.8, 0.6, 0.4, 0.2].map((q) => Math.round(quantile(sortedScores, q) / 10) * 10)
  const grades: Grade[] = []
  let previous = Infinity
  cuts.forEach((cut, i) => {
    const minScore = Math.min(cut, previous - 10)
    grades.push({ grade: GRADE_NAMES[i]!, minScore })
    previous = minScore
  })
  grades.push({ grade: 'E', minScore: null })
  return grades
}

function gradeOf(grades: readonly Grade[], score: number): string {
  return (grades.find((g) => g.minScore === null || score >= g.minScore) ?? grades.at(-1)!).grade
}

function trainScorecard(input: TrainingInput, prepared: Prepared, base: Omit<ModelBase, 'parameters' | 'trainedOn' | 'output'>): ScorecardModel {
  const { rows, y, split } = prepared
  const options = base.options
  const trainRowsData = split.train.map((i) => rows[i]!)
  const trainY = pick(y, split.train)
  checkBothClasses(input.target, trainY, 'training')
  const binned = input.features.map((f) => binFeature(f, trainRowsData, trainY, options))
  // Parameters: a WoE per bin, a coefficient per feature and the intercept.
  const parameters = binned.reduce((s, f) => s + f.bins.length, 0) + input.features.length + 1
  checkEnoughRows(split.train.length, parameters, base.split.testShare)
  const bads = sum(trainY)
  const goods = trainY.length - bads
  const woes = binned.map((f) => f.bins.map((b) => woeOf(b, goods, bads)))
  const woeColumns = binned.map((f, j) => Float64Array.from(rows, (r) => woes[j]![binIndex(f, r[f.feature])]!))
  const fit = fitLogistic(woeColumns.map((c) => pick(c, split.train)), trainY, input.features, options)
  const factor = options.pdo / Math.LN2
  const offset = options.basePoints - factor * Math.log(options.odds)
  const m = input.features.length
  const alpha = fit.intercept.estimate
  const featureBins: FeatureBins[] = binned.map((f, j) => ({
    feature: f.feature,
    type: f.type,
    bins: f.bins.map((b, k) => ({
      label: binLabel(b, f.type),
      ...(b.lower !== undefined ? { lower: b.lower } : {}),
      ...(b.upper !== undefined ? { upper: b.upper } : {}),
      ...(b.categories !== undefined ? { categories: b.categories } : {}),
      ...(b.missing ? { missing: true as const } : {}),
      ...(b.other ? { other: true as const } : {}),
      count: b.count,
      events: b.events,
      woe: woes[j]![k]!,
      points: offset / m - factor * (fit.coefficients[j]! * woes[j]![k]! + alpha / m),
    })),
  }))
  const predictor = { intercept: alpha, coefficients: fit.coefficients }
  const trainProbabilities = logisticPredict(predictor, woeColumns, split.train)
  const rawScores = Float64Array.from(split.train, (i) =>
    featureBins.reduce((s, f, j) => s + f.bins[binIndex(binned[j]!, rows[i]![f.feature])]!.points, 0),
  )
  const output = outputBand(rawScores, options.outputStep ?? 10)
  const trainScores = rawScores.map((v) => releasedValue(output, v)).sort()
  const grades = options.grades ?? defaultGrades(trainScores)
  const q = (p: number): number => Math.round(quantile(trainScores, p))
  return {
    kind: 'scorecard',
    ...base,
    output,
    parameters,
    trainedOn: trainedOn(prepared),
    intercept: fit.intercept,
    coefficients: coefficientList(input.features, fit),
    fit: { iterations: fit.iterations, converged: fit.converged },
    scorecard: { bins: featureBins, basePoints: options.basePoints, pdo: options.pdo, odds: options.odds, offset, factor, grades },
    metrics: {
      train: classificationMetrics(trainProbabilities, trainY),
      test: split.test.length > 0 ? classificationMetrics(logisticPredict(predictor, woeColumns, split.test), pick(y, split.test)) : null,
      scores: { p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) },
    },
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Trains a model of `kind` on `input.rows` (read inside the domain). Rows with a null in the
 * target, or (linear, logistic) in a feature, are dropped and counted; a scorecard bins a
 * feature's nulls. The split into train and test rows is seeded by `train.seed`.
 */
export function trainModel(kind: ModelKind, input: TrainingInput, train: TrainOptions): TrainedModel {
  if (!(MODEL_KINDS as readonly string[]).includes(kind))
    throw new InputError(`unknown model kind ${JSON.stringify(kind)}; one of ${MODEL_KINDS.join(', ')}`)
  const options = resolveOptions(input.options)
  const prepared = prepare(kind, input, train)
  const base: Omit<ModelBase, 'parameters' | 'trainedOn' | 'output'> = {
    target: input.target,
    features: [...input.features],
    split: { seed: train.seed, testShare: train.testShare ?? 0.2 },
    options,
  }
  if (kind === 'linear') return trainLinear(input, prepared, base)
  if (kind === 'logistic') return trainLogistic(input, prepared, base)
  return trainScorecard(input, prepared, base)
}

function featureValue(features: DataRow, feature: string): Cell {
  if (!Object.hasOwn(features, feature) || features[feature] === undefined)
    throw new InputError(`feature ${feature} is missing`, [{ path: feature, message: 'missing' }])
  return features[feature]!
}

function numericFeature(features: DataRow, feature: string): number {
  const v = featureValue(features, feature)
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new InputError(`feature ${feature} must be a finite number, got ${describeCell(v)}`, [{ path: feature, message: 'not a number' }])
  return v
}

function scorecardBinned(f: FeatureBins): BinnedFeature {
  return { feature: f.feature, type: f.type, bins: f.bins as readonly RawBin[] }
}

/**
 * The model's output for one record at full precision: what the release checks compute losses
 * from. Callers outside this module want scoreModel.
 */
export function rawScore(model: TrainedModel, features: DataRow): { value: number; probability?: number } {
  if (model.kind === 'linear') {
    return { value: linearTerm(model, features) }
  }
  if (model.kind === 'logistic') {
    const probability = sigmoid(linearTerm(model, features))
    return { value: probability, probability }
  }
  let points = 0
  let logOdds = model.intercept.estimate
  model.scorecard.bins.forEach((f, j) => {
    const bin = f.bins[binIndex(scorecardBinned(f), featureValue(features, f.feature))]!
    points += bin.points
    logOdds += model.coefficients[j]!.estimate * bin.woe
  })
  return { value: points, probability: sigmoid(logOdds) }
}

function linearTerm(model: LinearModel | LogisticModel, features: DataRow): number {
  return model.coefficients.reduce((s, c) => s + c.estimate * numericFeature(features, c.feature), model.intercept.estimate)
}

/**
 * Scores one record as released: the scorecard's score (banded, see OutputBand) and grade; the
 * logistic probability (banded) and its 0/1 prediction at 0.5; the linear prediction (banded).
 * A feature absent from `features` is an InputError naming it; a scorecard takes nulls and
 * unseen categories into its missing and other bins.
 */
export function scoreModel(model: TrainedModel, features: DataRow): ModelScore {
  const raw = rawScore(model, features)
  const released = releasedValue(model.output, raw.value)
  if (model.kind === 'linear') return { prediction: released }
  const prediction = raw.probability! >= 0.5 ? 1 : 0
  if (model.kind === 'logistic') return { probability: released, prediction }
  // No probability: the score is the scorecard's released output, and the probability would
  // carry it at full precision.
  return { score: released, grade: gradeOf(model.scorecard.grades, released), prediction }
}
