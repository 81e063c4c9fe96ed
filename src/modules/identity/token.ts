import { randomBytes, timingSafeEqual } from 'node:crypto'
import { derivedKey, type KeyRing } from '../../platform/keys/keys.ts'
import { AuthenticationError } from '../../platform/errors.ts'
import { SESSION_SCOPES, type SessionScope } from './identity.ts'

/**
 * Session tokens are signed by the platform: `v1.<payload>.<mac>`, the payload base64url JSON,
 * the MAC an HMAC (SM3 under the gm suite) with a key derived from the master key, so every node
 * sharing the master key can check a token without asking the others. The session row still
 * decides whether the session is alive (logout, disabling a user).
 */
export interface SessionClaims {
  readonly sid: string
  readonly uid: string
  readonly scope: SessionScope
  /** Expiry, seconds since the epoch. */
  readonly exp: number
}

const PREFIX = 'v1'

export function issueSessionToken(ring: KeyRing, claims: SessionClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${PREFIX}.${payload}.${mac(ring, payload)}`
}

/** Checks the signature and expiry; never trusts a payload whose MAC does not match. */
export function readSessionToken(ring: KeyRing, token: string, now: Date): SessionClaims {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== PREFIX) throw new AuthenticationError('malformed bearer token', 'invalid_token')
  const [, payload = '', given = ''] = parts
  const expected = Buffer.from(mac(ring, payload))
  const actual = Buffer.from(given)
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new AuthenticationError('bearer token signature is not valid', 'invalid_token')
  }
  const claims = parseClaims(payload)
  if (claims.exp * 1000 <= now.getTime()) throw new AuthenticationError('session expired: sign in again', 'token_expired')
  return claims
}

function mac(ring: KeyRing, payload: string): string {
  return ring.suite.hmac(derivedKey(ring, 'session-token'), payload).toString('base64url')
}

function parseClaims(payload: string): SessionClaims {
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
    if (
      typeof value.sid === 'string' &&
      typeof value.uid === 'string' &&
      typeof value.exp === 'number' &&
      typeof value.scope === 'string' &&
      (SESSION_SCOPES as readonly string[]).includes(value.scope)
    ) {
      return { sid: value.sid, uid: value.uid, exp: value.exp, scope: value.scope as SessionScope }
    }
  } catch {
    // fall through: a signed but unreadable payload is as bad as a forged one
  }
  throw new AuthenticationError('malformed bearer token', 'invalid_token')
}

/**
 * API tokens for machines: `shy_<id>_<secret>`. Only an HMAC of the secret is stored, so a
 * stolen database yields no usable token; the secret is shown once, at creation.
 */
export const API_TOKEN_PREFIX = 'shy_'

export function newApiTokenSecret(): string {
  return randomBytes(32).toString('base64url')
}

export function formatApiToken(id: string, secret: string): string {
  return `${API_TOKEN_PREFIX}${id}_${secret}`
}

export function parseApiToken(token: string): { id: string; secret: string } | undefined {
  const match = /^shy_(at_[0-9a-z]{20})_([A-Za-z0-9_-]{43})$/.exec(token)
  return match ? { id: match[1] as string, secret: match[2] as string } : undefined
}

export function apiTokenSecretHash(ring: KeyRing, id: string, secret: string): string {
  return ring.suite.hmac(derivedKey(ring, 'api-token'), `${id}:${secret}`).toString('hex')
}

export function sameSecretHash(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
