// The masking operators of structured data (GB/T 37964-2019 annex: suppression, pseudonymisation,
// deterministic encryption, generalisation, top/bottom coding, randomisation), after the operator
// sets of Presidio and Google Cloud DLP. Pure functions; the only state is the keys passed in.
//
// Error messages name the operator and the type of a value, never the value itself: a message may
// end up in a log, and the value is what masking protects.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hash,
  hkdfSync,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto'
import { z } from 'zod'
import { assertEncryptionKey } from '../../platform/crypto/bytes.ts'
import { InputError } from '../../platform/errors.ts'

export const MASKING_OPERATOR_KINDS = [
  'mask',
  'redact',
  'replace',
  'pseudonym',
  'encrypt',
  'generalize-date',
  'generalize-age',
  'generalize-region',
  'range',
  'top-bottom',
  'noise',
  'date-shift',
] as const
export type MaskingOperatorKind = (typeof MASKING_OPERATOR_KINDS)[number]

/**
 * One masking operator, as a masking policy names it per column.
 *
 * - `mask`: each code point outside the kept prefix and suffix becomes `char` (default `*`), so the
 *   length in code points stays. When the kept parts would cover the whole value, all of it is
 *   masked (fail closed).
 * - `redact`: the value becomes null.
 * - `replace`: the value becomes `value`, default {@link DEFAULT_REPLACEMENT} (`***`).
 * - `pseudonym`: `P` + 32 hex digits, the first 16 bytes of HMAC-SM3 under the workspace's
 *   pseudonym key: equal within a workspace, unrelated across workspaces.
 * - `encrypt`: deterministic SM4 (SIV: IV = HMAC-SM3 of the plaintext, then SM4-CTR), as
 *   `E` + base64url; only {@link decryptDeterministic} with the workspace keys reverses it.
 * - `generalize-date`: `YYYY-MM` or `YYYY`. `generalize-age`: a band `30-39`. `generalize-region`:
 *   a GB/T 2260 code cut to its prefecture (`130723` → `130700`) or province (`130000`), still six
 *   digits. `range`: `[1000,2000)`. `top-bottom`: clamped to [min, max].
 * - `noise`: additive CSPRNG noise, Laplace with scale b (the mean absolute noise is b) or uniform
 *   on [−scale, scale]. Masking noise, not differential privacy: DP lives in the gate.
 * - `date-shift`: every date with the same context (e.g. the person's ID) moves by the same
 *   non-zero number of days in [−maxDays, maxDays], derived from HMAC-SM3, so intervals stay.
 */
export type MaskingOperator =
  | { kind: 'mask'; char?: string; keepPrefix?: number; keepSuffix?: number }
  | { kind: 'redact' }
  | { kind: 'replace'; value?: string }
  | { kind: 'pseudonym' }
  | { kind: 'encrypt' }
  | { kind: 'generalize-date'; to: 'month' | 'year' }
  | { kind: 'generalize-age'; width: number }
  | { kind: 'generalize-region'; digits: 4 | 2 }
  | { kind: 'range'; width: number }
  | { kind: 'top-bottom'; min?: number; max?: number }
  | { kind: 'noise'; scale: number; distribution?: 'laplace' | 'uniform' }
  | { kind: 'date-shift'; maxDays: number }

/** What `replace` writes when the operator gives no value. */
export const DEFAULT_REPLACEMENT = '***'

const finite = z.number().refine(Number.isFinite, 'a finite number')
const keep = z.number().int().min(0).max(64)

