import { performance } from 'node:perf_hooks'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { AuthenticationError, ConflictError, InputError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { memoizeByText } from '../../platform/memo.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { auditChainSuite, type AuditActor, type AuditEvent, type AuditResult } from '../audit/audit.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import type { ProductRow } from '../products/product.table.ts'
import { sameSecretHash } from '../identity/token.ts'
import {
  assertAuthorizationStands,
  assertConsentCovers,
  assertRevocable,
  canRevoke,
  canRotate,
  canSeeAllGateway,
  canSeeGatewayObject,
  consentDateProblems,
  consentTokenHash,
  CONSENT_TOKEN_PATTERN,
  dayWindow,
  displayPrefix,
  entityHash,
  GatewayRefusal,
  isConsumer,
  KEY_PATTERN,
  keySecretHash,
  maskEntity,
  newConsentToken,
  newKeySecret,
  roundYuan,
  secondWindow,
  tariffOf,
  type CallOutcome,
  type ConsentStatus,
  type KeyStatus,
  type Tariff,
  type Window,
} from './gateway.ts'
import { inNextCommit, type Batch } from '../audit/group-commit.ts'
import { cappedPrice } from '../ledger/ledger.ts'
import {
  consentFactsSqlite,
  countCall,
  countCallSqlite,
  insertCall,
  insertCallSqlite,
  keyFactsSqlite,
  productFactsSqlite,
  readCallFacts,
  type CallFacts,
  type CountedCall,
  type KeyFacts,
  TransactionCounters,
} from './gateway.repository.ts'
import type { ConsentRow, GatewayCallRow, GatewayKeyRow } from './gateway.table.ts'

/**
 * Runs a product inside the domain for one call and returns its outputs. The gateway has
 * checked the key, the authorization, the consent and the limits before; the executor answers
 * only for the product. A RuleViolation it throws is the consumer's 422; anything else a 502.
 */
export interface ProductExecutor {
  (platform: Platform, product: ProductRow, input: ProductInput): Promise<Record<string, unknown>>
  /**
   * The answer the executor already holds for this call, if any, found synchronously inside the
   * SQLite transaction that admits the call: the call is then answered, metered and audited in
   * that one transaction. Undefined sends the call on to the executor itself.
   */
  held?(platform: Platform, product: ProductRow, input: ProductInput, batch: Batch): Record<string, unknown> | undefined
}

export interface ProductInput {
  readonly entityId?: string
  readonly parameters: Record<string, string | number>
}

function now(platform: Platform): string {
  return chinaTime(platform.clock())
}

function today(platform: Platform): string {
  return chinaDate(platform.clock())
}

function transaction<T>(platform: Platform, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return platform.store.db.transaction().execute(work)
}

// ---------------------------------------------------------------------------- keys

export interface GatewayKey {
  readonly id: string
  readonly orgId: string
  readonly name: string
  /** `zk_` and the first characters of the secret: to tell keys apart, useless to call with. */
  readonly prefix: string
  readonly products: readonly string[]
  readonly status: KeyStatus
  readonly createdBy: string
  readonly createdAt: string
  readonly rotatedAt: string | null
  readonly revokedAt: string | null
  readonly revocationReason: string | null
}

function toKey(row: GatewayKeyRow): GatewayKey {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    prefix: row.prefix,
    products: JSON.parse(row.products) as string[],
    status: row.status as KeyStatus,
    createdBy: row.created_by,
    createdAt: row.created_at,
    rotatedAt: row.rotated_at,
    revokedAt: row.revoked_at,
    revocationReason: row.revocation_reason,
  }
}

/** A listed API product a consumer may name; otherwise the reason, against the request path. */
async function servableProductProblem(db: Kysely<Database>, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('products').select(['code', 'kind', 'status']).where('code', '=', code).executeTakeFirst()
  if (!row || row.kind !== 'api') return `no API product ${code}`
  if (row.status !== 'listed') return `product ${code} is not listed`
  return undefined
}

