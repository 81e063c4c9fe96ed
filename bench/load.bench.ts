import { runLoad } from '../test/load.ts'
import type { BenchContext, BenchTable } from './bench.ts'

/**
 * Issue 10's load run: one node held for 60 s (`SHUYU_LOAD_SECONDS`) under gateway calls (16
 * connections, a cached per-enterprise score, key, consent, quota, metering and audit on each)
 * and queries through the gate (4 connections) at once. One long run, not rounds.
 */
export async function bench(context: BenchContext): Promise<readonly BenchTable[]> {
  const seconds = Number(process.env.SHUYU_LOAD_SECONDS ?? 60)
  const figures = await runLoad(seconds, context.log)
  const row = (name: string, s: typeof figures.gateway) => ({
    measurement: `${name}: ${s.total.toLocaleString('en')} requests, ${s.errors} errors, ${s.non2xx} non-2xx; p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms`,
    shuyu: { label: `${s.requestsPerSecond.toLocaleString('en')} req/s`, rounds: [s.requestsPerSecond] },
    unit: 'req/s',
  })
  return [
    {
      capability: `Load: the gateway and the query API at once for ${seconds} s (issue 10)`,
      rows: [row('gateway calls', figures.gateway), row('queries through the gate', figures.queries)],
      notes: [
        `One node (a child process) on SQLite, demo world at scale 0.1; autocannon in the benchmark's process on the same 2 cores, so the client takes CPU from the server.`,
        `Resident memory of the node: ${figures.rssMb.start} MB after the warm-up, ${figures.rssMb.end} MB at the end, ${figures.rssMb.max} MB at most (sampled each second).`,
        'Pass: zero errors and zero non-2xx in both streams; the test src/api/load.test.ts runs the same for 10 s in CI.',
      ],
    },
  ]
}
