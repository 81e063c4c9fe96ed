import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { FEATURE_SQL, FEATURES, TRAINING_SQL } from '../../test/products.ts'

const run = promisify(execFile)
const bin = path.resolve(import.meta.dirname, '../../bin/shuyu.mjs')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-products-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))

async function shuyu(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: '', SHUYU_DATA_DIR: dir, SHUYU_PASSWORD_ITERATIONS: '1000' },
      maxBuffer: 16 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

function file(name: string, value: unknown): string {
  const target = path.join(dir, name)
  fs.writeFileSync(target, JSON.stringify(value))
  return target
}

// The CLI runs on the embedded store of a data directory: SQLite's.
describe('shuyu models, products and registrations', () => {
  it('trains a scorecard, declares, submits and approves an API product, and applies for its registration', async () => {
    assert.equal((await shuyu(['demo', '--scale', '0.05'])).code, 0)
    const trained = await shuyu(['models', 'train', '--workspace', 'fin-credit', '--as', 'fintech', '--json', '--file', file('train.json', { name: 'sme-scorecard', kind: 'scorecard', sql: TRAINING_SQL, target: 'bad', features: FEATURES, options: { outputStep: 20 } })])
    assert.equal(trained.code, 0, trained.stderr)
    const model = JSON.parse(trained.stdout)
    assert.equal(model.kind, 'scorecard')
    const declared = await shuyu(['products', 'declare', '--workspace', 'fin-credit', '--as', 'fintech', '--json', '--file', file('product.json', {
      kind: 'api', name: '小微企业信用评分', description: '按统一社会信用代码返回评分与等级', spec: { kind: 'api', modelId: model.id, featureSql: FEATURE_SQL }, pricing: { model: 'per-call', yuanPerCall: 0.5 },
    })])
    assert.equal(declared.code, 0, declared.stderr)
    const code = JSON.parse(declared.stdout).code as string
    const submitted = await shuyu(['products', 'submit', code, '--as', 'fintech'])
    // Scores in steps of 20 keep every released score shared by 10 enterprises even in this small world.
    assert.equal(model.release.releasable, true, JSON.stringify(model.release.findings))
    assert.equal(submitted.code, 0, submitted.stderr)
    assert.match(submitted.stdout, new RegExp(`^${code} api submitted`, 'm'))
    assert.match(submitted.stdout, /review personal-information-or-trade-secret/)
    const refused = await shuyu(['products', 'review', code, '--as', 'operator', '--decision', 'approve', '--reasons', '同意'])
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /reviewer of the primary operator/)
    const reviewed = await shuyu(['products', 'review', code, '--as', 'reviewer', '--decision', 'approve', '--reasons', '输出仅含评分与等级'])
    assert.equal(reviewed.code, 0, reviewed.stderr)
    assert.match(reviewed.stdout, new RegExp(`^${code} api approved`, 'm'), 'general-2 data: one reviewer approves')
    const applied = await shuyu(['registrations', 'apply', '--as', 'fintech', '--json', '--file', file('registration.json', { subjectType: 'product', subjectCode: code, kind: 'first', rights: '依协议约定', documents: [{ name: '产品说明书', hash: 'a'.repeat(64) }] })])
    assert.equal(applied.code, 0, applied.stderr)
    const id = JSON.parse(applied.stdout).id as string
    assert.equal((await shuyu(['registrations', 'accept', id, '--as', 'bureau', '--note', '材料齐全'])).code, 0)
    const notice = await shuyu(['registrations', 'approve', id, '--as', 'bureau', '--note', '形式审查通过'])
    assert.equal(notice.code, 0, notice.stderr)
    assert.match(notice.stdout, /notice \(notice until \d{4}-\d{2}-\d{2}\)/)
    const early = await shuyu(['registrations', 'issue', id, '--as', 'bureau'])
    assert.equal(early.code, 1, 'no code before the public notice ends')
  })
})
