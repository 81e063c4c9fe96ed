import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { RuleViolation } from '../../platform/errors.ts'
import type { QueryRules } from '../authorizations/workspace.ts'
import { constant, functionCall, str, type Node } from './gate/ast.ts'
import type { GatePlan } from './gate/analyze.ts'
import { laplaceThreshold, noisyCount, noisySum, type NoiseParams } from './dp.ts'

/**
 * Differential privacy in a workspace that asks for it (ski-tourism): counts and sums only,
 * summed values clamped to declared bounds, noise from the exact discrete samplers, groups
 * released only when their noisy size clears a threshold, and every aggregate charged to the
 * workspace's finite budget before anything is released.
 */

export type DpRules = NonNullable<QueryRules['differentialPrivacy']>

export interface DpPlan {
  readonly rules: DpRules
  /** ε this query costs: one share per released aggregate, and one for choosing the groups. */
  readonly cost: number
  /** Sensitivity of each output column's aggregate (by output index). */
  readonly sensitivity: ReadonlyMap<number, number>
}

const DELTA = 1e-6

/**
 * Checks the plan against the DP rules and rewrites each sum to sum its clamped argument. Sums
 * need bounds (the workspace's, else the catalog field's range); averages are refused, since a
 * noisy sum over a noisy count is the honest way to get one.
 */
export function prepareDp(plan: GatePlan, rules: DpRules, ranges: ReadonlyMap<string, { min?: number; max?: number }>): DpPlan {
  const sensitivity = new Map<number, number>()
  for (const [i, output] of plan.outputs.entries()) {
    const aggregate = output.aggregate
    if (!aggregate) continue
    if (aggregate.fn === 'avg') {
      throw new RuleViolation('art21.raw-data-stays-in-domain', `${output.name}: differential privacy releases counts and sums; compute the average from sum(…) and count(*)`)
    }
    if (aggregate.fn === 'count') {
      sensitivity.set(i, rules.contributionBound)
      continue
    }
    const source = aggregate.argument!.source
    const bound = rules.bounds?.[source] ?? boundsFromRange(ranges.get(source))
    if (!bound) {
      throw new RuleViolation('art21.raw-data-stays-in-domain', `sum(${source}) needs clamping bounds for its noise: the operator declares them in the workspace's rules`)
    }
    clampSum(plan.node.select_list[i]!, bound)
    sensitivity.set(i, rules.contributionBound * Math.max(Math.abs(bound[0]), Math.abs(bound[1])))
  }
  const selection = plan.groupExpressions.length > 0 ? 1 : 0
  return { rules, cost: rules.epsilonPerAggregate * (sensitivity.size + selection), sensitivity }
}

function boundsFromRange(range: { min?: number; max?: number } | undefined): readonly [number, number] | undefined {
  return range && range.min !== undefined && range.max !== undefined ? [range.min, range.max] : undefined
}

/** sum(x) → sum(greatest(least(x, max), min)), wherever the sum sits in the output expression. */
function clampSum(node: Node, [min, max]: readonly [number, number]): void {
  if (node['class'] === 'FUNCTION' && str(node, 'function_name').toLowerCase() === 'sum') {
    const args = node['children'] as Node[]
    args[0] = functionCall('greatest', [functionCall('least', [args[0]!, numberConstant(max)]), numberConstant(min)])
    return
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach((v) => v && typeof v === 'object' && clampSum(v as Node, [min, max]))
    else if (value && typeof value === 'object') clampSum(value as Node, [min, max])
  }
}

function numberConstant(value: number): Node {
  if (Number.isInteger(value)) return constant(value)
  return { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'DOUBLE', type_info: null }, is_null: false, value } }
}

/**
 * Charges the query's ε to the workspace, atomically: the update succeeds only while the budget
 * covers it, so two nodes can never spend the same ε twice.
 */
export async function chargeBudget(trx: Kysely<Database>, workspaceId: string, cost: number): Promise<{ epsilon: number; spent: number }> {
  const updated = await trx
    .updateTable('workspaces')
    .set((eb) => ({ budget_spent: eb('budget_spent', '+', cost) }))
    .where('id', '=', workspaceId)
    .where((eb) => eb(eb('budget_spent', '+', cost), '<=', eb.ref('budget_epsilon')))
    .executeTakeFirst()
  const row = await trx.selectFrom('workspaces').select(['budget_epsilon', 'budget_spent']).where('id', '=', workspaceId).executeTakeFirstOrThrow()
  if (Number(updated.numUpdatedRows) !== 1) {
    throw new RuleViolation('art21.raw-data-stays-in-domain', `the privacy budget cannot cover this query: it costs ε ${round(cost)}, ${round(row.budget_epsilon! - row.budget_spent)} of ${round(row.budget_epsilon!)} remain`)
  }
  return { epsilon: row.budget_epsilon!, spent: row.budget_spent }
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000
}

export interface NoisyRows {
  readonly rows: unknown[][]
  readonly withheld: number
  readonly accuracy: ReadonlyMap<number, number>
}

/**
 * Adds the noise: each released aggregate cell gets its own draw; a group is released only when
 * its noisy row count clears the threshold that keeps a group's very existence private.
 */
export function addNoise(plan: GatePlan, dp: DpPlan, rows: readonly unknown[][], rowsAt: number): NoisyRows {
  const params = (sensitivity: number): NoiseParams => ({ mechanism: dp.rules.mechanism, epsilon: dp.rules.epsilonPerAggregate, sensitivity, delta: DELTA })
  const threshold = laplaceThreshold(1, dp.rules.contributionBound, dp.rules.epsilonPerAggregate, DELTA)
  const accuracy = new Map<number, number>()
  const released: unknown[][] = []
  let withheld = 0
  for (const row of rows) {
    if (plan.groupExpressions.length > 0 && noisyCount(Number(row[rowsAt]), params(dp.rules.contributionBound)).value < threshold) {
      withheld++
      continue
    }
    const out = row.slice(0, plan.outputs.length)
    for (const [i, sensitivity] of dp.sensitivity) {
      const value = out[i] === null || out[i] === undefined ? 0 : Number(out[i])
      const output = plan.outputs[i]!
      const noisy = output.aggregate!.fn === 'count' ? noisyCount(Math.max(0, Math.round(value)), params(sensitivity)) : noisySum(value, params(sensitivity))
      out[i] = noisy.value
      accuracy.set(i, noisy.accuracy95)
    }
    released.push(out)
  }
  return { rows: released, withheld, accuracy }
}
