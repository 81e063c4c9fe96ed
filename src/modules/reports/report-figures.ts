import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { readAuditHead, latestCheckpoint } from '../audit/audit.repository.ts'
import { disclosure, type DataUse, type DisclosedAuthorization } from '../disclosure/disclosure.service.ts'
import { INCIDENT_SEVERITIES, type IncidentSeverity } from '../incidents/incident.ts'
import { PURPOSE_TYPES } from '../authorizations/authorization.ts'
import { ledgerFor } from '../ledger/ledger.service.ts'
import type { ShareParty } from '../ledger/ledger.ts'
import { PRODUCT_KINDS, PRODUCT_STATUSES } from '../products/product.ts'
import * as repo from './report.repository.ts'

/**
 * The figures of an annual report (art. 27), compiled from the platform's records for one China
 * calendar year and one operator: the data it was granted and how it was stored and processed,
 * the scenarios and authorizations, products and registrations, gateway use, the ledger, and
 * security. Flows (loads, runs, calls, incidents) count what happened within the year; stocks
 * (what is in the pool, products by status) are as of compilation, which the figures say.
 */

export const FIGURES_SCHEMA = 1

export interface Count {
  readonly key: string
  readonly count: number
}

export interface AnnualFigures {
  readonly schema: typeof FIGURES_SCHEMA
  readonly year: number
  /** China dates: 1 January to 31 December, or to the day of compilation while the year runs. */
  readonly period: { readonly from: string; readonly to: string }
  readonly yearComplete: boolean
  readonly compiledAt: string
  /** The months of the period, YYYY-MM: the x axis of every monthly series. */
  readonly months: readonly string[]
  readonly operator: {
    readonly orgId: string
    readonly name: string
    readonly terms: readonly { readonly id: string; readonly start: string; readonly end: string; readonly status: string }[]
  }
  readonly data: {
    /** The resources granted to the operator (本单位获得授权的数据), with the version serving each at compilation. */
    readonly resources: readonly {
      readonly code: string
      readonly name: string
      readonly grade: string
      readonly version: number | null
      readonly rows: number
      readonly bytes: number
      readonly loadedAt: string | null
    }[]
    readonly granted: number
    readonly inPool: number
    readonly rowsServing: number
    readonly bytesServing: number
    readonly byGrade: readonly Count[]
    /** Loads of those resources in the year: new versions, rows kept, rows quarantined. */
    readonly loads: { readonly versions: number; readonly rows: number; readonly quarantined: number }
    readonly workspaces: { readonly total: number; readonly open: number; readonly suspended: number; readonly closed: number; readonly withPrivacyBudget: number }
    readonly queries: {
      readonly real: { readonly answered: number; readonly refused: number }
      readonly sandbox: { readonly answered: number; readonly refused: number }
      readonly training: number
      readonly rowsReleased: number
      readonly rowsWithheld: number
      readonly cellsSuppressed: number
      /** Answered runs of which the output checks withheld rows or suppressed cells. */
      readonly runsWithSuppression: number
      readonly epsilonSpent: number
      readonly byMonth: readonly { readonly period: string; readonly answered: number; readonly sandbox: number; readonly refused: number }[]
    }
    readonly refusalsByRule: readonly { readonly rule: string; readonly count: number }[]
    /** Requests the API refused (403, 422) in the year, platform-wide. */
    readonly accessRefusals: number
    /** Per workspace, as disclosed to the public (art. 29). */
    readonly use: readonly DataUse[]
  }
  readonly scenarios: {
    readonly approvedInYear: number
    readonly approvedTotal: number
    readonly byPurpose: readonly Count[]
    readonly bySector: readonly Count[]
  }
  readonly authorizations: {
    /** Agreements in force on the period's last day. */
    readonly inForce: number
    readonly new: number
    readonly expired: number
    readonly terminated: number
    readonly suspensions: number
    readonly list: readonly DisclosedAuthorization[]
  }
  readonly products: {
    readonly total: number
    readonly newInYear: number
    readonly byKind: readonly Count[]
    readonly byStatus: readonly Count[]
  }
  readonly registrations: { readonly applied: number; readonly registered: number; readonly byStatus: readonly Count[] }
  readonly gateway: {
    readonly answered: number
    readonly refused: number
    readonly byMonth: readonly { readonly period: string; readonly answered: number; readonly refused: number }[]
  }
  readonly ledger: {
    readonly callsAnswered: number
    readonly revenueYuan: number
    readonly costsYuan: number
    readonly netYuan: number
    readonly shares: readonly { readonly party: ShareParty; readonly orgId: string | null; readonly name: string; readonly amountYuan: number }[]
    readonly byMonth: readonly { readonly period: string; readonly revenueYuan: number; readonly costsYuan: number }[]
    readonly byProduct: readonly { readonly code: string; readonly name: string; readonly callsAnswered: number; readonly revenueYuan: number; readonly costsYuan: number }[]
  }
  readonly incidents: {
    readonly total: number
    readonly closed: number
    readonly open: number
    /** Closed after their deadline, or still open past it at compilation. */
    readonly overdue: number
    readonly medianCloseHours: number | null
    readonly bySeverity: readonly {
      readonly severity: IncidentSeverity
      readonly reported: number
      readonly closed: number
      readonly medianCloseHours: number | null
      readonly maxCloseHours: number | null
    }[]
  }
  readonly rectifications: { readonly ordered: number; readonly accepted: number; readonly overdueNow: number }
  readonly evaluations: readonly { readonly subjectOrgId: string; readonly subject: string; readonly year: number; readonly total: number; readonly rating: string; readonly evaluatedAt: string }[]
  readonly destruction: { readonly certificates: number; readonly list: readonly { readonly id: string; readonly workspaceId: string; readonly destroyedAt: string }[] }
  readonly audit: {
    readonly entriesInYear: number
    readonly headSeq: number
    readonly checkpoint: { readonly seq: number; readonly hash: string; readonly signedAt: string; readonly suite: string; readonly keyId: string } | null
  }
}

