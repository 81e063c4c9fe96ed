import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { openStore } from '../src/platform/db/store.ts'
import { buildEntry } from '../src/modules/audit/audit.ts'
import { cryptoSuite } from '../src/platform/crypto/suite.ts'
import { newId } from '../src/platform/ids.ts'
import { chinaTime } from '../src/platform/time.ts'

const suite = cryptoSuite('gm')
const users = Array.from({ length: 200 }, () => ({ userId: newId('usr'), username: 'op', orgId: newId('org'), role: 'editor', sourceIp: '10.0.0.1', requestId: null }))
let seq = 0; let prev = '0'.repeat(64)
function entries(n: number) { const at = chinaTime(new Date()); return Array.from({ length: n }, (_, i) => { const e = buildEntry(suite, ++seq, prev, at, { ...users[i % 200]!, requestId: newId('req') }, { eventType: 'catalog.dataset.update', objectType: 'dataset', objectId: newId('ds'), action: 'update', result: 'success', detail: { field: 'title', from: 'a', to: 'b', rows: 12 } }); prev = e.hash; return e }) }
const cols = ['seq','occurred_at','actor_user_id','actor_username','org_id','role','source_ip','event_type','object_type','object_id','action','result','reason','request_id','detail','prev_hash','hash'] as const
const vals = (e: any) => cols.map((c) => e[c])
const prefill = entries(300000)
const work = entries(100000)
const single = entries(10000)
const [idxMode, cache] = [process.argv[2]!, process.argv[3]!]
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-probe-'))
const file = path.join(dir, 's.sqlite')
const store = await openStore({ dialect: 'sqlite', file })
const multiSql = store.db.insertInto('audit_entries').values(work.slice(0, 1000)).compile().sql
const oneSql = store.db.insertInto('audit_entries').values(work[0]!).compile().sql
await store.close()
const db = new SqliteDatabase(file); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL')
if (cache === 'big') { db.pragma('cache_size = -65536') }
if (cache === 'ckpt') { db.pragma('cache_size = -65536'); db.pragma('wal_autocheckpoint = 20000') }
if (cache === 'off') { db.pragma('synchronous = OFF') }
const idx = (db.prepare("select name from sqlite_master where type='index' and tbl_name='audit_entries' and sql is not null").all() as { name: string }[]).map((r) => r.name)
for (const name of idx) if (idxMode === 'none' || (idxMode === 'occurred' && name !== 'audit_entries_occurred_at_idx') || name === `audit_entries_${idxMode}_idx`) db.exec(`drop index ${name}`)
const one = db.prepare(oneSql); const many = db.prepare(multiSql)
db.exec('create table m (id text primary key, value text)')
const insM = db.prepare('insert into m (id, value) values (?, ?)')
const selHead = db.prepare('select * from "audit_head" where "id" = ?'); const upd = db.prepare('update "audit_head" set "seq" = ?, "hash" = ?, "suite" = ? where "id" = ?')
const begin = db.prepare('begin immediate'); const commit = db.prepare('commit')
for (let b = 0; b < 300; b++) db.transaction(() => { for (let i = b * 1000; i < b * 1000 + 1000; i++) { one.run(vals(prefill[i])); insM.run(newId('ds'), 'v') } }).immediate()
const out: string[] = []
{
  db.pragma('wal_autocheckpoint = 0'); db.pragma('wal_checkpoint(TRUNCATE)')
  const extra = entries(1000)
  db.transaction(() => { for (const e of extra) one.run(vals(e)) }).immediate()
  const [r1] = db.pragma('wal_checkpoint(TRUNCATE)') as { log: number }[]
  const ex1 = entries(1)
  begin.run(); selHead.get(1); insM.run(newId('ds'), 'v'); one.run(vals(ex1[0])); upd.run(1, 'x', 'gm', 1); commit.run()
  const [r2] = db.pragma('wal_checkpoint(TRUNCATE)') as { log: number }[]
  out.push(`WAL pages per 1000-entry commit: ${r1!.log}, per single-entry commit: ${r2!.log}`)
  db.pragma('wal_autocheckpoint = 1000')
}
function t(name: string, n: number, f: () => void) { const s = performance.now(); f(); const d = (performance.now() - s) / 1000; out.push(`${name}: ${Math.round(n / d)}/s`) }
let k = 0
t('row', 50000, () => { for (let b = 0; b < 50; b++) db.transaction(() => { for (let i = 0; i < 1000; i++) one.run(vals(work[k++])) }).immediate() })
t('multi', 50000, () => { for (let b = 0; b < 50; b++) { const rows = work.slice(k, k + 1000); k += 1000; db.transaction(() => many.run(rows.flatMap(vals))).immediate() } })
k = 0
t('single-tx', 10000, () => { for (let i = 0; i < 10000; i++) { begin.run(); selHead.get(1); insM.run(newId('ds'), 'v'); one.run(vals(single[k++])); upd.run(1, 'x', 'gm', 1); commit.run() } })
console.log(`idx=${idxMode} cache=${cache}: ${out.join(', ')}`)
db.close(); fs.rmSync(dir, { recursive: true, force: true })
