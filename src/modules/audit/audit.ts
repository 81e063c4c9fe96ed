import { cryptoSuite, SUITE_NAMES, type CryptoSuite, type SuiteName } from '../../platform/crypto/suite.ts'
import type { AuditEntryRow } from './audit.table.ts'
import { chainStep, type ChainBreak } from './chain-walk.mjs'

export const AUDIT_RESULTS = ['success', 'failure', 'refused'] as const
export type AuditResult = (typeof AUDIT_RESULTS)[number]

/** Who acted, from where: taken from the request, never from its body. */
export interface AuditActor {
  readonly userId: string | null
  readonly username: string | null
  readonly orgId: string | null
  /** The roles the actor acted with, comma-separated. */
  readonly role: string | null
  readonly sourceIp: string | null
  readonly requestId: string | null
}

/** What happened: one audit entry, before it is numbered and chained. */
export interface AuditEvent {
  /** Dotted, module first: `auth.login`, `user.create`, `audit.export`. */
  readonly eventType: string
  readonly objectType?: string
  readonly objectId?: string
  readonly action: string
  readonly result: AuditResult
  readonly reason?: string
  /** Facts worth keeping; must never hold a secret (passwords, tokens, keys). */
  readonly detail?: Readonly<Record<string, unknown>>
}

export const SYSTEM_ACTOR: AuditActor = {
  userId: null,
  username: 'system',
  orgId: null,
  role: 'system',
  sourceIp: null,
  requestId: null,
}

/**
 * The suite an audit chain goes on with: the one it records (a chain keeps the suite it started
 * with, whatever the platform is set to later), or `current` for a chain not yet started.
 */
export function auditChainSuite(recorded: string, current: CryptoSuite): CryptoSuite {
  if (recorded === '') return current
  if (!(SUITE_NAMES as readonly string[]).includes(recorded)) {
    throw new Error(`the audit chain records an unknown crypto suite ${JSON.stringify(recorded)}`)
  }
  return recorded === current.name ? current : cryptoSuite(recorded as SuiteName)
}

/** The fields an entry's hash covers, in their fixed order. */
export type ChainedFields = Omit<AuditEntryRow, 'hash'>

/**
 * The canonical text an entry's hash is taken over: its fields in a fixed order as a JSON array,
 * the previous entry's hash among them. The sequence number is inside, so moving an entry
 * breaks the chain as surely as changing it.
 */
export function entryPreimage(e: ChainedFields): string {
  return JSON.stringify([
    e.seq,
    e.occurred_at,
    e.actor_user_id,
    e.actor_username,
    e.org_id,
    e.role,
    e.source_ip,
    e.event_type,
    e.object_type,
    e.object_id,
    e.action,
    e.result,
    e.reason,
    e.request_id,
    e.detail,
    e.prev_hash,
  ])
}

export function entryHash(suite: CryptoSuite, e: ChainedFields): string {
  return suite.hashHex(entryPreimage(e))
}

/** The text a checkpoint signature covers. */
export function checkpointMessage(c: { seq: number; hash: string; created_at: string }): string {
  return `shuyu-audit-checkpoint|${c.seq}|${c.hash}|${c.created_at}`
}

/**
 * A lone UTF-16 surrogate (from a hostile username, say) cannot be stored as UTF-8: the store
 * would keep U+FFFD while the hash covered the surrogate, and the entry would read as altered
 * for ever; PostgreSQL refuses NUL outright. Both are replaced before hashing, so what is
 * hashed is what is stored.
 */
function wellFormed(value: string | null): string | null {
  return value === null || !UNSTORABLE_TEST.test(value) ? value : value.replace(UNSTORABLE, '\uFFFD')
}

const UNSTORABLE_TEST = /[\uD800-\uDFFF\u0000]/

// Lone surrogates, and NUL, which PostgreSQL text cannot hold at all.
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g

/**
 * Numbers and chains a call's events after `prev`. The entries of one call share their time
 * and actor, so that part of each preimage is serialized once: each preimage is the text
 * entryPreimage writes, pieced together (JSON.stringify of an array is its elements'
 * JSON.stringify joined by commas) instead of an object of 16 fields stringified whole. Lazy, so
 * that an append can insert each entry as it comes instead of holding them all.
 */
export function* chainEntries(
  suite: CryptoSuite,
  prev: { seq: number; hash: string },
  occurredAt: string,
  actor: AuditActor,
  events: readonly AuditEvent[],
): Generator<AuditEntryRow> {
  const userId = wellFormed(actor.userId)
  const username = wellFormed(actor.username)
  const orgId = wellFormed(actor.orgId)
  const role = wellFormed(actor.role)
  const sourceIp = wellFormed(actor.sourceIp)
  const requestId = wellFormed(actor.requestId)
  const afterSeq = `,${JSON.stringify([occurredAt, userId, username, orgId, role, sourceIp]).slice(1, -1)},`
  const requestText = `,${JSON.stringify(requestId)},`
  let { seq, hash: prevHash } = prev
  for (const event of events) {
    seq++
    const objectType = wellFormed(event.objectType ?? null)
    const objectId = wellFormed(event.objectId ?? null)
    const reason = wellFormed(event.reason ?? null)
    const detail = event.detail ? JSON.stringify(event.detail) : null
    const what = JSON.stringify([event.eventType, objectType, objectId, event.action, event.result, reason])
    const preimage = `[${seq}${afterSeq}${what.slice(1, -1)}${requestText}${JSON.stringify(detail)},${JSON.stringify(prevHash)}]`
    const entry: AuditEntryRow = {
      seq,
      occurred_at: occurredAt,
      actor_user_id: userId,
      actor_username: username,
      org_id: orgId,
      role,
      source_ip: sourceIp,
      event_type: event.eventType,
      object_type: objectType,
      object_id: objectId,
      action: event.action,
      result: event.result,
      reason,
      request_id: requestId,
      detail,
      prev_hash: prevHash,
      hash: suite.hashHex(preimage),
    }
    prevHash = entry.hash
    yield entry
  }
}

export type { BreakKind, ChainBreak, ChainLink } from './chain-walk.mjs'
export { chainStep }

/** Walks a run of entries in sequence order from a known predecessor; stops at the first break. */
export function checkRun(
  suite: CryptoSuite,
  entries: readonly AuditEntryRow[],
  previous: { seq: number; hash: string },
): { break?: ChainBreak; last: { seq: number; hash: string } } {
  let prev = previous
  for (const entry of entries) {
    const broken = chainStep(prev, { seq: entry.seq, prevHash: entry.prev_hash, hash: entry.hash, recomputed: entryHash(suite, entry) })
    if (broken) return { break: broken, last: prev }
    prev = { seq: entry.seq, hash: entry.hash }
  }
  return { last: prev }
}
