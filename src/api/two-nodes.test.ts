import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { killAllNodes, request, signIn, startNode, type PlatformNode } from '../../test/children/nodes.ts'
import { seedNodeWorld, type NodeWorld } from '../../test/children/world.ts'
import { dayAfter } from '../modules/authorizations/authorization.ts'
import { verifyAuditLog } from '../modules/audit/audit-verify.ts'
import { totpCode } from '../platform/crypto/totp.ts'
import { openStore, type Store } from '../platform/db/store.ts'
import { chinaDate } from '../platform/time.ts'

const QUOTA = 10
// ski-tourism: ε 0.5 per aggregate, a budget of ε 10 (DEMO-WORLD.md).
const EPSILON_PER_QUERY = 0.5
const BUDGET = 10

// Two platform processes on one PostgreSQL schema, as production runs many stateless nodes on
// one store. The embedded SQLite is one node's store: this test is PostgreSQL's.
describe('postgres: two nodes on one store', { skip: !process.env.DATABASE_URL && 'DATABASE_URL is not set: two nodes need a shared PostgreSQL (CI sets it)' }, () => {
  let world: NodeWorld
  let store: Store
  let a: PlatformNode
  let b: PlatformNode
  const nodes = () => [a, b]

  before(async () => {
    world = await seedNodeWorld({ dialect: 'postgres', pricing: { model: 'per-call', yuanPerCall: 0.5, dailyQuota: QUOTA, ratePerSecond: 1000 } })
    store = await openStore(world.store)
    ;[a, b] = await Promise.all([startNode(world), startNode(world)])
  })
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()].map((p) => p?.catch(() => undefined)))
    await killAllNodes()
    await store?.close()
    await world?.cleanup()
  })

  it('shares sessions through the store: signed in on one node, acting and signing out on the other', async () => {
    const token = await signIn(a, 'operator')
    const onB = await request(b, 'GET', '/api/v1/agreements', { token })
    assert.equal(onB.status, 200, JSON.stringify(onB.body))
    assert.equal(onB.body.agreements.length, 2)
    const suspended = await request(b, 'POST', `/api/v1/agreements/${onB.body.agreements[0].id}/suspend`, { token, body: { reason: 'two-node check' } })
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body))
    const resumed = await request(a, 'POST', `/api/v1/agreements/${onB.body.agreements[0].id}/resume`, { token, body: { note: 'rectified' } })
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body))
    assert.equal((await request(b, 'POST', '/api/v1/auth/logout', { token })).status, 204)
    const after = await request(a, 'GET', '/api/v1/agreements', { token })
    assert.equal(after.status, 401, 'a sign-out on one node ends the session on every node')
  })

  it('spends a TOTP code once: the same code sent to both nodes at once signs in one session', async () => {
    const enrolling = await signIn(a, 'reviewer')
    const begun = await request(a, 'POST', '/api/v1/me/totp', { token: enrolling })
    assert.equal(begun.status, 200, JSON.stringify(begun.body))
    const secret = begun.body.secret as string
    // Enrolled with the previous step's code, so the current one is fresh (the window is one step either way).
    const confirmed = await request(b, 'POST', '/api/v1/me/totp/confirm', { token: enrolling, body: { code: totpCode(secret, Date.now() - 30_000) } })
    assert.ok(confirmed.status >= 200 && confirmed.status < 300, JSON.stringify(confirmed.body))
    const code = totpCode(secret, Date.now())
    const body = { username: 'reviewer', password: 'demo-reviewer', totp: code }
    const answers = await Promise.all([a, b, a, b].map((node) => request(node, 'POST', '/api/v1/auth/login', { body })))
    const statuses = answers.map((r) => r.status).sort()
    assert.deepEqual(statuses, [200, 401, 401, 401], 'one sign-in, three refusals')
    assert.ok(answers.filter((r) => r.status === 401).every((r) => r.body.error.code === 'bad_totp'))
  })

  it(`answers exactly the daily quota of ${QUOTA} calls across both nodes, the rest 429`, async () => {
    const headers = { 'x-api-key': world.keySecret, 'x-consent-token': world.consentToken }
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => request(nodes()[i % 2]!, 'POST', `/api/v1/gateway/products/${world.product}/calls`, { headers, body: { entityId: world.entityId } })),
    )
    const statuses = answers.map((r) => r.status)
    assert.equal(statuses.filter((s) => s === 200).length, QUOTA, statuses.join(','))
    assert.equal(statuses.filter((s) => s === 429).length, 30 - QUOTA, statuses.join(','))
    assert.ok(answers.filter((r) => r.status === 429).every((r) => r.body.error.code === 'quota_exhausted'))
    const metered = await store.db.selectFrom('gateway_calls').select(['status', 'price_yuan']).where('product_code', '=', world.product).execute()
    assert.equal(metered.length, 30, 'every call metered, on whichever node')
    assert.equal(metered.filter((m) => Number(m.status) === 200).length, QUOTA)
    assert.equal(metered.reduce((sum, m) => sum + Number(m.price_yuan), 0), QUOTA * 0.5, 'refused calls are not charged')
  })

  it(`never spends more than the privacy budget of ε ${BUDGET}, however the queries race across nodes`, async () => {
    const tokens = await Promise.all(nodes().map((node) => signIn(node, 'skitour')))
    // Ten more than the budget covers, half from each node, all at once.
    const queries = BUDGET / EPSILON_PER_QUERY + 10
    const answers = await Promise.all(
      Array.from({ length: queries }, (_, i) =>
        request(nodes()[i % 2]!, 'POST', '/api/v1/workspaces/ski-tourism/queries', { token: tokens[i % 2], body: { sql: 'SELECT count(*) AS n FROM scenic_visits' } }),
      ),
    )
    const answered = answers.filter((r) => r.status === 200)
    const refused = answers.filter((r) => r.status !== 200)
    for (const r of answered) assert.equal(r.body.budget.charged, EPSILON_PER_QUERY)
    assert.ok(refused.every((r) => r.status === 422 && /privacy budget cannot cover/.test(r.body.error.message)), JSON.stringify(refused.map((r) => r.body)))
    // The budget is spent to the last query it covers, and not one query further.
    assert.equal(answered.length, BUDGET / EPSILON_PER_QUERY)
    assert.ok(answered.length * EPSILON_PER_QUERY <= BUDGET)
    const workspace = await store.db.selectFrom('workspaces').select(['budget_epsilon', 'budget_spent']).where('id', '=', 'ski-tourism').executeTakeFirstOrThrow()
    assert.equal(workspace.budget_epsilon, BUDGET)
    assert.equal(workspace.budget_spent, answered.length * EPSILON_PER_QUERY)
    const runs = await store.db.selectFrom('query_runs').select(['status', 'epsilon_spent']).where('workspace_id', '=', 'ski-tourism').execute()
    assert.equal(runs.filter((r) => r.status === 'answered').length, answered.length)
    assert.equal(runs.reduce((sum, r) => sum + Number(r.epsilon_spent), 0), workspace.budget_spent, 'the charges are the answered runs’ and nothing else')
  })

  it('expires an agreement past its end, and puts a due one into effect, exactly once when both nodes run the jobs at once', async () => {
    const today = chinaDate(new Date())
    const workspaceOf = async (id: string) => (await store.db.selectFrom('workspaces').select(['id', 'status']).where('agreement_id', '=', id).executeTakeFirstOrThrow())
    const agreements = await store.db.selectFrom('agreements').select('id').where('status', '=', 'active').execute()
    const [ending, starting] = await Promise.all(agreements.map(async ({ id }) => ({ id, workspace: await workspaceOf(id) })))
    assert.deepEqual([ending!.workspace.id, starting!.workspace.id].sort(), ['fin-credit', 'ski-tourism'])
    // One term ended yesterday; the other agreement is filed and acknowledged, its term starting today.
    await store.db.updateTable('agreements').set({ term_start: dayAfter(today, -30), term_end: dayAfter(today, -1) }).where('id', '=', ending!.id).execute()
    await store.db.updateTable('agreements').set({ status: 'filed', activated_at: null, term_start: today }).where('id', '=', starting!.id).execute()
    await store.db.updateTable('workspaces').set({ status: 'closed', status_reason: 'not yet in force' }).where('agreement_id', '=', starting!.id).execute()
    const seqBefore = (await verifyAuditLog(store, { workers: 1 })).headSeq

    const reports = await Promise.all([a.agreementJobs(), b.agreementJobs(), a.agreementJobs(), b.agreementJobs()])
    assert.deepEqual(reports.flatMap((r) => r.expired), [ending!.id], 'expired by one run only')
    assert.deepEqual(reports.flatMap((r) => r.activated), [starting!.id], 'put into effect by one run only')
    assert.deepEqual(reports.flatMap((r) => r.warned), [], 'an agreement expiring now is not warned on its way out')

    const ended = await store.db.selectFrom('agreements').select(['status', 'ended_at']).where('id', '=', ending!.id).executeTakeFirstOrThrow()
    assert.equal(ended.status, 'expired')
    assert.ok(ended.ended_at)
    assert.equal((await workspaceOf(ending!.id)).status, 'closed')
    const started = await store.db.selectFrom('agreements').select(['status', 'activated_at']).where('id', '=', starting!.id).executeTakeFirstOrThrow()
    assert.equal(started.status, 'active')
    assert.ok(started.activated_at)
    assert.equal((await workspaceOf(starting!.id)).status, 'open')
    // The log tells it as it happened: one expiry, one activation, and no run's "failure" for what another run did.
    const entries = await store.db.selectFrom('audit_entries').select(['event_type', 'object_id', 'result', 'reason']).where('seq', '>', seqBefore).orderBy('seq').execute()
    assert.deepEqual(
      entries.map((e) => [e.event_type, e.object_id, e.result]),
      [['agreement.expire', ending!.id, 'success'], ['agreement.activate', starting!.id, 'success']],
      JSON.stringify(entries),
    )
    const report = await verifyAuditLog(store, { workers: 1 })
    assert.equal(report.ok, true, JSON.stringify(report.firstBreak))
  })
})
