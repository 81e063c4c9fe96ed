import type { Selectable } from 'kysely'

/** A registration (登记, art. 22) of a product or of a resource in operation, from application to code. */
export interface RegistrationTable {
  /** reg_…, the id the workflow uses; the public knows a registered one by its code. */
  id: string
  /** first, change, correction, cancellation. */
  kind: string
  /** product or resource. */
  subject_type: string
  /** The product's PRD- code or the resource's catalog code. */
  subject_code: string
  status: string
  applicant_org_id: string
  applied_by: string
  applied_at: string
  /** The registered facts, snapshotted from the product or the catalog (RegisteredFacts as JSON). */
  facts: string
  /** The applicant's statement of its rights (权益). */
  rights: string
  /** RegistrationDocument[] as JSON: names and content hashes, never the content. */
  documents: string
  /** RegistrationChange[] as JSON for change and correction, else null. */
  changes: string | null
  /** For change, correction and cancellation: the subject's registered first registration. */
  first_registration_id: string | null
  /** 登记证书编号: issued to the first registration; the later ones carry their subject's. */
  registration_code: string | null
  /** YYYY-MM-DD in China. */
  notice_started_on: string | null
  notice_ends_on: string | null
  registered_on: string | null
  cancelled_on: string | null
  /** RegistrationStep[] as JSON: each decision, by whom, when, why. */
  history: string
  updated_at: string
}
export type RegistrationRow = Selectable<RegistrationTable>

/** An objection (异议) filed against a registration during its public notice. */
export interface RegistrationObjectionTable {
  id: string
  registration_id: string
  /** The objector's name and contact; kept from the public. */
  name: string
  contact: string
  reason: string
  /** The signed-in user who filed it; null when filed anonymously. */
  filed_by: string | null
  filed_at: string
  /** open, upheld, dismissed. */
  status: string
  resolved_by: string | null
  resolved_at: string | null
  resolution_note: string | null
}
export type RegistrationObjectionRow = Selectable<RegistrationObjectionTable>

/** The registration tables; the store's Database extends this. */
export interface RegistrationDatabase {
  registrations: RegistrationTable
  registration_objections: RegistrationObjectionTable
}
