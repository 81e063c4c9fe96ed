import type { Selectable } from 'kysely'

/** One row per resource: what is published now, and the resource's grade (就高从严). */
export interface CatalogResourceTable {
  code: string
  table_name: string
  name: string
  provider_org_id: string
  compiled_by_org_id: string
  /** The approved entry version in the city catalog; null until the first approval. */
  published_version: number | null
  level: string | null
  grade: number | null
  sensitive: number
  /** 0 when the measures exclude the data (art. 15): it never enters an authorization. */
  authorizable: number
  /** The pool version serving now; null until data is loaded. */
  pool_version_id: string | null
  created_at: string
  updated_at: string
}

/** Every version of every entry, as compiled and as reviewed. */
export interface CatalogEntryTable {
  code: string
  version: number
  status: string
  /** The CatalogResourceInput as JSON. */
  content: string
  compiled_by_org_id: string
  created_by: string | null
  created_at: string
  updated_at: string
  submitted_by: string | null
  submitted_at: string | null
  reviewed_by: string | null
  reviewed_at: string | null
  review_comment: string | null
}

/** The fields of the published version, one row each, for queries across resources. */
export interface CatalogFieldTable {
  resource_code: string
  name: string
  position: number
  title: string
  data_type: string
  level: string
  grade: number | null
  /** JSON array of personal-information tags. */
  personal_info: string
  sensitive: number
  identifier: number
  collecting_org_id: string
}

export type CatalogResourceRow = Selectable<CatalogResourceTable>
export type CatalogEntryRow = Selectable<CatalogEntryTable>
export type CatalogFieldRow = Selectable<CatalogFieldTable>

export interface CollectionResolutionTable {
  /** `<resource code>.<field>`, the lesser of the pair first. */
  field_a: string
  field_b: string
  /** reference: one holds the other's key, not a second collection; duplicate: collected twice. */
  resolution: string
  /** For a duplicate: the one unit responsible for collecting it from now on. */
  responsible_org_id: string | null
  note: string
  resolved_by: string
  resolved_at: string
}

export interface ReturnFlowTable {
  id: string
  resource_code: string
  requester_org_id: string
  purpose: string
  /** JSON array of the fields asked for. */
  fields: string
  status: string
  requested_by: string
  requested_at: string
  decided_by: string | null
  decided_at: string | null
  decision_note: string | null
  /** The pool version the grant covers. */
  pool_version_id: string | null
}

export interface SharedDataConsentTable {
  id: string
  resource_code: string
  provider: string
  /** What use the provider agreed to. */
  scope: string
  /** The document recording it (number, date). */
  evidence: string
  valid_until: string | null
  recorded_by: string
  recorded_at: string
  revoked_at: string | null
}
