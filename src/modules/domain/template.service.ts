import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { isOperatorOf } from '../authorizations/authorization.policy.ts'
import { getWorkspace, usableWorkspace } from '../authorizations/workspace.service.ts'
import { auditActor, type RequestContext } from '../identity/identity.service.ts'
import { analyze } from './gate/analyze.ts'
import type { QueryTemplateRow } from './query.table.ts'
import { answer, gateScope, parse, prepareRun, type QueryAnswer } from './query.service.ts'
import { bindParameters, checkValue, checkValues, type TemplateDecision, type TemplateParameter, type TemplateStatus } from './template.ts'

export interface QueryTemplate {
  readonly name: string
  readonly workspaceId: string
  readonly description: string
  readonly sql: string
  readonly parameters: readonly TemplateParameter[]
  readonly status: TemplateStatus
  readonly proposedAt: string
  readonly decidedAt: string | null
  readonly decisionNote: string | null
}

function toTemplate(row: QueryTemplateRow): QueryTemplate {
  return {
    name: row.name,
    workspaceId: row.workspace_id,
    description: row.description,
    sql: row.sql,
    parameters: JSON.parse(row.parameters) as TemplateParameter[],
    status: row.status as TemplateStatus,
    proposedAt: row.proposed_at,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
  }
}

/**
 * A developer proposes a template. It must already pass the gate with its example values (the
 * aggregation rule, whatever the workspace's own analysis rule), so the operator decides on a
 * query that can run.
 */
export async function proposeTemplate(
  platform: Platform,
  ctx: RequestContext,
  workspaceId: string,
  input: { name: string; description: string; sql: string; parameters: readonly TemplateParameter[] },
): Promise<QueryTemplate> {
  const workspace = await usableWorkspace(platform, ctx, workspaceId)
  const names = input.parameters.map((p) => p.name)
  if (new Set(names).size !== names.length) throw new InputError('parameter names must be distinct', [{ path: 'body.parameters', message: 'duplicate' }])
  const examples = new Map(input.parameters.map((p) => [p.name, checkValue(p, p.example)]))
  const tree = bindParameters(await parse(platform, input.sql), input.parameters, examples)
  analyze(tree, await gateScope(platform, workspace), { template: true })
  const row: QueryTemplateRow = {
    id: newId('tpl'),
    workspace_id: workspace.id,
    name: input.name,
    description: input.description,
    sql: input.sql,
    parameters: JSON.stringify(input.parameters),
    status: 'proposed',
    proposed_by: ctx.principal!.userId,
    proposed_at: chinaTime(platform.clock()),
    decided_by: null,
    decided_at: null,
    decision_note: null,
  }
  return platform.store.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('query_templates').select('status').where('workspace_id', '=', workspace.id).where('name', '=', input.name).executeTakeFirst()
    if (existing) throw new ConflictError(`workspace ${workspace.id} already has a template ${input.name} (${existing.status}): choose another name`)
    await trx.insertInto('query_templates').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'template.propose',
      objectType: 'query-template',
      objectId: `${workspace.id}/${input.name}`,
      action: 'create',
      result: 'success',
      detail: { sqlHash: platform.keys.suite.hashHex(input.sql), parameters: names },
    })
    return toTemplate(row)
  })
}

/** The operator of the workspace's agreement approves or rejects a proposed template. */
export async function decideTemplate(
  platform: Platform,
  ctx: RequestContext,
  workspaceId: string,
  name: string,
  input: { decision: TemplateDecision; note: string },
): Promise<QueryTemplate> {
  const p = ctx.principal!
  const workspace = await getWorkspace(platform, ctx, workspaceId)
  const agreement = await platform.store.db.selectFrom('agreements').select('operator_org_id').where('id', '=', workspace.agreementId).executeTakeFirstOrThrow()
  if (!isOperatorOf(p, agreement.operator_org_id)) throw new NotAllowedError('the operator approves the templates of its workspaces')
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('query_templates').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst()
    if (!row) throw new NotFoundError(`no template ${name} in ${workspaceId}`)
    if (row.status !== 'proposed') throw new ConflictError(`template ${name} is ${row.status} already`)
    const changes = { status: input.decision === 'approve' ? 'approved' : 'rejected', decided_by: p.userId, decided_at: chinaTime(platform.clock()), decision_note: input.note }
    await trx.updateTable('query_templates').set(changes).where('id', '=', row.id).where('status', '=', 'proposed').execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'template.decide',
      objectType: 'query-template',
      objectId: `${workspaceId}/${name}`,
      action: input.decision,
      result: 'success',
      reason: input.note.slice(0, 500),
    })
    return toTemplate({ ...row, ...changes })
  })
}

export async function listTemplates(platform: Platform, ctx: RequestContext, workspaceId: string): Promise<QueryTemplate[]> {
  const workspace = await getWorkspace(platform, ctx, workspaceId)
  const rows = await platform.store.db.selectFrom('query_templates').selectAll().where('workspace_id', '=', workspace.id).orderBy('name').execute()
  return rows.map(toTemplate)
}

/**
 * Runs an approved template with values: each checked against its declared type, list and range,
 * bound into the tree as a constant, then through the same gate, run and checks as any query.
 */
export async function runTemplate(
  platform: Platform,
  ctx: RequestContext,
  workspaceId: string,
  name: string,
  values: Readonly<Record<string, unknown>>,
  signal?: AbortSignal,
): Promise<QueryAnswer> {
  const run = await prepareRun(platform, ctx, workspaceId, { sql: '', mode: 'real' }, signal)
  const row = await platform.store.db.selectFrom('query_templates').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst()
  if (!row) throw new NotFoundError(`no template ${name} in ${workspaceId}`)
  const template = toTemplate(row)
  if (template.status !== 'approved') throw new ConflictError(`template ${name} is ${template.status}: only an approved template runs`)
  const bound = checkValues(template.parameters, values)
  // The run record keeps the template's name and the values with its SQL.
  const record = { sql: `-- template ${name} ${JSON.stringify(Object.fromEntries(bound))}\n${template.sql}`, mode: 'real' as const }
  return answer(platform, ctx, { ...run, record }, async () =>
    analyze(bindParameters(await parse(platform, template.sql), template.parameters, bound), await gateScope(platform, run.workspace, { imports: run.imports }), { template: true }),
  )
}
