import assert from 'node:assert/strict'
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import smCrypto from 'sm-crypto'
import { gmSuite } from './gm.ts'

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s/g, ''), 'hex')

function sm4EcbEncryptBlock(key: Buffer, block: Buffer): Buffer {
  const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false)
  return Buffer.concat([cipher.update(block), cipher.final()])
}

describe('gm: SM3 (GB/T 32905-2016, appendix A)', () => {
  it('hashes "abc"', () => {
    assert.equal(
      gmSuite.hashHex('abc'),
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    )
  })

  it('hashes the 64-byte "abcd" x 16', () => {
    assert.equal(
      gmSuite.hashHex('abcd'.repeat(16)),
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    )
  })

  it('agrees with sm-crypto, an independent implementation, for HMAC-SM3', () => {
    const key = randomBytes(40)
    const data = randomBytes(1000)
    const theirs = smCrypto.sm3(Array.from(data), { key: Array.from(key), mode: 'hmac' })
    assert.equal(gmSuite.hmac(key, data).toString('hex'), theirs)
  })

  it('derives keys by HKDF (RFC 5869) over HMAC-SM3, with an all-zero salt', () => {
    const ikm = randomBytes(32)
    const prk = createHmac('sm3', Buffer.alloc(32)).update(ikm).digest()
    const t1 = createHmac('sm3', prk).update('info').update(Buffer.from([1])).digest()
    const t2 = createHmac('sm3', prk).update(t1).update('info').update(Buffer.from([2])).digest()
    assert.deepEqual(gmSuite.deriveKey(ikm, 'info', 48), Buffer.concat([t1, t2]).subarray(0, 48))
  })
})

describe('gm: SM4 (GB/T 32907-2016, appendix A) as node provides it', () => {
  const key = hex('0123456789abcdeffedcba9876543210')

  it('encrypts the example block once', () => {
    assert.equal(sm4EcbEncryptBlock(key, key).toString('hex'), '681edf34d206965e86b3e94f536e4246')
  })

  it('encrypts the example block 1,000,000 times', () => {
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false)
    let block = Buffer.from(key)
    for (let i = 0; i < 1_000_000; i++) block = cipher.update(block)
    assert.equal(block.toString('hex'), '595298c7c6fd271f0402f804c33d3f66')
  })

  it('runs CTR as E(iv), E(iv + 1), … XORed over the data, carrying over all 128 bits', () => {
    const iv = hex('000000000000000000000000ffffffff')
    const data = randomBytes(40)
    const cipher = createCipheriv('sm4-ctr', key, iv)
    const ours = Buffer.concat([cipher.update(data), cipher.final()])
    const counters = [
      '000000000000000000000000ffffffff',
      '00000000000000000000000100000000',
      '00000000000000000000000100000001',
    ]
    const stream = Buffer.concat(counters.map((c) => sm4EcbEncryptBlock(key, hex(c))))
    assert.deepEqual(ours, Buffer.from(data.map((byte, i) => byte ^ stream[i]!)))
  })
})

describe('gm: sealed format', () => {
  it('is version 1 | iv | SM4-CTR ciphertext | HMAC-SM3 tag, keys derived by HKDF-SM3', () => {
    const key = randomBytes(32)
    const plaintext = Buffer.from('a row of personal data')
    const aad = Buffer.from('row 7')
    const sealed = gmSuite.encrypt(key, plaintext, aad)
    assert.equal(sealed.length, 1 + 16 + plaintext.length + 32)
    assert.equal(sealed[0], 1)

    const iv = sealed.subarray(1, 17)
    const ciphertext = sealed.subarray(17, sealed.length - 32)
    const encKey = gmSuite.deriveKey(key, 'shuyu/gm-seal/v1/sm4-ctr', 16)
    const macKey = gmSuite.deriveKey(key, 'shuyu/gm-seal/v1/hmac-sm3', 32)
    const aadLength = Buffer.alloc(8)
    aadLength.writeBigUInt64BE(BigInt(aad.length))
    const macInput = Buffer.concat([sealed.subarray(0, 17), aadLength, aad, ciphertext])
    const tag = gmSuite.hmac(macKey, macInput)
    assert.deepEqual(sealed.subarray(sealed.length - 32), tag)
    const decipher = createDecipheriv('sm4-ctr', encKey, iv)
    assert.deepEqual(Buffer.concat([decipher.update(ciphertext), decipher.final()]), plaintext)
  })

  it('refuses an unknown version byte', () => {
    const key = randomBytes(32)
    const sealed = gmSuite.encrypt(key, Buffer.from('x'))
    sealed[0] = 2
    assert.throws(() => gmSuite.decrypt(key, sealed), /unknown version/)
  })

  it('keeps aad and ciphertext apart: moving a byte between them fails', () => {
    const key = randomBytes(32)
    const sealed = gmSuite.encrypt(key, Buffer.from('xy'), Buffer.from('ab'))
    assert.throws(() => gmSuite.decrypt(key, sealed, Buffer.from('a')))
    assert.throws(() => gmSuite.decrypt(key, sealed, Buffer.from('abc')))
  })
})
