import { actsForOrganization, type Principal } from '../identity/identity.ts'

/** The registration agency (登记机构) is the city data bureau. */
export function isRegistrationAgency(p: Principal): boolean {
  return p.orgKind === 'bureau' && actsForOrganization(p)
}

/** The agency and those who supervise it (office, regulators) see every registration. */
export function canSeeAllRegistrations(p: Principal): boolean {
  return (p.orgKind === 'bureau' || p.orgKind === 'office' || p.orgKind === 'regulator') && actsForOrganization(p)
}

export function isApplicantOf(p: Principal, registration: { applicant_org_id: string }): boolean {
  return p.orgId === registration.applicant_org_id && actsForOrganization(p)
}

export function canSeeRegistration(p: Principal, registration: { applicant_org_id: string }): boolean {
  return canSeeAllRegistrations(p) || isApplicantOf(p, registration)
}

/** A product is registered by its developer (art. 22). */
export function canApplyForProduct(p: Principal, product: { developer_org_id: string }): boolean {
  return p.orgKind === 'developer' && p.orgId === product.developer_org_id && actsForOrganization(p)
}

/** A resource in operation is registered by the operator operating it (art. 22). */
export function canApplyForResource(p: Principal): boolean {
  return p.orgKind === 'operator' && actsForOrganization(p)
}
