/** The demo's SME credit scorecard: what the product tests, the CLI test and the benchmarks train and serve. */
import path from 'node:path'
import { poolDir } from '../src/modules/pool/pool.service.ts'
import type { Platform } from '../src/platform/platform.ts'

/** One row per enterprise with a tax rating: its features, and whether it was ever rated C or D. */
export const TRAINING_SQL = `
WITH e AS (SELECT uscc, avg(kwh) AS kwh FROM electricity_usage GROUP BY uscc),
     w AS (SELECT uscc, avg(tons) AS tons FROM water_usage GROUP BY uscc),
     s AS (SELECT employer_uscc AS uscc, count(*) / 12.0 AS staff FROM social_insurance GROUP BY 1),
     t AS (SELECT uscc, max(CASE WHEN rating IN ('C', 'D') THEN 1 ELSE 0 END) AS bad FROM tax_credit_ratings GROUP BY uscc)
SELECT m.industry_code, m.registered_capital_wan AS capital, coalesce(e.kwh, 0) AS kwh, coalesce(w.tons, 0) AS tons, coalesce(s.staff, 0) AS staff, t.bad
FROM market_entities m JOIN t ON t.uscc = m.uscc LEFT JOIN e ON e.uscc = m.uscc LEFT JOIN w ON w.uscc = m.uscc LEFT JOIN s ON s.uscc = m.uscc`

/** The same features for one enterprise, `$entity`. */
export const FEATURE_SQL = `
SELECT m.industry_code, m.registered_capital_wan AS capital,
  coalesce((SELECT avg(kwh) FROM electricity_usage WHERE uscc = $entity), 0) AS kwh,
  coalesce((SELECT avg(tons) FROM water_usage WHERE uscc = $entity), 0) AS tons,
  coalesce((SELECT count(*) / 12.0 FROM social_insurance WHERE employer_uscc = $entity), 0) AS staff
FROM market_entities m WHERE m.uscc = $entity`

export const FEATURES = ['industry_code', 'capital', 'kwh', 'tons', 'staff']

/** Credit codes of the demo's enterprises, read from the pool's current market_entities version, in order. */
export async function marketUsccs(platform: Platform, n: number, offset = 0): Promise<string[]> {
  const version = await platform.store.db
    .selectFrom('catalog_resources as r')
    .innerJoin('pool_versions as v', 'v.id', 'r.pool_version_id')
    .select('v.file')
    .where('r.table_name', '=', 'market_entities')
    .executeTakeFirstOrThrow()
  const connection = await platform.engine.connect()
  try {
    const file = path.join(poolDir(platform), version.file).replace(/'/g, "''")
    const reader = await connection.runAndReadAll(`SELECT uscc FROM read_parquet('${file}') ORDER BY uscc LIMIT ${n} OFFSET ${offset}`)
    return reader.getRowsJS().map((r) => String(r[0]))
  } finally {
    connection.closeSync()
  }
}

/** One enterprise's credit code: the eighth, so that it is no edge case of the ordering. */
export async function someUscc(platform: Platform): Promise<string> {
  return (await marketUsccs(platform, 1, 7))[0]!
}
