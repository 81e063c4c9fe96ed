import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { testDialects } from '../../test/dialects.ts'
import { bearer, loginAs, testApp, testPlatform } from '../../test/platform.ts'
import { DEMO_USERS, seedDemoIdentities } from '../modules/demo/demo-identities.ts'

for (const dialect of testDialects()) {
  describe(`${dialect.name}: HTTP API`, () => {
    it('answers /healthz with the store and the policy pack\'s validity warning', async () => {
      const platform = await testPlatform(dialect)
      const app = await testApp(platform)
      const response = await app.inject({ method: 'GET', url: '/healthz' })
      assert.equal(response.statusCode, 200)
      const body = response.json()
      assert.equal(body.status, 'ok')
      assert.equal(body.policyPack.id, 'zhangjiakou-2025')
      assert.equal(body.policyPack.status, 'expiring')
      assert.equal(body.policyPack.daysRemaining, 124)
      assert.match(body.warnings[0], /2027-03-31/)
    })

    it('lets every demo user sign in and see who they are', async () => {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      const again = await seedDemoIdentities(platform)
      assert.deepEqual(again, { organizations: 0, users: 0 }, 'seeding twice changes nothing')
      const app = await testApp(platform)
      for (const user of DEMO_USERS) {
        const token = await loginAs(app, user.username)
        const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })
        assert.equal(me.statusCode, 200, user.username)
        assert.equal(me.json().user.username, user.username)
        assert.equal(me.json().organization.id, user.orgId)
      }
    })

    it('answers 401 to a wrong password, an expired token and a missing token; 404 to another org\'s object', async () => {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      const app = await testApp(platform)
      const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'fintech', password: 'nope' } })
      assert.equal(wrong.statusCode, 401)
      assert.equal(wrong.json().error.code, 'bad_credentials')

      const token = await loginAs(app, 'fintech')
      platform.clock.advance(8 * 3600 + 5)
      const expired = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })
      assert.equal(expired.statusCode, 401)
      assert.equal(expired.json().error.code, 'token_expired')

      const missing = await app.inject({ method: 'GET', url: '/api/v1/me' })
      assert.equal(missing.statusCode, 401)
      assert.equal(missing.headers['www-authenticate'], 'Bearer')

      const garbage = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Basic Zm9vOmJhcg==' } })
      assert.equal(garbage.statusCode, 401)

      const fresh = await loginAs(app, 'fintech')
      const others = await platform.store.db.selectFrom('users').select('id').where('username', '=', 'skitour').executeTakeFirstOrThrow()
      const foreign = await app.inject({ method: 'GET', url: `/api/v1/users/${others.id}`, headers: bearer(fresh) })
      assert.equal(foreign.statusCode, 404)
      const foreignOrg = await app.inject({ method: 'GET', url: '/api/v1/organizations/org-skitour', headers: bearer(fresh) })
      assert.equal(foreignOrg.statusCode, 404)
      const ownOrg = await app.inject({ method: 'GET', url: '/api/v1/organizations/org-fintech', headers: bearer(fresh) })
      assert.equal(ownOrg.statusCode, 200)
    })

    it('answers malformed JSON with 400 and an oversized body with 413, changing nothing', async () => {
      const platform = await testPlatform(dialect, { env: { SHUYU_BODY_LIMIT_BYTES: '4096' } })
      await seedDemoIdentities(platform)
      const app = await testApp(platform)
      const before = await platform.store.db.selectFrom('audit_entries').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()
      const malformed = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": "fintech", "password": ',
      })
      assert.equal(malformed.statusCode, 400)
      assert.equal(malformed.json().error.code, 'malformed_json')
      assert.match(malformed.json().error.message, /not valid JSON/)

      const huge = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'fintech', password: 'x'.repeat(10_000) }),
      })
      assert.equal(huge.statusCode, 413)
      assert.equal(huge.json().error.code, 'body_too_large')

      const wrongType = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 42, password: ['x'] } })
      assert.equal(wrongType.statusCode, 400)
      assert.deepEqual(wrongType.json().error.issues.map((i: { path: string }) => i.path), ['body.username', 'body.password'])

      const extra = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a', password: 'b', admin: true } })
      assert.equal(extra.statusCode, 400)

      const nul = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'fin\u0000tech', password: 'x' } })
      assert.equal(nul.statusCode, 400)
      assert.match(nul.json().error.message, /NUL/)

      // Odd but storable text is refused as a wrong login, never a 500.
      for (const username of ['\uD800', '😀'.repeat(16), "x' OR '1'='1", '../../etc/passwd']) {
        const odd = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'x' } })
        assert.equal(odd.statusCode, 401, username)
      }

      const after = await platform.store.db.selectFrom('audit_entries').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()
      assert.equal(Number(after.seq), Number(before.seq) + 4, 'only the four refused sign-ins were recorded')
    })

    it('refuses a rule violation with 422, naming the rule and where it comes from', async () => {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      const app = await testApp(platform)
      const token = await loginAs(app, 'secadmin')
      const target = await platform.store.db.selectFrom('users').select('id').where('username', '=', 'bureau').executeTakeFirstOrThrow()
      const response = await app.inject({
        method: 'PUT',
        url: `/api/v1/users/${target.id}/roles`,
        headers: bearer(token),
        payload: { roles: ['system_admin', 'audit_admin'] },
      })
      assert.equal(response.statusCode, 422)
      const { error } = response.json()
      assert.equal(error.code, 'rule_violation')
      assert.equal(error.rule, 'mlps.separation-of-duties')
      assert.match(error.article, /GB\/T 22239/)

      const reviewer = await app.inject({
        method: 'PUT',
        url: `/api/v1/users/${target.id}/roles`,
        headers: bearer(token),
        payload: { roles: ['reviewer'] },
      })
      assert.equal(reviewer.statusCode, 422)
      assert.equal(reviewer.json().error.rule, 'art25.operator-reviews-products')
      assert.match(reviewer.json().error.article, /第二十五条/)
    })

    it('answers an unknown route and a bad id with a JSON error, never a 500', async () => {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      const app = await testApp(platform)
      const token = await loginAs(app, 'sysadmin')
      const unknown = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' })
      assert.equal(unknown.statusCode, 404)
      assert.equal(unknown.json().error.code, 'not_found')
      for (const id of ['..%2F..%2Fetc%2Fpasswd', "1'%20or%20'1'%3D'1", '%F0%9F%92%A9', 'x'.repeat(65)]) {
        const response = await app.inject({ method: 'GET', url: `/api/v1/users/${id}`, headers: bearer(token) })
        assert.equal(response.statusCode, 400, id)
      }
      const missingUser = await app.inject({ method: 'GET', url: '/api/v1/users/usr_00000000000000000000', headers: bearer(token) })
      assert.equal(missingUser.statusCode, 404)
    })

    it('limits the rate of sign-in attempts', async () => {
      const platform = await testPlatform(dialect, { env: { SHUYU_LOGIN_RATE_LIMIT: '3' } })
      const app = await testApp(platform)
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) {
        const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x', password: 'y' } })
        statuses.push(response.statusCode)
      }
      assert.deepEqual(statuses, [401, 401, 401, 429, 429])
    })

    it('publishes the OpenAPI document and its reference page', async () => {
      const platform = await testPlatform(dialect)
      const app = await testApp(platform)
      const doc = await app.inject({ method: 'GET', url: '/api/openapi.json' })
      assert.equal(doc.statusCode, 200)
      const paths = doc.json().paths as Record<string, unknown>
      for (const path of ['/api/v1/auth/login', '/api/v1/me', '/api/v1/users', '/api/v1/audit/entries', '/healthz']) {
        assert.ok(paths[path], `missing ${path}`)
      }
      const page = await app.inject({ method: 'GET', url: '/api/docs/' })
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /swagger/i)
    })

    it('lets the audit administrator search and export the audit log, as CSV and JSON', async () => {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      const app = await testApp(platform)
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'fintech', password: 'wrong' } })
      const token = await loginAs(app, 'auditadmin')
      const search = await app.inject({ method: 'GET', url: '/api/v1/audit/entries?eventType=auth.login&result=failure', headers: bearer(token) })
      assert.equal(search.statusCode, 200)
      const entries = search.json().entries
      assert.equal(entries.length, 1)
      assert.equal(entries[0].actorUsername, 'fintech')
      assert.match(entries[0].occurredAt, /\+08:00$/)

      const csv = await app.inject({ method: 'GET', url: '/api/v1/audit/export?format=csv&eventType=auth.*', headers: bearer(token) })
      assert.equal(csv.statusCode, 200)
      assert.match(csv.headers['content-type'] as string, /text\/csv/)
      const lines = csv.body.trim().split('\r\n')
      assert.deepEqual([...csv.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for spreadsheet programs')
      assert.match(lines[0]!, /seq,occurredAt/)
      assert.ok(lines.length >= 3)

      const json = await app.inject({ method: 'GET', url: '/api/v1/audit/export?format=json&actor=fintech', headers: bearer(token) })
      assert.ok(Array.isArray(json.json()))

      const verify = await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: bearer(token) })
      assert.equal(verify.json().ok, true)

      const bad = await app.inject({ method: 'GET', url: '/api/v1/audit/entries?from=yesterday', headers: bearer(token) })
      assert.equal(bad.statusCode, 400)
    })

    it('never puts a secret in a response or the audit log', async () => {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      const app = await testApp(platform)
      const token = await loginAs(app, 'fintech')
      const created = await app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: bearer(token), payload: { name: 'etl' } })
      assert.equal(created.statusCode, 201)
      const apiToken = created.json().token as string
      const listed = await app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: bearer(token) })
      assert.ok(!listed.body.includes(apiToken.slice(-43)))
      const users = await app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(token) })
      assert.ok(!users.body.includes('pbkdf2'))
      const log = await platform.store.db.selectFrom('audit_entries').selectAll().execute()
      const text = JSON.stringify(log)
      assert.ok(!text.includes('demo-fintech'))
      assert.ok(!text.includes(apiToken.slice(-43)))
      assert.ok(!text.includes(token.split('.')[2]!))
    })
  })
}
