import path from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { sqlIdentifier, sqlString } from '../../platform/engine/engine.ts'
import type { Platform } from '../../platform/platform.ts'
import { filterSql } from '../domain/sealed.ts'
import type { RequestContext } from '../identity/identity.service.ts'
import { poolDir } from '../pool/pool.service.ts'
import { getAgreement } from './agreement.service.ts'
import type { ScopeItem } from './authorization.ts'
import {
  isEntityAttribute,
  linkageK,
  linkageMeasures,
  worseLevel,
  type ClassSizeCount,
  type LinkageMeasures,
  type LinkageRiskLevel,
} from './linkage.ts'

/** What a resource of the scope contributes to the linkage risk. */
export type ResourceLinkage =
  | {
      readonly resourceCode: string
      readonly table: string
      readonly status: 'computed'
      /** The column naming the entity, through which the resource links with the others. */
      readonly entityColumn: string
      /** Granted columns constant per entity: they form the combination. */
      readonly quasiIdentifiers: readonly string[]
      /** Granted columns that vary within an entity (time series): left out of the combination. */
      readonly excluded: readonly string[]
      readonly rows: number
      readonly measures: LinkageMeasures
    }
  | {
      readonly resourceCode: string
      readonly table: string
      readonly status: 'row-level' | 'no-data'
      readonly reason: string
    }

export interface LinkageRisk {
  readonly agreementId: string
  readonly workspaceId: string
  readonly k: number
  /** The worst level of the resources and their combination. */
  readonly level: LinkageRiskLevel
  readonly resources: readonly ResourceLinkage[]
  /** All computed resources joined on their entity columns; null when none could be computed. */
  readonly combined: null | {
    readonly resources: readonly string[]
    readonly quasiIdentifiers: readonly string[]
    readonly measures: LinkageMeasures
    /** How much combining adds to the largest per-resource share of unique entities. */
    readonly addedUniqueShare: number
  }
  readonly method: string
}

const METHOD =
  'Entities are the rows of each resource grouped by its identifier column (the first of the workspace identifiers for that table); ' +
  'quasi-identifiers are the granted columns that are not identifiers. A column enters the combination when it is constant within ' +
  'the entity for at least 95% of entities; an entity whose value does vary is described by the set of its values. Columns that vary ' +
  'within most entities (time series) are excluded and listed. The combined risk joins the resources on their entity columns over ' +
  'every entity any of them holds; rows without an entity value and rows outside the scope’s row filters are not counted.'

/** A resource of the scope as the pool holds it, with its columns sorted into entity and quasi-identifiers. */
interface Source {
  readonly item: ScopeItem
  readonly table: string
  readonly file: string | null
  readonly entityColumn: string | null
  readonly candidates: readonly string[]
}

/**
 * The re-identification risk of the agreement's scope (art. 28), per resource and combined, for
 * the operator before approving it and for the parties and overseers after. Seen by whoever sees
 * the agreement; anyone else is told there is no such agreement.
 */
export async function linkageRisk(platform: Platform, ctx: RequestContext, agreementId: string): Promise<LinkageRisk> {
  const agreement = await getAgreement(platform, ctx, agreementId)
  const rules = agreement.workspace.rules
  const k = linkageK(rules.minDistinctEntities)
  const sources = await Promise.all(agreement.scope.map((item) => sourceOf(platform, item, rules.identifiers)))

  const connection = await platform.engine.connect()
  try {
    const resources: ResourceLinkage[] = []
    const linked: { source: Source; view: string; attributes: readonly { name: string; column: string }[] }[] = []
    for (const [i, source] of sources.entries()) {
      const base = { resourceCode: source.item.resourceCode, table: source.table }
      if (!source.file) {
        resources.push({ ...base, status: 'no-data', reason: 'no data: risk not computed' })
        continue
      }
      if (!source.entityColumn) {
        resources.push({ ...base, status: 'row-level', reason: 'no identifier column granted: its rows describe no entity and link with no other resource' })
        continue
      }
      const view = `linkage_${i}`
      const profile = await profileEntities(connection, view, source)
      const attributes = source.candidates.flatMap((name, j) => (isEntityAttribute(profile.constant[j]!, profile.entities) ? [{ name, column: qiColumn(j) }] : []))
      const sizes = await classSizes(connection, [{ view, columns: attributes.map((a) => a.column) }], profile.entities)
      resources.push({
        ...base,
        status: 'computed',
        entityColumn: source.entityColumn,
        quasiIdentifiers: attributes.map((a) => a.name),
        excluded: source.candidates.filter((c) => !attributes.some((a) => a.name === c)),
        rows: profile.rows,
        measures: linkageMeasures(sizes, k),
      })
      linked.push({ source, view, attributes })
    }

    let combined: LinkageRisk['combined'] = null
    if (linked.length > 0) {
      const sizes = await classSizes(connection, linked.map(({ view, attributes }) => ({ view, columns: attributes.map((a) => a.column) })), null)
      const measures = linkageMeasures(sizes, k)
      const largest = Math.max(...resources.map((r) => (r.status === 'computed' ? r.measures.uniqueShare : 0)))
      combined = {
        resources: linked.map(({ source }) => source.item.resourceCode),
        quasiIdentifiers: linked.flatMap(({ source, attributes }) => attributes.map((a) => `${source.table}.${a.name}`)),
        measures,
        addedUniqueShare: Math.max(0, measures.uniqueShare - largest),
      }
    }
    const levels = [...resources.flatMap((r) => (r.status === 'computed' ? [r.measures.level] : [])), ...(combined ? [combined.measures.level] : [])]
    return {
      agreementId: agreement.id,
      workspaceId: agreement.workspace.id,
      k,
      level: levels.reduce<LinkageRiskLevel>(worseLevel, 'low'),
      resources,
      combined,
      method: METHOD,
    }
  } finally {
    connection.closeSync()
  }
}

