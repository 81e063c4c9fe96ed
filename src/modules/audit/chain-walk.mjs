// The audit chain's walk, in plain JavaScript: verification workers load it without a
// TypeScript loader (which cost ~0.4 s a worker), and the TypeScript modules import it from
// here, so the rules exist once. Types: chain-walk.d.mts.
import { hash } from 'node:crypto'

/**
 * Checks one entry against its predecessor: its number follows, its hash matches its content,
 * and it links to the predecessor's hash. Returns the break, or undefined.
 */
export function chainStep(prev, link) {
  if (link.seq !== prev.seq + 1) {
    const missing = prev.seq + 1
    return {
      seq: missing,
      kind: 'missing',
      message:
        link.seq > missing
          ? `entry ${missing} is missing (the next entry present is ${link.seq})`
          : `entry ${link.seq} appears out of order after ${prev.seq}`,
    }
  }
  if (link.recomputed !== link.hash) {
    return { seq: link.seq, kind: 'altered', message: `entry ${link.seq} was altered: its hash does not match its content` }
  }
  if (link.prevHash !== prev.hash) {
    // This entry is intact but links to another hash than its predecessor's: the predecessor
    // was altered and its hash recomputed to hide it.
    return {
      seq: prev.seq,
      kind: 'altered',
      message: `entry ${prev.seq} was altered and its hash recomputed: entry ${link.seq} still links to the original`,
    }
  }
  return undefined
}

/** The columns of an entry, in the order its hash's preimage lists them, then the hash. */
export const ENTRY_COLUMNS =
  'seq, occurred_at, actor_user_id, actor_username, org_id, role, source_ip, event_type, object_type, object_id, action, result, reason, request_id, detail, prev_hash, hash'

// SQLite builds each entry's preimage itself, as the same JSON array entryPreimage writes: one
// blob a row instead of seventeen values to convert and re-serialize in JavaScript.
const PREIMAGE_SQL = `SELECT seq, prev_hash, hash, CAST(json_array(${ENTRY_COLUMNS.replace(', hash', '')}) AS BLOB)
  FROM audit_entries WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`
const ROW_SQL = `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq = ?`
const PAGE = 10_000

/**
 * Verifies entries (start.seq, to] of a SQLite store. Should SQLite ever serialize a value
 * differently from JSON.stringify, a mismatch is re-checked from the columns in JavaScript
 * before it is called a break.
 */
export function verifyRangeSqlite(sqlite, hashAlgorithm, start, to) {
  const page = sqlite.prepare(PREIMAGE_SQL).raw(true)
  const single = sqlite.prepare(ROW_SQL).raw(true)
  let prev = start
  let count = 0
  while (prev.seq < to) {
    const rows = page.all(prev.seq, to, PAGE)
    if (rows.length === 0) break
    for (const [seq, prevHash, entryHash, preimage] of rows) {
      let recomputed = hash(hashAlgorithm, preimage, 'hex')
      if (recomputed !== entryHash) {
        const columns = single.get(seq)
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
