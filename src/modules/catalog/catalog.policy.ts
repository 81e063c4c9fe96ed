import { actsForOrganization, type Principal } from '../identity/identity.ts'

/**
 * Art. 7: sector authorities compile their sector's entries, the data bureau reviews them. The
 * bureau may compile entries for sectors without an authority of their own; it never approves
 * what the same person submitted.
 */
export function canCompile(p: Principal): boolean {
  return (p.orgKind === 'sector_authority' || p.orgKind === 'bureau') && actsForOrganization(p)
}

export function canEditEntry(p: Principal, compiledByOrgId: string): boolean {
  return canCompile(p) && p.orgId === compiledByOrgId
}

export function canReview(p: Principal): boolean {
  return p.orgKind === 'bureau' && actsForOrganization(p)
}

/** Work in progress (drafts, returns) is seen by its compiler, the bureau and regulators. */
export function canSeeEntries(p: Principal, compiledByOrgId: string): boolean {
  return (p.orgId === compiledByOrgId && actsForOrganization(p)) || canSeeAllEntries(p)
}

export function canSeeAllEntries(p: Principal): boolean {
  return (p.orgKind === 'bureau' && actsForOrganization(p)) || p.orgKind === 'regulator'
}
