import { randomInt } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { canSeeAllAgreements, isDeveloperOf } from '../authorizations/authorization.policy.ts'
import { usableWorkspace, getWorkspace } from '../authorizations/workspace.service.ts'
import type { Workspace } from '../authorizations/workspace.ts'
import { parse } from '../domain/query.service.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import { actsForOrganization, hasRole, type Principal } from '../identity/identity.ts'
import { assertWithinPriceCap, chargedPricing } from '../ledger/ledger.service.ts'
import { registrationCodeOf } from '../registration/registration.service.ts'
import { dataGradeOf, needsTwoReviewers, referencedColumns, resourcesOf, type ProductSources } from './lineage.ts'
import { modelRow, trainedModelOf } from './model.service.ts'
import { assertProductTransition, isPublicProduct, PRODUCT_KINDS, type ProductKind, type ProductStatus } from './product.ts'
import type { ProductRow } from './product.table.ts'
import { reviewFindings, unlistedProducts, type ReviewFinding } from './review-checks.ts'
import { entityParameterTree, type ProductSpec, type ProductSpecInput } from './spec.ts'

/**
 * Data products (art. 3, 21, 25): declared in a workspace from what the domain recorded (runs,
 * models), checked automatically on submission, reviewed by the operator's reviewers, then
 * registered (art. 22) and listed.
 */

export interface ProductOutput {
  readonly name: string
  readonly description: string
}

export interface Product {
  readonly code: string
  readonly kind: ProductKind
  readonly name: string
  readonly description: string
  readonly scenarioCode: string
  readonly workspaceId: string
  readonly developerOrgId: string
  readonly status: ProductStatus
  /** Whole for its developer and those who oversee it; as sold for the others (outsiderView). */
  readonly spec: ProductSpec | OutsiderSpec
  readonly sources: ProductSources
  readonly outputs: readonly ProductOutput[]
  readonly perEntity: boolean
  readonly pricing: unknown
  readonly dataGrade: string
  readonly reviewersNeeded: number
  readonly checks: readonly ReviewFinding[] | null
  readonly reviews: readonly { readonly round: number; readonly reviewerId: string; readonly decision: string; readonly reasons: string; readonly at: string }[]
  readonly registrationCode: string | null
  readonly createdAt: string
  readonly submittedAt: string | null
}

async function toProduct(db: Kysely<Database>, row: ProductRow): Promise<Product> {
  const reviews = await db.selectFrom('product_reviews').selectAll().where('product_code', '=', row.code).orderBy('created_at').orderBy('id').execute()
  return {
    code: row.code,
    kind: row.kind as ProductKind,
    name: row.name,
    description: row.description,
    scenarioCode: row.scenario_code,
    workspaceId: row.workspace_id,
    developerOrgId: row.developer_org_id,
    status: row.status as ProductStatus,
    spec: publicSpec(JSON.parse(row.spec) as ProductSpec),
    sources: JSON.parse(row.sources) as ProductSources,
    outputs: JSON.parse(row.outputs) as ProductOutput[],
    perEntity: row.per_entity === 1,
    pricing: await chargedPricing(db, row.scenario_code, JSON.parse(row.pricing) as unknown),
    dataGrade: row.data_grade,
    reviewersNeeded: needsTwoReviewers(row.data_grade) ? 2 : 1,
    checks: row.checks ? (JSON.parse(row.checks) as ReviewFinding[]) : null,
    reviews: reviews.map((r) => ({ round: r.round, reviewerId: r.reviewer_id, decision: r.decision, reasons: r.reasons, at: r.created_at })),
    registrationCode: await registrationCodeOf(db, 'product', row.code),
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
  }
}

/** A dataset's rows are part of its spec; the listing shows how many, not the rows. */
function publicSpec(spec: ProductSpec): ProductSpec {
  if (spec.kind === 'dataset') return { ...spec, result: { columns: spec.result.columns, rows: [], rowCount: spec.result.rows.length } }
  return spec
}

// ---------------------------------------------------------------------------- who sees what

/** A product's spec as others see it: what it answers or holds, not the model, query or runs behind it. */
export type OutsiderSpec =
  | { readonly kind: 'api' | 'model' }
  | Omit<Extract<ProductSpec, { kind: 'dataset' }>, 'runId'>
  | Omit<Extract<ProductSpec, { kind: 'report' }>, 'runIds'>

