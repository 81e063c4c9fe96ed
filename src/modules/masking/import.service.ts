import fs from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { createDataKey, destroyDataKey, openDataKey } from '../../platform/keys/keys.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { isOffice } from '../authorizations/authorization.policy.ts'
import { getWorkspace, usableWorkspace } from '../authorizations/workspace.service.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import { kAnonymityOf } from './deid.ts'
import { scanColumn } from './detectors.ts'
import {
  assertDeidentified,
  assertImportTransition,
  assessmentProblems,
  importIdentifiers,
  proposePlan,
  type ColumnScan,
  type DeidPlan,
  type ImportAssessment,
  type ImportSource,
  type ImportStatus,
} from './import.ts'
import type { ImportRow } from './masking.table.ts'
import { compileOperator, maskedKind, maskingKeys, needsKeys, type MaskingFunction } from './operators.ts'
import { COLUMN_NAME, parseRecords, recordObjects, type RecordColumn, type RecordFormat, type Records, type RecordValue } from './records.ts'
import { workspaceKey } from './workspace-key.ts'

/**
 * The import workflow (art. 20). Each import has two data keys of its own: one for the raw
 * upload, destroyed once the office approves (the raw data is then gone for good), and one for
 * the de-identified data the workspace uses. Rejecting or withdrawing an import destroys both
 * (crypto-shredding), deletes the files and records what was destroyed.
 */

export interface Import {
  readonly id: string
  readonly workspaceId: string
  readonly table: string
  readonly status: ImportStatus
  readonly source: ImportSource
  readonly fileName: string
  readonly rows: number
  readonly columns: readonly RecordColumn[]
  readonly scan: readonly ColumnScan[]
  /** The scan's proposal until the developer sets a plan, then that plan. */
  readonly plan: DeidPlan
  readonly planSet: boolean
  readonly assessment: (ImportAssessment & { readonly passes: boolean }) | null
  readonly createdBy: string
  readonly createdAt: string
  readonly submittedAt: string | null
  readonly decision: { readonly by: string; readonly at: string; readonly note: string } | null
  readonly destruction: Destruction | null
}

export interface Destruction {
  readonly at: string
  readonly by: string
  readonly reason: string
  /** The encrypted files deleted, by their SM3 hashes, and the keys destroyed. */
  readonly files: readonly { readonly part: FilePart; readonly hash: string }[]
  readonly keys: readonly string[]
}

const FILE_PARTS = ['raw', 'deidentified'] as const
type FilePart = (typeof FILE_PARTS)[number]

/** An approved import as the workspace's sealed copy and the gate see it. */
export interface ApprovedImport {
  readonly id: string
  readonly table: string
  readonly columns: readonly RecordColumn[]
  readonly identifiers: readonly string[]
  readonly hash: string
}

/** Where a workspace keeps its imports (apart from the operator's import directory for pool loads). */
export function importsDir(platform: Platform, workspaceId: string): string {
  return path.join(platform.config.dataDir, 'workspaces', workspaceId, 'imports')
}

/** A part's file is named by its key: a new plan writes a new file, and a failed write leaves the old one in use. */
function fileOf(platform: Platform, row: Pick<ImportRow, 'id' | 'workspace_id'>, part: FilePart, keyId: string): string {
  return path.join(importsDir(platform, row.workspace_id), `${row.id}.${part}.${keyId}`)
}

/**
 * Deletes the import's files whose key is no longer live (replaced, destroyed, or never
 * committed): unreadable already, removed so nothing is left behind.
 */
async function removeStaleFiles(platform: Platform, row: Pick<ImportRow, 'id' | 'workspace_id'>): Promise<void> {
  const dir = importsDir(platform, row.workspace_id)
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.startsWith(`${row.id}.`)) : []
  const live = new Set<string>()
  for (const part of FILE_PARTS) {
    const id = await partKeyId(platform.store.db, row.id, part)
    if (id) live.add(`${row.id}.${part}.${id}`)
  }
  for (const name of names) if (!live.has(name)) fs.rmSync(path.join(dir, name), { force: true })
}

// ---------------------------------------------------------------------------- reading

