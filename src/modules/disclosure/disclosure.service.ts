import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { InputError } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate } from '../../platform/time.ts'
import type { ScopeItem } from '../authorizations/authorization.ts'
import { chargedPricing, ledgerFor } from '../ledger/ledger.service.ts'
import { registrationCodeOf } from '../registration/registration.service.ts'

/**
 * Disclosure to the public (信息披露, art. 29): what is authorized to whom, for what and until
 * when; the products on offer and their prices; how much each developer used the data; the
 * registration codes; and the audit log's latest signed checkpoint, so that anyone who keeps it
 * can check later that the log was not rewritten. No login, no personal data, no secrets: names
 * of organizations, codes, counts and amounts only.
 */

export interface DisclosedAuthorization {
  readonly developer: string
  readonly scenario: { readonly code: string; readonly name: string; readonly purposeType: string }
  readonly scope: readonly { readonly resourceCode: string; readonly resourceName: string; readonly fields: readonly string[] }[]
  readonly term: { readonly start: string; readonly end: string }
  readonly status: string
  readonly filedOn: string | null
  readonly workspace: string
}

export interface DisclosedProduct {
  readonly code: string
  readonly name: string
  readonly kind: string
  readonly scenario: string
  readonly developer: string
  readonly pricing: unknown
  readonly registrationCode: string | null
  readonly status: string
}

export interface DataUse {
  readonly developer: string
  readonly workspace: string
  readonly queriesAnswered: number
  readonly queriesRefused: number
  readonly modelsTrained: number
  readonly productCalls: number
}

export interface Disclosure {
  readonly generatedAt: string
  readonly period: { readonly from: string; readonly to: string }
  readonly operator: { readonly name: string; readonly term: { readonly start: string; readonly end: string }; readonly resources: readonly string[] } | null
  readonly authorizations: readonly DisclosedAuthorization[]
  readonly products: readonly DisclosedProduct[]
  readonly dataUse: readonly DataUse[]
  readonly revenue: { readonly calls: number; readonly revenueYuan: number; readonly costsYuan: number } | null
  readonly auditCheckpoint: { readonly seq: number; readonly hash: string; readonly signedAt: string; readonly suite: string; readonly keyId: string; readonly signature: string; readonly publicKey: string | null } | null
}

/** Agreements the public sees: those that were ever in force (filed drafts are not yet decisions). */
const DISCLOSED_STATUSES = ['active', 'suspended', 'terminated', 'expired'] as const

/** The disclosure now (`year` absent: the last 12 months) or for a calendar year, compiled from the platform's records. */
export async function disclosure(platform: Platform, year?: number): Promise<Disclosure> {
  const { db } = platform.store
  const today = chinaDate(platform.clock())
  const period = year === undefined ? { from: shiftYear(today, -1), to: today } : yearPeriod(year, today)
  const [operator, authorizations, products, dataUse, revenue, auditCheckpoint] = await Promise.all([
    disclosedOperator(db),
    disclosedAuthorizations(db, period),
    disclosedProducts(db),
    disclosedUse(db, period),
    disclosedRevenue(db, period),
    latestCheckpoint(db),
  ])
  return { generatedAt: platform.clock().toISOString(), period, operator, authorizations, products, dataUse, revenue, auditCheckpoint }
}

