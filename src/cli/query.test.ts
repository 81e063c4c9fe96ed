import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { promisify } from 'node:util'

const run = promisify(execFile)
const bin = path.resolve(import.meta.dirname, '../../bin/shuyu.mjs')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-query-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))

async function shuyu(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: '', SHUYU_DATA_DIR: dir, SHUYU_PASSWORD_ITERATIONS: '1000' },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

// The CLI runs on the embedded store of a data directory: SQLite's.
describe('shuyu query', () => {
  it('answers an aggregate in fin-credit with its checks, and refuses a row read naming the rule', async () => {
    const demo = await shuyu(['demo', '--scale', '0.02'])
    assert.equal(demo.code, 0, demo.stderr)
    const answered = await shuyu(['query', '--workspace', 'fin-credit', '--as', 'fintech', 'SELECT status, count(*) AS n FROM market_entities GROUP BY 1 ORDER BY 1'])
    assert.equal(answered.code, 0, answered.stderr)
    assert.match(answered.stdout, /^status\tn$/m)
    assert.match(answered.stdout, /^存续\t\d+$/m)
    assert.match(answered.stdout, /pass\s+min-entities/)
    const json = await shuyu(['query', '--workspace', 'fin-credit', '--as', 'fintech', '--json', 'SELECT count(*) AS n FROM water_usage'])
    assert.equal(JSON.parse(json.stdout).columns[0], 'n')
    const refused = await shuyu(['query', '--workspace', 'fin-credit', '--as', 'fintech', 'SELECT legal_rep_id, count(*) FROM market_entities GROUP BY 1'])
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /refused by art28\.no-use-beyond-scope \(第二十八条第三款\): market_entities\.legal_rep_id is not granted/)
    const operator = await shuyu(['query', '--workspace', 'fin-credit', '--as', 'operator', 'SELECT count(*) FROM water_usage'])
    assert.match(operator.stderr, /art13\.operator-no-development/)
  })
})
