import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { seedDemoData } from '../demo/demo-world.ts'
import { createUser, hostContext } from '../identity/identity.service.ts'
import { FEATURE_SQL, FEATURES, someUscc, TRAINING_SQL } from '../../../test/products.ts'

type Api = ReturnType<typeof api>

const HASH = 'a'.repeat(64)

for (const dialect of testDialects()) {
  describe(`${dialect.name}: data products from a model to a gateway call`, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance
    let fintech: Api, reviewer: Api, operator: Api, bureau: Api, bank: Api, office: Api

    const signIn = async () => {
      fintech = api(app, await loginAs(app, 'fintech'))
      reviewer = api(app, await loginAs(app, 'reviewer'))
      operator = api(app, await loginAs(app, 'operator'))
      bureau = api(app, await loginAs(app, 'bureau'))
      bank = api(app, await loginAs(app, 'bank'))
      office = api(app, await loginAs(app, 'office'))
    }

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      await seedDemoData(platform, { scale: 0.1, seed: 7 })
      app = await testApp(platform)
      await signIn()
    })

    it('trains a scorecard, reviews, registers and lists it; the bank gets one enterprise\'s score with consent, and nothing else', async () => {
      const trained = await fintech.post('/api/v1/workspaces/fin-credit/models', { name: 'sme-scorecard', kind: 'scorecard', sql: TRAINING_SQL, target: 'bad', features: FEATURES })
      assert.equal(trained.status, 201, JSON.stringify(trained.body))
      const model = trained.body
      assert.ok(model.trainedOn.rows > 500, `trained on ${model.trainedOn.rows} rows`)
      assert.equal(model.release.releasable, true, JSON.stringify(model.release.findings))
      assert.ok(model.model, 'a releasable model shows its parameters')
      assert.doesNotMatch(JSON.stringify(model), /9113\d{14}|91130[0-9A-Z]{13}/, 'no credit code in the model')

      const declared = await fintech.post('/api/v1/workspaces/fin-credit/products', {
        kind: 'api',
        name: '小微企业信用评分',
        description: '按统一社会信用代码返回企业信用评分与等级（需企业授权）',
        spec: { kind: 'api', modelId: model.id, featureSql: FEATURE_SQL },
        pricing: { model: 'per-call', yuanPerCall: 0.5, dailyQuota: 100, ratePerSecond: 20 },
      })
      assert.equal(declared.status, 201, JSON.stringify(declared.body))
      const code = declared.body.code
      assert.match(code, /^PRD-\d{4}-[0-9A-Z]{6}$/)
      assert.equal(declared.body.perEntity, true)
      assert.deepEqual(declared.body.sources.models, [model.id])
      assert.ok(declared.body.sources.resources.some((r: any) => r.table === 'market_entities' && r.poolVersionId), 'sources from lineage, with pool versions')

      assert.equal((await reviewer.post(`/api/v1/products/${code}/reviews`, { decision: 'approve', reasons: 'x' })).status, 409, 'a draft is not reviewed')
      const submitted = await fintech.post(`/api/v1/products/${code}/submission`)
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body))
      assert.equal(submitted.body.status, 'submitted')
      assert.ok(submitted.body.checks.every((c: any) => c.status !== 'fail'))
      assert.equal((await operator.post(`/api/v1/products/${code}/reviews`, { decision: 'approve', reasons: 'x' })).status, 403, 'a reviewer decides, not any operator user')
      assert.equal((await fintech.post(`/api/v1/products/${code}/reviews`, { decision: 'approve', reasons: 'x' })).status, 403)
      const reviewed = await reviewer.post(`/api/v1/products/${code}/reviews`, { decision: 'approve', reasons: '用途与场景一致，输出仅含评分与等级' })
      assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body))
      assert.equal(reviewed.body.reviewersNeeded, 1, 'general-2 data: the fields the queries name grade it')
      assert.equal(reviewed.body.status, 'approved')

      const applied = await fintech.post('/api/v1/registrations', { subjectType: 'product', subjectCode: code, kind: 'first', rights: '产品权益归属依授权运营协议约定', documents: [{ name: '产品说明书', hash: HASH }] })
      assert.equal(applied.status, 201, JSON.stringify(applied.body))
      const id = applied.body.id
      assert.equal((await bureau.post(`/api/v1/registrations/${id}/acceptance`, { decision: 'accept', note: '材料齐全' })).status, 200)
      assert.equal((await bureau.post(`/api/v1/registrations/${id}/review`, { decision: 'approve', note: '形式审查通过' })).status, 200)
      platform.clock.advance(11 * 86_400)
      await signIn() // the sessions did not outlive the notice period
      const issued = await bureau.post(`/api/v1/registrations/${id}/issue`)
      assert.equal(issued.status, 200, JSON.stringify(issued.body))
      const product = await bank.get(`/api/v1/products/${code}`)
      assert.equal(product.status, 200)
      assert.equal(product.body.status, 'listed')
      // The consumer sees the product as sold, not how it was made (art. 25: trade secrets); the developer sees it whole.
      assert.deepEqual(product.body.spec, { kind: 'api' })
      assert.deepEqual([product.body.checks, product.body.reviews, product.body.sources.runs, product.body.sources.models], [null, [], [], []])
      assert.ok(product.body.sources.resources.length > 0, 'the resources it draws on are public facts')
      assert.doesNotMatch(JSON.stringify((await bank.get('/api/v1/products')).body), /featureSql|SELECT/i)
      assert.equal((await fintech.get(`/api/v1/products/${code}`)).body.spec.featureSql, FEATURE_SQL)
      assert.match(product.body.registrationCode, /^ZJK-P-/)
      const listed = await bank.get('/api/v1/products')
      assert.ok(listed.body.products.some((p: any) => p.code === code && p.registrationCode))

      const key = await bank.post('/api/v1/gateway/keys', { name: '信贷审批系统', products: [code] })
      assert.equal(key.status, 201, JSON.stringify(key.body))
      const secret = key.body.secret as string
      const uscc = await someUscc(platform)
      const call = (headers: Record<string, string>, entityId = uscc) =>
        app.inject({ method: 'POST', url: `/api/v1/gateway/products/${code}/calls`, headers, payload: { entityId } })
      const noConsent = await call({ 'x-api-key': secret })
      assert.equal(noConsent.statusCode, 403, noConsent.body)
      const consent = await bank.post('/api/v1/gateway/consents', { productCode: code, entityId: uscc, evidence: { documentHash: HASH, signatory: '法定代表人', signedOn: '2026-11-27' }, validUntil: '2027-06-30' })
      assert.equal(consent.status, 201, JSON.stringify(consent.body))
      const answered = await call({ 'x-api-key': secret, 'x-consent-token': consent.body.token })
      assert.equal(answered.statusCode, 200, answered.body)
      const outputs = answered.json().outputs
      assert.deepEqual(Object.keys(outputs).sort(), ['grade', 'score'], 'the score and grade, nothing else')
      assert.equal(typeof outputs.score, 'number')
      // Again within the minute: the answer the executor holds, still checked, metered and audited.
      const counts = async () => {
        const { db } = platform.store
        const n = (row: { n: unknown }) => Number(row.n)
        return {
          answered: n(await db.selectFrom('gateway_calls').select((eb) => eb.fn.countAll().as('n')).where('outcome', '=', 'ok').where('price_yuan', '>', 0).executeTakeFirstOrThrow()),
          audited: n(await db.selectFrom('audit_entries').select((eb) => eb.fn.countAll().as('n')).where('event_type', '=', 'gateway.call').where('result', '=', 'success').executeTakeFirstOrThrow()),
        }
      }
      const before = await counts()
      const again = await call({ 'x-api-key': secret, 'x-consent-token': consent.body.token })
      assert.equal(again.statusCode, 200, again.body)
      assert.deepEqual(again.json().outputs, outputs)
      assert.deepEqual(await counts(), { answered: before.answered + 1, audited: before.audited + 1 }, 'one metering row and one audit entry for the held answer')
      const usage = await bank.get('/api/v1/gateway/usage')
      assert.equal(usage.status, 200)
      assert.ok(JSON.stringify(usage.body).includes(code))
      const audit = await platform.store.db.selectFrom('audit_entries').select(['event_type', 'detail']).where('event_type', '=', 'gateway.call').execute()
      assert.ok(audit.length >= 2)
      assert.ok(audit.every((a) => !String(a.detail).includes(uscc)), 'the audit never holds the raw credit code')
      // The office lowers the scenario's cap below the product's price: calls are charged at the cap (art. 26).
      const capped = await office.put(`/api/v1/scenarios/${declared.body.scenarioCode}/price-cap`, { yuanPerCall: 0.4, note: '下调上限' })
      assert.equal(capped.status, 200, JSON.stringify(capped.body))
      assert.deepEqual(capped.body.productsAboveCap.map((p: any) => p.code), [code])
      assert.equal((await call({ 'x-api-key': secret, 'x-consent-token': consent.body.token })).statusCode, 200)
      const lastCall = await platform.store.db.selectFrom('gateway_calls').select('price_yuan').where('product_code', '=', code).orderBy('called_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow()
      assert.equal(Number(lastCall.price_yuan), 0.4, 'charged at the cap, not at the product\'s 0.5')
      const shown = await bank.get(`/api/v1/products/${code}`)
      assert.deepEqual([shown.body.pricing.yuanPerCall, shown.body.pricing.listedYuanPerCall], [0.4, 0.5], 'the consumer sees what it is charged')
      const disclosed = await app.inject({ method: 'GET', url: '/api/v1/public/disclosure' })
      const public_ = disclosed.json().products.find((p: any) => p.code === code)
      assert.deepEqual([public_.pricing.yuanPerCall, public_.pricing.listedYuanPerCall], [0.4, 0.5], 'and so does the public (art. 29)')

      // A withdrawn consent holds from the next call, though the answer is still held.
      const withdrawn = await bank.post(`/api/v1/gateway/consents/${consent.body.consent.id}/revocation`, { reason: '企业撤回授权' })
      assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body))
      assert.equal((await call({ 'x-api-key': secret, 'x-consent-token': consent.body.token })).statusCode, 403)

      // Lineage: upstream from the product to the source units; downstream from a resource to the bank.
      const regulator = api(app, await loginAs(app, 'regulator'))
      const up = await regulator.get(`/api/v1/lineage?node=product:${code}&direction=up`)
      assert.equal(up.status, 200, JSON.stringify(up.body))
      const kinds = new Set(up.body.nodes.map((n: any) => n.kind))
      for (const kind of ['model', 'run', 'workspace', 'version', 'resource', 'source-unit']) assert.ok(kinds.has(kind), `upstream reaches a ${kind}`)
      assert.ok(!kinds.has('consumer'), 'upstream only')
      const marketEntities = declared.body.sources.resources.find((r: any) => r.table === 'market_entities').resourceCode
      const down = await regulator.get(`/api/v1/lineage?node=resource:${marketEntities}&direction=down`)
      assert.ok(down.body.nodes.some((n: any) => n.id === `product:${code}`))
      assert.ok(down.body.edges.some((e: any) => e.to === 'consumer:org-bank' && e.count >= 1), 'where it went: the bank, with its calls')
      const dot = await app.inject({ method: 'GET', url: `/api/v1/lineage?node=product:${code}&format=dot`, headers: { authorization: `Bearer ${await loginAs(app, 'regulator')}` } })
      assert.match(dot.body, /^digraph lineage \{/)
      assert.equal((await bank.get(`/api/v1/lineage?node=product:${code}`)).status, 403)
      // A source unit follows its resource to the listed product, through steps it does not see the inside of.
      const sourceUnit = api(app, await loginAs(app, 'src-mr'))
      const seen = await sourceUnit.get(`/api/v1/lineage?node=resource:${marketEntities}&direction=down&depth=10`)
      assert.equal(seen.status, 200, JSON.stringify(seen.body))
      assert.ok(seen.body.nodes.some((n: any) => n.id === `product:${code}`), 'the listed product is a public fact')
      assert.ok(seen.body.edges.some((e: any) => e.to === `product:${code}`), 'and stays connected')
      assert.ok(!seen.body.nodes.some((n: any) => n.kind === 'consumer'), 'no consumer')
      assert.ok(!seen.body.nodes.some((n: any) => n.id === 'workspace:fin-credit' || n.id === `model:${model.id}`), 'another organization\'s workspace and model are opaque')
      assert.ok(seen.body.nodes.some((n: any) => n.kind === 'workspace' && /not shown/.test(n.label)))
      assert.ok(!JSON.stringify(seen.body).includes('uscc'), 'nor the fields granted to it')
      const own = await fintech.get('/api/v1/lineage?node=workspace:fin-credit&direction=down&depth=10')
      assert.equal(own.status, 200, JSON.stringify(own.body))
      assert.ok(own.body.nodes.some((n: any) => n.id === `model:${model.id}`), 'a developer sees its own model')
      assert.ok(!own.body.nodes.some((n: any) => n.kind === 'consumer'), 'but not who called its products')
    })

    it('blocks what the automatic checks find: an identifier in a report, a model with 12 parameters on 15 rows', async () => {
      const run = await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql: 'SELECT district_code, count(*) AS n FROM market_entities GROUP BY 1' })
      assert.equal(run.status, 200)
      const report = await fintech.post('/api/v1/workspaces/fin-credit/products', {
        kind: 'report',
        name: '区县企业分布',
        description: '各区县市场主体数量',
        spec: { kind: 'report', title: '区县企业分布报告', body: '联系人王芳，身份证号11010519491231002X。各区县数量见附表。', runIds: [run.body.runId] },
        pricing: { model: 'free' },
      })
      assert.equal(report.status, 201, JSON.stringify(report.body))
      const blocked = await fintech.post(`/api/v1/products/${report.body.code}/submission`)
      assert.equal(blocked.status, 422)
      assert.equal(blocked.body.error.rule, 'art21.raw-data-stays-in-domain')
      assert.match(blocked.body.error.message, /resident_id/)
      const stored = await fintech.get(`/api/v1/products/${report.body.code}`)
      assert.equal(stored.body.status, 'draft', 'still a draft')
      assert.equal(stored.body.checks.find((c: any) => c.check === 'raw-or-sensitive-exposure').status, 'fail')

      // Twelve parameters (11 features and the intercept) on 15 rows: 3 residual degrees of freedom.
      const columns = Array.from({ length: 11 }, (_, i) => `(round(kwh) * ${i + 3} + round(amount_yuan) * ${i + 1}) % ${17 + 2 * i} AS f${i}`)
      const sql = `SELECT ${columns.join(', ')}, amount_yuan AS y FROM electricity_usage WHERE kwh > 100 ORDER BY kwh LIMIT 15`
      const overfit = await fintech.post('/api/v1/workspaces/fin-credit/models', { name: 'overfit', kind: 'linear', sql, target: 'y', testShare: 0, features: Array.from({ length: 11 }, (_, i) => `f${i}`) })
      assert.equal(overfit.status, 201, JSON.stringify(overfit.body))
      assert.equal(overfit.body.release.releasable, false)
      assert.equal(overfit.body.model, null, 'its parameters never leave')
      const exported = await fintech.post('/api/v1/workspaces/fin-credit/products', { kind: 'model', name: '过拟合模型', description: 'd', spec: { kind: 'model', modelId: overfit.body.id }, pricing: { model: 'free' } })
      assert.equal(exported.status, 201)
      const refused = await fintech.post(`/api/v1/products/${exported.body.code}/submission`)
      assert.equal(refused.status, 422)
      assert.equal(refused.body.error.rule, 'art21.raw-data-stays-in-domain')
      assert.match(refused.body.error.message, /residual-dof/)
    })

    it('refuses malformed model options, identifiers in what a product says of itself, and applications on no listed product', async () => {
      const train = (options: unknown) => fintech.post('/api/v1/workspaces/fin-credit/models', { name: 'opts', kind: 'scorecard', sql: TRAINING_SQL, target: 'bad', features: FEATURES, options })
      for (const options of [{ grades: 3 }, { grades: [{ grade: 'A', minScore: 600 }] }, { basePoints: 1e308 }, { bins: 2.5 }, { unknown: 1 }]) {
        const refused = await train(options)
        assert.equal(refused.status, 400, `${JSON.stringify(options)}: ${JSON.stringify(refused.body)}`)
        assert.ok(refused.body.error.issues.some((i: any) => i.path.startsWith('body.options')), JSON.stringify(refused.body))
      }

      // A training error names the kind of value it found, never the value: the rows are the domain's.
      const leaky = await fintech.post('/api/v1/workspaces/fin-credit/models', { name: 'leaky', kind: 'logistic', sql: 'SELECT uscc, registered_capital_wan AS capital FROM market_entities', target: 'uscc', features: ['capital'] })
      assert.equal(leaky.status, 400, JSON.stringify(leaky.body))
      assert.match(leaky.body.error.message, /must be 0 or 1/)
      assert.doesNotMatch(JSON.stringify(leaky.body), /9113\d|91130[0-9A-Z]/, 'no credit code in the refusal')
      const named = await fintech.post('/api/v1/workspaces/fin-credit/models', { name: 'named', kind: 'linear', sql: 'SELECT name, registered_capital_wan AS capital FROM market_entities', target: 'name', features: ['capital'] })
      assert.equal(named.status, 400, JSON.stringify(named.body))
      assert.doesNotMatch(JSON.stringify(named.body), /有限公司|合作社|个体/, 'no enterprise name in the refusal')

      // Registration publishes a product's name and description: an identifier there blocks the submission.
      const run = await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql: 'SELECT district_code, count(*) AS n FROM market_entities GROUP BY 1' })
      const described = await fintech.post('/api/v1/workspaces/fin-credit/products', {
        kind: 'dataset',
        name: '区县企业分布',
        description: `示例企业 ${await someUscc(platform)}，联系人身份证号 11010519491231002X`,
        spec: { kind: 'dataset', runId: run.body.runId },
        pricing: { model: 'free' },
      })
      assert.equal(described.status, 201, JSON.stringify(described.body))
      const blocked = await fintech.post(`/api/v1/products/${described.body.code}/submission`)
      assert.equal(blocked.status, 422, JSON.stringify(blocked.body))
      assert.equal(blocked.body.error.rule, 'art21.raw-data-stays-in-domain')
      assert.match(blocked.body.error.message, /uscc/)
      const withdrawn = await fintech.post(`/api/v1/products/${described.body.code}/withdrawal`, { reason: '撤回' })
      assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body))
      const disclosed = (await app.inject({ method: 'GET', url: '/api/v1/public/disclosure' })).json()
      assert.ok(!disclosed.products.some((p: any) => p.code === described.body.code), 'a draft never listed is not disclosed, withdrawn or not')
      assert.ok(disclosed.products.every((p: any) => /^ZJK-P-/.test(p.registrationCode)), 'every disclosed product was registered')

      // An application is built on listed products, and links to a web address only.
      const application = (uses: string[], url?: string) =>
        fintech.post('/api/v1/workspaces/fin-credit/products', { kind: 'application', name: '信贷助手', description: '基于已上架产品的应用', spec: { kind: 'application', uses, ...(url ? { url } : {}) }, pricing: { model: 'free' } })
      const unknown = await application(['PRD-2026-AAAAAA'])
      assert.equal(unknown.status, 400, JSON.stringify(unknown.body))
      assert.equal(unknown.body.error.issues[0].path, 'body.spec.uses.0')
      assert.equal((await application(['PRD-0000-IIIIII'])).status, 400, 'not a product code')
      const listed = (await bank.get('/api/v1/products')).body.products.map((p: any) => p.code) as string[]
      assert.ok(listed.length > 0, 'the first test listed a product')
      for (const url of ['javascript:alert(1)', 'file:///etc/passwd']) assert.equal((await application(listed, url)).status, 400, url)
      const built = await application(listed, 'https://credit.example.cn/assistant')
      assert.equal(built.status, 201, JSON.stringify(built.body))
    })

    it('needs two different reviewers for grade general-3 data', async () => {
      const run = await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql: 'SELECT month, avg(contribution_base_yuan) AS base FROM social_insurance GROUP BY 1 ORDER BY 1' })
      assert.equal(run.status, 200, JSON.stringify(run.body))
      const declared = await fintech.post('/api/v1/workspaces/fin-credit/products', { kind: 'dataset', name: '月度平均缴费基数', description: '按月汇总', spec: { kind: 'dataset', runId: run.body.runId }, pricing: { model: 'free' } })
      assert.equal(declared.status, 201, JSON.stringify(declared.body))
      assert.equal(declared.body.dataGrade, 'general-3')
      assert.equal(declared.body.reviewersNeeded, 2)
      const code = declared.body.code
      assert.equal((await fintech.post(`/api/v1/products/${code}/submission`)).status, 200)
      const first = await reviewer.post(`/api/v1/products/${code}/reviews`, { decision: 'approve', reasons: '汇总后无个人信息' })
      assert.equal(first.body.status, 'submitted', 'one approval of two')
      assert.equal((await reviewer.post(`/api/v1/products/${code}/reviews`, { decision: 'approve', reasons: 'again' })).status, 409, 'the same reviewer twice')
      await createUser(platform, hostContext('test'), { orgId: 'org-operator', username: 'reviewer2', displayName: '第二审核员', password: 'Second-Reviewer-1', roles: ['reviewer'] }, { host: true })
      const second = api(app, await loginAs(app, 'reviewer2', 'Second-Reviewer-1'))
      const approved = await second.post(`/api/v1/products/${code}/reviews`, { decision: 'approve', reasons: '同意' })
      assert.equal(approved.status, 200, JSON.stringify(approved.body))
      assert.equal(approved.body.status, 'approved')
      assert.deepEqual(approved.body.reviews.map((r: any) => r.decision), ['approve', 'approve'])
    })

    it('lets its developer withdraw a product before approval, and only then', async () => {
      const run = await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql: 'SELECT district_code, count(*) AS n FROM market_entities GROUP BY 1' })
      assert.equal(run.status, 200, JSON.stringify(run.body))
      const declare = () => fintech.post('/api/v1/workspaces/fin-credit/products', { kind: 'dataset', name: '区县企业数', description: 'd', spec: { kind: 'dataset', runId: run.body.runId }, pricing: { model: 'free' } })
      const draft = await declare()
      assert.equal(draft.status, 201, JSON.stringify(draft.body))
      const code = draft.body.code
      assert.equal((await fintech.post(`/api/v1/products/${code}/withdrawal`, {})).status, 400, 'a withdrawal says why')
      assert.equal((await reviewer.post(`/api/v1/products/${code}/withdrawal`, { reason: '不再需要' })).status, 403, 'the operator withdraws nothing it did not build')
      const withdrawn = await fintech.post(`/api/v1/products/${code}/withdrawal`, { reason: '需求变更，不再提交' })
      assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body))
      assert.equal(withdrawn.body.status, 'cancelled')
      assert.equal((await fintech.post(`/api/v1/products/${code}/withdrawal`, { reason: 'again' })).status, 409)
      assert.equal((await fintech.post(`/api/v1/products/${code}/submission`)).status, 409, 'a cancelled product is not submitted')

      const approved = (await declare()).body.code
      assert.equal((await fintech.post(`/api/v1/products/${approved}/submission`)).status, 200)
      const reviewed = await reviewer.post(`/api/v1/products/${approved}/reviews`, { decision: 'approve', reasons: '同意' })
      assert.equal(reviewed.body.status, 'approved', JSON.stringify(reviewed.body))
      const late = await fintech.post(`/api/v1/products/${approved}/withdrawal`, { reason: '不再需要' })
      assert.equal(late.status, 422)
      assert.equal(late.body.error.rule, 'art22.registration')
      assert.equal((await fintech.get(`/api/v1/products/${approved}`)).body.status, 'approved', 'the refusal changed nothing')
    })

    it('keeps public-interest products free and refuses what is not the developer\'s', async () => {
      const skitour = api(app, await loginAs(app, 'skitour'))
      const run = await skitour.post('/api/v1/workspaces/ski-tourism/queries', { sql: 'SELECT scenic_spot, sum(visitors) AS v FROM scenic_visits GROUP BY 1' })
      assert.equal(run.status, 200, JSON.stringify(run.body))
      const priced = await skitour.post('/api/v1/workspaces/ski-tourism/products', { kind: 'dataset', name: '景区客流', description: 'd', spec: { kind: 'dataset', runId: run.body.runId }, pricing: { model: 'per-call', yuanPerCall: 1 } })
      assert.equal(priced.status, 422)
      assert.equal(priced.body.error.rule, 'art06.use-purpose-pricing')
      const free = await skitour.post('/api/v1/workspaces/ski-tourism/products', { kind: 'dataset', name: '景区客流', description: 'd', spec: { kind: 'dataset', runId: run.body.runId }, pricing: { model: 'free' } })
      assert.equal(free.status, 201, JSON.stringify(free.body))
      assert.equal(free.body.spec.result.rowCount, run.body.rows.length)
      assert.equal((await fintech.post(`/api/v1/products/${free.body.code}/submission`)).status, 404, 'another developer\'s draft is not even seen')
      assert.equal((await fintech.post('/api/v1/workspaces/ski-tourism/products', { kind: 'dataset', name: 'x', description: 'd', spec: { kind: 'dataset', runId: run.body.runId }, pricing: { model: 'free' } })).status, 404)
      assert.equal((await operator.post('/api/v1/workspaces/fin-credit/models', { name: 'op', kind: 'linear', sql: 'SELECT kwh AS x, kwh AS y FROM electricity_usage', target: 'y', features: ['x'] })).status, 422, 'the operator develops nothing')
    })
  })
}
