import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { getWorkspace } from '../src/modules/authorizations/workspace.service.ts'
import { seedDemoAuthorizations } from '../src/modules/demo/demo-authorizations.ts'
import { seedDemoIdentities } from '../src/modules/demo/demo-identities.ts'
import { seedDemoCatalog } from '../src/modules/demo/demo-world.ts'
import { DEMO_CATALOG } from '../src/modules/demo/world/catalog-entries.ts'
import { generateDemoWorld } from '../src/modules/demo/world/generate.ts'
import type { DemoTable } from '../src/modules/demo/world/world.ts'
import { runQuery, type QueryAnswer } from '../src/modules/domain/query.service.ts'
import { filterSql, versionSource } from '../src/modules/domain/sealed.ts'
import { actAs } from '../src/modules/identity/identity.service.ts'
import { loadVersion, poolDir } from '../src/modules/pool/pool.service.ts'
import { sqlIdentifier } from '../src/platform/engine/engine.ts'
import { configFromEnv } from '../src/platform/config.ts'
import { closePlatform, openPlatform, type Platform } from '../src/platform/platform.ts'
import { median, type BenchContext, type BenchRow, type BenchTable } from './bench.ts'

/**
 * The gate: typical analysis queries in the demo world's fin-credit workspace at scale 10, through
 * runQuery end to end (parse, scope, rules, rewrite, the sealed run, the dominance evidence, the
 * output checks, the run record and its audit entry) against the same SQL on a raw DuckDB
 * connection holding the same granted columns of the same pool version files: the physical limit.
 */
const SCALE = 10
const SEED = 7
const WORKSPACE = 'fin-credit'
const TABLES: readonly DemoTable[] = ['market_entities', 'electricity_usage', 'water_usage', 'tax_credit_ratings', 'social_insurance']
/** Over this baseline median a query is "large" and judged by its ratio; else by the time added. */
const LARGE_MS = 100
const MAX_RATIO = 1.1
const MAX_ADDED_MS = 5
/** Queries faster than this on raw DuckDB are timed SMALL_BATCH times in a row in each round. */
const SMALL_MS = 25
const SMALL_BATCH = 10
/**
 * At least this many rounds a query, whatever BENCH_ROUNDS says: on this shared machine one
 * query of 100 to 300 ms varies by half from run to run, and a median of five moved by a fifth.
 */
const MIN_ROUNDS = 21

const QUERIES: readonly { readonly name: string; readonly sql: string }[] = [
  { name: 'entities per district', sql: 'SELECT district_code, count(*) AS n, avg(registered_capital_wan) AS capital FROM market_entities GROUP BY 1' },
  { name: 'electricity per month', sql: 'SELECT month, sum(kwh) AS kwh, count(DISTINCT uscc) AS firms FROM electricity_usage GROUP BY 1' },
  { name: 'electricity per industry (join)', sql: 'SELECT m.industry_code, sum(e.kwh) AS kwh FROM market_entities m JOIN electricity_usage e ON m.uscc = e.uscc GROUP BY 1' },
  { name: 'tax credit ratings per year', sql: 'SELECT year, rating, count(*) AS n FROM tax_credit_ratings GROUP BY 1, 2' },
  { name: 'contribution base per month', sql: 'SELECT month, avg(contribution_base_yuan) AS base FROM social_insurance GROUP BY 1' },
  { name: 'water per district since 2025 (join, filter)', sql: "SELECT m.district_code, sum(w.tons) AS tons FROM water_usage w JOIN market_entities m ON m.uscc = w.uscc WHERE w.month >= '2025-01' GROUP BY 1" },
]

/** Time spent in the sealed engines during one runQuery, from a wrapper around platform.domain. */
interface Phases {
  parser: number
  main: number
  evidence: number
  evidenceQueries: number
  sql: string[]
}

