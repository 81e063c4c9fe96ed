import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { catalogResourceSchema } from '../../catalog/catalog.schema.ts'
import { JURISDICTIONS } from '../../identity/identity.ts'
import { DEMO_CATALOG } from './catalog-entries.ts'
import { demoRowCounts, generateDemoWorld, type GeneratedTable } from './generate.ts'
import { COUNTIES, COUNTY_CODES } from './places.ts'
import { DEMO_TABLES, type DemoTable } from './world.ts'

const SCALE = 0.02
const SEED = 20_260_101

const DUCKDB_TO_FIELD_TYPE: Record<string, string> = {
  VARCHAR: 'string',
  BIGINT: 'integer',
  INTEGER: 'integer',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
}
const fieldType = (duckdbType: string) =>
  duckdbType.startsWith('DECIMAL') ? 'decimal' : (DUCKDB_TO_FIELD_TYPE[duckdbType] ?? duckdbType)

const countyList = COUNTY_CODES.map((c) => `'${c}'`).join(', ')

describe('generateDemoWorld', () => {
  let dir: string
  let connection: DuckDBConnection
  let first: readonly GeneratedTable[]
  let again: readonly GeneratedTable[]
  let reseeded: readonly GeneratedTable[]
  const file = (table: DemoTable) => `read_parquet('${join(dir, 'a', `${table}.parquet`)}')`
  const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjects()
  const scalar = async (sql: string) => Object.values((await query(sql))[0] ?? {})[0]

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shuyu-demo-world-'))
    connection = await (await DuckDBInstance.create(':memory:')).connect()
    first = await generateDemoWorld(connection, join(dir, 'a'), { scale: SCALE, seed: SEED })
    // The same connection again: the generator must leave no temp table behind.
    again = await generateDemoWorld(connection, join(dir, 'b'), { scale: SCALE, seed: SEED })
    const other = await (await DuckDBInstance.create(':memory:')).connect()
    reseeded = await generateDemoWorld(other, join(dir, 'c'), { scale: SCALE, seed: SEED + 1 })
  })

  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes every table with the row count of its formula', async () => {
    const expected = demoRowCounts(SCALE)
    assert.deepEqual(first.map((g) => g.table), [...DEMO_TABLES])
    for (const generated of first) {
      assert.equal(generated.file, join(dir, 'a', `${generated.table}.parquet`))
      assert.equal(generated.rows, expected[generated.table], generated.table)
      const stored = await scalar(`SELECT count(*) FROM ${file(generated.table)}`)
      assert.equal(Number(stored), generated.rows)
    }
    assert.equal(expected.market_entities, 400)
    assert.equal(expected.social_insurance, 2_000 * 12)
  })

  it('has exactly the columns of its catalog entry, in order and of matching types', async () => {
    for (const table of DEMO_TABLES) {
      const entry = DEMO_CATALOG.find((e) => e.tableName === table)
      assert.ok(entry, `no catalog entry for ${table}`)
      const columns = await query(`DESCRIBE SELECT * FROM ${file(table)}`)
      assert.deepEqual(
        columns.map((c) => [c.column_name, fieldType(String(c.column_type))]),
        entry.fields.map((f) => [f.name, f.dataType]),
        table,
      )
    }
  })

  it('gives market entities valid unique USCCs and names, and valid representatives', async () => {
    const entities = file('market_entities')
    assert.deepEqual(
      await query(`
        SELECT count(*) FILTER (WHERE NOT gb32100_valid(uscc)) AS bad_uscc,
          count(*) FILTER (WHERE substr(uscc, 1, 2) NOT IN ('91', '92', '93')) AS bad_kind,
          count(*) FILTER (WHERE substr(uscc, 3, 6) <> district_code) AS bad_region,
          count(*) FILTER (WHERE district_code NOT IN (${countyList})) AS bad_district,
          count(*) FILTER (WHERE NOT gb11643_valid(legal_rep_id)) AS bad_id,
          count(*) FILTER (WHERE substr(legal_rep_id, 1, 6) NOT IN (${countyList}))
            AS bad_id_region,
          count(*) FILTER (WHERE substr(legal_rep_id, 7, 4)::INTEGER NOT BETWEEN 1955 AND 2000)
            AS bad_birth_year,
          count(*) FILTER (WHERE NOT cn_mobile_valid(legal_rep_phone)) AS bad_phone,
          count(*) FILTER (WHERE industry_code NOT BETWEEN 'A' AND 'T') AS bad_industry,
          count(*) - count(DISTINCT uscc) AS duplicate_uscc,
          count(*) - count(DISTINCT name) AS duplicate_name
        FROM ${entities}`),
      [{
        bad_uscc: 0n, bad_kind: 0n, bad_region: 0n, bad_district: 0n, bad_id: 0n,
        bad_id_region: 0n, bad_birth_year: 0n, bad_phone: 0n, bad_industry: 0n,
        duplicate_uscc: 0n, duplicate_name: 0n,
      }],
    )
    const statuses = await query(`SELECT DISTINCT status FROM ${entities} ORDER BY status`)
    assert.deepEqual(statuses.map((s) => s.status), ['吊销', '存续', '注销'])
    const companies = await scalar(`SELECT count(*) FROM ${entities} WHERE name LIKE '张家口%公司'`)
    assert.ok(Number(companies) > 100, `${companies} names like 张家口…公司`)
  })

  it('gives insured persons and cardholders valid resident IDs from the 16 counties', async () => {
    for (const [table, nullable] of [['social_insurance', false], ['bus_trips', true]] as const) {
      const row = (await query(`
        SELECT count(*) FILTER (WHERE NOT gb11643_valid(person_id)) AS bad,
          count(*) FILTER (WHERE substr(person_id, 1, 6) NOT IN (${countyList})) AS bad_region,
          count(*) FILTER (WHERE person_id IS NULL) AS missing
        FROM ${file(table)}`))[0]
      assert.equal(row?.bad, 0n, table)
      assert.equal(row?.bad_region, 0n, table)
      if (!nullable) assert.equal(row?.missing, 0n, table)
    }
    // One person per person_id, one cardholder per card.
    assert.equal(await scalar(`
      SELECT count(*) FROM (SELECT person_id FROM ${file('social_insurance')}
        GROUP BY person_id HAVING count(DISTINCT person_name) > 1 OR count(*) <> 12)`), 0n)
    assert.equal(await scalar(`
      SELECT count(*) FROM (SELECT card_id FROM ${file('bus_trips')} GROUP BY card_id
        HAVING count(DISTINCT person_id) > 1
          OR (count(person_id) > 0 AND count(person_id) < count(*)))`), 0n)
    const registered = Number(await scalar(`
      SELECT count(DISTINCT card_id) FILTER (WHERE person_id IS NOT NULL) / count(DISTINCT card_id)
      FROM ${file('bus_trips')}`))
    assert.ok(registered > 0.3 && registered < 0.5, `registered share ${registered}`)
  })

  it('refers only to existing market entities', async () => {
    const references = [
      ['electricity_usage', 'uscc'],
      ['water_usage', 'uscc'],
      ['tax_credit_ratings', 'uscc'],
      ['social_insurance', 'employer_uscc'],
    ] as const
    for (const [table, column] of references) {
      const dangling = await scalar(`
        SELECT count(*) FROM ${file(table)} t
        WHERE NOT EXISTS (SELECT 1 FROM ${file('market_entities')} e WHERE e.uscc = t.${column})`)
      assert.equal(dangling, 0n, `${table}.${column}`)
    }
    assert.equal(
      await scalar(`SELECT count(DISTINCT uscc) FROM ${file('electricity_usage')}`),
      BigInt(demoRowCounts(SCALE).market_entities),
    )
  })

  it('keeps codes, months and amounts in their catalog ranges', async () => {
    for (const entry of DEMO_CATALOG) {
      for (const field of entry.fields) {
        const column = `${file(entry.tableName as DemoTable)}`
        if (field.codeList) {
          const list = field.codeList.map((c) => `'${c}'`).join(', ')
          const outside = await scalar(
            `SELECT count(*) FROM ${column} WHERE ${field.name} NOT IN (${list})`,
          )
          assert.equal(outside, 0n, `${entry.tableName}.${field.name} outside its code list`)
        }
        if (field.range) {
          const { min, max } = field.range
          const outside = await scalar(`SELECT count(*) FROM ${column} WHERE
            ${min === undefined ? 'false' : `${field.name} < ${min}`}
            OR ${max === undefined ? 'false' : `${field.name} > ${max}`}`)
          assert.equal(outside, 0n, `${entry.tableName}.${field.name} outside its range`)
        }
        if (!field.nullable) {
          const nulls = await scalar(`SELECT count(*) FROM ${column} WHERE ${field.name} IS NULL`)
          assert.equal(nulls, 0n, `${entry.tableName}.${field.name} is null`)
        }
      }
    }
    const months = await query(`
      SELECT min(month) AS first, max(month) AS last, count(DISTINCT month) AS n
      FROM ${file('electricity_usage')}`)
    assert.deepEqual(months, [{ first: '2024-11', last: '2026-10', n: 24n }])
    const badCards = await scalar(`
      SELECT count(*) FROM ${file('bus_trips')}
      WHERE NOT luhn_valid(card_id) OR length(card_id) <> 19`)
    assert.equal(badCards, 0n)
  })

  it('puts every bus stop in its county and pulls winter weekends toward 崇礼', async () => {
    assert.equal(await scalar(`
      SELECT count(*) FROM (SELECT boarding_stop FROM ${file('bus_trips')}
        GROUP BY boarding_stop HAVING count(DISTINCT district_code) > 1)`), 0n)
    const share = async (where: string) =>
      Number(await scalar(`
        SELECT avg((district_code = '130709')::INTEGER) FROM ${file('bus_trips')} WHERE ${where}`))
    const winterWeekend = await share(
      `month(boarded_at) IN (12, 1, 2) AND dayofweek(boarded_at) IN (0, 6)`,
    )
    const summer = await share(`month(boarded_at) IN (6, 7, 8)`)
    assert.ok(winterWeekend > 3 * summer, `崇礼 share ${winterWeekend} vs summer ${summer}`)
  })

  it('is deterministic: the same seed gives the same bytes, another seed other data', async () => {
    assert.deepEqual(again.map((g) => g.rows), first.map((g) => g.rows))
    for (const table of DEMO_TABLES) {
      const a = await readFile(join(dir, 'a', `${table}.parquet`))
      const b = await readFile(join(dir, 'b', `${table}.parquet`))
      const c = await readFile(join(dir, 'c', `${table}.parquet`))
      assert.ok(a.equals(b), `${table} differs between two runs with one seed`)
      assert.ok(!a.equals(c), `${table} is the same under another seed`)
    }
    assert.deepEqual(reseeded.map((g) => g.rows), first.map((g) => g.rows))
  })
})

