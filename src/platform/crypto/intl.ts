import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hash,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto'
import { assertEncryptionKey, toBytes } from './bytes.ts'
import type { CryptoSuite, SigningKeyPair } from './suite.ts'

const VERSION = Buffer.from([0x01])
const IV_LENGTH = 12
const TAG_LENGTH = 16
const EMPTY = Buffer.alloc(0)

/**
 * AES-256-GCM. Sealed layout: version (1) | iv (12) | ciphertext | tag (16); the version byte is
 * authenticated as a prefix of the aad (fixed length, so no ambiguity).
 */
function encrypt(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = EMPTY): Buffer {
  assertEncryptionKey(key)
  const iv = randomBytes(IV_LENGTH)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH })
  cipher.setAAD(Buffer.concat([VERSION, aad]))
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([VERSION, iv, ciphertext, cipher.getAuthTag()])
}

function decrypt(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array = EMPTY): Buffer {
  assertEncryptionKey(key)
  const blob = toBytes(sealed)
  if (blob.length < 1 + IV_LENGTH + TAG_LENGTH || blob[0] !== VERSION[0])
    throw new Error('sealed data is malformed or of an unknown version')
  const iv = blob.subarray(1, 1 + IV_LENGTH)
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH })
  decipher.setAAD(Buffer.concat([VERSION, aad]))
  decipher.setAuthTag(blob.subarray(blob.length - TAG_LENGTH))
  const plaintext = decipher.update(blob.subarray(1 + IV_LENGTH, blob.length - TAG_LENGTH))
  try {
    return Buffer.concat([plaintext, decipher.final()])
  } catch {
    throw new Error('sealed data failed authentication: wrong key, wrong aad or tampered data')
  }
}

function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  return {
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  }
}

function ed25519Key(key: KeyObject): KeyObject {
  // Any other key type would make sign/verify(null, …) silently pick another algorithm.
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key')
  return key
}

// Buffer skips stray characters and stops at padding, so many strings decode to the same bytes;
// only the canonical encoding is taken as a key or a signature.
function fromCanonicalBase64(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64')
  if (bytes.toString('base64') !== text) throw new Error('not canonical base64')
  return bytes
}

/** Ed25519; the private key is base64 DER PKCS#8, the signature base64. */
function signEd25519(privateKey: string, data: string | Uint8Array): string {
  const der = fromCanonicalBase64(privateKey)
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  return sign(null, toBytes(data), ed25519Key(key)).toString('base64')
}

function verifyEd25519(publicKey: string, data: string | Uint8Array, signature: string): boolean {
  try {
    const der = fromCanonicalBase64(publicKey)
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' })
    return verify(null, toBytes(data), ed25519Key(key), fromCanonicalBase64(signature))
  } catch {
    return false
  }
}

/** SHA-256 / HMAC-SHA-256 / HKDF-SHA-256, AES-256-GCM, Ed25519. */
export const intlSuite: CryptoSuite = {
  name: 'intl',
  hashAlgorithm: 'sha256',
  hash: (data) => hash('sha256', data, 'buffer'),
  hashHex: (data) => hash('sha256', data, 'hex'),
  hmac: (key, data) => createHmac('sha256', key).update(data).digest(),
  deriveKey: (ikm, info, length = 32) => Buffer.from(hkdfSync('sha256', ikm, EMPTY, info, length)),
  encrypt,
  decrypt,
  generateSigningKeyPair,
  sign: signEd25519,
  verify: verifyEd25519,
}
