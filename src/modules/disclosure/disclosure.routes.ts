import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import type { Platform } from '../../platform/platform.ts'
import { objectId } from '../../api/schemas.ts'
import { archivePackage } from './archive.ts'
import { disclosure } from './disclosure.service.ts'
import { supervisionFlags } from './flags.ts'
import { DIRECTIONS, toDot, traceLineage } from './lineage-graph.ts'

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

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/lineage',
    summary: 'Lineage (监管溯源, art. 19) from a node, upstream (what it used) or downstream (where it went): JSON, or Graphviz DOT with ?format=dot',
    description: 'Nodes are kind:id: source-unit, resource, version, workspace, run, model, product, consumer, e.g. product:PRD-2026-7K3M9Q or resource:130700-SCJG-0001.',
    tags: ['supervision'],
    access: 'signed-in',
    query: z
      .object({
        node: z.string().min(3).max(200),
        direction: z.enum(DIRECTIONS).default('both'),
        depth: z.coerce.number().int().min(1).max(10).default(6),
        format: z.enum(['json', 'dot']).default('json'),
      })
      .strict(),
    handler: async ({ query }, ctx, _request, reply) => {
      const graph = await traceLineage(platform, ctx, query.node, query.direction, query.depth)
      if (query.format === 'dot') return reply.type('text/vnd.graphviz; charset=utf-8').send(toDot(graph))
      return graph
    },
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/supervision/flags',
    summary: 'Live flags for supervision: output-check failures, privacy budget burn, bursts of refused queries, expiring agreements, overdue rectifications, gateway refusals (regulators, the office, the operator)',
    tags: ['supervision'],
    access: 'signed-in',
    handler: (_input, ctx) => supervisionFlags(platform, ctx),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/agreements/:id/archive',
    summary: 'The archive package of an authorization (art. 32): agreement, filing, products and reviews, registrations, imports, destruction certificate, audit extract, with retention periods and a digest',
    tags: ['supervision'],
    access: 'signed-in',
    params: z.object({ id: objectId('agr') }).strict(),
    handler: ({ params }, ctx) => archivePackage(platform, ctx, params.id),
  })
}
