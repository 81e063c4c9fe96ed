import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { HOLDING_STATUSES, type PurposeType, type ScenarioNeed } from '../authorizations/authorization.ts'
import { assertAuthorizable, needsAsWanted } from '../authorizations/scope.service.ts'
import { findOrganization } from '../identity/identity.repository.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import {
  assertCriteria,
  assertScenarioTransition,
  scoreTotal,
  type ApplicationStatus,
  type CallStatus,
  type Criterion,
  type DemandStatus,
  type Scenario,
  type ScenarioDecision,
  type ScenarioDemand,
  type ScenarioStatus,
  type Score,
} from './scenario.ts'
import {
  assertMaySelectDevelopers,
  assertNotOperatorAsDeveloper,
  canApply,
  canSeeApplication,
  canSeeDemand,
  canSubmitDemand,
  isOffice,
  isOperator,
  oversees,
} from './scenario.policy.ts'
import type { CallApplicationRow, CallRow, ScenarioDemandRow, ScenarioRow } from './scenario.table.ts'

function now(platform: Platform): string {
  return chinaTime(platform.clock())
}

// ---------------------------------------------------------------------------- demands

export interface DemandInput {
  readonly title: string
  readonly description: string
  readonly purposeType: PurposeType
  readonly needs: readonly ScenarioNeed[]
}

function toDemand(row: ScenarioDemandRow, scenarioCode: string | null): ScenarioDemand {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    description: row.description,
    purposeType: row.purpose_type as PurposeType,
    needs: JSON.parse(row.needs) as ScenarioNeed[],
    status: row.status as DemandStatus,
    scenarioCode,
    submittedAt: row.submitted_at,
  }
}

/** A developer or the operator states a scenario demand: what it wants to do and which data it needs, field by field, and why. */
export async function submitDemand(platform: Platform, ctx: RequestContext, input: DemandInput): Promise<ScenarioDemand> {
  const p = actingPrincipal(ctx)
  if (!canSubmitDemand(p)) throw new NotAllowedError('scenario demands come from developers and the operator (art. 13(3))')
  return platform.store.db.transaction().execute(async (trx) => {
    await assertAuthorizable(trx, needsAsWanted(input.needs), 'body.needs')
    const row: ScenarioDemandRow = {
      id: newId('dm'),
      org_id: p.orgId,
      title: input.title,
      description: input.description,
      purpose_type: input.purposeType,
      needs: JSON.stringify(input.needs),
      status: 'open',
      scenario_id: null,
      submitted_by: p.userId,
      submitted_at: now(platform),
    }
    await trx.insertInto('scenario_demands').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'scenario.demand',
      objectType: 'scenario-demand',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { title: input.title, resources: input.needs.map((n) => n.resourceCode) },
    })
    return toDemand(row, null)
  })
}

/** The demand list: the operator, the office and regulators see all; others their own. */
export async function listDemands(platform: Platform, ctx: RequestContext): Promise<ScenarioDemand[]> {
  const p = actingPrincipal(ctx)
  const { db } = platform.store
  let query = db
    .selectFrom('scenario_demands as d')
    .leftJoin('scenarios as s', 's.id', 'd.scenario_id')
    .selectAll('d')
    .select('s.code as scenario_code')
    .orderBy('d.submitted_at')
  if (!oversees(p)) query = query.where('d.org_id', '=', p.orgId)
  const rows = await query.execute()
  return rows.filter((r) => canSeeDemand(p, r.org_id)).map((r) => toDemand(r, r.scenario_code))
}

// ---------------------------------------------------------------------------- scenarios

export interface ScenarioInput {
  readonly code: string
  readonly name: string
  readonly sector: string
  readonly description: string
  readonly purposeType: PurposeType
  readonly conditions: string
  readonly needs: readonly ScenarioNeed[]
  readonly demandIds: readonly string[]
}

async function toScenario(db: Kysely<Database>, row: ScenarioRow): Promise<Scenario> {
  const demands = await db.selectFrom('scenario_demands').select('id').where('scenario_id', '=', row.id).orderBy('submitted_at').execute()
  return {
    code: row.code,
    name: row.name,
    sector: row.sector,
    description: row.description,
    purposeType: row.purpose_type as PurposeType,
    conditions: row.conditions,
    needs: JSON.parse(row.needs) as ScenarioNeed[],
    status: row.status as ScenarioStatus,
    demandIds: demands.map((d) => d.id),
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    reviewedAt: row.reviewed_at,
    reviewComment: row.review_comment,
  }
}

