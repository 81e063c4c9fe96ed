import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { openSecret, sealSecret } from '../../platform/keys/keys.ts'
import type { Platform } from '../../platform/platform.ts'
import { addSeconds, chinaTime } from '../../platform/time.ts'
import { dummyPasswordCheck, hashPassword, passwordProblems, verifyPassword } from '../../platform/crypto/password.ts'
import { generateTotpSecret, otpauthUri, verifyTotp } from '../../platform/crypto/totp.ts'
import type { AuditActor } from '../audit/audit.ts'
import { appendAudit, recordAudit } from '../audit/audit.service.ts'
import {
  assertActive,
  assertRolesFitOrganization,
  assertSeparationOfDuties,
  needsTotp,
  type Jurisdiction,
  type OrgKind,
  type Organization,
  type Principal,
  type Role,
  type SessionScope,
  type User,
} from './identity.ts'
import type { UserRow } from './identity.table.ts'
import {
  claimTotpStep,
  countFailedLogin,
  findApiToken,
  findOrganization,
  findSession,
  findUser,
  findUserByUsername,
  insertApiToken,
  insertOrganization,
  insertSession,
  insertUser,
  listApiTokens,
  listOrganizations,
  listUsers,
  replaceUserRoles,
  revokeApiToken,
  revokeSession,
  revokeUserSessions,
  rolesByUser,
  rowToOrganization,
  rowToUser,
  touchApiToken,
  updateOrganization,
  updateUser,
  userRoles,
} from './identity.repository.ts'
import {
  canAssignRoles,
  canCreateUser,
  canManageApiTokensOf,
  canManageOrganizations,
  canSeeAllOrganizations,
  canSeeOrganizationDirectory,
  canSeeOrganizationEntry,
  canSeeUser,
  canSetUserStatus,
  canUnlockUser,
} from './identity.policy.ts'
import {
  apiTokenSecretHash,
  formatApiToken,
  issueSessionToken,
  newApiTokenSecret,
  parseApiToken,
  readSessionToken,
  sameSecretHash,
} from './token.ts'

/** Where a request comes from; the principal is absent before sign-in. */
export interface RequestContext {
  readonly principal?: Principal
  readonly sourceIp: string | null
  readonly requestId: string | null
  /** Set when the machine's operator acts on the host (CLI, demo seed), not through the API. */
  readonly host?: string
}

export function hostContext(host: string): RequestContext {
  return { sourceIp: null, requestId: null, host }
}

/**
 * The user a business action is taken for. Routes authenticate first, so only a host context
 * without a user (the CLI, the demo seed) can lack one: it may not act for an organization.
 */
export function actingPrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new NotAllowedError('sign in first')
  return ctx.principal
}

export function auditActor(ctx: RequestContext): AuditActor {
  const p = ctx.principal
  return {
    userId: p?.userId ?? null,
    username: p?.username ?? (ctx.host ? `host:${ctx.host}` : null),
    orgId: p?.orgId ?? null,
    role: p ? p.roles.join(',') : ctx.host ? 'host' : null,
    sourceIp: ctx.sourceIp,
    requestId: ctx.requestId,
  }
}

function principalOf(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new AuthenticationError('sign in first', 'unauthenticated')
  return ctx.principal
}

function now(platform: Platform): string {
  return chinaTime(platform.clock())
}

function transaction<T>(platform: Platform, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return platform.store.db.transaction().execute(work)
}

// ---------------------------------------------------------------------------- organizations

export interface NewOrganization {
  readonly name: string
  readonly kind: OrgKind
  readonly jurisdiction: Jurisdiction
  readonly unifiedCode?: string | null
  /** Fixed ids are for the demo world and imports; otherwise one is generated. */
  readonly id?: string
}

export async function createOrganization(platform: Platform, ctx: RequestContext, input: NewOrganization): Promise<Organization> {
  if (ctx.principal && !canManageOrganizations(ctx.principal)) {
    throw new NotAllowedError('only the system administrator creates organizations')
  }
  const at = now(platform)
  const row = {
    id: input.id ?? newId('org'),
    name: input.name,
    kind: input.kind,
    jurisdiction: input.jurisdiction,
    unified_code: input.unifiedCode ?? null,
    status: 'active',
    created_at: at,
    updated_at: at,
  }
  return transaction(platform, async (trx) => {
    if (await findOrganization(trx, row.id)) throw new ConflictError(`organization ${row.id} already exists`)
    await insertOrganization(trx, row)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'organization.create',
      objectType: 'organization',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { name: row.name, kind: row.kind, jurisdiction: row.jurisdiction },
    })
    return rowToOrganization(row)
  })
}