function toImport(row: ImportRow): Import {
  const result = row.result ? (JSON.parse(row.result) as ImportAssessment & { passes: boolean }) : null
  const scan = JSON.parse(row.scan) as ColumnScan[]
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    table: row.table_name,
    status: row.status as ImportStatus,
    source: JSON.parse(row.source) as ImportSource,
    fileName: row.file_name,
    rows: row.row_count,
    columns: JSON.parse(row.columns) as RecordColumn[],
    scan,
    plan: row.plan ? (JSON.parse(row.plan) as DeidPlan) : proposePlan(scan),
    planSet: row.plan !== null,
    assessment: result,
    createdBy: row.created_by,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    decision: row.decided_by ? { by: row.decided_by, at: row.decided_at!, note: row.decision_note ?? '' } : null,
    destruction: row.destruction ? (JSON.parse(row.destruction) as Destruction) : null,
  }
}

async function importRow(db: Kysely<Database>, id: string): Promise<ImportRow> {
  const row = await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError(`no import ${id}`)
  return row
}

/** An import the caller may see: whoever may see its workspace. */
export async function getImport(platform: Platform, ctx: RequestContext, id: string): Promise<Import> {
  const row = await importRow(platform.store.db, id).catch(() => null)
  if (!row) throw new NotFoundError(`no import ${id}`)
  await getWorkspace(platform, ctx, row.workspace_id).catch(() => {
    throw new NotFoundError(`no import ${id}`)
  })
  return toImport(row)
}

export async function listImports(platform: Platform, ctx: RequestContext, workspaceId: string): Promise<Import[]> {
  await getWorkspace(platform, ctx, workspaceId)
  const rows = await platform.store.db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute()
  return rows.map(toImport)
}

/** The imports the office approved in a workspace: tables of its sealed copy. */
export async function approvedImports(db: Kysely<Database>, workspaceId: string): Promise<ApprovedImport[]> {
  const rows = await db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).where('status', '=', 'approved').orderBy('table_name').execute()
  return rows.map((row) => {
    const assessment = JSON.parse(row.result!) as ImportAssessment
    return { id: row.id, table: row.table_name, columns: assessment.columns, identifiers: importIdentifiers(JSON.parse(row.plan!) as DeidPlan), hash: row.deidentified_hash! }
  })
}

/** The de-identified records of an approved import, decrypted for the sealed copy. */
export async function approvedRecords(platform: Platform, approved: ApprovedImport): Promise<Records> {
  const row = await importRow(platform.store.db, approved.id)
  if (row.status !== 'approved') throw new ConflictError(`import ${row.id} is ${row.status}`)
  return readPart(platform, row, 'deidentified')
}

// ---------------------------------------------------------------------------- the developer

export interface NewImport {
  readonly table: string
  readonly source: ImportSource
  readonly fileName: string
  readonly format: RecordFormat
  readonly bytes: Buffer
}

/** Upload: the developer's file is read, scanned and stored encrypted; nothing can query it yet. */
export async function createImport(platform: Platform, ctx: RequestContext, workspaceId: string, input: NewImport): Promise<Import> {
  const p = actingPrincipal(ctx)
  const workspace = await usableWorkspace(platform, ctx, workspaceId)
  const { db } = platform.store
  assertTableName(input.table)
  const taken = await db.selectFrom('catalog_resources').select('code').where('table_name', '=', input.table).executeTakeFirst()
  if (taken || workspace.scope.some((t) => t.table === input.table)) {
    throw new InputError(`${input.table} is the name of a pool table: name the import something else`, [{ path: 'table', message: 'taken' }])
  }
  const records = parseRecords(input.bytes, input.format, input.fileName)
  if (records.rows.length === 0) throw new InputError(`${input.fileName} holds no records`)
  const scan = scanRecords(records)
  const id = newId('imp')
  const at = chinaTime(platform.clock())
  const row = { id, workspace_id: workspaceId }
  try {
    return await db.transaction().execute(async (trx) => {
      const live = await trx.selectFrom('imports').select('id').where('workspace_id', '=', workspaceId).where('table_name', '=', input.table).where('status', '<>', 'destroyed').executeTakeFirst()
      if (live) throw new ConflictError(`workspace ${workspaceId} already has an import named ${input.table} (${live.id}): withdraw it first or choose another name`)
      const rawHash = await writePart(platform, trx, row, 'raw', records, at)
      const values: ImportRow = {
        id,
        workspace_id: workspaceId,
        table_name: input.table,
        status: 'scanned',
        source: JSON.stringify(input.source),
        file_name: input.fileName.slice(0, 200),
        row_count: records.rows.length,
        columns: JSON.stringify(records.columns),
        scan: JSON.stringify(scan),
        plan: null,
        result: null,
        raw_hash: rawHash,
        deidentified_hash: null,
        created_by: p.userId,
        created_at: at,
        submitted_at: null,
        decided_by: null,
        decided_at: null,
        decision_note: null,
        destruction: null,
        updated_at: at,
      }
      await trx.insertInto('imports').values(values).execute()
      await appendAudit(trx, platform, auditActor(ctx), {
        eventType: 'import.upload',
        objectType: 'import',
        objectId: id,
        action: 'create',
        result: 'success',
        detail: {
          workspaceId,
          table: input.table,
          provider: input.source.provider,
          rows: records.rows.length,
          columns: records.columns.map((c) => c.name),
          personal: scan.filter((s) => s.personal).map((s) => s.column),
          rawHash,
        },
      })
      return toImport(values)
    })
  } finally {
    await removeStaleFiles(platform, row)
  }
}