/** A consumer's new key for some listed API products: the secret is in this answer and nowhere else, ever. */
export async function createKey(
  platform: Platform,
  ctx: RequestContext,
  input: { name: string; products: readonly string[] },
): Promise<{ key: GatewayKey; secret: string }> {
  const p = actingPrincipal(ctx)
  if (!isConsumer(p)) throw new NotAllowedError('gateway keys are for the members of a consumer organization')
  const products = [...new Set(input.products)]
  const issues: { path: string; message: string }[] = []
  for (const [i, code] of products.entries()) {
    const problem = await servableProductProblem(platform.store.db, code)
    if (problem) issues.push({ path: `body.products.${i}`, message: problem })
  }
  if (issues.length > 0) throw new InputError(`a key names listed API products only: ${issues.map((i) => i.message).join('; ')}`, issues)
  const secret = newKeySecret()
  const row: GatewayKeyRow = {
    id: newId('gk'),
    org_id: p.orgId,
    name: input.name,
    prefix: displayPrefix(secret),
    secret_hash: keySecretHash(platform.keys, secret),
    products: JSON.stringify(products),
    status: 'active',
    created_by: p.userId,
    created_at: now(platform),
    rotated_at: null,
    revoked_at: null,
    revoked_by: null,
    revocation_reason: null,
  }
  await transaction(platform, async (trx) => {
    await trx.insertInto('gateway_keys').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'gateway.key.create',
      objectType: 'gateway-key',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { name: row.name, products },
    })
  })
  return { key: toKey(row), secret }
}

export async function listKeys(platform: Platform, ctx: RequestContext): Promise<GatewayKey[]> {
  const p = actingPrincipal(ctx)
  if (!canSeeAllGateway(p) && !isConsumer(p)) throw new NotAllowedError('gateway keys are seen by their consumer, the operator and regulators')
  let query = platform.store.db.selectFrom('gateway_keys').selectAll().orderBy('created_at').orderBy('id')
  if (!canSeeAllGateway(p)) query = query.where('org_id', '=', p.orgId)
  return (await query.execute()).map(toKey)
}

async function visibleKey(trx: Kysely<Database>, ctx: RequestContext, id: string): Promise<GatewayKeyRow> {
  const p = actingPrincipal(ctx)
  const row = await trx.selectFrom('gateway_keys').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || !canSeeGatewayObject(p, row)) throw new NotFoundError(`no gateway key ${id}`)
  return row
}

/** A new secret for the key; the old one stops working with this transaction's commit. */
export async function rotateKey(platform: Platform, ctx: RequestContext, id: string): Promise<{ key: GatewayKey; secret: string }> {
  const p = actingPrincipal(ctx)
  const secret = newKeySecret()
  return transaction(platform, async (trx) => {
    const row = await visibleKey(trx, ctx, id)
    if (!canRotate(p, row)) throw new NotAllowedError('only the consumer holding a key rotates it')
    if (row.status !== 'active') throw new NotAllowedError(`gateway key ${id} is ${row.status}: a revoked key is not rotated, make a new one`, 'key_revoked')
    const changes = { secret_hash: keySecretHash(platform.keys, secret), prefix: displayPrefix(secret), rotated_at: now(platform) }
    const updated = await trx
      .updateTable('gateway_keys')
      .set(changes)
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where('secret_hash', '=', row.secret_hash)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError(`gateway key ${id} changed meanwhile: reload and try again`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'gateway.key.rotate',
      objectType: 'gateway-key',
      objectId: id,
      action: 'rotate',
      result: 'success',
    })
    return { key: toKey({ ...row, ...changes }), secret }
  })
}

export async function revokeKey(platform: Platform, ctx: RequestContext, id: string, reason: string): Promise<GatewayKey> {
  const p = actingPrincipal(ctx)
  return transaction(platform, async (trx) => {
    const row = await visibleKey(trx, ctx, id)
    if (!canRevoke(p, row)) throw new NotAllowedError('the consumer holding a key or the operator revokes it')
    assertRevocable(`gateway key ${id}`, row.status as KeyStatus)
    const changes = { status: 'revoked', revoked_at: now(platform), revoked_by: p.userId, revocation_reason: reason }
    const updated = await trx.updateTable('gateway_keys').set(changes).where('id', '=', id).where('status', '=', 'active').executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) assertRevocable(`gateway key ${id}`, 'revoked')
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'gateway.key.revoke',
      objectType: 'gateway-key',
      objectId: id,
      action: 'revoke',
      result: 'success',
      reason,
    })
    return toKey({ ...row, ...changes })
  })
}

