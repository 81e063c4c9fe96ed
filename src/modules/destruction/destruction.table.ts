import type { Selectable } from 'kysely'

/** A signed destruction certificate (art. 31): one per workspace, never changed. */
export interface DestructionCertificateTable {
  id: string
  /** Unique: a workspace is destroyed once. */
  workspace_id: string
  agreement_id: string
  operator_org_id: string
  developer_org_id: string
  /** The DestructionCertificate in its canonical JSON form: exactly the bytes signed. */
  certificate: string
  /** The platform's signature of `certificate`, hex. */
  signature: string
  key_id: string
  suite: string
  destroyed_by: string
  destroyed_at: string
  /** When the artifact files were deleted (after the commit); null until then or if it failed. */
  files_removed_at: string | null
}
export type DestructionCertificateRow = Selectable<DestructionCertificateTable>

/** The destruction module's tables; the store's Database extends this. */
export interface DestructionDatabase {
  destruction_certificates: DestructionCertificateTable
}
