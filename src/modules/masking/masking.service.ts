import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { InputError, NotAllowedError } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { isOperatorOf } from '../authorizations/authorization.policy.ts'
import { getWorkspace } from '../authorizations/workspace.service.ts'
import type { Workspace } from '../authorizations/workspace.ts'
import type { FieldType } from '../catalog/catalog.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import { approvedImports, type ApprovedImport } from './import.service.ts'
import { maskedKind, type ColumnKind, type MaskingOperator } from './operators.ts'
import type { ColumnMask } from './sealed-masking.ts'

/**
 * A workspace's masking policy (art. 19 安全脱敏): per column, the operator that replaces its
 * values in the workspace's sealed copy. The primary operator sets it; the developer, the office
 * and regulators see it. Keys never appear in it: keyed operators use the workspace's key.
 */

export interface MaskingRule {
  readonly table: string
  readonly column: string
  readonly operator: MaskingOperator
  readonly context?: string
  /** The column's kind before and after masking. */
  readonly kind: ColumnKind
  readonly maskedKind: ColumnKind
  readonly setBy: string
  readonly setAt: string
}

export interface MaskingPolicyView {
  readonly workspaceId: string
  readonly rules: readonly MaskingRule[]
}

export interface MaskingRuleInput {
  readonly table: string
  readonly column: string
  readonly operator: MaskingOperator
  readonly context?: string | undefined
}

const KIND_OF_FIELD_TYPE: Readonly<Record<FieldType, ColumnKind>> = {
  string: 'text',
  integer: 'integer',
  decimal: 'number',
  date: 'date',
  timestamp: 'timestamp',
  boolean: 'boolean',
}

export function columnKindOf(type: FieldType): ColumnKind {
  return KIND_OF_FIELD_TYPE[type]
}

/** The masks of a workspace, per table, as the sealed copy applies them. */
export async function workspaceMasks(db: Kysely<Database>, workspace: Workspace, imports?: readonly ApprovedImport[]): Promise<Map<string, ColumnMask[]>> {
  const rows = await db.selectFrom('masking_rules').selectAll().where('workspace_id', '=', workspace.id).orderBy('table_name').orderBy('column_name').execute()
  if (rows.length === 0) return new Map()
  const columns = await columnsOf(db, workspace, imports)
  const byTable = new Map<string, ColumnMask[]>()
  for (const row of rows) {
    const kind = columns.get(row.table_name)?.get(row.column_name)
    // A rule on a column the scope no longer grants masks nothing: the column is not copied.
    if (!kind) continue
    const mask: ColumnMask = { column: row.column_name, operator: JSON.parse(row.operator) as MaskingOperator, kind, ...(row.context_column ? { context: row.context_column } : {}) }
    byTable.set(row.table_name, [...(byTable.get(row.table_name) ?? []), mask])
  }
  return byTable
}

/** Every column the workspace's sealed copy holds, with its kind: granted pool columns and approved imports. */
async function columnsOf(db: Kysely<Database>, workspace: Workspace, imports?: readonly ApprovedImport[]): Promise<Map<string, Map<string, ColumnKind>>> {
  const tables = new Map<string, Map<string, ColumnKind>>()
  for (const t of workspace.scope) tables.set(t.table, new Map(t.fields.map((f) => [f.name, columnKindOf(f.dataType as FieldType)])))
  for (const i of imports ?? (await approvedImports(db, workspace.id))) tables.set(i.table, new Map(i.columns.map((c) => [c.name, c.kind])))
  return tables
}

export async function getMaskingPolicy(platform: Platform, ctx: RequestContext, workspaceId: string): Promise<MaskingPolicyView> {
  const workspace = await getWorkspace(platform, ctx, workspaceId)
  return policyView(platform.store.db, workspace)
}

