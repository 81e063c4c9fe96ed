import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { findRule, loadPolicyPack } from '../modules/policy/policy-pack.ts'
import { STANDARD_RULES } from '../platform/standard-rules.ts'

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : []
  })
}

describe('rule citations', () => {
  it('every rule the code refuses with exists in the policy pack or the standards, so refusals can cite it', () => {
    const pack = loadPolicyPack()
    const src = path.resolve(import.meta.dirname, '..')
    const cited = new Map<string, string>()
    for (const file of sourceFiles(src)) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/RuleViolation\(\s*'([^']+)'/g)) cited.set(match[1]!, path.relative(src, file))
    }
    assert.ok(cited.size > 0)
    const unknown = [...cited].filter(([rule]) => !findRule(pack, rule) && !STANDARD_RULES[rule])
    assert.deepEqual(unknown, [])
  })
})