// ---------------------------------------------------------------------------- consents

export interface ConsentEvidence {
  /** The hash of the signed authorization letter (授权书), 64 hex characters. */
  readonly documentHash: string
  readonly signatory: string
  readonly signedOn: string
}

export interface Consent {
  readonly id: string
  readonly orgId: string
  readonly productCode: string
  /** The entity with its identifying part masked: the consumer registered it and knows it. */
  readonly entity: string
  readonly tokenPrefix: string
  readonly evidence: ConsentEvidence
  readonly validUntil: string
  /** As stored, except that an active consent past its last day reads `expired`: calls refuse it. */
  readonly status: ConsentStatus | 'expired'
  readonly createdBy: string
  readonly createdAt: string
  readonly revokedAt: string | null
  readonly revocationReason: string | null
}

function toConsent(row: ConsentRow, today: string): Consent {
  return {
    id: row.id,
    orgId: row.org_id,
    productCode: row.product_code,
    entity: row.entity_masked,
    tokenPrefix: row.token_prefix,
    evidence: JSON.parse(row.evidence) as ConsentEvidence,
    validUntil: row.valid_until,
    status: row.status === 'active' && row.valid_until < today ? 'expired' : (row.status as ConsentStatus),
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revocationReason: row.revocation_reason,
  }
}

export interface NewConsent {
  readonly productCode: string
  readonly entityId: string
  readonly evidence: ConsentEvidence
  readonly validUntil: string
}

/**
 * Registers an entity's consent the consumer holds, as the practice of credit data requires:
 * bound to the entity, the consumer and one per-entity product. The token is in this answer only.
 */
export async function createConsent(platform: Platform, ctx: RequestContext, input: NewConsent): Promise<{ consent: Consent; token: string }> {
  const p = actingPrincipal(ctx)
  if (!isConsumer(p)) throw new NotAllowedError('consents are registered by the members of a consumer organization')
  const { db } = platform.store
  const problem = await servableProductProblem(db, input.productCode)
  if (problem) throw new InputError(problem, [{ path: 'body.productCode', message: problem }])
  const product = await db.selectFrom('products').select('per_entity').where('code', '=', input.productCode).executeTakeFirstOrThrow()
  if (Number(product.per_entity) !== 1) {
    const message = `product ${input.productCode} does not concern one entity: its calls need no consent`
    throw new InputError(message, [{ path: 'body.productCode', message }])
  }
  const dates = consentDateProblems({ signedOn: input.evidence.signedOn, validUntil: input.validUntil }, today(platform))
  if (dates.length > 0) throw new InputError(`invalid consent: ${dates.map((d) => `${d.path}: ${d.message}`).join('; ')}`, dates)
  const token = newConsentToken()
  const row: ConsentRow = {
    id: newId('cns'),
    org_id: p.orgId,
    product_code: input.productCode,
    entity_hash: entityHash(platform.keys, input.entityId),
    entity_masked: maskEntity(input.entityId),
    token_prefix: displayPrefix(token),
    token_hash: consentTokenHash(platform.keys, token),
    evidence: JSON.stringify(input.evidence),
    valid_until: input.validUntil,
    status: 'active',
    created_by: p.userId,
    created_at: now(platform),
    revoked_at: null,
    revoked_by: null,
    revocation_reason: null,
  }
  await transaction(platform, async (trx) => {
    await trx.insertInto('consents').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'gateway.consent.create',
      objectType: 'consent',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { productCode: row.product_code, entity: row.entity_masked, documentHash: input.evidence.documentHash, validUntil: row.valid_until },
    })
  })
  return { consent: toConsent(row, today(platform)), token }
}