function assertTableName(name: string): void {
  if (!COLUMN_NAME.test(name)) throw new InputError('an import\'s table name is lower snake case (a-z, 0-9, _; starting with a letter; at most 63)', [{ path: 'table', message: 'invalid name' }])
}

/**
 * The developer's de-identification plan, applied to the raw upload at once: the result is
 * rescanned and checked for k-anonymity, so the developer sees what the office will see.
 */
export async function setImportPlan(platform: Platform, ctx: RequestContext, id: string, plan: DeidPlan): Promise<Import> {
  const row = await developerImport(platform, ctx, id)
  assertImportTransition(id, row.status as ImportStatus, 'planned')
  const raw = await readPart(platform, row, 'raw')
  assertPlanFits(plan, raw, platform.pack.params.importMinK)
  const keys = Object.values(plan.columns).some((a) => a.action === 'mask' && needsKeys(a.operator)) ? maskingKeys(await workspaceKey(platform, row.workspace_id)) : undefined
  const { records, assessment } = deidentify(raw, plan, keys, platform.pack.params.importMinK)
  const at = chinaTime(platform.clock())
  try {
    return await platform.store.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('imports').select('status').where('id', '=', id).executeTakeFirstOrThrow()
      assertImportTransition(id, current.status as ImportStatus, 'planned')
      const hash = await writePart(platform, trx, row, 'deidentified', records, at)
      const changes = { status: 'planned', plan: JSON.stringify(plan), result: JSON.stringify(assessment), deidentified_hash: hash, updated_at: at }
      await trx.updateTable('imports').set(changes).where('id', '=', id).where('status', '=', current.status).execute()
      await appendAudit(trx, platform, auditActor(ctx), {
        eventType: 'import.plan',
        objectType: 'import',
        objectId: id,
        action: 'update',
        result: 'success',
        detail: {
          columns: Object.fromEntries(Object.entries(plan.columns).map(([c, a]) => [c, a.action === 'mask' ? a.operator.kind : a.action])),
          quasiIdentifiers: plan.quasiIdentifiers,
          k: plan.k,
          passes: assessment.passes,
          rows: assessment.rows,
          suppressed: assessment.kAnonymity.suppressed,
          deidentifiedHash: hash,
        },
      })
      return toImport({ ...row, ...changes })
    })
  } finally {
    await removeStaleFiles(platform, row)
  }
}

