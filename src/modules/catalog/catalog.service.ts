import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { findOrganization } from '../identity/identity.repository.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import {
  canTransition,
  gradeLabel,
  isSensitive,
  resourceGrade,
  suggestTagsByName,
  type CatalogFieldInput,
  type CatalogResourceInput,
  type DataLevel,
  type EntryStatus,
  type GeneralGrade,
  type PersonalInfoTag,
} from './catalog.ts'
import { canCompile, canEditEntry, canReview, canSeeAllEntries, canSeeEntries } from './catalog.policy.ts'
import {
  findEntry,
  findOpenEntry,
  findResource,
  findResourceByTable,
  insertEntry,
  insertResource,
  latestVersion,
  listEntries,
  listPublishedResources,
  replaceFields,
  transitionEntry,
  updateResource,
} from './catalog.repository.ts'
import type { CatalogEntryRow, CatalogFieldRow, CatalogResourceRow } from './catalog.table.ts'

export interface CatalogField extends CatalogFieldInput {
  readonly sensitive: boolean
}

/** A resource of the unified city catalog, as published. */
export interface CatalogResource extends Omit<CatalogResourceInput, 'fields'> {
  readonly publishedVersion: number
  readonly level: DataLevel
  readonly grade: GeneralGrade | null
  readonly gradeLabel: string
  readonly sensitive: boolean
  readonly authorizable: boolean
  readonly poolVersionId: string | null
  readonly fields: readonly CatalogField[]
}

export interface CatalogEntry {
  readonly code: string
  readonly version: number
  readonly status: EntryStatus
  readonly content: CatalogResourceInput
  readonly compiledByOrgId: string
  readonly createdAt: string
  readonly submittedAt: string | null
  readonly reviewedBy: string | null
  readonly reviewedAt: string | null
  readonly reviewComment: string | null
  /** Personal-information tags the platform would add, by field name (a suggestion only). */
  readonly suggestions: readonly { field: string; tags: readonly PersonalInfoTag[] }[]
}

function rowToEntry(row: CatalogEntryRow): CatalogEntry {
  const content = JSON.parse(row.content) as CatalogResourceInput
  return {
    code: row.code,
    version: row.version,
    status: row.status as EntryStatus,
    content,
    compiledByOrgId: row.compiled_by_org_id,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    reviewComment: row.review_comment,
    suggestions: missingTagSuggestions(content.fields),
  }
}

function missingTagSuggestions(fields: readonly CatalogFieldInput[]): { field: string; tags: PersonalInfoTag[] }[] {
  return fields.flatMap((field) => {
    const tags = suggestTagsByName(field).filter((tag) => !field.personalInfo.includes(tag))
    return tags.length > 0 ? [{ field: field.name, tags }] : []
  })
}

function toResource(row: CatalogResourceRow, content: CatalogResourceInput): CatalogResource {
  const level = (row.level ?? 'general') as DataLevel
  const grade = row.grade as GeneralGrade | null
  return {
    ...content,
    publishedVersion: row.published_version ?? 0,
    level,
    grade,
    gradeLabel: gradeLabel(level, grade),
    sensitive: row.sensitive === 1,
    authorizable: row.authorizable === 1,
    poolVersionId: row.pool_version_id,
    fields: content.fields.map((field) => ({ ...field, sensitive: isSensitive(field.personalInfo) })),
  }
}

// ---------------------------------------------------------------------------- compiling

/**
 * Compiles an entry: a new resource's first draft, or the next version of an existing one. While
 * a version is open (draft or returned) the compiler edits it in place; a submitted version is
 * frozen until the bureau decides.
 */
