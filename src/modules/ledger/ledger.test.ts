import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { fenOf, monthsBetween, nextPeriod, revenueFen, shareProblems, sharesInForce, splitFen } from './ledger.ts'
import { assertWithinPriceCap, ledgerFor } from './ledger.service.ts'

type Api = ReturnType<typeof api>

describe('ledger: the pure arithmetic', () => {
  it('rounds revenue half up to the fen once, from exact micro-yuan', () => {
    assert.equal(revenueFen([{ calls: 3, yuanPerCall: 0.335 }]), 101) // 1.005 yuan
    assert.equal(revenueFen([{ calls: 3, yuanPerCall: 0.335 }, { calls: 1, yuanPerCall: 0.5 }]), 151) // 1.505
    assert.equal(revenueFen([{ calls: 3, yuanPerCall: 0.1 }]), 30) // no 0.30000000000000004
    assert.equal(revenueFen([{ calls: 1, yuanPerCall: 0.004999 }]), 0)
    assert.equal(revenueFen([]), 0)
  })

  it('splits fen so the parts add up exactly, remainders to the largest fractions', () => {
    const shares = [{ party: 'city', share: 0.05 }, { party: 'operator', share: 0.15 }, { party: 'developer', share: 0.8 }] as const
    assert.deepEqual(splitFen(91, shares).map((s) => [s.party, s.fen]), [['operator', 14], ['developer', 73], ['city', 4]])
    assert.deepEqual(splitFen(100, [{ party: 'developer', share: 0.29 }, { party: 'operator', share: 0.71 }]).map((s) => s.fen), [71, 29])
    assert.deepEqual(splitFen(1, [{ party: 'operator', share: 0.5 }, { party: 'developer', share: 0.5 }]).map((s) => s.fen), [1, 0])
    assert.deepEqual(splitFen(0, [{ party: 'developer', share: 1 }]).map((s) => s.fen), [0])
  })

  it('applies the latest version in force for the month, the default before any', () => {
    const versions = [
      { version: 1, fromPeriod: '2026-11', shares: [{ party: 'operator', share: 1 }] },
      { version: 2, fromPeriod: '2027-01', shares: [{ party: 'city', share: 1 }] },
      { version: 3, fromPeriod: '2026-12', shares: [{ party: 'developer', share: 1 }] },
    ] as const
    assert.deepEqual(sharesInForce(versions, '2026-10'), { version: null, shares: [{ party: 'developer', share: 1 }] })
    assert.equal(sharesInForce(versions, '2026-11').version, 1)
    assert.equal(sharesInForce(versions, '2026-12').version, 3)
    assert.equal(sharesInForce(versions, '2027-02').version, 3, 'the later change governs from its own month on')
  })

  it('checks shares, fen and months', () => {
    assert.deepEqual(shareProblems([{ party: 'operator', share: 0.3 }, { party: 'developer', share: 0.7 }]), [])
    assert.deepEqual(shareProblems([{ party: 'operator', share: 0.1 + 0.2 }, { party: 'developer', share: 0.7 }]), [])
    assert.match(shareProblems([{ party: 'operator', share: 0.3 }, { party: 'developer', share: 0.6 }]).join(), /sum to/)
    assert.match(shareProblems([{ party: 'developer', share: 0.5 }, { party: 'developer', share: 0.5 }]).join(), /more than once/)
    assert.equal(fenOf(12.34), 1234)
    assert.equal(fenOf(-3.25), -325)
    assert.equal(fenOf(0.1 + 0.2), 30)
    assert.equal(fenOf(1.005), undefined)
    assert.equal(monthsBetween('2026-11', '2027-02'), 4)
    assert.equal(nextPeriod('2026-12'), '2027-01')
    assert.equal(nextPeriod('0004-12'), '0005-01', 'a year keeps its four digits, or "5-01" sorts after every real month')
    assert.equal(nextPeriod('2026-09'), '2026-10')
  })
})

const FIN = 'PRD-2026-FNCR01'
const SKI = 'PRD-2026-SKTR01'

