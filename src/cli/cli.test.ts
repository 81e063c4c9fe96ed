import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { promisify } from 'node:util'
import SqliteDatabase from 'better-sqlite3'

const run = promisify(execFile)
const bin = path.resolve(import.meta.dirname, '../../bin/shuyu.mjs')
const dirs: string[] = []
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-cli-'))
  dirs.push(dir)
  return dir
}

async function shuyu(dir: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: '', SHUYU_DATA_DIR: dir, SHUYU_DEMO: '0', SHUYU_PASSWORD_ITERATIONS: '1000', ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

// The CLI runs on the embedded store of a data directory: these tests are SQLite's.
describe('shuyu CLI', () => {
  it('creates the first administrator with the demo off, and lists accounts', async () => {
    const dir = dataDir()
    const added = await shuyu(dir, ['users', 'add', '--username', 'root', '--role', 'system_admin', '--password', 'Long-Enough-Pass-1'])
    assert.equal(added.code, 0, added.stderr)
    assert.match(added.stdout, /user root .* created with roles system_admin/)
    const listed = await shuyu(dir, ['users', 'list'])
    assert.match(listed.stdout, /^root\s+system_admin/m)
    assert.doesNotMatch(listed.stdout, /fintech/, 'no demo identities with SHUYU_DEMO=0')
    const split = await shuyu(dir, ['users', 'add', '--username', 'both', '--role', 'system_admin', 'audit_admin', '--password', 'Long-Enough-Pass-1'])
    assert.equal(split.code, 1)
    assert.match(split.stderr, /may not hold system_admin and audit_admin/)
    const keyMode = fs.statSync(path.join(dir, 'master.key')).mode & 0o777
    assert.equal(keyMode, 0o600)
  })

  it('verifies an untouched log, and names the entry that was tampered with in the database', async () => {
    const dir = dataDir()
    for (const name of ['alice', 'bob', 'carol']) {
      const added = await shuyu(dir, ['users', 'add', '--username', name, '--role', 'member', '--password', 'Long-Enough-Pass-1'])
      assert.equal(added.code, 0, added.stderr)
    }
    const checkpoint = await shuyu(dir, ['audit', 'checkpoint'])
    assert.match(checkpoint.stdout, /checkpoint signed at entry 4/)
    const clean = await shuyu(dir, ['audit', 'verify'])
    assert.equal(clean.code, 0, clean.stdout + clean.stderr)
    assert.match(clean.stdout, /audit log verified: 4 entries/)

    const db = new SqliteDatabase(path.join(dir, 'shuyu.sqlite'))
    db.exec('drop trigger audit_entries_no_update')
    db.prepare("update audit_entries set detail = replace(detail, 'bob', 'mallory') where seq = 3").run()
    db.close()
    const broken = await shuyu(dir, ['audit', 'verify'])
    assert.equal(broken.code, 1)
    assert.match(broken.stdout, /AUDIT LOG BROKEN at entry 3: entry 3 was altered/)
  })

  it('exports the log as CSV and JSON, and refuses a purge inside the retention period', async () => {
    const dir = dataDir()
    await shuyu(dir, ['users', 'add', '--username', 'alice', '--role', 'member', '--password', 'Long-Enough-Pass-1'])
    const json = await shuyu(dir, ['audit', 'export', '--format', 'json'])
    const entries = JSON.parse(json.stdout) as { eventType: string }[]
    assert.deepEqual(entries.map((e) => e.eventType), ['organization.create', 'user.create', 'audit.export'])
    const csv = await shuyu(dir, ['audit', 'export', '--format', 'csv', '--event-type', 'user.*'])
    assert.equal(csv.stdout.trim().split('\r\n').length, 2)
    const purge = await shuyu(dir, ['audit', 'purge', '--before', new Date().toISOString().slice(0, 10)])
    assert.equal(purge.code, 1)
    assert.match(purge.stderr, /kept at least 6 months/)
  })

  it('shows the policy pack with its validity', async () => {
    const shown = await shuyu(dataDir(), ['policy', 'show'])
    assert.equal(shown.code, 0)
    assert.match(shown.stdout, /zhangjiakou-2025/)
    assert.match(shown.stdout, /art17\.term-max/)
  })
})
