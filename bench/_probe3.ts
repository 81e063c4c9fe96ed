import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { openStore } from '../src/platform/db/store.ts'
import { buildEntry } from '../src/modules/audit/audit.ts'
import { cryptoSuite } from '../src/platform/crypto/suite.ts'
import { newId } from '../src/platform/ids.ts'
import { chinaTime } from '../src/platform/time.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-probe-'))
const file = path.join(dir, 's.sqlite')
const store = await openStore({ dialect: 'sqlite', file })
const sql = store.db.insertInto('audit_entries').values({ seq: 1, occurred_at: '', actor_user_id: '', actor_username: '', org_id: '', role: '', source_ip: '', event_type: '', object_type: '', object_id: '', action: '', result: '', reason: null, request_id: '', detail: '', prev_hash: '', hash: '' }).compile().sql
await store.close()
const db = new SqliteDatabase(file); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL')
db.exec('drop trigger audit_entries_retention'); db.exec('drop trigger audit_entries_no_update')
const suite = cryptoSuite('gm')
const actor = { userId: newId('usr'), username: 'op', orgId: newId('org'), role: 'editor', sourceIp: '10.0.0.1', requestId: newId('req') }
let seq = 0; let prev = '0'.repeat(64)
const mkEvents = (n: number) => Array.from({ length: n }, () => ({ eventType: 'catalog.dataset.update', objectType: 'dataset', objectId: newId('ds'), action: 'update', result: 'success' as const, detail: { field: 'title', from: 'a', to: 'b', rows: 12 } }))
function entries(n: number, evs = mkEvents(n)) { const at = chinaTime(new Date()); return evs.map((ev) => { const e = buildEntry(suite, ++seq, prev, at, actor, ev); prev = e.hash; return e }) }
const one = db.prepare(sql)
const cols = ['seq','occurred_at','actor_user_id','actor_username','org_id','role','source_ip','event_type','object_type','object_id','action','result','reason','request_id','detail','prev_hash','hash'] as const
const vals = (e: any) => cols.map((c) => e[c])
function t(name: string, n: number, f: () => void) { const s = performance.now(); f(); const d = (performance.now() - s) / 1000; console.log(name.padEnd(50), Math.round(n / d), '/s', (d * 1e6 / n).toFixed(1), 'µs each') }
// hashing alone
for (let r = 0; r < 3; r++) { const evs = mkEvents(100000); t('buildEntry (SM3 + JSON) only', 100000, () => { entries(100000, evs) }) }
{ const evs = mkEvents(100000); t('newId + event object', 100000, () => mkEvents(100000)); const es = entries(100000, evs); const { entryPreimage } = await import('../src/modules/audit/audit.ts'); let pres: string[] = []
t('entryPreimage only', 100000, () => { pres = es.map(entryPreimage) }); t('sm3 hex of preimage only', 100000, () => { for (const p of pres) suite.hashHex(p) }); t('JSON.stringify detail only', 100000, () => { for (const e of evs) JSON.stringify(e.detail) }) }
const pre = entries(200000)
const idx = db.prepare("select name from sqlite_master where type='index' and tbl_name='audit_entries' and sql is not null").all() as { name: string }[]
console.log('indexes', idx.map(i => i.name).join(','))
for (const round of [1, 2]) {
  let k = 0
  t('raw prepared row insert, 1000/tx, with indexes', 100000, () => { for (let b = 0; b < 100; b++) db.transaction(() => { for (let i = 0; i < 1000; i++) one.run(vals(pre[k++])) }).immediate() })
  const many = db.prepare(store.db.insertInto('audit_entries').values(pre.slice(0, 1000)).compile().sql)
  t('raw 1000-row multi insert, 1000/tx, with indexes', 100000, () => { for (let b = 0; b < 100; b++) { const rows = pre.slice(k, k + 1000); k += 1000; db.transaction(() => many.run(rows.flatMap(vals))).immediate() } })
  if (round === 1) { db.exec('delete from audit_entries'); seq = 0 }
}
db.exec('delete from audit_entries')
for (const i of idx) db.exec(`drop index ${i.name}`)
let k = 0
t('raw prepared row insert, 1000/tx, no sec. indexes', 100000, () => { for (let b = 0; b < 100; b++) db.transaction(() => { for (let i = 0; i < 1000; i++) one.run(vals(pre[k++])) }).immediate() })
t('raw prepared row insert, 1000/tx, no sec. indexes', 100000, () => { for (let b = 0; b < 100; b++) db.transaction(() => { for (let i = 0; i < 1000; i++) one.run(vals(pre[k++])) }).immediate() })
// single-tx sequence raw: begin, select head, insert mutation, insert entry, update head, commit
db.exec('create table m (id text primary key, value text)')
const selHead = db.prepare('select * from "audit_head" where "id" = ?'); const insM = db.prepare('insert into m (id, value) values (?, ?)'); const upd = db.prepare('update "audit_head" set "seq" = ?, "hash" = ?, "suite" = ? where "id" = ?')
const begin = db.prepare('begin immediate'); const commit = db.prepare('commit')
db.exec('delete from audit_entries')
const more = entries(20000); k = 0
t('raw single tx: mutation + head + entry + head', 20000, () => { for (let i = 0; i < 20000; i++) { begin.run(); selHead.get(1); insM.run(newId('ds'), 'v'); one.run(vals(more[k++])); upd.run(1, 'x', 'gm', 1); commit.run() } })
t('raw single tx: begin+commit only', 20000, () => { for (let i = 0; i < 20000; i++) { begin.run(); commit.run() } })
t('raw single tx: mutation only', 20000, () => { for (let i = 0; i < 20000; i++) { begin.run(); insM.run(newId('ds'), 'v'); commit.run() } })
db.close(); fs.rmSync(dir, { recursive: true, force: true })
