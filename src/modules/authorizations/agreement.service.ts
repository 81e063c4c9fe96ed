import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { appendAudit, recordAudit } from '../audit/audit.service.ts'
import { findOrganization } from '../identity/identity.repository.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import type { Principal } from '../identity/identity.ts'
import { assertScenarioApproved } from '../scenarios/scenario.service.ts'
import type { ScenarioRow } from '../scenarios/scenario.table.ts'
import {
  assertAgreementTransition,
  assertClausesComplete,
  assertFeeFitsPurpose,
  assertKnownClauses,
  assertRenewalWindow,
  assertTerm,
  assertTerminationGround,
  assertWithinOperatorTerm,
  dayAfter,
  HOLDING_STATUSES,
  termEndAfter,
  type AgreementStatus,
  type PurposeType,
  type ScenarioNeed,
  type ScopeItem,
} from './authorization.ts'
import { canSeeAgreement, canSeeAllAgreements, canSuspendOrTerminate, isDeveloperOf, isOffice, isOperatorOf } from './authorization.policy.ts'
import type { AgreementRow } from './authorization.table.ts'
import { activeOperatorAuthorizationOf } from './operator.service.ts'
import { assertScopeAllowed, publishedForScope } from './scope.service.ts'
import { openWorkspace, setWorkspaceStatus } from './workspace.service.ts'
import { DEFAULT_QUERY_RULES, WORKSPACE_ID_PATTERN, type QueryRules } from './workspace.ts'

export interface AgreementInput {
  /** The awarded application the agreement follows from (art. 13(5)). */
  readonly applicationId: string
  readonly clauses: Readonly<Record<string, string>>
  readonly scope: readonly ScopeItem[]
  readonly termStart: string
  readonly termEnd: string
  readonly feeYuan: number
  readonly workspace: { readonly id?: string; readonly name: string; readonly rules?: Partial<QueryRules> }
}

export type AgreementChanges = Partial<Omit<AgreementInput, 'applicationId'>>

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
  readonly filing: null | {
    readonly filedAt: string
    readonly objectionDeadline: string
    readonly acknowledgedAt: string | null
  }
  readonly objection: string | null
  readonly activatedAt: string | null
  readonly suspension: null | { readonly at: string; readonly reason: string; readonly rectificationDeadline: string | null }
  readonly end: null | { readonly at: string; readonly ground: string | null; readonly note: string | null }
  readonly createdAt: string
}

function today(platform: Platform): string {
  return chinaDate(platform.clock())
}

function toAgreement(platform: Platform, row: AgreementRow, scenarioCode: string): Agreement {
  const clauses = JSON.parse(row.clauses) as Record<string, string>
  return {
    id: row.id,
    scenarioCode,
    callId: row.call_id,
    applicationId: row.application_id,
    operatorOrgId: row.operator_org_id,
    developerOrgId: row.developer_org_id,
    status: row.status as AgreementStatus,
    clauses,
    missingClauses: platform.pack.params.requiredAgreementClauses.filter((c) => !clauses[c]?.trim()),
    scope: JSON.parse(row.scope) as ScopeItem[],
    feeYuan: row.fee_yuan,
    term: { start: row.term_start, end: row.term_end },
    workspace: { id: row.workspace_id, name: row.workspace_name, rules: JSON.parse(row.workspace_rules) as QueryRules },
    renewalOf: row.renewal_of,
    filing: row.filed_at ? { filedAt: row.filed_at, objectionDeadline: row.objection_deadline!, acknowledgedAt: row.acknowledged_at } : null,
    objection: row.objection,
    activatedAt: row.activated_at,
    suspension:
      row.status === 'suspended' ? { at: row.suspended_at!, reason: row.suspension_reason!, rectificationDeadline: row.rectification_deadline } : null,
    end: row.ended_at ? { at: row.ended_at, ground: row.termination_ground, note: row.termination_note } : null,
    createdAt: row.created_at,
  }
}

type LoadedAgreement = AgreementRow & { scenario: ScenarioRow }

async function loadAgreement(db: Kysely<Database>, p: Principal, id: string): Promise<LoadedAgreement> {
  const row = await db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || !canSeeAgreement(p, row)) throw new NotFoundError(`no agreement ${id}`)
  const scenario = await db.selectFrom('scenarios').selectAll().where('id', '=', row.scenario_id).executeTakeFirstOrThrow()
  return { ...row, scenario }
}

