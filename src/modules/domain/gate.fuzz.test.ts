/**
 * Fuzzing the gate (issue 10, item 2). fast-check generates SQL from a small grammar over the
 * fin-credit schema — granted dimensions and measures, identifiers, ungranted columns and tables,
 * allowed and forbidden aggregates, joins on identifiers, CTEs and subqueries, table functions,
 * windows, ROLLUP, QUALIFY, sampling, random quoting/casing/whitespace/comments — plus raw hostile
 * strings (several statements, DDL/DML, PRAGMA, COPY, ATTACH, unicode). Whatever the shape, the gate
 * must refuse (422 naming a rule and article) or release only aggregates that passed the output
 * checks; never a 500, never an identifier, never anything read outside the granted scope.
 * The generator carries `oos` (touches something out of scope) alongside the SQL, so the property
 * knows which answers must be refusals. Seeds are fixed so a failure reproduces in CI.
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { api, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { seedDemoData } from '../demo/demo-world.ts'

const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/
const RESIDENT_ID = /^\d{17}[\dX]$/
const ENTERPRISE_NAME = /公司|合作社/
const ALLOWED_STATUS = new Set([200, 400, 409, 422])
const GRAMMAR_RUNS = 1500
const HOSTILE_RUNS = 300
// Fixed so CI reproduces; GATE_FUZZ_SEED explores other seeds locally, GATE_FUZZ_LOG prints every query and answer.
const SEED = Number(process.env.GATE_FUZZ_SEED ?? 20_260_410)

// ---------------------------------------------------------------------------------------------
// Fragments: a piece of SQL and whether it touches anything outside the granted scope.

interface Frag {
  readonly sql: string
  readonly oos: boolean
}
const lit = (sql: string, oos = false): Frag => ({ sql, oos })
/** sql`...${frag}...`: joins fragments, out of scope if any part is. */
function sql(strings: TemplateStringsArray, ...parts: (Frag | string)[]): Frag {
  let text = strings[0]!
  let oos = false
  parts.forEach((part, i) => {
    if (typeof part === 'string') text += part
    else {
      text += part.sql
      oos ||= part.oos
    }
    text += strings[i + 1]!
  })
  return { sql: text, oos }
}
const list = (frags: readonly Frag[], sep = ', '): Frag => ({ sql: frags.map((f) => f.sql).join(sep), oos: frags.some((f) => f.oos) })
/** Absent with probability 1 - 1/rarity: hostile clauses are rare so that benign queries also reach the output checks. */
const optional = (arb: fc.Arbitrary<Frag>, rarity = 2): fc.Arbitrary<Frag> =>
  fc.oneof({ weight: rarity - 1, arbitrary: fc.constant(lit('')) }, { weight: 1, arbitrary: arb })

// ---------------------------------------------------------------------------------------------
// The schema as the workspace sees it (GET /api/v1/workspaces/fin-credit) and what it does not grant.

type Kind = 'dim' | 'measure' | 'id' | 'hidden'
interface Col {
  readonly qualifier: string
  readonly name: string
  readonly kind: Kind
}
type Table = Readonly<Record<Kind, readonly string[]>> & { readonly granted: boolean; readonly small: boolean }

const TABLES: Readonly<Record<string, Table>> = {
  market_entities: {
    granted: true,
    small: true,
    dim: ['district_code', 'industry_code', 'status', 'established_on'],
    measure: ['registered_capital_wan'],
    id: ['uscc', 'name'],
    hidden: ['legal_rep_name', 'legal_rep_id', 'legal_rep_phone'],
  },
  electricity_usage: { granted: true, small: false, dim: ['month'], measure: ['kwh', 'amount_yuan'], id: ['uscc'], hidden: [] },
  water_usage: { granted: true, small: false, dim: ['month'], measure: ['tons'], id: ['uscc'], hidden: [] },
  tax_credit_ratings: { granted: true, small: true, dim: ['year', 'rating'], measure: ['year'], id: ['uscc'], hidden: [] },
  social_insurance: {
    granted: true,
    small: false,
    dim: ['month'],
    measure: ['contribution_base_yuan'],
    id: ['employer_uscc'],
    hidden: ['person_id', 'person_name', 'insurance_type'],
  },
  // Granted to ski-tourism, not to fin-credit: every reference is out of scope.
  bus_trips: { granted: false, small: false, dim: ['route', 'district_code'], measure: [], id: ['card_id', 'person_id'], hidden: ['boarding_stop'] },
  scenic_visits: { granted: false, small: true, dim: ['scenic_spot', 'origin_province'], measure: ['visitors'], id: [], hidden: [] },
}
const TABLE_NAMES = Object.keys(TABLES)
const KINDS: readonly Kind[] = ['dim', 'measure', 'id', 'hidden']

