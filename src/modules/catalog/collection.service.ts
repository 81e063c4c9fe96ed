import path from 'node:path'
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../../platform/errors.ts'
import { sqlIdentifier, sqlString } from '../../platform/engine/engine.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { actsForOrganization, type Principal } from '../identity/identity.ts'
import { auditActor, type RequestContext } from '../identity/identity.service.ts'
import { findOrganization } from '../identity/identity.repository.ts'
import { poolDir } from '../pool/pool.service.ts'
import { allPublishedFields } from './catalog.repository.ts'
import type { CatalogFieldRow } from './catalog.table.ts'

/**
 * Art. 8: one data item, one collecting unit. The platform finds fields that look like the same
 * item collected by different units (same name or title, same type, overlapping values) and
 * lists them for the bureau, which decides: a reference (one resource holds the other's key)
 * or a duplicate collection, with the one unit responsible from now on.
 */
export const RESOLUTIONS = ['reference', 'duplicate'] as const
export type Resolution = (typeof RESOLUTIONS)[number]

export interface FieldRef {
  readonly resource: string
  readonly field: string
  readonly title: string
  readonly collectingOrgId: string
}

export interface DuplicateCandidate {
  readonly a: FieldRef
  readonly b: FieldRef
  readonly reasons: readonly string[]
  /** Share of A's distinct sampled values also found in B, when both have data. */
  readonly overlap: number | null
  readonly resolution: { readonly kind: Resolution; readonly responsibleOrgId: string | null; readonly note: string; readonly resolvedAt: string } | null
}

function canSeeDuplicates(p: Principal): boolean {
  return (p.orgKind === 'bureau' && actsForOrganization(p)) || p.orgKind === 'regulator'
}

// A field's item without the role it plays: employer_uscc and uscc name the same item.
function itemName(name: string): string {
  return name.replace(/^(employer|legal_rep|owner|holder|person|applicant|contact)_/, '')
}

const SAMPLE = 10_000

export async function duplicateCollection(platform: Platform, ctx: RequestContext): Promise<DuplicateCandidate[]> {
  if (!ctx.principal || !canSeeDuplicates(ctx.principal)) throw new NotAllowedError('the duplicate-collection list is for the bureau and regulators (art. 8)')
  const { db } = platform.store
  const fields = await allPublishedFields(db)
  const pairs: [CatalogFieldRow, CatalogFieldRow, string[]][] = []
  for (let i = 0; i < fields.length; i++) {
    for (let j = i + 1; j < fields.length; j++) {
      const a = fields[i]!
      const b = fields[j]!
      if (a.resource_code === b.resource_code || a.collecting_org_id === b.collecting_org_id || a.data_type !== b.data_type) continue
      const reasons: string[] = []
      if (itemName(a.name) === itemName(b.name)) reasons.push(a.name === b.name ? 'same field name' : 'same data item under another name')
      if (a.title === b.title) reasons.push('same title')
      if (reasons.length > 0) pairs.push([a, b, [...reasons, `same type (${a.data_type})`]])
    }
  }
  const files = await currentFiles(platform)
  const resolutions = new Map(
    (await db.selectFrom('collection_resolutions').selectAll().execute()).map((r) => [`${r.field_a}|${r.field_b}`, r]),
  )
  const connection = pairs.length > 0 ? await platform.engine.connect() : undefined
  try {
    const result: DuplicateCandidate[] = []
    for (const [a, b, reasons] of pairs) {
      const [first, second] = order(a, b)
      const fileA = files.get(first.resource_code)
      const fileB = files.get(second.resource_code)
      let overlap: number | null = null
      if (connection && fileA && fileB) {
        const reader = await connection.runAndReadAll(
          `WITH sa AS (SELECT DISTINCT ${sqlIdentifier(first.name)} AS v FROM read_parquet(${sqlString(fileA)}) WHERE ${sqlIdentifier(first.name)} IS NOT NULL LIMIT ${SAMPLE}),
                sb AS (SELECT DISTINCT ${sqlIdentifier(second.name)} AS v FROM read_parquet(${sqlString(fileB)}))
           SELECT (SELECT count(*) FROM sa WHERE v IN (SELECT v FROM sb)) / greatest(1, (SELECT count(*) FROM sa))`,
        )
        overlap = Math.round(Number(reader.getRows()[0]?.[0] ?? 0) * 1000) / 1000
        if (overlap > 0) reasons.push(`${Math.round(overlap * 100)}% of sampled values overlap`)
      }
      const resolved = resolutions.get(`${key(first)}|${key(second)}`)
      result.push({
        a: ref(first),
        b: ref(second),
        reasons,
        overlap,
        resolution: resolved
          ? { kind: resolved.resolution as Resolution, responsibleOrgId: resolved.responsible_org_id, note: resolved.note, resolvedAt: resolved.resolved_at }
          : null,
      })
    }
    return result
  } finally {
    connection?.closeSync()
  }
}

