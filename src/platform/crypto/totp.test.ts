import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  otpauthUri,
  totpCode,
  verifyTotp,
} from './totp.ts'

// RFC 4648 section 10, padding removed.
const base32Vectors = [
  ['', ''],
  ['f', 'MY'],
  ['fo', 'MZXQ'],
  ['foo', 'MZXW6'],
  ['foob', 'MZXW6YQ'],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI'],
] as const

// RFC 6238 appendix B, SHA-1 rows: 8 digits, 30 s steps, ASCII secret "12345678901234567890".
const rfcSecret = base32Encode(Buffer.from('12345678901234567890'))
const rfcVectors = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
] as const

describe('base32 (RFC 4648)', () => {
  it('encodes and decodes the RFC vectors', () => {
    for (const [plain, encoded] of base32Vectors) {
      assert.equal(base32Encode(Buffer.from(plain)), encoded)
      assert.equal(base32Decode(encoded).toString(), plain)
    }
  })

  it('decodes the padded, lowercase and spaced forms people paste', () => {
    assert.equal(base32Decode('MZXW6YQ=').toString(), 'foob')
    assert.equal(base32Decode('mzxw 6ytb oi').toString(), 'foobar')
  })

  it('refuses characters outside the alphabet and impossible lengths', () => {
    assert.throws(() => base32Decode('MZXW1'), /unexpected character/)
    assert.throws(() => base32Decode('MZX'), /impossible length/)
    assert.throws(() => base32Decode('M'), /impossible length/)
  })
})

describe('totpCode (RFC 6238 appendix B, SHA-1)', () => {
  it('gives the published 8-digit codes', () => {
    for (const [seconds, code] of rfcVectors)
      assert.equal(totpCode(rfcSecret, seconds * 1000, { digits: 8 }), code, `t = ${seconds}`)
  })

  it('defaults to 6 digits: the last six of the 8-digit code', () => {
    assert.equal(totpCode(rfcSecret, 59_000), '287082')
  })

  it('keeps one code for the whole 30 s step', () => {
    assert.equal(totpCode(rfcSecret, 1111111110_000, { digits: 8 }), '14050471')
    assert.equal(totpCode(rfcSecret, 1111111109_999, { digits: 8 }), '07081804')
  })
})

describe('verifyTotp', () => {
  const secret = generateTotpSecret()
  const now = 1_700_000_015_000
  const step = Math.floor(now / 30_000)

  it('returns the step of a current code', () => {
    assert.equal(verifyTotp(secret, totpCode(secret, now), now), step)
  })

  it('accepts one step of drift either way by default, and no more', () => {
    assert.equal(verifyTotp(secret, totpCode(secret, now - 30_000), now), step - 1)
    assert.equal(verifyTotp(secret, totpCode(secret, now + 30_000), now), step + 1)
    assert.equal(verifyTotp(secret, totpCode(secret, now - 60_000), now), null)
    assert.equal(verifyTotp(secret, totpCode(secret, now - 60_000), now, { window: 2 }), step - 2)
    assert.equal(verifyTotp(secret, totpCode(secret, now - 30_000), now, { window: 0 }), null)
  })

  it('refuses a replay: the used step and earlier ones', () => {
    const code = totpCode(secret, now)
    const used = verifyTotp(secret, code, now)
    assert.equal(used, step)
    assert.equal(verifyTotp(secret, code, now, { afterStep: step }), null)
    assert.equal(verifyTotp(secret, totpCode(secret, now - 30_000), now, { afterStep: step }), null)
    const next = totpCode(secret, now + 30_000)
    assert.equal(verifyTotp(secret, next, now, { afterStep: step }), step + 1)
  })

  it('refuses codes that are not exactly six digits', () => {
    const code = totpCode(secret, now)
    const bad = ['', code.slice(1), `${code}0`, ` ${code}`, `${code}\n`, '12345a', '１２３４５６']
    for (const attempt of bad)
      assert.equal(verifyTotp(secret, attempt, now), null, JSON.stringify(attempt))
  })

  it('verifies the RFC vectors with 8 digits', () => {
    for (const [seconds, code] of rfcVectors)
      assert.equal(
        verifyTotp(rfcSecret, code, seconds * 1000, { digits: 8 }),
        Math.floor(seconds / 30),
      )
  })

  it('refuses a wrong code', () => {
    const code = totpCode(secret, now)
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    const near = [now - 30_000, now, now + 30_000].map((t) => totpCode(secret, t))
    if (!near.includes(wrong)) assert.equal(verifyTotp(secret, wrong, now), null)
  })
})

describe('generateTotpSecret', () => {
  it('gives 20 random bytes in unpadded base32', () => {
    const secret = generateTotpSecret()
    assert.match(secret, /^[A-Z2-7]{32}$/)
    assert.equal(base32Decode(secret).length, 20)
    assert.notEqual(generateTotpSecret(), secret)
  })
})

describe('otpauthUri', () => {
  it('builds the key URI authenticator apps read', () => {
    assert.equal(
      otpauthUri('JBSWY3DPEHPK3PXP', 'alice@example.com', 'Shuyu Platform'),
      'otpauth://totp/Shuyu%20Platform:alice%40example.com?secret=JBSWY3DPEHPK3PXP' +
        '&issuer=Shuyu%20Platform&algorithm=SHA1&digits=6&period=30',
    )
  })

  it('refuses a colon in the account or issuer', () => {
    assert.throws(() => otpauthUri('JBSWY3DPEHPK3PXP', 'a:b', 'Shuyu'), /must not contain/)
  })
})