export async function findScenarioByCode(db: Kysely<Database>, code: string): Promise<ScenarioRow | undefined> {
  return db.selectFrom('scenarios').selectAll().where('code', '=', code).executeTakeFirst()
}

/**
 * The operator compiles demands into a scenario (one class of use) for the office, or edits a
 * draft or returned one. Public-interest use is free only with stated conditions (art. 6).
 */
export async function compileScenario(platform: Platform, ctx: RequestContext, input: ScenarioInput): Promise<Scenario> {
  const p = actingPrincipal(ctx)
  if (!isOperator(p)) throw new NotAllowedError('the operator compiles scenario demands into scenarios (art. 13(3))')
  if (input.purposeType === 'public_interest' && !input.conditions.trim()) {
    throw new RuleViolation('art06.use-purpose-pricing', 'public-interest use is free only with conditions: state them')
  }
  const at = now(platform)
  return platform.store.db.transaction().execute(async (trx) => {
    await assertAuthorizable(trx, needsAsWanted(input.needs), 'body.needs')
    const existing = await findScenarioByCode(trx, input.code)
    if (existing && existing.status !== 'draft' && existing.status !== 'returned') {
      throw new ConflictError(`scenario ${input.code} is ${existing.status}: it can no longer be edited`)
    }
    const fields = {
      name: input.name,
      sector: input.sector,
      description: input.description,
      purpose_type: input.purposeType,
      conditions: input.conditions,
      needs: JSON.stringify(input.needs),
      updated_at: at,
    }
    let row: ScenarioRow
    if (existing) {
      await trx.updateTable('scenarios').set(fields).where('id', '=', existing.id).execute()
      row = { ...existing, ...fields }
    } else {
      row = { id: newId('sc'), code: input.code, ...fields, status: 'draft', compiled_by: p.userId, created_at: at, submitted_at: null, reviewed_by: null, reviewed_at: null, review_comment: null }
      await trx.insertInto('scenarios').values(row).execute()
    }
    for (const [i, id] of input.demandIds.entries()) {
      const demand = await trx.selectFrom('scenario_demands').selectAll().where('id', '=', id).executeTakeFirst()
      if (!demand) throw new InputError(`no scenario demand ${id}`, [{ path: `body.demandIds.${i}`, message: 'unknown demand' }])
      if (demand.scenario_id && demand.scenario_id !== row.id) throw new ConflictError(`demand ${id} is already compiled into another scenario`)
      await trx.updateTable('scenario_demands').set({ status: 'compiled', scenario_id: row.id }).where('id', '=', id).execute()
    }
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'scenario.compile',
      objectType: 'scenario',
      objectId: input.code,
      action: existing ? 'update' : 'create',
      result: 'success',
      detail: { purposeType: input.purposeType, resources: input.needs.map((n) => n.resourceCode), demands: input.demandIds.length },
    })
    return toScenario(trx, row)
  })
}

export async function submitScenario(platform: Platform, ctx: RequestContext, code: string): Promise<Scenario> {
  const p = actingPrincipal(ctx)
  return transitionScenario(platform, ctx, code, 'submitted', () => {
    if (!isOperator(p)) throw new NotAllowedError('the operator submits scenarios to the office (art. 13(3))')
    return { submitted_at: now(platform) }
  })
}

/** The office's one review of a class of scenario (一类场景一审定): approve, reject, or return with comments. */
export async function reviewScenario(
  platform: Platform,
  ctx: RequestContext,
  code: string,
  decision: ScenarioDecision,
  comment: string | undefined,
): Promise<Scenario> {
  const p = actingPrincipal(ctx)
  const to: ScenarioStatus = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'returned'
  return transitionScenario(platform, ctx, code, to, () => {
    if (!isOffice(p)) throw new NotAllowedError('scenarios are reviewed by the coordination office (art. 13(3))')
    if (decision !== 'approve' && !comment) throw new InputError(`say why: to ${decision} needs comments`, [{ path: 'body.comment', message: 'required' }])
    return { reviewed_by: p.userId, reviewed_at: now(platform), review_comment: comment ?? null }
  }, comment)
}