/**
 * A listed product as a consumer or another developer sees it: the product as sold (its kind,
 * outputs, price, registration), not how it was made. The model, the feature query, the runs
 * behind it, the review's findings and reviewers are the developer's and the operator's (art. 25:
 * trade secrets); the resources it draws on stay, as the catalog and the register show them.
 */
function outsiderView(product: Product): Product {
  return { ...product, spec: outsiderSpec(product.spec), sources: { runs: [], models: [], resources: product.sources.resources }, checks: null, reviews: [] }
}

function outsiderSpec(spec: ProductSpec | OutsiderSpec): ProductSpec | OutsiderSpec {
  switch (spec.kind) {
    case 'api':
    case 'model':
      return { kind: spec.kind }
    case 'dataset':
      return { kind: spec.kind, result: spec.result }
    case 'report':
      return { kind: spec.kind, title: spec.title, body: spec.body }
    default:
      return spec
  }
}

function seesProductWhole(p: Principal, row: ProductRow): boolean {
  return canSeeAllAgreements(p) || isDeveloperOf(p, row.developer_org_id)
}

/** Listed products are public facts; the rest is seen by its developer and those who oversee it. */
function canSeeProduct(p: Principal, row: ProductRow): boolean {
  if (isPublicProduct(row.status)) return true
  return seesProductWhole(p, row)
}

export async function productRow(db: Kysely<Database>, code: string): Promise<ProductRow> {
  const row = await db.selectFrom('products').selectAll().where('code', '=', code).executeTakeFirst()
  if (!row) throw new NotFoundError(`no product ${code}`)
  return row
}

export async function getProduct(platform: Platform, ctx: RequestContext, code: string): Promise<Product> {
  const p = actingPrincipal(ctx)
  const row = await productRow(platform.store.db, code)
  if (!canSeeProduct(p, row)) throw new NotFoundError(`no product ${code}`)
  const product = await toProduct(platform.store.db, row)
  return seesProductWhole(p, row) ? product : outsiderView(product)
}

/** The products the caller may see: listed ones for everyone, its own or all for developers and overseers. */
export async function listProducts(platform: Platform, ctx: RequestContext, filter: { status?: ProductStatus | undefined; workspaceId?: string | undefined }): Promise<Product[]> {
  const p = actingPrincipal(ctx)
  const { db } = platform.store
  let query = db.selectFrom('products').selectAll().orderBy('created_at').orderBy('code')
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.workspaceId) query = query.where('workspace_id', '=', filter.workspaceId)
  const rows = (await query.execute()).filter((row) => canSeeProduct(p, row))
  return Promise.all(rows.map(async (row) => (seesProductWhole(p, row) ? toProduct(db, row) : outsiderView(await toProduct(db, row)))))
}

// ---------------------------------------------------------------------------- the developer

export interface DeclareProductInput {
  readonly kind: ProductKind
  readonly name: string
  readonly description: string
  readonly spec: ProductSpecInput
  readonly outputs: readonly ProductOutput[]
  readonly perEntity: boolean
  readonly pricing: unknown
}

