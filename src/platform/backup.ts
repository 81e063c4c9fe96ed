import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { z } from 'zod'
import { auditEntryHash, readAuditHead, type AuditHead } from '../modules/audit/audit.repository.ts'
import { verifyAuditLog, type VerifyReport } from '../modules/audit/audit-verify.ts'
import { poolDir } from '../modules/pool/pool.service.ts'
import type { PlatformConfig } from './config.ts'
import { loadMasterKey, MASTER_KEY_FILE } from './crypto/master-key.ts'
import { cryptoSuite, SUITE_NAMES, type SuiteName } from './crypto/suite.ts'
import type { Database } from './db/database.ts'
import { openStore, storeConfigFromEnv } from './db/store.ts'
import { ConflictError, InputError } from './errors.ts'
import { openDataKey, platformSigningKey, type KeyRing } from './keys/keys.ts'
import type { Platform } from './platform.ts'
import { chinaTime } from './time.ts'

export const BACKUP_FORMAT = 'shuyu-backup/1'
export const MANIFEST_FILE = 'manifest.json'
const DATABASE_FILE = 'shuyu.sqlite'
const POOL = 'pool'
const ASIDE = '.before-restore-'

export const MASTER_KEY_NOTICE =
  'The master key is not in this backup. Keep it separately (master.key or SHUYU_MASTER_KEY): ' +
  'without it the wrapped data keys and signing keys in the database cannot be opened.'

const fileSchema = z.object({
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
})

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  platformVersion: z.string(),
  createdAt: z.string(),
  store: z.literal('sqlite'),
  audit: z.object({
    headSeq: z.number().int().nonnegative(),
    headHash: z.string(),
    anchorSeq: z.number().int().nonnegative(),
    entries: z.number().int().nonnegative(),
    suite: z.string(),
  }),
  masterKey: z.string(),
  notIncluded: z.array(z.string()),
  files: z.array(fileSchema).min(1),
})

export type BackupManifest = z.infer<typeof manifestSchema>
export type BackupFile = z.infer<typeof fileSchema>

/**
 * Backs up the embedded store and the pool files it references into `dir` (absent or empty),
 * while the server may be running: the database through SQLite's online backup, which yields a
 * consistent snapshot; the pool files named by that snapshot, which are immutable once written.
 * The master key is left out on purpose. On failure the directory is emptied again.
 */
