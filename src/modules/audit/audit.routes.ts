import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { NotAllowedError } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import { auditActor } from '../identity/identity.service.ts'
import { AUDIT_RESULTS } from './audit.ts'
import { beginAuditExport, EXPORT_FORMATS, searchAudit } from './audit-search.ts'
import { verifyAuditLog } from './audit-verify.ts'
import { canReadAudit } from './audit.policy.ts'
import { listCheckpoints } from './audit.repository.ts'
import { recordAudit } from './audit.service.ts'
import { signingPublicKeys } from '../../platform/keys/keys.ts'

const timeBound = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([zZ]|[+-]\d{2}:\d{2})?)?$/, 'an ISO 8601 date or time')
  .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? v : v.replace(' ', 'T'))), 'not a real date')
const token = z.string().min(1).max(200)

const filterSchema = {
  from: timeBound.optional(),
  to: timeBound.optional(),
  eventType: z.string().regex(/^[a-z0-9.*-]{1,100}$/, 'an event type like auth.login or auth.*').optional(),
  actor: token.optional(),
  orgId: token.optional(),
  objectType: token.optional(),
  objectId: token.optional(),
  result: z.enum(AUDIT_RESULTS).optional(),
  requestId: token.optional(),
}

export function auditRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/audit/entries',
    summary: 'Search the audit log, newest first (audit administrator, regulators)',
    tags: ['audit'],
    access: 'signed-in',
    query: z
      .object({
        ...filterSchema,
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        before: z.coerce.number().int().min(1).optional(),
      })
      .strict(),
    handler: ({ query }, ctx) => {
      const { limit, before, ...filter } = query
      return searchAudit(platform, ctx, filter, { limit, ...(before !== undefined ? { before } : {}) })
    },
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/audit/export',
    summary: 'Export matching audit entries as CSV or JSON, oldest first (audit administrator, regulators)',
    tags: ['audit'],
    access: 'signed-in',
    query: z.object({ ...filterSchema, format: z.enum(EXPORT_FORMATS).default('json') }).strict(),
    handler: async ({ query }, ctx, _request, reply) => {
      const { format, ...filter } = query
      const chunks = await beginAuditExport(platform, ctx, filter, format)
      const stamp = new Date().toISOString().slice(0, 10)
      return reply
        .status(200)
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="shuyu-audit-${stamp}.${format}"`)
        .send(readableFrom(chunks))
    },
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/audit/verify',
    summary: 'Re-walk the hash chain and check the signed checkpoints (audit administrator, regulators)',
    tags: ['audit'],
    access: 'signed-in',
    handler: async (_, ctx) => {
      if (!ctx.principal || !canReadAudit(ctx.principal)) {
        throw new NotAllowedError('only the audit administrator and regulators verify the audit log')
      }
      const report = await verifyAuditLog(platform.store)
      await recordAudit(platform, auditActor(ctx), {
        eventType: 'audit.verify',
        action: 'verify',
        result: report.ok ? 'success' : 'failure',
        ...(report.firstBreak ? { reason: report.firstBreak.message } : {}),
        detail: { entries: report.entries, headSeq: report.headSeq },
      })
      return report
    },
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/audit/checkpoints',
    summary: 'Signed checkpoints of the audit chain and the public keys to check them (public)',
    description:
      'Anyone may keep these: a checkpoint proves the log up to its entry, and a later rewrite of that part of the log no longer matches it.',
    tags: ['audit'],
    access: 'public',
    handler: async () => {
      const keys = await signingPublicKeys(platform.store.db)
      return {
        message: 'shuyu-audit-checkpoint|<seq>|<hash>|<createdAt>',
        checkpoints: (await listCheckpoints(platform.store.db)).map((c) => ({
          seq: c.seq,
          hash: c.hash,
          createdAt: c.created_at,
          suite: c.suite,
          keyId: c.key_id,
          signature: c.signature,
        })),
        publicKeys: [...keys].map(([id, key]) => ({ id, suite: key.suite, publicKey: key.publicKey })),
      }
    },
  })
}

function readableFrom(chunks: AsyncIterable<string>) {
  return Readable.from(chunks, { objectMode: false })
}
