import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { DuckDBPendingResultState, type DuckDBConnection, type DuckDBResult, type Json } from '@duckdb/node-api'
import { InputError } from '../../platform/errors.ts'
import { sqlIdentifier, sqlString, type Engine } from '../../platform/engine/engine.ts'
import type { CatalogFieldInput, UpdateCycle } from '../catalog/catalog.ts'
import { badValuesSelect, distinctValuesSelect, duckType, latestExpression, MAX_AGE_DAYS, timeField, valueRules, type QualityReport, type ValueRule } from './quality.ts'

export const SOURCE_FORMATS = ['csv', 'parquet', 'jsonl'] as const
export type SourceFormat = (typeof SOURCE_FORMATS)[number]

export interface LoadSource {
  readonly file: string
  readonly format: SourceFormat
}

export interface LoadPlan {
  readonly fields: readonly CatalogFieldInput[]
  readonly updateCycle: UpdateCycle
  /** Absolute paths the version and quarantine files are written to (not yet visible). */
  readonly versionFile: string
  readonly quarantineFile: string
  /** For consistency checks: the current version file of each referenced resource. */
  readonly references: ReadonlyMap<string, { readonly file: string; readonly field: string; readonly label: string }>
  /** The hash that names the version file in lineage. */
  readonly hashAlgorithm: string
  readonly now: Date
}

export interface LoadOutcome {
  readonly report: QualityReport
  readonly quarantined: boolean
  /** The version file's hash, hex. */
  readonly fileHash: string
}

export type ProgressListener = (progress: { readonly percent: number; readonly rows: number }) => void

// The writer is the largest part of a load. zstd at level 1 rather than DuckDB's default 3 wrote
// the demo usage data about 15% faster to a file no larger; Parquet 2 pages and encodings took
// about 15% less CPU again, for a file 2% larger. The platform reads versions with DuckDB only.
const VERSION_OPTIONS = 'FORMAT parquet, PARQUET_VERSION V2, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE 122880'

/**
 * Reads a source file into the engine, checks every row against the catalog entry, writes the
 * rows that pass to a new Parquet version file and the others, with reasons, to a quarantine
 * file. Writes nothing the store points at: the caller publishes the version in one
 * transaction, so a failure anywhere leaves the previous version serving.
 *
 * When reading cannot fail on a value (CSV, whose parser rejects such lines itself, or Parquet
 * whose types cast without loss), the source is written straight to the version file and
 * checked there: one pass over the source, and the version file is hashed while the checks run.
 * Only if a row then fails a check is the version written again without it.
 */
export async function runLoad(engine: Engine, plan: LoadPlan, source: LoadSource, onProgress?: ProgressListener): Promise<LoadOutcome> {
  const connection = await engine.connect()
  const kept = `${plan.versionFile}.kept.tmp`
  let hashing: Promise<string> | undefined
  try {
    const columns = await sourceColumns(connection, source)
    assertColumnsMatch(columns.map((c) => c.name), plan.fields)
    // Either way the rows are then the view `staged`: the fields, __parse_error and __row.
    const direct = directSelect(source, columns, plan.fields)
    const written = direct ? await writeDirect(connection, direct, plan.versionFile, source.format, onProgress) : undefined
    if (direct) {
      hashing = hashFile(plan.versionFile, plan.hashAlgorithm)
      // Awaited only if the version stands: failing before then must not be an unhandled rejection.
      hashing.catch(() => undefined)
    } else {
      await stage(connection, source, plan.fields, onProgress)
    }

    const problems = await findProblems(connection, plan.fields, written)
    if (problems.any) await exec(connection, `CREATE TEMP TABLE violations AS ${violationsSelect(plan.fields, problems)}`)
    const rejects = source.format === 'csv' ? await parserRejects(connection) : 0
    const quarantined = problems.any || rejects > 0
    if (quarantined) await writeQuarantine(connection, plan, source, problems.any, rejects > 0)
    const report = await qualityReport(connection, plan, rejects, problems)

    if (direct && !problems.any) return { report, quarantined, fileHash: await hashing! }
    const keep = problems.any ? 'WHERE __row NOT IN (SELECT __row FROM violations)' : ''
    const target = direct ? kept : plan.versionFile
    await exec(connection, `COPY (SELECT ${plan.fields.map((f) => sqlIdentifier(f.name)).join(', ')} FROM staged ${keep}) TO ${sqlString(target)} (${VERSION_OPTIONS})`)
    if (direct) fs.renameSync(kept, plan.versionFile)
    return { report, quarantined, fileHash: await hashFile(plan.versionFile, plan.hashAlgorithm) }
  } finally {
    connection.closeSync()
    fs.rmSync(kept, { force: true })
  }
}

