import { gmSuite } from './gm.ts'
import { intlSuite } from './intl.ts'

export const SUITE_NAMES = ['gm', 'intl'] as const
export type SuiteName = (typeof SUITE_NAMES)[number]

/** The suite a deployment uses unless configured otherwise: the Chinese national algorithms. */
export const DEFAULT_SUITE: SuiteName = 'gm'

export interface SigningKeyPair {
  readonly publicKey: string
  readonly privateKey: string
}

/**
 * Everything the platform does with cryptography, behind one interface so that a deployment can
 * run on the national algorithms (`gm`: SM2/SM3/SM4) or the international ones (`intl`:
 * Ed25519/SHA-256/AES-GCM). Strings given as data are encoded as UTF-8.
 */
export interface CryptoSuite {
  readonly name: SuiteName
  readonly hashAlgorithm: 'sm3' | 'sha256'
  hash(data: string | Uint8Array): Buffer
  hashHex(data: string | Uint8Array): string
  hmac(key: Uint8Array, data: string | Uint8Array): Buffer
  /** HKDF with the suite's hash and no salt; `length` defaults to 32 bytes. */
  deriveKey(ikm: Uint8Array, info: string, length?: number): Buffer
  /** Authenticated encryption under a 32-byte key; the result carries its own random IV. */
  encrypt(key: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Buffer
  /** Throws on any tampering, a wrong key or a wrong `aad`. */
  decrypt(key: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Buffer
  generateSigningKeyPair(): SigningKeyPair
  sign(privateKey: string, data: string | Uint8Array): string
  /** Never throws: a malformed key or signature is simply not valid. */
  verify(publicKey: string, data: string | Uint8Array, signature: string): boolean
}

const suites = { gm: gmSuite, intl: intlSuite } as const satisfies Record<SuiteName, CryptoSuite>

export function cryptoSuite(name: SuiteName): CryptoSuite {
  return suites[name]
}

export function isSuiteName(value: string): value is SuiteName {
  return (SUITE_NAMES as readonly string[]).includes(value)
}