function key(f: CatalogFieldRow): string {
  return `${f.resource_code}.${f.name}`
}

function order(a: CatalogFieldRow, b: CatalogFieldRow): [CatalogFieldRow, CatalogFieldRow] {
  return key(a) <= key(b) ? [a, b] : [b, a]
}

function ref(f: CatalogFieldRow): FieldRef {
  return { resource: f.resource_code, field: f.name, title: f.title, collectingOrgId: f.collecting_org_id }
}

async function currentFiles(platform: Platform): Promise<Map<string, string>> {
  const rows = await platform.store.db
    .selectFrom('catalog_resources')
    .innerJoin('pool_versions', 'pool_versions.id', 'catalog_resources.pool_version_id')
    .select(['catalog_resources.code', 'pool_versions.file'])
    .execute()
  return new Map(rows.map((r) => [r.code, path.join(poolDir(platform), r.file)]))
}

/** The bureau records its decision on a pair (art. 8). */
export async function resolveDuplicate(
  platform: Platform,
  ctx: RequestContext,
  input: { a: string; b: string; resolution: Resolution; responsibleOrgId?: string; note: string },
): Promise<void> {
  const p = ctx.principal
  if (!p || !(p.orgKind === 'bureau' && actsForOrganization(p))) throw new NotAllowedError('the bureau resolves duplicate collection (art. 8)')
  const [fieldA, fieldB] = input.a <= input.b ? [input.a, input.b] : [input.b, input.a]
  if (fieldA === fieldB) throw new InputError('a field is not its own duplicate')
  if (input.resolution === 'duplicate') {
    if (!input.responsibleOrgId) throw new InputError('name the one unit responsible for collecting it', [{ path: 'body.responsibleOrgId', message: 'required for a duplicate' }])
    const org = await findOrganization(platform.store.db, input.responsibleOrgId)
    if (!org || org.kind !== 'source_unit') throw new InputError(`${input.responsibleOrgId} is not a data source unit`)
  }
  const fields = new Set((await allPublishedFields(platform.store.db)).map(key))
  for (const f of [fieldA, fieldB]) if (!fields.has(f)) throw new NotFoundError(`no published field ${f}`)
  await platform.store.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('collection_resolutions').select('resolution').where('field_a', '=', fieldA).where('field_b', '=', fieldB).executeTakeFirst()
    if (existing) throw new ConflictError(`${fieldA} and ${fieldB} were already resolved as ${existing.resolution}`)
    await trx
      .insertInto('collection_resolutions')
      .values({
        field_a: fieldA,
        field_b: fieldB,
        resolution: input.resolution,
        responsible_org_id: input.responsibleOrgId ?? null,
        note: input.note,
        resolved_by: p.userId,
        resolved_at: chinaTime(platform.clock()),
      })
      .execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'catalog.collection-resolve',
      objectType: 'field-pair',
      objectId: `${fieldA}|${fieldB}`,
      action: input.resolution,
      result: 'success',
      reason: input.note.slice(0, 500),
    })
  })
}
