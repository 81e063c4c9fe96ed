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
