import type { Selectable } from 'kysely'

/**
 * One immutable version of a resource's data: a Parquet file written once (art. 9). The
 * catalog resource points at the version that serves; older ones stay until retired.
 */
export interface PoolVersionTable {
  id: string
  resource_code: string
  version_no: number
  /** Path of the version file, relative to the pool directory. */
  file: string
  /** Hash of the file (the crypto suite's), so lineage can name the exact bytes. */
  file_hash: string
  bytes: number
  /** How the data arrived: csv, parquet or jsonl. */
  source_format: string
  /** upload, path (server-side, by the operator) or demo. */
  source_kind: string
  source_name: string
  rows_read: number
  rows_loaded: number
  rows_quarantined: number
  /** Quarantined rows with their reasons (a Parquet file), relative to the pool directory. */
  quarantine_file: string | null
  /** The quality report as JSON. */
  quality: string
  status: string
  loaded_by: string | null
  loaded_by_org_id: string | null
  loaded_at: string
}

export type PoolVersionRow = Selectable<PoolVersionTable>