async function transitionScenario(
  platform: Platform,
  ctx: RequestContext,
  code: string,
  to: ScenarioStatus,
  guard: () => Partial<ScenarioRow>,
  reason?: string,
): Promise<Scenario> {
  const p = actingPrincipal(ctx)
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await findScenarioByCode(trx, code)
    if (!row || (!oversees(p) && row.status !== 'approved')) throw new NotFoundError(`no scenario ${code}`)
    const changes = { ...guard(), status: to, updated_at: now(platform) }
    assertScenarioTransition(row.status as ScenarioStatus, to)
    const updated = await trx.updateTable('scenarios').set(changes).where('id', '=', row.id).where('status', '=', row.status).executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError(`scenario ${code} changed meanwhile: reload`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: to === 'submitted' ? 'scenario.submit' : 'scenario.review',
      objectType: 'scenario',
      objectId: code,
      action: to,
      result: 'success',
      ...(reason ? { reason: reason.slice(0, 500) } : {}),
    })
    return toScenario(trx, { ...row, ...changes })
  })
}

/** Scenarios: the operator, the office and regulators see every status; everyone else the approved catalog. */
export async function listScenarios(platform: Platform, ctx: RequestContext, filter: { status?: ScenarioStatus }): Promise<Scenario[]> {
  const p = actingPrincipal(ctx)
  const status = oversees(p) ? filter.status : 'approved'
  if (!oversees(p) && filter.status && filter.status !== 'approved') return []
  return scenarioRows(platform.store.db, status)
}

/** The scenario catalog (应用场景目录) the platform publishes to everyone (art. 13(3)). */
export async function scenarioCatalog(platform: Platform): Promise<Scenario[]> {
  return scenarioRows(platform.store.db, 'approved')
}

async function scenarioRows(db: Kysely<Database>, status: string | undefined): Promise<Scenario[]> {
  let query = db.selectFrom('scenarios').selectAll().orderBy('code')
  if (status) query = query.where('status', '=', status)
  const rows = await query.execute()
  return Promise.all(rows.map((row) => toScenario(db, row)))
}

export async function getScenario(platform: Platform, ctx: RequestContext, code: string): Promise<Scenario> {
  const p = actingPrincipal(ctx)
  const row = await findScenarioByCode(platform.store.db, code)
  if (!row || (!oversees(p) && row.status !== 'approved')) throw new NotFoundError(`no scenario ${code}`)
  return toScenario(platform.store.db, row)
}

/** Art. 13(3): only a scenario the office approved receives calls and authorizations. */
export function assertScenarioApproved(row: ScenarioRow): void {
  if (row.status !== 'approved') {
    throw new RuleViolation('art13.scenario-review', `scenario ${row.code} is ${row.status}: only a scenario the office approved can be called for or authorized`)
  }
}

// ---------------------------------------------------------------------------- calls

