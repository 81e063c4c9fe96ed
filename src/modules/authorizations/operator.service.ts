import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { findOrganization } from '../identity/identity.repository.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import { CITY_JURISDICTION } from '../identity/identity.ts'
import {
  assertOperatorQualified,
  OPERATOR_QUALIFICATIONS,
  type OperatorAuthorizationStatus,
  type OperatorQualification,
  type QualificationRecord,
} from './authorization.ts'
import { canDesignateOperator, canGrantOperatorScope } from './authorization.policy.ts'
import type { OperatorAuthorizationRow } from './authorization.table.ts'
import { assertAuthorizable } from './scope.service.ts'

export interface DesignationInput {
  readonly operatorOrgId: string
  readonly qualifications: Readonly<Record<OperatorQualification, QualificationRecord>>
  /** The operator's last cyber or data security incident, if any (art. 12(四)). */
  readonly lastSecurityIncidentOn: string | null
  /** The authorization agreement between the city and the operator: its reference and clauses. */
  readonly agreementReference: string
  readonly clauses: Readonly<Record<string, string>>
  readonly termStart: string
  readonly termEnd: string
}

export interface OperatorAuthorization {
  readonly id: string
  readonly operatorOrgId: string
  readonly operatorName: string
  readonly jurisdiction: string
  readonly status: OperatorAuthorizationStatus
  readonly qualifications: Readonly<Record<OperatorQualification, QualificationRecord>>
  readonly lastSecurityIncidentOn: string | null
  readonly agreementReference: string
  readonly clauses: Readonly<Record<string, string>>
  readonly term: { readonly start: string; readonly end: string }
  /** The resource codes the data bureau granted. */
  readonly scope: readonly string[]
  readonly designatedAt: string
  readonly grantedAt: string | null
}

async function toOperatorAuthorization(db: Kysely<Database>, row: OperatorAuthorizationRow): Promise<OperatorAuthorization> {
  const org = await findOrganization(db, row.operator_org_id)
  return {
    id: row.id,
    operatorOrgId: row.operator_org_id,
    operatorName: org?.name ?? row.operator_org_id,
    jurisdiction: row.jurisdiction,
    status: row.status as OperatorAuthorizationStatus,
    qualifications: JSON.parse(row.qualifications) as OperatorAuthorization['qualifications'],
    lastSecurityIncidentOn: row.last_security_incident_on,
    agreementReference: row.agreement_reference,
    clauses: JSON.parse(row.clauses) as Record<string, string>,
    term: { start: row.term_start, end: row.term_end },
    scope: JSON.parse(row.scope) as string[],
    designatedAt: row.designated_at,
    grantedAt: row.granted_at,
  }
}

/**
 * The office designates the city's primary operator (art. 11), recording its finding on each
 * condition of art. 12 with the evidence. One at a time: a second is refused until the first ends.
 */