export async function getOrganization(platform: Platform, ctx: RequestContext, id: string): Promise<Organization> {
  const p = principalOf(ctx)
  const row = await findOrganization(platform.store.db, id)
  if (!row || !canSeeOrganizationEntry(p, row.id)) throw new NotFoundError(`organization ${id} not found`)
  return rowToOrganization(row)
}

export async function getOrganizations(platform: Platform, ctx: RequestContext): Promise<Organization[]> {
  const p = principalOf(ctx)
  const rows = await listOrganizations(platform.store.db, canSeeOrganizationDirectory(p) ? undefined : p.orgId)
  return rows.map(rowToOrganization)
}

export async function changeOrganization(
  platform: Platform,
  ctx: RequestContext,
  id: string,
  changes: { name?: string; status?: 'active' | 'disabled'; unifiedCode?: string | null },
): Promise<Organization> {
  const p = principalOf(ctx)
  if (!canManageOrganizations(p)) {
    if (!canSeeOrganizationEntry(p, id)) throw new NotFoundError(`organization ${id} not found`)
    throw new NotAllowedError('only the system administrator changes organizations')
  }
  return transaction(platform, async (trx) => {
    const before = await findOrganization(trx, id)
    if (!before) throw new NotFoundError(`organization ${id} not found`)
    if (changes.status === 'disabled' && before.id === p.orgId) {
      throw new ConflictError('an administrator cannot disable their own organization')
    }
    await updateOrganization(trx, id, {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.unifiedCode !== undefined ? { unified_code: changes.unifiedCode } : {}),
      updated_at: now(platform),
    })
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'organization.update',
      objectType: 'organization',
      objectId: id,
      action: 'update',
      result: 'success',
      detail: { changes },
    })
    const after = await findOrganization(trx, id)
    return rowToOrganization(after!)
  })
}

// ---------------------------------------------------------------------------- users

export interface NewUser {
  readonly orgId: string
  readonly username: string
  readonly displayName: string
  readonly password: string
  readonly roles: readonly Role[]
}

export interface CreateUserOptions {
  /** The CLI on the host (bootstrap) and the demo seed act with the machine's authority. */
  readonly host?: boolean
  /** The demo world's documented passwords (`demo-<username>`) are weaker than the policy. */
  readonly demoPassword?: boolean
}

export async function createUser(
  platform: Platform,
  ctx: RequestContext,
  input: NewUser,
  options: CreateUserOptions = {},
): Promise<User> {
  if (!options.host) {
    const p = principalOf(ctx)
    if (!canCreateUser(p)) throw new NotAllowedError('only the system administrator creates user accounts')
    if (input.roles.some((role) => role !== 'member' && role !== 'reviewer')) {
      throw new NotAllowedError('administrator roles are granted by the security administrator, after the account exists')
    }
  }
  assertSeparationOfDuties(input.roles)
  const problems = options.demoPassword ? [] : passwordProblems(input.password, input.username)
  if (problems.length > 0) throw new InputError(`password rejected: ${problems.join('; ')}`, problems.map((message) => ({ path: 'password', message })))
  const passwordHash = await hashPassword(input.password, { iterations: platform.config.passwordIterations })
  const at = now(platform)
  return transaction(platform, async (trx) => {
    const org = await findOrganization(trx, input.orgId)
    if (!org) throw new NotFoundError(`organization ${input.orgId} not found`)
    assertActive(org, `organization ${org.name}`)
    assertRolesFitOrganization(input.roles, org.kind as OrgKind)
    if (await findUserByUsername(trx, input.username)) throw new ConflictError(`username ${input.username} is taken`)
    const row: UserRow = {
      id: newId('usr'),
      org_id: org.id,
      username: input.username,
      display_name: input.displayName,
      password_hash: passwordHash,
      status: 'active',
      failed_logins: 0,
      locked_until: null,
      totp_secret: null,
      totp_enabled: 0,
      totp_last_step: null,
      password_changed_at: at,
      created_at: at,
      updated_at: at,
    }
    await insertUser(trx, row)
    await replaceUserRoles(trx, row.id, input.roles)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'user.create',
      objectType: 'user',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { username: row.username, orgId: org.id, roles: input.roles, via: options.host ? 'host' : 'api' },
    })
    return rowToUser(row, input.roles)
  })
}

