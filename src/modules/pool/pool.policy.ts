import { actsForOrganization, hasRole, type Principal } from '../identity/identity.ts'

/** The responsible source unit loads its own resources (art. 9). */
export function canUpload(p: Principal, providerOrgId: string): boolean {
  return p.orgId === providerOrgId && actsForOrganization(p)
}

/** Loads from a path on the server are for the operator, who runs the platform's machines. */
export function canLoadFromPath(p: Principal): boolean {
  return p.orgKind === 'operator' && hasRole(p, 'member')
}

/** Quality reports are for the source unit, the bureau and regulators (art. 10). */
export function canSeeQuality(p: Principal, providerOrgId: string): boolean {
  return p.orgId === providerOrgId || (p.orgKind === 'bureau' && actsForOrganization(p)) || p.orgKind === 'regulator' || (p.orgKind === 'operator' && actsForOrganization(p))
}

/** Quarantined rows hold raw values: only the unit that supplied them sees those. */
export function canSeeQuarantinedValues(p: Principal, providerOrgId: string): boolean {
  return p.orgId === providerOrgId && actsForOrganization(p)
}
