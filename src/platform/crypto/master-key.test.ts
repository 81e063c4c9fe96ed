import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { loadMasterKey, MASTER_KEY_FILE } from './master-key.ts'

const tempDirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shuyu-master-key-'))
  tempDirs.push(dir)
  return dir
}
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})

describe('loadMasterKey from SHUYU_MASTER_KEY', () => {
  const key = randomBytes(32)

  it('takes 64 hex characters, either case, surrounding whitespace ignored', () => {
    const hexKey = key.toString('hex')
    for (const env of [hexKey, hexKey.toUpperCase(), ` ${hexKey}\n`])
      assert.deepEqual(loadMasterKey({ env, dataDir: tempDir() }), { key, source: 'env' })
  })

  it('takes base64, with or without its padding', () => {
    const base64 = key.toString('base64')
    for (const env of [base64, base64.replace(/=$/, '')])
      assert.deepEqual(loadMasterKey({ env, dataDir: tempDir() }), { key, source: 'env' })
  })

  it('wins over an existing key file, and does not create one', () => {
    const dataDir = tempDir()
    loadMasterKey({ dataDir })
    assert.deepEqual(loadMasterKey({ env: key.toString('hex'), dataDir }).key, key)
    const fresh = tempDir()
    loadMasterKey({ env: key.toString('hex'), dataDir: fresh })
    assert.deepEqual(readdirSync(fresh), [])
  })

  it('refuses anything else, saying what is expected and never echoing the value', () => {
    const bad = [
      key.toString('hex').slice(2),
      `${key.toString('hex')}00`,
      randomBytes(31).toString('base64'),
      randomBytes(33).toString('base64'),
      Buffer.alloc(32, 0xfb).toString('base64url'), // '-' and '_': not the base64 alphabet
      'correct horse battery staple',
    ]
    for (const env of bad) {
      assert.throws(
        () => loadMasterKey({ env, dataDir: tempDir() }),
        (error: Error) => {
          assert.match(error.message, /SHUYU_MASTER_KEY.*64 hex characters or as base64/)
          assert.ok(!error.message.includes(env.trim()), 'the message echoes the value')
          return true
        },
      )
    }
  })

  it('treats an empty value as unset', () => {
    assert.equal(loadMasterKey({ env: '', dataDir: tempDir() }).source, 'created')
  })
})

describe('loadMasterKey from the data directory', () => {
  it('creates a 32-byte key on first start, mode 0600, in a directory it creates', () => {
    const dataDir = join(tempDir(), 'nested', 'data')
    const created = loadMasterKey({ dataDir })
    assert.equal(created.source, 'created')
    assert.equal(created.key.length, 32)
    const path = join(dataDir, MASTER_KEY_FILE)
    assert.equal(statSync(path).mode & 0o777, 0o600)
    assert.equal(statSync(dataDir).mode & 0o077, 0)
    assert.equal(readFileSync(path, 'utf8'), `${created.key.toString('hex')}\n`)
    assert.deepEqual(readdirSync(dataDir), [MASTER_KEY_FILE])
  })

  it('reads the same key on the next start', () => {
    const dataDir = tempDir()
    const created = loadMasterKey({ dataDir })
    assert.deepEqual(loadMasterKey({ dataDir }), { key: created.key, source: 'file' })
  })

  it('reads a key file an operator wrote in base64', () => {
    const dataDir = tempDir()
    const key = randomBytes(32)
    writeFileSync(join(dataDir, MASTER_KEY_FILE), key.toString('base64'), { mode: 0o600 })
    assert.deepEqual(loadMasterKey({ dataDir }), { key, source: 'file' })
  })

  it('refuses a key file that group or others can read', () => {
    const dataDir = tempDir()
    loadMasterKey({ dataDir })
    const path = join(dataDir, MASTER_KEY_FILE)
    for (const mode of [0o644, 0o640, 0o604]) {
      chmodSync(path, mode)
      assert.throws(() => loadMasterKey({ dataDir }), /accessible to group or others.*chmod 600/)
    }
  })

  it('refuses a key file that does not hold a key, without echoing it', () => {
    const dataDir = tempDir()
    const content = 'abcd'.repeat(15)
    writeFileSync(join(dataDir, MASTER_KEY_FILE), content, { mode: 0o600 })
    assert.throws(
      () => loadMasterKey({ dataDir }),
      (error: Error) => {
        assert.match(error.message, /master\.key is not a valid master key: expected exactly 32/)
        assert.ok(!error.message.includes(content))
        return true
      },
    )
  })

  it('gives every process starting at once the same key, created by exactly one', async () => {
    const dataDir = tempDir()
    const moduleUrl = new URL('./master-key.ts', import.meta.url).href
    const script = `
      const { loadMasterKey } = await import(${JSON.stringify(moduleUrl)})
      const { key, source } = loadMasterKey({ dataDir: ${JSON.stringify(dataDir)} })
      console.log(source, key.toString('hex'))`
    const run = promisify(execFile)
    const cwd = fileURLToPath(new URL('../../..', import.meta.url))
    const args = ['--import', 'tsx', '--input-type=module', '--eval', script]
    const results = await Promise.all(
      Array.from({ length: 6 }, () => run(process.execPath, args, { cwd })),
    )
    const lines = results.map((result) => result.stdout.trim().split(' '))
    assert.equal(lines.filter(([source]) => source === 'created').length, 1)
    assert.equal(new Set(lines.map(([, key]) => key)).size, 1)
    assert.deepEqual(readdirSync(dataDir), [MASTER_KEY_FILE])
  })
})
