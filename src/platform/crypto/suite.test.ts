import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { cryptoSuite, DEFAULT_SUITE, isSuiteName, SUITE_NAMES } from './suite.ts'

function flipBit(blob: Buffer, bit: number): Buffer {
  const copy = Buffer.from(blob)
  copy[bit >> 3]! ^= 1 << (bit & 7)
  return copy
}

describe('cryptoSuite', () => {
  it('knows both suites and defaults to gm', () => {
    assert.deepEqual(SUITE_NAMES, ['gm', 'intl'])
    assert.equal(DEFAULT_SUITE, 'gm')
    assert.equal(cryptoSuite('gm').hashAlgorithm, 'sm3')
    assert.equal(cryptoSuite('intl').hashAlgorithm, 'sha256')
    assert.ok(isSuiteName('intl'))
    assert.ok(!isSuiteName('rsa'))
  })
})

for (const name of SUITE_NAMES) {
  const suite = cryptoSuite(name)

  describe(`${name}: hashing`, () => {
    it('hashes a string as its UTF-8 bytes', () => {
      const text = '数据 data ✓'
      assert.deepEqual(suite.hash(text), suite.hash(new TextEncoder().encode(text)))
      assert.equal(suite.hashHex(text), suite.hash(text).toString('hex'))
      assert.equal(suite.hash('').length, 32)
    })

    it('hashes a Uint8Array view by its own bytes only', () => {
      const whole = Buffer.from('xxabcxx')
      assert.deepEqual(suite.hash(whole.subarray(2, 5)), suite.hash('abc'))
    })

    it('keys the HMAC and accepts strings as UTF-8', () => {
      const key = randomBytes(32)
      assert.deepEqual(suite.hmac(key, '元'), suite.hmac(key, Buffer.from('元', 'utf8')))
      assert.notDeepEqual(suite.hmac(key, 'a'), suite.hmac(randomBytes(32), 'a'))
    })

    it('derives distinct keys per info, 32 bytes unless asked', () => {
      const ikm = randomBytes(32)
      assert.equal(suite.deriveKey(ikm, 'a').length, 32)
      assert.equal(suite.deriveKey(ikm, 'a', 16).length, 16)
      assert.notDeepEqual(suite.deriveKey(ikm, 'a'), suite.deriveKey(ikm, 'b'))
      assert.deepEqual(suite.deriveKey(ikm, 'a'), suite.deriveKey(ikm, 'a'))
    })
  })

  describe(`${name}: encryption at rest`, () => {
    const key = randomBytes(32)
    const aad = Buffer.from('table=catalog;row=42')

    it('round-trips, with and without aad, empty and large plaintexts', () => {
      for (const plaintext of [Buffer.alloc(0), Buffer.from('hello'), randomBytes(1 << 20)]) {
        assert.deepEqual(suite.decrypt(key, suite.encrypt(key, plaintext)), plaintext)
        assert.deepEqual(suite.decrypt(key, suite.encrypt(key, plaintext, aad), aad), plaintext)
      }
    })

    it('gives two different blobs for the same plaintext', () => {
      const plaintext = Buffer.from('same')
      assert.notDeepEqual(suite.encrypt(key, plaintext), suite.encrypt(key, plaintext))
    })

    it('refuses a blob with any single bit flipped', () => {
      const sealed = suite.encrypt(key, Buffer.from('twenty bytes of text'), aad)
      for (let bit = 0; bit < sealed.length * 8; bit++)
        assert.throws(() => suite.decrypt(key, flipBit(sealed, bit), aad), `bit ${bit}`)
    })

    it('refuses a truncated or extended blob', () => {
      const sealed = suite.encrypt(key, Buffer.from('some text'))
      for (let length = 0; length < sealed.length; length++)
        assert.throws(() => suite.decrypt(key, sealed.subarray(0, length)))
      assert.throws(() => suite.decrypt(key, Buffer.concat([sealed, Buffer.from([0])])))
    })

    it('refuses the wrong aad, a missing aad and the wrong key', () => {
      const sealed = suite.encrypt(key, Buffer.from('secret'), aad)
      const otherAad = Buffer.from('table=catalog;row=43')
      assert.throws(() => suite.decrypt(key, sealed, otherAad), /authentication/)
      assert.throws(() => suite.decrypt(key, sealed), /authentication/)
      assert.throws(() => suite.decrypt(randomBytes(32), sealed, aad), /authentication/)
    })

    it('accepts only 32-byte keys', () => {
      assert.throws(() => suite.encrypt(randomBytes(16), Buffer.from('x')), /32 bytes/)
      const sealed = suite.encrypt(key, Buffer.from('x'))
      assert.throws(() => suite.decrypt(randomBytes(31), sealed), /32 bytes/)
    })
  })

  describe(`${name}: signatures`, () => {
    const pair = suite.generateSigningKeyPair()
    const message = '授权运营协议 #7'

    it('verifies its own signature over a string or the same bytes', () => {
      const signature = suite.sign(pair.privateKey, message)
      assert.ok(suite.verify(pair.publicKey, message, signature))
      assert.ok(suite.verify(pair.publicKey, Buffer.from(message, 'utf8'), signature))
      assert.ok(suite.verify(pair.publicKey, new Uint8Array(0), suite.sign(pair.privateKey, '')))
    })

    it('rejects a tampered message, a tampered signature and another key', () => {
      const signature = suite.sign(pair.privateKey, message)
      assert.ok(!suite.verify(pair.publicKey, `${message}.`, signature))
      const tampered = Buffer.from(signature, name === 'gm' ? 'hex' : 'base64')
      tampered[10]! ^= 1
      const tamperedText = tampered.toString(name === 'gm' ? 'hex' : 'base64')
      assert.ok(!suite.verify(pair.publicKey, message, tamperedText))
      assert.ok(!suite.verify(suite.generateSigningKeyPair().publicKey, message, signature))
    })

    it('answers false, never throws, for malformed keys and signatures', () => {
      const signature = suite.sign(pair.privateKey, message)
      for (const publicKey of ['', 'not a key', pair.privateKey, `${pair.publicKey}00`])
        assert.equal(suite.verify(publicKey, message, signature), false)
      for (const bad of ['', 'zz', signature.slice(0, -4), `${signature}00`, `${signature} `])
        assert.equal(suite.verify(pair.publicKey, message, bad), false)
    })

    it('refuses to sign with something that is not a private key', () => {
      assert.throws(() => suite.sign('nope', message))
      assert.throws(() => suite.sign(pair.publicKey, message))
    })

    it('makes a new key pair each time', () => {
      assert.notEqual(suite.generateSigningKeyPair().privateKey, pair.privateKey)
    })
  })
}
