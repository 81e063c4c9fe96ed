import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql, type Kysely } from 'kysely'
import { testDialects } from '../../../test/dialects.ts'
import { testClock, testPlatform } from '../../../test/platform.ts'
import { cryptoSuite } from '../../platform/crypto/suite.ts'
import type { Database } from '../../platform/db/database.ts'
import type { StoreDialect } from '../../platform/db/store.ts'
import type { Platform } from '../../platform/platform.ts'
import { appendAuditGroupsSqlite, appendAuditSqlite } from './audit-sqlite.ts'
import { auditChainSuite, chainEntries, entryHash, SYSTEM_ACTOR, type AuditEvent } from './audit.ts'
import { verifyAuditLog } from './audit-verify.ts'
import { appendAudit, createCheckpoint, purgeAuditBefore, recordAudit } from './audit.service.ts'

const event = (i: number): AuditEvent => ({
  eventType: 'test.event',
  objectType: 'thing',
  objectId: `thing-${i}`,
  action: 'touch',
  result: 'success',
  detail: { i },
})

async function appendMany(platform: Platform, count: number, batch = 1000): Promise<void> {
  for (let done = 0; done < count; done += batch) {
    const events = Array.from({ length: Math.min(batch, count - done) }, (_, k) => event(done + k))
    await recordAudit(platform, SYSTEM_ACTOR, events)
  }
}

/** What an intruder with direct database access does first: switch the guard off. */
async function dropGuards(db: Kysely<Database>, dialect: StoreDialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`drop trigger audit_entries_no_update`.execute(db)
    await sql`drop trigger audit_entries_retention`.execute(db)
  } else {
    await sql`drop trigger audit_entries_guard on audit_entries`.execute(db)
  }
}

describe('audit entries', () => {
  it('piece together the very preimage entryPreimage writes, whatever their text holds', () => {
    const suite = cryptoSuite('gm')
    const actor = { ...SYSTEM_ACTOR, userId: 'u"1\\', username: 'bad\uD800name', sourceIp: '\u2028', requestId: 'req\n1' }
    const entries = [...chainEntries(suite, { seq: 41, hash: 'a'.repeat(64) }, '2026-11-27T10:00:00.000+08:00', actor, [
      event(1),
      { eventType: 'test.event', action: 'touch', result: 'refused', reason: 'quote " tab \t 😀 中文', detail: { lone: '\uDC00' } },
      { eventType: 'test.event', objectId: '\u0000', action: 'touch', result: 'failure' },
    ])]
    assert.deepEqual(entries.map((e) => e.seq), [42, 43, 44])
    assert.equal(entries[0]!.prev_hash, 'a'.repeat(64))
    for (const [i, e] of entries.entries()) {
      assert.equal(e.hash, entryHash(suite, e))
      if (i > 0) assert.equal(e.prev_hash, entries[i - 1]!.hash)
    }
  })
})

