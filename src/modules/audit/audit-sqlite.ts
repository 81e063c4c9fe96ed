import type SqliteDatabase from 'better-sqlite3'
import type { CryptoSuite } from '../../platform/crypto/suite.ts'
import { chainEntries, type AuditActor, type AuditEvent } from './audit.ts'
import { ENTRY_COLUMNS } from './chain-walk.mjs'

/**
 * The audit log's hot paths on SQLite, with prepared statements on the connection under
 * Kysely: appending costs a few microseconds an entry instead of a query builder's tens.
 * Verification (verifyRangeSqlite) lives in chain-walk.mjs, where workers load it directly.
 */
const COLUMNS = ENTRY_COLUMNS

interface Statements {
  readonly head: SqliteDatabase.Statement
  /**
   * One entry a step, grouped appends included: binding a 50-row insert (and building its
   * 850 values) measured slower per entry than stepping this one fifty times.
   */
  readonly insert: SqliteDatabase.Statement
  readonly advance: SqliteDatabase.Statement
}

const PLACEHOLDERS = `(${COLUMNS.split(',').map(() => '?').join(', ')})`

const prepared = new WeakMap<SqliteDatabase.Database, Statements>()

function statements(sqlite: SqliteDatabase.Database): Statements {
  let s = prepared.get(sqlite)
  if (!s) {
    s = {
      head: sqlite.prepare('SELECT seq, hash, suite FROM audit_head WHERE id = 1'),
      insert: sqlite.prepare(`INSERT INTO audit_entries (${COLUMNS}) VALUES ${PLACEHOLDERS}`),
      advance: sqlite.prepare('UPDATE audit_head SET seq = ?, hash = ?, suite = ? WHERE id = 1'),
    }
    prepared.set(sqlite, s)
  }
  return s
}

export function appendAuditSqlite(
  sqlite: SqliteDatabase.Database,
  chainSuite: (recorded: string) => CryptoSuite,
  occurredAt: string,
  actor: AuditActor,
  events: readonly AuditEvent[],
): void {
  appendAuditGroupsSqlite(sqlite, chainSuite, [{ occurredAt, actor, events }])
}

/** Events of one actor at one time: one mutation's entries. */
export interface AuditGroup {
  readonly occurredAt: string
  readonly actor: AuditActor
  readonly events: readonly AuditEvent[]
}

/**
 * Appends the entries of several mutations committed together (a group commit), in their
 * order: the head is read and advanced once for all of them, each group keeps its own time and
 * actor, and the chain runs on from one group to the next as if each had been appended alone.
 */
export function appendAuditGroupsSqlite(
  sqlite: SqliteDatabase.Database,
  chainSuite: (recorded: string) => CryptoSuite,
  groups: readonly AuditGroup[],
): void {
  // Outside a transaction each statement would commit alone: an entry without its mutation.
  if (!sqlite.inTransaction) throw new Error('audit entries are appended inside the transaction of their mutation')
  if (!groups.some((g) => g.events.length > 0)) return
  const s = statements(sqlite)
  const head = s.head.get() as { seq: number; hash: string; suite: string }
  const suite = chainSuite(head.suite)
  let last = { seq: Number(head.seq), hash: head.hash }
  for (const group of groups) {
    for (const e of chainEntries(suite, last, group.occurredAt, group.actor, group.events)) {
      s.insert.run(
        e.seq, e.occurred_at, e.actor_user_id, e.actor_username, e.org_id, e.role, e.source_ip, e.event_type,
        e.object_type, e.object_id, e.action, e.result, e.reason, e.request_id, e.detail, e.prev_hash, e.hash,
      )
      last = e
    }
  }
  s.advance.run(last.seq, last.hash, suite.name)
}

export { verifyRangeSqlite } from './chain-walk.mjs'