/** Every column decided, quasi-identifiers and identifiers among the kept columns, k at least the pack's. */
function assertPlanFits(plan: DeidPlan, raw: Records, minK: number): void {
  const names = raw.columns.map((c) => c.name)
  const undecided = names.filter((n) => !(n in plan.columns))
  if (undecided.length > 0) throw new InputError(`the plan decides nothing for ${undecided.join(', ')}: keep, drop or mask each column`, [{ path: 'body.columns', message: 'missing columns' }])
  const unknown = Object.keys(plan.columns).filter((n) => !names.includes(n))
  if (unknown.length > 0) throw new InputError(`the upload has no column ${unknown.join(', ')}`, [{ path: 'body.columns', message: 'unknown columns' }])
  for (const [i, qi] of plan.quasiIdentifiers.entries()) {
    if (!names.includes(qi) || plan.columns[qi]!.action === 'drop') throw new InputError(`quasi-identifier ${qi} is not a kept column`, [{ path: `body.quasiIdentifiers.${i}`, message: 'not a kept column' }])
  }
  for (const [i, name] of plan.identifiers.entries()) {
    if (!names.includes(name) || plan.columns[name]!.action === 'drop') throw new InputError(`identifier ${name} is not a kept column`, [{ path: `body.identifiers.${i}`, message: 'not a kept column' }])
  }
  if (plan.k < minK) throw new RuleViolation('art20.import-deidentified-and-approved', `k is ${plan.k}; an import must be at least ${minK}-anonymous (the pack's importMinK)`)
  for (const column of raw.columns) {
    const action = plan.columns[column.name]!
    if (action.action !== 'mask') continue
    try {
      maskedKind(action.operator, column.kind)
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`${column.name}: ${error.message}`, [{ path: `body.columns.${column.name}`, message: 'does not apply to this column' }])
      throw error
    }
  }
}

/**
 * Applies the plan: columns masked or dropped, then the records of classes smaller than k
 * suppressed (removed) when they fit the limit; the result is rescanned for identifiers.
 */
export function deidentify(raw: Records, plan: DeidPlan, keys: ReturnType<typeof maskingKeys> | undefined, minK: number): { records: Records; assessment: ImportAssessment & { passes: boolean } } {
  type Kept = { column: RecordColumn; i: number; fn: MaskingFunction | null }
  const kept = raw.columns.flatMap((column, i): Kept[] => {
    const action = plan.columns[column.name]!
    if (action.action === 'drop') return []
    if (action.action === 'keep') return [{ column, i, fn: null }]
    return [{ column: { name: column.name, kind: maskedKind(action.operator, column.kind) }, i, fn: compileOperator(action.operator, keys) }]
  })
  const masked: RecordValue[][] = raw.rows.map((row) => kept.map(({ i, fn }) => (fn ? toRecordValue(fn(row[i])) : (row[i] ?? null))))
  const columns = kept.map((k) => k.column)
  const objects = recordObjects({ columns, rows: masked })
  const kAnonymity = kAnonymityOf(objects, plan.quasiIdentifiers, plan.k, plan.suppressionLimit)
  const rows = kAnonymity.anonymous && kAnonymity.suppressed > 0 ? suppress(masked, columns, plan) : masked
  const records = { columns, rows }
  const residual = scanRecords(records, { strict: true }).filter((s) => s.personal)
  const assessment = { columns, residual, kAnonymity, rows: rows.length, problems: [] as string[] }
  const problems = assessmentProblems(assessment, minK)
  return { records, assessment: { ...assessment, problems, passes: problems.length === 0 } }
}

function toRecordValue(value: unknown): RecordValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return String(value)
}

/** Record suppression (GB/T 37964): the records of classes smaller than k are removed. */
function suppress(rows: readonly (readonly RecordValue[])[], columns: readonly RecordColumn[], plan: DeidPlan): RecordValue[][] {
  const at = plan.quasiIdentifiers.map((qi) => columns.findIndex((c) => c.name === qi))
  const key = (row: readonly RecordValue[]) => JSON.stringify(at.map((i) => row[i] ?? null))
  const sizes = new Map<string, number>()
  for (const row of rows) sizes.set(key(row), (sizes.get(key(row)) ?? 0) + 1)
  return rows.filter((row) => sizes.get(key(row))! >= plan.k).map((row) => [...row])
}

/** The developer hands the import to the office; only a plan that passes its checks can go. */
export async function submitImport(platform: Platform, ctx: RequestContext, id: string): Promise<Import> {
  const row = await developerImport(platform, ctx, id)
  assertImportTransition(id, row.status as ImportStatus, 'submitted')
  assertDeidentified(JSON.parse(row.result!) as ImportAssessment, platform.pack.params.importMinK)
  const at = chinaTime(platform.clock())
  return transition(platform, ctx, row, 'submitted', { submitted_at: at }, { eventType: 'import.submit', action: 'submit' })
}

