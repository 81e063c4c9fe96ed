import { hash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { ConflictError, NotAllowedError } from '../../platform/errors.ts'
import { derivedKey, type KeyRing } from '../../platform/keys/keys.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { actsForOrganization, type Principal } from '../identity/identity.ts'
import { validateUscc } from '../masking/identifiers.ts'

/**
 * The API gateway (接口管理): consumers call listed API products with a key, per-entity products
 * with the entity's consent, within a daily quota and a rate, every call metered. Pure: key and
 * token formats, pricing, quota windows, the guards. No I/O.
 */

// ---------------------------------------------------------------------------- pricing

export const DEFAULT_DAILY_QUOTA = 10_000
export const DEFAULT_RATE_PER_SECOND = 50

const limits = {
  dailyQuota: z.int().min(1).max(100_000_000).optional(),
  ratePerSecond: z.int().min(1).max(100_000).optional(),
}

/** A product's pricing, as the `products.pricing` JSON holds it; missing limits take the defaults. */
export const pricingSchema = z.discriminatedUnion('model', [
  z.object({ model: z.literal('free'), ...limits }).strict(),
  z.object({ model: z.literal('per-call'), yuanPerCall: z.number().positive().max(100_000), ...limits }).strict(),
])
export type Pricing = z.infer<typeof pricingSchema>

export interface Tariff {
  readonly yuanPerCall: number
  readonly dailyQuota: number
  readonly ratePerSecond: number
}

/** Reads a product's stored pricing; undefined when it does not parse (the product is then not served). */
export function tariffOf(pricingJson: string): Tariff | undefined {
  let value: unknown
  try {
    value = JSON.parse(pricingJson)
  } catch {
    return undefined
  }
  const parsed = pricingSchema.safeParse(value)
  if (!parsed.success) return undefined
  const pricing = parsed.data
  return {
    yuanPerCall: pricing.model === 'per-call' ? pricing.yuanPerCall : 0,
    dailyQuota: pricing.dailyQuota ?? DEFAULT_DAILY_QUOTA,
    ratePerSecond: pricing.ratePerSecond ?? DEFAULT_RATE_PER_SECOND,
  }
}

/** Amounts are kept to the micro-yuan: sums of floating prices are rounded back to it. */
export function roundYuan(amount: number): number {
  return Math.round(amount * 1_000_000) / 1_000_000
}

// ---------------------------------------------------------------------------- secrets

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** 40 base32 characters: 200 bits from the CSPRNG. */
function randomBase32(): string {
  const bytes = randomBytes(25)
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  return out
}

export const KEY_PREFIX = 'zk_'
export const CONSENT_TOKEN_PREFIX = 'zc_'
export const KEY_PATTERN = /^zk_[a-z2-7]{40}$/
export const CONSENT_TOKEN_PATTERN = /^zc_[a-z2-7]{40}$/

/** A new gateway key secret, shown once: `zk_` and 40 base32 characters. */
export function newKeySecret(): string {
  return `${KEY_PREFIX}${randomBase32()}`
}

/** A new consent token, shown once: `zc_` and 40 base32 characters. */
export function newConsentToken(): string {
  return `${CONSENT_TOKEN_PREFIX}${randomBase32()}`
}

/** What may be shown of a secret: its kind and first four characters (20 of its 200 bits). */
export function displayPrefix(secret: string): string {
  return `${secret.slice(0, 7)}…`
}

/**
 * Keyed hashes (HMAC-SM3 under the gm suite) with a key derived from the master key: a stolen
 * store yields no usable key or token, and no entity id. The label separates the three uses.
 */
function keyedHash(ring: KeyRing, label: 'key' | 'consent' | 'entity', value: string): string {
  const key = derivedKey(ring, 'gateway-key')
  const text = `${label}:${value}`
  let known = keyedHashes.get(key)
  if (!known) keyedHashes.set(key, (known = new Map()))
  // Memoized by a SHA-256 of the text, which costs a fifth of the HMAC; the texts themselves (keys,
  // tokens, entity ids) are not kept. The same text always hashes the same: nothing goes stale.
  const digest = hash('sha256', text, 'base64')
  let keyed = known.get(digest)
  if (keyed === undefined) {
    keyed = ring.suite.hmac(key, text).toString('hex')
    if (known.size >= MAX_KEYED_HASHES) known.clear()
    known.set(digest, keyed)
  }
  return keyed
}

/** Keyed hashes made, by derived key and the SHA-256 of what was hashed; a pure function's memo. */
const keyedHashes = new WeakMap<Buffer, Map<string, string>>()
const MAX_KEYED_HASHES = 100_000

export function keySecretHash(ring: KeyRing, secret: string): string {
  return keyedHash(ring, 'key', secret)
}

export function consentTokenHash(ring: KeyRing, token: string): string {
  return keyedHash(ring, 'consent', token)
}

/** An entity as metering and consents record it: never the raw id. */
export function entityHash(ring: KeyRing, entityId: string): string {
  return keyedHash(ring, 'entity', entityId)
}

/** A USCC with only its authority, kind and region shown (positions 1–8). */
export function maskEntity(entityId: string): string {
  return `${entityId.slice(0, 8)}${'*'.repeat(Math.max(0, entityId.length - 8))}`
}

// ---------------------------------------------------------------------------- request shapes

/** A unified social credit code (GB 32100), check characters verified. */
export const usccSchema = z
  .string()
  .length(18, 'a unified social credit code has 18 characters')
  .refine((value) => validateUscc(value).valid, 'not a valid unified social credit code (check characters do not match)')

export const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/
export const MAX_PARAMETERS = 20

export const callParametersSchema = z
  .record(
    z.string().regex(PARAMETER_NAME, 'a parameter name: letters, digits and _'),
    z.union([z.string().max(200), z.number()]),
  )
  .refine((value) => Object.keys(value).length <= MAX_PARAMETERS, `at most ${MAX_PARAMETERS} parameters`)

// ---------------------------------------------------------------------------- states

export const KEY_STATUSES = ['active', 'revoked'] as const
export type KeyStatus = (typeof KEY_STATUSES)[number]

export const CONSENT_STATUSES = ['active', 'revoked'] as const
export type ConsentStatus = (typeof CONSENT_STATUSES)[number]

const transitions = { active: ['revoked'], revoked: [] } as const satisfies Record<KeyStatus, readonly KeyStatus[]>

export function assertRevocable(what: string, status: KeyStatus | ConsentStatus): void {
  if (!(transitions[status] as readonly string[]).includes('revoked')) throw new ConflictError(`${what} is already ${status}`)
}

/** The outcome a metered call records, besides its HTTP status. */
export const CALL_OUTCOMES = [
  'ok',
  'invalid_key',
  'not_found',
  'not_in_key',
  'product_suspended',
  'consent_required',
  'invalid_input',
  'rate_limited',
  'quota_exhausted',
  'rule_violation',
  'executor_failed',
  'product_unavailable',
  'internal',
] as const
export type CallOutcome = (typeof CALL_OUTCOMES)[number]

// ---------------------------------------------------------------------------- windows

/**
 * The counting windows of a call at `now`: the China calendar day for the daily quota, the
 * second for the rate. `retryAfter` is the whole seconds until the window ends (at least 1).
 */
export interface Window {
  readonly period: string
  readonly endsAt: string
  readonly retryAfter: number
}

const DAY_MS = 86_400_000
const CHINA_OFFSET_MS = 8 * 3_600_000

export function dayWindow(now: Date): Window {
  const chinaMs = now.getTime() + CHINA_OFFSET_MS
  const end = new Date(Math.floor(chinaMs / DAY_MS) * DAY_MS + DAY_MS - CHINA_OFFSET_MS)
  return { period: `d:${chinaDate(now)}`, endsAt: chinaTime(end), retryAfter: Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000)) }
}

