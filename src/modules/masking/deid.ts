// De-identification checks for microdata (GB/T 37964-2019 个人信息去标识化指南: k-anonymity as the
// verification model; ℓ-diversity and t-closeness as the attribute-disclosure checks), with the
// semantics of the ARX anonymization tool so that its published figures (reference vectors 4.8,
// 4.9, 4.10) are reproduced. Pure functions: reading CSV and hierarchy files is hierarchy.ts's job.
import { InputError } from '../../platform/errors.ts'

// ---------------------------------------------------------------------------------------------
// Generalization hierarchies

/**
 * A generalization hierarchy of one column: each value maps to its generalizations at levels
 * 0 (the value itself) up to `height` (usually `*`).
 */
export type Hierarchy = {
  readonly column: string
  readonly height: number
  readonly levels: ReadonlyMap<string, readonly string[]>
}

/** Builds a hierarchy from ARX-style rows: level 0 value, then each more general level. */
export function hierarchyFromRows(column: string, rows: readonly (readonly string[])[]): Hierarchy {
  if (rows.length === 0) throw new InputError(`hierarchy of ${column} has no rows`)
  const width = rows[0]!.length
  if (width === 0) throw new InputError(`hierarchy of ${column} has an empty first row`)
  const levels = new Map<string, readonly string[]>()
  rows.forEach((row, index) => {
    // A ragged hierarchy has no single height, so a transformation level would mean different
    // things for different values.
    if (row.length !== width)
      throw new InputError(`hierarchy of ${column}, row ${index + 1} has ${row.length} levels, the first row ${width}`)
    const value = row[0]!
    const known = levels.get(value)
    if (known && known.join('\u0000') !== row.join('\u0000'))
      throw new InputError(`hierarchy of ${column} generalizes value "${value}" in two ways`)
    levels.set(value, [...row])
  })
  return { column, height: width - 1, levels }
}

/**
 * The hierarchy of a quasi-identifier nobody described: a value is kept (level 0) or replaced by
 * `*` (level 1), so a search can still drop the column.
 */
export function suppressOnlyHierarchy(column: string, values: Iterable<string>): Hierarchy {
  return hierarchyFromRows(column, [...new Set(values)].map((value) => [value, '*']))
}

/** The value at `level` of the hierarchy; a value the hierarchy does not know is an InputError. */
export function generalize(hierarchy: Hierarchy, value: string, level: number): string {
  const path = hierarchy.levels.get(value)
  if (!path) throw new InputError(`hierarchy of ${hierarchy.column} has no entry for value "${value}"`)
  const generalized = path[level]
  if (generalized === undefined)
    throw new InputError(`level ${level} is beyond the height ${hierarchy.height} of the hierarchy of ${hierarchy.column}`)
  return generalized
}