/** Only the operator draws up agreements; a developer trying is granting onward (art. 11). */
function assertOperatorOf(p: Principal, operatorOrgId: string | null, what: string): void {
  if (p.orgKind === 'developer') {
    throw new RuleViolation('art11.no-sub-authorization', 'a developer may not authorize any other party in any form: agreements are made by the primary operator')
  }
  if (p.orgKind !== 'operator' || (operatorOrgId !== null && !isOperatorOf(p, operatorOrgId))) throw new NotAllowedError(`${what}: the primary operator's to do (art. 11, 17)`)
}

/**
 * The query rules of a new workspace: the operator's choices over the defaults, with the
 * identifiers defaulting to the scope's identifying fields (joined and counted, never shown).
 */
async function workspaceRules(db: Kysely<Database>, scope: readonly ScopeItem[], requested: Partial<QueryRules> | undefined): Promise<QueryRules> {
  const scopeColumns: string[] = []
  const identifying: string[] = []
  for (const item of scope) {
    const { content } = await publishedForScope(db, item.resourceCode, 'body.scope')
    for (const name of item.fields) {
      scopeColumns.push(`${content.tableName}.${name}`)
      if (content.fields.find((f) => f.name === name)?.identifier) identifying.push(`${content.tableName}.${name}`)
    }
  }
  const rules: QueryRules = { ...DEFAULT_QUERY_RULES, identifiers: identifying, ...requested }
  const stray = rules.identifiers.filter((c) => !scopeColumns.includes(c))
  if (stray.length > 0) {
    throw new InputError(`identifier columns must be granted columns (table.column): ${stray.join(', ')}`, [{ path: 'body.workspace.rules.identifiers', message: 'not in scope' }])
  }
  return rules
}

/**
 * Everything that must hold for the agreement to be filed or to take effect, checked again at
 * each step because the catalog, the operator's grant and the scenario may change meanwhile.
 */
async function assertAgreementAllowed(trx: Kysely<Database>, platform: Platform, row: AgreementRow, scenario: ScenarioRow): Promise<void> {
  const day = today(platform)
  assertScenarioApproved(scenario)
  const developer = await findOrganization(trx, row.developer_org_id)
  if (developer?.kind === 'operator') {
    throw new RuleViolation('art13.operator-no-development', 'the primary operator may not hold a developer\'s authorization')
  }
  const operatorAuthorization = await activeOperatorAuthorizationOf(trx, row.operator_org_id, day)
  assertTerm(platform.pack, row.term_start, row.term_end)
  assertWithinOperatorTerm(row.term_end, operatorAuthorization.term_end)
  assertFeeFitsPurpose(scenario.purpose_type as PurposeType, row.fee_yuan)
  const scope = JSON.parse(row.scope) as ScopeItem[]
  await assertScopeAllowed(trx, scope, {
    operatorScope: JSON.parse(operatorAuthorization.scope) as string[],
    scenarioCode: scenario.code,
    scenarioNeeds: JSON.parse(scenario.needs) as ScenarioNeed[],
    today: day,
  })
  await assertOneAuthorization(trx, row, scenario)
}

/** One scenario, one authorization (art. 13(5)); a renewal stands in for the agreement it renews. */
async function assertOneAuthorization(trx: Kysely<Database>, row: AgreementRow, scenario: ScenarioRow): Promise<void> {
  let others = trx.selectFrom('agreements').select(['id', 'status']).where('scenario_id', '=', row.scenario_id).where('status', 'in', HOLDING_STATUSES).where('id', '!=', row.id)
  if (row.renewal_of) others = others.where('id', '!=', row.renewal_of)
  const other = await others.executeTakeFirst()
  if (other) {
    throw new RuleViolation('art13.one-scenario-one-authorization', `scenario ${scenario.code} is already authorized by agreement ${other.id} (${other.status}): one scenario, one authorization`)
  }
}

