import type { Selectable } from 'kysely'

/** One column mask of a workspace (art. 19 安全脱敏), set by the operator. */
export interface MaskingRuleTable {
  workspace_id: string
  table_name: string
  column_name: string
  /** The MaskingOperator as JSON. */
  operator: string
  /** For date-shift: the column whose value keeps one offset per entity. */
  context_column: string | null
  set_by: string
  set_at: string
}
export type MaskingRuleRow = Selectable<MaskingRuleTable>

/** Social data imported into a workspace (art. 20). */
export interface ImportTable {
  id: string
  workspace_id: string
  table_name: string
  status: string
  /** ImportSource as JSON: who provided the data and on what legal basis. */
  source: string
  file_name: string
  row_count: number
  /** ImportColumn[] as JSON. */
  columns: string
  /** The identifier scan of the raw upload, as JSON. */
  scan: string
  /** The de-identification plan, as JSON; null until the developer sets one. */
  plan: string | null
  /** The checks of the de-identified data (rescan, k-anonymity), as JSON. */
  result: string | null
  /** Hashes of the encrypted files: the destruction certificate names them. */
  raw_hash: string
  deidentified_hash: string | null
  created_by: string
  created_at: string
  submitted_at: string | null
  decided_by: string | null
  decided_at: string | null
  decision_note: string | null
  /** What was destroyed, when and by whom, as JSON; set when the import is rejected or withdrawn. */
  destruction: string | null
  updated_at: string
}
export type ImportRow = Selectable<ImportTable>
