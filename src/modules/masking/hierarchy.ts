// Reading the files the de-identification checks work on: CSV tables with a header row and
// ARX-style generalization hierarchies (no header; one row per value, level 0 to `*`).
import fs from 'node:fs'
import { InputError } from '../../platform/errors.ts'
import { hierarchyFromRows, type Hierarchy, type Table } from './deid.ts'

/**
 * Parses RFC 4180 CSV: fields may be quoted, a quoted field may hold the delimiter, line breaks
 * and doubled quotes (""); records end with CRLF or LF. A final line break adds no record, a
 * leading byte-order mark is dropped. Pure; `where` names the source in error messages.
 */
export function parseCsv(text: string, delimiter = ',', where = 'CSV'): string[][] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new InputError(`the CSV delimiter must be one character other than a quote or line break, not ${JSON.stringify(delimiter)}`)
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let i = 0
  const endField = (): void => {
    record.push(field)
    field = ''
  }
  const endRecord = (): void => {
    endField()
    records.push(record)
    record = []
  }
  while (i < input.length) {
    const ch = input[i]!
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        const next = input[i]
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r')
          throw new InputError(`${where}, line ${line}: text after a closing quote`)
        continue
      }
      if (ch === '\n') line++
      field += ch
      i++
      continue
    }
    if (ch === '"' && field === '') {
      quoted = true
      i++
    } else if (ch === delimiter) {
      endField()
      i++
    } else if (ch === '\r' || ch === '\n') {
      endRecord()
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1
      line++
    } else {
      field += ch
      i++
    }
  }
  if (quoted) throw new InputError(`${where}: a quoted field opened on or before line ${line} is never closed`)
  if (field !== '' || record.length > 0) endRecord()
  return records
}

/** A CSV text with a header row as a table; every record must have the header's width. */
export function tableFromCsv(text: string, delimiter = ',', where = 'CSV'): Table {
  const records = parseCsv(text, delimiter, where)
  const header = records[0]
  if (!header) throw new InputError(`${where} is empty: it needs a header row`)
  const duplicate = header.find((name, i) => header.indexOf(name) !== i)
  if (duplicate !== undefined) throw new InputError(`${where}: column ${duplicate} appears twice in the header`)
  const rows = records.slice(1).filter((r) => !(r.length === 1 && r[0] === ''))
  rows.forEach((row, i) => {
    if (row.length !== header.length)
      throw new InputError(`${where}, record ${i + 1}: ${row.length} fields, the header has ${header.length}`)
  })
  return { columns: header, rows }
}

export function readCsvTable(file: string, delimiter = ','): Table {
  return tableFromCsv(readText(file), delimiter, file)
}

/** Reads an ARX hierarchy file (`;`-separated by default, as ARX writes them). */
export function readHierarchy(file: string, column: string, delimiter = ';'): Hierarchy {
  const rows = parseCsv(readText(file), delimiter, file).filter((r) => !(r.length === 1 && r[0] === ''))
  return hierarchyFromRows(column, rows)
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(`cannot read ${file}${code ? ` (${code})` : ''}`)
  }
}
