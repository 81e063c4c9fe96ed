import assert from 'node:assert/strict'
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto'
import { describe, it } from 'node:test'
import { intlSuite } from './intl.ts'

const hex = (text: string): Buffer => Buffer.from(text, 'hex')

// DER wrappers around raw Ed25519 keys (RFC 8410): PKCS#8 for the secret, SPKI for the public key.
const pkcs8 = (seed: string): string => `302e020100300506032b657004220420${seed}`
const spki = (publicKey: string): string => `302a300506032b6570032100${publicKey}`
const b64 = (hexText: string): string => hex(hexText).toString('base64')

describe('intl: SHA-256, HMAC-SHA-256, HKDF-SHA-256', () => {
  it('hashes "abc" (FIPS 180-2)', () => {
    assert.equal(
      intlSuite.hashHex('abc'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
  })

  it('computes RFC 4231 test cases 1 and 2', () => {
    assert.equal(
      intlSuite.hmac(Buffer.alloc(20, 0x0b), 'Hi There').toString('hex'),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    )
    assert.equal(
      intlSuite.hmac(Buffer.from('Jefe'), 'what do ya want for nothing?').toString('hex'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
  })

  it('derives RFC 5869 test case 3 (no salt, no info)', () => {
    assert.equal(
      intlSuite.deriveKey(Buffer.alloc(22, 0x0b), '', 42).toString('hex'),
      '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
    )
  })
})

describe('intl: Ed25519 (RFC 8032 section 7.1)', () => {
  const test1 = {
    secretKey: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  }

  it('signs the empty message of test 1 as published', () => {
    const signature = intlSuite.sign(b64(pkcs8(test1.secretKey)), new Uint8Array(0))
    assert.equal(Buffer.from(signature, 'base64').toString('hex'), test1.signature)
  })

  it('verifies test 1 with the published public key, and derives that key', () => {
    assert.ok(intlSuite.verify(b64(spki(test1.publicKey)), '', b64(test1.signature)))
    const secret = createPrivateKey({
      key: hex(pkcs8(test1.secretKey)),
      format: 'der',
      type: 'pkcs8',
    })
    const derived = createPublicKey(secret).export({ format: 'der', type: 'spki' })
    assert.equal(derived.toString('hex'), spki(test1.publicKey))
  })

  it('keys are base64 DER: SPKI public, PKCS#8 private', () => {
    const pair = intlSuite.generateSigningKeyPair()
    assert.equal(Buffer.from(pair.publicKey, 'base64').length, 44)
    assert.equal(Buffer.from(pair.privateKey, 'base64').length, 48)
  })

  it('refuses keys of another type', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const ecPublic = ec.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')
    const ecPrivate = ec.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')
    assert.equal(intlSuite.verify(ecPublic, '', b64(test1.signature)), false)
    assert.throws(() => intlSuite.sign(ecPrivate, 'x'), /not an Ed25519 key/)
  })
})

describe('intl: AES-256-GCM', () => {
  it('is node AES-256-GCM as in McGrew & Viega test case 14', () => {
    const cipher = createCipheriv('aes-256-gcm', Buffer.alloc(32), Buffer.alloc(12))
    const ciphertext = Buffer.concat([cipher.update(Buffer.alloc(16)), cipher.final()])
    assert.equal(ciphertext.toString('hex'), 'cea7403d4d606b6e074ec5d3baf39d18')
    assert.equal(cipher.getAuthTag().toString('hex'), 'd0d1c8a799996bf0265b98b5d48ab919')
  })

  it('seals as version 1 | iv | ciphertext | tag, the version authenticated with the aad', () => {
    const key = randomBytes(32)
    const plaintext = Buffer.from('a row of personal data')
    const aad = Buffer.from('row 7')
    const sealed = intlSuite.encrypt(key, plaintext, aad)
    assert.equal(sealed.length, 1 + 12 + plaintext.length + 16)
    assert.equal(sealed[0], 1)
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13))
    decipher.setAAD(Buffer.concat([Buffer.from([1]), aad]))
    decipher.setAuthTag(sealed.subarray(sealed.length - 16))
    const ciphertext = sealed.subarray(13, sealed.length - 16)
    const opened = Buffer.concat([decipher.update(ciphertext), decipher.final()])
    assert.deepEqual(opened, plaintext)
  })

  it('refuses an unknown version byte', () => {
    const key = randomBytes(32)
    const sealed = intlSuite.encrypt(key, Buffer.from('x'))
    sealed[0] = 2
    assert.throws(() => intlSuite.decrypt(key, sealed), /unknown version/)
  })
})
