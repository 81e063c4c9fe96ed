import type SqliteDatabase from 'better-sqlite3'
import { CompiledQuery, sql, type Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import type { ProductRow } from '../products/product.table.ts'
import type { Window } from './gateway.ts'
import type { ConsentRow, GatewayCallRow } from './gateway.table.ts'

/**
 * The gateway's per-call queries: what a call is checked against, its counters and its metering
 * row. They run on every call, so on SQLite they are prepared statements on the connection under
 * Kysely (as the audit log's appends are), run inside the group commit's transaction
 * (audit/group-commit.ts); on PostgreSQL one query per kind of fact.
 */

/** The presented key and its organization, if the key hash is known. */
export interface KeyFacts {
  readonly id: string
  readonly org_id: string
  readonly secret_hash: string
  readonly status: string
  readonly products: string
  readonly org_status: string | null
  readonly org_kind: string | null
}

/** The product and the authorization behind it: its workspace and agreement, if they exist. */
export interface ProductFacts {
  readonly product: ProductRow
  readonly workspace: { readonly status: string; readonly status_reason: string | null; readonly agreement_id: string } | undefined
  readonly agreement: { readonly status: string; readonly term_end: string } | undefined
  /** The office's price cap of the product's scenario (art. 26), if it set one. */
  readonly cap: number | undefined
}

export interface CallFacts {
  readonly key: KeyFacts | undefined
  readonly product: ProductFacts | undefined
  readonly consent: ConsentRow | undefined
}

const KEY_SQL = (p: string) =>
  'select k.id, k.org_id, k.secret_hash, k.status, k.products, o.status as org_status, o.kind as org_kind ' +
  `from gateway_keys k left join organizations o on o.id = k.org_id where k.secret_hash = ${p}`

// Aliased with a prefix no products column has, so p.* stays the product row.
const PRODUCT_SQL = (p: string) =>
  'select p.*, w.id as gw_w_id, w.status as gw_w_status, w.status_reason as gw_w_status_reason, w.agreement_id as gw_w_agreement_id, ' +
  'a.id as gw_a_id, a.status as gw_a_status, a.term_end as gw_a_term_end, c.yuan_per_call as gw_cap ' +
  'from products p left join workspaces w on w.id = p.workspace_id left join agreements a on a.id = p.agreement_id ' +
  'left join price_caps c on c.scenario_code = p.scenario_code ' +
  `where p.code = ${p}`

const CONSENT_SQL = (p: string) => `select * from consents where token_hash = ${p}`

interface ProductJoinRow extends ProductRow {
  readonly gw_w_id: string | null
  readonly gw_w_status: string | null
  readonly gw_w_status_reason: string | null
  readonly gw_w_agreement_id: string | null
  readonly gw_a_id: string | null
  readonly gw_a_status: string | null
  readonly gw_a_term_end: string | null
  readonly gw_cap: number | string | null
}

function productFacts(row: ProductJoinRow | undefined): ProductFacts | undefined {
  if (!row) return undefined
  const { gw_w_id, gw_w_status, gw_w_status_reason, gw_w_agreement_id, gw_a_id, gw_a_status, gw_a_term_end, gw_cap, ...product } = row
  return {
    product,
    workspace: gw_w_id === null ? undefined : { status: gw_w_status!, status_reason: gw_w_status_reason, agreement_id: gw_w_agreement_id! },
    agreement: gw_a_id === null ? undefined : { status: gw_a_status!, term_end: gw_a_term_end! },
    // PostgreSQL's numeric arrives as text.
    cap: gw_cap === null ? undefined : Number(gw_cap),
  }
}

interface Statements {
  readonly key: SqliteDatabase.Statement
  readonly product: SqliteDatabase.Statement
  readonly consent: SqliteDatabase.Statement
  readonly count: SqliteDatabase.Statement
  readonly clearSeconds: SqliteDatabase.Statement
  readonly setCount: SqliteDatabase.Statement
  readonly insertCall: SqliteDatabase.Statement
}

const prepared = new WeakMap<SqliteDatabase.Database, Statements>()

function statements(sqlite: SqliteDatabase.Database): Statements {
  let s = prepared.get(sqlite)
  if (!s) {
    s = {
      key: sqlite.prepare(KEY_SQL('?')),
      product: sqlite.prepare(PRODUCT_SQL('?')),
      consent: sqlite.prepare(CONSENT_SQL('?')),
      count: sqlite.prepare(
        'insert into gateway_usage (org_id, product_code, period, calls, ends_at) values (?, ?, ?, 1, ?) ' +
          'on conflict (org_id, product_code, period) do update set calls = gateway_usage.calls + 1 returning calls',
      ),
      clearSeconds: sqlite.prepare(
        "delete from gateway_usage where org_id = ? and product_code = ? and period like 's:%' and ends_at <= ?",
      ),
      setCount: sqlite.prepare('update gateway_usage set calls = ? where org_id = ? and product_code = ? and period = ?'),
      insertCall: sqlite.prepare(
        'insert into gateway_calls (id, key_id, org_id, product_code, entity_hash, consent_id, status, outcome, duration_ms, price_yuan, request_id, called_at) ' +
          'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    }
    prepared.set(sqlite, s)
  }
  return s
}

/** The presented key and its organization, on SQLite, inside the caller's transaction. */
export function keyFactsSqlite(sqlite: SqliteDatabase.Database, keyHash: string): KeyFacts | undefined {
  return statements(sqlite).key.get(keyHash) as KeyFacts | undefined
}

/** The product and the authorization behind it, on SQLite, inside the caller's transaction. */
export function productFactsSqlite(sqlite: SqliteDatabase.Database, productCode: string): ProductFacts | undefined {
  return productFacts(statements(sqlite).product.get(productCode) as ProductJoinRow | undefined)
}

/** The consent a token names, on SQLite, inside the caller's transaction. */
export function consentFactsSqlite(sqlite: SqliteDatabase.Database, consentHash: string): ConsentRow | undefined {
  return statements(sqlite).consent.get(consentHash) as ConsentRow | undefined
}

/** What a call is checked against, on PostgreSQL, in one query per kind of fact; never cached across calls. */
export async function readCallFacts(db: Kysely<Database>, keyHash: string, productCode: string, consentHash: string | undefined): Promise<CallFacts> {
  const [key, product, consent] = await Promise.all([
    db.executeQuery<KeyFacts>(CompiledQuery.raw(KEY_SQL('$1'), [keyHash])),
    db.executeQuery<ProductJoinRow>(CompiledQuery.raw(PRODUCT_SQL('$1'), [productCode])),
    consentHash === undefined ? undefined : db.executeQuery<ConsentRow>(CompiledQuery.raw(CONSENT_SQL('$1'), [consentHash])),
  ])
  return { key: key.rows[0], product: productFacts(product.rows[0]), consent: consent?.rows[0] }
}

export interface CountedCall {
  readonly orgId: string
  readonly productCode: string
  readonly second: Window
  readonly day: Window
  readonly at: string
  readonly ratePerSecond: number
}

/**
 * Counts a call in the second's window and, unless that is over `ratePerSecond`, in the day's;
 * answers the counts so far (`day` undefined when the rate refused). Each count is one atomic
 * upsert: every node shares the store, so the limits hold however many nodes serve the
 * gateway. A second's first call clears this consumer's past seconds: they only pile up. On
 * SQLite, inside the caller's (IMMEDIATE) transaction.
 */
export function countCallSqlite(sqlite: SqliteDatabase.Database, call: CountedCall, counters?: TransactionCounters): { second: number; day: number | undefined } {
  if (!sqlite.inTransaction) throw new Error('a call is counted inside a transaction')
  const s = statements(sqlite)
  const count = (window: Window) =>
    counters?.next(call, window) ?? Number((s.count.get(call.orgId, call.productCode, window.period, window.endsAt) as { calls: number }).calls)
  const second = count(call.second)
  if (second === 1) {
    s.clearSeconds.run(call.orgId, call.productCode, call.at)
    counters?.forgetSecondsBefore(call)
  }
  const day = second > call.ratePerSecond ? undefined : count(call.day)
  counters?.counted(call, call.second, second)
  if (day !== undefined) counters?.counted(call, call.day, day)
  return { second, day }
}

/**
 * The counters a transaction moved, so that the calls after the first in one group commit count
 * in memory what the first read from the store: the transaction holds the store's write lock,
 * so nothing else moves them meanwhile, and `write` stores each final count once before the
 * commit. Each call still gets its own count, in order, as if each had upserted.
 */
export class TransactionCounters {
  readonly #counts = new Map<string, { orgId: string; productCode: string; period: string; calls: number; stored: number }>()

  /** The window's next count, or undefined if this transaction has not counted in it yet. */
  next(call: CountedCall, window: Window): number | undefined {
    const known = this.#counts.get(TransactionCounters.#key(call, window))
    return known === undefined ? undefined : known.calls + 1
  }

  counted(call: CountedCall, window: Window, calls: number): void {
    const key = TransactionCounters.#key(call, window)
    const known = this.#counts.get(key)
    if (known) known.calls = calls
    else this.#counts.set(key, { orgId: call.orgId, productCode: call.productCode, period: window.period, calls, stored: calls })
  }

  /** Past seconds' windows were cleared from the store (clearSeconds): they count from nothing again. */
  forgetSecondsBefore(call: CountedCall): void {
    for (const [key, c] of this.#counts) {
      if (c.orgId === call.orgId && c.productCode === call.productCode && c.period.startsWith('s:') && c.period < call.second.period) this.#counts.delete(key)
    }
  }

  write(sqlite: SqliteDatabase.Database): void {
    const { setCount } = statements(sqlite)
    for (const c of this.#counts.values()) if (c.calls !== c.stored) setCount.run(c.calls, c.orgId, c.productCode, c.period)
  }

  static #key(call: CountedCall, window: Window): string {
    return `${call.orgId}\u0000${call.productCode}\u0000${window.period}`
  }
}

/** countCallSqlite on PostgreSQL, in a transaction of its own. */
export async function countCall(db: Kysely<Database>, call: CountedCall): Promise<{ second: number; day: number | undefined }> {
  return db.transaction().execute(async (trx) => {
    const second = await countWindow(trx, call.orgId, call.productCode, call.second)
    if (second === 1) {
      await trx
        .deleteFrom('gateway_usage')
        .where('org_id', '=', call.orgId)
        .where('product_code', '=', call.productCode)
        .where('period', 'like', 's:%')
        .where('ends_at', '<=', call.at)
        .execute()
    }
    return { second, day: second > call.ratePerSecond ? undefined : await countWindow(trx, call.orgId, call.productCode, call.day) }
  })
}

async function countWindow(db: Kysely<Database>, orgId: string, productCode: string, window: Window): Promise<number> {
  const row = await db
    .insertInto('gateway_usage')
    .values({ org_id: orgId, product_code: productCode, period: window.period, calls: 1, ends_at: window.endsAt })
    .onConflict((oc) => oc.columns(['org_id', 'product_code', 'period']).doUpdateSet({ calls: sql<number>`gateway_usage.calls + 1` }))
    .returning('calls')
    .executeTakeFirstOrThrow()
  return Number(row.calls)
}

/** The call's metering row, on SQLite, inside the transaction of its audit entry. */
export function insertCallSqlite(sqlite: SqliteDatabase.Database, row: GatewayCallRow): void {
  if (!sqlite.inTransaction) throw new Error('a metering row is written inside the transaction of its audit entry')
  statements(sqlite).insertCall.run(
    row.id, row.key_id, row.org_id, row.product_code, row.entity_hash, row.consent_id, row.status,
    row.outcome, row.duration_ms, row.price_yuan, row.request_id, row.called_at,
  )
}

/** The call's metering row, on PostgreSQL, inside `trx` (the transaction of its audit entry). */
export async function insertCall(trx: Kysely<Database>, row: GatewayCallRow): Promise<void> {
  await trx.insertInto('gateway_calls').values(row).execute()
}
