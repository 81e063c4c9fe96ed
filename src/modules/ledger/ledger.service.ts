import { sql, type Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { InputError, NotAllowedError, NotFoundError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { pricingSchema } from '../gateway/gateway.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import {
  assertCorrectionFits,
  assertCostPeriodBegun,
  cappedPrice,
  assertIndustrialScenario,
  assertPriceWithinCap,
  assertSharesNotRetroactive,
  canSeeLedgerOf,
  canSetPriceCaps,
  fenOf,
  isOperatorOf,
  keepsLedgers,
  MAX_LEDGER_MONTHS,
  monthsBetween,
  nextPeriod,
  orderedShares,
  periodOf,
  readsLedgers,
  revenueFen,
  SHARE_PARTIES,
  shareProblems,
  sharesInForce,
  splitFen,
  supervisesLedgers,
  yuanOf,
  type CostCategory,
  type RevenueShare,
  type ShareParty,
  type ShareVersion,
} from './ledger.ts'
import type { LedgerCostRow, PriceCapRow, RevenueShareRow } from './ledger.table.ts'

/**
 * The product ledger (art. 6, 24, 26): the office's price caps, the operator's costs and agreed
 * revenue shares per product, and the ledger that joins them with the gateway's metered calls.
 * Every mutation appends its audit entry in its own transaction.
 */

function now(platform: Platform): string {
  return chinaTime(platform.clock())
}

function currentPeriod(platform: Platform): string {
  return periodOf(now(platform))
}

// ---------------------------------------------------------------------------- price caps

export interface PriceCap {
  readonly scenarioCode: string
  readonly scenarioName: string
  readonly yuanPerCall: number
  readonly note: string
  readonly setBy: string
  readonly setAt: string
}

export interface PriceCapChange extends PriceCap {
  /** Products of the scenario, not cancelled or rejected, whose per-call price is above the new cap: to be repriced. */
  readonly productsAboveCap: readonly { readonly code: string; readonly status: string; readonly yuanPerCall: number }[]
}

function toPriceCap(row: PriceCapRow, scenarioName: string): PriceCap {
  return {
    scenarioCode: row.scenario_code,
    scenarioName,
    yuanPerCall: Number(row.yuan_per_call),
    note: row.note,
    setBy: row.set_by,
    setAt: row.set_at,
  }
}

/** Per-call price of a stored or declared pricing; null when free. Throws InputError when it is no pricing at all. */
function perCallPrice(pricing: unknown): number | null {
  const parsed = pricingSchema.safeParse(pricing)
  if (!parsed.success) throw new InputError('invalid pricing: free, or per-call with yuanPerCall', [{ path: 'pricing', message: parsed.error.issues[0]?.message ?? 'invalid' }])
  return parsed.data.model === 'per-call' ? parsed.data.yuanPerCall : null
}

/**
 * A product's pricing as calls are charged now: the declared per-call price, or the scenario's
 * cap where the office lowered it below that price (the gateway charges the cap, art. 26), with
 * the declared price kept beside it as `listedYuanPerCall`.
 */
export async function chargedPricing(db: Kysely<Database>, scenarioCode: string, pricing: unknown): Promise<unknown> {
  const parsed = pricingSchema.safeParse(pricing)
  if (!parsed.success || parsed.data.model !== 'per-call') return pricing
  const cap = await db.selectFrom('price_caps').select('yuan_per_call').where('scenario_code', '=', scenarioCode).executeTakeFirst()
  const charged = cappedPrice(parsed.data.yuanPerCall, cap ? Number(cap.yuan_per_call) : undefined)
  return charged === parsed.data.yuanPerCall ? pricing : { ...(pricing as object), yuanPerCall: charged, listedYuanPerCall: parsed.data.yuanPerCall }
}

/** The office sets (or changes) the price cap of an industrial scenario (上限收费标准, art. 6, 26). */
export async function setPriceCap(
  platform: Platform,
  ctx: RequestContext,
  scenarioCode: string,
  input: { readonly yuanPerCall: number; readonly note: string },
): Promise<PriceCapChange> {
  const p = actingPrincipal(ctx)
  if (!canSetPriceCaps(p)) throw new NotAllowedError('price caps are set by the coordination office')
  const { db } = platform.store
  const scenario = await db.selectFrom('scenarios').select(['code', 'name', 'purpose_type']).where('code', '=', scenarioCode).executeTakeFirst()
  if (!scenario) throw new NotFoundError(`no scenario ${scenarioCode}`)
  assertIndustrialScenario(scenario)
  const at = now(platform)
  const row: PriceCapRow = { scenario_code: scenarioCode, yuan_per_call: input.yuanPerCall, note: input.note, set_by: p.userId, set_at: at }
  await db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('price_caps').selectAll().where('scenario_code', '=', scenarioCode)
    if (platform.store.dialect === 'postgres') query = query.forUpdate()
    const before = await query.executeTakeFirst()
    if (before) {
      await trx.updateTable('price_caps').set({ yuan_per_call: row.yuan_per_call, note: row.note, set_by: row.set_by, set_at: row.set_at }).where('scenario_code', '=', scenarioCode).execute()
    } else {
      // Two offices setting a first cap at once: the second insert fails on the key (409).
      await trx.insertInto('price_caps').values(row).execute()
    }
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'ledger.price-cap',
      objectType: 'scenario',
      objectId: scenarioCode,
      action: before ? 'change' : 'set',
      result: 'success',
      reason: input.note.slice(0, 500),
      detail: {
        before: before ? { yuanPerCall: Number(before.yuan_per_call), note: before.note, setBy: before.set_by, setAt: before.set_at } : null,
        after: { yuanPerCall: input.yuanPerCall, note: input.note },
      },
    })
  })
  const products = await db
    .selectFrom('products')
    .select(['code', 'status', 'pricing'])
    .where('scenario_code', '=', scenarioCode)
    .where('status', 'not in', ['cancelled', 'rejected'])
    .orderBy('code')
    .execute()
  const productsAboveCap = products.flatMap((product) => {
    let price: number | null
    try {
      price = perCallPrice(JSON.parse(product.pricing) as unknown)
    } catch {
      return []
    }
    return price !== null && cappedPrice(price, input.yuanPerCall) !== price ? [{ code: product.code, status: product.status, yuanPerCall: price }] : []
  })
  return { ...toPriceCap(row, scenario.name), productsAboveCap }
}

