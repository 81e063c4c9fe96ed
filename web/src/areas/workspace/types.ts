/**
 * The answers of the secure-domain API as the workspace pages read them, field for field from
 * the server's own types (src/modules/authorizations/workspace.ts, domain/query.service.ts,
 * domain/template.service.ts, products/*.ts, masking/import*.ts).
 */

export type WorkspaceStatus = 'open' | 'suspended' | 'closed'

export interface WorkspaceField {
  readonly name: string
  readonly title: string
  readonly dataType: string
  readonly identifier: boolean
}

export interface RowFilter {
  readonly column: string
  readonly operator: string
  readonly values: readonly unknown[]
}

export interface WorkspaceTable {
  readonly resourceCode: string
  readonly table: string
  readonly resourceName: string
  readonly fields: readonly WorkspaceField[]
  readonly rowFilters: readonly RowFilter[]
}

export interface DpRules {
  readonly mechanism: 'laplace' | 'gaussian'
  readonly epsilonPerAggregate: number
  readonly budgetEpsilon: number
  readonly contributionBound: number
  readonly bounds?: Readonly<Record<string, readonly [number, number]>>
}

export interface QueryRules {
  readonly analysis: 'aggregation' | 'template'
  readonly identifiers: readonly string[]
  readonly minDistinctEntities: number
  readonly outputChecks: { readonly threshold: number; readonly dominance: { readonly n: number; readonly k: number }; readonly pRatio: number; readonly zeros: boolean }
  readonly limits: { readonly timeoutMs: number; readonly memoryMb: number; readonly maxRows: number }
  readonly differentialPrivacy: DpRules | null
}

export interface Budget {
  readonly epsilon: number
  readonly spent: number
  readonly remaining: number
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
  readonly budget: Budget | null
  readonly term: { readonly start: string; readonly end: string }
  readonly members: readonly { readonly userId: string; readonly username: string; readonly displayName: string }[]
  readonly createdAt: string
}

export interface MaskingRule {
  readonly table: string
  readonly column: string
  readonly operator: MaskingOperator
  readonly context?: string
  readonly kind: string
  readonly maskedKind: string
  readonly setBy: string
  readonly setAt: string
}

// ---------------------------------------------------------------------------- queries

export type QueryMode = 'real' | 'sandbox'

export interface QueryCheck {
  readonly check: string
  readonly status: 'pass' | 'fail' | 'review' | 'info'
  /** The row (0-based, among the released rows) and column a cell check is about. */
  readonly row?: number
  readonly column?: string
  readonly detail: string
}

export interface QueryAnswer {
  readonly runId: string
  readonly sandbox?: boolean
  readonly budget?: Budget & { readonly charged: number }
  readonly columns: readonly string[]
  readonly rows: readonly (readonly unknown[])[]
  readonly checks: readonly QueryCheck[]
  readonly summary: { readonly rowsReleased: number; readonly rowsWithheld: number; readonly cellsSuppressed: number; readonly truncated: boolean }
  readonly durationMs: number
}

export type ParameterType = 'string' | 'integer' | 'number' | 'date'

