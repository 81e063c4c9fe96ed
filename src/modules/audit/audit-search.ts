import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { NotAllowedError } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import type { RequestContext } from '../identity/identity.service.ts'
import { auditActor } from '../identity/identity.service.ts'
import { recordAudit } from './audit.service.ts'
import { canReadAudit } from './audit.policy.ts'
import type { AuditEntryRow } from './audit.table.ts'

export interface AuditFilter {
  /** Inclusive lower and exclusive upper bound on the time, ISO 8601 (+08:00 assumed if absent). */
  readonly from?: string
  readonly to?: string
  readonly eventType?: string
  readonly actor?: string
  readonly orgId?: string
  readonly objectType?: string
  readonly objectId?: string
  readonly result?: string
  readonly requestId?: string
}

export interface AuditEntry {
  readonly seq: number
  readonly occurredAt: string
  readonly actorUserId: string | null
  readonly actorUsername: string | null
  readonly orgId: string | null
  readonly role: string | null
  readonly sourceIp: string | null
  readonly eventType: string
  readonly objectType: string | null
  readonly objectId: string | null
  readonly action: string
  readonly result: string
  readonly reason: string | null
  readonly requestId: string | null
  readonly detail: unknown
  readonly prevHash: string
  readonly hash: string
}

export function rowToAuditEntry(row: AuditEntryRow): AuditEntry {
  let detail: unknown = null
  if (row.detail) {
    try {
      detail = JSON.parse(row.detail)
    } catch {
      detail = row.detail
    }
  }
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorUsername: row.actor_username,
    orgId: row.org_id,
    role: row.role,
    sourceIp: row.source_ip,
    eventType: row.event_type,
    objectType: row.object_type,
    objectId: row.object_id,
    action: row.action,
    result: row.result,
    reason: row.reason,
    requestId: row.request_id,
    detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

type AuditQuery = SelectQueryBuilder<Database, 'audit_entries', AuditEntryRow>

function filtered(db: Kysely<Database>, f: AuditFilter): AuditQuery {
  let q = db.selectFrom('audit_entries').selectAll() as AuditQuery
  if (f.from) q = q.where('occurred_at', '>=', chinaBound(f.from))
  if (f.to) q = q.where('occurred_at', '<', chinaBound(f.to))
  if (f.eventType) {
    q = f.eventType.endsWith('.*')
      ? q.where('event_type', 'like', `${escapeLike(f.eventType.slice(0, -1))}%`)
      : q.where('event_type', '=', f.eventType)
  }
  if (f.actor) q = q.where('actor_username', '=', f.actor)
  if (f.orgId) q = q.where('org_id', '=', f.orgId)
  if (f.objectType) q = q.where('object_type', '=', f.objectType)
  if (f.objectId) q = q.where('object_id', '=', f.objectId)
  if (f.result) q = q.where('result', '=', f.result)
  if (f.requestId) q = q.where('request_id', '=', f.requestId)
  return q
}

// Stored times are +08:00 text; a bound given as a date or without an offset means China time.
function chinaBound(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00.000+08:00`
  const date = new Date(/[zZ]|[+-]\d{2}:\d{2}$/.test(value) ? value : `${value}+08:00`)
  return new Date(date.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00')
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[]
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  readonly nextBefore?: number
}

function assertCanRead(ctx: RequestContext): void {
  if (!ctx.principal || !canReadAudit(ctx.principal)) {
    throw new NotAllowedError('only the audit administrator and regulators read the audit log', 'not_allowed')
  }
}

/** Newest first, in pages; every search is itself recorded (who looked at what). */
export async function searchAudit(
  platform: Platform,
  ctx: RequestContext,
  filter: AuditFilter,
  page: { limit: number; before?: number },
): Promise<AuditPage> {
  assertCanRead(ctx)
  let q = filtered(platform.store.db, filter).orderBy('seq', 'desc').limit(page.limit + 1)
  if (page.before !== undefined) q = q.where('seq', '<', page.before)
  const rows = await q.execute()
  await recordAudit(platform, auditActor(ctx), {
    eventType: 'audit.search',
    action: 'read',
    result: 'success',
    detail: { filter, returned: Math.min(rows.length, page.limit) },
  })
  const entries = rows.slice(0, page.limit).map(rowToAuditEntry)
  return rows.length > page.limit ? { entries, nextBefore: entries.at(-1)!.seq } : { entries }
}

/** Every matching entry, oldest first, in batches: for exports of any size. */
export async function* auditEntries(db: Kysely<Database>, filter: AuditFilter, batch = 2000): AsyncGenerator<AuditEntry> {
  let after = -1
  for (;;) {
    const rows = await filtered(db, filter).where('seq', '>', after).orderBy('seq').limit(batch).execute()
    for (const row of rows) yield rowToAuditEntry(row)
    if (rows.length < batch) return
    after = Number(rows.at(-1)!.seq)
  }
}

export const EXPORT_FORMATS = ['csv', 'json'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

const CSV_COLUMNS = [
  'seq', 'occurredAt', 'actorUserId', 'actorUsername', 'orgId', 'role', 'sourceIp', 'eventType',
  'objectType', 'objectId', 'action', 'result', 'reason', 'requestId', 'detail', 'prevHash', 'hash',
] as const satisfies readonly (keyof AuditEntry)[]

/** Renders entries as CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read Chinese) or JSON. */
export async function* renderExport(entries: AsyncIterable<AuditEntry>, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'json') {
    yield '['
    let first = true
    for await (const entry of entries) {
      yield (first ? '\n' : ',\n') + JSON.stringify(entry)
      first = false
    }
    yield '\n]\n'
    return
  }
  yield '\uFEFF' + CSV_COLUMNS.join(',') + '\r\n'
  for await (const entry of entries) {
    yield CSV_COLUMNS.map((column) => csvCell(entry[column])).join(',') + '\r\n'
  }
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value)
  // A leading = + - @ would make a spreadsheet evaluate the cell (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Starts an export: checks the reader and records the export before any entry leaves. */
export async function beginAuditExport(platform: Platform, ctx: RequestContext, filter: AuditFilter, format: ExportFormat): Promise<AsyncGenerator<string>> {
  assertCanRead(ctx)
  await recordAudit(platform, auditActor(ctx), {
    eventType: 'audit.export',
    action: 'export',
    result: 'success',
    detail: { filter, format },
  })
  return renderExport(auditEntries(platform.store.db, filter), format)
}
