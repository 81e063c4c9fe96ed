import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const pbkdf2Async = promisify(pbkdf2)

const SCHEME = 'pbkdf2-sm3'
const SALT_LENGTH = 16
const HASH_LENGTH = 32
// A stored string is data: it must not be able to make one login burn minutes of CPU.
const MAX_ITERATIONS = 10_000_000

/**
 * PBKDF2-HMAC-SM3 iterations for new hashes. Measured on the development machine (2 vCPU,
 * OpenSSL 3.0, Node 20): 200,000 iterations took 144-181 ms typically (up to ~340 ms under
 * load); 150,000 took ~110-140 ms and 250,000 ~260-370 ms.
 */
export const DEFAULT_PASSWORD_ITERATIONS = 200_000

const MIN_PASSWORD_LENGTH = 10
const MAX_PASSWORD_LENGTH = 256

interface StoredPassword {
  readonly iterations: number
  readonly salt: Buffer
  readonly hash: Buffer
}

// NFKC, as NIST SP 800-63B advises, so that the same password typed on another keyboard or
// input method still matches.
function derive(password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return pbkdf2Async(password.normalize('NFKC'), salt, iterations, HASH_LENGTH, 'sm3')
}

function canonicalBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64')
  return bytes.toString('base64') === text ? bytes : undefined
}

function parseStored(stored: string): StoredPassword | undefined {
  const parts = stored.split('$')
  if (parts.length !== 4 || parts[0] !== SCHEME) return undefined
  const [, iterationsText = '', saltText = '', hashText = ''] = parts
  if (!/^[1-9][0-9]{0,7}$/.test(iterationsText)) return undefined
  const iterations = Number(iterationsText)
  const salt = canonicalBase64(saltText)
  const hash = canonicalBase64(hashText)
  if (iterations > MAX_ITERATIONS || !salt || salt.length < SALT_LENGTH) return undefined
  if (!hash || hash.length !== HASH_LENGTH) return undefined
  return { iterations, salt, hash }
}

function assertIterations(iterations: number): void {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS)
    throw new RangeError(`password iterations must be an integer from 1 to ${MAX_ITERATIONS}`)
}

/** `pbkdf2-sm3$<iterations>$<salt base64>$<hash base64>`, with a fresh 16-byte salt. */
export async function hashPassword(
  password: string,
  options: { iterations?: number } = {},
): Promise<string> {
  const iterations = options.iterations ?? DEFAULT_PASSWORD_ITERATIONS
  assertIterations(iterations)
  const salt = randomBytes(SALT_LENGTH)
  const hash = await derive(password, salt, iterations)
  return `${SCHEME}$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`
}

/**
 * Whether `password` matches `stored`. A malformed stored string is never a match, and costs
 * the same time as a real check so that it cannot be told apart.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored)
  if (!parsed) {
    await dummyPasswordCheck()
    return false
  }
  const hash = await derive(password, parsed.salt, parsed.iterations)
  return timingSafeEqual(hash, parsed.hash)
}

/** True when `stored` is malformed or weaker than `iterations`: rehash it at the next login. */
export function needsRehash(stored: string, iterations: number): boolean {
  const parsed = parseStored(stored)
  return !parsed || parsed.iterations < iterations || parsed.salt.length !== SALT_LENGTH
}

/**
 * Spends what checking a password at the default cost spends. Call it when the username is
 * unknown, so that response times do not tell which usernames exist.
 */
export async function dummyPasswordCheck(): Promise<void> {
  await derive('', randomBytes(SALT_LENGTH), DEFAULT_PASSWORD_ITERATIONS)
}

/** What is wrong with a new password, as English sentences; `[]` when it is acceptable. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = []
  const length = [...password].length
  if (length < MIN_PASSWORD_LENGTH)
    problems.push(`Password must be at least ${MIN_PASSWORD_LENGTH} characters long.`)
  if (length > MAX_PASSWORD_LENGTH)
    problems.push(`Password must be at most ${MAX_PASSWORD_LENGTH} characters long.`)
  // Characters without case (Chinese, for one) count with the symbols as "other".
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u]
  if (classes.filter((pattern) => pattern.test(password)).length < 3)
    problems.push(
      'Password must contain at least 3 of these 4 kinds of characters: lowercase letters, ' +
        'uppercase letters, digits, symbols or other characters.',
    )
  // A one- or two-letter username would forbid half the alphabet; from three letters on it counts.
  const name = username.trim().toLowerCase()
  if (name.length >= 3 && password.toLowerCase().includes(name))
    problems.push('Password must not contain the username.')
  return problems
}
