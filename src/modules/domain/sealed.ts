import fs from 'node:fs'
import path from 'node:path'
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api'
import { ConflictError, RuleViolation } from '../../platform/errors.ts'
import { TextMemo } from '../../platform/memo.ts'
import { sqlIdentifier, sqlString } from '../../platform/engine/engine.ts'
import type { RowFilter } from '../authorizations/authorization.ts'

/**
 * The secure domain's engines (the second wall, after the gate's analysis). Each workspace gets
 * a DuckDB instance of its own that holds only what its authorization grants: the granted
 * columns of the granted tables, row filters applied, copied in memory from the pool's version
 * files. Then file and network access is switched off and the configuration locked, so nothing
 * a query does can reach the pool, another workspace, the disk or the network. A separate
 * parser instance, holding no data at all, serializes queries for the gate.
 */

export interface SealedTable {
  readonly table: string
  /** The pool version file serving the resource now. */
  readonly file: string
  readonly columns: readonly string[]
  readonly rowFilters: readonly RowFilter[]
}

export interface SealedLimits {
  readonly memoryMb: number
  readonly timeoutMs: number
  /** Aborted when whoever waits for the answer is gone (the request closed): the run stops at once. */
  readonly signal?: AbortSignal
}

/**
 * The run was stopped because its request closed before the answer: the developer cancelled it.
 * Nobody reads this answer; the run is recorded as cancelled.
 */
export class QueryCancelled extends ConflictError {
  constructor() {
    super('the query was cancelled: its request closed before the answer, and the run was stopped')
  }
}

/** What a sealed instance is built from: the statements that fill it, and a signature of them. */
export interface SealedSetup {
  readonly signature: string
  statements(): Promise<readonly string[]>
  /** Work done in code after the statements, before the instance is locked (masking, imports). */
  fill?(connection: DuckDBConnection): Promise<void>
}

export interface SealedResult {
  readonly columns: readonly string[]
  readonly rows: readonly unknown[][]
}

interface SealedInstance {
  readonly signature: string
  readonly instance: DuckDBInstance
  /**
   * Connections a query left cleanly, for the next: a new one costs a round trip to the engine
   * on every query. Only SELECTs run on them and the configuration is locked, so a query leaves
   * nothing behind on its connection for the next one to see.
   */
  readonly idle: DuckDBConnection[]
  /** Once the copy is dropped: its connections are closed as their queries end. */
  retired: boolean
}

/** Idle connections kept per instance: as many as queries commonly run at once on one workspace. */
const IDLE_CONNECTIONS = 4

function retire(sealed: SealedInstance): void {
  sealed.retired = true
  for (const connection of sealed.idle.splice(0)) connection.closeSync()
}

export interface DomainEngines {
  /** Runs `SELECT json_serialize_sql(sql)` on the data-less parser instance. */
  serialize(sql: string): Promise<unknown>
  deserialize(json: string): Promise<string>
  /**
   * Runs one SELECT in a sealed instance (`key`: the workspace, or its sandbox), built from the
   * setup the first time and whenever its signature changes; stopped at the time limit, or
   * at once with QueryCancelled when the limits' signal aborts.
   */
  run(key: string, setup: SealedSetup, limits: SealedLimits, sql: string): Promise<SealedResult>
  /** Forgets a workspace's instance (its authorization ended): the next query builds afresh. */
  release(workspaceId: string): void
  close(): void
}