export interface CallInput {
  readonly scenarioCode: string
  readonly title: string
  readonly method: string
  readonly eligibility: readonly string[]
  readonly criteria: readonly Criterion[]
  readonly invitedOrgIds: readonly string[]
  readonly deadline: string
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

function toCall(row: CallRow, scenarioCode: string): Call {
  return {
    id: row.id,
    scenarioCode,
    title: row.title,
    method: row.method,
    eligibility: JSON.parse(row.eligibility) as string[],
    criteria: JSON.parse(row.criteria) as Criterion[],
    invitedOrgIds: JSON.parse(row.invited_org_ids) as string[],
    deadline: row.deadline,
    status: row.status as CallStatus,
    publishedAt: row.published_at,
    awardedApplicationId: row.awarded_application_id,
    awardedAt: row.awarded_at,
    awardReason: row.award_reason,
  }
}

/**
 * A scenario holds at most one authorization (art. 13(5)): no second call once one is open or
 * awarded, no second award, no second agreement.
 */
async function assertScenarioFree(db: Kysely<Database>, scenario: ScenarioRow, exceptCallId?: string): Promise<void> {
  let calls = db.selectFrom('calls').select(['id', 'status']).where('scenario_id', '=', scenario.id).where('status', 'in', ['open', 'awarded'])
  if (exceptCallId) calls = calls.where('id', '!=', exceptCallId)
  const other = await calls.executeTakeFirst()
  if (other?.status === 'awarded') {
    throw new RuleViolation('art13.one-scenario-one-authorization', `scenario ${scenario.code} was already awarded by call ${other.id}: one scenario, one authorization`)
  }
  if (other) throw new ConflictError(`scenario ${scenario.code} already has the open call ${other.id}`)
  const agreement = await db.selectFrom('agreements').select('id').where('scenario_id', '=', scenario.id).where('status', 'in', HOLDING_STATUSES).executeTakeFirst()
  if (agreement) {
    throw new RuleViolation('art13.one-scenario-one-authorization', `scenario ${scenario.code} is already authorized by agreement ${agreement.id}: one scenario, one authorization`)
  }
}

/** The operator's call for applications (授权运营公告): entry conditions, a fair method, published criteria, a deadline. */
export async function publishCall(platform: Platform, ctx: RequestContext, input: CallInput): Promise<Call> {
  const p = actingPrincipal(ctx)
  assertMaySelectDevelopers(p)
  if (!isOperator(p)) throw new NotAllowedError('the operator publishes calls for scenarios (art. 13(5))')
  if (!platform.pack.params.selectionMethods.includes(input.method)) {
    throw new RuleViolation('art13.call-and-selection', `${input.method} is not a fair competitive method: one of ${platform.pack.params.selectionMethods.join(', ')}`)
  }
  assertCriteria(input.criteria)
  const at = now(platform)
  if (new Date(input.deadline).getTime() <= platform.clock().getTime()) {
    throw new InputError('the deadline has passed already', [{ path: 'body.deadline', message: 'in the past' }])
  }
  const invitation = input.method === 'invitation-tender'
  if (invitation !== input.invitedOrgIds.length > 0) {
    throw new InputError(invitation ? 'an invitation tender names the developers it invites' : 'only an invitation tender names invited developers', [
      { path: 'body.invitedOrgIds', message: invitation ? 'required' : 'not allowed' },
    ])
  }
  return platform.store.db.transaction().execute(async (trx) => {
    const scenario = await findScenarioByCode(trx, input.scenarioCode)
    if (!scenario) throw new InputError(`no scenario ${input.scenarioCode}`, [{ path: 'body.scenarioCode', message: 'unknown scenario' }])
    assertScenarioApproved(scenario)
    await assertScenarioFree(trx, scenario)
    for (const [i, orgId] of input.invitedOrgIds.entries()) {
      const org = await findOrganization(trx, orgId)
      if (org?.kind !== 'developer') throw new InputError(`${orgId} is not a developer`, [{ path: `body.invitedOrgIds.${i}`, message: 'not a developer' }])
    }
    const row: CallRow = {
      id: newId('call'),
      scenario_id: scenario.id,
      title: input.title,
      method: input.method,
      eligibility: JSON.stringify(input.eligibility),
      criteria: JSON.stringify(input.criteria),
      invited_org_ids: JSON.stringify(input.invitedOrgIds),
      deadline: chinaTime(new Date(input.deadline)),
      status: 'open',
      published_by: p.userId,
      published_at: at,
      awarded_application_id: null,
      awarded_by: null,
      awarded_at: null,
      award_reason: null,
    }
    await trx.insertInto('calls').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'call.publish',
      objectType: 'call',
      objectId: row.id,
      action: 'publish',
      result: 'success',
      detail: { scenario: scenario.code, method: input.method, deadline: row.deadline },
    })
    return toCall(row, scenario.code)
  })
}

export async function listCalls(platform: Platform, filter: { scenarioCode?: string; status?: CallStatus }): Promise<Call[]> {
  let query = platform.store.db.selectFrom('calls as c').innerJoin('scenarios as s', 's.id', 'c.scenario_id').selectAll('c').select('s.code as scenario_code').orderBy('c.published_at')
  if (filter.scenarioCode) query = query.where('s.code', '=', filter.scenarioCode)
  if (filter.status) query = query.where('c.status', '=', filter.status)
  return (await query.execute()).map((r) => toCall(r, r.scenario_code))
}

async function findCall(db: Kysely<Database>, id: string): Promise<(CallRow & { scenario_code: string }) | undefined> {
  return db.selectFrom('calls as c').innerJoin('scenarios as s', 's.id', 'c.scenario_id').selectAll('c').select('s.code as scenario_code').where('c.id', '=', id).executeTakeFirst()
}

export async function getCall(platform: Platform, id: string): Promise<Call> {
  const row = await findCall(platform.store.db, id)
  if (!row) throw new NotFoundError(`no call ${id}`)
  return toCall(row, row.scenario_code)
}

// ---------------------------------------------------------------------------- applications

