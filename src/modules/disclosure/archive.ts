import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { auditEntries, type AuditEntry } from '../audit/audit-search.ts'
import { getAgreement, type Agreement } from '../authorizations/agreement.service.ts'
import { auditActor, type RequestContext } from '../identity/identity.service.ts'

/**
 * The archive package of one authorization (归档, art. 32): everything the platform recorded
 * about it, in one JSON document with the retention period of each part, for transfer to the
 * archives authority. Built from the records, never edited; its SM3 digest is audited, so a
 * package handed over can later be matched to the one the platform made.
 */

/**
 * Retention of each part, in years: a platform setting (the measures leave periods to the
 * archives rules). Authorizations and destruction records are kept for good (null); the audit
 * extract at least as long as art. 31 asks of logs, here 10 years.
 */
export const RETENTION_YEARS = {
  agreement: null,
  products: 30,
  registrations: 30,
  imports: 30,
  destruction: null,
  auditExtract: 10,
} as const

export interface ArchivePackage {
  readonly kind: 'shuyu-archive'
  readonly version: 1
  readonly createdAt: string
  readonly retentionYears: typeof RETENTION_YEARS
  readonly agreement: Agreement
  readonly products: readonly unknown[]
  readonly productReviews: readonly unknown[]
  readonly registrations: readonly unknown[]
  readonly imports: readonly unknown[]
  readonly destructionCertificate: unknown | null
  readonly auditExtract: readonly AuditEntry[]
  /** SM3 of the package without this field, canonical JSON. */
  readonly digest: string
}

/** The archive package of an agreement: whoever may see the agreement may take it; the taking is audited. */
export async function archivePackage(platform: Platform, ctx: RequestContext, agreementId: string): Promise<ArchivePackage> {
  const agreement = await getAgreement(platform, ctx, agreementId)
  const { db } = platform.store
  const workspaceId = agreement.workspace.id
  const products = await db.selectFrom('products').selectAll().where('agreement_id', '=', agreementId).orderBy('code').execute()
  const codes = products.map((p) => p.code)
  const productReviews = codes.length ? await db.selectFrom('product_reviews').selectAll().where('product_code', 'in', codes).orderBy('created_at').execute() : []
  const registrations = codes.length ? await db.selectFrom('registrations').selectAll().where('subject_type', '=', 'product').where('subject_code', 'in', codes).orderBy('applied_at').execute() : []
  const imports = await db.selectFrom('imports').select(['id', 'table_name', 'status', 'source', 'file_name', 'row_count', 'columns', 'plan', 'result', 'raw_hash', 'deidentified_hash', 'created_by', 'created_at', 'decided_by', 'decided_at', 'decision_note', 'destruction']).where('workspace_id', '=', workspaceId).orderBy('created_at').execute()
  const certificate = await db.selectFrom('destruction_certificates').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst()
  const objects = new Set<string>([agreementId, workspaceId, ...codes, ...registrations.map((r) => r.id), ...imports.map((i) => i.id), ...(certificate ? [certificate.id] : [])])
  const auditExtract: AuditEntry[] = []
  for await (const entry of auditEntries(db, {})) if (entry.objectId && objects.has(entry.objectId)) auditExtract.push(entry)
  const body = {
    kind: 'shuyu-archive' as const,
    version: 1 as const,
    createdAt: chinaTime(platform.clock()),
    retentionYears: RETENTION_YEARS,
    agreement,
    products: products.map((p) => ({ ...p, spec: JSON.parse(p.spec) as unknown, sources: JSON.parse(p.sources) as unknown, pricing: JSON.parse(p.pricing) as unknown })),
    productReviews,
    registrations,
    imports,
    destructionCertificate: certificate ?? null,
    auditExtract,
  }
  const digest = platform.keys.suite.hashHex(canonical(body))
  await platform.store.db.transaction().execute(async (trx) => {
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'archive.export',
      objectType: 'agreement',
      objectId: agreementId,
      action: 'export',
      result: 'success',
      detail: { digest, products: codes.length, registrations: registrations.length, imports: imports.length, auditEntries: auditExtract.length },
    })
  })
  return { ...body, digest }
}

/** JSON with every object's keys sorted: the same content gives the same digest. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  )
}
