import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { createCheckpoint } from '../audit/audit.service.ts'
import { seedDemoData } from '../demo/demo-world.ts'

for (const dialect of testDialects()) {
  describe(`${dialect.name}: the public disclosure`, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      await seedDemoData(platform, { scale: 0.05, seed: 7 })
      app = await testApp(platform)
    })

    it('lists the demo authorizations, data use and the latest checkpoint, without a login and without personal data', async () => {
      const fintech = api(app, await loginAs(app, 'fintech'))
      assert.equal((await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql: 'SELECT status, count(*) FROM market_entities GROUP BY 1' })).status, 200)
      assert.equal((await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql: 'SELECT * FROM market_entities' })).status, 422)
      await createCheckpoint(platform)
      const answer = await app.inject({ method: 'GET', url: '/api/v1/public/disclosure' })
      assert.equal(answer.statusCode, 200, answer.body)
      const body = answer.json()
      const codes = body.authorizations.map((a: any) => a.scenario.code).sort()
      assert.deepEqual(codes, ['SC-FIN-001', 'SC-TOUR-001'])
      const fin = body.authorizations.find((a: any) => a.scenario.code === 'SC-FIN-001')
      assert.equal(fin.status, 'active')
      assert.ok(fin.scope.some((s: any) => s.fields.includes('uscc')))
      assert.ok(fin.developer.length > 0)
      assert.ok(body.operator?.name)
      const use = body.dataUse.find((u: any) => u.workspace === 'fin-credit')
      assert.equal(use.queriesAnswered, 1)
      assert.equal(use.queriesRefused, 1)
      assert.ok(body.auditCheckpoint.seq > 0)
      assert.match(body.auditCheckpoint.signature, /^[0-9a-f]+$/i)
      // The checkpoint's hex (hash, signature, key) is checked by its own shape; the rest holds no personal data.
      const { auditCheckpoint: _, ...rest } = body
      assert.doesNotMatch(JSON.stringify(rest), /demo-|password|@|1[3-9]\d{9}|\d{17}[\dX]/, 'no passwords, e-mail addresses, phones or ID numbers')
      const year = await app.inject({ method: 'GET', url: '/api/v1/public/disclosure?year=2026' })
      assert.equal(year.statusCode, 200)
      assert.deepEqual(year.json().period, { from: '2026-01-01', to: '2026-11-27' })
      assert.equal((await app.inject({ method: 'GET', url: '/api/v1/public/disclosure?year=2030' })).statusCode, 400)
      assert.equal((await app.inject({ method: 'GET', url: '/api/v1/public/disclosure?year=abc' })).statusCode, 400)
    })

    it('flags a burst of refused queries and an expiring agreement for the regulator', async () => {
      const fintech = api(app, await loginAs(app, 'fintech'))
      for (let i = 0; i < 10; i++) assert.equal((await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql: `SELECT uscc, ${i} FROM market_entities` })).status, 422)
      const regulator = api(app, await loginAs(app, 'regulator'))
      const answer = await regulator.get('/api/v1/supervision/flags')
      assert.equal(answer.status, 200, JSON.stringify(answer.body))
      const burst = answer.body.flags.find((f: any) => f.kind === 'refused-query-burst')
      assert.equal(burst?.subject, 'workspace:fin-credit')
      assert.equal(burst.severity, 'critical')
      assert.equal((await fintech.get('/api/v1/supervision/flags')).status, 403)
      platform.clock.advance(3 * 365 * 86_400 - 60 * 86_400)
      const later = await api(app, await loginAs(app, 'regulator')).get('/api/v1/supervision/flags')
      assert.ok(later.body.flags.some((f: any) => f.kind === 'expiring-agreement'), 'agreements ending within 90 days')
      assert.ok(!later.body.flags.some((f: any) => f.kind === 'refused-query-burst'), 'the burst is over')
    })

    it('packs an authorization for the archives, with its audit extract and a digest', async () => {
      const office = api(app, await loginAs(app, 'office'))
      const agreements = await office.get('/api/v1/agreements')
      const fin = agreements.body.agreements.find((a: any) => a.workspace.id === 'fin-credit')
      const archive = await office.get(`/api/v1/agreements/${fin.id}/archive`)
      assert.equal(archive.status, 200, JSON.stringify(archive.body))
      assert.equal(archive.body.kind, 'shuyu-archive')
      assert.equal(archive.body.agreement.id, fin.id)
      assert.match(archive.body.digest, /^[0-9a-f]{64}$/)
      assert.ok(archive.body.auditExtract.some((e: any) => e.eventType === 'agreement.activate'))
      assert.ok(archive.body.auditExtract.every((e: any) => [fin.id, 'fin-credit'].includes(e.objectId) || e.objectType !== 'agreement'))
      assert.equal(archive.body.retentionYears.auditExtract, 10)
      assert.equal((await api(app, await loginAs(app, 'skitour')).get(`/api/v1/agreements/${fin.id}/archive`)).status, 404)
    })
  })
}
