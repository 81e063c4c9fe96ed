import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import smCrypto from 'sm-crypto'
import { gmSuite } from './gm.ts'
import {
  generateSm2KeyPair,
  SM2_DEFAULT_USER_ID,
  sm2PublicKeyOf,
  sm2Sign,
  sm2SignWithFixedNonceForTest,
  sm2Verify,
} from './sm2.ts'

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8')

// GM/T 0003.5-2012 appendix A (= GB/T 32918.5-2017), signature example on the recommended curve:
// user id 1234567812345678, message "message digest".
const sample = {
  privateKey: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  publicKey:
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  message: 'message digest',
  k: '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
}

describe('sm2: the standard sample (GM/T 0003.5 appendix A)', () => {
  it('derives the published public key from the published private key', () => {
    assert.equal(sm2PublicKeyOf(sample.privateKey), sample.publicKey)
  })

  it('verifies the published (r, s) over the published message', () => {
    assert.equal(SM2_DEFAULT_USER_ID, '1234567812345678')
    assert.ok(gmSuite.verify(sample.publicKey, sample.message, sample.r + sample.s))
    const upper = (sample.r + sample.s).toUpperCase()
    assert.ok(gmSuite.verify(sample.publicKey.toUpperCase(), sample.message, upper))
  })

  it('rejects it over another message, or with r and s swapped', () => {
    assert.ok(!gmSuite.verify(sample.publicKey, 'message digesT', sample.r + sample.s))
    assert.ok(!gmSuite.verify(sample.publicKey, sample.message, sample.s + sample.r))
  })

  it('signs with the sample nonce k to exactly the published (r, s)', () => {
    const message = utf8(sample.message)
    const signature = sm2SignWithFixedNonceForTest(sample.privateKey, message, sample.k)
    assert.equal(signature, sample.r + sample.s)
  })

  it('signs the sample message so that the sample public key verifies it', () => {
    const signature = gmSuite.sign(sample.privateKey, sample.message)
    assert.match(signature, /^[0-9a-f]{128}$/)
    assert.notEqual(signature, sample.r + sample.s) // a fresh random nonce, not the sample's
    assert.ok(gmSuite.verify(sample.publicKey, sample.message, signature))
  })
})

describe('sm2: interoperation with sm-crypto used directly', () => {
  const pair = generateSm2KeyPair()

  it('produces signatures sm-crypto verifies with its defaults', () => {
    const message = '数据资源 ✓'
    const signature = sm2Sign(pair.privateKey, utf8(message))
    assert.ok(smCrypto.sm2.doVerifySignature(message, signature, pair.publicKey, { hash: true }))
  })

  it('verifies what sm-crypto signs, strings and bytes alike', () => {
    const message = '授权 authorization'
    const signature = smCrypto.sm2.doSignature(message, pair.privateKey, { hash: true, der: false })
    assert.ok(sm2Verify(pair.publicKey, utf8(message), signature))
    const bytes = [0, 255, 128, 7]
    const bytesSignature = smCrypto.sm2.doSignature(bytes, pair.privateKey, {
      hash: true,
      der: false,
    })
    assert.ok(sm2Verify(pair.publicKey, Uint8Array.from(bytes), bytesSignature))
  })

  it('uses the key pair sm-crypto would compute from the private key', () => {
    assert.match(pair.privateKey, /^[0-9a-f]{64}$/)
    assert.match(pair.publicKey, /^04[0-9a-f]{128}$/)
    assert.equal(sm2PublicKeyOf(pair.privateKey), pair.publicKey)
  })
})

describe('sm2: input checks', () => {
  it('refuses private keys outside [1, n - 2]', () => {
    const n = 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123'
    const nMinus1 = 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54122'
    for (const bad of ['0'.repeat(64), n, nMinus1, 'f'.repeat(64), 'ab', `${sample.privateKey}00`])
      assert.throws(() => sm2Sign(bad, utf8('x')), /not an SM2 private key/)
  })

  it('answers false for a point off the curve or a zero signature', () => {
    const offCurve = `${sample.publicKey.slice(0, -1)}4`
    assert.equal(sm2Verify(offCurve, utf8(sample.message), sample.r + sample.s), false)
    assert.equal(sm2Verify(sample.publicKey, utf8(sample.message), '0'.repeat(128)), false)
    const compressed = `03${sample.publicKey.slice(2, 66)}`
    assert.equal(sm2Verify(compressed, utf8(sample.message), sample.r + sample.s), false)
  })
})
