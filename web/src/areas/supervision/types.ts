/**
 * The shapes the supervision API answers with, as the server's route files and services define
 * them (src/modules/disclosure, audit, incidents, authorizations). Field names are the server's.
 */

export const FLAG_KINDS = [
  'output-check-failures',
  'privacy-budget',
  'refused-query-burst',
  'expiring-agreement',
  'overdue-rectification',
  'gateway-refusals',
  'overdue-incident',
  'no-emergency-plan',
] as const
export type FlagKind = (typeof FLAG_KINDS)[number]
export type FlagSeverity = 'info' | 'warning' | 'critical'

export interface Flag {
  readonly kind: FlagKind
  readonly severity: FlagSeverity
  /** kind:id of what it is about: workspace:…, agreement:…, consumer:…, incident:…, organization:… */
  readonly subject: string
  readonly detail: string
}

export interface FlagsAnswer {
  readonly generatedAt: string
  readonly thresholds: { outputCheckFailures: number; budgetWarning: number; refusedBurst: number; gatewayRefusals: number }
  readonly flags: readonly Flag[]
}

// ---------------------------------------------------------------------------- agreements

export interface ScopeItem {
  readonly resourceCode: string
  readonly fields: readonly string[]
  readonly rowFilters: readonly unknown[]
}

export interface Agreement {
  readonly id: string
  readonly scenarioCode: string
  readonly operatorOrgId: string
  readonly developerOrgId: string
  readonly status: string
  readonly scope: readonly ScopeItem[]
  readonly feeYuan: number | null
  readonly term: { readonly start: string; readonly end: string }
  readonly workspace: { readonly id: string; readonly name: string }
  readonly filing: { readonly filedAt: string; readonly objectionDeadline: string; readonly acknowledgedAt: string | null } | null
  readonly activatedAt: string | null
  readonly suspension: { readonly at: string; readonly reason: string; readonly rectificationDeadline: string | null } | null
  readonly end: { readonly at: string; readonly ground: string | null; readonly note: string | null } | null
  readonly createdAt: string
}

export interface Workspace {
  readonly id: string
  readonly name: string
  readonly status: string
  readonly statusReason: string | null
  readonly agreementId: string
  readonly scenarioCode: string
  readonly developerOrgId: string
}

// ---------------------------------------------------------------------------- audit

export const AUDIT_RESULTS = ['success', 'failure', 'refused'] as const
export type AuditResult = (typeof AUDIT_RESULTS)[number]

export interface AuditEntry {
  readonly seq: number
  readonly occurredAt: string
  readonly actorUserId: string | null
  readonly actorUsername: string | null
  readonly orgId: string | null
  readonly role: string | null
  readonly sourceIp: string | null
  readonly eventType: string
  readonly objectType: string | null
  readonly objectId: string | null
  readonly action: string
  readonly result: AuditResult
  readonly reason: string | null
  readonly requestId: string | null
  readonly detail: unknown
  readonly prevHash: string
  readonly hash: string
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[]
  readonly nextBefore?: number
}

/** The filters of GET /audit/entries and /audit/export (audit.routes.ts filterSchema). */
export interface AuditFilter {
  from?: string
  to?: string
  eventType?: string
  actor?: string
  orgId?: string
  objectType?: string
  objectId?: string
  result?: AuditResult
  requestId?: string
}

export interface ChainBreak {
  readonly seq: number
  readonly kind: string
  readonly message: string
}

export interface VerifyReport {
  readonly ok: boolean
  readonly suite: string
  readonly entries: number
  readonly anchorSeq: number
  readonly headSeq: number
  readonly checkpoints: number
  readonly firstBreak?: ChainBreak
  readonly durationMs: number
}

export interface Checkpoint {
  readonly seq: number
  readonly hash: string
  readonly createdAt: string
  readonly suite: string
  readonly keyId: string
  readonly signature: string
}

