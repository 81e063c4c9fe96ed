import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { recordAudit } from '../src/modules/audit/audit.service.ts'
import type { AuditEvent } from '../src/modules/audit/audit.ts'
import { seedDemoAuthorizations } from '../src/modules/demo/demo-authorizations.ts'
import { seedDemoIdentities } from '../src/modules/demo/demo-identities.ts'
import { seedDemoCatalog, seedDemoData } from '../src/modules/demo/demo-world.ts'
import { disclosure } from '../src/modules/disclosure/disclosure.service.ts'
import { actAs } from '../src/modules/identity/identity.service.ts'
import { renderCharts } from '../src/modules/reports/report-charts.ts'
import { compileFigures } from '../src/modules/reports/report-figures.ts'
import { renderReportHtml, reportFooter } from '../src/modules/reports/report-html.ts'
import { createReport, getReport } from '../src/modules/reports/report.service.ts'
import { configFromEnv } from '../src/platform/config.ts'
import { closePlatform, openPlatform } from '../src/platform/platform.ts'
import { openPrinter } from '../src/platform/printer.ts'
import { median, type BenchContext, type BenchTable, type Figure } from './bench.ts'

/**
 * The annual report (art. 27): compiling a year's figures from a year of records, rendering the
 * HTML with its five server-side charts, and printing the PDF with headless Chromium, beside
 * the disclosure of the same year and Chromium's print of a blank page.
 */

// A year of records: query runs and gateway calls spread over its months, and audit entries.
const RUNS = 60_000
const CALLS = 240_000
const AUDIT_ENTRIES = 100_000
const BATCH = 1_000
// Operations per round of the cheap figures, so a round lasts long enough to time.
const REPS = { compile: 3, html: 10, pdf: 1 }
// A round of a fresh browser per PDF costs a launch: fewer rounds.
const FRESH_ROUNDS_MAX = 3
// The most a PDF may add to a blank page's print (a person waits for it).
const PDF_ADDED_MS = 3_000

const number = (n: number): string => n.toLocaleString('en-US')

/** A clock standing still at `at` unless moved (the demo's calls wait for their deadline). */
function benchClock(at: string): (() => Date) & { advance(ms: number): void } {
  let t = new Date(at).getTime()
  const clock = (() => new Date(t)) as (() => Date) & { advance(ms: number): void }
  clock.advance = (ms) => {
    t += ms
  }
  return clock
}

async function rounds(context: BenchContext, count: number, reps: number, work: () => Promise<unknown> | unknown, max = context.rounds): Promise<number[]> {
  await work()
  const out: number[] = []
  for (let round = 0; round < Math.min(context.rounds, max); round++) {
    const started = performance.now()
    for (let i = 0; i < reps; i++) await work()
    out.push((reps * count * 1000) / (performance.now() - started))
  }
  return out
}