export const maskingOperatorSchema: z.ZodType<MaskingOperator> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('mask'),
    char: z
      .string()
      .refine((c) => Array.from(c).length === 1, 'exactly one character (one code point)')
      .optional(),
    keepPrefix: keep.optional(),
    keepSuffix: keep.optional(),
  }),
  z.strictObject({ kind: z.literal('redact') }),
  z.strictObject({ kind: z.literal('replace'), value: z.string().max(200).optional() }),
  z.strictObject({ kind: z.literal('pseudonym') }),
  z.strictObject({ kind: z.literal('encrypt') }),
  z.strictObject({ kind: z.literal('generalize-date'), to: z.enum(['month', 'year']) }),
  z.strictObject({ kind: z.literal('generalize-age'), width: z.number().int().min(1).max(200) }),
  z.strictObject({
    kind: z.literal('generalize-region'),
    digits: z.union([z.literal(4), z.literal(2)]),
  }),
  z.strictObject({ kind: z.literal('range'), width: finite.refine((w) => w > 0, 'above 0') }),
  z
    .strictObject({ kind: z.literal('top-bottom'), min: finite.optional(), max: finite.optional() })
    .refine((o) => o.min !== undefined || o.max !== undefined, 'needs min, max or both')
    .refine((o) => o.min === undefined || o.max === undefined || o.min <= o.max, 'min is above max'),
  z.strictObject({
    kind: z.literal('noise'),
    scale: finite.refine((s) => s > 0, 'above 0'),
    distribution: z.enum(['laplace', 'uniform']).optional(),
  }),
  z.strictObject({ kind: z.literal('date-shift'), maxDays: z.number().int().min(1).max(3650) }),
])

// ---------------------------------------------------------------------------------------------
// Keys

/** The workspace's masking subkeys; never leave the domain. */
export interface MaskingKeys {
  readonly pseudonym: Buffer
  readonly encryption: Buffer
  readonly mac: Buffer
  readonly dateShift: Buffer
}

function hkdfSm3(ikm: Buffer, info: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sm3', ikm, Buffer.alloc(0), info, length))
}

/** HKDF-SM3 subkeys of a 32-byte workspace key, one info string each. */
export function maskingKeys(workspaceKey: Buffer): MaskingKeys {
  assertEncryptionKey(workspaceKey)
  return {
    pseudonym: hkdfSm3(workspaceKey, 'shuyu/masking/v1/pseudonym/hmac-sm3', 32),
    encryption: hkdfSm3(workspaceKey, 'shuyu/masking/v1/encrypt/sm4-ctr', 16),
    mac: hkdfSm3(workspaceKey, 'shuyu/masking/v1/encrypt/hmac-sm3', 32),
    dateShift: hkdfSm3(workspaceKey, 'shuyu/masking/v1/date-shift/hmac-sm3', 32),
  }
}

// ---------------------------------------------------------------------------------------------
// Column kinds

export const COLUMN_KINDS = ['text', 'integer', 'number', 'date', 'timestamp', 'boolean'] as const
export type ColumnKind = (typeof COLUMN_KINDS)[number]

const ALL_KINDS: readonly ColumnKind[] = COLUMN_KINDS
const KEYED_INPUTS: readonly ColumnKind[] = ['text', 'integer', 'number', 'date', 'timestamp']
const DATES: readonly ColumnKind[] = ['date', 'timestamp']
const NUMBERS: readonly ColumnKind[] = ['integer', 'number']

// Booleans take no keyed operator: two values make two pseudonyms, which hide nothing.
const applicable = {
  mask: ['text', 'integer'],
  redact: ALL_KINDS,
  replace: ALL_KINDS,
  pseudonym: KEYED_INPUTS,
  encrypt: KEYED_INPUTS,
  'generalize-date': DATES,
  'generalize-age': ['integer'],
  'generalize-region': ['text', 'integer'],
  range: NUMBERS,
  'top-bottom': NUMBERS,
  noise: NUMBERS,
  'date-shift': DATES,
} as const satisfies Record<MaskingOperatorKind, readonly ColumnKind[]>

/** The column kinds an operator applies to. */
export function applicableKinds(kind: MaskingOperatorKind): readonly ColumnKind[] {
  return applicable[kind]
}

/**
 * The kind of the masked column; throws InputError when the operator does not apply to the input
 * kind (e.g. generalize-age on text, noise on a date), naming both.
 */
export function maskedKind(op: MaskingOperator, input: ColumnKind): ColumnKind {
  const kinds: readonly ColumnKind[] = applicable[op.kind]
  if (!kinds.includes(input)) {
    throw new InputError(
      `the ${op.kind} operator does not apply to a ${input} column (it applies to ${kinds.join(', ')})`,
    )
  }
  switch (op.kind) {
    case 'redact':
    case 'noise':
    case 'date-shift':
      return input
    case 'top-bottom':
      return input === 'integer' && integralBounds(op) ? 'integer' : 'number'
    default:
      return 'text'
  }
}

function integralBounds(op: { min?: number; max?: number }): boolean {
  return (op.min === undefined || Number.isInteger(op.min)) && (op.max === undefined || Number.isInteger(op.max))
}