/** Writes the typed source rows to the version file and reads them back as `staged`. */
async function writeDirect(connection: DuckDBConnection, select: string, file: string, format: SourceFormat, onProgress?: ProgressListener): Promise<WrittenStats> {
  const result = await runWithProgress(connection, `COPY (${select}) TO ${sqlString(file)} (${VERSION_OPTIONS}, RETURN_STATS true)`, format, onProgress)
  await exec(
    connection,
    `CREATE TEMP VIEW staged AS SELECT *, NULL::VARCHAR AS __parse_error, file_row_number AS __row
       FROM read_parquet(${sqlString(file)}, file_row_number = true)`,
  )
  return writtenStats(await result.getRowObjectsJson())
}

/** Stages the source rows in the engine with their parse errors, as `staged`. */
async function stage(connection: DuckDBConnection, source: LoadSource, fields: readonly CatalogFieldInput[], onProgress?: ProgressListener): Promise<void> {
  await runWithProgress(connection, `CREATE TEMP TABLE __read AS ${stagedSelect(source, fields)}`, source.format, onProgress)
  await exec(connection, 'CREATE TEMP VIEW staged AS SELECT *, rowid AS __row FROM __read')
}

interface Problems {
  readonly any: boolean
  /** Fields with at least one bad distinct value, each in its own temp table __bad_<i>. */
  readonly badFields: readonly { readonly index: number; readonly field: CatalogFieldInput }[]
  /** Rules checked on every row that at least one row fails. */
  readonly failedRowRules: readonly { readonly rule: ValueRule; readonly field: CatalogFieldInput }[]
  /** The temp table of each field's distinct values, where one was made. */
  readonly valueTables: ReadonlyMap<string, string>
  readonly nulls: ReadonlyMap<string, number>
  readonly duplicateGroups: number
  readonly parseErrors: number
  readonly rows: number
  /** The latest value of the time field over all rows, as the report writes it. */
  readonly latest: string | null
}

/**
 * Everything wrong with the staged rows, found with set operations rather than row by row: one
 * pass of aggregates for counts, missing values, the rules checked per row and the latest
 * time; the other rules once per distinct value; the key by its hash.
 */
async function findProblems(connection: DuckDBConnection, fields: readonly CatalogFieldInput[], written?: WrittenStats): Promise<Problems> {
  const rowRules = fields.flatMap((field) => valueRules(field).filter((r) => r.perRow).map((rule) => ({ rule, field })))
  const time = timeField(fields)
  const aggregates = [
    'count(*) AS rows',
    'count(__parse_error) AS parse_errors',
    ...fields.map((f) => `count(*) - count(${sqlIdentifier(f.name)}) AS ${sqlIdentifier(`n_${f.name}`)}`),
    ...rowRules.map(({ rule, field }, i) => `count_if(${rule.flags(sqlIdentifier(field.name))}) AS r_${i}`),
    ...(time ? [`CAST(${latestExpression(time)} AS VARCHAR) AS latest`] : []),
  ]
  const totals = (await totalsFromStats(connection, fields, aggregates, rowRules.length, written)) ?? (await runRows(connection, `SELECT ${aggregates.join(', ')} FROM staged`))[0]
  const nulls = new Map(fields.map((f) => [f.name, Number(totals![`n_${f.name}`])]))
  const failedRowRules = rowRules.filter((_, i) => Number(totals![`r_${i}`]) > 0)

  const badFields: { index: number; field: CatalogFieldInput }[] = []
  const valueTables = new Map<string, string>()
  for (const [index, field] of fields.entries()) {
    const select = badValuesSelect(field, `__values_${index}`)
    if (!select && !field.references) continue
    await exec(connection, `CREATE TEMP TABLE __values_${index} AS ${distinctValuesSelect(field, 'staged')}`)
    valueTables.set(field.name, `__values_${index}`)
    if (!select) continue
    await exec(connection, `CREATE TEMP TABLE __bad_${index} AS ${select}`)
    if ((await count(connection, `SELECT count(*) FROM __bad_${index}`)) > 0) badFields.push({ index, field })
  }
  const duplicateGroups = await duplicateKeyGroups(connection, fields.filter((f) => f.key).map((f) => sqlIdentifier(f.name)))
  const parseErrors = Number(totals!.parse_errors)
  const missing = fields.some((f) => !f.nullable && (nulls.get(f.name) ?? 0) > 0)
  return {
    any: badFields.length > 0 || failedRowRules.length > 0 || missing || duplicateGroups > 0 || parseErrors > 0,
    badFields,
    failedRowRules,
    valueTables,
    nulls,
    duplicateGroups,
    parseErrors,
    rows: Number(totals!.rows),
    latest: totals?.latest === null || totals?.latest === undefined ? null : String(totals.latest),
  }
}

