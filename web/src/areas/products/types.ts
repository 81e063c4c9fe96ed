/**
 * The answers of the products, registration, gateway and ledger APIs, as the server sends them
 * (src/modules/products/product.service.ts, registration/registration.service.ts,
 * gateway/gateway.service.ts, ledger/ledger.service.ts). Read there before adding a field.
 */

export const PRODUCT_KINDS = ['dataset', 'api', 'indicator', 'report', 'model', 'application'] as const
export type ProductKind = (typeof PRODUCT_KINDS)[number]

export const PRODUCT_STATUSES = ['draft', 'submitted', 'returned', 'rejected', 'approved', 'listed', 'suspended', 'cancelled'] as const
export type ProductStatus = (typeof PRODUCT_STATUSES)[number]

/**
 * What the product is. The model, feature query and runs behind it are shown to its developer and
 * those who oversee it only: a consumer or another developer gets the product as sold, without them.
 */
export type ProductSpec =
  | { readonly kind: 'api'; readonly modelId?: string; readonly featureSql?: string }
  | { readonly kind: 'model'; readonly modelId?: string }
  | { readonly kind: 'dataset'; readonly runId?: string; readonly result: { readonly columns: readonly string[]; readonly rows: readonly unknown[][]; readonly rowCount?: number } }
  | { readonly kind: 'report'; readonly title: string; readonly body: string; readonly runIds?: readonly string[] }
  | { readonly kind: 'indicator'; readonly template: string; readonly schedule: string }
  | { readonly kind: 'application'; readonly uses: readonly string[]; readonly url?: string }

export interface ResourceSource {
  readonly table: string
  readonly resourceCode: string
  readonly poolVersionId: string | null
  readonly importId?: string
}

/** An automatic check of art. 25, run on submission: `fail` blocks, `review` asks the reviewer to look. */
export interface ReviewFinding {
  readonly check: string
  readonly status: 'pass' | 'fail' | 'review'
  readonly rule: string
  readonly detail: string
}

export interface ProductReview {
  readonly round: number
  readonly reviewerId: string
  readonly decision: ReviewDecision
  readonly reasons: string
  readonly at: string
}

export type Pricing =
  | { readonly model: 'free'; readonly dailyQuota?: number; readonly ratePerSecond?: number }
  | { readonly model: 'per-call'; readonly yuanPerCall: number; readonly dailyQuota?: number; readonly ratePerSecond?: number }

export interface Product {
  readonly code: string
  readonly kind: ProductKind
  readonly name: string
  readonly description: string
  readonly scenarioCode: string
  readonly workspaceId: string
  readonly developerOrgId: string
  readonly status: ProductStatus
  readonly spec: ProductSpec
  readonly sources: { readonly runs: readonly string[]; readonly models: readonly string[]; readonly resources: readonly ResourceSource[] }
  readonly outputs: readonly { readonly name: string; readonly description: string }[]
  readonly perEntity: boolean
  readonly pricing: Pricing
  /** general-1 … general-4, important, core (GB/T 43697). */
  readonly dataGrade: string
  readonly reviewersNeeded: number
  readonly checks: readonly ReviewFinding[] | null
  readonly reviews: readonly ProductReview[]
  readonly registrationCode: string | null
  readonly createdAt: string
  readonly submittedAt: string | null
}

export const REVIEW_DECISIONS = ['approve', 'return', 'reject'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]

// ---------------------------------------------------------------------------- registration (art. 22)

export const REGISTRATION_KINDS = ['first', 'change', 'correction', 'cancellation'] as const
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number]

export const REGISTRATION_STATUSES = ['applied', 'accepted', 'refused', 'returned', 'notice', 'stopped', 'registered', 'cancelled'] as const
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]

export type SubjectType = 'product' | 'resource'

export interface RegistrationDocument {
  readonly name: string
  readonly hash: string
}

export interface RegistrationChange {
  readonly item: string
  readonly before: string
  readonly after: string
}

export interface RegistrationStep {
  readonly step: 'apply' | 'accept' | 'refuse' | 'approve' | 'return' | 'resubmit' | 'stop' | 'issue' | 'cancel'
  readonly by: string
  readonly at: string
  readonly note: string
}

export interface Objection {
  readonly id: string
  /** The objector's name and contact: seen by the bureau, the office and regulators only. */
  readonly name: string | null
  readonly contact: string | null
  readonly reason: string
  readonly filedAt: string
  readonly status: 'open' | 'upheld' | 'dismissed'
  readonly resolvedAt: string | null
  readonly resolutionNote: string | null
}

/** Product facts (name, kind, scenario, dataGrade…) or resource facts (name, level, grade, fields). */
export interface RegisteredFacts {
  readonly name: string
  readonly kind?: string
  readonly scenario?: string
  readonly dataGrade?: string
  readonly level?: string | null
  readonly grade?: number | null
  readonly fields?: readonly { readonly name: string; readonly title: string; readonly dataType: string; readonly level: string; readonly grade: number | null }[]
  readonly sources?: unknown
  readonly outputs?: unknown
}

