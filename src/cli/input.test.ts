import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { z } from 'zod'
import { InputError } from '../platform/errors.ts'
import { readInput } from './authorizations.ts'

/** Every --file goes through readInput: a bad file is one clear refusal, never a hang or a dump. */
describe('the CLI reading a --file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-input-'))
  after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const schema = z.object({ name: z.string() }).strict()
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name)
    fs.writeFileSync(file, content)
    return file
  }
  const refuses = (file: string, pattern: RegExp, secret?: string) =>
    assert.throws(
      () => readInput(file, schema),
      (error: unknown) => error instanceof InputError && pattern.test(error.message) && (secret === undefined || !error.message.includes(secret)),
    )

  it('reads JSON, with or without a byte-order mark', () => {
    assert.deepEqual(readInput(write('plain.json', '{"name":"数域"}'), schema), { name: '数域' })
    assert.deepEqual(readInput(write('bom.json', '\uFEFF{"name":"数域"}'), schema), { name: '数域' })
  })

  it('refuses a missing file, a directory, a device, a FIFO and a file too large, without reading them', () => {
    refuses(path.join(dir, 'missing.json'), /no file/)
    refuses(dir, /not a regular file/)
    refuses('/dev/zero', /not a regular file/)
    const fifo = path.join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    refuses(fifo, /not a regular file/)
    const large = path.join(dir, 'large.json')
    fs.closeSync(fs.openSync(large, 'w'))
    fs.truncateSync(large, 17 * 1024 * 1024)
    refuses(large, /at most 16777216 are read/)
  })

  it('says where a file stops being JSON, never what it holds', () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash'
    refuses(write('passwd', `${secret}\n`), /is not JSON/, secret)
    const link = path.join(dir, 'link.json')
    fs.symlinkSync(path.join(dir, 'passwd'), link)
    refuses(link, /is not JSON/, 'root:x')
    refuses(write('shape.json', '{"name":1}'), /is not valid:\n {2}name:/)
  })
})
