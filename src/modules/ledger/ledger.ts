import { RuleViolation } from '../../platform/errors.ts'
import { actsForOrganization, type Principal } from '../identity/identity.ts'

/**
 * The product ledger (art. 6, 24, 26): price caps, costs, revenue shares, and the arithmetic
 * that turns metered calls into revenue per product and month. Pure: no I/O.
 *
 * Money: revenue is summed from the gateway's per-call prices in micro-yuan (exact integers),
 * then rounded half up to the fen once per product and month; costs are booked in fen; every
 * total is a sum of those rounded amounts, so the report adds up to the fen.
 */

export const COST_CATEGORIES = ['compute', 'storage', 'operation', 'security', 'other'] as const
export type CostCategory = (typeof COST_CATEGORIES)[number]

/** The parties of art. 26's revenue sharing: the operator, the developer and the city (the government). */
export const SHARE_PARTIES = ['operator', 'developer', 'city'] as const
export type ShareParty = (typeof SHARE_PARTIES)[number]

export interface RevenueShare {
  readonly party: ShareParty
  readonly share: number
}

/**
 * The shares of a product for which none were agreed: all revenue to the developer, who sells
 * the product (the agreement's fee, not a share, is what the operator is paid then).
 */
export const DEFAULT_SHARES: readonly RevenueShare[] = [{ party: 'developer', share: 1 }]

/** A China calendar month of this century, YYYY-MM: the ledger has nothing before the platform. */
export const PERIOD_PATTERN = /^20\d{2}-(0[1-9]|1[0-2])$/

/** The longest ledger asked for at once: five years of months. */
export const MAX_LEDGER_MONTHS = 60

export const SHARE_SUM_TOLERANCE = 1e-9

// ---------------------------------------------------------------------------- periods

/** The China month of an ISO China time (2026-11-27T10:00:00+08:00 → 2026-11). */
export function periodOf(chinaTime: string): string {
  return chinaTime.slice(0, 7)
}

