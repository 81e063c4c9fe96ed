/**
 * The answers of the catalog, pool and return-flow API, as the server sends them
 * (src/modules/catalog/catalog.ts, catalog.service.ts, flows.service.ts, collection.service.ts,
 * src/modules/pool/pool.ts, quality.ts). Kept in one place so every page reads the same names.
 */

export const DATA_LEVELS = ['core', 'important', 'general'] as const
export type DataLevel = (typeof DATA_LEVELS)[number]
export type GeneralGrade = 1 | 2 | 3 | 4

export const IMPACT_OBJECTS = ['national_security', 'economic_operation', 'social_order', 'public_interest', 'organization_rights', 'individual_rights'] as const
export type ImpactObject = (typeof IMPACT_OBJECTS)[number]

export const IMPACT_DEGREES = ['especially_serious', 'serious', 'general', 'none'] as const
export type ImpactDegree = (typeof IMPACT_DEGREES)[number]

export const PERSONAL_INFO_TAGS = [
  'personal_name', 'id_number', 'phone', 'email', 'address', 'bank_card', 'financial_account', 'card_number', 'trajectory',
  'precise_location', 'health', 'biometric', 'religion', 'minor', 'specific_identity', 'income', 'social_insurance',
] as const
export type PersonalInfoTag = (typeof PERSONAL_INFO_TAGS)[number]

/** Tags the platform treats as sensitive personal information (catalog.ts SENSITIVE_TAGS). */
export const SENSITIVE_TAGS: readonly PersonalInfoTag[] = [
  'personal_name', 'id_number', 'phone', 'bank_card', 'financial_account', 'card_number', 'trajectory', 'precise_location',
  'health', 'biometric', 'religion', 'minor', 'specific_identity',
]

/** Tags that name a person outright: such a field never enters an authorization (art. 15). */
export const PERSON_IDENTIFYING_TAGS: readonly PersonalInfoTag[] = ['personal_name', 'id_number', 'phone', 'bank_card', 'financial_account', 'card_number', 'biometric']

export const FIELD_TYPES = ['string', 'integer', 'decimal', 'date', 'timestamp', 'boolean'] as const
export type FieldType = (typeof FIELD_TYPES)[number]

export const FIELD_FORMATS = ['resident-id', 'uscc', 'mobile', 'bank-card', 'year-month', 'division-code', 'email'] as const
export type FieldFormat = (typeof FIELD_FORMATS)[number]

export const SHARING_TYPES = ['unconditional', 'conditional', 'none'] as const
export type SharingType = (typeof SHARING_TYPES)[number]
export const OPEN_TYPES = SHARING_TYPES
export type OpenType = SharingType

export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const
export type UpdateCycle = (typeof UPDATE_CYCLES)[number]

export const EXCLUSION_REASONS = ['prohibited-by-law', 'national-or-public-security', 'privacy', 'personal-information', 'trade-secret', 'acquisition-agreement'] as const
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number]

export interface Exclusion {
  readonly reason: ExclusionReason
  readonly note: string
}

export interface CatalogFieldInput {
  readonly name: string
  readonly title: string
  readonly dataType: FieldType
  readonly description: string
  readonly level: DataLevel
  readonly grade: GeneralGrade | null
  readonly impactObject: ImpactObject
  readonly impactDegree: ImpactDegree
  readonly gradingBasis: string
  readonly personalInfo: readonly PersonalInfoTag[]
  readonly identifier: boolean
  readonly key: boolean
  readonly nullable: boolean
  readonly codeList?: readonly string[]
  readonly range?: { readonly min?: number; readonly max?: number }
  readonly format?: FieldFormat
  readonly references?: { readonly resource: string; readonly field: string }
  readonly collectingOrgId: string
  readonly exclusion?: Exclusion
}

export interface CatalogResourceInput {
  readonly code: string
  readonly tableName: string
  readonly name: string
  readonly classification: { readonly category: string; readonly item: string; readonly subItem?: string; readonly detail?: string }
  readonly providerOrgId: string
  readonly providerCode: string
  readonly abstract: string
  readonly format: string
  readonly fields: readonly CatalogFieldInput[]
  readonly sharingType: SharingType
  readonly sharingConditions?: string
  readonly sharingMethod: string
  readonly openType: OpenType
  readonly updateCycle: UpdateCycle
  readonly publishDate: string
  readonly relatedCodes: readonly string[]
  readonly exclusion?: Exclusion
  readonly sharedFrom?: { readonly provider: string; readonly region: string }
}