export interface CheckpointsAnswer {
  /** The signed message's template: shuyu-audit-checkpoint|<seq>|<hash>|<createdAt> */
  readonly message: string
  readonly checkpoints: readonly Checkpoint[]
  readonly publicKeys: readonly { readonly id: string; readonly suite: string; readonly publicKey: string }[]
}

// ---------------------------------------------------------------------------- lineage

export const NODE_KINDS = ['source-unit', 'resource', 'version', 'workspace', 'run', 'model', 'product', 'consumer'] as const
export type NodeKind = (typeof NODE_KINDS)[number]
export const DIRECTIONS = ['up', 'down', 'both'] as const
export type Direction = (typeof DIRECTIONS)[number]

export interface LineageNode {
  readonly id: string
  readonly kind: NodeKind
  readonly label: string
}

export interface LineageEdge {
  readonly from: string
  readonly to: string
  readonly relation: string
  readonly count?: number
}

export interface LineageGraph {
  readonly root: string
  readonly direction: Direction
  readonly nodes: readonly LineageNode[]
  readonly edges: readonly LineageEdge[]
}

// ---------------------------------------------------------------------------- incidents

export const INCIDENT_SEVERITIES = ['general', 'significant', 'major', 'especially-major'] as const
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number]
export const INCIDENT_CATEGORIES = ['data-leak', 'unauthorized-access', 'tampering', 'loss', 'availability', 'malware', 'other'] as const
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number]
export const INCIDENT_STATUSES = ['reported', 'acknowledged', 'closed'] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

export interface IncidentStep {
  readonly at: string
  readonly by: string
  readonly orgId: string
  readonly action: string
}

export interface Incident {
  readonly id: string
  readonly reporterOrgId: string
  readonly reporterKind: string
  readonly receiverKind: 'operator' | 'office'
  readonly workspaceId: string | null
  readonly severity: IncidentSeverity
  readonly category: IncidentCategory
  readonly title: string
  readonly description: string
  readonly occurredAt: string
  readonly reportedAt: string
  readonly closeBy: string
  readonly overdue: boolean
  readonly status: IncidentStatus
  readonly steps: readonly IncidentStep[]
  readonly closure: { readonly at: string; readonly by: string; readonly summary: string; readonly rootCause: string } | null
  readonly suspendedAgreementId: string | null
  readonly escalatedTo: string | null
  readonly escalatedFrom: string | null
}

export interface EmergencyPlan {
  readonly orgId: string
  readonly version: number
  readonly title: string
  readonly summary: string
  readonly documentHash: string
  readonly filedBy: string
  readonly filedAt: string
}

// ---------------------------------------------------------------------------- evaluations

export const CRITERIA = ['incidents', 'query-conduct', 'rectification', 'disclosure-and-registration', 'emergency-plan'] as const
export type Criterion = (typeof CRITERIA)[number]
export type Rating = 'excellent' | 'good' | 'fair' | 'poor'

export interface EvaluationCriteria {
  readonly criteria: readonly { readonly criterion: Criterion; readonly weight: number; readonly rule: string }[]
  readonly ratings: readonly { readonly rating: Rating; readonly min: number }[]
}

export interface EvaluationEvidence {
  readonly incidents: { readonly severe: number; readonly other: number }
  readonly queries: { readonly answered: number; readonly refused: number }
  readonly suspensions: number
  readonly overdueRectifications: number
  readonly listedProducts: number
  readonly registeredProducts: number
  readonly emergencyPlan: boolean
}

export interface Evaluation {
  readonly id: string
  readonly subjectOrgId: string
  readonly year: number
  readonly evidence: EvaluationEvidence
  readonly scores: readonly { readonly criterion: Criterion; readonly weight: number; readonly score: number; readonly basis: string }[]
  readonly total: number
  readonly rating: Rating
  readonly note: string
  readonly evaluatedBy: string
  readonly evaluatedAt: string
}
