import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Kysely } from 'kysely'
import { cryptoSuite, SUITE_NAMES, type CryptoSuite, type SuiteName } from '../../platform/crypto/suite.ts'
import type { Database } from '../../platform/db/database.ts'
import type { Store, StoreConfig } from '../../platform/db/store.ts'
import { verifyRangeSqlite } from './audit-sqlite.ts'
import { checkpointMessage, checkRun, type ChainBreak } from './audit.ts'
import { auditEntryHash, auditEntryPage, listCheckpoints, readAuditHead } from './audit.repository.ts'

export interface VerifyReport {
  readonly ok: boolean
  readonly suite: string
  /** Entries re-hashed: those after the anchor (the last purged entry, or the start). */
  readonly entries: number
  readonly anchorSeq: number
  readonly headSeq: number
  readonly checkpoints: number
  readonly firstBreak?: ChainBreak
  readonly durationMs: number
}

export interface VerifyOptions {
  /** Parallel workers for the re-hashing; 1 keeps it on this thread. Default: the cores. */
  readonly workers?: number
  /** Public keys to trust for checkpoints, by key id; default the store's own signing keys. */
  readonly trustedKeys?: ReadonlyMap<string, { suite: string; publicKey: string }>
  /** Below this many entries per worker, fewer workers are used (tests lower it). */
  readonly minEntriesPerWorker?: number
}

const PAGE = 5000
// Below this many entries a worker costs more to start than it saves.
const MIN_ENTRIES_PER_WORKER = 50_000

/**
 * Re-walks the audit chain: every entry's hash recomputed from its fields and linked to its
 * predecessor's, no number missing, the head matching the last entry, and every checkpoint's
 * signature valid and matching the entry it signed. Names the first broken entry.
 */
export async function verifyAuditLog(store: Store, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { db } = store
  const started = performance.now()
  const head = await readAuditHead(db)
  const suiteName = head.suite || 'gm'
  if (!(SUITE_NAMES as readonly string[]).includes(suiteName)) {
    throw new Error(`the audit chain records an unknown crypto suite ${JSON.stringify(suiteName)}`)
  }
  const suite = cryptoSuite(suiteName as SuiteName)
  const total = head.seq - head.anchorSeq
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.floor(total / (options.minEntriesPerWorker ?? MIN_ENTRIES_PER_WORKER))))

  const ranges = splitRange(head.anchorSeq, head.seq, workers)
  const results = await Promise.all(
    ranges.map(async (range, i) => {
      const prev = i === 0 ? { seq: head.anchorSeq, hash: head.anchorHash } : await boundary(db, range.after)
      if ('break' in prev) return { break: prev.break }
      return workers === 1
        ? verifyRange(store, suite, prev, range.to)
        : verifyRangeInWorker(store.config, suite.name, prev, range.to)
    }),
  )
  const breaks: ChainBreak[] = results.flatMap((r) => (r.break ? [r.break] : []))

  const lastHash = results.at(-1)?.lastHash
  if (breaks.length === 0 && total > 0 && lastHash !== head.hash) {
    breaks.push({ seq: head.seq, kind: 'head', message: `the chain's recorded head does not match entry ${head.seq}` })
  }

  const checkpoints = await listCheckpoints(db)
  const keys = options.trustedKeys ?? (await signingKeyMap(db))
  breaks.push(...(await checkCheckpoints(db, checkpoints, keys, head.anchorSeq)))

  const firstBreak = breaks.sort((a, b) => a.seq - b.seq)[0]
  return {
    ok: !firstBreak,
    suite: suiteName,
    entries: total,
    anchorSeq: head.anchorSeq,
    headSeq: head.seq,
    checkpoints: checkpoints.length,
    ...(firstBreak ? { firstBreak } : {}),
    durationMs: Math.round(performance.now() - started),
  }
}

function splitRange(after: number, to: number, parts: number): { after: number; to: number }[] {
  const size = Math.ceil((to - after) / parts)
  const ranges: { after: number; to: number }[] = []
  for (let start = after; start < to || ranges.length === 0; start += size) {
    ranges.push({ after: start, to: Math.min(to, start + size) })
    if (size === 0) break
  }
  return ranges
}

/** A range after the first starts from the stored hash of the entry before it. */
async function boundary(db: Kysely<Database>, seq: number): Promise<{ seq: number; hash: string } | { break: ChainBreak }> {
  const hash = await auditEntryHash(db, seq)
  if (hash === undefined) return { break: { seq, kind: 'missing', message: `entry ${seq} is missing` } }
  return { seq, hash }
}

export interface RangeResult {
  readonly break?: ChainBreak
  readonly lastHash?: string
  readonly count?: number
}

