import { hasRole, type Principal } from '../identity/identity.ts'

/** The audit administrator and the regulators (art. 30) read the audit log; nobody changes it. */
export function canReadAudit(p: Principal): boolean {
  return hasRole(p, 'audit_admin') || p.orgKind === 'regulator'
}
