import type { ScopeItem } from './authorization.ts'

/**
 * A workspace: where an active authorization's developer computes on the data it may not see
 * (授权运营域). It carries the authorization's scope, the query rules the gate enforces, the
 * privacy budget and its members. Pure types and defaults.
 */

export const WORKSPACE_STATUSES = ['open', 'suspended', 'closed'] as const
export type WorkspaceStatus = (typeof WORKSPACE_STATUSES)[number]

/** A workspace id is a short slug (e.g. fin-credit): it appears in URLs, the CLI and the audit log. */
export const WORKSPACE_ID_PATTERN = /^[a-z][a-z0-9-]{2,39}$/

/** Analysis rules, after AWS Clean Rooms: free aggregation, or only operator-approved templates. */
export const ANALYSIS_RULES = ['aggregation', 'template'] as const
export type AnalysisRule = (typeof ANALYSIS_RULES)[number]

export const DP_MECHANISMS = ['laplace', 'gaussian'] as const
export type DpMechanism = (typeof DP_MECHANISMS)[number]

/** What the gate enforces in a workspace; the operator sets it in the agreement (security requirements, art. 16). */
export interface QueryRules {
  readonly analysis: AnalysisRule
  /**
   * Columns (`table.column`) that identify an entity: they may be joined on and counted
   * distinct, never output, grouped, filtered or ordered on.
   */
  readonly identifiers: readonly string[]
  /** Each released cell covers at least this many distinct entities (0: no such rewrite). */
  readonly minDistinctEntities: number
  /** Statistical disclosure control on results (ACRO's defaults). */
  readonly outputChecks: {
    readonly threshold: number
    readonly dominance: { readonly n: number; readonly k: number }
    readonly pRatio: number
    readonly zeros: boolean
  }
  readonly limits: { readonly timeoutMs: number; readonly memoryMb: number; readonly maxRows: number }
  /** Noise on released counts and sums from a finite budget; null when the workspace has none. */
  readonly differentialPrivacy: null | {
    readonly mechanism: DpMechanism
    readonly epsilonPerAggregate: number
    readonly budgetEpsilon: number
    /** Contributions of one entity are bounded to this many rows per aggregate. */
    readonly contributionBound: number
    /** Clamping bounds of summed columns (`table.column` → [min, max]); a sum needs them, or the catalog's range. */
    readonly bounds?: Readonly<Record<string, readonly [number, number]>>
  }
}

export const DEFAULT_QUERY_RULES: QueryRules = {
  analysis: 'aggregation',
  identifiers: [],
  minDistinctEntities: 10,
  outputChecks: { threshold: 10, dominance: { n: 2, k: 0.9 }, pRatio: 0.1, zeros: true },
  limits: { timeoutMs: 30_000, memoryMb: 1024, maxRows: 10_000 },
  differentialPrivacy: null,
}

export interface Workspace {
  readonly id: string
  readonly name: string
  readonly status: WorkspaceStatus
  /** Why the workspace is suspended or closed, in words a developer can act on. */
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

/** One granted table as the workspace sees it: the pool table and the fields it may use. */
export interface WorkspaceTable {
  readonly resourceCode: string
  readonly table: string
  readonly resourceName: string
  readonly fields: readonly { readonly name: string; readonly title: string; readonly dataType: string; readonly identifier: boolean }[]
  /** The resource's key columns in the catalog, granted or not: what makes a row one entity's. */
  readonly key: readonly string[]
  readonly rowFilters: ScopeItem['rowFilters']
}
