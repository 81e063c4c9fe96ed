import { sql, type Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import type { AnnualReportRow } from './report.table.ts'

/**
 * SQL of the annual report: its own rows, and the per-month counts over the year that no other
 * module computes (the ledger, disclosure and the audit repository are called for the rest).
 * Times are China-time ISO text, so a year is `[from, to)` compared as text.
 */

export interface YearRange {
  /** `YYYY-01-01T00:00:00`: the first instant of the year, compared as text. */
  readonly from: string
  /** `YYYY+1-01-01T00:00:00`: the first instant after it. */
  readonly to: string
}

const month = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 7)`

// ---------------------------------------------------------------------------- the reports

export async function findReport(db: Kysely<Database>, id: string): Promise<AnnualReportRow | undefined> {
  return db.selectFrom('annual_reports').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findReportOfYear(db: Kysely<Database>, operatorOrgId: string, year: number): Promise<{ id: string } | undefined> {
  return db.selectFrom('annual_reports').select('id').where('operator_org_id', '=', operatorOrgId).where('year', '=', year).executeTakeFirst()
}

export async function listReportRows(db: Kysely<Database>, filter: { operatorOrgId?: string; filedOnly?: boolean; status?: string | undefined }): Promise<AnnualReportRow[]> {
  let query = db.selectFrom('annual_reports').selectAll().orderBy('year', 'desc').orderBy('operator_org_id')
  if (filter.operatorOrgId) query = query.where('operator_org_id', '=', filter.operatorOrgId)
  if (filter.filedOnly) query = query.where('first_filed_at', 'is not', null)
  if (filter.status) query = query.where('status', '=', filter.status)
  return query.execute()
}

export async function insertReport(db: Kysely<Database>, row: AnnualReportRow): Promise<void> {
  await db.insertInto('annual_reports').values(row).execute()
}

/** Compare-and-set: the row must still be as read (status and last change), else nothing is written. */
export async function updateReport(
  db: Kysely<Database>,
  read: Pick<AnnualReportRow, 'id' | 'status' | 'updated_at'>,
  changes: Partial<Omit<AnnualReportRow, 'id' | 'operator_org_id' | 'year' | 'created_by' | 'created_at'>>,
): Promise<boolean> {
  const result = await db.updateTable('annual_reports').set(changes).where('id', '=', read.id).where('status', '=', read.status).where('updated_at', '=', read.updated_at).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// ---------------------------------------------------------------------------- the operator

export async function operatorDesignations(db: Kysely<Database>, operatorOrgId: string) {
  return db
    .selectFrom('operator_authorizations')
    .select(['id', 'status', 'term_start', 'term_end', 'scope'])
    .where('operator_org_id', '=', operatorOrgId)
    .orderBy('term_start')
    .execute()
}

export async function organizationNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('organizations').select(['id', 'name']).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

export async function operatorAgreements(db: Kysely<Database>, operatorOrgId: string) {
  return db
    .selectFrom('agreements')
    .select(['id', 'status', 'workspace_id', 'activated_at', 'ended_at', 'rectification_deadline'])
    .where('operator_org_id', '=', operatorOrgId)
    .execute()
}

export async function workspaceRows(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db.selectFrom('workspaces').select(['id', 'status', 'budget_epsilon', 'created_at']).where('id', 'in', [...ids]).execute()
}

// ---------------------------------------------------------------------------- the pool

/** The resources given, with the pool version serving each (none yet: nulls). */
export async function servingVersions(db: Kysely<Database>, codes: readonly string[]) {
  if (codes.length === 0) return []
  return db
    .selectFrom('catalog_resources as r')
    .leftJoin('pool_versions as v', 'v.id', 'r.pool_version_id')
    .select(['r.code', 'r.name', 'r.level', 'r.grade', 'v.version_no', 'v.rows_loaded', 'v.bytes', 'v.loaded_at'])
    .where('r.code', 'in', [...codes])
    .orderBy('r.code')
    .execute()
}

/** Versions loaded in the year for the resources given: how many, rows kept, rows quarantined. */
export async function loadsInYear(db: Kysely<Database>, codes: readonly string[], range: YearRange) {
  if (codes.length === 0) return { versions: 0, rows: 0, quarantined: 0 }
  const row = await db
    .selectFrom('pool_versions')
    .select((eb) => [eb.fn.countAll<number>().as('versions'), sql<number>`coalesce(sum(rows_loaded), 0)`.as('rows'), sql<number>`coalesce(sum(rows_quarantined), 0)`.as('quarantined')])
    .where('resource_code', 'in', [...codes])
    .where('loaded_at', '>=', range.from)
    .where('loaded_at', '<', range.to)
    .executeTakeFirstOrThrow()
  return { versions: Number(row.versions), rows: Number(row.rows), quarantined: Number(row.quarantined) }
}

// ---------------------------------------------------------------------------- the domain

/** Query runs of the workspaces per month, mode and outcome, with what the output checks held back and the budget spent. */
export async function queryRunsByMonth(db: Kysely<Database>, workspaceIds: readonly string[], range: YearRange) {
  if (workspaceIds.length === 0) return []
  const period = month('created_at')
  const rows = await db
    .selectFrom('query_runs')
    .select((eb) => [
      period.as('period'),
      'mode',
      'status',
      eb.fn.countAll<number>().as('runs'),
      sql<number>`coalesce(sum(rows_released), 0)`.as('rows_released'),
      sql<number>`coalesce(sum(rows_withheld), 0)`.as('rows_withheld'),
      sql<number>`coalesce(sum(cells_suppressed), 0)`.as('cells_suppressed'),
      sql<number>`coalesce(sum(case when rows_withheld > 0 or cells_suppressed > 0 then 1 else 0 end), 0)`.as('runs_checked'),
      sql<number>`coalesce(sum(epsilon_spent), 0)`.as('epsilon'),
    ])
    .where('workspace_id', 'in', [...workspaceIds])
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .groupBy([period, 'mode', 'status'])
    .execute()
  return rows.map((r) => ({
    period: r.period,
    mode: r.mode,
    status: r.status,
    runs: Number(r.runs),
    rowsReleased: Number(r.rows_released),
    rowsWithheld: Number(r.rows_withheld),
    cellsSuppressed: Number(r.cells_suppressed),
    runsChecked: Number(r.runs_checked),
    epsilon: Number(r.epsilon),
  }))
}

/** The rules the gate refused queries under in the year, most frequent first. */
export async function refusalsByRule(db: Kysely<Database>, workspaceIds: readonly string[], range: YearRange) {
  if (workspaceIds.length === 0) return []
  const rows = await db
    .selectFrom('query_runs')
    .select((eb) => ['rule', eb.fn.countAll<number>().as('n')])
    .where('workspace_id', 'in', [...workspaceIds])
    .where('status', '=', 'refused')
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .groupBy('rule')
    .execute()
  return rows.map((r) => ({ rule: r.rule ?? 'unknown', count: Number(r.n) })).sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule))
}

// ---------------------------------------------------------------------------- scenarios, products, registrations, gateway

/** Scenarios the office approved up to the year's end, with when. */
export async function approvedScenarios(db: Kysely<Database>, range: YearRange) {
  return db
    .selectFrom('scenarios')
    .select(['code', 'purpose_type', 'sector', 'reviewed_at'])
    .where('status', '=', 'approved')
    .where('reviewed_at', '<', range.to)
    .execute()
}

export async function productsOfAgreements(db: Kysely<Database>, agreementIds: readonly string[], range: YearRange) {
  if (agreementIds.length === 0) return []
  return db
    .selectFrom('products')
    .select(['code', 'kind', 'status', 'created_at'])
    .where('agreement_id', 'in', [...agreementIds])
    .where('created_at', '<', range.to)
    .execute()
}

export async function registrationsOf(db: Kysely<Database>, subjectCodes: readonly string[]) {
  if (subjectCodes.length === 0) return []
  return db.selectFrom('registrations').select(['kind', 'status', 'subject_type', 'applied_at', 'registered_on']).where('subject_code', 'in', [...subjectCodes]).execute()
}

/** Gateway calls of the products per month: answered (200) and refused (anything else). */
export async function gatewayCallsByMonth(db: Kysely<Database>, productCodes: readonly string[], range: YearRange) {
  if (productCodes.length === 0) return []
  const period = month('called_at')
  const answered = sql<number>`case when status = 200 then 1 else 0 end`
  const rows = await db
    .selectFrom('gateway_calls')
    .select((eb) => [period.as('period'), sql<number>`coalesce(sum(${answered}), 0)`.as('answered'), eb.fn.countAll<number>().as('calls')])
    .where('product_code', 'in', [...productCodes])
    .where('called_at', '>=', range.from)
    .where('called_at', '<', range.to)
    .groupBy(period)
    .execute()
  return rows.map((r) => ({ period: r.period, answered: Number(r.answered), refused: Number(r.calls) - Number(r.answered) }))
}

// ---------------------------------------------------------------------------- security

/**
 * Incidents of the year that concern the operator: reported by it, to it, or in its workspaces.
 * An escalation is the same incident reported on, counted once as first reported.
 */
export async function incidentsOfYear(db: Kysely<Database>, operatorOrgId: string, workspaceIds: readonly string[], range: YearRange) {
  return db
    .selectFrom('incidents')
    .select(['id', 'severity', 'status', 'reported_at', 'close_by', 'closure'])
    .where('escalated_from', 'is', null)
    .where('reported_at', '>=', range.from)
    .where('reported_at', '<', range.to)
    .where((eb) =>
      eb.or([eb('reporter_org_id', '=', operatorOrgId), eb('receiver_kind', '=', 'operator'), ...(workspaceIds.length ? [eb('workspace_id', 'in', [...workspaceIds])] : [])]),
    )
    .execute()
}

/** Audit entries of the given events on the given objects (or any) in the year. */
export async function auditEventCount(db: Kysely<Database>, eventType: string, range: YearRange, objectIds?: readonly string[]): Promise<number> {
  if (objectIds && objectIds.length === 0) return 0
  let query = db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_type', '=', eventType)
    .where('occurred_at', '>=', range.from)
    .where('occurred_at', '<', range.to)
  if (objectIds) query = query.where('object_id', 'in', [...objectIds])
  return Number((await query.executeTakeFirstOrThrow()).n)
}

export async function auditEntriesInYear(db: Kysely<Database>, range: YearRange): Promise<number> {
  const row = await db.selectFrom('audit_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('occurred_at', '>=', range.from).where('occurred_at', '<', range.to).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function evaluationsRecorded(db: Kysely<Database>, range: YearRange) {
  return db
    .selectFrom('evaluations')
    .select(['subject_org_id', 'year', 'total', 'rating', 'evaluated_at'])
    .where('evaluated_at', '>=', range.from)
    .where('evaluated_at', '<', range.to)
    .orderBy('evaluated_at')
    .execute()
}

export async function destructionsOfYear(db: Kysely<Database>, operatorOrgId: string, range: YearRange) {
  return db
    .selectFrom('destruction_certificates')
    .select(['id', 'workspace_id', 'destroyed_at'])
    .where('operator_org_id', '=', operatorOrgId)
    .where('destroyed_at', '>=', range.from)
    .where('destroyed_at', '<', range.to)
    .orderBy('destroyed_at')
    .execute()
}
