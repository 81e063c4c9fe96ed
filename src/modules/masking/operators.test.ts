import assert from 'node:assert/strict'
import { createHmac, hash, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { InputError } from '../../platform/errors.ts'
import {
  COLUMN_KINDS,
  compileOperator,
  dateShiftDays,
  decryptDeterministic,
  DEFAULT_REPLACEMENT,
  isDeterministic,
  MASKING_OPERATOR_KINDS,
  maskedKind,
  maskingKeys,
  maskingOperatorSchema,
  needsKeys,
  presidioHash,
  presidioMask,
  type MaskingOperator,
} from './operators.ts'

const keys = maskingKeys(randomBytes(32))
const otherKeys = maskingKeys(randomBytes(32))
const apply = (op: MaskingOperator, value: unknown, context?: unknown) => compileOperator(op, keys)(value, context)
const DAY_MS = 86_400_000

describe('Presidio reference vectors (privacy-controls.md §4)', () => {
  it('4.6: mask counts code points, from the start or the end', () => {
    assert.equal(presidioMask('text', '*', 3, false), '***t')
    assert.equal(presidioMask('text', '*', 3, true), 't***')
    assert.equal(presidioMask('text', '*', 5, false), '****')
    assert.equal(presidioMask('text', '*', -1, false), 'text')
    assert.equal(presidioMask('😈😈😈😈', '*', 4, false), '****')
  })

  it('4.7: hash is sha256 over text ‖ salt', () => {
    const salt = Buffer.from('0123456789abcdef')
    assert.equal(
      presidioHash('123456', salt, 'sha256'),
      '09cc8b29be2dbdcef23f37ba045fd9eddbd9900473260cb72651e4e62715eba4',
    )
    assert.equal(
      presidioHash('54321', salt, 'sha256'),
      '677280e77c0b09c902fc2c5dcbaa8667c66ff00dfb96afed583355ce326b82b1',
    )
    assert.equal(presidioHash('x', salt, 'sha512').length, 128)
    assert.throws(() => presidioHash('x', Buffer.from('short'), 'sha256'), InputError)
  })
})

describe('maskingOperatorSchema', () => {
  it('accepts every kind in its plain form', () => {
    const ops: MaskingOperator[] = [
      { kind: 'mask', char: '＊', keepPrefix: 6, keepSuffix: 4 },
      { kind: 'redact' },
      { kind: 'replace', value: '已脱敏' },
      { kind: 'pseudonym' },
      { kind: 'encrypt' },
      { kind: 'generalize-date', to: 'month' },
      { kind: 'generalize-age', width: 10 },
      { kind: 'generalize-region', digits: 2 },
      { kind: 'range', width: 0.5 },
      { kind: 'top-bottom', max: 90 },
      { kind: 'noise', scale: 1, distribution: 'uniform' },
      { kind: 'date-shift', maxDays: 30 },
    ]
    assert.deepEqual(ops.map((op) => op.kind), [...MASKING_OPERATOR_KINDS])
    for (const op of ops) assert.deepEqual(maskingOperatorSchema.parse(op), op)
  })

  it('refuses unknown kinds, extra fields and bad bounds', () => {
    const bad: unknown[] = [
      { kind: 'hash' },
      { kind: 'redact', value: 'x' },
      { kind: 'mask', char: '😈😈' },
      { kind: 'mask', char: '' },
      { kind: 'mask', char: 'ab' },
      { kind: 'mask', keepPrefix: 65 },
      { kind: 'mask', keepPrefix: 1.5 },
      { kind: 'mask', keepSuffix: -1 },
      { kind: 'replace', value: 'x'.repeat(201) },
      { kind: 'generalize-age', width: 0 },
      { kind: 'generalize-age', width: 2.5 },
      { kind: 'generalize-region', digits: 3 },
      { kind: 'generalize-date', to: 'day' },
      { kind: 'range', width: 0 },
      { kind: 'range', width: Infinity },
      { kind: 'top-bottom' },
      { kind: 'top-bottom', min: 10, max: 1 },
      { kind: 'noise', scale: 0 },
      { kind: 'noise', scale: Number.NaN },
      { kind: 'noise', scale: 1, distribution: 'gaussian' },
      { kind: 'date-shift', maxDays: 0 },
      { kind: 'date-shift', maxDays: 3651 },
      { kind: 'date-shift', maxDays: 1.5 },
      { kind: 'date-shift' },
      null,
      'mask',
    ]
    for (const op of bad) assert.equal(maskingOperatorSchema.safeParse(op).success, false, JSON.stringify(op))
  })

  it('accepts a one-code-point char outside the BMP', () => {
    assert.equal(maskingOperatorSchema.safeParse({ kind: 'mask', char: '😈' }).success, true)
  })

  it('compileOperator refuses an operator that bypassed the schema', () => {
    assert.throws(() => compileOperator({ kind: 'range', width: -1 }), InputError)
    assert.throws(() => compileOperator({ kind: 'nope' } as unknown as MaskingOperator), InputError)
  })
})

describe('maskedKind, isDeterministic, needsKeys', () => {
  it('names the operator and the kind it refuses', () => {
    assert.throws(() => maskedKind({ kind: 'generalize-age', width: 10 }, 'text'), /generalize-age.*text/)
    assert.throws(() => maskedKind({ kind: 'noise', scale: 1 }, 'date'), /noise.*date/)
    assert.throws(() => maskedKind({ kind: 'pseudonym' }, 'boolean'), InputError)
    assert.throws(() => maskedKind({ kind: 'date-shift', maxDays: 5 }, 'text'), InputError)
  })

  it('gives the kind of the masked column', () => {
    assert.equal(maskedKind({ kind: 'redact' }, 'boolean'), 'boolean')
    assert.equal(maskedKind({ kind: 'replace' }, 'date'), 'text')
    assert.equal(maskedKind({ kind: 'mask' }, 'integer'), 'text')
    assert.equal(maskedKind({ kind: 'noise', scale: 1 }, 'integer'), 'integer')
    assert.equal(maskedKind({ kind: 'date-shift', maxDays: 5 }, 'timestamp'), 'timestamp')
    assert.equal(maskedKind({ kind: 'top-bottom', max: 90 }, 'integer'), 'integer')
    assert.equal(maskedKind({ kind: 'top-bottom', max: 90.5 }, 'integer'), 'number')
    assert.equal(maskedKind({ kind: 'generalize-region', digits: 4 }, 'integer'), 'text')
    assert.equal(maskedKind({ kind: 'range', width: 10 }, 'number'), 'text')
    for (const kind of COLUMN_KINDS) assert.equal(maskedKind({ kind: 'redact' }, kind), kind)
  })

  it('marks only noise as nondeterministic and the three keyed operators as keyed', () => {
    const nondeterministic = MASKING_OPERATOR_KINDS.filter(
      (kind) => !isDeterministic({ kind } as MaskingOperator),
    )
    assert.deepEqual(nondeterministic, ['noise'])
    const keyed = MASKING_OPERATOR_KINDS.filter((kind) => needsKeys({ kind } as MaskingOperator))
    assert.deepEqual(keyed, ['pseudonym', 'encrypt', 'date-shift'])
  })

  it('refuses to compile a keyed operator without keys', () => {
    for (const op of [{ kind: 'pseudonym' }, { kind: 'encrypt' }, { kind: 'date-shift', maxDays: 3 }] as const) {
      assert.throws(() => compileOperator(op), InputError)
    }
    assert.equal(compileOperator({ kind: 'redact' })('x'), null)
  })
})

describe('every operator', () => {
  it('maps null and undefined to null', () => {
    const ops: MaskingOperator[] = [
      { kind: 'mask' },
      { kind: 'replace' },
      { kind: 'pseudonym' },
      { kind: 'encrypt' },
      { kind: 'generalize-date', to: 'year' },
      { kind: 'generalize-age', width: 5 },
      { kind: 'generalize-region', digits: 4 },
      { kind: 'range', width: 10 },
      { kind: 'top-bottom', min: 0 },
      { kind: 'noise', scale: 1 },
      { kind: 'date-shift', maxDays: 10 },
    ]
    for (const op of ops) {
      assert.equal(apply(op, null), null, op.kind)
      assert.equal(apply(op, undefined), null, op.kind)
    }
  })

  it('refuses a value of the wrong type with an InputError naming the operator, not the value', () => {
    const cases: [MaskingOperator, unknown][] = [
      [{ kind: 'mask' }, new Date()],
      [{ kind: 'mask' }, true],
      [{ kind: 'mask' }, 1.5],
      [{ kind: 'pseudonym' }, true],
      [{ kind: 'pseudonym' }, { a: 1 }],
      [{ kind: 'encrypt' }, Number.NaN],
      [{ kind: 'generalize-date', to: 'month' }, 20240101],
      [{ kind: 'generalize-date', to: 'month' }, 'secret-13800138000'],
      [{ kind: 'generalize-date', to: 'month' }, new Date(Number.NaN)],
      [{ kind: 'generalize-age', width: 10 }, 'thirty'],
      [{ kind: 'generalize-age', width: 10 }, 30.5],
      [{ kind: 'range', width: 10 }, '100'],
      [{ kind: 'range', width: 10 }, Number.POSITIVE_INFINITY],
      [{ kind: 'range', width: 10 }, 2n ** 60n],
      [{ kind: 'top-bottom', max: 10 }, Number.NaN],
      [{ kind: 'noise', scale: 1 }, new Date()],
      [{ kind: 'noise', scale: 1 }, '12'],
      [{ kind: 'date-shift', maxDays: 10 }, 12],
      [{ kind: 'date-shift', maxDays: 10 }, '2024-02-30'],
    ]
    for (const [op, value] of cases) {
      assert.throws(
        () => apply(op, value),
        (error: unknown) =>
          error instanceof InputError &&
          error.message.includes(op.kind) &&
          !error.message.includes('secret') &&
          !error.message.includes('13800138000'),
        `${op.kind} on ${String(value)}`,
      )
    }
  })
})

describe('mask', () => {
  const id = '11010519491231002X'

  it('keeps the prefix and suffix asked for and masks the rest, one char per code point', () => {
    assert.equal(apply({ kind: 'mask', keepPrefix: 6, keepSuffix: 4 }, id), '110105********002X')
    assert.equal(apply({ kind: 'mask', keepPrefix: 3, keepSuffix: 4 }, '13800138000'), '138****8000')
    assert.equal(apply({ kind: 'mask', keepPrefix: 1 }, '欧阳娜娜'), '欧***')
    assert.equal(apply({ kind: 'mask', keepPrefix: 1, char: '＊' }, '张三'), '张＊')
    assert.equal(apply({ kind: 'mask' }, 'abc'), '***')
    assert.equal(apply({ kind: 'mask', keepSuffix: 2 }, '😈a😈b'), '**😈b')
    assert.equal(apply({ kind: 'mask', keepPrefix: 1, char: '😈' }, 'a😈bc'), 'a😈😈😈')
    assert.equal(apply({ kind: 'mask', keepPrefix: 1 }, 'a\uD800b'), 'a**')
    assert.equal(apply({ kind: 'mask', keepPrefix: 3, keepSuffix: 4 }, 13800138000), '138****8000')
    assert.equal(apply({ kind: 'mask', keepPrefix: 3, keepSuffix: 4 }, 13800138000n), '138****8000')
  })

  it('masks all of a value the kept parts would reveal whole (fail closed)', () => {
    assert.equal(apply({ kind: 'mask', keepPrefix: 1, keepSuffix: 1 }, '张三'), '**')
    assert.equal(apply({ kind: 'mask', keepPrefix: 6, keepSuffix: 4 }, '1234'), '****')
    assert.equal(apply({ kind: 'mask', keepPrefix: 2, keepSuffix: 2 }, '😈😈😈😈'), '****')
    assert.equal(apply({ kind: 'mask', keepPrefix: 2 }, ''), '')
  })

  it('masks long values too', () => {
    const long = 'a'.repeat(1000)
    assert.equal(apply({ kind: 'mask', keepPrefix: 1 }, long), 'a' + '*'.repeat(999))
  })
})

describe('redact and replace', () => {
  it('redact drops the value; replace writes the placeholder', () => {
    assert.equal(apply({ kind: 'redact' }, 'x'), null)
    assert.equal(apply({ kind: 'redact' }, false), null)
    assert.equal(apply({ kind: 'replace' }, 'x'), DEFAULT_REPLACEMENT)
    assert.equal(DEFAULT_REPLACEMENT, '***')
    assert.equal(apply({ kind: 'replace', value: '已脱敏' }, new Date()), '已脱敏')
  })
})

describe('pseudonym', () => {
  const op: MaskingOperator = { kind: 'pseudonym' }

  it('is stable within a workspace and unrelated across workspaces', () => {
    const a = apply(op, '11010519491231002X')
    assert.match(a as string, /^P[0-9a-f]{32}$/)
    assert.equal(apply(op, '11010519491231002X'), a)
    assert.notEqual(apply(op, '110105194912310021'), a)
    assert.notEqual(compileOperator(op, otherKeys)('11010519491231002X'), a)
  })

  it('is never a bare hash nor an HMAC with a zero key', () => {
    const value = '11010519491231002X'
    const p = (apply(op, value) as string).slice(1)
    assert.notEqual(p, hash('sm3', value, 'hex').slice(0, 32))
    assert.notEqual(p, createHmac('sm3', Buffer.alloc(32)).update(value).digest('hex').slice(0, 32))
    assert.notEqual(p, createHmac('sm3', Buffer.alloc(0)).update(value).digest('hex').slice(0, 32))
  })

  it('agrees across the representations of one integer', () => {
    assert.equal(apply(op, 13800138000), apply(op, '13800138000'))
    assert.equal(apply(op, 13800138000n), apply(op, '13800138000'))
  })
})

describe('encrypt', () => {
  const op: MaskingOperator = { kind: 'encrypt' }

  it('round-trips through decryptDeterministic and is deterministic', () => {
    for (const value of ['11010519491231002X', '欧阳娜娜', '', '😈'.repeat(50)]) {
      const token = apply(op, value) as string
      assert.match(token, /^E[A-Za-z0-9_-]+$/)
      assert.equal(apply(op, value), token)
      assert.equal(decryptDeterministic(keys, token), value)
    }
    assert.notEqual(apply(op, 'a'), apply(op, 'b'))
    assert.equal(decryptDeterministic(keys, apply(op, 42n) as string), '42')
  })

  it('refuses another workspace key and any tampering', () => {
    const token = apply(op, '11010519491231002X') as string
    assert.throws(() => decryptDeterministic(otherKeys, token), /authentication/)
    const blob = Buffer.from(token.slice(1), 'base64url')
    for (const index of [1, 10, 17, blob.length - 1]) {
      const tampered = Buffer.from(blob)
      tampered[index]! ^= 0x01
      assert.throws(() => decryptDeterministic(keys, 'E' + tampered.toString('base64url')), InputError)
    }
    assert.throws(() => decryptDeterministic(keys, 'E' + blob.subarray(0, blob.length - 1).toString('base64url')), InputError)
    assert.throws(() => decryptDeterministic(keys, 'not a token'), InputError)
    assert.throws(() => decryptDeterministic(keys, 'E'), InputError)
    const version = Buffer.from(blob)
    version[0] = 2
    assert.throws(() => decryptDeterministic(keys, 'E' + version.toString('base64url')), /version/)
  })

  it('does not carry the plaintext', () => {
    const token = apply(op, '11010519491231002X') as string
    assert.equal(Buffer.from(token.slice(1), 'base64url').includes(Buffer.from('110105')), false)
  })
})

describe('generalize-date', () => {
  const month: MaskingOperator = { kind: 'generalize-date', to: 'month' }
  const year: MaskingOperator = { kind: 'generalize-date', to: 'year' }

  it('cuts Dates (in UTC) and ISO text to the month or year', () => {
    assert.equal(apply(month, new Date('2024-02-29T23:59:59.999Z')), '2024-02')
    assert.equal(apply(month, new Date('2024-12-31T00:00:00Z')), '2024-12')
    assert.equal(apply(month, new Date('2025-01-01T00:00:00Z')), '2025-01')
    assert.equal(apply(year, new Date('0999-06-01T00:00:00Z')), '0999')
    assert.equal(apply(month, '2024-07-15'), '2024-07')
    assert.equal(apply(month, '2024-07'), '2024-07')
    assert.equal(apply(year, '2024-07-15T08:00:00+08:00'), '2024')
  })

  it('refuses impossible dates', () => {
    for (const bad of ['2024-13-01', '2024-00', '2023-02-29', '24-01-01']) {
      assert.throws(() => apply(month, bad), InputError, bad)
    }
    assert.throws(() => apply(year, new Date(Date.UTC(10000, 0, 1))), InputError)
  })
})

describe('generalize-age', () => {
  const op: MaskingOperator = { kind: 'generalize-age', width: 10 }

  it('puts ages in bands at their boundaries', () => {
    assert.equal(apply(op, 0), '0-9')
    assert.equal(apply(op, 9), '0-9')
    assert.equal(apply(op, 10), '10-19')
    assert.equal(apply(op, 39), '30-39')
    assert.equal(apply(op, 40), '40-49')
    assert.equal(apply(op, 40n), '40-49')
    assert.equal(apply({ kind: 'generalize-age', width: 5 }, 64), '60-64')
    assert.equal(apply({ kind: 'generalize-age', width: 1 }, 64), '64-64')
    assert.equal(apply(op, 120), '120-129')
  })

  it('refuses negative and fractional ages', () => {
    assert.throws(() => apply(op, -1), InputError)
    assert.throws(() => apply(op, -1n), InputError)
    assert.throws(() => apply(op, 3.5), InputError)
  })
})

describe('generalize-region', () => {
  it('keeps the prefecture or the province, still six digits', () => {
    assert.equal(apply({ kind: 'generalize-region', digits: 4 }, '130723'), '130700')
    assert.equal(apply({ kind: 'generalize-region', digits: 2 }, '130723'), '130000')
    assert.equal(apply({ kind: 'generalize-region', digits: 4 }, 110105), '110100')
    assert.equal(apply({ kind: 'generalize-region', digits: 2 }, 440305n), '440000')
  })

  it('refuses anything but six digits', () => {
    for (const bad of ['13072', '1307230', '13072X', ' 130723', 13072, -130723, 1307.23]) {
      assert.throws(() => apply({ kind: 'generalize-region', digits: 4 }, bad), InputError, String(bad))
    }
  })
})

describe('range', () => {
  it('puts numbers in half-open intervals', () => {
    const op: MaskingOperator = { kind: 'range', width: 1000 }
    assert.equal(apply(op, 1000), '[1000,2000)')
    assert.equal(apply(op, 1999.99), '[1000,2000)')
    assert.equal(apply(op, 0), '[0,1000)')
    assert.equal(apply(op, -0.01), '[-1000,0)')
    assert.equal(apply(op, 123456n), '[123000,124000)')
  })

  it('prints fractional widths without floating point noise', () => {
    const op: MaskingOperator = { kind: 'range', width: 0.1 }
    assert.equal(apply(op, 0.3), '[0.3,0.4)')
    assert.equal(apply(op, 0.29), '[0.2,0.3)')
    assert.equal(apply({ kind: 'range', width: 2.5 }, 7.4), '[5,7.5)')
  })
})

describe('top-bottom', () => {
  it('clamps numbers and bigints, keeping their type', () => {
    const op: MaskingOperator = { kind: 'top-bottom', min: 18, max: 90 }
    assert.equal(apply(op, 5), 18)
    assert.equal(apply(op, 18), 18)
    assert.equal(apply(op, 55.5), 55.5)
    assert.equal(apply(op, 104), 90)
    assert.equal(apply(op, 104n), 90n)
    assert.equal(apply(op, 3n), 18n)
    assert.equal(apply(op, 30n), 30n)
    assert.equal(apply({ kind: 'top-bottom', max: 1e6 }, -5e9), -5e9)
    assert.equal(apply({ kind: 'top-bottom', max: 99.5 }, 120n), 99.5)
  })
})

describe('noise', () => {
  const draws = 200_000

  function stats(op: MaskingOperator): { mean: number; meanAbs: number; max: number } {
    const fn = compileOperator(op)
    let sum = 0
    let abs = 0
    let max = 0
    for (let i = 0; i < draws; i++) {
      const x = (fn(1000) as number) - 1000
      sum += x
      abs += Math.abs(x)
      max = Math.max(max, Math.abs(x))
    }
    return { mean: sum / draws, meanAbs: abs / draws, max }
  }

  it('adds Laplace noise of mean 0 and mean absolute value ≈ scale', () => {
    const { mean, meanAbs } = stats({ kind: 'noise', scale: 5 })
    // The mean's standard error is √2·5/√200000 ≈ 0.016.
    assert.ok(Math.abs(mean) < 0.1, `mean ${mean}`)
    assert.ok(Math.abs(meanAbs - 5) < 0.1, `mean |noise| ${meanAbs}`)
  })

  it('adds uniform noise within ±scale', () => {
    const { mean, meanAbs, max } = stats({ kind: 'noise', scale: 5, distribution: 'uniform' })
    assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`)
    assert.ok(Math.abs(meanAbs - 2.5) < 0.05, `mean |noise| ${meanAbs}`)
    assert.ok(max <= 5, `max ${max}`)
  })

  it('is not deterministic, and keeps integers integral', () => {
    const fn = compileOperator({ kind: 'noise', scale: 100 })
    const outputs = new Set(Array.from({ length: 100 }, () => fn(5000)))
    assert.ok(outputs.size > 50)
    for (const x of outputs) assert.ok(Number.isInteger(x))
    assert.equal(typeof fn(5000n), 'bigint')
    assert.equal(Number.isInteger(fn(0.5)), false)
  })
})

describe('date-shift', () => {
  const maxDays = 30
  const op: MaskingOperator = { kind: 'date-shift', maxDays }

  it('shifts every date of one context by the same non-zero offset within ±maxDays', () => {
    const admitted = new Date('2024-03-01T00:00:00Z')
    const discharged = new Date('2024-03-12T10:30:00Z')
    const a = apply(op, admitted, '11010519491231002X') as Date
    const b = apply(op, discharged, '11010519491231002X') as Date
    assert.equal(b.getTime() - a.getTime(), discharged.getTime() - admitted.getTime())
    const offset = (a.getTime() - admitted.getTime()) / DAY_MS
    assert.ok(Number.isInteger(offset) && offset !== 0 && Math.abs(offset) <= maxDays, String(offset))
    assert.equal(offset, dateShiftDays(keys, '11010519491231002X', maxDays))
  })

  it('keeps ISO text in its form, moving the calendar date only', () => {
    const days = dateShiftDays(keys, 'p1', maxDays)
    const expected = new Date(Date.UTC(2024, 2, 1) + days * DAY_MS).toISOString().slice(0, 10)
    assert.equal(apply(op, '2024-03-01', 'p1'), expected)
    assert.equal(apply(op, '2024-03-01 08:15:00', 'p1'), `${expected} 08:15:00`)
  })

  it('spreads offsets over [−maxDays, maxDays] without 0, differently per context and key', () => {
    const seen = new Set<number>()
    for (let i = 0; i < 5000; i++) {
      const d = dateShiftDays(keys, `person-${i}`, 3)
      assert.ok(d !== 0 && Math.abs(d) <= 3)
      seen.add(d)
    }
    assert.deepEqual([...seen].sort(), [-1, -2, -3, 1, 2, 3].sort())
    const mine = Array.from({ length: 20 }, (_, i) => dateShiftDays(keys, `p${i}`, 3650))
    const theirs = Array.from({ length: 20 }, (_, i) => dateShiftDays(otherKeys, `p${i}`, 3650))
    assert.notDeepEqual(mine, theirs)
  })

  it('uses one offset for a missing context', () => {
    const d = new Date('2024-01-01T00:00:00Z')
    assert.deepEqual(apply(op, d), apply(op, d, null))
  })
})

describe('maskingKeys', () => {
  it('derives four distinct subkeys of a 32-byte key, the same each time', () => {
    const master = randomBytes(32)
    const k = maskingKeys(master)
    assert.deepEqual(maskingKeys(master), k)
    const all = [k.pseudonym, k.encryption, k.mac, k.dateShift].map((b) => b.toString('hex'))
    assert.equal(new Set(all).size, 4)
    assert.equal(k.encryption.length, 16)
    assert.ok(!all.includes(master.toString('hex')))
    assert.throws(() => maskingKeys(randomBytes(16)))
  })
})
