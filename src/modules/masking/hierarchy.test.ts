import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { InputError } from '../../platform/errors.ts'
import { generalize } from './deid.ts'
import { parseCsv, readCsvTable, readHierarchy, tableFromCsv } from './hierarchy.ts'

const ADULT = path.resolve(import.meta.dirname, '../../../test/data/adult')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-hierarchy-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields holding delimiters, doubled quotes and line breaks', () => {
    const text = '\uFEFFname,note\r\n"Li, Hua","said ""hi"""\r\n"two\nlines",\r\nplain,x\n'
    assert.deepEqual(parseCsv(text), [['name', 'note'], ['Li, Hua', 'said "hi"'], ['two\nlines', ''], ['plain', 'x']])
  })

  it('takes another delimiter, keeps empty fields and a last line without a break', () => {
    assert.deepEqual(parseCsv('a;;c\n;b;', ';'), [['a', '', 'c'], ['', 'b', '']])
    assert.deepEqual(parseCsv(''), [])
  })

  it('refuses an unclosed quote, text after a closing quote and a bad delimiter', () => {
    assert.throws(() => parseCsv('a,"b\nc', ',', 'f.csv'), (e: unknown) => e instanceof InputError && /f\.csv: a quoted field/.test(e.message))
    assert.throws(() => parseCsv('a,"b"x\n'), /line 1: text after a closing quote/)
    assert.throws(() => parseCsv('a', '"'), /delimiter must be one character/)
  })
})

describe('tables and hierarchy files', () => {
  it('reads adult.csv: a header and 30,162 records of 9 fields', () => {
    const table = readCsvTable(`${ADULT}/adult.csv`, ';')
    assert.deepEqual(table.columns, ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation', 'salary-class'])
    assert.equal(table.rows.length, 30162)
    assert.deepEqual(table.rows[0], ['Male', '39', 'White', 'Never-married', 'Bachelors', 'United-States', 'State-gov', 'Adm-clerical', '<=50K'])
  })

  it('refuses a record of the wrong width, a repeated column and an empty file', () => {
    assert.throws(() => tableFromCsv('a,b\n1,2\n3\n', ',', 't.csv'), /t\.csv, record 2: 1 fields, the header has 2/)
    assert.throws(() => tableFromCsv('a,a\n1,2\n'), /column a appears twice/)
    assert.throws(() => tableFromCsv(''), /empty/)
    assert.throws(() => readCsvTable(path.join(dir, 'missing.csv')), /cannot read .*missing\.csv \(ENOENT\)/)
  })

  it('reads the ARX hierarchies of adult with their heights', () => {
    const age = readHierarchy(`${ADULT}/adult_hierarchy_age.csv`, 'age')
    assert.equal(age.height, 4)
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => generalize(age, '39', l)), ['39', '35-39', '30-39', '20-39', '*'])
    const heights = ['sex', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation', 'salary-class']
      .map((c) => readHierarchy(`${ADULT}/adult_hierarchy_${c}.csv`, c).height)
    assert.deepEqual(heights, [1, 1, 2, 3, 2, 2, 2, 1])
  })

  it('refuses a ragged hierarchy file, naming it', () => {
    const file = path.join(dir, 'h.csv')
    fs.writeFileSync(file, 'a;A;*\nb;*\n')
    assert.throws(() => readHierarchy(file, 'x'), /hierarchy of x, row 2 has 2 levels/)
  })
})