export async function backupTo(platform: Platform, dir: string): Promise<BackupManifest> {
  const sqlite = embeddedSqlite(platform)
  const target = path.resolve(dir)
  prepareEmptyDir(target)
  try {
    const database = path.join(target, DATABASE_FILE)
    await sqlite.backup(database)
    const snapshot = await readSnapshot(database)
    const poolFiles = snapshot.poolFiles.map((relative) => copyPoolFile(poolDir(platform), target, relative))
    const files: BackupFile[] = []
    for (const file of [DATABASE_FILE, ...poolFiles]) files.push(await describeFile(target, file))
    const manifest = buildManifest(platform, snapshot.head, files)
    fs.writeFileSync(path.join(target, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n', { flag: 'wx', mode: 0o600 })
    return manifest
  } catch (error) {
    emptyDir(target)
    throw error
  }
}

export interface RestoreOptions {
  /** Move an existing database and pool aside (timestamped, never deleted) instead of refusing. */
  readonly force?: boolean
  /** Where DATABASE_URL and SHUYU_MASTER_KEY are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv
}

/** Whether the master key on this host opens the keys wrapped in the restored store. */
export type MasterKeyCheck = 'matches' | 'mismatch' | 'absent' | 'unchecked'

export interface RestoreResult {
  readonly manifest: BackupManifest
  readonly dataDir: string
  /** What --force moved aside, as paths inside the data directory. */
  readonly movedAside: readonly string[]
  readonly audit: VerifyReport
  /** The restored chain's head is the manifest's, or a chain that extends it. */
  readonly headMatches: boolean
  readonly masterKey: MasterKeyCheck
  readonly ok: boolean
}

/**
 * Restores a backup into the data directory of `config`: every file is checked against the
 * manifest before anything is written, the database is written last (its presence marks a
 * complete restore), then the audit chain is verified and its head compared with the manifest's.
 * The server must not be running on this data directory.
 */
export async function restoreFrom(config: PlatformConfig, dir: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const env = options.env ?? process.env
  const source = path.resolve(dir)
  const database = embeddedDatabaseFile(config, env)
  const manifest = readManifest(source)
  await assertBackupIntact(source, manifest)
  if (!options.force) assertNoStore(config.dataDir)
  const movedAside = options.force ? moveAside(config.dataDir) : []
  try {
    copyIn(source, manifest, config.dataDir, database)
  } catch (error) {
    moveBack(config.dataDir, movedAside)
    throw error
  }
  const check = await checkRestored(database, manifest, config.dataDir, env)
  return { manifest, dataDir: config.dataDir, movedAside, ...check, ok: check.audit.ok && check.headMatches && check.masterKey !== 'mismatch' }
}

/** Reads and validates `manifest.json` of a backup directory. */
export function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, MANIFEST_FILE)
  if (!fs.existsSync(file)) throw new InputError(`${dir} is not a shuyu backup: it has no ${MANIFEST_FILE}`)
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    throw new InputError(`${file} is not valid JSON`)
  }
  const parsed = manifestSchema.safeParse(raw)
  if (!parsed.success) throw new InputError(`${file} is not a ${BACKUP_FORMAT} manifest: ${parsed.error.issues[0]?.message}`)
  for (const entry of parsed.data.files) assertInsideBackup(entry.path)
  if (!parsed.data.files.some((entry) => entry.path === DATABASE_FILE)) throw new InputError(`${file} lists no ${DATABASE_FILE}`)
  return parsed.data
}

/** Every file of the manifest, present with its size and SHA-256; refuses naming all that differ. */
export async function assertBackupIntact(dir: string, manifest: BackupManifest): Promise<void> {
  const problems: string[] = []
  for (const expected of manifest.files) {
    const file = path.join(dir, expected.path)
    if (!fs.existsSync(file)) {
      problems.push(`${expected.path} is missing`)
      continue
    }
    const actual = await describeFile(dir, expected.path)
    if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) {
      problems.push(`${expected.path} differs from the manifest (SHA-256 ${actual.sha256}, ${actual.bytes} bytes)`)
    }
  }
  if (problems.length > 0) throw new InputError(`the backup in ${dir} is damaged; nothing was restored: ${problems.join('; ')}`)
}

function embeddedSqlite(platform: Platform): SqliteDatabase.Database {
  if (!platform.store.sqlite) {
    throw new InputError(`backup covers the embedded SQLite store only; for ${platform.store.description} use pg_dump (and copy the pool directory)`)
  }
  return platform.store.sqlite
}

function embeddedDatabaseFile(config: PlatformConfig, env: NodeJS.ProcessEnv): string {
  const store = storeConfigFromEnv(env, config.dataDir)
  if (store.dialect !== 'sqlite') throw new InputError('restore covers the embedded SQLite store only; with DATABASE_URL use pg_restore')
  return store.file
}

// The backup holds every personal record the platform has: only its owner may read it.
function prepareEmptyDir(dir: string): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new ConflictError(`${dir} is not empty; back up into a new or empty directory`)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
}

/** Undoes a failed backup: the directory was empty before, so all it holds is ours. */
function emptyDir(dir: string): void {
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { recursive: true, force: true })
}

/**
 * The head of the chain and the pool files, read from the copy rather than the live store, so
 * they describe exactly the snapshot. The copy leaves WAL mode: a backup is one self-contained
 * file, and the store turns WAL on again when it opens it.
 */
async function readSnapshot(file: string): Promise<{ head: AuditHead; poolFiles: string[] }> {
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = DELETE')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  try {
    const head = await readAuditHead(db)
    const rows = await db.selectFrom('pool_versions').select(['file', 'quarantine_file']).execute()
    const poolFiles = rows.flatMap((r) => [r.file, r.quarantine_file].filter((f): f is string => f !== null))
    return { head, poolFiles: [...new Set(poolFiles)].sort() }
  } finally {
    await db.destroy()
    fs.chmodSync(file, 0o600)
  }
}

