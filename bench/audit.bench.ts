import { hash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import SqliteDatabase from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import { verifyAuditLog } from '../src/modules/audit/audit-verify.ts'
import { readAuditHead } from '../src/modules/audit/audit.repository.ts'
import { appendAudit } from '../src/modules/audit/audit.service.ts'
import { entryPreimage, type AuditActor, type AuditEvent } from '../src/modules/audit/audit.ts'
import { configFromEnv } from '../src/platform/config.ts'
import type { Database } from '../src/platform/db/database.ts'
import type { StoreConfig } from '../src/platform/db/store.ts'
import { newId } from '../src/platform/ids.ts'
import { closePlatform, openPlatform, type Platform } from '../src/platform/platform.ts'
import { systemClock } from '../src/platform/time.ts'
import { rate, type BenchContext, type BenchTable, type Figure } from './bench.ts'

/**
 * The audit log: appending (SM3 chain, each entry in the transaction of its mutation) and
 * verifying, beside the plain SQLite insert and hash loop on the same machine.
 *
 * One store serves both. It first gets most of a chain of CHAIN entries (grouped appends, the
 * table's secondary indexes dropped meanwhile and rebuilt after), so the appends are measured
 * against a realistically large table; the rounds then grow the chain verified last.
 */

// Transactions per round of "one transaction each".
const SINGLE = 4_000
// Mutations and entries per commit, and entries per round, of "grouped".
const BATCH = 1_000
const GROUPED = 40_000
// The chain verified at the end: built up front, less what the warm-up and the rounds append.
const CHAIN = 1_000_000
const WARM_UP = { single: 1_000, grouped: 5_000 }
// Distinct real preimages the hash loops cycle through (node hashes a string afresh each time).
const HASH_SAMPLE = 10_000
// Verification is the slowest figure: fewer rounds keep the whole run within minutes.
const VERIFY_ROUNDS_MAX = 3

const number = (n: number): string => n.toLocaleString('en-US')

/** The mutation each request makes: a row of a table of the benchmark's own. */
type BenchTables = {
  bench_mutations: { id: string; value: string }
}

interface Request {
  readonly id: string
  readonly value: string
  readonly actor: AuditActor
  readonly event: AuditEvent
}

export async function bench(context: BenchContext): Promise<readonly BenchTable[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-bench-audit-'))
  const storeConfig: StoreConfig = { dialect: 'sqlite', file: path.join(dir, 'shuyu.sqlite') }
  const platform = await openPlatform(configFromEnv({ SHUYU_DATA_DIR: dir, SHUYU_DEMO: '0' }), {
    storeConfig,
    masterKey: randomBytes(32),
    clock: systemClock,
  })
  const raw = openRawSqlite(path.join(dir, 'raw.sqlite'))
  try {
    await platform.store.db.schema
      .createTable('bench_mutations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute()
    const appended = WARM_UP.single + WARM_UP.grouped + context.rounds * (SINGLE + GROUPED)
    const build = await buildChain(context, platform, Math.max(GROUPED, CHAIN - appended))
    const append = await appendTable(context, platform, raw, build)
    const verify = await verifyTable(context, platform)
    return [append, verify]
  } finally {
    raw.close()
    await closePlatform(platform)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

interface Build {
  readonly count: number
  readonly rate: number
  /** The secondary indexes of audit_entries, as the migrations made them. */
  readonly indexes: readonly string[]
}

/** Grouped appends, with audit_entries' secondary indexes dropped meanwhile and rebuilt after. */
async function buildChain(context: BenchContext, platform: Platform, count: number): Promise<Build> {
  const { db } = platform.store
  const indexes = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
    where type = 'index' and tbl_name = 'audit_entries' and sql is not null`.execute(db)
  for (const index of indexes.rows) await sql`drop index ${sql.id(index.name)}`.execute(db)
  context.log(`audit: building a chain of ${number(count)} entries`)
  let seconds = 0
  for (let done = 0; done < count; done += GROUPED) {
    const batch = requests(Math.min(GROUPED, count - done))
    const started = performance.now()
    for (let i = 0; i < batch.length; i += BATCH) {
      const group = batch.slice(i, i + BATCH)
      const events = group.map((r) => r.event)
      await db.transaction().execute((trx) => appendAudit(trx, platform, group[0]!.actor, events))
    }
    seconds += (performance.now() - started) / 1000
  }
  const rate = count / seconds
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db)
  context.log(`audit: chain built at ${Math.round(rate)} entries/s; indexes rebuilt`)
  return { count, rate, indexes: indexes.rows.map((index) => index.name) }
}

async function appendTable(
  context: BenchContext,
  platform: Platform,
  raw: RawSqlite,
  build: Build,
): Promise<BenchTable> {
  const single = { audit: [] as number[], kysely: [] as number[], raw: [] as number[] }
  const grouped = { audit: [] as number[], kysely: [] as number[] }

  // A round that is not counted: JIT, statement cache and page cache warm up.
  context.log('audit: warm-up')
  await singleWithAudit(platform, requests(WARM_UP.single))
  await singlePlain(platform, requests(WARM_UP.single))
  raw.singles(requests(WARM_UP.single))
  await groupedWithAudit(platform, requests(WARM_UP.grouped))
  await groupedPlain(platform, requests(WARM_UP.grouped))

  // The rounds interleave shuyu and baseline, so a noisy neighbour hits both alike.
  for (let round = 1; round <= context.rounds; round++) {
    let batch = requests(SINGLE)
    single.audit.push(await rate(SINGLE, () => singleWithAudit(platform, batch)))
    batch = requests(SINGLE)
    single.kysely.push(await rate(SINGLE, () => singlePlain(platform, batch)))
    batch = requests(SINGLE)
    single.raw.push(await rate(SINGLE, () => raw.singles(batch)))
    batch = requests(GROUPED)
    grouped.audit.push(await rate(GROUPED, () => groupedWithAudit(platform, batch)))
    batch = requests(GROUPED)
    grouped.kysely.push(await rate(GROUPED, () => groupedPlain(platform, batch)))
    context.log(
      `audit: append round ${round}/${context.rounds}: one each ${Math.round(single.audit.at(-1)!)}/s ` +
        `(plain ${Math.round(single.kysely.at(-1)!)}/s), ` +
        `grouped ${Math.round(grouped.audit.at(-1)!)}/s ` +
        `(plain ${Math.round(grouped.kysely.at(-1)!)}/s)`,
    )
  }

  const withAudit = (rounds: number[]): Figure => ({ label: 'mutation + its audit entry', rounds })
  const singleLabel = `one transaction each (${number(SINGLE)} transactions a round)`
  return {
    capability: 'Audit log: append (SM3 chain, entry in the transaction of its mutation)',
    rows: [
      {
        measurement: singleLabel,
        shuyu: withAudit(single.audit),
        baseline: { label: 'the mutation alone, same Kysely store', rounds: single.kysely },
        unit: 'entries/s',
        target: 10_000,
      },
      {
        measurement: `${singleLabel}, against raw better-sqlite3`,
        shuyu: withAudit(single.audit),
        baseline: { label: 'the mutation alone, prepared better-sqlite3 insert', rounds: single.raw },
        unit: 'entries/s',
      },
      {
        measurement: `grouped: ${number(BATCH)} per commit (${number(GROUPED)} entries a round)`,
        shuyu: withAudit(grouped.audit),
        baseline: { label: 'the mutations alone, same Kysely store', rounds: grouped.kysely },
        unit: 'entries/s',
        target: 50_000,
      },
      {
        measurement:
          'grouped appends alone, audit_entries without its secondary indexes ' +
          `(building the first ${number(build.count)} entries)`,
        shuyu: { label: `appendAudit, ${number(BATCH)} events a call`, rounds: [build.rate] },
        unit: 'entries/s',
      },
    ],
    notes: [
      'Each transaction inserts one row into `bench_mutations(id text primary key, value text)` and ' +
        'appends its entry with `appendAudit` (head read, entry insert, head update), in one ' +
        '`db.transaction()`; the baseline runs the same transactions without the entry. The raw ' +
        'baseline is a prepared insert in `db.transaction(…).immediate()`, in a file of its own.',
      `Grouped: each commit inserts ${number(BATCH)} mutation rows (one multi-row insert) and appends ` +
        `${number(BATCH)} events with one \`appendAudit\` call.`,
      `The audit table holds ${number(build.count)} entries when the rounds start and grows by ` +
        `${number(SINGLE + GROUPED)} a round, with its ${build.indexes.length} secondary indexes ` +
        `(${build.indexes.map((name) => `\`${name}\``).join(', ')}). SQLite in WAL mode with ` +
        'synchronous = NORMAL, as the store opens it. Entries carry an actor (200 users in 20 ' +
        'organizations), a random object id, a request id and a small detail object (their ' +
        'preimages: see the hash loops below).',
      'The last row is the chain build: its figure is one long round, with the secondary indexes ' +
        'dropped (rebuilt after), and no mutation rows.',
    ],
  }
}

async function verifyTable(context: BenchContext, platform: Platform): Promise<BenchTable> {
  const { store } = platform
  const { db } = store
  const head = await readAuditHead(db)
  const count = head.seq - head.anchorSeq
  const sample = await preimages(db, HASH_SAMPLE)
  const rounds = Math.min(context.rounds, VERIFY_ROUNDS_MAX)
  const cores = os.availableParallelism()
  const figures = {
    default: [] as number[],
    one: [] as number[],
    sha256: [] as number[],
    sm3: [] as number[],
    sm3Parallel: [] as number[],
  }
  let failure: string | undefined

  const timed = async (verify: () => Promise<{ ok: boolean; entries: number }>): Promise<number> => {
    const started = performance.now()
    const report = await verify()
    const seconds = (performance.now() - started) / 1000
    if (!report.ok || report.entries !== count) {
      throw new Error(`verification failed: ${JSON.stringify(report)}`)
    }
    return count / seconds
  }

  hashLoop('sha256', sample, HASH_SAMPLE * 10)
  hashLoop('sm3', sample, HASH_SAMPLE * 10)
  for (let round = 1; round <= rounds; round++) {
    if (failure === undefined) {
      try {
        figures.default.push(await timed(() => verifyAuditLog(store)))
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error)
        context.log(`audit: verifyAuditLog with its default workers fails: ${failure}`)
      }
    }
    figures.one.push(await timed(() => verifyAuditLog(store, { workers: 1 })))
    figures.sha256.push(await rate(count, () => hashLoop('sha256', sample, count)))
    figures.sm3.push(await rate(count, () => hashLoop('sm3', sample, count)))
    figures.sm3Parallel.push(await rate(count, () => hashLoopInThreads('sm3', sample, count, cores)))
    context.log(
      `audit: verify round ${round}/${rounds}: ` +
        `${cores} workers ${Math.round(figures.default.at(-1) ?? 0)}/s, ` +
        `1 worker ${Math.round(figures.one.at(-1)!)}/s, sm3 loop ${Math.round(figures.sm3.at(-1)!)}/s ` +
        `(${cores} threads ${Math.round(figures.sm3Parallel.at(-1)!)}/s)`,
    )
  }

  const sha256: Figure = { label: "loop of `crypto.hash('sha256')`, one core", rounds: figures.sha256 }
  const sm3: Figure = { label: "loop of `crypto.hash('sm3')`, one core", rounds: figures.sm3 }
  const sm3Parallel: Figure = {
    label: `the same SM3 loop split over ${cores} threads`,
    rounds: figures.sm3Parallel,
  }
  const entries = (rounds: number[]): Figure => ({ label: 'entries re-hashed and linked', rounds })
  const byDefault: Figure =
    failure === undefined ? entries(figures.default) : { label: 'entries', rounds: [], failure }
  return {
    capability: `Audit log: verification (a chain of ${number(count)} entries)`,
    rows: [
      {
        measurement: `\`verifyAuditLog\`, default (${cores} workers)`,
        shuyu: byDefault,
        baseline: sha256,
        unit: 'entries/s',
        target: 250_000,
      },
      {
        measurement: `\`verifyAuditLog\`, default (${cores} workers), against SM3 on as many threads`,
        shuyu: byDefault,
        baseline: sm3Parallel,
        unit: 'entries/s',
      },
      {
        measurement: '`verifyAuditLog`, `{ workers: 1 }`',
        shuyu: entries(figures.one),
        baseline: sm3,
        unit: 'entries/s',
      },
    ],
    notes: [
      'Every round re-reads the whole chain from SQLite, re-hashes every entry (SM3) and checks ' +
        `every link. Verification runs ${rounds} rounds (the slowest figure).`,
      `The hash loops hash ${number(count)} strings, cycling through the preimages of the first ` +
        `${number(HASH_SAMPLE)} entries (${averageLength(sample)} characters on average), to hex as ` +
        `the chain does. The ${cores}-thread SM3 loop shows what the shared machine gave ${cores} ` +
        'threads at the time: the limit for the default verification.',
    ],
  }
}

