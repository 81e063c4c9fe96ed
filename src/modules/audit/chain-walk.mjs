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
const PREIMAGE = `json_array(${ENTRY_COLUMNS.replace(', hash', '')})`
const PREIMAGE_SQL = `SELECT seq, prev_hash, hash, CAST(${PREIMAGE} AS BLOB)
  FROM audit_entries WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`
const ROW_SQL = `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq = ?`
const PAGE = 10_000

// Faster still, a whole page as one blob: each entry's preimage, a newline, its stored hash as a
// JSON string, a newline. JSON escapes every control character, so each newline in the blob
// separates, whatever the columns hold; and one blob spares the per-row values (arrays,
// strings, buffers) that cost as much as the hash. SQLite feeds group_concat in the subquery's
// order, but the order of an aggregate is not a documented promise: any entry the fast path
// cannot confirm is judged row by row.
const PAGE_BLOB_SQL = `SELECT CAST(group_concat(${PREIMAGE} || char(10) || json_quote(hash), char(10)) AS BLOB)
  FROM (SELECT * FROM audit_entries WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?)`
const NEWLINE = 10
const QUOTE = 34
const COMMA = 44
const HASH_HEX = 64
// A preimage ends with the previous hash as its last element: ,"<64 hex digits>"]
const PREV_HASH_FROM_END = HASH_HEX + 2

/**
 * Verifies entries (start.seq, to] of a SQLite store: on the fast path while entries check
 * out; an entry it cannot confirm is judged row by row, by the same rules as ever, and the fast
 * path resumes after it if it passes (an entry SQLite serialized unlike JSON.stringify, say).
 */
export function verifyRangeSqlite(sqlite, hashAlgorithm, start, to) {
  let prev = start
  let count = 0
  for (;;) {
    const fast = walkPages(sqlite, hashAlgorithm, prev, to)
    count += fast.count
    if (fast.prev.seq === to) return { lastHash: fast.prev.hash, count }
    const slow = checkNextRow(sqlite, hashAlgorithm, fast.prev, to)
    if (slow.break) return { break: slow.break, count }
    prev = slow.last
    count++
  }
}

/** The fast path: stops, without judging, before the first entry it cannot confirm. */
function walkPages(sqlite, hashAlgorithm, start, to) {
  const page = sqlite.prepare(PAGE_BLOB_SQL).pluck(true)
  let prev = start
  let count = 0
  while (prev.seq < to) {
    const blob = page.get(prev.seq, to, PAGE)
    if (!blob) break
    for (let at = 0; at < blob.length; ) {
      const end = blob.indexOf(NEWLINE, at)
      const next = end + HASH_HEX + 4
      if (end < 0 || !quotedHashAt(blob, end + 1) || !(next === blob.length + 1 || blob[next - 1] === NEWLINE)) {
        return { prev, count }
      }
      const entryHash = blob.latin1Slice(end + 2, end + 2 + HASH_HEX)
      const intact =
        leadingSeq(blob, at) === prev.seq + 1 &&
        blob[end - PREV_HASH_FROM_END - 2] === COMMA &&
        blob[end - PREV_HASH_FROM_END - 1] === QUOTE &&
        blob.latin1Slice(end - PREV_HASH_FROM_END, end - 2) === prev.hash &&
        hash(hashAlgorithm, blob.subarray(at, end), 'hex') === entryHash
      if (!intact) return { prev, count }
      prev = { seq: prev.seq + 1, hash: entryHash }
      count++
      at = next
    }
  }
  return { prev, count }
}

/** A JSON string of 64 characters: "<hash>", its content then compared with a hex digest. */
function quotedHashAt(blob, at) {
  return blob[at] === QUOTE && blob[at + HASH_HEX + 1] === QUOTE
}

/** The sequence number a preimage starts with: [123,... */
function leadingSeq(blob, at) {
  let seq = 0
  for (let i = at + 1; i < at + 18; i++) {
    const digit = blob[i] - 48
    if (blob[i] === COMMA) return seq
    if (digit < 0 || digit > 9) return -1
    seq = seq * 10 + digit
  }
  return -1
}

/**
 * Judges the entry after `prev` from its own row. Should SQLite ever serialize a value
 * differently from JSON.stringify, a mismatch is re-checked from the columns in JavaScript
 * before it is called a break.
 */
function checkNextRow(sqlite, hashAlgorithm, prev, to) {
  const row = sqlite.prepare(PREIMAGE_SQL).raw(true).get(prev.seq, to, 1)
  if (!row) {
    const from = prev.seq + 1
    return { break: { seq: from, kind: 'missing', message: from === to ? `entry ${from} is missing` : `entries ${from} to ${to} are missing` } }
  }
  const [seq, prevHash, entryHash, preimage] = row
  let recomputed = hash(hashAlgorithm, preimage, 'hex')
  if (recomputed !== entryHash) {
    const columns = sqlite.prepare(ROW_SQL).raw(true).get(seq)
    columns.length = 16
    recomputed = hash(hashAlgorithm, JSON.stringify(columns), 'hex')
  }
  const broken = chainStep(prev, { seq, prevHash, hash: entryHash, recomputed })
  return broken ? { break: broken } : { last: { seq, hash: entryHash } }
}
