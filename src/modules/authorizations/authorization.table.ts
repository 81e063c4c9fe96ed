import type { Selectable } from 'kysely'

/** The office's designation of the primary operator, and the bureau's grant of resources (art. 11, 12). */
export interface OperatorAuthorizationTable {
  id: string
  operator_org_id: string
  jurisdiction: string
  status: string
  /** Record<OperatorQualification, {met, evidence}> as JSON. */
  qualifications: string
  last_security_incident_on: string | null
  agreement_reference: string
  /** Record<clause, text> as JSON. */
  clauses: string
  term_start: string
  term_end: string
  /** The resource codes the bureau granted, as a JSON array. */
  scope: string
  designated_by: string
  designated_at: string
  granted_by: string | null
  granted_at: string | null
  ended_at: string | null
  end_reason: string | null
}
export type OperatorAuthorizationRow = Selectable<OperatorAuthorizationTable>

/** An agreement between the operator and one developer for one scenario (art. 16, 17). */
export interface AgreementTable {
  id: string
  scenario_id: string
  call_id: string
  application_id: string
  operator_authorization_id: string
  operator_org_id: string
  developer_org_id: string
  status: string
  /** Record<clause, text> as JSON. */
  clauses: string
  /** ScopeItem[] as JSON. */
  scope: string
  fee_yuan: number
  term_start: string
  term_end: string
  workspace_id: string
  workspace_name: string
  /** QueryRules as JSON. */
  workspace_rules: string
  renewal_of: string | null
  created_by: string
  created_at: string
  updated_at: string
  filed_by: string | null
  filed_at: string | null
  objection_deadline: string | null
  acknowledged_by: string | null
  acknowledged_at: string | null
  objection: string | null
  activated_at: string | null
  suspended_at: string | null
  suspension_reason: string | null
  rectification_deadline: string | null
  ended_at: string | null
  termination_ground: string | null
  termination_note: string | null
  expiry_warned_at: string | null
}
export type AgreementRow = Selectable<AgreementTable>

/** The workspace an active authorization owns (授权运营域). */
export interface WorkspaceTable {
  id: string
  agreement_id: string
  developer_org_id: string
  scenario_id: string
  name: string
  status: string
  status_reason: string | null
  /** ScopeItem[] as JSON. */
  scope: string
  /** QueryRules as JSON. */
  rules: string
  budget_epsilon: number | null
  budget_spent: number
  created_at: string
  updated_at: string
}
export type WorkspaceRow = Selectable<WorkspaceTable>

export interface WorkspaceMemberTable {
  workspace_id: string
  user_id: string
  added_by: string
  added_at: string
}