// Requests are made before the clock starts: only the transactions are timed.
const ORGS = Array.from({ length: 20 }, () => newId('org'))
const USERS = Array.from({ length: 200 }, (_, i) => ({
  id: newId('usr'),
  username: `operator${i}`,
  org: ORGS[i % ORGS.length]!,
}))
const FIELDS = ['title', 'description', 'update_frequency', 'contact', 'sensitivity'] as const

function requests(count: number): Request[] {
  return Array.from({ length: count }, (_, i) => {
    const user = USERS[i % USERS.length]!
    const id = newId('ds')
    return {
      id,
      value: `dataset ${i} revised`,
      actor: {
        userId: user.id,
        username: user.username,
        orgId: user.org,
        role: 'catalog_editor',
        sourceIp: `10.20.${i % 256}.${(i >> 8) % 256}`,
        requestId: newId('req'),
      },
      event: {
        eventType: 'catalog.dataset.update',
        objectType: 'dataset',
        objectId: id,
        action: 'update',
        result: 'success',
        detail: {
          field: FIELDS[i % FIELDS.length]!,
          from: `version ${i}`,
          to: `version ${i + 1}`,
          rows: 1000 + (i % 9000),
        },
      },
    }
  })
}

function mutations(trx: Kysely<Database>) {
  return trx.withTables<BenchTables>().insertInto('bench_mutations')
}

