import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, afterEach, describe, it } from 'node:test'
import { Command } from 'commander'
import { InputError } from '../platform/errors.ts'
import { deidCommand } from './deid.ts'

const ADULT = path.resolve(import.meta.dirname, '../../test/data/adult')
const QIS = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation', 'salary-class']
const HIERARCHIES = QIS.flatMap((c) => ['--hierarchy', `${c}=${ADULT}/adult_hierarchy_${c}.csv`])
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-deid-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))
// A failed check sets the exit code of the process it runs in: this one's, here.
afterEach(() => {
  process.exitCode = 0
})

/** Runs `shuyu deid …` in this process; returns the printed lines and the exit code it set. */
async function deid(args: string[]): Promise<{ lines: string[]; exitCode: number }> {
  const lines: string[] = []
  process.exitCode = 0
  const program = new Command('shuyu').exitOverride().addCommand(deidCommand((line) => lines.push(line)))
  await program.parseAsync(['deid', ...args], { from: 'user' })
  return { lines, exitCode: Number(process.exitCode ?? 0) }
}

describe('shuyu deid check', () => {
  it('reproduces ARX vector 4.9 on adult.csv with the k=5, 4% transformation', async () => {
    const { lines, exitCode } = await deid(['check', `${ADULT}/adult.csv`, '--delimiter', ';', '--qi', QIS.join(','), '--k', '5', '--suppression', '0.04', ...HIERARCHIES, '--levels', '1,0,1,1,3,2,2,0,1'])
    const text = lines.join('\n')
    assert.equal(exitCode, 0)
    assert.match(text, /记录 records: 30162/)
    assert.match(text, /满足 PASS/)
    assert.match(text, /equivalence classes: 1498 \(452 suppressed, 1046 remain\)/)
    assert.match(text, /suppressed records: 906 \(3\.004%\)/)
    assert.match(text, /class size: min 5,/)
  })

  it('prints JSON, and exits 1 when k=100 without suppression fails', async () => {
    const { lines, exitCode } = await deid(['check', `${ADULT}/adult.csv`, '--delimiter', ';', '--qi', QIS.join(','), '--k', '100', ...HIERARCHIES, '--levels', '1,1,1,1,3,2,2,1,1', '--json'])
    const json = JSON.parse(lines.join('\n'))
    assert.equal(exitCode, 1)
    assert.deepEqual([json.report.anonymous, json.report.classes, json.report.outliers, json.report.suppressed], [false, 90, 866, 0])
    const passed = await deid(['check', `${ADULT}/adult.csv`, '--delimiter', ';', '--qi', QIS.join(','), '--k', '100', '--suppression', '0.04', ...HIERARCHIES, '--levels', '1,1,1,1,3,2,2,1,1', '--json'])
    assert.deepEqual([JSON.parse(passed.lines.join('\n')).report.suppressed, passed.exitCode], [866, 0])
  })

  it('searches with ℓ-diversity and t-closeness, and checks a quoted CSV without hierarchies', async () => {
    const searched = await deid(['check', `${ADULT}/adult.csv`, '--delimiter', ';', '--qi', 'sex,age,race,education', '--k', '5', '--suppression', '0.02', ...HIERARCHIES, '--search', '--sensitive', 'occupation', '--l', '3', '--l-kind', 'entropy', '--t', '0.3'])
    const text = searched.lines.join('\n')
    assert.equal(searched.exitCode, 0)
    assert.match(text, /搜索 search: 80 transformations in the lattice, \d+ evaluations/)
    assert.match(text, /entropy ℓ-diversity of occupation: smallest ℓ [3-9]/)
    assert.match(text, /t-closeness of occupation \(equal EMD\): largest distance 0\.[0-2]/)

    const file = path.join(dir, 'people.csv')
    fs.writeFileSync(file, 'city,district,note\n"Hangzhou, ZJ",西湖,"a ""b"""\n"Hangzhou, ZJ",西湖,x\n"Hangzhou, ZJ",上城,y\n')
    const flat = await deid(['check', file, '--qi', 'city,district', '--k', '2', '--suppression', '0.34', '--json'])
    const report = JSON.parse(flat.lines.join('\n')).report
    assert.deepEqual([report.anonymous, report.classes, report.suppressed], [true, 2, 1])
  })

  it('refuses bad input with an InputError', async () => {
    const base = ['check', `${ADULT}/adult.csv`, '--delimiter', ';', '--qi', QIS.join(','), ...HIERARCHIES]
    await assert.rejects(deid([...base, '--k', '0']), (e: unknown) => e instanceof InputError && /k must be an integer/.test(e.message))
    await assert.rejects(deid([...base, '--k', '5', '--suppression', '1.2']), /suppression limit must be a share/)
    await assert.rejects(deid([...base, '--k', '5', '--levels', '1,0,1']), /3 levels for 9 quasi-identifiers/)
    await assert.rejects(deid([...base, '--k', '5', '--levels', '2,0,1,1,3,2,2,0,1']), /level 2 of sex is outside 0\.\.1/)
    await assert.rejects(deid(['check', `${ADULT}/adult.csv`, '--delimiter', ';', '--qi', 'sex,income', '--k', '5']), /unknown quasi-identifier column income/)
    await assert.rejects(deid([...base, '--k', '5', '--l', '2']), /--l and --t need --sensitive/)
  })
})