export async function listConsents(platform: Platform, ctx: RequestContext): Promise<Consent[]> {
  const p = actingPrincipal(ctx)
  if (!canSeeAllGateway(p) && !isConsumer(p)) throw new NotAllowedError('consents are seen by their consumer, the operator and regulators')
  let query = platform.store.db.selectFrom('consents').selectAll().orderBy('created_at').orderBy('id')
  if (!canSeeAllGateway(p)) query = query.where('org_id', '=', p.orgId)
  const day = today(platform)
  return (await query.execute()).map((row) => toConsent(row, day))
}

/** Ends a consent at once: the entity withdrew it, or the letter turned out void. */
export async function revokeConsent(platform: Platform, ctx: RequestContext, id: string, reason: string): Promise<Consent> {
  const p = actingPrincipal(ctx)
  return transaction(platform, async (trx) => {
    const row = await trx.selectFrom('consents').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row || !canSeeGatewayObject(p, row)) throw new NotFoundError(`no consent ${id}`)
    if (!canRevoke(p, row)) throw new NotAllowedError('the consumer holding a consent or the operator revokes it')
    assertRevocable(`consent ${id}`, row.status as ConsentStatus)
    const changes = { status: 'revoked', revoked_at: now(platform), revoked_by: p.userId, revocation_reason: reason }
    const updated = await trx.updateTable('consents').set(changes).where('id', '=', id).where('status', '=', 'active').executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) assertRevocable(`consent ${id}`, 'revoked')
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'gateway.consent.revoke',
      objectType: 'consent',
      objectId: id,
      action: 'revoke',
      result: 'success',
      reason,
    })
    return toConsent({ ...row, ...changes }, today(platform))
  })
}

// ---------------------------------------------------------------------------- calls

export interface CallRequest {
  readonly productCode: string
  readonly apiKey: string | undefined
  readonly consentToken: string | undefined
  readonly entityId: string | undefined
  readonly parameters: Record<string, string | number>
  readonly sourceIp: string | null
  readonly requestId: string | null
}

export interface CallAnswer {
  readonly product: string
  readonly outputs: Record<string, unknown>
  readonly callId: string
}

/** What a call's metering row and audit entry say; filled in as the checks pass. */
interface Meter {
  keyId: string | null
  orgId: string | null
  entityHash: string | null
  consentId: string | null
}

/**
 * One call of a product through the gateway, failing closed in this order: the key, the
 * product, the authorization behind it, the entity's consent, the rate and the daily quota;
 * then the product runs. Every call, answered or refused, is metered and audited in one
 * transaction; only an answered one is charged. On SQLite, calls reaching the store in the same
 * turn share their transactions (audit/group-commit.ts), each with its own checks, counts, row and
 * entry.
 */
export async function callProduct(platform: Platform, executor: ProductExecutor, request: CallRequest): Promise<CallAnswer> {
  const started = performance.now()
  const callId = newId('gcl')
  const meter: Meter = { keyId: null, orgId: null, entityHash: null, consentId: null }
  const record = (status: number, outcome: CallOutcome, price: number) =>
    meterCall(platform, request, callId, meter, { status, outcome, price, durationMs: Math.round(performance.now() - started) })
  let served: Served
  try {
    served = await serve(platform, executor, request, callId, meter, started)
  } catch (error) {
    const { status, outcome } = classify(error)
    try {
      await record(status, outcome, 0)
    } catch {
      // The refusal stands even when it cannot be metered: the store is what failed.
    }
    throw error
  }
  // An answer that cannot be metered is not given.
  if (!served.metered) await record(200, 'ok', served.price)
  return served.answer
}

/** What admitting a call needs to answer it there, if the executor holds its answer. */
interface Serving {
  readonly executor: ProductExecutor
  readonly input: ProductInput
  readonly callId: string
  readonly started: number
}

/** A call answered: metered already when its answer was held (one transaction), else not yet. */
interface Served {
  readonly answer: CallAnswer
  readonly price: number
  readonly metered: boolean
}

/** The keyed hashes of what a call presents, made before the store is visited. */
interface Presented {
  readonly keyHash: string
  readonly consentHash: string | undefined
  readonly entityHash: string | undefined
}

/** A call the checks let through, counted: what the executor and the metering need. */
interface Admitted {
  readonly product: ProductRow
  readonly tariff: Tariff
  /** The executor's held answer, metered and audited in the transaction that admitted the call. */
  readonly held?: Record<string, unknown>
}