/** The developer withdraws an import at any point: it is destroyed. */
export async function withdrawImport(platform: Platform, ctx: RequestContext, id: string, reason: string): Promise<Import> {
  const row = await developerImport(platform, ctx, id, { evenIfClosed: true })
  return destroyImport(platform, ctx, row, `withdrawn by the developer: ${reason}`)
}

async function developerImport(platform: Platform, ctx: RequestContext, id: string, options: { evenIfClosed?: boolean } = {}): Promise<ImportRow> {
  const row = await importRow(platform.store.db, id).catch(() => null)
  if (!row) throw new NotFoundError(`no import ${id}`)
  if (options.evenIfClosed) {
    const p = actingPrincipal(ctx)
    const workspace = await getWorkspace(platform, ctx, row.workspace_id).catch(() => null)
    if (!workspace) throw new NotFoundError(`no import ${id}`)
    if (p.orgKind !== 'developer' || p.orgId !== workspace.developerOrgId || !workspace.members.some((m) => m.userId === p.userId)) {
      throw new NotAllowedError(`only the members of workspace ${row.workspace_id} manage its imports`)
    }
  } else {
    await usableWorkspace(platform, ctx, row.workspace_id).catch((error: unknown) => {
      throw error instanceof NotFoundError ? new NotFoundError(`no import ${id}`) : error
    })
  }
  return row
}

// ---------------------------------------------------------------------------- the office

export const IMPORT_DECISIONS = ['approve', 'return', 'reject'] as const
export type ImportDecision = (typeof IMPORT_DECISIONS)[number]

/**
 * The office decides (art. 20): approve (checked again here: the rescan must find no person's
 * identifier and k-anonymity must hold), return for more de-identification, or reject, which
 * destroys the import.
 */
export async function decideImport(platform: Platform, ctx: RequestContext, id: string, input: { decision: ImportDecision; note: string }): Promise<Import> {
  const p = actingPrincipal(ctx)
  const row = await importRow(platform.store.db, id).catch(() => null)
  if (!row || !(await getWorkspace(platform, ctx, row.workspace_id).catch(() => null))) throw new NotFoundError(`no import ${id}`)
  if (!isOffice(p)) throw new NotAllowedError('the coordination office approves imports of social data (art. 20)')
  if (input.decision === 'reject') {
    assertImportTransition(id, row.status as ImportStatus, 'destroyed')
    if (row.status !== 'submitted') throw new ConflictError(`import ${id} is ${row.status}: the office decides submitted imports only`)
    return destroyImport(platform, ctx, row, `rejected by the office: ${input.note}`, { decided_by: p.userId, decided_at: chinaTime(platform.clock()), decision_note: input.note })
  }
  const to: ImportStatus = input.decision === 'approve' ? 'approved' : 'returned'
  assertImportTransition(id, row.status as ImportStatus, to)
  const at = chinaTime(platform.clock())
  const decided = { decided_by: p.userId, decided_at: at, decision_note: input.note }
  if (to === 'returned') return transition(platform, ctx, row, 'returned', decided, { eventType: 'import.return', action: 'return', reason: input.note })
  // Fail closed: what the office approves is what is stored, checked again now.
  const records = await readPart(platform, row, 'deidentified')
  const plan = JSON.parse(row.plan!) as DeidPlan
  const residual = scanRecords(records, { strict: true }).filter((s) => s.personal)
  const kAnonymity = kAnonymityOf(recordObjects(records), plan.quasiIdentifiers, plan.k, plan.suppressionLimit)
  assertDeidentified({ columns: records.columns, residual, kAnonymity, rows: records.rows.length, problems: [] }, platform.pack.params.importMinK)
  const approved = await transition(platform, ctx, row, 'approved', decided, { eventType: 'import.approve', action: 'approve', reason: input.note }, async (trx) => {
    // The raw upload is no longer needed: its key is destroyed with the approval.
    const rawKey = await partKeyId(trx, row.id, 'raw')
    if (rawKey) await destroyDataKey(trx, rawKey, p.userId, at)
  })
  await removeStaleFiles(platform, row)
  return approved
}

// ---------------------------------------------------------------------------- transitions and destruction

