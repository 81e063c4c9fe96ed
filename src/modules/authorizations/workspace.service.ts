import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { findUser } from '../identity/identity.repository.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import { actsForOrganization, type Principal } from '../identity/identity.ts'
import type { ScopeItem } from './authorization.ts'
import { canSeeAllAgreements, isDeveloperOf, isOperatorOf } from './authorization.policy.ts'
import type { AgreementRow, WorkspaceRow } from './authorization.table.ts'
import { workspaceTables } from './scope.service.ts'
import type { QueryRules, Workspace, WorkspaceStatus } from './workspace.ts'

async function toWorkspace(db: Kysely<Database>, row: WorkspaceRow): Promise<Workspace> {
  const agreement = await db
    .selectFrom('agreements as a')
    .innerJoin('scenarios as s', 's.id', 'a.scenario_id')
    .select(['a.term_start', 'a.term_end', 's.code'])
    .where('a.id', '=', row.agreement_id)
    .executeTakeFirstOrThrow()
  const members = await db
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.username', 'u.display_name'])
    .where('m.workspace_id', '=', row.id)
    .orderBy('u.username')
    .execute()
  return {
    id: row.id,
    name: row.name,
    status: row.status as WorkspaceStatus,
    statusReason: row.status_reason,
    agreementId: row.agreement_id,
    scenarioCode: agreement.code,
    developerOrgId: row.developer_org_id,
    scope: await workspaceTables(db, JSON.parse(row.scope) as ScopeItem[]),
    rules: JSON.parse(row.rules) as QueryRules,
    budget:
      row.budget_epsilon === null
        ? null
        : { epsilon: row.budget_epsilon, spent: row.budget_spent, remaining: Math.max(0, row.budget_epsilon - row.budget_spent) },
    term: { start: agreement.term_start, end: agreement.term_end },
    members: members.map((m) => ({ userId: m.id, username: m.username, displayName: m.display_name })),
    createdAt: row.created_at,
  }
}

async function isMember(db: Kysely<Database>, workspaceId: string, userId: string): Promise<boolean> {
  return !!(await db.selectFrom('workspace_members').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst())
}

/** Who may look at a workspace: its developer's members, the operator, the office and regulators. */
async function canSeeWorkspace(db: Kysely<Database>, p: Principal, row: WorkspaceRow): Promise<boolean> {
  if (canSeeAllAgreements(p)) return true
  return isDeveloperOf(p, row.developer_org_id) && (await isMember(db, row.id, p.userId))
}

/** The workspaces the caller may use (a developer's) or oversees (operator, office, regulators). */
export async function listWorkspaces(platform: Platform, ctx: RequestContext): Promise<Workspace[]> {
  const p = actingPrincipal(ctx)
  const { db } = platform.store
  let query = db.selectFrom('workspaces').selectAll().orderBy('id')
  if (!canSeeAllAgreements(p)) {
    if (p.orgKind !== 'developer' || !actsForOrganization(p)) return []
    query = query.where('id', 'in', db.selectFrom('workspace_members').select('workspace_id').where('user_id', '=', p.userId))
  }
  const rows = await query.execute()
  return Promise.all(rows.map((row) => toWorkspace(db, row)))
}

export async function getWorkspace(platform: Platform, ctx: RequestContext, id: string): Promise<Workspace> {
  const p = actingPrincipal(ctx)
  const { db } = platform.store
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || !(await canSeeWorkspace(db, p, row))) throw new NotFoundError(`no workspace ${id}`)
  return toWorkspace(db, row)
}

/** A workspace's destruction (art. 31), once it happened: the certificate anyone can verify. */
export interface WorkspaceDestruction {
  readonly certificateId: string
  readonly destroyedAt: string
}

/** One workspace as GET /workspaces/{id} shows it: with its destruction, null until it is destroyed. */
export async function workspaceDetail(platform: Platform, ctx: RequestContext, id: string): Promise<Workspace & { destruction: WorkspaceDestruction | null }> {
  const workspace = await getWorkspace(platform, ctx, id)
  const row = await platform.store.db
    .selectFrom('destruction_certificates')
    .select(['id', 'destroyed_at'])
    .where('workspace_id', '=', id)
    .executeTakeFirst()
  return { ...workspace, destruction: row ? { certificateId: row.id, destroyedAt: row.destroyed_at } : null }
}

/**
 * The guard every data access goes through (the gate, models, products): the workspace must be
 * visible, open, and the caller one of its members. A suspended or closed workspace refuses at
 * once, saying why; the operator never computes in a workspace (art. 13(6)).
 */
export async function usableWorkspace(platform: Platform, ctx: RequestContext, id: string): Promise<Workspace> {
  const p = actingPrincipal(ctx)
  const { db } = platform.store
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError(`no workspace ${id}`)
  // Every query starts here: the members come with the workspace, so membership costs no read of its own.
  const workspace = await toWorkspace(db, row)
  const computes = isDeveloperOf(p, row.developer_org_id) && workspace.members.some((m) => m.userId === p.userId)
  if (!computes && !canSeeAllAgreements(p)) throw new NotFoundError(`no workspace ${id}`)
  if (p.orgKind === 'operator') {
    throw new RuleViolation('art13.operator-no-development', 'the primary operator may not develop data products: it oversees workspaces, it does not compute in them')
  }
  if (!computes) throw new NotAllowedError(`only the members of workspace ${id} compute in it`)
  if (row.status === 'suspended') throw new NotAllowedError(`workspace ${id} is suspended: ${row.status_reason ?? 'by the office or the operator'}`, 'workspace_suspended')
  if (row.status !== 'open') throw new NotAllowedError(`workspace ${id} is closed: ${row.status_reason ?? 'its authorization ended'}`, 'workspace_closed')
  return workspace
}

