import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import { z } from 'zod'
import { authenticate, type RequestContext } from '../modules/identity/identity.service.ts'
import { AuthenticationError, InputError, NotAllowedError } from '../platform/errors.ts'
import type { Platform } from '../platform/platform.ts'
import { requestContext } from './context.ts'

/**
 * Who may call a route at all: anyone, anyone signed in, or also a session that so far may only
 * enroll its second factor. Finer rules live in each module's *.policy.ts.
 */
export type Access = 'public' | 'signed-in' | 'enrollment'

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  readonly method: HTTPMethods
  readonly url: string
  readonly summary: string
  readonly description?: string
  readonly tags: readonly string[]
  readonly access: Access
  readonly body?: B
  readonly query?: Q
  readonly params?: P
  /** Status of a success; 200 unless said. */
  readonly status?: number
  readonly rateLimit?: { readonly max: number; readonly timeWindow: string }
  handler(
    input: { body: z.infer<B>; query: z.infer<Q>; params: z.infer<P> },
    ctx: RequestContext,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<unknown>
}

/**
 * Mounts a route as a readable chain: (rate limit) → authenticate → validate with zod → handler.
 * The zod schemas are also the OpenAPI document's schemas, so the two cannot drift.
 */
export function defineRoute<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined>(
  app: FastifyInstance,
  platform: Platform,
  spec: RouteSpec<B, Q, P>,
): void {
  app.route({
    method: spec.method,
    url: spec.url,
    schema: {
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [...spec.tags],
      ...(spec.access === 'public' ? {} : { security: [{ bearer: [] }] }),
      ...(spec.body ? { body: jsonSchema(spec.body) } : {}),
      ...(spec.query ? { querystring: jsonSchema(spec.query) } : {}),
      ...(spec.params ? { params: jsonSchema(spec.params) } : {}),
    },
    ...(spec.rateLimit ? { config: { rateLimit: spec.rateLimit } } : {}),
    preHandler: async (request) => {
      if (spec.access === 'public') return
      request.principal = await authenticateRequest(platform, request)
      if (request.principal.scope === 'enroll-totp' && spec.access !== 'enrollment') {
        throw new NotAllowedError(
          'this account must enroll a TOTP second factor first: POST /api/v1/me/totp, then /api/v1/me/totp/confirm',
          'totp_enrollment_required',
        )
      }
    },
    handler: async (request, reply) => {
      const input = {
        body: parse(spec.body, request.body, 'body'),
        query: parse(spec.query, request.query, 'query'),
        params: parse(spec.params, request.params, 'path'),
      }
      const result = await spec.handler(input, requestContext(request), request, reply)
      if (reply.sent) return reply
      return reply.status(spec.status ?? (result === undefined ? 204 : 200)).send(result)
    },
  })
}

async function authenticateRequest(platform: Platform, request: FastifyRequest) {
  const header = request.headers.authorization
  if (!header) throw new AuthenticationError('sign in first: send "Authorization: Bearer <token>"', 'unauthenticated')
  const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(header)
  if (!match) throw new AuthenticationError('the Authorization header must be "Bearer <token>"', 'invalid_token')
  return authenticate(platform, match[1] as string)
}

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.infer<S> {
  if (!schema) return undefined as z.infer<S>
  const nul = findNul(value, where)
  if (nul) throw new InputError(`invalid ${where}: ${nul} holds a NUL character`, [{ path: nul, message: 'NUL characters are not allowed' }])
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}))
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }))
  throw new InputError(`invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
}

/** The path of the first string holding U+0000, which no store keeps faithfully. */
function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  if (depth > 32 || value === null || typeof value !== 'object') return undefined
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.<key>`
    const found = findNul(item, `${path}.${key}`, depth + 1)
    if (found) return found
  }
  return undefined
}

const schemaCache = new WeakMap<z.ZodType, unknown>()

function jsonSchema(schema: z.ZodType): unknown {
  let converted = schemaCache.get(schema)
  if (!converted) {
    converted = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' })
    schemaCache.set(schema, converted)
  }
  return converted
}