/** What the Parquet writer saw of the version it wrote: rows, and each column's nulls and bounds. */
interface WrittenStats {
  readonly rows: number
  readonly columns: ReadonlyMap<string, { readonly nulls: number; readonly min?: string; readonly max?: string }>
}

function writtenStats(result: readonly Record<string, Json>[]): WrittenStats {
  const [file] = result as { count: string; column_statistics: { key: string; value: { key: string; value: string }[] }[] }[]
  const columns = new Map(
    file!.column_statistics.map(({ key, value }) => {
      const stat = new Map(value.map((v) => [v.key, v.value]))
      return [key.replace(/^"(.*)"$/, '$1'), { nulls: Number(stat.get('null_count')), min: stat.get('min'), max: stat.get('max') }] as const
    }),
  )
  return { rows: Number(file!.count), columns }
}

/**
 * The totals of the aggregate pass, taken from the writer's statistics where they suffice: rows
 * and nulls are counted exactly, the rules checked per row are bounds, so a column passes them
 * when its least and greatest values do, and the latest time is the greatest. The aggregates run
 * over those two values; undefined when a bound is missing or fails, and the rows are counted.
 */
async function totalsFromStats(
  connection: DuckDBConnection,
  fields: readonly CatalogFieldInput[],
  aggregates: readonly string[],
  ruleCount: number,
  written: WrittenStats | undefined,
): Promise<Record<string, unknown> | undefined> {
  if (!written || fields.some((f) => !written.columns.has(f.name))) return undefined
  const time = timeField(fields)
  const bound = (f: CatalogFieldInput, side: 'min' | 'max') => {
    const stats = written.columns.get(f.name)!
    const needed = f === time || valueRules(f).some((r) => r.perRow)
    const value = !needed || stats.nulls === written.rows ? 'NULL' : stats[side] === undefined || stats[side].includes('\0') ? undefined : sqlString(stats[side])
    return value && `CAST(${value} AS ${duckType(f.dataType)}) AS ${sqlIdentifier(f.name)}`
  }
  const rows = (['min', 'max'] as const).map((side) => fields.map((f) => bound(f, side)))
  if (rows.some((row) => row.includes(undefined))) return undefined
  const relation = rows.map((row) => `SELECT ${row.join(', ')}, NULL::VARCHAR AS __parse_error`).join(' UNION ALL ')
  const [bounds] = await runRows(connection, `SELECT ${aggregates.join(', ')} FROM (${relation})`)
  if (Array.from({ length: ruleCount }, (_, i) => Number(bounds![`r_${i}`])).some((n) => n > 0)) return undefined
  return {
    ...bounds,
    rows: written.rows,
    parse_errors: 0,
    ...Object.fromEntries(fields.map((f) => [`n_${f.name}`, written.columns.get(f.name)!.nulls])),
  }
}

/**
 * How many key values more than one row holds. Sorting a 64-bit hash of the key and comparing
 * neighbours costs about half of grouping by the key columns; only when two neighbours are equal
 * (a duplicate, or rarely a collision) does the exact count run.
 */
async function duplicateKeyGroups(connection: DuckDBConnection, key: readonly string[]): Promise<number> {
  if (key.length === 0) return 0
  const present = key.map((k) => `${k} IS NOT NULL`).join(' AND ')
  const equalNeighbours = await count(
    connection,
    `SELECT count(*) FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous FROM (SELECT hash(${key.join(', ')}) AS h FROM staged WHERE ${present}))
       WHERE h = previous`,
  )
  if (equalNeighbours === 0) return 0
  return count(connection, `SELECT count(*) FROM (SELECT 1 FROM staged WHERE ${present} GROUP BY ${key.join(', ')} HAVING count(*) > 1)`)
}