export async function bench(context: BenchContext): Promise<readonly BenchTable[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-bench-gate-'))
  const platform = await openPlatform(configFromEnv({ SHUYU_DATA_DIR: dir, SHUYU_DEMO: '1', SHUYU_PASSWORD_ITERATIONS: '1000' }), {
    storeConfig: { dialect: 'sqlite', file: path.join(dir, 'shuyu.sqlite') },
    masterKey: randomBytes(32),
  })
  let raw: DuckDBInstance | undefined
  try {
    await seedDemoIdentities(platform)
    await seedDemoCatalog(platform)
    await seedDemoAuthorizations(platform)
    const rowCounts = await seedData(platform, path.join(dir, 'scale10'), context)

    const ctx = await actAs(platform, 'fintech', 'bench')
    const phases = instrument(platform)

    // The baseline: the workspace's granted columns (and row filters) of the current version files.
    const workspace = await getWorkspace(platform, ctx, WORKSPACE)
    raw = await DuckDBInstance.create(':memory:', { threads: '2' })
    const connection = await raw.connect()
    let started = performance.now()
    for (const t of workspace.scope) {
      const version = await platform.store.db
        .selectFrom('catalog_resources as r')
        .innerJoin('pool_versions as v', 'v.id', 'r.pool_version_id')
        .select(['v.file'])
        .where('r.code', '=', t.resourceCode)
        .executeTakeFirstOrThrow()
      const columns = t.fields.map((f) => sqlIdentifier(f.name)).join(', ')
      const where = t.rowFilters.length > 0 ? ` WHERE ${t.rowFilters.map(filterSql).join(' AND ')}` : ''
      await connection.run(`CREATE TABLE ${sqlIdentifier(t.table)} AS SELECT ${columns} FROM ${versionSource(path.join(poolDir(platform), version.file))}${where}`)
    }
    context.log(`gate: raw DuckDB copy of ${workspace.scope.length} tables in ${Math.round(performance.now() - started)} ms`)

    // Every query must be answered; the first also builds the workspace's sealed copy (not counted).
    const answers: QueryAnswer[] = []
    for (const [i, query] of QUERIES.entries()) {
      started = performance.now()
      const answer = await runQuery(platform, ctx, WORKSPACE, { sql: query.sql, mode: 'real' }).catch((error: unknown) => {
        throw new Error(`gate bench: query ${i + 1} (${query.name}) was refused: ${error instanceof Error ? error.message : String(error)}\n  ${query.sql}`)
      })
      answers.push(answer)
      const { rowsReleased, rowsWithheld, cellsSuppressed } = answer.summary
      context.log(`gate: query ${i + 1} answered in ${Math.round(performance.now() - started)} ms${i === 0 ? ' (sealed copy built)' : ''}: ${rowsReleased} rows released, ${rowsWithheld} withheld, ${cellsSuppressed} cells suppressed`)
    }

    const rows: BenchRow[] = []
    const notes: string[] = []
    const phaseNotes: string[] = []
    const rounds = Math.max(context.rounds, MIN_ROUNDS)
    let onePass = 0
    for (const [i, query] of QUERIES.entries()) {
      await gateOnce(platform, ctx, query.sql)
      const rawRows = await rawOnce(connection, query.sql)
      // A query of a few milliseconds is timed several times in a row in each round, both sides alike.
      const batch = (await timed(() => rawOnce(connection, query.sql))) < SMALL_MS ? SMALL_BATCH : 1
      const gateMs: number[] = []
      const rawMs: number[] = []
      const rewrittenRawMs: number[] = []
      const perRun: Phases[] = []
      for (let round = 0; round < rounds; round++) {
        const runs: Phases[] = []
        const run = async () => {
          phases.current = { parser: 0, main: 0, evidence: 0, evidenceQueries: 0, sql: [] }
          await gateOnce(platform, ctx, query.sql)
          runs.push(phases.current)
        }
        const gateSide = async () => {
          gateMs.push(await timed(run, batch))
          phases.current = undefined
        }
        const rawSide = async () => rawMs.push(await timed(() => rawOnce(connection, query.sql), batch))
        // Each side goes first in every other round: neither always follows the other's work.
        if (round % 2 === 0) {
          await gateSide()
          await rawSide()
        } else {
          await rawSide()
          await gateSide()
        }
        const mean = (pick: (p: Phases) => number) => runs.reduce((sum, r) => sum + pick(r), 0) / runs.length
        perRun.push({ parser: mean((r) => r.parser), main: mean((r) => r.main), evidence: mean((r) => r.evidence), evidenceQueries: mean((r) => r.evidenceQueries), sql: runs[0]!.sql })
        // Not a figure, a diagnosis: the gate's rewritten SQL on the raw connection.
        const rewritten = perRun.at(-1)!.sql[0]!
        rewrittenRawMs.push(await timed(() => rawOnce(connection, rewritten), batch))
      }
      const gate = median(gateMs)
      const base = median(rawMs)
      const large = base > LARGE_MS
      context.log(`gate: query ${i + 1} gate ${gate.toFixed(1)} ms, raw ${base.toFixed(1)} ms (${(gate / base).toFixed(2)}×, +${(gate - base).toFixed(1)} ms)`)
      rows.push({
        measurement: `${i + 1}. ${query.name}: \`${query.sql}\``,
        shuyu: { label: 'runQuery end to end (gate, sealed run, checks, audit)', rounds: gateMs.map(perSecond) },
        baseline: { label: 'the same SQL on a raw DuckDB connection', rounds: rawMs.map(perSecond) },
        unit: 'queries/s',
        ...(large ? { targetRatio: Number((1 / MAX_RATIO).toFixed(3)) } : { targetAddedMs: MAX_ADDED_MS }),
      })
      const answer = answers[i]!
      notes.push(
        `Query ${i + 1}: baseline median ${base.toFixed(1)} ms, gate median ${gate.toFixed(1)} ms (+${(gate - base).toFixed(1)} ms); ` +
          `${large ? `over ${LARGE_MS} ms, so judged by the ratio (≤ ${MAX_RATIO}× the time)` : `under ${LARGE_MS} ms, so judged by the time added (≤ ${MAX_ADDED_MS} ms)`}; ` +
          `the raw connection returns ${rawRows} rows, the gate releases ${answer.summary.rowsReleased} (${answer.summary.rowsWithheld} withheld, ${answer.summary.cellsSuppressed} cells suppressed).`,
      )
      const p = {
        parser: median(perRun.map((r) => r.parser)),
        main: median(perRun.map((r) => r.main)),
        evidence: median(perRun.map((r) => r.evidence)),
      }
      const rest = median(perRun.map((r, j) => gateMs[j]! - r.parser - r.main - r.evidence))
      const rewrittenRaw = median(rewrittenRawMs)
      const evidenceQueries = Math.round(perRun[0]!.evidenceQueries)
      if (perRun.every((r) => r.evidenceQueries === 0)) onePass++
      phaseNotes.push(
        `query ${i + 1}: rewritten query in the sealed engine ${p.main.toFixed(1)} ms (on the raw connection ${rewrittenRaw.toFixed(1)} ms, the user's SQL ${base.toFixed(1)} ms), ` +
          `${evidenceQueries > 0 ? `${evidenceQueries} more ${evidenceQueries === 1 ? 'query' : 'queries'} (evidence, or the exact pass) ${p.evidence.toFixed(1)} ms` : 'no second query'}, ` +
          `parser instance (serialize, deserialize, re-serialize; memoized) ${p.parser.toFixed(1)} ms, the rest (store reads, analysis, output checks, run record and audit entry) ${rest.toFixed(1)} ms`,
      )
      context.log(`gate: query ${i + 1} phases: ${phaseNotes.at(-1)}`)
      for (const sql of perRun[0]!.sql) context.log(`gate: query ${i + 1} ran: ${sql.replaceAll(/\s+/g, ' ')}`)
    }

    const counts = TABLES.map((t) => `${t} ${rowCounts.get(t)!.toLocaleString('en-US')}`).join(', ')
    return [
      {
        capability: 'The gate: a query in a workspace against the same SQL on raw DuckDB',
        rows,
        notes: [
          `The demo world's fin-credit workspace at scale ${SCALE} (seed ${SEED}), the five tables loaded through loadVersion: ${counts} rows. ` +
            'The baseline is a raw DuckDB instance (in memory, 2 threads like the sealed engine, whose memory limit is its copy plus the workspace\'s 1 GiB) holding the same granted columns of the same pool version files, running the SQL verbatim with `runAndReadAll`.',
          'What the gate adds to each query: usableWorkspace and the version files (store reads); parse on the data-less parser instance; the scope and rule analysis of the tree; ' +
            'the rewrite, deserialized and re-serialized to verify it. Then the bounded pass (src/modules/domain/gate/bounds.ts): the user\'s query with a row count per row, ' +
            'and, read once per copy of the workspace, the largest value of each summed column and R, the most rows one enterprise has in each table (1 within a group where the table\'s key is the enterprise and the grouped columns: queries 1, 2 and 4). ' +
            'A row then covers at least ⌈rows / R⌉ enterprises (the product of the R for an INNER join on the enterprise), and no enterprise contributes more than R × the largest value; ' +
            'an answer that withholds and suppresses nothing on these bounds is the exact one (gate/bounds.test.ts tests this on random data). ' +
            `In this run ${onePass} of the ${QUERIES.length} queries were answered in one sealed run in every round. ` +
            'Where it does not stand: with the table\'s key as the enterprise, the evidence as hidden aggregates of the query itself; else, with sums or averages, one fused pass: an inner aggregation per (group, bucket of enterprises) and an outer one per group. The bucket is a hash of the enterprise into 256, so every enterprise lies whole in one bucket: ' +
            'the user\'s aggregates come out exact, the distinct buckets bound the enterprises from below, and (with no negative value, which each partial\'s least value tells) the largest bucket sums bound the largest contributions from above. ' +
            'An answer whose every row and cell passes the checks on these bounds passes them on the enterprises; one that does not is decided by a second, exact pass per (group, enterprise) (src/modules/domain/gate/fuse.test.ts tests this on random data). ' +
            'Then the output checks (min entities, threshold, dominance, p-ratio) on every cell, and the query_runs row with its SM3-chained audit entry in one transaction. ' +
            'This work is what guarantees 10 enterprises behind every released row and no dominated cell: the raw SQL does not do it.',
          'The parser\'s answers are memoized by text (src/modules/domain/sealed.ts): the rounds repeat each query, so they parse from the memo. A query text never seen before adds the parser\'s round trips, 4.8 to 9.4 ms a query in the run at a26af85.',
          `Each query: one uncounted warm-up of each side (after a first run of all six through the gate, which built the workspace's sealed copy), then ${rounds} rounds of gate and raw, one query each, each side first in every other round (BENCH_ROUNDS, at least ${MIN_ROUNDS}: one query varies by half on this shared machine); ` +
            `a query under ${SMALL_MS} ms on raw DuckDB runs ${SMALL_BATCH} times in a row in each round, on both sides, and the round's figure is their mean, so that one stalled run of a few milliseconds on this shared machine does not decide a round. ` +
            `Target by the baseline's median: over ${LARGE_MS} ms at most ${MAX_RATIO}× the time (a ratio of the figures ≥ ${Number((1 / MAX_RATIO).toFixed(3))}), else at most ${MAX_ADDED_MS} ms added (1000/gate − 1000/raw).`,
          ...notes,
          `Where the gate's time goes (medians, from a wrapper around platform.domain in this bench): ${phaseNotes.join('; ')}.`,
        ],
      },
    ]
  } finally {
    raw?.closeSync()
    await closePlatform(platform)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Generates the five tables at scale 10 and loads each by its source unit, market_entities first. */
async function seedData(platform: Platform, out: string, context: BenchContext): Promise<Map<string, number>> {
  const instance = await DuckDBInstance.create(':memory:')
  let generated
  try {
    const connection = await instance.connect()
    const started = performance.now()
    generated = await generateDemoWorld(connection, out, { scale: SCALE, seed: SEED, tables: TABLES })
    context.log(`gate: ${TABLES.length} tables generated at scale ${SCALE} in ${Math.round((performance.now() - started) / 1000)} s`)
  } finally {
    instance.closeSync()
  }
  const counts = new Map<string, number>()
  // DEMO_CATALOG lists market_entities first: the others' consistency checks refer to it.
  for (const entry of DEMO_CATALOG.filter((e) => TABLES.includes(e.tableName as DemoTable))) {
    const file = generated.find((g) => g.table === entry.tableName)!.file
    const source = await actAs(platform, entry.providerOrgId.replace(/^org-/, ''), 'bench')
    const started = performance.now()
    const version = await loadVersion(platform, source, entry.code, { file, format: 'parquet', kind: 'demo', name: entry.tableName, acceptQuarantine: true })
    counts.set(entry.tableName, version.rows.loaded)
    context.log(`gate: loaded ${entry.tableName}: ${version.rows.loaded} rows in ${Math.round(performance.now() - started)} ms`)
  }
  fs.rmSync(out, { recursive: true, force: true })
  return counts
}

/**
 * Wraps the domain engines' methods to time, per runQuery, the parser instance and the sealed
 * runs: the first run of a query is the rewritten query, any after it evidence queries or the exact pass.
 */
function instrument(platform: Platform): { current: Phases | undefined } {
  const state: { current: Phases | undefined } = { current: undefined }
  const domain = platform.domain
  const { run, serialize, deserialize } = domain
  const timedParser = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now()
      try {
        return await fn(...args)
      } finally {
        if (state.current) state.current.parser += performance.now() - started
      }
    }
  domain.serialize = timedParser(serialize)
  domain.deserialize = timedParser(deserialize)
  domain.run = async (key, setup, limits, sql) => {
    const started = performance.now()
    try {
      return await run(key, setup, limits, sql)
    } finally {
      const current = state.current
      if (current) {
        const ms = performance.now() - started
        if (current.sql.length === 0) current.main += ms
        else {
          current.evidence += ms
          current.evidenceQueries++
        }
        current.sql.push(sql)
      }
    }
  }
  return state
}

async function gateOnce(platform: Platform, ctx: Awaited<ReturnType<typeof actAs>>, sql: string): Promise<QueryAnswer> {
  return runQuery(platform, ctx, WORKSPACE, { sql, mode: 'real' })
}

async function rawOnce(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql)
  return reader.currentRowCount
}

/** The mean time of `times` runs of `work` one after another, in ms. */
async function timed(work: () => Promise<unknown>, times = 1): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < times; i++) await work()
  return (performance.now() - started) / times
}

function perSecond(ms: number): number {
  return 1000 / ms
}
