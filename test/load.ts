// The load run of issue 10: one platform node (a child process) held under concurrent gateway
// calls and queries through the gate at once; used short by src/api/load.test.ts and for 60 s
// by bench/load.bench.ts.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { killAllNodes, signIn, startNode, type PlatformNode } from './children/nodes.ts'
import { seedNodeWorld, type NodeWorld } from './children/world.ts'

/** The part of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonResult {
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly '2xx': number
  readonly requests: { readonly average: number; readonly total: number }
  readonly latency: { readonly p50: number; readonly p99: number }
}
type Autocannon = (options: { url: string; method: 'POST'; headers: Record<string, string>; body: string; connections: number; duration: number }) => Promise<AutocannonResult>
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

export interface LoadFigures {
  readonly seconds: number
  readonly gateway: Stream
  readonly queries: Stream
  /** The node's resident memory after the warm-up, and at the end (MB). */
  readonly rssMb: { readonly start: number; readonly end: number; readonly max: number }
}

export interface Stream {
  readonly requestsPerSecond: number
  readonly total: number
  readonly ok: number
  readonly errors: number
  readonly non2xx: number
  readonly p50Ms: number
  readonly p99Ms: number
}

const QUERY = 'SELECT m.industry_code, count(*) AS n, sum(e.kwh) AS kwh FROM market_entities m JOIN electricity_usage e ON m.uscc = e.uscc GROUP BY 1'

function rssMb(node: PlatformNode): number {
  const status = fs.readFileSync(`/proc/${node.process.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

function stream(result: AutocannonResult, seconds: number): Stream {
  return {
    requestsPerSecond: Math.round(result['2xx'] / seconds),
    total: result.requests.total,
    ok: result['2xx'],
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  }
}

/** Seeds a world (SQLite), starts a node, warms it up, then holds both streams for `seconds`. */
export async function runLoad(seconds: number, log: (message: string) => void = () => {}): Promise<LoadFigures> {
  let world: NodeWorld | undefined
  try {
    world = await seedNodeWorld({ dialect: 'sqlite', pricing: { model: 'per-call', yuanPerCall: 0.5, dailyQuota: 100_000_000, ratePerSecond: 100_000 } })
    const node = await startNode(world)
    const token = await signIn(node, 'fintech')
    const gateway = {
      url: `${node.url}/api/v1/gateway/products/${world.product}/calls`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', 'x-api-key': world.keySecret, 'x-consent-token': world.consentToken },
      body: JSON.stringify({ entityId: world.entityId }),
    }
    const queries = {
      url: `${node.url}/api/v1/workspaces/fin-credit/queries`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ sql: QUERY }),
    }
    log('warm-up')
    await Promise.all([autocannon({ ...gateway, connections: 8, duration: 3 }), autocannon({ ...queries, connections: 2, duration: 3 })])
    const start = rssMb(node)
    let max = start
    const sampler = setInterval(() => (max = Math.max(max, rssMb(node))), 1000)
    log(`measuring for ${seconds} s`)
    const [g, q] = await Promise.all([autocannon({ ...gateway, connections: 16, duration: seconds }), autocannon({ ...queries, connections: 4, duration: seconds })])
    clearInterval(sampler)
    const end = rssMb(node)
    await node.stop()
    return { seconds, gateway: stream(g, seconds), queries: stream(q, seconds), rssMb: { start: Math.round(start), end: Math.round(end), max: Math.round(Math.max(max, end)) } }
  } finally {
    await killAllNodes()
    await world?.cleanup()
  }
}
