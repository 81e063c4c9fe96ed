import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import { actsForOrganization, type Principal } from '../identity/identity.ts'
import { registrationCodeOf } from '../registration/registration.service.ts'
import { EVALUATION_CRITERIA, scoreEvaluation, type CriterionScore, type EvaluationEvidence, type Rating } from './evaluation.ts'
import type { EvaluationRow } from './incident.table.ts'

export interface Evaluation {
  readonly id: string
  readonly subjectOrgId: string
  readonly year: number
  readonly evidence: EvaluationEvidence
  readonly scores: readonly CriterionScore[]
  readonly total: number
  readonly rating: Rating
  readonly note: string
  readonly evaluatedBy: string
  readonly evaluatedAt: string
}

function toEvaluation(row: EvaluationRow): Evaluation {
  return {
    id: row.id,
    subjectOrgId: row.subject_org_id,
    year: row.year,
    evidence: JSON.parse(row.evidence) as EvaluationEvidence,
    scores: JSON.parse(row.scores) as CriterionScore[],
    total: Number(row.total),
    rating: row.rating as Rating,
    note: row.note,
    evaluatedBy: row.evaluated_by,
    evaluatedAt: row.evaluated_at,
  }
}

/** The data authority evaluates (art. 33: 数据主管部门会同有关单位): the bureau or the office. */
function canEvaluate(p: Principal): boolean {
  return actsForOrganization(p) && (p.orgKind === 'bureau' || p.orgKind === 'office')
}

function canSeeAll(p: Principal): boolean {
  return actsForOrganization(p) && ['bureau', 'office', 'regulator', 'operator'].includes(p.orgKind)
}

export function evaluationCriteria() {
  return { criteria: EVALUATION_CRITERIA, ratings: [{ rating: 'excellent', min: 90 }, { rating: 'good', min: 75 }, { rating: 'fair', min: 60 }, { rating: 'poor', min: 0 }] }
}

/** Evaluates the operator or a developer for a year that has ended, from the records; once per year. */
export async function evaluate(platform: Platform, ctx: RequestContext, input: { subjectOrgId: string; year: number; note: string }): Promise<Evaluation> {
  const p = actingPrincipal(ctx)
  if (!canEvaluate(p)) throw new NotAllowedError('the data bureau or the office evaluates authorized operation (art. 33)')
  const { db } = platform.store
  const subject = await db.selectFrom('organizations').select(['id', 'kind']).where('id', '=', input.subjectOrgId).executeTakeFirst()
  if (!subject || (subject.kind !== 'operator' && subject.kind !== 'developer')) throw new InputError(`${input.subjectOrgId} is not the operator or a developer`, [{ path: 'body.subjectOrgId', message: 'not evaluated' }])
  if (`${input.year}-12-31` >= chinaDate(platform.clock())) throw new InputError(`${input.year} has not ended: evaluate a past year`, [{ path: 'body.year', message: 'not ended' }])
  const from = `${input.year}-01-01T00:00:00+08:00`
  const to = `${input.year}-12-31T23:59:59.999+08:00`
  const agreements = await db.selectFrom('agreements').select(['id', 'workspace_id', 'status', 'rectification_deadline']).where(subject.kind === 'operator' ? 'operator_org_id' : 'developer_org_id', '=', subject.id).execute()
  const workspaces = agreements.map((a) => a.workspace_id)
  const incidents = await db
    .selectFrom('incidents')
    .select(['severity'])
    // An escalation is the same incident reported on: counted once, as first reported.
    .where('escalated_from', 'is', null)
    .where('reported_at', '>=', from)
    .where('reported_at', '<=', to)
    .where((eb) => eb.or([eb('reporter_org_id', '=', subject.id), ...(workspaces.length ? [eb('workspace_id', 'in', workspaces)] : [])]))
    .execute()
  const runs = workspaces.length
    ? await db.selectFrom('query_runs').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('workspace_id', 'in', workspaces).where('mode', '<>', 'training').where('created_at', '>=', from).where('created_at', '<=', to).groupBy('status').execute()
    : []
  const suspensions = agreements.length
    ? await db.selectFrom('audit_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('event_type', '=', 'agreement.suspend').where('object_id', 'in', agreements.map((a) => a.id)).where('occurred_at', '>=', from).where('occurred_at', '<=', to).executeTakeFirst()
    : { n: 0 }
  const today = chinaDate(platform.clock())
  const products = await db.selectFrom('products').select('code').where(subject.kind === 'developer' ? 'developer_org_id' : 'code', subject.kind === 'developer' ? '=' : '<>', subject.kind === 'developer' ? subject.id : '').where('status', 'in', ['listed', 'suspended']).execute()
  let registered = 0
  for (const product of products) if (await registrationCodeOf(db, 'product', product.code)) registered++
  const plan = await db.selectFrom('emergency_plans').select('id').where('org_id', '=', subject.id).where('filed_at', '<=', to).executeTakeFirst()
  const evidence: EvaluationEvidence = {
    incidents: { severe: incidents.filter((i) => i.severity === 'major' || i.severity === 'especially-major').length, other: incidents.filter((i) => i.severity === 'general' || i.severity === 'significant').length },
    queries: { answered: Number(runs.find((r) => r.status === 'answered')?.n ?? 0), refused: Number(runs.find((r) => r.status === 'refused')?.n ?? 0) },
    suspensions: Number(suspensions?.n ?? 0),
    overdueRectifications: agreements.filter((a) => a.status === 'suspended' && a.rectification_deadline !== null && a.rectification_deadline < today).length,
    listedProducts: products.length,
    registeredProducts: registered,
    emergencyPlan: Boolean(plan),
  }
  const { scores, total, rating } = scoreEvaluation(evidence)
  const row: EvaluationRow = { id: newId('eva'), subject_org_id: subject.id, year: input.year, evidence: JSON.stringify(evidence), scores: JSON.stringify(scores), total, rating, note: input.note, evaluated_by: p.userId, evaluated_at: chinaTime(platform.clock()) }
  await db.transaction().execute(async (trx) => {
    const done = await trx.selectFrom('evaluations').select('id').where('subject_org_id', '=', subject.id).where('year', '=', input.year).executeTakeFirst()
    if (done) throw new ConflictError(`${subject.id} was evaluated for ${input.year} already (${done.id})`)
    await trx.insertInto('evaluations').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), { eventType: 'evaluation.record', objectType: 'evaluation', objectId: row.id, action: 'create', result: 'success', detail: { subject: subject.id, year: input.year, total, rating } })
  })
  return toEvaluation(row)
}

/** Evaluations: all for the bureau, the office, regulators and the operator; an organization its own. */
export async function listEvaluations(platform: Platform, ctx: RequestContext): Promise<Evaluation[]> {
  const p = actingPrincipal(ctx)
  if (!actsForOrganization(p)) throw new NotAllowedError('evaluations are read by members of an organization')
  let query = platform.store.db.selectFrom('evaluations').selectAll().orderBy('year', 'desc').orderBy('subject_org_id')
  if (!canSeeAll(p)) query = query.where('subject_org_id', '=', p.orgId)
  return (await query.execute()).map(toEvaluation)
}

export async function getEvaluation(platform: Platform, ctx: RequestContext, id: string): Promise<Evaluation> {
  const p = actingPrincipal(ctx)
  const row = await platform.store.db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || !actsForOrganization(p) || (!canSeeAll(p) && row.subject_org_id !== p.orgId)) throw new NotFoundError(`no evaluation ${id}`)
  return toEvaluation(row)
}
