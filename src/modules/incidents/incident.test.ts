import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { seedDemoData } from '../demo/demo-world.ts'

type Api = ReturnType<typeof api>

const HASH = 'd'.repeat(64)

for (const dialect of testDialects()) {
  describe(`${dialect.name}: emergency plans and security incidents`, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance
    let fintech: Api, skitour: Api, operator: Api, office: Api, regulator: Api, bank: Api

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      await seedDemoData(platform, { scale: 0.02, seed: 7 })
      app = await testApp(platform)
      const as = async (username: string) => api(app, await loginAs(app, username))
      fintech = await as('fintech')
      skitour = await as('skitour')
      operator = await as('operator')
      office = await as('office')
      regulator = await as('regulator')
      bank = await as('bank')
    })

    it('files emergency plans, and flags who has none', async () => {
      const flags = await regulator.get('/api/v1/supervision/flags')
      assert.ok(flags.body.flags.some((f: any) => f.kind === 'no-emergency-plan' && f.subject === 'organization:org-fintech'))
      const filed = await fintech.put('/api/v1/emergency-plans', { title: '数据安全事件应急预案', summary: '分级响应，2小时内报告运营方', documentHash: HASH })
      assert.equal(filed.status, 200, JSON.stringify(filed.body))
      assert.equal(filed.body.version, 1)
      assert.equal((await fintech.put('/api/v1/emergency-plans', { title: '数据安全事件应急预案（修订）', summary: 's', documentHash: HASH })).body.version, 2)
      assert.equal((await bank.put('/api/v1/emergency-plans', { title: 't', summary: 's', documentHash: HASH })).status, 403)
      const plans = await operator.get('/api/v1/emergency-plans')
      assert.deepEqual(plans.body.plans.map((p: any) => `${p.orgId}:${p.version}`), ['org-fintech:2'])
      assert.deepEqual((await skitour.get('/api/v1/emergency-plans')).body.plans, [], 'another developer sees only its own')
      const after = await regulator.get('/api/v1/supervision/flags')
      assert.ok(!after.body.flags.some((f: any) => f.kind === 'no-emergency-plan' && f.subject === 'organization:org-fintech'))
    })

    it('takes a developer\'s report to the operator, escalates it to the office, suspends the workspace and closes it', async () => {
      const reported = await fintech.post('/api/v1/incidents', {
        workspaceId: 'fin-credit', severity: 'major', category: 'unauthorized-access', title: '开发账号异常登录', description: '发现异地登录并尝试批量查询', occurredAt: '2026-11-27T09:30:00+08:00',
      })
      assert.equal(reported.status, 201, JSON.stringify(reported.body))
      const id = reported.body.id
      assert.equal(reported.body.receiverKind, 'operator')
      assert.match(reported.body.closeBy, /^2026-11-28T10:00/, 'a major incident closes within 24 hours')
      assert.equal((await skitour.get(`/api/v1/incidents/${id}`)).status, 404, 'another developer does not see it')
      assert.equal((await bank.post('/api/v1/incidents', { severity: 'general', category: 'other', title: 't', description: 'd', occurredAt: '2026-11-27T09:00:00+08:00' })).status, 403)
      assert.equal((await fintech.post('/api/v1/incidents', { severity: 'general', category: 'other', title: 't', description: 'd', occurredAt: '2027-11-27T09:00:00+08:00' })).status, 400, 'not in the future')
      assert.equal((await fintech.post(`/api/v1/incidents/${id}/steps`, { kind: 'acknowledge', action: 'x' })).status, 403, 'the receiver acknowledges')
      assert.equal((await operator.post(`/api/v1/incidents/${id}/steps`, { kind: 'acknowledge', action: '已接报，启动二级响应' })).body.status, 'acknowledged')
      assert.equal((await fintech.post(`/api/v1/incidents/${id}/steps`, { kind: 'step', action: '已冻结涉事账号' })).status, 200)

      const escalated = await operator.post(`/api/v1/incidents/${id}/escalation`, { note: '重大事件，报协调办' })
      assert.equal(escalated.status, 201, JSON.stringify(escalated.body))
      assert.equal(escalated.body.receiverKind, 'office')
      assert.equal(escalated.body.escalatedFrom, id)
      assert.equal((await operator.post(`/api/v1/incidents/${id}/escalation`, { note: 'again' })).status, 409)
      assert.ok((await office.get('/api/v1/incidents')).body.incidents.some((i: any) => i.id === escalated.body.id))

      const suspended = await operator.post(`/api/v1/incidents/${id}/suspension`, { reason: '排查期间暂停数据访问', rectificationDeadline: '2026-12-15' })
      assert.equal(suspended.status, 200, JSON.stringify(suspended.body))
      assert.ok(suspended.body.suspendedAgreementId)
      const query = await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql: 'SELECT count(*) FROM water_usage' })
      assert.equal(query.status, 403)
      assert.match(query.body.error.message, /incident/)

      assert.equal((await operator.post(`/api/v1/incidents/${id}/steps`, { kind: 'close', action: '处置完毕' })).status, 400, 'closing states the root cause')
      const closed = await operator.post(`/api/v1/incidents/${id}/steps`, { kind: 'close', action: '处置完毕，已整改', rootCause: '开发人员口令泄露' })
      assert.equal(closed.body.status, 'closed')
      assert.equal((await fintech.post(`/api/v1/incidents/${id}/steps`, { kind: 'step', action: 'late' })).status, 409)
      const audit = await platform.store.db.selectFrom('audit_entries').select('event_type').where('object_id', '=', id).orderBy('seq').execute()
      assert.deepEqual(audit.map((a) => a.event_type), ['incident.report', 'incident.acknowledge', 'incident.step', 'incident.suspend', 'incident.close'])
    })

    it('flags incidents past their deadline', async () => {
      const reported = await operator.post('/api/v1/incidents', { severity: 'especially-major', category: 'data-leak', title: '疑似数据泄露', description: 'd', occurredAt: '2026-11-27T10:00:00+08:00' })
      assert.equal(reported.status, 201)
      assert.equal(reported.body.receiverKind, 'office')
      platform.clock.advance(13 * 3600)
      const regulator2 = api(app, await loginAs(app, 'regulator'))
      const flags = await regulator2.get('/api/v1/supervision/flags')
      assert.ok(flags.body.flags.some((f: any) => f.kind === 'overdue-incident' && f.subject === `incident:${reported.body.id}`))
      assert.equal((await regulator2.get(`/api/v1/incidents/${reported.body.id}`)).body.overdue, true)
    })

    it('evaluates a developer for a past year on the published criteria, once', async () => {
      const bureau = api(app, await loginAs(app, 'bureau'))
      assert.equal((await bureau.post('/api/v1/evaluations', { subjectOrgId: 'org-fintech', year: 2026, note: 'n' })).status, 400, 'the year has not ended')
      platform.clock.advance(40 * 86_400)
      const bureau2 = api(app, await loginAs(app, 'bureau'))
      const evaluated = await bureau2.post('/api/v1/evaluations', { subjectOrgId: 'org-fintech', year: 2026, note: '年度评估' })
      assert.equal(evaluated.status, 201, JSON.stringify(evaluated.body))
      const e = evaluated.body
      assert.equal(e.evidence.incidents.severe, 1, 'the major incident of the year')
      assert.equal(e.evidence.suspensions, 1)
      assert.equal(e.evidence.emergencyPlan, true)
      assert.equal(e.scores.find((s: any) => s.criterion === 'incidents').score, 20)
      assert.equal(e.evidence.overdueRectifications, 1, 'still suspended past its rectification deadline')
      assert.equal(e.scores.find((s: any) => s.criterion === 'rectification').score, 5)
      assert.equal(e.total, e.scores.reduce((sum: number, s: any) => sum + s.score, 0))
      assert.ok(['excellent', 'good', 'fair', 'poor'].includes(e.rating))
      assert.equal((await bureau2.post('/api/v1/evaluations', { subjectOrgId: 'org-fintech', year: 2026, note: 'again' })).status, 409)
      assert.equal((await bureau2.post('/api/v1/evaluations', { subjectOrgId: 'org-bank', year: 2026, note: 'n' })).status, 400)
      const own = await api(app, await loginAs(app, 'fintech')).get('/api/v1/evaluations')
      assert.deepEqual(own.body.evaluations.map((x: any) => x.id), [e.id])
      assert.deepEqual((await api(app, await loginAs(app, 'skitour')).get('/api/v1/evaluations')).body.evaluations, [])
      assert.equal((await api(app, await loginAs(app, 'fintech')).post('/api/v1/evaluations', { subjectOrgId: 'org-fintech', year: 2026, note: 'n' })).status, 403)
      const criteria = await app.inject({ method: 'GET', url: '/api/v1/evaluation-criteria' })
      assert.equal(criteria.json().criteria.reduce((sum: number, c: any) => sum + c.weight, 0), 100)
    })
  })
}
