import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { sampleEntry, testResidentId, testUscc } from '../../test/catalog.ts'
import { readAuditHead } from '../modules/audit/audit.repository.ts'
import { createCheckpoint } from '../modules/audit/audit.service.ts'
import { compileEntry, reviewEntry, submitEntry } from '../modules/catalog/catalog.service.ts'
import { seedDemoIdentities } from '../modules/demo/demo-identities.ts'
import { actAs, listAllUsers } from '../modules/identity/identity.service.ts'
import { loadVersion, poolDir } from '../modules/pool/pool.service.ts'
import { backupTo, MANIFEST_FILE, restoreFrom } from './backup.ts'
import { configFromEnv, type PlatformConfig } from './config.ts'
import { sqlString } from './engine/engine.ts'
import { closePlatform, openPlatform, type Platform } from './platform.ts'

const cleanups: (() => unknown)[] = []
after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const CODE = '130700-SCJG-0001'

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

function configFor(dataDir: string): PlatformConfig {
  return configFromEnv({ SHUYU_DEMO: '0', SHUYU_DATA_DIR: dataDir, SHUYU_PASSWORD_ITERATIONS: '1000', SHUYU_REQUIRE_TOTP: '0' })
}

// Backup is the embedded store's: the platform keeps its SQLite file and master key in its data
// directory, as on a real host (test/platform.ts puts the store elsewhere and the key in memory).
async function hostPlatform(dataDir = tempDir('shuyu-data-')): Promise<Platform> {
  const platform = await openPlatform(configFor(dataDir), { env: {} })
  cleanups.push(() => closePlatform(platform))
  return platform
}

/** Identities, an approved catalog entry, a held pool version with a quarantine file, a checkpoint. */
async function populated(): Promise<Platform> {
  const platform = await hostPlatform()
  await seedDemoIdentities(platform)
  const sector = await actAs(platform, 'sector-mr', 'test')
  await compileEntry(platform, sector, sampleEntry())
  await submitEntry(platform, sector, CODE)
  await reviewEntry(platform, await actAs(platform, 'bureau', 'test'), CODE, 1, 'approve', undefined)
  const rows = Array.from({ length: 20 }, (_, i) => [testUscc(i), `张家口测试${i}有限公司`, testResidentId(i), '13903130000', i === 0 ? '营业' : '存续'].join(','))
  const file = path.join(tempDir('shuyu-load-'), 'upload.csv')
  fs.writeFileSync(file, ['uscc,name,legal_rep_id,legal_rep_phone,status', ...rows].join('\n') + '\n')
  await loadVersion(platform, await actAs(platform, 'src-mr', 'test'), CODE, { file, format: 'csv', kind: 'upload', name: 'upload.csv' })
  await createCheckpoint(platform)
  return platform
}