for (const dialect of testDialects()) {
  describe(`${dialect.name}: audit log`, () => {
    it('chains entries, numbered without gaps, and an untouched log verifies', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 25, 10)
      const rows = await platform.store.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute()
      assert.deepEqual(rows.map((r) => Number(r.seq)), Array.from({ length: 25 }, (_, i) => i + 1))
      assert.equal(rows[0]!.prev_hash, '0'.repeat(64))
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash)
      assert.match(rows[0]!.occurred_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/)
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.ok, true)
      assert.equal(report.entries, 25)
      assert.equal(report.suite, 'gm')
    })

    it('appends the groups of a group commit as if each had been appended alone, each with its own time and actor', async (t) => {
      if (dialect.name !== 'sqlite') return t.skip('a group commit is SQLite’s (audit-sqlite.ts)')
      const grouped = await testPlatform(dialect)
      const alone = await testPlatform(dialect)
      const groups = [
        { occurredAt: '2026-11-27T10:00:00.000+08:00', actor: { ...SYSTEM_ACTOR, username: 'gateway-key:gk_1', requestId: 'req-1' }, events: [event(1)] },
        { occurredAt: '2026-11-27T10:00:00.001+08:00', actor: { ...SYSTEM_ACTOR, username: 'gateway-key:gk_2', sourceIp: '10.0.0.2' }, events: [event(2), event(3)] },
        { occurredAt: '2026-11-27T10:00:00.002+08:00', actor: SYSTEM_ACTOR, events: [] },
        { occurredAt: '2026-11-27T10:00:00.003+08:00', actor: { ...SYSTEM_ACTOR, requestId: 'req-4' }, events: [event(4)] },
      ]
      const suiteOf = (recorded: string) => auditChainSuite(recorded, grouped.keys.suite)
      const sqliteOf = (p: Platform) => p.store.sqlite!
      await appendMany(grouped, 3)
      await appendMany(alone, 3)
      sqliteOf(grouped).transaction(() => appendAuditGroupsSqlite(sqliteOf(grouped), suiteOf, groups)).immediate()
      for (const g of groups) {
        sqliteOf(alone).transaction(() => appendAuditSqlite(sqliteOf(alone), suiteOf, g.occurredAt, g.actor, g.events)).immediate()
      }
      const entries = async (p: Platform) => p.store.db.selectFrom('audit_entries').selectAll().where('seq', '>', 3).orderBy('seq').execute()
      const [one, other] = [await entries(grouped), await entries(alone)]
      assert.deepEqual(one.map((e) => [Number(e.seq), e.occurred_at, e.actor_username, e.object_id]), [
        [4, groups[0]!.occurredAt, 'gateway-key:gk_1', 'thing-1'],
        [5, groups[1]!.occurredAt, 'gateway-key:gk_2', 'thing-2'],
        [6, groups[1]!.occurredAt, 'gateway-key:gk_2', 'thing-3'],
        [7, groups[3]!.occurredAt, 'system', 'thing-4'],
      ])
      // Both logs began with the same three entries at the same instants, so the chains match.
      assert.deepEqual(one.map((e) => e.hash), other.map((e) => e.hash))
      assert.equal((await verifyAuditLog(grouped.store)).ok, true)
      assert.throws(() => appendAuditGroupsSqlite(sqliteOf(grouped), suiteOf, groups), /inside the transaction/)
    })

    it('writes the entry in the mutation\'s transaction: a rollback leaves neither', async () => {
      const platform = await testPlatform(dialect)
      await assert.rejects(
        platform.store.db.transaction().execute(async (trx) => {
          await appendAudit(trx, platform, SYSTEM_ACTOR, event(1))
          throw new Error('the mutation failed')
        }),
        /the mutation failed/,
      )
      const count = await platform.store.db.selectFrom('audit_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
      assert.equal(Number(count.n), 0)
      assert.equal((await verifyAuditLog(platform.store)).ok, true)
    })

    it('keeps verifying entries whose text held lone surrogates or control characters', async () => {
      const platform = await testPlatform(dialect)
      await recordAudit(platform, { ...SYSTEM_ACTOR, username: 'bad\uD800name', sourceIp: '\u2028' }, {
        eventType: 'test.event',
        objectId: '\uDC00x\u0000y',
        action: 'touch',
        result: 'refused',
        reason: 'quote " backslash \\ tab \t emoji 😀 中文',
        detail: { lone: '\uD83D', nested: { v: [1, null, 'é'] } },
      })
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.ok, true, report.firstBreak?.message)
    })

    it('numbers concurrent appends without gaps or duplicates', async () => {
      const platform = await testPlatform(dialect)
      await Promise.all(Array.from({ length: 40 }, (_, i) => recordAudit(platform, SYSTEM_ACTOR, event(i))))
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.ok, true)
      assert.equal(report.headSeq, 40)
    })

    it('names an entry whose content was changed in the database', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 30, 30)
      await dropGuards(platform.store.db, platform.store.dialect)
      await platform.store.db.updateTable('audit_entries').set({ result: 'failure' }).where('seq', '=', 17).execute()
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.ok, false)
      assert.equal(report.firstBreak?.seq, 17)
      assert.equal(report.firstBreak?.kind, 'altered')
    })

    it('names an altered entry even when its hash was recomputed', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 30, 30)
      await dropGuards(platform.store.db, platform.store.dialect)
      const row = await platform.store.db.selectFrom('audit_entries').selectAll().where('seq', '=', 9).executeTakeFirstOrThrow()
      const forged = { ...row, seq: Number(row.seq), actor_username: 'someone-else' }
      await platform.store.db
        .updateTable('audit_entries')
        .set({ actor_username: forged.actor_username, hash: entryHash(platform.keys.suite, forged) })
        .where('seq', '=', 9)
        .execute()
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.firstBreak?.seq, 9)
    })

    it('names an entry whose stored hash was replaced, even by one hiding an entry of its own', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 30, 30)
      await dropGuards(platform.store.db, platform.store.dialect)
      const { db } = platform.store
      const row = await db.selectFrom('audit_entries').select('hash').where('seq', '=', 11).executeTakeFirstOrThrow()
      await db.updateTable('audit_entries').set({ hash: `${row.hash}\n[12,"forged"]\n"${row.hash}"` }).where('seq', '=', 11).execute()
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.firstBreak?.seq, 11)
      assert.equal(report.firstBreak?.kind, 'altered')
    })

    it('names a removed entry', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 30, 30)
      await dropGuards(platform.store.db, platform.store.dialect)
      await platform.store.db.deleteFrom('audit_entries').where('seq', '=', 12).execute()
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.firstBreak?.seq, 12)
      assert.equal(report.firstBreak?.kind, 'missing')
    })

    it('notices entries removed from the end', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 30, 30)
      await dropGuards(platform.store.db, platform.store.dialect)
      await platform.store.db.deleteFrom('audit_entries').where('seq', '>', 27).execute()
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.firstBreak?.seq, 28)
    })

    it('names the first of two reordered entries', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 30, 30)
      await dropGuards(platform.store.db, platform.store.dialect)
      const { db } = platform.store
      const a = await db.selectFrom('audit_entries').selectAll().where('seq', '=', 20).executeTakeFirstOrThrow()
      const b = await db.selectFrom('audit_entries').selectAll().where('seq', '=', 21).executeTakeFirstOrThrow()
      const { seq: _a, ...aFields } = a
      const { seq: _b, ...bFields } = b
      await db.updateTable('audit_entries').set(bFields).where('seq', '=', 20).execute()
      await db.updateTable('audit_entries').set(aFields).where('seq', '=', 21).execute()
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.firstBreak?.seq, 20)
    })

    it('signs checkpoints, and a rewritten tail no longer matches them', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 20, 20)
      const checkpoint = await createCheckpoint(platform)
      assert.equal(checkpoint?.seq, 20)
      assert.equal(await createCheckpoint(platform), undefined, 'nothing new, no new checkpoint')
      assert.equal((await verifyAuditLog(platform.store)).checkpoints, 1)

      // Rewrite entries 15..20 consistently, head included: only the signed checkpoint tells.
      await dropGuards(platform.store.db, platform.store.dialect)
      const { db } = platform.store
      let prev = (await db.selectFrom('audit_entries').select('hash').where('seq', '=', 14).executeTakeFirstOrThrow()).hash
      for (let seq = 15; seq <= 20; seq++) {
        const row = await db.selectFrom('audit_entries').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow()
        const fields = { ...row, seq, prev_hash: prev, reason: 'rewritten' }
        const hash = entryHash(platform.keys.suite, fields)
        await db.updateTable('audit_entries').set({ prev_hash: prev, reason: 'rewritten', hash }).where('seq', '=', seq).execute()
        prev = hash
      }
      await db.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute()
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.ok, false)
      assert.equal(report.firstBreak?.kind, 'checkpoint')
      assert.equal(report.firstBreak?.seq, 20)
    })

    it('refuses a forged checkpoint signature', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 5, 5)
      await createCheckpoint(platform)
      await platform.store.db.updateTable('audit_checkpoints').set({ created_at: '2020-01-01T00:00:00.000+08:00' }).execute()
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.firstBreak?.kind, 'checkpoint')
    })

    it('verifies in parallel workers and still names the broken entry', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 12_000, 2000)
      const options = { workers: 2, minEntriesPerWorker: 1000 }
      const clean = await verifyAuditLog(platform.store, options)
      assert.equal(clean.ok, true)
      assert.equal(clean.entries, 12_000)
      await dropGuards(platform.store.db, platform.store.dialect)
      await platform.store.db.updateTable('audit_entries').set({ object_id: 'x' }).where('seq', '=', 9_001).execute()
      const broken = await verifyAuditLog(platform.store, options)
      assert.equal(broken.firstBreak?.seq, 9_001)
    })

    it('refuses to purge entries younger than 6 months, citing article 31', async () => {
      const platform = await testPlatform(dialect)
      await appendMany(platform, 3, 3)
      await assert.rejects(purgeAuditBefore(platform, SYSTEM_ACTOR, new Date('2026-07-01T00:00:00+08:00')), {
        rule: 'art31.log-retention',
      })
    })

    it('purges entries older than the retention period and the rest still verifies', async () => {
      const clock = testClock('2025-01-10T09:00:00+08:00')
      const platform = await testPlatform(dialect, { clock })
      await appendMany(platform, 10, 10)
      clock.set('2026-11-27T10:00:00+08:00')
      await appendMany(platform, 5, 5)
      const result = await purgeAuditBefore(platform, SYSTEM_ACTOR, new Date('2025-06-01T00:00:00+08:00'))
      assert.equal(result.removed, 10)
      assert.equal(result.anchorSeq, 10)
      const report = await verifyAuditLog(platform.store)
      assert.equal(report.ok, true, report.firstBreak?.message)
      assert.equal(report.entries, 6, 'five entries and the purge itself')
    })
  })
}
