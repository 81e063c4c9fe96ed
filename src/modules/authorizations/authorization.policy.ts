import { actsForOrganization, type Principal } from '../identity/identity.ts'

/** The office designates the primary operator (art. 11). */
export function canDesignateOperator(p: Principal): boolean {
  return p.orgKind === 'office' && actsForOrganization(p)
}

/** The data bureau grants the operator its resources (art. 11). */
export function canGrantOperatorScope(p: Principal): boolean {
  return p.orgKind === 'bureau' && actsForOrganization(p)
}

/** The operator drafts and files agreements with developers (art. 11, 17). */
export function isOperatorOf(p: Principal, operatorOrgId: string): boolean {
  return p.orgKind === 'operator' && p.orgId === operatorOrgId && actsForOrganization(p)
}

/** The office receives filings and may object (art. 17). */
export function isOffice(p: Principal): boolean {
  return p.orgKind === 'office' && actsForOrganization(p)
}

/** Suspension and termination: the office or the operator (art. 34, 35). */
export function canSuspendOrTerminate(p: Principal, agreement: { operator_org_id: string }): boolean {
  return isOffice(p) || isOperatorOf(p, agreement.operator_org_id)
}

export function isDeveloperOf(p: Principal, developerOrgId: string): boolean {
  return p.orgKind === 'developer' && p.orgId === developerOrgId && actsForOrganization(p)
}

/** An agreement is seen by its two parties, the office and regulators. */
export function canSeeAgreement(p: Principal, agreement: { operator_org_id: string; developer_org_id: string }): boolean {
  return (
    canSeeAllAgreements(p) ||
    ((p.orgId === agreement.operator_org_id || p.orgId === agreement.developer_org_id) && actsForOrganization(p))
  )
}

export function canSeeAllAgreements(p: Principal): boolean {
  return isOffice(p) || p.orgKind === 'regulator' || (p.orgKind === 'operator' && actsForOrganization(p))
}
