import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { installErrorHandler } from '../../api/errors.ts'
import { api, seedAuthorizedWorld, today } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { GOOD_PASSWORD, makeUser } from '../../../test/identities.ts'
import { bearer, testPlatform, type TestClock } from '../../../test/platform.ts'
import { RuleViolation } from '../../platform/errors.ts'
import { closePlatform, openPlatform, type Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { resumeAgreement, suspendAgreement } from '../authorizations/agreement.service.ts'
import { DEMO_USERS } from '../demo/demo-identities.ts'
import { actAs, login } from '../identity/identity.service.ts'
import { verifyAuditLog } from '../audit/audit-verify.ts'
import { organizationCodeCheckChar, usccFrom } from '../masking/identifiers.ts'
import {
  dayWindow,
  DEFAULT_DAILY_QUOTA,
  DEFAULT_RATE_PER_SECOND,
  displayPrefix,
  KEY_PATTERN,
  newConsentToken,
  newKeySecret,
  oneYearAfter,
  pricingSchema,
  secondWindow,
  tariffOf,
} from './gateway.ts'
import { gatewayRoutes } from './gateway.routes.ts'
import { listConsents, type ProductExecutor } from './gateway.service.ts'

type TestPlatform = Platform & { clock: TestClock }

/** A valid unified social credit code for an 8-character organization code. */
function uscc(org8: string): string {
  return usccFrom(`91130700${org8}${organizationCodeCheckChar(org8)}`)
}

const ENTITY = uscc('MA0A1B2C')
const OTHER_ENTITY = uscc('MA0D3E4F')

/** The product's stand-in: a score for the entity; fails or refuses on request. */
const executor: ProductExecutor = async (_platform, _product, input) => {
  if (input.parameters.fail === 'yes') throw new Error(`engine exploded reading ${input.entityId} at /var/lib/secret-path`)
  if (input.parameters.refuse === 'yes') throw new RuleViolation('art21.output-review', 'the output would single out an entity')
  return { entityId: input.entityId ?? null, score: 700, grade: 'B' }
}

/**
 * The gateway's routes on an app of their own, with the platform's one error handler: the
 * same handling as the real app's, whatever else it mounts, and the test's executor.
 */
async function gatewayApp(platform: Platform): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  app.setValidatorCompiler(() => () => true)
  app.decorateRequest('principal', null)
  installErrorHandler(app, platform)
  gatewayRoutes(app, platform, executor)
  await app.ready()
  return app
}

async function tokenOf(platform: Platform, username: string, password = `demo-${username}`): Promise<string> {
  return (await login(platform, { sourceIp: '127.0.0.1', requestId: null }, { username, password })).token
}

let codeCounter = 0

/** A listed API product of workspace fin-credit, inserted directly; its code. */
async function listedProduct(
  platform: Platform,
  options: { perEntity?: boolean; pricing?: unknown; status?: string; kind?: string } = {},
): Promise<string> {
  const { db } = platform.store
  const workspace = await db.selectFrom('workspaces').selectAll().where('id', '=', 'fin-credit').executeTakeFirstOrThrow()
  const scenario = await db.selectFrom('scenarios').select('code').where('id', '=', workspace.scenario_id).executeTakeFirstOrThrow()
  const code = `PRD-2026-${String(++codeCounter).padStart(2, '0')}${randomBytes(2).toString('hex').toUpperCase().replace(/[IO]/g, 'X')}`
  const at = chinaTime(platform.clock())
  await db
    .insertInto('products')
    .values({
      code,
      kind: options.kind ?? 'api',
      name: '中小微企业信用评分',
      description: '按统一社会信用代码返回信用评分',
      scenario_code: scenario.code,
      workspace_id: 'fin-credit',
      agreement_id: workspace.agreement_id,
      developer_org_id: workspace.developer_org_id,
      status: options.status ?? 'listed',
      spec: '{}',
      sources: '{}',
      outputs: '[]',
      per_entity: options.perEntity === false ? 0 : 1,
      pricing: JSON.stringify(options.pricing ?? { model: 'per-call', yuanPerCall: 0.5, dailyQuota: 3, ratePerSecond: 100 }),
      data_grade: 'general-2',
      checks: null,
      created_by: 'test',
      created_at: at,
      submitted_at: at,
      updated_at: at,
    })
    .execute()
  return code
}

function consentBody(productCode: string, entityId = ENTITY, overrides: Record<string, unknown> = {}) {
  return {
    productCode,
    entityId,
    evidence: { documentHash: 'ab'.repeat(32), signatory: '张三（法定代表人）', signedOn: '2026-11-20' },
    validUntil: '2027-06-30',
    ...overrides,
  }
}

async function call(
  app: FastifyInstance,
  code: string,
  headers: Record<string, string | undefined>,
  body: unknown = {},
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>
  const response = await app.inject({ method: 'POST', url: `/api/v1/gateway/products/${code}/calls`, headers: clean, payload: body as object })
  return { status: response.statusCode, body: response.json(), headers: response.headers }
}

