import { createHash } from 'node:crypto'

/**
 * Seeded randomness as SQL text. DuckDB's random() depends on thread scheduling, so every choice
 * is a hash of the row's key plus a constant derived from (seed, salt): the same seed gives the
 * same value in any order, on any number of threads. hash() of one BIGINT is a 64-bit mixer and
 * several times cheaper than hashing a (seed, key, 'salt') tuple, which matters at 10M rows.
 */
export interface SqlRandom {
  /** A constant in [0, 2^48) fixed by the seed and the salt: offsets of permutations and groups. */
  readonly constant: (salt: string) => bigint
  /** UBIGINT hash of the key under the salt. */
  readonly hash: (key: string, salt: string) => string
  /** DOUBLE uniform in [0, 1). */
  readonly unit: (key: string, salt: string) => string
  /** BIGINT uniform in [0, n). */
  readonly index: (key: string, salt: string, n: number | string) => string
  /** One of the values, equally likely. */
  readonly pick: (values: readonly (string | number)[], key: string, salt: string) => string
  /** One of the values with probability proportional to its integer weight. */
  readonly weighted: (entries: readonly Weighted[], key: string, salt: string) => string
  /** Approximately standard normal (Box-Muller over two hashes). */
  readonly normal: (key: string, salt: string) => string
}

export type Weighted = readonly [value: string | number, weight: number]

export function createSqlRandom(seed: number): SqlRandom {
  const constant = (salt: string): bigint => {
    const digest = createHash('sha256').update(`shuyu-demo:${seed}:${salt}`).digest()
    return digest.readBigUInt64BE(0) >> 16n
  }
  // Keys stay far below 2^62 - 2^48, so key + constant never overflows a BIGINT.
  const hash = (key: string, salt: string) => `hash((${key})::BIGINT + ${constant(salt)})`
  const unit = (key: string, salt: string) =>
    `((${hash(key, salt)} >> 11)::DOUBLE / 9007199254740992.0)`
  const index = (key: string, salt: string, n: number | string) =>
    `(${hash(key, salt)} % (${n})::UBIGINT)::BIGINT`
  const pick = (values: readonly (string | number)[], key: string, salt: string) =>
    `(${sqlList(values)})[1 + ${index(key, salt, values.length)}]`
  const weighted = (entries: readonly Weighted[], key: string, salt: string) =>
    pick(expandWeights(entries), key, salt)
  const normal = (key: string, salt: string) =>
    `(sqrt(-2 * ln(1 - ${unit(key, `${salt}:r`)})) * cos(2 * pi() * ${unit(key, `${salt}:t`)}))`
  return { constant, hash, unit, index, pick, weighted, normal }
}

/** Each value repeated weight times: a weighted pick becomes one list lookup per row. */
export function expandWeights(entries: readonly Weighted[]): readonly (string | number)[] {
  return entries.flatMap(([value, weight]) => {
    if (!Number.isInteger(weight) || weight < 0) throw new Error(`weight ${weight} of ${value}`)
    return Array.from({ length: weight }, () => value)
  })
}

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

export function sqlList(values: readonly (string | number)[]): string {
  return `[${values.map((v) => (typeof v === 'number' ? String(v) : sqlString(v))).join(', ')}]`
}

/** A multiplier coprime to the modulus, so key -> (key * m + offset) % modulus is a bijection. */
export function coprimeMultiplier(modulus: number): number {
  const candidates = [48271, 69621, 40692, 7919, 104729, 1299709]
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
  const found = candidates.find((m) => gcd(m, modulus) === 1)
  if (found === undefined) throw new Error(`no coprime multiplier for ${modulus}`)
  return found
}
