import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { appendAudit } from '../src/modules/audit/audit.service.ts'
import { configFromEnv } from '../src/platform/config.ts'
import { closePlatform, openPlatform } from '../src/platform/platform.ts'
import { newId } from '../src/platform/ids.ts'
import SqliteDatabase from 'better-sqlite3'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-probe-'))
const storeConfig = { dialect: 'sqlite', file: path.join(dir, 'shuyu.sqlite') } as const
const platform = await openPlatform(configFromEnv({ SHUYU_DATA_DIR: dir, SHUYU_DEMO: '0' }), { storeConfig, masterKey: randomBytes(32) })
await platform.store.db.schema.createTable('bench_mutations').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('value', 'text').execute()
const db = platform.store.db
const actor = { userId: newId('usr'), username: 'op', orgId: newId('org'), role: 'editor', sourceIp: '10.0.0.1', requestId: newId('req') }
const ev = (id: string) => ({ eventType: 'catalog.dataset.update', objectType: 'dataset', objectId: id, action: 'update', result: 'success' as const, detail: { field: 'title', from: 'a', to: 'b', rows: 12 } })
async function time(name: string, n: number, f: () => Promise<void> | void) {
  const t = performance.now(); await f(); const s = (performance.now() - t) / 1000
  console.log(name.padEnd(40), Math.round(n / s), '/s')
}
const N = Number(process.argv[2] ?? 5000)
for (let rep = 0; rep < 2; rep++) {
  await time('kysely plain 1 tx each', N, async () => { for (let i = 0; i < N; i++) await db.transaction().execute(async (trx) => { await trx.withTables<{ bench_mutations: { id: string; value: string } }>().insertInto('bench_mutations').values({ id: newId('ds'), value: 'v' }).execute() }) })
  await time('kysely + audit 1 tx each', N, async () => { for (let i = 0; i < N; i++) await db.transaction().execute(async (trx) => { const id = newId('ds'); await trx.withTables<{ bench_mutations: { id: string; value: string } }>().insertInto('bench_mutations').values({ id, value: 'v' }).execute(); await appendAudit(trx, platform, actor, ev(id)) }) })
  await time('audit only 1 tx each', N, async () => { for (let i = 0; i < N; i++) await db.transaction().execute(async (trx) => { await appendAudit(trx, platform, actor, ev('x')) }) })
  await time('kysely empty tx', N, async () => { for (let i = 0; i < N; i++) await db.transaction().execute(async () => {}) })
  await time('grouped audit only 1000/commit', N * 4, async () => { for (let i = 0; i < N * 4; i += 1000) await db.transaction().execute(async (trx) => { await appendAudit(trx, platform, actor, Array.from({ length: 1000 }, (_, j) => ev('x' + j))) }) })
}
const raw = new SqliteDatabase(path.join(dir, 'raw.sqlite')); raw.pragma('journal_mode = WAL'); raw.pragma('synchronous = NORMAL')
raw.exec('create table m (id text primary key, value text)'); const ins = raw.prepare('insert into m values (?, ?)'); const tx = raw.transaction((a: string, b: string) => ins.run(a, b))
await time('raw 1 tx each', N, () => { for (let i = 0; i < N; i++) tx.immediate(newId('ds'), 'v') })
await closePlatform(platform); fs.rmSync(dir, { recursive: true, force: true })
