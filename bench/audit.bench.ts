import { hash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { verifyAuditLog } from '../src/modules/audit/audit-verify.ts'
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
 */

// Transactions per round of "one transaction each".
const SINGLE = 20_000
// Mutations and entries per commit, and entries per round, of "grouped".
const BATCH = 1_000
const GROUPED = 200_000
// The chain verification walks; the rounds above build most of it.
const CHAIN = 1_000_000
// Distinct real preimages the hash loops cycle through (node hashes a string afresh each time).
const HASH_SAMPLE = 10_000
// Verification is the slowest figure: fewer rounds keep the whole run within minutes.
const VERIFY_ROUNDS_MAX = 3

/** The mutation each request makes: a row of a table of the benchmark's own. */
interface BenchTables {
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
    const append = await appendTable(context, platform, raw)
    const verify = await verifyTable(context, platform, storeConfig)
    return [append, verify]
  } finally {
    raw.close()
    await closePlatform(platform)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function appendTable(context: BenchContext, platform: Platform, raw: RawSqlite): Promise<BenchTable> {
  const single = { audit: [] as number[], kysely: [] as number[], raw: [] as number[] }
  const grouped = { audit: [] as number[], kysely: [] as number[] }

  // A round that is not counted: JIT, statement cache and page cache warm up.
  context.log('audit: warm-up')
  await singleWithAudit(platform, requests(2_000))
  await singlePlain(platform, requests(2_000))
  raw.singles(requests(2_000))
  await groupedWithAudit(platform, requests(20_000))
  await groupedPlain(platform, requests(20_000))

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
      `audit: append round ${round}/${context.rounds}: one each ${Math.round(single.audit.at(-1)!)}/s, grouped ${Math.round(grouped.audit.at(-1)!)}/s`,
    )
  }

  const withAudit = (rounds: number[]): Figure => ({ label: 'mutation + audit entry', rounds })
  return {
    capability: 'Audit log: append (SM3 chain, entry in the transaction of its mutation)',
    rows: [
      {
        measurement: `one transaction each (${SINGLE.toLocaleString('en-US')} transactions)`,
        shuyu: withAudit(single.audit),
        baseline: { label: 'mutation alone, same Kysely store', rounds: single.kysely },
        unit: 'entries/s',
        target: 10_000,
      },
      {
        measurement: 'one transaction each, against raw better-sqlite3',
        shuyu: withAudit(single.audit),
        baseline: { label: 'mutation alone, prepared better-sqlite3 insert', rounds: single.raw },
        unit: 'entries/s',
      },
      {
        measurement: `grouped: ${BATCH.toLocaleString('en-US')} per commit (${GROUPED.toLocaleString('en-US')} entries)`,
        shuyu: withAudit(grouped.audit),
        baseline: { label: 'the mutations alone, same Kysely store', rounds: grouped.kysely },
        unit: 'entries/s',
        target: 50_000,
      },
    ],
    notes: [
      'Each transaction inserts one row into `bench_mutations(id text primary key, value text)` and ' +
        'appends its entry with `appendAudit` (head read, entry insert, head update), both in one ' +
        '`db.transaction()`; the baseline runs the same transactions without the entry.',
      `Grouped: each commit inserts ${BATCH.toLocaleString('en-US')} mutation rows (one multi-row insert) and ` +
        `appends ${BATCH.toLocaleString('en-US')} events with one \`appendAudit\` call.`,
      'SQLite in WAL mode with synchronous = NORMAL, as the store opens it; entries are ~350-byte ' +
        'preimages (actor, organization, object id, request id, a small detail object).',
    ],
  }
}