export async function getUser(platform: Platform, ctx: RequestContext, id: string): Promise<User> {
  const p = principalOf(ctx)
  const row = await findUser(platform.store.db, id)
  if (!row || !canSeeUser(p, row.org_id)) throw new NotFoundError(`user ${id} not found`)
  return rowToUser(row, await userRoles(platform.store.db, row.id))
}

export async function getUsers(platform: Platform, ctx: RequestContext, filter: { orgId?: string } = {}): Promise<User[]> {
  const p = principalOf(ctx)
  const orgId = canSeeAllOrganizations(p) ? filter.orgId : p.orgId
  if (filter.orgId && filter.orgId !== orgId) return []
  const rows = await listUsers(platform.store.db, orgId)
  const roles = await rolesByUser(platform.store.db, rows.map((r) => r.id))
  return rows.map((row) => rowToUser(row, roles.get(row.id) ?? []))
}

/** Lists accounts for the CLI on the host. */
export async function listAllUsers(platform: Platform): Promise<User[]> {
  const rows = await listUsers(platform.store.db)
  const roles = await rolesByUser(platform.store.db, rows.map((r) => r.id))
  return rows.map((row) => rowToUser(row, roles.get(row.id) ?? []))
}

export async function setUserRoles(
  platform: Platform,
  ctx: RequestContext,
  id: string,
  roles: readonly Role[],
): Promise<User> {
  const p = principalOf(ctx)
  return transaction(platform, async (trx) => {
    const row = await findUser(trx, id)
    if (!row || !canSeeUser(p, row.org_id)) throw new NotFoundError(`user ${id} not found`)
    if (!canAssignRoles(p, row.id)) {
      throw new NotAllowedError(
        row.id === p.userId
          ? 'no one grants roles to themselves'
          : 'only the security administrator grants roles',
      )
    }
    const unique = [...new Set(roles)].sort()
    assertSeparationOfDuties(unique)
    const org = await findOrganization(trx, row.org_id)
    assertRolesFitOrganization(unique, org!.kind as OrgKind)
    const before = await userRoles(trx, row.id)
    await replaceUserRoles(trx, row.id, unique)
    // New powers take effect at the next sign-in; sessions holding the old ones end now.
    await revokeUserSessions(trx, row.id, now(platform))
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'user.roles',
      objectType: 'user',
      objectId: row.id,
      action: 'update',
      result: 'success',
      detail: { before, after: unique },
    })
    return rowToUser(row, unique)
  })
}

export async function setUserStatus(
  platform: Platform,
  ctx: RequestContext,
  id: string,
  status: 'active' | 'disabled',
): Promise<User> {
  const p = principalOf(ctx)
  return transaction(platform, async (trx) => {
    const row = await findUser(trx, id)
    if (!row || !canSeeUser(p, row.org_id)) throw new NotFoundError(`user ${id} not found`)
    if (!canSetUserStatus(p, row.id)) {
      throw new NotAllowedError(row.id === p.userId ? 'no one disables their own account' : 'only the system administrator enables or disables accounts')
    }
    const at = now(platform)
    await updateUser(trx, row.id, { status, updated_at: at })
    if (status === 'disabled') await revokeUserSessions(trx, row.id, at)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'user.status',
      objectType: 'user',
      objectId: row.id,
      action: status === 'disabled' ? 'disable' : 'enable',
      result: 'success',
    })
    return rowToUser({ ...row, status, updated_at: at }, await userRoles(trx, row.id))
  })
}

export async function unlockUser(platform: Platform, ctx: RequestContext, id: string): Promise<User> {
  const p = principalOf(ctx)
  return transaction(platform, async (trx) => {
    const row = await findUser(trx, id)
    if (!row || !canSeeUser(p, row.org_id)) throw new NotFoundError(`user ${id} not found`)
    if (!canUnlockUser(p)) throw new NotAllowedError('only the security administrator unlocks accounts')
    const at = now(platform)
    await updateUser(trx, row.id, { failed_logins: 0, locked_until: null, updated_at: at })
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'user.unlock',
      objectType: 'user',
      objectId: row.id,
      action: 'unlock',
      result: 'success',
    })
    return rowToUser({ ...row, failed_logins: 0, locked_until: null, updated_at: at }, await userRoles(trx, row.id))
  })
}

