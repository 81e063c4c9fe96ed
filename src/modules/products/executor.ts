import type SqliteDatabase from 'better-sqlite3'
import type { CompiledQuery, Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { InputError, RuleViolation } from '../../platform/errors.ts'
import { memoizeByText } from '../../platform/memo.ts'
import type { Platform } from '../../platform/platform.ts'
import { openWorkspaceById } from '../authorizations/workspace.service.ts'
import { parse, rowsInDomain } from '../domain/query.service.ts'
import type { Batch } from '../audit/group-commit.ts'
import type { ProductExecutor, ProductInput } from '../gateway/gateway.service.ts'
import { modelRow, trainedModelOf } from './model.service.ts'
import { scoreModel } from './model.ts'
import type { ProductRow } from './product.table.ts'
import type { ProductSpec } from './spec.ts'
import { entityParameterTree } from './spec.ts'

/**
 * Serving an API product inside the domain (接口管理): the entity's features are read in the
 * workspace's sealed copy by the product's feature query, scored by its model, and only the
 * declared outputs leave. Answers are kept for a minute per entity and pool versions, so a
 * burst of calls for one enterprise reads the data once; a new pool version or model misses.
 */

const CACHE_TTL_MS = 60_000
const CACHE_MAX = 10_000
const cache = new Map<string, { at: number; outputs: Record<string, unknown> }>()

const serve = async (platform: Platform, product: ProductRow, input: ProductInput): Promise<Record<string, unknown>> => {
  const spec = parsedOnce(product.spec) as ProductSpec
  if (spec.kind !== 'api') throw new RuleViolation('art03.product-kinds', `product ${product.code} is a ${spec.kind}: only API products are called through the gateway`)
  const entity = input.entityId
  if (!entity) throw new InputError(`product ${product.code} answers for one entity: send entityId`)
  const key = cacheKey(product, await versionsOf(platform, product), entity)
  const hit = fresh(platform, key)
  if (hit) return hit
  const workspace = await openWorkspaceById(platform.store.db, product.workspace_id)
  const { model } = trainedModelOf(await modelRow(platform.store.db, spec.modelId))
  const tree = entityParameterTree(await parse(platform, spec.featureSql), entity)
  const read = await rowsInDomain(platform, workspace, tree, 2)
  if (read.rows.length === 0) throw new RuleViolation('art21.purpose-bound', `the data holds nothing on ${entity} for this product`)
  if (read.rows.length > 1) throw new RuleViolation('art21.raw-data-stays-in-domain', `the product's feature query returns more than one row for one entity: the developer must fix it`)
  const row = read.rows[0]!
  const features = Object.fromEntries(read.columns.map((c, i) => [c, featureValue(row[i])]))
  let scored: ReturnType<typeof scoreModel>
  try {
    scored = scoreModel(model, features)
  } catch {
    // The product's own query fed its model what it cannot score: the developer's fault, not the
    // consumer's input, so no 4xx, and nothing of the row in the answer. The gateway answers 502.
    throw new Error(`product ${product.code}: its feature query returned values its model cannot score`)
  }
  const declared = new Set((JSON.parse(product.outputs) as { name: string }[]).map((o) => o.name))
  const outputs = Object.fromEntries(Object.entries(scored).filter(([name, value]) => declared.has(name) && value !== undefined))
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!)
  cache.set(key, { at: platform.clock().getTime(), outputs })
  return outputs
}

/**
 * An answer kept for this entity and the current pool versions, found inside the gateway's
 * admitting transaction (SQLite): the versions are read there once per batch, as committed.
 */
function held(platform: Platform, product: ProductRow, input: ProductInput, batch: Batch): Record<string, unknown> | undefined {
  if (!input.entityId || (parsedOnce(product.spec) as ProductSpec).kind !== 'api') return undefined
  const codes = sourceCodes(product.sources)
  const versions = codes.length === 0 ? '' : batch.once(`versions\u0000${codes.join(',')}`, () => readVersions(batch.sqlite, codes))
  return fresh(platform, cacheKey(product, versions, input.entityId))
}

export const executeProduct: ProductExecutor = Object.assign(serve, { held })

function cacheKey(product: ProductRow, versions: string, entity: string): string {
  return `${product.code}|${product.updated_at}|${versions}|${entity}`
}