/** Every price cap in force: public facts, for everyone signed in. */
export async function listPriceCaps(platform: Platform, ctx: RequestContext): Promise<PriceCap[]> {
  actingPrincipal(ctx)
  const rows = await platform.store.db
    .selectFrom('price_caps')
    .innerJoin('scenarios', 'scenarios.code', 'price_caps.scenario_code')
    .selectAll('price_caps')
    .select('scenarios.name as scenario_name')
    .orderBy('price_caps.scenario_code')
    .execute()
  return rows.map((row) => toPriceCap(row, row.scenario_name))
}

/**
 * Refuses a product's pricing that its scenario does not allow: any price for a public-interest
 * scenario (art. 6), a per-call price above the office's cap for an industrial one (art. 26).
 * An industrial scenario the office has set no cap for admits any price: the cap is the office's
 * to set, and until it does there is nothing to exceed. Call it when a product is declared or
 * repriced, with the pricing as declared.
 */
export async function assertWithinPriceCap(db: Kysely<Database>, scenarioCode: string, pricing: unknown): Promise<void> {
  const price = perCallPrice(pricing)
  if (price === null) return
  const scenario = await db.selectFrom('scenarios').select(['code', 'purpose_type']).where('code', '=', scenarioCode).executeTakeFirst()
  if (!scenario) throw new NotFoundError(`no scenario ${scenarioCode}`)
  const cap = await db.selectFrom('price_caps').select('yuan_per_call').where('scenario_code', '=', scenarioCode).executeTakeFirst()
  assertPriceWithinCap(scenario, cap ? Number(cap.yuan_per_call) : undefined, price)
}

// ---------------------------------------------------------------------------- products as the ledger sees them

interface LedgerProduct {
  readonly code: string
  readonly name: string
  readonly scenario_code: string
  readonly agreement_id: string
  readonly developer_org_id: string
  readonly operator_org_id: string
}

function productsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('products')
    .innerJoin('agreements', 'agreements.id', 'products.agreement_id')
    .select([
      'products.code as code',
      'products.name as name',
      'products.scenario_code as scenario_code',
      'products.agreement_id as agreement_id',
      'products.developer_org_id as developer_org_id',
      'agreements.operator_org_id as operator_org_id',
    ])
}

