import fs from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../../platform/errors.ts'
import { sqlString } from '../../platform/engine/engine.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { appendAudit, recordAudit } from '../audit/audit.service.ts'
import type { CatalogResourceInput } from '../catalog/catalog.ts'
import { findEntry, findResource } from '../catalog/catalog.repository.ts'
import type { CatalogResourceRow } from '../catalog/catalog.table.ts'
import { auditActor, type RequestContext } from '../identity/identity.service.ts'
import { canTransitionVersion, type PoolVersion, type SourceKind, type VersionStatus } from './pool.ts'
import { canLoadFromPath, canSeeQuality, canSeeQuarantinedValues, canUpload } from './pool.policy.ts'
import { runLoad, type LoadSource, type ProgressListener, type SourceFormat } from './pool-load.ts'
import type { PoolVersionRow } from './pool.table.ts'
import type { QualityReport } from './quality.ts'

export interface LoadRequest {
  readonly file: string
  readonly format: SourceFormat
  readonly kind: SourceKind
  /** The original file name, for the record. */
  readonly name: string
  /** Publish even if rows were quarantined; otherwise such a version is held for acceptance. */
  readonly acceptQuarantine?: boolean
  readonly onProgress?: ProgressListener
}

export function poolDir(platform: Platform): string {
  return path.join(platform.config.dataDir, 'pool')
}

function rowToVersion(row: PoolVersionRow): PoolVersion {
  return {
    id: row.id,
    resourceCode: row.resource_code,
    versionNo: row.version_no,
    status: row.status as VersionStatus,
    fileHash: row.file_hash,
    bytes: Number(row.bytes),
    sourceFormat: row.source_format,
    sourceKind: row.source_kind as SourceKind,
    sourceName: row.source_name,
    rows: { read: Number(row.rows_read), loaded: Number(row.rows_loaded), quarantined: Number(row.rows_quarantined) },
    quality: JSON.parse(row.quality) as QualityReport,
    loadedBy: row.loaded_by,
    loadedAt: row.loaded_at,
  }
}

async function publishedContent(db: Kysely<Database>, resource: CatalogResourceRow): Promise<CatalogResourceInput> {
  const entry = resource.published_version ? await findEntry(db, resource.code, resource.published_version) : undefined
  if (!entry) throw new ConflictError(`resource ${resource.code} has no published catalog entry yet: the bureau approves it first (art. 7)`)
  return JSON.parse(entry.content) as CatalogResourceInput
}

function assertMayLoad(ctx: RequestContext, resource: CatalogResourceRow, kind: SourceKind): void {
  if (kind === 'demo') {
    if (!ctx.host) throw new NotAllowedError('demo data is loaded on the host')
    return
  }
  const p = ctx.principal
  if (!p) throw new NotAllowedError('sign in first')
  if (kind === 'upload' && !canUpload(p, resource.provider_org_id)) {
    throw new NotAllowedError(`only the responsible source unit loads ${resource.code} (art. 9)`)
  }
  if (kind === 'path' && !canLoadFromPath(p)) throw new NotAllowedError('loads from a server path are for the operator')
}

/**
 * Loads a new version of a resource. The data is checked against the published catalog entry
 * and written to a new, immutable file; the store then points the resource at it in one
 * transaction. Any failure, or a crash, before that commit leaves the previous version serving.
 */