/**
 * A workspace for the domain's own services (the gateway serving a product), which check their
 * callers themselves: no visibility test here. It must be open.
 */
export async function openWorkspaceById(db: Kysely<Database>, id: string): Promise<Workspace> {
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError(`no workspace ${id}`)
  if (row.status !== 'open') throw new NotAllowedError(`workspace ${id} is ${row.status}: ${row.status_reason ?? 'its authorization is not in force'}`, row.status === 'suspended' ? 'workspace_suspended' : 'workspace_closed')
  return toWorkspace(db, row)
}

/**
 * Opens the workspace of an agreement that takes effect: a new one with the developer's members,
 * or, for a renewal, the same workspace carried over to the new agreement and its scope.
 */
export async function openWorkspace(trx: Kysely<Database>, agreement: AgreementRow, at: string): Promise<void> {
  const rules = JSON.parse(agreement.workspace_rules) as QueryRules
  const values = {
    agreement_id: agreement.id,
    name: agreement.workspace_name,
    status: 'open',
    status_reason: null,
    scope: agreement.scope,
    rules: agreement.workspace_rules,
    budget_epsilon: rules.differentialPrivacy?.budgetEpsilon ?? null,
    updated_at: at,
  }
  const existing = await trx.selectFrom('workspaces').selectAll().where('id', '=', agreement.workspace_id).executeTakeFirst()
  if (existing) {
    if (existing.developer_org_id !== agreement.developer_org_id) throw new ConflictError(`workspace id ${agreement.workspace_id} belongs to another developer`)
    // A renewal is a new agreement, so the privacy budget starts afresh with it.
    await trx.updateTable('workspaces').set({ ...values, budget_spent: 0 }).where('id', '=', existing.id).execute()
    return
  }
  await trx
    .insertInto('workspaces')
    .values({ id: agreement.workspace_id, developer_org_id: agreement.developer_org_id, scenario_id: agreement.scenario_id, budget_spent: 0, created_at: at, ...values })
    .execute()
  const members = await trx
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.id')
    .where('u.org_id', '=', agreement.developer_org_id)
    .where('u.status', '=', 'active')
    .where('r.role', '=', 'member')
    .execute()
  if (members.length > 0) {
    await trx
      .insertInto('workspace_members')
      .values(members.map((m) => ({ workspace_id: agreement.workspace_id, user_id: m.id, added_by: agreement.created_by, added_at: at })))
      .execute()
  }
}

/** Suspension, resumption and the end of an agreement reach its workspace in the same transaction. */
export async function setWorkspaceStatus(trx: Kysely<Database>, agreementId: string, status: WorkspaceStatus, reason: string | null, at: string): Promise<void> {
  await trx.updateTable('workspaces').set({ status, status_reason: reason, updated_at: at }).where('agreement_id', '=', agreementId).execute()
}

/** A workspace whose members the caller manages: its developer or its operator. */
async function managedWorkspace(trx: Kysely<Database>, p: Principal, id: string): Promise<WorkspaceRow> {
  const row = await trx.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || !(await canSeeWorkspace(trx, p, row))) throw new NotFoundError(`no workspace ${id}`)
  const { operator_org_id } = await trx.selectFrom('agreements').select('operator_org_id').where('id', '=', row.agreement_id).executeTakeFirstOrThrow()
  if (!isDeveloperOf(p, row.developer_org_id) && !isOperatorOf(p, operator_org_id)) throw new NotAllowedError("the developer and the operator manage a workspace's members")
  return row
}

/**
 * The developer (or the operator for it) adds one of the developer's own people. Anyone else's
 * would be granting access onward, which art. 11 forbids.
 */
export async function addWorkspaceMember(platform: Platform, ctx: RequestContext, id: string, userId: string): Promise<Workspace> {
  const p = actingPrincipal(ctx)
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await managedWorkspace(trx, p, id)
    if (row.status === 'closed') throw new ConflictError(`workspace ${id} is closed`)
    const user = await findUser(trx, userId)
    if (!user) throw new InputError(`no user ${userId}`, [{ path: 'body.userId', message: 'unknown user' }])
    if (user.org_id !== row.developer_org_id) {
      throw new RuleViolation('art11.no-sub-authorization', 'a workspace is open only to the authorized developer\'s own people: granting another organization access is a sub-authorization')
    }
    if (await isMember(trx, id, userId)) throw new ConflictError(`${user.username} is already a member`)
    await trx.insertInto('workspace_members').values({ workspace_id: id, user_id: userId, added_by: p.userId, added_at: chinaTime(platform.clock()) }).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'workspace.member',
      objectType: 'workspace',
      objectId: id,
      action: 'add-member',
      result: 'success',
      detail: { userId, username: user.username },
    })
    return toWorkspace(trx, row)
  })
}

export async function removeWorkspaceMember(platform: Platform, ctx: RequestContext, id: string, userId: string): Promise<Workspace> {
  const p = actingPrincipal(ctx)
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await managedWorkspace(trx, p, id)
    const removed = await trx.deleteFrom('workspace_members').where('workspace_id', '=', id).where('user_id', '=', userId).executeTakeFirst()
    if (Number(removed.numDeletedRows) === 0) throw new NotFoundError(`${userId} is not a member of ${id}`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'workspace.member',
      objectType: 'workspace',
      objectId: id,
      action: 'remove-member',
      result: 'success',
      detail: { userId },
    })
    return toWorkspace(trx, row)
  })
}