export function nextPeriod(period: string): string {
  const year = Number(period.slice(0, 4))
  const month = Number(period.slice(5, 7))
  return month === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${period.slice(0, 4)}-${String(month + 1).padStart(2, '0')}`
}

/** Months from `from` to `to`, both included (0 when `to` is before `from`). */
export function monthsBetween(from: string, to: string): number {
  const months = (p: string) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1
  return Math.max(0, months(to) - months(from) + 1)
}

// ---------------------------------------------------------------------------- money

/** Whole fen in a yuan amount given with at most two decimals; undefined when it has more. */
export function fenOf(yuan: number): number | undefined {
  const fen = Math.round(yuan * 100)
  return Math.abs(fen - yuan * 100) < 1e-6 ? fen : undefined
}

export function yuanOf(fen: number): number {
  return fen / 100
}

/** A per-call price as integer micro-yuan, the gateway's own precision. */
export function microOf(yuan: number): number {
  return Math.round(yuan * 1_000_000)
}

/**
 * The per-call price charged: the declared one, or the scenario's cap where the office set it
 * lower since (art. 26). Compared in micro-yuan, as the cap is checked at declaration.
 */
export function cappedPrice(yuanPerCall: number, cap: number | undefined): number {
  return cap !== undefined && microOf(yuanPerCall) > microOf(cap) ? cap : yuanPerCall
}

/** Micro-yuan rounded half up (四舍五入) to the fen; revenue is never negative. */
export function microToFen(micro: number): number {
  return Math.floor((micro + 5_000) / 10_000)
}

/**
 * Revenue in fen of answered calls grouped by price: each group's count times its price in
 * micro-yuan, summed exactly, then rounded once to the fen.
 */
export function revenueFen(groups: readonly { readonly calls: number; readonly yuanPerCall: number }[]): number {
  return microToFen(groups.reduce((sum, g) => sum + g.calls * microOf(g.yuanPerCall), 0))
}

// ---------------------------------------------------------------------------- shares

/** What is wrong with a set of shares (empty when nothing): each party once, each in (0, 1], summing to 1. */
export function shareProblems(shares: readonly RevenueShare[]): string[] {
  const problems: string[] = []
  if (shares.length === 0) problems.push('name at least one party')
  const seen = new Set<string>()
  for (const s of shares) {
    if (seen.has(s.party)) problems.push(`party ${s.party} appears more than once`)
    seen.add(s.party)
    if (!(s.share > 0 && s.share <= 1)) problems.push(`the share of ${s.party} must lie in (0, 1]`)
  }
  const sum = shares.reduce((t, s) => t + s.share, 0)
  if (shares.length > 0 && Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) problems.push(`the shares sum to ${sum}, not 1`)
  return problems
}

/** Shares in the parties' fixed order (operator, developer, city): stable output, stable remainders. */
export function orderedShares(shares: readonly RevenueShare[]): RevenueShare[] {
  return [...shares].sort((a, b) => SHARE_PARTIES.indexOf(a.party) - SHARE_PARTIES.indexOf(b.party))
}

/**
 * Splits an amount in fen among the parties so the parts add up to it exactly: each gets the
 * floor of its share, and the fen left over go one by one to the largest remainders (ties to the
 * party first in SHARE_PARTIES).
 */
export function splitFen(amountFen: number, shares: readonly RevenueShare[]): { party: ShareParty; share: number; fen: number }[] {
  const ordered = orderedShares(shares)
  const exact = ordered.map((s) => amountFen * s.share)
  const parts = exact.map((x) => Math.floor(x + 1e-9))
  let left = amountFen - parts.reduce((t, p) => t + p, 0)
  const byRemainder = exact.map((x, i) => ({ i, r: x - parts[i]! })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of byRemainder) {
    if (left <= 0) break
    parts[i] = parts[i]! + 1
    left -= 1
  }
  return ordered.map((s, i) => ({ party: s.party, share: s.share, fen: parts[i]! }))
}

export interface ShareVersion {
  readonly version: number
  readonly fromPeriod: string
  readonly shares: readonly RevenueShare[]
}

/**
 * The shares in force for a month: the latest version (highest number) that applies from that
 * month or earlier; DEFAULT_SHARES when none does. A later change thus governs every month from
 * its own fromPeriod on, and months before it keep what was in force for them.
 */
export function sharesInForce(versions: readonly ShareVersion[], period: string): { version: number | null; shares: readonly RevenueShare[] } {
  let found: ShareVersion | undefined
  for (const v of versions) {
    if (v.fromPeriod <= period && (!found || v.version > found.version)) found = v
  }
  return found ? { version: found.version, shares: found.shares } : { version: null, shares: DEFAULT_SHARES }
}

// ---------------------------------------------------------------------------- rules

/** Art. 26: a change of the agreed shares applies from the current month on; months already running or closed keep theirs. */
export function assertSharesNotRetroactive(fromPeriod: string, currentPeriod: string): void {
  if (fromPeriod < currentPeriod) {
    throw new RuleViolation(
      'art26.pricing-revenue-sharing',
      `revenue shares change from ${currentPeriod} at the earliest: the months before keep the shares that were in force for them`,
    )
  }
}

/** Art. 24: costs are booked for a month that has begun, not for one to come. */
export function assertCostPeriodBegun(period: string, currentPeriod: string): void {
  if (period > currentPeriod) {
    throw new RuleViolation('art24.product-ledger', `costs are booked for a month that has begun: ${period} is after ${currentPeriod}`)
  }
}

/**
 * Art. 24: a correction reverses (part of) one original entry of the same product and month,
 * never more than what is left of it.
 */
export function assertCorrectionFits(
  correction: { readonly productCode: string; readonly period: string; readonly amountFen: number },
  original: { readonly id: string; readonly productCode: string; readonly period: string; readonly amountFen: number; readonly corrects: string | null },
  alreadyCorrectedFen: number,
): void {
  if (original.productCode !== correction.productCode) {
    throw new RuleViolation('art24.product-ledger', `cost entry ${original.id} belongs to another product: a correction concerns the product of the entry it corrects`)
  }
  if (original.corrects !== null) {
    throw new RuleViolation('art24.product-ledger', `cost entry ${original.id} is itself a correction: correct the original entry ${original.corrects}`)
  }
  if (original.period !== correction.period) {
    throw new RuleViolation('art24.product-ledger', `cost entry ${original.id} is booked for ${original.period}: its correction belongs to the same month`)
  }
  const remaining = original.amountFen + alreadyCorrectedFen
  if (-correction.amountFen > remaining) {
    throw new RuleViolation('art24.product-ledger', `cost entry ${original.id} has ${yuanOf(remaining)} yuan left to correct: a correction of ${yuanOf(-correction.amountFen)} yuan reverses more than was booked`)
  }
}

/** Art. 6: the purpose of a scenario decides whether its products may be priced at all. */
export function assertIndustrialScenario(scenario: { readonly code: string; readonly purpose_type: string }): void {
  if (scenario.purpose_type !== 'industrial') {
    throw new RuleViolation('art06.use-purpose-pricing', `scenario ${scenario.code} serves the public interest: its products are free, so it takes no price cap`)
  }
}

/**
 * Art. 6 and 26: a priced product of a public-interest scenario is refused, and a per-call price
 * above the office's cap for an industrial scenario. An industrial scenario without a cap (cap
 * undefined) admits any price: the office has not set one yet, and the measures set none itself.
 */
export function assertPriceWithinCap(
  scenario: { readonly code: string; readonly purpose_type: string },
  cap: number | undefined,
  yuanPerCall: number | null,
): void {
  if (yuanPerCall === null) return
  if (scenario.purpose_type !== 'industrial') {
    throw new RuleViolation('art06.use-purpose-pricing', `scenario ${scenario.code} serves the public interest: its products are free (pricing model "free")`)
  }
  if (cap !== undefined && microOf(yuanPerCall) > microOf(cap)) {
    throw new RuleViolation(
      'art26.pricing-revenue-sharing',
      `the price of ${yuanPerCall} yuan per call is above the cap of ${cap} yuan per call the office set for scenario ${scenario.code}`,
    )
  }
}

// ---------------------------------------------------------------------------- who may

/** The office sets price caps (上限收费标准). */
export function canSetPriceCaps(p: Principal): boolean {
  return p.orgKind === 'office' && actsForOrganization(p)
}

/** The operator of a product's agreement keeps its ledger: costs and revenue shares (art. 24, 26). */
export function isOperatorOf(p: Principal, product: { readonly operator_org_id: string }): boolean {
  return p.orgKind === 'operator' && p.orgId === product.operator_org_id && actsForOrganization(p)
}

/** Operators keep ledgers; nobody else books into one. */
export function keepsLedgers(p: Principal): boolean {
  return p.orgKind === 'operator' && actsForOrganization(p)
}

/** The office and regulators supervise every ledger. */
export function supervisesLedgers(p: Principal): boolean {
  return (p.orgKind === 'office' || p.orgKind === 'regulator') && actsForOrganization(p)
}

/** Who reads ledgers at all: operators (their products), the office and regulators (all), developers (their own). */
export function readsLedgers(p: Principal): boolean {
  return keepsLedgers(p) || supervisesLedgers(p) || (p.orgKind === 'developer' && actsForOrganization(p))
}

export function canSeeLedgerOf(p: Principal, product: { readonly operator_org_id: string; readonly developer_org_id: string }): boolean {
  if (supervisesLedgers(p)) return true
  if (isOperatorOf(p, product)) return true
  return p.orgKind === 'developer' && p.orgId === product.developer_org_id && actsForOrganization(p)
}
