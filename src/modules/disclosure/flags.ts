import { NotAllowedError } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { actingPrincipal, type RequestContext } from '../identity/identity.service.ts'
import { actsForOrganization } from '../identity/identity.ts'
import { overdueIncidents } from '../incidents/incident.service.ts'

/**
 * The regulator's live flags (art. 4, 17, 30): what needs a look now, computed from the records
 * at the moment of asking, so a flag is never stale and never forgotten. Thresholds are named
 * here and shown with each flag.
 */

export const FLAG_KINDS = ['output-check-failures', 'privacy-budget', 'refused-query-burst', 'expiring-agreement', 'overdue-rectification', 'gateway-refusals', 'overdue-incident', 'no-emergency-plan'] as const
export type FlagKind = (typeof FLAG_KINDS)[number]

export interface Flag {
  readonly kind: FlagKind
  readonly severity: 'info' | 'warning' | 'critical'
  /** What it is about: a workspace, an agreement, a consumer. */
  readonly subject: string
  readonly detail: string
}

export const FLAG_THRESHOLDS = {
  /** Answers with withheld rows or suppressed cells in the last 7 days, per workspace. */
  outputCheckFailures: 5,
  /** Share of a privacy budget spent. */
  budgetWarning: 0.8,
  /** Refused queries in the last hour, per workspace: someone probing the gate. */
  refusedBurst: 10,
  /** Refused gateway calls (401, 403, 429) in the last hour, per consumer or unknown key. */
  gatewayRefusals: 20,
} as const

const HOUR = 3_600_000
const DAY = 24 * HOUR

export async function supervisionFlags(platform: Platform, ctx: RequestContext): Promise<{ generatedAt: string; thresholds: typeof FLAG_THRESHOLDS; flags: Flag[] }> {
  const p = actingPrincipal(ctx)
  if (!actsForOrganization(p) || !['regulator', 'office', 'operator'].includes(p.orgKind)) {
    throw new NotAllowedError('the supervision flags are for regulators, the office and the operator (art. 4, 17)')
  }
  const { db } = platform.store
  const now = platform.clock()
  const hourAgo = chinaTime(new Date(now.getTime() - HOUR))
  const weekAgo = chinaTime(new Date(now.getTime() - 7 * DAY))
  const today = chinaDate(now)
  const flags: Flag[] = []

  const checked = await db
    .selectFrom('query_runs')
    .select(['workspace_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', weekAgo)
    .where('status', '=', 'answered')
    .where((eb) => eb.or([eb('rows_withheld', '>', 0), eb('cells_suppressed', '>', 0)]))
    .groupBy('workspace_id')
    .execute()
  for (const row of checked) {
    if (Number(row.n) >= FLAG_THRESHOLDS.outputCheckFailures) {
      flags.push({ kind: 'output-check-failures', severity: 'warning', subject: `workspace:${row.workspace_id}`, detail: `${row.n} answers in 7 days had rows withheld or cells suppressed by the output checks` })
    }
  }

  for (const w of await db.selectFrom('workspaces').select(['id', 'budget_epsilon', 'budget_spent']).where('budget_epsilon', 'is not', null).execute()) {
    const share = Number(w.budget_spent) / Number(w.budget_epsilon)
    if (share >= FLAG_THRESHOLDS.budgetWarning) {
      flags.push({ kind: 'privacy-budget', severity: share >= 1 ? 'critical' : 'warning', subject: `workspace:${w.id}`, detail: `${Math.round(share * 100)}% of the privacy budget ε ${w.budget_epsilon} is spent` })
    }
  }

  const refused = await db
    .selectFrom('query_runs')
    .select(['workspace_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', hourAgo)
    .where('status', '=', 'refused')
    .groupBy('workspace_id')
    .execute()
  for (const row of refused) {
    if (Number(row.n) >= FLAG_THRESHOLDS.refusedBurst) {
      flags.push({ kind: 'refused-query-burst', severity: 'critical', subject: `workspace:${row.workspace_id}`, detail: `${row.n} queries refused by the gate in the last hour: someone may be probing it` })
    }
  }

  const warnBefore = chinaDate(new Date(now.getTime() + platform.pack.params.agreementExpiryWarningDays * DAY))
  for (const a of await db.selectFrom('agreements').select(['id', 'workspace_id', 'term_end']).where('status', '=', 'active').where('term_end', '<=', warnBefore).execute()) {
    flags.push({ kind: 'expiring-agreement', severity: 'info', subject: `agreement:${a.id}`, detail: `the authorization of ${a.workspace_id} ends on ${a.term_end}` })
  }

  for (const a of await db.selectFrom('agreements').select(['id', 'workspace_id', 'rectification_deadline']).where('status', '=', 'suspended').where('rectification_deadline', '<', today).execute()) {
    flags.push({ kind: 'overdue-rectification', severity: 'critical', subject: `agreement:${a.id}`, detail: `the rectification of ${a.workspace_id} was due on ${a.rectification_deadline} and is not accepted (art. 34)` })
  }

  const gateway = await db
    .selectFrom('gateway_calls')
    .select(['org_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('called_at', '>=', hourAgo)
    .where('status', 'in', [401, 403, 429])
    .groupBy('org_id')
    .execute()
  for (const row of gateway) {
    if (Number(row.n) >= FLAG_THRESHOLDS.gatewayRefusals) {
      flags.push({ kind: 'gateway-refusals', severity: 'warning', subject: row.org_id ? `consumer:${row.org_id}` : 'consumer:unknown key', detail: `${row.n} gateway calls refused in the last hour (bad keys, missing consent, quotas)` })
    }
  }

  for (const incident of await overdueIncidents(db, chinaTime(now))) {
    flags.push({ kind: 'overdue-incident', severity: 'critical', subject: `incident:${incident.id}`, detail: `a ${incident.severity} incident reported by ${incident.reporter_org_id} to the ${incident.receiver_kind} was due to close by ${incident.close_by}` })
  }

  // The operator and every developer in force keep an emergency plan on file (art. 13(1), 14(1)).
  const planned = new Set((await db.selectFrom('emergency_plans').select('org_id').distinct().execute()).map((r) => r.org_id))
  const parties = await db.selectFrom('agreements').select(['operator_org_id', 'developer_org_id']).where('status', 'in', ['active', 'suspended']).execute()
  for (const org of new Set(parties.flatMap((a) => [a.operator_org_id, a.developer_org_id]))) {
    if (!planned.has(org)) flags.push({ kind: 'no-emergency-plan', severity: 'info', subject: `organization:${org}`, detail: 'no emergency plan on file (art. 13(1), 14(1))' })
  }

  const order = { critical: 0, warning: 1, info: 2 } as const
  flags.sort((a, b) => order[a.severity] - order[b.severity] || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject))
  return { generatedAt: now.toISOString(), thresholds: FLAG_THRESHOLDS, flags }
}
