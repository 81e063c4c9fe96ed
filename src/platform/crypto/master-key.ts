import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'

export const MASTER_KEY_FILE = 'master.key'

export interface MasterKey {
  readonly key: Buffer
  readonly source: 'env' | 'file' | 'created'
}

const EXPECTED_FORMAT =
  'exactly 32 bytes, written as 64 hex characters or as base64 ' +
  '(generate one with: openssl rand -hex 32)'

function parseKey(text: string): Buffer | undefined {
  const value = text.trim()
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex')
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(value)) return undefined
  const key = Buffer.from(value, 'base64')
  // The last character carries two spare bits; only the canonical spelling of a key is accepted.
  return key.toString('base64') === `${value.replace(/=$/, '')}=` ? key : undefined
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error ? String(error.code) : undefined
}

function readKeyFile(path: string): Buffer | undefined {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) throw new Error(`master key file ${path} is not a regular file`)
    // Windows has no such mode bits; there the directory's ACL has to protect the file.
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0)
      throw new Error(
        `master key file ${path} is accessible to group or others ` +
          `(mode ${(stat.mode & 0o777).toString(8)}); restrict it with: chmod 600 ${path}`,
      )
    const key = parseKey(readFileSync(fd, 'utf8'))
    if (!key) throw new Error(`${path} is not a valid master key: expected ${EXPECTED_FORMAT}`)
    return key
  } finally {
    closeSync(fd)
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Not every platform can fsync a directory; the file itself is already on disk.
  }
}

// The key is written in full to a private temporary file, then hard-linked to its name: the link
// is atomic and fails if the name exists, so a process racing us never reads a half-written key
// and never overwrites one that another process created first.
function createKeyFile(dataDir: string, path: string): MasterKey {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  const temp = `${path}.${randomBytes(8).toString('hex')}.tmp`
  const fd = openSync(temp, 'wx', 0o600)
  try {
    writeSync(fd, `${key.toString('hex')}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    linkSync(temp, path)
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error
    const existing = readKeyFile(path)
    if (!existing) throw new Error(`master key file ${path} exists but cannot be opened`)
    return { key: existing, source: 'file' }
  } finally {
    unlinkSync(temp)
  }
  syncDirectory(dataDir)
  return { key, source: 'created' }
}

/**
 * The 32-byte master key everything else is derived from. `env` is the value of
 * SHUYU_MASTER_KEY; when it is unset or empty the key lives in `<dataDir>/master.key` (mode
 * 0600), created on first start. Errors say what is expected and never echo a key.
 */
export function loadMasterKey(options: { env?: string; dataDir: string }): MasterKey {
  if (options.env !== undefined && options.env.trim() !== '') {
    const key = parseKey(options.env)
    if (!key)
      throw new Error(`SHUYU_MASTER_KEY is not a valid master key: expected ${EXPECTED_FORMAT}`)
    return { key, source: 'env' }
  }
  const path = join(options.dataDir, MASTER_KEY_FILE)
  const key = readKeyFile(path)
  return key ? { key, source: 'file' } : createKeyFile(options.dataDir, path)
}
