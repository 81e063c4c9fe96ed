import { useCallback } from 'react'
import { useLang } from '../../i18n.tsx'
import type { OrgKind, Role } from './types.ts'

export type Bilingual = readonly [zh: string, en: string]
type Labels<K extends string> = Readonly<Record<K, Bilingual>>

export function useLabel(): <K extends string>(labels: Labels<K>, key: K | string) => string {
  const { lang } = useLang()
  return useCallback(
    <K extends string>(labels: Labels<K>, key: K | string) => {
      const pair = (labels as Readonly<Record<string, Bilingual>>)[key]
      return pair ? pair[lang === 'zh' ? 0 : 1] : key
    },
    [lang],
  )
}

/** 三员: the system, security and audit administrators, and the business roles. */
export const ROLE_LABELS: Labels<Role> = {
  system_admin: ['系统管理员', 'System administrator'],
  security_admin: ['安全管理员', 'Security administrator'],
  audit_admin: ['审计管理员', 'Audit administrator'],
  reviewer: ['产品审核员', 'Product reviewer'],
  member: ['业务人员', 'Member'],
}
export const ROLE_COLORS: Readonly<Record<Role, string>> = { system_admin: 'magenta', security_admin: 'volcano', audit_admin: 'purple', reviewer: 'cyan', member: 'default' }

export const ROLE_HINTS: Labels<Role> = {
  system_admin: ['管理账户与机构', 'Accounts and organizations'],
  security_admin: ['授予角色、解锁、重置双因素、签发令牌', 'Roles, unlocking, second factors, tokens'],
  audit_admin: ['查阅、导出并验证审计日志', 'Reads, exports and verifies the audit log'],
  reviewer: ['一级开发运营主体的产品合规审核（第二十五条）', 'Reviews products for the operator (art. 25)'],
  member: ['代表本机构办理业务', 'Acts for the organization in its business'],
}

export const ORG_KIND_LABELS: Labels<OrgKind> = {
  office: ['协调机制办公室', 'Coordination office'],
  bureau: ['数据主管部门', 'Data bureau'],
  sector_authority: ['行业主管部门', 'Sector authority'],
  source_unit: ['数源单位', 'Source unit'],
  operator: ['一级开发运营主体', 'Primary operator'],
  developer: ['二级开发运营主体', 'Developer'],
  regulator: ['监管部门', 'Regulator'],
  consumer: ['产品使用方', 'Product consumer'],
}

/** 张家口市 and its 16 county-level divisions (GB/T 2260), as the server accepts them. */
export const JURISDICTIONS: Readonly<Record<string, string>> = {
  '130700': '张家口市',
  '130702': '桥东区',
  '130703': '桥西区',
  '130705': '宣化区',
  '130706': '下花园区',
  '130708': '万全区',
  '130709': '崇礼区',
  '130722': '张北县',
  '130723': '康保县',
  '130724': '沽源县',
  '130725': '尚义县',
  '130726': '蔚县',
  '130727': '阳原县',
  '130728': '怀安县',
  '130730': '怀来县',
  '130731': '涿鹿县',
  '130732': '赤城县',
}
