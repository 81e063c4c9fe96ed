import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { text } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { JURISDICTIONS, ORG_KINDS, ORG_STATUSES, ROLES, USER_STATUSES, USERNAME_PATTERN } from './identity.ts'
import {
  beginTotpEnrollment,
  changeOrganization,
  changePassword,
  confirmTotpEnrollment,
  createApiToken,
  createOrganization,
  createUser,
  currentUser,
  getApiTokens,
  getOrganization,
  getOrganizations,
  getUser,
  getUsers,
  login,
  logout,
  resetTotp,
  revokeApiTokenById,
  setUserRoles,
  setUserStatus,
  unlockUser,
} from './identity.service.ts'

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id of letters, digits, _ or -')
const idParams = z.object({ id: idSchema }).strict()
const password = z.string().min(1).max(256)
const jurisdiction = z.enum(Object.keys(JURISDICTIONS) as [string, ...string[]])

export function identityRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/auth/login',
    summary: 'Sign in with username and password (and a TOTP code once enrolled)',
    tags: ['auth'],
    access: 'public',
    rateLimit: { max: platform.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
    body: z
      .object({
        username: z.string().min(1).max(64),
        password,
        totp: z.string().regex(/^\d{6}$/, 'a TOTP code is 6 digits').optional(),
      })
      .strict(),
    handler: ({ body }, ctx) => login(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/auth/logout',
    summary: 'End the current session',
    tags: ['auth'],
    access: 'enrollment',
    handler: (_, ctx) => logout(platform, ctx),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/me',
    summary: 'Who am I: account, organization, roles and session scope',
    tags: ['auth'],
    access: 'enrollment',
    handler: (_, ctx) => currentUser(platform, ctx),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/me/password',
    summary: 'Change my password (ends every session of mine)',
    tags: ['auth'],
    access: 'signed-in',
    body: z.object({ currentPassword: password, newPassword: password }).strict(),
    handler: ({ body }, ctx) => changePassword(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/me/totp',
    summary: 'Start enrolling a TOTP second factor: returns the secret once',
    tags: ['auth'],
    access: 'enrollment',
    handler: (_, ctx) => beginTotpEnrollment(platform, ctx),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/me/totp/confirm',
    summary: 'Confirm the second factor with a first code; sign in again afterwards',
    tags: ['auth'],
    access: 'enrollment',
    body: z.object({ code: z.string().regex(/^\d{6}$/, 'a TOTP code is 6 digits') }).strict(),
    handler: ({ body }, ctx) => confirmTotpEnrollment(platform, ctx, body.code),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/organizations',
    summary: 'Organizations: all for administrators and regulators, else my own',
    tags: ['organizations'],
    access: 'signed-in',
    handler: async (_, ctx) => ({ organizations: await getOrganizations(platform, ctx) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/organizations',
    summary: 'Create an organization (system administrator)',
    tags: ['organizations'],
    access: 'signed-in',
    status: 201,
    body: z
      .object({
        name: text(200),
        kind: z.enum(ORG_KINDS),
        jurisdiction,
        unifiedCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'a USCC is 18 characters (GB 32100)').optional(),
      })
      .strict(),
    handler: ({ body }, ctx) =>
      createOrganization(platform, ctx, { ...body, jurisdiction: body.jurisdiction as keyof typeof JURISDICTIONS }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/organizations/:id',
    summary: 'One organization',
    tags: ['organizations'],
    access: 'signed-in',
    params: idParams,
    handler: ({ params }, ctx) => getOrganization(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'PATCH',
    url: '/api/v1/organizations/:id',
    summary: 'Rename, enable or disable an organization (system administrator)',
    tags: ['organizations'],
    access: 'signed-in',
    params: idParams,
    body: z
      .object({
        name: text(200).optional(),
        status: z.enum(ORG_STATUSES).optional(),
        unifiedCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/).nullable().optional(),
      })
      .strict()
      .refine((b) => Object.keys(b).length > 0, 'nothing to change'),
    handler: ({ params, body }, ctx) => changeOrganization(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/users',
    summary: 'User accounts: all for administrators and regulators, else my organization\'s',
    tags: ['users'],
    access: 'signed-in',
    query: z.object({ orgId: idSchema.optional() }).strict(),
    handler: async ({ query }, ctx) => ({ users: await getUsers(platform, ctx, query) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/users',
    summary: 'Create a user account (system administrator; administrator roles are granted separately)',
    tags: ['users'],
    access: 'signed-in',
    status: 201,
    body: z
      .object({
        orgId: idSchema,
        username: z.string().regex(USERNAME_PATTERN, 'lowercase letters, digits, . _ -, starting with a letter, 2–63 characters'),
        displayName: text(100),
        password,
        roles: z.array(z.enum(ROLES)).max(ROLES.length).default(['member']),
      })
      .strict(),
    handler: ({ body }, ctx) => createUser(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/users/:id',
    summary: 'One user account',
    tags: ['users'],
    access: 'signed-in',
    params: idParams,
    handler: ({ params }, ctx) => getUser(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'PUT',
    url: '/api/v1/users/:id/roles',
    summary: 'Set a user\'s roles (security administrator, never their own; 三员分立 enforced)',
    tags: ['users'],
    access: 'signed-in',
    params: idParams,
    body: z.object({ roles: z.array(z.enum(ROLES)).max(ROLES.length) }).strict(),
    handler: ({ params, body }, ctx) => setUserRoles(platform, ctx, params.id, body.roles),
  })

  defineRoute(app, platform, {
    method: 'PUT',
    url: '/api/v1/users/:id/status',
    summary: 'Enable or disable an account (system administrator)',
    tags: ['users'],
    access: 'signed-in',
    params: idParams,
    body: z.object({ status: z.enum(USER_STATUSES) }).strict(),
    handler: ({ params, body }, ctx) => setUserStatus(platform, ctx, params.id, body.status),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/users/:id/unlock',
    summary: 'Unlock an account locked by failed sign-ins (security administrator)',
    tags: ['users'],
    access: 'signed-in',
    params: idParams,
    handler: ({ params }, ctx) => unlockUser(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'DELETE',
    url: '/api/v1/users/:id/totp',
    summary: 'Reset a user\'s second factor (security administrator)',
    tags: ['users'],
    access: 'signed-in',
    params: idParams,
    handler: ({ params }, ctx) => resetTotp(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/api-tokens',
    summary: 'API tokens of an account (mine unless the security administrator asks)',
    tags: ['api tokens'],
    access: 'signed-in',
    query: z.object({ userId: idSchema.optional() }).strict(),
    handler: async ({ query }, ctx) => ({ apiTokens: await getApiTokens(platform, ctx, query.userId) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/api-tokens',
    summary: 'Issue an API token for machines; the token is shown only in this response',
    tags: ['api tokens'],
    access: 'signed-in',
    status: 201,
    body: z
      .object({
        name: text(100),
        userId: idSchema.optional(),
        expiresInDays: z.number().int().min(1).max(366).optional(),
      })
      .strict(),
    handler: ({ body }, ctx) => createApiToken(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'DELETE',
    url: '/api/v1/api-tokens/:id',
    summary: 'Revoke an API token',
    tags: ['api tokens'],
    access: 'signed-in',
    params: idParams,
    handler: ({ params }, ctx) => revokeApiTokenById(platform, ctx, params.id),
  })
}