describe('gateway: pure parts', () => {
  it('makes keys and tokens of 40 base32 characters from the CSPRNG, and shows only a prefix', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => newKeySecret()))
    assert.equal(secrets.size, 200)
    for (const secret of secrets) assert.match(secret, KEY_PATTERN)
    assert.match(newConsentToken(), /^zc_[a-z2-7]{40}$/)
    const secret = newKeySecret()
    assert.equal(displayPrefix(secret), `${secret.slice(0, 7)}…`)
  })

  it('reads pricing with defaults, and refuses what does not parse', () => {
    assert.deepEqual(tariffOf('{"model":"free"}'), { yuanPerCall: 0, dailyQuota: DEFAULT_DAILY_QUOTA, ratePerSecond: DEFAULT_RATE_PER_SECOND })
    assert.deepEqual(tariffOf('{"model":"per-call","yuanPerCall":0.5,"dailyQuota":1000,"ratePerSecond":20}'), { yuanPerCall: 0.5, dailyQuota: 1000, ratePerSecond: 20 })
    assert.equal(tariffOf('{"model":"per-call"}'), undefined)
    assert.equal(tariffOf('{"model":"free","extra":1}'), undefined)
    assert.equal(tariffOf('not json'), undefined)
    assert.equal(pricingSchema.safeParse({ model: 'per-call', yuanPerCall: -1 }).success, false)
  })

  it('counts days in China time and seconds, with the seconds left until each window ends', () => {
    const late = new Date('2026-11-27T23:59:30+08:00')
    assert.deepEqual(dayWindow(late), { period: 'd:2026-11-27', endsAt: '2026-11-28T00:00:00.000+08:00', retryAfter: 30 })
    // 16:30 UTC is already the next day in China.
    assert.equal(dayWindow(new Date('2026-11-27T16:30:00Z')).period, 'd:2026-11-28')
    assert.deepEqual(secondWindow(new Date('2026-11-27T10:00:00.250+08:00')), { period: 's:2026-11-27T10:00:00', endsAt: '2026-11-27T10:00:01.000+08:00', retryAfter: 1 })
  })

  it('limits a consent to one year, leap days included', () => {
    assert.equal(oneYearAfter('2026-11-27'), '2027-11-27')
    assert.equal(oneYearAfter('2028-02-29'), '2029-02-28')
  })
})

