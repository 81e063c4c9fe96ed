import { FEATURE_SQL, FEATURES, someUscc, TRAINING_SQL } from '../test/products.ts'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { buildApp } from '../src/api/app.ts'
import { verifyAuditLog } from '../src/modules/audit/audit-verify.ts'
import { seedDemoAuthorizations } from '../src/modules/demo/demo-authorizations.ts'
import { seedDemoIdentities } from '../src/modules/demo/demo-identities.ts'
import { seedDemoCatalog, seedDemoData } from '../src/modules/demo/demo-world.ts'
import { oneYearAfter } from '../src/modules/gateway/gateway.ts'
import { configFromEnv } from '../src/platform/config.ts'
import { closePlatform, openPlatform, type Platform } from '../src/platform/platform.ts'
import { median, type BenchContext, type BenchTable, type Figure } from './bench.ts'

/**
 * The API gateway: calls of a listed, per-entity API product (the fin-credit scorecard of
 * products.test.ts) through the real app on a real port, every check on every call (key,
 * product, the authorization behind it, the consent, the rate and quota counters, the executor
 * whose answers are cached a minute per entity, the metering row and the audit entry), against a
 * bare Fastify route on another port answering the same JSON. autocannon drives both from a
 * worker thread of this process.
 */

const CONNECTIONS = 32
const DURATION_S = 10
const WARM_UP_S = 3
const INJECTED_CALLS = 5_000
const TARGET_RPS = 5_000
const TARGET_RATIO = 0.4

const HASH = 'a'.repeat(64)
const SECOND_REVIEWER_PASSWORD = 'Bench-Reviewer-2-passphrase!'

/** The part of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonOptions {
  readonly url: string
  readonly method: 'POST'
  readonly headers: Record<string, string>
  readonly body: string
  readonly connections: number
  readonly duration: number
  readonly workers?: number
}
interface AutocannonResult {
  readonly duration: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly '2xx': number
  readonly requests: { readonly total: number; readonly sent: number }
  readonly latency: { readonly p50: number; readonly p99: number }
}
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

/** Starts at the test world's date and runs in real time: the per-second windows roll. */
interface BenchClock {
  (): Date
  advance(seconds: number): void
}
function benchClock(start = '2026-11-27T10:00:00+08:00'): BenchClock {
  let offset = new Date(start).getTime() - Date.now()
  const clock = (() => new Date(Date.now() + offset)) as BenchClock
  clock.advance = (seconds) => {
    offset += seconds * 1000
  }
  return clock
}

interface Round {
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  readonly non2xx: number
  readonly total: number
}

