import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { appendAudit } from '../src/modules/audit/audit.service.ts'
import { configFromEnv } from '../src/platform/config.ts'
import { closePlatform, openPlatform } from '../src/platform/platform.ts'
import { newId } from '../src/platform/ids.ts'

const mode = process.argv[2]
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-probe-'))
const storeConfig = { dialect: 'sqlite', file: path.join(dir, 'shuyu.sqlite') } as const
const platform = await openPlatform(configFromEnv({ SHUYU_DATA_DIR: dir, SHUYU_DEMO: '0' }), { storeConfig, masterKey: randomBytes(32) })
await platform.store.db.schema.createTable('bench_mutations').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('value', 'text').execute()
const db = platform.store.db
const actor = { userId: newId('usr'), username: 'op', orgId: newId('org'), role: 'editor', sourceIp: '10.0.0.1', requestId: newId('req') }
const ev = (id: string) => ({ eventType: 'catalog.dataset.update', objectType: 'dataset', objectId: id, action: 'update', result: 'success' as const, detail: { field: 'title', from: 'a', to: 'b', rows: 12 } })
const t = performance.now()
let n = 0
if (mode === 'single') {
  const ids = Array.from({ length: 30000 }, () => newId('ds'))
  for (const id of ids) { await db.transaction().execute(async (trx) => { await trx.withTables<{ bench_mutations: { id: string; value: string } }>().insertInto('bench_mutations').values({ id, value: 'v' }).execute(); await appendAudit(trx, platform, actor, ev(id)) }); n++ }
} else {
  for (let b = 0; b < 200; b++) { const evs = Array.from({ length: 1000 }, () => ev(newId('ds'))); await db.transaction().execute(async (trx) => { await appendAudit(trx, platform, actor, evs) }); n += 1000 }
}
console.log(mode, Math.round(n / ((performance.now() - t) / 1000)), '/s')
await closePlatform(platform); fs.rmSync(dir, { recursive: true, force: true })
