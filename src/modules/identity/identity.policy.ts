import { hasRole, type Principal } from './identity.ts'

/**
 * Who may do what with organizations, accounts and tokens. Checked before any write; where an
 * actor may not even know an object exists, the service answers NotFound, not NotAllowed.
 */

export function canManageOrganizations(p: Principal): boolean {
  return hasRole(p, 'system_admin')
}

/** Administrators and regulators (art. 30: supervision) see every organization. */
export function canSeeAllOrganizations(p: Principal): boolean {
  return (
    hasRole(p, 'system_admin') || hasRole(p, 'security_admin') || hasRole(p, 'audit_admin') || p.orgKind === 'regulator'
  )
}

export function canSeeOrganization(p: Principal, orgId: string): boolean {
  return canSeeAllOrganizations(p) || p.orgId === orgId
}

/**
 * The directory of organizations (name, kind, jurisdiction, credit code: what the public
 * registers say of a legal person) is seen by those who deal with every party: the office that
 * authorizes, the data bureau that registers, the operator that sub-authorizes developers and
 * serves consumers. Their accounts stay with administrators and regulators (canSeeUser).
 */
export function canSeeOrganizationEntry(p: Principal, orgId: string): boolean {
  return canSeeOrganization(p, orgId) || DIRECTORY_KINDS.has(p.orgKind)
}

export function canSeeOrganizationDirectory(p: Principal): boolean {
  return canSeeAllOrganizations(p) || DIRECTORY_KINDS.has(p.orgKind)
}

const DIRECTORY_KINDS: ReadonlySet<string> = new Set(['office', 'bureau', 'operator'])

export function canSeeUser(p: Principal, userOrgId: string): boolean {
  return canSeeOrganization(p, userOrgId)
}

export function canCreateUser(p: Principal): boolean {
  return hasRole(p, 'system_admin')
}

/** Roles are granted by the security administrator, never to themselves. */
export function canAssignRoles(p: Principal, targetUserId: string): boolean {
  return hasRole(p, 'security_admin') && p.userId !== targetUserId
}

export function canSetUserStatus(p: Principal, targetUserId: string): boolean {
  return hasRole(p, 'system_admin') && p.userId !== targetUserId
}

export function canUnlockUser(p: Principal): boolean {
  return hasRole(p, 'security_admin')
}

/** Anyone manages their own tokens; the security administrator those of machine accounts. */
export function canManageApiTokensOf(p: Principal, targetUserId: string): boolean {
  return p.userId === targetUserId || hasRole(p, 'security_admin')
}
