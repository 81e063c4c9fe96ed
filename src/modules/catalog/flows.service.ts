import { ConflictError, InputError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { actsForOrganization, type Principal } from '../identity/identity.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import type { CatalogResourceInput } from './catalog.ts'
import { findResource } from './catalog.repository.ts'
import { publishedContent } from './catalog.service.ts'

// ---------------------------------------------------------------------------- return flow (art. 10)

/** Government bodies that may ask for data back: departments and the county-level ones. */
const RETURN_FLOW_REQUESTERS = ['sector_authority', 'source_unit', 'office'] as const

export const RETURN_FLOW_STATUSES = ['requested', 'approved', 'rejected'] as const
export type ReturnFlowStatus = (typeof RETURN_FLOW_STATUSES)[number]

export interface ReturnFlow {
  readonly id: string
  readonly resourceCode: string
  readonly requesterOrgId: string
  readonly purpose: string
  readonly fields: readonly string[]
  readonly status: ReturnFlowStatus
  readonly requestedAt: string
  readonly decidedAt: string | null
  readonly decisionNote: string | null
  readonly poolVersionId: string | null
}

function isBureau(p: Principal): boolean {
  return p.orgKind === 'bureau' && actsForOrganization(p)
}

async function publishedOrMissing(db: Kysely<Database>, code: string): Promise<{ content: CatalogResourceInput; poolVersionId: string | null }> {
  const published = await publishedContent(db, code)
  if (!published) throw new NotFoundError(`resource ${code} is not in the catalog`)
  return { content: published.content, poolVersionId: published.row.pool_version_id }
}

/** A county or department asks for a resource back (数据回流, art. 10). */
export async function requestReturnFlow(
  platform: Platform,
  ctx: RequestContext,
  input: { resourceCode: string; purpose: string; fields: readonly string[] },
): Promise<ReturnFlow> {
  const p = actingPrincipal(ctx)
  if (!(RETURN_FLOW_REQUESTERS as readonly string[]).includes(p.orgKind) || !actsForOrganization(p)) {
    throw new RuleViolation('art10.return-flow', 'data flows back to government departments and counties, on their request to the bureau')
  }
  const { content } = await publishedOrMissing(platform.store.db, input.resourceCode)
  const known = new Set(content.fields.map((f) => f.name))
  const unknown = input.fields.filter((f) => !known.has(f))
  if (unknown.length > 0) throw new InputError(`not fields of ${input.resourceCode}: ${unknown.join(', ')}`)
  const row = {
    id: newId('rf'),
    resource_code: input.resourceCode,
    requester_org_id: p.orgId,
    purpose: input.purpose,
    fields: JSON.stringify([...new Set(input.fields)]),
    status: 'requested',
    requested_by: p.userId,
    requested_at: chinaTime(platform.clock()),
    decided_by: null,
    decided_at: null,
    decision_note: null,
    pool_version_id: null,
  }
  await platform.store.db.transaction().execute(async (trx) => {
    await trx.insertInto('return_flows').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'return-flow.request',
      objectType: 'return-flow',
      objectId: row.id,
      action: 'request',
      result: 'success',
      detail: { resource: input.resourceCode, fields: input.fields, jurisdiction: p.jurisdiction },
    })
  })
  return toReturnFlow(row)
}

export async function decideReturnFlow(
  platform: Platform,
  ctx: RequestContext,
  id: string,
  decision: 'approve' | 'reject',
  note: string,
): Promise<ReturnFlow> {
  const p = actingPrincipal(ctx)
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('return_flows').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row || !(isBureau(p) || p.orgId === row.requester_org_id || p.orgKind === 'regulator')) throw new NotFoundError(`return-flow request ${id} not found`)
    if (!isBureau(p)) throw new NotAllowedError('the bureau approves return flows (art. 10)')
    const resource = await findResource(trx, row.resource_code)
    const changes = {
      status: decision === 'approve' ? 'approved' : 'rejected',
      decided_by: p.userId,
      decided_at: chinaTime(platform.clock()),
      decision_note: note,
      pool_version_id: decision === 'approve' ? (resource?.pool_version_id ?? null) : null,
    }
    const updated = await trx.updateTable('return_flows').set(changes).where('id', '=', id).where('status', '=', 'requested').executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError(`return-flow request ${id} was already decided`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'return-flow.decide',
      objectType: 'return-flow',
      objectId: id,
      action: decision,
      result: 'success',
      reason: note.slice(0, 500),
      detail: { resource: row.resource_code, requester: row.requester_org_id, poolVersionId: changes.pool_version_id },
    })
    return toReturnFlow({ ...row, ...changes })
  })
}

