import fs from 'node:fs'
import path from 'node:path'
import { Command, Option } from 'commander'
import { InputError } from '../platform/errors.ts'
import { scanText, type Finding } from '../modules/masking/detectors.ts'
import { scanRecords } from '../modules/masking/import.service.ts'
import { maskingKeys, needsKeys, type ColumnKind } from '../modules/masking/operators.ts'
import { applyPolicy, maskingPolicySchema } from '../modules/masking/policy.ts'
import { parseRecords, recordObjects, RECORD_FORMATS, type RecordFormat, type Records } from '../modules/masking/records.ts'
import { print } from './host.ts'

/**
 * `shuyu mask`: the masking detectors and operators on local files, without the platform: scan a
 * table or a text for identifiers, or apply a masking policy to a table. Keyed operators take a
 * key file of the caller's own; no workspace key ever leaves the platform.
 */
export function maskCommand(): Command {
  const command = new Command('mask').description('scan files for identifiers and mask them (art. 19 安全脱敏)')

  command
    .command('scan')
    .description('scan a CSV / JSON Lines table column by column, or a text file (--text), for Chinese personal and organizational identifiers')
    .argument('<file>', 'a .csv (header row), .jsonl or, with --text, any UTF-8 text')
    .addOption(new Option('--format <format>', 'the table format, when the extension does not say').choices(RECORD_FORMATS))
    .option('--text', 'scan the whole file as free text')
    .option('--json', 'print JSON')
    .action((file: string, o: { format?: RecordFormat; text?: boolean; json?: boolean }) => {
      const bytes = readFile(file)
      if (o.text) {
        const findings = scanTextFile(bytes.toString('utf8'))
        if (o.json) return print(JSON.stringify(findings, null, 2))
        print(`${file}: ${findings.length} finding(s)`)
        for (const f of findings) print(`  line ${f.line}, col ${f.column}: ${f.type} (confidence ${f.confidence.toFixed(2)})`)
        return
      }
      const records = parseRecords(bytes, formatOf(file, o.format), path.basename(file))
      const scans = scanRecords(records)
      if (o.json) return print(JSON.stringify({ rows: records.rows.length, columns: scans }, null, 2))
      print(`${file}: ${records.rows.length} rows, ${records.columns.length} columns`)
      for (const s of scans) {
        const found = s.findings.map((f) => `${f.type} ${Math.round(f.share * 100)}%`).join(', ')
        print(`  ${s.personal ? '!' : ' '} ${s.column} (${s.kind})${found ? `: ${found}` : ''}${s.personal ? '  ← identifies persons' : ''}`)
      }
    })

  command
    .command('apply')
    .description('apply a masking policy ({"columns": {"name": operator}}) to a CSV / JSON Lines table; writes the same format')
    .argument('<file>', 'a .csv (header row) or .jsonl table')
    .requiredOption('--policy <file>', 'the policy, JSON')
    .option('--out <file>', 'where to write (default: standard output)')
    .option('--key-file <file>', 'a 32-byte key, hex, for pseudonym, encrypt and date-shift (keep it: it decides the pseudonyms)')
    .option('--context <column>', 'date-shift: the column whose value keeps one offset per person')
    .addOption(new Option('--format <format>', 'the table format, when the extension does not say').choices(RECORD_FORMATS))
    .action((file: string, o: { policy: string; out?: string; keyFile?: string; context?: string; format?: RecordFormat }) => {
      let policyJson: unknown
      try {
        policyJson = JSON.parse(readFile(o.policy).toString('utf8'))
      } catch (error) {
        if (error instanceof InputError) throw error
        throw new InputError(`${o.policy} is not JSON`)
      }
      const policy = maskingPolicySchema.safeParse(policyJson)
      if (!policy.success) throw new InputError(`${o.policy}: ${policy.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
      const format = formatOf(file, o.format)
      const records = parseRecords(readFile(file), format, path.basename(file))
      const kinds: Record<string, ColumnKind> = Object.fromEntries(records.columns.map((c) => [c.name, c.kind]))
      const keyed = Object.entries(policy.data.columns).filter(([, op]) => needsKeys(op)).map(([column]) => column)
      if (keyed.length > 0 && !o.keyFile) throw new InputError(`${keyed.join(', ')}: keyed operators need --key-file (a key of your own; workspace keys never leave the platform)`)
      const keys = o.keyFile ? maskingKeys(readKey(o.keyFile)) : undefined
      const masked = applyPolicy(policy.data, recordObjects(records), kinds, keys, o.context ? { contextColumn: o.context } : {})
      const out = format === 'csv' ? toCsv(records, masked) : masked.map((r) => JSON.stringify(r)).join('\n') + '\n'
      if (o.out) fs.writeFileSync(o.out, out, { mode: 0o600 })
      else process.stdout.write(out)
    })

  return command
}

function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file)
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`)
  }
}

function readKey(file: string): Buffer {
  const hex = readFile(file).toString('utf8').trim()
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new InputError(`${file} must hold a 32-byte key as 64 hex digits (e.g. openssl rand -hex 32)`)
  return Buffer.from(hex, 'hex')
}

function formatOf(file: string, declared: RecordFormat | undefined): RecordFormat {
  if (declared) return declared
  const ext = path.extname(file).toLowerCase()
  if (ext === '.csv') return 'csv'
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl'
  throw new InputError(`cannot tell the format of ${file}: name it .csv or .jsonl, or pass --format`)
}

/** Findings with a line and column (1-based, in characters) instead of offsets into the whole file. */
function scanTextFile(text: string): (Finding & { line: number; column: number })[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return scanText(text).map((f) => {
    let line = starts.length - 1
    while (starts[line]! > f.start) line--
    return { ...f, line: line + 1, column: f.start - starts[line]! + 1 }
  })
}

function toCsv(records: Records, rows: readonly Record<string, unknown>[]): string {
  const names = records.columns.map((c) => c.name)
  const lines = [names.map(csvField).join(','), ...rows.map((row) => names.map((n) => csvField(row[n])).join(','))]
  return lines.join('\n') + '\n'
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
