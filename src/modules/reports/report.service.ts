import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { appendAudit, recordAudit } from '../audit/audit.service.ts'
import { canonicalJson } from '../destruction/destruction.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import type { Principal } from '../identity/identity.ts'
import { findRule } from '../policy/policy-pack.ts'
import { renderCharts } from './report-charts.ts'
import { compileFigures, type AnnualFigures } from './report-figures.ts'
import { renderReportHtml, reportFooter, type RenderOptions } from './report-html.ts'
import { canSeeReport, decidesReports, isAuthorOf, overseesReports, readsReports, writesReports } from './report.policy.ts'
import * as repo from './report.repository.ts'
import type { AnnualReportRow } from './report.table.ts'
import {
  assertEditable,
  assertNarrativeComplete,
  assertReportTransition,
  assertYearInOperatingTerm,
  completeNarrative,
  emptyNarrative,
  statusAfterDecision,
  statusAfterEdit,
  type Narrative,
  type NarrativeSection,
  type ReportDecision,
  type ReportStatus,
} from './report.ts'

/**
 * The annual operation report (art. 27): created for a year with its figures compiled from the
 * records and frozen under a digest, its narrative written by the operator, filed with the office
 * (报送) and acknowledged or returned. Each use case: load (visible or 404) → policy → guard →
 * compare-and-set write → audit, in one transaction.
 */

export interface ReportStep {
  readonly at: string
  readonly by: string
  readonly orgId: string
  readonly action: 'create' | 'recompile' | 'narrative' | 'file' | 'acknowledge' | 'return'
  readonly note?: string
  readonly digest?: string
}

export interface ReportSummary {
  readonly id: string
  readonly operatorOrgId: string
  readonly operatorName: string
  readonly year: number
  readonly status: ReportStatus
  readonly period: AnnualFigures['period']
  readonly yearComplete: boolean
  readonly figuresDigest: string
  readonly digestAlgorithm: string
  readonly compiledAt: string
  readonly filedAt: string | null
  readonly decidedAt: string | null
  readonly decisionComment: string | null
  readonly updatedAt: string
}

export interface AnnualReport extends ReportSummary {
  readonly figures: AnnualFigures
  /** Whether the stored figures still hash to their digest. */
  readonly figuresIntact: boolean
  readonly compiledBy: string
  readonly narrative: Narrative
  readonly documentDigest: string | null
  readonly filedBy: string | null
  readonly decidedBy: string | null
  readonly history: readonly ReportStep[]
  readonly createdAt: string
}

function toSummary(row: AnnualReportRow, figures: AnnualFigures = JSON.parse(row.figures) as AnnualFigures): ReportSummary {
  return {
    id: row.id,
    operatorOrgId: row.operator_org_id,
    operatorName: figures.operator.name,
    year: Number(row.year),
    status: row.status as ReportStatus,
    period: figures.period,
    yearComplete: figures.yearComplete,
    figuresDigest: row.figures_digest,
    digestAlgorithm: row.digest_algorithm,
    compiledAt: row.compiled_at,
    filedAt: row.filed_at,
    decidedAt: row.decided_at,
    decisionComment: row.decision_comment,
    updatedAt: row.updated_at,
  }
}

function toReport(platform: Platform, row: AnnualReportRow): AnnualReport {
  const figures = JSON.parse(row.figures) as AnnualFigures
  return {
    ...toSummary(row, figures),
    figures,
    figuresIntact: digestOf(platform, row.figures, row.digest_algorithm) === row.figures_digest,
    compiledBy: row.compiled_by,
    narrative: completeNarrative(JSON.parse(row.narrative) as Partial<Narrative>),
    documentDigest: row.document_digest,
    filedBy: row.filed_by,
    decidedBy: row.decided_by,
    history: JSON.parse(row.history) as ReportStep[],
    createdAt: row.created_at,
  }
}

/** The hash of `text` under the suite that made the digest (the platform's now, unless it changed since). */
function digestOf(platform: Platform, text: string, algorithm: string): string | null {
  return algorithm === platform.keys.suite.hashAlgorithm ? platform.keys.suite.hashHex(text) : null
}

