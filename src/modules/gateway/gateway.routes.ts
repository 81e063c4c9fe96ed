import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { objectId, text } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { PRODUCT_CODE_PATTERN } from '../products/product.ts'
import { callParametersSchema, GatewayRefusal, usccSchema } from './gateway.ts'
import {
  callProduct,
  createConsent,
  createKey,
  listConsents,
  listKeys,
  revokeConsent,
  revokeKey,
  rotateKey,
  usage,
  type ProductExecutor,
} from './gateway.service.ts'

const productCode = z.string().regex(PRODUCT_CODE_PATTERN, 'a product code like PRD-2026-7K3M9Q')
const date = z.iso.date('a date YYYY-MM-DD')
const keyId = objectId('gk')
const consentId = objectId('cns')

const consentBody = z
  .object({
    productCode,
    entityId: usccSchema,
    evidence: z
      .object({
        documentHash: z.string().regex(/^[0-9a-f]{64}$/, 'the signed letter’s hash: 64 lowercase hex characters'),
        signatory: text(100),
        signedOn: date,
      })
      .strict(),
    validUntil: date,
  })
  .strict()

const callBody = z
  .object({
    entityId: usccSchema.optional(),
    parameters: callParametersSchema.default({}),
  })
  .strict()

/**
 * The API gateway (接口管理): keys and consents for consumers, signed in; product calls with a
 * gateway key in `x-api-key`, not a session.
 */
export function gatewayRoutes(app: FastifyInstance, platform: Platform, executor: ProductExecutor): void {
  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/gateway/keys',
    summary: 'Create a gateway key for listed API products (a consumer); the secret is shown in this answer only',
    tags: ['gateway'],
    access: 'signed-in',
    status: 201,
    body: z.object({ name: text(100), products: z.array(productCode).min(1).max(50) }).strict(),
    handler: ({ body }, ctx) => createKey(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/gateway/keys',
    summary: 'Gateway keys, never their secrets: a consumer’s own; all for the operator and regulators',
    tags: ['gateway'],
    access: 'signed-in',
    handler: async (_input, ctx) => ({ keys: await listKeys(platform, ctx) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/gateway/keys/:id/rotation',
    summary: 'A new secret for a key, shown once; the old secret stops working at once (the consumer)',
    tags: ['gateway'],
    access: 'signed-in',
    params: z.object({ id: keyId }).strict(),
    handler: ({ params }, ctx) => rotateKey(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/gateway/keys/:id/revocation',
    summary: 'Revoke a key at once (the consumer, or the operator)',
    tags: ['gateway'],
    access: 'signed-in',
    params: z.object({ id: keyId }).strict(),
    body: z.object({ reason: text(1000) }).strict(),
    handler: async ({ params, body }, ctx) => ({ key: await revokeKey(platform, ctx, params.id, body.reason) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/gateway/consents',
    summary: 'Register an entity’s signed consent (授权书) to calls of one per-entity product (a consumer); the token is shown once',
    tags: ['gateway'],
    access: 'signed-in',
    status: 201,
    body: consentBody,
    handler: ({ body }, ctx) => createConsent(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/gateway/consents',
    summary: 'Consents, never their tokens: a consumer’s own; all for the operator and regulators',
    tags: ['gateway'],
    access: 'signed-in',
    handler: async (_input, ctx) => ({ consents: await listConsents(platform, ctx) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/gateway/consents/:id/revocation',
    summary: 'Revoke a consent at once (the consumer, or the operator)',
    tags: ['gateway'],
    access: 'signed-in',
    params: z.object({ id: consentId }).strict(),
    body: z.object({ reason: text(1000) }).strict(),
    handler: async ({ params, body }, ctx) => ({ consent: await revokeConsent(platform, ctx, params.id, body.reason) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/gateway/products/:code/calls',
    summary: 'Call a listed API product with a gateway key (header x-api-key) and, for a per-entity product, the entity’s consent token (header x-consent-token)',
    description:
      'Not a session: the key authenticates. Checked on every call, in this order: key (401), product (404/403), the authorization behind it (403 product_suspended), consent (403 consent_required), rate and daily quota (429 with Retry-After). Every call is metered and audited.',
    tags: ['gateway'],
    // The key, not a session, authenticates: the route checks it itself.
    access: 'public',
    params: z.object({ code: productCode }).strict(),
    body: callBody,
    handler: async ({ params, body }, ctx, request, reply) => {
      try {
        return await callProduct(platform, executor, {
          productCode: params.code,
          apiKey: header(request, 'x-api-key'),
          consentToken: header(request, 'x-consent-token'),
          entityId: body.entityId,
          parameters: body.parameters,
          sourceIp: ctx.sourceIp,
          requestId: ctx.requestId,
        })
      } catch (error) {
        if (error instanceof GatewayRefusal) return refuse(request, reply, error)
        throw error
      }
    },
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/gateway/usage',
    summary: 'Calls per consumer, product and day (China time) with amounts: a consumer’s own; all for the operator and regulators',
    tags: ['gateway'],
    access: 'signed-in',
    query: z.object({ from: date.optional(), to: date.optional() }).strict(),
    handler: ({ query }, ctx) => usage(platform, ctx, query),
  })
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/**
 * Over a limit (429, with Retry-After) or a product that failed (502): the platform's error
 * classes carry neither, so the gateway answers them here, in the one error body.
 */
function refuse(request: FastifyRequest, reply: FastifyReply, error: GatewayRefusal): FastifyReply {
  if (error.retryAfter !== undefined) void reply.header('retry-after', String(error.retryAfter))
  if (error.status === 502) request.log.error({ code: error.code, product: request.url }, 'a product failed to answer a gateway call')
  return reply.status(error.status).send({ error: { code: error.code, message: error.message, requestId: request.id } })
}