/** Each row with a problem and all its reasons; only run when there is at least one. */
function violationsSelect(fields: readonly CatalogFieldInput[], problems: Problems): string {
  const joins = problems.badFields
    .map(({ index, field }) => `LEFT JOIN __bad_${index} b${index} ON s.${sqlIdentifier(field.name)} = b${index}.v`)
    .join(' ')
  const fromBad = problems.badFields.map(({ index }) => `coalesce(b${index}.reasons, []::VARCHAR[])`)
  const own = fields
    .filter((f) => !f.nullable)
    .map((f) => `CASE WHEN s.${sqlIdentifier(f.name)} IS NULL THEN ${sqlString(`${f.name}: missing`)} END`)
  for (const { rule, field } of problems.failedRowRules) {
    own.push(`CASE WHEN ${rule.flags(`s.${sqlIdentifier(field.name)}`)} THEN ${sqlString(rule.reason)} END`)
  }
  own.push('s.__parse_error')
  const key = fields.filter((f) => f.key)
  if (problems.duplicateGroups > 0) {
    const columns = key.map((f) => `s.${sqlIdentifier(f.name)}`)
    own.push(
      `CASE WHEN ${columns.map((c) => `${c} IS NOT NULL`).join(' AND ')} AND row_number() OVER (PARTITION BY ${columns.join(', ')} ORDER BY s.__row) > 1
        THEN ${sqlString(`duplicate key (${key.map((f) => f.name).join(', ')})`)} END`,
    )
  }
  const all = [...fromBad, `list_filter([${own.join(', ')}], lambda x: x IS NOT NULL)`]
  return `SELECT __row, reasons FROM (
      SELECT s.__row, ${all.length === 1 ? all[0] : `list_concat(${all.join(', ')})`} AS reasons FROM staged s ${joins}
    ) WHERE len(reasons) > 0`
}

interface SourceColumn {
  readonly name: string
  /** The engine type, where the file declares one (Parquet). */
  readonly type?: string
}

/** The columns a source file declares, in order. */
async function sourceColumns(connection: DuckDBConnection, source: LoadSource): Promise<SourceColumn[]> {
  if (source.format === 'csv') return csvHeader(source.file).map((name) => ({ name }))
  if (source.format === 'parquet') {
    const reader = await runRows(connection, `DESCRIBE SELECT * FROM read_parquet(${sqlString(source.file)})`, 'the Parquet file cannot be read')
    return reader.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }))
  }
  return [] // JSON Lines: keys are checked per row
}

/** The header line of a CSV file, read directly: DuckDB's sniffer guesses wrong on broken files. */
function csvHeader(file: string): string[] {
  const fd = fs.openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(64 * 1024)
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0)
    let text = buffer.subarray(0, read).toString('utf8')
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    const end = text.search(/\r?\n/)
    if (read === 0) throw new InputError('the file is empty')
    if (end < 0 && read === buffer.length) throw new InputError('the first line is not a header of column names')
    const line = end < 0 ? text : text.slice(0, end)
    return line.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'))
  } finally {
    fs.closeSync(fd)
  }
}

function assertColumnsMatch(columns: readonly string[], fields: readonly CatalogFieldInput[]): void {
  if (columns.length === 0) return
  const expected = fields.map((f) => f.name)
  const missing = expected.filter((name) => !columns.includes(name))
  const unexpected = columns.filter((name) => !expected.includes(name))
  const repeated = columns.filter((name, i) => columns.indexOf(name) !== i)
  const issues = [
    ...missing.map((name) => ({ path: `columns.${name}`, message: `column ${name} of the catalog entry is missing` })),
    ...unexpected.map((name) => ({ path: `columns.${name.slice(0, 64)}`, message: `column ${name.slice(0, 64)} is not in the catalog entry` })),
    ...repeated.map((name) => ({ path: `columns.${name.slice(0, 64)}`, message: `column ${name.slice(0, 64)} appears twice` })),
  ]
  if (issues.length > 0) {
    throw new InputError(`the file's columns do not match the catalog entry: ${issues.map((i) => i.message).join('; ')}`, issues)
  }
}

/**
 * The rows of the source typed as the catalog entry says, where reading cannot fail on a value:
 * CSV (a value that does not parse is a line the parser rejects) and Parquet whose every column
 * casts without loss. Undefined otherwise: then the rows are staged with their parse errors.
 */