async function serve(
  platform: Platform,
  executor: ProductExecutor,
  request: CallRequest,
  callId: string,
  meter: Meter,
  started: number,
): Promise<Served> {
  const clock = platform.clock()
  const presented: Presented = {
    keyHash: presentedKeyHash(platform, request.apiKey),
    consentHash: request.consentToken && CONSENT_TOKEN_PATTERN.test(request.consentToken) ? consentTokenHash(platform.keys, request.consentToken) : undefined,
    entityHash: request.entityId === undefined ? undefined : entityHash(platform.keys, request.entityId),
  }
  const input: ProductInput = { ...(request.entityId !== undefined ? { entityId: request.entityId } : {}), parameters: request.parameters }
  const { product, tariff, held } = await admit(platform, request, presented, clock, meter, { executor, input, callId, started })
  if (held) return { answer: { product: product.code, outputs: held, callId }, price: tariff.yuanPerCall, metered: true }

  let outputs: Record<string, unknown>
  try {
    outputs = await executor(platform, product, input)
  } catch (error) {
    if (error instanceof RuleViolation || error instanceof InputError) throw error
    throw new GatewayRefusal(502, 'executor_failed', `product ${product.code} failed to answer; the call was not charged`)
  }
  return { answer: { product: product.code, outputs, callId }, price: tariff.yuanPerCall, metered: false }
}

/**
 * Checks the call against the store's facts, read afresh for it and never cached across
 * calls (a revocation or suspension holds from the next call, on every node), then counts it
 * against the rate and the daily quota. On SQLite the facts are read and the counters moved in
 * one transaction, shared with the calls of the same turn, and a call whose answer the executor
 * holds is answered, metered and audited in it too; on PostgreSQL, a read then a transaction for
 * the counters.
 */
async function admit(
  platform: Platform,
  request: CallRequest,
  presented: Presented,
  clock: Date,
  meter: Meter,
  serving: Serving,
): Promise<Admitted> {
  const { store } = platform
  const day = windowsOf(clock).date
  const { sqlite } = store
  if (sqlite) {
    const decided = await inNextCommit(
      { db: store.db, sqlite },
      (recorded) => auditChainSuite(recorded, platform.keys.suite),
      (batch): { admitted: Admitted } | { refused: unknown } => {
        try {
          const facts: CallFacts = {
            key: batch.once(`key:${presented.keyHash}`, () => keyFactsSqlite(sqlite, presented.keyHash)),
            product: batch.once(`product:${request.productCode}`, () => productFactsSqlite(sqlite, request.productCode)),
            consent: presented.consentHash === undefined ? undefined : batch.once(`consent:${presented.consentHash}`, () => consentFactsSqlite(sqlite, presented.consentHash!)),
          }
          const { key, product, tariff } = checkCall(facts, request, presented, day, meter)
          const counters = batch.once('counters', () => {
            const moved = new TransactionCounters()
            batch.beforeCommit(() => moved.write(sqlite))
            return moved
          })
          const counted = countCallSqlite(sqlite, countedCall(key, product, tariff, clock), counters)
          assertWithinLimits(counted, product, tariff, clock)
          const held = serving.executor.held?.(platform, product, serving.input, batch)
          if (!held) return { admitted: { product, tariff } }
          const durationMs = Math.round(performance.now() - serving.started)
          meterInBatch(batch, platform, request, serving.callId, meter, { status: 200, outcome: 'ok', price: tariff.yuanPerCall, durationMs })
          return { admitted: { product, tariff, held } }
        } catch (error) {
          // The store's errors fail the whole transaction; the checks' refusals are this call's answer.
          if (isStoreError(error)) throw error
          return { refused: error }
        }
      },
    )
    if ('refused' in decided) throw decided.refused
    return decided.admitted
  }
  const facts = await readCallFacts(store.db, presented.keyHash, request.productCode, presented.consentHash)
  const { key, product, tariff } = checkCall(facts, request, presented, day, meter)
  assertWithinLimits(await countCall(store.db, countedCall(key, product, tariff, clock)), product, tariff, clock)
  return { product, tariff }
}