async function assertWorkspaceIdFree(trx: Kysely<Database>, workspaceId: string, developerOrgId: string, exceptAgreementId: string): Promise<void> {
  const workspace = await trx.selectFrom('workspaces').select('developer_org_id').where('id', '=', workspaceId).executeTakeFirst()
  const agreement = await trx
    .selectFrom('agreements')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('status', 'in', HOLDING_STATUSES)
    .where('id', '!=', exceptAgreementId)
    .where('renewal_of', 'is', null)
    .executeTakeFirst()
  if ((workspace && workspace.developer_org_id !== developerOrgId) || (agreement && !workspace)) {
    throw new ConflictError(`workspace id ${workspaceId} is taken: choose another`)
  }
}

// ---------------------------------------------------------------------------- drafting

/** A new draft's record of filing, effect, suspension and end: none of it has happened yet. */
const NOTHING_YET = {
  filed_by: null,
  filed_at: null,
  objection_deadline: null,
  acknowledged_by: null,
  acknowledged_at: null,
  objection: null,
  activated_at: null,
  suspended_at: null,
  suspension_reason: null,
  rectification_deadline: null,
  ended_at: null,
  termination_ground: null,
  termination_note: null,
  expiry_warned_at: null,
} as const satisfies Partial<AgreementRow>

/** The operator draws up the agreement with the awarded developer: clauses, scope, term, fee, workspace. */
export async function draftAgreement(platform: Platform, ctx: RequestContext, input: AgreementInput): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  assertOperatorOf(p, null, 'drawing up an agreement')
  assertKnownClauses(platform.pack, input.clauses)
  const at = chinaTime(platform.clock())
  return platform.store.db.transaction().execute(async (trx) => {
    const application = await trx.selectFrom('call_applications').selectAll().where('id', '=', input.applicationId).executeTakeFirst()
    if (!application) throw new InputError(`no application ${input.applicationId}`, [{ path: 'body.applicationId', message: 'unknown application' }])
    const call = await trx.selectFrom('calls').selectAll().where('id', '=', application.call_id).executeTakeFirstOrThrow()
    if (application.status !== 'awarded') {
      throw new RuleViolation('art13.call-and-selection', `application ${application.id} was not awarded: an agreement follows a call's award`)
    }
    const scenario = await trx.selectFrom('scenarios').selectAll().where('id', '=', call.scenario_id).executeTakeFirstOrThrow()
    const operatorAuthorization = await activeOperatorAuthorizationOf(trx, p.orgId, today(platform))
    const workspaceId = input.workspace.id ?? `ws-${newId('x').slice(2, 14)}`
    if (!WORKSPACE_ID_PATTERN.test(workspaceId)) throw new InputError('a workspace id is a lowercase slug like fin-credit', [{ path: 'body.workspace.id', message: 'bad id' }])
    const row: AgreementRow = {
      id: newId('agr'),
      scenario_id: scenario.id,
      call_id: call.id,
      application_id: application.id,
      operator_authorization_id: operatorAuthorization.id,
      operator_org_id: p.orgId,
      developer_org_id: application.developer_org_id,
      status: 'draft',
      clauses: JSON.stringify(input.clauses),
      scope: JSON.stringify(input.scope),
      fee_yuan: input.feeYuan,
      term_start: input.termStart,
      term_end: input.termEnd,
      workspace_id: workspaceId,
      workspace_name: input.workspace.name,
      workspace_rules: JSON.stringify(await workspaceRules(trx, input.scope, input.workspace.rules)),
      renewal_of: null,
      created_by: p.userId,
      created_at: at,
      updated_at: at,
      ...NOTHING_YET,
    }
    // A draft may still lack clauses (art. 16 is checked at filing), nothing else.
    await assertAgreementAllowed(trx, platform, row, scenario)
    await assertWorkspaceIdFree(trx, workspaceId, row.developer_org_id, row.id)
    await trx.insertInto('agreements').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'agreement.draft',
      objectType: 'agreement',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { scenario: scenario.code, developer: row.developer_org_id, term: [row.term_start, row.term_end], workspace: workspaceId },
    })
    return toAgreement(platform, row, scenario.code)
  })
}

