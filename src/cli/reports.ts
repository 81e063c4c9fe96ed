import fs from 'node:fs'
import path from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import type { Platform } from '../platform/platform.ts'
import { InputError } from '../platform/errors.ts'
import type { RequestContext } from '../modules/identity/identity.service.ts'
import { narrativeSchema } from '../modules/reports/report.routes.ts'
import { createReport, decideReport, fileReport, getReport, listReports, recompileReport, reportHtml, reportPdf, updateNarrative, type AnnualReport } from '../modules/reports/report.service.ts'
import { REPORT_DECISIONS, type ReportDecision } from '../modules/reports/report.ts'
import { act, acting, readInput, text, type Acting } from './authorizations.ts'

/**
 * The annual operation report (art. 27) from the command line, acting as a user like the API:
 * the operator creates it for a year, writes its narrative, files it and prints it; the office
 * acknowledges or returns it. A report is named by its year.
 */

function year(value: string): number {
  const y = Number(value)
  if (!Number.isInteger(y) || y < 2025 || y > 2100) throw new InvalidArgumentError('a year from 2025, like 2026')
  return y
}

const yearOption = () => new Option('--year <year>', 'the year the report covers').argParser(year).makeOptionMandatory()

/** The report of the year the user may see, or a NotFound-like InputError. */
async function reportOfYear(platform: Platform, ctx: RequestContext, y: number): Promise<AnnualReport> {
  const found = (await listReports(platform, ctx, {})).find((r) => r.year === y)
  if (!found) throw new InputError(`no annual report for ${y} that you may see: create it with \`shuyu reports create --year ${y}\``)
  return getReport(platform, ctx, found.id)
}

function lines(r: AnnualReport): string[] {
  const f = r.figures
  return [
    `${r.id} ${r.year} ${r.status}: ${r.operatorName}, ${f.period.from} to ${f.period.to}${f.yearComplete ? '' : ' (the year is still running)'}`,
    `  figures ${r.digestAlgorithm.toUpperCase()} ${r.figuresDigest}${r.figuresIntact ? '' : ' (DOES NOT MATCH the stored figures)'}, compiled ${f.compiledAt}`,
    `  data: ${f.data.granted} resources granted, ${f.data.inPool} in the pool (${f.data.rowsServing} rows); queries ${f.data.queries.real.answered} answered, ${f.data.queries.real.refused + f.data.queries.sandbox.refused} refused, ${f.data.queries.sandbox.answered} in the sandbox`,
    `  authorizations ${f.authorizations.inForce} in force (${f.authorizations.new} new); products ${f.products.total}; gateway calls ${f.gateway.answered} answered, ${f.gateway.refused} refused`,
    `  ledger: revenue ${f.ledger.revenueYuan} yuan, costs ${f.ledger.costsYuan} yuan, net ${f.ledger.netYuan} yuan; incidents ${f.incidents.total} (${f.incidents.open} open)`,
    ...(r.filedAt ? [`  filed ${r.filedAt}, document ${r.documentDigest}`] : []),
    ...(r.decidedAt ? [`  office: ${r.status} ${r.decidedAt}${r.decisionComment ? `: ${r.decisionComment}` : ''}`] : []),
    ...(r.status === 'draft' || r.status === 'returned'
      ? [`  narrative: ${Object.entries(r.narrative).filter(([, v]) => v.trim() === '').length} of ${Object.keys(r.narrative).length} sections still empty`]
      : []),
  ]
}

function writeOut(out: string, content: Buffer | string): string {
  const target = path.resolve(out)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.writeFileSync(target, content)
  return target
}