describe('DEMO_CATALOG', () => {
  it('has one valid entry per demo table from the right source unit', () => {
    assert.deepEqual(DEMO_CATALOG.map((e) => e.tableName), [...DEMO_TABLES])
    const providers: Record<DemoTable, string> = {
      market_entities: 'org-src-mr',
      electricity_usage: 'org-src-power',
      water_usage: 'org-src-water',
      social_insurance: 'org-src-hrss',
      tax_credit_ratings: 'org-src-mr',
      bus_trips: 'org-src-transit',
      scenic_visits: 'org-src-tourism',
    }
    const codes = new Set(DEMO_CATALOG.map((e) => e.code))
    assert.equal(codes.size, DEMO_CATALOG.length)
    for (const entry of DEMO_CATALOG) {
      const parsed = catalogResourceSchema.safeParse(entry)
      assert.ok(parsed.success, `${entry.tableName}: ${parsed.error?.message}`)
      assert.equal(entry.providerOrgId, providers[entry.tableName as DemoTable])
      for (const field of entry.fields) assert.equal(field.collectingOrgId, entry.providerOrgId)
      for (const related of entry.relatedCodes) assert.ok(codes.has(related), related)
    }
  })

  it('grades personal identifiers highest and marks identifiers', () => {
    const fields = DEMO_CATALOG.flatMap((e) => e.fields.map((f) => ({ ...f, table: e.tableName })))
    const find = (table: string, name: string) =>
      fields.find((f) => f.table === table && f.name === name)
    const ids = [
      ['market_entities', 'legal_rep_id'],
      ['social_insurance', 'person_id'],
      ['bus_trips', 'person_id'],
    ] as const
    for (const [table, name] of ids) {
      assert.equal(find(table, name)?.grade, 4, `${table}.${name}`)
      assert.deepEqual(find(table, name)?.personalInfo, ['id_number'])
    }
    const identifiers = fields.filter((f) => f.identifier).map((f) => `${f.table}.${f.name}`)
    const expected = [
      'market_entities.uscc',
      'market_entities.name',
      'market_entities.legal_rep_id',
      'social_insurance.person_id',
      'social_insurance.employer_uscc',
      'bus_trips.card_id',
    ]
    for (const name of expected) assert.ok(identifiers.includes(name), name)
    assert.ok(fields.every((f) => f.level === 'general' && f.grade !== null))
  })

  it('uses the 16 county codes of the identity module', () => {
    const counties = Object.entries(JURISDICTIONS).filter(([code]) => code !== '130700')
    assert.deepEqual(COUNTIES.map((c) => [c.code, c.name]), counties)
  })
})
