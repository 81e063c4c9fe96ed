import type SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { CryptoSuite } from '../../platform/crypto/suite.ts'
import type { Database } from '../../platform/db/database.ts'
import { appendAuditGroupsSqlite, type AuditGroup } from './audit-sqlite.ts'

/**
 * Group commit of hot store visits on SQLite: the gateway's calls, the records of the queries
 * run in workspaces. The visits that reach the store in the same turn of the event loop share
 * one IMMEDIATE transaction: each call's work (a gateway call's checks and counters or its
 * metering row, a query's run record) runs in it, in the order the calls came, and the audit
 * entries of all of them are chained at its end. Prepared statements stand in for the query
 * builder's, a few microseconds a statement instead of tens. A call's promise settles only once that transaction
 * has committed, so what a call is told is committed before it is answered; a refusal found by a
 * call's checks is that call's answer and leaves the others alone.
 *
 * If the shared transaction fails (the store is full, a constraint broke), it rolls back whole
 * and each call's work is run again in a transaction of its own, so that one bad call fails
 * alone and no call is told of work that was rolled back; unless the store was busy (another
 * process held it past the busy timeout): then all of them fail at once.
 */

/** What a call's work sees of its batch. */
export interface Batch {
  readonly sqlite: SqliteDatabase.Database
  /** Audit entries to chain at the end of this transaction, after those of the calls before. */
  audit(group: AuditGroup): void
  /**
   * The value `read` gives, read once per transaction: the rows calls are checked against do
   * not change while the batch holds the store's write lock, so reading them again would give
   * the same answer.
   */
  once<T>(key: string, read: () => T): T
  /** Runs `write` after the work of every call of the batch, before the audit entries, inside the transaction. */
  beforeCommit(write: () => void): void
}

interface Job {
  readonly work: (batch: Batch) => unknown
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
}

interface Committer {
  readonly db: Kysely<Database>
  readonly sqlite: SqliteDatabase.Database
  readonly chainSuite: (recorded: string) => CryptoSuite
  queue: Job[]
  scheduled: boolean
}

const committers = new WeakMap<SqliteDatabase.Database, Committer>()

/**
 * Runs `work` in the next group commit on this SQLite store and answers what it returned,
 * once the transaction committed. `work` runs synchronously and may run twice (see above): it
 * must leave nothing behind outside the store but what it returns.
 */
export function inNextCommit<T>(
  store: { readonly db: Kysely<Database>; readonly sqlite: SqliteDatabase.Database },
  chainSuite: (recorded: string) => CryptoSuite,
  work: (batch: Batch) => T,
): Promise<T> {
  let committer = committers.get(store.sqlite)
  if (!committer) {
    committer = { db: store.db, sqlite: store.sqlite, chainSuite, queue: [], scheduled: false }
    committers.set(store.sqlite, committer)
  }
  const c = committer
  return new Promise<T>((resolve, reject) => {
    c.queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
    if (!c.scheduled) {
      c.scheduled = true
      // After this turn's I/O callbacks: every request parsed in this turn joins.
      setImmediate(() => void flush(c))
    }
  })
}

async function flush(c: Committer): Promise<void> {
  let jobs: Job[] | undefined
  if (!c.sqlite.inTransaction) {
    // No Kysely transaction is open on the connection: this one, begun and committed in this
    // synchronous step, can interleave with nothing.
    jobs = c.queue
    c.queue = []
    c.scheduled = false
    return settle(c, jobs)
  }
  try {
    // Holding Kysely's connection: no other request's Kysely transaction is open on it, so this
    // transaction joins none, and none joins it.
    await c.db.connection().execute(async () => {
      // Calls that came while the connection was busy join too.
      jobs = c.queue
      c.queue = []
      c.scheduled = false
      settle(c, jobs)
    })
  } catch (error) {
    // The connection could not be had (the store is closing): nothing ran.
    if (jobs === undefined) {
      jobs = c.queue
      c.queue = []
      c.scheduled = false
      for (const job of jobs) job.reject(error)
    }
  }
}

function settle(c: Committer, jobs: readonly Job[]): void {
  if (jobs.length === 0) return
  let results: unknown[]
  try {
    results = commit(c, jobs)
  } catch (error) {
    // Another process held the store past the busy timeout: alone, each would wait as long again.
    if (jobs.length === 1 || isBusy(error)) {
      for (const job of jobs) job.reject(error)
      return
    }
    for (const job of jobs) {
      try {
        job.resolve(commit(c, [job])[0])
      } catch (alone) {
        job.reject(alone)
      }
    }
    return
  }
  for (const [i, job] of jobs.entries()) job.resolve(results[i])
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
}

/** One IMMEDIATE transaction for all `jobs`; throws (having rolled back) if any of them throws. */
function commit(c: Committer, jobs: readonly Job[]): unknown[] {
  const groups: AuditGroup[] = []
  const writes: (() => void)[] = []
  const read = new Map<string, unknown>()
  const batch: Batch = {
    sqlite: c.sqlite,
    audit: (group) => void groups.push(group),
    once: <T>(key: string, load: () => T): T => {
      if (read.has(key)) return read.get(key) as T
      const value = load()
      read.set(key, value)
      return value
    },
    beforeCommit: (write) => void writes.push(write),
  }
  return c.sqlite
    .transaction(() => {
      const results = jobs.map((job) => job.work(batch))
      for (const write of writes) write()
      appendAuditGroupsSqlite(c.sqlite, c.chainSuite, groups)
      return results
    })
    .immediate()
}