async function verifyTable(context: BenchContext, platform: Platform, storeConfig: StoreConfig): Promise<BenchTable> {
  const { db } = platform.store
  let count = (await db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq
  if (count < CHAIN) {
    context.log(`audit: topping the chain up from ${count} to ${CHAIN} entries`)
    await groupedWithAudit(platform, requests(CHAIN - count))
    count = CHAIN
  }
  count = Number(count)
  const sample = await preimages(db, HASH_SAMPLE)
  const rounds = Math.min(context.rounds, VERIFY_ROUNDS_MAX)
  const figures = { both: [] as number[], one: [] as number[], sha256: [] as number[], sm3: [] as number[] }

  const verify = async (workers?: number): Promise<number> => {
    const started = performance.now()
    const report = await verifyAuditLog(db, storeConfig, workers === undefined ? {} : { workers })
    const seconds = (performance.now() - started) / 1000
    if (!report.ok || report.entries !== count) {
      throw new Error(`verification failed: ${JSON.stringify(report)}`)
    }
    return count / seconds
  }

  hashLoop('sha256', sample, HASH_SAMPLE * 10)
  hashLoop('sm3', sample, HASH_SAMPLE * 10)
  for (let round = 1; round <= rounds; round++) {
    figures.both.push(await verify())
    figures.one.push(await verify(1))
    figures.sha256.push(await rate(count, () => hashLoop('sha256', sample, count)))
    figures.sm3.push(await rate(count, () => hashLoop('sm3', sample, count)))
    context.log(
      `audit: verify round ${round}/${rounds}: ${Math.round(figures.both.at(-1)!)}/s (${os.availableParallelism()} workers), ${Math.round(figures.one.at(-1)!)}/s (1)`,
    )
  }

  const sha256: Figure = { label: 'loop of `crypto.hash(\'sha256\')`, one core', rounds: figures.sha256 }
  const sm3: Figure = { label: 'loop of `crypto.hash(\'sm3\')`, one core', rounds: figures.sm3 }
  const both = `verifyAuditLog, default (${os.availableParallelism()} workers)`
  const counted = `${count.toLocaleString('en-US')} entries`
  return {
    capability: `Audit log: verification (${counted})`,
    rows: [
      { measurement: both, shuyu: { label: 'entries re-hashed and linked', rounds: figures.both }, baseline: sha256, unit: 'entries/s', target: 250_000 },
      { measurement: `${both}, against SM3`, shuyu: { label: 'entries', rounds: figures.both }, baseline: sm3, unit: 'entries/s' },
      { measurement: 'verifyAuditLog, `{ workers: 1 }`', shuyu: { label: 'entries', rounds: figures.one }, baseline: sm3, unit: 'entries/s' },
    ],
    notes: [
      `The chain is the one the append rounds built (topped up with grouped appends to at least ${CHAIN.toLocaleString('en-US')}); ` +
        'every round re-reads it from SQLite, re-hashes every entry and checks every link. ' +
        `Verification runs ${rounds} rounds (the slowest figure).`,
      `The hash loops hash ${counted.replace('entries', 'strings')}, cycling through the preimages of the first ` +
        `${HASH_SAMPLE.toLocaleString('en-US')} entries (${averageLength(sample)} characters on average) as hex, as the chain does.`,
    ],
  }
}

// Requests are made before the clock starts: only the transactions are timed.
const ORGS = Array.from({ length: 20 }, () => newId('org'))
const USERS = Array.from({ length: 200 }, (_, i) => ({ id: newId('usr'), username: `operator${i}`, org: ORGS[i % ORGS.length]! }))
const FIELDS = ['title', 'description', 'update_frequency', 'contact', 'sensitivity'] as const

function requests(count: number): Request[] {
  return Array.from({ length: count }, (_, i) => {
    const user = USERS[i % USERS.length]!
    const id = newId('ds')
    const field = FIELDS[i % FIELDS.length]!
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
        detail: { field, from: `version ${i}`, to: `version ${i + 1}`, rows: 1000 + (i % 9000) },
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

function averageLength(sample: readonly string[]): number {
  return Math.round(sample.reduce((sum, s) => sum + s.length, 0) / sample.length)
}