export async function compileEntry(platform: Platform, ctx: RequestContext, input: CatalogResourceInput): Promise<CatalogEntry> {
  const p = actingPrincipal(ctx)
  if (!canCompile(p)) throw new NotAllowedError('catalog entries are compiled by sector authorities and the data bureau (art. 7)')
  const at = chinaTime(platform.clock())
  return platform.store.db.transaction().execute(async (trx) => {
    await assertReferencesExist(trx, input)
    const existing = await findResource(trx, input.code)
    const sameTable = await findResourceByTable(trx, input.tableName)
    if (sameTable && sameTable.code !== input.code) {
      throw new ConflictError(`table name ${input.tableName} already belongs to resource ${sameTable.code}`)
    }
    if (existing && !canEditEntry(p, existing.compiled_by_org_id)) {
      if (!canSeeEntries(p, existing.compiled_by_org_id)) throw new ConflictError(`resource code ${input.code} is taken`)
      throw new NotAllowedError(`resource ${input.code} is compiled by another organization`)
    }
    if (existing && existing.published_version !== null && existing.table_name !== input.tableName) {
      throw new ConflictError(`resource ${input.code} is published as table ${existing.table_name}: its table name cannot change`)
    }
    if (!existing) {
      await insertResource(trx, {
        code: input.code,
        table_name: input.tableName,
        name: input.name,
        provider_org_id: input.providerOrgId,
        compiled_by_org_id: p.orgId,
        published_version: null,
        level: null,
        grade: null,
        sensitive: 0,
        authorizable: input.exclusion ? 0 : 1,
        pool_version_id: null,
        created_at: at,
        updated_at: at,
      })
    }
    const open = existing ? await findOpenEntry(trx, input.code) : undefined
    if (open?.status === 'submitted') {
      throw new ConflictError(`version ${open.version} of ${input.code} is under review: wait for the bureau's decision`)
    }
    let row: CatalogEntryRow
    if (open) {
      await trx
        .updateTable('catalog_entries')
        .set({ content: JSON.stringify(input), updated_at: at })
        .where('code', '=', input.code)
        .where('version', '=', open.version)
        .execute()
      row = { ...open, content: JSON.stringify(input), updated_at: at }
    } else {
      row = {
        code: input.code,
        version: (await latestVersion(trx, input.code)) + 1,
        status: 'draft',
        content: JSON.stringify(input),
        compiled_by_org_id: p.orgId,
        created_by: p.userId,
        created_at: at,
        updated_at: at,
        submitted_by: null,
        submitted_at: null,
        reviewed_by: null,
        reviewed_at: null,
        review_comment: null,
      }
      await insertEntry(trx, row)
    }
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'catalog.compile',
      objectType: 'catalog-entry',
      objectId: `${input.code}@${row.version}`,
      action: open ? 'update' : 'create',
      result: 'success',
      detail: { fields: input.fields.length, tableName: input.tableName },
    })
    return rowToEntry(row)
  })
}

async function assertReferencesExist(trx: Kysely<Database>, input: CatalogResourceInput): Promise<void> {
  const provider = await findOrganization(trx, input.providerOrgId)
  if (!provider || provider.kind !== 'source_unit') {
    throw new InputError(`provider ${input.providerOrgId} is not a data source unit`, [{ path: 'body.providerOrgId', message: 'not a source unit' }])
  }
  for (const [i, field] of input.fields.entries()) {
    const unit = await findOrganization(trx, field.collectingOrgId)
    if (!unit || unit.kind !== 'source_unit') {
      throw new InputError(`field ${field.name}: collecting unit ${field.collectingOrgId} is not a data source unit (art. 8)`, [
        { path: `body.fields.${i}.collectingOrgId`, message: 'not a source unit' },
      ])
    }
  }
}

export async function submitEntry(platform: Platform, ctx: RequestContext, code: string): Promise<CatalogEntry> {
  const p = actingPrincipal(ctx)
  const at = chinaTime(platform.clock())
  return platform.store.db.transaction().execute(async (trx) => {
    const open = await findOpenEntry(trx, code)
    if (!open || !canSeeEntries(p, open.compiled_by_org_id)) throw new NotFoundError(`no open catalog entry for ${code}`)
    if (!canEditEntry(p, open.compiled_by_org_id)) throw new NotAllowedError('only the compiling organization submits its entry')
    assertTransition(open.status as EntryStatus, 'submitted')
    const changes = { status: 'submitted', submitted_by: p.userId, submitted_at: at, updated_at: at }
    if (!(await transitionEntry(trx, code, open.version, open.status, changes))) throw new ConflictError(`${code} changed meanwhile: reload`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'catalog.submit',
      objectType: 'catalog-entry',
      objectId: `${code}@${open.version}`,
      action: 'submit',
      result: 'success',
    })
    return rowToEntry({ ...open, ...changes })
  })
}

function assertTransition(from: EntryStatus, to: EntryStatus): void {
  if (!canTransition(from, to)) throw new ConflictError(`a ${from} entry cannot become ${to}`)
}

export const REVIEW_DECISIONS = ['approve', 'return'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]

/**
 * The bureau's review (art. 7): approving publishes the version in the unified city catalog and
 * re-grades the resource; returning sends it back with comments.
 */
export async function reviewEntry(
  platform: Platform,
  ctx: RequestContext,
  code: string,
  version: number,
  decision: ReviewDecision,
  comment: string | undefined,
): Promise<CatalogEntry> {
  const p = actingPrincipal(ctx)
  const at = chinaTime(platform.clock())
  return platform.store.db.transaction().execute(async (trx) => {
    const entry = await findEntry(trx, code, version)
    if (!entry || !canSeeEntries(p, entry.compiled_by_org_id)) throw new NotFoundError(`catalog entry ${code} version ${version} not found`)
    if (!canReview(p)) throw new NotAllowedError('catalog entries are reviewed by the data bureau (art. 7)')
    if (entry.submitted_by === p.userId) {
      throw new RuleViolation('art07.catalog-review', 'the person who submitted an entry cannot also approve or return it')
    }
    if (decision === 'return' && !comment) throw new InputError('say what to change: a return needs comments', [{ path: 'body.comment', message: 'required to return' }])
    const to: EntryStatus = decision === 'approve' ? 'approved' : 'returned'
    assertTransition(entry.status as EntryStatus, to)
    const changes = { status: to, reviewed_by: p.userId, reviewed_at: at, review_comment: comment ?? null, updated_at: at }
    if (!(await transitionEntry(trx, code, version, entry.status, changes))) throw new ConflictError(`${code} changed meanwhile: reload`)
    if (to === 'approved') await publish(trx, code, version, JSON.parse(entry.content) as CatalogResourceInput, at)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'catalog.review',
      objectType: 'catalog-entry',
      objectId: `${code}@${version}`,
      action: decision,
      result: 'success',
      ...(comment ? { reason: comment.slice(0, 500) } : {}),
    })
    return rowToEntry({ ...entry, ...changes })
  })
}