function directSelect(source: LoadSource, columns: readonly SourceColumn[], fields: readonly CatalogFieldInput[]): string | undefined {
  if (source.format === 'csv') return csvSelect(source, columns.map((c) => c.name), fields)
  if (source.format !== 'parquet') return undefined
  const typeOf = new Map(columns.map((c) => [c.name, c.type!]))
  if (!fields.every((f) => castCannotFail(typeOf.get(f.name)!, duckType(f.dataType)))) return undefined
  const project = fields.map((f) =>
    typeOf.get(f.name) === duckType(f.dataType) ? sqlIdentifier(f.name) : `CAST(${sqlIdentifier(f.name)} AS ${duckType(f.dataType)}) AS ${sqlIdentifier(f.name)}`,
  )
  return `SELECT ${project.join(', ')} FROM read_parquet(${sqlString(source.file)})`
}

const WIDENS_TO_BIGINT = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'UTINYINT', 'USMALLINT', 'UINTEGER'])

/** Whether every value of one engine type casts to the other unchanged. */
function castCannotFail(from: string, to: string): boolean {
  if (from === to || to === 'VARCHAR') return true
  if (to === 'BIGINT') return WIDENS_TO_BIGINT.has(from)
  if (to === 'TIMESTAMP') return from === 'DATE'
  const [, width, scale] = /^DECIMAL\((\d+),(\d+)\)$/.exec(from) ?? []
  const [, toWidth, toScale] = /^DECIMAL\((\d+),(\d+)\)$/.exec(to) ?? []
  if (!width || !toWidth) return false
  return Number(scale) <= Number(toScale) && Number(width) - Number(scale) <= Number(toWidth) - Number(toScale)
}

/**
 * CSV parsed straight into the catalog's types: a value that does not parse is a rejected line,
 * with its reason, as DuckDB's own read_csv does it.
 */
function csvSelect(source: LoadSource, columns: readonly string[], fields: readonly CatalogFieldInput[]): string {
  const typeOf = new Map(fields.map((f) => [f.name, duckType(f.dataType)]))
  // Columns the catalog does not know were refused before; every header name has a type here.
  const spec = columns.map((name) => `${sqlString(name)}: ${sqlString(typeOf.get(name) ?? 'VARCHAR')}`).join(', ')
  return `SELECT ${fields.map((f) => sqlIdentifier(f.name)).join(', ')}
    FROM read_csv(${sqlString(source.file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
      columns = {${spec}}, store_rejects = true, rejects_table = '__rejects', rejects_scan = '__rejects_scan',
      max_line_size = 1048576)`
}

/**
 * The rows of a Parquet or JSON Lines source, typed as the catalog entry says: values are cast,
 * and a value that does not cast is the row's parse error.
 */
function stagedSelect(source: LoadSource, fields: readonly CatalogFieldInput[]): string {
  const file = sqlString(source.file)
  const castErrors = (value: (f: CatalogFieldInput) => string) =>
    fields
      .filter((f) => f.dataType !== 'string')
      .map((f) => `CASE WHEN ${value(f)} IS NOT NULL AND TRY_CAST(${value(f)} AS ${duckType(f.dataType)}) IS NULL THEN ${sqlString(`${f.name}: not a valid ${f.dataType}`)} END`)
  const cast = (value: (f: CatalogFieldInput) => string) =>
    fields
      .map((f) =>
        f.dataType === 'string'
          ? `CAST(${value(f)} AS VARCHAR) AS ${sqlIdentifier(f.name)}`
          : `TRY_CAST(${value(f)} AS ${duckType(f.dataType)}) AS ${sqlIdentifier(f.name)}`,
      )
      .join(', ')
  if (source.format === 'parquet') {
    const column = (f: CatalogFieldInput) => sqlIdentifier(f.name)
    const errors = castErrors(column)
    return `SELECT ${cast(column)}, ${errors.length > 0 ? `nullif(concat_ws('; ', ${errors.join(', ')}), '')` : 'NULL::VARCHAR'} AS __parse_error
      FROM read_parquet(${file})`
  }
  const known = fields.map((f) => sqlString(f.name)).join(', ')
  const extracted = (f: CatalogFieldInput) => `json_extract_string(line, ${sqlString(`$."${f.name}"`)})`
  const errors = castErrors(extracted)
  return `SELECT ${cast(extracted)},
      CASE
        WHEN NOT json_valid(__line) OR json_type(__line) <> 'OBJECT' THEN 'not a JSON object'
        WHEN len(list_filter(json_keys(line), lambda k: k NOT IN (${known}))) > 0
          THEN 'keys not in the catalog entry: ' || array_to_string(list_filter(json_keys(line), lambda k: k NOT IN (${known})), ', ')
        ELSE ${errors.length > 0 ? `nullif(concat_ws('; ', ${errors.join(', ')}), '')` : 'NULL'}
      END AS __parse_error
    FROM (SELECT CASE WHEN json_valid(line) AND json_type(line) = 'OBJECT' THEN line ELSE '{}' END AS line, line AS __line
          FROM read_csv(${file}, header = false, auto_detect = false, delim = chr(30), quote = '', escape = '',
            columns = {'line': 'VARCHAR'}, max_line_size = 1048576)
          WHERE trim(line) <> '')`
}