export interface ApplicationInput {
  readonly statement: string
  /** How the applicant meets each entry condition, in the call's order. */
  readonly eligibility: readonly { readonly condition: string; readonly evidence: string }[]
  readonly documents: readonly { readonly name: string; readonly sha256: string; readonly summary: string }[]
}

export interface Application {
  readonly id: string
  readonly callId: string
  readonly developerOrgId: string
  readonly statement: string
  readonly documents: ApplicationInput['documents']
  readonly eligibility: ApplicationInput['eligibility']
  readonly status: ApplicationStatus
  readonly submittedAt: string
  readonly scores: readonly Score[] | null
  readonly totalScore: number | null
  readonly scoredAt: string | null
}

function toApplication(row: CallApplicationRow): Application {
  const documents = JSON.parse(row.documents) as { eligibility: ApplicationInput['eligibility']; files: ApplicationInput['documents'] }
  return {
    id: row.id,
    callId: row.call_id,
    developerOrgId: row.developer_org_id,
    statement: row.statement,
    documents: documents.files,
    eligibility: documents.eligibility,
    status: row.status as ApplicationStatus,
    submittedAt: row.submitted_at,
    scores: row.scores ? (JSON.parse(row.scores) as Score[]) : null,
    totalScore: row.total_score,
    scoredAt: row.scored_at,
  }
}

/** A developer applies to an open call before its deadline, answering every entry condition. */
export async function applyToCall(platform: Platform, ctx: RequestContext, callId: string, input: ApplicationInput): Promise<Application> {
  const p = actingPrincipal(ctx)
  assertNotOperatorAsDeveloper(p)
  if (!canApply(p)) throw new NotAllowedError('developers apply to calls (art. 13(5))')
  return platform.store.db.transaction().execute(async (trx) => {
    const call = await findCall(trx, callId)
    if (!call) throw new NotFoundError(`no call ${callId}`)
    if (call.status !== 'open') throw new ConflictError(`call ${callId} is ${call.status}`)
    if (platform.clock().getTime() > new Date(call.deadline).getTime()) throw new ConflictError(`call ${callId} closed at ${call.deadline}`)
    const invited = JSON.parse(call.invited_org_ids) as string[]
    if (invited.length > 0 && !invited.includes(p.orgId)) throw new NotAllowedError(`call ${callId} is an invitation tender: your organization is not invited`)
    const conditions = JSON.parse(call.eligibility) as string[]
    const answered = conditions.filter((c) => input.eligibility.some((e) => e.condition === c && e.evidence.trim()))
    if (answered.length !== conditions.length) {
      const missing = conditions.filter((c) => !answered.includes(c))
      throw new InputError(`show how you meet every entry condition; missing: ${missing.join('; ')}`, [{ path: 'body.eligibility', message: 'incomplete' }])
    }
    const existing = await trx.selectFrom('call_applications').select('id').where('call_id', '=', callId).where('developer_org_id', '=', p.orgId).executeTakeFirst()
    if (existing) throw new ConflictError(`your organization already applied (${existing.id}): one application per call`)
    const row: CallApplicationRow = {
      id: newId('app'),
      call_id: callId,
      developer_org_id: p.orgId,
      statement: input.statement,
      documents: JSON.stringify({ eligibility: input.eligibility, files: input.documents }),
      status: 'submitted',
      submitted_by: p.userId,
      submitted_at: now(platform),
      scores: null,
      total_score: null,
      scored_by: null,
      scored_at: null,
    }
    await trx.insertInto('call_applications').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'call.apply',
      objectType: 'call-application',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { call: callId, documents: input.documents.map((d) => ({ name: d.name, sha256: d.sha256 })) },
    })
    return toApplication(row)
  })
}

export async function listApplications(platform: Platform, ctx: RequestContext, callId: string): Promise<Application[]> {
  const p = actingPrincipal(ctx)
  if (!(await findCall(platform.store.db, callId))) throw new NotFoundError(`no call ${callId}`)
  const rows = await platform.store.db.selectFrom('call_applications').selectAll().where('call_id', '=', callId).orderBy('submitted_at').execute()
  return rows.filter((r) => canSeeApplication(p, r.developer_org_id)).map(toApplication)
}

