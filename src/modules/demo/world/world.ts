import type { SqlRandom } from './random-sql.ts'

/** The seven resources of the demo world's pool, in generation order (DEMO-WORLD.md). */
export const DEMO_TABLES = [
  'market_entities',
  'electricity_usage',
  'water_usage',
  'social_insurance',
  'tax_credit_ratings',
  'bus_trips',
  'scenic_visits',
] as const
export type DemoTable = (typeof DEMO_TABLES)[number]

/**
 * The world's time window: the 24 months up to 2026-10, which holds two ski seasons. Usage is
 * monthly over all of it, insurance over its last 12 months, trips and visits daily.
 */
export const WINDOW_START = '2024-11-01'
export const WINDOW_END = '2026-10-31'
export const USAGE_MONTHS = 24
export const WINDOW_DAYS = 730
export const INSURANCE_FIRST_MONTH = '2025-11-01'
export const INSURANCE_MONTHS = 12
export const RATING_YEARS = [2023, 2024, 2025] as const

export interface WorldSizes {
  readonly entities: number
  readonly persons: number
  readonly trips: number
  /** Transit cards in circulation: about 20 trips each over the window. */
  readonly cards: number
}

export function worldSizes(scale: number): WorldSizes {
  if (!Number.isFinite(scale) || scale <= 0 || scale > 200)
    throw new RangeError(`demo scale must be in (0, 200], got ${scale}`)
  const count = (perScale: number) => Math.max(1, Math.round(perScale * scale))
  return {
    entities: count(20_000),
    persons: count(100_000),
    trips: count(1_000_000),
    cards: count(50_000),
  }
}

export interface WorldContext {
  readonly random: SqlRandom
  readonly sizes: WorldSizes
}