// ---------------------------------------------------------------------------- sign-in

export interface LoginInput {
  readonly username: string
  readonly password: string
  readonly totp?: string
}

export interface LoginResult {
  readonly token: string
  readonly expiresAt: string
  readonly scope: SessionScope
  readonly user: User
}

const BAD_CREDENTIALS = 'wrong username or password'

/**
 * Signs a user in. Unknown usernames cost the same time as known ones; failures are counted
 * and lock the account after the configured number; every attempt is audited (art. 18, 19).
 */
export async function login(platform: Platform, ctx: RequestContext, input: LoginInput): Promise<LoginResult> {
  const { db } = platform.store
  const clock = platform.clock()
  const at = chinaTime(clock)
  const attempt = (userId: string | null, orgId: string | null): AuditActor => ({
    ...auditActor(ctx),
    userId,
    orgId,
    username: input.username.slice(0, 64),
  })
  const refuse = async (actor: AuditActor, reason: string, error: Error): Promise<never> => {
    await recordAudit(platform, actor, { eventType: 'auth.login', objectType: 'user', objectId: actor.userId ?? undefined, action: 'login', result: 'failure', reason })
    throw error
  }

  const user = await findUserByUsername(db, input.username)
  if (!user) {
    await dummyPasswordCheck()
    return refuse(attempt(null, null), 'unknown username', new AuthenticationError(BAD_CREDENTIALS, 'bad_credentials'))
  }
  const actor = attempt(user.id, user.org_id)
  if (user.locked_until && user.locked_until > at) {
    await dummyPasswordCheck()
    return refuse(actor, 'account locked', new AuthenticationError(`account locked after repeated failed sign-ins until ${user.locked_until}; ask the security administrator to unlock it`, 'account_locked'))
  }
  const passwordOk = await verifyPassword(input.password, user.password_hash)
  if (!passwordOk) return failedAttempt(platform, user, actor, 'wrong password', BAD_CREDENTIALS, 'bad_credentials')

  let totpStep: number | null = null
  if (user.totp_enabled === 1) {
    if (!input.totp) return refuse(actor, 'second factor missing', new AuthenticationError('this account signs in with a TOTP code: send it as "totp"', 'totp_required'))
    const secret = openSecret(platform.keys, 'totp-secret', user.totp_secret ?? '', user.id)
    totpStep = verifyTotp(secret, input.totp, clock.getTime(), { afterStep: user.totp_last_step ?? undefined })
    if (totpStep === null) return failedAttempt(platform, user, actor, 'wrong or reused TOTP code', 'wrong or reused TOTP code', 'bad_totp')
  }

  const org = await findOrganization(db, user.org_id)
  if (user.status !== 'active' || !org || org.status !== 'active') {
    return refuse(actor, 'account or organization disabled', new AuthenticationError('this account or its organization is disabled', 'disabled'))
  }
  const roles = await userRoles(db, user.id)
  const scope: SessionScope =
    platform.config.requireTotpForPrivileged && needsTotp(roles) && user.totp_enabled !== 1 ? 'enroll-totp' : 'full'
  const expires = addSeconds(clock, scope === 'full' ? platform.config.sessionTtlSeconds : 600)
  const sessionId = newId('ses')
  const signedIn = await transaction(platform, async (trx) => {
    // The step was read before this transaction: another sign-in with the same code may have spent it since.
    if (totpStep !== null && !(await claimTotpStep(trx, user.id, totpStep))) return false
    await updateUser(trx, user.id, { failed_logins: 0, locked_until: null, updated_at: at })
    await insertSession(trx, {
      id: sessionId,
      user_id: user.id,
      scope,
      source_ip: ctx.sourceIp,
      created_at: at,
      expires_at: chinaTime(expires),
      revoked_at: null,
    })
    await appendAudit(trx, platform, { ...actor, role: roles.join(',') }, {
      eventType: 'auth.login',
      objectType: 'session',
      objectId: sessionId,
      action: 'login',
      result: 'success',
      detail: { scope, secondFactor: totpStep !== null },
    })
    return true
  })
  if (!signedIn) return failedAttempt(platform, user, actor, 'wrong or reused TOTP code', 'wrong or reused TOTP code', 'bad_totp')
  const token = issueSessionToken(platform.keys, {
    sid: sessionId,
    uid: user.id,
    scope,
    exp: Math.floor(expires.getTime() / 1000),
  })
  return { token, expiresAt: chinaTime(expires), scope, user: rowToUser(user, roles) }
}

