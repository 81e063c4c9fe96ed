import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { cryptoSuite, type SuiteName } from '../../platform/crypto/suite.ts'
import { platformSigningKey } from '../../platform/keys/keys.ts'
import type { Platform } from '../../platform/platform.ts'
import { RuleViolation } from '../../platform/errors.ts'
import { addMonths, chinaTime } from '../../platform/time.ts'
import { appendAuditSqlite } from './audit-sqlite.ts'
import { auditChainSuite, chainEntries, checkpointMessage, type AuditActor, type AuditEvent } from './audit.ts'
import {
  advanceAuditHead,
  auditEntryHash,
  insertAuditEntries,
  insertCheckpoint,
  latestCheckpoint,
  lockAuditHead,
  readAuditHead,
  setAuditAnchor,
} from './audit.repository.ts'
import type { AuditCheckpointRow } from './audit.table.ts'

/**
 * Appends audit entries inside the caller's transaction, so an entry exists exactly when its
 * mutation does. Takes the chain's head under a lock, numbers the entries after it and chains
 * each to the previous one's hash. Many events in one call are one group commit.
 */
export async function appendAudit(
  trx: Kysely<Database>,
  platform: Platform,
  actor: AuditActor,
  events: AuditEvent | readonly AuditEvent[],
): Promise<void> {
  const list = Array.isArray(events) ? (events as readonly AuditEvent[]) : [events as AuditEvent]
  if (list.length === 0) return
  const { sqlite } = platform.store
  if (sqlite) {
    appendAuditSqlite(sqlite, (recorded) => auditChainSuite(recorded, platform.keys.suite), chinaTime(platform.clock()), actor, list)
    return
  }
  const head = await lockAuditHead(trx, platform.store.dialect)
  const suite = auditChainSuite(head.suite, platform.keys.suite)
  const entries = [...chainEntries(suite, head, chinaTime(platform.clock()), actor, list)]
  await insertAuditEntries(trx, entries)
  const last = entries.at(-1)!
  await advanceAuditHead(trx, { seq: last.seq, hash: last.hash, suite: suite.name })
}

/** Appends entries in a transaction of their own (events with no mutation, e.g. a refusal). */
export async function recordAudit(platform: Platform, actor: AuditActor, events: AuditEvent | readonly AuditEvent[]): Promise<void> {
  await platform.store.db.transaction().execute((trx) => appendAudit(trx, platform, actor, events))
}

/**
 * Signs the chain's current head with the platform's checkpoint key, if anything was appended
 * since the last checkpoint. Anyone holding a checkpoint and the public key can later prove the
 * log up to it was not rewritten.
 */
export async function createCheckpoint(platform: Platform): Promise<AuditCheckpointRow | undefined> {
  const { db } = platform.store
  const head = await readAuditHead(db)
  if (head.seq === 0) return undefined
  const last = await latestCheckpoint(db)
  if (last && last.seq >= head.seq) return undefined
  const hash = await auditEntryHash(db, head.seq)
  if (!hash) return undefined
  const key = await platformSigningKey(db, platform.keys, 'audit-checkpoint', chinaTime(platform.clock()))
  const suite = cryptoSuite(key.suite as SuiteName)
  const createdAt = chinaTime(platform.clock())
  const checkpoint: AuditCheckpointRow = {
    seq: head.seq,
    hash,
    created_at: createdAt,
    suite: key.suite,
    key_id: key.id,
    signature: suite.sign(key.privateKey, checkpointMessage({ seq: head.seq, hash, created_at: createdAt })),
  }
  try {
    await insertCheckpoint(db, checkpoint)
  } catch (error) {
    // Another node checkpointed the same head a moment earlier: theirs stands.
    const again = await latestCheckpoint(db)
    if (again && again.seq >= head.seq) return again
    throw error
  }
  return checkpoint
}

/**
 * Removes entries older than a cutoff, which must lie at least the pack's retention period
 * (never under 6 months, art. 31) in the past. The chain's anchor moves to the last removed
 * entry, so verification starts from it, and the purge is itself an entry of the chain.
 */
export async function purgeAuditBefore(
  platform: Platform,
  actor: AuditActor,
  cutoff: Date,
): Promise<{ removed: number; anchorSeq: number }> {
  const months = platform.pack.params.auditRetentionMonths
  const latestAllowed = addMonths(platform.clock(), -months)
  if (cutoff.getTime() > latestAllowed.getTime()) {
    throw new RuleViolation(
      'art31.log-retention',
      `audit entries are kept at least ${months} months: the cutoff may be ${chinaTime(latestAllowed).slice(0, 10)} at the latest`,
    )
  }
  const cutoffText = chinaTime(cutoff)
  return platform.store.db.transaction().execute(async (trx) => {
    await lockAuditHead(trx, platform.store.dialect)
    const last = await trx
      .selectFrom('audit_entries')
      .select(['seq', 'hash'])
      .where('occurred_at', '<', cutoffText)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (!last) return { removed: 0, anchorSeq: (await readAuditHead(trx)).anchorSeq }
    const anchor = { seq: Number(last.seq), hash: last.hash }
    const result = await trx.deleteFrom('audit_entries').where('seq', '<=', anchor.seq).executeTakeFirst()
    const removed = Number(result.numDeletedRows)
    await setAuditAnchor(trx, anchor)
    await appendAudit(trx, platform, actor, {
      eventType: 'audit.purge',
      action: 'purge',
      result: 'success',
      detail: { before: cutoffText, throughSeq: anchor.seq, anchorHash: anchor.hash, removed },
    })
    return { removed, anchorSeq: anchor.seq }
  })
}
