import type { Selectable } from 'kysely'

/** One query through the gate, answered or refused (art. 19: 全程记录). */
export interface QueryRunTable {
  id: string
  workspace_id: string
  user_id: string
  mode: string
  sql: string
  status: string
  rule: string | null
  message: string | null
  /** The pool tables read, as a JSON array. */
  tables: string
  /** The output checks, as JSON. */
  checks: string
  rows_released: number
  rows_withheld: number
  cells_suppressed: number
  result_hash: string | null
  /** The released answer ({columns, rows}) as JSON; null when refused or nothing was released. */
  result?: string | null
  epsilon_spent: number
  duration_ms: number
  created_at: string
}
export type QueryRunRow = Selectable<QueryRunTable>

/** A query template of a workspace: proposed by the developer, decided by the operator. */
export interface QueryTemplateTable {
  id: string
  workspace_id: string
  name: string
  description: string
  sql: string
  /** TemplateParameter[] as JSON. */
  parameters: string
  status: string
  proposed_by: string
  proposed_at: string
  decided_by: string | null
  decided_at: string | null
  decision_note: string | null
}
export type QueryTemplateRow = Selectable<QueryTemplateTable>
