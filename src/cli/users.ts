import { Command, Option } from 'commander'
import { createOrganization, createUser, hostContext, listAllUsers } from '../modules/identity/identity.service.ts'
import { findOrganization, listOrganizations } from '../modules/identity/identity.repository.ts'
import { isJurisdiction, ORG_KINDS, ROLES, type OrgKind, type Role } from '../modules/identity/identity.ts'
import { InputError } from '../platform/errors.ts'
import { print, withPlatform } from './host.ts'

export function usersCommand(): Command {
  const users = new Command('users').description('user accounts')

  users
    .command('add')
    .description('create a user account (the first administrator too, with SHUYU_DEMO=0)')
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--role <role...>', `roles: ${ROLES.join(', ')}`)
    .option('--org <id>', 'organization id (created with --org-name if it does not exist)', 'org-platform')
    .option('--org-name <name>', 'name of a new organization', '平台运维')
    .addOption(new Option('--org-kind <kind>', 'kind of a new organization').choices(ORG_KINDS).default('bureau'))
    .option('--jurisdiction <code>', 'division code of a new organization', '130700')
    .option('--display-name <name>', 'display name')
    .addOption(new Option('--password <password>', 'password (else read from SHUYU_NEW_PASSWORD or stdin)').env('SHUYU_NEW_PASSWORD'))
    .action(async (o: { username: string; role: string[]; org: string; orgName: string; orgKind: OrgKind; jurisdiction: string; displayName?: string; password?: string }) => {
      const roles = o.role.map((role) => {
        if (!(ROLES as readonly string[]).includes(role)) throw new InputError(`unknown role ${role}: one of ${ROLES.join(', ')}`)
        return role as Role
      })
      if (!isJurisdiction(o.jurisdiction)) throw new InputError(`${o.jurisdiction} is not 130700 or one of its counties`)
      const password = o.password ?? (await readStdin())
      if (!password) throw new InputError('give a password with --password, SHUYU_NEW_PASSWORD or on stdin')
      await withPlatform(async (platform) => {
        const ctx = hostContext('cli')
        if (!(await findOrganization(platform.store.db, o.org))) {
          await createOrganization(platform, ctx, { id: o.org, name: o.orgName, kind: o.orgKind, jurisdiction: o.jurisdiction as '130700' })
          print(`organization ${o.org} (${o.orgName}, ${o.orgKind}) created`)
        }
        const user = await createUser(platform, ctx, { orgId: o.org, username: o.username, displayName: o.displayName ?? o.username, password, roles }, { host: true })
        print(`user ${user.username} (${user.id}) created with roles ${user.roles.join(', ')}`)
      })
    })

  users
    .command('list')
    .description('list user accounts')
    .option('--json', 'as JSON')
    .action(async (o: { json?: boolean }) => {
      await withPlatform(async (platform) => {
        const all = await listAllUsers(platform)
        if (o.json) return print(JSON.stringify(all, null, 2))
        const orgs = new Map((await listOrganizations(platform.store.db)).map((org) => [org.id, org.name]))
        for (const u of all) {
          const flags = [u.status !== 'active' ? u.status : '', u.totpEnabled ? 'totp' : '', u.lockedUntil ? `locked until ${u.lockedUntil}` : '']
          print([u.username.padEnd(14), u.roles.join(',').padEnd(16), orgs.get(u.orgId) ?? u.orgId, ...flags.filter(Boolean)].join('  '))
        }
      })
    })

  return users
}

async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined
  let data = ''
  for await (const chunk of process.stdin) data += chunk
  return data.replace(/\r?\n$/, '') || undefined
}