async function parserRejects(connection: DuckDBConnection): Promise<number> {
  // DuckDB records one reject per column it could not fill: a broken line counts once.
  return count(connection, 'SELECT count(DISTINCT line) FROM __rejects')
}

async function writeQuarantine(connection: DuckDBConnection, plan: LoadPlan, source: LoadSource, withRows: boolean, withRejects: boolean): Promise<void> {
  const raw = `to_json(struct_pack(${plan.fields.map((f) => `${sqlIdentifier(f.name)} := s.${sqlIdentifier(f.name)}`).join(', ')}))`
  const parts: string[] = []
  if (withRows) {
    parts.push(`SELECT v.__row + 1 AS record, NULL::BIGINT AS line, v.reasons, CAST(${raw} AS VARCHAR) AS content
      FROM violations v JOIN staged s ON s.__row = v.__row`)
  }
  if (withRejects && source.format === 'csv') {
    parts.push(`SELECT NULL::BIGINT AS record, CAST(line AS BIGINT) AS line,
      [arg_min(error_type || ': ' || error_message, column_idx)] AS reasons, arg_min(csv_line, column_idx) AS content
      FROM __rejects GROUP BY line`)
  }
  await exec(connection, 
    `COPY (SELECT * FROM (${parts.join(' UNION ALL ')}) ORDER BY coalesce(line, 0), record) TO ${sqlString(plan.quarantineFile)} (FORMAT parquet, COMPRESSION zstd)`,
  )
}

async function qualityReport(connection: DuckDBConnection, plan: LoadPlan, parserRejected: number, problems: Problems): Promise<QualityReport> {
  const { fields } = plan
  const quarantinedRows = problems.any ? await count(connection, 'SELECT count(*) FROM violations') : 0
  const read = problems.rows + parserRejected
  const loaded = problems.rows - quarantinedRows
  const reasons = problems.any
    ? await runRows(connection, `SELECT reason, count(*) AS n FROM (SELECT unnest(reasons) AS reason FROM violations) GROUP BY reason ORDER BY n DESC, reason`)
    : []
  const key = fields.filter((f) => f.key).map((f) => f.name)
  const duplicates = reasons.filter((p) => String(p.reason).startsWith('duplicate key')).reduce((sum, p) => sum + Number(p.n), 0)

  const good = problems.any ? 'WHERE __row NOT IN (SELECT __row FROM violations)' : ''
  const time = timeField(fields)
  let latest = problems.latest
  if (time && problems.any) {
    const [row] = await runRows(connection, `SELECT CAST(${latestExpression(time)} AS VARCHAR) AS latest FROM staged ${good}`)
    latest = row?.latest === null || row?.latest === undefined ? null : String(row.latest)
  }
  const maxAge = MAX_AGE_DAYS[plan.updateCycle]
  const ageDays = latest ? (plan.now.getTime() - Date.parse(`${latest}T00:00:00+08:00`)) / 86_400_000 : null

  const consistency = []
  for (const field of fields.filter((f) => f.references)) {
    const target = plan.references.get(field.name)
    const label = `${field.references!.resource}.${field.references!.field}`
    if (!target) {
      consistency.push({ field: field.name, references: label, missing: null, status: 'unknown' as const })
      continue
    }
    const missing = await missingReferences(connection, field, target, problems.valueTables.get(field.name)!, good)
    consistency.push({ field: field.name, references: target.label, missing, status: missing === 0 ? ('ok' as const) : ('inconsistent' as const) })
  }

  return {
    rows: { read, loaded, quarantined: read - loaded, rejectedByParser: parserRejected },
    completeness: fields.map((f) => {
      const n = problems.nulls.get(f.name) ?? 0
      return { field: f.name, nulls: n, rate: problems.rows === 0 ? 0 : round(n / problems.rows) }
    }),
    validity: reasons.map((p) => {
      const reason = String(p.reason)
      const colon = reason.indexOf(': ')
      return colon > 0 && !reason.startsWith('duplicate key')
        ? { field: reason.slice(0, colon), problem: reason.slice(colon + 2), rows: Number(p.n) }
        : { field: key.join(','), problem: reason, rows: Number(p.n) }
    }),
    uniqueness: key.length > 0 ? { key, duplicates } : null,
    timeliness: {
      field: time?.name ?? null,
      latest,
      maxAgeDays: maxAge,
      status: ageDays === null || maxAge === null ? 'unknown' : ageDays <= maxAge ? 'ok' : 'stale',
    },
    consistency,
    score: read === 0 ? 0 : round(loaded / read),
    generatedAt: plan.now.toISOString(),
  }
}