/**
 * Whether equal inputs always give equal outputs (so a caller may mask the distinct values once).
 * False only for `noise` (fresh noise each time). `date-shift` counts as deterministic for equal
 * (value, context) pairs: a caller masking distinct values once must key them by both.
 */
export function isDeterministic(op: MaskingOperator): boolean {
  return op.kind !== 'noise'
}

/** Whether the operator needs the workspace keys. */
export function needsKeys(op: MaskingOperator): boolean {
  return op.kind === 'pseudonym' || op.kind === 'encrypt' || op.kind === 'date-shift'
}

// ---------------------------------------------------------------------------------------------
// Compiling

/** A compiled operator: null (or undefined) in, null out. */
export type MaskingFunction = (value: unknown, context?: unknown) => unknown

/**
 * A fast masking function; keys required when needsKeys(op) (else throw InputError). null → null
 * always. `context` is used by date-shift only. The operator is validated here, so an operator
 * that did not come through {@link maskingOperatorSchema} is refused rather than half-applied.
 */
export function compileOperator(op: MaskingOperator, keys?: MaskingKeys): MaskingFunction {
  const parsed = maskingOperatorSchema.safeParse(op)
  if (!parsed.success) {
    throw new InputError(
      'invalid masking operator',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    )
  }
  const valid = parsed.data
  if (needsKeys(valid) && keys === undefined) {
    throw new InputError(`the ${valid.kind} operator needs the workspace's masking keys`)
  }
  const masker = build(valid, keys!)
  return (value, context) => (value === null || value === undefined ? null : masker(value, context))
}

function build(op: MaskingOperator, keys: MaskingKeys): MaskingFunction {
  switch (op.kind) {
    case 'mask':
      return compileMask(op.char ?? '*', op.keepPrefix ?? 0, op.keepSuffix ?? 0)
    case 'redact':
      return () => null
    case 'replace': {
      const replacement = op.value ?? DEFAULT_REPLACEMENT
      return () => replacement
    }
    case 'pseudonym':
      return (value) => pseudonymize(keys, canonicalText(value, 'pseudonym'))
    case 'encrypt':
      return (value) => encryptDeterministic(keys, canonicalText(value, 'encrypt'))
    case 'generalize-date':
      return op.to === 'month' ? generalizeToMonth : generalizeToYear
    case 'generalize-age':
      return compileAge(op.width)
    case 'generalize-region':
      return compileRegion(op.digits)
    case 'range':
      return compileRange(op.width)
    case 'top-bottom':
      return compileTopBottom(op.min, op.max)
    case 'noise':
      return compileNoise(op.scale, op.distribution ?? 'laplace')
    case 'date-shift':
      return compileDateShift(keys.dateShift, op.maxDays)
  }
}

function typeOf(value: unknown): string {
  if (value instanceof Date) return 'a Date'
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a non-integer number'
  return `a ${typeof value}`
}

function wrongType(kind: MaskingOperatorKind, expected: string, value: unknown): InputError {
  return new InputError(`the ${kind} operator expects ${expected}, not ${typeOf(value)}`)
}

/** An integer value (number or bigint) as decimal text. */
function integerText(value: unknown, kind: MaskingOperatorKind): string {
  if (typeof value === 'bigint') return String(value)
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  throw wrongType(kind, 'text or an integer', value)
}

/** A number from a number or a bigint within the safe integers. */
function toNumber(value: unknown, kind: MaskingOperatorKind): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value
  } else if (typeof value === 'bigint') {
    const n = Number(value)
    if (Number.isSafeInteger(n)) return n
  }
  throw wrongType(kind, 'a finite number (or an integer within ±2^53)', value)
}

// --- mask -------------------------------------------------------------------------------------

// Any surrogate: code units are not code points (a character outside the BMP, or a lone half).
const SURROGATE = /[\uD800-\uDFFF]/
// A concatenation of 13 or more UTF-16 units is a rope in V8: a cons string holding the parts,
// each its own object. The caller keeps the result, so the GC copies three or four objects per
// value. From that length up to FLAT_MAX the result is built flat, from its character codes.
const ROPE_MIN = 13
const FLAT_MAX = 64