/** The filed document's digest: what the office received, figures and words together. */
function documentDigest(platform: Platform, row: Pick<AnnualReportRow, 'id' | 'operator_org_id' | 'year' | 'figures_digest'>, narrative: Narrative): string {
  return platform.keys.suite.hashHex(canonicalJson({ id: row.id, operator: row.operator_org_id, year: Number(row.year), figuresDigest: row.figures_digest, narrative }))
}

async function frozenFigures(platform: Platform, operatorOrgId: string, year: number): Promise<{ figures: string; digest: string; compiled: AnnualFigures }> {
  const compiled = await compileFigures(platform, operatorOrgId, year)
  const figures = canonicalJson(compiled)
  return { figures, digest: platform.keys.suite.hashHex(figures), compiled }
}

function step(p: Principal, at: string, action: ReportStep['action'], extra: { note?: string; digest?: string } = {}): ReportStep {
  return { at, by: p.userId, orgId: p.orgId, action, ...extra }
}

function withStep(row: AnnualReportRow, s: ReportStep): string {
  return JSON.stringify([...(JSON.parse(row.history) as ReportStep[]), s])
}

/** The row if the caller may know of it, else 404. */
async function visibleRow(platform: Platform, p: Principal, id: string): Promise<AnnualReportRow> {
  const row = await repo.findReport(platform.store.db, id)
  if (!row || !canSeeReport(p, row)) throw new NotFoundError(`no annual report ${id}`)
  return row
}

function assertAuthor(p: Principal, row: AnnualReportRow): void {
  if (!isAuthorOf(p, row)) throw new NotAllowedError('the primary operator writes and files its annual report (art. 27); the office, the bureau and regulators read it')
}

function assertYearBegun(year: number, today: string): void {
  if (`${year}-01-01` > today) throw new InputError(`${year} has not begun: a report covers a year that has begun`, [{ path: 'body.year', message: 'not begun' }])
}

// ---------------------------------------------------------------------------- use cases

/** The operator creates its report for a year of its operating term, the figures compiled and frozen now. */
export async function createReport(platform: Platform, ctx: RequestContext, input: { year: number }): Promise<AnnualReport> {
  const p = actingPrincipal(ctx)
  if (!writesReports(p)) throw new NotAllowedError('the primary operator writes its annual report (art. 27)')
  const { db } = platform.store
  assertYearBegun(input.year, chinaDate(platform.clock()))
  const designations = await repo.operatorDesignations(db, p.orgId)
  assertYearInOperatingTerm(input.year, designations.map((d) => ({ termStart: d.term_start, termEnd: d.term_end })))
  const existing = await repo.findReportOfYear(db, p.orgId, input.year)
  if (existing) throw new ConflictError(`the annual report for ${input.year} exists already (${existing.id}): recompile it while it is a draft`)
  const { figures, digest } = await frozenFigures(platform, p.orgId, input.year)
  const at = chinaTime(platform.clock())
  const row: AnnualReportRow = {
    id: newId('rpt'),
    operator_org_id: p.orgId,
    year: input.year,
    status: 'draft',
    figures,
    figures_digest: digest,
    digest_algorithm: platform.keys.suite.hashAlgorithm,
    compiled_by: p.userId,
    compiled_at: at,
    narrative: JSON.stringify(emptyNarrative()),
    document_digest: null,
    first_filed_at: null,
    filed_by: null,
    filed_at: null,
    decided_by: null,
    decided_at: null,
    decision_comment: null,
    history: JSON.stringify([step(p, at, 'create', { digest })]),
    created_by: p.userId,
    created_at: at,
    updated_at: at,
  }
  await db.transaction().execute(async (trx) => {
    // Two creations racing: the unique (operator, year) index refuses the second (409).
    await repo.insertReport(trx, row)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'report.create',
      objectType: 'annual-report',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { rule: 'art27.annual-report', year: input.year, figuresDigest: digest, algorithm: row.digest_algorithm },
    })
  })
  return toReport(platform, row)
}

/** Reports the caller may see: the operator its own, overseers those filed; everyone else is refused. */
export async function listReports(platform: Platform, ctx: RequestContext, filter: { status?: ReportStatus | undefined }): Promise<ReportSummary[]> {
  const p = actingPrincipal(ctx)
  if (!readsReports(p)) throw new NotAllowedError('annual reports are read by the primary operator, the office, the bureau and regulators')
  const rows = await repo.listReportRows(platform.store.db, { status: filter.status, ...(overseesReports(p) ? { filedOnly: true } : { operatorOrgId: p.orgId }) })
  return rows.map((row) => toSummary(row))
}