/** The product the operator keeps the ledger of: 403 for who keeps no ledger, 404 for a product not its own. */
async function productKeptBy(platform: Platform, ctx: RequestContext, code: string): Promise<LedgerProduct> {
  const p = actingPrincipal(ctx)
  if (!keepsLedgers(p)) throw new NotAllowedError('the ledger of a product is kept by the operator of its agreement (art. 24)')
  const product = await productsQuery(platform.store.db).where('products.code', '=', code).executeTakeFirst()
  if (!product || !isOperatorOf(p, product)) throw new NotFoundError(`no product ${code}`)
  return product
}

/** A product whose ledger the caller may read: 403 for who reads no ledger, 404 for a product it may not see. */
async function productReadBy(platform: Platform, ctx: RequestContext, code: string): Promise<LedgerProduct> {
  const p = actingPrincipal(ctx)
  if (!readsLedgers(p)) throw new NotAllowedError('the ledger is read by the operator, the office, regulators and the product’s developer')
  const product = await productsQuery(platform.store.db).where('products.code', '=', code).executeTakeFirst()
  if (!product || !canSeeLedgerOf(p, product)) throw new NotFoundError(`no product ${code}`)
  return product
}

// ---------------------------------------------------------------------------- costs

export interface Cost {
  readonly id: string
  readonly productCode: string
  readonly period: string
  readonly amountYuan: number
  readonly category: CostCategory
  readonly description: string
  readonly corrects: string | null
  readonly recordedBy: string
  readonly recordedAt: string
}

export interface NewCost {
  readonly productCode: string
  readonly period: string
  /** Positive; negative only for a correction, which names the entry it corrects. */
  readonly amountYuan: number
  readonly category: CostCategory
  readonly description: string
  readonly corrects?: string | undefined
}

function toCost(row: LedgerCostRow): Cost {
  return {
    id: row.id,
    productCode: row.product_code,
    period: row.period,
    amountYuan: yuanOf(Number(row.amount_fen)),
    category: row.category as CostCategory,
    description: row.description,
    corrects: row.corrects,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  }
}

/** The operator books a cost of a product for a month (art. 24); append-only, corrected by a negative entry. */
export async function recordCost(platform: Platform, ctx: RequestContext, input: NewCost): Promise<Cost> {
  const p = actingPrincipal(ctx)
  const product = await productKeptBy(platform, ctx, input.productCode)
  const amountFen = fenOf(input.amountYuan)
  if (amountFen === undefined || amountFen === 0) throw new InputError('amountYuan must be non-zero, with at most two decimals', [{ path: 'body.amountYuan', message: 'invalid amount' }])
  if ((input.corrects === undefined) !== amountFen > 0) {
    throw new InputError('a cost is positive; a correction is negative and names the entry it corrects', [{ path: 'body.amountYuan', message: 'sign does not fit corrects' }])
  }
  assertCostPeriodBegun(input.period, currentPeriod(platform))
  const row: LedgerCostRow = {
    id: newId('cost'),
    product_code: product.code,
    period: input.period,
    amount_fen: amountFen,
    category: input.category,
    description: input.description,
    corrects: input.corrects ?? null,
    recorded_by: p.userId,
    recorded_org_id: p.orgId,
    recorded_at: now(platform),
  }
  await platform.store.db.transaction().execute(async (trx) => {
    if (input.corrects !== undefined) {
      let query = trx.selectFrom('ledger_costs').selectAll().where('id', '=', input.corrects)
      // Lock the original so two corrections cannot together reverse more than it holds.
      if (platform.store.dialect === 'postgres') query = query.forUpdate()
      const original = await query.executeTakeFirst()
      if (!original) throw new NotFoundError(`no cost entry ${input.corrects}`)
      const corrected = await trx
        .selectFrom('ledger_costs')
        .select(sql<number>`coalesce(sum(amount_fen), 0)`.as('fen'))
        .where('corrects', '=', original.id)
        .executeTakeFirstOrThrow()
      assertCorrectionFits(
        { productCode: product.code, period: input.period, amountFen },
        { id: original.id, productCode: original.product_code, period: original.period, amountFen: Number(original.amount_fen), corrects: original.corrects },
        Number(corrected.fen),
      )
    }
    await trx.insertInto('ledger_costs').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'ledger.cost',
      objectType: 'product',
      objectId: product.code,
      action: input.corrects === undefined ? 'record' : 'correct',
      result: 'success',
      detail: { costId: row.id, period: row.period, amountYuan: yuanOf(amountFen), category: row.category, corrects: row.corrects },
    })
  })
  return toCost(row)
}

