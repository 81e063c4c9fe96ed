import { sqlIdentifier, sqlString } from '../../platform/engine/engine.ts'
import type { Platform } from '../../platform/platform.ts'
import type { Workspace } from '../authorizations/workspace.ts'
import { filterSql, versionSource, type SealedSetup, type SealedTable } from './sealed.ts'

/**
 * The sandbox (dev without seeing): synthetic tables with the workspace's schema, drawn from the
 * real data's marginals, in a sealed instance of their own that never holds a real row. Each
 * column keeps its null rate; codes keep their frequencies (values rarer than 10 rows are left
 * out, so the sandbox does not reveal that they exist); numbers and dates follow the 1st–99th
 * percentiles (never a real minimum or maximum); identifiers become synthetic ones drawn from one
 * shared pool, so the keys of different tables still join.
 */

const MAX_ROWS = 20_000
const MAX_CODES = 500
const RARE = 10
const ENTITY_POOL = 2_000
// Synthetic draws are reproducible per workspace; they protect nothing, so a seeded PRNG is right here.
const SEED = 0.42

type Marginal =
  | { kind: 'identifier' }
  | { kind: 'codes'; values: readonly (string | number)[]; nulls: number; type: string }
  | { kind: 'numeric'; quantiles: readonly number[]; nulls: number; type: string }
  | { kind: 'empty' }

interface TableMarginals {
  readonly table: string
  readonly rows: number
  readonly columns: readonly { readonly name: string; readonly marginal: Marginal }[]
}

export function sandboxSetup(platform: Platform, workspace: Workspace, tables: readonly SealedTable[]): SealedSetup {
  return {
    // The same versions give the same sandbox.
    signature: `sandbox:${JSON.stringify(tables)}`,
    async statements() {
      // One table after another: the pool engine's connections share its macro catalog.
      const marginals = []
      for (const t of tables) marginals.push(await tableMarginals(platform, workspace, t))
      return ['SELECT setseed(' + SEED + ')', ...marginals.map(syntheticTable)]
    },
  }
}

async function tableMarginals(platform: Platform, workspace: Workspace, table: SealedTable): Promise<TableMarginals> {
  const granted = workspace.scope.find((t) => t.table === table.table)!
  const identifiers = new Set(workspace.rules.identifiers)
  const source = `(SELECT * FROM ${versionSource(table.file)}${table.rowFilters.length ? ` WHERE ${table.rowFilters.map(filterSql).join(' AND ')}` : ''})`
  const connection = await platform.engine.connect()
  try {
    const rows = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0]![0])
    const columns = []
    for (const field of granted.fields) {
      const column = sqlIdentifier(field.name)
      if (identifiers.has(`${table.table}.${field.name}`) || field.identifier) {
        columns.push({ name: field.name, marginal: { kind: 'identifier' } as Marginal })
        continue
      }
      const [nonNull, distinct] = (await connection.runAndReadAll(`SELECT count(${column}), approx_count_distinct(${column}) FROM ${source}`)).getRows()[0]!.map(Number) as [number, number]
      const nulls = rows > 0 ? 1 - nonNull / rows : 0
      const numeric = ['integer', 'decimal', 'date', 'timestamp'].includes(field.dataType)
      if (nonNull === 0) {
        columns.push({ name: field.name, marginal: { kind: 'empty' } as Marginal })
      } else if (distinct <= MAX_CODES || !numeric) {
        const frequent = await connection.runAndReadAll(
          `SELECT ${column}, count(*) AS n FROM ${source} WHERE ${column} IS NOT NULL GROUP BY 1 HAVING count(*) >= ${RARE} ORDER BY n DESC, 1 LIMIT ${MAX_CODES}`,
        )
        columns.push({ name: field.name, marginal: codes(frequent.getRowsJS().map(([v, n]) => [jsValue(v), Number(n)] as const), nulls, field.dataType) })
      } else {
        const epoch = field.dataType === 'date' ? `(${column} - DATE '1970-01-01')` : field.dataType === 'timestamp' ? `epoch(${column})` : `${column}::DOUBLE`
        const points = Array.from({ length: 99 }, (_, i) => (i + 1) / 100)
        const reader = await connection.runAndReadAll(`SELECT quantile_cont(${epoch}, [${points.join(', ')}]) FROM ${source}`)
        const quantiles = (reader.getRowsJS()[0]![0] as unknown[]).map(Number)
        columns.push({ name: field.name, marginal: { kind: 'numeric', quantiles, nulls, type: field.dataType } as Marginal })
      }
    }
    return { table: table.table, rows: Math.min(rows, MAX_ROWS), columns }
  } finally {
    connection.closeSync()
  }
}