function shiftYear(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) + years}${day.slice(4)}`
}

function yearPeriod(year: number, today: string): { from: string; to: string } {
  if (!Number.isInteger(year) || year < 2025 || `${year}-01-01` > today) throw new InputError(`no disclosure for ${year}: the measures apply from 2025, and the year must have begun`)
  return { from: `${year}-01-01`, to: `${year}-12-31` < today ? `${year}-12-31` : today }
}

async function orgNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('organizations').select(['id', 'name']).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

async function disclosedOperator(db: Kysely<Database>): Promise<Disclosure['operator']> {
  const row = await db.selectFrom('operator_authorizations').selectAll().where('status', '<>', 'ended').orderBy('designated_at', 'desc').executeTakeFirst()
  if (!row) return null
  const names = await orgNames(db)
  return { name: names.get(row.operator_org_id) ?? row.operator_org_id, term: { start: row.term_start, end: row.term_end }, resources: JSON.parse(row.scope) as string[] }
}

async function disclosedAuthorizations(db: Kysely<Database>, period: { from: string; to: string }): Promise<DisclosedAuthorization[]> {
  const rows = await db
    .selectFrom('agreements as a')
    .innerJoin('scenarios as s', 's.id', 'a.scenario_id')
    .select(['a.developer_org_id', 'a.scope', 'a.term_start', 'a.term_end', 'a.status', 'a.filed_at', 'a.workspace_id', 's.code', 's.name', 's.purpose_type'])
    .where('a.status', 'in', [...DISCLOSED_STATUSES])
    .where('a.term_start', '<=', period.to)
    .orderBy('s.code')
    .orderBy('a.term_start')
    .execute()
  const names = await orgNames(db)
  const resources = new Map((await db.selectFrom('catalog_resources').select(['code', 'name']).execute()).map((r) => [r.code, r.name]))
  return rows.map((row) => ({
    developer: names.get(row.developer_org_id) ?? row.developer_org_id,
    scenario: { code: row.code, name: row.name, purposeType: row.purpose_type },
    scope: (JSON.parse(row.scope) as ScopeItem[]).map((item) => ({ resourceCode: item.resourceCode, resourceName: resources.get(item.resourceCode) ?? item.resourceCode, fields: item.fields })),
    term: { start: row.term_start, end: row.term_end },
    status: row.status,
    filedOn: row.filed_at?.slice(0, 10) ?? null,
    workspace: row.workspace_id,
  }))
}

async function disclosedProducts(db: Kysely<Database>): Promise<DisclosedProduct[]> {
  const rows = await db.selectFrom('products').selectAll().where('status', 'in', ['listed', 'suspended', 'cancelled']).orderBy('code').execute()
  const names = await orgNames(db)
  const products: DisclosedProduct[] = []
  for (const row of rows) {
    // Only what was once registered and listed is public: a withdrawn draft, or the unlisted
    // products of a destroyed workspace, never were.
    const registrationCode = await registrationCodeOf(db, 'product', row.code, { cancelled: true })
    if (registrationCode === null) continue
    products.push({
      code: row.code,
      name: row.name,
      kind: row.kind,
      scenario: row.scenario_code,
      developer: names.get(row.developer_org_id) ?? row.developer_org_id,
      pricing: await chargedPricing(db, row.scenario_code, JSON.parse(row.pricing) as unknown),
      registrationCode,
      status: row.status,
    })
  }
  return products
}

/** Per workspace over the period: queries answered and refused, models trained, product calls answered. */
async function disclosedUse(db: Kysely<Database>, period: { from: string; to: string }): Promise<DataUse[]> {
  const from = `${period.from}T00:00:00+08:00`
  const to = `${period.to}T23:59:59.999+08:00`
  const runs = await db
    .selectFrom('query_runs')
    .select(['workspace_id', 'mode', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', from)
    .where('created_at', '<=', to)
    .groupBy(['workspace_id', 'mode', 'status'])
    .execute()
  const calls = await db
    .selectFrom('gateway_calls as c')
    .innerJoin('products as p', 'p.code', 'c.product_code')
    .select(['p.workspace_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('c.status', '=', 200)
    .where('c.called_at', '>=', from)
    .where('c.called_at', '<=', to)
    .groupBy('p.workspace_id')
    .execute()
  const workspaces = await db.selectFrom('workspaces').select(['id', 'developer_org_id']).orderBy('id').execute()
  const names = await orgNames(db)
  return workspaces.map((w) => {
    const count = (predicate: (r: (typeof runs)[number]) => boolean) => runs.filter((r) => r.workspace_id === w.id && predicate(r)).reduce((sum, r) => sum + Number(r.n), 0)
    return {
      developer: names.get(w.developer_org_id) ?? w.developer_org_id,
      workspace: w.id,
      queriesAnswered: count((r) => r.mode !== 'training' && r.status === 'answered'),
      queriesRefused: count((r) => r.status === 'refused'),
      modelsTrained: count((r) => r.mode === 'training'),
      productCalls: Number(calls.find((c) => c.workspace_id === w.id)?.n ?? 0),
    }
  })
}

async function disclosedRevenue(db: Kysely<Database>, period: { from: string; to: string }): Promise<Disclosure['revenue']> {
  const report = await ledgerFor(db, { from: period.from.slice(0, 7), to: period.to.slice(0, 7) })
  const totals = report.totals
  return { calls: totals.callsAnswered, revenueYuan: totals.revenueYuan, costsYuan: totals.costsYuan }
}

async function latestCheckpoint(db: Kysely<Database>): Promise<Disclosure['auditCheckpoint']> {
  const row = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').executeTakeFirst()
  if (!row) return null
  const key = await db.selectFrom('signing_keys').select('public_key').where('id', '=', row.key_id).executeTakeFirst()
  return { seq: Number(row.seq), hash: row.hash, signedAt: row.created_at, suite: row.suite, keyId: row.key_id, signature: row.signature, publicKey: key?.public_key ?? null }
}
