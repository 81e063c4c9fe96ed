import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { killAllNodes, request, signIn, startNode, type Answer, type PlatformNode } from '../../test/children/nodes.ts'
import { seedNodeWorld, type NodeWorld } from '../../test/children/world.ts'
import { verifyAuditLog } from '../modules/audit/audit-verify.ts'
import { openStore, type Store } from '../platform/db/store.ts'

const bin = path.resolve(import.meta.dirname, '../../bin/shuyu.mjs')

/**
 * Fires `next(i)` from `concurrency` workers, without pause, until the node is killed: after
 * `killAfter` answers of 2xx, SIGKILL lands while the others are still in flight. Answers only
 * the 2xx ones, with what was asked; anything but a 2xx or a cut connection fails the test.
 */
async function burstUntilKilled<T>(
  node: PlatformNode,
  options: { concurrency: number; killAfter: number },
  next: (i: number, worker: number) => { ask: T; send: () => Promise<Answer> } | undefined,
): Promise<{ ask: T; answer: Answer }[]> {
  const answered: { ask: T; answer: Answer }[] = []
  let killed = false
  let sent = 0
  const unexpected: string[] = []
  const worker = async (w: number) => {
    while (!killed) {
      const call = next(sent++, w)
      if (!call) return
      let answer: Answer
      try {
        answer = await call.send()
      } catch {
        // The connection went with the process: whether this one committed is what the checks find out.
        if (killed) return
        throw new Error('a request failed before the kill')
      }
      if (answer.status < 200 || answer.status > 299) {
        if (!killed) unexpected.push(`${answer.status} ${JSON.stringify(answer.body)}`)
        continue
      }
      answered.push({ ask: call.ask, answer })
      if (answered.length === options.killAfter) {
        killed = true
        await node.kill()
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)))
  assert.deepEqual(unexpected, [], 'every request before the kill was answered 2xx')
  assert.ok(killed, 'the node was killed mid-burst')
  assert.equal(await node.exited, 'SIGKILL')
  return answered
}

function details(rows: { detail: string | null }[]): Record<string, unknown>[] {
  return rows.map((r) => JSON.parse(r.detail ?? '{}') as Record<string, unknown>)
}

async function assertChainWhole(store: Store): Promise<void> {
  const report = await verifyAuditLog(store, { workers: 1 })
  assert.equal(report.ok, true, JSON.stringify(report.firstBreak))
  const { n, top } = await store.db.selectFrom('audit_entries').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('seq').as('top')]).executeTakeFirstOrThrow()
  assert.equal(Number(n), report.headSeq, 'no entry missing')
  assert.equal(Number(top), report.headSeq, 'the head is the last entry')
}

const dialects: ('sqlite' | 'postgres')[] = ['sqlite', ...(process.env.DATABASE_URL ? (['postgres'] as const) : [])]