/** Changes to a draft (for example after the office objected); nothing changes once filed. */
export async function reviseAgreement(platform: Platform, ctx: RequestContext, id: string, changes: AgreementChanges): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  if (changes.clauses) assertKnownClauses(platform.pack, changes.clauses)
  return platform.store.db.transaction().execute(async (trx) => {
    const current = await loadAgreement(trx, p, id)
    assertOperatorOf(p, current.operator_org_id, 'revising an agreement')
    if (current.status !== 'draft') throw new ConflictError(`agreement ${id} is ${current.status}: only a draft can be revised`)
    const { scenario, ...row } = current
    const scope = changes.scope ?? (JSON.parse(row.scope) as ScopeItem[])
    const workspaceId = changes.workspace?.id ?? row.workspace_id
    if (!WORKSPACE_ID_PATTERN.test(workspaceId)) throw new InputError('a workspace id is a lowercase slug like fin-credit', [{ path: 'body.workspace.id', message: 'bad id' }])
    const rules = changes.workspace || changes.scope ? await workspaceRules(trx, scope, changes.workspace?.rules ?? (JSON.parse(row.workspace_rules) as QueryRules)) : undefined
    const updated: AgreementRow = {
      ...row,
      ...(changes.clauses ? { clauses: JSON.stringify({ ...(JSON.parse(row.clauses) as Record<string, string>), ...changes.clauses }) } : {}),
      ...(changes.scope ? { scope: JSON.stringify(changes.scope) } : {}),
      ...(changes.termStart ? { term_start: changes.termStart } : {}),
      ...(changes.termEnd ? { term_end: changes.termEnd } : {}),
      ...(changes.feeYuan !== undefined ? { fee_yuan: changes.feeYuan } : {}),
      ...(changes.workspace ? { workspace_id: workspaceId, workspace_name: changes.workspace.name } : {}),
      ...(rules ? { workspace_rules: JSON.stringify(rules) } : {}),
      updated_at: chinaTime(platform.clock()),
    }
    await assertAgreementAllowed(trx, platform, updated, scenario)
    await assertWorkspaceIdFree(trx, workspaceId, row.developer_org_id, row.id)
    const { id: _id, ...values } = updated
    await trx.updateTable('agreements').set(values).where('id', '=', id).where('status', '=', 'draft').execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'agreement.revise',
      objectType: 'agreement',
      objectId: id,
      action: 'update',
      result: 'success',
      detail: { changed: Object.keys(changes) },
    })
    return toAgreement(platform, updated, scenario.code)
  })
}

// ---------------------------------------------------------------------------- filing and effect

/**
 * The operator files the agreement with the office before it takes effect (报备, art. 17): every
 * clause of art. 16 present and every rule holding. The office may object within the period.
 */
export async function fileAgreement(platform: Platform, ctx: RequestContext, id: string): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  return transition(platform, ctx, id, 'filed', async (trx, row) => {
    assertOperatorOf(p, row.operator_org_id, 'filing an agreement')
    assertClausesComplete(platform.pack, JSON.parse(row.clauses) as Record<string, string>)
    const day = today(platform)
    if (row.term_start < day) {
      throw new RuleViolation('art17.filing-before-authorization', `the term starts on ${row.term_start}, before the filing today (${day}): an authorization takes effect only after it is filed`)
    }
    await assertAgreementAllowed(trx, platform, row, row.scenario)
    return {
      changes: { filed_by: p.userId, filed_at: chinaTime(platform.clock()), objection_deadline: dayAfter(day, platform.pack.params.filingObjectionDays), objection: null },
      detail: { objectionDays: platform.pack.params.filingObjectionDays },
    }
  })
}

/** The office takes note of a filing without objection: the agreement takes effect when its term starts. */
export async function acknowledgeAgreement(platform: Platform, ctx: RequestContext, id: string): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await loadAgreement(trx, p, id)
    if (!isOffice(p)) throw new NotAllowedError('filings are acknowledged by the coordination office (art. 17)')
    assertFiled(row)
    const at = chinaTime(platform.clock())
    await trx.updateTable('agreements').set({ acknowledged_by: p.userId, acknowledged_at: at, updated_at: at }).where('id', '=', id).execute()
    await appendAudit(trx, platform, auditActor(ctx), { eventType: 'agreement.acknowledge', objectType: 'agreement', objectId: id, action: 'acknowledge', result: 'success' })
    const acknowledged = { ...row, acknowledged_by: p.userId, acknowledged_at: at }
    if (row.term_start <= today(platform)) return activateLoaded(trx, platform, ctx, acknowledged)
    return toAgreement(platform, acknowledged, row.scenario.code)
  })
}

