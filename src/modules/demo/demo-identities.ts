import type { Platform } from '../../platform/platform.ts'
import type { Jurisdiction, OrgKind, Role } from '../identity/identity.ts'
import { createOrganization, createUser, hostContext } from '../identity/identity.service.ts'
import { findOrganization, findUserByUsername } from '../identity/identity.repository.ts'

/**
 * The organizations and users of the demo world (../shared/DEMO-WORLD.md, a contract): fixed
 * ids and usernames, each password `demo-<username>`. They exist only with demo data on.
 */
export const DEMO_ORGANIZATIONS: readonly { id: string; name: string; kind: OrgKind; jurisdiction: Jurisdiction }[] = [
  { id: 'org-office', name: '市公共数据资源授权运营协调机制办公室', kind: 'office', jurisdiction: '130700' },
  { id: 'org-bureau', name: '市数政局', kind: 'bureau', jurisdiction: '130700' },
  { id: 'org-sector-mr', name: '市市场监管局', kind: 'sector_authority', jurisdiction: '130700' },
  { id: 'org-src-power', name: '国网张家口供电公司', kind: 'source_unit', jurisdiction: '130700' },
  { id: 'org-src-water', name: '张家口市自来水公司', kind: 'source_unit', jurisdiction: '130700' },
  { id: 'org-src-hrss', name: '市人力资源和社会保障局', kind: 'source_unit', jurisdiction: '130700' },
  { id: 'org-src-mr', name: '市市场监管局（数源单位）', kind: 'source_unit', jurisdiction: '130700' },
  { id: 'org-src-transit', name: '张家口公交集团', kind: 'source_unit', jurisdiction: '130700' },
  { id: 'org-src-tourism', name: '市文化广电和旅游局', kind: 'source_unit', jurisdiction: '130700' },
  { id: 'org-operator', name: '张家口数据运营有限公司', kind: 'operator', jurisdiction: '130700' },
  { id: 'org-fintech', name: '冀北普惠金融科技有限公司', kind: 'developer', jurisdiction: '130700' },
  { id: 'org-skitour', name: '崇礼冰雪文旅数据科技有限公司', kind: 'developer', jurisdiction: '130709' },
  { id: 'org-regulator', name: '市委网信办', kind: 'regulator', jurisdiction: '130700' },
  { id: 'org-bank', name: '张家口某商业银行', kind: 'consumer', jurisdiction: '130700' },
]

export const DEMO_USERS: readonly { username: string; orgId: string; displayName: string; roles: readonly Role[] }[] = [
  { username: 'office', orgId: 'org-office', displayName: '协调办 经办人', roles: ['member'] },
  { username: 'bureau', orgId: 'org-bureau', displayName: '市数政局 经办人', roles: ['member'] },
  { username: 'sector-mr', orgId: 'org-sector-mr', displayName: '市场监管局 目录编制员', roles: ['member'] },
  { username: 'src-power', orgId: 'org-src-power', displayName: '供电公司 数据管理员', roles: ['member'] },
  { username: 'src-water', orgId: 'org-src-water', displayName: '自来水公司 数据管理员', roles: ['member'] },
  { username: 'src-hrss', orgId: 'org-src-hrss', displayName: '人社局 数据管理员', roles: ['member'] },
  { username: 'src-mr', orgId: 'org-src-mr', displayName: '市场监管局 数据管理员', roles: ['member'] },
  { username: 'src-transit', orgId: 'org-src-transit', displayName: '公交集团 数据管理员', roles: ['member'] },
  { username: 'src-tourism', orgId: 'org-src-tourism', displayName: '文旅局 数据管理员', roles: ['member'] },
  { username: 'operator', orgId: 'org-operator', displayName: '运营公司 运营经理', roles: ['member'] },
  { username: 'reviewer', orgId: 'org-operator', displayName: '运营公司 合规审核员', roles: ['reviewer'] },
  { username: 'fintech', orgId: 'org-fintech', displayName: '普惠金融科技 开发者', roles: ['member'] },
  { username: 'skitour', orgId: 'org-skitour', displayName: '冰雪文旅数据 开发者', roles: ['member'] },
  { username: 'regulator', orgId: 'org-regulator', displayName: '网信办 监管员', roles: ['member'] },
  { username: 'bank', orgId: 'org-bank', displayName: '商业银行 产品使用方', roles: ['member'] },
  // The three administrators (三员分立) of the platform, hosted at the data bureau.
  { username: 'sysadmin', orgId: 'org-bureau', displayName: '系统管理员', roles: ['system_admin'] },
  { username: 'secadmin', orgId: 'org-bureau', displayName: '安全管理员', roles: ['security_admin'] },
  { username: 'auditadmin', orgId: 'org-bureau', displayName: '审计管理员', roles: ['audit_admin'] },
]

export function demoPassword(username: string): string {
  return `demo-${username}`
}

/** Creates whatever of the demo identities is missing; running it again changes nothing. */
export async function seedDemoIdentities(platform: Platform): Promise<{ organizations: number; users: number }> {
  const { db } = platform.store
  const ctx = hostContext('demo-seed')
  let organizations = 0
  for (const org of DEMO_ORGANIZATIONS) {
    if (await findOrganization(db, org.id)) continue
    await createOrganization(platform, ctx, org)
    organizations++
  }
  const missing = []
  for (const user of DEMO_USERS) {
    if (!(await findUserByUsername(db, user.username))) missing.push(user)
  }
  // The key derivation dominates; running the hashes side by side uses both cores.
  await Promise.all(
    missing.map((user) =>
      createUser(platform, ctx, { ...user, password: demoPassword(user.username) }, { host: true, demoPassword: true }),
    ),
  )
  return { organizations, users: missing.length }
}