export function openDomainEngines(tempDir: string): DomainEngines {
  const sealed = new Map<string, Promise<SealedInstance>>()
  let parser: Promise<DuckDBConnection> | undefined
  // The parser's answers depend on the text alone: a query run again (a developer's next try, a
  // template behind an API product) skips the round trips to the engine.
  const trees = new TextMemo(PARSER_MEMO_CHARS)
  const texts = new TextMemo(PARSER_MEMO_CHARS)

  const parserConnection = () => {
    parser ??= (async () => {
      const instance = await DuckDBInstance.create(':memory:', { ...LOCKED_OPTIONS, memory_limit: '256MB', threads: '1' })
      const connection = await instance.connect()
      await connection.run('SET enable_external_access = false')
      await connection.run('SET lock_configuration = true')
      return connection
    })()
    return parser
  }

  const instanceFor = async (key: string, setup: SealedSetup, limits: SealedLimits): Promise<SealedInstance> => {
    const signature = JSON.stringify({ setup: setup.signature, memory: limits.memoryMb })
    const current = sealed.get(key)
    if (current) {
      const ready = await current.catch(() => undefined)
      if (ready?.signature === signature) return ready
      // A new pool version or scope: the old copy is dropped, not closed, so queries running on it
      // finish; the instance is freed when the last of them lets go.
      sealed.delete(key)
      if (ready) retire(ready)
    }
    const building = buildSealed(path.join(tempDir, key), setup, limits, signature)
    sealed.set(key, building)
    building.catch(() => sealed.delete(key))
    return building
  }

  return {
    async serialize(sql) {
      const tree = await trees.get(sql, async () => {
        const connection = await parserConnection()
        const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql])
        return String(reader.getRowObjects()[0]!['tree'])
      })
      // A fresh object each time: the gate rewrites the trees it is given.
      return JSON.parse(tree)
    },
    async deserialize(json) {
      return texts.get(json, async () => {
        const connection = await parserConnection()
        const reader = await connection.runAndReadAll('SELECT json_deserialize_sql($1::JSON) AS query', [json])
        return String(reader.getRowObjects()[0]!['query'])
      })
    },
    async run(key, setup, limits, sql) {
      const { signal } = limits
      if (signal?.aborted) throw new QueryCancelled()
      const copy = await instanceFor(key, setup, limits)
      const connection = copy.idle.pop() ?? (await copy.instance.connect())
      let clean = false
      let timedOut = false
      let cancelled = false
      const timer = setTimeout(() => {
        timedOut = true
        connection.interrupt()
      }, limits.timeoutMs)
      const cancel = () => {
        cancelled = true
        connection.interrupt()
      }
      signal?.addEventListener('abort', cancel, { once: true })
      try {
        // Aborted while connecting: the listener came too late to hear it.
        if (signal?.aborted) {
          cancelled = true
          throw new QueryCancelled()
        }
        const reader = await connection.runAndReadAll(sql)
        const columns = reader.columnNames()
        const convert = columns.map((_, i) => converter(reader.columnTypeId(i)))
        const rows = (reader.getRowsJS() as unknown[][]).map((row) => row.map((value, i) => convert[i]!(value)))
        clean = true
        return { columns, rows }
      } catch (error) {
        if (cancelled) throw new QueryCancelled()
        if (timedOut) {
          throw new RuleViolation('art18.processing-in-domain', `the query ran past the workspace's limit of ${limits.timeoutMs / 1000} s and was stopped: narrow it (fewer joins, a tighter WHERE)`)
        }
        throw error
      } finally {
        clearTimeout(timer)
        signal?.removeEventListener('abort', cancel)
        // A stopped or failed query's connection is not lent again, nor one of a dropped copy.
        if (clean && !timedOut && !cancelled && !copy.retired && copy.idle.length < IDLE_CONNECTIONS) copy.idle.push(connection)
        else connection.closeSync()
      }
    },
    release(workspaceId) {
      void sealed.get(workspaceId)?.then(retire).catch(() => undefined)
      sealed.delete(workspaceId)
    },
    close() {
      for (const current of sealed.values()) void current.then((s) => (retire(s), s.instance.closeSync())).catch(() => undefined)
      sealed.clear()
      void parser?.then((c) => c.closeSync()).catch(() => undefined)
      parser = undefined
    },
  }
}

/** What each parser memo may hold, in characters of keys and values together. */
const PARSER_MEMO_CHARS = 16 * 1024 * 1024

