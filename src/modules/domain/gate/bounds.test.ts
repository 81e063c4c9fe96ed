import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { DuckDBConnection } from '@duckdb/node-api'
import { DEFAULT_QUERY_RULES, type Workspace } from '../../authorizations/workspace.ts'
import { copyFacts } from '../copy-facts.ts'
import { columnEvidence, fusedEvidence, jsonValue, release } from '../release.ts'
import { analyze, type GatePlan, type GateScope } from './analyze.ts'
import { treeJson, type Node } from './ast.ts'
import { boundsPlan, boundsTargets } from './bounds.ts'
import { fusedPlan } from './fuse.ts'
import { openGateFixture, random, type GateFixture } from './test-fixture.ts'

/**
 * The bounded pass must never release what the exact pass would not: on random data (groups of
 * 3 to 150 entities of 1 to 4 rows, dominant entities, negative and missing values, rows without
 * an entity, joins) an answer it certifies is the exact answer, cell for cell and check for check.
 */

const scope: GateScope = {
  tables: [
    { table: 'usage', columns: [{ name: 'uscc', identifier: true }, { name: 'month', identifier: false }, { name: 'kwh', identifier: false }] },
    { table: 'firms', columns: [{ name: 'uscc', identifier: true }, { name: 'district', identifier: false }, { name: 'capital', identifier: false }], key: ['uscc'] },
  ],
  catalog: new Map([
    ['usage', ['uscc', 'month', 'kwh']],
    ['firms', ['uscc', 'district', 'capital']],
  ]),
  rules: { ...DEFAULT_QUERY_RULES, identifiers: ['usage.uscc', 'firms.uscc'] },
}
const workspace = { id: 'ws-test', rules: scope.rules } as Workspace

/** Queries the exact fused pass answers, and the count-only ones it leaves to count(DISTINCT …). */
const FUSED = [
  'SELECT month, sum(kwh) AS s, avg(kwh) AS a, count(DISTINCT uscc) AS firms, count(*) AS n FROM usage GROUP BY 1 ORDER BY 1',
  'SELECT f.district, sum(u.kwh) AS s FROM usage u JOIN firms f ON f.uscc = u.uscc GROUP BY 1 ORDER BY 1',
  "SELECT month, avg(kwh) AS a FROM usage WHERE month >= '2025-03' GROUP BY 1 ORDER BY 1",
  'SELECT sum(kwh) FILTER (WHERE kwh > 50) AS big, sum(kwh) AS s FROM usage',
]
const COUNTS = ['SELECT month, count(*) AS n FROM usage GROUP BY 1 ORDER BY 1', 'SELECT f.district, count(u.kwh) AS n FROM usage u JOIN firms f ON f.uscc = u.uscc GROUP BY 1 ORDER BY 1']
/** A table keyed by its entity: each row of a cell is a different entity. */
const PER_ROW = ['SELECT district, count(*) AS n, sum(capital) AS c, avg(capital) AS a FROM firms GROUP BY 1 ORDER BY 1']

async function fill(connection: DuckDBConnection, seed: number): Promise<void> {
  const next = random(seed)
  const negatives = seed % 4 === 0 ? 0.02 : 0
  // Dominant entities in half of the datasets, missing entities and values in some.
  const dominance = seed % 2 === 0 ? 0.02 : 0
  const noEntity = seed % 3 === 0 ? 0.02 : 0
  const noValue = seed % 5 === 0 ? 0.03 : 0
  const usage: string[] = []
  const firms: string[] = []
  let entity = 0
  for (let m = 1; m <= 6; m++) {
    const month = `'2025-${String(m).padStart(2, '0')}'`
    const entities = 3 + Math.floor(next() * 148)
    for (let e = 0; e < entities; e++) {
      const uscc = `'E${seed}-${entity++}'`
      const dominant = next() < dominance
      const roll = next()
      const capital = roll < noValue ? 'NULL' : roll < noValue + negatives ? String(-Math.floor(next() * 50)) : String(Math.floor(next() * 100) * (dominant ? 1000 : 1))
      // A district of its own now and then: a cell of a few entities.
      firms.push(`(${uscc}, 'D${next() < 0.05 ? 9 : Math.floor(next() * 3)}', ${capital})`)
      for (let r = 1 + Math.floor(next() * 4); r > 0; r--) {
        const roll = next()
        const kwh = roll < noValue ? 'NULL' : roll < noValue + negatives ? String(-Math.floor(next() * 50)) : String(Math.floor(next() * 100) * (dominant ? 1000 : 1))
        usage.push(`(${next() < noEntity ? 'NULL' : uscc}, ${month}, ${kwh})`)
      }
    }
  }
  await connection.run('CREATE OR REPLACE TABLE usage (uscc VARCHAR, month VARCHAR, kwh INTEGER)')
  await connection.run('CREATE OR REPLACE TABLE firms (uscc VARCHAR, district VARCHAR, capital INTEGER)')
  await connection.run(`INSERT INTO usage VALUES ${usage.join(', ')}`)
  await connection.run(`INSERT INTO firms VALUES ${firms.join(', ')}`)
}