async function singleWithAudit(platform: Platform, batch: readonly Request[]): Promise<void> {
  for (const request of batch) {
    await platform.store.db.transaction().execute(async (trx) => {
      await mutations(trx).values({ id: request.id, value: request.value }).execute()
      await appendAudit(trx, platform, request.actor, request.event)
    })
  }
}

async function singlePlain(platform: Platform, batch: readonly Request[]): Promise<void> {
  for (const request of batch) {
    await platform.store.db.transaction().execute(async (trx) => {
      await mutations(trx).values({ id: request.id, value: request.value }).execute()
    })
  }
}

async function groupedWithAudit(platform: Platform, batch: readonly Request[]): Promise<void> {
  for (let i = 0; i < batch.length; i += BATCH) {
    const group = batch.slice(i, i + BATCH)
    await platform.store.db.transaction().execute(async (trx) => {
      await mutations(trx)
        .values(group.map((r) => ({ id: r.id, value: r.value })))
        .execute()
      // appendAudit takes one actor per call: the batch's first stands for all.
      await appendAudit(
        trx,
        platform,
        group[0]!.actor,
        group.map((r) => r.event),
      )
    })
  }
}

async function groupedPlain(platform: Platform, batch: readonly Request[]): Promise<void> {
  for (let i = 0; i < batch.length; i += BATCH) {
    const group = batch.slice(i, i + BATCH)
    await platform.store.db.transaction().execute(async (trx) => {
      await mutations(trx)
        .values(group.map((r) => ({ id: r.id, value: r.value })))
        .execute()
    })
  }
}