/** Copies one pool file; returns its path inside the backup, with `/` on every platform. */
function copyPoolFile(pool: string, target: string, relative: string): string {
  const inBackup = [POOL, ...relative.split(path.sep)].join('/')
  assertInsideBackup(inBackup)
  const from = path.join(pool, relative)
  if (!fs.existsSync(from)) throw new ConflictError(`pool file ${relative} named by the store is missing from ${pool}`)
  const to = path.join(target, inBackup)
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 })
  fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL)
  fs.chmodSync(to, 0o600)
  return inBackup
}

// Manifest paths come from a file anyone could edit: only the database and files under pool/,
// never a path that climbs out of the backup or the data directory.
function assertInsideBackup(relative: string): void {
  const normal = path.posix.normalize(relative)
  const allowed = normal === DATABASE_FILE || (normal.startsWith(`${POOL}/`) && !normal.split('/').includes('..'))
  if (!allowed || normal !== relative || path.isAbsolute(relative)) throw new InputError(`backup path ${JSON.stringify(relative)} is not allowed`)
}

async function describeFile(root: string, relative: string): Promise<BackupFile> {
  const file = path.join(root, relative)
  const hash = createHash('sha256')
  await pipeline(fs.createReadStream(file), hash)
  return { path: relative, bytes: fs.statSync(file).size, sha256: hash.digest('hex') }
}

function buildManifest(platform: Platform, head: AuditHead, files: readonly BackupFile[]): BackupManifest {
  return {
    format: BACKUP_FORMAT,
    platformVersion: platformVersion(),
    createdAt: chinaTime(platform.clock()),
    store: 'sqlite',
    audit: { headSeq: head.seq, headHash: head.hash, anchorSeq: head.anchorSeq, entries: head.seq - head.anchorSeq, suite: head.suite },
    masterKey: MASTER_KEY_NOTICE,
    notIncluded: ['the master key', 'tmp/ (scratch space)', 'imports/ (the operator\'s source files)', 'workspaces/ (imported social data, encrypted: not yet backed up)', 'pool files no version names'],
    files: [...files],
  }
}

function platformVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }
  return pkg.version ?? 'unknown'
}

function assertNoStore(dataDir: string): void {
  const database = path.join(dataDir, DATABASE_FILE)
  if (fs.existsSync(database) || fs.existsSync(`${database}-wal`)) {
    throw new ConflictError(`${dataDir} already holds a database; restore into an empty data directory, or pass --force to move it aside`)
  }
  const pool = path.join(dataDir, POOL)
  if (fs.existsSync(pool) && fs.readdirSync(pool).length > 0) {
    throw new ConflictError(`${pool} is not empty; restore into an empty data directory, or pass --force to move it aside`)
  }
}

/**
 * --force keeps what was there under a timestamped name. The WAL goes with its database: left
 * behind, SQLite would replay the old WAL into the restored file. The pool goes too, or the
 * next start would sweep its files as unreferenced.
 */
function moveAside(dataDir: string): string[] {
  const stamp = chinaTime(new Date()).slice(0, 19).replace(/[-:]/g, '')
  const moved: string[] = []
  for (const name of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, POOL]) {
    const from = path.join(dataDir, name)
    if (!fs.existsSync(from)) continue
    const aside = unusedName(dataDir, `${name}${ASIDE}${stamp}`)
    fs.renameSync(from, path.join(dataDir, aside))
    moved.push(aside)
  }
  return moved
}

/** Undoes moveAside after a failed copy: the data directory is left as it was found. */
function moveBack(dataDir: string, movedAside: readonly string[]): void {
  for (const aside of movedAside) {
    fs.renameSync(path.join(dataDir, aside), path.join(dataDir, aside.slice(0, aside.indexOf(ASIDE))))
  }
}