/** A table of string cells, as read from a CSV file with a header row. */
export type Table = {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

/** A transformation (a node of the generalization lattice): one level per quasi-identifier. */
export type Transformation = readonly number[]

/** The table with each quasi-identifier generalized to its level of the transformation. */
export function applyTransformation(
  table: Table,
  quasiIdentifiers: readonly string[],
  hierarchies: ReadonlyMap<string, Hierarchy>,
  levels: Transformation,
): Table {
  const indexes = quasiIdentifiers.map((qi) => columnIndex(table, qi))
  const qiHierarchies = quasiIdentifiers.map((qi) => hierarchyOf(hierarchies, qi))
  assertLevels(levels, quasiIdentifiers, qiHierarchies.map((h) => h.height))
  const rows = table.rows.map((row) => {
    const out = [...row]
    indexes.forEach((index, q) => {
      out[index] = generalize(qiHierarchies[q]!, row[index]!, levels[q]!)
    })
    return out
  })
  return { columns: table.columns, rows }
}

// ---------------------------------------------------------------------------------------------
// Privacy criteria and the report

export const L_DIVERSITY_KINDS = ['distinct', 'entropy', 'recursive'] as const
export type LDiversityKind = (typeof L_DIVERSITY_KINDS)[number]
export const EMD_MEASURES = ['equal', 'ordered'] as const
export type EmdMeasure = (typeof EMD_MEASURES)[number]

export type PrivacyCriteria = {
  /** Every remaining equivalence class holds at least k records. */
  readonly k: number
  /** Share of all records (0..1) that may be suppressed to reach the criteria (ARX's limit). */
  readonly suppressionLimit: number
  /** ℓ-diversity of the sensitive attribute in each class; recursive needs c. */
  readonly l?: { readonly kind: LDiversityKind; readonly l: number; readonly c?: number }
  /** t-closeness: distance of each class's sensitive distribution to the whole table's. */
  readonly t?: { readonly t: number; readonly measure: EmdMeasure }
}

export type DeidReport = {
  readonly anonymous: boolean
  readonly rows: number
  /**
   * Equivalence classes of the generalized table, counting the classes whose records are then
   * suppressed: this is the definition that reproduces ARX's figures (vector 4.9: 1498 classes
   * for k=5, 4%, [1,0,1,1,3,2,2,0,1], of which 452 classes with 906 records are suppressed and
   * 1046 remain; counting only the remaining ones gives 1046, not 1498).
   */
  readonly classes: number
  /** Classes whose records are suppressed; classes − suppressedClasses remain. */
  readonly suppressedClasses: number
  /** Records in classes that fail a criterion, whether or not the limit lets them be suppressed. */
  readonly outliers: number
  /** Records suppressed: the outliers when they fit the limit, otherwise 0 (and not anonymous). */
  readonly suppressed: number
  readonly suppressedShare: number
  /** Sizes of the classes that remain after suppression (so minClassSize ≥ k when anonymous). */
  readonly minClassSize: number
  readonly maxClassSize: number
  readonly averageClassSize: number
  /** Class sizes of the remaining classes and how many classes have each, ascending. */
  readonly histogram?: readonly { readonly size: number; readonly classes: number }[]
  /** Over the remaining classes: the smallest ℓ (distinct count, e^H, or the largest ℓ for which
   * recursive-(c,ℓ) holds). */
  readonly diversity?: { readonly kind: LDiversityKind; readonly l: number; readonly minimum: number }
  /** Over the remaining classes: the largest distance to the whole table's distribution. */
  readonly closeness?: { readonly measure: EmdMeasure; readonly t: number; readonly maximum: number }
  /** Present when a transformation was applied. */
  readonly levels?: Transformation
  readonly loss?: number
}

export function assertCriteria(criteria: PrivacyCriteria, sensitive: boolean): void {
  const { k, suppressionLimit, l, t } = criteria
  if (!Number.isInteger(k) || k < 1) throw new InputError(`k must be an integer of at least 1, not ${k}`)
  if (!(suppressionLimit >= 0 && suppressionLimit <= 1))
    throw new InputError(`the suppression limit must be a share between 0 and 1, not ${suppressionLimit}`)
  if ((l || t) && !sensitive) throw new InputError('ℓ-diversity and t-closeness need a sensitive attribute')
  if (l) {
    if (!L_DIVERSITY_KINDS.includes(l.kind)) throw new InputError(`unknown ℓ-diversity kind ${l.kind}`)
    if (!(l.l >= 1)) throw new InputError(`ℓ must be at least 1, not ${l.l}`)
    if (l.kind === 'distinct' && !Number.isInteger(l.l)) throw new InputError(`distinct ℓ must be an integer, not ${l.l}`)
    if (l.kind === 'recursive' && !(l.c !== undefined && l.c > 0 && Number.isInteger(l.l)))
      throw new InputError('recursive-(c,ℓ)-diversity needs c > 0 and an integer ℓ')
  }
  if (t) {
    if (!EMD_MEASURES.includes(t.measure)) throw new InputError(`unknown t-closeness measure ${t.measure}`)
    if (!(t.t >= 0 && t.t <= 1)) throw new InputError(`t must be between 0 and 1, not ${t.t}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Distribution measures (ℓ-diversity, t-closeness)

/** Shannon entropy (natural log) of a class's sensitive-value counts. */
export function entropy(counts: readonly number[]): number {
  const total = counts.reduce((sum, c) => sum + c, 0)
  let h = 0
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log(c / total)
  return h
}

/** The ℓ an entropy-ℓ-diverse class reaches: e^H (H(class) ≥ ln ℓ ⇔ e^H ≥ ℓ). */
export function entropyL(counts: readonly number[]): number {
  return Math.exp(entropy(counts))
}

/**
 * The largest ℓ for which a class is recursive-(c,ℓ)-diverse: r₁ < c·(r_ℓ + … + r_m) with the
 * counts r sorted descending; 0 when not even ℓ=1 holds.
 */
export function recursiveL(counts: readonly number[], c: number): number {
  const r = counts.filter((x) => x > 0).sort((a, b) => b - a)
  let tail = 0
  let best = 0
  // Walk ℓ from m down to 1, growing the tail sum r_ℓ..r_m; the first ℓ that holds is the largest.
  for (let l = r.length; l >= 1; l--) {
    tail += r[l - 1]!
    if (r[0]! < c * tail) {
      best = l
      break
    }
  }
  return best
}

/** Earth mover's distance with all values at distance 1 (categorical): ½·Σ|pᵢ−qᵢ|. */
export function equalDistanceEmd(p: readonly number[], q: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < p.length; i++) sum += Math.abs(p[i]! - (q[i] ?? 0))
  return sum / 2
}

/** Earth mover's distance over m ordered values: (1/(m−1))·Σᵢ|Σⱼ≤ᵢ(pⱼ−qⱼ)|. */
export function orderedEmd(p: readonly number[], q: readonly number[]): number {
  if (p.length <= 1) return 0
  let cumulative = 0
  let sum = 0
  for (let i = 0; i < p.length; i++) {
    cumulative += p[i]! - (q[i] ?? 0)
    sum += Math.abs(cumulative)
  }
  return sum / (p.length - 1)
}

/**
 * Orders sensitive values for the ordered EMD: numerically when every value is a number (so that
 * 9 < 10), else by code point.
 */
export function orderSensitiveValues(values: readonly string[]): string[] {
  const numeric = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)))
  return [...values].sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

// ---------------------------------------------------------------------------------------------
// The encoded data set: every value of every level as a dense integer, computed once, so that a
// transformation is evaluated with typed arrays and numeric keys instead of strings.

export type Dataset = {
  readonly quasiIdentifiers: readonly string[]
  readonly heights: readonly number[]
  readonly rows: number
  /** codes[q][level][row]: the row's value of QI q at that level, dense per (q, level). */
  readonly codes: readonly (readonly Int32Array[])[]
  readonly cardinality: readonly (readonly number[])[]
  /** labels[q][level][code]: the value a code stands for. */
  readonly labels: readonly (readonly (readonly string[])[])[]
  readonly sensitive?: {
    readonly column: string
    /** The distinct values, in the order the ordered EMD uses. */
    readonly values: readonly string[]
    readonly codes: Int32Array
    /** Distribution of the whole table, which t-closeness compares each class to. */
    readonly overall: readonly number[]
  }
}

/** Encodes a table for evaluation and search under the hierarchies of its quasi-identifiers. */
export function encodeTable(
  table: Table,
  quasiIdentifiers: readonly string[],
  hierarchies: ReadonlyMap<string, Hierarchy>,
  sensitive?: string,
): Dataset {
  assertQuasiIdentifiers(quasiIdentifiers)
  const codes: Int32Array[][] = []
  const cardinality: number[][] = []
  const labels: string[][][] = []
  const heights: number[] = []
  for (const qi of quasiIdentifiers) {
    const index = columnIndex(table, qi)
    const hierarchy = hierarchyOf(hierarchies, qi)
    heights.push(hierarchy.height)
    const perLevel: Int32Array[] = []
    const perLevelLabels: string[][] = []
    for (let level = 0; level <= hierarchy.height; level++) {
      const dictionary = new Map<string, number>()
      const array = new Int32Array(table.rows.length)
      table.rows.forEach((row, r) => {
        const value = generalize(hierarchy, row[index]!, level)
        let code = dictionary.get(value)
        if (code === undefined) {
          code = dictionary.size
          dictionary.set(value, code)
        }
        array[r] = code
      })
      perLevel.push(array)
      perLevelLabels.push([...dictionary.keys()])
    }
    codes.push(perLevel)
    labels.push(perLevelLabels)
    cardinality.push(perLevelLabels.map((l) => Math.max(1, l.length)))
  }
  const base = { quasiIdentifiers, heights, rows: table.rows.length, codes, cardinality, labels }
  if (sensitive === undefined) return base
  if (quasiIdentifiers.includes(sensitive))
    throw new InputError(`the sensitive attribute ${sensitive} cannot also be a quasi-identifier`)
  const index = columnIndex(table, sensitive)
  return { ...base, sensitive: encodeSensitive(sensitive, table.rows.map((row) => row[index]!)) }
}

function encodeSensitive(column: string, cells: readonly string[]): NonNullable<Dataset['sensitive']> {
  const values = orderSensitiveValues([...new Set(cells)])
  const position = new Map(values.map((v, i) => [v, i]))
  const codes = new Int32Array(cells.length)
  const counts = new Array<number>(values.length).fill(0)
  cells.forEach((cell, r) => {
    const code = position.get(cell)!
    codes[r] = code
    counts[code]!++
  })
  return { column, values, codes, overall: counts.map((c) => c / Math.max(1, cells.length)) }
}

/**
 * The import workflow's check, with no hierarchies: classes over the exact values of the
 * quasi-identifiers (null and a missing field are one value of their own, distinct from the
 * text "null"), records in classes smaller than k suppressed within the limit.
 */
export function kAnonymityOf(
  rows: readonly Record<string, unknown>[],
  quasiIdentifiers: readonly string[],
  k: number,
  suppressionLimit: number,
): DeidReport {
  assertQuasiIdentifiers(quasiIdentifiers)
  const criteria = { k, suppressionLimit }
  assertCriteria(criteria, false)
  for (const qi of quasiIdentifiers)
    if (rows.length > 0 && !rows.some((row) => Object.hasOwn(row, qi)))
      throw new InputError(`unknown quasi-identifier column ${qi}: no record has it`)
  const codes = quasiIdentifiers.map((qi) => {
    const dictionary = new Map<string, number>()
    const array = new Int32Array(rows.length)
    rows.forEach((row, r) => {
      const key = valueKey(row[qi])
      let code = dictionary.get(key)
      if (code === undefined) {
        code = dictionary.size
        dictionary.set(key, code)
      }
      array[r] = code
    })
    return { array, size: Math.max(1, dictionary.size), labels: [...dictionary.keys()] }
  })
  const dataset: Dataset = {
    quasiIdentifiers,
    heights: quasiIdentifiers.map(() => 0),
    rows: rows.length,
    codes: codes.map((c) => [c.array]),
    cardinality: codes.map((c) => [c.size]),
    labels: codes.map((c) => [c.labels]),
  }
  const { levels: _levels, loss: _loss, ...report } = evaluate(dataset, quasiIdentifiers.map(() => 0), criteria)
  return report
}

// The type is part of the key, so that 1 and "1", or null and "null", stay apart.
function valueKey(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (value instanceof Date) return `date:${value.toISOString()}`
  if (typeof value === 'object') return `json:${JSON.stringify(value)}`
  return `${typeof value}:${String(value)}`
}

// ---------------------------------------------------------------------------------------------
// Evaluating one transformation

type Classes = {
  readonly count: number
  readonly classOf: Int32Array
  readonly sizes: Int32Array
}

const SAFE_RADIX = 2 ** 52
const INT32_RADIX = 2 ** 31 - 1

/** Equivalence classes of the rows under a transformation, numbered densely. */
function classify(dataset: Dataset, levels: Transformation): Classes {
  const n = dataset.rows
  let keys = new Float64Array(n)
  let radix = 1
  for (let q = 0; q < levels.length; q++) {
    const codes = dataset.codes[q]![levels[q]!]!
    const card = dataset.cardinality[q]![levels[q]!]!
    if (card === 1) continue
    // Mixed-radix keys are exact below 2^53; when the next column would overflow, renumber the
    // classes so far densely (at most n of them) and go on from there.
    if (radix * card > SAFE_RADIX) {
      const dense = densify(keys)
      keys = Float64Array.from(dense.classOf)
      radix = dense.count
    }
    for (let r = 0; r < n; r++) keys[r] = keys[r]! * card + codes[r]!
    radix *= card
  }
  const { classOf, count } = densify(keys)
  const sizes = new Int32Array(count)
  for (let r = 0; r < n; r++) sizes[classOf[r]!]!++
  return { count, classOf, sizes }
}

function densify(keys: Float64Array): { classOf: Int32Array; count: number } {
  const ids = new Map<number, number>()
  const classOf = new Int32Array(keys.length)
  for (let r = 0; r < keys.length; r++) {
    const key = keys[r]!
    let id = ids.get(key)
    if (id === undefined) {
      id = ids.size
      ids.set(key, id)
    }
    classOf[r] = id
  }
  return { classOf, count: ids.size }
}

/** Which classes fail ℓ-diversity or t-closeness, with each class's achieved ℓ and distance. */
function sensitiveMeasures(
  dataset: Dataset,
  classes: Classes,
  criteria: PrivacyCriteria,
): { readonly l: Float64Array; readonly t: Float64Array } {
  const sensitive = dataset.sensitive!
  const m = sensitive.values.length
  // Counting sort of the rows by class, then one pass per class with a scratch count array.
  const start = new Int32Array(classes.count + 1)
  for (let c = 0; c < classes.count; c++) start[c + 1] = start[c]! + classes.sizes[c]!
  const fill = start.slice(0, classes.count)
  const order = new Int32Array(dataset.rows)
  for (let r = 0; r < dataset.rows; r++) order[fill[classes.classOf[r]!]!++] = r
  const lOf = new Float64Array(classes.count)
  const tOf = new Float64Array(classes.count)
  const scratch = new Array<number>(m).fill(0)
  for (let c = 0; c < classes.count; c++) {
    scratch.fill(0)
    for (let i = start[c]!; i < start[c + 1]!; i++) scratch[sensitive.codes[order[i]!]!]!++
    const { l, t } = criteria
    if (l) {
      lOf[c] =
        l.kind === 'distinct'
          ? scratch.filter((x) => x > 0).length
          : l.kind === 'entropy'
            ? entropyL(scratch)
            : recursiveL(scratch, l.c!)
    }
    if (t) {
      const size = classes.sizes[c]!
      const p = scratch.map((x) => x / size)
      tOf[c] = t.measure === 'ordered' ? orderedEmd(p, sensitive.overall) : equalDistanceEmd(p, sensitive.overall)
    }
  }
  return { l: lOf, t: tOf }
}

// Float sums of the EMD land a hair off the exact value (0.375000…01); a class at exactly t passes.
const EPSILON = 1e-9

/**
 * Evaluates a transformation with ARX's semantics: a class that fails a criterion (size < k, not
 * ℓ-diverse, or farther than t) is an outlier; the outliers are suppressed when they are no more
 * than the suppression limit × rows, and then the table is anonymous.
 */
export function evaluate(
  dataset: Dataset,
  levels: Transformation,
  criteria: PrivacyCriteria,
  options: { readonly histogram?: boolean } = {},
): DeidReport {
  assertLevels(levels, dataset.quasiIdentifiers, dataset.heights)
  assertCriteria(criteria, dataset.sensitive !== undefined)
  const classes = classify(dataset, levels)
  const measures = criteria.l || criteria.t ? sensitiveMeasures(dataset, classes, criteria) : undefined
  const fails = (c: number): boolean =>
    classes.sizes[c]! < criteria.k ||
    (criteria.l !== undefined && measures!.l[c]! < criteria.l.l - EPSILON) ||
    (criteria.t !== undefined && measures!.t[c]! > criteria.t.t + EPSILON)
  let outliers = 0
  for (let c = 0; c < classes.count; c++) if (fails(c)) outliers += classes.sizes[c]!
  const anonymous = outliers <= criteria.suppressionLimit * dataset.rows
  const kept: number[] = []
  for (let c = 0; c < classes.count; c++) if (!anonymous || !fails(c)) kept.push(c)
  const suppressed = anonymous ? outliers : 0
  const sizes = kept.map((c) => classes.sizes[c]!)
  const remaining = dataset.rows - suppressed
  const report: DeidReport = {
    anonymous,
    rows: dataset.rows,
    classes: classes.count,
    suppressedClasses: classes.count - kept.length,
    outliers,
    suppressed,
    suppressedShare: dataset.rows === 0 ? 0 : suppressed / dataset.rows,
    minClassSize: sizes.length === 0 ? 0 : Math.min(...sizes),
    maxClassSize: sizes.length === 0 ? 0 : Math.max(...sizes),
    averageClassSize: kept.length === 0 ? 0 : remaining / kept.length,
    levels: [...levels],
    loss: informationLoss(dataset.heights, levels, dataset.rows === 0 ? 0 : suppressed / dataset.rows),
  }
  const extras: { -readonly [K in keyof DeidReport]?: DeidReport[K] } = {}
  if (options.histogram) extras.histogram = histogramOf(sizes)
  if (criteria.l)
    extras.diversity = { kind: criteria.l.kind, l: criteria.l.l, minimum: minOver(kept, measures!.l) }
  if (criteria.t)
    extras.closeness = { measure: criteria.t.measure, t: criteria.t.t, maximum: maxOver(kept, measures!.t) }
  return { ...report, ...extras }
}

function histogramOf(sizes: readonly number[]): { size: number; classes: number }[] {
  const counts = new Map<number, number>()
  for (const size of sizes) counts.set(size, (counts.get(size) ?? 0) + 1)
  return [...counts].sort((a, b) => a[0] - b[0]).map(([size, classes]) => ({ size, classes }))
}

function minOver(kept: readonly number[], values: Float64Array): number {
  return kept.reduce((min, c) => Math.min(min, values[c]!), kept.length === 0 ? 0 : Infinity)
}

function maxOver(kept: readonly number[], values: Float64Array): number {
  return kept.reduce((max, c) => Math.max(max, values[c]!), 0)
}

// ---------------------------------------------------------------------------------------------
// Information loss

/**
 * The information loss of a transformation, in [0, 1]: Sweeney's precision (the mean over the
 * quasi-identifiers of level / height, so every QI weighs the same whatever its height), with
 * each suppressed record counted as fully generalized (loss 1):
 *   loss = prec + suppressedShare · (1 − prec).
 * We use it instead of ARX's data-dependent "Loss" metric because its lower bound, prec, is
 * monotone in the lattice and needs no data, which makes the search's pruning exact. Its optimum
 * can differ from the transformation ARX reports under its own metric.
 */
export function informationLoss(heights: readonly number[], levels: Transformation, suppressedShare: number): number {
  const prec = precision(heights, levels)
  return prec + suppressedShare * (1 - prec)
}

/** Sweeney's precision loss of a transformation: mean of level / height (a QI of height 0 adds 0). */
export function precision(heights: readonly number[], levels: Transformation): number {
  if (heights.length === 0) return 0
  let sum = 0
  heights.forEach((h, q) => {
    if (h > 0) sum += levels[q]! / h
  })
  return sum / heights.length
}

// ---------------------------------------------------------------------------------------------
// Search of the generalization lattice

export type SearchResult = {
  /** The anonymous transformation of least information loss, with its report; undefined when
   * no transformation (not even the top one) satisfies the criteria. */
  readonly best?: DeidReport & { readonly levels: Transformation; readonly loss: number }
  /** The k-minimal transformations: k-anonymous under the suppression limit, with no
   * k-anonymous predecessor (ℓ and t are not taken into account here). */
  readonly minimalNodes: readonly Transformation[]
  readonly latticeSize: number
  /** Times a transformation's classes were computed (for k alone, then again for ℓ and t). */
  readonly evaluated: number
}

/**
 * Finds the transformation of least information loss (see informationLoss) that satisfies the
 * criteria.
 *
 * k-anonymity with a suppression limit is monotone in the lattice (merging classes never makes a
 * class of ≥ k smaller, so the outliers only shrink): a k-anonymous node's successors all are,
 * a failing node's predecessors all fail. Phase 1 tags every node that way, walking chains from
 * the bottom up and binary-searching each for its boundary (as Flash does), so few nodes are
 * computed. ℓ-diversity and t-closeness with suppression are not monotone, and the loss is not
 * either (a successor may suppress fewer records), so phase 2 computes the k-anonymous nodes in
 * ascending order of their lower bound, the precision, and stops once the bound reaches the best
 * loss found: no node left can beat it.
 */
export function searchTransformation(dataset: Dataset, criteria: PrivacyCriteria): SearchResult {
  assertCriteria(criteria, dataset.sensitive !== undefined)
  const lattice = latticeOf(dataset.heights)
  const compact = compactOf(dataset)
  const status = new Int8Array(lattice.size) // 1 k-anonymous, -1 not, 0 unknown
  const outliersOf = new Float64Array(lattice.size).fill(-1)
  const limit = criteria.suppressionLimit * dataset.rows
  let evaluated = 0
  const outliers = (node: number): number => {
    if (outliersOf[node]! < 0) {
      outliersOf[node] = countOutliers(compact, lattice.levelsOf(node), criteria.k)
      evaluated++
    }
    return outliersOf[node]!
  }
  const check = (node: number): boolean => {
    if (status[node] !== 0) return status[node] === 1
    const anonymous = outliers(node) <= limit
    tag(lattice, status, node, anonymous ? 1 : -1)
    return anonymous
  }

  for (const node of lattice.byHeight) {
    if (status[node] !== 0) continue
    const path = [node]
    for (let next = firstUnknownSuccessor(lattice, status, node); next !== undefined; next = firstUnknownSuccessor(lattice, status, next))
      path.push(next)
    let lo = 0
    let hi = path.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (check(path[mid]!)) hi = mid - 1
      else lo = mid + 1
    }
  }

  const minimalNodes: Transformation[] = []
  const candidates: number[] = []
  for (let node = 0; node < lattice.size; node++) {
    if (status[node] !== 1) continue
    candidates.push(node)
    if (lattice.predecessors(node).every((p) => status[p] === -1)) minimalNodes.push(lattice.levelsOf(node))
  }
  const bounds = new Float64Array(lattice.size)
  for (const node of candidates) bounds[node] = precision(dataset.heights, lattice.levelsOf(node))
  candidates.sort((a, b) => bounds[a]! - bounds[b]! || a - b)

  const needsFull = criteria.l !== undefined || criteria.t !== undefined
  const share = (suppressed: number): number => (dataset.rows === 0 ? 0 : suppressed / dataset.rows)
  let bestNode = -1
  let bestLoss = Infinity
  for (const node of candidates) {
    if (bounds[node]! >= bestLoss - EPSILON) break
    let loss: number
    if (needsFull) {
      const report = evaluate(dataset, lattice.levelsOf(node), criteria)
      evaluated++
      if (!report.anonymous) continue
      loss = report.loss!
    } else {
      loss = informationLoss(dataset.heights, lattice.levelsOf(node), share(outliers(node)))
    }
    if (loss < bestLoss - EPSILON) {
      bestLoss = loss
      bestNode = node
    }
  }
  const best = bestNode < 0 ? undefined : evaluate(dataset, lattice.levelsOf(bestNode), criteria)
  return {
    ...(best ? { best: best as NonNullable<SearchResult['best']> } : {}),
    minimalNodes: minimalNodes.sort(compareLevels),
    latticeSize: lattice.size,
    evaluated,
  }
}

/** The rows grouped by their level-0 values: the k-anonymity checks need only the counts. */
type Compact = {
  readonly codes: readonly (readonly Int32Array[])[]
  readonly cardinality: readonly (readonly number[])[]
  readonly weights: Int32Array
}

function compactOf(dataset: Dataset): Compact {
  const classes = classify(dataset, dataset.heights.map(() => 0))
  const representative = new Int32Array(classes.count).fill(-1)
  for (let r = 0; r < dataset.rows; r++) if (representative[classes.classOf[r]!] === -1) representative[classes.classOf[r]!] = r
  return {
    codes: dataset.codes.map((perLevel) => perLevel.map((codes) => representative.map((r) => codes[r]!))),
    cardinality: dataset.cardinality,
    weights: classes.sizes,
  }
}

// Murmur3's finalizer: spreads keys whose low bits barely differ (mixed-radix keys do).
function mix(x: number): number {
  let h = x ^ (x >>> 16)
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * Groups the rows of a compact by a transformation: mixed-radix keys per row, counted in an open-addressing hash table of typed arrays (much faster
 * than a Map of large numeric keys; the search does this thousands of times). Returns the
 * class sizes.
 */
function rollUp(compact: Compact, levels: Transformation): { weights: Int32Array } {
  const m = compact.weights.length
  // Int32 keys (half the memory traffic of Float64); renumbered densely when the next column
  // would overflow them, which the adult data never needs.
  let keys: Int32Array = new Int32Array(m)
  let radix = 1
  for (let q = 0; q < levels.length; q++) {
    const codes = compact.codes[q]![levels[q]!]!
    const card = compact.cardinality[q]![levels[q]!]!
    if (card === 1) continue
    if (radix * card > INT32_RADIX) {
      const dense = densify(Float64Array.from(keys))
      keys = dense.classOf
      radix = dense.count
    }
    for (let i = 0; i < m; i++) keys[i] = keys[i]! * card + codes[i]!
    radix *= card
  }
  let capacity = 16
  while (capacity < m * 2) capacity *= 2
  const mask = capacity - 1
  const slots = new Int32Array(capacity).fill(-1)
  const counts = new Int32Array(capacity)
  for (let i = 0; i < m; i++) {
    const key = keys[i]!
    let h = mix(key) & mask
    while (slots[h] !== -1 && slots[h] !== key) h = (h + 1) & mask
    slots[h] = key
    counts[h]! += compact.weights[i]!
  }
  let classes = 0
  for (let h = 0; h < capacity; h++) if (counts[h]! > 0) classes++
  const weights = new Int32Array(classes)
  for (let h = 0, c = 0; h < capacity; h++) {
    if (counts[h]! === 0) continue
    weights[c++] = counts[h]!
  }
  return { weights }
}

/** Records in classes smaller than k under a transformation. */
function countOutliers(compact: Compact, levels: Transformation, k: number): number {
  const { weights } = rollUp(compact, levels)
  let outliers = 0
  for (let c = 0; c < weights.length; c++) if (weights[c]! < k) outliers += weights[c]!
  return outliers
}

function compareLevels(a: Transformation, b: Transformation): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

type Lattice = {
  readonly size: number
  /** Nodes in ascending order of the sum of their levels (bottom first). */
  readonly byHeight: readonly number[]
  levelsOf(node: number): number[]
  successors(node: number): number[]
  predecessors(node: number): number[]
}

/** The lattice of level combinations, a node numbered in mixed radix (height + 1 per QI). */
function latticeOf(heights: readonly number[]): Lattice {
  const stride: number[] = []
  let size = 1
  for (const h of heights) {
    stride.push(size)
    size *= h + 1
  }
  if (size > 5_000_000) throw new InputError(`the generalization lattice has ${size} nodes, too many to search`)
  const levelsOf = (node: number): number[] => heights.map((h, q) => Math.floor(node / stride[q]!) % (h + 1))
  const sums = new Int32Array(size)
  for (let node = 0; node < size; node++) sums[node] = levelsOf(node).reduce((a, b) => a + b, 0)
  const byHeight = Array.from({ length: size }, (_, i) => i).sort((a, b) => sums[a]! - sums[b]! || a - b)
  return {
    size,
    byHeight,
    levelsOf,
    successors: (node) => {
      const levels = levelsOf(node)
      const out: number[] = []
      heights.forEach((h, q) => {
        if (levels[q]! < h) out.push(node + stride[q]!)
      })
      return out
    },
    predecessors: (node) => {
      const levels = levelsOf(node)
      const out: number[] = []
      heights.forEach((_, q) => {
        if (levels[q]! > 0) out.push(node - stride[q]!)
      })
      return out
    },
  }
}

// Tags the node and everything above it (value 1) or below it (value -1). A tagged node's
// up-set (down-set) is already tagged, so the walk stops there.
function tag(lattice: Lattice, status: Int8Array, node: number, value: 1 | -1): void {
  const stack = [node]
  status[node] = value
  while (stack.length > 0) {
    const current = stack.pop()!
    for (const next of value === 1 ? lattice.successors(current) : lattice.predecessors(current)) {
      if (status[next] === value) continue
      status[next] = value
      stack.push(next)
    }
  }
}

function firstUnknownSuccessor(lattice: Lattice, status: Int8Array, node: number): number | undefined {
  return lattice.successors(node).find((s) => status[s] === 0)
}

// ---------------------------------------------------------------------------------------------
// Guards

function assertQuasiIdentifiers(quasiIdentifiers: readonly string[]): void {
  if (quasiIdentifiers.length === 0) throw new InputError('name at least one quasi-identifier')
  const seen = new Set<string>()
  for (const qi of quasiIdentifiers) {
    if (seen.has(qi)) throw new InputError(`quasi-identifier ${qi} is named twice`)
    seen.add(qi)
  }
}

function columnIndex(table: Table, column: string): number {
  const index = table.columns.indexOf(column)
  if (index < 0) throw new InputError(`unknown column ${column}; the table has ${table.columns.join(', ')}`)
  return index
}

function hierarchyOf(hierarchies: ReadonlyMap<string, Hierarchy>, column: string): Hierarchy {
  const hierarchy = hierarchies.get(column)
  if (!hierarchy) throw new InputError(`no generalization hierarchy for quasi-identifier ${column}`)
  return hierarchy
}

/** A levels vector has one level per quasi-identifier, each within its hierarchy's height. */
export function assertLevels(levels: Transformation, quasiIdentifiers: readonly string[], heights: readonly number[]): void {
  if (levels.length !== quasiIdentifiers.length)
    throw new InputError(`the transformation has ${levels.length} levels for ${quasiIdentifiers.length} quasi-identifiers (${quasiIdentifiers.join(', ')})`)
  levels.forEach((level, q) => {
    if (!Number.isInteger(level) || level < 0 || level > heights[q]!)
      throw new InputError(`level ${level} of ${quasiIdentifiers[q]} is outside 0..${heights[q]} (its hierarchy's height)`)
  })
}