/** A new draft product in the workspace; its sources and grade come from what it is built on. */
export async function declareProduct(platform: Platform, ctx: RequestContext, workspaceId: string, input: DeclareProductInput): Promise<Product> {
  const p = actingPrincipal(ctx)
  const workspace = await usableWorkspace(platform, ctx, workspaceId)
  const { db } = platform.store
  if (!(platform.pack.params.productKinds as readonly string[]).includes(input.kind) || !(PRODUCT_KINDS as readonly string[]).includes(input.kind)) {
    throw new RuleViolation('art03.product-kinds', `a product is a ${platform.pack.params.productKinds.join(', ')}, not ${input.kind}`)
  }
  if (input.spec.kind !== input.kind) throw new InputError(`the spec is for a ${input.spec.kind}, the product a ${input.kind}`, [{ path: 'body.spec.kind', message: 'mismatch' }])
  await assertPricingFitsPurpose(db, workspace, input.pricing)
  await assertWithinPriceCap(db, workspace.scenarioCode, input.pricing)
  const { spec, sources, tables, queries } = await resolveSpec(platform, workspace, input.spec)
  const perEntity = input.kind === 'api' && input.spec.kind === 'api' ? true : input.perEntity
  const trees = await Promise.all(queries.map((sql) => parse(platform, sql)))
  const grade = await dataGradeOf(db, workspace, tables, referencedColumns(trees))
  const at = chinaTime(platform.clock())
  const row: ProductRow = {
    code: productCode(platform),
    kind: input.kind,
    name: input.name,
    description: input.description,
    scenario_code: workspace.scenarioCode,
    workspace_id: workspaceId,
    agreement_id: workspace.agreementId,
    developer_org_id: workspace.developerOrgId,
    status: 'draft',
    spec: JSON.stringify(spec),
    sources: JSON.stringify(sources),
    outputs: JSON.stringify(input.outputs.length > 0 ? input.outputs : defaultOutputs(spec)),
    per_entity: perEntity ? 1 : 0,
    pricing: JSON.stringify(input.pricing),
    data_grade: grade.key,
    checks: null,
    created_by: p.userId,
    created_at: at,
    submitted_at: null,
    updated_at: at,
  }
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('products').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'product.declare',
      objectType: 'product',
      objectId: row.code,
      action: 'create',
      result: 'success',
      detail: { workspaceId, kind: input.kind, name: input.name, sources: sources.resources.map((r) => r.resourceCode), runs: sources.runs, models: sources.models, grade: grade.key },
    })
  })
  return toProduct(db, row)
}

/** Art. 6: public-interest scenarios use data free of charge; only industrial ones may be priced. */
async function assertPricingFitsPurpose(db: Kysely<Database>, workspace: Workspace, pricing: unknown): Promise<void> {
  const scenario = await db.selectFrom('scenarios').select(['code', 'purpose_type']).where('code', '=', workspace.scenarioCode).executeTakeFirst()
  const model = (pricing as { model?: string }).model
  if (scenario?.purpose_type === 'public_interest' && model !== 'free') {
    throw new RuleViolation('art06.use-purpose-pricing', `scenario ${scenario.code} serves the public interest: its products are free (pricing model "free")`)
  }
}

function productCode(platform: Platform): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'
  let tail = ''
  for (let i = 0; i < 6; i++) tail += alphabet[randomInt(alphabet.length)]
  return `PRD-${chinaDate(platform.clock()).slice(0, 4)}-${tail}`
}

function defaultOutputs(spec: ProductSpec): ProductOutput[] {
  switch (spec.kind) {
    case 'api':
      return [
        { name: 'score', description: '信用评分 credit score' },
        { name: 'grade', description: '信用等级 grade' },
      ]
    case 'dataset':
      return spec.result.columns.map((c) => ({ name: c, description: c }))
    default:
      return []
  }
}

/**
 * Checks what a spec names against the workspace's records and fills in what the platform
 * knows: a dataset's released rows (from the run it names, re-run through the gate and matched
 * by hash), a model's training sources, an API's feature query checked against the scope.
 */
