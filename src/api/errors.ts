import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { findRule } from '../modules/policy/policy-pack.ts'
import type { Platform } from '../platform/platform.ts'
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  RuleViolation,
  UnavailableError,
} from '../platform/errors.ts'
import { STANDARD_RULES } from '../platform/standard-rules.ts'
import { recordAudit } from '../modules/audit/audit.service.ts'
import { auditActor } from '../modules/identity/identity.service.ts'
import { isConsolePage, sendConsole } from './console.ts'
import { requestContext } from './context.ts'

/** The one error body: `{error: {code, message, rule?, article?, …}}`. */
export interface ErrorBody {
  readonly error: {
    readonly code: string
    readonly message: string
    readonly rule?: string
    readonly article?: string
    readonly ruleText?: string
    readonly issues?: readonly { path: string; message: string }[]
    readonly requestId?: string
  }
}

/** Where a rule comes from: the active pack (an article of the measures) or a national standard. */
export function citeRule(platform: Platform, ruleId: string): { article: string; ruleText?: string } {
  const rule = findRule(platform.pack, ruleId)
  if (rule) return { article: `${rule.articleLabel} (art. ${rule.article})`, ruleText: rule.text }
  const standard = STANDARD_RULES[ruleId]
  if (standard) return { article: standard.source, ruleText: standard.text }
  return { article: 'unknown' }
}

/**
 * Maps the few error classes to HTTP, in this one place. A 500 never carries its message: the
 * client gets the request id to quote, the log gets the rest.
 */
export function installErrorHandler(app: FastifyInstance, platform: Platform): void {
  app.setNotFoundHandler((request, reply) => {
    if (isConsolePage(request)) return void sendConsole(reply)
    void reply.status(404).send(body(request, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`))
  })

  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const ctx = requestContext(request)
    if (error instanceof InputError) {
      return reply.status(400).send(body(request, 'invalid_input', error.message, { issues: error.issues }))
    }
    if (error instanceof AuthenticationError) {
      return reply.status(401).header('www-authenticate', 'Bearer').send(body(request, error.code, error.message))
    }
    if (error instanceof NotAllowedError) {
      await recordRefusal(platform, request, error.message, undefined)
      return reply.status(403).send(body(request, error.code, error.message, { rule: 'art18.access-control', ...citeRule(platform, 'art18.access-control') }))
    }
    if (error instanceof NotFoundError) return reply.status(404).send(body(request, 'not_found', error.message))
    if (error instanceof ConflictError) return reply.status(409).send(body(request, 'conflict', error.message))
    if (error instanceof RuleViolation) {
      if (ctx.principal) await recordRefusal(platform, request, error.message, error.rule)
      return reply.status(422).send(body(request, 'rule_violation', error.message, { rule: error.rule, ...citeRule(platform, error.rule) }))
    }
    if (error instanceof UnavailableError) return reply.status(503).send(body(request, error.code, error.message))
    if (isUniqueViolation(error)) {
      // Two requests raced for the same unique thing; the store kept one. The other is told, not failed.
      return reply.status(409).send(body(request, 'conflict', 'this conflicts with something created meanwhile: reload and try again'))
    }
    const fastifyError = error as Partial<FastifyError>
    const status = fastifyError.statusCode ?? 500
    if (status === 413) {
      const message =
        fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `request body exceeds the limit of ${platform.config.bodyLimitBytes} bytes`
          : `upload exceeds the limit of ${platform.config.uploadLimitBytes} bytes`
      return reply.status(413).send(body(request, 'body_too_large', message))
    }
    if (status === 429) {
      return reply.status(429).send(body(request, 'rate_limited', fastifyError.message ?? 'too many requests: slow down'))
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send(body(request, clientCode(fastifyError.code), clientMessage(fastifyError)))
    }
    request.log.error({ err: error }, 'unhandled error')
    return reply
      .status(500)
      .send(body(request, 'internal', `internal error: quote request id ${request.id} to the platform's administrators`))
  })
}

/**
 * The router's own refusals, met before any route and so before the error handler: a URL whose
 * escapes do not decode, a path parameter longer than the router takes. Same body as the rest.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 500
  if (status >= 500) {
    void reply.status(500).send(body(request, 'internal', `internal error: quote request id ${request.id} to the platform's administrators`))
    return
  }
  void reply.status(status).send(body(request, clientCode(error.code), clientMessage(error)))
}

/** A unique constraint of the store (SQLite or PostgreSQL) refused a write. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown }
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505'
}

function body(request: FastifyRequest, code: string, message: string, extra: Omit<ErrorBody['error'], 'code' | 'message'> = {}): ErrorBody {
  return { error: { code, message, ...extra, requestId: request.id } }
}

/** Refusals are audited: a burst of them is what supervision looks for. */
async function recordRefusal(platform: Platform, request: FastifyRequest, reason: string, rule: string | undefined): Promise<void> {
  try {
    await recordAudit(platform, auditActor(requestContext(request)), {
      eventType: 'access.refused',
      objectType: 'route',
      objectId: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      action: request.method.toLowerCase(),
      result: 'refused',
      reason: reason.slice(0, 500),
      ...(rule ? { detail: { rule } } : {}),
    })
  } catch (error) {
    request.log.error({ err: error }, 'could not record a refusal in the audit log')
  }
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_VALIDATION: 'invalid_input',
  FST_ERR_BAD_URL: 'invalid_url',
  FST_ERR_MAX_PARAM_LENGTH: 'path_parameter_too_long',
}

function clientCode(code: string | undefined): string {
  return (code && FASTIFY_CODES[code]) ?? 'bad_request'
}

function clientMessage(error: Partial<FastifyError>): string {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.name === 'SyntaxError') {
    return 'request body is not valid JSON'
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'request body is empty but content-type is application/json'
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'unsupported content-type: send application/json'
  if (error.code === 'FST_ERR_BAD_URL') return 'the URL does not decode: a percent-escape is malformed or not UTF-8'
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return 'a path parameter is too long for any route'
  return error.message ?? 'bad request'
}
