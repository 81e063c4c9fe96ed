import { fieldFormat, type CatalogFieldInput, type FieldFormat, type FieldType, type UpdateCycle } from '../catalog/catalog.ts'
import { sqlIdentifier, sqlString } from '../../platform/engine/engine.ts'

/**
 * The quality of one pool version (art. 10: 真实 准确 完整 时效 可用): completeness, validity,
 * uniqueness, timeliness and consistency. Rows failing a hard rule are quarantined with their
 * reasons, never silently dropped.
 */
export interface QualityReport {
  readonly rows: { readonly read: number; readonly loaded: number; readonly quarantined: number; readonly rejectedByParser: number }
  readonly completeness: readonly { readonly field: string; readonly nulls: number; readonly rate: number }[]
  readonly validity: readonly { readonly field: string; readonly problem: string; readonly rows: number }[]
  readonly uniqueness: { readonly key: readonly string[]; readonly duplicates: number } | null
  readonly timeliness: {
    readonly field: string | null
    readonly latest: string | null
    readonly maxAgeDays: number | null
    readonly status: 'ok' | 'stale' | 'unknown'
  }
  readonly consistency: readonly {
    readonly field: string
    readonly references: string
    readonly missing: number | null
    readonly status: 'ok' | 'inconsistent' | 'unknown'
  }[]
  /** Share of rows read that were loaded, 0–1. */
  readonly score: number
  readonly generatedAt: string
}

const CASTS: Record<FieldType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  // 18 digits keep DuckDB on its 64-bit decimal path: DECIMAL(20,4) parsed CSV twenty times slower.
  decimal: 'DECIMAL(18,4)',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  boolean: 'BOOLEAN',
}

export function duckType(type: FieldType): string {
  return CASTS[type]
}

const FORMAT_CHECKS: Record<FieldFormat, { test: (v: string) => string; problem: string }> = {
  'resident-id': { test: (v) => `gb11643_valid(${v})`, problem: 'invalid resident ID number (GB 11643 check digit, birth date or region)' },
  uscc: { test: (v) => `gb32100_valid(${v})`, problem: 'invalid unified social credit code (GB 32100 check character)' },
  mobile: { test: (v) => `cn_mobile_valid(${v})`, problem: 'not a mainland mobile number' },
  'bank-card': { test: (v) => `luhn_valid(${v})`, problem: 'bank card number fails the Luhn check' },
  'year-month': { test: (v) => `regexp_full_match(${v}, '[12][0-9]{3}-(0[1-9]|1[0-2])')`, problem: 'not a month YYYY-MM' },
  'division-code': { test: (v) => `regexp_full_match(${v}, '[1-8][0-9]{5}')`, problem: 'not a 6-digit division code (GB/T 2260)' },
  email: { test: (v) => `regexp_full_match(${v}, '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')`, problem: 'not an email address' },
}

export interface ValueRule {
  readonly flags: (v: string) => string
  readonly reason: string
  /**
   * Checked on every row rather than on the field's distinct values: comparing a number costs
   * less than finding the distinct values of a column where nearly every value is distinct.
   */
  readonly perRow: boolean
}

/**
 * The rules a present value of a field must pass, as (test that flags it, reason) pairs. Values
 * arrive typed: their type was checked as they were read.
 */
export function valueRules(field: CatalogFieldInput): ValueRule[] {
  const rules: ValueRule[] = []
  const numeric = field.dataType === 'integer' || field.dataType === 'decimal'
  if (field.codeList) {
    const list = field.codeList.map(sqlString).join(', ')
    rules.push({ flags: (v) => `${v} NOT IN (${list})`, reason: `${field.name}: not in its code list`, perRow: false })
  }
  if (field.range?.min !== undefined) {
    const min = Number(field.range.min)
    rules.push({ flags: (v) => `TRY_CAST(${v} AS DOUBLE) < ${min}`, reason: `${field.name}: below ${field.range.min}`, perRow: numeric })
  }
  if (field.range?.max !== undefined) {
    const max = Number(field.range.max)
    rules.push({ flags: (v) => `TRY_CAST(${v} AS DOUBLE) > ${max}`, reason: `${field.name}: above ${field.range.max}`, perRow: numeric })
  }
  const format = fieldFormat(field)
  if (format && field.dataType === 'string') {
    const check = FORMAT_CHECKS[format]
    rules.push({ flags: (v) => `NOT coalesce(${check.test(v)}, false)`, reason: `${field.name}: ${check.problem}`, perRow: false })
  }
  return rules
}

/**
 * The distinct values of a field, for the rules checked once a value and for references.
 * Checking distinct values instead of rows is what makes a load affordable: 4.8 million usage
 * rows hold 200,000 credit codes and 24 months.
 */
export function distinctValuesSelect(field: CatalogFieldInput, staged: string): string {
  const column = sqlIdentifier(field.name)
  return `SELECT DISTINCT ${column} AS v FROM ${staged} WHERE ${column} IS NOT NULL`
}

/**
 * The failing values among a field's distinct values, each with its reasons (a table of their
 * own: from a subquery the optimizer would push the checks below the DISTINCT, to run once a
 * row instead of once a value).
 */
export function badValuesSelect(field: CatalogFieldInput, values: string): string | undefined {
  const rules = valueRules(field).filter((r) => !r.perRow)
  if (rules.length === 0) return undefined
  const reasons = rules.map((r) => `CASE WHEN ${r.flags('v')} THEN ${sqlString(r.reason)} END`).join(', ')
  return `SELECT v, reasons FROM (SELECT v, list_filter([${reasons}], lambda x: x IS NOT NULL) AS reasons FROM ${values})
    WHERE len(reasons) > 0`
}

export const MAX_AGE_DAYS: Record<UpdateCycle, number | null> = {
  realtime: 2,
  daily: 3,
  weekly: 10,
  monthly: 62,
  quarterly: 100,
  yearly: 400,
  irregular: null,
}

/** The field timeliness is judged by: the first date, time or month field. */
export function timeField(fields: readonly CatalogFieldInput[]): CatalogFieldInput | undefined {
  return fields.find((f) => f.dataType === 'date' || f.dataType === 'timestamp' || fieldFormat(f) === 'year-month')
}

export function latestExpression(field: CatalogFieldInput): string {
  const v = sqlIdentifier(field.name)
  if (fieldFormat(field) === 'year-month') return `CAST(try_strptime(max(${v}) || '-01', '%Y-%m-%d') AS DATE)`
  return `CAST(max(${v}) AS DATE)`
}