for (const dialect of dialects) {
  describe(`${dialect}: a node SIGKILLed mid-burst, then restarted on the same store`, () => {
    let world: NodeWorld
    let store: Store
    // Each test kills the node it finds and leaves the restarted one to the next: a start costs seconds.
    let current: PlatformNode | undefined

    before(async () => {
      world = await seedNodeWorld({ dialect, pricing: { model: 'per-call', yuanPerCall: 0.5, dailyQuota: 10_000_000, ratePerSecond: 100_000 } })
      store = await openStore(world.store)
    })
    after(async () => {
      await current?.stop().catch(() => undefined)
      await killAllNodes()
      await store?.close()
      await world?.cleanup()
    })

    const running = async (): Promise<PlatformNode> => {
      if (!current || current.process.exitCode !== null || current.process.signalCode !== null) current = await startNode(world)
      return current
    }
    /** After a kill, the restart: a new node on the same store. */
    const restart = async (): Promise<PlatformNode> => {
      current = await startNode(world)
      return current
    }

    it('keeps every answered agreement transition, each with its audit entry, none half-made', { timeout: 60_000 }, async () => {
      const first = await running()
      const operator = await signIn(first, 'operator')
      const agreements = (await request(first, 'GET', '/api/v1/agreements', { token: operator })).body.agreements as { id: string; status: string }[]
      assert.deepEqual(agreements.map((a) => a.status), ['active', 'active'])
      // One worker per agreement: its transitions alternate suspend, resume, suspend, ...
      const steps = agreements.map(() => 0)
      const answered = await burstUntilKilled(first, { concurrency: agreements.length, killAfter: 60 }, (_i, w) => {
        const id = agreements[w]!.id
        const step = steps[w]!++
        const note = `crash-a ${id} #${step}`
        return step % 2 === 0
          ? { ask: { id, note, to: 'suspended' }, send: () => request(first, 'POST', `/api/v1/agreements/${id}/suspend`, { token: operator, body: { reason: note } }) }
          : { ask: { id, note, to: 'active' }, send: () => request(first, 'POST', `/api/v1/agreements/${id}/resume`, { token: operator, body: { note } }) }
      })

      const restarted = await restart()
      assert.equal((await request(restarted, 'GET', '/healthz')).status, 200)
      const token = await signIn(restarted, 'operator')
      for (const { id } of agreements) {
        const mine = answered.filter((a) => a.ask.id === id)
        const audit = await store.db
          .selectFrom('audit_entries')
          .select(['event_type', 'reason'])
          .where('object_type', '=', 'agreement')
          .where('object_id', '=', id)
          .where('event_type', 'in', ['agreement.suspend', 'agreement.resume'])
          .orderBy('seq')
          .execute()
        // Durable: every answered transition is in the log, in the order it was made.
        assert.deepEqual(audit.slice(0, mine.length).map((e) => e.reason), mine.map((a) => a.ask.note))
        assert.ok(audit.length <= mine.length + 1, 'at most the one transition in flight at the kill went through unanswered')
        audit.forEach((e, step) => assert.equal(e.event_type, step % 2 === 0 ? 'agreement.suspend' : 'agreement.resume'))
        // Whole: the agreement, its workspace and the log agree on where it stands.
        const status = audit.length % 2 === 1 ? 'suspended' : 'active'
        const row = await store.db.selectFrom('agreements').select(['status', 'suspended_at', 'suspension_reason']).where('id', '=', id).executeTakeFirstOrThrow()
        assert.equal(row.status, status)
        assert.equal(row.suspension_reason, status === 'suspended' ? audit.at(-1)!.reason : null)
        assert.equal(row.suspended_at === null, status === 'active')
        const workspace = await store.db.selectFrom('workspaces').select('status').where('agreement_id', '=', id).executeTakeFirstOrThrow()
        assert.equal(workspace.status, status === 'suspended' ? 'suspended' : 'open')
        // And the restarted node carries on from there.
        const onward = status === 'suspended' ? request(restarted, 'POST', `/api/v1/agreements/${id}/resume`, { token, body: { note: 'after the restart' } }) : Promise.resolve({ status: 200 })
        assert.equal((await onward).status, 200)
      }
      await assertChainWhole(store)
    })

    it('keeps every answered key and consent of a concurrent burst, each with exactly one audit entry', { timeout: 60_000 }, async () => {
      const first = await running()
      const bank = await signIn(first, 'bank')
      const answered = await burstUntilKilled(first, { concurrency: 16, killAfter: 300 }, (i) =>
        i % 2 === 0
          ? { ask: 'key', send: () => request(first, 'POST', '/api/v1/gateway/keys', { token: bank, body: { name: `crash-b ${i}`, products: [world.product] } }) }
          : {
              ask: 'consent',
              send: () =>
                request(first, 'POST', '/api/v1/gateway/consents', {
                  token: bank,
                  body: { productCode: world.product, entityId: world.entityId, evidence: { documentHash: 'cd'.repeat(32), signatory: `法定代表人 ${i}`, signedOn: '2026-11-20' }, validUntil: '2027-05-31' },
                }),
            },
      )

      const restarted = await restart()
      const keys = (await store.db.selectFrom('gateway_keys').select('id').execute()).map((r) => r.id).sort()
      const consents = (await store.db.selectFrom('consents').select('id').execute()).map((r) => r.id).sort()
      for (const { ask, answer } of answered) {
        if (ask === 'key') assert.ok(keys.includes(answer.body.key.id), `answered key ${answer.body.key.id} is stored`)
        else assert.ok(consents.includes(answer.body.consent.id), `answered consent ${answer.body.consent.id} is stored`)
      }
      const audited = async (eventType: string) =>
        (await store.db.selectFrom('audit_entries').select('object_id').where('event_type', '=', eventType).execute()).map((r) => r.object_id!).sort()
      // Each row with its one entry, each entry with its row: nothing written halfway.
      assert.deepEqual(await audited('gateway.key.create'), keys)
      assert.deepEqual(await audited('gateway.consent.create'), consents)
      assert.ok(keys.length - 1 >= answered.filter((a) => a.ask === 'key').length)
      // A key answered before the kill works after it.
      const key = answered.find((a) => a.ask === 'key')!.answer.body.secret as string
      const call = await request(restarted, 'POST', `/api/v1/gateway/products/${world.product}/calls`, { headers: { 'x-api-key': key, 'x-consent-token': world.consentToken }, body: { entityId: world.entityId } })
      assert.equal(call.status, 200, JSON.stringify(call.body))
      await assertChainWhole(store)
    })

    it('meters and audits every answered gateway call of a burst together, or neither', { timeout: 60_000 }, async () => {
      const first = await running()
      const headers = { 'x-api-key': world.keySecret, 'x-consent-token': world.consentToken }
      const answered = await burstUntilKilled(first, { concurrency: 16, killAfter: 400 }, () => ({
        ask: 'call',
        send: () => request(first, 'POST', `/api/v1/gateway/products/${world.product}/calls`, { headers, body: { entityId: world.entityId } }),
      }))

      const restarted = await restart()
      const calls = await store.db.selectFrom('gateway_calls').select(['id', 'status', 'price_yuan']).where('product_code', '=', world.product).execute()
      const byId = new Map(calls.map((c) => [c.id, c]))
      for (const { answer } of answered) {
        const row = byId.get(answer.body.callId)
        assert.ok(row, `answered call ${answer.body.callId} is metered`)
        assert.equal(Number(row.status), 200)
        assert.equal(Number(row.price_yuan), 0.5)
      }
      assert.ok(calls.length <= answered.length + 1 + 16, 'only calls in flight at the kill are metered unanswered')
      const audit = details(await store.db.selectFrom('audit_entries').select('detail').where('event_type', '=', 'gateway.call').execute())
      assert.deepEqual(audit.map((d) => d.callId).sort(), [...byId.keys()].sort(), 'each metering row with its audit entry, and no entry without its row')
      for (const d of audit) assert.equal(d.status, Number(byId.get(d.callId as string)!.status))
      // The day's count covers every metered answer (a call counted at the kill may have no row: it was never answered).
      const usage = await store.db.selectFrom('gateway_usage').select('calls').where('product_code', '=', world.product).where('period', 'like', 'd:%').execute()
      assert.ok(Number(usage.reduce((n, u) => n + Number(u.calls), 0)) >= calls.filter((c) => Number(c.status) === 200).length)
      const after = await request(restarted, 'POST', `/api/v1/gateway/products/${world.product}/calls`, { headers, body: { entityId: world.entityId } })
      assert.equal(after.status, 200, JSON.stringify(after.body))
      await assertChainWhole(store)
    })

    it('verifies the whole chain with `shuyu audit verify` after the three kills', { skip: dialect !== 'sqlite' && 'the CLI reads DATABASE_URL without a schema: verifyAuditLog checked each step above', timeout: 30_000 }, async () => {
      await current?.stop()
      await store.close()
      try {
        const { stdout } = await promisify(execFile)(process.execPath, [bin, 'audit', 'verify'], {
          env: { ...process.env, DATABASE_URL: '', SHUYU_DATA_DIR: world.dataDir, SHUYU_MASTER_KEY: world.masterKeyHex, SHUYU_DEMO: '0' },
        })
        assert.match(stdout, /^audit log verified: \d+ entries/)
      } finally {
        store = await openStore(world.store)
      }
    })
  })
}