interface RawSqlite {
  /** One transaction per request, each a prepared insert. */
  singles(batch: readonly Request[]): void
  close(): void
}

/** The floor under Kysely: better-sqlite3 directly, with the store's pragmas. */
function openRawSqlite(file: string): RawSqlite {
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.exec('create table bench_mutations (id text primary key, value text not null)')
  const insert = sqlite.prepare('insert into bench_mutations (id, value) values (?, ?)')
  const one = sqlite.transaction((id: string, value: string) => insert.run(id, value))
  return {
    singles(batch) {
      for (const request of batch) one.immediate(request.id, request.value)
    },
    close: () => sqlite.close(),
  }
}

async function preimages(db: Kysely<Database>, count: number): Promise<string[]> {
  const rows = await db.selectFrom('audit_entries').selectAll().orderBy('seq').limit(count).execute()
  return rows.map((row) => entryPreimage({ ...row, seq: Number(row.seq) }))
}

function hashLoop(algorithm: 'sha256' | 'sm3', sample: readonly string[], count: number): string {
  let last = ''
  for (let i = 0; i < count; i++) last = hash(algorithm, sample[i % sample.length]!, 'hex')
  return last
}

/** The hash loop split over worker threads as verification splits; plain JavaScript, nothing to load. */
async function hashLoopInThreads(
  algorithm: 'sha256' | 'sm3',
  sample: readonly string[],
  count: number,
  threads: number,
): Promise<void> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    const { hash } = require('node:crypto')
    const { algorithm, sample, count } = workerData
    let last = ''
    for (let i = 0; i < count; i++) last = hash(algorithm, sample[i % sample.length], 'hex')
    parentPort.postMessage(last)`
  const share = Math.ceil(count / threads)
  await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const workerData = { algorithm, sample, count: Math.min(share, count - i * share) }
      return new Promise((resolve, reject) => {
        const worker = new Worker(code, { eval: true, workerData })
        worker.once('message', resolve)
        worker.once('error', reject)
      })
    }),
  )
}

function averageLength(sample: readonly string[]): number {
  return Math.round(sample.reduce((sum, s) => sum + s.length, 0) / sample.length)
}
