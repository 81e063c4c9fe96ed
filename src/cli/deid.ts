import path from 'node:path'
import { Command, Option } from 'commander'
import {
  EMD_MEASURES,
  encodeTable,
  evaluate,
  L_DIVERSITY_KINDS,
  searchTransformation,
  suppressOnlyHierarchy,
  type DeidReport,
  type EmdMeasure,
  type Hierarchy,
  type LDiversityKind,
  type PrivacyCriteria,
  type SearchResult,
} from '../modules/masking/deid.ts'
import { readCsvTable, readHierarchy } from '../modules/masking/hierarchy.ts'
import { InputError } from '../platform/errors.ts'
import { print } from './host.ts'

type CheckOptions = {
  qi: string
  k: string
  suppression: string
  delimiter: string
  hierarchy?: string[]
  hierarchyDelimiter: string
  levels?: string
  search?: boolean
  sensitive?: string
  l?: string
  lKind: LDiversityKind
  c?: string
  t?: string
  tMeasure: EmdMeasure
  histogram?: boolean
  json?: boolean
}

/**
 * `shuyu deid check`: GB/T 37964 verification of a microdata file (k-anonymity with ARX-style
 * suppression, ℓ-diversity, t-closeness), of one transformation or of the best one found.
 * Works on files alone, without the platform's store. `out` receives the printed lines (tests).
 */
export function deidCommand(out: (line: string) => void = print): Command {
  const deid = new Command('deid').description('去标识化 de-identification checks (GB/T 37964-2019)')
  deid
    .command('check')
    .description('check k-anonymity (with suppression), ℓ-diversity and t-closeness of a CSV file, or search the least-loss generalization; exits 1 if the criteria are not met')
    .argument('<file>', 'CSV file with a header row')
    .requiredOption('--qi <columns>', 'quasi-identifiers, comma-separated, in the order of --levels')
    .requiredOption('--k <k>', 'every equivalence class holds at least k records')
    .option('--suppression <share>', 'share of records (0..1) that may be suppressed', '0')
    .option('--delimiter <char>', 'field delimiter of FILE', ',')
    .option('--hierarchy <column=path...>', 'ARX generalization hierarchy of a quasi-identifier (one row per value: level 0 … *); a QI without one can only be kept or replaced by *')
    .option('--hierarchy-delimiter <char>', 'field delimiter of the hierarchy files', ';')
    .option('--levels <levels>', 'the transformation: one level per quasi-identifier, comma-separated (default all 0)')
    .option('--search', 'find the transformation of least information loss that meets the criteria')
    .option('--sensitive <column>', 'sensitive attribute for ℓ-diversity and t-closeness')
    .option('--l <l>', 'ℓ-diversity of the sensitive attribute in every class')
    .addOption(new Option('--l-kind <kind>', 'ℓ-diversity variant').choices(L_DIVERSITY_KINDS).default('distinct'))
    .option('--c <c>', 'c of recursive-(c,ℓ)-diversity')
    .option('--t <t>', 't-closeness: largest earth mover\'s distance of a class to the whole table')
    .addOption(new Option('--t-measure <measure>', 'EMD ground distance: equal (categorical) or ordered').choices(EMD_MEASURES).default('equal'))
    .option('--histogram', 'print the class-size histogram')
    .option('--json', 'print JSON')
    .action((file: string, o: CheckOptions) => {
      const quasiIdentifiers = o.qi.split(',').map((s) => s.trim()).filter((s) => s !== '')
      const criteria = criteriaOf(o)
      if ((o.l !== undefined || o.t !== undefined) && o.sensitive === undefined)
        throw new InputError('--l and --t need --sensitive <column>')
      if (o.search && o.levels !== undefined) throw new InputError('give either --levels or --search, not both')
      const table = readCsvTable(file, o.delimiter)
      for (const qi of quasiIdentifiers)
        if (!table.columns.includes(qi))
          throw new InputError(`unknown quasi-identifier column ${qi}; ${path.basename(file)} has ${table.columns.join(', ')}`)
      const hierarchies = hierarchiesOf(o, quasiIdentifiers, table.columns, table.rows)
      const dataset = encodeTable(table, quasiIdentifiers, hierarchies, o.sensitive)
      const started = performance.now()
      const search = o.search ? searchTransformation(dataset, criteria) : undefined
      const report = search
        ? search.best && evaluate(dataset, search.best.levels, criteria, { histogram: o.histogram })
        : evaluate(dataset, levelsOf(o.levels, quasiIdentifiers.length), criteria, { histogram: o.histogram })
      const ms = Math.round(performance.now() - started)
      const context = { file, quasiIdentifiers, criteria, sensitive: o.sensitive, ms }
      if (o.json) out(JSON.stringify({ ...context, report: report ?? null, ...(search ? { search: searchSummary(search) } : {}) }, null, 2))
      else printCheck(out, context, report, search)
      if (!report?.anonymous) process.exitCode = 1
    })
  return deid
}