/** Frequencies as a list of at most 1,000 entries, each value repeated by its share (at least once). */
function codes(frequent: readonly (readonly [string | number, number])[], nulls: number, type: string): Marginal {
  if (frequent.length === 0) return { kind: 'empty' }
  const total = frequent.reduce((sum, [, n]) => sum + n, 0)
  const values = frequent.flatMap(([value, n]) => Array.from({ length: Math.max(1, Math.round((n / total) * 1000)) }, () => value))
  return { kind: 'codes', values, nulls, type }
}

function jsValue(value: unknown): string | number {
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'number') return value
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

/** The engine type of a catalog data type, for casting synthetic values back to it. */
const ENGINE_TYPES: Record<string, string> = { string: 'VARCHAR', integer: 'BIGINT', decimal: 'DECIMAL(18,4)', date: 'DATE', timestamp: 'TIMESTAMP', boolean: 'BOOLEAN' }

function literal(value: string | number): string {
  return typeof value === 'number' ? String(value) : sqlString(value)
}

function syntheticTable(t: TableMarginals): string {
  // Each numeric column draws its percentile interval and its place in it once per row, in an inner query.
  const draws = t.columns.flatMap((c, k) => (c.marginal.kind === 'numeric' ? [`1 + floor(random() * ${c.marginal.quantiles.length - 1})::INTEGER AS __i${k}`, `random() AS __f${k}`] : []))
  const expressions = t.columns.map(({ name, marginal }, k) => `${synthetic(marginal, k)} AS ${sqlIdentifier(name)}`)
  return `CREATE TABLE ${sqlIdentifier(t.table)} AS SELECT ${expressions.join(', ')} FROM (SELECT ${['range', ...draws].join(', ')} FROM range(${t.rows}))`
}

function withNulls(expression: string, nulls: number): string {
  return nulls > 0 ? `CASE WHEN random() < ${nulls} THEN NULL ELSE ${expression} END` : expression
}

function synthetic(marginal: Marginal, k: number): string {
  switch (marginal.kind) {
    case 'identifier':
      return `'SYN' || lpad(CAST(floor(random() * ${ENTITY_POOL})::INTEGER AS VARCHAR), 15, '0')`
    case 'empty':
      return 'NULL'
    case 'codes':
      return withNulls(
        `CAST(list_extract([${marginal.values.map(literal).join(', ')}], 1 + floor(random() * ${marginal.values.length})::INTEGER) AS ${ENGINE_TYPES[marginal.type] ?? 'VARCHAR'})`,
        marginal.nulls,
      )
    case 'numeric': {
      const q = `[${marginal.quantiles.join(', ')}]::DOUBLE[]`
      // Uniform between two neighbouring percentiles: the shape of the real distribution, none of its values.
      const between = `(list_extract(${q}, __i${k}) + (list_extract(${q}, __i${k} + 1) - list_extract(${q}, __i${k})) * __f${k})`
      const value =
        marginal.type === 'date'
          ? `(DATE '1970-01-01' + CAST(round(${between}) AS INTEGER))`
          : marginal.type === 'timestamp'
            ? `to_timestamp(${between})::TIMESTAMP`
            : marginal.type === 'integer'
              ? `CAST(round(${between}) AS BIGINT)`
              : `CAST(round(${between}, 2) AS DECIMAL(18,4))`
      return withNulls(value, marginal.nulls)
    }
  }
}