async function sourceOf(platform: Platform, item: ScopeItem, identifiers: readonly string[]): Promise<Source> {
  const row = await platform.store.db
    .selectFrom('catalog_resources as r')
    .leftJoin('pool_versions as v', 'v.id', 'r.pool_version_id')
    .select(['r.table_name', 'v.file'])
    .where('r.code', '=', item.resourceCode)
    .executeTakeFirst()
  const table = row?.table_name ?? item.resourceCode
  const identifying = identifiers.filter((c) => c.startsWith(`${table}.`)).map((c) => c.slice(table.length + 1))
  return {
    item,
    table,
    file: row?.file ? path.join(poolDir(platform), row.file) : null,
    entityColumn: identifying.find((c) => item.fields.includes(c)) ?? null,
    candidates: item.fields.filter((c) => !identifying.includes(c)),
  }
}

// Quasi-identifier columns of a view are named by position: the catalog's names stay out of the SQL twice over.
const qiColumn = (j: number) => `q${j}`

/**
 * Reduces the resource to one row per entity, each quasi-identifier as the sorted set of the
 * entity's non-null values, and counts for each column the entities holding at most one value.
 */
async function profileEntities(
  connection: DuckDBConnection,
  view: string,
  source: Source,
): Promise<{ entities: number; rows: number; constant: readonly number[] }> {
  const entity = sqlIdentifier(source.entityColumn!)
  const filters = [`${entity} IS NOT NULL`, ...source.item.rowFilters.map(filterSql)].join(' AND ')
  const lists = source.candidates.map((c, j) => {
    const column = sqlIdentifier(c)
    return `list_sort(list(DISTINCT ${column}) FILTER (WHERE ${column} IS NOT NULL)) AS ${qiColumn(j)}`
  })
  await connection.run(
    `CREATE TEMP TABLE ${view} AS
       SELECT CAST(${entity} AS VARCHAR) AS entity, ${[...lists, 'count(*) AS row_count'].join(', ')}
       FROM read_parquet(${sqlString(source.file!)})
       WHERE ${filters}
       GROUP BY 1`,
  )
  const counts = source.candidates.map((_, j) => `count(*) FILTER (WHERE coalesce(len(${qiColumn(j)}), 0) <= 1) AS c${j}`)
  const reader = await connection.runAndReadAll(`SELECT ${['count(*) AS entities', 'coalesce(sum(row_count), 0) AS rows', ...counts].join(', ')} FROM ${view}`)
  const row = reader.getRowObjectsJS()[0]!
  return { entities: Number(row.entities), rows: Number(row.rows), constant: source.candidates.map((_, j) => Number(row[`c${j}`])) }
}

/**
 * The class-size counts over the union of the views' entities, each view joined on the entity
 * (an entity a view lacks has nulls there). With no quasi-identifier all entities form one class.
 */
async function classSizes(
  connection: DuckDBConnection,
  views: readonly { view: string; columns: readonly string[] }[],
  knownEntities: number | null,
): Promise<ClassSizeCount[]> {
  const entities = views.map(({ view }) => `SELECT entity FROM ${view}`).join(' UNION ')
  const columns = views.flatMap(({ view, columns }) => columns.map((c) => `${view}.${c}`))
  if (columns.length === 0) {
    const n = knownEntities ?? Number((await connection.runAndReadAll(`SELECT count(*) AS n FROM (${entities})`)).getRowObjectsJS()[0]!.n)
    return n > 0 ? [{ size: n, classes: 1 }] : []
  }
  const joins = views.map(({ view }) => `LEFT JOIN ${view} ON ${view}.entity = e.entity`).join(' ')
  const reader = await connection.runAndReadAll(
    `SELECT size, count(*) AS classes
       FROM (SELECT count(*) AS size FROM (${entities}) e ${joins} GROUP BY ${columns.join(', ')})
       GROUP BY size`,
  )
  return reader.getRowObjectsJS().map((r) => ({ size: Number(r.size), classes: Number(r.classes) }))
}
