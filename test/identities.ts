import type { Platform } from '../src/platform/platform.ts'
import type { OrgKind, Principal, Role } from '../src/modules/identity/identity.ts'
import { authenticate, createOrganization, createUser, hostContext, login, type RequestContext } from '../src/modules/identity/identity.service.ts'

export const GOOD_PASSWORD = 'Correct-Horse-42'

/** An organization with one user of the given roles, made with the host's authority. */
export async function makeUser(
  platform: Platform,
  options: { username: string; kind?: OrgKind; roles?: readonly Role[]; orgId?: string },
): Promise<{ userId: string; orgId: string }> {
  const host = hostContext('test')
  const orgId =
    options.orgId ??
    (await createOrganization(platform, host, { name: `${options.username} org`, kind: options.kind ?? 'developer', jurisdiction: '130700' })).id
  const user = await createUser(
    platform,
    host,
    { orgId, username: options.username, displayName: options.username, password: GOOD_PASSWORD, roles: options.roles ?? ['member'] },
    { host: true },
  )
  return { userId: user.id, orgId }
}

/** Signs in through the service and returns the context of a request made with that session. */
export async function contextOf(platform: Platform, username: string, password = GOOD_PASSWORD): Promise<RequestContext & { principal: Principal }> {
  const { token } = await login(platform, { sourceIp: '127.0.0.1', requestId: null }, { username, password })
  return { principal: await authenticate(platform, token), sourceIp: '127.0.0.1', requestId: null }
}
