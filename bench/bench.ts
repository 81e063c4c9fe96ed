/**
 * What a benchmark file returns and the few helpers they share. A benchmark file is any
 * `bench/*.bench.ts` exporting `bench(context)`; `bench/run.ts` finds and runs them all.
 */

/** Per-second figures, one per round; the table quotes their median. */
export interface Figure {
  readonly label: string
  readonly rounds: readonly number[]
  /** Why there are no rounds: the measured code failed. */
  readonly failure?: string
}

export interface BenchRow {
  readonly measurement: string
  readonly shuyu: Figure
  /** The plain operation on the same machine: the limit the shuyu figure is compared with. */
  readonly baseline?: Figure
  /** What the shuyu figure counts, e.g. `entries/s`. */
  readonly unit: string
  /** The least acceptable median, in `unit`; none for rows that only inform. */
  readonly target?: number
  /** Or the least acceptable ratio of the medians, shuyu over baseline. */
  readonly targetRatio?: number
  /**
   * Or the most time shuyu may add to each operation, in milliseconds: for rows whose figures are
   * per second (one operation a count), met when 1000/shuyu − 1000/baseline ≤ this. Needs a baseline.
   */
  readonly targetAddedMs?: number
}

/** One table of the results: one capability, its measurements and what a reader should know. */
export interface BenchTable {
  readonly capability: string
  readonly rows: readonly BenchRow[]
  readonly notes?: readonly string[]
}

export interface BenchContext {
  /** Measured rounds per figure; the median is quoted. */
  readonly rounds: number
  /** Progress for the terminal; never part of the results. */
  log(message: string): void
}

/** What each `bench/*.bench.ts` exports. */
export type BenchFunction = (context: BenchContext) => Promise<readonly BenchTable[]>

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Runs `work` and returns how many `count` per second it managed. */
export async function rate(count: number, work: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now()
  await work()
  const seconds = (performance.now() - started) / 1000
  return count / seconds
}

/** Rounds a rate to three significant figures and groups its thousands: 52,300; 41.3; 0.181. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (value === 0) return '0'
  const digits = Math.floor(Math.log10(Math.abs(value))) - 2
  if (digits < 0) return value.toLocaleString('en-US', { maximumSignificantDigits: 3 })
  const rounded = Math.round(value / 10 ** digits) * 10 ** digits
  return rounded.toLocaleString('en-US')
}
