import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { browserSkipReason, CHROMIUM } from '../../../test/e2e/browser.ts'
import { bearer, loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { NARRATIVE_KEYS } from './report.ts'

/**
 * The acceptance of issue 8: the annual report of the demo year renders to PDF with its charts,
 * printed by a real headless Chromium. Without one the suite is skipped, saying so, unless
 * SHUYU_E2E_REQUIRED=1 (CI), where a missing Chromium fails it.
 */
const skip = browserSkipReason() ?? false

function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const NARRATIVE = Object.fromEntries(
  NARRATIVE_KEYS.map((k) => [k, `${k}：本年度，平台在授权运营域内完成数据加工处理，原始数据不出域，数据可用不可见。\n\n第二段：各项数据见下表与图。`]),
)

for (const dialect of testDialects()) {
  describe(`${dialect.name}: the annual report as a PDF (Chromium)`, { skip }, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance
    let id: string

    before(async () => {
      platform = await testPlatform(dialect, { env: { SHUYU_CHROMIUM: CHROMIUM } })
      await seedAuthorizedWorld(platform)
      app = await testApp(platform)
      const operator = api(app, await loginAs(app, 'operator'))
      const created = await operator.post('/api/v1/annual-reports', { year: 2026 })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      id = created.body.id
      assert.equal((await operator.put(`/api/v1/annual-reports/${id}/narrative`, NARRATIVE)).status, 200)
    })

    it('prints the demo year\'s report to a multi-page A4 PDF with its charts and a CJK font', async () => {
      const html = await app.inject({ method: 'GET', url: `/api/v1/annual-reports/${id}/html`, headers: bearer(await loginAs(app, 'operator')) })
      assert.equal(html.body.match(/<svg[\s>]/g)?.length, 5, 'the five charts the PDF prints')

      const started = performance.now()
      const response = await app.inject({ method: 'GET', url: `/api/v1/annual-reports/${id}/pdf`, headers: bearer(await loginAs(app, 'operator')) })
      const ms = Math.round(performance.now() - started)
      assert.equal(response.statusCode, 200, response.body.slice(0, 500))
      assert.equal(response.headers['content-type'], 'application/pdf')
      assert.equal(response.headers['content-disposition'], 'attachment; filename="annual-report-2026-draft.pdf"')
      const pdf = response.rawPayload
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
      assert.ok(pdf.subarray(-1024).toString('latin1').includes('%%EOF'))
      const text = pdf.toString('latin1')
      const pages = text.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0
      assert.ok(pages >= 2, `${pages} pages`)
      assert.ok(/\/FontFile2?\b/.test(text), 'fonts are embedded')
      const fonts = [...new Set([...text.matchAll(/\/BaseFont\s*\/[A-Z]{6}\+([^\s/]+)/g)].map((m) => m[1]))]
      process.stderr.write(`report-pdf: ${pdf.length} bytes, ${pages} pages in ${ms} ms; fonts ${fonts.join(', ')}\n`)

      if (hasTool('pdftotext')) {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-pdf-')), 'report.pdf')
        fs.writeFileSync(file, pdf)
        const extracted = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
        fs.rmSync(path.dirname(file), { recursive: true, force: true })
        assert.ok(extracted.includes('年度运营报告'), 'the title is text')
        assert.ok(extracted.includes('接口调用次数'), 'a chart\'s title is text in the PDF')
      }
    })

    it('prints the filed report for the office, and again from the same browser', async () => {
      assert.equal((await api(app, await loginAs(app, 'operator')).post(`/api/v1/annual-reports/${id}/filing`)).status, 200)
      const office = await loginAs(app, 'office')
      for (let round = 0; round < 2; round++) {
        const response = await app.inject({ method: 'GET', url: `/api/v1/annual-reports/${id}/pdf`, headers: bearer(office) })
        assert.equal(response.statusCode, 200)
        assert.equal(response.headers['content-disposition'], 'attachment; filename="annual-report-2026.pdf"')
        assert.equal(response.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-')
      }
      const exports = await platform.store.db.selectFrom('audit_entries').select('detail').where('event_type', '=', 'report.export').where('object_id', '=', id).execute()
      assert.equal(exports.filter((e) => JSON.parse(e.detail ?? '{}').format === 'pdf').length, 3, 'each PDF export is recorded')
    })
  })
}