function isStoreError(error: unknown): boolean {
  return error instanceof Error && error.name === 'SqliteError'
}

function countedCall(key: KeyFacts, product: ProductRow, tariff: Tariff, clock: Date): CountedCall {
  const { second, day, at } = windowsOf(clock)
  return { orgId: key.org_id, productCode: product.code, second, day, at, ratePerSecond: tariff.ratePerSecond }
}

/** A second's and a day's windows, the same for every instant of one second: made once a second. */
interface Windows {
  readonly epochSecond: number
  readonly second: Window
  readonly day: Window
  /** The second's start, China time: past seconds' windows end at or before it. */
  readonly at: string
  /** The China date. */
  readonly date: string
}

let lastWindows: Windows | undefined

function windowsOf(clock: Date): Windows {
  const epochSecond = Math.floor(clock.getTime() / 1000)
  if (lastWindows?.epochSecond !== epochSecond) {
    const start = new Date(epochSecond * 1000)
    lastWindows = { epochSecond, second: secondWindow(start), day: dayWindow(start), at: chinaTime(start), date: chinaDate(start) }
  }
  return lastWindows
}

/**
 * The checks before a call is counted, on the facts read for it; throws the refusal. Fills in
 * `meter` as they pass, so that a refusal is metered with what was known.
 */
function checkCall(facts: CallFacts, request: CallRequest, presented: Presented, day: string, meter: Meter): { key: KeyFacts; product: ProductRow; tariff: Tariff } {
  const key = assertKeyValid(facts.key, presented.keyHash)
  meter.keyId = key.id
  meter.orgId = key.org_id

  const found = facts.product
  const product = found?.product
  if (!product || product.kind !== 'api') throw new NotFoundError(`no API product ${request.productCode}`)
  if (product.status === 'suspended') throw new NotAllowedError(`product ${product.code} is suspended`, 'product_suspended')
  if (product.status !== 'listed') throw new NotFoundError(`no API product ${request.productCode}`)
  if (!cachedJsonList(key.products).includes(product.code)) {
    throw new NotAllowedError(`this key may not call product ${product.code}: create a key that names it`, 'not_in_key')
  }

  const { workspace, agreement } = found
  assertAuthorizationStands(
    product.code,
    {
      workspaceStatus: workspace?.status,
      workspaceReason: workspace?.status_reason ?? null,
      agreementStatus: workspace && workspace.agreement_id === product.agreement_id ? agreement?.status : 'not the workspace’s',
      agreementTermEnd: agreement?.term_end,
    },
    day,
  )

  const priced = cachedTariffOf(product.pricing)
  if (!priced) throw new GatewayRefusal(502, 'product_unavailable', `product ${product.code} cannot be served at the moment`)
  // The office lowered the cap below the product's declared price: calls are charged at the cap,
  // never above it (art. 26), for as long as the cap stays below that price.
  const charged = cappedPrice(priced.yuanPerCall, found.cap)
  const tariff = charged === priced.yuanPerCall ? priced : { ...priced, yuanPerCall: charged }

  if (Number(product.per_entity) === 1) {
    if (presented.entityHash === undefined) throw new InputError('this product concerns one entity: send its entityId', [{ path: 'body.entityId', message: 'required' }])
    meter.entityHash = presented.entityHash
    const consent = facts.consent
    if (consent) meter.consentId = consent.id
    assertConsentCovers(
      consent && {
        status: consent.status,
        orgId: consent.org_id,
        productCode: consent.product_code,
        entityHash: consent.entity_hash,
        validUntil: consent.valid_until,
      },
      { orgId: key.org_id, productCode: product.code, entityHash: presented.entityHash },
      day,
    )
  } else if (request.entityId !== undefined) {
    throw new InputError(`product ${product.code} does not concern one entity: send no entityId`, [{ path: 'body.entityId', message: 'not expected' }])
  }
  return { key, product, tariff }
}