function columnsOf(table: string, qualifier: string): Col[] {
  const t = TABLES[table]!
  // Every column of an ungranted table is out of scope, whatever its role would be.
  return KINDS.flatMap((kind) => t[kind].map((name) => ({ qualifier, name, kind: t.granted ? kind : ('hidden' as Kind) })))
}

// ---------------------------------------------------------------------------------------------
// Lexical noise: quoting and casing of names, whitespace and comments, keyword case.

const spelling = (name: string): fc.Arbitrary<string> =>
  fc.constantFrom(name, name.toUpperCase(), `"${name}"`, `"${name.toUpperCase()}"`, `"${name[0]!.toUpperCase()}${name.slice(1)}"`)
const columnRef = (c: Col): fc.Arbitrary<Frag> =>
  fc.tuple(spelling(c.name), fc.nat(3)).map(([s, bare]) => lit(bare === 0 ? s : `${c.qualifier}.${s}`, c.kind === 'hidden'))
const tableName = (table: string): fc.Arbitrary<Frag> =>
  fc
    .tuple(spelling(table), fc.constantFrom('', '', '', '', '', '', '', '', 'main.', '"main".', 'memory.main.'))
    .map(([s, schema]) => lit(`${schema}${s}`, !TABLES[table]!.granted))
const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\n', '\t', ' /* 注释 */ ', ' -- c\n', '\n\n  ')
const KEYWORDS = /\b(SELECT|FROM|WHERE|GROUP BY|HAVING|ORDER BY|LIMIT|JOIN|ON|AS|WITH|DISTINCT|CASE|WHEN|THEN|END|AND|CAST|OVER|PARTITION BY)\b/g

/** Replaces single spaces outside quotes with random separators and maybe lower-cases keywords. */
function lexicalNoise(frag: Frag): fc.Arbitrary<Frag> {
  return fc.tuple(fc.array(separator, { minLength: 1, maxLength: 8 }), fc.boolean()).map(([seps, lower]) => {
    let text = ''
    let quote: string | null = null
    let n = 0
    for (const ch of frag.sql) {
      if (quote) {
        if (ch === quote) quote = null
        text += ch
      } else if (ch === "'" || ch === '"') {
        quote = ch
        text += ch
      } else text += ch === ' ' ? seps[n++ % seps.length]! : ch
    }
    if (lower) text = text.replace(KEYWORDS, (k) => k.toLowerCase())
    return { sql: text, oos: frag.oos }
  })
}

// ---------------------------------------------------------------------------------------------
// FROM: tables, joins, subqueries, CTEs and table functions. A source knows its columns.

interface Source {
  readonly with: Frag
  readonly from: Frag
  readonly cols: readonly Col[]
}
const pickCol = (cols: readonly Col[], ...kinds: Kind[]): fc.Arbitrary<Col> => {
  const preferred = cols.filter((c) => kinds.includes(c.kind))
  return fc.constantFrom(...(preferred.length > 0 ? preferred : cols))
}
const IDENTIFIER_CONSTANT = fc.constantFrom("'91130702MA0000011X'", "'9113%'", "'130702199001011234'")

/** Granted tables three times as often as ungranted ones. */
const anyTable = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TABLE_NAMES.filter((t) => TABLES[t]!.granted)) }, { weight: 1, arbitrary: fc.constantFrom(...TABLE_NAMES) })
const tableSource = (alias: string): fc.Arbitrary<Source & { table: string }> =>
  anyTable.chain((table) => tableName(table).map((ref) => ({ table, with: lit(''), from: sql`${ref} ${alias}`, cols: columnsOf(table, alias) })))