async function resolveSpec(platform: Platform, workspace: Workspace, spec: ProductSpecInput): Promise<{ spec: ProductSpec; sources: ProductSources; tables: string[]; queries: string[] }> {
  const { db } = platform.store
  switch (spec.kind) {
    case 'api':
    case 'model': {
      const model = await modelRow(db, spec.modelId).catch(() => null)
      if (!model || model.workspace_id !== workspace.id) throw new InputError(`workspace ${workspace.id} has no model ${spec.modelId}`, [{ path: 'body.spec.modelId', message: 'unknown model' }])
      const { spec: training } = trainedModelOf(model)
      if (spec.kind === 'api') {
        // The feature query must parse and bind its $entity; its scope is checked at each call too.
        entityParameterTree(await parse(platform, spec.featureSql), 'SAMPLE')
      }
      const queries = spec.kind === 'api' ? [training.sql, spec.featureSql] : [training.sql]
      return { spec, sources: { runs: [model.training_run_id], models: [model.id], resources: training.sources }, tables: training.sources.map((s) => s.table), queries }
    }
    case 'dataset':
    case 'report': {
      const runIds = spec.kind === 'dataset' ? [spec.runId] : spec.runIds
      const tables: string[] = []
      const queries: string[] = []
      let result: { columns: string[]; rows: unknown[][] } | null = null
      for (const id of runIds) {
        const run = await db.selectFrom('query_runs').selectAll().where('id', '=', id).executeTakeFirst()
        if (!run || run.workspace_id !== workspace.id || run.status !== 'answered' || run.mode !== 'real' || !run.result) {
          throw new InputError(`${id} is not an answered real query of workspace ${workspace.id}`, [{ path: 'body.spec', message: 'unknown run' }])
        }
        tables.push(...(JSON.parse(run.tables) as string[]))
        queries.push(run.sql)
        result = JSON.parse(run.result) as { columns: string[]; rows: unknown[][] }
      }
      const resolved: ProductSpec = spec.kind === 'dataset' ? { ...spec, result: result! } : spec
      return { spec: resolved, sources: { runs: runIds, models: [], resources: await resourcesOf(db, workspace, tables) }, tables, queries }
    }
    case 'application': {
      const unlisted = await unlistedProducts(db, spec.uses)
      if (unlisted.length > 0) {
        throw new InputError(`an application is built on listed products: ${unlisted.join(', ')} is not one`, unlisted.map((code) => ({ path: `body.spec.uses.${spec.uses.indexOf(code)}`, message: 'not a listed product' })))
      }
      return { spec, sources: { runs: [], models: [], resources: [] }, tables: [], queries: [] }
    }
    default:
      return { spec, sources: { runs: [], models: [], resources: [] }, tables: [], queries: [] }
  }
}

/**
 * Submission (art. 25): the automatic checks run first; a failing one blocks the submission
 * with its article, and the findings stay on the product for the developer to see.
 */
export async function submitProduct(platform: Platform, ctx: RequestContext, code: string): Promise<Product> {
  const row = await developerProduct(platform, ctx, code)
  assertProductTransition(code, row.status as ProductStatus, 'submitted')
  const workspace = await getWorkspace(platform, ctx, row.workspace_id)
  const findings = await reviewFindings(platform, workspace, row)
  const at = chinaTime(platform.clock())
  const failed = findings.filter((f) => f.status === 'fail')
  const { db } = platform.store
  await db.transaction().execute(async (trx) => {
    const changes = failed.length > 0 ? { checks: JSON.stringify(findings), updated_at: at } : { checks: JSON.stringify(findings), status: 'submitted', submitted_at: at, updated_at: at }
    const result = await trx.updateTable('products').set(changes).where('code', '=', code).where('status', '=', row.status).executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw new ConflictError(`product ${code} changed meanwhile: reload it`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: failed.length > 0 ? 'product.submit-refused' : 'product.submit',
      objectType: 'product',
      objectId: code,
      action: 'submit',
      result: failed.length > 0 ? 'refused' : 'success',
      detail: { findings: findings.map((f) => `${f.check}:${f.status}`) },
    })
  })
  if (failed.length > 0) {
    const first = failed[0]!
    throw new RuleViolation(first.rule, `the automatic checks block this product: ${failed.map((f) => `${f.check}: ${f.detail}`).join('; ')}`)
  }
  return toProduct(db, await productRow(db, code))
}

/** Statuses from which its developer may withdraw a product; later, a cancellation registration does it (art. 22). */
const WITHDRAWABLE: readonly ProductStatus[] = ['draft', 'submitted', 'returned']

/** The developer withdraws a product not yet approved: it is cancelled, with the reason, and audited. */
export async function withdrawProduct(platform: Platform, ctx: RequestContext, code: string, reason: string): Promise<Product> {
  const row = await developerProduct(platform, ctx, code)
  const status = row.status as ProductStatus
  if (!WITHDRAWABLE.includes(status)) {
    assertProductTransition(code, status, 'cancelled')
    throw new RuleViolation('art22.registration', `product ${code} is ${status}: once approved, a product ends by a cancellation registration (注销登记), not a withdrawal`)
  }
  const { db } = platform.store
  const at = chinaTime(platform.clock())
  await db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('products').set({ status: 'cancelled', updated_at: at }).where('code', '=', code).where('status', '=', status).executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw new ConflictError(`product ${code} changed meanwhile: reload it`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'product.withdraw',
      objectType: 'product',
      objectId: code,
      action: 'withdraw',
      result: 'success',
      reason,
      detail: { from: status },
    })
  })
  return toProduct(db, await productRow(db, code))
}

