import type { Generated, Insertable, Selectable } from 'kysely'

export interface OrganizationTable {
  id: string
  name: string
  kind: string
  jurisdiction: string
  unified_code: string | null
  status: string
  created_at: string
  updated_at: string
}

export interface UserTable {
  id: string
  org_id: string
  username: string
  display_name: string
  password_hash: string
  status: string
  failed_logins: Generated<number>
  locked_until: string | null
  /** The TOTP secret, sealed with a key derived from the master key; never stored in clear. */
  totp_secret: string | null
  totp_enabled: Generated<number>
  totp_last_step: number | null
  password_changed_at: string
  created_at: string
  updated_at: string
}

export interface UserRoleTable {
  user_id: string
  role: string
}

export interface SessionTable {
  id: string
  user_id: string
  scope: string
  source_ip: string | null
  created_at: string
  expires_at: string
  revoked_at: string | null
}

export interface ApiTokenTable {
  id: string
  user_id: string
  name: string
  /** HMAC of the secret under a platform key: the secret itself is shown once and never kept. */
  secret_hash: string
  created_by: string
  created_at: string
  expires_at: string | null
  last_used_at: string | null
  revoked_at: string | null
}

export type OrganizationRow = Selectable<OrganizationTable>
export type UserRow = Selectable<UserTable>
export type NewUserRow = Insertable<UserTable>
export type SessionRow = Selectable<SessionTable>
export type ApiTokenRow = Selectable<ApiTokenTable>
