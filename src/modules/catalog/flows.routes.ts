import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { resourceCode as code, text } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { duplicateCollection, RESOLUTIONS, resolveDuplicate } from './collection.service.ts'
import { consentsOf, decideReturnFlow, recordConsent, requestReturnFlow, returnFlows } from './flows.service.ts'

const fieldRef = z.string().regex(/^[0-9A-Z][0-9A-Z-]{2,39}\.[a-z][a-z0-9_]{0,62}$/, '<resource code>.<field>')

export function flowRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/catalog/duplicates',
    summary: 'Fields that look collected by more than one unit, for the bureau to resolve (art. 8)',
    tags: ['catalog'],
    access: 'signed-in',
    handler: async (_, ctx) => ({ candidates: await duplicateCollection(platform, ctx) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/catalog/duplicates/resolve',
    summary: 'Record the bureau\'s decision on a pair: a reference, or a duplicate with its one responsible unit',
    tags: ['catalog'],
    access: 'signed-in',
    status: 204,
    body: z
      .object({ a: fieldRef, b: fieldRef, resolution: z.enum(RESOLUTIONS), responsibleOrgId: z.string().max(64).optional(), note: text(1000) })
      .strict(),
    handler: ({ body }, ctx) => resolveDuplicate(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/return-flows',
    summary: 'Return-flow requests (数据回流): the bureau and regulators see all, requesters their own',
    tags: ['return flow'],
    access: 'signed-in',
    handler: async (_, ctx) => ({ returnFlows: await returnFlows(platform, ctx) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/return-flows',
    summary: 'Ask for a resource to flow back to a county or department (art. 10)',
    tags: ['return flow'],
    access: 'signed-in',
    status: 201,
    body: z.object({ resourceCode: code, purpose: text(1000), fields: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/)).min(1).max(500) }).strict(),
    handler: ({ body }, ctx) => requestReturnFlow(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/return-flows/:id/decision',
    summary: 'Approve or reject a return-flow request (the bureau)',
    tags: ['return flow'],
    access: 'signed-in',
    params: z.object({ id: z.string().regex(/^rf_[0-9a-z]{20}$/, 'a return-flow id') }).strict(),
    body: z.object({ decision: z.enum(['approve', 'reject']), note: text(1000) }).strict(),
    handler: ({ params, body }, ctx) => decideReturnFlow(platform, ctx, params.id, body.decision, body.note),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/catalog/resources/:code/consents',
    summary: 'Recorded consents of a shared resource\'s provider (art. 15)',
    tags: ['catalog'],
    access: 'signed-in',
    params: z.object({ code }).strict(),
    handler: async ({ params }) => ({ consents: await consentsOf(platform, params.code) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/catalog/resources/:code/consents',
    summary: 'Record a shared resource\'s provider consent to its authorized operation (the bureau; art. 15)',
    tags: ['catalog'],
    access: 'signed-in',
    status: 201,
    params: z.object({ code }).strict(),
    body: z.object({ provider: text(200), scope: text(1000), evidence: text(500), validUntil: z.iso.date().optional() }).strict(),
    handler: ({ params, body }, ctx) => recordConsent(platform, ctx, params.code, body),
  })
}