/** The office objects to a filing within its period: the agreement goes back to the operator as a draft. */
export async function objectToAgreement(platform: Platform, ctx: RequestContext, id: string, reason: string): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  return transition(platform, ctx, id, 'draft', async (_trx, row) => {
    if (!isOffice(p)) throw new NotAllowedError('the coordination office objects to filings (art. 17)')
    assertFiled(row)
    if (row.objection_deadline && today(platform) > row.objection_deadline) {
      throw new ConflictError(`the objection period ended on ${row.objection_deadline}: terminate the agreement instead (art. 35)`)
    }
    return { changes: { objection: reason, filed_at: null, filed_by: null, objection_deadline: null, acknowledged_at: null, acknowledged_by: null }, reason }
  })
}

function assertFiled(row: AgreementRow): void {
  if (row.status === 'draft') {
    throw new RuleViolation('art17.filing-before-authorization', `agreement ${row.id} has not been filed with the office: it cannot take effect`)
  }
  if (row.status !== 'filed') throw new ConflictError(`agreement ${row.id} is ${row.status}`)
}

/** The operator puts a filed agreement into effect once the office acknowledged it or its objection period passed, and its term has started. */
export async function activateAgreement(platform: Platform, ctx: RequestContext, id: string): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await loadAgreement(trx, p, id)
    assertOperatorOf(p, row.operator_org_id, 'putting an agreement into effect')
    return activateLoaded(trx, platform, ctx, row)
  })
}

async function activateLoaded(trx: Kysely<Database>, platform: Platform, ctx: RequestContext, row: LoadedAgreement): Promise<Agreement> {
  assertFiled(row)
  const day = today(platform)
  if (!row.acknowledged_at && row.objection_deadline && day <= row.objection_deadline) {
    throw new RuleViolation('art17.office-supervision', `the office may object until ${row.objection_deadline}: the agreement takes effect after that, or once the office acknowledges it`)
  }
  if (row.term_start > day) throw new ConflictError(`the term starts on ${row.term_start}: the agreement takes effect then`)
  if (row.renewal_of) await endRenewed(trx, platform, ctx, row.renewal_of)
  await assertAgreementAllowed(trx, platform, row, row.scenario)
  const at = chinaTime(platform.clock())
  const changes = { status: 'active', activated_at: at, updated_at: at }
  const updated = await trx.updateTable('agreements').set(changes).where('id', '=', row.id).where('status', '=', 'filed').executeTakeFirst()
  if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError(`agreement ${row.id} changed meanwhile: reload`)
  const active = { ...row, ...changes }
  await openWorkspace(trx, active, at)
  await appendAudit(trx, platform, auditActor(ctx), {
    eventType: 'agreement.activate',
    objectType: 'agreement',
    objectId: row.id,
    action: 'activate',
    result: 'success',
    detail: { workspace: row.workspace_id, term: [row.term_start, row.term_end], renewalOf: row.renewal_of },
  })
  return toAgreement(platform, active, row.scenario.code)
}

/**
 * The scheduler's activation of a filed agreement whose time has come. A rule that no longer
 * holds (the catalog or the operator's grant changed) leaves it filed, and the refusal is audited
 * for the operator to act on.
 */
export async function activateFiledAgreement(platform: Platform, ctx: RequestContext, id: string): Promise<boolean> {
  try {
    await platform.store.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      const scenario = await trx.selectFrom('scenarios').selectAll().where('id', '=', row.scenario_id).executeTakeFirstOrThrow()
      await activateLoaded(trx, platform, ctx, { ...row, scenario })
    })
    return true
  } catch (error) {
    if (!(error instanceof RuleViolation || error instanceof ConflictError)) throw error
    // No longer filed: another node's run (or a person) acted first, and nothing failed here.
    const now = await platform.store.db.selectFrom('agreements').select('status').where('id', '=', id).executeTakeFirst()
    if (now?.status !== 'filed') return false
    await recordAudit(platform, auditActor(ctx), {
      eventType: 'agreement.activate',
      objectType: 'agreement',
      objectId: id,
      action: 'activate',
      result: 'failure',
      reason: error.message.slice(0, 500),
      ...(error instanceof RuleViolation ? { detail: { rule: error.rule } } : {}),
    })
    return false
  }
}