export async function getReport(platform: Platform, ctx: RequestContext, id: string): Promise<AnnualReport> {
  return toReport(platform, await visibleRow(platform, actingPrincipal(ctx), id))
}

/** Load → author → editable → compare-and-set (a returned report becomes a draft) → audit. */
async function edit(
  platform: Platform,
  ctx: RequestContext,
  id: string,
  change: (row: AnnualReportRow) => Promise<{ changes: Partial<AnnualReportRow>; step: Omit<ReportStep, 'at' | 'by' | 'orgId'>; detail: Record<string, unknown> }>,
): Promise<AnnualReport> {
  const p = actingPrincipal(ctx)
  const row = await visibleRow(platform, p, id)
  assertAuthor(p, row)
  const from = row.status as ReportStatus
  assertEditable(id, from)
  const to = statusAfterEdit(from)
  if (to !== from) assertReportTransition(id, from, to)
  const { changes, step: done, detail } = await change(row)
  const at = chinaTime(platform.clock())
  const all = { ...changes, status: to, history: withStep(row, { at, by: p.userId, orgId: p.orgId, ...done }), updated_at: at }
  await platform.store.db.transaction().execute(async (trx) => {
    if (!(await repo.updateReport(trx, row, all))) throw new ConflictError(`annual report ${id} changed meanwhile: reload it`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: `report.${done.action}`,
      objectType: 'annual-report',
      objectId: id,
      action: done.action,
      result: 'success',
      detail: { year: Number(row.year), status: to, ...detail },
    })
  })
  return getReport(platform, ctx, id)
}

/** The operator writes the narrative; the sections given replace the whole text (those left out are empty). */
export async function updateNarrative(platform: Platform, ctx: RequestContext, id: string, input: Partial<Record<NarrativeSection, string>>): Promise<AnnualReport> {
  const narrative = completeNarrative(input)
  return edit(platform, ctx, id, async (row) => {
    const before = completeNarrative(JSON.parse(row.narrative) as Partial<Narrative>)
    const changed = (Object.keys(narrative) as NarrativeSection[]).filter((k) => narrative[k] !== before[k])
    return {
      changes: { narrative: JSON.stringify(narrative) },
      step: { action: 'narrative', note: changed.length ? `sections ${changed.join(', ')}` : 'no change' },
      detail: { sections: changed, characters: Object.fromEntries(changed.map((k) => [k, narrative[k].length])) },
    }
  })
}

/** While a draft (or returned), the figures are compiled again from the records as they are now. */
export async function recompileReport(platform: Platform, ctx: RequestContext, id: string): Promise<AnnualReport> {
  return edit(platform, ctx, id, async (row) => {
    const { figures, digest } = await frozenFigures(platform, row.operator_org_id, Number(row.year))
    const at = chinaTime(platform.clock())
    return {
      changes: { figures, figures_digest: digest, digest_algorithm: platform.keys.suite.hashAlgorithm, compiled_by: actingPrincipal(ctx).userId, compiled_at: at },
      step: { action: 'recompile', digest },
      detail: { before: row.figures_digest, after: digest },
    }
  })
}

/** The operator files the report with the office (报送): every section written; from now on immutable. */
export async function fileReport(platform: Platform, ctx: RequestContext, id: string): Promise<AnnualReport> {
  const p = actingPrincipal(ctx)
  const row = await visibleRow(platform, p, id)
  assertAuthor(p, row)
  assertReportTransition(id, row.status as ReportStatus, 'filed')
  const narrative = completeNarrative(JSON.parse(row.narrative) as Partial<Narrative>)
  assertNarrativeComplete(narrative)
  const at = chinaTime(platform.clock())
  const digest = documentDigest(platform, row, narrative)
  const changes = {
    status: 'filed',
    document_digest: digest,
    first_filed_at: row.first_filed_at ?? at,
    filed_by: p.userId,
    filed_at: at,
    history: withStep(row, step(p, at, 'file', { digest })),
    updated_at: at,
  }
  await platform.store.db.transaction().execute(async (trx) => {
    if (!(await repo.updateReport(trx, row, changes))) throw new ConflictError(`annual report ${id} changed meanwhile: reload it`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'report.file',
      objectType: 'annual-report',
      objectId: id,
      action: 'file',
      result: 'success',
      detail: { rule: 'art27.annual-report', year: Number(row.year), figuresDigest: row.figures_digest, documentDigest: digest },
    })
  })
  return getReport(platform, ctx, id)
}