/** The cost entries of a product, oldest first, for whoever may read its ledger. */
export async function listCosts(platform: Platform, ctx: RequestContext, productCode: string, range: { from?: string | undefined; to?: string | undefined }): Promise<Cost[]> {
  await productReadBy(platform, ctx, productCode)
  let query = platform.store.db.selectFrom('ledger_costs').selectAll().where('product_code', '=', productCode)
  if (range.from) query = query.where('period', '>=', range.from)
  if (range.to) query = query.where('period', '<=', range.to)
  const rows = await query.orderBy('period').orderBy('recorded_at').orderBy('id').execute()
  return rows.map(toCost)
}

// ---------------------------------------------------------------------------- revenue shares

export interface RevenueShares {
  readonly productCode: string
  /** The shares in force this month; version null means none agreed: DEFAULT_SHARES. */
  readonly inForce: { readonly period: string; readonly version: number | null; readonly shares: readonly RevenueShare[] }
  readonly versions: readonly (ShareVersion & { readonly note: string; readonly setBy: string; readonly setAt: string })[]
}

function toVersion(row: RevenueShareRow): RevenueShares['versions'][number] {
  return {
    version: Number(row.version),
    fromPeriod: row.from_period,
    shares: JSON.parse(row.shares) as RevenueShare[],
    note: row.note,
    setBy: row.set_by,
    setAt: row.set_at,
  }
}

async function shareVersions(db: Kysely<Database>, productCodes: readonly string[]): Promise<Map<string, RevenueShares['versions'][number][]>> {
  const byProduct = new Map<string, RevenueShares['versions'][number][]>()
  if (productCodes.length === 0) return byProduct
  const rows = await db.selectFrom('revenue_shares').selectAll().where('product_code', 'in', productCodes).orderBy('product_code').orderBy('version').execute()
  for (const row of rows) byProduct.set(row.product_code, [...(byProduct.get(row.product_code) ?? []), toVersion(row)])
  return byProduct
}

function sharesOf(platform: Platform, code: string, versions: RevenueShares['versions']): RevenueShares {
  const period = currentPeriod(platform)
  return { productCode: code, inForce: { period, ...sharesInForce(versions, period) }, versions }
}

/**
 * The operator records the revenue shares agreed for a product (art. 26), in force from
 * `fromPeriod` (this month or later); a new version, never an overwrite.
 */
export async function setRevenueShares(
  platform: Platform,
  ctx: RequestContext,
  productCode: string,
  input: { readonly fromPeriod: string; readonly shares: readonly RevenueShare[]; readonly note?: string | undefined },
): Promise<RevenueShares> {
  const p = actingPrincipal(ctx)
  const product = await productKeptBy(platform, ctx, productCode)
  const problems = shareProblems(input.shares)
  if (problems.length > 0) throw new InputError(`invalid shares: ${problems.join('; ')}`, problems.map((message) => ({ path: 'body.shares', message })))
  assertSharesNotRetroactive(input.fromPeriod, currentPeriod(platform))
  const shares = orderedShares(input.shares).map((s) => ({ party: s.party, share: s.share }))
  await platform.store.db.transaction().execute(async (trx) => {
    const existing = (await shareVersions(trx, [product.code])).get(product.code) ?? []
    const version = existing.reduce((max, v) => Math.max(max, v.version), 0) + 1
    // Two concurrent changes pick the same number: the unique index refuses the second (409).
    await trx
      .insertInto('revenue_shares')
      .values({ id: newId('share'), product_code: product.code, version, from_period: input.fromPeriod, shares: JSON.stringify(shares), note: input.note ?? '', set_by: p.userId, set_at: now(platform) })
      .execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'ledger.revenue-shares',
      objectType: 'product',
      objectId: product.code,
      action: 'set',
      result: 'success',
      ...(input.note ? { reason: input.note.slice(0, 500) } : {}),
      detail: { version, fromPeriod: input.fromPeriod, before: sharesInForce(existing, input.fromPeriod), after: shares },
    })
  })
  const versions = (await shareVersions(platform.store.db, [product.code])).get(product.code) ?? []
  return sharesOf(platform, product.code, versions)
}

