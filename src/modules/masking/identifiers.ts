// Validation of Chinese identifiers for the masking detectors and the demo data. Pure functions.
// src/platform/engine/identifier-macros.ts restates these rules as DuckDB macros; its test
// holds the two to the same answers, so change both together.
import { InputError } from '../../platform/errors.ts'
import { chinaDate } from '../../platform/time.ts'

// ---------------------------------------------------------------------------------------------
// Resident identity numbers, GB 11643-1999, and the cards that borrow its format

const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const GB11643_CHECK_CHARS = '10X98765432'

// Province-level codes of GB/T 2260 plus 71 Taiwan, 81 Hong Kong and 82 Macau.
const PROVINCE = /^(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])$/
const RESIDENCE_PERMIT_PREFIXES = ['810000', '820000', '830000'] as const

export const RESIDENT_ID_KINDS = ['resident', 'hk-macau-taiwan', 'foreign-permanent'] as const
export type ResidentIdKind = (typeof RESIDENT_ID_KINDS)[number]

export const RESIDENT_ID_REASONS = [
  'length',
  'legacy-15-digit',
  'characters',
  'region',
  'birth-date',
  'birth-date-future',
  'birth-date-before-1900',
  'check-char',
] as const
export type ResidentIdReason = (typeof RESIDENT_ID_REASONS)[number]

export type ResidentIdCheck = {
  readonly valid: boolean
  readonly kind?: ResidentIdKind
  readonly reason?: ResidentIdReason
  /** YYYY-MM-DD. */
  readonly birthDate?: string
  /** The six-digit address code (810000/820000/830000 for a residence permit); absent for a
   * foreign permanent resident card, which carries only the issuing province. */
  readonly regionCode?: string
  readonly sex?: 'male' | 'female'
}

/** The ISO 7064 MOD 11-2 check character of a 17-digit body. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new InputError('a resident ID body is 17 digits')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * GB11643_WEIGHTS[i]!
  return GB11643_CHECK_CHARS[sum % 11]!
}

/**
 * Validates an 18-character resident identity number, a Hong Kong/Macau/Taiwan residence permit
 * (810000/820000/830000…), or a foreign permanent resident ID card: the 2023 18-digit form
 * starting with 9 (province of issue in digits 2-3) or the older 3 letters + 12 digits.
 * "Future" is judged by the calendar date in China on `today`.
 */
export function validateResidentId(
  value: string,
  options: { readonly today?: Date } = {},
): ResidentIdCheck {
  if (/^[A-Z]{3}\d{12}$/.test(value)) return { valid: true, kind: 'foreign-permanent' }
  if (value.length !== 18) {
    return { valid: false, reason: /^\d{15}$/.test(value) ? 'legacy-15-digit' : 'length' }
  }
  if (!/^\d{17}[\dXx]$/.test(value)) return { valid: false, reason: 'characters' }

  const kind = residentIdKind(value)
  if (!regionPlausible(value, kind)) return { valid: false, kind, reason: 'region' }

  const birth = value.slice(6, 14)
  const dateReason = birthDateProblem(birth, options.today ?? new Date())
  if (dateReason) return { valid: false, kind, reason: dateReason }

  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]!.toUpperCase()) {
    return { valid: false, kind, reason: 'check-char' }
  }
  return {
    valid: true,
    kind,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    ...(kind === 'foreign-permanent' ? {} : { regionCode: value.slice(0, 6) }),
    sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  }
}

function residentIdKind(value: string): ResidentIdKind {
  if (value.startsWith('9')) return 'foreign-permanent'
  const prefix = value.slice(0, 6)
  return RESIDENCE_PERMIT_PREFIXES.some((p) => p === prefix) ? 'hk-macau-taiwan' : 'resident'
}

function regionPlausible(value: string, kind: ResidentIdKind): boolean {
  if (kind === 'hk-macau-taiwan') return true
  if (kind === 'foreign-permanent') return PROVINCE.test(value.slice(1, 3))
  return PROVINCE.test(value.slice(0, 2))
}

function birthDateProblem(yyyymmdd: string, today: Date): ResidentIdReason | undefined {
  const year = Number(yyyymmdd.slice(0, 4))
  const month = Number(yyyymmdd.slice(4, 6))
  const day = Number(yyyymmdd.slice(6, 8))
  const date = new Date(Date.UTC(year, month - 1, day))
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  if (!real) return 'birth-date'
  if (year < 1900) return 'birth-date-before-1900'
  if (yyyymmdd > chinaDate(today).replaceAll('-', '')) return 'birth-date-future'
  return undefined
}

