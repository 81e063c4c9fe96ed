import { hasRole, type Me } from '../../auth.tsx'

/** identity.policy.ts, for the menu: the server decides and refuses in place. */
export const isSystemAdmin = (me: Me): boolean => hasRole(me, 'system_admin')
export const isSecurityAdmin = (me: Me): boolean => hasRole(me, 'security_admin')
export const isAuditAdmin = (me: Me): boolean => hasRole(me, 'audit_admin')
/** The three administrators (三员) see every organization and account. */
export const isAdministrator = (me: Me): boolean => isSystemAdmin(me) || isSecurityAdmin(me) || isAuditAdmin(me)
