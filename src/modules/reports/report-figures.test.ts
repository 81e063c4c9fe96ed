import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { createCheckpoint } from '../audit/audit.service.ts'
import { seedDemoData } from '../demo/demo-world.ts'
import { actAs } from '../identity/identity.service.ts'
import { applyForRegistration } from '../registration/registration.service.ts'
import { monthsOf, reportPeriod, type AnnualFigures } from './report-figures.ts'

type Api = ReturnType<typeof api>

const API_PRODUCT = 'PRD-2026-FNCR01'
const DATASET = 'PRD-2026-FNDS01'
const MODEL = 'PRD-2026-SKMD01'

async function insertProduct(platform: Platform, code: string, workspaceId: string, kind: string, status: string, pricing: unknown): Promise<void> {
  const { db } = platform.store
  const agreement = await db.selectFrom('agreements').select(['id', 'developer_org_id', 'scenario_id']).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()
  const scenario = await db.selectFrom('scenarios').select('code').where('id', '=', agreement.scenario_id).executeTakeFirstOrThrow()
  const at = chinaTime(platform.clock())
  await db
    .insertInto('products')
    .values({
      code, kind, name: `产品 ${code}`, description: 'd', scenario_code: scenario.code, workspace_id: workspaceId, agreement_id: agreement.id,
      developer_org_id: agreement.developer_org_id, status, spec: '{}', sources: JSON.stringify({ runs: [], models: [], resources: [] }), outputs: '[]', per_entity: 0,
      pricing: JSON.stringify(pricing), data_grade: 'general-2', checks: null, created_by: 'test', created_at: at, submitted_at: at, updated_at: at,
    })
    .execute()
}

let seq = 0
const nextId = (prefix: string) => `${prefix}_${String(++seq).padStart(20, '0')}`

async function insertCalls(platform: Platform, product: string, at: string, count: number, status: number, price: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await platform.store.db
      .insertInto('gateway_calls')
      .values({ id: nextId('call'), key_id: null, org_id: 'org-bank', product_code: product, entity_hash: null, consent_id: null, status, outcome: status === 200 ? 'ok' : 'quota_exhausted', duration_ms: 3, price_yuan: price, request_id: null, called_at: at })
      .execute()
  }
}

interface Run {
  readonly mode?: string
  readonly status?: string
  readonly rule?: string
  readonly released?: number
  readonly withheld?: number
  readonly suppressed?: number
  readonly epsilon?: number
}

async function insertRuns(platform: Platform, workspaceId: string, at: string, count: number, run: Run = {}): Promise<void> {
  for (let i = 0; i < count; i++) {
    await platform.store.db
      .insertInto('query_runs')
      .values({
        id: nextId('run'), workspace_id: workspaceId, user_id: 'test', mode: run.mode ?? 'real', sql: 'SELECT 1', status: run.status ?? 'answered', rule: run.rule ?? null, message: null,
        tables: '[]', checks: '[]', rows_released: run.released ?? 0, rows_withheld: run.withheld ?? 0, cells_suppressed: run.suppressed ?? 0, result_hash: null,
        epsilon_spent: run.epsilon ?? 0, duration_ms: 1, created_at: at,
      })
      .execute()
  }
}

describe('annual report figures: periods', () => {
  it('covers the year to the day of compilation while it runs, the whole year after', () => {
    assert.deepEqual(reportPeriod(2026, '2026-11-27'), { from: '2026-01-01', to: '2026-11-27', complete: false })
    assert.deepEqual(reportPeriod(2026, '2027-01-03'), { from: '2026-01-01', to: '2026-12-31', complete: true })
    assert.deepEqual(monthsOf({ from: '2026-01-01', to: '2026-03-02' }), ['2026-01', '2026-02', '2026-03'])
    assert.equal(monthsOf({ from: '2026-01-01', to: '2026-12-31' }).length, 12)
  })
})