export async function returnFlows(platform: Platform, ctx: RequestContext): Promise<ReturnFlow[]> {
  const p = actingPrincipal(ctx)
  let query = platform.store.db.selectFrom('return_flows').selectAll().orderBy('requested_at', 'desc')
  if (!isBureau(p) && p.orgKind !== 'regulator') query = query.where('requester_org_id', '=', p.orgId)
  return (await query.execute()).map(toReturnFlow)
}

function toReturnFlow(row: {
  id: string
  resource_code: string
  requester_org_id: string
  purpose: string
  fields: string
  status: string
  requested_at: string
  decided_at: string | null
  decision_note: string | null
  pool_version_id: string | null
}): ReturnFlow {
  return {
    id: row.id,
    resourceCode: row.resource_code,
    requesterOrgId: row.requester_org_id,
    purpose: row.purpose,
    fields: JSON.parse(row.fields) as string[],
    status: row.status as ReturnFlowStatus,
    requestedAt: row.requested_at,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
    poolVersionId: row.pool_version_id,
  }
}

// ---------------------------------------------------------------------------- consent (art. 15)

export interface SharedDataConsent {
  readonly id: string
  readonly resourceCode: string
  readonly provider: string
  readonly scope: string
  readonly evidence: string
  readonly validUntil: string | null
  readonly recordedAt: string
}

/** The bureau records that a shared resource's provider consents to its authorized operation. */
export async function recordConsent(
  platform: Platform,
  ctx: RequestContext,
  code: string,
  input: { provider: string; scope: string; evidence: string; validUntil?: string },
): Promise<SharedDataConsent> {
  const p = actingPrincipal(ctx)
  if (!isBureau(p)) throw new NotAllowedError('the bureau records providers\' consent (art. 15)')
  const { content } = await publishedOrMissing(platform.store.db, code)
  if (!content.sharedFrom) throw new ConflictError(`${code} was not received through sharing: no provider's consent is needed`)
  if (content.sharedFrom.provider !== input.provider) {
    throw new InputError(`${code} was shared by ${content.sharedFrom.provider}, not ${input.provider}`)
  }
  const row = {
    id: newId('cs'),
    resource_code: code,
    provider: input.provider,
    scope: input.scope,
    evidence: input.evidence,
    valid_until: input.validUntil ?? null,
    recorded_by: p.userId,
    recorded_at: chinaTime(platform.clock()),
    revoked_at: null,
  }
  await platform.store.db.transaction().execute(async (trx) => {
    await trx.insertInto('shared_data_consents').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'catalog.consent',
      objectType: 'resource',
      objectId: code,
      action: 'record-consent',
      result: 'success',
      detail: { provider: input.provider, evidence: input.evidence, validUntil: row.valid_until },
    })
  })
  return { id: row.id, resourceCode: code, provider: row.provider, scope: row.scope, evidence: row.evidence, validUntil: row.valid_until, recordedAt: row.recorded_at }
}

export async function consentsOf(platform: Platform, code: string): Promise<SharedDataConsent[]> {
  const rows = await platform.store.db.selectFrom('shared_data_consents').selectAll().where('resource_code', '=', code).where('revoked_at', 'is', null).execute()
  return rows.map((r) => ({ id: r.id, resourceCode: r.resource_code, provider: r.provider, scope: r.scope, evidence: r.evidence, validUntil: r.valid_until, recordedAt: r.recorded_at }))
}

/**
 * Guard for the authorization module: a resource received through sharing enters an
 * authorization only with its provider's recorded, unexpired consent (art. 15).
 */
export async function assertSharedDataConsent(db: Kysely<Database>, code: string, today: string): Promise<void> {
  const { content } = await publishedOrMissing(db, code)
  if (!content.sharedFrom) return
  const consent = await db
    .selectFrom('shared_data_consents')
    .select('id')
    .where('resource_code', '=', code)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
    .executeTakeFirst()
  if (!consent) {
    throw new RuleViolation(
      'art15.shared-data-consent',
      `${code} was shared by ${content.sharedFrom.provider} (${content.sharedFrom.region}): its use needs that provider's recorded consent`,
    )
  }
}
