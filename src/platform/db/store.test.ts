import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { testDialects } from '../../../test/dialects.ts'
import { openStore } from './store.ts'

for (const dialect of testDialects()) {
  describe(`${dialect.name}: store`, () => {
    it('migrates a fresh store and again without change', async () => {
      const config = await dialect.freshConfig()
      const first = await openStore(config)
      await first.close()
      const second = await openStore(config)
      const tables = await second.db.introspection.getTables()
      const names = tables.map((t) => t.name)
      for (const table of ['organizations', 'users', 'audit_entries', 'audit_head', 'data_keys']) {
        assert.ok(names.includes(table), `missing table ${table}`)
      }
      await second.close()
    })

    it('refuses to update an audit entry at the database level', async () => {
      const store = await dialect.freshStore()
      await store.db
        .insertInto('audit_entries')
        .values({
          seq: 1,
          occurred_at: '2026-11-27T10:00:00.000+08:00',
          actor_user_id: null,
          actor_username: null,
          org_id: null,
          role: null,
          source_ip: null,
          event_type: 'test',
          object_type: null,
          object_id: null,
          action: 'test',
          result: 'success',
          reason: null,
          request_id: null,
          detail: null,
          prev_hash: '0',
          hash: '1',
        })
        .execute()
      await assert.rejects(
        store.db.updateTable('audit_entries').set({ action: 'changed' }).where('seq', '=', 1).execute(),
        /append-only/,
      )
      await assert.rejects(
        store.db.deleteFrom('audit_entries').where('seq', '=', 1).execute(),
        /6 months/,
      )
      const rows = await sql<{ n: number }>`select count(*) as n from audit_entries`.execute(store.db)
      assert.equal(Number(rows.rows[0]?.n), 1)
    })
  })
}