/** Two tables joined on identifiers, on an identifier and a constant, on mismatched columns, or crossed. */
const joinSource: fc.Arbitrary<Source> = fc.tuple(tableSource('a'), tableSource('b')).chain(([a, b]) => {
  const both = [...a.cols, ...b.cols]
  const on = fc.tuple(pickCol(a.cols, 'id'), pickCol(b.cols, 'id')).chain(([x, y]) => fc.tuple(columnRef(x), columnRef(y))).map(([x, y]) => sql`${x} = ${y}`)
  const joinOn = fc.oneof(
    { weight: 4, arbitrary: on },
    { weight: 1, arbitrary: fc.tuple(on, pickCol(a.cols, 'id').chain(columnRef), IDENTIFIER_CONSTANT).map(([o, x, k]) => sql`${o} AND ${x} = ${k}`) },
    { weight: 1, arbitrary: fc.tuple(pickCol(a.cols, 'id').chain(columnRef), pickCol(b.cols, 'dim', 'measure').chain(columnRef)).map(([x, y]) => sql`${x} = ${y}`) },
  )
  const crossable = TABLES[a.table]!.small && TABLES[b.table]!.small
  const kinds = [
    joinOn.chain((o) => fc.constantFrom('JOIN', 'LEFT JOIN', 'INNER JOIN').map((j) => sql`${a.from} ${j} ${b.from} ON ${o}`)),
    ...(crossable ? [fc.constantFrom(sql`${a.from} CROSS JOIN ${b.from}`, sql`${a.from}, ${b.from}`)] : []),
  ]
  return fc.oneof(...kinds).map((from) => ({ with: lit(''), from, cols: both }))
})

/** The body of a subquery or CTE: a projection (maybe renamed, ordered and limited) or an aggregation. */
const innerQuery: fc.Arbitrary<{ body: Frag; cols: { name: string; kind: Kind }[] }> = tableSource('t').chain((t) => {
  const projection = fc
    .tuple(
      fc.subarray([...t.cols], { minLength: 1, maxLength: Math.min(4, t.cols.length) }),
      fc.boolean(),
      optional(fc.tuple(pickCol(t.cols, 'measure', 'dim').chain(columnRef), fc.integer({ min: 1, max: 50 })).map(([c, n]) => sql` ORDER BY ${c} DESC LIMIT ${String(n)}`)),
    )
    .chain(([cols, rename, tail]) =>
      fc.tuple(...cols.map((c) => columnRef(c))).map((refs) => {
        const names = cols.map((c, i) => (rename ? `c${i}` : c.name))
        const items = refs.map((r, i) => (rename ? sql`${r} AS ${names[i]!}` : r))
        return { body: sql`SELECT ${list(items)} FROM ${t.from}${tail}`, cols: cols.map((c, i) => ({ name: names[i]!, kind: c.kind })) }
      }),
    )
  const star = fc.constant({ body: sql`SELECT * FROM ${t.from}`, cols: t.cols.map((c) => ({ name: c.name, kind: c.kind })) })
  const laundered = pickCol(t.cols, 'id')
    .chain(columnRef)
    .map((id) => ({ body: sql`SELECT upper(${id}) AS d FROM ${t.from}`, cols: [{ name: 'd', kind: 'id' as Kind }] }))
  const aggregated = fc.tuple(pickCol(t.cols, 'dim').chain(columnRef), pickCol(t.cols, 'measure').chain(columnRef)).map(([d, m]) => ({
    body: sql`SELECT ${d} AS g, count(*) AS n, sum(${m}) AS s FROM ${t.from} GROUP BY 1`,
    cols: [
      { name: 'g', kind: 'dim' as Kind },
      { name: 'n', kind: 'measure' as Kind },
      { name: 's', kind: 'measure' as Kind },
    ],
  }))
  return fc.oneof(projection, star, laundered, aggregated)
})
const subquerySource: fc.Arbitrary<Source> = innerQuery.map(({ body, cols }) => ({
  with: lit(''),
  from: sql`(${body}) s`,
  cols: cols.map((c) => ({ qualifier: 's', ...c })),
}))
const cteSource: fc.Arbitrary<Source> = innerQuery.map(({ body, cols }) => ({
  with: sql`WITH x AS (${body}) `,
  from: lit('x s'),
  cols: cols.map((c) => ({ qualifier: 's', ...c })),
}))
/** Table functions, files, catalogs and the store: all outside any workspace's scope. */
const tableFunctionSource: fc.Arbitrary<Source> = fc
  .constantFrom(
    "read_csv('/etc/passwd')",
    "read_csv_auto('data/pool/x.csv')",
    "read_parquet('data/pool/**/*.parquet')",
    'range(10)',
    'generate_series(1, 5)',
    "query('SELECT * FROM market_entities')",
    "query_table('market_entities')",
    'duckdb_tables()',
    'duckdb_settings()',
    'information_schema.columns',
    'sqlite_master',
    "'/etc/passwd'",
    "glob('*')",
  )
  .map((f) => ({ with: lit(''), from: lit(`${f} f`, true), cols: [{ qualifier: 'f', name: 'x', kind: 'hidden' as Kind }] }))

