import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { loadPolicyPack } from './policy-pack.ts'
import { packDocUrl, renderPackDoc } from './render-pack-doc.ts'

describe('the rule-pack page', () => {
  const pack = loadPolicyPack()

  it('matches the pack JSON (regenerate with render-pack-doc.ts --write)', () => {
    const committed = readFileSync(packDocUrl(pack.id), 'utf8')
    assert.equal(committed, renderPackDoc(pack))
  })

  it('has a row for every rule and every parameter', () => {
    const doc = renderPackDoc(pack)
    for (const rule of pack.rules) assert.ok(doc.includes(`| \`${rule.id}\` |`), rule.id)
    for (const name of Object.keys(pack.params)) assert.ok(doc.includes(`| \`${name}\` |`), name)
  })

  it('escapes table separators in cells', () => {
    const rule = { ...pack.rules[0]!, summaryEn: 'a | b' }
    const doc = renderPackDoc({ ...pack, rules: [rule] })
    assert.ok(doc.includes('a \\| b'))
  })
})
