import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { testDialects } from '../../../test/dialects.ts'
import { cryptoSuite } from '../crypto/suite.ts'
import { createDataKey, destroyDataKey, openDataKey, openSecret, platformSigningKey, sealSecret } from './keys.ts'

const now = '2026-11-27T10:00:00.000+08:00'

for (const dialect of testDialects()) {
  for (const suiteName of ['gm', 'intl'] as const) {
    describe(`${dialect.name}: keys (${suiteName})`, () => {
      const ring = { suite: cryptoSuite(suiteName), masterKey: randomBytes(32) }

      it('wraps data keys with the master key and opens them again', async () => {
        const store = await dialect.freshStore()
        const { id, key } = await createDataKey(store.db, ring, { purpose: 'workspace', ownerType: 'workspace', ownerId: 'fin-credit' }, now)
        const row = await store.db.selectFrom('data_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
        assert.ok(!Buffer.from(row.wrapped_key!, 'base64').includes(key), 'never stored in clear')
        assert.deepEqual(await openDataKey(store.db, ring, id), key)
        await assert.rejects(openDataKey(store.db, { ...ring, masterKey: randomBytes(32) }, id))
      })

      it('destroys a data key for good: what it sealed can no longer be opened', async () => {
        const store = await dialect.freshStore()
        const { id, key } = await createDataKey(store.db, ring, { purpose: 'workspace', ownerType: 'workspace', ownerId: 'w1' }, now)
        const sealed = ring.suite.encrypt(key, Buffer.from('intermediate result'))
        await destroyDataKey(store.db, id, 'usr_test', now)
        await assert.rejects(openDataKey(store.db, ring, id), { name: 'ConflictError' })
        await assert.rejects(destroyDataKey(store.db, id, 'usr_test', now), { name: 'ConflictError' })
        const row = await store.db.selectFrom('data_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
        assert.equal(row.wrapped_key, null)
        assert.ok(sealed.length > 0)
      })

      it('creates one platform signing key per purpose and reuses it', async () => {
        const store = await dialect.freshStore()
        const first = await platformSigningKey(store.db, ring, 'audit-checkpoint', now)
        const second = await platformSigningKey(store.db, ring, 'audit-checkpoint', now)
        assert.equal(first.id, second.id)
        const signature = ring.suite.sign(first.privateKey, 'message')
        assert.equal(ring.suite.verify(first.publicKey, 'message', signature), true)
      })

      it('seals small secrets bound to their owner', () => {
        const sealed = sealSecret(ring, 'totp-secret', 'JBSWY3DPEHPK3PXP', 'usr_a')
        assert.equal(openSecret(ring, 'totp-secret', sealed, 'usr_a'), 'JBSWY3DPEHPK3PXP')
        assert.throws(() => openSecret(ring, 'totp-secret', sealed, 'usr_b'))
      })
    })
  }
}
