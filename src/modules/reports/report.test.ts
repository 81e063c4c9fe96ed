import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { bearer, loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import { openPrinter } from '../../platform/printer.ts'
import type { Platform } from '../../platform/platform.ts'
import { esc } from './report-html.ts'
import { assertEditable, assertNarrativeComplete, assertReportTransition, assertYearInOperatingTerm, completeNarrative, NARRATIVE_KEYS, statusAfterEdit } from './report.ts'

type Api = ReturnType<typeof api>

const FULL_NARRATIVE = Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, `${k}：本年度按计划开展工作。\n\n第二段。`]))

/** Text meant to break out of the document: tags, attributes, entities, a closing style. */
const HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"></style><iframe src="//evil.example"></iframe>&amp; "quoted" \'single\''

describe('annual reports: the pure rules', () => {
  it('moves draft → filed → acknowledged or returned → draft, and nothing else', () => {
    assertReportTransition('r', 'draft', 'filed')
    assertReportTransition('r', 'filed', 'acknowledged')
    assertReportTransition('r', 'filed', 'returned')
    assertReportTransition('r', 'returned', 'draft')
    assert.throws(() => assertReportTransition('r', 'returned', 'filed'), { name: 'ConflictError' })
    assert.throws(() => assertReportTransition('r', 'acknowledged', 'draft'), { name: 'ConflictError' })
    assert.throws(() => assertReportTransition('r', 'draft', 'acknowledged'), { name: 'ConflictError' })
    assert.throws(() => assertEditable('r', 'filed'), /immutable/)
    assert.throws(() => assertEditable('r', 'acknowledged'), /immutable/)
    assert.equal(statusAfterEdit('returned'), 'draft')
    assert.equal(statusAfterEdit('draft'), 'draft')
  })

  it('refuses a year outside the operating term and a narrative with empty sections, citing article 27', () => {
    const terms = [{ termStart: '2026-11-27', termEnd: '2031-11-26' }]
    assertYearInOperatingTerm(2026, terms)
    assertYearInOperatingTerm(2031, terms)
    assert.throws(() => assertYearInOperatingTerm(2025, terms), { rule: 'art27.annual-report' })
    assert.throws(() => assertYearInOperatingTerm(2026, []), { rule: 'art27.annual-report' })
    assert.throws(() => assertNarrativeComplete(completeNarrative({ overview: 'x' })), (e: Error & { rule?: string }) => e.rule === 'art27.annual-report' && /数据资源 \(data\)/.test(e.message))
    assertNarrativeComplete(completeNarrative(FULL_NARRATIVE))
  })

  it('escapes the five characters that end HTML text or attributes', () => {
    assert.equal(esc('<a href="x" title=\'y\'>&</a>'), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })
})

for (const dialect of testDialects()) {
  describe(`${dialect.name}: the annual operation report (art. 27)`, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance
    let as: Record<'operator' | 'reviewer' | 'office' | 'bureau' | 'regulator' | 'fintech' | 'bank' | 'sysadmin' | 'auditadmin', Api>
    let id: string

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      app = await testApp(platform)
      const users = ['operator', 'reviewer', 'office', 'bureau', 'regulator', 'fintech', 'bank', 'sysadmin', 'auditadmin'] as const
      as = Object.fromEntries(await Promise.all(users.map(async (u) => [u, api(app, await loginAs(app, u))] as const))) as typeof as
    })

    const state = async () => (await platform.store.db.selectFrom('annual_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
    const events = async () =>
      (await platform.store.db.selectFrom('audit_entries').select('event_type').where('object_id', '=', id).where('result', '=', 'success').orderBy('seq').execute()).map((e) => e.event_type)

    it('lets only the operator create it, for a year of its term that has begun, once', async () => {
      assert.equal((await api(app).post('/api/v1/annual-reports', { year: 2026 })).status, 401)
      for (const who of ['office', 'bureau', 'regulator', 'fintech', 'bank', 'sysadmin'] as const) {
        assert.equal((await as[who].post('/api/v1/annual-reports', { year: 2026 })).status, 403, who)
      }
      const early = await as.operator.post('/api/v1/annual-reports', { year: 2025 })
      assert.equal(early.status, 422, JSON.stringify(early.body))
      assert.equal(early.body.error.rule, 'art27.annual-report')
      assert.match(early.body.error.article, /第二十七条/)
      assert.equal((await as.operator.post('/api/v1/annual-reports', { year: 2027 })).status, 400, 'the year has not begun')
      assert.equal((await as.operator.post('/api/v1/annual-reports', { year: 2024 })).status, 400, 'before the measures')
      assert.equal((await as.operator.post('/api/v1/annual-reports', { year: '2026' })).status, 400)

      const created = await as.operator.post('/api/v1/annual-reports', { year: 2026 })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      id = created.body.id
      assert.match(id, /^rpt_[0-9a-z]{20}$/)
      assert.equal(created.body.status, 'draft')
      assert.equal(created.body.digestAlgorithm, 'sm3')
      assert.match(created.body.figuresDigest, /^[0-9a-f]{64}$/)
      assert.equal(created.body.figuresIntact, true)
      assert.deepEqual(created.body.period, { from: '2026-01-01', to: '2026-11-27' })
      assert.equal(created.body.yearComplete, false)
      assert.equal(created.body.figures.operator.name, '张家口数据运营有限公司')
      assert.equal(created.body.figures.authorizations.inForce, 2, 'the two demo authorizations')
      const again = await as.reviewer.post('/api/v1/annual-reports', { year: 2026 })
      assert.equal(again.status, 409, 'one report per year')
    })

    it('keeps a draft from everyone but the operator', async () => {
      assert.equal((await as.reviewer.get(`/api/v1/annual-reports/${id}`)).status, 200)
      for (const who of ['office', 'bureau', 'regulator', 'fintech', 'bank', 'sysadmin', 'auditadmin'] as const) {
        assert.equal((await as[who].get(`/api/v1/annual-reports/${id}`)).status, 404, who)
        assert.equal((await as[who].get(`/api/v1/annual-reports/${id}/html`)).status, 404, who)
      }
      assert.deepEqual((await as.office.get('/api/v1/annual-reports')).body.reports, [])
      assert.equal((await as.fintech.get('/api/v1/annual-reports')).status, 403)
      assert.equal((await as.sysadmin.get('/api/v1/annual-reports')).status, 403)
      assert.deepEqual((await as.operator.get('/api/v1/annual-reports')).body.reports.map((r: any) => r.id), [id])
    })

    it('escapes a hostile narrative in the HTML, which holds its charts and no script', async () => {
      const written = await as.operator.put(`/api/v1/annual-reports/${id}/narrative`, { overview: HOSTILE, data: '第一行\n第二行' })
      assert.equal(written.status, 200, JSON.stringify(written.body))
      assert.equal(written.body.narrative.overview, HOSTILE, 'stored as written')
      assert.equal(written.body.narrative.plan, '', 'sections left out are empty')
      const response = await app.inject({ method: 'GET', url: `/api/v1/annual-reports/${id}/html`, headers: bearer(await loginAs(app, 'operator')) })
      assert.equal(response.statusCode, 200)
      assert.match(String(response.headers['content-type']), /^text\/html; charset=utf-8/)
      assert.match(String(response.headers['content-security-policy']), /script-src 'self'/, 'no inline script could run anyway')
      const html = response.body
      assert.match(html, /^<!DOCTYPE html>\n<html lang="zh-CN">/)
      assert.doesNotMatch(html, /<script/i)
      assert.doesNotMatch(html, /<img|<iframe|onerror="/i)
      assert.doesNotMatch(html, /style="[^"]*"[^ >]/, 'no attribute closed early (a double quote inside a style)')
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;&lt;/style&gt;'), 'the text shows as text')
      assert.ok(html.includes('&amp;amp; &quot;quoted&quot; &#39;single&#39;'))
      assert.equal(html.match(/<\/style>/g)?.length, html.match(/<style[\s>]/g)?.length, 'no style element closed that was not opened')
      assert.ok(html.includes('第一行<br>第二行'), 'line breaks kept')
      assert.equal(html.match(/<svg[\s>]/g)?.length, 5, 'five charts as inline SVG')
      assert.ok(html.includes('年度运营报告') && html.includes('Annual Operation Report'))
      assert.ok(html.includes(written.body.figuresDigest))
      assert.ok(html.includes('草稿'), 'a draft says so')
    })

    it('refuses to file with empty sections, citing article 27, and leaves the report as it was', async () => {
      const before = await state()
      const refused = await as.operator.post(`/api/v1/annual-reports/${id}/filing`)
      assert.equal(refused.status, 422)
      assert.equal(refused.body.error.rule, 'art27.annual-report')
      assert.match(refused.body.error.message, /场景与授权 \(scenarios\)/)
      assert.deepEqual(await state(), before)
      assert.equal((await as.operator.put(`/api/v1/annual-reports/${id}/narrative`, { overview: 'x'.repeat(20_001) })).status, 400)
      assert.equal((await as.operator.put(`/api/v1/annual-reports/${id}/narrative`, { preface: 'x' })).status, 400, 'unknown section')
      assert.equal((await as.office.put(`/api/v1/annual-reports/${id}/narrative`, FULL_NARRATIVE)).status, 404)
      assert.deepEqual(await state(), before)
    })

    it('recompiles a draft from the records as they are now', async () => {
      const before = await as.operator.get(`/api/v1/annual-reports/${id}`)
      platform.clock.advance(3600)
      const recompiled = await as.operator.post(`/api/v1/annual-reports/${id}/recompile`)
      assert.equal(recompiled.status, 200, JSON.stringify(recompiled.body))
      assert.notEqual(recompiled.body.figuresDigest, before.body.figuresDigest, 'compiled at another time')
      assert.ok(recompiled.body.figures.compiledAt > before.body.figures.compiledAt)
      assert.equal(recompiled.body.narrative.overview, HOSTILE, 'the narrative stays')
      assert.equal((await as.office.post(`/api/v1/annual-reports/${id}/recompile`)).status, 404)
    })

    it('files it with the office; filed, it is immutable and the overseers read it', async () => {
      assert.equal((await as.operator.put(`/api/v1/annual-reports/${id}/narrative`, FULL_NARRATIVE)).status, 200)
      const filed = await as.operator.post(`/api/v1/annual-reports/${id}/filing`)
      assert.equal(filed.status, 200, JSON.stringify(filed.body))
      assert.equal(filed.body.status, 'filed')
      assert.match(filed.body.documentDigest, /^[0-9a-f]{64}$/)
      assert.ok(filed.body.filedAt)
      const before = await state()
      assert.equal((await as.operator.put(`/api/v1/annual-reports/${id}/narrative`, FULL_NARRATIVE)).status, 409)
      assert.equal((await as.operator.post(`/api/v1/annual-reports/${id}/recompile`)).status, 409)
      assert.equal((await as.operator.post(`/api/v1/annual-reports/${id}/filing`)).status, 409)
      assert.deepEqual(await state(), before, 'nothing changed')
      for (const who of ['office', 'bureau', 'regulator'] as const) {
        const read = await as[who].get(`/api/v1/annual-reports/${id}`)
        assert.equal(read.status, 200, who)
        assert.equal(read.body.figuresIntact, true)
        assert.deepEqual((await as[who].get('/api/v1/annual-reports')).body.reports.map((r: any) => r.id), [id], who)
      }
      for (const who of ['fintech', 'bank', 'sysadmin'] as const) assert.equal((await as[who].get(`/api/v1/annual-reports/${id}`)).status, 404, who)
    })

    it('lets only the office decide: a return needs comments and makes the report a draft again', async () => {
      assert.equal((await as.bureau.post(`/api/v1/annual-reports/${id}/decision`, { decision: 'acknowledge' })).status, 403)
      assert.equal((await as.regulator.post(`/api/v1/annual-reports/${id}/decision`, { decision: 'acknowledge' })).status, 403)
      assert.equal((await as.operator.post(`/api/v1/annual-reports/${id}/decision`, { decision: 'acknowledge' })).status, 403)
      assert.equal((await as.fintech.post(`/api/v1/annual-reports/${id}/decision`, { decision: 'acknowledge' })).status, 404)
      assert.equal((await as.office.post(`/api/v1/annual-reports/${id}/decision`, { decision: 'return' })).status, 400, 'comments required')
      assert.equal((await as.office.post(`/api/v1/annual-reports/${id}/decision`, { decision: 'reject', comment: 'x' })).status, 400)
      const returned = await as.office.post(`/api/v1/annual-reports/${id}/decision`, { decision: 'return', comment: '请补充收益分配说明' })
      assert.equal(returned.status, 200, JSON.stringify(returned.body))
      assert.equal(returned.body.status, 'returned')
      assert.equal(returned.body.decisionComment, '请补充收益分配说明')
      assert.equal((await as.operator.post(`/api/v1/annual-reports/${id}/filing`)).status, 409, 'revise before filing again')
      assert.equal((await as.office.get(`/api/v1/annual-reports/${id}`)).status, 200, 'the office still sees what was filed with it')

      const revised = await as.operator.put(`/api/v1/annual-reports/${id}/narrative`, { ...FULL_NARRATIVE, finance: '收益分配按协议约定执行。' })
      assert.equal(revised.body.status, 'draft')
      assert.equal((await as.operator.post(`/api/v1/annual-reports/${id}/filing`)).body.status, 'filed')
      const acknowledged = await as.office.post(`/api/v1/annual-reports/${id}/decision`, { decision: 'acknowledge', comment: '已收悉' })
      assert.equal(acknowledged.body.status, 'acknowledged')
      assert.equal((await as.office.post(`/api/v1/annual-reports/${id}/decision`, { decision: 'return', comment: 'x' })).status, 409)
      assert.equal((await as.operator.put(`/api/v1/annual-reports/${id}/narrative`, FULL_NARRATIVE)).status, 409)
      assert.deepEqual(
        acknowledged.body.history.map((h: any) => h.action),
        ['create', 'narrative', 'recompile', 'narrative', 'file', 'return', 'narrative', 'file', 'acknowledge'],
      )
    })

    it('audits every change in the same transaction as the change', async () => {
      const list = await events()
      assert.deepEqual(
        list.filter((e) => e !== 'report.export'),
        ['report.create', 'report.narrative', 'report.recompile', 'report.narrative', 'report.file', 'report.return', 'report.narrative', 'report.file', 'report.acknowledge'],
      )
      assert.ok(list.includes('report.export'), 'the HTML export is recorded')
    })

    it('answers 503 with the way to install Chromium when the server has none, never 500', async () => {
      const without = await testApp({ ...platform, printer: openPrinter('/nonexistent/chromium') })
      const response = await without.inject({ method: 'GET', url: `/api/v1/annual-reports/${id}/pdf`, headers: bearer(await loginAs(without, 'office')) })
      assert.equal(response.statusCode, 503, response.body)
      const body = response.json()
      assert.equal(body.error.code, 'chromium_missing')
      assert.match(body.error.message, /apt-get install -y chromium/)
      assert.match(body.error.message, /SHUYU_CHROMIUM/)
      assert.equal((await without.inject({ method: 'GET', url: `/api/v1/annual-reports/${id}/pdf`, headers: bearer(await loginAs(without, 'fintech')) })).statusCode, 404, 'who may not see it learns nothing')
    })
  })
}
