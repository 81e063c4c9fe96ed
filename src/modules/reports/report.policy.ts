import { actsForOrganization, type Principal } from '../identity/identity.ts'

/**
 * Who may do what with annual reports (art. 27): the primary operator writes its own; the
 * office (to which it is filed), the bureau and regulators read it once it has been filed; the
 * office decides on it. Everyone else does not learn that a report exists.
 */

/** Members of the primary operator write the operator's reports. */
export function writesReports(p: Principal): boolean {
  return p.orgKind === 'operator' && actsForOrganization(p)
}

export function isAuthorOf(p: Principal, report: { readonly operator_org_id: string }): boolean {
  return writesReports(p) && p.orgId === report.operator_org_id
}

/** The data authority and supervision: the office, the bureau, regulators. */
export function overseesReports(p: Principal): boolean {
  return actsForOrganization(p) && (p.orgKind === 'office' || p.orgKind === 'bureau' || p.orgKind === 'regulator')
}

/** Who may list reports at all. */
export function readsReports(p: Principal): boolean {
  return writesReports(p) || overseesReports(p)
}

/** A draft never filed is the operator's working paper; once filed, overseers see it through every later state. */
export function canSeeReport(p: Principal, report: { readonly operator_org_id: string; readonly first_filed_at: string | null }): boolean {
  return isAuthorOf(p, report) || (overseesReports(p) && report.first_filed_at !== null)
}

/** The office receives the report and acknowledges or returns it. */
export function decidesReports(p: Principal): boolean {
  return p.orgKind === 'office' && actsForOrganization(p)
}
