import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { installIdentifierMacros } from '../../../platform/engine/identifier-macros.ts'
import { busTripStatements, busTripsQuery } from './bus-trips.sql.ts'
import { DAYS_STATEMENTS } from './calendar.sql.ts'
import { MARKET_ENTITIES_QUERY, marketEntityStatements } from './market-entities.sql.ts'
import { PROVINCES, SCENIC_SPOTS } from './places.ts'
import { createSqlRandom, sqlString } from './random-sql.ts'
import { scenicVisitsQuery } from './scenic-visits.sql.ts'
import { SOCIAL_INSURANCE_QUERY, socialInsuranceStatements } from './social-insurance.sql.ts'
import { taxCreditRatingsQuery } from './tax-credit-ratings.sql.ts'
import { electricityQuery, waterQuery } from './usage.sql.ts'
import {
  DEMO_TABLES,
  RATING_YEARS,
  INSURANCE_MONTHS,
  USAGE_MONTHS,
  WINDOW_DAYS,
  worldSizes,
  type DemoTable,
  type WorldContext,
} from './world.ts'

export type GeneratedTable = {
  readonly table: DemoTable
  readonly file: string
  readonly rows: number
}

export interface DemoWorldOptions {
  /** 1 is DEMO-WORLD.md's default size; fractions are allowed for tests. */
  readonly scale: number
  /** Any safe integer; the same seed gives byte-identical files. */
  readonly seed: number
  /** Called after each table is written, e.g. for a progress bar. */
  readonly onTable?: (generated: GeneratedTable, elapsedMs: number) => void
  /** Write only these tables (what they depend on is still prepared); default all. */
  readonly tables?: readonly DemoTable[]
}

interface TableStep {
  /** Temp tables this table needs and earlier steps have not made. */
  readonly prepare: readonly string[]
  readonly query: string
}

function tableSteps(ctx: WorldContext): Record<DemoTable, TableStep> {
  return {
    market_entities: { prepare: marketEntityStatements(ctx), query: MARKET_ENTITIES_QUERY },
    electricity_usage: { prepare: [], query: electricityQuery(ctx) },
    water_usage: { prepare: [], query: waterQuery(ctx) },
    social_insurance: { prepare: socialInsuranceStatements(ctx), query: SOCIAL_INSURANCE_QUERY },
    tax_credit_ratings: { prepare: [], query: taxCreditRatingsQuery(ctx) },
    bus_trips: {
      prepare: [...DAYS_STATEMENTS, ...busTripStatements(ctx)],
      query: busTripsQuery(ctx),
    },
    scenic_visits: { prepare: [], query: scenicVisitsQuery(ctx) },
  }
}

/** How many rows each table has at a scale (DEMO-WORLD.md's formulas). */
export function demoRowCounts(scale: number): Record<DemoTable, number> {
  const sizes = worldSizes(scale)
  return {
    market_entities: sizes.entities,
    electricity_usage: sizes.entities * USAGE_MONTHS,
    water_usage: sizes.entities * USAGE_MONTHS,
    social_insurance: sizes.persons * INSURANCE_MONTHS,
    tax_credit_ratings: sizes.entities * RATING_YEARS.length,
    bus_trips: sizes.trips,
    scenic_visits: WINDOW_DAYS * SCENIC_SPOTS.length * PROVINCES.length,
  }
}

/**
 * Generates the demo world's pool (DEMO-WORLD.md) inside DuckDB and writes one Parquet file per
 * table, `<outDir>/<table>.parquet`. Every value comes from SQL over range() and hash(), so the
 * same seed gives byte-identical files on any machine running the same DuckDB version. The
 * connection gets the identifier macros and, for the duration of the call, demo_world_* temp
 * tables, dropped at the end.
 */
export async function generateDemoWorld(
  connection: DuckDBConnection,
  outDir: string,
  options: DemoWorldOptions,
): Promise<readonly GeneratedTable[]> {
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`demo seed must be an integer`)
  const ctx: WorldContext = {
    random: createSqlRandom(options.seed),
    sizes: worldSizes(options.scale),
  }
  await installIdentifierMacros(connection)
  await mkdir(outDir, { recursive: true })
  await dropTempTables(connection)
  const steps = tableSteps(ctx)
  const generated: GeneratedTable[] = []
  try {
    const wanted = options.tables ?? DEMO_TABLES
    const last = Math.max(...wanted.map((t) => DEMO_TABLES.indexOf(t)))
    for (const table of DEMO_TABLES.slice(0, last + 1)) {
      const started = performance.now()
      const { prepare, query } = steps[table]
      for (const statement of prepare) await connection.run(statement)
      if (!wanted.includes(table)) continue
      const file = join(outDir, `${table}.parquet`)
      // Each query ends in ORDER BY a unique key and the writer keeps that order, so the bytes
      // do not depend on the thread count (checked with 1, 2, 4 and 8 threads).
      await connection.run(`COPY (${query}) TO ${sqlString(file)} ${PARQUET_OPTIONS}`)
      const result = { table, file, rows: await parquetRows(connection, file) }
      generated.push(result)
      options.onTable?.(result, performance.now() - started)
    }
  } finally {
    await dropTempTables(connection)
  }
  return generated
}

const PARQUET_OPTIONS = `(FORMAT parquet, COMPRESSION zstd)`

async function parquetRows(connection: DuckDBConnection, file: string): Promise<number> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::BIGINT AS n FROM read_parquet(${sqlString(file)})`,
  )
  return Number(reader.getRowObjects()[0]?.n ?? 0)
}

async function dropTempTables(connection: DuckDBConnection): Promise<void> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'demo_world_%'`,
  )
  for (const { table_name } of reader.getRowObjects())
    await connection.run(`DROP TABLE IF EXISTS temp.main.${String(table_name)}`)
}
