import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/** A random id from the CSPRNG: a short prefix naming the kind, then 20 base32 characters. */
export function newId(prefix: string): string {
  const bytes = randomBytes(20)
  let out = ''
  for (const byte of bytes) out += ALPHABET[byte & 31]
  return `${prefix}_${out}`
}