for (const dialect of testDialects()) {
  describe(`${dialect.name}: the API gateway`, () => {
    let platform: TestPlatform
    let app: FastifyInstance
    let as: Record<string, ReturnType<typeof api>>
    let tokens: Record<string, string>
    let product: string

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      app = await gatewayApp(platform)
      tokens = {}
      for (const user of DEMO_USERS) tokens[user.username] = await tokenOf(platform, user.username)
      as = Object.fromEntries(Object.entries(tokens).map(([name, token]) => [name, api(app, token)]))
      product = await listedProduct(platform)
    })

    async function newKey(products: readonly string[] = [product]): Promise<{ id: string; secret: string }> {
      const created = await as.bank!.post('/api/v1/gateway/keys', { name: '信贷审批系统', products })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      return { id: created.body.key.id, secret: created.body.secret }
    }

    async function newConsent(productCode: string, entityId = ENTITY, overrides: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
      const created = await as.bank!.post('/api/v1/gateway/consents', consentBody(productCode, entityId, overrides))
      assert.equal(created.status, 201, JSON.stringify(created.body))
      return { id: created.body.consent.id, token: created.body.token }
    }

    it('serves the whole path: key, consent, call, metering, audit, usage', async () => {
      const key = await newKey()
      assert.match(key.secret, KEY_PATTERN)
      const consent = await newConsent(product)
      assert.match(consent.token, /^zc_[a-z2-7]{40}$/)

      const answered = await call(app, product, { 'x-api-key': key.secret, 'x-consent-token': consent.token }, { entityId: ENTITY, parameters: { year: 2026 } })
      assert.equal(answered.status, 200, JSON.stringify(answered.body))
      assert.equal(answered.body.product, product)
      assert.deepEqual(answered.body.outputs, { entityId: ENTITY, score: 700, grade: 'B' })
      assert.match(answered.body.callId, /^gcl_[0-9a-z]{20}$/)

      const row = await platform.store.db.selectFrom('gateway_calls').selectAll().where('id', '=', answered.body.callId).executeTakeFirstOrThrow()
      assert.equal(row.key_id, key.id)
      assert.equal(row.org_id, 'org-bank')
      assert.equal(row.product_code, product)
      assert.equal(Number(row.status), 200)
      assert.equal(row.outcome, 'ok')
      assert.equal(Number(row.price_yuan), 0.5)
      assert.equal(row.consent_id, consent.id)
      assert.match(row.entity_hash!, /^[0-9a-f]{64}$/)
      assert.notEqual(row.entity_hash, ENTITY)

      const audit = await platform.store.db.selectFrom('audit_entries').selectAll().where('event_type', '=', 'gateway.call').execute()
      const entry = audit.find((e) => e.detail?.includes(answered.body.callId))
      assert.ok(entry, 'the call is audited')
      assert.equal(entry.result, 'success')
      assert.equal(entry.org_id, 'org-bank')
      assert.equal(entry.object_id, product)

      const usage = await as.bank!.get(`/api/v1/gateway/usage?from=${today(platform)}&to=${today(platform)}`)
      assert.equal(usage.status, 200, JSON.stringify(usage.body))
      const mine = usage.body.rows.find((r: { productCode: string }) => r.productCode === product)
      assert.deepEqual(mine, { date: today(platform), orgId: 'org-bank', productCode: product, calls: 1, answered: 1, refused: 0, amountYuan: 0.5 })
      assert.equal(usage.body.totals.amountYuan, 0.5)
    })

    it('shows a key’s secret once: the list holds no secret, nor its hash', async () => {
      const key = await newKey()
      for (const who of ['bank', 'operator', 'reviewer', 'regulator']) {
        const listed = await as[who]!.get('/api/v1/gateway/keys')
        assert.equal(listed.status, 200, who)
        const text = JSON.stringify(listed.body)
        assert.ok(text.includes(key.id), `${who} sees the key`)
        assert.ok(!text.includes(key.secret), `${who} sees no secret`)
        assert.ok(!text.includes(key.secret.slice(3, 20)), `${who} sees no part of the secret beyond its prefix`)
        assert.ok(!/[0-9a-f]{64}/.test(text), `${who} sees no hash`)
      }
    })

    it('rotates a key: the old secret is refused at once, the new one works', async () => {
      const product = await listedProduct(platform)
      const key = await newKey([product])
      const consent = await newConsent(product)
      const headers = (secret: string) => ({ 'x-api-key': secret, 'x-consent-token': consent.token })
      const rotated = await as.bank!.post(`/api/v1/gateway/keys/${key.id}/rotation`)
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body))
      assert.equal(rotated.body.key.id, key.id)
      assert.notEqual(rotated.body.secret, key.secret)
      const old = await call(app, product, headers(key.secret), { entityId: ENTITY })
      assert.equal(old.status, 401)
      assert.equal(old.body.error.code, 'invalid_key')
      assert.equal((await call(app, product, headers(rotated.body.secret), { entityId: ENTITY })).status, 200)
    })

    it('refuses a revoked, unknown, malformed or missing key with 401 invalid_key', async () => {
      const product = await listedProduct(platform)
      const key = await newKey([product])
      const consent = await newConsent(product)
      const revoked = await as.bank!.post(`/api/v1/gateway/keys/${key.id}/revocation`, { reason: '系统下线' })
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body))
      assert.equal(revoked.body.key.status, 'revoked')
      assert.equal((await as.bank!.post(`/api/v1/gateway/keys/${key.id}/revocation`, { reason: 'again' })).status, 409)
      assert.equal((await as.bank!.post(`/api/v1/gateway/keys/${key.id}/rotation`)).status, 403)
      for (const secret of [key.secret, newKeySecret(), 'zk_short', undefined]) {
        const refused = await call(app, product, { 'x-api-key': secret, 'x-consent-token': consent.token }, { entityId: ENTITY })
        assert.equal(refused.status, 401, String(secret))
        assert.equal(refused.body.error.code, 'invalid_key')
      }
      // A session is not a key.
      const session = await call(app, product, { ...bearer(tokens.bank!), 'x-consent-token': consent.token }, { entityId: ENTITY })
      assert.equal(session.status, 401)
    })

    it('refuses a call without the entity’s consent, or with another entity’s, product’s, revoked or expired one', async () => {
      const product = await listedProduct(platform)
      const key = await newKey([product])
      const withToken = (token: string | undefined, entityId = ENTITY) => call(app, product, { 'x-api-key': key.secret, 'x-consent-token': token }, { entityId })
      const expectConsentRequired = (response: { status: number; body: any }, why: string) => {
        assert.equal(response.status, 403, why)
        assert.equal(response.body.error.code, 'consent_required', why)
      }
      expectConsentRequired(await withToken(undefined), 'no token')
      expectConsentRequired(await withToken(newConsentToken()), 'unknown token')
      const other = await newConsent(product, OTHER_ENTITY)
      expectConsentRequired(await withToken(other.token), 'another entity’s consent')
      assert.equal((await withToken(other.token, OTHER_ENTITY)).status, 200)
      const otherProduct = await listedProduct(platform)
      const forOtherProduct = await newConsent(otherProduct)
      expectConsentRequired(await withToken(forOtherProduct.token), 'another product’s consent')

      const revocable = await newConsent(product)
      assert.equal((await withToken(revocable.token)).status, 200)
      const revoked = await as.bank!.post(`/api/v1/gateway/consents/${revocable.id}/revocation`, { reason: '企业撤回授权' })
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body))
      expectConsentRequired(await withToken(revocable.token), 'revoked consent')

      const shortLived = await newConsent(product, ENTITY, { validUntil: today(platform) })
      const before = platform.clock()
      platform.clock.set('2026-12-31T10:00:00+08:00')
      try {
        const expired = await withToken(shortLived.token)
        expectConsentRequired(expired, 'expired consent')
        assert.match(expired.body.error.message, /expired/)
        // Signed in afresh: the clock went past the bank's session.
        const listed = await listConsents(platform, await actAs(platform, 'bank', 'test'))
        const states = new Map(listed.map((c) => [c.id, c.status]))
        assert.equal(states.get(shortLived.id), 'expired', 'the list says a consent past its last day is expired')
        assert.equal(states.get(revocable.id), 'revoked')
        assert.equal(states.get(other.id), 'active')
      } finally {
        platform.clock.set(chinaTime(before))
      }

      // A per-entity product needs its entity; a call about none is bad input.
      assert.equal((await call(app, product, { 'x-api-key': key.secret, 'x-consent-token': other.token }, {})).status, 400)
      const listed = await as.bank!.get('/api/v1/gateway/consents')
      const text = JSON.stringify(listed.body)
      assert.ok(!text.includes(other.token) && !text.includes(ENTITY) && !text.includes(OTHER_ENTITY), 'no token or entity id in the list')
      assert.ok(listed.body.consents.some((c: { entity: string }) => c.entity === `${ENTITY.slice(0, 8)}**********`))
    })

    it('validates consents: the USCC, the product, the dates', async () => {
      const free = await listedProduct(platform, { perEntity: false, pricing: { model: 'free' } })
      const draft = await listedProduct(platform, { status: 'draft' })
      const cases: [string, unknown][] = [
        ['bad USCC', consentBody(product, '91350100M000100Y44')],
        ['lowercase USCC', consentBody(product, ENTITY.toLowerCase())],
        ['unknown product', consentBody('PRD-2026-ZZZZZZ')],
        ['unlisted product', consentBody(draft)],
        ['not a per-entity product', consentBody(free)],
        ['validity beyond a year', consentBody(product, ENTITY, { validUntil: oneYearAfter(oneYearAfter(today(platform))) })],
        ['already expired', consentBody(product, ENTITY, { validUntil: '2026-01-01' })],
        ['letter signed in the future', consentBody(product, ENTITY, { evidence: { documentHash: 'ab'.repeat(32), signatory: '张三', signedOn: '2027-01-01' } })],
        ['bad document hash', consentBody(product, ENTITY, { evidence: { documentHash: 'xyz', signatory: '张三', signedOn: '2026-11-20' } })],
        ['letter more than a year old', consentBody(product, ENTITY, { evidence: { documentHash: 'ab'.repeat(32), signatory: '张三', signedOn: '2025-06-30' } })],
        ['letter of year 0', consentBody(product, ENTITY, { evidence: { documentHash: 'ab'.repeat(32), signatory: '张三', signedOn: '0000-01-01' } })],
      ]
      for (const [why, body] of cases) {
        const response = await as.bank!.post('/api/v1/gateway/consents', body)
        assert.equal(response.status, 400, `${why}: ${JSON.stringify(response.body)}`)
      }
    })

    it('validates keys and calls: unknown or unlisted products, bad USCC, huge parameters', async () => {
      const product = await listedProduct(platform)
      const draft = await listedProduct(platform, { status: 'draft' })
      const dataset = await listedProduct(platform, { kind: 'dataset' })
      for (const products of [['PRD-2026-ZZZZZZ'], [draft], [dataset], ['not-a-code'], []]) {
        const response = await as.bank!.post('/api/v1/gateway/keys', { name: 'k', products })
        assert.equal(response.status, 400, `${JSON.stringify(products)}: ${JSON.stringify(response.body)}`)
      }
      const key = await newKey([product])
      const consent = await newConsent(product)
      const headers = { 'x-api-key': key.secret, 'x-consent-token': consent.token }
      assert.equal((await call(app, product, headers, { entityId: '91350100M000100Y44' })).status, 400)
      const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, i]))
      assert.equal((await call(app, product, headers, { entityId: ENTITY, parameters: many })).status, 400)
      assert.equal((await call(app, product, headers, { entityId: ENTITY, parameters: { big: 'x'.repeat(201) } })).status, 400)
      assert.equal((await call(app, product, headers, { entityId: ENTITY, parameters: { nested: { a: 1 } } })).status, 400)
      assert.equal((await call(app, product, headers, { entityId: ENTITY, extra: 1 })).status, 400)
      // An unknown product is not found; one the key does not name is not allowed.
      assert.equal((await call(app, 'PRD-2026-ZZZZZZ', headers, { entityId: ENTITY })).status, 404)
      assert.equal((await call(app, draft, headers, { entityId: ENTITY })).status, 404)
      const unnamed = await listedProduct(platform)
      const notInKey = await call(app, unnamed, headers, { entityId: ENTITY })
      assert.equal(notInKey.status, 403)
      assert.equal(notInKey.body.error.code, 'not_in_key')
      // A product about no one takes no entity.
      const free = await listedProduct(platform, { perEntity: false, pricing: { model: 'free' } })
      const freeKey = await newKey([free])
      assert.equal((await call(app, free, { 'x-api-key': freeKey.secret }, { entityId: ENTITY })).status, 400)
      const answered = await call(app, free, { 'x-api-key': freeKey.secret }, { parameters: { district: '130702' } })
      assert.equal(answered.status, 200, JSON.stringify(answered.body))
      assert.deepEqual(answered.body.outputs, { entityId: null, score: 700, grade: 'B' })
    })

    it('exhausts the daily quota across two nodes on one store, with Retry-After until China midnight', async () => {
      const code = await listedProduct(platform)
      const key = await newKey([code])
      const consent = await newConsent(code)
      const headers = { 'x-api-key': key.secret, 'x-consent-token': consent.token }
      const second = await openPlatform(platform.config, { storeConfig: platform.store.config, masterKey: platform.keys.masterKey, clock: platform.clock })
      try {
        const otherNode = await gatewayApp(second)
        assert.equal((await call(app, code, headers, { entityId: ENTITY })).status, 200)
        assert.equal((await call(otherNode, code, headers, { entityId: ENTITY })).status, 200)
        assert.equal((await call(app, code, headers, { entityId: ENTITY })).status, 200)
        for (const node of [otherNode, app]) {
          const refused = await call(node, code, headers, { entityId: ENTITY })
          assert.equal(refused.status, 429, JSON.stringify(refused.body))
          assert.equal(refused.body.error.code, 'quota_exhausted')
          assert.equal(refused.headers['retry-after'], String(dayWindow(platform.clock()).retryAfter))
          assert.ok(Number(refused.headers['retry-after']) > 1)
        }
        await otherNode.close()
      } finally {
        await closePlatform(second)
      }
      // A rotated key is the same key: rotation does not reset the quota.
      const rotated = await as.bank!.post(`/api/v1/gateway/keys/${key.id}/rotation`)
      assert.equal((await call(app, code, { ...headers, 'x-api-key': rotated.body.secret }, { entityId: ENTITY })).status, 429)
      // Nor does a new key: the quota is the consumer's.
      const another = await newKey([code])
      assert.equal((await call(app, code, { ...headers, 'x-api-key': another.secret }, { entityId: ENTITY })).status, 429)
      const before = platform.clock()
      platform.clock.set(chinaTime(new Date(dayWindow(before).endsAt)))
      try {
        assert.equal((await call(app, code, { ...headers, 'x-api-key': another.secret }, { entityId: ENTITY })).status, 200)
      } finally {
        platform.clock.set(chinaTime(before))
      }
      const usage = await as.bank!.get('/api/v1/gateway/usage')
      const rows = usage.body.rows.filter((r: { productCode: string }) => r.productCode === code)
      assert.equal(rows.reduce((n: number, r: { answered: number }) => n + r.answered, 0), 3, 'today’s answered calls; tomorrow is outside the default range')
      assert.equal(rows.reduce((n: number, r: { refused: number }) => n + r.refused, 0), 4)
      assert.equal(rows.reduce((n: number, r: { amountYuan: number }) => n + r.amountYuan, 0), 1.5, 'refused calls are not charged')
    })

    it('counts concurrent calls exactly: a quota of 3 answers 3 of 12 racing calls', async () => {
      const code = await listedProduct(platform)
      const key = await newKey([code])
      const consent = await newConsent(code)
      const headers = { 'x-api-key': key.secret, 'x-consent-token': consent.token }
      // In one process two SQLite connections would wait on each other's locks synchronously:
      // SQLite is one node's store, so its second node is a second app on the same platform.
      const second =
        dialect.name === 'postgres'
          ? await openPlatform(platform.config, { storeConfig: platform.store.config, masterKey: platform.keys.masterKey, clock: platform.clock })
          : undefined
      try {
        const nodes = [app, await gatewayApp(second ?? platform)]
        const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => call(nodes[i % 2]!, code, headers, { entityId: ENTITY })))
        const statuses = answers.map((a) => a.status).sort()
        assert.deepEqual(statuses, [200, 200, 200, ...Array(9).fill(429)])
        await nodes[1]!.close()
      } finally {
        if (second) await closePlatform(second)
      }
      const rows = await platform.store.db.selectFrom('gateway_calls').select(['status', 'price_yuan']).where('product_code', '=', code).execute()
      assert.equal(rows.length, 12, 'every call metered')
      assert.equal(rows.reduce((sum, r) => sum + Number(r.price_yuan), 0), 1.5)
    })

    it('answers exactly the quota of many racing calls, and meters and audits each of them on a chain that verifies', async () => {
      const code = await listedProduct(platform, { pricing: { model: 'per-call', yuanPerCall: 0.5, dailyQuota: 15, ratePerSecond: 1000 } })
      const key = await newKey([code])
      const consent = await newConsent(code)
      const headers = { 'x-api-key': key.secret, 'x-consent-token': consent.token }
      const burst = () => Promise.all(Array.from({ length: 10 }, () => call(app, code, headers, { entityId: ENTITY })))
      const first = await burst()
      assert.deepEqual(first.map((a) => a.status), Array(10).fill(200))
      // The second burst counts on from the first's stored counts: 5 left of the quota.
      const second = await burst()
      assert.equal(second.filter((a) => a.status === 200).length, 5, JSON.stringify(second.map((a) => a.status)))
      const answers = [...first, ...second]
      const answered = answers.filter((a) => a.status === 200)
      assert.ok(answers.every((a) => a.status === 200 || (a.status === 429 && a.body.error.code === 'quota_exhausted')))
      const rows = await platform.store.db.selectFrom('gateway_calls').select(['id', 'status']).where('product_code', '=', code).execute()
      assert.equal(rows.length, 20, 'every call metered')
      assert.deepEqual(rows.filter((r) => Number(r.status) === 200).map((r) => r.id).sort(), answered.map((a) => a.body.callId).sort())
      const entries = await platform.store.db.selectFrom('audit_entries').select(['detail', 'result']).where('event_type', '=', 'gateway.call').where('object_id', '=', code).execute()
      assert.deepEqual(entries.map((e) => JSON.parse(e.detail!).callId).sort(), rows.map((r) => r.id).sort(), 'one audit entry per call')
      assert.equal(entries.filter((e) => e.result === 'success').length, 15)
      const usage = await platform.store.db.selectFrom('gateway_usage').select('calls').where('product_code', '=', code).where('period', 'like', 'd:%').executeTakeFirstOrThrow()
      assert.equal(Number(usage.calls), 20, 'each call counted once')
      assert.equal((await verifyAuditLog(platform.store)).ok, true)
    })

    it('refuses the calls after a revocation at once, though those before it raced in together', async () => {
      const code = await listedProduct(platform, { pricing: { model: 'free' } })
      const key = await newKey([code])
      const consent = await newConsent(code)
      const headers = { 'x-api-key': key.secret, 'x-consent-token': consent.token }
      const burst = () => Promise.all(Array.from({ length: 8 }, () => call(app, code, headers, { entityId: ENTITY })))
      assert.deepEqual((await burst()).map((a) => a.status), Array(8).fill(200))
      // Racing the revocation: whatever was admitted before it commits is answered, nothing after.
      const racing = burst()
      assert.equal((await as.bank!.post(`/api/v1/gateway/keys/${key.id}/revocation`, { reason: '密钥泄露' })).status, 200)
      const raced = await racing
      assert.ok(raced.every((a) => a.status === 200 || a.status === 401), JSON.stringify(raced.map((a) => a.status)))
      const after = await burst()
      assert.deepEqual(after.map((a) => [a.status, a.body.error?.code]), Array(8).fill([401, 'invalid_key']))
      const refused = await platform.store.db.selectFrom('gateway_calls').select('id').where('product_code', '=', code).where('status', '=', 401).execute()
      assert.equal(refused.length, 8 + raced.filter((a) => a.status === 401).length, 'the refused calls are metered too')
    })

    it('does not give an answer that cannot be metered, and the calls committed beside it are answered', async () => {
      const failing = await listedProduct(platform, { pricing: { model: 'free' } })
      const fine = await listedProduct(platform, { pricing: { model: 'free' } })
      const key = await newKey([failing, fine])
      const consents = { [failing]: await newConsent(failing), [fine]: await newConsent(fine) }
      const { db } = platform.store
      // The store refuses the failing product's metering rows: a full disk, a broken constraint.
      if (dialect.name === 'postgres') {
        await sql.raw(`create function gw_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'metering refused'; end $$`).execute(db)
        await sql.raw(`create trigger gw_test_refuse before insert on gateway_calls for each row when (new.product_code = '${failing}') execute function gw_test_refuse()`).execute(db)
      } else {
        await sql.raw(`create trigger gw_test_refuse before insert on gateway_calls when new.product_code = '${failing}' begin select raise(abort, 'metering refused'); end`).execute(db)
      }
      try {
        const calling = (code: string) => call(app, code, { 'x-api-key': key.secret, 'x-consent-token': consents[code]!.token }, { entityId: ENTITY })
        const answers = await Promise.all([fine, failing, fine, failing, fine].map(calling))
        assert.deepEqual(answers.map((a) => a.status), [200, 500, 200, 500, 200])
        assert.ok(answers.filter((a) => a.status === 500).every((a) => a.body.outputs === undefined))
      } finally {
        if (dialect.name === 'postgres') {
          await sql.raw('drop trigger gw_test_refuse on gateway_calls').execute(db)
          await sql.raw('drop function gw_test_refuse()').execute(db)
        } else {
          await sql.raw('drop trigger gw_test_refuse').execute(db)
        }
      }
      const rows = await db.selectFrom('gateway_calls').select(['product_code', 'status']).where('product_code', 'in', [failing, fine]).execute()
      assert.deepEqual(rows.map((r) => [r.product_code, Number(r.status)]), [[fine, 200], [fine, 200], [fine, 200]])
      assert.equal((await verifyAuditLog(platform.store)).ok, true, 'no entry of a call whose row was refused')
      const entries = await db.selectFrom('audit_entries').select('object_id').where('event_type', '=', 'gateway.call').where('object_id', 'in', [failing, fine]).execute()
      assert.deepEqual(entries.map((e) => e.object_id), [fine, fine, fine])
    })

    it('limits the rate per second', async () => {
      const code = await listedProduct(platform, { pricing: { model: 'per-call', yuanPerCall: 0.1, ratePerSecond: 2 } })
      const key = await newKey([code])
      const consent = await newConsent(code)
      const headers = { 'x-api-key': key.secret, 'x-consent-token': consent.token }
      platform.clock.set(chinaTime(new Date(Math.ceil(platform.clock().getTime() / 1000) * 1000 + 100)))
      assert.equal((await call(app, code, headers, { entityId: ENTITY })).status, 200)
      assert.equal((await call(app, code, headers, { entityId: ENTITY })).status, 200)
      const limited = await call(app, code, headers, { entityId: ENTITY })
      assert.equal(limited.status, 429)
      assert.equal(limited.body.error.code, 'rate_limited')
      assert.equal(limited.headers['retry-after'], '1')
      platform.clock.advance(1)
      assert.equal((await call(app, code, headers, { entityId: ENTITY })).status, 200)
      const windows = await platform.store.db.selectFrom('gateway_usage').select('period').where('product_code', '=', code).where('period', 'like', 's:%').execute()
      assert.equal(windows.length, 1, 'past per-second windows are cleared')
    })

    it('answers 502 with a generic message when the product fails, and 422 on its rule refusal; neither is charged', async () => {
      const product = await listedProduct(platform)
      const key = await newKey([product])
      const consent = await newConsent(product, OTHER_ENTITY)
      const headers = { 'x-api-key': key.secret, 'x-consent-token': consent.token }
      const failed = await call(app, product, headers, { entityId: OTHER_ENTITY, parameters: { fail: 'yes' } })
      assert.equal(failed.status, 502)
      assert.equal(failed.body.error.code, 'executor_failed')
      assert.ok(!JSON.stringify(failed.body).includes('exploded') && !JSON.stringify(failed.body).includes('secret-path'))
      const refused = await call(app, product, headers, { entityId: OTHER_ENTITY, parameters: { refuse: 'yes' } })
      assert.equal(refused.status, 422)
      assert.equal(refused.body.error.rule, 'art21.output-review')
      const rows = await platform.store.db.selectFrom('gateway_calls').selectAll().where('key_id', '=', key.id).orderBy('called_at').orderBy('id').execute()
      assert.deepEqual(rows.map((r) => [Number(r.status), r.outcome, Number(r.price_yuan)]), [[502, 'executor_failed', 0], [422, 'rule_violation', 0]])
    })

    it('keeps keys, tokens and entity ids out of the metering rows and the whole audit log', async () => {
      const product = await listedProduct(platform)
      const key = await newKey([product])
      const consent = await newConsent(product)
      await call(app, product, { 'x-api-key': key.secret, 'x-consent-token': consent.token }, { entityId: ENTITY })
      await call(app, product, { 'x-api-key': key.secret }, { entityId: ENTITY })
      await call(app, product, { 'x-api-key': newKeySecret() }, { entityId: ENTITY })
      const calls = JSON.stringify(await platform.store.db.selectFrom('gateway_calls').selectAll().execute())
      const audit = JSON.stringify(await platform.store.db.selectFrom('audit_entries').selectAll().execute())
      for (const [what, text] of [['gateway_calls', calls], ['audit', audit]] as const) {
        for (const secret of [key.secret, key.secret.slice(3), consent.token, consent.token.slice(3), ENTITY, OTHER_ENTITY]) {
          assert.ok(!text.includes(secret), `${what} holds no ${secret.slice(0, 3)}…`)
        }
      }
      const statuses = await platform.store.db.selectFrom('gateway_calls').select(['status', 'outcome']).where('key_id', 'is', null).execute()
      assert.ok(statuses.some((s) => Number(s.status) === 401 && s.outcome === 'invalid_key'), 'a call with an unknown key is metered too')
      const consentRefusal = await platform.store.db.selectFrom('gateway_calls').select('outcome').where('key_id', '=', key.id).where('status', '=', 403).execute()
      assert.deepEqual(consentRefusal.map((r) => r.outcome), ['consent_required'])
    })

    it('refuses each endpoint to those it is not for', async () => {
      const key = await newKey([product])
      const consent = await newConsent(product)
      const everyone = DEMO_USERS.map((u) => u.username)
      const seers = ['bank', 'operator', 'reviewer', 'regulator']
      for (const who of everyone) {
        const creating = await as[who]!.post('/api/v1/gateway/keys', { name: 'k', products: [product] })
        const registering = await as[who]!.post('/api/v1/gateway/consents', consentBody(product))
        if (who === 'bank') {
          assert.equal(creating.status, 201)
          assert.equal(registering.status, 201)
          continue
        }
        assert.equal(creating.status, 403, `${who} creates no key`)
        assert.equal(registering.status, 403, `${who} registers no consent`)
        for (const url of ['/api/v1/gateway/keys', '/api/v1/gateway/consents', '/api/v1/gateway/usage']) {
          const listed = await as[who]!.get(url)
          assert.equal(listed.status, seers.includes(who) ? 200 : 403, `${who} GET ${url}`)
        }
        const rotation = await as[who]!.post(`/api/v1/gateway/keys/${key.id}/rotation`)
        assert.equal(rotation.status, seers.includes(who) ? 403 : 404, `${who} rotates`)
        if (!['operator', 'reviewer'].includes(who)) {
          const keyRevocation = await as[who]!.post(`/api/v1/gateway/keys/${key.id}/revocation`, { reason: 'r' })
          assert.equal(keyRevocation.status, seers.includes(who) ? 403 : 404, `${who} revokes the key`)
          const consentRevocation = await as[who]!.post(`/api/v1/gateway/consents/${consent.id}/revocation`, { reason: 'r' })
          assert.equal(consentRevocation.status, seers.includes(who) ? 403 : 404, `${who} revokes the consent`)
        }
      }
      assert.equal((await api(app).get('/api/v1/gateway/keys')).status, 401)
      // The operator may revoke a consumer's key on abuse.
      assert.equal((await as.operator!.post(`/api/v1/gateway/keys/${key.id}/revocation`, { reason: '滥用' })).status, 200)
      assert.equal((await as.reviewer!.post(`/api/v1/gateway/consents/${consent.id}/revocation`, { reason: '授权书无效' })).status, 200)
      const usage = await as.regulator!.get('/api/v1/gateway/usage')
      assert.ok(usage.body.rows.some((r: { orgId: string }) => r.orgId === 'org-bank'))
      // Another consumer sees none of the bank's, and may not touch them.
      await makeUser(platform, { username: 'insurer', kind: 'consumer' })
      const insurer = api(app, await tokenOf(platform, 'insurer', GOOD_PASSWORD))
      for (const [url, field] of [['/api/v1/gateway/keys', 'keys'], ['/api/v1/gateway/consents', 'consents'], ['/api/v1/gateway/usage', 'rows']] as const) {
        const listed = await insurer.get(url)
        assert.equal(listed.status, 200)
        assert.deepEqual(listed.body[field], [], url)
      }
      assert.equal((await insurer.post(`/api/v1/gateway/keys/${key.id}/rotation`)).status, 404)
      assert.equal((await insurer.post(`/api/v1/gateway/consents/${consent.id}/revocation`, { reason: 'r' })).status, 404)
      // The bank's key does not call with the insurer's consent, nor the reverse.
      const insurerConsent = await insurer.post('/api/v1/gateway/consents', consentBody(product))
      assert.equal(insurerConsent.status, 201)
      const fresh = await newKey([product])
      const crossed = await call(app, product, { 'x-api-key': fresh.secret, 'x-consent-token': insurerConsent.body.token }, { entityId: ENTITY })
      assert.equal(crossed.status, 403)
      assert.equal(crossed.body.error.code, 'consent_required')
    })

    it('suspends a product at once when its authorization is suspended, and serves it again on resumption', async () => {
      const code = await listedProduct(platform, { pricing: { model: 'free' } })
      const key = await newKey([code])
      const consent = await newConsent(code)
      const headers = { 'x-api-key': key.secret, 'x-consent-token': consent.token }
      assert.equal((await call(app, code, headers, { entityId: ENTITY })).status, 200)
      const office = await actAs(platform, 'office', 'test')
      const agreementId = (await platform.store.db.selectFrom('workspaces').select('agreement_id').where('id', '=', 'fin-credit').executeTakeFirstOrThrow()).agreement_id
      await suspendAgreement(platform, office, agreementId, { reason: '数据安全整改' })
      const suspended = await call(app, code, headers, { entityId: ENTITY })
      assert.equal(suspended.status, 403)
      assert.equal(suspended.body.error.code, 'product_suspended')
      assert.match(suspended.body.error.message, /suspended/)
      await resumeAgreement(platform, office, agreementId, '整改完成')
      assert.equal((await call(app, code, headers, { entityId: ENTITY })).status, 200)
      // The product's own suspension, too.
      await platform.store.db.updateTable('products').set({ status: 'suspended' }).where('code', '=', code).execute()
      const own = await call(app, code, headers, { entityId: ENTITY })
      assert.equal(own.status, 403)
      assert.equal(own.body.error.code, 'product_suspended')
    })
  })
}
