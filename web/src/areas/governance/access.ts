import { hasRole, type Me } from '../../auth.tsx'

/**
 * Who may do what in this area, as the server's policies say it (catalog.policy.ts,
 * pool.policy.ts, flows.service.ts). The console only hides what would be refused: the server
 * still decides, and its refusal is shown in place.
 */

/** Sector authorities and the bureau compile entries (art. 7). */
export const canCompile = (me: Me): boolean => me.organization.kind === 'sector_authority' || me.organization.kind === 'bureau'

/** The bureau reviews entries, resolves duplicates (art. 8), decides return flows (art. 10) and records consents (art. 15). */
export const isBureau = (me: Me): boolean => me.organization.kind === 'bureau'

/** Work in progress is seen by its compilers, the bureau and regulators. */
export const canSeeEntries = (me: Me): boolean => canCompile(me) || me.organization.kind === 'regulator'

/** Departments and counties ask for data back (art. 10). */
export const canRequestReturnFlow = (me: Me): boolean => ['sector_authority', 'source_unit', 'office'].includes(me.organization.kind)

/** Quality reports: the source unit (its own), the bureau, the operator and regulators. */
export const canSeePool = (me: Me): boolean => ['source_unit', 'bureau', 'operator', 'regulator'].includes(me.organization.kind)

/** The responsible source unit uploads and accepts versions of its own resources (art. 9). */
export const canUpload = (me: Me, providerOrgId: string): boolean => me.organization.id === providerOrgId

/** The operator loads files it placed in the platform's import directory. */
export const canLoadFromPath = (me: Me): boolean => me.organization.kind === 'operator' && hasRole(me, 'member')

/** Lineage is traced by the office, the bureau, the operator, regulators, and a source unit from its own resources. */
export const canTraceLineage = (me: Me, providerOrgId?: string): boolean =>
  ['office', 'bureau', 'operator', 'regulator'].includes(me.organization.kind) || (me.organization.kind === 'source_unit' && me.organization.id === providerOrgId)
