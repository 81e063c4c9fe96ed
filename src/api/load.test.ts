import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runLoad } from '../../test/load.ts'

// The short form of the 60-second load run (bench/load.bench.ts has the figures): a node held
// under gateway calls and queries at once answers everything, and its memory stays flat.
describe('load: the gateway and the query API under concurrent use', () => {
  it('answers every request with no error, and memory stays flat', { timeout: 240_000 }, async () => {
    const figures = await runLoad(Number(process.env.SHUYU_LOAD_SECONDS ?? 10))
    for (const [name, s] of [['gateway', figures.gateway], ['queries', figures.queries]] as const) {
      assert.ok(s.ok > 0, `${name}: nothing answered`)
      assert.equal(s.errors, 0, `${name}: ${s.errors} errors`)
      assert.equal(s.non2xx, 0, `${name}: ${s.non2xx} answers were not 2xx`)
    }
    // Flat: a steady state grows by little; a leak of a request's data would grow with the requests.
    assert.ok(figures.rssMb.end <= figures.rssMb.start * 1.5 + 64, `memory grew from ${figures.rssMb.start} MB to ${figures.rssMb.end} MB`)
  })
})
