// DuckDB scalar macros that validate Chinese identifiers inside the sandbox, so a scenario can
// filter or count valid values without pulling rows into Node. They mirror
// src/modules/masking/identifiers.ts rule for rule; identifier-macros.test.ts holds them to it.
//
// Speed, per million resident IDs on one thread: list lambdas over the characters take about
// 2.5 s; one cast of the 17 digits to BIGINT bound to a lambda, digits peeled off by division,
// about 1.2 s (DuckDB shares no repeated subexpression inside CASE, AND or WHERE, so an
// unbound cast would run 17 times); looking up digit pairs in 100-entry lists of their weighted
// sums mod 11 about 0.8 s, the form used here. 1000-entry lists gained little for 5x the text.
// Cheap tests come first in a CASE chain so a malformed value never reaches a cast, and a
// malformed non-NULL value yields false (or NULL from a *_check_char macro), never an error.

// GB 11643 weight of position i (1-based from the left) is 2^(18-i) mod 11.
const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const GB11643_CHECK_CHARS = '10X98765432'

// 3^(i-1) mod 31, GB 32100-2015.
const GB32100_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const GB32100_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

const GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const
const GB11714_VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

// Province-level codes of GB/T 2260 plus 71 Taiwan, 81 Hong Kong and 82 Macau.
const PROVINCE = '(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])'
// An ordinary resident number starts with its province (810000 and 820000 permits included);
// a Taiwan residents' permit with 830000; a 2023-format foreign permanent resident card with
// 9 and the issuing province in digits 2-3. Birth date, sequence and check char follow.
const GB11643_SHAPE = `(${PROVINCE}[0-9]{4}|830000|9${PROVINCE}[0-9]{3})[0-9]{11}[0-9Xx]`

// Second and third digits actually allocated to mainland mobile networks.
const MOBILE_PATTERN = '1(3[0-9]|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8[0-9]|9[0-35-9])[0-9]{8}'
// Optional country prefix, then 11 digits starting with 1 with single spaces or dashes between.
const MOBILE_SHAPE = ' *((\\+86|0086)[ -]?|86[ -])?1([ -]?[0-9]){10} *'

/** Weighted digit sum mod 11 of every `width`-digit string, indexed by its numeric value. */
function weightedSumTable(weights: readonly number[]): number[] {
  return Array.from({ length: 10 ** weights.length }, (_, value) => {
    const digits = String(value).padStart(weights.length, '0')
    return weights.reduce((sum, weight, k) => sum + Number(digits[k]) * weight, 0) % 11
  })
}

/** SQL for the GB 11643 check char of the first 17 characters of `arg`, known to be digits. */
function gb11643CheckChar(arg: string): string {
  const terms: string[] = []
  for (let start = 0; start < 17; start += 2) {
    const width = Math.min(2, 17 - start)
    const table = weightedSumTable(GB11643_WEIGHTS.slice(start, start + width))
    terms.push(`[${table.join(',')}][CAST(substr(${arg}, ${start + 1}, ${width}) AS INTEGER) + 1]`)
  }
  const sum = terms.join('\n      + ')
  return `substr('${GB11643_CHECK_CHARS}', CAST((${sum}) % 11 AS INTEGER) + 1, 1)`
}

// A character's index in a charset is looked up in a list indexed by its code point from '0'
// (48) to 'Z' (90): a third faster than strpos on the charset.
function weightedIndexSum(arg: string, from: number, weights: readonly number[], charset: string) {
  const index = Array.from({ length: 43 }, (_, k) => Math.max(charset.indexOf(String.fromCharCode(48 + k)), 0))
  return weights
    .map((w, i) => `[${index.join(',')}][ascii(substr(${arg}, ${from + i}, 1)) - 47] * ${w}`)
    .join(' + ')
}

