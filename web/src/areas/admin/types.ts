/** The identity API's shapes (src/modules/identity/identity.ts, identity.service.ts). */

export const ORG_KINDS = ['office', 'bureau', 'sector_authority', 'source_unit', 'operator', 'developer', 'regulator', 'consumer'] as const
export type OrgKind = (typeof ORG_KINDS)[number]
export const ROLES = ['system_admin', 'security_admin', 'audit_admin', 'reviewer', 'member'] as const
export type Role = (typeof ROLES)[number]
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin']
/** Roles that sign in with a second factor once the platform requires it (identity.ts TOTP_ROLES). */
export const TOTP_ROLES: readonly Role[] = [...ADMIN_ROLES, 'reviewer']

export interface Organization {
  readonly id: string
  readonly name: string
  readonly kind: OrgKind
  readonly jurisdiction: string
  readonly unifiedCode: string | null
  readonly status: 'active' | 'disabled'
  readonly createdAt: string
  readonly updatedAt: string
}

export interface User {
  readonly id: string
  readonly orgId: string
  readonly username: string
  readonly displayName: string
  readonly roles: readonly Role[]
  readonly status: 'active' | 'disabled'
  readonly totpEnabled: boolean
  readonly lockedUntil: string | null
  readonly createdAt: string
  readonly updatedAt: string
}

export interface ApiTokenInfo {
  readonly id: string
  readonly userId: string
  readonly name: string
  readonly createdAt: string
  readonly expiresAt: string | null
  readonly lastUsedAt: string | null
  readonly revokedAt: string | null
}

/** identity.ts USERNAME_PATTERN */
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{1,62}$/
/** GB 32100 unified social credit code, as the server checks it. */
export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/

/** Locked by failed sign-ins until a time still to come. */
export function isLocked(user: User, now = Date.now()): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now
}

export function needsTotp(user: User): boolean {
  return user.roles.some((role) => TOTP_ROLES.includes(role))
}
