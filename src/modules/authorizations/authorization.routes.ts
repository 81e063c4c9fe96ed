import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { objectId, resourceCode, text } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { AGREEMENT_STATUSES, OPERATOR_QUALIFICATIONS, ROW_FILTER_OPERATORS } from './authorization.ts'
import {
  acknowledgeAgreement,
  activateAgreement,
  draftAgreement,
  fileAgreement,
  getAgreement,
  listAgreements,
  objectToAgreement,
  renewAgreement,
  resumeAgreement,
  reviseAgreement,
  suspendAgreement,
  terminateAgreement,
} from './agreement.service.ts'
import { linkageRisk } from './linkage.service.ts'
import { designateOperator, grantOperatorScope, listOperatorAuthorizations } from './operator.service.ts'
import { addWorkspaceMember, listWorkspaces, removeWorkspaceMember, workspaceDetail } from './workspace.service.ts'
import { ANALYSIS_RULES, DP_MECHANISMS, WORKSPACE_ID_PATTERN } from './workspace.ts'

const day = z.iso.date()
const column = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a column name in snake_case')
const workspaceId = z.string().regex(WORKSPACE_ID_PATTERN, 'a workspace id like fin-credit')
const clauses = z.record(z.string().regex(/^[a-z][a-z-]{1,40}$/, 'a clause name like rights-and-duties'), z.string().trim().max(20_000))

const scopeSchema = z
  .array(
    z
      .object({
        resourceCode,
        fields: z.array(column).min(1).max(500),
        rowFilters: z
          .array(
            z
              .object({
                column,
                operator: z.enum(ROW_FILTER_OPERATORS),
                values: z.array(z.union([z.string().max(200), z.number()])).min(1).max(1000),
              })
              .strict(),
          )
          .max(20)
          .default([]),
      })
      .strict(),
  )
  .min(1)
  .max(50)

const rulesSchema = z
  .object({
    analysis: z.enum(ANALYSIS_RULES),
    identifiers: z.array(z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'table.column')).max(200),
    minDistinctEntities: z.int().min(0).max(1_000_000),
    outputChecks: z
      .object({
        threshold: z.int().min(0).max(1_000_000),
        dominance: z.object({ n: z.int().min(1).max(10), k: z.number().gt(0).max(1) }).strict(),
        pRatio: z.number().min(0).max(1),
        zeros: z.boolean(),
      })
      .strict(),
    limits: z
      .object({
        timeoutMs: z.int().min(100).max(600_000),
        memoryMb: z.int().min(64).max(65_536),
        maxRows: z.int().min(1).max(1_000_000),
      })
      .strict(),
    differentialPrivacy: z
      .object({
        mechanism: z.enum(DP_MECHANISMS),
        epsilonPerAggregate: z.number().positive().max(10),
        budgetEpsilon: z.number().positive().max(1000),
        contributionBound: z.int().min(1).max(10_000),
        bounds: z
          .record(z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'table.column'), z.tuple([z.number(), z.number()]))
          .refine((b) => Object.values(b).every(([min, max]) => min <= max), 'each bound is [min, max]')
          .optional(),
      })
      .strict()
      .nullable(),
  })
  .strict()
  .partial()

const workspaceSchema = z.object({ id: workspaceId.optional(), name: text(200), rules: rulesSchema.optional() }).strict()

export const agreementSchema = z
  .object({
    applicationId: objectId('app'),
    clauses,
    scope: scopeSchema,
    termStart: day,
    termEnd: day,
    feeYuan: z.number().min(0).max(1e12),
    workspace: workspaceSchema,
  })
  .strict()

const qualificationsSchema = z
  .object(Object.fromEntries(OPERATOR_QUALIFICATIONS.map((q) => [q, z.object({ met: z.boolean(), evidence: text(4000) }).strict()])) as Record<
    (typeof OPERATOR_QUALIFICATIONS)[number],
    z.ZodObject<{ met: z.ZodBoolean; evidence: z.ZodString }>
  >)
  .strict()

export const designationSchema = z
  .object({
    operatorOrgId: z.string().min(1).max(64),
    qualifications: qualificationsSchema,
    lastSecurityIncidentOn: day.nullable().default(null),
    agreementReference: text(200),
    clauses,
    termStart: day,
    termEnd: day,
  })
  .strict()

const agreementParams = z.object({ id: objectId('agr') }).strict()

