import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { objectId, text } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { WORKSPACE_ID_PATTERN } from '../authorizations/workspace.ts'
import { destroyWorkspace, getCertificate, publishedSigningKeys, purgeAudit, verifyCertificate } from './destruction.service.ts'

const VERIFYING =
  'Canonical form: the certificate as JSON, object keys sorted by UTF-16 code units, no whitespace (RFC 8785), UTF-8. ' +
  'Suite gm: SM2 with SM3 over those bytes, signer id 1234567812345678; public key 04‖x‖y and signature r‖s, both hex (not DER). ' +
  'Suite intl: Ed25519. The key is the one named by certificate.signer.keyId in GET /api/v1/public/signing-keys (purpose destruction-certificate).'

const cutoff = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([zZ]|[+-]\d{2}:\d{2})?)?$/, 'a date (YYYY-MM-DD, China time) or an ISO 8601 time')
  .transform((v, ctx) => {
    const date = new Date(v.length === 10 ? `${v}T00:00:00+08:00` : /[zZ]|[+-]\d{2}:\d{2}$/.test(v) ? v : `${v}+08:00`)
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'not a real date' })
      return z.NEVER
    }
    return date
  })

export function destructionRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/workspaces/:id/destruction',
    summary: 'Destroy a closed workspace: keys destroyed, artifacts deleted, a signed certificate (the office or the operator; art. 31)',
    description:
      'Only once the agreement was terminated or expired (409 otherwise), and only once (409). Destroys the workspace key and every import key, marks the imports destroyed, erases released answers and model parameters, cancels the products, deletes the files; audit entries stay.',
    tags: ['destruction'],
    access: 'signed-in',
    params: z.object({ id: z.string().regex(WORKSPACE_ID_PATTERN, 'a workspace id like fin-credit') }).strict(),
    body: z.object({ note: text(2000) }).strict(),
    status: 201,
    handler: ({ params, body }, ctx) => destroyWorkspace(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/destruction-certificates/:id',
    summary: 'A destruction certificate and its signature (the operator, the office, regulators, the developer concerned)',
    tags: ['destruction'],
    access: 'signed-in',
    params: z.object({ id: objectId('dc') }).strict(),
    handler: ({ params }, ctx) => getCertificate(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/public/destruction-certificates/verify',
    summary: 'Check a destruction certificate against the platform\'s public key (public)',
    description: `Answers {valid, reason?}. Anyone can do the same offline. ${VERIFYING}`,
    tags: ['destruction'],
    access: 'public',
    rateLimit: { max: 60, timeWindow: '1 minute' },
    body: z.object({ certificate: z.record(z.string(), z.unknown()), signature: z.string().min(1).max(1000) }).strict(),
    handler: ({ body }) => verifyCertificate(platform, body.certificate, body.signature),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/public/signing-keys',
    summary: 'The platform\'s public signing keys, by purpose (public)',
    description: `What the platform signs (audit checkpoints, destruction certificates) verifies with these. ${VERIFYING}`,
    tags: ['destruction'],
    access: 'public',
    handler: async () => ({ keys: await publishedSigningKeys(platform), verifying: VERIFYING }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/audit/purge',
    summary: 'Purge audit entries older than the retention period, or count them with dryRun (audit administrator; art. 31)',
    description:
      'A cutoff later than now minus the pack\'s auditRetentionMonths (never under 6) is refused with rule art31.log-retention. The chain\'s anchor moves to the last purged entry and the purge is itself an entry.',
    tags: ['audit'],
    access: 'signed-in',
    body: z.object({ before: cutoff, dryRun: z.boolean().default(false) }).strict(),
    handler: ({ body }, ctx) => purgeAudit(platform, ctx, body),
  })
}
