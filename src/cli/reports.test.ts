import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { NARRATIVE_KEYS } from '../modules/reports/report.ts'
import { DEFAULT_CHROMIUM } from '../platform/printer.ts'
import { chinaDate } from '../platform/time.ts'

const run = promisify(execFile)
const bin = path.resolve(import.meta.dirname, '../../bin/shuyu.mjs')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-reports-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))

const chromium = process.env.SHUYU_CHROMIUM || DEFAULT_CHROMIUM
const prints = fs.existsSync(chromium) || process.env.SHUYU_E2E_REQUIRED === '1'

async function shuyu(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: '', SHUYU_DATA_DIR: dir, SHUYU_PASSWORD_ITERATIONS: '1000', ...env },
      maxBuffer: 16 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

// The CLI runs on the embedded store of a data directory: SQLite's. The demo designates the
// operator from today, so the year of the report is this year (China time).
describe('shuyu reports', () => {
  const year = chinaDate(new Date()).slice(0, 4)

  it('creates the year\'s report, refuses to file it unwritten, writes, files and prints it', async () => {
    assert.equal((await shuyu(['demo', '--scale', '0.01'])).code, 0)
    const refused = await shuyu(['reports', 'create', '--year', year, '--as', 'fintech'])
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /primary operator/)
    const created = await shuyu(['reports', 'create', '--year', year, '--as', 'operator'])
    assert.equal(created.code, 0, created.stderr)
    assert.match(created.stdout, new RegExp(`^rpt_[0-9a-z]{20} ${year} draft: 张家口数据运营有限公司`, 'm'))
    assert.match(created.stdout, /figures SM3 [0-9a-f]{64}/)
    assert.match(created.stdout, /7 resources granted, 7 in the pool/)

    const unwritten = await shuyu(['reports', 'file', '--year', year, '--as', 'operator'])
    assert.equal(unwritten.code, 1)
    assert.match(unwritten.stderr, /refused by art27\.annual-report \(第二十七条\)/)

    const file = path.join(dir, 'narrative.json')
    fs.writeFileSync(file, JSON.stringify(Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, `${k}：本年度工作情况。`]))))
    assert.equal((await shuyu(['reports', 'narrative', '--year', year, '--as', 'operator', '--file', file])).code, 0)
    const filed = await shuyu(['reports', 'file', '--year', year, '--as', 'operator', '--json'])
    assert.equal(filed.code, 0, filed.stderr)
    const report = JSON.parse(filed.stdout)
    assert.equal(report.status, 'filed')
    assert.match(report.documentDigest, /^[0-9a-f]{64}$/)

    const shown = await shuyu(['reports', 'show', '--year', year, '--as', 'office'])
    assert.equal(shown.code, 0, shown.stderr)
    assert.match(shown.stdout, new RegExp(`${report.id} ${year} filed`))

    const html = path.join(dir, 'out', 'report.html')
    assert.equal((await shuyu(['reports', 'html', '--year', year, '--as', 'office', '--out', html])).code, 0)
    assert.equal(fs.readFileSync(html, 'utf8').match(/<svg[\s>]/g)?.length, 5)

    const missing = await shuyu(['reports', 'pdf', '--year', year, '--as', 'office', '--out', path.join(dir, 'none.pdf')], { SHUYU_CHROMIUM: '/nonexistent/chromium' })
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /needs headless Chromium.*apt-get install -y chromium/)
    if (prints) {
      const pdf = path.join(dir, 'out', 'report.pdf')
      const printed = await shuyu(['reports', 'pdf', '--year', year, '--as', 'office', '--out', pdf])
      assert.equal(printed.code, 0, printed.stderr)
      assert.match(printed.stdout, /wrote the filed annual report rpt_/)
      assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString('latin1'), '%PDF-')
    }

    const acknowledged = await shuyu(['reports', 'decide', '--year', year, '--as', 'office', '--decision', 'acknowledge'])
    assert.equal(acknowledged.code, 0, acknowledged.stderr)
    assert.match(acknowledged.stdout, new RegExp(`${year} acknowledged`))
  })
})