describe('the bounded pass: the user’s query and a few aggregates, on facts of the copy', () => {
  let fixture: GateFixture
  let parser: GateFixture['parser']
  let data: GateFixture['data']

  before(async () => {
    fixture = await openGateFixture('bounds')
    ;({ parser, data } = fixture)
  })
  after(() => fixture.close())

  const rowsOf = async (sql: string) => (await data.runAndReadAll(sql)).getRowsJS() as unknown[][]

  async function planOf(sql: string): Promise<GatePlan> {
    const parsed = (await parser.serialize(sql)) as { statements: { node: Node }[] }
    return analyze(parsed.statements[0]!.node, scope)
  }

  /** `cellLargest`: as when the copy knows no largest value, each cell's is read. */
  async function onBounds(plan: GatePlan, copy: string, options: { cellLargest?: boolean } = {}) {
    const targets = boundsTargets(plan)
    assert.ok(targets, 'the query takes bounds')
    const facts = await copyFacts(rowsOf, copy, targets)
    const bounded = boundsPlan(plan, targets, options.cellLargest ? { ...facts, largest: () => null } : facts, 2)
    const rows = await rowsOf(await parser.deserialize(treeJson(bounded.node)))
    const answer = release(workspace, plan, bounded.rows(rows), bounded.evidence, 'run-test')
    return { rows, answer, stands: bounded.stands(answer) }
  }

  async function exactly(plan: GatePlan) {
    const fused = fusedPlan(plan)
    if (fused) {
      const rows = await rowsOf(fused.outer(await parser.deserialize(treeJson(fused.inner)), 10_001, 2))
      return { rows, answer: release(workspace, plan, rows, fusedEvidence(fused), 'run-test') }
    }
    // Counts only, or rows as entities: the rewritten query counts the entities, and carries the evidence.
    const rows = await rowsOf(await parser.deserialize(treeJson(plan.node)))
    return { rows, answer: release(workspace, plan, rows, plan.rowEvidence ? columnEvidence(plan.rowEvidence) : () => undefined, 'run-test') }
  }

  it('releases on bounds only what the exact evidence releases, and the same values', async () => {
    const plans = await Promise.all([...FUSED, ...COUNTS, ...PER_ROW].map(planOf))
    assert.ok(plans.at(-1)!.rowEvidence, 'the last query counts rows as entities')
    const seen = { stands: 0, passedOn: 0, perRowStands: 0, perRowWithheld: 0, cellLargestStands: 0 }
    for (let seed = 1; seed <= 48; seed++) {
      await fill(data, seed)
      for (const [q, plan] of plans.entries()) {
        const expected = await exactly(plan)
        // Half the datasets bound by each cell’s largest value, half by the table’s, dominant entities or not.
        const cellLargest = (seed >> 1) % 2 === 0
        const got = await onBounds(plan, `bounds-test-${seed}`, { cellLargest })
        const visible = plan.outputs.length
        const values = (rows: unknown[][]) => rows.map((r) => r.slice(0, visible).map(jsonValue))
        // The user's aggregates are the user's own: only the evidence is a bound.
        assert.deepEqual(values(got.rows), values(expected.rows), `seed ${seed}, query ${q}: values`)
        if (got.stands) {
          seen.stands++
          if (cellLargest) seen.cellLargestStands++
          else if (!(await onBounds(plan, `bounds-test-${seed}`, { cellLargest: true })).stands) assert.fail(`seed ${seed}, query ${q}: the table's largest value certified what the cell's did not`)
          if (plan.rowEvidence) seen.perRowStands++
          if (plan.rowEvidence && got.answer.summary.rowsWithheld > 0) seen.perRowWithheld++
          assert.deepEqual(got.answer, expected.answer, `seed ${seed}, query ${q}: an answer that stands is the exact one`)
        } else {
          seen.passedOn++
        }
      }
    }
    // Every way must have been taken, or the test proves nothing.
    assert.ok(seen.stands > 40, `stands ${seen.stands}`)
    assert.ok(seen.passedOn > 40, `passed on ${seen.passedOn}`)
    assert.ok(seen.cellLargestStands > 20 && seen.stands - seen.cellLargestStands > 20, `on each cell's largest value ${seen.cellLargestStands} stand, on the table's ${seen.stands - seen.cellLargestStands}`)
    assert.ok(seen.perRowStands > 5 && seen.perRowWithheld > 0, `rows as entities: ${seen.perRowStands} stand, ${seen.perRowWithheld} of them with rows withheld`)
  })

  it('hides no dominant entity, and no dominant rows without an entity', async () => {
    const plan = await planOf('SELECT month, sum(kwh) AS s FROM usage GROUP BY 1')
    const small = Array.from({ length: 500 }, (_, i) => `('E${i}', '2025-01', 10)`)
    await data.run('CREATE OR REPLACE TABLE usage (uscc VARCHAR, month VARCHAR, kwh INTEGER)')
    await data.run(`INSERT INTO usage VALUES ${small.join(', ')}, ('BIG', '2025-01', 100000)`)
    assert.equal((await onBounds(plan, 'dominant')).stands, false, 'one dominant entity')
    assert.deepEqual((await exactly(plan)).answer.rows, [['2025-01', null]])

    // 600 rows without an entity are one contributor to the exact pass: together they dominate.
    await data.run('CREATE OR REPLACE TABLE usage (uscc VARCHAR, month VARCHAR, kwh INTEGER)')
    await data.run(`INSERT INTO usage VALUES ${small.join(', ')}, ${Array.from({ length: 600 }, () => "(NULL, '2025-01', 90)").join(', ')}`)
    assert.equal((await onBounds(plan, 'no-entity')).stands, false, 'rows without an entity')
    assert.deepEqual((await exactly(plan)).answer.rows, [['2025-01', null]])
  })

  it('bounds an entity by its most rows in the copy: a few entities of many rows are not certified', async () => {
    // 12 entities of 40 rows each: 480 rows, but only 12 entities; one more of 400 rows makes R 400.
    const rows = Array.from({ length: 12 * 40 }, (_, i) => `('E${i % 12}', '2025-01', 5)`)
    await data.run('CREATE OR REPLACE TABLE usage (uscc VARCHAR, month VARCHAR, kwh INTEGER)')
    await data.run(`INSERT INTO usage VALUES ${rows.join(', ')}, ${Array.from({ length: 400 }, () => "('LARGE', '2025-02', 5)").join(', ')}`)
    const plan = await planOf('SELECT month, count(*) AS n, sum(kwh) AS s FROM usage GROUP BY 1 ORDER BY 1')
    assert.equal((await onBounds(plan, 'many-rows')).stands, false)
    // The exact pass releases January (12 entities) and withholds February (one entity).
    assert.deepEqual((await exactly(plan)).answer.rows, [['2025-01', 480, 2400]])
  })

  it('takes no bounds where the shape does not give them', async () => {
    for (const sql of [
      'SELECT month, sum(kwh) AS s FROM usage GROUP BY 1 HAVING count(*) > 3',
      'WITH u AS (SELECT * FROM usage) SELECT month, sum(kwh) AS s FROM u GROUP BY 1',
      'SELECT f.district, sum(u.kwh) AS s FROM usage u LEFT JOIN firms f ON f.uscc = u.uscc GROUP BY 1',
      'SELECT month, sum(DISTINCT kwh) AS s FROM usage GROUP BY 1',
      'SELECT month, round(sum(kwh)) AS s FROM usage GROUP BY 1',
    ]) {
      assert.equal(boundsTargets(await planOf(sql)), null, sql)
    }
  })
})