const source: fc.Arbitrary<Source> = fc.oneof(
  { weight: 8, arbitrary: tableSource('m') },
  { weight: 3, arbitrary: joinSource },
  { weight: 2, arbitrary: subquerySource },
  { weight: 2, arbitrary: cteSource },
  { weight: 1, arbitrary: tableFunctionSource },
)

// ---------------------------------------------------------------------------------------------
// SELECT list: dimensions, identifiers, allowed and forbidden aggregates, expressions, casts, windows.

const FORBIDDEN_AGGREGATES = ['min', 'max', 'list', 'any_value', 'median', 'first', 'mode', 'histogram', 'quantile_disc'] as const

function selectItem(cols: readonly Col[]): fc.Arbitrary<Frag> {
  const any = pickCol(cols, 'dim', 'measure', 'id', 'hidden').chain(columnRef)
  const dim = pickCol(cols, 'dim').chain(columnRef)
  const measure = pickCol(cols, 'measure').chain(columnRef)
  const id = pickCol(cols, 'id').chain(columnRef)
  return fc.oneof(
    { weight: 8, arbitrary: dim },
    { weight: 1, arbitrary: id },
    { weight: 1, arbitrary: any },
    { weight: 8, arbitrary: fc.constant(lit('count(*)')) },
    { weight: 3, arbitrary: any.map((c) => sql`count(DISTINCT ${c})`) },
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom('sum', 'avg', 'SUM', 'Avg'), measure).map(([f, m]) => sql`${f}(${m})`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FORBIDDEN_AGGREGATES), any).map(([f, c]) => sql`${f}(${c})`) },
    { weight: 1, arbitrary: any.map((c) => sql`string_agg(${c}, ',')`) },
    { weight: 1, arbitrary: fc.tuple(any, measure).map(([c, m]) => sql`arg_max(${c}, ${m})`) },
    { weight: 1, arbitrary: fc.tuple(measure, measure).map(([m, n]) => sql`sum(${m} * 2 + ${n})`) },
    { weight: 1, arbitrary: fc.tuple(id, IDENTIFIER_CONSTANT, measure).map(([i, k, m]) => sql`sum(CASE WHEN ${i} = ${k} THEN ${m} END)`) },
    { weight: 1, arbitrary: fc.tuple(id, IDENTIFIER_CONSTANT).map(([i, k]) => sql`count(CASE WHEN ${i} LIKE ${k} THEN 1 END)`) },
    { weight: 1, arbitrary: fc.tuple(any, fc.constantFrom('VARCHAR', 'INTEGER', 'BIGINT', 'DOUBLE')).map(([c, t]) => sql`CAST(${c} AS ${t})`) },
    { weight: 1, arbitrary: id.map((i) => sql`substr(${i}, 1, 8)`) },
    { weight: 1, arbitrary: dim.map((d) => sql`count(*) OVER (PARTITION BY ${d})`) },
    { weight: 1, arbitrary: id.map((i) => sql`row_number() OVER (ORDER BY ${i})`) },
  )
}
const selectList = (cols: readonly Col[]): fc.Arbitrary<Frag> =>
  fc
    .array(fc.tuple(selectItem(cols), fc.boolean()), { minLength: 1, maxLength: 4 })
    .map((items) => list(items.map(([item, alias], i) => (alias ? sql`${item} AS v${String(i)}` : item))))

