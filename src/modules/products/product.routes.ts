import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { objectId, text } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { WORKSPACE_ID_PATTERN } from '../authorizations/workspace.ts'
import { pricingSchema } from '../gateway/gateway.ts'
import { getModel, listModels, trainInWorkspace } from './model.service.ts'
import { MODEL_KINDS } from './model.ts'
import { declareProduct, getProduct, listProducts, REVIEW_DECISIONS, reviewProduct, submitProduct, withdrawProduct } from './product.service.ts'
import { PRODUCT_CODE_PATTERN, PRODUCT_KINDS, PRODUCT_STATUSES } from './product.ts'
import { productSpecInput } from './spec.ts'

const workspaceId = z.string().regex(WORKSPACE_ID_PATTERN, 'a workspace id like fin-credit')
const productCode = z.string().regex(PRODUCT_CODE_PATTERN, 'a product code like PRD-2026-7K3M9Q')
const column = z.string().min(1).max(128)

/** A model's options (model.ts ModelOptions), each typed and bounded: model.ts checks how they fit together. */
const modelOptionsSchema = z
  .object({
    l2: z.number().min(0).max(1e6).optional(),
    maxIterations: z.int().min(1).max(50).optional(),
    tolerance: z.number().positive().max(1).optional(),
    bins: z.int().min(2).max(50).optional(),
    minBinSize: z.int().min(1).max(1_000_000).optional(),
    monotonic: z.boolean().optional(),
    basePoints: z.number().min(-1e6).max(1e6).optional(),
    odds: z.number().positive().max(1e6).optional(),
    pdo: z.number().positive().max(1e4).optional(),
    grades: z
      .array(z.object({ grade: z.string().trim().min(1).max(20), minScore: z.number().min(-1e9).max(1e9).nullable() }).strict())
      .min(2)
      .max(20)
      .optional(),
    outputStep: z.number().positive().max(1e9).optional(),
  })
  .strict()

/** Training a model: the API's body, and the CLI's --file. */
export const trainSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'a model name like sme-scorecard'),
    kind: z.enum(MODEL_KINDS),
    sql: z.string().min(1).max(20_000),
    target: column,
    features: z.array(column).min(1).max(50),
    seed: z.int().min(0).max(2 ** 31).optional(),
    testShare: z.number().min(0).max(0.5).optional(),
    options: modelOptionsSchema.optional(),
  })
  .strict()

/** Declaring a product: the API's body, and the CLI's --file. */
export const productSchema = z
  .object({
    kind: z.enum(PRODUCT_KINDS),
    name: text(200),
    description: text(4000),
    spec: productSpecInput,
    outputs: z.array(z.object({ name: column, description: text(500) }).strict()).max(100).default([]),
    perEntity: z.boolean().default(false),
    pricing: pricingSchema,
  })
  .strict()

export function productRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/workspaces/:id/models',
    summary: 'Train a model inside the domain on rows the SQL names (the developer; 算法建模): metrics back, parameters only if it may leave (art. 21)',
    description: 'Kinds: linear, logistic, scorecard. The rows are read in the workspace\'s sealed copy and never leave it; the release checks (residual degrees of freedom, bin sizes, membership inference) decide whether the parameters may.',
    tags: ['products'],
    access: 'signed-in',
    status: 201,
    params: z.object({ id: workspaceId }).strict(),
    body: trainSchema,
    handler: ({ params, body }, ctx) => trainInWorkspace(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/workspaces/:id/models',
    summary: 'The workspace\'s models, with metrics and release findings',
    tags: ['products'],
    access: 'signed-in',
    params: z.object({ id: workspaceId }).strict(),
    handler: async ({ params }, ctx) => ({ models: await listModels(platform, ctx, params.id) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/models/:id',
    summary: 'One model',
    tags: ['products'],
    access: 'signed-in',
    params: z.object({ id: objectId('mdl') }).strict(),
    handler: ({ params }, ctx) => getModel(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/workspaces/:id/products',
    summary: 'Declare a data product built in the workspace (the developer; art. 3): sources and grade come from its runs and models',
    tags: ['products'],
    access: 'signed-in',
    status: 201,
    params: z.object({ id: workspaceId }).strict(),
    body: productSchema,
    handler: ({ params, body }, ctx) => declareProduct(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/products',
    summary: 'The products the caller may see: listed ones (with kind, scenario, price and registration code), and its own or all for developers and overseers',
    tags: ['products'],
    access: 'signed-in',
    query: z.object({ status: z.enum(PRODUCT_STATUSES).optional(), workspace: workspaceId.optional() }).strict(),
    handler: async ({ query }, ctx) => ({ products: await listProducts(platform, ctx, { status: query.status, workspaceId: query.workspace }) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/products/:code',
    summary: 'One product: spec, sources, outputs, checks, reviews and registration code',
    tags: ['products'],
    access: 'signed-in',
    params: z.object({ code: productCode }).strict(),
    handler: ({ params }, ctx) => getProduct(platform, ctx, params.code),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/products/:code/submission',
    summary: 'Submit a product for review (the developer): the automatic checks of art. 25 run first and block what fails',
    tags: ['products'],
    access: 'signed-in',
    params: z.object({ code: productCode }).strict(),
    handler: ({ params }, ctx) => submitProduct(platform, ctx, params.code),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/products/:code/withdrawal',
    summary: 'Withdraw a product not yet approved (the developer): it is cancelled; an approved one ends by a cancellation registration (art. 22)',
    tags: ['products'],
    access: 'signed-in',
    params: z.object({ code: productCode }).strict(),
    body: z.object({ reason: text(2000) }).strict(),
    handler: ({ params, body }, ctx) => withdrawProduct(platform, ctx, params.code, body.reason),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/products/:code/reviews',
    summary: 'A reviewer of the operator decides (approve / return / reject, with reasons); general-3 data and above needs two reviewers (art. 25)',
    tags: ['products'],
    access: 'signed-in',
    params: z.object({ code: productCode }).strict(),
    body: z.object({ decision: z.enum(REVIEW_DECISIONS), reasons: text(4000) }).strict(),
    handler: ({ params, body }, ctx) => reviewProduct(platform, ctx, params.code, body),
  })
}
