import { randomBytes } from 'node:crypto'
import smCrypto from 'sm-crypto'
import type { SigningKeyPair } from './suite.ts'

/** The default signer identity (GM/T 0009, GB/T 35276) that interoperating tools assume. */
export const SM2_DEFAULT_USER_ID = '1234567812345678'

// The order n of the SM2 recommended curve (GB/T 32918.5).
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n

/** A jsbn BigInteger of sm-crypto's own copy of jsbn; opaque here. */
type SmBigInteger = object
interface SmNonce {
  readonly k: SmBigInteger
  readonly x1: SmBigInteger
}

// The slice of sm-crypto 0.5 used here. @types/sm-crypto describes 0.3 and lacks the seeded
// key generation and the nonce pool, hence the local description.
interface SmSm2 {
  generateKeyPairHex(seed: string, radix: 16): { privateKey: string; publicKey: string }
  getPublicKeyFromPrivateKey(privateKey: string): string
  getPoint(): SmNonce
  doSignature(
    msg: number[],
    privateKey: string,
    options: { hash: true; der: false; userId: string; pointPool: SmNonce[] },
  ): string
  doVerifySignature(
    msg: number[],
    signature: string,
    publicKey: string,
    options: { hash: true; der: false; userId: string },
  ): boolean
}

const sm2 = smCrypto.sm2 as unknown as SmSm2

const PRIVATE_KEY = /^[0-9a-f]{64}$/i
const PUBLIC_KEY = /^04[0-9a-f]{128}$/i
const SIGNATURE = /^[0-9a-f]{128}$/i

function isPrivateKey(privateKey: string): boolean {
  if (!PRIVATE_KEY.test(privateKey)) return false
  const d = BigInt(`0x${privateKey}`)
  return d >= 1n && d <= N - 2n // (1 + d) must be invertible mod n
}

function assertPrivateKey(privateKey: string): void {
  if (!isPrivateKey(privateKey)) throw new Error('not an SM2 private key (64 hex characters)')
}

// sm-crypto draws keys and signing nonces from an RC4 stream seeded once per process. Nonce
// quality is what an SM2 private key's secrecy rests on, so both come from node's CSPRNG instead:
// 384 random bits reduced mod n - 1 leave no bias worth the name.
function randomScalar(): { readonly privateKey: string; readonly publicKey: string } {
  for (;;) {
    const pair = sm2.generateKeyPairHex(randomBytes(48).toString('hex'), 16)
    if (isPrivateKey(pair.privateKey)) return pair
  }
}

type BigIntegerConstructor = new (value: string, radix: number) => SmBigInteger
let bigIntegerClass: BigIntegerConstructor | undefined

// The nonce pool must hold sm-crypto's own BigInteger instances; taking the class from one of
// them avoids depending on jsbn, which is sm-crypto's dependency and not ours.
function smBigInteger(hex: string): SmBigInteger {
  bigIntegerClass ??= sm2.getPoint().k.constructor as BigIntegerConstructor
  return new bigIntegerClass(hex, 16)
}

// k and the x coordinate of kG, as sm-crypto's signer takes them from its pool.
function nonceOf(k: string, kG: string): SmNonce {
  return { k: smBigInteger(k), x1: smBigInteger(kG.slice(2, 66)) }
}

function signWithNonce(privateKey: string, message: Uint8Array, nonce: SmNonce): string {
  // sm-crypto falls back to its own nonce only if this one gives r = 0, r + k = n or s = 0,
  // which happens with probability about 2^-256.
  return sm2.doSignature(Array.from(message), privateKey.toLowerCase(), {
    hash: true,
    der: false,
    userId: SM2_DEFAULT_USER_ID,
    pointPool: [nonce],
  })
}

/** A fresh key pair: private key 64 hex, public key uncompressed `04…` (130 hex). */
export function generateSm2KeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = randomScalar()
  return { privateKey, publicKey }
}

export function sm2PublicKeyOf(privateKey: string): string {
  assertPrivateKey(privateKey)
  return sm2.getPublicKeyFromPrivateKey(privateKey.toLowerCase())
}

/**
 * SM2 signature with SM3 over Z_A || message, user id {@link SM2_DEFAULT_USER_ID}; the result is
 * r || s as 128 hex characters.
 */
export function sm2Sign(privateKey: string, message: Uint8Array): string {
  assertPrivateKey(privateKey)
  const { privateKey: k, publicKey: kG } = randomScalar()
  return signWithNonce(privateKey, message, nonceOf(k, kG))
}

/**
 * For known-answer tests only (the standard's sample fixes k). Never use it to sign: a nonce
 * used twice, or guessable, gives the private key away.
 */
export function sm2SignWithFixedNonceForTest(
  privateKey: string,
  message: Uint8Array,
  k: string,
): string {
  assertPrivateKey(privateKey)
  if (!isPrivateKey(k)) throw new Error('not an SM2 nonce (64 hex characters)')
  return signWithNonce(privateKey, message, nonceOf(k, sm2.getPublicKeyFromPrivateKey(k)))
}

/** Never throws: a malformed key or signature verifies as false. */
export function sm2Verify(publicKey: string, message: Uint8Array, signature: string): boolean {
  if (!PUBLIC_KEY.test(publicKey) || !SIGNATURE.test(signature)) return false
  try {
    return sm2.doVerifySignature(Array.from(message), signature, publicKey, {
      hash: true,
      der: false,
      userId: SM2_DEFAULT_USER_ID,
    })
  } catch {
    return false
  }
}
