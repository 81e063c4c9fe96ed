import type { Selectable } from 'kysely'

/** An organization's emergency plan on file (应急处置预案, art. 13(1), 14(1)); the latest version counts. */
export interface EmergencyPlanTable {
  id: string
  org_id: string
  version: number
  title: string
  summary: string
  document_hash: string
  filed_by: string
  filed_at: string
}
export type EmergencyPlanRow = Selectable<EmergencyPlanTable>

/** A security incident, reported up the chain and handled to closure. */
export interface IncidentTable {
  id: string
  reporter_org_id: string
  reporter_kind: string
  receiver_kind: string
  workspace_id: string | null
  severity: string
  category: string
  title: string
  description: string
  occurred_at: string
  reported_by: string
  reported_at: string
  close_by: string
  status: string
  /** IncidentStep[] as JSON: what was done, when, by whom. */
  steps: string
  closure: string | null
  /** The agreement suspended because of it, if any. */
  suspended_agreement_id: string | null
  /** The incident it was escalated from or to the office as. */
  escalated_to: string | null
  escalated_from: string | null
  updated_at: string
}
export type IncidentRow = Selectable<IncidentTable>

export interface IncidentDatabase {
  emergency_plans: EmergencyPlanTable
  incidents: IncidentTable
  evaluations: EvaluationTable
}

/** An evaluation of one organization for one year (art. 33). */
export interface EvaluationTable {
  id: string
  subject_org_id: string
  year: number
  /** EvaluationEvidence as JSON. */
  evidence: string
  /** CriterionScore[] as JSON. */
  scores: string
  total: number
  rating: string
  note: string
  evaluated_by: string
  evaluated_at: string
}
export type EvaluationRow = Selectable<EvaluationTable>