export async function loadVersion(platform: Platform, ctx: RequestContext, code: string, request: LoadRequest): Promise<PoolVersion> {
  const { db } = platform.store
  const resource = await findResource(db, code)
  if (!resource) throw new NotFoundError(`resource ${code} is not in the catalog`)
  assertMayLoad(ctx, resource, request.kind)
  const content = await publishedContent(db, resource)

  const id = newId('pv')
  const dir = path.join(poolDir(platform), resource.table_name)
  fs.mkdirSync(dir, { recursive: true })
  const final = { version: path.join(dir, `${id}.parquet`), quarantine: path.join(dir, `${id}.quarantine.parquet`) }
  const staging = { version: `${final.version}.tmp`, quarantine: `${final.quarantine}.tmp` }
  const cleanup = () => [...Object.values(staging), ...Object.values(final)].forEach((f) => fs.rmSync(f, { force: true }))

  let outcome
  try {
    outcome = await runLoad(
      platform.engine,
      {
        fields: content.fields,
        updateCycle: content.updateCycle,
        versionFile: staging.version,
        quarantineFile: staging.quarantine,
        references: await referenceFiles(platform, content),
        hashAlgorithm: platform.keys.suite.hashAlgorithm,
        now: platform.clock(),
      },
      { file: request.file, format: request.format } satisfies LoadSource,
      request.onProgress,
    )
  } catch (error) {
    cleanup()
    await recordAudit(platform, auditActor(ctx), {
      eventType: 'pool.load',
      objectType: 'resource',
      objectId: code,
      action: 'load',
      result: 'failure',
      reason: error instanceof Error ? error.message.slice(0, 500) : 'load failed',
      detail: { source: request.name, format: request.format },
    })
    throw error
  }
  const { report } = outcome
  if (report.rows.loaded === 0) {
    cleanup()
    await recordAudit(platform, auditActor(ctx), {
      eventType: 'pool.load',
      objectType: 'resource',
      objectId: code,
      action: 'load',
      result: 'failure',
      reason: 'no row passed the checks',
      detail: { source: request.name, rows: report.rows },
    })
    throw new LoadRejected(`no row of ${request.name} passed the quality checks (art. 10); the current version still serves`, report)
  }

  const status: VersionStatus = report.rows.quarantined > 0 && !request.acceptQuarantine ? 'held' : 'current'
  try {
    // On disk before the store points at them: a committed version survives a power cut.
    syncFile(staging.version)
    if (outcome.quarantined) syncFile(staging.quarantine)
    fs.renameSync(staging.version, final.version)
    if (outcome.quarantined) fs.renameSync(staging.quarantine, final.quarantine)
    syncFile(path.dirname(final.version))
    const { fileHash } = outcome
    const bytes = fs.statSync(final.version).size
    const at = chinaTime(platform.clock())
    const row = await db.transaction().execute(async (trx) => {
      // Lock the resource so two loads of it number their versions one after the other.
      await trx.updateTable('catalog_resources').set({ updated_at: at }).where('code', '=', code).execute()
      const last = await trx
        .selectFrom('pool_versions')
        .select((eb) => eb.fn.max('version_no').as('n'))
        .where('resource_code', '=', code)
        .executeTakeFirst()
      const version: PoolVersionRow = {
        id,
        resource_code: code,
        version_no: Number(last?.n ?? 0) + 1,
        file: path.relative(poolDir(platform), final.version),
        file_hash: fileHash,
        bytes,
        source_format: request.format,
        source_kind: request.kind,
        source_name: request.name.slice(0, 200),
        rows_read: report.rows.read,
        rows_loaded: report.rows.loaded,
        rows_quarantined: report.rows.quarantined,
        quarantine_file: outcome.quarantined ? path.relative(poolDir(platform), final.quarantine) : null,
        quality: JSON.stringify(report),
        status,
        loaded_by: ctx.principal?.userId ?? null,
        loaded_by_org_id: ctx.principal?.orgId ?? null,
        loaded_at: at,
      }
      await trx.insertInto('pool_versions').values(version).execute()
      if (status === 'current') await makeCurrent(trx, code, id, at)
      await appendAudit(trx, platform, auditActor(ctx), {
        eventType: 'pool.load',
        objectType: 'pool-version',
        objectId: id,
        action: 'load',
        result: 'success',
        detail: { resource: code, version: version.version_no, status, rows: report.rows, fileHash, source: request.name },
      })
      return version
    })
    return rowToVersion(row)
  } catch (error) {
    cleanup()
    throw error
  }
}

/** Points the resource at a version and supersedes the one serving before. */
async function makeCurrent(trx: Kysely<Database>, code: string, id: string, at: string): Promise<void> {
  await trx
    .updateTable('pool_versions')
    .set({ status: 'superseded' })
    .where('resource_code', '=', code)
    .where('status', '=', 'current')
    .where('id', '!=', id)
    .execute()
  await trx.updateTable('pool_versions').set({ status: 'current' }).where('id', '=', id).execute()
  await trx.updateTable('catalog_resources').set({ pool_version_id: id, updated_at: at }).where('code', '=', code).execute()
}

/** A load refused as a whole: the report says why, and so does each of its issues. */
export class LoadRejected extends InputError {
  readonly report: QualityReport
  constructor(message: string, report: QualityReport) {
    super(message, rejectionReasons(report).slice(0, 20))
    this.report = report
  }
}

/** Why rows were not loaded, as issues: those the reader rejected, then each rule they failed (repeated keys among them). */
function rejectionReasons(report: QualityReport): { path: string; message: string }[] {
  const { rejectedByParser } = report.rows
  return [
    ...(rejectedByParser > 0
      ? [{ path: 'rows', message: `${rejectedByParser} rows rejected while reading: a wrong number of columns, or a value that is not of its field's type` }]
      : []),
    ...report.validity.map((v) => ({ path: `rows.${v.field}`, message: `${v.rows} rows: ${v.problem}` })),
  ]
}

async function referenceFiles(platform: Platform, content: CatalogResourceInput) {
  const map = new Map<string, { file: string; field: string; label: string }>()
  for (const field of content.fields) {
    if (!field.references) continue
    const target = await findResource(platform.store.db, field.references.resource)
    if (!target?.pool_version_id) continue
    const version = await platform.store.db.selectFrom('pool_versions').select('file').where('id', '=', target.pool_version_id).executeTakeFirst()
    if (!version) continue
    map.set(field.name, {
      file: path.join(poolDir(platform), version.file),
      field: field.references.field,
      label: `${target.table_name}.${field.references.field}`,
    })
  }
  return map
}