/** Verifies entries (prev.seq, to] in pages; used on this thread and inside each worker. */
export async function verifyRange(
  store: Store,
  suite: CryptoSuite,
  start: { seq: number; hash: string },
  to: number,
): Promise<RangeResult> {
  if (store.sqlite) return verifyRangeSqlite(store.sqlite, suite.hashAlgorithm, start, to)
  const { db } = store
  let prev = start
  let count = 0
  while (prev.seq < to) {
    const page = await auditEntryPage(db, prev.seq, to, PAGE)
    if (page.length === 0) {
      return { break: { seq: prev.seq + 1, kind: 'missing', message: missingTail(prev.seq + 1, to) }, count }
    }
    const run = checkRun(suite, page, prev)
    if (run.break) return { break: run.break, count }
    count += page.length
    prev = run.last
  }
  return { lastHash: prev.hash, count }
}

function missingTail(from: number, to: number): string {
  return from === to ? `entry ${from} is missing` : `entries ${from} to ${to} are missing`
}

function verifyRangeInWorker(
  storeConfig: StoreConfig,
  suite: SuiteName,
  start: { seq: number; hash: string },
  to: number,
): Promise<RangeResult> {
  const [entry, workerData] =
    storeConfig.dialect === 'sqlite'
      ? ['./audit-verify-sqlite.worker.mjs', { file: storeConfig.file, hashAlgorithm: cryptoSuite(suite).hashAlgorithm, start, to }]
      : ['./audit-verify.worker.mjs', { storeConfig, suite, start, to }]
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(entry, import.meta.url), { workerData })
    worker.once('message', (result: RangeResult) => resolve(result))
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`audit verification worker exited with code ${code}`))
    })
  })
}

async function signingKeyMap(db: Kysely<Database>): Promise<Map<string, { suite: string; publicKey: string }>> {
  const rows = await db.selectFrom('signing_keys').select(['id', 'suite', 'public_key']).execute()
  return new Map(rows.map((r) => [r.id, { suite: r.suite, publicKey: r.public_key }]))
}

type Checkpoint = { seq: number; hash: string; created_at: string; key_id: string; signature: string }
type TrustedKeys = ReadonlyMap<string, { suite: string; publicKey: string }>

/**
 * Every checkpoint must match the entry it signed. Signatures are slow to check (SM2 in
 * JavaScript, ~40 ms), and the chain links each entry to all before it, so a valid signature
 * on the newest checkpoint vouches for everything up to it: only when that one fails are all
 * signatures checked, to name the first bad checkpoint.
 */
async function checkCheckpoints(
  db: Kysely<Database>,
  checkpoints: readonly Checkpoint[],
  keys: TrustedKeys,
  anchorSeq: number,
): Promise<ChainBreak[]> {
  const breaks: ChainBreak[] = []
  for (const checkpoint of checkpoints) {
    const problem = await checkpointMatchesChain(db, checkpoint, anchorSeq)
    if (problem) breaks.push(problem)
  }
  const newest = checkpoints.at(-1)
  if (!newest || signedByTrustedKey(newest, keys)) return breaks
  for (const checkpoint of checkpoints) {
    if (!signedByTrustedKey(checkpoint, keys)) {
      breaks.push({
        seq: checkpoint.seq,
        kind: 'checkpoint',
        message: `the checkpoint at entry ${checkpoint.seq} (${checkpoint.created_at}) has no valid signature from a trusted key`,
      })
      break
    }
  }
  return breaks
}

function signedByTrustedKey(checkpoint: Checkpoint, keys: TrustedKeys): boolean {
  const key = keys.get(checkpoint.key_id)
  return (
    key !== undefined &&
    (SUITE_NAMES as readonly string[]).includes(key.suite) &&
    cryptoSuite(key.suite as SuiteName).verify(key.publicKey, checkpointMessage(checkpoint), checkpoint.signature)
  )
}

async function checkpointMatchesChain(db: Kysely<Database>, checkpoint: Checkpoint, anchorSeq: number): Promise<ChainBreak | undefined> {
  if (checkpoint.seq <= anchorSeq) return undefined
  const hash = await auditEntryHash(db, checkpoint.seq)
  if (hash === undefined) {
    return { seq: checkpoint.seq, kind: 'missing', message: `entry ${checkpoint.seq}, signed in a checkpoint, is missing` }
  }
  if (hash !== checkpoint.hash) {
    return {
      seq: checkpoint.seq,
      kind: 'checkpoint',
      message: `the log up to entry ${checkpoint.seq} was rewritten after the checkpoint signed at ${checkpoint.created_at}`,
    }
  }
  return undefined
}