export function authorizationRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/operator-authorizations',
    summary: 'The primary operator’s authorizations: qualifications, term and granted resources (public information, art. 29)',
    tags: ['authorization'],
    access: 'signed-in',
    handler: async () => ({ authorizations: await listOperatorAuthorizations(platform) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/operator-authorizations',
    summary: 'Designate the primary operator with its art. 12 qualifications, agreement and term (the office; art. 11, 12)',
    tags: ['authorization'],
    access: 'signed-in',
    status: 201,
    body: designationSchema,
    handler: ({ body }, ctx) => designateOperator(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/operator-authorizations/:id/grant',
    summary: 'Grant the designated operator the resources it may operate (the data bureau; art. 11)',
    tags: ['authorization'],
    access: 'signed-in',
    params: z.object({ id: objectId('opa') }).strict(),
    body: z.object({ resources: z.array(resourceCode).min(1).max(500) }).strict(),
    handler: ({ params, body }, ctx) => grantOperatorScope(platform, ctx, params.id, body.resources),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/agreements',
    summary: 'Agreements (their parties, the office and regulators)',
    tags: ['authorization'],
    access: 'signed-in',
    query: z.object({ status: z.enum(AGREEMENT_STATUSES).optional() }).strict(),
    handler: async ({ query }, ctx) => ({ agreements: await listAgreements(platform, ctx, query) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/agreements',
    summary: 'Draw up the agreement with an awarded developer: clauses, least-necessary scope, term, fee, workspace (the operator; art. 16, 17)',
    tags: ['authorization'],
    access: 'signed-in',
    status: 201,
    body: agreementSchema,
    handler: ({ body }, ctx) => draftAgreement(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/agreements/:id',
    summary: 'One agreement',
    tags: ['authorization'],
    access: 'signed-in',
    params: agreementParams,
    handler: ({ params }, ctx) => getAgreement(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'PATCH',
    url: '/api/v1/agreements/:id',
    summary: 'Revise a draft agreement (the operator)',
    tags: ['authorization'],
    access: 'signed-in',
    params: agreementParams,
    body: agreementSchema.omit({ applicationId: true }).partial().strict(),
    handler: ({ params, body }, ctx) => reviseAgreement(platform, ctx, params.id, body),
  })

  const step = (
    url: string,
    summary: string,
    run: (id: string, ctx: Parameters<typeof getAgreement>[1]) => ReturnType<typeof getAgreement>,
  ) =>
    defineRoute(app, platform, {
      method: 'POST',
      url: `/api/v1/agreements/:id/${url}`,
      summary,
      tags: ['authorization'],
      access: 'signed-in',
      params: agreementParams,
      handler: ({ params }, ctx) => run(params.id, ctx),
    })

  step('file', 'File the agreement with the coordination office before it takes effect (报备; the operator; art. 17)', (id, ctx) => fileAgreement(platform, ctx, id))
  step('acknowledge', 'Take note of a filing without objection: the agreement takes effect when its term starts (the office)', (id, ctx) =>
    acknowledgeAgreement(platform, ctx, id),
  )
  step('activate', 'Put a filed agreement into effect after the objection period (the operator)', (id, ctx) => activateAgreement(platform, ctx, id))
  step('renew', 'Apply for renewal in the last months of the term: a new draft agreement (the developer or the operator; art. 17)', (id, ctx) =>
    renewAgreement(platform, ctx, id),
  )

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/agreements/:id/object',
    summary: 'Object to a filed agreement within the period: it returns to the operator as a draft (the office; art. 17)',
    tags: ['authorization'],
    access: 'signed-in',
    params: agreementParams,
    body: z.object({ reason: text(2000) }).strict(),
    handler: ({ params, body }, ctx) => objectToAgreement(platform, ctx, params.id, body.reason),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/agreements/:id/suspend',
    summary: 'Suspend for rectification: the workspace closes at once (the office or the operator; art. 34)',
    tags: ['authorization'],
    access: 'signed-in',
    params: agreementParams,
    body: z.object({ reason: text(2000), rectificationDeadline: day.optional() }).strict(),
    handler: ({ params, body }, ctx) => suspendAgreement(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/agreements/:id/resume',
    summary: 'Accept the rectification: the workspace reopens (the office or the operator; art. 34)',
    tags: ['authorization'],
    access: 'signed-in',
    params: agreementParams,
    body: z.object({ note: text(2000) }).strict(),
    handler: ({ params, body }, ctx) => resumeAgreement(platform, ctx, params.id, body.note),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/agreements/:id/terminate',
    summary: 'Terminate on a ground of art. 35: access closes at once (the office or the operator; art. 31, 35)',
    tags: ['authorization'],
    access: 'signed-in',
    params: agreementParams,
    body: z.object({ ground: text(100), note: text(2000), warnedOn: day.optional() }).strict(),
    handler: ({ params, body }, ctx) => terminateAgreement(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/workspaces',
    summary: 'The workspaces the caller may use (a developer’s members) or oversees (the operator, the office, regulators)',
    tags: ['workspaces'],
    access: 'signed-in',
    handler: async (_input, ctx) => ({ workspaces: await listWorkspaces(platform, ctx) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/workspaces/:id',
    summary: 'One workspace: scope, query rules, privacy budget, term, status, members and, once destroyed, its destruction certificate',
    tags: ['workspaces'],
    access: 'signed-in',
    params: z.object({ id: workspaceId }).strict(),
    handler: ({ params }, ctx) => workspaceDetail(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/workspaces/:id/members',
    summary: 'Add one of the developer’s own people to the workspace (never another organization’s: art. 11)',
    tags: ['workspaces'],
    access: 'signed-in',
    params: z.object({ id: workspaceId }).strict(),
    body: z.object({ userId: z.string().min(1).max(64) }).strict(),
    handler: ({ params, body }, ctx) => addWorkspaceMember(platform, ctx, params.id, body.userId),
  })

  defineRoute(app, platform, {
    method: 'DELETE',
    url: '/api/v1/workspaces/:id/members/:userId',
    summary: 'Remove a member from the workspace',
    tags: ['workspaces'],
    access: 'signed-in',
    params: z.object({ id: workspaceId, userId: z.string().min(1).max(64) }).strict(),
    handler: ({ params }, ctx) => removeWorkspaceMember(platform, ctx, params.id, params.userId),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/agreements/:id/linkage-risk',
    summary: 'The re-identification risk of the scope’s quasi-identifiers, per resource and combined, before the scope is approved (art. 28)',
    tags: ['authorization'],
    access: 'signed-in',
    params: agreementParams,
    handler: ({ params }, ctx) => linkageRisk(platform, ctx, params.id),
  })
}
