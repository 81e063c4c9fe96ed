import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { resourceCode as code } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { ENTRY_STATUSES } from './catalog.ts'
import { catalogResourceSchema } from './catalog.schema.ts'
import {
  catalogEntries,
  compileEntry,
  publishedCatalog,
  publishedResource,
  REVIEW_DECISIONS,
  reviewEntry,
  submitEntry,
} from './catalog.service.ts'


export function catalogRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/catalog/resources',
    summary: 'The unified city catalog: published resources with their fields, grades and sensitive tags',
    tags: ['catalog'],
    access: 'signed-in',
    handler: async () => ({ resources: await publishedCatalog(platform) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/catalog/resources/:code',
    summary: 'One published resource',
    tags: ['catalog'],
    access: 'signed-in',
    params: z.object({ code }).strict(),
    handler: ({ params }) => publishedResource(platform, params.code),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/catalog/entries',
    summary: 'Catalog entry versions in the works (compilers see their own; the bureau and regulators all)',
    tags: ['catalog'],
    access: 'signed-in',
    query: z.object({ status: z.enum(ENTRY_STATUSES).optional(), code: code.optional() }).strict(),
    handler: async ({ query }, ctx) => ({ entries: await catalogEntries(platform, ctx, query) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/catalog/entries',
    summary: 'Compile a catalog entry, or the next version of one (sector authorities, the bureau; art. 7)',
    tags: ['catalog'],
    access: 'signed-in',
    status: 201,
    body: catalogResourceSchema,
    handler: ({ body }, ctx) => compileEntry(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/catalog/entries/:code/submit',
    summary: 'Submit the open version of an entry to the bureau for review',
    tags: ['catalog'],
    access: 'signed-in',
    params: z.object({ code }).strict(),
    handler: ({ params }, ctx) => submitEntry(platform, ctx, params.code),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/catalog/entries/:code/versions/:version/review',
    summary: 'Approve (publish in the city catalog) or return with comments (the bureau; art. 7)',
    tags: ['catalog'],
    access: 'signed-in',
    params: z.object({ code, version: z.coerce.number().int().min(1).max(1_000_000) }).strict(),
    body: z.object({ decision: z.enum(REVIEW_DECISIONS), comment: z.string().trim().min(1).max(2000).optional() }).strict(),
    handler: ({ params, body }, ctx) => reviewEntry(platform, ctx, params.code, params.version, body.decision, body.comment),
  })
}
