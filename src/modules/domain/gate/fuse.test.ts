import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { DuckDBConnection } from '@duckdb/node-api'
import { DEFAULT_QUERY_RULES, type Workspace } from '../../authorizations/workspace.ts'
import { certified, fusedEvidence, release } from '../release.ts'
import { analyze, type GatePlan, type GateScope } from './analyze.ts'
import { treeJson, type Node } from './ast.ts'
import { fusedPlan, type FusedPlan } from './fuse.ts'
import { openGateFixture, random, type GateFixture } from './test-fixture.ts'

/**
 * The bucketed first pass of a fused query must never release what the exact pass would not:
 * on random data (groups of 3 to 40 entities, dominant entities, negative and missing values,
 * missing entities) an answer it certifies is the exact answer, cell for cell and check for
 * check. Sixteen buckets make collisions the rule among 10 to 40 entities, the hardest case for
 * the bounds that can still certify a row of 10.
 */

const scope: GateScope = {
  tables: [
    { table: 'usage', columns: [{ name: 'uscc', identifier: true }, { name: 'month', identifier: false }, { name: 'kwh', identifier: false }] },
    { table: 'firms', columns: [{ name: 'uscc', identifier: true }, { name: 'district', identifier: false }], key: ['uscc'] },
  ],
  catalog: new Map([
    ['usage', ['uscc', 'month', 'kwh']],
    ['firms', ['uscc', 'district']],
  ]),
  rules: { ...DEFAULT_QUERY_RULES, identifiers: ['usage.uscc', 'firms.uscc'] },
}
const workspace = { id: 'ws-test', rules: scope.rules } as Workspace

const QUERIES = [
  'SELECT month, sum(kwh) AS s, avg(kwh) AS a, count(DISTINCT uscc) AS firms, count(*) AS n FROM usage GROUP BY 1 ORDER BY 1',
  'SELECT f.district, sum(u.kwh) AS s FROM usage u JOIN firms f ON f.uscc = u.uscc GROUP BY 1 ORDER BY 1',
  "SELECT month, avg(kwh) AS a FROM usage WHERE month >= '2025-03' GROUP BY 1 ORDER BY 1",
  'SELECT sum(kwh) FILTER (WHERE kwh > 50) AS big, sum(kwh) AS s FROM usage',
]

async function fill(connection: DuckDBConnection, seed: number): Promise<void> {
  const next = random(seed)
  // Negative values in one dataset of four: any one of them sends a cell to the exact evidence.
  const negatives = seed % 4 === 0 ? 0.03 : 0
  const usage: string[] = []
  const firms: string[] = []
  let entity = 0
  for (let m = 1; m <= 6; m++) {
    const month = `'2025-${String(m).padStart(2, '0')}'`
    const entities = 3 + Math.floor(next() * 38)
    for (let e = 0; e < entities; e++) {
      const uscc = `'E${seed}-${entity++}'`
      firms.push(`(${uscc}, 'D${Math.floor(next() * 3)}')`)
      const dominant = next() < 0.08
      for (let r = 1 + Math.floor(next() * 3); r > 0; r--) {
        const roll = next()
        const kwh = roll < 0.03 ? 'NULL' : roll < 0.03 + negatives ? String(-Math.floor(next() * 50)) : String(Math.floor(next() * 100) * (dominant ? 1000 : 1))
        usage.push(`(${next() < 0.02 ? 'NULL' : uscc}, ${month}, ${kwh})`)
      }
    }
  }
  await connection.run('CREATE OR REPLACE TABLE usage (uscc VARCHAR, month VARCHAR, kwh INTEGER)')
  await connection.run('CREATE OR REPLACE TABLE firms (uscc VARCHAR, district VARCHAR)')
  await connection.run(`INSERT INTO usage VALUES ${usage.join(', ')}`)
  await connection.run(`INSERT INTO firms VALUES ${firms.join(', ')}`)
}

describe('fused queries on buckets of entities', () => {
  let fixture: GateFixture
  let parser: GateFixture['parser']
  let data: GateFixture['data']

  before(async () => {
    fixture = await openGateFixture('fuse')
    ;({ parser, data } = fixture)
  })
  after(() => fixture.close())

  async function answerOf(fused: FusedPlan, plan: GatePlan): Promise<{ rows: unknown[][]; answer: ReturnType<typeof release> }> {
    const inner = await parser.deserialize(treeJson(fused.inner))
    const reader = await data.runAndReadAll(fused.outer(inner, 10_001, 2))
    const rows = reader.getRowsJS() as unknown[][]
    return { rows, answer: release(workspace, plan, rows, fusedEvidence(fused), 'run-test') }
  }

  it('releases on buckets only what the exact evidence releases, and the same values', async () => {
    const plans: GatePlan[] = []
    for (const sql of QUERIES) {
      const parsed = (await parser.serialize(sql)) as { statements: { node: Node }[] }
      plans.push(analyze(parsed.statements[0]!.node, scope))
    }
    const seen = { certified: 0, decidedExactly: 0 }
    for (let seed = 1; seed <= 40; seed++) {
      await fill(data, seed)
      for (const [q, plan] of plans.entries()) {
        const exact = fusedPlan(plan)
        assert.ok(exact, `query ${q} fuses`)
        const expected = await answerOf(exact, plan)
        for (const buckets of [16, 256]) {
          const got = await answerOf(fusedPlan(plan, buckets)!, plan)
          const visible = plan.outputs.length
          // The user's aggregates are exact on buckets too: only the evidence is a bound.
          assert.deepEqual(
            got.rows.map((r) => r.slice(0, visible)),
            expected.rows.map((r) => r.slice(0, visible)),
            `seed ${seed}, query ${q}, ${buckets} buckets: values`,
          )
          if (certified(got.answer)) {
            seen.certified++
            assert.deepEqual(got.answer, expected.answer, `seed ${seed}, query ${q}, ${buckets} buckets: a certified answer is the exact one`)
          } else {
            seen.decidedExactly++
          }
        }
      }
    }
    // Both ways must have been taken, or the test proves nothing.
    assert.ok(seen.certified > 20, `certified ${seen.certified}`)
    assert.ok(seen.decidedExactly > 20, `decided exactly ${seen.decidedExactly}`)
  })

  it('hides no dominant entity behind a bucket: a dominated cell is never certified', async () => {
    // 200 enterprises of 10 each, and one of 100,000: its bucket's sum is at least its own.
    const rows = Array.from({ length: 200 }, (_, i) => `('E${i}', '2025-01', 10)`)
    await data.run('CREATE OR REPLACE TABLE usage (uscc VARCHAR, month VARCHAR, kwh INTEGER)')
    await data.run(`INSERT INTO usage VALUES ${rows.join(', ')}, ('BIG', '2025-01', 100000)`)
    const parsed = (await parser.serialize('SELECT month, sum(kwh) AS s FROM usage GROUP BY 1')) as { statements: { node: Node }[] }
    const plan = analyze(parsed.statements[0]!.node, scope)
    for (const buckets of [16, 256]) {
      const { answer } = await answerOf(fusedPlan(plan, buckets)!, plan)
      assert.equal(certified(answer), false, `${buckets} buckets`)
    }
    const { answer } = await answerOf(fusedPlan(plan)!, plan)
    assert.deepEqual(answer.rows, [['2025-01', null]])
  })
})