export async function bench(context: BenchContext): Promise<readonly BenchTable[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-bench-gateway-'))
  const clock = benchClock()
  const platform = await openPlatform(
    configFromEnv({ SHUYU_DEMO: '0', SHUYU_DATA_DIR: dir, SHUYU_PASSWORD_ITERATIONS: '1000', SHUYU_REQUIRE_TOTP: '0' }),
    { storeConfig: { dialect: 'sqlite', file: path.join(dir, 'shuyu.sqlite') }, masterKey: randomBytes(32), clock },
  )
  let gateway: FastifyInstance | undefined
  let bare: FastifyInstance | undefined
  try {
    let started = performance.now()
    await seedDemoIdentities(platform)
    await seedDemoCatalog(platform)
    await seedDemoAuthorizations(platform, async (ms) => clock.advance(ms / 1000))
    await seedDemoData(platform, { scale: 0.1, seed: 7 })
    context.log(`gateway: demo world at scale 0.1 in ${Math.round(performance.now() - started)} ms`)

    const gatewayApp = await buildApp(platform)
    gateway = gatewayApp
    started = performance.now()
    const call = await listProduct(gatewayApp, platform, clock)
    context.log(`gateway: product ${call.code} listed, key and consent made in ${Math.round(performance.now() - started)} ms`)

    const gatewayUrl = await gatewayApp.listen({ host: '127.0.0.1', port: 0 })
    const body = JSON.stringify({ entityId: call.entityId })
    const headers = { 'content-type': 'application/json', 'x-api-key': call.secret, 'x-consent-token': call.token }
    const first = await fetch(`${gatewayUrl}/api/v1/gateway/products/${call.code}/calls`, { method: 'POST', headers, body })
    const answer = await first.text()
    if (first.status !== 200) throw new Error(`gateway bench: the first call answered ${first.status}: ${answer}`)
    context.log(`gateway: the answer (${answer.length} bytes): ${answer}`)

    const bareApp = Fastify()
    bare = bareApp
    const bareAnswer = JSON.parse(answer) as unknown
    bareApp.post('/calls', async () => bareAnswer)
    const bareUrl = await bareApp.listen({ host: '127.0.0.1', port: 0 })

    const load = (url: string, duration: number) =>
      autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration, workers: 1 })
    const gatewayTarget = `${gatewayUrl}/api/v1/gateway/products/${call.code}/calls`
    const bareTarget = `${bareUrl}/calls`
    const callsBefore = await countCalls(platform)

    // Uncounted warm-up of each side, then rounds alternating them.
    await load(gatewayTarget, WARM_UP_S)
    await load(bareTarget, WARM_UP_S)
    const gatewayRounds: Round[] = []
    const bareRounds: Round[] = []
    let gatewayRequests = 0
    for (let round = 0; round < context.rounds; round++) {
      const g = summary(await load(gatewayTarget, DURATION_S))
      gatewayRounds.push(g)
      gatewayRequests += g.total
      context.log(`gateway: round ${round + 1} gateway ${Math.round(g.rps)} req/s, p50 ${g.p50} ms, p99 ${g.p99} ms, ${g.errors} errors, ${g.non2xx} non-2xx`)
      const b = summary(await load(bareTarget, DURATION_S))
      bareRounds.push(b)
      context.log(`gateway: round ${round + 1} bare ${Math.round(b.rps)} req/s, p50 ${b.p50} ms, p99 ${b.p99} ms, ${b.errors} errors, ${b.non2xx} non-2xx`)
    }
    const metered = (await countCalls(platform)) - callsBefore
    // Less sensitive to the other processes: CPU time per call, one at a time, through app.inject.
    const injected = { method: 'POST' as const, headers, payload: body }
    const gatewayCall = () => gatewayApp.inject({ ...injected, url: `/api/v1/gateway/products/${call.code}/calls` })
    const bareCall = () => bareApp.inject({ ...injected, url: '/calls' })
    const gatewayCpu = await cpuPerCall(gatewayCall)
    const bareCpu = await cpuPerCall(bareCall)
    context.log(`gateway: CPU per call through inject: gateway ${gatewayCpu.toFixed(0)} µs, bare ${bareCpu.toFixed(0)} µs`)
    const gatewayCpuInFlight = await cpuPerCall(gatewayCall, CONNECTIONS)
    const bareCpuInFlight = await cpuPerCall(bareCall, CONNECTIONS)
    context.log(`gateway: CPU per call through inject, ${CONNECTIONS} in flight: gateway ${gatewayCpuInFlight.toFixed(0)} µs, bare ${bareCpuInFlight.toFixed(0)} µs`)
    const audited = await platform.store.db
      .selectFrom('audit_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_type', '=', 'gateway.call')
      .executeTakeFirstOrThrow()
    started = performance.now()
    const verified = await verifyAuditLog(platform.store)
    if (!verified.ok) throw new Error(`gateway bench: the audit chain breaks: ${JSON.stringify(verified.firstBreak)}`)
    context.log(`gateway: audit chain of ${verified.entries} entries verified in ${Math.round(performance.now() - started)} ms`)

    const g = medians(gatewayRounds)
    const b = medians(bareRounds)
    const gatewayFigure: Figure = {
      label: `the gateway route (p50 ${g.p50} ms, p99 ${g.p99} ms; ${g.errors} errors, ${g.non2xx} non-2xx)`,
      rounds: gatewayRounds.map((r) => r.rps),
      ...failure(gatewayRounds),
    }
    const bareFigure: Figure = {
      label: `a bare Fastify route, same JSON (p50 ${b.p50} ms, p99 ${b.p99} ms; ${b.errors} errors, ${b.non2xx} non-2xx)`,
      rounds: bareRounds.map((r) => r.rps),
      ...failure(bareRounds),
    }
    return [
      {
        capability: 'The API gateway: calls of a cached API product against a bare Fastify route',
        rows: [
          { measurement: 'calls of a per-entity API product, against the bare route', shuyu: gatewayFigure, baseline: bareFigure, unit: 'req/s', targetRatio: TARGET_RATIO },
          { measurement: 'calls of a per-entity API product, absolute', shuyu: gatewayFigure, unit: 'req/s', target: TARGET_RPS },
        ],
        notes: [
          `The product: the fin-credit scorecard of products.test.ts (demo data at scale 0.1, seed 7), declared, reviewed, registered and listed through the API, ` +
            `priced per call with a daily quota of 100,000,000 and a rate of 100,000 per second so that the run measures throughput, not 429s; the bank's key and one enterprise's consent. ` +
            `Every call: POST ${'`'}/api/v1/gateway/products/:code/calls${'`'} with x-api-key, x-consent-token and {"entityId": …}, through buildApp (helmet, request logs off) on 127.0.0.1; ` +
            'the key, product, workspace, agreement and consent read from the store; the per-second and daily counters; the executor (its answer cached a minute per entity and pool versions, so it reads the catalog once a call and runs DuckDB about once a minute); ' +
            'the metering row and the SM3-chained audit entry. SQLite store (WAL) in a temporary folder; the calls reaching the store in one turn of the event loop share one transaction (group commit), each with its own checks, counts, row and entry, committed before its answer is sent; a call whose answer the executor holds is admitted, answered, metered and audited in that one transaction.',
          `The baseline: a bare Fastify 5 app on another port, one POST route parsing the same body and answering the same ${answer.length}-byte JSON.`,
          `autocannon ${CONNECTIONS} connections, ${DURATION_S} s a round, from a worker thread of the benchmark's process; an uncounted ${WARM_UP_S} s warm-up of each side, then ${context.rounds} rounds alternating gateway and bare. ` +
            'req/s is the 2xx answers over the round\'s duration; the figure quoted is the median of the rounds, as are the latencies in the labels (p50, p99 of each round\'s own histogram). ' +
            `The machine has ${os.availableParallelism()} cores, shared by the server (one event loop), autocannon's worker and the store: the load generator takes CPU from the server, so both figures are below what a separate client would see.`,
          `CPU time per call, ${INJECTED_CALLS.toLocaleString('en-US')} calls one after another through app.inject (no socket, no autocannon; user + system time of the process: less sensitive to other processes than req/s, though a crowded virtual machine still inflates it): ` +
            `the gateway ${gatewayCpu.toFixed(0)} µs, the bare route ${bareCpu.toFixed(0)} µs; with ${CONNECTIONS} calls in flight, as under autocannon, so that the gateway's group commit shares each transaction among the calls of one turn of the event loop: ` +
            `the gateway ${gatewayCpuInFlight.toFixed(0)} µs, the bare route ${bareCpuInFlight.toFixed(0)} µs. At one core for the server, 5,000 req/s leaves 200 µs a call for the socket, the gateway and the store together.`,
          `Each call is metered and audited: ${metered.toLocaleString('en-US')} gateway_calls rows for the ${gatewayRequests.toLocaleString('en-US')} responses autocannon counted in the rounds ` +
            `(plus the warm-up); ${Number(audited.n).toLocaleString('en-US')} gateway.call audit entries in all; the whole audit chain (${verified.entries.toLocaleString('en-US')} entries) verifies after the run.`,
        ],
      },
    ]
  } finally {
    await bare?.close()
    await gateway?.close()
    await closePlatform(platform)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Process CPU time (user + system) per call, in microseconds, of calls made one at a time or `inFlight` at a time. */
async function cpuPerCall(call: () => Promise<{ statusCode: number }>, inFlight = 1): Promise<number> {
  const run = async (calls: number) => {
    let started = 0
    const lane = async () => {
      while (started < calls) {
        started++
        const response = await call()
        if (response.statusCode !== 200) throw new Error(`gateway bench: an injected call answered ${response.statusCode}`)
      }
    }
    await Promise.all(Array.from({ length: inFlight }, lane))
  }
  await run(INJECTED_CALLS / 10)
  const before = process.cpuUsage()
  await run(INJECTED_CALLS)
  const used = process.cpuUsage(before)
  return (used.user + used.system) / INJECTED_CALLS
}

function summary(result: AutocannonResult): Round {
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  }
}

