import { sqlIdentifier } from '../../platform/engine/engine.ts'
import type { BoundsTargets, CopyFacts, TableColumn } from './gate/bounds.ts'
import { QueryCancelled } from './sealed.ts'

/**
 * Facts of a workspace's sealed copy that the gate's bounds rest on (gate/bounds.ts): the most
 * rows one entity has in a table, whether a column holds NULLs, and its least and largest values. They are
 * read from the copy itself, by the gate's own SQL, once per copy: the key names the copy (the
 * workspace and the signature of what it was built from), so a new version or scope, a mask or
 * an import, reads them afresh.
 */

interface ColumnFacts {
  readonly nulls: boolean
  readonly least: number | null
  readonly largest: number | null
}

const MAX_ENTRIES = 10_000
const known = new Map<string, Promise<number | ColumnFacts>>()

/** Runs one of the gate's statements on the copy and answers its rows. */
export type CopyRun = (sql: string) => Promise<readonly (readonly unknown[])[]>

export async function copyFacts(run: CopyRun, copy: string, targets: BoundsTargets): Promise<CopyFacts> {
  const rowsPerEntity = new Map<string, number>()
  const columns = new Map<string, ColumnFacts>()
  const name = (c: TableColumn) => `${c.table}.${c.column}`
  for (const entity of targets.entities) {
    // A table keyed by its entity has one row per entity in a cell: no need to count.
    if (!targets.perRow) rowsPerEntity.set(name(entity), (await remember(`${copy}\u0000entity\u0000${name(entity)}`, () => mostRows(run, entity))) as number)
    columns.set(name(entity), (await remember(`${copy}\u0000column\u0000${name(entity)}`, () => columnFacts(run, entity, false))) as ColumnFacts)
  }
  for (const value of targets.values.values()) {
    columns.set(name(value), (await remember(`${copy}\u0000value\u0000${name(value)}`, () => columnFacts(run, value, true))) as ColumnFacts)
  }
  const column = (c: TableColumn) => {
    const facts = columns.get(name(c))
    if (!facts) throw new Error(`no facts read for ${name(c)}`)
    return facts
  }
  return {
    rowsPerEntity: (c) => {
      const most = rowsPerEntity.get(name(c))
      if (most === undefined) throw new Error(`no rows per entity read for ${name(c)}`)
      return most
    },
    hasNulls: (c) => column(c).nulls,
    least: (c) => column(c).least,
    largest: (c) => column(c).largest,
  }
}

async function remember(key: string, read: () => Promise<number | ColumnFacts>): Promise<number | ColumnFacts> {
  let facts = known.get(key)
  if (!facts) {
    if (known.size >= MAX_ENTRIES) known.clear()
    facts = read()
    known.set(key, facts)
    // A failed read (past the time limit, most likely) is not tried again on this copy: its
    // queries go straight to the other passes rather than each wait for the limit again. A read
    // stopped because its query was cancelled says nothing of the copy: the next query reads again.
    const reading = facts
    reading.catch((error: unknown) => {
      if (error instanceof QueryCancelled && known.get(key) === reading) known.delete(key)
    })
  }
  return facts
}

async function mostRows(run: CopyRun, entity: TableColumn): Promise<number> {
  const column = sqlIdentifier(entity.column)
  const rows = await run(`SELECT coalesce(max(n), 0) AS most FROM (SELECT count(*) AS n FROM ${sqlIdentifier(entity.table)} WHERE ${column} IS NOT NULL GROUP BY ${column})`)
  return Number(rows[0]![0])
}

async function columnFacts(run: CopyRun, c: TableColumn, numeric: boolean): Promise<ColumnFacts> {
  const column = sqlIdentifier(c.column)
  const rows = await run(`SELECT count(*) - count(${column}) AS nulls${numeric ? `, min(${column}) AS least, max(${column}) AS largest` : ''} FROM ${sqlIdentifier(c.table)}`)
  const [nulls, least, largest] = rows[0]!
  return { nulls: Number(nulls) > 0, least: finite(least), largest: finite(largest) }
}

/** A least or largest value that is not a finite number is no bound: each cell's is read instead. */
function finite(value: unknown): number | null {
  const n = value === null || value === undefined ? NaN : Number(value)
  return Number.isFinite(n) ? n : null
}