function assertWithinLimits(counted: { second: number; day: number | undefined }, product: ProductRow, tariff: Tariff, clock: Date): void {
  if (counted.day === undefined) {
    throw new GatewayRefusal(429, 'rate_limited', `at most ${tariff.ratePerSecond} calls per second of product ${product.code}`, windowsOf(clock).second.retryAfter)
  }
  if (counted.day > tariff.dailyQuota) {
    const daily = windowsOf(clock).day
    throw new GatewayRefusal(429, 'quota_exhausted', `the daily quota of ${tariff.dailyQuota} calls of product ${product.code} is used up until ${daily.endsAt}`, daily.retryAfter)
  }
}

/** The keyed hash of the key presented in x-api-key, once its format is right. */
function presentedKeyHash(platform: Platform, presented: string | undefined): string {
  if (!presented) throw new AuthenticationError('send your gateway key in the x-api-key header', 'invalid_key')
  if (!KEY_PATTERN.test(presented)) throw new AuthenticationError('the gateway key is malformed', 'invalid_key')
  return keySecretHash(platform.keys, presented)
}

/** The presented key must be known, active, and held by an active consumer organization. */
function assertKeyValid(key: KeyFacts | undefined, hash: string): KeyFacts {
  if (!key || !sameSecretHash(key.secret_hash, hash)) throw new AuthenticationError('the gateway key is not valid (unknown, or replaced by a rotation)', 'invalid_key')
  if (key.status !== 'active') throw new AuthenticationError('the gateway key was revoked', 'invalid_key')
  if (key.org_status !== 'active' || key.org_kind !== 'consumer') throw new AuthenticationError('the organization holding this key is disabled', 'invalid_key')
  return key
}

/**
 * tariffOf memoized by the pricing JSON: the same text always reads the same. Products are
 * still read on every call, so a price change applies from the next call.
 */
const cachedTariffOf = memoizeByText(tariffOf)

/** A key's products (a JSON list), memoized by the text as tariffs are: the row is still read on every call. */
const cachedJsonList = memoizeByText((text): readonly string[] => Object.freeze(JSON.parse(text) as string[]))

function classify(error: unknown): { status: number; outcome: CallOutcome } {
  if (error instanceof GatewayRefusal) return { status: error.status, outcome: error.code }
  if (error instanceof AuthenticationError) return { status: 401, outcome: 'invalid_key' }
  if (error instanceof NotAllowedError) {
    const outcome = (['product_suspended', 'consent_required', 'not_in_key'] as const).find((c) => c === error.code)
    return { status: 403, outcome: outcome ?? 'not_in_key' }
  }
  if (error instanceof NotFoundError) return { status: 404, outcome: 'not_found' }
  if (error instanceof InputError) return { status: 400, outcome: 'invalid_input' }
  if (error instanceof RuleViolation) return { status: 422, outcome: 'rule_violation' }
  return { status: 500, outcome: 'internal' }
}

/** The call's metering row and its audit entry, in one transaction. No key, token or entity id in either. */
async function meterCall(platform: Platform, request: CallRequest, callId: string, meter: Meter, result: MeterResult): Promise<void> {
  const { store } = platform
  const { sqlite } = store
  if (sqlite) {
    await inNextCommit(
      { db: store.db, sqlite },
      (recorded) => auditChainSuite(recorded, platform.keys.suite),
      (batch) => meterInBatch(batch, platform, request, callId, meter, result),
    )
    return
  }
  const { row, actor, event } = metering(platform, request, callId, meter, result)
  await transaction(platform, async (trx) => {
    await insertCall(trx, row)
    await appendAudit(trx, platform, actor, event)
  })
}

interface MeterResult {
  readonly status: number
  readonly outcome: CallOutcome
  readonly price: number
  readonly durationMs: number
}

/** The call's metering row and its audit entry, in the batch's transaction (SQLite). */
function meterInBatch(batch: Batch, platform: Platform, request: CallRequest, callId: string, meter: Meter, result: MeterResult): void {
  const { row, actor, event } = metering(platform, request, callId, meter, result)
  insertCallSqlite(batch.sqlite, row)
  batch.audit({ occurredAt: row.called_at, actor, events: [event] })
}