async function countRows(platform: Platform, file: string): Promise<number> {
  const connection = await platform.engine.connect()
  try {
    const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${sqlString(file)})`)
    return Number(reader.getRowObjectsJS()[0]!.n)
  } finally {
    connection.closeSync()
  }
}

function copyKey(from: Platform, toDir: string): void {
  fs.copyFileSync(path.join(from.config.dataDir, 'master.key'), path.join(toDir, 'master.key'))
  fs.chmodSync(path.join(toDir, 'master.key'), 0o600)
}

describe('backup and restore (SQLite)', () => {
  it('round-trips users, pool versions and the audit chain, and leaves out the master key', async () => {
    const source = await populated()
    const head = await readAuditHead(source.store.db)
    const dir = path.join(tempDir('shuyu-backup-'), 'b1')
    const manifest = await backupTo(source, dir)

    assert.deepEqual([manifest.audit.headSeq, manifest.audit.headHash], [head.seq, head.hash])
    assert.equal(manifest.audit.entries, head.seq)
    const paths = manifest.files.map((f) => f.path)
    assert.equal(paths[0], 'shuyu.sqlite')
    assert.equal(paths.filter((p) => p.startsWith('pool/market_entities/')).length, 2, 'the version and its quarantine file')
    assert.ok(!fs.existsSync(path.join(dir, 'master.key')))
    assert.match(manifest.masterKey, /not in this backup/)
    assert.deepEqual(fs.readdirSync(dir).sort(), [MANIFEST_FILE, 'pool', 'shuyu.sqlite'], 'one self-contained database file, no WAL')

    const target = tempDir('shuyu-restored-')
    copyKey(source, target)
    const result = await restoreFrom(configFor(target), dir, { env: {} })
    assert.ok(result.ok)
    assert.ok(result.audit.ok)
    assert.equal(result.audit.headSeq, head.seq)
    assert.ok(result.headMatches)
    assert.equal(result.masterKey, 'matches')

    const restored = await hostPlatform(target)
    const usernames = async (p: Platform) => (await listAllUsers(p)).map((u) => u.username).sort()
    assert.deepEqual(await usernames(restored), await usernames(source))
    assert.deepEqual(await readAuditHead(restored.store.db), head)
    const versions = await restored.store.db.selectFrom('pool_versions').select(['file', 'rows_loaded']).execute()
    assert.equal(versions.length, 1)
    assert.equal(await countRows(restored, path.join(poolDir(restored), versions[0]!.file)), versions[0]!.rows_loaded)
  })

  it('refuses a damaged backup before writing anything', async () => {
    const source = await populated()
    const dir = path.join(tempDir('shuyu-backup-'), 'b')
    const manifest = await backupTo(source, dir)
    const poolFile = path.join(dir, manifest.files.find((f) => f.path.startsWith('pool/'))!.path)
    const bytes = fs.readFileSync(poolFile)
    bytes[bytes.length >> 1]! ^= 0xff
    fs.writeFileSync(poolFile, bytes)

    const target = tempDir('shuyu-restored-')
    await assert.rejects(restoreFrom(configFor(target), dir, { env: {} }), /damaged; nothing was restored: pool\/market_entities\/.* differs/)
    assert.deepEqual(fs.readdirSync(target), [])
  })

  it('refuses a data directory that holds a database unless --force, which moves it aside', async () => {
    const source = await populated()
    const dir = path.join(tempDir('shuyu-backup-'), 'b')
    await backupTo(source, dir)
    await assert.rejects(restoreFrom(source.config, dir, { env: {} }), { name: 'ConflictError', message: /already holds a database/ })

    const target = tempDir('shuyu-restored-')
    await restoreFrom(configFor(target), dir, { env: {} })
    const result = await restoreFrom(configFor(target), dir, { env: {}, force: true })
    assert.ok(result.ok)
    assert.equal(result.masterKey, 'absent')
    assert.deepEqual(result.movedAside.map((name) => name.replace(/\d{8}T\d{6}$/, 'T')), ['shuyu.sqlite.before-restore-T', 'pool.before-restore-T'])
    for (const name of result.movedAside) assert.ok(fs.existsSync(path.join(target, name)), `${name} kept`)

    fs.writeFileSync(path.join(target, 'master.key'), `${'ab'.repeat(32)}\n`, { mode: 0o600 })
    const wrongKey = await restoreFrom(configFor(target), dir, { env: {}, force: true })
    assert.equal(wrongKey.masterKey, 'mismatch')
    assert.equal(wrongKey.ok, false)
    assert.equal(wrongKey.movedAside.length, 2, 'moved beside, not over, what the first --force moved aside')
    assert.equal(fs.readdirSync(target).filter((name) => name.includes('.before-restore-')).length, 4)
  })

  it('puts back what --force moved aside when the copy fails', async () => {
    const source = await populated()
    const dir = path.join(tempDir('shuyu-backup-'), 'b')
    await backupTo(source, dir)
    const target = tempDir('shuyu-restored-')
    await restoreFrom(configFor(target), dir, { env: {} })
    const before = fs.readdirSync(target).sort()
    fs.mkdirSync(path.join(target, 'shuyu.sqlite.restoring'))

    await assert.rejects(restoreFrom(configFor(target), dir, { env: {}, force: true }), { code: 'EEXIST' })
    assert.deepEqual(fs.readdirSync(target).sort(), [...before, 'shuyu.sqlite.restoring'].sort())
    assert.equal(fs.readdirSync(path.join(target, 'pool', 'market_entities')).length, 2)
  })

  it('refuses a non-empty backup directory, and PostgreSQL', async () => {
    const source = await populated()
    const dir = tempDir('shuyu-backup-')
    fs.writeFileSync(path.join(dir, 'other'), 'x')
    await assert.rejects(backupTo(source, dir), /is not empty/)
    const { sqlite: _, ...postgresLike } = source.store
    await assert.rejects(backupTo({ ...source, store: postgresLike }, tempDir('shuyu-backup-')), /use pg_dump/)
    await assert.rejects(restoreFrom(configFor(tempDir('shuyu-restored-')), dir, { env: { DATABASE_URL: 'postgres://localhost/shuyu' } }), /use pg_restore/)
  })
})

const run = promisify(execFile)
const bin = path.resolve(import.meta.dirname, '../../bin/shuyu.mjs')

async function shuyu(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: '', SHUYU_MASTER_KEY: '', SHUYU_DATA_DIR: dataDir, SHUYU_DEMO: '0', SHUYU_PASSWORD_ITERATIONS: '1000' },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('shuyu backup and restore', () => {
  it('backs up one data directory and restores it into another, whose chain then verifies', async () => {
    const from = tempDir('shuyu-cli-')
    const added = await shuyu(from, ['users', 'add', '--username', 'root', '--role', 'system_admin', '--password', 'Long-Enough-Pass-1'])
    assert.equal(added.code, 0, added.stderr)
    assert.equal((await shuyu(from, ['audit', 'checkpoint'])).code, 0)
    const dir = path.join(tempDir('shuyu-backup-'), 'b')
    const backup = await shuyu(from, ['backup', dir])
    assert.equal(backup.code, 0, backup.stderr)
    assert.match(backup.stdout, /backup written to .*: 1 files \(the database and 0 pool files\)/)
    assert.match(backup.stdout, /audit chain head at backup: entry 2 /)
    assert.match(backup.stdout, /master key is not in this backup/)

    const to = tempDir('shuyu-cli-')
    fs.copyFileSync(path.join(from, 'master.key'), path.join(to, 'master.key'))
    fs.chmodSync(path.join(to, 'master.key'), 0o600)
    const restore = await shuyu(to, ['restore', dir])
    assert.equal(restore.code, 0, restore.stdout + restore.stderr)
    assert.match(restore.stdout, /audit log verified: 2 entries/)
    assert.match(restore.stdout, /head matches the backup's: entry 2/)
    assert.match(restore.stdout, /master key: present, and it opens the restored keys/)
    assert.match((await shuyu(to, ['users', 'list'])).stdout, /^root\s+system_admin/m)
    const verify = await shuyu(to, ['audit', 'verify'])
    assert.equal(verify.code, 0, verify.stdout)
    assert.match(verify.stdout, /audit log verified: 3 entries/, 'the restore itself is recorded')

    const again = await shuyu(to, ['restore', dir])
    assert.equal(again.code, 1)
    assert.match(again.stderr, /already holds a database/)
  })
})