/** The office acknowledges a filed report, or returns it with its comments for the operator to revise. */
export async function decideReport(platform: Platform, ctx: RequestContext, id: string, input: { decision: ReportDecision; comment?: string | undefined }): Promise<AnnualReport> {
  const p = actingPrincipal(ctx)
  const row = await visibleRow(platform, p, id)
  if (!decidesReports(p)) throw new NotAllowedError('the coordination office acknowledges or returns the annual reports filed with it')
  const to = statusAfterDecision(input.decision)
  assertReportTransition(id, row.status as ReportStatus, to)
  if (input.decision === 'return' && !input.comment) throw new InputError('a returned report says what to revise', [{ path: 'body.comment', message: 'required to return' }])
  const at = chinaTime(platform.clock())
  const changes = {
    status: to,
    decided_by: p.userId,
    decided_at: at,
    decision_comment: input.comment ?? null,
    history: withStep(row, step(p, at, input.decision, input.comment ? { note: input.comment } : {})),
    updated_at: at,
  }
  await platform.store.db.transaction().execute(async (trx) => {
    if (!(await repo.updateReport(trx, row, changes))) throw new ConflictError(`annual report ${id} changed meanwhile: reload it`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: `report.${input.decision}`,
      objectType: 'annual-report',
      objectId: id,
      action: input.decision,
      result: 'success',
      ...(input.comment ? { reason: input.comment.slice(0, 500) } : {}),
      detail: { year: Number(row.year), documentDigest: row.document_digest },
    })
  })
  return getReport(platform, ctx, id)
}

// ---------------------------------------------------------------------------- the document

/** The report as one self-contained, printable HTML page; exporting it is recorded. */
export async function reportHtml(platform: Platform, ctx: RequestContext, id: string): Promise<{ html: string; report: AnnualReport }> {
  const report = await getReport(platform, ctx, id)
  const html = renderReportHtml(report, renderCharts(report.figures), renderOptions(platform))
  await recordExport(platform, ctx, report, 'html')
  return { html, report }
}

/** The report as an A4 PDF printed by headless Chromium; 503 when the server has none. */
export async function reportPdf(platform: Platform, ctx: RequestContext, id: string): Promise<{ pdf: Buffer; report: AnnualReport }> {
  const report = await getReport(platform, ctx, id)
  const html = renderReportHtml(report, renderCharts(report.figures), renderOptions(platform))
  const pdf = await platform.printer.pdf(html, { footerTemplate: reportFooter(report) })
  await recordExport(platform, ctx, report, 'pdf')
  return { pdf, report }
}

function renderOptions(platform: Platform): RenderOptions {
  const art27 = findRule(platform.pack, 'art27.annual-report')
  return {
    ruleTitle: (id) => findRule(platform.pack, id)?.title,
    basis: { title: platform.pack.title, documentNumber: platform.pack.documentNumber, articleText: art27?.text ?? '' },
  }
}

async function recordExport(platform: Platform, ctx: RequestContext, report: AnnualReport, format: 'html' | 'pdf'): Promise<void> {
  await recordAudit(platform, auditActor(ctx), {
    eventType: 'report.export',
    objectType: 'annual-report',
    objectId: report.id,
    action: 'export',
    result: 'success',
    detail: { format, status: report.status, figuresDigest: report.figuresDigest, documentDigest: report.documentDigest },
  })
}

/** The file name a download of the report takes: ASCII, so every client keeps it. */
export function reportFileName(report: Pick<AnnualReport, 'year' | 'status'>, ext: 'pdf' | 'html'): string {
  return `annual-report-${report.year}${report.status === 'draft' || report.status === 'returned' ? '-draft' : ''}.${ext}`
}
