import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { suspendAgreement } from '../authorizations/agreement.service.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import { actsForOrganization, type Principal } from '../identity/identity.ts'
import {
  assertIncidentTransition,
  CLOSE_WITHIN_HOURS,
  receiverKind,
  ruleOf,
  type IncidentCategory,
  type IncidentSeverity,
  type IncidentStatus,
} from './incident.ts'
import type { EmergencyPlanRow, IncidentRow } from './incident.table.ts'

/**
 * Emergency plans and incidents (art. 13(1), 14(1)). A report is never refused for want of a
 * plan: reporting comes first; a missing plan is a supervision flag. Every step is audited.
 */

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
  readonly receiverKind: string
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

function toIncident(row: IncidentRow, now: string): Incident {
  return {
    id: row.id,
    reporterOrgId: row.reporter_org_id,
    reporterKind: row.reporter_kind,
    receiverKind: row.receiver_kind,
    workspaceId: row.workspace_id,
    severity: row.severity as IncidentSeverity,
    category: row.category as IncidentCategory,
    title: row.title,
    description: row.description,
    occurredAt: row.occurred_at,
    reportedAt: row.reported_at,
    closeBy: row.close_by,
    overdue: row.status !== 'closed' && row.close_by < now,
    status: row.status as IncidentStatus,
    steps: JSON.parse(row.steps) as IncidentStep[],
    closure: row.closure ? (JSON.parse(row.closure) as Incident['closure']) : null,
    suspendedAgreementId: row.suspended_agreement_id,
    escalatedTo: row.escalated_to,
    escalatedFrom: row.escalated_from,
  }
}

function isOverseer(p: Principal): boolean {
  return actsForOrganization(p) && (p.orgKind === 'office' || p.orgKind === 'regulator')
}

/** The reporter's organization, the receiver (the operator for developers' reports, the office for the operator's) and overseers. */
function canSee(p: Principal, row: IncidentRow): boolean {
  if (!actsForOrganization(p)) return false
  return isOverseer(p) || p.orgId === row.reporter_org_id || p.orgKind === row.receiver_kind
}

function isReceiver(p: Principal, row: IncidentRow): boolean {
  return actsForOrganization(p) && p.orgKind === row.receiver_kind
}

async function incidentRow(platform: Platform, ctx: RequestContext, id: string): Promise<IncidentRow> {
  const row = await platform.store.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || !canSee(actingPrincipal(ctx), row)) throw new NotFoundError(`no incident ${id}`)
  return row
}

// ---------------------------------------------------------------------------- emergency plans

export interface EmergencyPlan {
  readonly orgId: string
  readonly version: number
  readonly title: string
  readonly summary: string
  readonly documentHash: string
  readonly filedBy: string
  readonly filedAt: string
}

function toPlan(row: EmergencyPlanRow): EmergencyPlan {
  return { orgId: row.org_id, version: row.version, title: row.title, summary: row.summary, documentHash: row.document_hash, filedBy: row.filed_by, filedAt: row.filed_at }
}

/** The operator and each developer keep an emergency plan on file; a new filing is a new version. */
export async function fileEmergencyPlan(platform: Platform, ctx: RequestContext, input: { title: string; summary: string; documentHash: string }): Promise<EmergencyPlan> {
  const p = actingPrincipal(ctx)
  if (!actsForOrganization(p) || (p.orgKind !== 'operator' && p.orgKind !== 'developer')) throw new NotAllowedError('the operator and developers file emergency plans (art. 13(1), 14(1))')
  const at = chinaTime(platform.clock())
  return platform.store.db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('emergency_plans').select('version').where('org_id', '=', p.orgId).orderBy('version', 'desc').executeTakeFirst()
    const row: EmergencyPlanRow = { id: newId('plan'), org_id: p.orgId, version: (last?.version ?? 0) + 1, title: input.title, summary: input.summary, document_hash: input.documentHash, filed_by: p.userId, filed_at: at }
    await trx.insertInto('emergency_plans').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), { eventType: 'incident.plan-file', objectType: 'emergency-plan', objectId: `${p.orgId}/v${row.version}`, action: 'create', result: 'success', detail: { documentHash: input.documentHash } })
    return toPlan(row)
  })
}

/** The latest plan of each organization: all for overseers and the operator, one's own otherwise. */
export async function listEmergencyPlans(platform: Platform, ctx: RequestContext): Promise<EmergencyPlan[]> {
  const p = actingPrincipal(ctx)
  let query = platform.store.db.selectFrom('emergency_plans').selectAll().orderBy('org_id').orderBy('version', 'desc')
  if (!isOverseer(p) && !(p.orgKind === 'operator' && actsForOrganization(p))) query = query.where('org_id', '=', p.orgId)
  const latest = new Map<string, EmergencyPlanRow>()
  for (const row of await query.execute()) if (!latest.has(row.org_id)) latest.set(row.org_id, row)
  return [...latest.values()].map(toPlan)
}

