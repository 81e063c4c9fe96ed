import { actsForOrganization, type Me } from '../../auth.tsx'

/**
 * Who sees the annual reports, mirroring src/modules/reports/report.policy.ts so that the menu
 * shows only what will answer. The server still decides.
 */

/** The primary operator writes its reports (art. 27). */
export const writesReports = (me: Me): boolean => actsForOrganization(me) && me.organization.kind === 'operator'

/** The office, the bureau and regulators read the reports once filed. */
export const overseesReports = (me: Me): boolean => actsForOrganization(me) && ['office', 'bureau', 'regulator'].includes(me.organization.kind)

export const readsReports = (me: Me): boolean => writesReports(me) || overseesReports(me)

/** The office acknowledges or returns a filed report. */
export const decidesReports = (me: Me): boolean => actsForOrganization(me) && me.organization.kind === 'office'
