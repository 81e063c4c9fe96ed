import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import SqliteDatabase from 'better-sqlite3'
import {
  formatRate,
  median,
  type BenchContext,
  type BenchFunction,
  type BenchRow,
  type BenchTable,
} from './bench.ts'

/**
 * `npm run bench`: runs every `bench/*.bench.ts` and writes `bench/RESULTS.md`.
 * `npm run bench -- audit` runs only the files whose name contains `audit`;
 * BENCH_ROUNDS (default 5) sets the measured rounds. A partial run still rewrites the file.
 */

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.dirname(here)
const DEFAULT_ROUNDS = 5

const filters = process.argv.slice(2)
const rounds = Number(process.env.BENCH_ROUNDS ?? DEFAULT_ROUNDS)
if (!Number.isInteger(rounds) || rounds < 1) {
  throw new Error(`BENCH_ROUNDS must be a positive integer, not ${process.env.BENCH_ROUNDS}`)
}

const files = fs
  .readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort()
if (files.length === 0) throw new Error(`no bench/*.bench.ts matches ${filters.join(', ')}`)

const started = new Date()
const loadBefore = loadAverage()
const context: BenchContext = {
  rounds,
  log: (message) => process.stderr.write(`[${(performance.now() / 1000).toFixed(1)}s] ${message}\n`),
}

const tables: BenchTable[] = []
for (const file of files) {
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as { bench?: BenchFunction }
  if (typeof module.bench !== 'function') {
    throw new Error(`bench/${file} exports no bench(context) function`)
  }
  context.log(`${file}: start`)
  tables.push(...(await module.bench(context)))
}

const seconds = Math.round((Date.now() - started.getTime()) / 1000)
const markdown = renderResults(tables, { started, seconds, files, load: [loadBefore, loadAverage()] })
fs.writeFileSync(path.join(here, 'RESULTS.md'), markdown)
process.stdout.write(markdown)

interface RunInfo {
  readonly started: Date
  readonly seconds: number
  readonly files: readonly string[]
  /** The 1-minute load average before and after: how busy the shared machine was. */
  readonly load: readonly [string, string]
}

function renderResults(all: readonly BenchTable[], run: RunInfo): string {
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
    `- run: ${run.files.join(', ')} in ${run.seconds} s; 1-minute load average ` +
      `${run.load[0]} at the start, ${run.load[1]} at the end (the run itself adds 1 to 2; ` +
      `beyond the ${os.availableParallelism()} cores, other processes took CPU from the run)`,
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
      const baseline = row.baseline ? `; baseline ${list(row.baseline.rounds)}` : ''
      lines.push(`  - ${row.measurement}: shuyu ${list(row.shuyu.rounds)}${baseline}`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

function renderRow(row: BenchRow): string {
  const shuyu = median(row.shuyu.rounds)
  const baseline = row.baseline ? median(row.baseline.rounds) : Number.NaN
  const ratio = shuyu / baseline
  // Figures are per second, so 1000 / figure is the milliseconds one operation takes.
  const addedMs = 1000 / shuyu - 1000 / baseline
  const met =
    row.targetAddedMs !== undefined
      ? addedMs <= row.targetAddedMs ? 'yes' : '**no**'
      : row.targetRatio !== undefined
        ? ratio >= row.targetRatio ? 'yes' : '**no**'
        : row.target === undefined ? '' : shuyu >= row.target ? 'yes' : '**no**'
  return [
    row.measurement,
    row.shuyu.failure === undefined
      ? `${formatRate(shuyu)} ${row.unit}<br>${row.shuyu.label}`
      : `fails: ${row.shuyu.failure}`,
    row.baseline ? `${formatRate(baseline)} ${row.unit}<br>${row.baseline.label}` : '–',
    Number.isFinite(shuyu / baseline) ? `${(shuyu / baseline).toFixed(2)}×` : '–',
    row.targetAddedMs !== undefined
      ? `≤ ${row.targetAddedMs} ms added`
      : row.targetRatio !== undefined
        ? `≥ ${row.targetRatio}× baseline`
        : row.target === undefined ? '' : `≥ ${formatRate(row.target)} ${row.unit}`,
    met,
  ]
    .map((cell) => cell.replaceAll('|', '\\|').replaceAll('\n', ' '))
    .join(' | ')
    .replace(/^/, '| ')
    .concat(' |')
}

function loadAverage(): string {
  return os.loadavg()[0]!.toFixed(2)
}

function list(values: readonly number[]): string {
  return values.map(formatRate).join(', ')
}

function machine(date: Date): [string, string][] {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : ''
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown'
  const virtual = /^flags\s*:.*\bhypervisor\b/m.test(cpuinfo) ? ' (a virtual machine)' : ''
  return [
    ['CPU', `${model.trim()}, ${os.availableParallelism()} cores available${virtual}`],
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
    const { version } = sqlite.prepare('select sqlite_version() as version').get() as { version: string }
    return `${version} (better-sqlite3)`
  } finally {
    sqlite.close()
  }
}

function gitCommit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', cwd: root }).trim()
    const commit = git('rev-parse', '--short', 'HEAD')
    const dirty = git('status', '--porcelain', '--', 'src') !== ''
    return dirty ? `${commit} (src/ has uncommitted changes)` : commit
  } catch {
    return 'unknown'
  }
}