/** The period a report of `year` covers when compiled on `today` (a China date); the year must have begun. */
export function reportPeriod(year: number, today: string): { from: string; to: string; complete: boolean } {
  const end = `${year}-12-31`
  return { from: `${year}-01-01`, to: end < today ? end : today, complete: end < today }
}

/** The months from January to the period's last month. */
export function monthsOf(period: { from: string; to: string }): string[] {
  const year = period.from.slice(0, 4)
  const last = Number(period.to.slice(5, 7))
  return Array.from({ length: last }, (_v, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
}

const fen = (yuan: number) => Math.round(yuan * 100)
const hours = (ms: number) => Math.round(ms / 360_000) / 10

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * 10) / 10
}

function counted(keys: readonly string[], values: readonly string[]): Count[] {
  const counts = new Map<string, number>(keys.map((k) => [k, 0]))
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts.entries()].map(([key, count]) => ({ key, count }))
}

function gradeOf(level: string | null, grade: number | null): string {
  if (!level) return 'ungraded'
  return level === 'general' && grade ? `general-${grade}` : level
}

/** Compiles the figures of `year` for the operator from the records, as of the platform's clock. */
export async function compileFigures(platform: Platform, operatorOrgId: string, year: number): Promise<AnnualFigures> {
  const { db } = platform.store
  const now = platform.clock()
  const compiledAt = chinaTime(now)
  const period = reportPeriod(year, chinaDate(now))
  const range: repo.YearRange = { from: `${year}-01-01T00:00:00`, to: `${year + 1}-01-01T00:00:00` }
  const months = monthsOf(period)
  const dayEnd = `${period.to}T23:59:59.999+08:00`

  const [names, designations, agreements] = await Promise.all([repo.organizationNames(db), repo.operatorDesignations(db, operatorOrgId), repo.operatorAgreements(db, operatorOrgId)])
  const terms = designations.filter((d) => d.term_start <= `${year}-12-31` && d.term_end >= `${year}-01-01`)
  const granted = [...new Set(terms.flatMap((d) => JSON.parse(d.scope) as string[]))].sort()
  const workspaceIds = agreements.map((a) => a.workspace_id)
  const agreementIds = agreements.map((a) => a.id)

  const [serving, loads, workspaces, runs, refusals, accessRefusals, scenarios, products, published, head, checkpoint, auditEntries, incidents, suspensions, resumptions, evaluations, destructions, ledger] =
    await Promise.all([
      repo.servingVersions(db, granted),
      repo.loadsInYear(db, granted, range),
      repo.workspaceRows(db, workspaceIds),
      repo.queryRunsByMonth(db, workspaceIds, range),
      repo.refusalsByRule(db, workspaceIds, range),
      repo.auditEventCount(db, 'access.refused', range),
      repo.approvedScenarios(db, range),
      repo.productsOfAgreements(db, agreementIds, range),
      disclosure(platform, year),
      readAuditHead(db),
      latestCheckpoint(db),
      repo.auditEntriesInYear(db, range),
      repo.incidentsOfYear(db, operatorOrgId, workspaceIds, range),
      repo.auditEventCount(db, 'agreement.suspend', range, agreementIds),
      repo.auditEventCount(db, 'agreement.resume', range, agreementIds),
      repo.evaluationsRecorded(db, range),
      repo.destructionsOfYear(db, operatorOrgId, range),
      ledgerFor(db, { from: `${year}-01`, to: `${year}-12` }, { operatorOrgId }),
    ])
  const productCodes = products.map((p) => p.code)
  const [registrations, calls] = await Promise.all([repo.registrationsOf(db, [...productCodes, ...granted]), repo.gatewayCallsByMonth(db, productCodes, range)])

  const inPool = serving.filter((r) => r.version_no !== null)
  const runsWhere = (mode: string, status?: string) => runs.filter((r) => r.mode === mode && (status === undefined || r.status === status)).reduce((t, r) => t + r.runs, 0)
  const sum = (pick: (r: (typeof runs)[number]) => number) => runs.reduce((t, r) => t + pick(r), 0)
  const ownWorkspaces = new Set(workspaceIds)

  const closeHours = (row: (typeof incidents)[number]): number | null => {
    if (!row.closure) return null
    const at = (JSON.parse(row.closure) as { at: string }).at
    return hours(new Date(at).getTime() - new Date(row.reported_at).getTime())
  }
  const closedIncidents = incidents.filter((i) => i.status === 'closed')
  const isOverdue = (i: (typeof incidents)[number]) =>
    i.status === 'closed' ? (JSON.parse(i.closure ?? '{}') as { at?: string }).at! > i.close_by : i.close_by < compiledAt

  const byMonthMoney = new Map(months.map((m) => [m, { revenue: 0, costs: 0 }]))
  const byProduct = new Map<string, { code: string; name: string; callsAnswered: number; revenue: number; costs: number }>()
  for (const line of ledger.lines) {
    const m = byMonthMoney.get(line.period)
    if (m) {
      m.revenue += fen(line.revenueYuan)
      m.costs += fen(line.costsYuan)
    }
    const p = byProduct.get(line.productCode) ?? { code: line.productCode, name: line.productName, callsAnswered: 0, revenue: 0, costs: 0 }
    byProduct.set(line.productCode, { ...p, callsAnswered: p.callsAnswered + line.callsAnswered, revenue: p.revenue + fen(line.revenueYuan), costs: p.costs + fen(line.costsYuan) })
  }

  return {
    schema: FIGURES_SCHEMA,
    year,
    period: { from: period.from, to: period.to },
    yearComplete: period.complete,
    compiledAt,
    months,
    operator: {
      orgId: operatorOrgId,
      name: names.get(operatorOrgId) ?? operatorOrgId,
      terms: terms.map((d) => ({ id: d.id, start: d.term_start, end: d.term_end, status: d.status })),
    },
    data: {
      resources: serving.map((r) => ({
        code: r.code,
        name: r.name,
        grade: gradeOf(r.level, r.grade === null ? null : Number(r.grade)),
        version: r.version_no === null ? null : Number(r.version_no),
        rows: Number(r.rows_loaded ?? 0),
        bytes: Number(r.bytes ?? 0),
        loadedAt: r.loaded_at,
      })),
      granted: granted.length,
      inPool: inPool.length,
      rowsServing: inPool.reduce((t, r) => t + Number(r.rows_loaded ?? 0), 0),
      bytesServing: inPool.reduce((t, r) => t + Number(r.bytes ?? 0), 0),
      byGrade: counted([], serving.map((r) => gradeOf(r.level, r.grade === null ? null : Number(r.grade)))).sort((a, b) => a.key.localeCompare(b.key)),
      loads,
      workspaces: {
        total: workspaces.length,
        open: workspaces.filter((w) => w.status === 'open').length,
        suspended: workspaces.filter((w) => w.status === 'suspended').length,
        closed: workspaces.filter((w) => w.status === 'closed').length,
        withPrivacyBudget: workspaces.filter((w) => w.budget_epsilon !== null).length,
      },
      queries: {
        real: { answered: runsWhere('real', 'answered'), refused: runsWhere('real', 'refused') },
        sandbox: { answered: runsWhere('sandbox', 'answered'), refused: runsWhere('sandbox', 'refused') },
        training: runsWhere('training', 'answered'),
        rowsReleased: sum((r) => (r.mode === 'real' ? r.rowsReleased : 0)),
        rowsWithheld: sum((r) => r.rowsWithheld),
        cellsSuppressed: sum((r) => r.cellsSuppressed),
        runsWithSuppression: sum((r) => (r.status === 'answered' ? r.runsChecked : 0)),
        epsilonSpent: Math.round(sum((r) => r.epsilon) * 1e6) / 1e6,
        byMonth: months.map((m) => {
          const of = runs.filter((r) => r.period === m)
          return {
            period: m,
            answered: of.filter((r) => r.mode === 'real' && r.status === 'answered').reduce((t, r) => t + r.runs, 0),
            sandbox: of.filter((r) => r.mode === 'sandbox' && r.status === 'answered').reduce((t, r) => t + r.runs, 0),
            refused: of.filter((r) => r.status === 'refused').reduce((t, r) => t + r.runs, 0),
          }
        }),
      },
      refusalsByRule: refusals.slice(0, 10),
      accessRefusals,
      use: published.dataUse.filter((u) => ownWorkspaces.has(u.workspace)),
    },
    scenarios: {
      approvedInYear: scenarios.filter((s) => s.reviewed_at !== null && s.reviewed_at >= range.from).length,
      approvedTotal: scenarios.length,
      byPurpose: counted(PURPOSE_TYPES, scenarios.map((s) => s.purpose_type)),
      bySector: counted([], scenarios.map((s) => s.sector)).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    },
    authorizations: {
      inForce: agreements.filter((a) => a.activated_at !== null && a.activated_at <= dayEnd && (a.ended_at === null || a.ended_at > dayEnd)).length,
      new: agreements.filter((a) => a.activated_at !== null && a.activated_at >= range.from && a.activated_at < range.to).length,
      expired: agreements.filter((a) => a.status === 'expired' && a.ended_at !== null && a.ended_at >= range.from && a.ended_at < range.to).length,
      terminated: agreements.filter((a) => a.status === 'terminated' && a.ended_at !== null && a.ended_at >= range.from && a.ended_at < range.to).length,
      suspensions,
      list: published.authorizations.filter((a) => ownWorkspaces.has(a.workspace) && a.term.end >= period.from),
    },
    products: {
      total: products.length,
      newInYear: products.filter((p) => p.created_at >= range.from).length,
      byKind: counted(PRODUCT_KINDS, products.map((p) => p.kind)),
      byStatus: counted(PRODUCT_STATUSES, products.map((p) => p.status)),
    },
    registrations: {
      applied: registrations.filter((r) => r.applied_at >= range.from && r.applied_at < range.to).length,
      registered: registrations.filter((r) => r.registered_on !== null && r.registered_on.slice(0, 4) === String(year)).length,
      byStatus: counted([], registrations.map((r) => r.status)).sort((a, b) => a.key.localeCompare(b.key)),
    },
    gateway: {
      answered: calls.reduce((t, c) => t + c.answered, 0),
      refused: calls.reduce((t, c) => t + c.refused, 0),
      byMonth: months.map((m) => ({ period: m, answered: calls.find((c) => c.period === m)?.answered ?? 0, refused: calls.find((c) => c.period === m)?.refused ?? 0 })),
    },
    ledger: {
      callsAnswered: ledger.totals.callsAnswered,
      revenueYuan: ledger.totals.revenueYuan,
      costsYuan: ledger.totals.costsYuan,
      netYuan: ledger.totals.netYuan,
      shares: ledger.totals.shares.map((s) => ({ ...s, name: s.orgId ? (names.get(s.orgId) ?? s.orgId) : '张家口市' })),
      byMonth: [...byMonthMoney.entries()].map(([m, v]) => ({ period: m, revenueYuan: v.revenue / 100, costsYuan: v.costs / 100 })),
      byProduct: [...byProduct.values()]
        .sort((a, b) => b.revenue - a.revenue || a.code.localeCompare(b.code))
        .map((p) => ({ code: p.code, name: p.name, callsAnswered: p.callsAnswered, revenueYuan: p.revenue / 100, costsYuan: p.costs / 100 })),
    },
    incidents: {
      total: incidents.length,
      closed: closedIncidents.length,
      open: incidents.length - closedIncidents.length,
      overdue: incidents.filter(isOverdue).length,
      medianCloseHours: median(closedIncidents.map(closeHours).filter((h): h is number => h !== null)),
      bySeverity: INCIDENT_SEVERITIES.map((severity) => {
        const of = incidents.filter((i) => i.severity === severity)
        const closed = of.map(closeHours).filter((h): h is number => h !== null)
        return { severity, reported: of.length, closed: closed.length, medianCloseHours: median(closed), maxCloseHours: closed.length ? Math.max(...closed) : null }
      }),
    },
    rectifications: {
      ordered: suspensions,
      accepted: resumptions,
      overdueNow: agreements.filter((a) => a.status === 'suspended' && a.rectification_deadline !== null && a.rectification_deadline < chinaDate(now)).length,
    },
    evaluations: evaluations.map((e) => ({ subjectOrgId: e.subject_org_id, subject: names.get(e.subject_org_id) ?? e.subject_org_id, year: Number(e.year), total: Number(e.total), rating: e.rating, evaluatedAt: e.evaluated_at })),
    destruction: { certificates: destructions.length, list: destructions.map((d) => ({ id: d.id, workspaceId: d.workspace_id, destroyedAt: d.destroyed_at })) },
    audit: {
      entriesInYear: auditEntries,
      headSeq: head.seq,
      checkpoint: checkpoint ? { seq: Number(checkpoint.seq), hash: checkpoint.hash, signedAt: checkpoint.created_at, suite: checkpoint.suite, keyId: checkpoint.key_id } : null,
    },
  }
}
