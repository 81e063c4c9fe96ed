import { ConflictError, RuleViolation } from '../../platform/errors.ts'
import { SM2_DEFAULT_USER_ID } from '../../platform/crypto/sm2.ts'
import type { SuiteName } from '../../platform/crypto/suite.ts'
import { addMonths, chinaTime } from '../../platform/time.ts'

/**
 * Destruction at the end of an authorization (art. 31): the workspace's keys are destroyed
 * (crypto-shredding), its artifacts deleted, and the platform signs a certificate of what went.
 * Pure: the certificate, its canonical form and the guards.
 *
 * Verifying a certificate offline, with nothing but the certificate, its signature and the
 * platform's public key (GET /api/v1/public/signing-keys, purpose destruction-certificate):
 * 1. Canonical form: the certificate as JSON with the keys of every object sorted by UTF-16 code
 *    units, no whitespace, strings and numbers written as ECMAScript's JSON.stringify writes them
 *    (RFC 8785, JCS: the certificate holds only strings, integers, booleans, null, arrays and
 *    objects), encoded as UTF-8.
 * 2. Suite gm: SM2 signature with SM3 (GB/T 32918, GM/T 0009) over those bytes, signer id
 *    "1234567812345678" (the default); the public key is the uncompressed point 04‖x‖y and the
 *    signature r‖s, 64 bytes, both in hex (not DER). With sm-crypto:
 *    `sm2.doVerifySignature(canonical, signature, publicKey, { hash: true, der: false })`; with
 *    GmSSL: convert r‖s to DER and verify with the default id.
 *    Suite intl: Ed25519 over the same bytes.
 * 3. `certificate.signer.keyId` names the key; the key's purpose is destruction-certificate.
 */

export const CERTIFICATE_TYPE = 'shuyu-destruction-certificate'
export const CERTIFICATE_KEY_PURPOSE = 'destruction-certificate'

export interface DestroyedKey {
  readonly id: string
  readonly purpose: string
  readonly ownerType: string
  readonly ownerId: string
  readonly destroyedAt: string
}

export interface DestroyedFile {
  /** Relative to the platform's data directory, with forward slashes. */
  readonly path: string
  readonly bytes: number
  /** SM3 of the file's bytes, taken before it was deleted. */
  readonly sm3: string
}

export interface DestructionReason {
  /** How the authorization ended. */
  readonly kind: 'termination' | 'expiry'
  /** The ground of a termination (art. 35), null for an expiry. */
  readonly ground: string | null
  readonly note: string | null
  readonly endedAt: string | null
}

export interface DestructionCertificate {
  readonly type: typeof CERTIFICATE_TYPE
  readonly version: 1
  readonly id: string
  readonly workspaceId: string
  readonly agreementId: string
  readonly scenarioCode: string
  readonly developerOrgId: string
  readonly operatorOrgId: string
  readonly reason: DestructionReason
  /** The note of whoever ordered the destruction. */
  readonly note: string
  readonly destroyedAt: string
  readonly destroyedBy: { readonly userId: string; readonly username: string; readonly orgId: string }
  /** Every key the workspace and its imports ever had: all destroyed now, some before. */
  readonly keys: readonly DestroyedKey[]
  readonly files: readonly DestroyedFile[]
  readonly records: {
    readonly queryRunResults: number
    readonly models: number
    readonly products: readonly string[]
    readonly imports: readonly string[]
  }
  /** The audit chain's head when the destruction was committed (before its own entry). */
  readonly auditHeadSeq: number
  readonly auditHeadHash: string
  readonly signer: { readonly keyId: string; readonly suite: string; readonly algorithm: string; readonly userId: string | null }
}

/** The signature algorithm of a suite, as the certificate names it. */
export function signatureAlgorithm(suite: SuiteName): { algorithm: string; userId: string | null } {
  return suite === 'gm' ? { algorithm: 'SM2-with-SM3', userId: SM2_DEFAULT_USER_ID } : { algorithm: 'Ed25519', userId: null }
}

/**
 * The canonical JSON of a value (RFC 8785 for what certificates hold): object keys sorted by
 * UTF-16 code units, no whitespace. Throws on what JSON cannot carry faithfully.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('a canonical JSON number must be finite')
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`)
}

/** Only a workspace whose authorization ended (and so is closed) is destroyed. */
export function assertDestroyable(workspace: { id: string; status: string }, agreement: { id: string; status: string }): void {
  if (agreement.status !== 'terminated' && agreement.status !== 'expired') {
    throw new ConflictError(`agreement ${agreement.id} is ${agreement.status}: a workspace is destroyed once its authorization is terminated or expired (art. 31)`)
  }
  if (workspace.status !== 'closed') throw new ConflictError(`workspace ${workspace.id} is ${workspace.status}: it must be closed first`)
}

export function assertNotDestroyedYet(workspaceId: string, existing: { id: string; destroyed_at: string } | undefined): void {
  if (existing) throw new ConflictError(`workspace ${workspaceId} was destroyed at ${existing.destroyed_at} (certificate ${existing.id})`)
}

export function reasonOf(agreement: { status: string; termination_ground: string | null; termination_note: string | null; ended_at: string | null; term_end: string }): DestructionReason {
  if (agreement.status === 'terminated') {
    return { kind: 'termination', ground: agreement.termination_ground, note: agreement.termination_note, endedAt: agreement.ended_at }
  }
  return { kind: 'expiry', ground: null, note: `the authorization expired on ${agreement.term_end} (art. 17)`, endedAt: agreement.ended_at }
}

/** The latest cutoff an audit purge may have: now minus the retention period. */
export function latestPurgeCutoff(now: Date, retentionMonths: number): Date {
  return addMonths(now, -retentionMonths)
}

/** Audit entries are kept at least the pack's retention period, never under 6 months (art. 31). */
export function assertAuditRetention(cutoff: Date, now: Date, retentionMonths: number): void {
  const latest = latestPurgeCutoff(now, retentionMonths)
  if (cutoff.getTime() > latest.getTime()) {
    throw new RuleViolation(
      'art31.log-retention',
      `audit entries are kept at least ${retentionMonths} months: the cutoff may be ${chinaTime(latest).slice(0, 10)} at the latest`,
    )
  }
}