function compileMask(char: string, keepPrefix: number, keepSuffix: number): MaskingFunction {
  const masks: string[] = []
  const maskOf = (n: number): string => (n < 256 ? (masks[n] ??= char.repeat(n)) : char.repeat(n))
  // One code unit; a mask character outside the BMP is concatenated.
  const maskCode = char.length === 1 ? char.charCodeAt(0) : -1
  const codes: number[] = []
  return (value) => {
    const text = typeof value === 'string' ? value : integerText(value, 'mask')
    if (SURROGATE.test(text)) {
      const points = Array.from(text)
      const n = points.length
      if (keepPrefix + keepSuffix >= n) return maskOf(n)
      return (
        points.slice(0, keepPrefix).join('') +
        maskOf(n - keepPrefix - keepSuffix) +
        points.slice(n - keepSuffix).join('')
      )
    }
    // Every UTF-16 unit is one code point (ASCII, and Chinese in the BMP).
    const n = text.length
    if (keepPrefix + keepSuffix >= n) return maskOf(n)
    const suffixFrom = n - keepSuffix
    if (n < ROPE_MIN || n > FLAT_MAX || maskCode < 0) {
      return text.slice(0, keepPrefix) + maskOf(suffixFrom - keepPrefix) + text.slice(suffixFrom)
    }
    codes.length = n
    for (let i = 0; i < keepPrefix; i++) codes[i] = text.charCodeAt(i)
    for (let i = keepPrefix; i < suffixFrom; i++) codes[i] = maskCode
    for (let i = suffixFrom; i < n; i++) codes[i] = text.charCodeAt(i)
    return String.fromCharCode.apply(null, codes)
  }
}

// --- pseudonym and deterministic encryption ---------------------------------------------------

/**
 * The text a keyed operator works on: strings as they are, integers in decimal (so 13800138000,
 * 13800138000n and '13800138000' agree), other numbers as JavaScript prints them, Dates as ISO
 * 8601 in UTC.
 */
function canonicalText(value: unknown, kind: MaskingOperatorKind): string {
  if (typeof value === 'string') return value
  if (typeof value === 'bigint') return String(value)
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString()
  throw wrongType(kind, 'text, a number or a date', value)
}

/** `P` + the first 16 bytes, in hex, of HMAC-SM3 under the workspace's pseudonym key. */
export function pseudonymize(keys: MaskingKeys, text: string): string {
  return 'P' + createHmac('sm3', keys.pseudonym).update(text, 'utf8').digest().toString('hex', 0, 16)
}

const TOKEN_VERSION = 0x01
const SIV_LENGTH = 16

function syntheticIv(keys: MaskingKeys, plaintext: Buffer): Buffer {
  return createHmac('sm3', keys.mac)
    .update(Buffer.of(TOKEN_VERSION))
    .update(plaintext)
    .digest()
    .subarray(0, SIV_LENGTH)
}

/**
 * Deterministic encryption: `E` + base64url(version (1) | iv (16) | SM4-CTR ciphertext), where the
 * iv is HMAC-SM3(mac key, version | plaintext) cut to 16 bytes (SIV). Equal plaintexts give equal
 * tokens; the iv doubles as the authentication tag.
 */
export function encryptDeterministic(keys: MaskingKeys, text: string): string {
  const plaintext = Buffer.from(text, 'utf8')
  const iv = syntheticIv(keys, plaintext)
  const cipher = createCipheriv('sm4-ctr', keys.encryption, iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return 'E' + Buffer.concat([Buffer.of(TOKEN_VERSION), iv, ciphertext]).toString('base64url')
}

/**
 * The text an `encrypt` token hides (numbers and dates come back as their canonical text).
 * Throws InputError when the token is malformed, of another workspace or tampered with.
 */
export function decryptDeterministic(keys: MaskingKeys, token: string): string {
  const blob = /^E[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token.slice(1), 'base64url') : Buffer.alloc(0)
  if (blob.length < 1 + SIV_LENGTH || blob[0] !== TOKEN_VERSION) {
    throw new InputError('not an encrypt token of a known version')
  }
  const iv = blob.subarray(1, 1 + SIV_LENGTH)
  const decipher = createDecipheriv('sm4-ctr', keys.encryption, iv)
  const plaintext = Buffer.concat([decipher.update(blob.subarray(1 + SIV_LENGTH)), decipher.final()])
  if (!timingSafeEqual(syntheticIv(keys, plaintext), iv)) {
    throw new InputError('the encrypt token failed authentication: another workspace\'s key or tampered')
  }
  return plaintext.toString('utf8')
}

// --- generalizations ---------------------------------------------------------------------------

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const
const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?/

/** Year and month (1–12) of a Date (read in UTC, as DuckDB gives DATE and TIMESTAMP) or ISO text. */
function yearMonth(value: unknown, kind: MaskingOperatorKind): readonly [number, number] {
  if (value instanceof Date) {
    const year = value.getUTCFullYear()
    if (year >= 0 && year <= 9999) return [year, value.getUTCMonth() + 1]
  } else if (typeof value === 'string') {
    const match = ISO_DATE.exec(value)
    if (match) {
      const year = Number(match[1])
      const month = Number(match[2])
      const day = match[3] === undefined ? 1 : Number(match[3])
      if (realDate(year, month, day)) return [year, month]
    }
  }
  throw wrongType(kind, 'a date (a Date or ISO 8601 text) in the years 0000–9999', value)
}

function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return date
}