export interface TemplateParameter {
  readonly name: string
  readonly type: ParameterType
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

// ---------------------------------------------------------------------------- models

export type ModelKind = 'linear' | 'logistic' | 'scorecard'

export interface ClassificationMetrics {
  readonly auc: number | null
  readonly ks: number | null
  readonly accuracy: number
  readonly logLoss: number
}

export interface RegressionMetrics {
  readonly r2: number | null
  readonly rmse: number
  readonly adjustedR2?: number | null
}

export interface ModelMetrics {
  readonly train: ClassificationMetrics | RegressionMetrics
  readonly test: ClassificationMetrics | RegressionMetrics | null
  readonly scores?: { readonly p5: number; readonly p25: number; readonly p50: number; readonly p75: number; readonly p95: number }
}

export interface ReleaseFinding {
  readonly check: string
  readonly status: 'pass' | 'fail'
  readonly detail: string
}

export interface ScorecardBin {
  readonly label: string
  readonly count: number
  readonly events: number
  readonly woe: number
  readonly points: number
}

export interface TrainedModel {
  readonly kind: ModelKind
  readonly intercept: { readonly estimate: number; readonly standardError: number | null }
  readonly coefficients: readonly { readonly feature: string; readonly estimate: number; readonly standardError: number | null }[]
  readonly scorecard?: { readonly bins: readonly { readonly feature: string; readonly type: string; readonly bins: readonly ScorecardBin[] }[]; readonly basePoints: number; readonly pdo: number; readonly odds: number }
}

export interface ResourceSource {
  readonly table: string
  readonly resourceCode: string
  readonly poolVersionId: string | null
  readonly importId?: string
}

export interface ModelView {
  readonly id: string
  readonly workspaceId: string
  readonly name: string
  readonly kind: ModelKind
  readonly target: string
  readonly features: readonly string[]
  readonly trainedOn: { readonly rows: number; readonly dropped: number; readonly trainRows: number; readonly testRows: number }
  readonly metrics: ModelMetrics
  readonly release: { readonly rule: string; readonly releasable: boolean; readonly findings: readonly ReleaseFinding[] }
  readonly model: TrainedModel | null
  readonly sources: readonly ResourceSource[]
  readonly trainedBy: string
  readonly trainedAt: string
}

// ---------------------------------------------------------------------------- products

export const PRODUCT_KINDS = ['dataset', 'api', 'indicator', 'report', 'model', 'application'] as const
export type ProductKind = (typeof PRODUCT_KINDS)[number]

export type ProductStatus = 'draft' | 'submitted' | 'returned' | 'rejected' | 'approved' | 'listed' | 'suspended' | 'cancelled'

export interface ReviewFinding {
  readonly check: string
  readonly status: 'pass' | 'fail' | 'review'
  readonly rule: string
  readonly detail: string
}

export type Pricing = { readonly model: 'free'; readonly dailyQuota?: number; readonly ratePerSecond?: number } | { readonly model: 'per-call'; readonly yuanPerCall: number; readonly dailyQuota?: number; readonly ratePerSecond?: number }

export interface Product {
  readonly code: string
  readonly kind: ProductKind
  readonly name: string
  readonly description: string
  readonly scenarioCode: string
  readonly workspaceId: string
  readonly developerOrgId: string
  readonly status: ProductStatus
  readonly spec: Readonly<Record<string, unknown>> & { readonly kind: ProductKind }
  readonly sources: { readonly runs: readonly string[]; readonly models: readonly string[]; readonly resources: readonly ResourceSource[] }
  readonly outputs: readonly { readonly name: string; readonly description: string }[]
  readonly perEntity: boolean
  readonly pricing: Pricing | null
  readonly dataGrade: string
  readonly reviewersNeeded: number
  readonly checks: readonly ReviewFinding[] | null
  readonly reviews: readonly { readonly round: number; readonly reviewerId: string; readonly decision: string; readonly reasons: string; readonly at: string }[]
  readonly registrationCode: string | null
  readonly createdAt: string
  readonly submittedAt: string | null
}

// ---------------------------------------------------------------------------- imports of social data

export type ImportStatus = 'scanned' | 'planned' | 'submitted' | 'returned' | 'approved' | 'destroyed'
export type ColumnKind = 'text' | 'integer' | 'number' | 'date' | 'timestamp' | 'boolean'

export type MaskingOperator =
  | { readonly kind: 'mask'; readonly char?: string; readonly keepPrefix?: number; readonly keepSuffix?: number }
  | { readonly kind: 'redact' }
  | { readonly kind: 'replace'; readonly value?: string }
  | { readonly kind: 'pseudonym' }
  | { readonly kind: 'encrypt' }
  | { readonly kind: 'generalize-date'; readonly to: 'month' | 'year' }
  | { readonly kind: 'generalize-age'; readonly width: number }
  | { readonly kind: 'generalize-region'; readonly digits: 4 | 2 }
  | { readonly kind: 'range'; readonly width: number }
  | { readonly kind: 'top-bottom'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'noise'; readonly scale: number; readonly distribution?: 'laplace' | 'uniform' }
  | { readonly kind: 'date-shift'; readonly maxDays: number }

export type MaskingOperatorKind = MaskingOperator['kind']

export type ColumnAction = { readonly action: 'keep' } | { readonly action: 'drop' } | { readonly action: 'mask'; readonly operator: MaskingOperator }

export interface DeidPlan {
  readonly columns: Readonly<Record<string, ColumnAction>>
  readonly quasiIdentifiers: readonly string[]
  readonly k: number
  readonly suppressionLimit: number
  readonly identifiers: readonly string[]
}

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
}

export interface ImportAssessment {
  readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[]
  readonly residual: readonly ColumnScan[]
  readonly kAnonymity: KAnonymityReport
  readonly rows: number
  readonly problems: readonly string[]
  readonly passes: boolean
}

export interface Import {
  readonly id: string
  readonly workspaceId: string
  readonly table: string
  readonly status: ImportStatus
  readonly source: { readonly provider: string; readonly providerKind: 'enterprise' | 'organization' | 'individual'; readonly legalBasis: string; readonly description: string }
  readonly fileName: string
  readonly rows: number
  readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[]
  readonly scan: readonly ColumnScan[]
  readonly plan: DeidPlan
  readonly planSet: boolean
  readonly assessment: ImportAssessment | null
  readonly createdBy: string
  readonly createdAt: string
  readonly submittedAt: string | null
  readonly decision: { readonly by: string; readonly at: string; readonly note: string } | null
  readonly destruction: { readonly at: string; readonly by: string; readonly reason: string; readonly files: readonly { readonly part: string; readonly hash: string }[]; readonly keys: readonly string[] } | null
}

export interface Agreement {
  readonly id: string
  readonly scenarioCode: string
  readonly status: string
  readonly term: { readonly start: string; readonly end: string }
  readonly workspace: { readonly id: string; readonly name: string }
}