export interface Registration {
  readonly id: string
  readonly kind: RegistrationKind
  readonly subject: { readonly type: SubjectType; readonly code: string }
  readonly status: RegistrationStatus
  readonly applicantOrgId: string
  readonly appliedBy: string
  readonly appliedAt: string
  readonly facts: RegisteredFacts
  readonly rights: string
  readonly documents: readonly RegistrationDocument[]
  readonly changes: readonly RegistrationChange[] | null
  readonly firstRegistrationId: string | null
  readonly registrationCode: string | null
  readonly noticeStartedOn: string | null
  readonly noticeEndsOn: string | null
  readonly registeredOn: string | null
  readonly cancelledOn: string | null
  readonly history: readonly RegistrationStep[]
  readonly updatedAt: string
  readonly objections: readonly Objection[]
}

/** The public notice (公示) lasts this many calendar days (registration.ts NOTICE_DAYS). */
export const NOTICE_DAYS = 10

// ---------------------------------------------------------------------------- gateway

export interface GatewayKey {
  readonly id: string
  readonly orgId: string
  readonly name: string
  /** `zk_` and the first characters of the secret: to tell keys apart, useless to call with. */
  readonly prefix: string
  readonly products: readonly string[]
  readonly status: 'active' | 'revoked'
  readonly createdBy: string
  readonly createdAt: string
  readonly rotatedAt: string | null
  readonly revokedAt: string | null
  readonly revocationReason: string | null
}

export interface Consent {
  readonly id: string
  readonly orgId: string
  readonly productCode: string
  /** The entity's credit code with all but its first 8 characters masked. */
  readonly entity: string
  readonly tokenPrefix: string
  readonly evidence: { readonly documentHash: string; readonly signatory: string; readonly signedOn: string }
  readonly validUntil: string
  readonly status: 'active' | 'revoked'
  readonly createdBy: string
  readonly createdAt: string
  readonly revokedAt: string | null
  readonly revocationReason: string | null
}

export interface CallAnswer {
  readonly product: string
  readonly outputs: Record<string, unknown>
  readonly callId: string
}

export interface UsageRow {
  readonly date: string
  readonly orgId: string | null
  readonly productCode: string
  readonly calls: number
  readonly answered: number
  readonly refused: number
  readonly amountYuan: number
}

export interface Usage {
  readonly from: string
  readonly to: string
  readonly rows: readonly UsageRow[]
  readonly totals: { readonly calls: number; readonly answered: number; readonly refused: number; readonly amountYuan: number }
}

// ---------------------------------------------------------------------------- ledger (art. 6, 24, 26)

export interface PriceCap {
  readonly scenarioCode: string
  readonly scenarioName: string
  readonly yuanPerCall: number
  readonly note: string
  readonly setBy: string
  readonly setAt: string
}

export interface PriceCapChange extends PriceCap {
  readonly productsAboveCap: readonly { readonly code: string; readonly status: string; readonly yuanPerCall: number }[]
}

export const COST_CATEGORIES = ['compute', 'storage', 'operation', 'security', 'other'] as const
export type CostCategory = (typeof COST_CATEGORIES)[number]

export const SHARE_PARTIES = ['operator', 'developer', 'city'] as const
export type ShareParty = (typeof SHARE_PARTIES)[number]

export interface Cost {
  readonly id: string
  readonly productCode: string
  readonly period: string
  readonly amountYuan: number
  readonly category: CostCategory
  readonly description: string
  readonly corrects: string | null
  readonly recordedBy: string
  readonly recordedAt: string
}

export interface RevenueShare {
  readonly party: ShareParty
  readonly share: number
}

export interface RevenueShares {
  readonly productCode: string
  readonly inForce: { readonly period: string; readonly version: number | null; readonly shares: readonly RevenueShare[] }
  readonly versions: readonly { readonly version: number; readonly fromPeriod: string; readonly shares: readonly RevenueShare[]; readonly note: string; readonly setBy: string; readonly setAt: string }[]
}

export interface PartyAmount {
  readonly party: ShareParty
  readonly orgId: string | null
  readonly amountYuan: number
}

export interface LedgerLine {
  readonly productCode: string
  readonly productName: string
  readonly scenarioCode: string
  readonly agreementId: string
  readonly period: string
  readonly callsAnswered: number
  readonly revenueYuan: number
  readonly costsYuan: number
  readonly netYuan: number
  readonly sharesVersion: number | null
  readonly shares: readonly (PartyAmount & { readonly share: number })[]
}

export interface LedgerReport {
  readonly from: string
  readonly to: string
  readonly productCode: string | null
  readonly lines: readonly LedgerLine[]
  readonly totals: { readonly callsAnswered: number; readonly revenueYuan: number; readonly costsYuan: number; readonly netYuan: number; readonly shares: readonly PartyAmount[] }
}

// ---------------------------------------------------------------------------- lookups from other modules

export interface Scenario {
  readonly code: string
  readonly name: string
  readonly sector: string
  readonly purposeType: 'industrial' | 'public_interest'
  readonly status: string
}

export interface CatalogResource {
  readonly code: string
  readonly name: string
  readonly tableName: string
  readonly gradeLabel: string
}
