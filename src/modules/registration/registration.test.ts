import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, DEMO_RESOURCE_CODES, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { assertIssuable, canTransition, NOTICE_DAYS, newRegistrationCode, noticeEndsOn, REGISTRATION_CODE_PATTERN } from './registration.ts'
import { registrationCodeOf } from './registration.service.ts'
import { OBJECTION_RATE_LIMIT } from './registration.routes.ts'

type Api = ReturnType<typeof api>

describe('registration: the pure rules', () => {
  it('ends a notice NOTICE_DAYS calendar days after its approval, across months and years', () => {
    assert.equal(NOTICE_DAYS, 10)
    assert.equal(noticeEndsOn('2026-11-27'), '2026-12-07')
    assert.equal(noticeEndsOn('2026-12-25'), '2027-01-04')
    assert.equal(noticeEndsOn('2028-02-25'), '2028-03-06')
  })

  it('makes codes like ZJK-P-2026-7K3M9Q2A from the Crockford alphabet', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newRegistrationCode('product', '2026')))
    assert.equal(codes.size, 200)
    for (const code of codes) assert.match(code, REGISTRATION_CODE_PATTERN)
    assert.match(newRegistrationCode('resource', '2027'), /^ZJK-R-2027-/)
    assert.doesNotMatch('ZJK-P-2026-7K3M9QIL', REGISTRATION_CODE_PATTERN)
  })

  it('holds the workflow as a table: no code without a notice, nothing after a stop', () => {
    assert.ok(canTransition('applied', 'accepted'))
    assert.ok(canTransition('returned', 'accepted'))
    assert.ok(!canTransition('applied', 'registered'))
    assert.ok(!canTransition('accepted', 'registered'))
    assert.ok(!canTransition('stopped', 'registered'))
    assert.ok(!canTransition('refused', 'accepted'))
    assert.ok(canTransition('registered', 'cancelled'))
  })

  it('issues only after the notice ended, with every objection resolved and none upheld', () => {
    assert.throws(() => assertIssuable('r', 'notice', '2026-12-07', '2026-12-07', []), /runs until 2026-12-07/)
    assert.throws(() => assertIssuable('r', 'notice', '2026-12-07', '2026-12-08', [{ status: 'open' }]), /unresolved/)
    assert.throws(() => assertIssuable('r', 'notice', '2026-12-07', '2026-12-08', [{ status: 'upheld' }]), /upheld/)
    assert.throws(() => assertIssuable('r', 'accepted', null, '2026-12-08', []), /after its public notice/)
    assert.doesNotThrow(() => assertIssuable('r', 'notice', '2026-12-07', '2026-12-08', [{ status: 'dismissed' }]))
  })
})

const DOCS = [{ name: '权属证明.pdf', hash: 'ab'.repeat(32) }]
const RIGHTS = '依授权运营协议约定，开发者享有该数据产品的经营权'

/** A product the operator's reviewers approved, as the products module leaves it. */
async function insertProduct(platform: Platform, code: string, status: string, name = '中小微企业信用评分接口'): Promise<void> {
  const { db } = platform.store
  const agreement = await db.selectFrom('agreements').select(['id', 'developer_org_id']).where('workspace_id', '=', 'fin-credit').executeTakeFirstOrThrow()
  const at = chinaTime(platform.clock())
  await db
    .insertInto('products')
    .values({
      code, kind: 'api', name, description: '按统一社会信用代码返回企业信用评分', scenario_code: 'SC-FIN-001', workspace_id: 'fin-credit', agreement_id: agreement.id,
      developer_org_id: agreement.developer_org_id, status, spec: '{}', sources: JSON.stringify({ resources: [DEMO_RESOURCE_CODES.market_entities] }),
      outputs: JSON.stringify([{ name: 'score', type: 'integer' }]), per_entity: 1, pricing: '{"kind":"free"}', data_grade: 'general-2', checks: null,
      created_by: 'test', created_at: at, submitted_at: at, updated_at: at,
    })
    .execute()
}

async function productStatus(platform: Platform, code: string): Promise<string> {
  const row = await platform.store.db.selectFrom('products').select('status').where('code', '=', code).executeTakeFirstOrThrow()
  return row.status
}