async function failedAttempt(
  platform: Platform,
  user: UserRow,
  actor: AuditActor,
  reason: string,
  message: string,
  code: string,
): Promise<never> {
  const clock = platform.clock()
  const at = chinaTime(clock)
  const locked = await transaction(platform, async (trx) => {
    const failures = await countFailedLogin(trx, user.id, at)
    const lock = failures >= platform.config.maxFailedLogins
    if (lock) {
      await updateUser(trx, user.id, {
        failed_logins: 0,
        locked_until: chinaTime(addSeconds(clock, platform.config.lockoutSeconds)),
        updated_at: at,
      })
    }
    await appendAudit(trx, platform, actor, [
      { eventType: 'auth.login', objectType: 'user', objectId: user.id, action: 'login', result: 'failure', reason },
      ...(lock
        ? [{ eventType: 'user.lock', objectType: 'user', objectId: user.id, action: 'lock', result: 'success' as const, reason: `${failures} failed sign-ins` }]
        : []),
    ])
    return lock
  })
  throw new AuthenticationError(
    locked ? `${message}; the account is now locked for ${Math.round(platform.config.lockoutSeconds / 60)} minutes` : message,
    locked ? 'account_locked' : code,
  )
}

/** Establishes the principal behind a bearer token: a session token or a machine API token. */
export async function authenticate(platform: Platform, bearer: string): Promise<Principal> {
  const { db } = platform.store
  const clock = platform.clock()
  const api = bearer.startsWith('shy_') ? parseApiToken(bearer) : undefined
  if (bearer.startsWith('shy_')) {
    if (!api) throw new AuthenticationError('malformed API token', 'invalid_token')
    const token = await findApiToken(db, api.id)
    if (!token || !sameSecretHash(token.secret_hash, apiTokenSecretHash(platform.keys, api.id, api.secret))) {
      throw new AuthenticationError('API token is not valid', 'invalid_token')
    }
    if (token.revoked_at) throw new AuthenticationError('API token was revoked', 'token_revoked')
    const at = chinaTime(clock)
    if (token.expires_at && token.expires_at <= at) throw new AuthenticationError('API token expired', 'token_expired')
    // Recording every use would make each machine request a write; once a minute is enough.
    if (!token.last_used_at || token.last_used_at < chinaTime(addSeconds(clock, -60))) await touchApiToken(db, token.id, at)
    return principalFor(platform, token.user_id, 'full', null, token.id)
  }
  const claims = readSessionToken(platform.keys, bearer, clock)
  const session = await findSession(db, claims.sid)
  if (!session || session.user_id !== claims.uid) throw new AuthenticationError('session not found', 'invalid_token')
  if (session.revoked_at) throw new AuthenticationError('session ended: sign in again', 'session_revoked')
  if (session.expires_at <= chinaTime(clock)) throw new AuthenticationError('session expired: sign in again', 'token_expired')
  return principalFor(platform, session.user_id, claims.scope, session.id, null)
}

async function principalFor(
  platform: Platform,
  userId: string,
  scope: SessionScope,
  sessionId: string | null,
  apiTokenId: string | null,
): Promise<Principal> {
  const { db } = platform.store
  const user = await findUser(db, userId)
  const org = user ? await findOrganization(db, user.org_id) : undefined
  if (!user || !org) throw new AuthenticationError('account not found', 'invalid_token')
  if (user.status !== 'active' || org.status !== 'active') {
    throw new AuthenticationError('this account or its organization is disabled', 'disabled')
  }
  return {
    userId: user.id,
    username: user.username,
    orgId: org.id,
    orgKind: org.kind as OrgKind,
    jurisdiction: org.jurisdiction as Jurisdiction,
    roles: await userRoles(db, user.id),
    scope,
    sessionId,
    apiTokenId,
  }
}

/**
 * A context acting as a user, for work done on the host on a user's behalf (the demo world's
 * seeding): the same policies apply as to that user's requests.
 */
