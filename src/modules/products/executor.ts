import { InputError, RuleViolation } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import { openWorkspaceById } from '../authorizations/workspace.service.ts'
import { parse, rowsInDomain } from '../domain/query.service.ts'
import type { ProductExecutor } from '../gateway/gateway.service.ts'
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

export const executeProduct: ProductExecutor = async (platform, product, input) => {
  const spec = JSON.parse(product.spec) as ProductSpec
  if (spec.kind !== 'api') throw new RuleViolation('art03.product-kinds', `product ${product.code} is a ${spec.kind}: only API products are called through the gateway`)
  const entity = input.entityId
  if (!entity) throw new InputError(`product ${product.code} answers for one entity: send entityId`)
  const versions = await versionsOf(platform, product)
  const key = `${product.code}|${product.updated_at}|${versions}|${entity}`
  const hit = cache.get(key)
  if (hit && platform.clock().getTime() - hit.at < CACHE_TTL_MS) return hit.outputs
  const workspace = await openWorkspaceById(platform.store.db, product.workspace_id)
  const { model } = trainedModelOf(await modelRow(platform.store.db, spec.modelId))
  const tree = entityParameterTree(await parse(platform, spec.featureSql), entity)
  const read = await rowsInDomain(platform, workspace, tree, 2)
  if (read.rows.length === 0) throw new RuleViolation('art21.purpose-bound', `the data holds nothing on ${entity} for this product`)
  if (read.rows.length > 1) throw new RuleViolation('art21.raw-data-stays-in-domain', `the product's feature query returns more than one row for one entity: the developer must fix it`)
  const row = read.rows[0]!
  const features = Object.fromEntries(read.columns.map((c, i) => [c, featureValue(row[i])]))
  const scored = scoreModel(model, features)
  const declared = new Set((JSON.parse(product.outputs) as { name: string }[]).map((o) => o.name))
  const outputs = Object.fromEntries(Object.entries(scored).filter(([name, value]) => declared.has(name) && value !== undefined))
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!)
  cache.set(key, { at: platform.clock().getTime(), outputs })
  return outputs
}

/** The pool versions behind the product's sources now: a new load changes the answer. */
async function versionsOf(platform: Platform, product: ProductRow): Promise<string> {
  const codes = (JSON.parse(product.sources) as { resources: { resourceCode: string }[] }).resources.map((r) => r.resourceCode).filter((c) => !c.startsWith('import:'))
  if (codes.length === 0) return ''
  const rows = await platform.store.db.selectFrom('catalog_resources').select(['code', 'pool_version_id']).where('code', 'in', codes).orderBy('code').execute()
  return rows.map((r) => r.pool_version_id ?? '-').join(',')
}

function featureValue(value: unknown): number | string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'string') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return String(value)
}