async function transition(
  platform: Platform,
  ctx: RequestContext,
  row: ImportRow,
  to: ImportStatus,
  changes: Partial<ImportRow>,
  audit: { eventType: string; action: string; reason?: string },
  more?: (trx: Kysely<Database>) => Promise<void>,
): Promise<Import> {
  const at = chinaTime(platform.clock())
  return platform.store.db.transaction().execute(async (trx) => {
    const set = { ...changes, status: to, updated_at: at }
    const result = await trx.updateTable('imports').set(set).where('id', '=', row.id).where('status', '=', row.status).executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw new ConflictError(`import ${row.id} changed meanwhile: reload it`)
    await more?.(trx)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: audit.eventType,
      objectType: 'import',
      objectId: row.id,
      action: audit.action,
      result: 'success',
      ...(audit.reason ? { reason: audit.reason.slice(0, 500) } : {}),
      detail: { workspaceId: row.workspace_id, table: row.table_name, from: row.status, to },
    })
    return toImport({ ...row, ...set })
  })
}

/**
 * Destruction (art. 20, 31): the import's keys are destroyed in the same transaction as its new
 * status, so its files are unreadable from that moment; then the files are deleted. The record
 * names the files by their hashes and the keys by their ids.
 */
async function destroyImport(platform: Platform, ctx: RequestContext, row: ImportRow, reason: string, changes: Partial<ImportRow> = {}): Promise<Import> {
  assertImportTransition(row.id, row.status as ImportStatus, 'destroyed')
  const p = actingPrincipal(ctx)
  const at = chinaTime(platform.clock())
  const files = [
    ...(row.status !== 'approved' && row.status !== 'destroyed' ? [{ part: 'raw' as const, hash: row.raw_hash }] : []),
    ...(row.deidentified_hash ? [{ part: 'deidentified' as const, hash: row.deidentified_hash }] : []),
  ]
  const destroyed = await transition(platform, ctx, row, 'destroyed', changes, { eventType: 'import.destroy', action: 'destroy', reason }, async (trx) => {
    const keys: string[] = []
    for (const part of FILE_PARTS) {
      const id = await partKeyId(trx, row.id, part)
      if (!id) continue
      await destroyDataKey(trx, id, p.userId, at)
      keys.push(id)
    }
    const destruction: Destruction = { at, by: p.userId, reason, files, keys }
    await trx.updateTable('imports').set({ destruction: JSON.stringify(destruction) }).where('id', '=', row.id).execute()
  })
  await removeStaleFiles(platform, row)
  return { ...destroyed, destruction: (await getDestruction(platform.store.db, row.id))! }
}

/**
 * Destroys every import of a workspace that is being destroyed (art. 31), inside the caller's
 * transaction: each one's keys destroyed, its status destroyed, its record of destruction
 * written and audited. The caller deletes the files (the whole workspace directory) after commit.
 */
export async function destroyWorkspaceImports(trx: Kysely<Database>, platform: Platform, ctx: RequestContext, workspaceId: string, reason: string, at: string): Promise<{ id: string; keys: string[] }[]> {
  const p = actingPrincipal(ctx)
  const rows = await trx.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).where('status', '<>', 'destroyed').orderBy('id').execute()
  const destroyed: { id: string; keys: string[] }[] = []
  for (const row of rows) {
    assertImportTransition(row.id, row.status as ImportStatus, 'destroyed')
    const keys: string[] = []
    for (const part of FILE_PARTS) {
      const id = await partKeyId(trx, row.id, part)
      if (!id) continue
      await destroyDataKey(trx, id, p.userId, at)
      keys.push(id)
    }
    const files = [
      ...(row.status !== 'approved' ? [{ part: 'raw' as const, hash: row.raw_hash }] : []),
      ...(row.deidentified_hash ? [{ part: 'deidentified' as const, hash: row.deidentified_hash }] : []),
    ]
    const destruction: Destruction = { at, by: p.userId, reason, files, keys }
    const result = await trx
      .updateTable('imports')
      .set({ status: 'destroyed', destruction: JSON.stringify(destruction), updated_at: at })
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw new ConflictError(`import ${row.id} changed meanwhile: try again`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'import.destroy',
      objectType: 'import',
      objectId: row.id,
      action: 'destroy',
      result: 'success',
      reason: reason.slice(0, 500),
      detail: { workspaceId, table: row.table_name, from: row.status, to: 'destroyed', keys },
    })
    destroyed.push({ id: row.id, keys })
  }
  return destroyed
}