// ---------------------------------------------------------------------------------------------
// The clauses after FROM.

function predicate(cols: readonly Col[]): fc.Arbitrary<Frag> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(pickCol(cols, 'dim').chain(columnRef), fc.constantFrom("'130702'", "'2025-01'", "'存续'", "'A'", '2024')).map(([d, k]) => sql`${d} = ${k}`) },
    { weight: 4, arbitrary: pickCol(cols, 'measure').chain(columnRef).map((m) => sql`${m} > 100`) },
    { weight: 1, arbitrary: fc.tuple(pickCol(cols, 'id').chain(columnRef), IDENTIFIER_CONSTANT).map(([i, k]) => sql`${i} = ${k}`) },
    { weight: 1, arbitrary: pickCol(cols, 'id').chain(columnRef).map((i) => sql`starts_with(${i}, '9113')`) },
    { weight: 1, arbitrary: pickCol(cols, 'id', 'hidden').chain(columnRef).map((c) => sql`${c} IS NOT NULL`) },
    { weight: 1, arbitrary: pickCol(cols, 'dim').chain(columnRef).map((d) => sql`${d} IN (SELECT month FROM water_usage)`) },
  )
}
const whereClause = (cols: readonly Col[]) =>
  optional(fc.array(predicate(cols), { minLength: 1, maxLength: 2 }).map((ps) => sql` WHERE ${list(ps, ' AND ')}`))
const tableSample = optional(fc.constantFrom(lit(' TABLESAMPLE 5%'), lit(' TABLESAMPLE 10 ROWS')), 12)
const usingSample = optional(fc.constantFrom(lit(' USING SAMPLE 10%'), lit(' USING SAMPLE 20 ROWS')), 12)
const groupBy = (cols: readonly Col[]) =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constant(lit(' GROUP BY ALL')) },
    { weight: 2, arbitrary: fc.constant(lit(' GROUP BY 1')) },
    { weight: 2, arbitrary: fc.constant(lit('')) },
    { weight: 1, arbitrary: pickCol(cols, 'dim').chain(columnRef).map((d) => sql` GROUP BY ROLLUP (${d})`) },
    { weight: 1, arbitrary: pickCol(cols, 'dim').chain(columnRef).map((d) => sql` GROUP BY GROUPING SETS ((${d}), ())`) },
    { weight: 1, arbitrary: pickCol(cols, 'id').chain(columnRef).map((i) => sql` GROUP BY ${i}`) },
  )
const having = (cols: readonly Col[]) =>
  optional(
    fc.oneof(
      fc.constant(lit(' HAVING count(*) > 10')),
      pickCol(cols, 'measure').chain(columnRef).map((m) => sql` HAVING sum(${m}) > 0`),
      pickCol(cols, 'id').chain(columnRef).map((i) => sql` HAVING max(${i}) > '9'`),
    ),
    4,
  )
const qualify = optional(fc.constant(lit(' QUALIFY row_number() OVER () = 1')), 12)
const orderBy = (cols: readonly Col[]) =>
  optional(
    fc.oneof(
      fc.constant(lit(' ORDER BY 1')),
      fc.constant(lit(' ORDER BY 1 DESC')),
      fc.constant(lit(' ORDER BY count(*) DESC')),
      pickCol(cols, 'id').chain(columnRef).map((i) => sql` ORDER BY min(${i})`),
    ),
    3,
  )
const limit = optional(fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.boolean()).map(([n, offset]) => lit(` LIMIT ${n}${offset ? ' OFFSET 1' : ''}`)), 3)

/** A whole query from the grammar, with lexical noise on top. */
const grammarQuery: fc.Arbitrary<Frag> = source
  .chain((src) =>
    fc
      .tuple(selectList(src.cols), tableSample, whereClause(src.cols), groupBy(src.cols), having(src.cols), qualify, usingSample, orderBy(src.cols), limit)
      .map(
        ([items, tsample, where, group, hav, qual, usample, order, lim]) =>
          sql`${src.with}SELECT ${items} FROM ${src.from}${tsample}${where}${group}${hav}${qual}${usample}${order}${lim}`,
      ),
  )
  .chain(lexicalNoise)

