import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  DEFAULT_PASSWORD_ITERATIONS,
  dummyPasswordCheck,
  hashPassword,
  needsRehash,
  passwordProblems,
  verifyPassword,
} from './password.ts'

const fast = { iterations: 1000 }

// PBKDF2 (RFC 8018) written out over HMAC-SM3, for one 32-byte block.
function pbkdf2Sm3ByHand(password: string, salt: Buffer, iterations: number): Buffer {
  let u = createHmac('sm3', password).update(salt).update(Buffer.from([0, 0, 0, 1])).digest()
  const t = Buffer.from(u)
  for (let i = 1; i < iterations; i++) {
    u = createHmac('sm3', password).update(u).digest()
    for (let j = 0; j < t.length; j++) t[j]! ^= u[j]!
  }
  return t
}

describe('hashPassword', () => {
  it('stores pbkdf2-sm3$<iterations>$<salt>$<hash>: 16-byte salt, 32-byte hash', async () => {
    const stored = await hashPassword('Tr0ub4dor&3x', fast)
    const [scheme, iterations, salt = '', hash = ''] = stored.split('$')
    assert.equal(scheme, 'pbkdf2-sm3')
    assert.equal(iterations, '1000')
    assert.equal(Buffer.from(salt, 'base64').length, 16)
    assert.equal(Buffer.from(hash, 'base64').length, 32)
    const expected = pbkdf2Sm3ByHand('Tr0ub4dor&3x', Buffer.from(salt, 'base64'), 1000)
    assert.deepEqual(Buffer.from(hash, 'base64'), expected)
  })

  it('salts every hash afresh', async () => {
    const first = await hashPassword('same password', fast)
    assert.notEqual(await hashPassword('same password', fast), first)
  })

  it('uses the default cost unless told otherwise', async () => {
    const stored = await hashPassword('Correct-Horse-9')
    assert.equal(stored.split('$')[1], String(DEFAULT_PASSWORD_ITERATIONS))
    assert.ok(await verifyPassword('Correct-Horse-9', stored))
  })

  it('refuses a nonsensical iteration count', async () => {
    for (const iterations of [0, -1, 1.5, Number.NaN, 1e9])
      await assert.rejects(hashPassword('x', { iterations }), RangeError)
  })
})

describe('verifyPassword', () => {
  it('accepts the right password and refuses any other', async () => {
    const stored = await hashPassword('Correct-Horse-9', fast)
    assert.equal(await verifyPassword('Correct-Horse-9', stored), true)
    assert.equal(await verifyPassword('correct-Horse-9', stored), false)
    assert.equal(await verifyPassword('', stored), false)
  })

  it('treats NFC and NFD spellings of a password alike', async () => {
    const stored = await hashPassword('Café-Crème-12'.normalize('NFC'), fast)
    assert.ok(await verifyPassword('Café-Crème-12'.normalize('NFD'), stored))
  })

  it('answers false, without throwing, for malformed stored strings', async () => {
    const good = await hashPassword('pw', fast)
    const [, , salt, hash] = good.split('$')
    const malformed = [
      '',
      '!',
      'pw',
      good.replace('pbkdf2-sm3', 'pbkdf2-sha1'),
      `pbkdf2-sm3$0$${salt}$${hash}`,
      `pbkdf2-sm3$01000$${salt}$${hash}`,
      `pbkdf2-sm3$99999999$${salt}$${hash}`,
      `pbkdf2-sm3$1000$${salt}`,
      `pbkdf2-sm3$1000$${salt}$${hash}$extra`,
      `pbkdf2-sm3$1000$c2hvcnQ=$${hash}`,
      `pbkdf2-sm3$1000$${salt}$${hash?.slice(0, -4)}`,
      `pbkdf2-sm3$1000$${salt}$${hash}x`,
    ]
    // Each refusal spends a dummy check's time, so they run side by side.
    const answers = await Promise.all(malformed.map((stored) => verifyPassword('pw', stored)))
    assert.deepEqual(answers, malformed.map(() => false))
  })
})

describe('needsRehash', () => {
  it('asks for a rehash below the target cost, or for an unusable string', async () => {
    const stored = await hashPassword('pw', fast)
    assert.equal(needsRehash(stored, 1000), false)
    assert.equal(needsRehash(stored, 999), false)
    assert.equal(needsRehash(stored, 2000), true)
    assert.equal(needsRehash('garbage', 1000), true)
  })
})

describe('dummyPasswordCheck', () => {
  it('spends about what a real check at the default cost spends', async () => {
    const stored = await hashPassword('pw')
    const time = async (work: () => Promise<unknown>): Promise<number> => {
      const start = performance.now()
      await work()
      return performance.now() - start
    }
    const real = await time(() => verifyPassword('wrong', stored))
    const dummy = await time(() => dummyPasswordCheck())
    // Loose bounds: this guards against a dummy that does nothing, not against scheduler noise.
    assert.ok(dummy > real / 5 && dummy < real * 5, `real ${real} ms, dummy ${dummy} ms`)
  })
})

describe('passwordProblems', () => {
  it('accepts a long password with three kinds of characters', () => {
    assert.deepEqual(passwordProblems('correct-horse-42', 'alice'), [])
    assert.deepEqual(passwordProblems('CorrectHorse42', 'alice'), [])
    assert.deepEqual(passwordProblems('数据授权运营Pass7', 'alice'), [])
  })

  it('refuses a short password', () => {
    assert.deepEqual(passwordProblems('Ab1!Ab1!a', 'alice'), [
      'Password must be at least 10 characters long.',
    ])
  })

  it('counts characters, not UTF-16 units', () => {
    assert.equal(passwordProblems('😀😀😀😀😀aA1', 'alice').length, 1)
  })

  it('refuses fewer than three kinds of characters', () => {
    const [problem] = passwordProblems('alllowercase123', 'bob')
    assert.match(problem ?? '', /at least 3 of these 4 kinds/)
    assert.equal(passwordProblems('ONLYUPPERCASE', 'bob').length, 1)
  })

  it('refuses a password containing the username, whatever the case', () => {
    assert.deepEqual(passwordProblems('xx-Alice-2024!', 'alice'), [
      'Password must not contain the username.',
    ])
    assert.deepEqual(passwordProblems('Xy-ab-2024!', 'ab'), [])
  })

  it('refuses an absurdly long password', () => {
    assert.equal(passwordProblems(`aA1-${'x'.repeat(300)}`, 'alice').length, 1)
  })

  it('lists every problem at once', () => {
    assert.equal(passwordProblems('alice', 'alice').length, 3)
  })
})
