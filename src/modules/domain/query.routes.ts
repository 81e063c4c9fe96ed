import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import type { Platform } from '../../platform/platform.ts'
import { WORKSPACE_ID_PATTERN } from '../authorizations/workspace.ts'
import { QUERY_MODES, runQuery } from './query.service.ts'
import { decideTemplate, listTemplates, proposeTemplate, runTemplate } from './template.service.ts'
import { PARAMETER_TYPES, TEMPLATE_DECISIONS, TEMPLATE_NAME_PATTERN } from './template.ts'

const workspaceId = z.string().regex(WORKSPACE_ID_PATTERN, 'a workspace id like fin-credit')
const templateName = z.string().regex(TEMPLATE_NAME_PATTERN, 'a template name like district-counts')
const scalar = z.union([z.string().max(200), z.number()])

const parameterSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a parameter name in snake_case, used as $name in the SQL'),
    type: z.enum(PARAMETER_TYPES),
    description: z.string().trim().min(1).max(500),
    allowed: z.array(scalar).min(1).max(1000).optional(),
    min: scalar.optional(),
    max: scalar.optional(),
    example: scalar,
  })
  .strict()

/**
 * Aborts when the request's connection closes before its answer is sent: the console's Cancel,
 * or a client that gave up. The run stops where it is, on whichever node holds it.
 */
function closedBeforeAnswer(reply: FastifyReply): AbortSignal {
  const controller = new AbortController()
  // The response closes with its connection, or once finished: only the first is a cancel.
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort()
  })
  return controller.signal
}

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
    handler: ({ params, body }, ctx, _request, reply) => runQuery(platform, ctx, params.id, body, closedBeforeAnswer(reply)),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/workspaces/:id/templates',
    summary: 'The workspace’s query templates and their status',
    tags: ['domain'],
    access: 'signed-in',
    params: z.object({ id: workspaceId }).strict(),
    handler: async ({ params }, ctx) => ({ templates: await listTemplates(platform, ctx, params.id) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/workspaces/:id/templates',
    summary: 'Propose a parameterized query template: it must pass the gate with its example values (the developer)',
    tags: ['domain'],
    access: 'signed-in',
    status: 201,
    params: z.object({ id: workspaceId }).strict(),
    body: z
      .object({
        name: templateName,
        description: z.string().trim().min(1).max(2000),
        sql: z.string().min(1).max(20_000),
        parameters: z.array(parameterSchema).max(20),
      })
      .strict(),
    handler: ({ params, body }, ctx) => proposeTemplate(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/workspaces/:id/templates/:name/decision',
    summary: 'Approve or reject a proposed template (the operator)',
    tags: ['domain'],
    access: 'signed-in',
    params: z.object({ id: workspaceId, name: templateName }).strict(),
    body: z.object({ decision: z.enum(TEMPLATE_DECISIONS), note: z.string().trim().min(1).max(2000) }).strict(),
    handler: ({ params, body }, ctx) => decideTemplate(platform, ctx, params.id, params.name, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/workspaces/:id/templates/:name/runs',
    summary: 'Run an approved template with values: bound as constants, then the same gate and checks as any query',
    tags: ['domain'],
    access: 'signed-in',
    params: z.object({ id: workspaceId, name: templateName }).strict(),
    body: z.object({ parameters: z.record(z.string().max(63), z.unknown()).default({}) }).strict(),
    handler: ({ params, body }, ctx, _request, reply) => runTemplate(platform, ctx, params.id, params.name, body.parameters, closedBeforeAnswer(reply)),
  })
}