async function getDestruction(db: Kysely<Database>, id: string): Promise<Destruction | null> {
  const row = await db.selectFrom('imports').select('destruction').where('id', '=', id).executeTakeFirst()
  return row?.destruction ? (JSON.parse(row.destruction) as Destruction) : null
}

// ---------------------------------------------------------------------------- encrypted files

const KEY_PURPOSE: Record<FilePart, string> = { raw: 'import-raw', deidentified: 'import-deidentified' }

async function partKeyId(db: Kysely<Database>, importId: string, part: FilePart): Promise<string | undefined> {
  const row = await db
    .selectFrom('data_keys')
    .select('id')
    .where('purpose', '=', KEY_PURPOSE[part])
    .where('owner_type', '=', 'import')
    .where('owner_id', '=', importId)
    .where('wrapped_key', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  return row?.id
}

function aad(importId: string, part: FilePart): Buffer {
  return Buffer.from(`shuyu/import/${importId}/${part}`)
}

/**
 * Encrypts records under a new key for the part (a new plan replaces the de-identified data and
 * destroys its old key) and writes the file atomically; returns the SM3 hash of the ciphertext.
 */
async function writePart(platform: Platform, trx: Kysely<Database>, row: Pick<ImportRow, 'id' | 'workspace_id'>, part: FilePart, records: Records, at: string): Promise<string> {
  const old = await partKeyId(trx, row.id, part)
  if (old) await destroyDataKey(trx, old, 'system', at)
  const { id: keyId, key } = await createDataKey(trx, platform.keys, { purpose: KEY_PURPOSE[part], ownerType: 'import', ownerId: row.id }, at)
  const sealed = platform.keys.suite.encrypt(key, Buffer.from(JSON.stringify(records), 'utf8'), aad(row.id, part))
  const file = fileOf(platform, row, part, keyId)
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const temp = `${file}.${newId('tmp')}`
  fs.writeFileSync(temp, sealed, { mode: 0o600 })
  fs.renameSync(temp, file)
  return platform.keys.suite.hashHex(sealed)
}

async function readPart(platform: Platform, row: Pick<ImportRow, 'id' | 'workspace_id'>, part: FilePart): Promise<Records> {
  const keyId = await partKeyId(platform.store.db, row.id, part)
  if (!keyId) throw new ConflictError(`the ${part} data of import ${row.id} was destroyed`)
  const key = await openDataKey(platform.store.db, platform.keys, keyId)
  const sealed = fs.readFileSync(fileOf(platform, row, part, keyId))
  return JSON.parse(platform.keys.suite.decrypt(key, sealed, aad(row.id, part)).toString('utf8')) as Records
}

// ---------------------------------------------------------------------------- scanning

/** Types validated by a check digit or a strict format: one value in a column is one too many after de-identification. */
const STRONG_TYPES: ReadonlySet<string> = new Set(['resident_id', 'mobile', 'bank_card', 'passport', 'email'])

/**
 * Scans every column of a set of records for identifiers. `strict` (the rescan of de-identified
 * data) reads every value, up to 100,000, and counts one validated identifier of a person as a
 * finding; the first scan of an upload samples and flags what most values are.
 */
export function scanRecords(records: Records, options: { strict?: boolean } = {}): ColumnScan[] {
  const sampleSize = options.strict ? Math.min(100_000, Math.max(1, records.rows.length)) : undefined
  return records.columns.map((column, i) => {
    const finding = scanColumn(column.name, records.rows.map((row) => row[i]), sampleSize ? { sampleSize } : {})
    const findings = finding.matches
      .filter((m) => m.flagged || (options.strict && m.subject === 'person' && STRONG_TYPES.has(m.type) && m.containedShare > 0))
      .map((m) => ({ type: m.type, share: Math.max(m.share, m.containedShare), personal: m.subject === 'person' }))
    return { column: column.name, kind: column.kind, findings, personal: findings.some((f) => f.personal) }
  })
}