// ---------------------------------------------------------------------------- incidents

export interface NewIncident {
  readonly workspaceId?: string | undefined
  readonly severity: IncidentSeverity
  readonly category: IncidentCategory
  readonly title: string
  readonly description: string
  readonly occurredAt: string
}

/** A developer reports to the operator (art. 14(1)), the operator to the office (art. 13(1)). */
export async function reportIncident(platform: Platform, ctx: RequestContext, input: NewIncident, escalatedFrom: string | null = null): Promise<Incident> {
  const p = actingPrincipal(ctx)
  const receiver = receiverKind(p.orgKind)
  if (!actsForOrganization(p) || !receiver) throw new NotAllowedError('developers report incidents to the operator and the operator to the office (art. 13(1), 14(1))')
  const now = platform.clock()
  if (new Date(input.occurredAt).getTime() > now.getTime() + 60_000) throw new InputError('an incident cannot have occurred in the future', [{ path: 'body.occurredAt', message: 'in the future' }])
  if (input.workspaceId) {
    const workspace = await platform.store.db.selectFrom('workspaces').select(['id', 'developer_org_id']).where('id', '=', input.workspaceId).executeTakeFirst()
    if (!workspace || (p.orgKind === 'developer' && workspace.developer_org_id !== p.orgId)) throw new InputError(`no workspace ${input.workspaceId} of yours`, [{ path: 'body.workspaceId', message: 'unknown workspace' }])
  }
  const at = chinaTime(now)
  const row: IncidentRow = {
    id: newId('inc'),
    reporter_org_id: p.orgId,
    reporter_kind: p.orgKind,
    receiver_kind: receiver,
    workspace_id: input.workspaceId ?? null,
    severity: input.severity,
    category: input.category,
    title: input.title,
    description: input.description,
    occurred_at: input.occurredAt,
    reported_by: p.userId,
    reported_at: at,
    close_by: chinaTime(new Date(now.getTime() + CLOSE_WITHIN_HOURS[input.severity] * 3_600_000)),
    status: 'reported',
    steps: JSON.stringify([{ at, by: p.userId, orgId: p.orgId, action: `reported to the ${receiver}` }]),
    closure: null,
    suspended_agreement_id: null,
    escalated_to: null,
    escalated_from: escalatedFrom,
    updated_at: at,
  }
  await platform.store.db.transaction().execute(async (trx) => {
    await trx.insertInto('incidents').values(row).execute()
    if (escalatedFrom) await trx.updateTable('incidents').set({ escalated_to: row.id, updated_at: at }).where('id', '=', escalatedFrom).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'incident.report',
      objectType: 'incident',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { rule: ruleOf(p.orgKind), receiver, severity: input.severity, category: input.category, workspaceId: input.workspaceId ?? null, escalatedFrom, closeBy: row.close_by },
    })
  })
  return toIncident(row, at)
}

export async function listIncidents(platform: Platform, ctx: RequestContext, filter: { status?: IncidentStatus | undefined }): Promise<Incident[]> {
  const p = actingPrincipal(ctx)
  let query = platform.store.db.selectFrom('incidents').selectAll().orderBy('reported_at', 'desc').orderBy('id')
  if (filter.status) query = query.where('status', '=', filter.status)
  const now = chinaTime(platform.clock())
  return (await query.execute()).filter((row) => canSee(p, row)).map((row) => toIncident(row, now))
}

export async function getIncident(platform: Platform, ctx: RequestContext, id: string): Promise<Incident> {
  return toIncident(await incidentRow(platform, ctx, id), chinaTime(platform.clock()))
}