/** A product's share versions and the shares in force this month, for whoever may read its ledger. */
export async function getRevenueShares(platform: Platform, ctx: RequestContext, productCode: string): Promise<RevenueShares> {
  const product = await productReadBy(platform, ctx, productCode)
  const versions = (await shareVersions(platform.store.db, [product.code])).get(product.code) ?? []
  return sharesOf(platform, product.code, versions)
}

// ---------------------------------------------------------------------------- the ledger

export interface PartyAmount {
  readonly party: ShareParty
  /** The agreement's operator or developer; null for the city. */
  readonly orgId: string | null
  readonly amountYuan: number
}

export interface LedgerLine {
  readonly productCode: string
  readonly productName: string
  readonly scenarioCode: string
  readonly agreementId: string
  readonly period: string
  readonly callsAnswered: number
  /** Sum of the prices of the answered calls, rounded half up to the fen. */
  readonly revenueYuan: number
  readonly costsYuan: number
  readonly netYuan: number
  /** The share version applied; null when none was agreed (all to the developer). */
  readonly sharesVersion: number | null
  /** Each party's part of the revenue; the parts add up to the revenue to the fen. */
  readonly shares: readonly (PartyAmount & { readonly share: number })[]
}

export interface LedgerReport {
  readonly from: string
  readonly to: string
  readonly productCode: string | null
  /** Lines per product and month with answered calls or booked costs, by product then month. */
  readonly lines: readonly LedgerLine[]
  readonly totals: {
    readonly callsAnswered: number
    readonly revenueYuan: number
    readonly costsYuan: number
    readonly netYuan: number
    /** Per party and organization, summed over the lines. */
    readonly shares: readonly PartyAmount[]
  }
}

export interface LedgerRange {
  readonly from: string
  readonly to: string
  readonly productCode?: string | undefined
}

/** Whose products a ledger covers: every product, one operator's agreements, or one developer's. */
export interface LedgerScope {
  readonly operatorOrgId?: string
  readonly developerOrgId?: string
}

function assertRange(range: LedgerRange): void {
  if (range.from > range.to) throw new InputError('from is after to', [{ path: 'query.from', message: 'after to' }])
  if (monthsBetween(range.from, range.to) > MAX_LEDGER_MONTHS) {
    throw new InputError(`at most ${MAX_LEDGER_MONTHS} months at a time`, [{ path: 'query.to', message: 'range too long' }])
  }
}

/**
 * The ledger of every product (or one) from one China month to another, both included: what
 * the annual report (art. 27) and disclosure build on; `scope` narrows it to one operator's
 * agreements or one developer's products. No access check: callers on behalf of a user go
 * through `ledger`.
 */
export async function ledgerFor(db: Kysely<Database>, range: LedgerRange, scope: LedgerScope = {}): Promise<LedgerReport> {
  return ledgerIn(db, range, scope)
}

