import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { InputError } from '../../platform/errors.ts'
import { decryptDeterministic, maskingKeys, type ColumnKind } from './operators.ts'
import { applyPolicy, maskingPolicySchema, type MaskingPolicy } from './policy.ts'

const keys = maskingKeys(randomBytes(32))
const DAY_MS = 86_400_000

const kinds: Record<string, ColumnKind> = {
  id: 'text',
  name: 'text',
  mobile: 'integer',
  age: 'integer',
  region: 'text',
  visit: 'date',
  amount: 'number',
}

function people(): Record<string, unknown>[] {
  return [
    { id: '11010519491231002X', name: '张三', mobile: 13800138000n, age: 39, region: '110105', visit: new Date('2024-03-01T00:00:00Z'), amount: 1234.5 },
    { id: '11010519491231002X', name: '张三', mobile: 13800138000n, age: 39, region: '110105', visit: new Date('2024-03-11T00:00:00Z'), amount: 99 },
    { id: '33010219200403064X', name: '欧阳娜娜', mobile: null, age: 40, region: '330102', visit: new Date('2024-03-01T00:00:00Z'), amount: 5000 },
  ]
}

const policy: MaskingPolicy = {
  columns: {
    id: { kind: 'pseudonym' },
    name: { kind: 'mask', keepPrefix: 1 },
    mobile: { kind: 'encrypt' },
    age: { kind: 'generalize-age', width: 10 },
    region: { kind: 'generalize-region', digits: 2 },
    visit: { kind: 'date-shift', maxDays: 30 },
  },
}

describe('maskingPolicySchema', () => {
  it('accepts a policy and refuses extra fields, bad names and bad operators', () => {
    assert.deepEqual(maskingPolicySchema.parse(policy), policy)
    assert.equal(maskingPolicySchema.safeParse({ columns: {}, extra: 1 }).success, false)
    assert.equal(maskingPolicySchema.safeParse({ columns: { '': { kind: 'redact' } } }).success, false)
    assert.equal(maskingPolicySchema.safeParse({ columns: { ['c'.repeat(129)]: { kind: 'redact' } } }).success, false)
    assert.equal(maskingPolicySchema.safeParse({ columns: { c: { kind: 'range', width: 0 } } }).success, false)
    assert.equal(maskingPolicySchema.safeParse({ columns: { c: { kind: 'redact', x: 1 } } }).success, false)
    assert.equal(maskingPolicySchema.safeParse({}).success, false)
  })
})

describe('applyPolicy', () => {
  it('masks the policy columns, keeps the others and never mutates its input', () => {
    const input = people()
    const before = structuredClone(input)
    const out = applyPolicy(policy, input, kinds, keys, { contextColumn: 'id' })
    assert.deepEqual(input, before)
    assert.notEqual(out[0], input[0])

    assert.match(out[0]!.id as string, /^P[0-9a-f]{32}$/)
    assert.equal(out[0]!.id, out[1]!.id)
    assert.notEqual(out[0]!.id, out[2]!.id)
    assert.deepEqual(out.map((r) => r.name), ['张*', '张*', '欧***'])
    assert.equal(decryptDeterministic(keys, out[0]!.mobile as string), '13800138000')
    assert.equal(out[2]!.mobile, null)
    assert.deepEqual(out.map((r) => r.age), ['30-39', '30-39', '40-49'])
    assert.deepEqual(out.map((r) => r.region), ['110000', '110000', '330000'])
    assert.deepEqual(out.map((r) => r.amount), [1234.5, 99, 5000])
  })

  it('shifts the dates of one context together', () => {
    const out = applyPolicy(policy, people(), kinds, keys, { contextColumn: 'id' })
    const [a, b] = [out[0]!.visit as Date, out[1]!.visit as Date]
    assert.equal(b.getTime() - a.getTime(), 10 * DAY_MS)
    const shift = (a.getTime() - Date.UTC(2024, 2, 1)) / DAY_MS
    assert.ok(shift !== 0 && Math.abs(shift) <= 30)
  })

  it('refuses a column absent from the data, a kind the operator does not fit and missing keys', () => {
    assert.throws(
      () => applyPolicy({ columns: { email: { kind: 'redact' } } }, people(), kinds),
      (e: unknown) => e instanceof InputError && e.message.includes('email'),
    )
    assert.throws(
      () => applyPolicy({ columns: { name: { kind: 'generalize-age', width: 10 } } }, people(), kinds),
      /generalize-age.*text/,
    )
    assert.throws(() => applyPolicy({ columns: { id: { kind: 'pseudonym' } } }, people(), kinds), InputError)
    assert.throws(
      () => applyPolicy({ columns: { id: { kind: 'redact' } } }, people(), kinds, undefined, { contextColumn: 'nope' }),
      InputError,
    )
    assert.throws(
      () => applyPolicy({ columns: { amount: { kind: 'range', width: -1 } } }, people(), kinds),
      InputError,
    )
  })

  it('refuses a value of the wrong type with an InputError', () => {
    const records = [{ age: 'thirty' }]
    assert.throws(
      () => applyPolicy({ columns: { age: { kind: 'generalize-age', width: 10 } } }, records, { age: 'integer' }),
      InputError,
    )
  })

  it('gives equal pseudonyms with and without the memo', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ id: `id-${i % 7}` }))
    const out = applyPolicy({ columns: { id: { kind: 'pseudonym' } } }, many, { id: 'text' }, keys)
    for (let i = 7; i < many.length; i++) assert.equal(out[i]!.id, out[i % 7]!.id)
  })

  it('returns an empty array for no records', () => {
    assert.deepEqual(applyPolicy(policy, [], kinds, keys), [])
  })
})
