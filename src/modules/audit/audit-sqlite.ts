import { hash } from 'node:crypto'
import type SqliteDatabase from 'better-sqlite3'
import type { CryptoSuite } from '../../platform/crypto/suite.ts'
import { buildEntry, chainStep, type AuditActor, type AuditEvent, type ChainBreak } from './audit.ts'

/**
 * The audit log's hot paths on SQLite, with prepared statements on the connection under
 * Kysely: appending costs a few microseconds an entry instead of a query builder's tens, and
 * verification reads rows as arrays whose first sixteen columns are, in order, exactly the
 * preimage (entryPreimage) of the entry's hash.
 */
const COLUMNS =
  'seq, occurred_at, actor_user_id, actor_username, org_id, role, source_ip, event_type, object_type, object_id, action, result, reason, request_id, detail, prev_hash, hash'

interface Statements {
  readonly head: SqliteDatabase.Statement
  readonly insert: SqliteDatabase.Statement
  /** Inserts MULTI entries at once: one statement step instead of fifty for grouped appends. */
  readonly insertMany: SqliteDatabase.Statement
  readonly advance: SqliteDatabase.Statement
}

const MULTI = 50
const PLACEHOLDERS = `(${COLUMNS.split(',').map(() => '?').join(', ')})`

const prepared = new WeakMap<SqliteDatabase.Database, Statements>()

function statements(sqlite: SqliteDatabase.Database): Statements {
  let s = prepared.get(sqlite)
  if (!s) {
    s = {
      head: sqlite.prepare('SELECT seq, hash, suite FROM audit_head WHERE id = 1'),
      insert: sqlite.prepare(`INSERT INTO audit_entries (${COLUMNS}) VALUES ${PLACEHOLDERS}`),
      insertMany: sqlite.prepare(`INSERT INTO audit_entries (${COLUMNS}) VALUES ${Array(MULTI).fill(PLACEHOLDERS).join(', ')}`),
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
  // Outside a transaction each statement would commit alone: an entry without its mutation.
  if (!sqlite.inTransaction) throw new Error('audit entries are appended inside the transaction of their mutation')
  const s = statements(sqlite)
  const head = s.head.get() as { seq: number; hash: string; suite: string }
  const suite = chainSuite(head.suite)
  let prev = { seq: Number(head.seq), hash: head.hash }
  let pending: unknown[] = []
  for (const event of events) {
    const e = buildEntry(suite, prev.seq + 1, prev.hash, occurredAt, actor, event)
    pending.push(
      e.seq, e.occurred_at, e.actor_user_id, e.actor_username, e.org_id, e.role, e.source_ip, e.event_type,
      e.object_type, e.object_id, e.action, e.result, e.reason, e.request_id, e.detail, e.prev_hash, e.hash,
    )
    if (pending.length === MULTI * 17) {
      s.insertMany.run(pending)
      pending = []
    }
    prev = { seq: e.seq, hash: e.hash }
  }
  for (let i = 0; i < pending.length; i += 17) s.insert.run(pending.slice(i, i + 17))
  s.advance.run(prev.seq, prev.hash, suite.name)
}

// SQLite builds each entry's preimage itself, as the same JSON array entryPreimage writes: one
// blob a row instead of seventeen values to convert and re-serialize in JavaScript.
const PREIMAGE_SQL = `SELECT seq, prev_hash, hash, CAST(json_array(${COLUMNS.replace(', hash', '')}) AS BLOB)
  FROM audit_entries WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`
const ROW_SQL = `SELECT ${COLUMNS} FROM audit_entries WHERE seq = ?`
const PAGE = 10_000

/**
 * Verifies entries (start.seq, to] straight from the file. Should SQLite ever serialize a value
 * differently from JSON.stringify, a mismatch is re-checked from the columns in JavaScript
 * before it is called a break.
 */
export function verifyRangeSqlite(
  sqlite: SqliteDatabase.Database,
  hashAlgorithm: string,
  start: { seq: number; hash: string },
  to: number,
): { break?: ChainBreak; lastHash?: string; count: number } {
  const page = sqlite.prepare(PREIMAGE_SQL).raw(true)
  const single = sqlite.prepare(ROW_SQL).raw(true)
  let prev = start
  let count = 0
  while (prev.seq < to) {
    const rows = page.all(prev.seq, to, PAGE) as [number, string, string, Buffer][]
    if (rows.length === 0) break
    for (const [seq, prevHash, entryHash, preimage] of rows) {
      let recomputed = hash(hashAlgorithm, preimage, 'hex')
      if (recomputed !== entryHash) {
        const columns = single.get(seq) as unknown[]
        columns.length = 16
        recomputed = hash(hashAlgorithm, JSON.stringify(columns), 'hex')
      }
      const broken = chainStep(prev, { seq, prevHash, hash: entryHash, recomputed })
      if (broken) return { break: broken, count }
      prev = { seq, hash: entryHash }
      count++
    }
  }
  if (prev.seq < to) {
    const from = prev.seq + 1
    return {
      break: { seq: from, kind: 'missing', message: from === to ? `entry ${from} is missing` : `entries ${from} to ${to} are missing` },
      count,
    }
  }
  return { lastHash: prev.hash, count }
}