export function secondWindow(now: Date): Window {
  const end = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000)
  return { period: `s:${chinaTime(now).slice(0, 19)}`, endsAt: chinaTime(end), retryAfter: 1 }
}

// ---------------------------------------------------------------------------- guards

/** What the gateway needs to know of a product to decide whether it may serve it. */
export interface ServedProduct {
  readonly code: string
  readonly kind: string
  readonly status: string
}

export interface Authorization {
  readonly workspaceStatus: string | undefined
  readonly workspaceReason: string | null
  readonly agreementStatus: string | undefined
  readonly agreementTermEnd: string | undefined
}

/**
 * A product is served only while the authorization behind it stands (art. 34): an open
 * workspace, an active agreement within its term. Checked on every call, never cached.
 */
export function assertAuthorizationStands(code: string, a: Authorization, today: string): void {
  const refuse = (why: string) => {
    throw new NotAllowedError(`product ${code} is suspended: ${why}`, 'product_suspended')
  }
  if (a.workspaceStatus !== 'open') refuse(`its workspace is ${a.workspaceStatus ?? 'gone'}${a.workspaceReason ? ` (${a.workspaceReason})` : ''}`)
  if (a.agreementStatus !== 'active') refuse(`the authorization agreement behind it is ${a.agreementStatus ?? 'gone'}`)
  if (a.agreementTermEnd !== undefined && a.agreementTermEnd < today) refuse(`the authorization agreement ended on ${a.agreementTermEnd}`)
}

