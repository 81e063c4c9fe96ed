import type { Workspace } from '../authorizations/workspace.ts'
import type { GatePlan, OutputColumn } from './gate/analyze.ts'
import type { FusedPlan } from './gate/fuse.ts'
import { addNoise, round, type DpPlan } from './dp-release.ts'
import { checkCell, familyOf, type CellVerdict } from './output-checks.ts'
import type { QueryAnswer, QueryCheck } from './query.service.ts'

/**
 * The release of an answer (the third wall): rows covering too few entities withheld, cells
 * failing the output checks suppressed, each with its reason; or, in a differentially private
 * workspace, noise and noisy group selection. Pure: the evidence comes in with the rows.
 */

/** One cell's contributions, per entity (or per row): what the dominance checks read. */
export interface Evidence {
  readonly count: number
  readonly top: readonly number[]
  readonly total: number
  readonly negatives: number
}

/** The fused query's evidence columns, read off each result row. */
export function fusedEvidence(fused: FusedPlan): EvidenceLookup {
  return columnEvidence(fused.evidenceAt)
}

/** Evidence the query itself returned, in hidden columns at these positions. */
export function columnEvidence(positions: GatePlan['rowEvidence'] & object): EvidenceLookup {
  return (output, row) => {
    const at = positions.get(output)
    if (!at) return undefined
    return {
      top: ((row[at.top] as unknown[] | null) ?? []).map(Number),
      total: Number(row[at.total] ?? 0),
      negatives: Number(row[at.negatives] ?? 0),
      count: Number(row[at.contributors] ?? 0),
    }
  }
}

/** Where a cell's dominance evidence comes from: the query's own hidden columns, or a separate evidence query. */
export type EvidenceLookup = (output: number, row: readonly unknown[]) => Evidence | undefined

/** The output checks' release: withhold rows below the minimum of entities, suppress failing cells. */
export function release(workspace: Workspace, plan: GatePlan, rows: readonly unknown[][], evidence: EvidenceLookup, runId: string): Omit<QueryAnswer, 'durationMs'> {
  const rules = workspace.rules
  const visible = plan.outputs.length
  const entityAt = plan.entityColumns.map((_, i) => visible + i)
  const rowsAt = visible + plan.entityColumns.length
  const maxRows = rules.limits.maxRows
  const checks: QueryCheck[] = []
  const released: unknown[][] = []
  let withheld = 0
  let suppressed = 0
  const k = rules.minDistinctEntities
  for (const row of rows.slice(0, maxRows)) {
    const counts = entityAt.length > 0 ? entityAt.map((i) => Number(row[i])) : [Number(row[rowsAt])]
    if (k > 0 && !(counts.every((c) => c === 0 || c >= k) && Math.max(...counts) >= k)) {
      withheld++
      continue
    }
    const out = row.slice(0, visible).map(jsonValue)
    for (const [column, output] of plan.outputs.entries()) {
      if (output.kind !== 'aggregate') continue
      const verdict = cellVerdict(output, out[column], evidence(column, row), rules.outputChecks)
      if (verdict.status === 'pass') continue
      out[column] = null
      suppressed++
      for (const finding of verdict.findings) checks.push({ check: finding.check, status: finding.status, row: released.length, column: output.name, detail: `${finding.detail}: the cell is suppressed` })
    }
    released.push(out)
  }
  const truncated = rows.length > maxRows
  const summary = { rowsReleased: released.length, rowsWithheld: withheld, cellsSuppressed: suppressed, truncated }
  const overview: QueryCheck[] = [
    k > 0
      ? { check: 'min-entities', status: withheld > 0 ? 'fail' : 'pass', detail: withheld > 0 ? `${withheld} rows withheld: each covered fewer than ${k} distinct entities` : `every row covers at least ${k} distinct entities` }
      : { check: 'min-entities', status: 'info', detail: 'this workspace sets no minimum of entities per row' },
    { check: 'cells', status: suppressed > 0 ? 'fail' : 'pass', detail: suppressed > 0 ? `${suppressed} cells suppressed by the output checks (see below)` : 'every released cell passed the output checks' },
    ...(truncated ? [{ check: 'max-rows', status: 'info' as const, detail: `only the first ${maxRows} rows are released (the workspace's limit)` }] : []),
  ]
  return { runId, columns: plan.outputs.map((o) => o.name), rows: released, checks: [...overview, ...checks], summary }
}

/**
 * Whether an answer released on bucket evidence (fuse.ts) stands: only if it withheld nothing
 * and suppressed nothing. Every check then passed on bounds that understate the entities and
 * overstate the largest contributions, so it passes on the entities too; anything else is
 * decided on the exact evidence.
 */
export function certified(answer: Omit<QueryAnswer, 'durationMs'>): boolean {
  return answer.summary.rowsWithheld === 0 && answer.summary.cellsSuppressed === 0
}

/** A differentially private answer: noise on every aggregate, groups chosen by their noisy size. */
export function releaseNoisy(workspace: Workspace, plan: GatePlan, dp: DpPlan, rows: readonly unknown[][], runId: string): Omit<QueryAnswer, 'durationMs'> {
  const maxRows = workspace.rules.limits.maxRows
  const rowsAt = plan.outputs.length + plan.entityColumns.length
  const noisy = addNoise(plan, dp, rows.slice(0, maxRows), rowsAt)
  const truncated = rows.length > maxRows
  const accuracy = [...noisy.accuracy].map(([i, a]) => `${plan.outputs[i]!.name} ±${round(a)}`).join(', ')
  const checks: QueryCheck[] = [
    {
      check: 'differential-privacy',
      status: 'info',
      detail: `${dp.rules.mechanism} noise at ε ${dp.rules.epsilonPerAggregate} per aggregate${accuracy ? `; 95% of released values lie within ${accuracy} of the truth` : ''}`,
    },
    ...(plan.groupExpressions.length > 0
      ? [{ check: 'partition-selection', status: noisy.withheld > 0 ? ('fail' as const) : ('pass' as const), detail: `${noisy.withheld} groups withheld: too small to release under differential privacy` }]
      : []),
    ...(truncated ? [{ check: 'max-rows', status: 'info' as const, detail: `only the first ${maxRows} rows are released (the workspace's limit)` }] : []),
  ]
  const released = noisy.rows.map((row) => row.map(jsonValue))
  return { runId, columns: plan.outputs.map((o) => o.name), rows: released, checks, summary: { rowsReleased: released.length, rowsWithheld: noisy.withheld, cellsSuppressed: 0, truncated } }
}

function cellVerdict(output: OutputColumn, value: unknown, evidence: Evidence | undefined, params: Workspace['rules']['outputChecks']): CellVerdict {
  const aggregate = output.aggregate!
  if (aggregate.fn === 'count') {
    const count = value === null || value === undefined ? 0 : Number(value)
    return checkCell({ family: 'frequency', count }, params)
  }
  if (!evidence) {
    return { status: 'review', findings: [{ check: 'nk-dominance', status: 'review', detail: 'no contribution evidence for this cell' }] }
  }
  return checkCell({ family: familyOf(aggregate.fn), count: evidence.count, top: evidence.top, total: evidence.total, negatives: evidence.negatives }, params)
}

/** Engine values as JSON: big integers as numbers when exact, else strings; dates as ISO text. */
export function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(jsonValue)
  return value
}
