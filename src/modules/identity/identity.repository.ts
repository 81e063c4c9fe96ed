import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import type { Jurisdiction, OrgKind, OrgStatus, Organization, Role, User, UserStatus } from './identity.ts'
import type { ApiTokenRow, OrganizationRow, SessionRow, UserRow } from './identity.table.ts'

export function rowToOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as OrgKind,
    jurisdiction: row.jurisdiction as Jurisdiction,
    unifiedCode: row.unified_code,
    status: row.status as OrgStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export function rowToUser(row: UserRow, roles: readonly Role[]): User {
  return {
    id: row.id,
    orgId: row.org_id,
    username: row.username,
    displayName: row.display_name,
    roles,
    status: row.status as UserStatus,
    totpEnabled: row.totp_enabled === 1,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export async function findOrganization(db: Kysely<Database>, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listOrganizations(db: Kysely<Database>, onlyId?: string): Promise<OrganizationRow[]> {
  let query = db.selectFrom('organizations').selectAll().orderBy('created_at').orderBy('id')
  if (onlyId) query = query.where('id', '=', onlyId)
  return query.execute()
}

export async function insertOrganization(db: Kysely<Database>, row: OrganizationRow): Promise<void> {
  await db.insertInto('organizations').values(row).execute()
}

export async function updateOrganization(
  db: Kysely<Database>,
  id: string,
  changes: Partial<Pick<OrganizationRow, 'name' | 'status' | 'unified_code' | 'jurisdiction'>> & { updated_at: string },
): Promise<number> {
  const result = await db.updateTable('organizations').set(changes).where('id', '=', id).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function findUser(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
}

export async function listUsers(db: Kysely<Database>, orgId?: string): Promise<UserRow[]> {
  let query = db.selectFrom('users').selectAll().orderBy('username')
  if (orgId) query = query.where('org_id', '=', orgId)
  return query.execute()
}

export async function userRoles(db: Kysely<Database>, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute()
  return rows.map((r) => r.role as Role)
}

export async function rolesByUser(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, Role[]>> {
  const map = new Map<string, Role[]>()
  if (userIds.length === 0) return map
  const rows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where('user_id', 'in', userIds)
    .orderBy('role')
    .execute()
  for (const row of rows) map.set(row.user_id, [...(map.get(row.user_id) ?? []), row.role as Role])
  return map
}

export async function insertUser(db: Kysely<Database>, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute()
}

export async function replaceUserRoles(db: Kysely<Database>, userId: string, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute()
  if (roles.length > 0) {
    await db
      .insertInto('user_roles')
      .values(roles.map((role) => ({ user_id: userId, role })))
      .execute()
  }
}

export async function updateUser(
  db: Kysely<Database>,
  id: string,
  changes: Partial<Omit<UserRow, 'id' | 'username' | 'created_at'>> & { updated_at: string },
): Promise<number> {
  const result = await db.updateTable('users').set(changes).where('id', '=', id).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Counts a failed sign-in atomically, so concurrent guesses cannot slip past the limit. */
export async function countFailedLogin(db: Kysely<Database>, id: string, now: string): Promise<number> {
  await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute()
  const row = await db.selectFrom('users').select('failed_logins').where('id', '=', id).executeTakeFirstOrThrow()
  return Number(row.failed_logins)
}

/**
 * Marks a TOTP time step used, if no later or equal step was: a code is spent once, however
 * many sign-ins (on however many nodes) present it at the same moment.
 */
export async function claimTotpStep(db: Kysely<Database>, id: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function insertSession(db: Kysely<Database>, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute()
}

export async function findSession(db: Kysely<Database>, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function revokeSession(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute()
}

export async function revokeUserSessions(db: Kysely<Database>, userId: string, now: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute()
}

export async function insertApiToken(db: Kysely<Database>, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute()
}

export async function findApiToken(db: Kysely<Database>, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listApiTokens(db: Kysely<Database>, userId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()
}

export async function touchApiToken(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute()
}

export async function revokeApiToken(db: Kysely<Database>, id: string, now: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