// ---------------------------------------------------------------------------------------------
// Raw hostile strings: not SELECTs of the grammar at all. `refuse` marks those that must not be answered.

interface Hostile {
  readonly sql: string
  readonly refuse: boolean
}
const HOSTILE_STATEMENTS = [
  'DROP TABLE market_entities',
  "DELETE FROM market_entities WHERE status = '注销'",
  "UPDATE market_entities SET name = 'x'",
  "INSERT INTO market_entities VALUES ('x')",
  'CREATE TABLE leak AS SELECT * FROM market_entities',
  'CREATE MACRO m(x) AS x',
  'PRAGMA database_list',
  'PRAGMA table_info(market_entities)',
  "COPY market_entities TO '/tmp/leak.csv'",
  "COPY (SELECT uscc FROM market_entities) TO '/tmp/leak.parquet' (FORMAT parquet)",
  "ATTACH '/tmp/other.db' AS other",
  'DETACH other',
  'INSTALL httpfs',
  'LOAD httpfs',
  'SET enable_external_access = true',
  "SET file_search_path = '/'",
  'CALL pragma_version()',
  'EXPORT DATABASE \'/tmp/x\'',
  'EXPLAIN ANALYZE SELECT count(*) FROM market_entities',
  'DESCRIBE market_entities',
  'SUMMARIZE market_entities',
  'SHOW TABLES',
  'BEGIN TRANSACTION',
  'CHECKPOINT',
  'VACUUM',
  'SELECT uscc FROM market_entities',
  'SELECT * FROM market_entities',
  'FROM market_entities',
  'SELECT count(*) FROM bus_trips',
  'SELECT count(legal_rep_id) FROM market_entities',
  "SELECT count(*) FROM read_csv('/etc/passwd')",
]
const UNICODE_TRICKS = [
  'ＳＥＬＥＣＴ count(*) FROM market_entities',
  'SELECT count(*) FROM market\u200Bentities',
  'SELECT count(*) FROM market_entities\uFF1B DROP TABLE market_entities',
  'SELECT "uscc\u200D", count(*) FROM market_entities GROUP BY 1',
  'SELECT count(*) FROM market_entities WHERE status = \'存续\u202E\'',
  'SELECT 𝐜𝐨𝐮𝐧𝐭(*) FROM market_entities',
  '\uFEFFSELECT count(*) FROM market_entities; DROP TABLE market_entities',
]
const hostileStatement = fc.constantFrom(...HOSTILE_STATEMENTS)
const hostileString: fc.Arbitrary<Hostile> = fc.oneof(
  fc.tuple(separator, hostileStatement, fc.constantFrom('', ';', ' ;', '; -- x', ';\n;')).map(([pre, s, post]) => ({ sql: `${pre}${s}${post}`, refuse: true })),
  fc.tuple(grammarQuery, hostileStatement, fc.constantFrom('; ', ';\n', ' ;/* */ ')).map(([q, s, sep]) => ({ sql: `${q.sql}${sep}${s}`, refuse: true })),
  fc.tuple(hostileStatement, fc.constantFrom('; ', ';\n')).map(([s, sep]) => ({ sql: `${s}${sep}SELECT count(*) FROM market_entities`, refuse: true })),
  fc.constantFrom(...UNICODE_TRICKS).map((s) => ({ sql: s, refuse: false })),
  fc.string({ unit: 'grapheme', minLength: 0, maxLength: 120 }).filter((s) => !s.includes('\u0000')).map((s) => ({ sql: s, refuse: false })),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((s) => !s.includes('\u0000')).map((s) => ({ sql: `SELECT count(*) FROM market_entities WHERE status = '${s}'`, refuse: false })),
)

// ---------------------------------------------------------------------------------------------
// The properties, on the demo world (SQLite store: the store is irrelevant to the gate).

interface Answer {
  readonly status: number
  readonly body: any
}