export async function actAs(platform: Platform, username: string, host: string): Promise<RequestContext & { principal: Principal }> {
  const user = await findUserByUsername(platform.store.db, username)
  if (!user) throw new NotFoundError(`user ${username} not found`)
  return { principal: await principalFor(platform, user.id, 'full', null, null), sourceIp: null, requestId: null, host }
}

export async function logout(platform: Platform, ctx: RequestContext): Promise<void> {
  const p = principalOf(ctx)
  if (!p.sessionId) throw new InputError('API tokens are revoked, not signed out')
  await transaction(platform, async (trx) => {
    await revokeSession(trx, p.sessionId!, now(platform))
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'auth.logout',
      objectType: 'session',
      objectId: p.sessionId!,
      action: 'logout',
      result: 'success',
    })
  })
}

export async function currentUser(platform: Platform, ctx: RequestContext): Promise<{ user: User; organization: Organization; scope: SessionScope }> {
  const p = principalOf(ctx)
  const row = await findUser(platform.store.db, p.userId)
  const org = await findOrganization(platform.store.db, p.orgId)
  if (!row || !org) throw new AuthenticationError('account not found', 'invalid_token')
  return { user: rowToUser(row, p.roles), organization: rowToOrganization(org), scope: p.scope }
}

export async function changePassword(
  platform: Platform,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const p = principalOf(ctx)
  const row = await findUser(platform.store.db, p.userId)
  if (!row) throw new AuthenticationError('account not found', 'invalid_token')
  if (!(await verifyPassword(input.currentPassword, row.password_hash))) {
    throw new AuthenticationError('current password is wrong', 'bad_credentials')
  }
  const problems = passwordProblems(input.newPassword, row.username)
  if (problems.length > 0) throw new InputError(`password rejected: ${problems.join('; ')}`, problems.map((message) => ({ path: 'newPassword', message })))
  const hash = await hashPassword(input.newPassword, { iterations: platform.config.passwordIterations })
  await transaction(platform, async (trx) => {
    const at = now(platform)
    await updateUser(trx, row.id, { password_hash: hash, password_changed_at: at, updated_at: at })
    await revokeUserSessions(trx, row.id, at)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'user.password',
      objectType: 'user',
      objectId: row.id,
      action: 'change-password',
      result: 'success',
    })
  })
}

// ---------------------------------------------------------------------------- second factor

/** Starts TOTP enrollment: a new secret, sealed in the store, shown to the user once. */
export async function beginTotpEnrollment(platform: Platform, ctx: RequestContext): Promise<{ secret: string; otpauthUri: string }> {
  const p = principalOf(ctx)
  if (p.apiTokenId) throw new NotAllowedError('machines do not enroll a second factor')
  const row = await findUser(platform.store.db, p.userId)
  if (!row) throw new AuthenticationError('account not found', 'invalid_token')
  if (row.totp_enabled === 1) throw new ConflictError('a second factor is already enabled; ask the security administrator to reset it')
  const secret = generateTotpSecret()
  await transaction(platform, async (trx) => {
    await updateUser(trx, row.id, { totp_secret: sealSecret(platform.keys, 'totp-secret', secret, row.id), updated_at: now(platform) })
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'user.totp',
      objectType: 'user',
      objectId: row.id,
      action: 'begin-enrollment',
      result: 'success',
    })
  })
  return { secret, otpauthUri: otpauthUri(secret, row.username, 'shuyu 数域') }
}

/** Confirms enrollment with a first code; from then on sign-in asks for one. */
export async function confirmTotpEnrollment(platform: Platform, ctx: RequestContext, code: string): Promise<void> {
  const p = principalOf(ctx)
  const row = await findUser(platform.store.db, p.userId)
  if (!row) throw new AuthenticationError('account not found', 'invalid_token')
  if (row.totp_enabled === 1) throw new ConflictError('a second factor is already enabled')
  if (!row.totp_secret) throw new ConflictError('start the enrollment first (POST /api/v1/me/totp)')
  const secret = openSecret(platform.keys, 'totp-secret', row.totp_secret, row.id)
  const step = verifyTotp(secret, code, platform.clock().getTime())
  if (step === null) throw new InputError('the TOTP code does not match: check the device clock and try the next code')
  await transaction(platform, async (trx) => {
    const at = now(platform)
    await updateUser(trx, row.id, { totp_enabled: 1, totp_last_step: step, updated_at: at })
    // A session limited to enrollment has done its job: sign in again with the code.
    await revokeUserSessions(trx, row.id, at)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'user.totp',
      objectType: 'user',
      objectId: row.id,
      action: 'enable',
      result: 'success',
    })
  })
}