async function insertProduct(platform: Platform, code: string, workspaceId: string, pricing: unknown): Promise<void> {
  const { db } = platform.store
  const agreement = await db.selectFrom('agreements').select(['id', 'developer_org_id', 'scenario_id']).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()
  const scenario = await db.selectFrom('scenarios').select('code').where('id', '=', agreement.scenario_id).executeTakeFirstOrThrow()
  const at = chinaTime(platform.clock())
  await db
    .insertInto('products')
    .values({
      code, kind: 'api', name: `产品 ${code}`, description: 'd', scenario_code: scenario.code, workspace_id: workspaceId, agreement_id: agreement.id,
      developer_org_id: agreement.developer_org_id, status: 'listed', spec: '{}', sources: '{}', outputs: '[]', per_entity: 0,
      pricing: JSON.stringify(pricing), data_grade: 'general-2', checks: null, created_by: 'test', created_at: at, submitted_at: at, updated_at: at,
    })
    .execute()
}

let callSeq = 0
async function insertCalls(platform: Platform, product: string, at: string, count: number, status: number, price: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    callSeq += 1
    await platform.store.db
      .insertInto('gateway_calls')
      .values({
        id: `call_${String(callSeq).padStart(20, '0')}`, key_id: null, org_id: 'org-bank', product_code: product, entity_hash: null, consent_id: null,
        status, outcome: status === 200 ? 'ok' : 'quota_exhausted', duration_ms: 3, price_yuan: price, request_id: null, called_at: at,
      })
      .execute()
  }
}

async function mountedApp(platform: Platform): Promise<FastifyInstance> {
  const app = await testApp(platform)
  // Mounted here until src/api/app.ts mounts the ledger itself.
  return app
}

async function auditOf(platform: Platform, eventType: string): Promise<{ object_id: string | null; detail: string | null }[]> {
  return platform.store.db.selectFrom('audit_entries').select(['object_id', 'detail']).where('event_type', '=', eventType).orderBy('seq').execute()
}

const ACTORS = ['sysadmin', 'secadmin', 'auditadmin', 'office', 'bureau', 'sector-mr', 'src-mr', 'operator', 'reviewer', 'fintech', 'skitour', 'regulator', 'bank', 'src-power'] as const
type Actor = (typeof ACTORS)[number] | 'anonymous'

