import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { objectId, resourceCode, text } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { PURPOSE_TYPES } from '../authorizations/authorization.ts'
import { CALL_STATUSES, SCENARIO_CODE_PATTERN, SCENARIO_DECISIONS, SCENARIO_STATUSES } from './scenario.ts'
import {
  applyToCall,
  awardCall,
  compileScenario,
  getCall,
  getScenario,
  listApplications,
  listCalls,
  listDemands,
  listScenarios,
  publishCall,
  reviewScenario,
  scenarioCatalog,
  scoreApplication,
  submitDemand,
  submitScenario,
} from './scenario.service.ts'

const scenarioCode = z.string().regex(SCENARIO_CODE_PATTERN, 'a scenario code like SC-FIN-001')
const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a field name in snake_case')

/** What a scenario needs: each resource, each field, and why (least necessary, art. 14(3)). */
export const needsSchema = z
  .array(
    z
      .object({
        resourceCode,
        fields: z.array(z.object({ name: fieldName, justification: text(500) }).strict()).min(1).max(200),
      })
      .strict(),
  )
  .min(1)
  .max(50)

export const demandSchema = z
  .object({ title: text(200), description: text(4000), purposeType: z.enum(PURPOSE_TYPES), needs: needsSchema })
  .strict()

export const scenarioSchema = z
  .object({
    code: scenarioCode,
    name: text(200),
    sector: text(100),
    description: text(4000),
    purposeType: z.enum(PURPOSE_TYPES),
    conditions: z.string().trim().max(4000).default(''),
    needs: needsSchema,
    demandIds: z.array(objectId('dm')).max(500).default([]),
  })
  .strict()

export const callSchema = z
  .object({
    scenarioCode,
    title: text(200),
    method: text(50),
    eligibility: z.array(text(500)).min(1).max(50),
    criteria: z
      .array(z.object({ name: text(100), weight: z.number().positive().max(100), description: text(1000) }).strict())
      .min(1)
      .max(30),
    invitedOrgIds: z.array(z.string().min(1).max(64)).max(100).default([]),
    deadline: z.iso.datetime({ offset: true }),
  })
  .strict()

export const applicationSchema = z
  .object({
    statement: text(8000),
    eligibility: z.array(z.object({ condition: text(500), evidence: text(2000) }).strict()).min(1).max(50),
    documents: z
      .array(z.object({ name: text(200), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the document\'s SHA-256, 64 hex digits'), summary: text(1000) }).strict())
      .min(1)
      .max(50),
  })
  .strict()

export const scoresSchema = z
  .object({ scores: z.array(z.object({ criterion: text(100), score: z.number().min(0).max(100), reason: text(2000) }).strict()).min(1).max(30) })
  .strict()

export function scenarioRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/scenario-demands',
    summary: 'State a scenario demand: the use, and each field needed with why (developers, the operator; art. 13(3))',
    tags: ['scenarios'],
    access: 'signed-in',
    status: 201,
    body: demandSchema,
    handler: ({ body }, ctx) => submitDemand(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/scenario-demands',
    summary: 'The demand list (the operator, the office and regulators see all; others their own)',
    tags: ['scenarios'],
    access: 'signed-in',
    handler: async (_input, ctx) => ({ demands: await listDemands(platform, ctx) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/scenarios',
    summary: 'Compile demands into a scenario, or edit a draft or returned one (the operator; art. 13(3))',
    tags: ['scenarios'],
    access: 'signed-in',
    body: scenarioSchema,
    handler: ({ body }, ctx) => compileScenario(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/scenarios',
    summary: 'Scenarios (the operator, the office and regulators: every status; others: the approved catalog)',
    tags: ['scenarios'],
    access: 'signed-in',
    query: z.object({ status: z.enum(SCENARIO_STATUSES).optional() }).strict(),
    handler: async ({ query }, ctx) => ({ scenarios: await listScenarios(platform, ctx, query) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/scenarios/:code',
    summary: 'One scenario',
    tags: ['scenarios'],
    access: 'signed-in',
    params: z.object({ code: scenarioCode }).strict(),
    handler: ({ params }, ctx) => getScenario(platform, ctx, params.code),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/scenarios/:code/submit',
    summary: 'Submit a scenario to the coordination office for review (the operator)',
    tags: ['scenarios'],
    access: 'signed-in',
    params: z.object({ code: scenarioCode }).strict(),
    handler: ({ params }, ctx) => submitScenario(platform, ctx, params.code),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/scenarios/:code/review',
    summary: 'Approve, reject, or return with comments: one review per class of scenario (the office; art. 13(3))',
    tags: ['scenarios'],
    access: 'signed-in',
    params: z.object({ code: scenarioCode }).strict(),
    body: z.object({ decision: z.enum(SCENARIO_DECISIONS), comment: text(2000).optional() }).strict(),
    handler: ({ params, body }, ctx) => reviewScenario(platform, ctx, params.code, body.decision, body.comment),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/public/scenarios',
    summary: 'The published scenario catalog (应用场景目录), open to the public (art. 13(3))',
    tags: ['scenarios', 'public'],
    access: 'public',
    handler: async () => ({ scenarios: await scenarioCatalog(platform) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/calls',
    summary: 'Publish a call for an approved scenario: entry conditions, a fair method, criteria, a deadline (the operator; art. 13(5))',
    tags: ['calls'],
    access: 'signed-in',
    status: 201,
    body: callSchema,
    handler: ({ body }, ctx) => publishCall(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/calls',
    summary: 'Published calls (public announcements: everyone signed in sees them)',
    tags: ['calls'],
    access: 'signed-in',
    query: z.object({ scenarioCode: scenarioCode.optional(), status: z.enum(CALL_STATUSES).optional() }).strict(),
    handler: async ({ query }) => ({ calls: await listCalls(platform, query) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/calls/:id',
    summary: 'One call',
    tags: ['calls'],
    access: 'signed-in',
    params: z.object({ id: objectId('call') }).strict(),
    handler: ({ params }) => getCall(platform, params.id),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/calls/:id/applications',
    summary: 'Apply to an open call, answering each entry condition, with documents (developers)',
    tags: ['calls'],
    access: 'signed-in',
    status: 201,
    params: z.object({ id: objectId('call') }).strict(),
    body: applicationSchema,
    handler: ({ params, body }, ctx) => applyToCall(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/calls/:id/applications',
    summary: 'Applications to a call (the operator, the office and regulators: all; a developer: its own)',
    tags: ['calls'],
    access: 'signed-in',
    params: z.object({ id: objectId('call') }).strict(),
    handler: async ({ params }, ctx) => ({ applications: await listApplications(platform, ctx, params.id) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/applications/:id/score',
    summary: 'Score an application by the published criteria, each with its reason, after the deadline (the operator)',
    tags: ['calls'],
    access: 'signed-in',
    params: z.object({ id: objectId('app') }).strict(),
    body: scoresSchema,
    handler: ({ params, body }, ctx) => scoreApplication(platform, ctx, params.id, body.scores),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/calls/:id/award',
    summary: 'Award the call to the best-scored application, with the reason (the operator; one scenario, one authorization)',
    tags: ['calls'],
    access: 'signed-in',
    params: z.object({ id: objectId('call') }).strict(),
    body: z.object({ applicationId: objectId('app'), reason: text(2000) }).strict(),
    handler: ({ params, body }, ctx) => awardCall(platform, ctx, params.id, body),
  })
}
