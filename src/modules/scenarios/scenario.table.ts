import type { Selectable } from 'kysely'

/** A scenario demand from a developer or the operator (应用场景需求, art. 13(3)). */
export interface ScenarioDemandTable {
  id: string
  org_id: string
  title: string
  description: string
  purpose_type: string
  /** ScenarioNeed[] as JSON. */
  needs: string
  status: string
  scenario_id: string | null
  submitted_by: string
  submitted_at: string
}
export type ScenarioDemandRow = Selectable<ScenarioDemandTable>

/** A scenario (a class of use), compiled by the operator and reviewed once by the office. */
export interface ScenarioTable {
  id: string
  code: string
  name: string
  sector: string
  description: string
  purpose_type: string
  conditions: string
  /** ScenarioNeed[] as JSON. */
  needs: string
  status: string
  compiled_by: string
  created_at: string
  updated_at: string
  submitted_at: string | null
  reviewed_by: string | null
  reviewed_at: string | null
  review_comment: string | null
}
export type ScenarioRow = Selectable<ScenarioTable>

/** A call for applications for one approved scenario (授权运营公告, art. 13(5)). */
export interface CallTable {
  id: string
  scenario_id: string
  title: string
  method: string
  /** string[] as JSON. */
  eligibility: string
  /** {name, weight, description}[] as JSON. */
  criteria: string
  /** org ids as JSON, for an invitation tender; [] otherwise. */
  invited_org_ids: string
  deadline: string
  status: string
  published_by: string
  published_at: string
  awarded_application_id: string | null
  awarded_by: string | null
  awarded_at: string | null
  award_reason: string | null
}
export type CallRow = Selectable<CallTable>

export interface CallApplicationTable {
  id: string
  call_id: string
  developer_org_id: string
  statement: string
  /** {name, sha256, summary}[] as JSON. */
  documents: string
  status: string
  submitted_by: string
  submitted_at: string
  /** {criterion, score, reason}[] as JSON, once scored. */
  scores: string | null
  total_score: number | null
  scored_by: string | null
  scored_at: string | null
}
export type CallApplicationRow = Selectable<CallApplicationTable>