async function auditCount(platform: Platform, eventType: string, objectId: string): Promise<number> {
  const rows = await platform.store.db.selectFrom('audit_entries').select('seq').where('event_type', '=', eventType).where('object_id', '=', objectId).execute()
  return rows.length
}

for (const dialect of testDialects()) {
  describe(`${dialect.name}: registration of products and resources (art. 22)`, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance
    let fintech: Api, skitour: Api, operator: Api, bureau: Api, office: Api, regulator: Api, bank: Api, sysadmin: Api, anonymous: Api
    const P1 = 'PRD-2026-AAAAA1'
    const P2 = 'PRD-2026-AAAAA2'
    const P3 = 'PRD-2026-AAAAA3'
    const apply = (caller: Api, subjectCode: string, extra: Record<string, unknown> = {}) =>
      caller.post('/api/v1/registrations', { subjectType: 'product', subjectCode, kind: 'first', rights: RIGHTS, documents: DOCS, ...extra })
    const toNotice = async (id: string) => {
      assert.equal((await bureau.post(`/api/v1/registrations/${id}/acceptance`, { decision: 'accept', note: '材料齐全' })).status, 200)
      const reviewed = await bureau.post(`/api/v1/registrations/${id}/review`, { decision: 'approve', note: '形式审查通过' })
      assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body))
      return reviewed.body
    }
    /** Moves the clock on by whole days; sessions expire meanwhile, so everyone signs in again. */
    const days = async (n: number) => {
      platform.clock.advance(n * 86_400)
      await signIn()
    }
    const signIn = async () => {
      const as = async (user: string) => api(app, await loginAs(app, user))
      fintech = await as('fintech')
      skitour = await as('skitour')
      operator = await as('operator')
      bureau = await as('bureau')
      office = await as('office')
      regulator = await as('regulator')
      bank = await as('bank')
      sysadmin = await as('sysadmin')
    }

    before(async () => {
      // Sessions expire as the notice period passes: everyone signs in again, more often than the default login limit allows.
      platform = await testPlatform(dialect, { env: { SHUYU_LOGIN_RATE_LIMIT: '1000' } })
      await seedAuthorizedWorld(platform)
      await insertProduct(platform, P1, 'approved')
      await insertProduct(platform, P2, 'draft', '未审核产品')
      await insertProduct(platform, P3, 'approved', '企业经营指数')
      app = await testApp(platform)
      // Mounted here until the app mounts the module itself.
      await signIn()
      anonymous = api(app)
    })

    let first: string
    let code: string

    it('takes a product’s first registration from its developer, snapshotting its facts', async () => {
      const r = await apply(fintech, P1)
      assert.equal(r.status, 201, JSON.stringify(r.body))
      assert.equal(r.body.status, 'applied')
      assert.equal(r.body.kind, 'first')
      assert.deepEqual(r.body.subject, { type: 'product', code: P1 })
      assert.equal(r.body.applicantOrgId, 'org-fintech')
      assert.equal(r.body.facts.name, '中小微企业信用评分接口')
      assert.equal(r.body.facts.scenario, 'SC-FIN-001')
      assert.deepEqual(r.body.facts.outputs, [{ name: 'score', type: 'integer' }])
      assert.deepEqual(r.body.documents, DOCS)
      first = r.body.id
      assert.equal(await auditCount(platform, 'registration.apply', first), 1)
    })

    it('refuses a second registration of a subject in progress, an unapproved product, and what the rules exclude', async () => {
      assert.equal((await apply(fintech, P1)).status, 409)
      const draft = await apply(fintech, P2)
      assert.equal(draft.status, 422)
      assert.equal(draft.body.error.rule, 'art22.registration')
      const change = await apply(fintech, P3, { kind: 'change', changes: [{ item: '名称', before: 'a', after: 'b' }] })
      assert.equal(change.status, 422, 'a change needs a registered first registration')
      const noChanges = await apply(fintech, P3, { changes: [{ item: '名称', before: 'a', after: 'b' }] })
      assert.equal(noChanges.status, 422, 'a first registration lists no changes')
      assert.equal((await apply(fintech, 'PRD-2026-ZZZZZZ')).status, 404)
      assert.equal((await apply(fintech, P3, { documents: [{ name: 'x', hash: 'nothex' }] })).status, 400)
      assert.equal((await apply(fintech, P3, { documents: [] })).status, 400)
    })

    it('refuses an application for a product from anyone but its developer', async () => {
      for (const caller of [skitour, operator, bureau, office, regulator, bank, sysadmin]) assert.equal((await apply(caller, P3)).status, 403)
      assert.equal((await apply(anonymous, P3)).status, 401)
    })

    it('shows a registration to its applicant and the authorities only', async () => {
      for (const caller of [fintech, bureau, office, regulator]) assert.equal((await caller.get(`/api/v1/registrations/${first}`)).status, 200)
      for (const caller of [skitour, operator, bank, sysadmin]) assert.equal((await caller.get(`/api/v1/registrations/${first}`)).status, 404)
      assert.equal((await bureau.get('/api/v1/registrations/reg_00000000000000000000')).status, 404)
      assert.equal((await bureau.get('/api/v1/registrations/nonsense')).status, 400)
      const mine = await fintech.get('/api/v1/registrations')
      assert.deepEqual(mine.body.registrations.map((r: { id: string }) => r.id), [first])
      assert.deepEqual((await skitour.get('/api/v1/registrations')).body.registrations, [])
      assert.equal((await bureau.get('/api/v1/registrations?status=applied')).body.registrations.length, 1)
      assert.equal((await bureau.get('/api/v1/registrations?status=notice')).body.registrations.length, 0)
    })

    it('lets only the bureau accept, with 404 for those who may not see the registration', async () => {
      const accept = { decision: 'accept', note: '材料齐全' }
      for (const caller of [fintech, office, regulator]) assert.equal((await caller.post(`/api/v1/registrations/${first}/acceptance`, accept)).status, 403)
      for (const caller of [skitour, operator, bank]) assert.equal((await caller.post(`/api/v1/registrations/${first}/acceptance`, accept)).status, 404)
      const accepted = await bureau.post(`/api/v1/registrations/${first}/acceptance`, accept)
      assert.equal(accepted.status, 200)
      assert.equal(accepted.body.status, 'accepted')
      assert.equal((await bureau.post(`/api/v1/registrations/${first}/acceptance`, accept)).status, 409)
    })

    it('returns an application for correction, and takes it back from its applicant only', async () => {
      for (const caller of [fintech, office]) assert.equal((await caller.post(`/api/v1/registrations/${first}/review`, { decision: 'return', note: 'x' })).status, 403)
      const returned = await bureau.post(`/api/v1/registrations/${first}/review`, { decision: 'return', note: '缺少权属证明原件的哈希' })
      assert.equal(returned.body.status, 'returned')
      const resubmission = { note: '已补正', documents: [...DOCS, { name: '授权协议.pdf', hash: 'cd'.repeat(32) }] }
      for (const caller of [bureau, office, regulator]) assert.equal((await caller.post(`/api/v1/registrations/${first}/resubmission`, resubmission)).status, 403)
      assert.equal((await skitour.post(`/api/v1/registrations/${first}/resubmission`, resubmission)).status, 404)
      const resubmitted = await fintech.post(`/api/v1/registrations/${first}/resubmission`, resubmission)
      assert.equal(resubmitted.status, 200, JSON.stringify(resubmitted.body))
      assert.equal(resubmitted.body.status, 'accepted')
      assert.equal(resubmitted.body.documents.length, 2)
      assert.equal((await fintech.post(`/api/v1/registrations/${first}/resubmission`, resubmission)).status, 409)
      assert.deepEqual(
        resubmitted.body.history.map((s: { step: string }) => s.step),
        ['apply', 'accept', 'return', 'resubmit'],
      )
    })

    it('publishes the notice for NOTICE_DAYS days on approval', async () => {
      const reviewed = await bureau.post(`/api/v1/registrations/${first}/review`, { decision: 'approve', note: '形式审查通过' })
      assert.equal(reviewed.status, 200)
      assert.equal(reviewed.body.status, 'notice')
      assert.equal(reviewed.body.noticeStartedOn, '2026-11-27')
      assert.equal(reviewed.body.noticeEndsOn, noticeEndsOn(reviewed.body.noticeStartedOn))
      const notices = await anonymous.get('/api/v1/public/registrations?status=notice')
      assert.equal(notices.status, 200)
      assert.deepEqual(notices.body.registrations.map((r: { id: string }) => r.id), [first])
      assert.equal(notices.body.registrations[0].applicant.name !== undefined, true)
      assert.equal(notices.body.registrations[0].documents, undefined)
      assert.equal(notices.body.registrations[0].rights, undefined)
      assert.deepEqual(Object.keys(notices.body.registrations[0].facts.sources), ['resources'], 'no internal run, model or version ids in public')
    })

    let objections: string[] = []

    it('takes objections from the public (name and contact required) and from signed-in users', async () => {
      const missing = await anonymous.post(`/api/v1/registrations/${first}/objections`, { reason: '该产品使用了我单位的数据' })
      assert.equal(missing.status, 400)
      const reason = '该产品使用了我单位的数据，经办人身份证 11010519491231002X'
      const filed = await anonymous.post(`/api/v1/registrations/${first}/objections`, { name: '王某', contact: '13800138000', reason })
      assert.equal(filed.status, 201, JSON.stringify(filed.body))
      assert.equal(filed.body.status, 'open')
      assert.equal(filed.body.contact, null)
      const signedIn = await bank.post(`/api/v1/registrations/${first}/objections`, { reason: '评分口径与登记不符' })
      assert.equal(signedIn.status, 201)
      objections = [filed.body.id, signedIn.body.id]
      const again = await anonymous.post(`/api/v1/registrations/${first}/objections`, { name: '王某', contact: '13800138000', reason })
      assert.equal(again.status, 409, 'the same objection twice is one for the bureau to resolve')
      assert.match(again.body.error.message, new RegExp(`already filed \\(${filed.body.id}\\)`))
      assert.equal((await anonymous.post('/api/v1/registrations/reg_00000000000000000000/objections', { name: 'a', contact: 'b', reason: 'c' })).status, 404)
      const seenByApplicant = await fintech.get(`/api/v1/registrations/${first}`)
      assert.equal(seenByApplicant.body.objections.length, 2)
      assert.equal(seenByApplicant.body.objections[0].contact, null)
      assert.equal(seenByApplicant.body.objections[0].reason, '该产品使用了我单位的数据，经办人身份证 [resident_id]', 'the applicant reads the reason, not who wrote it')
      const seenByBureau = await bureau.get(`/api/v1/registrations/${first}`)
      assert.equal(seenByBureau.body.objections[0].contact, '13800138000')
      assert.equal(seenByBureau.body.objections[0].reason, reason)
    })

    it('holds one source address to a few objections an hour: a script cannot flood the notice', async () => {
      // An app of its own: its rate-limit counts start from zero and leave the other tests alone.
      const own = api(await testApp(platform))
      const answers: number[] = []
      for (let i = 0; i < OBJECTION_RATE_LIMIT.max + 3; i++) {
        answers.push((await own.post(`/api/v1/registrations/${first}/objections`, { name: `n${i}`, contact: `c${i}`, reason: `刷量异议 ${i}` })).status)
      }
      assert.deepEqual(answers.slice(0, OBJECTION_RATE_LIMIT.max), Array(OBJECTION_RATE_LIMIT.max).fill(201))
      assert.deepEqual(answers.slice(OBJECTION_RATE_LIMIT.max), [429, 429, 429])
      // The ones that got through are dismissed, as the bureau would: the next test counts on two.
      const flooded = (await bureau.get(`/api/v1/registrations/${first}`)).body.objections.filter((o: { reason: string; status: string }) => o.reason.startsWith('刷量异议'))
      for (const o of flooded) assert.equal((await bureau.post(`/api/v1/registrations/${first}/objections/${o.id}/resolution`, { decision: 'dismiss', note: '重复刷量' })).status, 200)
    })

    it('refuses to issue a code before the notice period ends', async () => {
      const early = await bureau.post(`/api/v1/registrations/${first}/issue`)
      assert.equal(early.status, 409)
      assert.match(early.body.error.message, /runs until/)
      await days(NOTICE_DAYS)
      assert.equal((await bureau.post(`/api/v1/registrations/${first}/issue`)).status, 409, 'the last day of the notice is still the notice')
      await days(1)
      const late = await anonymous.post(`/api/v1/registrations/${first}/objections`, { name: '李某', contact: 'li@example.cn', reason: '逾期异议' })
      assert.equal(late.status, 409, 'objections close with the notice')
      assert.deepEqual((await anonymous.get('/api/v1/public/registrations')).body.registrations, [])
    })

    it('issues only once every objection is resolved, and only the bureau resolves them', async () => {
      const open = await bureau.post(`/api/v1/registrations/${first}/issue`)
      assert.equal(open.status, 409)
      assert.match(open.body.error.message, /unresolved/)
      const dismiss = { decision: 'dismiss', note: '经核实，数据来源合法' }
      for (const caller of [fintech, office, regulator]) assert.equal((await caller.post(`/api/v1/registrations/${first}/objections/${objections[0]}/resolution`, dismiss)).status, 403)
      assert.equal((await bank.post(`/api/v1/registrations/${first}/objections/${objections[0]}/resolution`, dismiss)).status, 404)
      assert.equal((await bureau.post(`/api/v1/registrations/${first}/objections/obj_00000000000000000000/resolution`, dismiss)).status, 404)
      for (const id of objections) assert.equal((await bureau.post(`/api/v1/registrations/${first}/objections/${id}/resolution`, dismiss)).status, 200)
      assert.equal((await bureau.post(`/api/v1/registrations/${first}/objections/${objections[0]}/resolution`, dismiss)).status, 409)
      for (const caller of [fintech, office, regulator]) assert.equal((await caller.post(`/api/v1/registrations/${first}/issue`)).status, 403)
      assert.equal((await skitour.post(`/api/v1/registrations/${first}/issue`)).status, 404)
      const issued = await bureau.post(`/api/v1/registrations/${first}/issue`)
      assert.equal(issued.status, 200, JSON.stringify(issued.body))
      assert.equal(issued.body.status, 'registered')
      assert.match(issued.body.registrationCode, /^ZJK-P-2026-[0-9A-HJKMNP-TV-Z]{8}$/)
      assert.equal(issued.body.registeredOn, '2026-12-08')
      code = issued.body.registrationCode
      assert.equal(await productStatus(platform, P1), 'listed')
      assert.equal(await registrationCodeOf(platform.store.db, 'product', P1), code)
      assert.equal(await registrationCodeOf(platform.store.db, 'product', P3), null)
      assert.equal(await auditCount(platform, 'registration.issue', first), 1)
      assert.equal(await auditCount(platform, 'product.registration', P1), 1)
      assert.equal((await bureau.post(`/api/v1/registrations/${first}/issue`)).status, 409)
      assert.equal((await apply(fintech, P1)).status, 409, 'registered already: a change, not a second first registration')
    })

    it('answers the public by code, without documents, rights or objectors', async () => {
      const found = await anonymous.get(`/api/v1/public/registrations/${code}`)
      assert.equal(found.status, 200)
      assert.equal(found.body.registrationCode, code)
      assert.deepEqual(found.body.subject, { type: 'product', code: P1 })
      assert.equal(found.body.status, 'registered')
      assert.equal(found.body.registeredOn, '2026-12-08')
      assert.equal(found.body.facts.name, '中小微企业信用评分接口')
      const text = JSON.stringify(found.body)
      for (const secret of ['13800138000', '王某', 'abab', RIGHTS]) assert.ok(!text.includes(secret), secret)
      assert.equal((await anonymous.get('/api/v1/public/registrations/ZJK-P-2026-00000000')).status, 404)
      assert.equal((await anonymous.get('/api/v1/public/registrations/made-up')).status, 404)
    })

    it('stops a registration when an objection is upheld', async () => {
      const applied = await apply(fintech, P3)
      assert.equal(applied.status, 201)
      const id = applied.body.id
      await toNotice(id)
      const objection = await anonymous.post(`/api/v1/registrations/${id}/objections`, { name: '赵某', contact: 'zhao@example.cn', reason: '指数使用的数据未经授权' })
      const upheld = await bureau.post(`/api/v1/registrations/${id}/objections/${objection.body.id}/resolution`, { decision: 'uphold', note: '异议成立' })
      assert.equal(upheld.status, 200)
      assert.equal(upheld.body.status, 'stopped')
      await days(NOTICE_DAYS + 1)
      assert.equal((await bureau.post(`/api/v1/registrations/${id}/issue`)).status, 409)
      assert.equal(await productStatus(platform, P3), 'approved')
      assert.equal(await registrationCodeOf(platform.store.db, 'product', P3), null)
      // Stopped is not in progress: the developer may apply again.
      const again = await apply(fintech, P3)
      assert.equal(again.status, 201)
      const refused = await bureau.post(`/api/v1/registrations/${again.body.id}/acceptance`, { decision: 'refuse', note: '材料不全：缺少权属证明' })
      assert.equal(refused.body.status, 'refused')
      assert.equal((await bureau.post(`/api/v1/registrations/${again.body.id}/review`, { decision: 'approve', note: 'x' })).status, 409)
    })

    it('registers a change under the same code, and the public sees the changed facts', async () => {
      assert.equal((await fintech.post('/api/v1/registrations', { subjectType: 'product', subjectCode: P1, kind: 'change', rights: RIGHTS, documents: DOCS })).status, 422)
      // The changes are published: no personal identifier in them.
      const personal = await fintech.post('/api/v1/registrations', {
        subjectType: 'product', subjectCode: P1, kind: 'change', rights: RIGHTS, documents: DOCS,
        changes: [{ item: '联系人', before: '张三 11010519491231002X', after: '李四 13812345678' }],
      })
      assert.equal(personal.status, 422, JSON.stringify(personal.body))
      assert.equal(personal.body.error.rule, 'art22.registration')
      assert.match(personal.body.error.message, /resident_id ×1/)
      // Nor while the authorization behind the product is suspended (art. 34).
      const agreement = (await office.get('/api/v1/agreements')).body.agreements.find((a: { workspace: { id: string } }) => a.workspace.id === 'fin-credit')
      assert.equal((await office.post(`/api/v1/agreements/${agreement.id}/suspend`, { reason: '核查数据使用情况' })).status, 200)
      const suspended = await fintech.post('/api/v1/registrations', {
        subjectType: 'product', subjectCode: P1, kind: 'change', rights: RIGHTS, documents: DOCS,
        changes: [{ item: '产品名称', before: 'a', after: 'b' }],
      })
      assert.equal(suspended.status, 422, JSON.stringify(suspended.body))
      assert.match(suspended.body.error.message, /not in force \(workspace suspended, agreement suspended\)/)
      assert.equal((await office.post(`/api/v1/agreements/${agreement.id}/resume`, { note: '核查完毕' })).status, 200)
      await platform.store.db.updateTable('products').set({ name: '中小微企业信用评分接口（第二版）' }).where('code', '=', P1).execute()
      const applied = await fintech.post('/api/v1/registrations', {
        subjectType: 'product', subjectCode: P1, kind: 'change', rights: RIGHTS, documents: DOCS,
        changes: [{ item: '产品名称', before: '中小微企业信用评分接口', after: '中小微企业信用评分接口（第二版）' }],
      })
      assert.equal(applied.status, 201, JSON.stringify(applied.body))
      assert.equal(applied.body.firstRegistrationId, first)
      const id = applied.body.id
      const notice = await toNotice(id)
      const listed = await anonymous.get('/api/v1/public/registrations')
      assert.equal(listed.body.registrations[0].registrationCode, code)
      assert.equal(listed.body.registrations[0].changes.length, 1)
      assert.equal((await bureau.post(`/api/v1/registrations/${id}/issue`)).status, 409)
      await days(NOTICE_DAYS + 1)
      assert.ok(notice.noticeEndsOn)
      const issued = await bureau.post(`/api/v1/registrations/${id}/issue`)
      assert.equal(issued.status, 200)
      assert.equal(issued.body.registrationCode, code)
      assert.equal(await productStatus(platform, P1), 'listed')
      const found = await anonymous.get(`/api/v1/public/registrations/${code}`)
      assert.equal(found.body.facts.name, '中小微企业信用评分接口（第二版）')
      assert.deepEqual(found.body.registrations.map((r: { kind: string }) => r.kind), ['first', 'change'])
    })

    it('cancels a registered product through a cancellation registration', async () => {
      const applied = await fintech.post('/api/v1/registrations', { subjectType: 'product', subjectCode: P1, kind: 'cancellation', rights: '申请注销登记', documents: DOCS })
      assert.equal(applied.status, 201, JSON.stringify(applied.body))
      const id = applied.body.id
      await toNotice(id)
      await days(NOTICE_DAYS + 1)
      const issued = await bureau.post(`/api/v1/registrations/${id}/issue`)
      assert.equal(issued.status, 200)
      assert.equal(await productStatus(platform, P1), 'cancelled')
      assert.equal(await registrationCodeOf(platform.store.db, 'product', P1), null)
      const firstNow = await bureau.get(`/api/v1/registrations/${first}`)
      assert.equal(firstNow.body.status, 'cancelled')
      assert.ok(firstNow.body.cancelledOn)
      const found = await anonymous.get(`/api/v1/public/registrations/${code}`)
      assert.equal(found.status, 200)
      assert.equal(found.body.status, 'cancelled')
      assert.deepEqual(found.body.registrations.map((r: { kind: string }) => r.kind), ['first', 'change', 'cancellation'])
      const after = await fintech.post('/api/v1/registrations', { subjectType: 'product', subjectCode: P1, kind: 'change', rights: RIGHTS, documents: DOCS, changes: [{ item: 'a', before: 'b', after: 'c' }] })
      assert.equal(after.status, 422)
      assert.equal((await apply(fintech, P1)).status, 422, 'a cancelled product is not registered again')
    })

    it('registers a resource in operation for the operator, and refuses the rest', async () => {
      const resource = DEMO_RESOURCE_CODES.market_entities
      const body = { subjectType: 'resource', subjectCode: resource, kind: 'first', rights: '依授权运营，享有数据资源持有权和经营权', documents: DOCS }
      for (const caller of [fintech, bureau, office, regulator, bank]) assert.equal((await caller.post('/api/v1/registrations', body)).status, 403)
      assert.equal((await operator.post('/api/v1/registrations', { ...body, subjectCode: '130700-XXXX-9999' })).status, 404)
      const at = chinaTime(platform.clock())
      await platform.store.db
        .insertInto('catalog_resources')
        .values({ code: '130700-TEST-0001', table_name: 'test_unused', name: '未授权资源', provider_org_id: 'org-src-mr', compiled_by_org_id: 'org-sector-mr', published_version: 1, level: 'general', grade: 1, sensitive: 0, authorizable: 1, pool_version_id: null, created_at: at, updated_at: at })
        .execute()
      const outside = await operator.post('/api/v1/registrations', { ...body, subjectCode: '130700-TEST-0001' })
      assert.equal(outside.status, 422)
      assert.equal(outside.body.error.rule, 'art22.registration')
      const applied = await operator.post('/api/v1/registrations', body)
      assert.equal(applied.status, 201, JSON.stringify(applied.body))
      assert.equal(applied.body.applicantOrgId, 'org-operator')
      assert.ok(applied.body.facts.fields.some((f: { name: string }) => f.name === 'uscc'))
      const id = applied.body.id
      assert.equal((await fintech.get(`/api/v1/registrations/${id}`)).status, 404)
      await toNotice(id)
      await days(NOTICE_DAYS + 1)
      const issued = await bureau.post(`/api/v1/registrations/${id}/issue`)
      assert.equal(issued.status, 200)
      assert.match(issued.body.registrationCode, new RegExp(`^ZJK-R-${issued.body.registeredOn.slice(0, 4)}-`), 'the year of issue')
      assert.equal(await registrationCodeOf(platform.store.db, 'resource', resource), issued.body.registrationCode)
      const found = await anonymous.get(`/api/v1/public/registrations/${issued.body.registrationCode}`)
      assert.equal(found.body.facts.name, applied.body.facts.name)
    })

    it('keeps one registration in progress per subject when two applications race', async () => {
      const body = {
        subjectType: 'resource', subjectCode: DEMO_RESOURCE_CODES.market_entities, kind: 'correction', rights: '更正登记', documents: DOCS,
        changes: [{ item: '资源名称', before: '市场主体登记信息', after: '市场主体登记信息（更正）' }],
      }
      const answers = await Promise.all([operator.post('/api/v1/registrations', body), operator.post('/api/v1/registrations', body)])
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409])
      const rows = await platform.store.db.selectFrom('registrations').select('id').where('subject_code', '=', DEMO_RESOURCE_CODES.market_entities).where('status', '=', 'applied').execute()
      assert.equal(rows.length, 1)
    })
  })
}