async function publish(trx: Kysely<Database>, code: string, version: number, content: CatalogResourceInput, at: string): Promise<void> {
  const grade = resourceGrade(content.fields)
  await updateResource(trx, code, {
    name: content.name,
    table_name: content.tableName,
    provider_org_id: content.providerOrgId,
    published_version: version,
    level: grade.level,
    grade: grade.grade,
    sensitive: content.fields.some((f) => isSensitive(f.personalInfo)) ? 1 : 0,
    authorizable: content.exclusion ? 0 : 1,
    updated_at: at,
  })
  const rows: CatalogFieldRow[] = content.fields.map((field, position) => ({
    resource_code: code,
    name: field.name,
    position,
    title: field.title,
    data_type: field.dataType,
    level: field.level,
    grade: field.grade,
    personal_info: JSON.stringify(field.personalInfo),
    sensitive: isSensitive(field.personalInfo) ? 1 : 0,
    identifier: field.identifier ? 1 : 0,
    collecting_org_id: field.collectingOrgId,
  }))
  await replaceFields(trx, code, rows)
}

// ---------------------------------------------------------------------------- reading

// Published catalog versions never change, so their parsed content is kept per store (every query
// in a workspace reads it). A transaction is a handle of its own and simply misses.
const contentCaches = new WeakMap<Kysely<Database>, Map<string, CatalogResourceInput>>()
const CONTENT_CACHE_SIZE = 1000

/** A resource's row and the content of its published version, or undefined if it is not published. */
export async function publishedContent(db: Kysely<Database>, code: string): Promise<{ row: CatalogResourceRow; content: CatalogResourceInput } | undefined> {
  const row = await findResource(db, code)
  return row ? withContent(db, row) : undefined
}

/**
 * Several resources' rows and published contents, read in one visit to the store: the resources
 * of a workspace, read on every query. Unpublished or unknown codes are absent from the map.
 */
export async function publishedContents(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, { row: CatalogResourceRow; content: CatalogResourceInput }>> {
  const found = new Map<string, { row: CatalogResourceRow; content: CatalogResourceInput }>()
  if (codes.length === 0) return found
  for (const row of await db.selectFrom('catalog_resources').selectAll().where('code', 'in', [...new Set(codes)]).execute()) {
    const published = await withContent(db, row)
    if (published) found.set(row.code, published)
  }
  return found
}

async function withContent(db: Kysely<Database>, row: CatalogResourceRow): Promise<{ row: CatalogResourceRow; content: CatalogResourceInput } | undefined> {
  if (!row.published_version) return undefined
  const key = `${row.code}@${row.published_version}`
  let cache = contentCaches.get(db)
  if (!cache) contentCaches.set(db, (cache = new Map()))
  let content = cache.get(key)
  if (!content) {
    const entry = await findEntry(db, row.code, row.published_version)
    if (!entry) return undefined
    content = JSON.parse(entry.content) as CatalogResourceInput
    if (cache.size >= CONTENT_CACHE_SIZE) cache.delete(cache.keys().next().value!)
    cache.set(key, content)
  }
  return { row, content }
}

/** The unified city catalog: every published resource, with its fields and grades. */
export async function publishedCatalog(platform: Platform): Promise<CatalogResource[]> {
  const { db } = platform.store
  const resources = await listPublishedResources(db)
  const result: CatalogResource[] = []
  for (const row of resources) {
    const entry = await findEntry(db, row.code, row.published_version!)
    if (entry) result.push(toResource(row, JSON.parse(entry.content) as CatalogResourceInput))
  }
  return result
}

export async function publishedResource(platform: Platform, code: string): Promise<CatalogResource> {
  const published = await publishedContent(platform.store.db, code)
  if (!published) throw new NotFoundError(`resource ${code} is not in the catalog`)
  return toResource(published.row, published.content)
}

/** Entry versions the actor may see: its own compilations, or all for the bureau and regulators. */
export async function catalogEntries(
  platform: Platform,
  ctx: RequestContext,
  filter: { status?: EntryStatus; code?: string },
): Promise<CatalogEntry[]> {
  const p = actingPrincipal(ctx)
  if (!canSeeAllEntries(p) && !canCompile(p)) throw new NotAllowedError('catalog work in progress is for compilers, the bureau and regulators')
  const rows = await listEntries(platform.store.db, {
    ...filter,
    ...(canSeeAllEntries(p) ? {} : { compiledByOrgId: p.orgId }),
  })
  return rows.map(rowToEntry)
}