export async function bench(context: BenchContext): Promise<readonly BenchTable[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-bench-report-'))
  const clock = benchClock('2026-12-20T10:00:00+08:00')
  const platform = await openPlatform(
    configFromEnv({ SHUYU_DEMO: '0', SHUYU_DATA_DIR: dir, SHUYU_PASSWORD_ITERATIONS: '1000', SHUYU_REQUIRE_TOTP: '0', ...(process.env.SHUYU_CHROMIUM ? { SHUYU_CHROMIUM: process.env.SHUYU_CHROMIUM } : {}) }),
    { storeConfig: { dialect: 'sqlite', file: path.join(dir, 'shuyu.sqlite') }, masterKey: randomBytes(32), clock },
  )
  try {
    let started = performance.now()
    await seedDemoIdentities(platform)
    await seedDemoCatalog(platform)
    await seedDemoAuthorizations(platform, async (ms) => clock.advance(ms))
    await seedDemoData(platform, { scale: 0.02, seed: 7 })
    await seedYear(platform)
    context.log(`report: demo world and a year of records (${number(RUNS)} runs, ${number(CALLS)} calls, ${number(AUDIT_ENTRIES)} audit entries) in ${Math.round(performance.now() - started)} ms`)

    // The demo designates the operator from "today": a year of its term back to January.
    await platform.store.db.updateTable('operator_authorizations').set({ term_start: '2026-01-01' }).execute()
    const operator = await actAs(platform, 'operator', 'bench')
    const created = await createReport(platform, operator, { year: 2026 })
    const report = await getReport(platform, operator, created.id)
    const f = report.figures
    context.log(`report: figures ${f.data.queries.real.answered} answered runs, ${f.gateway.answered} answered calls, revenue ${f.ledger.revenueYuan} yuan`)

    started = performance.now()
    const compile = await rounds(context, 1, REPS.compile, () => compileFigures(platform, 'org-operator', 2026))
    const disclose = await rounds(context, 1, REPS.compile, () => disclosure(platform, 2026))
    context.log(`report: compile ${compile.map((r) => r.toFixed(2)).join(', ')} /s; disclosure ${disclose.map((r) => r.toFixed(2)).join(', ')} /s`)
    const html = renderReportHtml(report, renderCharts(f))
    const charts = await rounds(context, 1, REPS.html, () => renderCharts(f))
    const document = await rounds(context, 1, REPS.html, () => renderReportHtml(report, renderCharts(f)))

    const chromium = platform.printer.available() ? undefined : `no Chromium at ${platform.printer.executablePath}`
    let pdf: number[] = []
    let blank: number[] = []
    let fresh: number[] = []
    let pdfBytes = 0
    let pages = 0
    if (!chromium) {
      const footer = reportFooter(report)
      const printed = await platform.printer.pdf(html, { footerTemplate: footer })
      pdfBytes = printed.length
      pages = printed.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0
      pdf = await rounds(context, 1, REPS.pdf, () => platform.printer.pdf(html, { footerTemplate: footer }))
      blank = await rounds(context, 1, REPS.pdf, () => platform.printer.pdf('<!DOCTYPE html><html><body></body></html>'))
      fresh = await rounds(
        context,
        1,
        1,
        async () => {
          const printer = openPrinter(platform.printer.executablePath)
          try {
            await printer.pdf(html, { footerTemplate: footer })
          } finally {
            await printer.close()
          }
        },
        FRESH_ROUNDS_MAX,
      )
      context.log(`report: pdf ${pdf.map((r) => (1000 / r).toFixed(0)).join(', ')} ms; blank ${blank.map((r) => (1000 / r).toFixed(0)).join(', ')} ms; fresh browser ${fresh.map((r) => (1000 / r).toFixed(0)).join(', ')} ms`)
    }
    const figure = (label: string, values: number[], failure?: string): Figure => ({ label, rounds: values, ...(failure ? { failure } : {}) })
    const ms = (values: number[]) => `${Math.round(1000 / median(values))} ms`

    return [
      {
        capability: 'The annual report (art. 27): figures, HTML with charts, PDF',
        rows: [
          {
            measurement: `compile a year's figures (${number(RUNS)} query runs, ${number(CALLS)} gateway calls, ${number(AUDIT_ENTRIES)} audit entries)`,
            shuyu: figure(`compileFigures, ${ms(compile)} each`, compile),
            baseline: figure(`the public disclosure of the same year (art. 29), ${ms(disclose)} each`, disclose),
            unit: 'reports/s',
            target: 0.2,
          },
          {
            measurement: 'the five charts, drawn as SVG on the server (echarts SSR)',
            shuyu: figure(`renderCharts, ${ms(charts)} each`, charts),
            unit: 'reports/s',
          },
          {
            measurement: 'the whole HTML document, charts included',
            shuyu: figure(`renderReportHtml, ${Math.round(Buffer.byteLength(html) / 1024)} KiB, ${ms(document)} each`, document),
            unit: 'reports/s',
            target: 5,
          },
          {
            measurement: `print the PDF (A4${pages ? `, ${pages} pages, ${Math.round(pdfBytes / 1024)} KiB` : ''}), the platform's browser`,
            shuyu: figure(`printer.pdf of the report${pdf.length ? `, ${ms(pdf)} each` : ''}`, pdf, chromium),
            baseline: figure(`Chromium's print of a blank page, same browser${blank.length ? `, ${ms(blank)} each` : ''}`, blank, chromium),
            unit: 'PDFs/s',
            targetAddedMs: PDF_ADDED_MS,
          },
          {
            measurement: 'print the PDF with a browser launched for it and closed after',
            shuyu: figure(`launch + print + close${fresh.length ? `, ${ms(fresh)} each` : ''}`, fresh, chromium),
            baseline: figure(`printer.pdf of the report, the platform's browser kept open${pdf.length ? `, ${ms(pdf)} each` : ''}`, pdf, chromium),
            unit: 'PDFs/s',
          },
        ],
        notes: [
          `The records: the demo world (scale 0.02, seed 7: identities, catalog, the two authorizations, the pool), then a year of ${number(RUNS)} query runs over the two workspaces (real, sandbox, refused; some with suppressions and ε), ` +
            `${number(CALLS)} gateway calls of 10 products (a tenth refused) and ${number(AUDIT_ENTRIES)} audit entries, spread over 2026; the clock at 2026-12-20. SQLite store (WAL) in a temporary folder.`,
          'Compiling reads the operator, the pool versions, runs per month and mode, refusals by rule, scenarios, agreements, products, registrations, calls per month, the ledger (`ledgerFor`), incidents, evaluations, destruction certificates, the audit head, its count for the year and the latest checkpoint, and the disclosure of the year (for the authorizations and data use), in parallel; the baseline is that disclosure alone.',
          `Printing: playwright-core drives ${platform.printer.executablePath} (headless, no sandbox, no GPU); one browser per platform with JavaScript off and the network offline, a page per document, \`page.setContent\` then \`page.pdf({format: 'A4'})\` with the footer. ` +
            'The last row shows why the browser is kept: a launch per document costs more than the print.',
          `Uncounted warm-up first; rounds of ${REPS.compile} compilations, ${REPS.html} renderings, 1 print (${Math.min(context.rounds, FRESH_ROUNDS_MAX)} rounds of a fresh browser).`,
        ],
      },
    ]
  } finally {
    await closePlatform(platform)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** A year of activity written straight into the store: runs, products, calls, audit entries. */
async function seedYear(platform: Awaited<ReturnType<typeof openPlatform>>): Promise<void> {
  const { db } = platform.store
  const agreements = await db.selectFrom('agreements').select(['id', 'workspace_id', 'developer_org_id', 'scenario_id']).execute()
  const at = (i: number, of: number) => {
    const day = Math.floor((i / of) * 350)
    const date = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000 + (i % 36_000) * 1000)
    return date.toISOString().replace('Z', '+08:00')
  }
  for (let start = 0; start < RUNS; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, RUNS - start) }, (_v, j) => {
      const i = start + j
      const mode = i % 5 === 0 ? 'sandbox' : i % 97 === 0 ? 'training' : 'real'
      const refused = i % 13 === 0
      return {
        id: `run_${String(i).padStart(20, '0')}`, workspace_id: agreements[i % agreements.length]!.workspace_id, user_id: 'bench', mode, sql: 'SELECT 1',
        status: refused ? 'refused' : 'answered', rule: refused ? (i % 2 ? 'art28.no-use-beyond-scope' : 'art21.raw-data-stays-in-domain') : null, message: null,
        tables: '[]', checks: '[]', rows_released: refused ? 0 : 12, rows_withheld: i % 7 === 0 ? 2 : 0, cells_suppressed: i % 11 === 0 ? 1 : 0,
        result_hash: null, epsilon_spent: i % 17 === 0 ? 0.1 : 0, duration_ms: 20, created_at: at(i, RUNS),
      }
    })
    await db.insertInto('query_runs').values(rows).execute()
  }
  const products = Array.from({ length: 10 }, (_v, i) => {
    const agreement = agreements[i % agreements.length]!
    return {
      code: `PRD-2026-BENCH${i}`, kind: ['api', 'dataset', 'indicator', 'model', 'report'][i % 5]!, name: `产品 ${i}`, description: 'd', scenario_code: 'SC-FIN-001', workspace_id: agreement.workspace_id,
      agreement_id: agreement.id, developer_org_id: agreement.developer_org_id, status: i % 3 ? 'listed' : 'approved', spec: '{}', sources: '{}', outputs: '[]', per_entity: 0,
      pricing: JSON.stringify({ model: 'per-call', yuanPerCall: 0.35 }), data_grade: 'general-2', checks: null, created_by: 'bench', created_at: at(i, 10), submitted_at: null, updated_at: at(i, 10),
    }
  })
  await db.insertInto('products').values(products).execute()
  for (let start = 0; start < CALLS; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, CALLS - start) }, (_v, j) => {
      const i = start + j
      const ok = i % 10 !== 0
      return {
        id: `call_${String(i).padStart(20, '0')}`, key_id: null, org_id: 'org-bank', product_code: products[i % products.length]!.code, entity_hash: null, consent_id: null,
        status: ok ? 200 : 429, outcome: ok ? 'ok' : 'rate_limited', duration_ms: 3, price_yuan: ok ? 0.35 : 0, request_id: null, called_at: at(i, CALLS),
      }
    })
    await db.insertInto('gateway_calls').values(rows).execute()
  }
  const actor = { userId: null, username: 'host:bench', orgId: null, role: 'host', sourceIp: null, requestId: null }
  for (let start = 0; start < AUDIT_ENTRIES; start += BATCH) {
    const events: AuditEvent[] = Array.from({ length: BATCH }, (_v, j) => ({ eventType: 'bench.event', objectType: 'bench', objectId: String(start + j), action: 'create', result: 'success' }))
    await recordAudit(platform, actor, events)
  }
}
