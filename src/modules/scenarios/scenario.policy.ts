import { RuleViolation } from '../../platform/errors.ts'
import { actsForOrganization, type Principal } from '../identity/identity.ts'

/** Developers and the operator bring scenario demands (art. 13(3)). */
export function canSubmitDemand(p: Principal): boolean {
  return (p.orgKind === 'developer' || p.orgKind === 'operator') && actsForOrganization(p)
}

/** The operator compiles demands into scenarios, publishes calls and selects developers (art. 13). */
export function isOperator(p: Principal): boolean {
  return p.orgKind === 'operator' && actsForOrganization(p)
}

/** The office reviews each class of scenario once (art. 13(3)). */
export function isOffice(p: Principal): boolean {
  return p.orgKind === 'office' && actsForOrganization(p)
}

/** Those who oversee the whole process see every demand, scenario and application (art. 4, 17). */
export function oversees(p: Principal): boolean {
  return isOperator(p) || isOffice(p) || p.orgKind === 'regulator'
}

export function canSeeDemand(p: Principal, orgId: string): boolean {
  return oversees(p) || (p.orgId === orgId && actsForOrganization(p))
}

export function canSeeApplication(p: Principal, developerOrgId: string): boolean {
  return oversees(p) || (p.orgId === developerOrgId && actsForOrganization(p))
}

/**
 * Only the operator calls for and selects developers. A developer attempting it is trying to
 * grant onward, which art. 11 forbids outright: a rule, not a missing permission.
 */
export function assertMaySelectDevelopers(p: Principal): void {
  if (p.orgKind === 'developer') {
    throw new RuleViolation('art11.no-sub-authorization', 'a developer may not authorize any other party in any form: calls and agreements are the operator\'s')
  }
}

/** Art. 13(6): the operator never applies for a scenario, nor holds a developer's authorization. */
export function assertNotOperatorAsDeveloper(p: Principal): void {
  if (p.orgKind === 'operator') {
    throw new RuleViolation('art13.operator-no-development', 'the primary operator may not take part in developing data products: it cannot apply for a scenario')
  }
}

export function canApply(p: Principal): boolean {
  return p.orgKind === 'developer' && actsForOrganization(p)
}
