import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { testDialects } from '../../../test/dialects.ts'
import { contextOf, GOOD_PASSWORD, makeUser } from '../../../test/identities.ts'
import { testPlatform } from '../../../test/platform.ts'
import { totpCode } from '../../platform/crypto/totp.ts'
import {
  authenticate,
  beginTotpEnrollment,
  confirmTotpEnrollment,
  createApiToken,
  createUser,
  getOrganization,
  getOrganizations,
  getUser,
  login,
  logout,
  revokeApiTokenById,
  setUserRoles,
  setUserStatus,
  unlockUser,
} from './identity.service.ts'

const anonymous = { sourceIp: '10.0.0.9', requestId: null }

for (const dialect of testDialects()) {
  describe(`${dialect.name}: identity`, () => {
    it('stores passwords only as a salted slow hash', async () => {
      const platform = await testPlatform(dialect)
      await makeUser(platform, { username: 'alice' })
      await makeUser(platform, { username: 'bob' })
      const rows = await platform.store.db.selectFrom('users').select(['username', 'password_hash']).execute()
      for (const row of rows) {
        assert.ok(!row.password_hash.includes(GOOD_PASSWORD))
        assert.match(row.password_hash, /^pbkdf2-sm3\$\d+\$/)
      }
      assert.notEqual(rows[0]!.password_hash, rows[1]!.password_hash, 'same password, different salt')
    })

    it('signs in with the right password and refuses a wrong one, auditing both', async () => {
      const platform = await testPlatform(dialect)
      await makeUser(platform, { username: 'alice' })
      await assert.rejects(login(platform, anonymous, { username: 'alice', password: 'wrong' }), { code: 'bad_credentials' })
      await assert.rejects(login(platform, anonymous, { username: 'nobody', password: 'wrong' }), { code: 'bad_credentials' })
      const ok = await login(platform, anonymous, { username: 'alice', password: GOOD_PASSWORD })
      const principal = await authenticate(platform, ok.token)
      assert.equal(principal.username, 'alice')
      const logins = await platform.store.db.selectFrom('audit_entries').select(['result', 'source_ip', 'actor_username']).where('event_type', '=', 'auth.login').orderBy('seq').execute()
      assert.deepEqual(logins.map((l) => l.result), ['failure', 'failure', 'success'])
      assert.equal(logins[1]!.actor_username, 'nobody')
      assert.equal(logins[2]!.source_ip, '10.0.0.9')
    })

    it('locks an account after repeated failures, even for the right password, until unlocked', async () => {
      const platform = await testPlatform(dialect)
      await makeUser(platform, { username: 'alice' })
      await makeUser(platform, { username: 'sec', roles: ['security_admin'] })
      for (let i = 0; i < 4; i++) {
        await assert.rejects(login(platform, anonymous, { username: 'alice', password: 'wrong' }), { code: 'bad_credentials' })
      }
      await assert.rejects(login(platform, anonymous, { username: 'alice', password: 'wrong' }), { code: 'account_locked' })
      await assert.rejects(login(platform, anonymous, { username: 'alice', password: GOOD_PASSWORD }), { code: 'account_locked' })
      const sec = await contextOf(platform, 'sec')
      const alice = await platform.store.db.selectFrom('users').select('id').where('username', '=', 'alice').executeTakeFirstOrThrow()
      await unlockUser(platform, sec, alice.id)
      await login(platform, anonymous, { username: 'alice', password: GOOD_PASSWORD })
    })

    it('lifts a lock when the lockout period has passed', async () => {
      const platform = await testPlatform(dialect)
      await makeUser(platform, { username: 'alice' })
      for (let i = 0; i < 5; i++) await login(platform, anonymous, { username: 'alice', password: 'wrong' }).catch(() => {})
      await assert.rejects(login(platform, anonymous, { username: 'alice', password: GOOD_PASSWORD }), { code: 'account_locked' })
      platform.clock.advance(15 * 60 + 1)
      await login(platform, anonymous, { username: 'alice', password: GOOD_PASSWORD })
    })

    it('ends sessions at expiry and at logout', async () => {
      const platform = await testPlatform(dialect)
      await makeUser(platform, { username: 'alice' })
      const first = await login(platform, anonymous, { username: 'alice', password: GOOD_PASSWORD })
      platform.clock.advance(8 * 3600 + 1)
      await assert.rejects(authenticate(platform, first.token), { code: 'token_expired' })
      const second = await login(platform, anonymous, { username: 'alice', password: GOOD_PASSWORD })
      const principal = await authenticate(platform, second.token)
      await logout(platform, { ...anonymous, principal })
      await assert.rejects(authenticate(platform, second.token), { code: 'session_revoked' })
    })

    it('rejects a token with a forged payload or signature', async () => {
      const platform = await testPlatform(dialect)
      await makeUser(platform, { username: 'alice' })
      const { token } = await login(platform, anonymous, { username: 'alice', password: GOOD_PASSWORD })
      const [v, payload, mac] = token.split('.')
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
      const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86400 * 365 })).toString('base64url')
      await assert.rejects(authenticate(platform, `${v}.${forged}.${mac}`), { code: 'invalid_token' })
      await assert.rejects(authenticate(platform, `${v}.${payload}.${mac!.slice(0, -2)}AA`), { code: 'invalid_token' })
      await assert.rejects(authenticate(platform, 'not-a-token'), { code: 'invalid_token' })
    })

    it('keeps the three administrator roles apart (三员分立), in the service and in the database', async () => {
      const platform = await testPlatform(dialect)
      await assert.rejects(makeUser(platform, { username: 'root', roles: ['system_admin', 'audit_admin'] }), { rule: 'mlps.separation-of-duties' })
      await makeUser(platform, { username: 'sec', roles: ['security_admin'] })
      const { userId } = await makeUser(platform, { username: 'sys', roles: ['system_admin'] })
      const sec = await contextOf(platform, 'sec')
      await assert.rejects(setUserRoles(platform, sec, userId, ['system_admin', 'security_admin']), { rule: 'mlps.separation-of-duties' })
      await assert.rejects(setUserRoles(platform, sec, sec.principal.userId, ['security_admin', 'member']), { code: 'not_allowed' })
      await assert.rejects(
        platform.store.db.insertInto('user_roles').values({ user_id: userId, role: 'audit_admin' }).execute(),
        /separation of duties/,
      )
      await assert.rejects(sql`insert into user_roles (user_id, role) values (${userId}, 'security_admin')`.execute(platform.store.db), /separation of duties/)
    })

    it('lets only the security administrator grant roles, and ends the sessions of the changed user', async () => {
      const platform = await testPlatform(dialect)
      await makeUser(platform, { username: 'sec', roles: ['security_admin'] })
      await makeUser(platform, { username: 'sys', roles: ['system_admin'] })
      const { userId } = await makeUser(platform, { username: 'carol' })
      const sys = await contextOf(platform, 'sys')
      await assert.rejects(setUserRoles(platform, sys, userId, ['audit_admin']), { name: 'NotAllowedError' })
      const carol = await contextOf(platform, 'carol')
      const sec = await contextOf(platform, 'sec')
      const changed = await setUserRoles(platform, sec, userId, ['audit_admin'])
      assert.deepEqual(changed.roles, ['audit_admin'])
      const token = await login(platform, anonymous, { username: 'carol', password: GOOD_PASSWORD })
      assert.deepEqual((await authenticate(platform, token.token)).roles, ['audit_admin'])
      assert.ok(carol.principal.sessionId)
    })

    it('refuses administrator roles at account creation through the API path', async () => {
      const platform = await testPlatform(dialect)
      const { orgId } = await makeUser(platform, { username: 'sys', roles: ['system_admin'] })
      const sys = await contextOf(platform, 'sys')
      await assert.rejects(
        createUser(platform, sys, { orgId, username: 'eve', displayName: 'eve', password: GOOD_PASSWORD, roles: ['security_admin'] }),
        { name: 'NotAllowedError' },
      )
      await assert.rejects(
        createUser(platform, sys, { orgId, username: 'eve', displayName: 'eve', password: 'short', roles: ['member'] }),
        { name: 'InputError' },
      )
    })

    it('lists every organization to the office, the bureau and the operator, but not their accounts', async () => {
      const platform = await testPlatform(dialect)
      const office = await makeUser(platform, { username: 'office-clerk', kind: 'office' })
      const developer = await makeUser(platform, { username: 'dev-analyst', kind: 'developer' })
      const { userId: analystId } = developer
      const clerk = await contextOf(platform, 'office-clerk')
      const analyst = await contextOf(platform, 'dev-analyst')
      const seen = (await getOrganizations(platform, clerk)).map((o) => o.id)
      assert.ok(seen.includes(office.orgId) && seen.includes(developer.orgId), 'the office sees the developer in the directory')
      assert.equal((await getOrganization(platform, clerk, developer.orgId)).id, developer.orgId)
      await assert.rejects(getUser(platform, clerk, analystId), { name: 'NotFoundError' }, 'but not its accounts')
      assert.deepEqual((await getOrganizations(platform, analyst)).map((o) => o.id), [developer.orgId], 'a developer sees its own')
      await assert.rejects(getOrganization(platform, analyst, office.orgId), { name: 'NotFoundError' })
    })

    it('hides another organization\'s user from a member (404, not 403)', async () => {
      const platform = await testPlatform(dialect)
      await makeUser(platform, { username: 'alice' })
      const { userId } = await makeUser(platform, { username: 'bob' })
      const alice = await contextOf(platform, 'alice')
      await assert.rejects(getUser(platform, alice, userId), { name: 'NotFoundError' })
    })

    it('requires a second factor for privileged roles once enforced: enrollment first, then codes', async () => {
      const platform = await testPlatform(dialect, { env: { SHUYU_REQUIRE_TOTP: '1' } })
      await makeUser(platform, { username: 'rev', kind: 'operator', roles: ['reviewer'] })
      const first = await login(platform, anonymous, { username: 'rev', password: GOOD_PASSWORD })
      assert.equal(first.scope, 'enroll-totp')
      const ctx = { ...anonymous, principal: await authenticate(platform, first.token) }
      const { secret } = await beginTotpEnrollment(platform, ctx)
      await assert.rejects(confirmTotpEnrollment(platform, ctx, '000000'.replace(/./g, (d, i) => String((Number(totpCode(secret, platform.clock().getTime())[i]) + 1) % 10))), { name: 'InputError' })
      await confirmTotpEnrollment(platform, ctx, totpCode(secret, platform.clock().getTime()))
      await assert.rejects(authenticate(platform, first.token), { code: 'session_revoked' })
      await assert.rejects(login(platform, anonymous, { username: 'rev', password: GOOD_PASSWORD }), { code: 'totp_required' })
      // The code used to confirm cannot be replayed; the next period's code works.
      await assert.rejects(login(platform, anonymous, { username: 'rev', password: GOOD_PASSWORD, totp: totpCode(secret, platform.clock().getTime()) }), { code: 'bad_totp' })
      platform.clock.advance(30)
      const full = await login(platform, anonymous, { username: 'rev', password: GOOD_PASSWORD, totp: totpCode(secret, platform.clock().getTime()) })
      assert.equal(full.scope, 'full')
      const stored = await platform.store.db.selectFrom('users').select('totp_secret').where('username', '=', 'rev').executeTakeFirstOrThrow()
      assert.ok(stored.totp_secret && !stored.totp_secret.includes(secret), 'the TOTP secret is sealed at rest')
    })

    it('authenticates machines with API tokens, stored only as an HMAC, until revoked', async () => {
      const platform = await testPlatform(dialect)
      await makeUser(platform, { username: 'alice' })
      const alice = await contextOf(platform, 'alice')
      const { token, info } = await createApiToken(platform, alice, { name: 'etl' })
      const machine = await authenticate(platform, token)
      assert.equal(machine.username, 'alice')
      assert.equal(machine.apiTokenId, info.id)
      const row = await platform.store.db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow()
      assert.ok(!token.includes(row.secret_hash) && !row.secret_hash.includes(token.slice(-43)))
      await assert.rejects(authenticate(platform, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')), { code: 'invalid_token' })
      await assert.rejects(createApiToken(platform, { ...anonymous, principal: machine }, { name: 'again' }), { name: 'NotAllowedError' })
      await revokeApiTokenById(platform, alice, info.id)
      await assert.rejects(authenticate(platform, token), { code: 'token_revoked' })
    })

    it('refuses a disabled account at once, sessions included', async () => {
      const platform = await testPlatform(dialect)
      await makeUser(platform, { username: 'sys', roles: ['system_admin'] })
      const { userId } = await makeUser(platform, { username: 'alice' })
      const { token } = await login(platform, anonymous, { username: 'alice', password: GOOD_PASSWORD })
      await setUserStatus(platform, await contextOf(platform, 'sys'), userId, 'disabled')
      await assert.rejects(authenticate(platform, token))
      await assert.rejects(login(platform, anonymous, { username: 'alice', password: GOOD_PASSWORD }), { code: 'disabled' })
    })
  })
}
