import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import {
  auditHead,
  auditSince,
  badInputWorld,
  casesFor,
  changedTables,
  operationsOf,
  storeDigest,
  type BadInputWorld,
  type DemoUser,
  type OpenApiDocument,
  type Operation,
} from '../../test/bad-input.ts'
import { testDialects } from '../../test/dialects.ts'

/**
 * Bad input everywhere: for every operation of the OpenAPI document, requests its own schemas
 * declare invalid (malformed JSON, wrong types, missing fields, bodies over the limit, strings
 * over their length, nasty unicode, SQL and path traversal where an id or code is expected,
 * unknown properties) answer 4xx with the one error body and change nothing. The cases are
 * generated from the document, so a new endpoint is covered the day it is mounted.
 */

/** At most this many cases per operation, chosen deterministically: structure first, then each input in turn. */
const CASES_PER_OPERATION = 40

/** Who calls: someone allowed to, so that a refusal is the input's doing, not the caller's. */
const CALLER: Readonly<Record<string, DemoUser>> = {
  '/api/v1/organizations': 'sysadmin',
  '/api/v1/organizations/{id}': 'sysadmin',
  '/api/v1/users': 'sysadmin',
  '/api/v1/users/{id}/status': 'sysadmin',
  '/api/v1/users/{id}/roles': 'secadmin',
  '/api/v1/users/{id}/unlock': 'secadmin',
  '/api/v1/users/{id}/totp': 'secadmin',
  '/api/v1/api-tokens': 'secadmin',
  '/api/v1/api-tokens/{id}': 'secadmin',
  '/api/v1/audit/entries': 'auditadmin',
  '/api/v1/audit/export': 'auditadmin',
  '/api/v1/audit/verify': 'auditadmin',
  '/api/v1/catalog/entries': 'bureau',
  '/api/v1/catalog/entries/{code}/submit': 'sector-mr',
  '/api/v1/catalog/entries/{code}/versions/{version}/review': 'bureau',
  '/api/v1/catalog/duplicates': 'bureau',
  '/api/v1/catalog/duplicates/resolve': 'bureau',
  '/api/v1/catalog/resources/{code}/consents': 'bureau',
  '/api/v1/return-flows': 'src-power',
  '/api/v1/return-flows/{id}/decision': 'bureau',
  '/api/v1/pool/resources/{code}/versions': 'src-mr',
  '/api/v1/pool/versions/{id}': 'src-mr',
  '/api/v1/pool/versions/{id}/quarantine': 'src-mr',
  '/api/v1/pool/versions/{id}/publish': 'src-mr',
  '/api/v1/operator-authorizations': 'office',
  '/api/v1/operator-authorizations/{id}/grant': 'bureau',
  '/api/v1/scenarios/{code}/review': 'office',
  '/api/v1/scenarios/{code}/price-cap': 'office',
  '/api/v1/calls/{id}/applications': 'fintech',
  '/api/v1/agreements/{id}/acknowledge': 'office',
  '/api/v1/agreements/{id}/object': 'office',
  '/api/v1/agreements/{id}/suspend': 'office',
  '/api/v1/agreements/{id}/resume': 'office',
  '/api/v1/agreements/{id}/terminate': 'office',
  '/api/v1/workspaces/{id}/queries': 'fintech',
  '/api/v1/workspaces/{id}/imports': 'fintech',
  '/api/v1/imports/{id}/plan': 'fintech',
  '/api/v1/imports/{id}/submit': 'fintech',
  '/api/v1/imports/{id}/decision': 'office',
  '/api/v1/imports/{id}/withdrawal': 'fintech',
  '/api/v1/workspaces/{id}/models': 'fintech',
  '/api/v1/workspaces/{id}/products': 'fintech',
  '/api/v1/workspaces/{id}/templates': 'fintech',
  '/api/v1/workspaces/{id}/templates/{name}/runs': 'fintech',
  '/api/v1/products/{code}/submission': 'fintech',
  '/api/v1/products/{code}/reviews': 'reviewer',
  '/api/v1/registrations': 'fintech',
  '/api/v1/registrations/{id}/resubmission': 'fintech',
  '/api/v1/registrations/{id}/acceptance': 'bureau',
  '/api/v1/registrations/{id}/review': 'bureau',
  '/api/v1/registrations/{id}/issue': 'bureau',
  '/api/v1/registrations/{id}/objections/{objectionId}/resolution': 'bureau',
  '/api/v1/gateway/keys': 'bank',
  '/api/v1/gateway/keys/{id}/rotation': 'bank',
  '/api/v1/gateway/keys/{id}/revocation': 'bank',
  '/api/v1/gateway/consents': 'bank',
  '/api/v1/gateway/consents/{id}/revocation': 'bank',
  '/api/v1/gateway/usage': 'bank',
  '/api/v1/annual-reports/{id}/decision': 'office',
}
const DEFAULT_CALLER: DemoUser = 'operator'