function medians(rounds: readonly Round[]): { p50: number; p99: number; errors: number; non2xx: number } {
  return {
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
  }
}

/** A run with errors or non-2xx answers is not a figure. */
function failure(rounds: readonly Round[]): { failure?: string } {
  const errors = rounds.reduce((n, r) => n + r.errors, 0)
  const non2xx = rounds.reduce((n, r) => n + r.non2xx, 0)
  return errors + non2xx === 0 ? {} : { failure: `${errors} errors and ${non2xx} non-2xx answers` }
}

async function countCalls(platform: Platform): Promise<number> {
  const row = await platform.store.db.selectFrom('gateway_calls').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

interface ListedCall {
  readonly code: string
  readonly secret: string
  readonly token: string
  readonly entityId: string
}

/** As products.test.ts: train, declare, submit, review, register, list; then the bank's key and consent. */
async function listProduct(app: FastifyInstance, platform: Platform, clock: BenchClock): Promise<ListedCall> {
  // Signs in for every request: the clock jumps 11 days below, past any session's life.
  const as = (username: string, password = `demo-${username}`) => async (url: string, payload: object = {}): Promise<any> => {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } })
    if (login.statusCode !== 200) throw new Error(`gateway bench: login as ${username}: ${login.statusCode} ${login.body}`)
    const token = (login.json() as { token: string }).token
    const response = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload })
    if (response.statusCode >= 300) throw new Error(`gateway bench: POST ${url} as ${username}: ${response.statusCode} ${response.body}`)
    return response.json()
  }
  // Data of grade general-3 needs two reviewers: the system administrator makes the second.
  const sysadmin = as('sysadmin')
  await sysadmin('/api/v1/users', { orgId: 'org-operator', username: 'reviewer2', displayName: '运营公司 复核审核员', password: SECOND_REVIEWER_PASSWORD, roles: ['reviewer'] })
  const fintech = as('fintech')
  const reviewer = as('reviewer')
  const reviewer2 = as('reviewer2', SECOND_REVIEWER_PASSWORD)
  const bureau = as('bureau')
  const bank = as('bank')

  const model = await fintech('/api/v1/workspaces/fin-credit/models', { name: 'sme-scorecard', kind: 'scorecard', sql: TRAINING_SQL, target: 'bad', features: FEATURES })
  const declared = await fintech('/api/v1/workspaces/fin-credit/products', {
    kind: 'api',
    name: '小微企业信用评分',
    description: '按统一社会信用代码返回企业信用评分与等级（需企业授权）',
    spec: { kind: 'api', modelId: model.id, featureSql: FEATURE_SQL },
    pricing: { model: 'per-call', yuanPerCall: 0.5, dailyQuota: 100_000_000, ratePerSecond: 100_000 },
  })
  const code = declared.code as string
  await fintech(`/api/v1/products/${code}/submission`)
  let reviewed = await reviewer(`/api/v1/products/${code}/reviews`, { decision: 'approve', reasons: '用途与场景一致，输出仅含评分与等级' })
  if (reviewed.status === 'submitted') reviewed = await reviewer2(`/api/v1/products/${code}/reviews`, { decision: 'approve', reasons: '复核通过' })
  if (reviewed.status !== 'approved') throw new Error(`gateway bench: product ${code} is ${reviewed.status} after the reviews`)
  const applied = await fintech('/api/v1/registrations', { subjectType: 'product', subjectCode: code, kind: 'first', rights: '产品权益归属依授权运营协议约定', documents: [{ name: '产品说明书', hash: HASH }] })
  await bureau(`/api/v1/registrations/${applied.id}/acceptance`, { decision: 'accept', note: '材料齐全' })
  await bureau(`/api/v1/registrations/${applied.id}/review`, { decision: 'approve', note: '形式审查通过' })
  clock.advance(11 * 86_400)
  await bureau(`/api/v1/registrations/${applied.id}/issue`)

  const key = await bank('/api/v1/gateway/keys', { name: '信贷审批系统', products: [code] })
  const entityId = await someUscc(platform)
  const today = new Date(clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
  const consent = await bank('/api/v1/gateway/consents', {
    productCode: code,
    entityId,
    evidence: { documentHash: HASH, signatory: '法定代表人', signedOn: today },
    validUntil: oneYearAfter(today),
  })
  return { code, secret: key.secret, token: consent.token, entityId }
}

