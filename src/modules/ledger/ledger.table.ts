import type { Selectable } from 'kysely'

/** The office's price cap (上限收费标准, art. 6, 26) for the products of one industrial scenario. */
export interface PriceCapTable {
  scenario_code: string
  /** The highest price per answered call a product of the scenario may charge, in yuan. */
  yuan_per_call: number
  note: string
  set_by: string
  set_at: string
}
export type PriceCapRow = Selectable<PriceCapTable>

/**
 * One cost the operator booked for a product and month (art. 24). Append-only: a correction is
 * a new entry with a negative amount naming the entry it corrects.
 */
export interface LedgerCostTable {
  id: string
  product_code: string
  /** YYYY-MM, the China month the cost belongs to. */
  period: string
  /** In fen (0.01 yuan), so sums are exact; negative for a correction. */
  amount_fen: number
  /** compute, storage, operation, security, other. */
  category: string
  description: string
  /** The entry this one corrects, or null. */
  corrects: string | null
  recorded_by: string
  recorded_org_id: string
  recorded_at: string
}
export type LedgerCostRow = Selectable<LedgerCostTable>

/**
 * One version of a product's agreed revenue shares (art. 26). The shares in force for a month
 * are those of the highest version whose from_period is not after it.
 */
export interface RevenueShareTable {
  id: string
  product_code: string
  /** 1, 2, …: unique per product, so two concurrent changes cannot both land. */
  version: number
  /** YYYY-MM: the first China month the shares apply to. */
  from_period: string
  /** RevenueShare[] as JSON. */
  shares: string
  note: string
  set_by: string
  set_at: string
}
export type RevenueShareRow = Selectable<RevenueShareTable>

/** The ledger's tables; the store's Database extends this. */
export interface LedgerDatabase {
  price_caps: PriceCapTable
  ledger_costs: LedgerCostTable
  revenue_shares: RevenueShareTable
}
