import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const TOTP_ALGORITHMS = ['sha1', 'sha256', 'sha512'] as const
export type TotpAlgorithm = (typeof TOTP_ALGORITHMS)[number]

/** Authenticator apps assume SHA-1, 6 digits and 30 s unless told otherwise; so do we. */
export interface TotpOptions {
  readonly algorithm?: TotpAlgorithm
  readonly digits?: number
  readonly periodSeconds?: number
}

export interface VerifyTotpOptions extends TotpOptions {
  /** Steps either side of now that still count, for clock drift; default 1. */
  readonly window?: number
  /** The last step already used: it and every earlier one are refused, so a code is single-use. */
  readonly afterStep?: number
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32, without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += BASE32_ALPHABET[(buffer >> bits) & 31]
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31]
  return out
}

/**
 * RFC 4648 base32. Lenient where people copy secrets by hand: case, spaces, hyphens and
 * trailing `=` padding are ignored. Throws on any other character or an impossible length.
 */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase()
  if ([1, 3, 6].includes(clean.length % 8)) throw new Error('not base32: impossible length')
  const out: number[] = []
  let buffer = 0
  let bits = 0
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char)
    if (value < 0) throw new Error('not base32: unexpected character')
    buffer = ((buffer << 5) | value) & 0xffff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((buffer >> bits) & 0xff)
    }
  }
  return Buffer.from(out)
}

/** 20 bytes (160 bits, as RFC 4226 recommends) from the CSPRNG, in base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20))
}

function settings(options: TotpOptions): Required<TotpOptions> {
  const { algorithm = 'sha1', digits = 6, periodSeconds = 30 } = options
  if (!Number.isInteger(digits) || digits < 6 || digits > 8)
    throw new RangeError('TOTP digits must be 6, 7 or 8') // RFC 4226 section 5.3
  if (!Number.isInteger(periodSeconds) || periodSeconds < 1)
    throw new RangeError('TOTP period must be a positive whole number of seconds')
  return { algorithm, digits, periodSeconds }
}

// RFC 4226 section 5.3: HMAC over the 8-byte counter, dynamic truncation, modulo 10^digits.
function hotp(secret: Buffer, counter: number, algorithm: TotpAlgorithm, digits: number): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac(algorithm, secret).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

function stepAt(atMs: number, periodSeconds: number): number {
  return Math.floor(atMs / 1000 / periodSeconds)
}

/** The code for the time `atMs` (milliseconds since the Unix epoch). */
export function totpCode(secretBase32: string, atMs: number, options: TotpOptions = {}): string {
  const { algorithm, digits, periodSeconds } = settings(options)
  return hotp(base32Decode(secretBase32), stepAt(atMs, periodSeconds), algorithm, digits)
}

/**
 * The time step `code` is valid for around `atMs`, or null. Store the step returned and pass it
 * as `afterStep` next time, so that a code seen once cannot be replayed.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  atMs: number,
  options: VerifyTotpOptions = {},
): number | null {
  const { algorithm, digits, periodSeconds } = settings(options)
  const { window = 1, afterStep = -1 } = options
  if (!Number.isInteger(window) || window < 0 || window > 10)
    throw new RangeError('TOTP window must be an integer from 0 to 10')
  if (!new RegExp(`^[0-9]{${digits}}$`).test(code)) return null
  const secret = base32Decode(secretBase32)
  const given = Buffer.from(code)
  const now = stepAt(atMs, periodSeconds)
  let matched: number | null = null
  // Every candidate is computed and compared, so timing does not tell which one matched.
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue
    const equal = timingSafeEqual(Buffer.from(hotp(secret, step, algorithm, digits)), given)
    if (equal && step > afterStep && matched === null) matched = step
  }
  return matched
}

/** The `otpauth://` URI an authenticator app reads from a QR code (Google's Key URI format). */
export function otpauthUri(
  secretBase32: string,
  account: string,
  issuer: string,
  options: TotpOptions = {},
): string {
  const { algorithm, digits, periodSeconds } = settings(options)
  // The label is "issuer:account"; a colon inside either would split it wrongly in some apps.
  if (account.includes(':') || issuer.includes(':'))
    throw new Error('TOTP account and issuer must not contain ":"')
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`
  // encodeURIComponent, not URLSearchParams: some apps show a '+' for a space literally.
  const query = [
    `secret=${base32Encode(base32Decode(secretBase32))}`,
    `issuer=${encodeURIComponent(issuer)}`,
    `algorithm=${algorithm.toUpperCase()}`,
    `digits=${digits}`,
    `period=${periodSeconds}`,
  ].join('&')
  return `otpauth://totp/${label}?${query}`
}