/** SQL for the GB 32100 check char of the first 17 characters of `arg`, known to be in the charset. */
function gb32100CheckChar(arg: string): string {
  return `substr('${GB32100_CHARSET}', CAST(
      (31 - (${weightedIndexSum(arg, 1, GB32100_WEIGHTS, GB32100_CHARSET)}) % 31) % 31
    AS INTEGER) + 1, 1)`
}

const birthDate = `CAST(try_strptime(substr(id, 7, 8), '%Y%m%d') AS DATE)`
// "Not in the future" means the calendar date in China, as in the TypeScript twin, whatever the
// session TimeZone: shift the absolute instant by +08:00 and read it as a plain timestamp.
const chinaToday = 'CAST(make_timestamp(epoch_us(now()) + 28800000000) AS DATE)'

/** Statements that (re)define the identifier macros; run them on any DuckDB 1.5 connection. */
export const IDENTIFIER_MACROS: readonly string[] = [
  `CREATE OR REPLACE MACRO gb11643_check_char(first17) AS
    CASE WHEN regexp_full_match(first17, '[0-9]{17}') THEN ${gb11643CheckChar('first17')} END`,

  `CREATE OR REPLACE MACRO gb11643_valid(id) AS
    CASE
      WHEN id IS NULL THEN NULL
      WHEN NOT regexp_full_match(id, '${GB11643_SHAPE}') THEN false
      WHEN NOT coalesce(${birthDate} BETWEEN DATE '1900-01-01' AND ${chinaToday}, false) THEN false
      ELSE ${gb11643CheckChar('id')} = upper(substr(id, 18, 1))
    END`,

  `CREATE OR REPLACE MACRO gb32100_check_char(first17) AS
    CASE WHEN regexp_full_match(first17, '[0-9A-HJ-NPQRTUWXY]{17}') THEN ${gb32100CheckChar('first17')} END`,

  // Positions 9-17 are the GB 11714 organization code: 11 - sum mod 11, 10 written X, 11 as 0.
  // The check char is computed inline: gb32100_check_char would match its pattern a second time.
  `CREATE OR REPLACE MACRO gb32100_valid(code) AS
    CASE
      WHEN code IS NULL THEN NULL
      WHEN NOT regexp_full_match(code, '[0-9A-HJ-NPQRTUWXY]{18}') THEN false
      WHEN ${gb32100CheckChar('code')} <> substr(code, 18, 1) THEN false
      ELSE substr(code, 17, 1) = substr('0123456789X0', CAST(
        11 - (${weightedIndexSum('code', 9, GB11714_WEIGHTS, GB11714_VALUES)}) % 11
      AS INTEGER) + 1, 1)
    END`,

  // From the right, every second digit is doubled (2d - 9 once past 9): the '0246813579' lookup.
  `CREATE OR REPLACE MACRO luhn_valid(digits) AS
    CASE
      WHEN digits IS NULL THEN NULL
      WHEN NOT regexp_full_match(digits, '[0-9]+') THEN false
      ELSE list_sum(list_transform(
        range(length(digits)),
        lambda i: CASE WHEN i % 2 = 0
          THEN ascii(substr(digits, length(digits) - i, 1)) - 48
          ELSE ascii(substr('0246813579', ascii(substr(digits, length(digits) - i, 1)) - 47, 1))
            - 48
        END
      )) % 10 = 0
    END`,

  `CREATE OR REPLACE MACRO cn_mobile_valid(value) AS
    CASE
      WHEN value IS NULL THEN NULL
      WHEN NOT regexp_full_match(value, '${MOBILE_SHAPE}') THEN false
      ELSE regexp_full_match(
        right(regexp_replace(value, '[^0-9]', '', 'g'), 11),
        '${MOBILE_PATTERN}'
      )
    END`,
]

/** Defines the identifier macros on a DuckDB connection (idempotent: CREATE OR REPLACE). */
export async function installIdentifierMacros(connection: {
  run(sql: string): Promise<unknown>
}): Promise<void> {
  for (const statement of IDENTIFIER_MACROS) await connection.run(statement)
}