function metering(platform: Platform, request: CallRequest, callId: string, meter: Meter, result: MeterResult): { row: GatewayCallRow; actor: AuditActor; event: AuditEvent } {
  const row: GatewayCallRow = {
    id: callId,
    key_id: meter.keyId,
    org_id: meter.orgId,
    product_code: request.productCode,
    entity_hash: meter.entityHash,
    consent_id: meter.consentId,
    status: result.status,
    outcome: result.outcome,
    duration_ms: result.durationMs,
    price_yuan: result.price,
    request_id: request.requestId,
    called_at: now(platform),
  }
  const actor: AuditActor = {
    userId: null,
    username: `gateway-key:${meter.keyId ?? 'unknown'}`,
    orgId: meter.orgId,
    role: 'gateway-key',
    sourceIp: request.sourceIp,
    requestId: request.requestId,
  }
  const auditResult: AuditResult = result.status === 200 ? 'success' : result.status >= 500 ? 'failure' : 'refused'
  const event: AuditEvent = {
    eventType: 'gateway.call',
    objectType: 'product',
    objectId: request.productCode,
    action: 'call',
    result: auditResult,
    ...(result.status === 200 ? {} : { reason: result.outcome }),
    detail: {
      callId,
      keyId: meter.keyId,
      consentId: meter.consentId,
      perEntity: meter.entityHash !== null,
      status: result.status,
      durationMs: result.durationMs,
      priceYuan: result.price,
    },
  }
  return { row, actor, event }
}

// ---------------------------------------------------------------------------- usage

export interface UsageRow {
  readonly date: string
  readonly orgId: string | null
  readonly productCode: string
  readonly calls: number
  readonly answered: number
  readonly refused: number
  readonly amountYuan: number
}

export interface Usage {
  readonly from: string
  readonly to: string
  readonly rows: readonly UsageRow[]
  readonly totals: { readonly calls: number; readonly answered: number; readonly refused: number; readonly amountYuan: number }
}

const MAX_USAGE_DAYS = 366

/** Calls per consumer, product and China day, with amounts: what the ledger bills. */
export async function usage(platform: Platform, ctx: RequestContext, range: { from?: string; to?: string }): Promise<Usage> {
  const p = actingPrincipal(ctx)
  if (!canSeeAllGateway(p) && !isConsumer(p)) throw new NotAllowedError('gateway usage is seen by its consumer, the operator and regulators')
  const to = range.to ?? today(platform)
  const from = range.from ?? dayOffset(to, -30)
  if (from > to) throw new InputError('from is after to', [{ path: 'query.from', message: 'after to' }])
  if (dayOffset(from, MAX_USAGE_DAYS) < to) throw new InputError(`at most ${MAX_USAGE_DAYS} days at a time`, [{ path: 'query.to', message: 'range too long' }])
  const day = sql<string>`substr(called_at, 1, 10)`
  let query = platform.store.db
    .selectFrom('gateway_calls')
    .select((eb) => [
      day.as('date'),
      'org_id',
      'product_code',
      eb.fn.countAll<number>().as('calls'),
      sql<number>`sum(case when status = 200 then 1 else 0 end)`.as('answered'),
      sql<number>`coalesce(sum(price_yuan), 0)`.as('amount'),
    ])
    .where('called_at', '>=', `${from}T00:00:00`)
    .where('called_at', '<', `${dayOffset(to, 1)}T00:00:00`)
    .groupBy([day, 'org_id', 'product_code'])
    .orderBy(day)
    .orderBy('org_id')
    .orderBy('product_code')
  if (!canSeeAllGateway(p)) query = query.where('org_id', '=', p.orgId)
  const rows: UsageRow[] = (await query.execute()).map((r) => {
    const calls = Number(r.calls)
    const answered = Number(r.answered)
    return { date: r.date, orgId: r.org_id, productCode: r.product_code, calls, answered, refused: calls - answered, amountYuan: roundYuan(Number(r.amount)) }
  })
  const totals = rows.reduce(
    (t, r) => ({ calls: t.calls + r.calls, answered: t.answered + r.answered, refused: t.refused + r.refused, amountYuan: roundYuan(t.amountYuan + r.amountYuan) }),
    { calls: 0, answered: 0, refused: 0, amountYuan: 0 },
  )
  return { from, to, rows, totals }
}

function dayOffset(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
