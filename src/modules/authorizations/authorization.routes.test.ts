import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, applicationBody, CRITERIA, DEMO_CLAUSES, DEMO_RESOURCE_CODES as R, ELIGIBILITY, QUALIFICATIONS, seedAuthorizedWorld, today } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { seedDemoIdentities } from '../demo/demo-identities.ts'
import { seedDemoCatalog } from '../demo/demo-world.ts'
import { actAs } from '../identity/identity.service.ts'
import { runAgreementJobs } from './agreement.jobs.ts'
import { dayAfter, termEndAfter } from './authorization.ts'
import { usableWorkspace } from './workspace.service.ts'

type Api = ReturnType<typeof api>
type TestPlatform = Platform & { clock: TestClock }

const ENTITY_FIELDS = ['uscc', 'district_code', 'industry_code', 'registered_capital_wan']

function needs(fields: readonly string[] = ENTITY_FIELDS) {
  return [{ resourceCode: R.market_entities, fields: fields.map((name) => ({ name, justification: '分析所需' })) }]
}

function scenarioBody(code: string, overrides: Record<string, unknown> = {}) {
  return { code, name: `场景 ${code}`, sector: '金融服务', description: '测试场景', purposeType: 'industrial', conditions: '有偿使用', needs: needs(), ...overrides }
}

function agreementBody(applicationId: string, platform: Platform, overrides: Record<string, unknown> = {}) {
  const start = today(platform)
  return {
    applicationId,
    clauses: DEMO_CLAUSES,
    scope: [{ resourceCode: R.market_entities, fields: ENTITY_FIELDS }],
    termStart: start,
    termEnd: termEndAfter(start, 36),
    feeYuan: 50_000,
    workspace: { name: '测试工作区' },
    ...overrides,
  }
}

function assertRefused(response: { status: number; body: any }, rule: string, article: number): void {
  assert.equal(response.status, 422, JSON.stringify(response.body))
  assert.equal(response.body.error.rule, rule, response.body.error.message)
  assert.match(response.body.error.article, new RegExp(`\\(art\\. ${article}\\)$`))
  assert.ok(response.body.error.message.length > 10)
}

/**
 * A scenario taken through approval, call, application and award by the API; returns the
 * awarded application. The call's deadline passes by moving the test clock.
 */
async function awardedApplication(platform: TestPlatform, as: { operator: Api; office: Api; developer: Api }, code: string, scenario: Record<string, unknown> = {}): Promise<string> {
  assert.equal((await as.operator.post('/api/v1/scenarios', scenarioBody(code, scenario))).status, 200)
  assert.equal((await as.operator.post(`/api/v1/scenarios/${code}/submit`)).status, 200)
  assert.equal((await as.office.post(`/api/v1/scenarios/${code}/review`, { decision: 'approve' })).status, 200)
  const call = await as.operator.post('/api/v1/calls', {
    scenarioCode: code,
    title: `${code} 公告`,
    method: 'negotiation',
    eligibility: ELIGIBILITY,
    criteria: CRITERIA,
    deadline: chinaTime(new Date(platform.clock().getTime() + 60_000)),
  })
  assert.equal(call.status, 201, JSON.stringify(call.body))
  const application = await as.developer.post(`/api/v1/calls/${call.body.id}/applications`, applicationBody())
  assert.equal(application.status, 201, JSON.stringify(application.body))
  platform.clock.advance(61)
  const scored = await as.operator.post(`/api/v1/applications/${application.body.id}/score`, {
    scores: [
      { criterion: '技术方案', score: 50, reason: '可行' },
      { criterion: '安全能力', score: 30, reason: '到位' },
    ],
  })
  assert.equal(scored.status, 200, JSON.stringify(scored.body))
  assert.equal(scored.body.totalScore, 80)
  const award = await as.operator.post(`/api/v1/calls/${call.body.id}/award`, { applicationId: application.body.id, reason: '唯一合格申请' })
  assert.equal(award.status, 200, JSON.stringify(award.body))
  return application.body.id
}