/** Values as a client reads them: decimals as numbers, dates as YYYY-MM-DD. */
function converter(type: DuckDBTypeId): (value: unknown) => unknown {
  if (type === DuckDBTypeId.DECIMAL) return (value) => (value === null ? null : Number(value))
  if (type === DuckDBTypeId.DATE) return (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value)
  return (value) => value
}

// Extensions are never downloaded or loaded: the domain runs offline with what ships.
const LOCKED_OPTIONS = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' } as const

/**
 * The workspace's memory limit is what its queries may use, on top of the copy they read. DuckDB's
 * memory_limit covers the copy's own blocks too: a limit of the workspace's size alone left a
 * copy near it no room to work, so each query evicted the copy to the temp folder and read it
 * back (a copy of 1.2 GB under a 1 GiB limit ran the same aggregate 1.5 times slower). So the
 * copy is built under DuckDB's default limit (a share of the machine's memory, past which it
 * spills to the temp folder) and then the limit is set to the copy's size plus the workspace's.
 */
async function buildSealed(tempDir: string, setup: SealedSetup, limits: SealedLimits, signature: string): Promise<SealedInstance> {
  fs.mkdirSync(tempDir, { recursive: true })
  const instance = await DuckDBInstance.create(':memory:', {
    ...LOCKED_OPTIONS,
    threads: '2',
    temp_directory: path.resolve(tempDir),
  })
  try {
    const connection = await instance.connect()
    for (const statement of await setup.statements()) await connection.run(statement)
    await setup.fill?.(connection)
    await connection.run(`SET memory_limit = '${Math.ceil((await copyBytes(connection)) / MB) + limits.memoryMb}MB'`)
    await connection.run('SET enable_external_access = false')
    await connection.run('SET lock_configuration = true')
    connection.closeSync()
    return { signature, instance, idle: [], retired: false }
  } catch (error) {
    instance.closeSync()
    throw error
  }
}

/** DuckDB's MB, as in the workspace's limit: 10^6 bytes (its MiB is 2^20). */
const MB = 1_000_000

/** The bytes the instance's tables take, in memory and spilled to its temp folder. */
async function copyBytes(connection: DuckDBConnection): Promise<number> {
  const reader = await connection.runAndReadAll(
    "SELECT coalesce(sum(memory_usage_bytes + temporary_storage_bytes), 0)::DOUBLE AS bytes FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'",
  )
  return Number(reader.getRowObjects()[0]!['bytes'])
}

/** The real workspace: the granted columns and rows of each table, copied from the pool's version files. */
export function realSetup(tables: readonly SealedTable[]): SealedSetup {
  return {
    signature: JSON.stringify(tables),
    async statements() {
      return tables.map((table) => {
        const columns = table.columns.map(sqlIdentifier).join(', ')
        const where = table.rowFilters.length > 0 ? ` WHERE ${table.rowFilters.map(filterSql).join(' AND ')}` : ''
        return `CREATE TABLE ${sqlIdentifier(table.table)} AS SELECT ${columns} FROM ${versionSource(table.file)}${where}`
      })
    },
  }
}

/** Reads a pool version file, whichever format the pool wrote it in. */
export function versionSource(file: string): string {
  if (file.endsWith('.parquet')) return `read_parquet(${sqlString(file)})`
  throw new Error(`unknown pool version file format: ${path.basename(file)}`)
}

function literal(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('a row filter value is not a finite number')
    return String(value)
  }
  return sqlString(value)
}

/** A structured row filter as SQL: the column is a catalog name, the values literals. */
export function filterSql(filter: RowFilter): string {
  const column = sqlIdentifier(filter.column)
  const [first, second] = filter.values
  switch (filter.operator) {
    case 'eq':
      return `${column} = ${literal(first!)}`
    case 'in':
      return `${column} IN (${filter.values.map(literal).join(', ')})`
    case 'gte':
      return `${column} >= ${literal(first!)}`
    case 'lte':
      return `${column} <= ${literal(first!)}`
    case 'between':
      return `${column} BETWEEN ${literal(first!)} AND ${literal(second!)}`
  }
}