function fresh(platform: Platform, key: string): Record<string, unknown> | undefined {
  const hit = cache.get(key)
  return hit && platform.clock().getTime() - hit.at < CACHE_TTL_MS ? hit.outputs : undefined
}

/** The pool versions behind the product's sources now: a new load changes the answer. */
async function versionsOf(platform: Platform, product: ProductRow): Promise<string> {
  const codes = sourceCodes(product.sources)
  if (codes.length === 0) return ''
  const { sqlite } = platform.store
  // No transaction open on the connection: this one read, run at once, joins none and sees
  // what is committed (it cannot interleave with anything, being synchronous).
  if (sqlite && !sqlite.inTransaction) {
    return readThisTurn(sqlite, codes, () => readVersions(sqlite, codes))
  }
  const { rows } = await platform.store.db.executeQuery(versionsQuery(platform.store.db, codes))
  return rows.map((r) => r.pool_version_id ?? '-').join(',')
}

function readVersions(sqlite: SqliteDatabase.Database, codes: readonly string[]): string {
  return (versionsStatement(sqlite, codes.length).all(...codes) as { pool_version_id: string | null }[]).map((r) => r.pool_version_id ?? '-').join(',')
}

/**
 * Versions read in the current turn of the event loop, by connection and sources: the calls a
 * group commit admitted together run their products in one turn, and read the versions once, as
 * if at the first of them. Forgotten at the end of the turn.
 */
const turnReads = new Map<SqliteDatabase.Database, Map<readonly string[], string>>()

function readThisTurn(sqlite: SqliteDatabase.Database, codes: readonly string[], read: () => string): string {
  let reads = turnReads.get(sqlite)
  if (!reads) {
    if (turnReads.size === 0) setImmediate(() => turnReads.clear())
    turnReads.set(sqlite, (reads = new Map()))
  }
  let versions = reads.get(codes)
  if (versions === undefined) reads.set(codes, (versions = read()))
  return versions
}

/** The catalog resources among a product's sources (imports have no pool version), once per text. */
const sourceCodes = memoizeByText(
  (sources): readonly string[] =>
    Object.freeze((JSON.parse(sources) as { resources: { resourceCode: string }[] }).resources.map((r) => r.resourceCode).filter((c) => !c.startsWith('import:'))),
  CACHE_MAX,
)

/** By the number of sources: `in (?, ?, …)` reads each by its key. */
const versionStatements = new WeakMap<SqliteDatabase.Database, Map<number, SqliteDatabase.Statement>>()

function versionsStatement(sqlite: SqliteDatabase.Database, count: number): SqliteDatabase.Statement {
  let byCount = versionStatements.get(sqlite)
  if (!byCount) versionStatements.set(sqlite, (byCount = new Map()))
  let statement = byCount.get(count)
  if (!statement) {
    const placeholders = Array.from({ length: count }, () => '?').join(', ')
    statement = sqlite.prepare(`select code, pool_version_id from catalog_resources where code in (${placeholders}) order by code`)
    byCount.set(count, statement)
  }
  return statement
}

/**
 * The versions query of a list of sources, compiled once per store and list: building and
 * compiling it on every call cost more than running it.
 */
const versionQueries = new WeakMap<Kysely<Database>, Map<string, CompiledQuery<{ code: string; pool_version_id: string | null }>>>()

function versionsQuery(db: Kysely<Database>, codes: readonly string[]): CompiledQuery<{ code: string; pool_version_id: string | null }> {
  let queries = versionQueries.get(db)
  if (!queries) versionQueries.set(db, (queries = new Map()))
  const key = codes.join('\n')
  let query = queries.get(key)
  if (!query) {
    query = db.selectFrom('catalog_resources').select(['code', 'pool_version_id']).where('code', 'in', codes).orderBy('code').compile()
    if (queries.size >= CACHE_MAX) queries.clear()
    queries.set(key, query)
  }
  return query
}

/**
 * A product's JSON columns, parsed once per text: the row is read on every call, and the same
 * text always parses the same. Frozen, as the answer is shared.
 */
const parsedOnce = memoizeByText((text): unknown => deepFreeze(JSON.parse(text) as unknown), CACHE_MAX)

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

function featureValue(value: unknown): number | string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'string') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return String(value)
}
