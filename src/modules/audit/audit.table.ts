import type { Selectable } from 'kysely'

export interface AuditEntryTable {
  seq: number
  occurred_at: string
  actor_user_id: string | null
  actor_username: string | null
  org_id: string | null
  role: string | null
  source_ip: string | null
  event_type: string
  object_type: string | null
  object_id: string | null
  action: string
  result: string
  reason: string | null
  request_id: string | null
  /** JSON text; never holds a secret. */
  detail: string | null
  prev_hash: string
  hash: string
}

export interface AuditHeadTable {
  id: number
  seq: number
  hash: string
  /** Where verification starts: 0 and the genesis hash, or the last entry purged (art. 31). */
  anchor_seq: number
  anchor_hash: string
  /** The crypto suite whose hash the chain uses; '' until the first entry. */
  suite: string
}

export interface AuditCheckpointTable {
  seq: number
  hash: string
  created_at: string
  suite: string
  key_id: string
  signature: string
}

export type AuditEntryRow = Selectable<AuditEntryTable>
export type AuditCheckpointRow = Selectable<AuditCheckpointTable>