/** One step of handling, by the reporter or the receiver; acknowledging and closing are the receiver's. */
export async function recordStep(platform: Platform, ctx: RequestContext, id: string, step: { kind: 'acknowledge' | 'step' | 'close'; action: string; rootCause?: string | undefined }): Promise<Incident> {
  const p = actingPrincipal(ctx)
  const row = await incidentRow(platform, ctx, id)
  const receiver = isReceiver(p, row)
  if (step.kind !== 'step' && !receiver) throw new NotAllowedError(`the ${row.receiver_kind} that received the report ${step.kind === 'close' ? 'closes' : 'acknowledges'} it`)
  if (step.kind === 'step' && !receiver && p.orgId !== row.reporter_org_id) throw new NotAllowedError('the reporter and the receiver record the handling')
  if (row.status === 'closed') throw new ConflictError(`incident ${id} is closed`)
  const to: IncidentStatus = step.kind === 'acknowledge' ? 'acknowledged' : step.kind === 'close' ? 'closed' : (row.status as IncidentStatus)
  if (to !== row.status) assertIncidentTransition(id, row.status as IncidentStatus, to)
  if (step.kind === 'close' && !step.rootCause) throw new InputError('closing an incident states its root cause', [{ path: 'body.rootCause', message: 'required' }])
  const at = chinaTime(platform.clock())
  const steps = [...(JSON.parse(row.steps) as IncidentStep[]), { at, by: p.userId, orgId: p.orgId, action: step.kind === 'step' ? step.action : `${step.kind === 'close' ? 'closed' : 'acknowledged'}: ${step.action}` }]
  const changes = {
    status: to,
    steps: JSON.stringify(steps),
    ...(step.kind === 'close' ? { closure: JSON.stringify({ at, by: p.userId, summary: step.action, rootCause: step.rootCause }) } : {}),
    updated_at: at,
  }
  await platform.store.db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('incidents').set(changes).where('id', '=', id).where('updated_at', '=', row.updated_at).executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw new ConflictError(`incident ${id} changed meanwhile: reload it`)
    await appendAudit(trx, platform, auditActor(ctx), { eventType: `incident.${step.kind}`, objectType: 'incident', objectId: id, action: step.kind, result: 'success', reason: step.action.slice(0, 500), detail: { status: to } })
  })
  return getIncident(platform, ctx, id)
}

/** The operator passes a developer's incident on to the office as its own report (art. 13(1)). */
export async function escalateIncident(platform: Platform, ctx: RequestContext, id: string, note: string): Promise<Incident> {
  const p = actingPrincipal(ctx)
  const row = await incidentRow(platform, ctx, id)
  if (!(isReceiver(p, row) && p.orgKind === 'operator')) throw new NotAllowedError('the operator escalates the incidents developers report to it')
  if (row.escalated_to) throw new ConflictError(`incident ${id} was escalated already as ${row.escalated_to}`)
  return reportIncident(
    platform,
    ctx,
    { workspaceId: row.workspace_id ?? undefined, severity: row.severity as IncidentSeverity, category: row.category as IncidentCategory, title: row.title, description: `${note}\n\n(reported by ${row.reporter_org_id} as ${id})`, occurredAt: row.occurred_at },
    id,
  )
}

/** An incident can suspend the authorization it concerns (art. 34, 35): the receiver does it through the agreement's own suspension. */
export async function suspendForIncident(platform: Platform, ctx: RequestContext, id: string, input: { reason: string; rectificationDeadline?: string | undefined }): Promise<Incident> {
  const p = actingPrincipal(ctx)
  const row = await incidentRow(platform, ctx, id)
  if (!isReceiver(p, row) && !(p.orgKind === 'office' && actsForOrganization(p))) throw new NotAllowedError('the receiver of the report or the office suspends the authorization concerned')
  if (!row.workspace_id) throw new InputError(`incident ${id} names no workspace: there is no authorization to suspend`)
  const workspace = await platform.store.db.selectFrom('workspaces').select('agreement_id').where('id', '=', row.workspace_id).executeTakeFirstOrThrow()
  await suspendAgreement(platform, ctx, workspace.agreement_id, { reason: `incident ${id}: ${input.reason}`, ...(input.rectificationDeadline ? { rectificationDeadline: input.rectificationDeadline } : {}) })
  const at = chinaTime(platform.clock())
  const steps = [...(JSON.parse(row.steps) as IncidentStep[]), { at, by: p.userId, orgId: p.orgId, action: `suspended the authorization of ${row.workspace_id}: ${input.reason}` }]
  await platform.store.db.transaction().execute(async (trx) => {
    await trx.updateTable('incidents').set({ suspended_agreement_id: workspace.agreement_id, steps: JSON.stringify(steps), updated_at: at }).where('id', '=', id).execute()
    await appendAudit(trx, platform, auditActor(ctx), { eventType: 'incident.suspend', objectType: 'incident', objectId: id, action: 'suspend', result: 'success', detail: { agreementId: workspace.agreement_id } })
  })
  return getIncident(platform, ctx, id)
}

/** Open incidents past their deadline, for the supervision flags. */
export async function overdueIncidents(db: Kysely<Database>, now: string): Promise<IncidentRow[]> {
  return db.selectFrom('incidents').selectAll().where('status', '<>', 'closed').where('close_by', '<', now).orderBy('close_by').execute()
}
