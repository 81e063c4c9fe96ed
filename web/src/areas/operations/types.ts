/**
 * The shapes the scenario, call, authorization, masking, template, import and destruction routes
 * answer with, copied from the server's services (src/modules/scenarios, authorizations, masking,
 * domain, destruction). Read-only: pages never mutate what they were given.
 */

export type PurposeType = 'public_interest' | 'industrial'

export interface NeedField {
  readonly name: string
  readonly justification: string
}

/** A resource and the fields a scenario needs, each with why (least necessary, art. 14(3)). */
export interface ScenarioNeed {
  readonly resourceCode: string
  readonly fields: readonly NeedField[]
}

export type DemandStatus = 'open' | 'compiled' | 'declined'

export interface ScenarioDemand {
  readonly id: string
  readonly orgId: string
  readonly title: string
  readonly description: string
  readonly purposeType: PurposeType
  readonly needs: readonly ScenarioNeed[]
  readonly status: DemandStatus
  readonly scenarioCode: string | null
  readonly submittedAt: string
}

export type ScenarioStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'rejected'

export interface Scenario {
  readonly code: string
  readonly name: string
  readonly sector: string
  readonly description: string
  readonly purposeType: PurposeType
  readonly conditions: string
  readonly needs: readonly ScenarioNeed[]
  readonly status: ScenarioStatus
  readonly demandIds: readonly string[]
  readonly createdAt: string
  readonly submittedAt: string | null
  readonly reviewedAt: string | null
  readonly reviewComment: string | null
}

export type CallStatus = 'open' | 'awarded' | 'cancelled'

export interface Criterion {
  readonly name: string
  readonly weight: number
  readonly description: string
}

export interface Call {
  readonly id: string
  readonly scenarioCode: string
  readonly title: string
  readonly method: string
  readonly eligibility: readonly string[]
  readonly criteria: readonly Criterion[]
  readonly invitedOrgIds: readonly string[]
  readonly deadline: string
  readonly status: CallStatus
  readonly publishedAt: string
  readonly awardedApplicationId: string | null
  readonly awardedAt: string | null
  readonly awardReason: string | null
}

export type ApplicationStatus = 'submitted' | 'scored' | 'awarded' | 'not-awarded'

export interface Score {
  readonly criterion: string
  readonly score: number
  readonly reason: string
}

export interface Application {
  readonly id: string
  readonly callId: string
  readonly developerOrgId: string
  readonly statement: string
  readonly documents: readonly { readonly name: string; readonly sha256: string; readonly summary: string }[]
  readonly eligibility: readonly { readonly condition: string; readonly evidence: string }[]
  readonly status: ApplicationStatus
  readonly submittedAt: string
  readonly scores: readonly Score[] | null
  readonly totalScore: number | null
  readonly scoredAt: string | null
}

export const OPERATOR_QUALIFICATIONS = ['compliance', 'capability', 'good-standing', 'data-governance', 'supervision-response'] as const
export type OperatorQualification = (typeof OPERATOR_QUALIFICATIONS)[number]

export interface OperatorAuthorization {
  readonly id: string
  readonly operatorOrgId: string
  readonly operatorName: string
  readonly jurisdiction: string
  readonly status: 'designated' | 'active' | 'ended'
  readonly qualifications: Readonly<Record<OperatorQualification, { readonly met: boolean; readonly evidence: string }>>
  readonly lastSecurityIncidentOn: string | null
  readonly agreementReference: string
  readonly clauses: Readonly<Record<string, string>>
  readonly term: { readonly start: string; readonly end: string }
  readonly scope: readonly string[]
  readonly designatedAt: string
  readonly grantedAt: string | null
}

export const AGREEMENT_STATUSES = ['draft', 'filed', 'active', 'suspended', 'terminated', 'expired'] as const
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number]

export const ROW_FILTER_OPERATORS = ['eq', 'in', 'gte', 'lte', 'between'] as const
export type RowFilterOperator = (typeof ROW_FILTER_OPERATORS)[number]

export interface RowFilter {
  readonly column: string
  readonly operator: RowFilterOperator
  readonly values: readonly (string | number)[]
}

export interface ScopeItem {
  readonly resourceCode: string
  readonly fields: readonly string[]
  readonly rowFilters: readonly RowFilter[]
}

export interface QueryRules {
  readonly analysis: 'aggregation' | 'template'
  readonly identifiers: readonly string[]
  readonly minDistinctEntities: number
  readonly outputChecks: {
    readonly threshold: number
    readonly dominance: { readonly n: number; readonly k: number }
    readonly pRatio: number
    readonly zeros: boolean
  }
  readonly limits: { readonly timeoutMs: number; readonly memoryMb: number; readonly maxRows: number }
  readonly differentialPrivacy: null | {
    readonly mechanism: 'laplace' | 'gaussian'
    readonly epsilonPerAggregate: number
    readonly budgetEpsilon: number
    readonly contributionBound: number
    readonly bounds?: Readonly<Record<string, readonly [number, number]>>
  }
}