export async function resetTotp(platform: Platform, ctx: RequestContext, id: string): Promise<void> {
  const p = principalOf(ctx)
  await transaction(platform, async (trx) => {
    const row = await findUser(trx, id)
    if (!row || !canSeeUser(p, row.org_id)) throw new NotFoundError(`user ${id} not found`)
    if (!canUnlockUser(p) || row.id === p.userId) throw new NotAllowedError('only the security administrator resets another user\'s second factor')
    const at = now(platform)
    await updateUser(trx, row.id, { totp_enabled: 0, totp_secret: null, totp_last_step: null, updated_at: at })
    await revokeUserSessions(trx, row.id, at)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'user.totp',
      objectType: 'user',
      objectId: row.id,
      action: 'reset',
      result: 'success',
    })
  })
}

// ---------------------------------------------------------------------------- API tokens

export interface ApiTokenInfo {
  readonly id: string
  readonly userId: string
  readonly name: string
  readonly createdAt: string
  readonly expiresAt: string | null
  readonly lastUsedAt: string | null
  readonly revokedAt: string | null
}

export async function createApiToken(
  platform: Platform,
  ctx: RequestContext,
  input: { name: string; userId?: string; expiresInDays?: number },
): Promise<{ token: string; info: ApiTokenInfo }> {
  const p = principalOf(ctx)
  const userId = input.userId ?? p.userId
  if (p.apiTokenId) throw new NotAllowedError('an API token cannot mint further tokens')
  const target = await findUser(platform.store.db, userId)
  if (!target || !canSeeUser(p, target.org_id)) throw new NotFoundError(`user ${userId} not found`)
  if (!canManageApiTokensOf(p, target.id)) throw new NotAllowedError('only the security administrator issues tokens for another account')
  const id = newId('at')
  const secret = newApiTokenSecret()
  const clock = platform.clock()
  const row = {
    id,
    user_id: target.id,
    name: input.name,
    secret_hash: apiTokenSecretHash(platform.keys, id, secret),
    created_by: p.userId,
    created_at: chinaTime(clock),
    expires_at: input.expiresInDays ? chinaTime(addSeconds(clock, input.expiresInDays * 86400)) : null,
    last_used_at: null,
    revoked_at: null,
  }
  await transaction(platform, async (trx) => {
    await insertApiToken(trx, row)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'api-token.create',
      objectType: 'api-token',
      objectId: id,
      action: 'create',
      result: 'success',
      detail: { userId: target.id, name: input.name, expiresAt: row.expires_at },
    })
  })
  return { token: formatApiToken(id, secret), info: toTokenInfo(row) }
}

export async function getApiTokens(platform: Platform, ctx: RequestContext, userId?: string): Promise<ApiTokenInfo[]> {
  const p = principalOf(ctx)
  const target = userId ?? p.userId
  const user = await findUser(platform.store.db, target)
  if (!user || !canSeeUser(p, user.org_id) || !canManageApiTokensOf(p, user.id)) throw new NotFoundError(`user ${target} not found`)
  return (await listApiTokens(platform.store.db, target)).map(toTokenInfo)
}

export async function revokeApiTokenById(platform: Platform, ctx: RequestContext, id: string): Promise<void> {
  const p = principalOf(ctx)
  await transaction(platform, async (trx) => {
    const token = await findApiToken(trx, id)
    if (!token || !canManageApiTokensOf(p, token.user_id)) throw new NotFoundError(`API token ${id} not found`)
    if ((await revokeApiToken(trx, id, now(platform))) === 0) throw new ConflictError(`API token ${id} was already revoked`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'api-token.revoke',
      objectType: 'api-token',
      objectId: id,
      action: 'revoke',
      result: 'success',
    })
  })
}

function toTokenInfo(row: {
  id: string
  user_id: string
  name: string
  created_at: string
  expires_at: string | null
  last_used_at: string | null
  revoked_at: string | null
}): ApiTokenInfo {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }
}