async function ledgerIn(db: Kysely<Database>, range: LedgerRange, scope: LedgerScope): Promise<LedgerReport> {
  assertRange(range)
  let products = productsQuery(db)
  if (range.productCode) products = products.where('products.code', '=', range.productCode)
  if (scope.operatorOrgId) products = products.where('agreements.operator_org_id', '=', scope.operatorOrgId)
  if (scope.developerOrgId) products = products.where('products.developer_org_id', '=', scope.developerOrgId)
  const productRows = await products.orderBy('products.code').execute()
  const byCode = new Map(productRows.map((p) => [p.code, p]))
  const codes = [...byCode.keys()]
  const empty: LedgerReport = {
    from: range.from,
    to: range.to,
    productCode: range.productCode ?? null,
    lines: [],
    totals: { callsAnswered: 0, revenueYuan: 0, costsYuan: 0, netYuan: 0, shares: [] },
  }
  if (codes.length === 0) return empty

  const month = sql<string>`substr(called_at, 1, 7)`
  let calls = db
    .selectFrom('gateway_calls')
    .select((eb) => ['product_code', month.as('period'), 'price_yuan', eb.fn.countAll<number>().as('calls')])
    .where('status', '=', 200)
    .where('called_at', '>=', `${range.from}-01T00:00:00`)
    .where('called_at', '<', `${nextPeriod(range.to)}-01T00:00:00`)
    .groupBy(['product_code', month, 'price_yuan'])
  if (range.productCode || scope.operatorOrgId || scope.developerOrgId) calls = calls.where('product_code', 'in', codes)
  const costs = db
    .selectFrom('ledger_costs')
    .select(['product_code', 'period', sql<number>`sum(amount_fen)`.as('fen')])
    .where('period', '>=', range.from)
    .where('period', '<=', range.to)
    .where('product_code', 'in', codes)
    .groupBy(['product_code', 'period'])

  const lines = new Map<string, { code: string; period: string; calls: number; prices: { calls: number; yuanPerCall: number }[]; costsFen: number }>()
  const line = (code: string, period: string) => {
    const key = `${code}\u0000${period}`
    let found = lines.get(key)
    if (!found) {
      found = { code, period, calls: 0, prices: [], costsFen: 0 }
      lines.set(key, found)
    }
    return found
  }
  for (const row of await calls.execute()) {
    if (!byCode.has(row.product_code)) continue
    const l = line(row.product_code, row.period)
    l.calls += Number(row.calls)
    l.prices.push({ calls: Number(row.calls), yuanPerCall: Number(row.price_yuan) })
  }
  for (const row of await costs.execute()) line(row.product_code, row.period).costsFen += Number(row.fen)

  const versions = await shareVersions(db, [...new Set([...lines.values()].map((l) => l.code))])
  const ledgerLines = [...lines.values()]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.period < b.period ? -1 : a.period > b.period ? 1 : 0))
    .map((l) => {
      const product = byCode.get(l.code)!
      const revenue = revenueFen(l.prices)
      const inForce = sharesInForce(versions.get(l.code) ?? [], l.period)
      const orgOf = (party: ShareParty) => (party === 'operator' ? product.operator_org_id : party === 'developer' ? product.developer_org_id : null)
      const parts = splitFen(revenue, inForce.shares).map((s) => ({ ...s, orgId: orgOf(s.party) }))
      return {
        line: {
          productCode: l.code,
          productName: product.name,
          scenarioCode: product.scenario_code,
          agreementId: product.agreement_id,
          period: l.period,
          callsAnswered: l.calls,
          revenueYuan: yuanOf(revenue),
          costsYuan: yuanOf(l.costsFen),
          netYuan: yuanOf(revenue - l.costsFen),
          sharesVersion: inForce.version,
          shares: parts.map((s) => ({ party: s.party, orgId: s.orgId, share: s.share, amountYuan: yuanOf(s.fen) })),
        } satisfies LedgerLine,
        revenue,
        costs: l.costsFen,
        parts,
      }
    })

  const partTotals = new Map<string, { party: ShareParty; orgId: string | null; fen: number }>()
  for (const { parts } of ledgerLines) {
    for (const part of parts) {
      const key = `${part.party}\u0000${part.orgId ?? ''}`
      const total = partTotals.get(key) ?? { party: part.party, orgId: part.orgId, fen: 0 }
      partTotals.set(key, { ...total, fen: total.fen + part.fen })
    }
  }
  const revenue = ledgerLines.reduce((t, l) => t + l.revenue, 0)
  const costsFen = ledgerLines.reduce((t, l) => t + l.costs, 0)
  return {
    ...empty,
    lines: ledgerLines.map((l) => l.line),
    totals: {
      callsAnswered: ledgerLines.reduce((t, l) => t + l.line.callsAnswered, 0),
      revenueYuan: yuanOf(revenue),
      costsYuan: yuanOf(costsFen),
      netYuan: yuanOf(revenue - costsFen),
      shares: [...partTotals.values()]
        .sort((a, b) => SHARE_PARTIES.indexOf(a.party) - SHARE_PARTIES.indexOf(b.party) || String(a.orgId).localeCompare(String(b.orgId)))
        .map((t) => ({ party: t.party, orgId: t.orgId, amountYuan: yuanOf(t.fen) })),
    },
  }
}

/**
 * The ledger as the caller may read it: the office and regulators every product, an operator
 * the products of its agreements, a developer its own; anyone else is refused.
 */
export async function ledger(platform: Platform, ctx: RequestContext, range: LedgerRange): Promise<LedgerReport> {
  const p = actingPrincipal(ctx)
  if (range.productCode) await productReadBy(platform, ctx, range.productCode)
  if (!readsLedgers(p)) throw new NotAllowedError('the ledger is read by the operator, the office, regulators and the product’s developer')
  const scope: LedgerScope = supervisesLedgers(p) ? {} : keepsLedgers(p) ? { operatorOrgId: p.orgId } : { developerOrgId: p.orgId }
  return ledgerIn(platform.store.db, range, scope)
}