export function reportsCommand(): Command {
  const reports = new Command('reports').description('the annual operation report (年度运营报告, art. 27): create, write, file, print')
  acting(reports, 'create', 'create the report for a year, its figures compiled from the records now (the operator)')
    .addOption(yearOption())
    .action(async function (this: Command, o: Acting & { year: number }) {
      await act(this, o, (platform, ctx) => createReport(platform, ctx, { year: o.year }), lines)
    })
  acting(reports, 'list', 'the reports you may see')
    .action(async function (this: Command, o: Acting) {
      await act(this, o, (platform, ctx) => listReports(platform, ctx, {}), (list) => (list.length ? list.map((r) => `${r.id} ${r.year} ${r.status} ${r.operatorName} (${r.period.from} to ${r.period.to})`) : ['no annual reports']))
    })
  acting(reports, 'show', 'the report of a year: its key figures and where it stands')
    .addOption(yearOption())
    .action(async function (this: Command, o: Acting & { year: number }) {
      await act(this, o, (platform, ctx) => reportOfYear(platform, ctx, o.year), lines)
    })
  acting(reports, 'narrative', 'write the narrative from a JSON file of sections: overview, data, scenarios, products, finance, security, issues, plan (the operator)')
    .addOption(yearOption())
    .addOption(new Option('--file <json>', 'the sections as a JSON object (the API request body)').makeOptionMandatory())
    .action(async function (this: Command, o: Acting & { year: number; file: string }) {
      const input = readInput(o.file, narrativeSchema)
      await act(this, o, async (platform, ctx) => updateNarrative(platform, ctx, (await reportOfYear(platform, ctx, o.year)).id, input), lines)
    })
  acting(reports, 'recompile', 'compile the figures again from the records as they are now (the operator, while a draft)')
    .addOption(yearOption())
    .action(async function (this: Command, o: Acting & { year: number }) {
      await act(this, o, async (platform, ctx) => recompileReport(platform, ctx, (await reportOfYear(platform, ctx, o.year)).id), lines)
    })
  acting(reports, 'file', 'file the report with the coordination office (报送): every section written (the operator)')
    .addOption(yearOption())
    .action(async function (this: Command, o: Acting & { year: number }) {
      await act(this, o, async (platform, ctx) => fileReport(platform, ctx, (await reportOfYear(platform, ctx, o.year)).id), lines)
    })
  acting(reports, 'decide', 'acknowledge a filed report, or return it with comments (the office)')
    .addOption(yearOption())
    .addOption(new Option('--decision <decision>').choices(REPORT_DECISIONS).makeOptionMandatory())
    .option('--comment <text>', 'the office\'s comments (required to return)', text(4000))
    .action(async function (this: Command, o: Acting & { year: number; decision: ReportDecision; comment?: string }) {
      await act(this, o, async (platform, ctx) => decideReport(platform, ctx, (await reportOfYear(platform, ctx, o.year)).id, { decision: o.decision, comment: o.comment }), lines)
    })
  acting(reports, 'pdf', 'print the report to an A4 PDF with headless Chromium (SHUYU_CHROMIUM, else /usr/bin/chromium)')
    .addOption(yearOption())
    .requiredOption('--out <file>', 'where to write the PDF')
    .action(async function (this: Command, o: Acting & { year: number; out: string }) {
      await act(
        this,
        o,
        async (platform, ctx) => {
          const { pdf, report } = await reportPdf(platform, ctx, (await reportOfYear(platform, ctx, o.year)).id)
          return { file: writeOut(o.out, pdf), bytes: pdf.length, id: report.id, status: report.status, figuresDigest: report.figuresDigest }
        },
        (w) => `wrote the ${w.status} annual report ${w.id} to ${w.file} (${w.bytes} bytes)`,
      )
    })
  acting(reports, 'html', 'write the report as one self-contained HTML file')
    .addOption(yearOption())
    .requiredOption('--out <file>', 'where to write the HTML')
    .action(async function (this: Command, o: Acting & { year: number; out: string }) {
      await act(
        this,
        o,
        async (platform, ctx) => {
          const { html, report } = await reportHtml(platform, ctx, (await reportOfYear(platform, ctx, o.year)).id)
          return { file: writeOut(o.out, html), bytes: Buffer.byteLength(html), id: report.id, status: report.status }
        },
        (w) => `wrote the ${w.status} annual report ${w.id} to ${w.file} (${w.bytes} bytes)`,
      )
    })
  return reports
}