// A renewal takes over from the agreement it renews: that one expires as the new one starts.
async function endRenewed(trx: Kysely<Database>, platform: Platform, ctx: RequestContext, previousId: string): Promise<void> {
  const at = chinaTime(platform.clock())
  const ended = await trx
    .updateTable('agreements')
    .set({ status: 'expired', ended_at: at, updated_at: at })
    .where('id', '=', previousId)
    .where('status', 'in', ['active', 'suspended'])
    .executeTakeFirst()
  if (Number(ended.numUpdatedRows) === 1) {
    await appendAudit(trx, platform, auditActor(ctx), { eventType: 'agreement.expire', objectType: 'agreement', objectId: previousId, action: 'expire', result: 'success', reason: 'renewed' })
  }
}

// ---------------------------------------------------------------------------- suspension and end

/**
 * Suspension (art. 34): data access closes at once, in the same transaction, until the
 * rectification is accepted and the agreement resumed.
 */
export async function suspendAgreement(
  platform: Platform,
  ctx: RequestContext,
  id: string,
  input: { reason: string; rectificationDeadline?: string },
): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  const suspended = await transition(platform, ctx, id, 'suspended', async (trx, row) => {
    if (!canSuspendOrTerminate(p, row)) throw new NotAllowedError('the office or the operator suspends an agreement (art. 34)')
    const at = chinaTime(platform.clock())
    const why = `suspended for rectification (art. 34): ${input.reason}${input.rectificationDeadline ? `; rectify by ${input.rectificationDeadline}` : ''}`
    await setWorkspaceStatus(trx, id, 'suspended', why, at)
    return {
      changes: { suspended_at: at, suspension_reason: input.reason, rectification_deadline: input.rectificationDeadline ?? null },
      reason: input.reason,
    }
  })
  // The sealed copy of the workspace's data goes at once; it is built afresh on resumption.
  platform.domain.release(suspended.workspace.id)
  return suspended
}

/** The rectification is accepted: access reopens. */
export async function resumeAgreement(platform: Platform, ctx: RequestContext, id: string, note: string): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  return transition(platform, ctx, id, 'active', async (trx, row) => {
    if (!canSuspendOrTerminate(p, row)) throw new NotAllowedError('the office or the operator accepts a rectification (art. 34)')
    if (row.status !== 'suspended') throw new ConflictError(`agreement ${id} is ${row.status}, not suspended`)
    if (row.term_end < today(platform)) throw new ConflictError(`the term ended on ${row.term_end}: the agreement expires instead`)
    await setWorkspaceStatus(trx, id, 'open', null, chinaTime(platform.clock()))
    return { changes: { suspended_at: null, suspension_reason: null, rectification_deadline: null }, reason: note }
  })
}

/** Unilateral termination (art. 35) on a ground of the measures; access closes at once (art. 31). */
export async function terminateAgreement(
  platform: Platform,
  ctx: RequestContext,
  id: string,
  input: { ground: string; note: string; warnedOn?: string },
): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  const terminated = await transition(platform, ctx, id, 'terminated', async (trx, row) => {
    if (!canSuspendOrTerminate(p, row)) {
      throw new RuleViolation('art35.unilateral-termination', 'only the coordination office or the primary operator may terminate an agreement unilaterally')
    }
    assertTerminationGround(platform.pack, input.ground, input.warnedOn)
    const at = chinaTime(platform.clock())
    await setWorkspaceStatus(trx, id, 'closed', `terminated (art. 35, ${input.ground}): ${input.note}`, at)
    return {
      changes: { ended_at: at, termination_ground: input.ground, termination_note: input.warnedOn ? `${input.note} (warned on ${input.warnedOn})` : input.note },
      reason: input.note,
      detail: { ground: input.ground, warnedOn: input.warnedOn ?? null },
    }
  })
  platform.domain.release(terminated.workspace.id)
  return terminated
}

/**
 * Renewal (art. 17): applied for by the developer (or the operator) in the last months of the
 * term, it makes a new draft agreement that the operator reviews and files like any other.
 */