async function policyView(db: Kysely<Database>, workspace: Workspace): Promise<MaskingPolicyView> {
  const rows = await db.selectFrom('masking_rules').selectAll().where('workspace_id', '=', workspace.id).orderBy('table_name').orderBy('column_name').execute()
  const columns = await columnsOf(db, workspace)
  return {
    workspaceId: workspace.id,
    rules: rows.map((row) => {
      const operator = JSON.parse(row.operator) as MaskingOperator
      const kind = columns.get(row.table_name)?.get(row.column_name) ?? 'text'
      return {
        table: row.table_name,
        column: row.column_name,
        operator,
        ...(row.context_column ? { context: row.context_column } : {}),
        kind,
        maskedKind: maskedKind(operator, kind),
        setBy: row.set_by,
        setAt: row.set_at,
      }
    }),
  }
}

/**
 * Replaces the workspace's masking policy. Only the operator of its agreement sets it; every
 * rule names a column the workspace holds and an operator that applies to that column's kind.
 */
export async function setMaskingPolicy(platform: Platform, ctx: RequestContext, workspaceId: string, rules: readonly MaskingRuleInput[]): Promise<MaskingPolicyView> {
  const p = actingPrincipal(ctx)
  const { db } = platform.store
  const workspace = await getWorkspace(platform, ctx, workspaceId)
  const agreement = await db.selectFrom('agreements').select('operator_org_id').where('id', '=', workspace.agreementId).executeTakeFirstOrThrow()
  if (!isOperatorOf(p, agreement.operator_org_id)) throw new NotAllowedError('the primary operator sets the masking policy of its workspaces (art. 19)')
  const columns = await columnsOf(db, workspace)
  const seen = new Set<string>()
  for (const [i, rule] of rules.entries()) {
    const path = `body.rules.${i}`
    const table = columns.get(rule.table)
    if (!table) throw new InputError(`workspace ${workspaceId} holds no table ${rule.table}`, [{ path: `${path}.table`, message: 'not in the workspace' }])
    const kind = table.get(rule.column)
    if (!kind) throw new InputError(`${rule.table} has no column ${rule.column} granted in workspace ${workspaceId}`, [{ path: `${path}.column`, message: 'not in the workspace' }])
    const key = `${rule.table}.${rule.column}`
    if (seen.has(key)) throw new InputError(`${key} has two rules: one operator per column`, [{ path, message: 'duplicate' }])
    seen.add(key)
    try {
      maskedKind(rule.operator, kind)
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`${key}: ${error.message}`, [{ path: `${path}.operator`, message: 'does not apply to this column' }])
      throw error
    }
    if (rule.context !== undefined) {
      if (rule.operator.kind !== 'date-shift') throw new InputError(`${key}: a context column is for date-shift only`, [{ path: `${path}.context`, message: 'unexpected' }])
      if (!table.has(rule.context) || rule.context === rule.column) throw new InputError(`${key}: the context must be another column of ${rule.table}`, [{ path: `${path}.context`, message: 'unknown column' }])
    }
  }
  const at = chinaTime(platform.clock())
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('masking_rules').select(['table_name', 'column_name', 'operator']).where('workspace_id', '=', workspaceId).execute()
    await trx.deleteFrom('masking_rules').where('workspace_id', '=', workspaceId).execute()
    if (rules.length > 0) {
      await trx
        .insertInto('masking_rules')
        .values(
          rules.map((r) => ({
            workspace_id: workspaceId,
            table_name: r.table,
            column_name: r.column,
            operator: JSON.stringify(r.operator),
            context_column: r.context ?? null,
            set_by: p.userId,
            set_at: at,
          })),
        )
        .execute()
    }
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'masking.set',
      objectType: 'workspace',
      objectId: workspaceId,
      action: 'update',
      result: 'success',
      detail: {
        before: before.map((r) => ({ column: `${r.table_name}.${r.column_name}`, operator: (JSON.parse(r.operator) as MaskingOperator).kind })),
        after: rules.map((r) => ({ column: `${r.table}.${r.column}`, operator: r.operator.kind })),
      },
    })
  })
  return policyView(db, workspace)
}
