import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, DEMO_RESOURCE_CODES as R, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testResidentId, testUscc } from '../../../test/catalog.ts'
import { testDialects } from '../../../test/dialects.ts'
import { loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { seedDemoData } from '../demo/demo-world.ts'
import { actAs } from '../identity/identity.service.ts'
import { loadVersion } from '../pool/pool.service.ts'

type Api = ReturnType<typeof api>

const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/
const RESIDENT_ID = /^\d{17}[\dX]$/

/** Nothing in a released answer looks like an identifier. */
function assertNoIdentifiers(rows: readonly unknown[][]): void {
  for (const row of rows) {
    for (const value of row) {
      if (typeof value !== 'string') continue
      assert.doesNotMatch(value, USCC, `a released value looks like a credit code: ${value}`)
      assert.doesNotMatch(value, RESIDENT_ID, `a released value looks like an ID number: ${value}`)
      assert.doesNotMatch(value, /公司|合作社|个体/, `a released value looks like an enterprise name: ${value}`)
    }
  }
}

/** Queries that must be refused (422), each with why; none may be answered, none may fail with 500. */
const HOSTILE: readonly [string, string][] = [
  ['direct row read', 'SELECT * FROM market_entities'],
  ['direct row read, FROM-first', 'FROM market_entities'],
  ['direct columns', 'SELECT district_code, industry_code FROM market_entities'],
  ['distinct rows', 'SELECT DISTINCT district_code, status FROM market_entities'],
  ['identifier output', 'SELECT uscc, count(*) FROM market_entities GROUP BY uscc'],
  ['name output', 'SELECT name, sum(registered_capital_wan) FROM market_entities GROUP BY name'],
  ['identifier through a CTE', 'WITH x AS (SELECT uscc AS d FROM market_entities) SELECT d, count(*) FROM x GROUP BY d'],
  ['identifier through a subquery', 'SELECT d, count(*) FROM (SELECT upper(uscc) AS d FROM market_entities) s GROUP BY d'],
  ['identifier in an expression', 'SELECT substr(uscc, 1, 8) AS org, count(*) FROM market_entities GROUP BY 1'],
  ['identifier length', 'SELECT length(name) AS l, count(*) FROM market_entities GROUP BY 1'],
  ['max of a value', 'SELECT district_code, max(registered_capital_wan) FROM market_entities GROUP BY 1'],
  ['min of an identifier', 'SELECT min(uscc) FROM market_entities'],
  ['any_value', 'SELECT any_value(name) FROM market_entities'],
  ['first', 'SELECT first(uscc) FROM market_entities'],
  ['arg_max', 'SELECT arg_max(name, registered_capital_wan) FROM market_entities'],
  ['list', 'SELECT list(uscc) FROM market_entities'],
  ['string_agg', "SELECT string_agg(name, ',') FROM market_entities"],
  ['histogram', 'SELECT histogram(name) FROM market_entities'],
  ['mode', 'SELECT mode(registered_capital_wan) FROM market_entities'],
  ['median', 'SELECT median(registered_capital_wan) FROM market_entities'],
  ['quantile_disc', 'SELECT quantile_disc(registered_capital_wan, 0.99) FROM market_entities'],
  ['isolating sum (CASE)', "SELECT sum(CASE WHEN uscc = '91130702MA0000011X' THEN registered_capital_wan END) FROM market_entities"],
  ['expression in sum', 'SELECT sum(registered_capital_wan * 2) FROM market_entities'],
  ['sum of an identifier', 'SELECT sum(uscc) FROM market_entities'],
  ['filter on an identifier', "SELECT count(*) FROM market_entities WHERE uscc = '91130702MA0000011X'"],
  ['filter on a name', "SELECT sum(registered_capital_wan) FROM market_entities WHERE name LIKE '%科技%'"],
  ['filter on an identifier prefix', "SELECT count(*) FROM market_entities WHERE starts_with(uscc, '9113')"],
  ['differencing by HAVING on an identifier', "SELECT district_code, count(*) FROM market_entities GROUP BY 1 HAVING max(uscc) > '9'"],
  ['FILTER clause on an identifier', "SELECT sum(registered_capital_wan) FILTER (WHERE uscc <> '91130702MA0000011X') FROM market_entities"],
  ['join filtering on an identifier', "SELECT count(*) FROM market_entities m JOIN electricity_usage e ON m.uscc = e.uscc AND m.uscc = '91130702MA0000011X'"],
  ['join of an identifier to a value column', 'SELECT count(*) FROM market_entities m JOIN electricity_usage e ON m.uscc = e.month'],
  ['order by an identifier', 'SELECT district_code, count(*) FROM market_entities GROUP BY 1 ORDER BY min(uscc)'],
  ['window function', 'SELECT district_code, count(*) OVER (PARTITION BY district_code) FROM market_entities'],
  ['row_number over identifiers', 'SELECT row_number() OVER (ORDER BY uscc) AS r, count(*) FROM market_entities GROUP BY 1'],
  ['qualify', 'SELECT district_code, count(*) FROM market_entities GROUP BY 1 QUALIFY row_number() OVER () = 1'],
  ['sampling', 'SELECT count(*) FROM market_entities USING SAMPLE 5'],
  ['tablesample', 'SELECT count(*) FROM market_entities TABLESAMPLE 1%'],
  ['limited subquery', 'SELECT sum(registered_capital_wan) FROM (SELECT * FROM market_entities ORDER BY registered_capital_wan DESC LIMIT 1) t'],
  ['rollup margins', 'SELECT district_code, status, count(*) FROM market_entities GROUP BY ROLLUP (district_code, status)'],
  ['grouping sets', 'SELECT district_code, count(*) FROM market_entities GROUP BY GROUPING SETS ((district_code), ())'],
  ['out-of-scope column', 'SELECT count(legal_rep_id) FROM market_entities'],
  ['out-of-scope column, quoted and cased', 'SELECT "LEGAL_REP_PHONE", count(*) FROM market_entities GROUP BY 1'],
  ['out-of-scope column via *', 'SELECT count(*) FROM (SELECT * FROM market_entities) t WHERE legal_rep_name IS NULL'],
  ['out-of-scope social insurance column', 'SELECT count(DISTINCT person_id) FROM social_insurance'],
  ['out-of-scope table', 'SELECT count(*) FROM bus_trips'],
  ['unknown table', 'SELECT count(*) FROM users'],
  ['the store', 'SELECT count(*) FROM sqlite_master'],
  ['file access', "SELECT count(*) FROM read_csv('/etc/passwd')"],
  ['file access, parquet glob', "SELECT count(*) FROM read_parquet('data/pool/**/*.parquet')"],
  ['file access by string', "SELECT count(*) FROM '/etc/passwd'"],
  ['network', "SELECT count(*) FROM read_json('http://169.254.169.254/latest/meta-data')"],
  ['range', 'SELECT count(*) FROM range(1000000000)'],
  ['query()', "SELECT * FROM query('SELECT * FROM market_entities')"],
  ['catalog introspection', 'SELECT count(*) FROM duckdb_tables()'],
  ['information schema', 'SELECT count(*) FROM information_schema.columns'],
  ['pg catalog', 'SELECT count(*) FROM pg_catalog.pg_class'],
  ['settings', "SELECT current_setting('threads') AS t, count(*) FROM market_entities GROUP BY 1"],
  ['qualified catalog name', 'SELECT count(*) FROM memory.main.market_entities'],
  ['getenv', "SELECT getenv('HOME') AS h, count(*) FROM market_entities GROUP BY 1"],
  ['multiple statements', 'SELECT count(*) FROM market_entities; SELECT count(*) FROM water_usage'],
  ['DDL', 'CREATE TABLE copy AS SELECT * FROM market_entities'],
  ['DML', "DELETE FROM market_entities WHERE status = '注销'"],
  ['DROP', 'DROP TABLE market_entities'],
  ['COPY out', "COPY market_entities TO '/tmp/leak.csv'"],
  ['ATTACH', "ATTACH '/tmp/other.db' AS other"],
  ['INSTALL', 'INSTALL httpfs'],
  ['LOAD', 'LOAD httpfs'],
  ['SET', 'SET enable_external_access = true'],
  ['PRAGMA', 'PRAGMA database_list'],
  ['EXPLAIN', 'EXPLAIN SELECT count(*) FROM market_entities'],
  ['DESCRIBE', 'DESCRIBE market_entities'],
  ['SUMMARIZE', 'SUMMARIZE market_entities'],
  ['SHOW', 'SHOW TABLES'],
  ['PIVOT', 'PIVOT market_entities ON status USING count(*)'],
  ['UNION', "SELECT count(*) FROM market_entities UNION ALL SELECT count(*) FROM water_usage"],
  ['recursive CTE', 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r'],
  ['VALUES', 'SELECT count(*) FROM (VALUES (1), (2)) v(x)'],
  ['no FROM', 'SELECT 1'],
  ['scalar subquery', 'SELECT (SELECT count(*) FROM market_entities) AS n, count(*) FROM water_usage'],
  ['IN subquery', "SELECT count(*) FROM water_usage WHERE month IN (SELECT month FROM electricity_usage)"],
  ['lambda', 'SELECT count(*) FROM market_entities WHERE list_filter([1], x -> x > 0) IS NOT NULL'],
  ['parameters', 'SELECT count(*) FROM market_entities WHERE status = ?'],
  ['positional reference', 'SELECT #1, count(*) FROM market_entities GROUP BY 1'],
  ['struct field', 'SELECT m.s.f, count(*) FROM market_entities m GROUP BY 1'],
  ['NATURAL JOIN', 'SELECT count(*) FROM market_entities NATURAL JOIN electricity_usage'],
  ['ASOF JOIN', 'SELECT count(*) FROM electricity_usage e ASOF JOIN water_usage w ON e.month >= w.month'],
  ['lateral', 'SELECT count(*) FROM market_entities m, LATERAL (SELECT m.district_code) t'],
  ['ambiguous column', 'SELECT month, count(*) FROM electricity_usage e JOIN water_usage w ON e.uscc = w.uscc GROUP BY month'],
  ['combined aggregates', 'SELECT sum(kwh) / count(*) AS average FROM electricity_usage'],
  ['not a SELECT at all', 'hello world'],
  ['comment only', '-- nothing'],
  ['unterminated string', "SELECT count(*) FROM market_entities WHERE status = '存续"],
  ['schema-qualified function', 'SELECT main.sum(kwh) FROM electricity_usage'],
  ['export state', 'SELECT sum(kwh) EXPORT_STATE FROM electricity_usage'],
]

for (const dialect of testDialects()) {
  describe(`${dialect.name}: queries through the gate on the demo world`, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance
    let fintech: Api

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      await seedDemoData(platform, { scale: 0.1, seed: 7 })
      app = await testApp(platform)
      fintech = api(app, await loginAs(app, 'fintech'))
    })

    const query = (sql: string, as: Api = fintech, workspace = 'fin-credit') => as.post(`/api/v1/workspaces/${workspace}/queries`, { sql })

    it('answers ordinary analysis: counts by district, sums over joined resources, monthly series, rating distributions', async () => {
      const analyses = [
        'SELECT district_code, count(*) AS enterprises, avg(registered_capital_wan) AS capital FROM market_entities GROUP BY district_code ORDER BY district_code',
        "SELECT m.industry_code, sum(e.kwh) AS kwh, sum(e.amount_yuan) AS amount FROM market_entities m JOIN electricity_usage e ON m.uscc = e.uscc WHERE e.month >= '2025-01' GROUP BY ALL ORDER BY kwh DESC",
        'SELECT month, sum(tons) AS tons, count(DISTINCT uscc) AS firms FROM water_usage GROUP BY month ORDER BY month',
        'SELECT year, rating, count(*) AS n FROM tax_credit_ratings GROUP BY year, rating ORDER BY 1, 2',
        'SELECT s.month, avg(s.contribution_base_yuan) AS base FROM social_insurance s JOIN market_entities m ON m.uscc = s.employer_uscc GROUP BY 1',
        "WITH recent AS (SELECT uscc, kwh FROM electricity_usage WHERE month LIKE '2025-%') SELECT m.status, sum(r.kwh) AS kwh FROM recent r JOIN market_entities m ON m.uscc = r.uscc GROUP BY 1",
      ]
      for (const sql of analyses) {
        const answer = await query(sql)
        assert.equal(answer.status, 200, `${sql}: ${JSON.stringify(answer.body)}`)
        assert.ok(answer.body.rows.length > 0, sql)
        assert.ok(answer.body.runId.startsWith('run_'))
        assert.ok(answer.body.checks.some((c: { check: string }) => c.check === 'min-entities'))
        assertNoIdentifiers(answer.body.rows)
      }
      const districts = await query('SELECT district_code, count(*) AS n FROM market_entities GROUP BY 1 ORDER BY 1')
      assert.deepEqual(districts.body.columns, ['district_code', 'n'])
      assert.equal(districts.body.rows.reduce((sum: number, r: [string, number]) => sum + r[1], 0) > 0, true)
    })

    it('withholds exactly the rows covering fewer than 10 enterprises, and says so', async () => {
      const sql = 'SELECT district_code, industry_code, status, count(*) AS n FROM market_entities GROUP BY ALL'
      const answer = await query(sql)
      assert.equal(answer.status, 200)
      // The same grouping straight on the pool, outside the gate: how many groups are small.
      const connection = await platform.engine.connect()
      const file = await platform.store.db
        .selectFrom('catalog_resources as r')
        .innerJoin('pool_versions as v', 'v.id', 'r.pool_version_id')
        .select('v.file')
        .where('r.code', '=', R.market_entities)
        .executeTakeFirstOrThrow()
      const truth = await connection.runAndReadAll(
        `SELECT count(*) FILTER (WHERE n < 10), count(*) FILTER (WHERE n >= 10) FROM (SELECT count(DISTINCT uscc) AS n FROM read_parquet('${path.join(platform.config.dataDir, 'pool', file.file)}') GROUP BY district_code, industry_code, status)`,
      )
      connection.closeSync()
      const [small, large] = truth.getRows()[0]!.map(Number)
      assert.ok(small! > 0, 'the test data has small groups')
      assert.equal(answer.body.summary.rowsWithheld, small)
      assert.equal(answer.body.rows.length, large)
      assert.ok(answer.body.rows.every((r: [string, string, string, number]) => r[3] >= 10))
      assert.match(answer.body.checks[0].detail, new RegExp(`${small} rows withheld: each covered fewer than 10 distinct entities`))
    })

    for (const [why, sql] of HOSTILE) {
      it(`refuses ${why}`, async () => {
        const answer = await query(sql)
        assert.equal(answer.status, 422, `${sql} → ${answer.status} ${JSON.stringify(answer.body)}`)
        assert.ok(answer.body.error.rule, 'names its rule')
        assert.ok(answer.body.error.article, 'cites its article')
        assert.ok(answer.body.error.message.length > 15, 'says what to change')
      })
    }

    it('resolves aliases, quoting and case like DuckDB, without letting any of them reach an identifier', async () => {
      for (const sql of [
        'SELECT "District_Code", COUNT(*) FROM "MARKET_ENTITIES" GROUP BY 1',
        'SELECT t.d, count(*) FROM market_entities AS t(u, n, d) GROUP BY 1',
        'SELECT d, count(DISTINCT x.uscc) FROM (SELECT district_code AS d, uscc FROM market_entities) x GROUP BY d',
        'SELECT m.* EXCLUDE (uscc, name, industry_code, registered_capital_wan, established_on, status), count(*) FROM market_entities m GROUP BY ALL',
      ]) {
        const answer = await query(sql)
        // The EXCLUDE form still outputs through * and is refused; the others are answered.
        if (sql.includes('EXCLUDE')) assert.equal(answer.status, 422, sql)
        else assert.equal(answer.status, 200, `${sql}: ${JSON.stringify(answer.body)}`)
      }
      // Renaming the identifier does not launder it.
      const renamed = await query('SELECT t.d, count(*) FROM market_entities AS t(d) GROUP BY 1')
      assert.equal(renamed.status, 422)
      assert.match(renamed.body.error.message, /identifier/)
    })

    it('refuses another workspace, the operator and outsiders', async () => {
      assert.equal((await query('SELECT count(*) FROM bus_trips', fintech, 'ski-tourism')).status, 404)
      assert.equal((await query('SELECT count(*) FROM market_entities', fintech, 'no-such-ws')).status, 404)
      const operator = api(app, await loginAs(app, 'operator'))
      const byOperator = await query('SELECT count(*) FROM market_entities', operator)
      assert.equal(byOperator.status, 422)
      assert.equal(byOperator.body.error.rule, 'art13.operator-no-development')
      assert.equal((await query('SELECT count(*) FROM market_entities', api(app, await loginAs(app, 'bank')))).status, 404)
      assert.equal((await query('SELECT count(*) FROM market_entities', api(app))).status, 401)
    })

    it('stops a query past its time limit, reports it, and keeps serving', async () => {
      const rules = JSON.parse((await platform.store.db.selectFrom('workspaces').select('rules').where('id', '=', 'fin-credit').executeTakeFirstOrThrow()).rules)
      await platform.store.db.updateTable('workspaces').set({ rules: JSON.stringify({ ...rules, limits: { ...rules.limits, timeoutMs: 300 } }) }).where('id', '=', 'fin-credit').execute()
      try {
        const started = Date.now()
        const slow = await query('SELECT count(*) FROM electricity_usage a, electricity_usage b, electricity_usage c')
        assert.equal(slow.status, 422, JSON.stringify(slow.body))
        assert.match(slow.body.error.message, /limit of 0.3 s and was stopped/)
        assert.ok(Date.now() - started < 10_000)
        assert.equal((await query('SELECT status, count(*) FROM market_entities GROUP BY 1')).status, 200)
      } finally {
        await platform.store.db.updateTable('workspaces').set({ rules: JSON.stringify(rules) }).where('id', '=', 'fin-credit').execute()
      }
    })

    it('stops a query whose request closes before its answer (the console’s Cancel), records it as cancelled, and keeps serving', async () => {
      // A second app on the same platform, on a real socket: a closed connection is what cancels.
      const served = await testApp(platform)
      const url = await served.listen({ host: '127.0.0.1', port: 0 })
      const token = await loginAs(served, 'fintech')
      // Past a demo workspace's 30 s limit: only the cancel ends it in time.
      const sql = 'SELECT count(*) FROM electricity_usage a, electricity_usage b, electricity_usage c WHERE a.kwh + b.kwh + c.kwh = -1'
      const controller = new AbortController()
      const started = Date.now()
      const call = fetch(`${url}/api/v1/workspaces/fin-credit/queries`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sql }),
        signal: controller.signal,
      })
      setTimeout(() => controller.abort(), 500)
      await assert.rejects(call, { name: 'AbortError' })

      let run: { id: string; status: string; message: string | null; duration_ms: number } | undefined
      while (!run && Date.now() - started < 20_000) {
        run = await platform.store.db.selectFrom('query_runs').select(['id', 'status', 'message', 'duration_ms']).where('workspace_id', '=', 'fin-credit').where('sql', '=', sql).executeTakeFirst()
        if (!run) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      assert.ok(run, 'the cancelled run is recorded')
      assert.equal(run.status, 'cancelled')
      assert.match(run.message ?? '', /cancelled/)
      assert.ok(run.duration_ms < 15_000, `stopped after ${run.duration_ms} ms`)
      const entry = await platform.store.db.selectFrom('audit_entries').selectAll().where('event_type', '=', 'query.cancel').where('object_id', '=', 'fin-credit').orderBy('seq', 'desc').executeTakeFirstOrThrow()
      assert.equal(entry.result, 'failure')
      assert.equal(entry.actor_username, 'fintech')
      assert.equal(JSON.parse(entry.detail!).runId, run.id)
      assert.equal((await query('SELECT status, count(*) FROM market_entities GROUP BY 1')).status, 200)
      await served.close()
    })

    it('withholds the engine’s message when a query fails on the data', async () => {
      const answer = await query('SELECT CAST(name AS INTEGER) AS n, count(*) FROM market_entities GROUP BY 1')
      assert.equal(answer.status, 422)
      const cast = await query('SELECT CAST(status AS INTEGER) AS s, count(*) FROM market_entities GROUP BY 1')
      assert.equal(cast.status, 422)
      assert.match(cast.body.error.message, /withheld/)
      assert.doesNotMatch(cast.body.error.message, /存续|注销|吊销/, 'no value in the message')
    })

    it('suspending fin-credit makes its queries fail at once with the reason; resuming restores them; all audited', async () => {
      const office = api(app, await loginAs(app, 'office'))
      const agreement = (await office.get('/api/v1/agreements')).body.agreements.find((a: { workspace: { id: string } }) => a.workspace.id === 'fin-credit')
      const sql = 'SELECT status, count(*) FROM market_entities GROUP BY 1'
      assert.equal((await query(sql)).status, 200)
      assert.equal((await office.post(`/api/v1/agreements/${agreement.id}/suspend`, { reason: '发现超范围使用迹象' })).status, 200)
      const refused = await query(sql)
      assert.equal(refused.status, 403)
      assert.equal(refused.body.error.code, 'workspace_suspended')
      assert.match(refused.body.error.message, /发现超范围使用迹象/)
      assert.equal((await office.post(`/api/v1/agreements/${agreement.id}/resume`, { note: '整改完成' })).status, 200)
      assert.equal((await query(sql)).status, 200)
      const types = (await platform.store.db.selectFrom('audit_entries').select('event_type').orderBy('seq', 'desc').limit(5).execute()).map((e) => e.event_type).reverse()
      assert.deepEqual(types, ['query.run', 'agreement.suspend', 'access.refused', 'agreement.resume', 'query.run'])
    })

    it('answers ski-tourism with differential privacy, charging each aggregate to a finite budget', async () => {
      const skitour = api(app, await loginAs(app, 'skitour'))
      const ask = (sql: string) => query(sql, skitour, 'ski-tourism')
      const truth = await platform.engine.connect()
      const visits = await platform.store.db
        .selectFrom('catalog_resources as r')
        .innerJoin('pool_versions as v', 'v.id', 'r.pool_version_id')
        .select('v.file')
        .where('r.code', '=', R.scenic_visits)
        .executeTakeFirstOrThrow()
      const exact = await truth.runAndReadAll(
        `SELECT scenic_spot, sum(least(visitors, 20000))::DOUBLE FROM read_parquet('${path.join(platform.config.dataDir, 'pool', visits.file)}') GROUP BY 1`,
      )
      truth.closeSync()
      const exactBySpot = new Map(exact.getRows().map(([spot, sum]) => [spot as string, Number(sum)]))

      assert.equal((await ask('SELECT scenic_spot, avg(visitors) FROM scenic_visits GROUP BY 1')).status, 422, 'averages are refused')
      const first = await ask('SELECT scenic_spot, sum(visitors) AS visitors, count(*) AS days FROM scenic_visits GROUP BY 1')
      assert.equal(first.status, 200, JSON.stringify(first.body))
      assert.deepEqual(first.body.budget, { epsilon: 10, spent: 1.5, remaining: 8.5, charged: 1.5 })
      assert.ok(first.body.checks.some((c: { check: string }) => c.check === 'differential-privacy'))
      let differs = 0
      for (const [spot, visitors] of first.body.rows as [string, number, number][]) {
        const truthValue = exactBySpot.get(spot)!
        if (visitors !== truthValue) differs++
        // Laplace noise at sensitivity 20,000 and ε 0.5: within 40 scales (2^-57 odds of more).
        assert.ok(Math.abs(visitors - truthValue) < 40 * 40_000, `${spot}: ${visitors} vs ${truthValue}`)
      }
      assert.ok(differs > 0, 'noise was added')

      // Spend the rest: a grouped count costs ε 1 (the count and the choice of groups); seven leave 1.5.
      for (let i = 0; i < 7; i++) assert.equal((await ask('SELECT route, count(*) FROM bus_trips GROUP BY 1')).status, 200)
      const spent = await ask('SELECT scenic_spot, sum(visitors) AS visitors, count(*) AS days FROM scenic_visits GROUP BY 1')
      assert.equal(spent.status, 200, 'ε 1.5 covers two aggregates with their group selection')
      assert.equal(spent.body.budget.remaining, 0)
      const refused = await ask('SELECT count(*) FROM bus_trips')
      assert.equal(refused.status, 422)
      assert.match(refused.body.error.message, /privacy budget cannot cover this query/)
      const workspace = (await skitour.get('/api/v1/workspaces/ski-tourism')).body
      assert.deepEqual(workspace.budget, { epsilon: 10, spent: 10, remaining: 0 })
    })

    it('never spends the same budget twice under concurrent queries', async () => {
      // ε 1 left: two concurrent ungrouped counts of ε 0.5 each fit, a third does not.
      await platform.store.db.updateTable('workspaces').set({ budget_spent: 9 }).where('id', '=', 'ski-tourism').execute()
      const skitour = api(app, await loginAs(app, 'skitour'))
      const answers = await Promise.all([1, 2, 3].map(() => query('SELECT count(*) FROM bus_trips', skitour, 'ski-tourism')))
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 422])
      const row = await platform.store.db.selectFrom('workspaces').select('budget_spent').where('id', '=', 'ski-tourism').executeTakeFirstOrThrow()
      assert.equal(row.budget_spent, 10)
    })

    it('runs the sandbox on synthetic rows with the real schema, under the same scope, clearly labelled', async () => {
      const sandbox = (sql: string) => fintech.post('/api/v1/workspaces/fin-credit/queries', { sql, mode: 'sandbox' })
      const rows = await sandbox("SELECT * FROM market_entities WHERE district_code = '130709' LIMIT 20")
      assert.equal(rows.status, 200, JSON.stringify(rows.body))
      assert.equal(rows.body.sandbox, true)
      assert.match(rows.body.checks[0].detail, /SYNTHETIC DATA/)
      assert.deepEqual(rows.body.columns, ['uscc', 'name', 'district_code', 'industry_code', 'registered_capital_wan', 'established_on', 'status'])
      assert.ok(rows.body.rows.length > 0, 'rows that match the filter')
      for (const row of rows.body.rows) {
        assert.match(row[0], /^SYN\d{15}$/, 'identifiers are synthetic')
        assert.equal(row[2], '130709')
        assert.ok(['存续', '注销', '吊销'].includes(row[6]))
        assert.equal(typeof row[4], 'number')
        assert.match(row[5], /^\d{4}-\d{2}-\d{2}$/)
      }
      // Keys join across tables, so joins return rows.
      const joined = await sandbox('SELECT m.district_code, e.month, e.kwh FROM market_entities m JOIN electricity_usage e ON m.uscc = e.uscc LIMIT 5')
      assert.equal(joined.body.rows.length, 5)
      // No real identifier of the pool appears anywhere in the sandbox.
      const all = await sandbox('SELECT uscc FROM market_entities')
      assert.ok(all.body.rows.every((r: [string]) => r[0].startsWith('SYN')))
      // The same scope: ungranted columns and tables, files and system catalogs stay out.
      for (const [sql, rule] of [
        ['SELECT legal_rep_id FROM market_entities', 'art28.no-use-beyond-scope'],
        ['SELECT * FROM bus_trips', 'art28.no-use-beyond-scope'],
        ["SELECT * FROM read_parquet('data/pool/**/*.parquet')", 'art18.access-control'],
        ['SELECT * FROM duckdb_settings()', 'art18.access-control'],
        ["SELECT getenv('HOME') FROM market_entities", 'art18.access-control'],
        ['DROP TABLE market_entities', 'art18.processing-in-domain'],
      ] as const) {
        const refused = await sandbox(sql)
        assert.equal(refused.status, 422, sql)
        assert.equal(refused.body.error.rule, rule, `${sql}: ${refused.body.error.message}`)
      }
    })

    it('runs operator-approved templates with typed, bounded values bound as constants', async () => {
      const counties = ['130702', '130703', '130705', '130706', '130708', '130709', '130722', '130723', '130724', '130725', '130726', '130727', '130728', '130730', '130731', '130732']
      const template = {
        name: 'district-kwh',
        description: '某县区企业月度用电量',
        sql: 'SELECT e.month, sum(e.kwh) AS kwh, count(DISTINCT e.uscc) AS firms FROM electricity_usage e JOIN market_entities m ON m.uscc = e.uscc WHERE m.district_code = $district AND e.month >= $since GROUP BY 1 ORDER BY 1',
        parameters: [
          { name: 'district', type: 'string', description: '县区代码', allowed: counties, example: '130702' },
          { name: 'since', type: 'string', description: '起始月份', min: '2024-01', max: '2030-12', example: '2025-01' },
        ],
      }
      const proposed = await fintech.post('/api/v1/workspaces/fin-credit/templates', template)
      assert.equal(proposed.status, 201, JSON.stringify(proposed.body))
      assert.equal(proposed.body.status, 'proposed')
      const run = (parameters: Record<string, unknown>) => fintech.post('/api/v1/workspaces/fin-credit/templates/district-kwh/runs', { parameters })
      assert.equal((await run({ district: '130702', since: '2025-01' })).status, 409, 'not approved yet')

      const operator = api(app, await loginAs(app, 'operator'))
      assert.equal((await fintech.post('/api/v1/workspaces/fin-credit/templates/district-kwh/decision', { decision: 'approve', note: 'x' })).status, 403)
      const approved = await operator.post('/api/v1/workspaces/fin-credit/templates/district-kwh/decision', { decision: 'approve', note: '符合场景' })
      assert.equal(approved.body.status, 'approved')

      const answer = await run({ district: '130702', since: '2025-01' })
      assert.equal(answer.status, 200, JSON.stringify(answer.body))
      assert.deepEqual(answer.body.columns, ['month', 'kwh', 'firms'])
      assert.ok(answer.body.rows.length > 0)
      assert.ok(answer.body.rows.every((r: [string]) => r[0] >= '2025-01'))
      for (const [values, why] of [
        [{ district: "130702' OR '1'='1", since: '2025-01' }, 'not in the allowed list'],
        [{ district: 130702, since: '2025-01' }, 'a number for a text'],
        [{ district: '130702' }, 'missing'],
        [{ district: '130702', since: '2025-01', extra: 1 }, 'unknown'],
        [{ district: '130702', since: '2019-01' }, 'below the minimum'],
      ] as const) {
        assert.equal((await run(values)).status, 400, why)
      }
      // A template cannot do what a query cannot: filter on an identifier.
      const leaky = await fintech.post('/api/v1/workspaces/fin-credit/templates', {
        name: 'one-firm',
        description: 'x',
        sql: 'SELECT sum(kwh) FROM electricity_usage WHERE uscc = $uscc',
        parameters: [{ name: 'uscc', type: 'string', description: 'x', example: '91130702MA0000011X' }],
      })
      assert.equal(leaky.status, 422)
      assert.equal(leaky.body.error.rule, 'art21.raw-data-stays-in-domain')
      const undeclared = await fintech.post('/api/v1/workspaces/fin-credit/templates', { name: 'undeclared', description: 'x', sql: 'SELECT count(*) FROM water_usage WHERE month = $m', parameters: [] })
      assert.equal(undeclared.status, 409)

      // In a template-only workspace, ad-hoc queries are refused and approved templates still run.
      const rules = JSON.parse((await platform.store.db.selectFrom('workspaces').select('rules').where('id', '=', 'fin-credit').executeTakeFirstOrThrow()).rules)
      await platform.store.db.updateTable('workspaces').set({ rules: JSON.stringify({ ...rules, analysis: 'template' }) }).where('id', '=', 'fin-credit').execute()
      try {
        const adHoc = await query('SELECT status, count(*) FROM market_entities GROUP BY 1')
        assert.equal(adHoc.status, 422)
        assert.match(adHoc.body.error.message, /approved templates/)
        assert.equal((await run({ district: '130709', since: '2025-06' })).status, 200)
      } finally {
        await platform.store.db.updateTable('workspaces').set({ rules: JSON.stringify(rules) }).where('id', '=', 'fin-credit').execute()
      }
      assert.equal((await query('SELECT 1', api(app, await loginAs(app, 'skitour')), 'fin-credit')).status, 404)
    })

    it('survives 300 random queries from a grammar of hostile and ordinary shapes: no 500, no identifier released', async () => {
      // A small reproducible generator (not for secrets): the same seed gives the same queries.
      let seed = 20261127
      const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
      const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
      const columns = ['uscc', 'name', 'district_code', 'industry_code', 'registered_capital_wan', 'established_on', 'status', 'legal_rep_id', '"UsCc"', 'm.uscc', 'x.y.z', '*', 'COLUMNS(*)', '#1']
      const aggregates = ['count(*)', 'count(DISTINCT uscc)', 'sum(registered_capital_wan)', 'avg(registered_capital_wan)', 'max(registered_capital_wan)', 'min(name)', 'list(uscc)', 'sum(registered_capital_wan * 2)', 'count(name)', 'any_value(uscc)', 'sum(CASE WHEN uscc = \'x\' THEN 1 END)', 'count(*) FILTER (WHERE uscc > \'9\')']
      const froms = ['market_entities', 'market_entities m', 'market_entities m JOIN electricity_usage e ON m.uscc = e.uscc', 'market_entities m JOIN electricity_usage e ON m.uscc = e.month', '(SELECT * FROM market_entities) m', '(SELECT uscc FROM market_entities LIMIT 1) m', "read_csv('/etc/passwd')", 'bus_trips', 'duckdb_tables()', 'main.market_entities', 'market_entities USING SAMPLE 3']
      const wheres = ['', "WHERE status = '存续'", "WHERE uscc = 'x'", "WHERE name LIKE '%a%'", 'WHERE registered_capital_wan > 100', "WHERE district_code IN ('130702', '130709')", 'WHERE (SELECT 1) = 1', "WHERE getenv('x') IS NULL"]
      const groups = ['', 'GROUP BY 1', 'GROUP BY ALL', 'GROUP BY uscc', 'GROUP BY district_code, status', 'GROUP BY ROLLUP (district_code)']
      const tails = ['', 'ORDER BY 1', 'LIMIT 5', 'HAVING count(*) > 1', 'ORDER BY uscc', '; DROP TABLE market_entities']
      const counts: Record<number, number> = {}
      for (let i = 0; i < 300; i++) {
        // Half of the queries are near-misses of ordinary analysis, so answered ones are checked too.
        const ordinary = next() < 0.5
        const select = ordinary
          ? `${pick(['district_code', 'status', 'industry_code'])}, ${pick(['count(*)', 'count(DISTINCT uscc)', 'sum(registered_capital_wan)', 'avg(registered_capital_wan)'])}`
          : Array.from({ length: 1 + Math.floor(next() * 3) }, () => (next() < 0.5 ? pick(columns) : pick(aggregates))).join(', ')
        const sql = ordinary
          ? `SELECT ${select} FROM market_entities ${pick(wheres)} GROUP BY 1 ${pick(tails)}`
          : `SELECT ${select} FROM ${pick(froms)} ${pick(wheres)} ${pick(groups)} ${pick(tails)}`
        const answer = await query(sql)
        counts[answer.status] = (counts[answer.status] ?? 0) + 1
        assert.ok([200, 409, 422].includes(answer.status), `${sql} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`)
        if (answer.status === 200) {
          assertNoIdentifiers(answer.body.rows)
          assert.ok(answer.body.checks.some((c: { check: string }) => c.check === 'min-entities'), sql)
        }
      }
      assert.ok((counts[200] ?? 0) > 30 && (counts[422] ?? 0) > 100, JSON.stringify(counts))
    })

    it('records every run, answered or refused, with its result hash', async () => {
      const answered = await query('SELECT rating, count(*) AS n FROM tax_credit_ratings GROUP BY 1')
      const refused = await query('SELECT * FROM tax_credit_ratings')
      const runs = await platform.store.db.selectFrom('query_runs').selectAll().where('workspace_id', '=', 'fin-credit').execute()
      const byStatus = { answered: runs.find((r) => r.id === answered.body.runId), refused: runs.find((r) => r.status === 'refused' && r.sql === 'SELECT * FROM tax_credit_ratings') }
      assert.equal(byStatus['answered']!.id, answered.body.runId)
      assert.match(byStatus['answered']!.result_hash!, /^[0-9a-f]{64}$/)
      assert.equal(byStatus['refused']!.rule, 'art21.raw-data-stays-in-domain')
      assert.equal(refused.status, 422)
      const audit = await platform.store.db.selectFrom('audit_entries').select(['event_type', 'detail']).where('event_type', 'in', ['query.run', 'query.refuse']).orderBy('seq', 'desc').limit(2).execute()
      assert.ok(audit.some((e) => e.event_type === 'query.run' && e.detail?.includes(answered.body.runId)))
    })
  })

  describe(`${dialect.name}: output checks on cells`, () => {
    let fintech: Api

    before(async () => {
      const platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      // Twelve enterprises in 桥东区, one of which holds almost all the registered capital; eleven in 桥西区, even.
      const header = 'uscc,name,legal_rep_name,legal_rep_id,legal_rep_phone,district_code,industry_code,registered_capital_wan,established_on,status'
      const line = (n: number, district: string, capital: number) =>
        [testUscc(n), `企业${n}`, `张${n}`, testResidentId(n), '13903131234', district, 'C', capital, '2020-01-01', '存续'].join(',')
      const rows = [
        ...Array.from({ length: 12 }, (_, i) => line(i + 1, '130702', i === 0 ? 1_000_000 : 10)),
        ...Array.from({ length: 11 }, (_, i) => line(i + 100, '130703', 100)),
        ...Array.from({ length: 3 }, (_, i) => line(i + 200, '130705', 100)),
      ]
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-gate-'))
      const file = path.join(dir, 'entities.csv')
      fs.writeFileSync(file, [header, ...rows].join('\n'))
      await loadVersion(platform, await actAs(platform, 'src-mr', 'test'), R.market_entities, { file, format: 'csv', kind: 'upload', name: 'entities.csv' })
      fs.rmSync(dir, { recursive: true, force: true })
      const app = await testApp(platform)
      fintech = api(app, await loginAs(app, 'fintech'))
    })

    it('suppresses a sum dominated by one enterprise, withholds a district of 3, and releases the even one', async () => {
      const answer = await fintech.post('/api/v1/workspaces/fin-credit/queries', {
        sql: 'SELECT district_code, count(*) AS n, sum(registered_capital_wan) AS capital FROM market_entities GROUP BY 1 ORDER BY 1',
      })
      assert.equal(answer.status, 200, JSON.stringify(answer.body))
      assert.deepEqual(answer.body.rows, [
        ['130702', 12, null],
        ['130703', 11, 1100],
      ])
      assert.equal(answer.body.summary.rowsWithheld, 1)
      assert.equal(answer.body.summary.cellsSuppressed, 1)
      const findings = answer.body.checks.filter((c: { row?: number }) => c.row === 0)
      assert.deepEqual(findings.map((c: { check: string }) => c.check).sort(), ['nk-dominance', 'p-ratio'])
      assert.ok(findings.every((c: { column: string; detail: string }) => c.column === 'capital' && /suppressed/.test(c.detail)))
    })

    it('gives the same answer on each of its three paths: rows as entities, one fused pass, the evidence apart', async () => {
      const select = 'SELECT a.district_code, count(*) AS n, sum(a.registered_capital_wan) AS capital, avg(a.registered_capital_wan) AS mean'
      const ask = (sql: string) => fintech.post('/api/v1/workspaces/fin-credit/queries', { sql })
      // One row per enterprise (the table's key is its credit code): the evidence comes from the rows.
      const rows = await ask(`${select} FROM market_entities a GROUP BY 1 ORDER BY 1`)
      // A self-join on the entity: one fused pass groups by (district, enterprise) inside.
      const fused = await ask(`${select} FROM market_entities a JOIN market_entities b ON a.uscc = b.uscc GROUP BY 1 ORDER BY 1`)
      // HAVING does not decompose: the query and its evidence run apart.
      const apart = await ask(`${select} FROM market_entities a GROUP BY 1 HAVING count(*) > 0 ORDER BY 1`)
      for (const answer of [rows, fused, apart]) {
        assert.equal(answer.status, 200, JSON.stringify(answer.body))
        assert.deepEqual(answer.body.rows, [
          ['130702', 12, null, null],
          ['130703', 11, 1100, 100],
        ])
        assert.deepEqual(answer.body.summary, rows.body.summary)
        assert.deepEqual(answer.body.checks, rows.body.checks)
      }
    })

    it('the same holds for an average, and a count below the threshold is suppressed too', async () => {
      const avg = await fintech.post('/api/v1/workspaces/fin-credit/queries', { sql: 'SELECT district_code, avg(registered_capital_wan) AS capital FROM market_entities GROUP BY 1 ORDER BY 1' })
      assert.deepEqual(avg.body.rows, [
        ['130702', null],
        ['130703', 100],
      ])
      const count = await fintech.post('/api/v1/workspaces/fin-credit/queries', {
        sql: "SELECT district_code, count(*) FILTER (WHERE registered_capital_wan > 50) AS big FROM market_entities GROUP BY 1 ORDER BY 1",
      })
      assert.deepEqual(count.body.rows, [
        ['130702', null],
        ['130703', 11],
      ])
    })
  })
}