async function developerProduct(platform: Platform, ctx: RequestContext, code: string): Promise<ProductRow> {
  const p = actingPrincipal(ctx)
  const row = await productRow(platform.store.db, code)
  if (!canSeeProduct(p, row)) throw new NotFoundError(`no product ${code}`)
  if (!isDeveloperOf(p, row.developer_org_id)) throw new NotAllowedError('only the developer that built a product submits or withdraws it')
  await usableWorkspace(platform, ctx, row.workspace_id)
  return row
}

// ---------------------------------------------------------------------------- the operator's reviewers

export const REVIEW_DECISIONS = ['approve', 'return', 'reject'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]

/** A reviewer of the primary operator that authorized the product's workspace (art. 25). */
async function assertReviewer(db: Kysely<Database>, p: Principal, row: ProductRow): Promise<void> {
  const agreement = await db.selectFrom('agreements').select('operator_org_id').where('id', '=', row.agreement_id).executeTakeFirstOrThrow()
  if (p.orgKind !== 'operator' || p.orgId !== agreement.operator_org_id || !actsForOrganization(p) || !hasRole(p, 'reviewer')) {
    throw new NotAllowedError('products are reviewed by a reviewer of the primary operator (art. 25)')
  }
  // It builds none (art. 13(6)); should that ever change, it still never reviews its own.
  if (p.orgId === row.developer_org_id) throw new RuleViolation('art13.operator-no-development', 'the operator never reviews a product it built')
}

/**
 * A reviewer's decision. Approval takes one reviewer, or two different ones for data of grade
 * general-3 and above; a return or a rejection by any reviewer ends the round.
 */
export async function reviewProduct(platform: Platform, ctx: RequestContext, code: string, input: { decision: ReviewDecision; reasons: string }): Promise<Product> {
  const p = actingPrincipal(ctx)
  const { db } = platform.store
  const row = await productRow(db, code)
  if (!canSeeProduct(p, row)) throw new NotFoundError(`no product ${code}`)
  await assertReviewer(db, p, row)
  if (row.status !== 'submitted') throw new ConflictError(`product ${code} is ${row.status}: only submitted products are reviewed`)
  const at = chinaTime(platform.clock())
  await db.transaction().execute(async (trx) => {
    const round = 1 + Number((await trx.selectFrom('product_reviews').select((eb) => eb.fn.countAll().as('n')).where('product_code', '=', code).where('decision', '=', 'return').executeTakeFirst())?.n ?? 0)
    const earlier = await trx.selectFrom('product_reviews').select(['reviewer_id', 'decision']).where('product_code', '=', code).where('round', '=', round).execute()
    if (earlier.some((r) => r.reviewer_id === p.userId)) throw new ConflictError('you have already decided this submission: a second approval must come from another reviewer')
    await trx.insertInto('product_reviews').values({ id: newId('rev'), product_code: code, round, reviewer_id: p.userId, decision: input.decision, reasons: input.reasons, created_at: at }).execute()
    const approvals = earlier.filter((r) => r.decision === 'approve').length + (input.decision === 'approve' ? 1 : 0)
    const needed = needsTwoReviewers(row.data_grade) ? 2 : 1
    const to: ProductStatus | null = input.decision === 'return' ? 'returned' : input.decision === 'reject' ? 'rejected' : approvals >= needed ? 'approved' : null
    if (to) {
      assertProductTransition(code, 'submitted', to)
      const result = await trx.updateTable('products').set({ status: to, updated_at: at }).where('code', '=', code).where('status', '=', 'submitted').executeTakeFirst()
      if (Number(result.numUpdatedRows) === 0) throw new ConflictError(`product ${code} changed meanwhile: reload it`)
    }
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'product.review',
      objectType: 'product',
      objectId: code,
      action: input.decision,
      result: 'success',
      reason: input.reasons.slice(0, 500),
      detail: { round, approvals, needed, status: to ?? 'submitted' },
    })
  })
  return toProduct(db, await productRow(db, code))
}