/** Audit results a refused request may leave: refusals (403, 422) and failed sign-ins are recorded on purpose. */
const REFUSAL_RESULTS = ['refused', 'failure']

interface ErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown }
}

for (const dialect of testDialects()) {
  describe(`${dialect.name}: bad input everywhere`, () => {
    let world: BadInputWorld
    let operations: Operation[]

    before(async () => {
      world = await badInputWorld(dialect)
      const doc = (await world.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDocument
      operations = operationsOf(doc)
    })

    it('answers every invalid request to every documented operation with a 4xx error body, and changes nothing', async () => {
      const { app, platform, tokens, values } = world
      const failures: string[] = []
      let cases = 0
      const excused = new Set<number>()
      const startSeq = await auditHead(platform)
      const start = await storeDigest(platform)
      let digest = start
      for (const op of operations) {
        const caller = op.public ? undefined : (CALLER[op.path] ?? DEFAULT_CALLER)
        const auth = caller ? { authorization: `Bearer ${tokens.get(caller)}` } : {}
        for (const c of casesFor(op, values, platform.config.bodyLimitBytes, CASES_PER_OPERATION)) {
          cases++
          const auditBefore = c.mayPass ? await auditHead(platform) : 0
          const response = await app.inject({
            method: op.method,
            url: c.url,
            headers: { ...c.headers, ...auth },
            ...(c.payload === undefined ? {} : { payload: c.payload }),
          })
          const status = response.statusCode
          const fail = (why: string) => failures.push(`${op.method} ${op.path} [${c.name}] → ${status}: ${why}`)
          const expected = c.status !== undefined ? status === c.status : status >= 400 && status <= 499
          if (c.mayPass && status >= 200 && status <= 299) {
            // A read that passed; reading the audit log is itself audited, and rightly so.
            for (let seq = auditBefore + 1; seq <= (await auditHead(platform)); seq++) excused.add(seq)
            continue
          }
          if (!expected) {
            fail(response.body.slice(0, 300))
            continue
          }
          let body: ErrorBody
          try {
            body = response.json() as ErrorBody
          } catch {
            fail(`not a JSON error body: ${response.body.slice(0, 120)}`)
            continue
          }
          const { code, message } = body.error ?? {}
          if (typeof code !== 'string' || code === '' || typeof message !== 'string' || message.trim() === '') {
            fail(`not {error: {code, message}}: ${response.body.slice(0, 200)}`)
          }
        }
        // Checked after each operation, so a write is laid at the door of the operation that made it.
        const now = await storeDigest(platform)
        const changed = changedTables(digest, now)
        if (changed.length > 0) failures.push(`${op.method} ${op.path} changed ${changed.join(', ')}`)
        digest = now
      }
      for (const entry of await auditSince(platform, startSeq)) {
        if (!REFUSAL_RESULTS.includes(entry.result) && !excused.has(entry.seq)) failures.push(`audit entry ${entry.seq} ${entry.event} has result ${entry.result}`)
      }
      assert.ok(operations.length > 100, `only ${operations.length} operations in the document`)
      assert.ok(cases > operations.length * 5, `only ${cases} cases`)
      assert.deepEqual(failures, [], `${failures.length} of ${cases} cases failed:\n${failures.join('\n')}`)
      assert.deepEqual(changedTables(start, await storeDigest(platform)), [], 'the store changed')
    })
  })
}