function realDate(year: number, month: number, day: number): boolean {
  const date = utcDate(year, month, day)
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function year4(year: number): string {
  return year >= 1000 ? String(year) : String(year).padStart(4, '0')
}

function generalizeToMonth(value: unknown): string {
  const [year, month] = yearMonth(value, 'generalize-date')
  return `${year4(year)}-${MONTHS[month - 1]!}`
}

function generalizeToYear(value: unknown): string {
  return year4(yearMonth(value, 'generalize-date')[0])
}

function compileAge(width: number): MaskingFunction {
  const bands: string[] = []
  return (value) => {
    const age = typeof value === 'bigint' ? Number(value) : value
    if (typeof age !== 'number' || !Number.isSafeInteger(age) || age < 0) {
      throw wrongType('generalize-age', 'a non-negative integer age', value)
    }
    const band = Math.floor(age / width)
    return (bands[band] ??= `${band * width}-${band * width + width - 1}`)
  }
}

function isRegionCode(code: string): boolean {
  if (code.length !== 6) return false
  for (let i = 0; i < 6; i++) {
    const c = code.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/** Six digits kept: 130723 → 130700 (prefecture) or 130000 (province), as GB/T 2260 writes them. */
function compileRegion(digits: 4 | 2): MaskingFunction {
  const zeros = '0'.repeat(6 - digits)
  return (value) => {
    const code = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' ? String(value) : ''
    if (!isRegionCode(code)) {
      throw new InputError(`the generalize-region operator expects a six-digit GB/T 2260 code, not ${typeOf(value)} of another form`)
    }
    return code.slice(0, digits) + zeros
  }
}

function compileRange(width: number): MaskingFunction {
  // Fractional widths make 3 × 0.1 = 0.30000000000000004: bounds are rounded to twelve
  // significant digits, and the value is placed against the rounded bounds it is shown with.
  const bound = Number.isInteger(width)
    ? (k: number) => k * width
    : (k: number) => Number((k * width).toPrecision(12))
  return (value) => {
    const n = toNumber(value, 'range')
    let k = Math.floor(n / width)
    if (bound(k) > n) k -= 1
    else if (bound(k + 1) <= n) k += 1
    return `[${bound(k)},${bound(k + 1)})`
  }
}

function compileTopBottom(min: number | undefined, max: number | undefined): MaskingFunction {
  const low = min ?? -Infinity
  const high = max ?? Infinity
  const integral = integralBounds({ min, max })
  const bigLow = min === undefined || !integral ? undefined : BigInt(min)
  const bigHigh = max === undefined || !integral ? undefined : BigInt(max)
  return (value) => {
    if (typeof value === 'bigint' && integral) {
      if (bigLow !== undefined && value < bigLow) return bigLow
      if (bigHigh !== undefined && value > bigHigh) return bigHigh
      return value
    }
    const n = toNumber(value, 'top-bottom')
    return n < low ? low : n > high ? high : n
  }
}

// --- noise -------------------------------------------------------------------------------------

// CSPRNG words, drawn in blocks: one randomFillSync per value would cost more than the masking.
const pool = new Uint32Array(2048)
let poolNext = pool.length

function word(): number {
  if (poolNext === pool.length) {
    randomFillSync(pool)
    poolNext = 0
  }
  return pool[poolNext++]!
}

/** A uniform double in [0, 1) with 53 random bits. */
function uniform(): number {
  return ((word() >>> 5) * 67108864 + (word() >>> 6)) / 9007199254740992
}

/** Laplace(0, scale): an Exp(1) draw (finite, since 1 − u > 0) with a random sign. */
export function laplaceNoise(scale: number): number {
  const magnitude = -Math.log1p(-uniform()) * scale
  return word() & 1 ? magnitude : -magnitude
}

function compileNoise(scale: number, distribution: 'laplace' | 'uniform'): MaskingFunction {
  const draw = distribution === 'laplace' ? () => laplaceNoise(scale) : () => (2 * uniform() - 1) * scale
  return (value) => {
    if (typeof value === 'bigint') return BigInt(Math.round(toNumber(value, 'noise') + draw()))
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw wrongType('noise', 'a finite number', value)
    }
    // Integers stay integers, so an integer column keeps its kind.
    return Number.isInteger(value) ? Math.round(value + draw()) : value + draw()
  }
}

// --- date-shift --------------------------------------------------------------------------------

const DAY_MS = 86_400_000
const OFFSET_CACHE_LIMIT = 100_000

/** The non-zero day offset in [−maxDays, maxDays] of one context. */
export function dateShiftDays(keys: MaskingKeys, context: unknown, maxDays: number): number {
  return shiftDays(keys.dateShift, contextText(context), maxDays)
}

function contextText(context: unknown): string {
  return context === null || context === undefined ? '' : canonicalText(context, 'date-shift')
}

function shiftDays(key: Buffer, context: string, maxDays: number): number {
  // 48 bits modulo at most 7,300: the bias is below 2^-35.
  const n = createHmac('sm3', key).update(context, 'utf8').digest().readUIntBE(0, 6) % (2 * maxDays)
  return n < maxDays ? n - maxDays : n - maxDays + 1
}

function compileDateShift(key: Buffer, maxDays: number): MaskingFunction {
  let offsets = new Map<string, number>()
  const offsetOf = (context: unknown): number => {
    const text = contextText(context)
    let days = offsets.get(text)
    if (days === undefined) {
      days = shiftDays(key, text, maxDays)
      if (offsets.size >= OFFSET_CACHE_LIMIT) offsets = new Map()
      offsets.set(text, days)
    }
    return days
  }
  return (value, context) => {
    if (value instanceof Date && !Number.isNaN(value.getTime())) {
      return new Date(value.getTime() + offsetOf(context) * DAY_MS)
    }
    // ISO text keeps its form: the calendar date moves, a time or offset after it stays.
    const text = typeof value === 'string' ? value : ''
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
    if (match) {
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
      if (realDate(year, month, day)) {
        const shifted = new Date(utcDate(year, month, day).getTime() + offsetOf(context) * DAY_MS)
        const y = shifted.getUTCFullYear()
        if (y >= 0 && y <= 9999) {
          const date = `${year4(y)}-${MONTHS[shifted.getUTCMonth()]!}-${String(shifted.getUTCDate()).padStart(2, '0')}`
          return date + text.slice(10)
        }
      }
    }
    throw wrongType('date-shift', 'a date (a Date or ISO 8601 text) in the years 0000–9999', value)
  }
}

// ---------------------------------------------------------------------------------------------
// Presidio's operators, for the reference vectors (privacy-controls.md §4, 4.6 and 4.7)

/** Presidio's `mask`: `charsToMask` code points from the start (or end) become `char`. */
export function presidioMask(text: string, char: string, charsToMask: number, fromEnd: boolean): string {
  const points = Array.from(text)
  const count = charsToMask > 0 ? Math.min(points.length, charsToMask) : 0
  const start = fromEnd ? points.length - count : 0
  return points.slice(0, start).join('') + char.repeat(count) + points.slice(start + count).join('')
}

/** Presidio's `hash`: hex of sha256/sha512 over text ‖ salt; the salt is at least 16 bytes. */
export function presidioHash(text: string, salt: Uint8Array, algorithm: 'sha256' | 'sha512'): string {
  if (salt.byteLength < 16) throw new InputError('a Presidio hash salt is at least 16 bytes')
  return hash(algorithm, Buffer.concat([Buffer.from(text, 'utf8'), salt]), 'hex')
}
