import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import type { Platform } from '../../platform/platform.ts'
import { disclosure } from './disclosure.service.ts'

export function disclosureRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/public/disclosure',
    summary: 'The public disclosure (信息披露, art. 29), no login: authorizations, products and prices, data use by developers, registration codes, the latest signed audit checkpoint',
    description: 'Over the last 12 months; `?year=2026` compiles a calendar year (the yearly disclosure, due by 31 March of the next).',
    tags: ['disclosure'],
    access: 'public',
    query: z.object({ year: z.coerce.number().int().min(2025).max(2100).optional() }).strict(),
    handler: ({ query }) => disclosure(platform, query.year),
  })
}