/** A first-generation 15-digit number (YYMMDD, always 19YY) as its 18-digit equivalent. */
export function residentId15To18(id15: string): string {
  if (!/^\d{15}$/.test(id15)) throw new InputError('a first-generation resident ID is 15 digits')
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`
  return first17 + residentIdCheckChar(first17)
}

/** Builds a resident ID with its check character; inputs are only checked for shape. */
export function residentIdFrom(region6: string, birthYYYYMMDD: string, seq3: string): string {
  if (!/^\d{6}$/.test(region6) || !/^\d{8}$/.test(birthYYYYMMDD) || !/^\d{3}$/.test(seq3)) {
    throw new InputError('region is 6 digits, birth date 8 (YYYYMMDD), sequence 3')
  }
  const first17 = region6 + birthYYYYMMDD + seq3
  return first17 + residentIdCheckChar(first17)
}

// ---------------------------------------------------------------------------------------------
// Unified social credit codes, GB 32100-2015, with the GB 11714 organization code inside

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const ORGANIZATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const
const ORGANIZATION_CODE_VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** First character of a USCC: the registration authority (GB 32100-2015 table 1). */
export const REGISTRATION_AUTHORITY_NAMES: Readonly<Record<string, string>> = {
  '1': '机构编制',
  '2': '外交',
  '3': '司法行政',
  '4': '文化',
  '5': '民政',
  '6': '旅游',
  '7': '宗教',
  '8': '工会',
  '9': '工商',
  A: '中央军委改革和编制办公室',
  N: '农业',
  Y: '其他',
}

export const USCC_REASONS = [
  'length',
  'lowercase',
  'characters',
  'check-char',
  'organization-code',
] as const
export type UsccReason = (typeof USCC_REASONS)[number]

export type UsccCheck = {
  readonly valid: boolean
  readonly reason?: UsccReason
  /** The first character; REGISTRATION_AUTHORITY_NAMES names it. */
  readonly registrationAuthority?: string
  /** Positions 9-17, the GB 11714 organization code. */
  readonly organizationCode?: string
}

/** The GB 32100 check character of the first 17 characters (uppercase, no I, O, Z, S, V). */
export function usccCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) {
    throw new InputError('a USCC body is 17 characters of 0-9 and A-Y without I, O, Z, S, V')
  }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!
}

/** The GB 11714 check character of an 8-character organization code body. */
export function organizationCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new InputError('an organization code body is 8 characters of 0-9 and A-Z')
  }
  let sum = 0
  for (let i = 0; i < 8; i++) {
    sum += ORGANIZATION_CODE_VALUES.indexOf(first8[i]!) * ORGANIZATION_CODE_WEIGHTS[i]!
  }
  const check = 11 - (sum % 11)
  return check === 10 ? 'X' : check === 11 ? '0' : String(check)
}

export function validateUscc(value: string): UsccCheck {
  if (value.length !== 18) return { valid: false, reason: 'length' }
  if (/[a-z]/.test(value)) return { valid: false, reason: 'lowercase' }
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) return { valid: false, reason: 'characters' }
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return { valid: false, reason: 'check-char' }
  const organizationCode = value.slice(8, 17)
  if (organizationCodeCheckChar(organizationCode.slice(0, 8)) !== organizationCode[8]) {
    return { valid: false, reason: 'organization-code' }
  }
  return { valid: true, registrationAuthority: value[0]!, organizationCode }
}

/** Appends the USCC check character. Position 17 must already be the organization code's
 * check character (organizationCodeCheckChar of positions 9-16) for the result to validate. */
export function usccFrom(first17WithoutCheck: string): string {
  return first17WithoutCheck + usccCheckChar(first17WithoutCheck)
}

// ---------------------------------------------------------------------------------------------
// Bank cards

// UnionPay 62, 60 (e.g. Bank of China 6013), and pre-UnionPay domestic cards such as ICBC 9558
// and ABC 95599, some of which never carried a Luhn digit.
const CHINESE_BIN_PREFIXES = ['62', '60', '95'] as const

/** Luhn (ISO/IEC 7812) over a non-empty string of digits; anything else is false. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i])
    sum += i % 2 === 0 ? digit : digit < 5 ? digit * 2 : digit * 2 - 9
  }
  return sum % 10 === 0
}

export type BankCardCheck = {
  readonly valid: boolean
  /** Luhn fails but length and a Chinese BIN prefix fit: weaker evidence of a card number. */
  readonly weak: boolean
  readonly normalized?: string
  readonly reason?: 'shape' | 'luhn'
}

/** 13-19 digits, optionally grouped with single spaces or dashes, passing Luhn. */
export function validateBankCard(value: string): BankCardCheck {
  if (!/^\d(?:[ -]?\d){12,18}$/.test(value)) return { valid: false, weak: false, reason: 'shape' }
  const normalized = value.replace(/[ -]/g, '')
  if (luhnValid(normalized)) return { valid: true, weak: false, normalized }
  const weak = CHINESE_BIN_PREFIXES.some((prefix) => normalized.startsWith(prefix))
  return { valid: false, weak, normalized, reason: 'luhn' }
}

// ---------------------------------------------------------------------------------------------
// Mobile numbers

// Second and third digits actually allocated to mainland networks.
const MOBILE = /^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$/
// Optional +86/0086/"86 " prefix, then 11 digits starting with 1, single spaces or dashes
// allowed between digits, spaces around. A bare 86 needs a separator: 8613… is not a mobile.
const MOBILE_SHAPE = /^ *(?:(?:\+86|0086)[ -]?|86[ -])?1(?:[ -]?\d){10} *$/

export type MobileCheck = { readonly valid: boolean; readonly normalized?: string }

/** A mainland mobile number; `normalized` is the 11 digits without prefix or separators. */
export function validateMobile(value: string): MobileCheck {
  if (!MOBILE_SHAPE.test(value)) return { valid: false }
  const normalized = value.replace(/\D/g, '').slice(-11)
  return MOBILE.test(normalized) ? { valid: true, normalized } : { valid: false }
}