export async function designateOperator(platform: Platform, ctx: RequestContext, input: DesignationInput): Promise<OperatorAuthorization> {
  const p = actingPrincipal(ctx)
  if (!canDesignateOperator(p)) {
    throw new RuleViolation('art11.operator-authorized-by-bureau', 'only the coordination office designates the primary operator')
  }
  if (input.termEnd < input.termStart) throw new InputError('the term ends before it starts', [{ path: 'body.termEnd', message: 'before termStart' }])
  const today = chinaDate(platform.clock())
  assertOperatorQualified(platform.pack, input.qualifications, input.lastSecurityIncidentOn, today)
  return platform.store.db.transaction().execute(async (trx) => {
    const org = await findOrganization(trx, input.operatorOrgId)
    if (org?.kind !== 'operator') throw new InputError(`${input.operatorOrgId} is not an operator organization`, [{ path: 'body.operatorOrgId', message: 'not an operator' }])
    const current = await currentOperatorAuthorization(trx)
    if (current) {
      throw new ConflictError(`${current.operator_org_id} is the city's primary operator (${current.id}) until that authorization ends: one primary operator per city`)
    }
    const row: OperatorAuthorizationRow = {
      id: newId('opa'),
      operator_org_id: input.operatorOrgId,
      jurisdiction: CITY_JURISDICTION,
      status: 'designated',
      qualifications: JSON.stringify(Object.fromEntries(OPERATOR_QUALIFICATIONS.map((q) => [q, input.qualifications[q]]))),
      last_security_incident_on: input.lastSecurityIncidentOn,
      agreement_reference: input.agreementReference,
      clauses: JSON.stringify(input.clauses),
      term_start: input.termStart,
      term_end: input.termEnd,
      scope: '[]',
      designated_by: p.userId,
      designated_at: chinaTime(platform.clock()),
      granted_by: null,
      granted_at: null,
      ended_at: null,
      end_reason: null,
    }
    await trx.insertInto('operator_authorizations').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'operator.designate',
      objectType: 'operator-authorization',
      objectId: row.id,
      action: 'designate',
      result: 'success',
      detail: { operator: input.operatorOrgId, term: [input.termStart, input.termEnd], agreement: input.agreementReference },
    })
    return toOperatorAuthorization(trx, row)
  })
}

/**
 * The data bureau grants the designated operator its resources (art. 11); the authorization is
 * active from then on. Granting again replaces the scope; nothing the measures exclude enters it.
 */
export async function grantOperatorScope(platform: Platform, ctx: RequestContext, id: string, resources: readonly string[]): Promise<OperatorAuthorization> {
  const p = actingPrincipal(ctx)
  if (!canGrantOperatorScope(p)) {
    throw new RuleViolation('art11.operator-authorized-by-bureau', 'only the data bureau grants the primary operator its public data')
  }
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('operator_authorizations').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new NotFoundError(`no operator authorization ${id}`)
    if (row.status === 'ended') throw new ConflictError(`operator authorization ${id} has ended`)
    await assertAuthorizable(trx, resources.map((code) => ({ resourceCode: code, fields: [] })), 'body.resources')
    const changes = { status: 'active', scope: JSON.stringify(resources), granted_by: p.userId, granted_at: chinaTime(platform.clock()) }
    await trx.updateTable('operator_authorizations').set(changes).where('id', '=', id).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'operator.grant',
      objectType: 'operator-authorization',
      objectId: id,
      action: 'grant',
      result: 'success',
      detail: { resources },
    })
    return toOperatorAuthorization(trx, { ...row, ...changes })
  })
}

/** Who operates the city's public data is public information (art. 29): everyone signed in sees it. */
export async function listOperatorAuthorizations(platform: Platform): Promise<OperatorAuthorization[]> {
  const { db } = platform.store
  const rows = await db.selectFrom('operator_authorizations').selectAll().orderBy('designated_at').execute()
  return Promise.all(rows.map((row) => toOperatorAuthorization(db, row)))
}

/** The city's operator authorization that has not ended, designated or active. */
export async function currentOperatorAuthorization(db: Kysely<Database>): Promise<OperatorAuthorizationRow | undefined> {
  return db.selectFrom('operator_authorizations').selectAll().where('jurisdiction', '=', CITY_JURISDICTION).where('status', '!=', 'ended').executeTakeFirst()
}

/** Art. 11: the operator authorizes developers only while the bureau's grant to it is active and in term. */
export async function activeOperatorAuthorizationOf(db: Kysely<Database>, operatorOrgId: string, today: string): Promise<OperatorAuthorizationRow> {
  const row = await currentOperatorAuthorization(db)
  if (!row || row.operator_org_id !== operatorOrgId || row.status !== 'active') {
    throw new RuleViolation('art11.operator-authorized-by-bureau', 'the operator holds no active authorization from the office and the data bureau: it cannot authorize developers')
  }
  if (today < row.term_start || today > row.term_end) {
    throw new RuleViolation('art11.within-operator-authorization', `the operator's own authorization runs from ${row.term_start} to ${row.term_end}`)
  }
  return row
}
