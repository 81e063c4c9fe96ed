import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { objectId, text } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { createReport, decideReport, fileReport, getReport, listReports, recompileReport, reportFileName, reportHtml, reportPdf, updateNarrative } from './report.service.ts'
import { MAX_SECTION_CHARS, NARRATIVE_KEYS, REPORT_DECISIONS, REPORT_STATUSES, type NarrativeSection } from './report.ts'

const reportId = z.object({ id: objectId('rpt') }).strict()

/** A year of the measures (in force from 2025); whether it has begun is the service's to say. */
export const reportYear = z.int().min(2025).max(2100)

/** The whole narrative: each section at most MAX_SECTION_CHARS, those left out empty. */
export const narrativeSchema = z
  .object(Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, z.string().trim().max(MAX_SECTION_CHARS).optional()])) as Record<NarrativeSection, z.ZodOptional<z.ZodString>>)
  .strict()

export const decisionSchema = z.object({ decision: z.enum(REPORT_DECISIONS), comment: text(4000).optional() }).strict()

/** Expensive to print: a generous limit for people, a wall for loops. */
const PDF_RATE_LIMIT = { max: 60, timeWindow: '1 minute' }

export function reportRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/annual-reports',
    summary: 'Create the annual operation report for a year of the operating term, its figures compiled from the records and frozen under a digest (the primary operator; art. 27)',
    tags: ['reports'],
    access: 'signed-in',
    status: 201,
    body: z.object({ year: reportYear }).strict(),
    handler: ({ body }, ctx) => createReport(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/annual-reports',
    summary: 'Annual reports: the operator its own; the office, the bureau and regulators those filed',
    tags: ['reports'],
    access: 'signed-in',
    query: z.object({ status: z.enum(REPORT_STATUSES).optional() }).strict(),
    handler: async ({ query }, ctx) => ({ reports: await listReports(platform, ctx, query) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/annual-reports/:id',
    summary: 'One annual report: its frozen figures with their digest, the narrative and the history',
    tags: ['reports'],
    access: 'signed-in',
    params: reportId,
    handler: ({ params }, ctx) => getReport(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'PUT',
    url: '/api/v1/annual-reports/:id/narrative',
    summary: 'Write the narrative, section by section; sections left out are empty (the operator, while a draft or returned)',
    tags: ['reports'],
    access: 'signed-in',
    params: reportId,
    body: narrativeSchema,
    handler: ({ params, body }, ctx) => updateNarrative(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/annual-reports/:id/recompile',
    summary: 'Compile the figures again from the records as they are now (the operator, while a draft or returned)',
    tags: ['reports'],
    access: 'signed-in',
    params: reportId,
    handler: ({ params }, ctx) => recompileReport(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/annual-reports/:id/filing',
    summary: 'File the report with the coordination office (报送): every section written; immutable from then on (the operator)',
    tags: ['reports'],
    access: 'signed-in',
    params: reportId,
    handler: ({ params }, ctx) => fileReport(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/annual-reports/:id/decision',
    summary: 'Acknowledge a filed report, or return it with comments for revision (the coordination office)',
    tags: ['reports'],
    access: 'signed-in',
    params: reportId,
    body: decisionSchema,
    handler: ({ params, body }, ctx) => decideReport(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/annual-reports/:id/html',
    summary: 'The report as a self-contained, printable HTML document (zh-CN, charts as inline SVG)',
    tags: ['reports'],
    access: 'signed-in',
    params: reportId,
    handler: async ({ params }, ctx, _request, reply) => {
      const { html, report } = await reportHtml(platform, ctx, params.id)
      return reply
        .type('text/html; charset=utf-8')
        .header('content-disposition', `inline; filename="${reportFileName(report, 'html')}"`)
        .header('cache-control', 'no-store')
        .send(html)
    },
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/annual-reports/:id/pdf',
    summary: 'The report as an A4 PDF printed by headless Chromium; 503 with the way to install it when the server has none',
    tags: ['reports'],
    access: 'signed-in',
    params: reportId,
    rateLimit: PDF_RATE_LIMIT,
    handler: async ({ params }, ctx, _request, reply) => {
      const { pdf, report } = await reportPdf(platform, ctx, params.id)
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${reportFileName(report, 'pdf')}"`)
        .header('cache-control', 'no-store')
        .send(pdf)
    },
  })
}
