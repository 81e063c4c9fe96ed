import type { Selectable } from 'kysely'

/** One annual operation report (art. 27) of the operator for one year. */
export interface AnnualReportTable {
  /** rpt_…; one report per operator and year. */
  id: string
  operator_org_id: string
  year: number
  /** draft, filed, returned, acknowledged. */
  status: string
  /** AnnualFigures as canonical JSON: exactly the bytes the digest is taken over. */
  figures: string
  /** The figures' hash (the crypto suite's: SM3 by default), hex. */
  figures_digest: string
  /** sm3 or sha256. */
  digest_algorithm: string
  compiled_by: string
  compiled_at: string
  /** Narrative (every section's text) as JSON. */
  narrative: string
  /** The hash of the filed document (figures' digest and narrative), set at each filing. */
  document_digest: string | null
  /** When the report was first filed: from then on the office, the bureau and regulators see it. */
  first_filed_at: string | null
  filed_by: string | null
  filed_at: string | null
  decided_by: string | null
  decided_at: string | null
  /** The office's comment on its last decision (required when it returns the report). */
  decision_comment: string | null
  /** ReportStep[] as JSON: what was done, when, by whom. */
  history: string
  created_by: string
  created_at: string
  updated_at: string
}
export type AnnualReportRow = Selectable<AnnualReportTable>

/** The reports module's tables; the store's Database extends this. */
export interface ReportDatabase {
  annual_reports: AnnualReportTable
}