export interface ConsentFacts {
  readonly status: string
  readonly orgId: string
  readonly productCode: string
  readonly entityHash: string
  readonly validUntil: string
}

/**
 * A per-entity call needs that entity's consent, registered by this consumer for this product,
 * active and within its validity. The refusal never says which entity a token was for.
 */
export function assertConsentCovers(
  consent: ConsentFacts | undefined,
  call: { orgId: string; productCode: string; entityHash: string },
  today: string,
): void {
  const refuse = (why: string) => {
    throw new NotAllowedError(`this product concerns one entity and needs its consent: ${why}`, 'consent_required')
  }
  if (!consent) refuse('send the consent token registered for this entity and product in the x-consent-token header')
  const c = consent!
  if (c.orgId !== call.orgId || c.productCode !== call.productCode || c.entityHash !== call.entityHash) {
    refuse('the consent token does not cover this entity, product and consumer')
  }
  if (c.status !== 'active') refuse('the consent was revoked')
  if (c.validUntil < today) refuse(`the consent expired on ${c.validUntil}`)
}

/** A consent's validity: from today, at most one year ahead; the letter signed no later than today. */
export function consentDateProblems(input: { signedOn: string; validUntil: string }, today: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  const limit = oneYearAfter(today)
  if (input.signedOn > today) problems.push({ path: 'body.evidence.signedOn', message: 'the authorization letter cannot be signed in the future' })
  // A consent lasts a year at most, so the letter it rests on is of the last year.
  if (oneYearAfter(input.signedOn) < today) problems.push({ path: 'body.evidence.signedOn', message: 'the authorization letter is more than a year old: register a consent on a new one' })
  if (input.validUntil < today) problems.push({ path: 'body.validUntil', message: 'the consent would already have expired' })
  if (input.validUntil > limit) problems.push({ path: 'body.validUntil', message: `a consent is valid for at most one year: ${limit} at the latest` })
  if (input.validUntil < input.signedOn) problems.push({ path: 'body.validUntil', message: 'the consent ends before the letter was signed' })
  return problems
}

/** The same calendar day a year later (29 February → 28 February). */
export function oneYearAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const lastDay = new Date(Date.UTC(y + 1, m, 0)).getUTCDate()
  return `${String(y + 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`
}

// ---------------------------------------------------------------------------- policy

/** Consumers hold keys and register consents, acting for their organization. */
export function isConsumer(p: Principal): boolean {
  return p.orgKind === 'consumer' && actsForOrganization(p)
}

/** The operator runs the gateway; regulators supervise it (art. 30): both see every key, consent and call. */
export function canSeeAllGateway(p: Principal): boolean {
  return (p.orgKind === 'operator' && actsForOrganization(p)) || p.orgKind === 'regulator'
}

export function canSeeGatewayObject(p: Principal, owner: { org_id: string }): boolean {
  return canSeeAllGateway(p) || (isConsumer(p) && p.orgId === owner.org_id)
}

/** The holder rotates its key; the holder or the operator (on abuse) revokes a key or a consent. */
export function canRotate(p: Principal, owner: { org_id: string }): boolean {
  return isConsumer(p) && p.orgId === owner.org_id
}

export function canRevoke(p: Principal, owner: { org_id: string }): boolean {
  return canRotate(p, owner) || (p.orgKind === 'operator' && actsForOrganization(p))
}

/**
 * Refusals of a call that none of the platform's error classes carries: over a limit (429, with
 * the seconds until the window ends) or a product that failed (502, never with its error's text).
 * The gateway's routes answer them; nothing else throws them.
 */
export class GatewayRefusal extends Error {
  override readonly name = 'GatewayRefusal'
  readonly status: 429 | 502
  readonly code: CallOutcome
  readonly retryAfter: number | undefined
  constructor(status: 429 | 502, code: CallOutcome, message: string, retryAfter?: number) {
    super(message)
    this.status = status
    this.code = code
    this.retryAfter = retryAfter
  }
}