/**
 * The rows passing the checks whose value of a field the referenced version lacks. The field's
 * distinct values are looked up first: when all are found, as they should be, no row is missing
 * one and the rows need not be counted.
 */
async function missingReferences(
  connection: DuckDBConnection,
  field: CatalogFieldInput,
  target: { readonly file: string; readonly field: string },
  values: string,
  good: string,
): Promise<number> {
  const referenced = `SELECT CAST(r.${sqlIdentifier(target.field)} AS VARCHAR) FROM read_parquet(${sqlString(target.file)}) r WHERE r.${sqlIdentifier(target.field)} IS NOT NULL`
  if ((await count(connection, `SELECT count(*) FROM ${values} WHERE v NOT IN (${referenced})`)) === 0) return 0
  const v = sqlIdentifier(field.name)
  return count(connection, `SELECT count(*) FROM staged ${good} ${good ? 'AND' : 'WHERE'} ${v} IS NOT NULL AND ${v} NOT IN (${referenced})`)
}

async function hashFile(file: string, algorithm: string): Promise<string> {
  const t = performance.now()
  const hash = createHash(algorithm)
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  trace(`hash ${file}`, t)
  return hash.digest('hex')
}

/** SHUYU_TRACE_LOAD=1 prints each engine statement of a load with its time, for tuning. */
function trace(sql: string, started: number): void {
  if (process.env.SHUYU_TRACE_LOAD) process.stderr.write(`${Math.round(performance.now() - started)} ms: ${sql.slice(0, 90).replace(/\s+/g, ' ')}\n`)
}

async function exec(connection: DuckDBConnection, sql: string): Promise<void> {
  const t = performance.now()
  await connection.run(sql)
  trace(sql, t)
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000
}

async function count(connection: DuckDBConnection, sql: string): Promise<number> {
  const t = performance.now()
  const reader = await connection.runAndReadAll(sql)
  trace(sql, t)
  return Number(reader.getRows()[0]?.[0] ?? 0)
}

async function runRows(connection: DuckDBConnection, sql: string, failure?: string): Promise<Record<string, unknown>[]> {
  try {
    const t = performance.now()
    const rows = (await connection.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[]
    trace(sql, t)
    return rows
  } catch (error) {
    if (failure) throw new InputError(`${failure}: ${engineMessage(error)}`)
    throw error
  }
}

/** Runs a long statement, reporting DuckDB's progress; engine errors about the file become input errors. */
async function runWithProgress(connection: DuckDBConnection, sql: string, format: SourceFormat, onProgress?: ProgressListener): Promise<DuckDBResult> {
  try {
    const t = performance.now()
    const pending = await connection.start(sql)
    let last = 0
    for (;;) {
      const state = await pending.runTask()
      if (state === DuckDBPendingResultState.RESULT_READY) break
      const now = Date.now()
      if (onProgress && now - last > 200) {
        last = now
        const progress = connection.progress
        onProgress({ percent: Math.max(0, progress.percentage), rows: Number(progress.rows_processed) })
      }
    }
    const result = await pending.getResult()
    trace(sql, t)
    return result
  } catch (error) {
    throw new InputError(`the file cannot be read as ${format}: ${engineMessage(error)}`)
  }
}

/** An engine error's first line, without the paths of the platform's own files. */
export function engineMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0]!.replace(/'[^']*\/(pool|staging|tmp)\/[^']*'/g, "'<file>'").slice(0, 500)
}