/** Property 1 and 2: a permitted status; a refusal names its rule; an answer passed the output checks. */
function assertGateContract(sql: string, answer: Answer): void {
  const where = `${sql}\n→ ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 500)}`
  assert.ok(ALLOWED_STATUS.has(answer.status), `unexpected status: ${where}`)
  if (answer.status === 422) {
    assert.ok(answer.body?.error?.rule, `a refusal names its rule: ${where}`)
    assert.ok(answer.body?.error?.article, `a refusal cites its article: ${where}`)
  }
  if (answer.status !== 200) return
  const { rows, columns, checks, summary } = answer.body
  assert.ok(Array.isArray(rows) && Array.isArray(columns), `rows and columns: ${where}`)
  assert.ok(rows.length <= 10_000, `at most maxRows rows: ${where}`)
  assert.ok(checks.some((c: { check: string }) => c.check === 'min-entities'), `a min-entities check: ${where}`)
  assert.ok(Number.isInteger(summary.rowsWithheld) && summary.rowsWithheld >= 0, `rowsWithheld is a count: ${where}`)
  assert.equal(summary.rowsReleased, rows.length, `rowsReleased counts the rows: ${where}`)
  for (const row of rows as unknown[][]) {
    assert.equal(row.length, columns.length, `row width: ${where}`)
    for (const value of row) {
      if (typeof value !== 'string') continue
      assert.doesNotMatch(value, USCC, `a released value looks like a credit code: ${where}`)
      assert.doesNotMatch(value, RESIDENT_ID, `a released value looks like an ID number: ${where}`)
      assert.doesNotMatch(value, ENTERPRISE_NAME, `a released value looks like an enterprise name: ${where}`)
    }
  }
}

const dialect = testDialects()[0]!

describe(`${dialect.name}: fuzzing the gate with generated SQL`, () => {
  let platform: Platform & { clock: TestClock }
  let app: FastifyInstance
  let query: (sql: string) => Promise<Answer>

  before(async () => {
    platform = await testPlatform(dialect)
    await seedAuthorizedWorld(platform)
    await seedDemoData(platform, { scale: 0.1, seed: 7 })
    // A short time limit: a generated cross join must be stopped (422), not hold the run for 30 s.
    const rules = JSON.parse((await platform.store.db.selectFrom('workspaces').select('rules').where('id', '=', 'fin-credit').executeTakeFirstOrThrow()).rules)
    await platform.store.db
      .updateTable('workspaces')
      .set({ rules: JSON.stringify({ ...rules, limits: { ...rules.limits, timeoutMs: 2000 } }) })
      .where('id', '=', 'fin-credit')
      .execute()
    app = await testApp(platform)
    const fintech = api(app, await loginAs(app, 'fintech'))
    query = async (sql) => {
      const answer = await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql })
      if (process.env.GATE_FUZZ_LOG) console.log(answer.status, answer.body?.error?.rule ?? '', sql.replace(/\n/g, '⏎'), answer.body?.error?.message?.slice(0, 100) ?? '')
      return answer
    }
  })

  it('refuses or releases only checked aggregates, and never answers out of scope, for SQL from the grammar', async (t) => {
    let answered = 0
    let refused = 0
    await fc.assert(
      fc.asyncProperty(grammarQuery, async ({ sql, oos }) => {
        const answer = await query(sql)
        assertGateContract(sql, answer)
        // Property 3: whatever touches an ungranted column or table, a file or a catalog is refused.
        if (oos) assert.notEqual(answer.status, 200, `out of scope yet answered: ${sql}\n→ ${JSON.stringify(answer.body)?.slice(0, 500)}`)
        if (answer.status === 200) answered++
        else refused++
      }),
      { numRuns: GRAMMAR_RUNS, seed: SEED },
    )
    t.diagnostic(`seed ${SEED}: ${answered} answered, ${refused} refused`)
    // The grammar is not vacuous: it reaches both sides of the gate.
    assert.ok(answered > 0, 'some generated queries are answered')
    assert.ok(refused > 0, 'some generated queries are refused')
  })

  it('refuses hostile strings: several statements, DDL/DML, PRAGMA, COPY, ATTACH, unicode; never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async ({ sql, refuse }) => {
        const answer = await query(sql)
        assertGateContract(sql, answer)
        if (refuse) assert.notEqual(answer.status, 200, `hostile yet answered: ${sql}`)
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    )
  })
})