for (const dialect of testDialects()) {
  describe(`${dialect.name}: price caps and the product ledger (art. 6, 24, 26)`, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance
    let as: Record<Actor, Api>

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      platform.clock.set('2026-11-27T10:00:00+08:00')
      await insertProduct(platform, FIN, 'fin-credit', { model: 'per-call', yuanPerCall: 0.35 })
      await insertProduct(platform, SKI, 'ski-tourism', { model: 'free' })
      app = await mountedApp(platform)
      const entries = await Promise.all(ACTORS.map(async (u) => [u, api(app, await loginAs(app, u))] as const))
      as = { ...Object.fromEntries(entries), anonymous: api(app) } as Record<Actor, Api>
      // October: 3 × 0.335 + 1 × 0.5 = 1.505 yuan answered, two refusals; outside the range on both sides.
      await insertCalls(platform, FIN, '2026-09-30T23:59:59.999+08:00', 1, 200, 0.5)
      await insertCalls(platform, FIN, '2026-10-01T00:00:00.000+08:00', 3, 200, 0.335)
      await insertCalls(platform, FIN, '2026-10-31T23:59:59.999+08:00', 1, 200, 0.5)
      await insertCalls(platform, FIN, '2026-10-15T12:00:00.000+08:00', 2, 429, 0)
      // November: 7 × 0.13 = 0.91 yuan, one refusal; the free product answers at 0.
      await insertCalls(platform, FIN, '2026-11-02T09:00:00.000+08:00', 7, 200, 0.13)
      await insertCalls(platform, FIN, '2026-11-03T09:00:00.000+08:00', 1, 403, 0)
      await insertCalls(platform, SKI, '2026-11-04T09:00:00.000+08:00', 2, 200, 0)
    })

    it('lets the office cap the price of an industrial scenario, refuses caps on public-interest ones, audits before and after', async () => {
      // No cap yet: any price passes.
      await assertWithinPriceCap(platform.store.db, 'SC-FIN-001', { model: 'per-call', yuanPerCall: 1000 })
      const set = await as.office.put('/api/v1/scenarios/SC-FIN-001/price-cap', { yuanPerCall: 0.5, note: '首次核定' })
      assert.equal(set.status, 200, JSON.stringify(set.body))
      assert.equal(set.body.yuanPerCall, 0.5)
      assert.deepEqual(set.body.productsAboveCap, [])
      const lowered = await as.office.put('/api/v1/scenarios/SC-FIN-001/price-cap', { yuanPerCall: 0.3, note: '下调' })
      assert.equal(lowered.status, 200)
      assert.deepEqual(lowered.body.productsAboveCap, [{ code: FIN, status: 'listed', yuanPerCall: 0.35 }])

      const tour = await as.office.put('/api/v1/scenarios/SC-TOUR-001/price-cap', { yuanPerCall: 0.3, note: 'x' })
      assert.equal(tour.status, 422)
      assert.equal(tour.body.error.rule, 'art06.use-purpose-pricing')
      assert.equal((await as.office.put('/api/v1/scenarios/SC-NONE-001/price-cap', { yuanPerCall: 0.3, note: 'x' })).status, 404)
      assert.equal((await as.office.put('/api/v1/scenarios/SC-FIN-001/price-cap', { yuanPerCall: 0, note: 'x' })).status, 400)
      assert.equal((await as.office.put('/api/v1/scenarios/SC-FIN-001/price-cap', { yuanPerCall: 0.3 })).status, 400)
      assert.equal((await as.operator.put('/api/v1/scenarios/SC-FIN-001/price-cap', { yuanPerCall: 9, note: 'x' })).status, 403)

      const caps = await as.bank.get('/api/v1/price-caps')
      assert.equal(caps.status, 200)
      assert.deepEqual(caps.body.priceCaps.map((c: any) => [c.scenarioCode, c.yuanPerCall, c.note]), [['SC-FIN-001', 0.3, '下调']])

      const audit = await auditOf(platform, 'ledger.price-cap')
      assert.equal(audit.length, 2)
      assert.deepEqual(JSON.parse(audit[1]!.detail!).before.yuanPerCall, 0.5)
      assert.deepEqual(JSON.parse(audit[1]!.detail!).after, { yuanPerCall: 0.3, note: '下调' })
      assert.equal(JSON.parse(audit[0]!.detail!).before, null)

      await assert.rejects(assertWithinPriceCap(platform.store.db, 'SC-FIN-001', { model: 'per-call', yuanPerCall: 0.31 }), (e: any) => {
        assert.equal(e.rule, 'art26.pricing-revenue-sharing')
        assert.match(e.message, /0\.31 yuan per call is above the cap of 0\.3 yuan/)
        return true
      })
      await assertWithinPriceCap(platform.store.db, 'SC-FIN-001', { model: 'per-call', yuanPerCall: 0.3 })
      await assertWithinPriceCap(platform.store.db, 'SC-FIN-001', { model: 'free' })
      await assertWithinPriceCap(platform.store.db, 'SC-TOUR-001', { model: 'free' })
      await assert.rejects(assertWithinPriceCap(platform.store.db, 'SC-TOUR-001', { model: 'per-call', yuanPerCall: 0.01 }), { rule: 'art06.use-purpose-pricing' })
    })

    it('books costs append-only; a correction reverses part of one entry of the same product and month', async () => {
      const cost = (body: Record<string, unknown>) => as.operator.post('/api/v1/ledger/costs', body)
      const compute = await cost({ productCode: FIN, period: '2026-10', amountYuan: 10, category: 'compute', description: '算力' })
      assert.equal(compute.status, 201, JSON.stringify(compute.body))
      assert.match(compute.body.id, /^cost_/)
      assert.equal((await cost({ productCode: FIN, period: '2026-10', amountYuan: 2.5, category: 'storage', description: '存储' })).status, 201)
      const fix = await cost({ productCode: FIN, period: '2026-10', amountYuan: -3.25, category: 'compute', description: '多记', corrects: compute.body.id })
      assert.equal(fix.status, 201)
      assert.equal(fix.body.amountYuan, -3.25)
      assert.equal(fix.body.corrects, compute.body.id)
      assert.equal((await cost({ productCode: FIN, period: '2026-11', amountYuan: 1, category: 'operation', description: '运维' })).status, 201)
      const ski = await as.reviewer.post('/api/v1/ledger/costs', { productCode: SKI, period: '2026-11', amountYuan: 5, category: 'security', description: '等保' })
      assert.equal(ski.status, 201)

      const refused = async (body: Record<string, unknown>, status: number, rule?: string) => {
        const r = await cost({ productCode: FIN, period: '2026-10', category: 'compute', description: 'x', ...body })
        assert.equal(r.status, status, JSON.stringify(r.body))
        if (rule) assert.equal(r.body.error.rule, rule)
      }
      await refused({ amountYuan: -7, corrects: compute.body.id }, 422, 'art24.product-ledger') // 6.75 left
      await refused({ amountYuan: -1, corrects: fix.body.id }, 422, 'art24.product-ledger') // a correction of a correction
      await refused({ amountYuan: -1, corrects: ski.body.id }, 422, 'art24.product-ledger') // another product
      await refused({ amountYuan: -1, period: '2026-11', corrects: compute.body.id }, 422, 'art24.product-ledger') // another month
      await refused({ amountYuan: -1, corrects: 'cost_aaaaaaaaaaaaaaaaaaaa' }, 404)
      await refused({ period: '2026-12', amountYuan: 1 }, 422, 'art24.product-ledger') // not begun
      await refused({ amountYuan: 1, corrects: compute.body.id }, 400)
      await refused({ amountYuan: -1 }, 400)
      await refused({ amountYuan: 1.005 }, 400)
      await refused({ amountYuan: 0 }, 400)
      await refused({ amountYuan: 1, category: 'travel' }, 400)
      await refused({ amountYuan: 1, period: '2026-13' }, 400)
      await refused({ amountYuan: 1, period: '0000-01' }, 400) // no year 0
      await refused({ amountYuan: 1, productCode: 'PRD-2026-ZZZZZZ' }, 404)
      assert.equal((await as.fintech.post('/api/v1/ledger/costs', { productCode: FIN, period: '2026-10', amountYuan: 1, category: 'other', description: 'x' })).status, 403)

      const listed = await as.fintech.get(`/api/v1/ledger/costs?product=${FIN}&from=2026-10&to=2026-10`)
      assert.equal(listed.status, 200)
      assert.deepEqual(listed.body.costs.map((c: any) => c.amountYuan), [10, 2.5, -3.25])
      assert.equal((await auditOf(platform, 'ledger.cost')).length, 5)
    })

    it('versions revenue shares by month: a change applies from its month, never before this one', async () => {
      const put = (code: string, body: unknown, who: Api = as.operator) => who.put(`/api/v1/products/${code}/revenue-shares`, body)
      const v1 = await put(FIN, { fromPeriod: '2026-11', shares: [{ party: 'city', share: 0.05 }, { party: 'operator', share: 0.15 }, { party: 'developer', share: 0.8 }], note: '协议约定' })
      assert.equal(v1.status, 200, JSON.stringify(v1.body))
      assert.deepEqual(v1.body.inForce, { period: '2026-11', version: 1, shares: [{ party: 'operator', share: 0.15 }, { party: 'developer', share: 0.8 }, { party: 'city', share: 0.05 }] })

      const retro = await put(FIN, { fromPeriod: '2026-10', shares: [{ party: 'developer', share: 1 }] })
      assert.equal(retro.status, 422)
      assert.equal(retro.body.error.rule, 'art26.pricing-revenue-sharing')
      assert.equal((await put(FIN, { fromPeriod: '2026-12', shares: [{ party: 'operator', share: 0.3 }, { party: 'developer', share: 0.6 }] })).status, 400)
      assert.equal((await put(FIN, { fromPeriod: '2026-12', shares: [{ party: 'developer', share: 0.5 }, { party: 'developer', share: 0.5 }] })).status, 400)
      assert.equal((await put(FIN, { fromPeriod: '2026-12', shares: [{ party: 'developer', share: 1.5 }, { party: 'city', share: -0.5 }] })).status, 400)
      assert.equal((await put(FIN, { fromPeriod: '2026-12', shares: [] })).status, 400)
      assert.equal((await put(FIN, { fromPeriod: '2026-12', shares: [{ party: 'bank', share: 1 }] })).status, 400)
      assert.equal((await put(FIN, { fromPeriod: '2026-12', shares: [{ party: 'developer', share: 1 }] }, as.fintech)).status, 403)
      assert.equal((await put('PRD-2026-ZZZZZZ', { fromPeriod: '2026-12', shares: [{ party: 'developer', share: 1 }] })).status, 404)

      const v2 = await put(FIN, { fromPeriod: '2026-12', shares: [{ party: 'operator', share: 0.2 }, { party: 'developer', share: 0.8 }] })
      assert.equal(v2.status, 200)
      assert.equal(v2.body.inForce.version, 1, 'December has not begun: November keeps version 1')
      assert.deepEqual(v2.body.versions.map((v: any) => [v.version, v.fromPeriod]), [[1, '2026-11'], [2, '2026-12']])
      const audit = await auditOf(platform, 'ledger.revenue-shares')
      assert.equal(audit.length, 2)
      assert.equal(JSON.parse(audit[1]!.detail!).before.version, 1)
    })

    it('computes the ledger per product and month: answered calls, revenue to the fen, costs, net, shares', async () => {
      assert.equal((await as.office.get('/api/v1/ledger?from=0000-01&to=0004-12')).status, 400, 'no ledger of year 0')
      const report = await as.office.get('/api/v1/ledger?from=2026-10&to=2026-11')
      assert.equal(report.status, 200, JSON.stringify(report.body))
      const lines = report.body.lines.map((l: any) => ({ p: l.productCode, m: l.period, calls: l.callsAnswered, rev: l.revenueYuan, cost: l.costsYuan, net: l.netYuan, v: l.sharesVersion, shares: l.shares.map((s: any) => [s.party, s.orgId, s.amountYuan]) }))
      assert.deepEqual(lines, [
        { p: FIN, m: '2026-10', calls: 4, rev: 1.51, cost: 9.25, net: -7.74, v: null, shares: [['developer', 'org-fintech', 1.51]] },
        { p: FIN, m: '2026-11', calls: 7, rev: 0.91, cost: 1, net: -0.09, v: 1, shares: [['operator', 'org-operator', 0.14], ['developer', 'org-fintech', 0.73], ['city', null, 0.04]] },
        { p: SKI, m: '2026-11', calls: 2, rev: 0, cost: 5, net: -5, v: null, shares: [['developer', 'org-skitour', 0]] },
      ])
      assert.deepEqual(report.body.totals, {
        callsAnswered: 13, revenueYuan: 2.42, costsYuan: 15.25, netYuan: -12.83,
        shares: [
          { party: 'operator', orgId: 'org-operator', amountYuan: 0.14 },
          { party: 'developer', orgId: 'org-fintech', amountYuan: 2.24 },
          { party: 'developer', orgId: 'org-skitour', amountYuan: 0 },
          { party: 'city', orgId: null, amountYuan: 0.04 },
        ],
      })
      const direct = await ledgerFor(platform.store.db, { from: '2026-10', to: '2026-11' })
      assert.deepEqual(direct, report.body)
      const one = await ledgerFor(platform.store.db, { from: '2026-11', to: '2026-11', productCode: FIN })
      assert.deepEqual(one.lines.map((l) => l.period), ['2026-11'])
      assert.equal(one.productCode, FIN)
    })

    it('keeps earlier months on the shares then in force when later versions come', async () => {
      platform.clock.set('2026-12-05T10:00:00+08:00')
      // Sessions of November have expired by December: sign in again.
      const [operator, regulator, fintech] = await Promise.all(['operator', 'regulator', 'fintech'].map(async (u) => api(app, await loginAs(app, u))))
      await insertCalls(platform, FIN, '2026-12-01T08:00:00.000+08:00', 2, 200, 0.5)
      const dec = await operator!.get(`/api/v1/ledger?from=2026-12&to=2026-12&product=${FIN}`)
      assert.deepEqual(dec.body.lines[0].shares.map((s: any) => [s.party, s.amountYuan]), [['operator', 0.2], ['developer', 0.8]])
      // A third version from December supersedes the second for December on; November keeps version 1.
      assert.equal((await operator!.put(`/api/v1/products/${FIN}/revenue-shares`, { fromPeriod: '2026-12', shares: [{ party: 'developer', share: 0.5 }, { party: 'city', share: 0.5 }] })).status, 200)
      const all = await regulator!.get(`/api/v1/ledger?from=2026-10&to=2026-12&product=${FIN}`)
      assert.deepEqual(all.body.lines.map((l: any) => [l.period, l.sharesVersion, l.revenueYuan]), [['2026-10', null, 1.51], ['2026-11', 1, 0.91], ['2026-12', 3, 1]])
      assert.deepEqual(all.body.lines[2].shares.map((s: any) => [s.party, s.amountYuan]), [['developer', 0.5], ['city', 0.5]])
      assert.equal((await fintech!.get(`/api/v1/products/${FIN}/revenue-shares`)).body.inForce.version, 3)
      platform.clock.set('2026-11-27T10:00:00+08:00')
    })

    it('shows each reader its part: developers their own products, others refused', async () => {
      const fin = await as.fintech.get('/api/v1/ledger?from=2026-10&to=2026-11')
      assert.deepEqual([...new Set(fin.body.lines.map((l: any) => l.productCode))], [FIN])
      const ski = await as.skitour.get('/api/v1/ledger?from=2026-10&to=2026-11')
      assert.deepEqual(ski.body.lines.map((l: any) => l.productCode), [SKI])
      assert.equal((await as.skitour.get(`/api/v1/ledger?from=2026-10&to=2026-11&product=${FIN}`)).status, 404)
      assert.equal((await as.office.get('/api/v1/ledger?from=2026-10&to=2026-11&product=PRD-2026-ZZZZZZ')).status, 404)
      assert.equal((await as.reviewer.get('/api/v1/ledger?from=2026-10&to=2026-11')).body.lines.length, 3)
      for (const who of ['bank', 'bureau', 'sysadmin', 'src-power'] as const) assert.equal((await as[who].get('/api/v1/ledger?from=2026-10&to=2026-11')).status, 403, who)
      assert.equal((await as.anonymous.get('/api/v1/ledger?from=2026-10&to=2026-11')).status, 401)
      assert.equal((await as.office.get('/api/v1/ledger?from=2026-11&to=2026-10')).status, 400)
      assert.equal((await as.office.get('/api/v1/ledger?from=2020-01&to=2026-10')).status, 400)
      assert.equal((await as.office.get('/api/v1/ledger?from=2026-1&to=2026-10')).status, 400)
      assert.equal((await as.office.get('/api/v1/ledger?to=2026-10')).status, 400)
    })
  })

  describe(`${dialect.name}: who may call the ledger's endpoints`, () => {
    let as: Record<Actor, Api>

    before(async () => {
      const platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      await insertProduct(platform, FIN, 'fin-credit', { model: 'per-call', yuanPerCall: 0.35 })
      const app = await mountedApp(platform)
      const entries = await Promise.all(ACTORS.map(async (u) => [u, api(app, await loginAs(app, u))] as const))
      as = { ...Object.fromEntries(entries), anonymous: api(app) } as Record<Actor, Api>
    })

    const matrix = async (call: (a: Api) => Promise<{ status: number }>, allowed: Partial<Record<Actor, number>>, otherwise: number) => {
      const got: Record<string, number> = {}
      const want: Record<string, number> = {}
      for (const actor of [...ACTORS, 'anonymous'] as const) {
        got[actor] = (await call(as[actor])).status
        want[actor] = actor === 'anonymous' ? 401 : (allowed[actor] ?? otherwise)
      }
      assert.deepEqual(got, want)
    }

    it('PUT /api/v1/scenarios/:code/price-cap: the office only', async () => {
      await matrix((a) => a.put('/api/v1/scenarios/SC-FIN-001/price-cap', { yuanPerCall: 1, note: 'n' }), { office: 200 }, 403)
    })
    it('GET /api/v1/price-caps: everyone signed in', async () => {
      await matrix((a) => a.get('/api/v1/price-caps'), {}, 200)
    })
    it('POST /api/v1/ledger/costs: the operator of the agreement (its members and reviewers)', async () => {
      await matrix((a) => a.post('/api/v1/ledger/costs', { productCode: FIN, period: '2026-11', amountYuan: 1, category: 'other', description: 'd' }), { operator: 201, reviewer: 201 }, 403)
    })
    it('PUT /api/v1/products/:code/revenue-shares: the operator of the agreement', async () => {
      await matrix((a) => a.put(`/api/v1/products/${FIN}/revenue-shares`, { fromPeriod: '2026-12', shares: [{ party: 'developer', share: 1 }] }), { operator: 200, reviewer: 200 }, 403)
    })
    const readers = { operator: 200, reviewer: 200, office: 200, regulator: 200, fintech: 200, skitour: 404 } as const
    it('GET /api/v1/products/:code/revenue-shares and /api/v1/ledger/costs: readers of the product’s ledger', async () => {
      await matrix((a) => a.get(`/api/v1/products/${FIN}/revenue-shares`), readers, 403)
      await matrix((a) => a.get(`/api/v1/ledger/costs?product=${FIN}`), readers, 403)
    })
    it('GET /api/v1/ledger: operator, office, regulators and developers (their own)', async () => {
      await matrix((a) => a.get('/api/v1/ledger?from=2026-10&to=2026-11'), { ...readers, skitour: 200 }, 403)
    })
  })
}
