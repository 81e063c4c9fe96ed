import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import type { Platform } from '../../platform/platform.ts'
import { WORKSPACE_ID_PATTERN } from '../authorizations/workspace.ts'
import { QUERY_MODES, runQuery } from './query.service.ts'

const workspaceId = z.string().regex(WORKSPACE_ID_PATTERN, 'a workspace id like fin-credit')

export function queryRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/workspaces/:id/queries',
    summary: 'Run a SELECT through the gate in the workspace: scope, query rules, sealed run, output checks (可用不可见)',
    description:
      'The answer is {columns, rows, checks, runId}: rows covering too few entities are withheld and cells failing the output checks suppressed, each with the reason in checks. A refusal is 422 with the rule and article, saying what to change.',
    tags: ['domain'],
    access: 'signed-in',
    params: z.object({ id: workspaceId }).strict(),
    body: z.object({ sql: z.string().min(1).max(20_000), mode: z.enum(QUERY_MODES).default('real') }).strict(),
    handler: ({ params, body }, ctx) => runQuery(platform, ctx, params.id, body),
  })
}