// A rename onto an existing file replaces it: two restores within a second must not lose the first.
function unusedName(dir: string, name: string): string {
  let candidate = name
  for (let n = 2; fs.existsSync(path.join(dir, candidate)); n++) candidate = `${name}-${n}`
  return candidate
}

/** Pool files first, then the database through a temporary name; a failure removes what was copied. */
function copyIn(source: string, manifest: BackupManifest, dataDir: string, database: string): void {
  // Directories this restore created hold only its copies, so undoing removes them whole.
  const created: string[] = []
  const copied: string[] = []
  const staging = `${database}.restoring`
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  try {
    for (const entry of manifest.files) {
      if (entry.path === DATABASE_FILE) continue
      const to = path.join(dataDir, entry.path)
      const first = fs.mkdirSync(path.dirname(to), { recursive: true })
      if (first) created.push(first)
      fs.copyFileSync(path.join(source, entry.path), to, fs.constants.COPYFILE_EXCL)
      copied.push(to)
    }
    fs.copyFileSync(path.join(source, DATABASE_FILE), staging, fs.constants.COPYFILE_EXCL)
    copied.push(staging)
    fs.chmodSync(staging, 0o600)
    fs.renameSync(staging, database)
  } catch (error) {
    for (const file of [...copied, ...created.reverse()]) fs.rmSync(file, { recursive: true, force: true })
    throw error
  }
}

async function checkRestored(
  database: string,
  manifest: BackupManifest,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ audit: VerifyReport; headMatches: boolean; masterKey: MasterKeyCheck }> {
  // Opening migrates the schema, as the server's start would.
  const store = await openStore({ dialect: 'sqlite', file: database })
  try {
    const audit = await verifyAuditLog(store)
    const headMatches = await extendsHead(store.db, manifest.audit)
    const masterKey = await checkMasterKey(store.db, dataDir, env)
    return { audit, headMatches, masterKey }
  } finally {
    await store.close()
  }
}

async function extendsHead(db: Kysely<Database>, expected: BackupManifest['audit']): Promise<boolean> {
  const head = await readAuditHead(db)
  if (head.seq === expected.headSeq) return head.hash === expected.headHash
  return head.seq > expected.headSeq && (await auditEntryHash(db, expected.headSeq)) === expected.headHash
}

/**
 * Tries the host's master key on one key wrapped in the store. Never loads the key when there
 * is none: loading would create a new one, which opens nothing of the restored data.
 */
async function checkMasterKey(db: Kysely<Database>, dataDir: string, env: NodeJS.ProcessEnv): Promise<MasterKeyCheck> {
  const present = Boolean(env.SHUYU_MASTER_KEY?.trim()) || fs.existsSync(path.join(dataDir, MASTER_KEY_FILE))
  if (!present) return 'absent'
  const masterKey = loadMasterKey({ env: env.SHUYU_MASTER_KEY, dataDir }).key
  const ring = (suite: string): KeyRing => ({ suite: cryptoSuite(knownSuite(suite)), masterKey })
  const dataKey = await db.selectFrom('data_keys').select(['id', 'suite']).where('wrapped_key', 'is not', null).limit(1).executeTakeFirst()
  const signingKey = await db.selectFrom('signing_keys').select(['purpose', 'suite']).where('retired_at', 'is', null).limit(1).executeTakeFirst()
  // The signing key exists, so platformSigningKey only unwraps it; nothing is created.
  const open = dataKey
    ? () => openDataKey(db, ring(dataKey.suite), dataKey.id)
    : signingKey && (() => platformSigningKey(db, ring(signingKey.suite), signingKey.purpose, chinaTime(new Date())))
  if (!open) return 'unchecked'
  return open().then(
    () => 'matches' as const,
    () => 'mismatch' as const,
  )
}

function knownSuite(name: string): SuiteName {
  if (!(SUITE_NAMES as readonly string[]).includes(name)) throw new Error(`the store records an unknown crypto suite ${JSON.stringify(name)}`)
  return name as SuiteName
}
