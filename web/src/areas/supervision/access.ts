import { actsForOrganization, hasRole, type Me, type OrgKind } from '../../auth.tsx'

/**
 * Who may see which supervision page, mirroring the server's policies so that the menu shows
 * only what will answer. The server still decides: a page shown by mistake gets its refusal.
 */

export { actsForOrganization }

const actingAs =
  (...kinds: OrgKind[]) =>
  (me: Me): boolean =>
    actsForOrganization(me) && kinds.includes(me.organization.kind)

/** audit.policy.ts: the audit administrator and regulators read the audit log. */
export const canReadAudit = (me: Me): boolean => hasRole(me, 'audit_admin') || me.organization.kind === 'regulator'
/** flags.ts: regulators, the office and the operator. */
export const seesFlags = actingAs('regulator', 'office', 'operator')
/** lineage-graph.ts: overseers everywhere; source units from their resources, developers from their workspaces. */
export const tracesLineage = actingAs('office', 'bureau', 'regulator', 'operator', 'source_unit', 'developer')
/** incident.service.ts: reporters (developers, the operator), receivers (the operator, the office), regulators. */
export const handlesIncidents = actingAs('regulator', 'office', 'operator', 'developer')
/** Developers report to the operator (art. 14(1)), the operator to the office (art. 13(1)). */
export const reportsIncidents = actingAs('operator', 'developer')
/** The operator and developers keep an emergency plan on file. */
export const filesEmergencyPlans = actingAs('operator', 'developer')
/** evaluation.service.ts: all for the bureau, the office, regulators and the operator; an organization its own. */
export const seesEvaluations = actingAs('bureau', 'office', 'regulator', 'operator', 'developer')
/** art. 33: the bureau or the office evaluates. */
export const evaluates = actingAs('bureau', 'office')
/** art. 34: the office or the operator suspends and accepts the rectification. */
export const suspendsAgreements = actingAs('office', 'operator')
/**
 * Who is offered the suspension order: those who may give it. Regulators require a rectification
 * (art. 34 ¶1) and the office closes access meanwhile (¶2): a regulator's button would only fail.
 */
export const ordersRectification = suspendsAgreements