function criteriaOf(o: CheckOptions): PrivacyCriteria {
  const k = Number(o.k)
  const suppressionLimit = Number(o.suppression)
  const l = o.l === undefined ? undefined : { kind: o.lKind, l: Number(o.l), ...(o.c !== undefined ? { c: Number(o.c) } : {}) }
  const t = o.t === undefined ? undefined : { t: Number(o.t), measure: o.tMeasure }
  return { k, suppressionLimit, ...(l ? { l } : {}), ...(t ? { t } : {}) }
}

function hierarchiesOf(
  o: CheckOptions,
  quasiIdentifiers: readonly string[],
  columns: readonly string[],
  rows: readonly (readonly string[])[],
): Map<string, Hierarchy> {
  const hierarchies = new Map<string, Hierarchy>()
  for (const spec of o.hierarchy ?? []) {
    const at = spec.indexOf('=')
    if (at <= 0 || at === spec.length - 1) throw new InputError(`--hierarchy takes column=path, not ${spec}`)
    const column = spec.slice(0, at)
    // One may keep passing every hierarchy of a data set while trying different --qi sets.
    if (!quasiIdentifiers.includes(column)) continue
    hierarchies.set(column, readHierarchy(spec.slice(at + 1), column, o.hierarchyDelimiter))
  }
  for (const qi of quasiIdentifiers) {
    if (hierarchies.has(qi)) continue
    const index = columns.indexOf(qi)
    hierarchies.set(qi, suppressOnlyHierarchy(qi, rows.map((row) => row[index]!)))
  }
  return hierarchies
}

function levelsOf(text: string | undefined, count: number): number[] {
  if (text === undefined) return new Array<number>(count).fill(0)
  return text.split(',').map((part) => {
    const level = Number(part.trim())
    if (part.trim() === '' || !Number.isInteger(level)) throw new InputError(`--levels takes integers, comma-separated, not ${text}`)
    return level
  })
}

function searchSummary(search: SearchResult) {
  return {
    latticeSize: search.latticeSize,
    evaluated: search.evaluated,
    minimalNodes: search.minimalNodes.length,
    found: search.best !== undefined,
  }
}

type Context = {
  readonly file: string
  readonly quasiIdentifiers: readonly string[]
  readonly criteria: PrivacyCriteria
  readonly sensitive?: string
  readonly ms: number
}

function printCheck(out: (line: string) => void, c: Context, report: DeidReport | undefined, search: SearchResult | undefined): void {
  const { criteria } = c
  out(`去标识化检查 de-identification check: ${c.file}`)
  out(`准标识符 quasi-identifiers: ${c.quasiIdentifiers.join(', ')}`)
  if (search) {
    out(`搜索 search: ${search.latticeSize} transformations in the lattice, ${search.evaluated} evaluations, ${search.minimalNodes.length} k-minimal, ${c.ms} ms`)
    if (!report) {
      out('未找到 no transformation meets the criteria, not even the most general one')
      return
    }
  }
  if (!report) return
  out(`记录 records: ${report.rows}`)
  out(`泛化级别 levels: ${c.quasiIdentifiers.map((qi, i) => `${qi}=${report.levels![i]}`).join(' ')}  (${report.levels!.join(',')})`)
  const limit = `${percent(criteria.suppressionLimit)}`
  out(`结论 result: ${report.anonymous ? '满足 PASS' : '不满足 FAIL'}  (k=${criteria.k}, 抑制上限 suppression limit ${limit}${criteriaTail(criteria)})`)
  out(`等价类 equivalence classes: ${report.classes} (${report.suppressedClasses} suppressed, ${report.classes - report.suppressedClasses} remain)`)
  out(`抑制记录 suppressed records: ${report.suppressed} (${percent(report.suppressedShare)})` +
    (report.anonymous ? '' : `; ${report.outliers} records (${percent(report.outliers / Math.max(1, report.rows))}) fail the criteria, over the limit`))
  out(`类大小 class size: min ${report.minClassSize}, max ${report.maxClassSize}, average ${report.averageClassSize.toFixed(2)}`)
  if (report.diversity) out(`ℓ-多样性 ${report.diversity.kind} ℓ-diversity of ${c.sensitive}: smallest ℓ ${round(report.diversity.minimum)} (required ${report.diversity.l})`)
  if (report.closeness) out(`t-接近 t-closeness of ${c.sensitive} (${report.closeness.measure} EMD): largest distance ${round(report.closeness.maximum)} (allowed ${report.closeness.t})`)
  out(`信息损失 information loss: ${round(report.loss!)} (mean level/height, a suppressed record counting 1)`)
  if (report.histogram) for (const bar of report.histogram) out(`  size ${String(bar.size).padStart(6)}: ${bar.classes} classes`)
}

function criteriaTail(criteria: PrivacyCriteria): string {
  const parts: string[] = []
  if (criteria.l) parts.push(`${criteria.l.kind} ℓ=${criteria.l.l}${criteria.l.c !== undefined ? ` c=${criteria.l.c}` : ''}`)
  if (criteria.t) parts.push(`t=${criteria.t.t} ${criteria.t.measure} EMD`)
  return parts.length === 0 ? '' : `, ${parts.join(', ')}`
}

function percent(share: number): string {
  return `${(share * 100).toFixed(3).replace(/\.?0+$/, '')}%`
}

function round(x: number): string {
  return String(Math.round(x * 10_000) / 10_000)
}