for (const dialect of testDialects()) {
  describe(`${dialect.name}: annual report figures from the records of a seeded world`, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance
    let operator: Api, office: Api, fintech: Api
    let f: AnnualFigures
    let reportId: string
    let checkpointSeq: number
    let gateRule: string

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      await seedDemoData(platform, { scale: 0.02, seed: 7 })
      app = await testApp(platform)
      operator = api(app, await loginAs(app, 'operator'))
      office = api(app, await loginAs(app, 'office'))
      fintech = api(app, await loginAs(app, 'fintech'))
      const bureau = api(app, await loginAs(app, 'bureau'))

      // Products of both authorizations; calls and runs either side of the year's bounds.
      await insertProduct(platform, API_PRODUCT, 'fin-credit', 'api', 'listed', { model: 'per-call', yuanPerCall: 0.5 })
      await insertProduct(platform, DATASET, 'fin-credit', 'dataset', 'approved', { model: 'free' })
      await insertProduct(platform, MODEL, 'ski-tourism', 'model', 'draft', { model: 'free' })
      await insertCalls(platform, API_PRODUCT, '2025-12-31T23:59:59.999+08:00', 1, 200, 0.5)
      await insertCalls(platform, API_PRODUCT, '2026-02-10T09:00:00.000+08:00', 3, 200, 0.5)
      await insertCalls(platform, API_PRODUCT, '2026-02-11T09:00:00.000+08:00', 1, 429, 0)
      await insertCalls(platform, API_PRODUCT, '2026-10-05T09:00:00.000+08:00', 2, 200, 0.5)
      await insertRuns(platform, 'fin-credit', '2025-12-31T23:00:00.000+08:00', 1, { released: 5 })
      await insertRuns(platform, 'fin-credit', '2026-03-15T10:00:00.000+08:00', 1, { released: 10, withheld: 2, epsilon: 0.25 })
      await insertRuns(platform, 'fin-credit', '2026-03-15T11:00:00.000+08:00', 1, { released: 10, suppressed: 1, epsilon: 0.25 })
      await insertRuns(platform, 'fin-credit', '2026-03-16T10:00:00.000+08:00', 1, { released: 10, epsilon: 0.25 })
      await insertRuns(platform, 'fin-credit', '2026-05-02T10:00:00.000+08:00', 2, { status: 'refused', rule: 'art28.no-use-beyond-scope' })
      await insertRuns(platform, 'ski-tourism', '2026-06-01T10:00:00.000+08:00', 4, { mode: 'sandbox' })
      await insertRuns(platform, 'fin-credit', '2026-07-01T10:00:00.000+08:00', 1, { mode: 'training' })

      // A real refusal through the gate, recorded as any run is.
      const refused = await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql: 'SELECT name FROM market_entities' })
      assert.equal(refused.status, 422, JSON.stringify(refused.body))
      gateRule = refused.body.error.rule

      const cost = await operator.post('/api/v1/ledger/costs', { productCode: API_PRODUCT, period: '2026-10', amountYuan: 0.4, category: 'compute', description: '算力' })
      assert.equal(cost.status, 201, JSON.stringify(cost.body))
      await applyForRegistration(platform, await actAs(platform, 'fintech', 'test'), { subjectType: 'product', subjectCode: DATASET, kind: 'first', rights: 'r', documents: [{ name: 'd', hash: 'b'.repeat(64) }] })

      // Incidents: a developer's major one, escalated (counted once) and closed in 10 hours; the operator's own, open.
      const major = await fintech.post('/api/v1/incidents', { workspaceId: 'fin-credit', severity: 'major', category: 'unauthorized-access', title: '异常登录', description: 'd', occurredAt: '2026-11-27T09:00:00+08:00' })
      assert.equal(major.status, 201, JSON.stringify(major.body))
      assert.equal((await operator.post(`/api/v1/incidents/${major.body.id}/escalation`, { note: '报协调办' })).status, 201)
      assert.equal((await operator.post('/api/v1/incidents', { severity: 'general', category: 'other', title: '告警', description: 'd', occurredAt: '2026-11-27T09:30:00+08:00' })).status, 201)

      // A rectification ordered and accepted.
      const agreement = await platform.store.db.selectFrom('agreements').select('id').where('workspace_id', '=', 'fin-credit').executeTakeFirstOrThrow()
      assert.equal((await office.post(`/api/v1/agreements/${agreement.id}/suspend`, { reason: '整改', rectificationDeadline: '2026-12-15' })).status, 200)
      assert.equal((await office.post(`/api/v1/agreements/${agreement.id}/resume`, { note: '整改完成' })).status, 200)

      const evaluated = await bureau.post('/api/v1/evaluations', { subjectOrgId: 'org-fintech', year: 2025, note: '年度评估' })
      assert.equal(evaluated.status, 201, JSON.stringify(evaluated.body))

      platform.clock.advance(10 * 3600)
      operator = api(app, await loginAs(app, 'operator'))
      assert.equal((await operator.post(`/api/v1/incidents/${major.body.id}/steps`, { kind: 'close', action: '处置完毕', rootCause: '口令泄露' })).status, 200)
      checkpointSeq = Number((await createCheckpoint(platform))!.seq)

      const created = await operator.post('/api/v1/annual-reports', { year: 2026 })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      reportId = created.body.id
      f = created.body.figures
    })

    it('covers the year so far, month by month', () => {
      assert.deepEqual(f.period, { from: '2026-01-01', to: '2026-11-27' })
      assert.equal(f.yearComplete, false)
      assert.equal(f.months.length, 11)
      assert.equal(f.operator.orgId, 'org-operator')
      assert.equal(f.operator.terms.length, 1)
    })

    it('counts the granted data in the pool and what was loaded in the year', async () => {
      const { db } = platform.store
      const current = await db.selectFrom('catalog_resources as r').innerJoin('pool_versions as v', 'v.id', 'r.pool_version_id').select(['v.rows_loaded', 'v.bytes']).execute()
      assert.equal(f.data.granted, 7)
      assert.equal(f.data.inPool, 7)
      assert.equal(f.data.rowsServing, current.reduce((t, r) => t + Number(r.rows_loaded), 0))
      assert.equal(f.data.bytesServing, current.reduce((t, r) => t + Number(r.bytes), 0))
      assert.ok(f.data.rowsServing > 10_000)
      assert.equal(f.data.loads.versions, 7)
      assert.equal(f.data.resources.length, 7)
      assert.equal(f.data.byGrade.reduce((t, g) => t + g.count, 0), 7)
      assert.deepEqual(f.data.workspaces, { total: 2, open: 2, suspended: 0, closed: 0, withPrivacyBudget: f.data.workspaces.withPrivacyBudget })
    })

    it('counts query runs by mode and month, what the checks held back and the budget spent', () => {
      const q = f.data.queries
      assert.deepEqual(q.real, { answered: 3, refused: 3 })
      assert.deepEqual(q.sandbox, { answered: 4, refused: 0 })
      assert.equal(q.training, 1)
      assert.equal(q.rowsReleased, 30, 'the December 2025 run is outside')
      assert.equal(q.rowsWithheld, 2)
      assert.equal(q.cellsSuppressed, 1)
      assert.equal(q.runsWithSuppression, 2)
      assert.equal(q.epsilonSpent, 0.75)
      const month = (m: string) => q.byMonth.find((x) => x.period === m)
      assert.deepEqual(month('2026-03'), { period: '2026-03', answered: 3, sandbox: 0, refused: 0 })
      assert.deepEqual(month('2026-05'), { period: '2026-05', answered: 0, sandbox: 0, refused: 2 })
      assert.deepEqual(month('2026-06'), { period: '2026-06', answered: 0, sandbox: 4, refused: 0 })
      assert.deepEqual(month('2026-11'), { period: '2026-11', answered: 0, sandbox: 0, refused: 1 })
      assert.equal(f.data.refusalsByRule.find((r) => r.rule === 'art28.no-use-beyond-scope')?.count, gateRule === 'art28.no-use-beyond-scope' ? 3 : 2)
      assert.ok(f.data.refusalsByRule.some((r) => r.rule === gateRule))
      assert.ok(f.data.accessRefusals >= 1, 'the gate\'s 422 was recorded as a refusal')
      const fin = f.data.use.find((u) => u.workspace === 'fin-credit')!
      assert.equal(fin.queriesRefused, 3, 'the disclosed data use agrees')
    })

    it('counts scenarios, authorizations, products and registrations', () => {
      assert.equal(f.scenarios.approvedTotal, 2)
      assert.equal(f.scenarios.approvedInYear, 2)
      assert.deepEqual(f.scenarios.byPurpose, [{ key: 'public_interest', count: 1 }, { key: 'industrial', count: 1 }])
      assert.deepEqual(f.scenarios.bySector.map((s) => s.key).sort(), ['文化旅游', '金融服务'])
      assert.deepEqual({ ...f.authorizations, list: f.authorizations.list.length }, { inForce: 2, new: 2, expired: 0, terminated: 0, suspensions: 1, list: 2 })
      assert.equal(f.products.total, 3)
      assert.equal(f.products.newInYear, 3)
      const count = (list: readonly { key: string; count: number }[], key: string) => list.find((c) => c.key === key)?.count
      assert.deepEqual(['api', 'dataset', 'model', 'indicator'].map((k) => count(f.products.byKind, k)), [1, 1, 1, 0])
      assert.deepEqual(['listed', 'approved', 'draft', 'cancelled'].map((k) => count(f.products.byStatus, k)), [1, 1, 1, 0])
      assert.deepEqual(f.registrations, { applied: 1, registered: 0, byStatus: [{ key: 'applied', count: 1 }] })
    })

    it('takes gateway calls per month and the money from the ledger', async () => {
      assert.equal(f.gateway.answered, 5)
      assert.equal(f.gateway.refused, 1)
      assert.deepEqual(f.gateway.byMonth.find((m) => m.period === '2026-02'), { period: '2026-02', answered: 3, refused: 1 })
      assert.deepEqual(f.gateway.byMonth.find((m) => m.period === '2026-10'), { period: '2026-10', answered: 2, refused: 0 })
      assert.equal(f.ledger.callsAnswered, 5)
      assert.equal(f.ledger.revenueYuan, 2.5)
      assert.equal(f.ledger.costsYuan, 0.4)
      assert.equal(f.ledger.netYuan, 2.1)
      assert.deepEqual(f.ledger.byMonth.find((m) => m.period === '2026-02'), { period: '2026-02', revenueYuan: 1.5, costsYuan: 0 })
      assert.deepEqual(f.ledger.byMonth.find((m) => m.period === '2026-10'), { period: '2026-10', revenueYuan: 1, costsYuan: 0.4 })
      assert.deepEqual(f.ledger.shares, [{ party: 'developer', orgId: 'org-fintech', name: '冀北普惠金融科技有限公司', amountYuan: 2.5 }])
      assert.deepEqual(f.ledger.byProduct.map((p) => [p.code, p.revenueYuan, p.costsYuan]), [[API_PRODUCT, 2.5, 0.4]])
      const ledger = await api(app, await loginAs(app, 'office')).get('/api/v1/ledger?from=2026-01&to=2026-12')
      assert.equal(ledger.body.totals.revenueYuan, f.ledger.revenueYuan, 'the same numbers the ledger shows')
    })

    it('counts incidents once, by severity with their time to close, and rectifications, evaluations, the audit chain', () => {
      assert.equal(f.incidents.total, 2, 'the escalation is the same incident')
      assert.equal(f.incidents.closed, 1)
      assert.equal(f.incidents.open, 1)
      assert.equal(f.incidents.overdue, 0)
      assert.equal(f.incidents.medianCloseHours, 10)
      const major = f.incidents.bySeverity.find((s) => s.severity === 'major')!
      assert.deepEqual(major, { severity: 'major', reported: 1, closed: 1, medianCloseHours: 10, maxCloseHours: 10 })
      assert.deepEqual(f.incidents.bySeverity.find((s) => s.severity === 'general'), { severity: 'general', reported: 1, closed: 0, medianCloseHours: null, maxCloseHours: null })
      assert.deepEqual(f.rectifications, { ordered: 1, accepted: 1, overdueNow: 0 })
      assert.deepEqual(f.evaluations.map((e) => [e.subject, e.year]), [['冀北普惠金融科技有限公司', 2025]])
      assert.deepEqual(f.destruction, { certificates: 0, list: [] })
      assert.equal(f.audit.checkpoint?.seq, checkpointSeq)
      assert.ok(f.audit.headSeq >= checkpointSeq)
      assert.ok(f.audit.entriesInYear >= f.audit.headSeq - 1)
    })

    it('recompiled after the year ends, covers the whole year and nothing after it', async () => {
      platform.clock.set('2027-01-03T09:00:00+08:00')
      await insertCalls(platform, API_PRODUCT, '2027-01-01T00:00:00.000+08:00', 1, 200, 0.5)
      await insertRuns(platform, 'fin-credit', '2027-01-02T10:00:00.000+08:00', 1)
      const again = await api(app, await loginAs(app, 'operator')).post(`/api/v1/annual-reports/${reportId}/recompile`)
      assert.equal(again.status, 200, JSON.stringify(again.body))
      const g: AnnualFigures = again.body.figures
      assert.deepEqual(g.period, { from: '2026-01-01', to: '2026-12-31' })
      assert.equal(g.yearComplete, true)
      assert.equal(g.months.length, 12)
      assert.equal(g.gateway.answered, 5)
      assert.equal(g.ledger.revenueYuan, 2.5)
      assert.equal(g.data.queries.real.answered, 3)
      assert.equal(g.incidents.overdue, 1, 'the open incident is now past its deadline')
    })
  })
}