/** The operator scores an application by the call's published criteria, each score with its reason, once the call has closed. */
export async function scoreApplication(platform: Platform, ctx: RequestContext, applicationId: string, scores: readonly Score[]): Promise<Application> {
  const p = actingPrincipal(ctx)
  return platform.store.db.transaction().execute(async (trx) => {
    const application = await trx.selectFrom('call_applications').selectAll().where('id', '=', applicationId).executeTakeFirst()
    if (!application || !canSeeApplication(p, application.developer_org_id)) throw new NotFoundError(`no application ${applicationId}`)
    assertMaySelectDevelopers(p)
    if (!isOperator(p)) throw new NotAllowedError('the operator scores applications (art. 13(5))')
    const call = (await findCall(trx, application.call_id))!
    if (call.status !== 'open') throw new ConflictError(`call ${call.id} is ${call.status}: its scores are final`)
    assertClosed(platform, call)
    const total = scoreTotal(JSON.parse(call.criteria) as Criterion[], scores)
    const changes = { scores: JSON.stringify(scores), total_score: total, status: 'scored', scored_by: p.userId, scored_at: now(platform) }
    await trx.updateTable('call_applications').set(changes).where('id', '=', applicationId).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'call.score',
      objectType: 'call-application',
      objectId: applicationId,
      action: 'score',
      result: 'success',
      detail: { call: call.id, total, scores: scores.map((s) => ({ criterion: s.criterion, score: s.score })) },
    })
    return toApplication({ ...application, ...changes })
  })
}

// Scoring and award wait for the deadline, so every applicant competes on the same terms.
function assertClosed(platform: Platform, call: CallRow): void {
  if (platform.clock().getTime() <= new Date(call.deadline).getTime()) {
    throw new ConflictError(`call ${call.id} is open until ${call.deadline}: scoring and award start after the deadline`)
  }
}

/**
 * The award (art. 13(5)): once every application is scored, to the best score by the published
 * criteria, with the reason recorded; the scenario gets its one authorization from it.
 */
export async function awardCall(platform: Platform, ctx: RequestContext, callId: string, input: { applicationId: string; reason: string }): Promise<Call> {
  const p = actingPrincipal(ctx)
  assertMaySelectDevelopers(p)
  if (!isOperator(p)) throw new NotAllowedError('the operator awards calls (art. 13(5))')
  return platform.store.db.transaction().execute(async (trx) => {
    const call = await findCall(trx, callId)
    if (!call) throw new NotFoundError(`no call ${callId}`)
    if (call.status !== 'open') throw new ConflictError(`call ${callId} is ${call.status}`)
    assertClosed(platform, call)
    const scenario = (await trx.selectFrom('scenarios').selectAll().where('id', '=', call.scenario_id).executeTakeFirst())!
    await assertScenarioFree(trx, scenario, callId)
    const applications = await trx.selectFrom('call_applications').selectAll().where('call_id', '=', callId).execute()
    const chosen = applications.find((a) => a.id === input.applicationId)
    if (!chosen) throw new InputError(`${input.applicationId} is not an application to call ${callId}`, [{ path: 'body.applicationId', message: 'unknown application' }])
    const unscored = applications.filter((a) => a.total_score === null)
    if (unscored.length > 0) throw new ConflictError(`score every application first: ${unscored.map((a) => a.id).join(', ')} not scored`)
    const best = Math.max(...applications.map((a) => a.total_score!))
    if (chosen.total_score! < best) {
      throw new RuleViolation('art13.call-and-selection', `the award goes to the best score by the published criteria: ${chosen.id} scored ${chosen.total_score}, the best ${best}`)
    }
    const at = now(platform)
    const changes = { status: 'awarded', awarded_application_id: chosen.id, awarded_by: p.userId, awarded_at: at, award_reason: input.reason }
    const updated = await trx.updateTable('calls').set(changes).where('id', '=', callId).where('status', '=', 'open').executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError(`call ${callId} changed meanwhile: reload`)
    await trx.updateTable('call_applications').set({ status: 'awarded' }).where('id', '=', chosen.id).execute()
    await trx.updateTable('call_applications').set({ status: 'not-awarded' }).where('call_id', '=', callId).where('id', '!=', chosen.id).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'call.award',
      objectType: 'call',
      objectId: callId,
      action: 'award',
      result: 'success',
      reason: input.reason.slice(0, 500),
      detail: { scenario: scenario.code, application: chosen.id, developer: chosen.developer_org_id, score: chosen.total_score, applications: applications.length },
    })
    return toCall({ ...call, ...changes }, call.scenario_code)
  })
}
