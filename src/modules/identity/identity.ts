import { NotAllowedError, RuleViolation } from '../../platform/errors.ts'

/** The actors of the measures (art. 3, 4), plus the consumers of products. */
export const ORG_KINDS = [
  'office',
  'bureau',
  'sector_authority',
  'source_unit',
  'operator',
  'developer',
  'regulator',
  'consumer',
] as const
export type OrgKind = (typeof ORG_KINDS)[number]

/** 张家口市 and its 16 county-level divisions (GB/T 2260 codes). */
export const JURISDICTIONS = {
  '130700': '张家口市',
  '130702': '桥东区',
  '130703': '桥西区',
  '130705': '宣化区',
  '130706': '下花园区',
  '130708': '万全区',
  '130709': '崇礼区',
  '130722': '张北县',
  '130723': '康保县',
  '130724': '沽源县',
  '130725': '尚义县',
  '130726': '蔚县',
  '130727': '阳原县',
  '130728': '怀安县',
  '130730': '怀来县',
  '130731': '涿鹿县',
  '130732': '赤城县',
} as const
export type Jurisdiction = keyof typeof JURISDICTIONS
export const CITY_JURISDICTION: Jurisdiction = '130700'

export function isJurisdiction(code: string): code is Jurisdiction {
  return Object.hasOwn(JURISDICTIONS, code)
}

/**
 * Roles of a user. The three administrators split the platform's power (等保三员分立): the
 * system admin runs accounts and organizations, the security admin grants roles and unlocks,
 * the audit admin reads the audit log. No user ever holds two of them.
 */
export const ROLES = ['system_admin', 'security_admin', 'audit_admin', 'reviewer', 'member'] as const
export type Role = (typeof ROLES)[number]
export const ADMIN_ROLES = ['system_admin', 'security_admin', 'audit_admin'] as const satisfies readonly Role[]

/** Roles that must sign in with a second factor once the platform requires it. */
export const TOTP_ROLES = [...ADMIN_ROLES, 'reviewer'] as const satisfies readonly Role[]

export const ORG_STATUSES = ['active', 'disabled'] as const
export type OrgStatus = (typeof ORG_STATUSES)[number]
export const USER_STATUSES = ['active', 'disabled'] as const
export type UserStatus = (typeof USER_STATUSES)[number]

/** A session's scope: full, or only enough to enroll the second factor it still lacks. */
export const SESSION_SCOPES = ['full', 'enroll-totp'] as const
export type SessionScope = (typeof SESSION_SCOPES)[number]

export interface Organization {
  readonly id: string
  readonly name: string
  readonly kind: OrgKind
  readonly jurisdiction: Jurisdiction
  readonly unifiedCode: string | null
  readonly status: OrgStatus
  readonly createdAt: string
  readonly updatedAt: string
}

export interface User {
  readonly id: string
  readonly orgId: string
  readonly username: string
  readonly displayName: string
  readonly roles: readonly Role[]
  readonly status: UserStatus
  readonly totpEnabled: boolean
  readonly lockedUntil: string | null
  readonly createdAt: string
  readonly updatedAt: string
}

/** Who is making a request, as established by authentication. */
export interface Principal {
  readonly userId: string
  readonly username: string
  readonly orgId: string
  readonly orgKind: OrgKind
  readonly jurisdiction: Jurisdiction
  readonly roles: readonly Role[]
  readonly scope: SessionScope
  readonly sessionId: string | null
  readonly apiTokenId: string | null
}

export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{1,62}$/

export function hasRole(principal: { roles: readonly Role[] }, role: Role): boolean {
  return principal.roles.includes(role)
}

/**
 * Acting for the organization in its business (compiling, reviewing, developing) takes a
 * business role: the three administrators run the platform, they do not do its business.
 */
export function actsForOrganization(principal: { roles: readonly Role[] }): boolean {
  return principal.roles.includes('member') || principal.roles.includes('reviewer')
}

export function needsTotp(roles: readonly Role[]): boolean {
  return roles.some((role) => (TOTP_ROLES as readonly Role[]).includes(role))
}

/** 三员分立: at most one of the three administrator roles per user. */
export function assertSeparationOfDuties(roles: readonly Role[]): void {
  const admin = roles.filter((role) => (ADMIN_ROLES as readonly Role[]).includes(role))
  if (admin.length > 1) {
    throw new RuleViolation(
      'mlps.separation-of-duties',
      `one user may not hold ${admin.join(' and ')}: system, security and audit administration are separate people`,
    )
  }
}

/** Product reviewers work for the primary operator (art. 25). */
export function assertRolesFitOrganization(roles: readonly Role[], kind: OrgKind): void {
  if (roles.includes('reviewer') && kind !== 'operator') {
    throw new RuleViolation('art25.operator-reviews-products', `the reviewer role belongs to the primary operator, not to a ${kind}`)
  }
}

export function assertActive(subject: { status: string }, what: string): void {
  if (subject.status !== 'active') throw new NotAllowedError(`${what} is disabled`, 'disabled')
}