export interface Agreement {
  readonly id: string
  readonly scenarioCode: string
  readonly callId: string
  readonly applicationId: string
  readonly operatorOrgId: string
  readonly developerOrgId: string
  readonly status: AgreementStatus
  readonly clauses: Readonly<Record<string, string>>
  readonly missingClauses: readonly string[]
  readonly scope: readonly ScopeItem[]
  readonly feeYuan: number
  readonly term: { readonly start: string; readonly end: string }
  readonly workspace: { readonly id: string; readonly name: string; readonly rules: QueryRules }
  readonly renewalOf: string | null
  readonly filing: null | { readonly filedAt: string; readonly objectionDeadline: string; readonly acknowledgedAt: string | null }
  readonly objection: string | null
  readonly activatedAt: string | null
  readonly suspension: null | { readonly at: string; readonly reason: string; readonly rectificationDeadline: string | null }
  readonly end: null | { readonly at: string; readonly ground: string | null; readonly note: string | null }
  readonly createdAt: string
}

export type LinkageRiskLevel = 'low' | 'medium' | 'high'

export interface LinkageMeasures {
  readonly entities: number
  readonly classes: number
  readonly uniques: number
  readonly uniqueShare: number
  readonly k: number
  readonly belowK: number
  readonly belowKShare: number
  readonly prosecutorRisk: number
  readonly averageRisk: number
  readonly level: LinkageRiskLevel
  readonly reasons: readonly string[]
}

export type ResourceLinkage =
  | {
      readonly resourceCode: string
      readonly table: string
      readonly status: 'computed'
      readonly entityColumn: string
      readonly quasiIdentifiers: readonly string[]
      readonly excluded: readonly string[]
      readonly rows: number
      readonly measures: LinkageMeasures
    }
  | { readonly resourceCode: string; readonly table: string; readonly status: 'row-level' | 'no-data'; readonly reason: string }

export interface LinkageRisk {
  readonly agreementId: string
  readonly workspaceId: string
  readonly k: number
  readonly level: LinkageRiskLevel
  readonly resources: readonly ResourceLinkage[]
  readonly combined: null | {
    readonly resources: readonly string[]
    readonly quasiIdentifiers: readonly string[]
    readonly measures: LinkageMeasures
    readonly addedUniqueShare: number
  }
  readonly method: string
}

export type WorkspaceStatus = 'open' | 'suspended' | 'closed'

export interface WorkspaceField {
  readonly name: string
  readonly title: string
  readonly dataType: string
  readonly identifier: boolean
}

export interface WorkspaceTable {
  readonly resourceCode: string
  readonly table: string
  readonly resourceName: string
  readonly fields: readonly WorkspaceField[]
  readonly rowFilters: readonly RowFilter[]
}

export interface Workspace {
  readonly id: string
  readonly name: string
  readonly status: WorkspaceStatus
  readonly statusReason: string | null
  readonly agreementId: string
  readonly scenarioCode: string
  readonly developerOrgId: string
  readonly scope: readonly WorkspaceTable[]
  readonly rules: QueryRules
  readonly budget: null | { readonly epsilon: number; readonly spent: number; readonly remaining: number }
  readonly term: { readonly start: string; readonly end: string }
  readonly members: readonly { readonly userId: string; readonly username: string; readonly displayName: string }[]
  readonly createdAt: string
}

export const MASKING_OPERATOR_KINDS = [
  'mask',
  'redact',
  'replace',
  'pseudonym',
  'encrypt',
  'generalize-date',
  'generalize-age',
  'generalize-region',
  'range',
  'top-bottom',
  'noise',
  'date-shift',
] as const
export type MaskingOperatorKind = (typeof MASKING_OPERATOR_KINDS)[number]

export type MaskingOperator =
  | { kind: 'mask'; char?: string; keepPrefix?: number; keepSuffix?: number }
  | { kind: 'redact' }
  | { kind: 'replace'; value?: string }
  | { kind: 'pseudonym' }
  | { kind: 'encrypt' }
  | { kind: 'generalize-date'; to: 'month' | 'year' }
  | { kind: 'generalize-age'; width: number }
  | { kind: 'generalize-region'; digits: 4 | 2 }
  | { kind: 'range'; width: number }
  | { kind: 'top-bottom'; min?: number; max?: number }
  | { kind: 'noise'; scale: number; distribution?: 'laplace' | 'uniform' }
  | { kind: 'date-shift'; maxDays: number }

export type ColumnKind = 'text' | 'integer' | 'number' | 'date' | 'timestamp' | 'boolean'

export interface MaskingRule {
  readonly table: string
  readonly column: string
  readonly operator: MaskingOperator
  readonly context?: string
  readonly kind: ColumnKind
  readonly maskedKind: ColumnKind
  readonly setBy: string
  readonly setAt: string
}

export interface MaskingPolicyView {
  readonly workspaceId: string
  readonly rules: readonly MaskingRule[]
}