/** Accepts a held version (with its quarantined rows set aside) as the one serving. */
export async function publishVersion(platform: Platform, ctx: RequestContext, id: string): Promise<PoolVersion> {
  const p = ctx.principal
  if (!p) throw new NotAllowedError('sign in first')
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('pool_versions').selectAll().where('id', '=', id).executeTakeFirst()
    const resource = row ? await findResource(trx, row.resource_code) : undefined
    if (!row || !resource || !canSeeQuality(p, resource.provider_org_id)) throw new NotFoundError(`pool version ${id} not found`)
    if (!canUpload(p, resource.provider_org_id)) throw new NotAllowedError('only the responsible source unit accepts its versions')
    if (!canTransitionVersion(row.status as VersionStatus, 'current')) throw new ConflictError(`a ${row.status} version cannot be made current`)
    const at = chinaTime(platform.clock())
    await makeCurrent(trx, row.resource_code, id, at)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'pool.publish',
      objectType: 'pool-version',
      objectId: id,
      action: 'publish',
      result: 'success',
      detail: { resource: row.resource_code, quarantined: Number(row.rows_quarantined) },
    })
    return rowToVersion({ ...row, status: 'current' })
  })
}

export async function resourceVersions(platform: Platform, ctx: RequestContext, code: string): Promise<PoolVersion[]> {
  const p = ctx.principal
  const resource = await findResource(platform.store.db, code)
  if (!p || !resource || !canSeeQuality(p, resource.provider_org_id)) throw new NotFoundError(`resource ${code} not found`)
  const rows = await platform.store.db.selectFrom('pool_versions').selectAll().where('resource_code', '=', code).orderBy('version_no', 'desc').execute()
  return rows.map(rowToVersion)
}

export async function poolVersion(platform: Platform, ctx: RequestContext, id: string): Promise<PoolVersion> {
  const p = ctx.principal
  const row = await platform.store.db.selectFrom('pool_versions').selectAll().where('id', '=', id).executeTakeFirst()
  const resource = row ? await findResource(platform.store.db, row.resource_code) : undefined
  if (!p || !row || !resource || !canSeeQuality(p, resource.provider_org_id)) throw new NotFoundError(`pool version ${id} not found`)
  return rowToVersion(row)
}

export interface QuarantinedRow {
  readonly record: number | null
  readonly line: number | null
  readonly reasons: readonly string[]
  /** The row as received; only for the source unit that supplied it. */
  readonly content?: string
}

/** The quarantined rows of a version, with their reasons. */
export async function quarantinedRows(platform: Platform, ctx: RequestContext, id: string, limit: number): Promise<QuarantinedRow[]> {
  const p = ctx.principal
  const row = await platform.store.db.selectFrom('pool_versions').selectAll().where('id', '=', id).executeTakeFirst()
  const resource = row ? await findResource(platform.store.db, row.resource_code) : undefined
  if (!p || !row || !resource || !canSeeQuality(p, resource.provider_org_id)) throw new NotFoundError(`pool version ${id} not found`)
  if (!row.quarantine_file) return []
  const withValues = canSeeQuarantinedValues(p, resource.provider_org_id)
  const file = path.join(poolDir(platform), row.quarantine_file)
  const connection = await platform.engine.connect()
  try {
    const reader = await connection.runAndReadAll(
      `SELECT record, line, reasons, content FROM read_parquet(${sqlString(file)}) LIMIT ${Math.floor(limit)}`,
    )
    return reader.getRowObjectsJS().map((r) => ({
      record: r.record === null ? null : Number(r.record),
      line: r.line === null ? null : Number(r.line),
      reasons: (r.reasons as string[]) ?? [],
      ...(withValues ? { content: String(r.content) } : {}),
    }))
  } finally {
    connection.closeSync()
  }
}

/**
 * Removes what interrupted loads left: staging files, and version files no version row names
 * (written, but the process died before the commit). Run at start; with a shared PostgreSQL
 * other nodes may be loading, so only files older than a day are touched there.
 */
export async function sweepPool(platform: Platform): Promise<number> {
  const root = poolDir(platform)
  const known = new Set(
    (await platform.store.db.selectFrom('pool_versions').select(['file', 'quarantine_file']).execute()).flatMap((r) => [r.file, r.quarantine_file].filter((f): f is string => f !== null)),
  )
  const minAgeMs = platform.store.dialect === 'sqlite' ? 0 : 24 * 3600 * 1000
  const now = Date.now()
  let removed = 0
  const sweep = (dir: string, isOrphan: (relative: string) => boolean) => {
    if (!fs.existsSync(dir)) return
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        sweep(full, isOrphan)
        continue
      }
      const relative = path.relative(root, full)
      if (isOrphan(relative) && now - fs.statSync(full).mtimeMs >= minAgeMs) {
        fs.rmSync(full, { force: true })
        removed++
      }
    }
  }
  sweep(root, (relative) => relative.endsWith('.tmp') || (relative.endsWith('.parquet') && !known.has(relative)))
  sweep(path.join(platform.config.dataDir, 'staging'), () => true)
  return removed
}

/** Flushes a file, or a folder's entries, to the disk. */
function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}