export async function renewAgreement(platform: Platform, ctx: RequestContext, id: string): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  return platform.store.db.transaction().execute(async (trx) => {
    const current = await loadAgreement(trx, p, id)
    if (!isDeveloperOf(p, current.developer_org_id) && !isOperatorOf(p, current.operator_org_id)) {
      throw new NotAllowedError('the developer applies for renewal, to the operator (art. 17)')
    }
    if (current.status !== 'active') throw new ConflictError(`agreement ${id} is ${current.status}: only an active agreement is renewed`)
    const day = today(platform)
    assertRenewalWindow(platform.pack, current.term_end, day)
    const pending = await trx.selectFrom('agreements').select('id').where('renewal_of', '=', id).where('status', 'in', ['draft', 'filed']).executeTakeFirst()
    if (pending) throw new ConflictError(`renewal ${pending.id} is already under way`)
    const operatorAuthorization = await activeOperatorAuthorizationOf(trx, current.operator_org_id, day)
    const termStart = dayAfter(current.term_end)
    const longest = termEndAfter(termStart, platform.pack.params.developerTermMaxMonths)
    const at = chinaTime(platform.clock())
    const { scenario, ...previous } = current
    const row: AgreementRow = {
      ...previous,
      id: newId('agr'),
      operator_authorization_id: operatorAuthorization.id,
      status: 'draft',
      term_start: termStart,
      term_end: longest < operatorAuthorization.term_end ? longest : operatorAuthorization.term_end,
      renewal_of: id,
      created_by: p.userId,
      created_at: at,
      updated_at: at,
      ...NOTHING_YET,
    }
    await trx.insertInto('agreements').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'agreement.renew',
      objectType: 'agreement',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { renewalOf: id, term: [row.term_start, row.term_end] },
    })
    return toAgreement(platform, row, scenario.code)
  })
}

interface TransitionResult {
  readonly changes: Partial<AgreementRow>
  readonly reason?: string
  readonly detail?: Record<string, unknown>
}

/** Load (visible or 404) → guard → conditional update (the row must still be in the state we read) → audit. */
async function transition(
  platform: Platform,
  ctx: RequestContext,
  id: string,
  to: AgreementStatus,
  guard: (trx: Kysely<Database>, row: LoadedAgreement) => Promise<TransitionResult>,
): Promise<Agreement> {
  const p = actingPrincipal(ctx)
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await loadAgreement(trx, p, id)
    const { changes, reason, detail } = await guard(trx, row)
    assertAgreementTransition(row.status as AgreementStatus, to)
    const all = { ...changes, status: to, updated_at: chinaTime(platform.clock()) }
    const updated = await trx.updateTable('agreements').set(all).where('id', '=', id).where('status', '=', row.status).executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError(`agreement ${id} changed meanwhile: reload`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: `agreement.${verbOf(to)}`,
      objectType: 'agreement',
      objectId: id,
      action: verbOf(to),
      result: 'success',
      ...(reason ? { reason: reason.slice(0, 500) } : {}),
      ...(detail ? { detail } : {}),
    })
    const { scenario, ...rest } = row
    return toAgreement(platform, { ...rest, ...all }, scenario.code)
  })
}

function verbOf(to: AgreementStatus): string {
  return { draft: 'object', filed: 'file', active: 'resume', suspended: 'suspend', terminated: 'terminate', expired: 'expire' }[to]
}

// ---------------------------------------------------------------------------- reading

export async function listAgreements(platform: Platform, ctx: RequestContext, filter: { status?: AgreementStatus }): Promise<Agreement[]> {
  const p = actingPrincipal(ctx)
  let query = platform.store.db.selectFrom('agreements as a').innerJoin('scenarios as s', 's.id', 'a.scenario_id').selectAll('a').select('s.code as scenario_code').orderBy('a.created_at')
  if (filter.status) query = query.where('a.status', '=', filter.status)
  if (!canSeeAllAgreements(p)) {
    if (p.orgKind !== 'developer') throw new NotAllowedError('agreements are seen by their parties, the office and regulators')
    query = query.where('a.developer_org_id', '=', p.orgId)
  }
  const rows = await query.execute()
  return rows.filter((r) => canSeeAgreement(p, r)).map(({ scenario_code, ...row }) => toAgreement(platform, row, scenario_code))
}

export async function getAgreement(platform: Platform, ctx: RequestContext, id: string): Promise<Agreement> {
  const { scenario, ...row } = await loadAgreement(platform.store.db, actingPrincipal(ctx), id)
  return toAgreement(platform, row, scenario.code)
}