export interface TemplateParameter {
  readonly name: string
  readonly type: 'string' | 'integer' | 'number' | 'date'
  readonly description: string
  readonly allowed?: readonly (string | number)[]
  readonly min?: number | string
  readonly max?: number | string
  readonly example: string | number
}

export interface QueryTemplate {
  readonly name: string
  readonly workspaceId: string
  readonly description: string
  readonly sql: string
  readonly parameters: readonly TemplateParameter[]
  readonly status: 'proposed' | 'approved' | 'rejected'
  readonly proposedAt: string
  readonly decidedAt: string | null
  readonly decisionNote: string | null
}

export type ImportStatus = 'scanned' | 'planned' | 'submitted' | 'returned' | 'approved' | 'destroyed'

export type ColumnAction = { readonly action: 'keep' } | { readonly action: 'drop' } | { readonly action: 'mask'; readonly operator: MaskingOperator }

export interface ColumnScan {
  readonly column: string
  readonly kind: ColumnKind
  readonly findings: readonly { readonly type: string; readonly share: number; readonly personal: boolean }[]
  readonly personal: boolean
}

export interface KAnonymityReport {
  readonly anonymous: boolean
  readonly rows: number
  readonly classes: number
  readonly suppressedClasses: number
  readonly outliers: number
  readonly suppressed: number
  readonly suppressedShare: number
  readonly minClassSize: number
  readonly maxClassSize: number
  readonly averageClassSize: number
  readonly histogram?: readonly { readonly size: number; readonly classes: number }[]
}

export interface Import {
  readonly id: string
  readonly workspaceId: string
  readonly table: string
  readonly status: ImportStatus
  readonly source: { readonly provider: string; readonly providerKind: string; readonly legalBasis: string; readonly description: string }
  readonly fileName: string
  readonly rows: number
  readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[]
  readonly scan: readonly ColumnScan[]
  readonly plan: {
    readonly columns: Readonly<Record<string, ColumnAction>>
    readonly quasiIdentifiers: readonly string[]
    readonly k: number
    readonly suppressionLimit: number
    readonly identifiers: readonly string[]
  }
  readonly planSet: boolean
  readonly assessment:
    | null
    | {
        readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[]
        readonly residual: readonly ColumnScan[]
        readonly kAnonymity: KAnonymityReport
        readonly rows: number
        readonly problems: readonly string[]
        readonly passes: boolean
      }
  readonly createdBy: string
  readonly createdAt: string
  readonly submittedAt: string | null
  readonly decision: { readonly by: string; readonly at: string; readonly note: string } | null
  readonly destruction: null | {
    readonly at: string
    readonly by: string
    readonly reason: string
    readonly files: readonly { readonly part: string; readonly hash: string }[]
    readonly keys: readonly string[]
  }
}

export interface DestructionCertificate {
  readonly type: string
  readonly version: number
  readonly id: string
  readonly workspaceId: string
  readonly agreementId: string
  readonly scenarioCode: string
  readonly developerOrgId: string
  readonly operatorOrgId: string
  readonly reason: { readonly kind: 'termination' | 'expiry'; readonly ground: string | null; readonly note: string | null; readonly endedAt: string | null }
  readonly note: string
  readonly destroyedAt: string
  readonly destroyedBy: { readonly userId: string; readonly username: string; readonly orgId: string }
  readonly keys: readonly { readonly id: string; readonly purpose: string; readonly ownerType: string; readonly ownerId: string; readonly destroyedAt: string }[]
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly sm3: string }[]
  readonly records: {
    readonly queryRunResults: number
    readonly models: number
    readonly products: readonly string[]
    readonly imports: readonly string[]
  }
  readonly auditHeadSeq: number
  readonly auditHeadHash: string
  readonly signer: { readonly keyId: string; readonly suite: string; readonly algorithm: string; readonly userId: string | null }
}

export interface SignedCertificate {
  readonly certificate: DestructionCertificate
  readonly signature: string
  readonly canonical: string
  readonly filesRemovedAt: string | null
}

/** The policy pack's parameters the forms of this area follow (GET /api/v1/policy). */
export interface PolicyParams {
  readonly developerTermMaxMonths: number
  readonly renewalWindowMonths: number
  readonly filingObjectionDays: number
  readonly agreementExpiryWarningDays: number
  readonly importMinK: number
  readonly operatorCleanRecordYears: number
  readonly requiredAgreementClauses: readonly string[]
  readonly selectionMethods: readonly string[]
  readonly terminationGrounds: readonly string[]
}

export interface CatalogField {
  readonly name: string
  readonly title: string
  readonly dataType: string
  readonly identifier: boolean
  readonly sensitive: boolean
  readonly grade: number
  readonly level: string
}

export interface CatalogResource {
  readonly code: string
  readonly tableName: string
  readonly name: string
  readonly gradeLabel: string
  readonly authorizable: boolean
  readonly providerOrgId: string
  readonly fields: readonly CatalogField[]
}
