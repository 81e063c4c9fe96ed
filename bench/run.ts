import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import SqliteDatabase from 'better-sqlite3'
import { formatRate, median, type BenchContext, type BenchFunction, type BenchRow, type BenchTable } from './bench.ts'

/**
 * `npm run bench`: runs every `bench/*.bench.ts` and writes `bench/RESULTS.md`.
 * `npm run bench -- audit` runs only the files whose name contains `audit`;
 * BENCH_ROUNDS (default 5) sets the measured rounds. A partial run still rewrites the file.
 */

const here = path.dirname(fileURLToPath(import.meta.url))
const DEFAULT_ROUNDS = 5

const filters = process.argv.slice(2)
const rounds = Number(process.env.BENCH_ROUNDS ?? DEFAULT_ROUNDS)
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`BENCH_ROUNDS must be a positive integer, not ${process.env.BENCH_ROUNDS}`)

const files = fs
  .readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort()
if (files.length === 0) throw new Error(`no bench/*.bench.ts matches ${filters.join(', ')}`)

const started = new Date()
const context: BenchContext = {
  rounds,
  log: (message) => process.stderr.write(`[${((performance.now()) / 1000).toFixed(1)}s] ${message}\n`),
}

const tables: BenchTable[] = []
for (const file of files) {
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as { bench?: BenchFunction }
  if (typeof module.bench !== 'function') throw new Error(`bench/${file} exports no bench(context) function`)
  context.log(`${file}: start`)
  tables.push(...(await module.bench(context)))
}

const seconds = Math.round((Date.now() - started.getTime()) / 1000)
const markdown = renderResults(tables, { started, seconds, files })
fs.writeFileSync(path.join(here, 'RESULTS.md'), markdown)
process.stdout.write(markdown)

function renderResults(all: readonly BenchTable[], run: { started: Date; seconds: number; files: readonly string[] }): string {
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (`tsx bench/run.ts`); rerun it to refresh this file. ' +
      `Each figure is the median of its rounds (${rounds} unless noted; \`BENCH_ROUNDS\` changes it), ` +
      'measured after an uncounted warm-up round. The baseline is the plain operation on the same ' +
      'machine in the same run: the limit the shuyu figure is compared with. Machines are shared and ' +
      'noisy, so read the ratios rather than the absolute figures.',
    '',
    '## Machine',
    '',
    ...machine(run.started).map(([key, value]) => `- ${key}: ${value}`),
    `- run: ${run.files.join(', ')} in ${run.seconds} s`,
    '',
  ]
  for (const table of all) {
    lines.push(`## ${table.capability}`, '')
    lines.push('| measurement | shuyu | baseline | ratio | target | met? |')
    lines.push('| --- | ---: | ---: | ---: | ---: | :---: |')
    for (const row of table.rows) lines.push(renderRow(row))
    lines.push('')
    for (const note of table.notes ?? []) lines.push(`- ${note}`)
    lines.push('- Rounds (per second):')
    for (const row of table.rows) {
      lines.push(`  - ${row.measurement}: shuyu ${list(row.shuyu.rounds)}; baseline ${list(row.baseline.rounds)}`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

function renderRow(row: BenchRow): string {
  const shuyu = median(row.shuyu.rounds)
  const baseline = median(row.baseline.rounds)
  const met = row.target === undefined ? '' : shuyu >= row.target ? 'yes' : '**no**'
  return [
    row.measurement,
    `${formatRate(shuyu)} ${row.unit}<br>${row.shuyu.label}`,
    `${formatRate(baseline)} ${row.unit}<br>${row.baseline.label}`,
    `${(shuyu / baseline).toFixed(2)}×`,
    row.target === undefined ? '' : `≥ ${formatRate(row.target)} ${row.unit}`,
    met,
  ]
    .map((cell) => cell.replaceAll('|', '\\|'))
    .join(' | ')
    .replace(/^/, '| ')
    .concat(' |')
}

function list(values: readonly number[]): string {
  return values.map(formatRate).join(', ')
}

function machine(date: Date): [string, string][] {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : ''
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown'
  return [
    ['CPU', `${model.trim()}, ${os.availableParallelism()} cores available`],
    ['memory', `${Math.round(os.totalmem() / 2 ** 30)} GiB`],
    ['OS', `${os.type()} ${os.release()} (${os.arch()})`],
    ['Node', process.version],
    ['OpenSSL', process.versions.openssl ?? 'unknown'],
    ['SQLite', sqliteVersion()],
    ['commit', gitCommit()],
    ['date', date.toISOString()],
  ]
}

function sqliteVersion(): string {
  const sqlite = new SqliteDatabase(':memory:')
  try {
    return `${(sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v} (better-sqlite3)`
  } finally {
    sqlite.close()
  }
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: here }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8', cwd: here }).trim()
    return dirty ? `${commit} (src/ has uncommitted changes)` : commit
  } catch {
    return 'unknown'
  }
}
