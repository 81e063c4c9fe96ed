import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { requestContext } from '../../api/context.ts'
import { defineRoute } from '../../api/route.ts'
import { objectId, text } from '../../api/schemas.ts'
import { AuthenticationError } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import { authenticate, type RequestContext } from '../identity/identity.service.ts'
import { ACCEPTANCE_DECISIONS, OBJECTION_DECISIONS, REGISTRATION_KINDS, REGISTRATION_STATUSES, REVIEW_DECISIONS, SUBJECT_TYPES } from './registration.ts'
import {
  applyForRegistration,
  decideAcceptance,
  fileObjection,
  getRegistration,
  issueRegistration,
  listRegistrations,
  publicNotices,
  publicRegistration,
  resolveObjection,
  resubmitRegistration,
  reviewRegistration,
} from './registration.service.ts'

const registrationId = objectId('reg')
const objectionIdSchema = objectId('obj')
const subjectCode = z.string().regex(/^[0-9A-Z][0-9A-Z-]{2,39}$/, 'a product code like PRD-2026-7K3M9Q or a resource code like 130700-SCJG-0001')

const documentSchema = z
  .object({
    name: text(200),
    hash: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'the SM3 or SHA-256 hash of the document, 64 hex digits')
      .transform((h) => h.toLowerCase()),
  })
  .strict()
const documentsSchema = z.array(documentSchema).min(1, 'attach at least one document (by its hash)').max(50)

const changeSchema = z.object({ item: text(100), before: text(2000), after: text(2000) }).strict()
const changesSchema = z.array(changeSchema).min(1).max(100)

const rights = text(4000)
const note = text(2000)

const idParams = z.object({ id: registrationId }).strict()

/** Objections one source address may file in an hour, across every registration. */
export const OBJECTION_RATE_LIMIT = { max: 10, timeWindow: '1 hour' } as const

/** An application for registration: the API's body, and the CLI's --file. */
export const registrationApplicationSchema = z
  .object({
    subjectType: z.enum(SUBJECT_TYPES),
    subjectCode,
    kind: z.enum(REGISTRATION_KINDS),
    rights,
    documents: documentsSchema,
    changes: changesSchema.optional(),
  })
  .strict()

export function registrationRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/registrations',
    summary: 'Apply for the registration of a product (its developer) or of a resource in operation (the operator) (art. 22)',
    description:
      'kind first, change, correction or cancellation; change and correction list what changes. The facts registered are taken from the product or the catalog now; documents are named by their hashes, never uploaded.',
    tags: ['registration'],
    access: 'signed-in',
    status: 201,
    body: registrationApplicationSchema,
    handler: ({ body }, ctx) => applyForRegistration(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/registrations',
    summary: 'Registrations: the applicant sees its own, the bureau, the office and regulators all of them',
    tags: ['registration'],
    access: 'signed-in',
    query: z.object({ status: z.enum(REGISTRATION_STATUSES).optional() }).strict(),
    handler: async ({ query }, ctx) => ({ registrations: await listRegistrations(platform, ctx, query) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/registrations/:id',
    summary: 'One registration with its history and objections',
    tags: ['registration'],
    access: 'signed-in',
    params: idParams,
    handler: ({ params }, ctx) => getRegistration(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/registrations/:id/acceptance',
    summary: 'Accept an application (受理) or refuse an incomplete one, saying why (the bureau)',
    tags: ['registration'],
    access: 'signed-in',
    params: idParams,
    body: z.object({ decision: z.enum(ACCEPTANCE_DECISIONS), note }).strict(),
    handler: ({ params, body }, ctx) => decideAcceptance(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/registrations/:id/review',
    summary: 'Formal review (形式审查): approve to publish the notice, or return for correction (the bureau)',
    description: 'Approval starts a public notice of 10 calendar days (NOTICE_DAYS) from today, China time.',
    tags: ['registration'],
    access: 'signed-in',
    params: idParams,
    body: z.object({ decision: z.enum(REVIEW_DECISIONS), note }).strict(),
    handler: ({ params, body }, ctx) => reviewRegistration(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/registrations/:id/resubmission',
    summary: 'Resubmit a returned application, corrected (the applicant); its facts are taken again',
    tags: ['registration'],
    access: 'signed-in',
    params: idParams,
    body: z.object({ note, rights: rights.optional(), documents: documentsSchema.optional(), changes: changesSchema.optional() }).strict(),
    handler: ({ params, body }, ctx) => resubmitRegistration(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/registrations/:id/objections',
    summary: 'Object to a registration in public notice (anyone; without signing in, give a name and a contact)',
    description: 'The objector’s name and contact are seen by the bureau, the office and regulators only.',
    tags: ['registration', 'public'],
    access: 'public',
    // Open to anyone, and every open objection holds the code back: one address cannot flood a notice.
    rateLimit: OBJECTION_RATE_LIMIT,
    status: 201,
    params: idParams,
    body: z.object({ name: text(100).optional(), contact: text(200).optional(), reason: text(4000) }).strict(),
    handler: async ({ params, body }, _ctx, request) => fileObjection(platform, await optionalSignIn(platform, request), params.id, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/registrations/:id/objections/:objectionId/resolution',
    summary: 'Resolve an objection: uphold (the registration stops) or dismiss (the bureau)',
    tags: ['registration'],
    access: 'signed-in',
    params: z.object({ id: registrationId, objectionId: objectionIdSchema }).strict(),
    body: z.object({ decision: z.enum(OBJECTION_DECISIONS), note }).strict(),
    handler: ({ params, body }, ctx) => resolveObjection(platform, ctx, params.id, params.objectionId, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/registrations/:id/issue',
    summary: 'Issue the registration code once the notice ended with no open or upheld objection (the bureau)',
    tags: ['registration'],
    access: 'signed-in',
    params: idParams,
    handler: ({ params }, ctx) => issueRegistration(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/public/registrations/:code',
    summary: 'A registration by its code: subject, status, the facts in force and its history (open to the public)',
    tags: ['registration', 'public'],
    access: 'public',
    params: z.object({ code: z.string().min(1).max(64) }).strict(),
    handler: ({ params }) => publicRegistration(platform, params.code),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/public/registrations',
    summary: 'Registrations in public notice today, so that anyone may object (open to the public)',
    tags: ['registration', 'public'],
    access: 'public',
    query: z.object({ status: z.literal('notice').default('notice') }).strict(),
    handler: async () => ({ registrations: await publicNotices(platform) }),
  })
}

/** A public route's caller: signed in when a bearer token comes with the request, else anonymous. */
async function optionalSignIn(platform: Platform, request: FastifyRequest): Promise<RequestContext> {
  const header = request.headers.authorization
  const ctx = requestContext(request)
  if (!header) return ctx
  const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(header)
  if (!match) throw new AuthenticationError('the Authorization header must be "Bearer <token>"', 'invalid_token')
  const principal = await authenticate(platform, match[1] as string)
  return { ...ctx, principal }
}
