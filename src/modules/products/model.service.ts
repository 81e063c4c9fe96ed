import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotFoundError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { getWorkspace, usableWorkspace } from '../authorizations/workspace.service.ts'
import { parse, rowsInDomain } from '../domain/query.service.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import { resourcesOf, type ResourceSource } from './lineage.ts'
import { trainModel, type ModelKind, type ModelOptions, type TrainedModel } from './model.ts'
import { assessRelease, type ReleaseAssessment } from './model-release.ts'
import type { ModelRow } from './product.table.ts'

/**
 * Modeling inside the domain (算法建模, art. 19): the developer names the training rows with a
 * SELECT over its workspace; the rows are read in the sealed copy and never leave it. What comes
 * back is the model's metrics and, only when the release checks pass (art. 21), its parameters.
 */

/** Training reads at most this many rows: a model here is fitted in the server's memory. */
export const MAX_TRAINING_ROWS = 200_000

export interface TrainingSpec {
  readonly sql: string
  readonly target: string
  readonly features: readonly string[]
  readonly seed: number
  readonly options: ModelOptions
  readonly sources: readonly ResourceSource[]
}

export interface ModelView {
  readonly id: string
  readonly workspaceId: string
  readonly name: string
  readonly kind: ModelKind
  readonly target: string
  readonly features: readonly string[]
  readonly trainedOn: TrainedModel['trainedOn']
  readonly metrics: TrainedModel['metrics']
  readonly release: ReleaseAssessment
  /** The parameters, only for a model that may leave the domain; otherwise it is served inside only. */
  readonly model: TrainedModel | null
  readonly sources: readonly ResourceSource[]
  readonly trainedBy: string
  readonly trainedAt: string
}

function toView(row: ModelRow): ModelView {
  const model = JSON.parse(row.model) as TrainedModel
  const spec = JSON.parse(row.spec) as TrainingSpec
  const release = JSON.parse(row.release) as ReleaseAssessment
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    kind: row.kind as ModelKind,
    target: spec.target,
    features: spec.features,
    trainedOn: model.trainedOn,
    metrics: model.metrics,
    release,
    model: row.releasable === 1 ? model : null,
    sources: spec.sources,
    trainedBy: row.trained_by,
    trainedAt: row.trained_at,
  }
}

export interface TrainInput {
  readonly name: string
  readonly kind: ModelKind
  readonly sql: string
  readonly target: string
  readonly features: readonly string[]
  readonly seed?: number | undefined
  /** The share of rows held out for the test metrics (default 0.2). */
  readonly testShare?: number | undefined
  readonly options?: ModelOptions | undefined
}

/** Trains a model on rows read in the workspace's sealed copy; records the run and the model. */
export async function trainInWorkspace(platform: Platform, ctx: RequestContext, workspaceId: string, input: TrainInput): Promise<ModelView> {
  const p = actingPrincipal(ctx)
  const workspace = await usableWorkspace(platform, ctx, workspaceId)
  const { db } = platform.store
  const taken = await db.selectFrom('models').select('id').where('workspace_id', '=', workspaceId).where('name', '=', input.name).executeTakeFirst()
  if (taken) throw new ConflictError(`workspace ${workspaceId} already has a model named ${input.name}`)
  const started = performance.now()
  const tree = await parse(platform, input.sql)
  const read = await rowsInDomain(platform, workspace, tree, MAX_TRAINING_ROWS)
  if (read.truncated) throw new InputError(`the training query returns more than ${MAX_TRAINING_ROWS} rows: sample or aggregate it in SQL first`)
  const records = read.rows.map((row) => Object.fromEntries(read.columns.map((c, i) => [c, trainingValue(row[i])])))
  const seed = input.seed ?? 1
  const options = input.options ?? {}
  const model = trainModel(input.kind, { rows: records, target: input.target, features: input.features, options }, { seed, ...(input.testShare !== undefined ? { testShare: input.testShare } : {}) })
  const release = assessRelease(model, records, { seed })
  const sources = await resourcesOf(db, workspace, read.tables)
  const id = newId('mdl')
  const runId = newId('run')
  const at = chinaTime(platform.clock())
  const spec: TrainingSpec = { sql: input.sql, target: input.target, features: input.features, seed, options, sources }
  const row: ModelRow = {
    id,
    workspace_id: workspaceId,
    name: input.name,
    kind: input.kind,
    spec: JSON.stringify(spec),
    model: JSON.stringify(model),
    release: JSON.stringify(release),
    releasable: release.releasable ? 1 : 0,
    training_run_id: runId,
    trained_by: p.userId,
    trained_at: at,
  }
  await db.transaction().execute(async (trx) => {
    // The read is a run of the domain like any query: recorded, with nothing released.
    await trx
      .insertInto('query_runs')
      .values({
        id: runId,
        workspace_id: workspaceId,
        user_id: p.userId,
        mode: 'training',
        sql: input.sql,
        status: 'answered',
        rule: null,
        message: null,
        tables: JSON.stringify(read.tables),
        checks: JSON.stringify(release.findings),
        rows_released: 0,
        rows_withheld: 0,
        cells_suppressed: 0,
        result_hash: null,
        epsilon_spent: 0,
        duration_ms: Math.round(performance.now() - started),
        created_at: at,
      })
      .execute()
    await trx.insertInto('models').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'model.train',
      objectType: 'model',
      objectId: id,
      action: 'create',
      result: 'success',
      detail: {
        workspaceId,
        runId,
        kind: input.kind,
        name: input.name,
        sqlHash: platform.keys.suite.hashHex(input.sql),
        rows: model.trainedOn.rows,
        parameters: model.parameters,
        releasable: release.releasable,
        failed: release.findings.filter((f) => f.status === 'fail').map((f) => f.check),
        tables: read.tables,
      },
    })
  })
  return toView(row)
}

/** Values as the trainer reads them: numbers, text or null. */
function trainingValue(value: unknown): number | string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return String(value)
}

export async function listModels(platform: Platform, ctx: RequestContext, workspaceId: string): Promise<ModelView[]> {
  await getWorkspace(platform, ctx, workspaceId)
  const rows = await platform.store.db.selectFrom('models').selectAll().where('workspace_id', '=', workspaceId).orderBy('trained_at').orderBy('id').execute()
  return rows.map(toView)
}

export async function getModel(platform: Platform, ctx: RequestContext, id: string): Promise<ModelView> {
  const row = await modelRow(platform.store.db, id)
  await getWorkspace(platform, ctx, row.workspace_id).catch(() => {
    throw new NotFoundError(`no model ${id}`)
  })
  return toView(row)
}

export async function modelRow(db: Kysely<Database>, id: string): Promise<ModelRow> {
  const row = await db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError(`no model ${id}`)
  return row
}

/** The stored model with its parameters, for use inside the domain only (serving an API product). */
export function trainedModelOf(row: ModelRow): { model: TrainedModel; spec: TrainingSpec; release: ReleaseAssessment } {
  return { model: JSON.parse(row.model) as TrainedModel, spec: JSON.parse(row.spec) as TrainingSpec, release: JSON.parse(row.release) as ReleaseAssessment }
}
