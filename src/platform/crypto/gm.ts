import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hash,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
import { assertEncryptionKey, toBytes } from './bytes.ts'
import { generateSm2KeyPair, sm2Sign, sm2Verify } from './sm2.ts'
import type { CryptoSuite } from './suite.ts'

const VERSION = Buffer.from([0x01])
const IV_LENGTH = 16
const TAG_LENGTH = 32
const EMPTY = Buffer.alloc(0)

function hkdfSm3(ikm: Uint8Array, info: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sm3', ikm, EMPTY, info, length))
}

// One 32-byte key serves both SM4 (16-byte key) and HMAC-SM3; HKDF keeps the two independent.
function sealKeys(key: Uint8Array): { readonly encKey: Buffer; readonly macKey: Buffer } {
  assertEncryptionKey(key)
  return {
    encKey: hkdfSm3(key, 'shuyu/gm-seal/v1/sm4-ctr', 16),
    macKey: hkdfSm3(key, 'shuyu/gm-seal/v1/hmac-sm3', 32),
  }
}

// The aad is length-prefixed so that no split of (aad, ciphertext) can forge another's tag.
function sealTag(macKey: Buffer, iv: Buffer, aad: Uint8Array, ciphertext: Buffer): Buffer {
  const aadLength = Buffer.alloc(8)
  aadLength.writeBigUInt64BE(BigInt(aad.byteLength))
  return createHmac('sm3', macKey)
    .update(VERSION)
    .update(iv)
    .update(aadLength)
    .update(aad)
    .update(ciphertext)
    .digest()
}

/**
 * SM4-CTR + HMAC-SM3, encrypt-then-MAC.
 * Sealed layout: version (1) | iv (16) | ciphertext | tag (32).
 */
function encrypt(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = EMPTY): Buffer {
  const { encKey, macKey } = sealKeys(key)
  const iv = randomBytes(IV_LENGTH)
  const cipher = createCipheriv('sm4-ctr', encKey, iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([VERSION, iv, ciphertext, sealTag(macKey, iv, aad, ciphertext)])
}

function decrypt(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array = EMPTY): Buffer {
  const { encKey, macKey } = sealKeys(key)
  const blob = toBytes(sealed)
  if (blob.length < 1 + IV_LENGTH + TAG_LENGTH || blob[0] !== VERSION[0])
    throw new Error('sealed data is malformed or of an unknown version')
  const iv = blob.subarray(1, 1 + IV_LENGTH)
  const ciphertext = blob.subarray(1 + IV_LENGTH, blob.length - TAG_LENGTH)
  const tag = blob.subarray(blob.length - TAG_LENGTH)
  if (!timingSafeEqual(sealTag(macKey, iv, aad, ciphertext), tag))
    throw new Error('sealed data failed authentication: wrong key, wrong aad or tampered data')
  const decipher = createDecipheriv('sm4-ctr', encKey, iv)
  return Buffer.concat([decipher.update(ciphertext), decipher.final()])
}

/** SM3 / HMAC-SM3 / HKDF-SM3, SM4-CTR with HMAC-SM3, SM2 signatures. */
export const gmSuite: CryptoSuite = {
  name: 'gm',
  hashAlgorithm: 'sm3',
  // node's one-shot hash encodes strings as UTF-8 itself, sparing a copy on the audit log's path
  hash: (data) => hash('sm3', data, 'buffer'),
  hashHex: (data) => hash('sm3', data, 'hex'),
  hmac: (key, data) => createHmac('sm3', key).update(data).digest(),
  deriveKey: (ikm, info, length = 32) => hkdfSm3(ikm, info, length),
  encrypt,
  decrypt,
  generateSigningKeyPair: generateSm2KeyPair,
  sign: (privateKey, data) => sm2Sign(privateKey, toBytes(data)),
  verify: (publicKey, data, signature) => sm2Verify(publicKey, toBytes(data), signature),
}
