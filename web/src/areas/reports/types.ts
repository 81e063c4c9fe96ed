/** The annual report as the API answers it (src/modules/reports/report.service.ts, report-figures.ts). */

export type ReportStatus = 'draft' | 'filed' | 'returned' | 'acknowledged'
export type NarrativeSection = 'overview' | 'data' | 'scenarios' | 'products' | 'finance' | 'security' | 'issues' | 'plan'
export type Narrative = Record<NarrativeSection, string>

export interface Count {
  readonly key: string
  readonly count: number
}

export interface AnnualFigures {
  readonly year: number
  readonly period: { readonly from: string; readonly to: string }
  readonly yearComplete: boolean
  readonly compiledAt: string
  readonly months: readonly string[]
  readonly operator: { readonly orgId: string; readonly name: string; readonly terms: readonly { id: string; start: string; end: string; status: string }[] }
  readonly data: {
    readonly resources: readonly { code: string; name: string; grade: string; version: number | null; rows: number; bytes: number; loadedAt: string | null }[]
    readonly granted: number
    readonly inPool: number
    readonly rowsServing: number
    readonly bytesServing: number
    readonly byGrade: readonly Count[]
    readonly loads: { versions: number; rows: number; quarantined: number }
    readonly workspaces: { total: number; open: number; suspended: number; closed: number; withPrivacyBudget: number }
    readonly queries: {
      readonly real: { answered: number; refused: number }
      readonly sandbox: { answered: number; refused: number }
      readonly training: number
      readonly rowsReleased: number
      readonly rowsWithheld: number
      readonly cellsSuppressed: number
      readonly runsWithSuppression: number
      readonly epsilonSpent: number
      readonly byMonth: readonly { period: string; answered: number; sandbox: number; refused: number }[]
    }
    readonly refusalsByRule: readonly { rule: string; count: number }[]
    readonly accessRefusals: number
    readonly use: readonly { developer: string; workspace: string; queriesAnswered: number; queriesRefused: number; modelsTrained: number; productCalls: number }[]
  }
  readonly scenarios: { approvedInYear: number; approvedTotal: number; byPurpose: readonly Count[]; bySector: readonly Count[] }
  readonly authorizations: {
    readonly inForce: number
    readonly new: number
    readonly expired: number
    readonly terminated: number
    readonly suspensions: number
    readonly list: readonly { developer: string; scenario: { code: string; name: string; purposeType: string }; term: { start: string; end: string }; status: string; workspace: string }[]
  }
  readonly products: { total: number; newInYear: number; byKind: readonly Count[]; byStatus: readonly Count[] }
  readonly registrations: { applied: number; registered: number; byStatus: readonly Count[] }
  readonly gateway: { answered: number; refused: number; byMonth: readonly { period: string; answered: number; refused: number }[] }
  readonly ledger: {
    readonly callsAnswered: number
    readonly revenueYuan: number
    readonly costsYuan: number
    readonly netYuan: number
    readonly shares: readonly { party: string; orgId: string | null; name: string; amountYuan: number }[]
    readonly byMonth: readonly { period: string; revenueYuan: number; costsYuan: number }[]
    readonly byProduct: readonly { code: string; name: string; callsAnswered: number; revenueYuan: number; costsYuan: number }[]
  }
  readonly incidents: {
    readonly total: number
    readonly closed: number
    readonly open: number
    readonly overdue: number
    readonly medianCloseHours: number | null
    readonly bySeverity: readonly { severity: string; reported: number; closed: number; medianCloseHours: number | null; maxCloseHours: number | null }[]
  }
  readonly rectifications: { ordered: number; accepted: number; overdueNow: number }
  readonly evaluations: readonly { subjectOrgId: string; subject: string; year: number; total: number; rating: string; evaluatedAt: string }[]
  readonly destruction: { certificates: number; list: readonly { id: string; workspaceId: string; destroyedAt: string }[] }
  readonly audit: { entriesInYear: number; headSeq: number; checkpoint: { seq: number; hash: string; signedAt: string; suite: string; keyId: string } | null }
}

export interface ReportSummary {
  readonly id: string
  readonly operatorOrgId: string
  readonly operatorName: string
  readonly year: number
  readonly status: ReportStatus
  readonly period: { readonly from: string; readonly to: string }
  readonly yearComplete: boolean
  readonly figuresDigest: string
  readonly digestAlgorithm: string
  readonly compiledAt: string
  readonly filedAt: string | null
  readonly decidedAt: string | null
  readonly decisionComment: string | null
  readonly updatedAt: string
}

export interface ReportStep {
  readonly at: string
  readonly by: string
  readonly orgId: string
  readonly action: 'create' | 'recompile' | 'narrative' | 'file' | 'acknowledge' | 'return'
  readonly note?: string
  readonly digest?: string
}

export interface AnnualReport extends ReportSummary {
  readonly figures: AnnualFigures
  readonly figuresIntact: boolean
  readonly compiledBy: string
  readonly narrative: Narrative
  readonly documentDigest: string | null
  readonly filedBy: string | null
  readonly decidedBy: string | null
  readonly history: readonly ReportStep[]
  readonly createdAt: string
}
