import { InputError } from '../../platform/errors.ts'
import { parseCsv } from './hierarchy.ts'
import type { ColumnKind } from './operators.ts'

/**
 * Uploaded records (an import of social data, a file to mask): CSV with a header row or JSON
 * Lines, read whole into memory (imports are size-limited), every column typed by its values.
 */

export const RECORD_FORMATS = ['csv', 'jsonl'] as const
export type RecordFormat = (typeof RECORD_FORMATS)[number]

export interface RecordColumn {
  readonly name: string
  readonly kind: ColumnKind
}

export interface Records {
  readonly columns: readonly RecordColumn[]
  /** Values by column position: string, number, boolean or null (dates stay ISO text). */
  readonly rows: readonly (readonly RecordValue[])[]
}

export type RecordValue = string | number | boolean | null

export const RECORD_LIMITS = { rows: 500_000, columns: 200 } as const

/** Column names become table columns in the workspace: lower snake case, as in the catalog. */
export const COLUMN_NAME = /^[a-z][a-z0-9_]{0,62}$/

export function parseRecords(bytes: Buffer, format: RecordFormat, where = 'the file'): Records {
  const text = decodeUtf8(bytes, where)
  const raw = format === 'csv' ? csvRecords(text, where) : jsonlRecords(text, where)
  if (raw.rows.length > RECORD_LIMITS.rows) throw new InputError(`${where} has ${raw.rows.length} rows; an import holds at most ${RECORD_LIMITS.rows}`)
  if (raw.names.length > RECORD_LIMITS.columns) throw new InputError(`${where} has ${raw.names.length} columns; at most ${RECORD_LIMITS.columns}`)
  const bad = raw.names.filter((n) => !COLUMN_NAME.test(n))
  if (bad.length > 0) {
    throw new InputError(`${where}: column names must be lower snake case (a-z, 0-9, _; starting with a letter), not ${bad.slice(0, 5).map((n) => JSON.stringify(n.slice(0, 40))).join(', ')}`)
  }
  const kinds = raw.names.map((_, i) => inferKind(raw.rows, i))
  return {
    columns: raw.names.map((name, i) => ({ name, kind: kinds[i]! })),
    rows: raw.rows.map((row) => row.map((value, i) => typed(value, kinds[i]!))),
  }
}

function decodeUtf8(bytes: Buffer, where: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new InputError(`${where} is not UTF-8 text: save it as UTF-8 (GBK and other encodings are not read)`)
  }
}

interface RawRecords {
  readonly names: readonly string[]
  readonly rows: readonly (readonly (string | number | boolean | null)[])[]
}

function csvRecords(text: string, where: string): RawRecords {
  const records = parseCsv(text, ',', where).filter((r) => !(r.length === 1 && r[0] === ''))
  const header = records[0]
  if (!header) throw new InputError(`${where} is empty: it needs a header row`)
  assertUnique(header, where)
  const rows = records.slice(1)
  rows.forEach((row, i) => {
    if (row.length !== header.length) throw new InputError(`${where}, record ${i + 1}: ${row.length} fields, the header has ${header.length}`)
  })
  // An empty CSV field is a missing value.
  return { names: header, rows: rows.map((row) => row.map((v) => (v === '' ? null : v))) }
}

function jsonlRecords(text: string, where: string): RawRecords {
  const names: string[] = []
  const objects: Record<string, unknown>[] = []
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw new InputError(`${where}, line ${i + 1}: not valid JSON`)
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${where}, line ${i + 1}: each line is one JSON object`)
    for (const name of Object.keys(value)) if (!names.includes(name)) names.push(name)
    objects.push(value as Record<string, unknown>)
  }
  if (objects.length === 0) throw new InputError(`${where} holds no records`)
  const rows = objects.map((o, i) =>
    names.map((name) => {
      const v = o[name]
      if (v === undefined || v === null) return null
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
      throw new InputError(`${where}, record ${i + 1}: ${name} is ${Array.isArray(v) ? 'an array' : 'an object'}; values are text, numbers or booleans`)
    }),
  )
  return { names, rows }
}

function assertUnique(names: readonly string[], where: string): void {
  const duplicate = names.find((name, i) => names.indexOf(name) !== i)
  if (duplicate !== undefined) throw new InputError(`${where}: column ${duplicate} appears twice`)
}

const INTEGER = /^-?(0|[1-9]\d{0,14})$/
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * A column's kind from its values: integers only when no value has a leading zero or more than
 * 15 digits (identity and phone numbers stay text, exact), dates only as YYYY-MM-DD.
 */
function inferKind(rows: RawRecords['rows'], i: number): ColumnKind {
  let kind: ColumnKind | null = null
  for (const row of rows) {
    const v = row[i]
    if (v === null || v === undefined) continue
    const k = kindOf(v)
    if (kind === null) kind = k
    else if (kind !== k) {
      if ((kind === 'integer' && k === 'number') || (kind === 'number' && k === 'integer')) kind = 'number'
      else return 'text'
    }
    if (kind === 'text') return 'text'
  }
  return kind ?? 'text'
}

function kindOf(v: string | number | boolean): ColumnKind {
  if (typeof v === 'boolean') return 'boolean'
  if (typeof v === 'number') return Number.isSafeInteger(v) ? 'integer' : Number.isFinite(v) ? 'number' : 'text'
  if (INTEGER.test(v)) return 'integer'
  if (NUMBER.test(v) && v.length <= 20) return 'number'
  if (DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))) return 'date'
  if (v === 'true' || v === 'false') return 'boolean'
  return 'text'
}

function typed(v: string | number | boolean | null, kind: ColumnKind): RecordValue {
  if (v === null) return null
  switch (kind) {
    case 'integer':
    case 'number':
      return typeof v === 'number' ? v : Number(v)
    case 'boolean':
      return typeof v === 'boolean' ? v : v === 'true'
    default:
      return String(v)
  }
}

/** Records as objects by column name, for the checks that read them so. */
export function recordObjects(records: Records): Record<string, RecordValue>[] {
  return records.rows.map((row) => Object.fromEntries(records.columns.map((c, i) => [c.name, row[i] ?? null])))
}
