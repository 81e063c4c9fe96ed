import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import type { StoreDialect } from '../../platform/db/store.ts'
import type { AuditCheckpointRow, AuditEntryRow } from './audit.table.ts'

export interface AuditHead {
  readonly seq: number
  readonly hash: string
  readonly anchorSeq: number
  readonly anchorHash: string
  readonly suite: string
}

/**
 * Reads the chain's head inside a write transaction, holding it until commit: FOR UPDATE on
 * PostgreSQL; on SQLite the transaction already began IMMEDIATE and holds the write lock.
 */
export async function lockAuditHead(trx: Kysely<Database>, dialect: StoreDialect): Promise<AuditHead> {
  let query = trx.selectFrom('audit_head').selectAll().where('id', '=', 1)
  if (dialect === 'postgres') query = query.forUpdate()
  return toHead(await query.executeTakeFirstOrThrow())
}

export async function readAuditHead(db: Kysely<Database>): Promise<AuditHead> {
  return toHead(await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow())
}

function toHead(row: { seq: number; hash: string; anchor_seq: number; anchor_hash: string; suite: string }): AuditHead {
  return {
    seq: Number(row.seq),
    hash: row.hash,
    anchorSeq: Number(row.anchor_seq),
    anchorHash: row.anchor_hash,
    suite: row.suite,
  }
}

export async function advanceAuditHead(
  trx: Kysely<Database>,
  head: { seq: number; hash: string; suite: string },
): Promise<void> {
  await trx
    .updateTable('audit_head')
    .set({ seq: head.seq, hash: head.hash, suite: head.suite })
    .where('id', '=', 1)
    .execute()
}

export async function setAuditAnchor(trx: Kysely<Database>, anchor: { seq: number; hash: string }): Promise<void> {
  await trx
    .updateTable('audit_head')
    .set({ anchor_seq: anchor.seq, anchor_hash: anchor.hash })
    .where('id', '=', 1)
    .execute()
}

// Rows per multi-row insert: both SQLite (32,766) and PostgreSQL (65,535) cap bound parameters.
const INSERT_CHUNK = 1000

export async function insertAuditEntries(trx: Kysely<Database>, entries: readonly AuditEntryRow[]): Promise<void> {
  for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
    await trx.insertInto('audit_entries').values(entries.slice(i, i + INSERT_CHUNK)).execute()
  }
}

/** Entries with seq in (afterSeq, toSeq], in order, at most `limit`. */
export async function auditEntryPage(
  db: Kysely<Database>,
  afterSeq: number,
  toSeq: number,
  limit: number,
): Promise<AuditEntryRow[]> {
  const rows = await db
    .selectFrom('audit_entries')
    .selectAll()
    .where('seq', '>', afterSeq)
    .where('seq', '<=', toSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }))
}

export async function auditEntryHash(db: Kysely<Database>, seq: number): Promise<string | undefined> {
  const row = await db.selectFrom('audit_entries').select('hash').where('seq', '=', seq).executeTakeFirst()
  return row?.hash
}

export async function insertCheckpoint(trx: Kysely<Database>, checkpoint: AuditCheckpointRow): Promise<void> {
  await trx.insertInto('audit_checkpoints').values(checkpoint).execute()
}

export async function latestCheckpoint(db: Kysely<Database>): Promise<AuditCheckpointRow | undefined> {
  const row = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst()
  return row ? { ...row, seq: Number(row.seq) } : undefined
}

export async function listCheckpoints(db: Kysely<Database>): Promise<AuditCheckpointRow[]> {
  const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute()
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }))
}
