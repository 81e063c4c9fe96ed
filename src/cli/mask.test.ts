import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { promisify } from 'node:util'

const run = promisify(execFile)
const bin = path.resolve(import.meta.dirname, '../../bin/shuyu.mjs')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-mask-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))

async function shuyu(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, SHUYU_DATA_DIR: dir, SHUYU_DEMO: '0' } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

function write(name: string, content: string): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, content)
  return file
}

describe('shuyu mask', () => {
  const table = write('people.csv', 'name,id,phone,amount\n张伟,11010519491231002X,13800138000,12\n李娜,321083197812162119,+8613912345678,13\n')

  it('scans a table and a text for identifiers', async () => {
    const scanned = await shuyu(['mask', 'scan', table])
    assert.equal(scanned.code, 0, scanned.stderr)
    assert.match(scanned.stdout, /! id \(text\): resident_id 100%/)
    assert.match(scanned.stdout, /! phone \(text\): mobile 100%/)
    assert.match(scanned.stdout, /! name \(text\): personal_name/)
    assert.match(scanned.stdout, /^ {4}amount \(integer\)$/m)
    const text = write('note.txt', '备注\n客户王芳，身份证号11010519491231002X，手机13800138000。\n')
    const found = await shuyu(['mask', 'scan', '--text', '--json', text])
    assert.equal(found.code, 0, found.stderr)
    const findings = JSON.parse(found.stdout) as { type: string; line: number }[]
    assert.deepEqual(findings.map((f) => `${f.line}:${f.type}`).filter((f) => !f.endsWith('personal_name')), ['2:resident_id', '2:mobile'])
  })

  it('applies a policy: masks keep code points, pseudonyms need a key of the caller\'s own', async () => {
    const policy = write('policy.json', JSON.stringify({ columns: { id: { kind: 'mask', keepPrefix: 6, keepSuffix: 2 }, name: { kind: 'mask', keepPrefix: 1 }, phone: { kind: 'pseudonym' } } }))
    const refused = await shuyu(['mask', 'apply', '--policy', policy, table])
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /phone: keyed operators need --key-file/)
    const key = write('key.hex', 'ab'.repeat(32))
    const out = path.join(dir, 'masked.csv')
    const applied = await shuyu(['mask', 'apply', '--policy', policy, '--key-file', key, '--out', out, table])
    assert.equal(applied.code, 0, applied.stderr)
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n')
    assert.equal(lines[0], 'name,id,phone,amount')
    assert.match(lines[1]!, /^张\*,110105\*{10}2X,P[0-9a-f]{32},12$/)
    assert.doesNotMatch(fs.readFileSync(out, 'utf8'), /13800138000|11010519491231002X/)
    const bad = await shuyu(['mask', 'apply', '--policy', write('bad.json', '{"columns":{"id":{"kind":"shred"}}}'), table])
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /columns\.id/)
  })
})