export interface CatalogField extends CatalogFieldInput {
  readonly sensitive: boolean
}

/** A resource of the unified city catalog, as published. */
export interface CatalogResource extends Omit<CatalogResourceInput, 'fields'> {
  readonly publishedVersion: number
  readonly level: DataLevel
  readonly grade: GeneralGrade | null
  readonly gradeLabel: string
  readonly sensitive: boolean
  readonly authorizable: boolean
  readonly poolVersionId: string | null
  readonly fields: readonly CatalogField[]
}

export const ENTRY_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const
export type EntryStatus = (typeof ENTRY_STATUSES)[number]

export interface CatalogEntry {
  readonly code: string
  readonly version: number
  readonly status: EntryStatus
  readonly content: CatalogResourceInput
  readonly compiledByOrgId: string
  readonly createdAt: string
  readonly submittedAt: string | null
  readonly reviewedBy: string | null
  readonly reviewedAt: string | null
  readonly reviewComment: string | null
  readonly suggestions: readonly { field: string; tags: readonly PersonalInfoTag[] }[]
}

export interface Consent {
  readonly id: string
  readonly resourceCode: string
  readonly provider: string
  readonly scope: string
  readonly evidence: string
  readonly validUntil: string | null
  readonly recordedAt: string
}

export const RESOLUTIONS = ['reference', 'duplicate'] as const
export type Resolution = (typeof RESOLUTIONS)[number]

export interface FieldRef {
  readonly resource: string
  readonly field: string
  readonly title: string
  readonly collectingOrgId: string
}

export interface DuplicateCandidate {
  readonly a: FieldRef
  readonly b: FieldRef
  readonly reasons: readonly string[]
  readonly overlap: number | null
  readonly resolution: { readonly kind: Resolution; readonly responsibleOrgId: string | null; readonly note: string; readonly resolvedAt: string } | null
}

export type ReturnFlowStatus = 'requested' | 'approved' | 'rejected'

export interface ReturnFlow {
  readonly id: string
  readonly resourceCode: string
  readonly requesterOrgId: string
  readonly purpose: string
  readonly fields: readonly string[]
  readonly status: ReturnFlowStatus
  readonly requestedAt: string
  readonly decidedAt: string | null
  readonly decisionNote: string | null
  readonly poolVersionId: string | null
}

export interface QualityReport {
  readonly rows: { readonly read: number; readonly loaded: number; readonly quarantined: number; readonly rejectedByParser: number }
  readonly completeness: readonly { readonly field: string; readonly nulls: number; readonly rate: number }[]
  readonly validity: readonly { readonly field: string; readonly problem: string; readonly rows: number }[]
  readonly uniqueness: { readonly key: readonly string[]; readonly duplicates: number } | null
  readonly timeliness: { readonly field: string | null; readonly latest: string | null; readonly maxAgeDays: number | null; readonly status: 'ok' | 'stale' | 'unknown' }
  readonly consistency: readonly { readonly field: string; readonly references: string; readonly missing: number | null; readonly status: 'ok' | 'inconsistent' | 'unknown' }[]
  /** Share of rows read that were loaded, 0–1. */
  readonly score: number
  readonly generatedAt: string
}

export type VersionStatus = 'current' | 'held' | 'superseded'
export const SOURCE_FORMATS = ['csv', 'parquet', 'jsonl'] as const
export type SourceFormat = (typeof SOURCE_FORMATS)[number]

export interface PoolVersion {
  readonly id: string
  readonly resourceCode: string
  readonly versionNo: number
  readonly status: VersionStatus
  readonly fileHash: string
  readonly bytes: number
  readonly sourceFormat: string
  readonly sourceKind: 'upload' | 'path' | 'demo'
  readonly sourceName: string
  readonly rows: { readonly read: number; readonly loaded: number; readonly quarantined: number }
  readonly quality: QualityReport
  readonly loadedBy: string | null
  readonly loadedAt: string
}

export interface QuarantinedRow {
  readonly record: number | null
  readonly line: number | null
  readonly reasons: readonly string[]
  /** The row as received; only for the source unit that sent it. */
  readonly content?: string
}

export interface LineageGraph {
  readonly root: string
  readonly nodes: readonly { readonly id: string; readonly kind: string; readonly label: string }[]
  readonly edges: readonly { readonly from: string; readonly to: string; readonly relation: string; readonly count?: number }[]
}