for (const dialect of testDialects()) {
  describe(`${dialect.name}: the authorization chain through the API`, () => {
    it('runs from an empty platform: operator designated → scenario approved → call → award → agreement filed → active workspace', async () => {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      await seedDemoCatalog(platform)
      const app = await testApp(platform)
      const [office, bureau, operator, fintech] = await Promise.all(['office', 'bureau', 'operator', 'fintech'].map(async (u) => api(app, await loginAs(app, u))))
      const start = today(platform)

      const designated = await office!.post('/api/v1/operator-authorizations', {
        operatorOrgId: 'org-operator',
        qualifications: QUALIFICATIONS,
        agreementReference: '张数授〔2026〕1号',
        clauses: DEMO_CLAUSES,
        termStart: start,
        termEnd: termEndAfter(start, 60),
      })
      assert.equal(designated.status, 201, JSON.stringify(designated.body))
      assert.equal(designated.body.status, 'designated')
      const granted = await bureau!.post(`/api/v1/operator-authorizations/${designated.body.id}/grant`, { resources: [R.market_entities, R.electricity_usage] })
      assert.equal(granted.body.status, 'active')

      const demand = await fintech!.post('/api/v1/scenario-demands', { title: '小微企业信用', description: '信用评估', purposeType: 'industrial', needs: needs() })
      assert.equal(demand.status, 201, JSON.stringify(demand.body))
      const compiled = await operator!.post('/api/v1/scenarios', { ...scenarioBody('SC-FIN-101'), demandIds: [demand.body.id] })
      assert.equal(compiled.body.status, 'draft')
      assert.deepEqual(compiled.body.demandIds, [demand.body.id])
      // Before the office approves it, the scenario is nobody else's business, and cannot be called for.
      assert.equal((await fintech!.get('/api/v1/scenarios/SC-FIN-101')).status, 404)
      const early = await operator!.post('/api/v1/calls', {
        scenarioCode: 'SC-FIN-101', title: 't', method: 'open-tender', eligibility: ELIGIBILITY, criteria: CRITERIA,
        deadline: chinaTime(new Date(platform.clock().getTime() + 60_000)),
      })
      assertRefused(early, 'art13.scenario-review', 13)
      await operator!.post('/api/v1/scenarios/SC-FIN-101/submit')
      const approved = await office!.post('/api/v1/scenarios/SC-FIN-101/review', { decision: 'approve', comment: '同意' })
      assert.equal(approved.body.status, 'approved')
      const catalog = await api(app).get('/api/v1/public/scenarios')
      assert.deepEqual(catalog.body.scenarios.map((s: { code: string }) => s.code), ['SC-FIN-101'])

      const applicationId = await awardedApplication(platform, { operator: operator!, office: office!, developer: fintech! }, 'SC-FIN-102')
      const draft = await operator!.post('/api/v1/agreements', agreementBody(applicationId, platform, { workspace: { id: 'credit-lab', name: '信用实验室' } }))
      assert.equal(draft.status, 201, JSON.stringify(draft.body))
      assert.equal(draft.body.status, 'draft')
      assert.deepEqual(draft.body.missingClauses, [])
      assert.deepEqual(draft.body.workspace.rules.identifiers, ['market_entities.uscc'], 'identifying fields are identifiers by default')

      const filed = await operator!.post(`/api/v1/agreements/${draft.body.id}/file`)
      assert.equal(filed.body.status, 'filed', JSON.stringify(filed.body))
      assert.equal(filed.body.filing.objectionDeadline, dayAfter(start, platform.pack.params.filingObjectionDays))
      const waiting = await operator!.post(`/api/v1/agreements/${draft.body.id}/activate`)
      assertRefused(waiting, 'art17.office-supervision', 17)
      const active = await office!.post(`/api/v1/agreements/${draft.body.id}/acknowledge`)
      assert.equal(active.body.status, 'active', JSON.stringify(active.body))

      const workspaces = await fintech!.get('/api/v1/workspaces')
      assert.deepEqual(workspaces.body.workspaces.map((w: { id: string; status: string }) => [w.id, w.status]), [['credit-lab', 'open']])
      const workspace = await fintech!.get('/api/v1/workspaces/credit-lab')
      assert.equal(workspace.body.scenarioCode, 'SC-FIN-102')
      assert.deepEqual(workspace.body.scope[0].fields.map((f: { name: string }) => f.name), ENTITY_FIELDS)
      assert.deepEqual(workspace.body.members.map((m: { username: string }) => m.username), ['fintech'])
      assert.deepEqual(workspace.body.term, { start, end: termEndAfter(start, 36) })

      // Every step is in the audit log.
      const events = (await platform.store.db.selectFrom('audit_entries').select('event_type').orderBy('seq').execute()).map((e) => e.event_type)
      for (const event of ['operator.designate', 'operator.grant', 'scenario.demand', 'scenario.compile', 'scenario.submit', 'scenario.review', 'call.publish', 'call.apply', 'call.score', 'call.award', 'agreement.draft', 'agreement.file', 'agreement.acknowledge', 'agreement.activate']) {
        assert.ok(events.includes(event), `audit has ${event}`)
      }
    })
  })

  describe(`${dialect.name}: the rules of authorization, each refused with its article`, () => {
    let platform: TestPlatform
    let app: FastifyInstance
    let as: Record<'office' | 'bureau' | 'operator' | 'fintech' | 'skitour' | 'bank', Api>

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      app = await testApp(platform)
      const users = ['office', 'bureau', 'operator', 'fintech', 'skitour', 'bank'] as const
      as = Object.fromEntries(await Promise.all(users.map(async (u) => [u, api(app, await loginAs(app, u))]))) as typeof as
    })

    const awarded = (code: string, scenario: Record<string, unknown> = {}) =>
      awardedApplication(platform, { operator: as.operator, office: as.office, developer: as.fintech }, code, scenario)

    it('the demo world holds fin-credit and ski-tourism, active, for three years from the start', async () => {
      const { body } = await as.operator.get('/api/v1/workspaces')
      assert.deepEqual(body.workspaces.map((w: { id: string; status: string; scenarioCode: string }) => [w.id, w.status, w.scenarioCode]), [
        ['fin-credit', 'open', 'SC-FIN-001'],
        ['ski-tourism', 'open', 'SC-TOUR-001'],
      ])
      const fin = body.workspaces[0]
      assert.deepEqual(fin.rules.identifiers.slice(0, 2), ['market_entities.uscc', 'market_entities.name'])
      assert.equal(fin.rules.minDistinctEntities, 10)
      assert.ok(!fin.scope[0].fields.some((f: { name: string }) => f.name.startsWith('legal_rep')))
      const ski = body.workspaces[1]
      assert.deepEqual(ski.budget, { epsilon: 10, spent: 0, remaining: 10 })
      assert.equal(fin.term.end, termEndAfter(fin.term.start, 36))
      // Each developer sees its own workspace only.
      assert.deepEqual((await as.skitour.get('/api/v1/workspaces')).body.workspaces.map((w: { id: string }) => w.id), ['ski-tourism'])
      assert.equal((await as.skitour.get('/api/v1/workspaces/fin-credit')).status, 404)
      assert.deepEqual((await as.bank.get('/api/v1/workspaces')).body.workspaces, [])
    })

    it('refuses a 37-month term, and a term beyond the operator’s own (art. 17, 11)', async () => {
      const applicationId = await awarded('SC-FIN-201')
      const start = today(platform)
      assertRefused(await as.operator.post('/api/v1/agreements', agreementBody(applicationId, platform, { termEnd: termEndAfter(start, 37) })), 'art17.term-max', 17)
      assertRefused(
        await as.operator.post('/api/v1/agreements', agreementBody(applicationId, platform, { termEnd: dayAfter(termEndAfter(start, 36)) })),
        'art17.term-max',
        17,
      )
      // The operator's term is 60 months: a developer term starting in 30 months may not run 36.
      const late = dayAfter(start, 900)
      assertRefused(
        await as.operator.post('/api/v1/agreements', agreementBody(applicationId, platform, { termStart: late, termEnd: termEndAfter(late, 36) })),
        'art11.within-operator-authorization',
        11,
      )
      assert.equal((await as.operator.post('/api/v1/agreements', agreementBody(applicationId, platform))).status, 201)
    })

    it('files no agreement missing a clause of art. 16, and lets nothing unfiled take effect (art. 17)', async () => {
      const applicationId = await awarded('SC-FIN-202')
      const { 'credit-commitment': _omitted, ...clauses } = DEMO_CLAUSES
      const draft = await as.operator.post('/api/v1/agreements', agreementBody(applicationId, platform, { clauses }))
      assert.equal(draft.status, 201)
      assert.deepEqual(draft.body.missingClauses, ['credit-commitment'])
      assertRefused(await as.operator.post(`/api/v1/agreements/${draft.body.id}/file`), 'art16.agreement-clauses', 16)
      assertRefused(await as.operator.post(`/api/v1/agreements/${draft.body.id}/activate`), 'art17.filing-before-authorization', 17)
      assertRefused(await as.office.post(`/api/v1/agreements/${draft.body.id}/acknowledge`), 'art17.filing-before-authorization', 17)
      assert.equal((await as.fintech.get('/api/v1/workspaces')).body.workspaces.length, 1, 'no workspace for an unfiled agreement')
      const revised = await as.operator.patch(`/api/v1/agreements/${draft.body.id}`, { clauses: { 'credit-commitment': '诚信承诺' } })
      assert.deepEqual(revised.body.missingClauses, [])
      assert.equal((await as.operator.post(`/api/v1/agreements/${draft.body.id}/file`)).body.status, 'filed')
      // The office objects within its period: back to the operator as a draft.
      const objected = await as.office.post(`/api/v1/agreements/${draft.body.id}/object`, { reason: '收费条款需说明依据' })
      assert.equal(objected.body.status, 'draft')
      assert.equal(objected.body.objection, '收费条款需说明依据')
    })

    it('never lets a developer grant onward (art. 11)', async () => {
      const fin = (await as.operator.get('/api/v1/agreements')).body.agreements.find((a: { workspace: { id: string } }) => a.workspace.id === 'fin-credit')
      assertRefused(await as.fintech.post('/api/v1/agreements', agreementBody(fin.applicationId, platform)), 'art11.no-sub-authorization', 11)
      assertRefused(
        await as.fintech.post('/api/v1/calls', {
          scenarioCode: 'SC-FIN-001', title: '转授权', method: 'negotiation', eligibility: ELIGIBILITY, criteria: CRITERIA,
          deadline: chinaTime(new Date(platform.clock().getTime() + 60_000)),
        }),
        'art11.no-sub-authorization',
        11,
      )
      const bankUser = (await actAs(platform, 'bank', 'test')).principal.userId
      assertRefused(await as.fintech.post('/api/v1/workspaces/fin-credit/members', { userId: bankUser }), 'art11.no-sub-authorization', 11)
      const members = (await as.fintech.get('/api/v1/workspaces/fin-credit')).body.members
      assert.deepEqual(members.map((m: { username: string }) => m.username), ['fintech'])
    })

    it('never lets the operator apply as a developer or compute in a workspace (art. 13(6))', async () => {
      await as.operator.post('/api/v1/scenarios', scenarioBody('SC-FIN-203'))
      await as.operator.post('/api/v1/scenarios/SC-FIN-203/submit')
      await as.office.post('/api/v1/scenarios/SC-FIN-203/review', { decision: 'approve' })
      const call = await as.operator.post('/api/v1/calls', {
        scenarioCode: 'SC-FIN-203', title: 't', method: 'open-tender', eligibility: ELIGIBILITY, criteria: CRITERIA,
        deadline: chinaTime(new Date(platform.clock().getTime() + 60_000)),
      })
      assertRefused(await as.operator.post(`/api/v1/calls/${call.body.id}/applications`, applicationBody()), 'art13.operator-no-development', 13)
      await assert.rejects(usableWorkspace(platform, await actAs(platform, 'operator', 'test'), 'fin-credit'), { rule: 'art13.operator-no-development' })
    })

    it('keeps excluded data out of every scope and every scenario (art. 15)', async () => {
      assertRefused(
        await as.fintech.post('/api/v1/scenario-demands', { title: 't', description: 'd', purposeType: 'industrial', needs: needs(['uscc', 'legal_rep_id']) }),
        'art15.excluded-data',
        15,
      )
      const applicationId = await awarded('SC-FIN-204')
      const withId = await as.operator.post(
        '/api/v1/agreements',
        agreementBody(applicationId, platform, { scope: [{ resourceCode: R.market_entities, fields: ['uscc', 'legal_rep_id'] }] }),
      )
      assertRefused(withId, 'art15.excluded-data', 15)
      assert.match(withId.body.error.message, /legal_rep_id/)
      // Fields the scenario did not justify are refused too (least necessary, art. 14(3)).
      assertRefused(
        await as.operator.post('/api/v1/agreements', agreementBody(applicationId, platform, { scope: [{ resourceCode: R.market_entities, fields: ['uscc', 'status'] }] })),
        'art14.least-necessary',
        14,
      )
    })

    it('grants one authorization per scenario (art. 13(5))', async () => {
      assertRefused(
        await as.operator.post('/api/v1/calls', {
          scenarioCode: 'SC-FIN-001', title: '第二次公告', method: 'open-tender', eligibility: ELIGIBILITY, criteria: CRITERIA,
          deadline: chinaTime(new Date(platform.clock().getTime() + 60_000)),
        }),
        'art13.one-scenario-one-authorization',
        13,
      )
      const applicationId = await awarded('SC-FIN-205')
      assert.equal((await as.operator.post('/api/v1/agreements', agreementBody(applicationId, platform))).status, 201)
      assertRefused(await as.operator.post('/api/v1/agreements', agreementBody(applicationId, platform)), 'art13.one-scenario-one-authorization', 13)
    })

    it('takes one application per developer and call, even from concurrent requests', async () => {
      await as.operator.post('/api/v1/scenarios', scenarioBody('SC-FIN-208'))
      await as.operator.post('/api/v1/scenarios/SC-FIN-208/submit')
      await as.office.post('/api/v1/scenarios/SC-FIN-208/review', { decision: 'approve' })
      const call = await as.operator.post('/api/v1/calls', {
        scenarioCode: 'SC-FIN-208', title: 't', method: 'open-tender', eligibility: ELIGIBILITY, criteria: CRITERIA,
        deadline: chinaTime(new Date(platform.clock().getTime() + 60_000)),
      })
      const answers = await Promise.all([1, 2, 3].map(() => as.fintech.post(`/api/v1/calls/${call.body.id}/applications`, applicationBody())))
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409])
    })

    it('prices by purpose: public interest free, industrial paid (art. 6)', async () => {
      const applicationId = await awarded('SC-FIN-206', { purposeType: 'public_interest', conditions: '仅用于公共服务' })
      assertRefused(await as.operator.post('/api/v1/agreements', agreementBody(applicationId, platform, { feeYuan: 100 })), 'art06.use-purpose-pricing', 6)
      assertRefused(await as.operator.post('/api/v1/scenarios', scenarioBody('SC-FIN-207', { purposeType: 'public_interest', conditions: '' })), 'art06.use-purpose-pricing', 6)
    })

    it('designates one operator per city, and only a qualified one (art. 11, 12)', async () => {
      const start = today(platform)
      const body = { operatorOrgId: 'org-operator', qualifications: QUALIFICATIONS, agreementReference: 'x', clauses: DEMO_CLAUSES, termStart: start, termEnd: termEndAfter(start, 60) }
      assert.equal((await as.office.post('/api/v1/operator-authorizations', body)).status, 409)
      const unqualified = { ...body, qualifications: { ...QUALIFICATIONS, 'good-standing': { met: false, evidence: '列入失信名单' } } }
      assertRefused(await as.office.post('/api/v1/operator-authorizations', unqualified), 'art12.operator-qualifications', 12)
      assertRefused(await as.office.post('/api/v1/operator-authorizations', { ...body, lastSecurityIncidentOn: dayAfter(start, -400) }), 'art12.operator-qualifications', 12)
      assertRefused(await as.bureau.post('/api/v1/operator-authorizations', body), 'art11.operator-authorized-by-bureau', 11)
    })

    it('accepts renewal only in the last 3 months, as a new agreement (art. 17)', async () => {
      const fin = (await as.fintech.get('/api/v1/agreements')).body.agreements.find((a: { workspace: { id: string } }) => a.workspace.id === 'fin-credit')
      // Sessions expire as the clock jumps years: sign in again each time.
      platform.clock.set(`${dayAfter(fin.term.end, -122)}T10:00:00+08:00`)
      let fintech = api(app, await loginAs(app, 'fintech'))
      assertRefused(await fintech.post(`/api/v1/agreements/${fin.id}/renew`), 'art17.renewal-window', 17)
      platform.clock.set(`${dayAfter(fin.term.end, -80)}T10:00:00+08:00`)
      fintech = api(app, await loginAs(app, 'fintech'))
      const renewal = await fintech.post(`/api/v1/agreements/${fin.id}/renew`)
      assert.equal(renewal.status, 200, JSON.stringify(renewal.body))
      assert.equal(renewal.body.status, 'draft')
      assert.equal(renewal.body.renewalOf, fin.id)
      assert.equal(renewal.body.term.start, dayAfter(fin.term.end))
      assert.notEqual(renewal.body.id, fin.id)
      assert.equal((await fintech.post(`/api/v1/agreements/${fin.id}/renew`)).status, 409, 'one renewal at a time')
    })
  })

  describe(`${dialect.name}: suspension, termination and expiry reach the workspace`, () => {
    let platform: TestPlatform
    let app: FastifyInstance
    let as: Record<'office' | 'operator' | 'fintech' | 'skitour' | 'regulator', Api>
    let fin: { id: string; term: { start: string; end: string } }
    let ski: { id: string }

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      app = await testApp(platform)
      const users = ['office', 'operator', 'fintech', 'skitour', 'regulator'] as const
      as = Object.fromEntries(await Promise.all(users.map(async (u) => [u, api(app, await loginAs(app, u))]))) as typeof as
      const agreements = (await as.office.get('/api/v1/agreements')).body.agreements
      fin = agreements.find((a: { workspace: { id: string } }) => a.workspace.id === 'fin-credit')
      ski = agreements.find((a: { workspace: { id: string } }) => a.workspace.id === 'ski-tourism')
    })

    it('suspending fin-credit closes data access at once, with the reason; resuming reopens it; both audited', async () => {
      const fintech = await actAs(platform, 'fintech', 'test')
      assert.equal((await usableWorkspace(platform, fintech, 'fin-credit')).status, 'open')
      const suspended = await as.office.post(`/api/v1/agreements/${fin.id}/suspend`, { reason: '输出检查多次失败', rectificationDeadline: dayAfter(today(platform), 30) })
      assert.equal(suspended.body.status, 'suspended', JSON.stringify(suspended.body))
      await assert.rejects(usableWorkspace(platform, fintech, 'fin-credit'), (error: Error & { code?: string }) => {
        assert.equal(error.name, 'NotAllowedError')
        assert.equal(error.code, 'workspace_suspended')
        assert.match(error.message, /输出检查多次失败/)
        return true
      })
      const workspace = (await as.fintech.get('/api/v1/workspaces/fin-credit')).body
      assert.equal(workspace.status, 'suspended')
      assert.match(workspace.statusReason, /art\. 34/)
      assert.equal((await as.office.post(`/api/v1/agreements/${fin.id}/suspend`, { reason: 'again' })).status, 409)
      const resumed = await as.operator.post(`/api/v1/agreements/${fin.id}/resume`, { note: '整改已验收' })
      assert.equal(resumed.body.status, 'active')
      assert.equal((await usableWorkspace(platform, fintech, 'fin-credit')).status, 'open')
      const audited = await platform.store.db.selectFrom('audit_entries').select(['event_type', 'reason']).where('object_id', '=', fin.id).orderBy('seq').execute()
      assert.deepEqual(audited.slice(-2).map((e) => e.event_type), ['agreement.suspend', 'agreement.resume'])
      assert.equal(audited.at(-2)!.reason, '输出检查多次失败')
    })

    it('terminates only on a ground of art. 35, by the office or the operator, and closes the workspace', async () => {
      assertRefused(await as.operator.post(`/api/v1/agreements/${ski.id}/terminate`, { ground: 'boredom', note: 'x' }), 'art35.unilateral-termination', 35)
      assertRefused(
        await as.operator.post(`/api/v1/agreements/${ski.id}/terminate`, { ground: 'poor-evaluation-after-warning', note: '评估较差' }),
        'art35.warning-before-termination',
        35,
      )
      assertRefused(await as.skitour.post(`/api/v1/agreements/${ski.id}/terminate`, { ground: 'policy-change', note: 'x' }), 'art35.unilateral-termination', 35)
      assert.equal((await as.regulator.post(`/api/v1/agreements/${ski.id}/suspend`, { reason: 'x' })).status, 403)
      const ended = await as.office.post(`/api/v1/agreements/${ski.id}/terminate`, { ground: 'security-incident', note: '发生数据泄露事件' })
      assert.equal(ended.body.status, 'terminated')
      assert.equal(ended.body.end.ground, 'security-incident')
      await assert.rejects(usableWorkspace(platform, await actAs(platform, 'skitour', 'test'), 'ski-tourism'), { code: 'workspace_closed' })
      assert.equal((await as.office.post(`/api/v1/agreements/${ski.id}/resume`, { note: 'x' })).status, 409, 'termination is final')
    })

    it('warns 90 days before the term ends, once, and expires at the end, once, even with two schedulers', async () => {
      platform.clock.set(`${dayAfter(fin.term.end, -91)}T10:00:00+08:00`)
      assert.deepEqual((await runAgreementJobs(platform)).warned, [])
      platform.clock.set(`${dayAfter(fin.term.end, -90)}T10:00:00+08:00`)
      const [first, second] = await Promise.all([runAgreementJobs(platform), runAgreementJobs(platform)])
      assert.deepEqual([...first!.warned, ...second!.warned], [fin.id])
      platform.clock.set(`${fin.term.end}T23:00:00+08:00`)
      assert.deepEqual((await runAgreementJobs(platform)).expired, [], 'the last day is still in term')
      platform.clock.set(`${dayAfter(fin.term.end)}T00:30:00+08:00`)
      const [a, b] = await Promise.all([runAgreementJobs(platform), runAgreementJobs(platform)])
      assert.deepEqual([...a!.expired, ...b!.expired], [fin.id])
      const office = api(app, await loginAs(app, 'office'))
      assert.equal((await office.get(`/api/v1/agreements/${fin.id}`)).body.status, 'expired')
      await assert.rejects(usableWorkspace(platform, await actAs(platform, 'fintech', 'test'), 'fin-credit'), { code: 'workspace_closed' })
      const events = await platform.store.db.selectFrom('audit_entries').select('event_type').where('object_id', '=', fin.id).execute()
      assert.equal(events.filter((e) => e.event_type === 'agreement.expiry-warning').length, 1)
      assert.equal(events.filter((e) => e.event_type === 'agreement.expire').length, 1)
    })
  })
}
