import { useCallback } from 'react'
import { useLang } from '../../i18n.tsx'
import type {
  DataLevel,
  EntryStatus,
  ExclusionReason,
  FieldFormat,
  FieldType,
  ImpactDegree,
  ImpactObject,
  PersonalInfoTag,
  Resolution,
  ReturnFlowStatus,
  SharingType,
  UpdateCycle,
  VersionStatus,
} from './types.ts'

/** A label in both languages, Chinese first. */
export type Bilingual = readonly [zh: string, en: string]
type Labels<K extends string> = Readonly<Record<K, Bilingual>>

/** GB/T 43697-2024 levels. */
export const LEVEL_LABELS: Labels<DataLevel> = { core: ['核心数据', 'Core data'], important: ['重要数据', 'Important data'], general: ['一般数据', 'General data'] }

export const IMPACT_OBJECT_LABELS: Labels<ImpactObject> = {
  national_security: ['国家安全', 'National security'],
  economic_operation: ['经济运行', 'Economic operation'],
  social_order: ['社会秩序', 'Social order'],
  public_interest: ['公共利益', 'Public interest'],
  organization_rights: ['组织权益', 'Rights of organizations'],
  individual_rights: ['个人权益', 'Rights of individuals'],
}

export const IMPACT_DEGREE_LABELS: Labels<ImpactDegree> = {
  especially_serious: ['特别严重危害', 'Especially serious harm'],
  serious: ['严重危害', 'Serious harm'],
  general: ['一般危害', 'General harm'],
  none: ['无危害', 'No harm'],
}

/** GB/T 35273-2020 annex A/B and GB/T 45574-2025. */
export const PERSONAL_INFO_LABELS: Labels<PersonalInfoTag> = {
  personal_name: ['姓名', 'Name'],
  id_number: ['身份证件号码', 'ID number'],
  phone: ['手机号码', 'Phone'],
  email: ['电子邮箱', 'Email'],
  address: ['住址', 'Address'],
  bank_card: ['银行卡号', 'Bank card'],
  financial_account: ['金融账户', 'Financial account'],
  card_number: ['卡号', 'Card number'],
  trajectory: ['行踪轨迹', 'Trajectory'],
  precise_location: ['精确定位', 'Precise location'],
  health: ['医疗健康', 'Health'],
  biometric: ['生物识别', 'Biometric'],
  religion: ['宗教信仰', 'Religion'],
  minor: ['未成年人信息', 'Minor'],
  specific_identity: ['特定身份', 'Specific identity'],
  income: ['收入', 'Income'],
  social_insurance: ['社保信息', 'Social insurance'],
}

export const FIELD_TYPE_LABELS: Labels<FieldType> = {
  string: ['字符串', 'String'],
  integer: ['整数', 'Integer'],
  decimal: ['小数', 'Decimal'],
  date: ['日期', 'Date'],
  timestamp: ['日期时间', 'Timestamp'],
  boolean: ['布尔', 'Boolean'],
}

export const FIELD_FORMAT_LABELS: Labels<FieldFormat> = {
  'resident-id': ['居民身份号码 (GB 11643)', 'Resident ID (GB 11643)'],
  uscc: ['统一社会信用代码 (GB 32100)', 'Credit code (GB 32100)'],
  mobile: ['手机号码', 'Mobile number'],
  'bank-card': ['银行卡号 (Luhn)', 'Bank card (Luhn)'],
  'year-month': ['年月 YYYY-MM', 'Month YYYY-MM'],
  'division-code': ['行政区划代码 (GB/T 2260)', 'Division code (GB/T 2260)'],
  email: ['电子邮箱', 'Email'],
}

/** 共享类型 / 开放类型 of the catalog guide. */
export const SHARING_LABELS: Labels<SharingType> = {
  unconditional: ['无条件', 'Unconditional'],
  conditional: ['有条件', 'Conditional'],
  none: ['不予', 'None'],
}

export const UPDATE_CYCLE_LABELS: Labels<UpdateCycle> = {
  realtime: ['实时', 'Real time'],
  daily: ['每日', 'Daily'],
  weekly: ['每周', 'Weekly'],
  monthly: ['每月', 'Monthly'],
  quarterly: ['每季度', 'Quarterly'],
  yearly: ['每年', 'Yearly'],
  irregular: ['不定期', 'Irregular'],
}

/** Why data may never enter an authorization (art. 15). */
export const EXCLUSION_LABELS: Labels<ExclusionReason> = {
  'prohibited-by-law': ['法律法规禁止', 'Prohibited by law'],
  'national-or-public-security': ['涉及国家安全、公共安全', 'National or public security'],
  privacy: ['涉及个人隐私', 'Privacy'],
  'personal-information': ['涉及个人信息', 'Personal information'],
  'trade-secret': ['涉及商业秘密', 'Trade secret'],
  'acquisition-agreement': ['获取时约定不得开放', 'Acquisition agreement'],
}

export const ENTRY_STATUS_LABELS: Labels<EntryStatus> = {
  draft: ['草稿', 'Draft'],
  submitted: ['待审核', 'Submitted'],
  returned: ['已退回', 'Returned'],
  approved: ['已发布', 'Approved'],
}

export const VERSION_STATUS_LABELS: Labels<VersionStatus> = {
  current: ['服务中', 'Current'],
  held: ['待接受', 'Held'],
  superseded: ['已替代', 'Superseded'],
}

export const RETURN_FLOW_STATUS_LABELS: Labels<ReturnFlowStatus> = {
  requested: ['待审批', 'Requested'],
  approved: ['已批准', 'Approved'],
  rejected: ['已驳回', 'Rejected'],
}

export const RESOLUTION_LABELS: Labels<Resolution> = {
  reference: ['关联引用（非重复）', 'Reference (not a duplicate)'],
  duplicate: ['重复采集', 'Duplicate collection'],
}

export const SOURCE_KIND_LABELS: Labels<'upload' | 'path' | 'demo'> = {
  upload: ['上传', 'Upload'],
  path: ['服务器路径', 'Server path'],
  demo: ['演示数据', 'Demo data'],
}

/**
 * t() that stays the same function while the language does, for the dependencies of useMemo: a
 * chart's option built with it is then rebuilt (and re-animated) only when its data or the
 * language change, not on every render.
 */
export function useStableT(): (zh: string, en: string) => string {
  const { lang } = useLang()
  return useCallback((zh: string, en: string) => (lang === 'zh' ? zh : en), [lang])
}

/** A label in the language chosen, or the raw key if none is known. */
export function useLabel(): <K extends string>(labels: Labels<K>, key: K | null | undefined) => string {
  const { lang } = useLang()
  return useCallback(
    <K extends string>(labels: Labels<K>, key: K | null | undefined) => {
      if (key === null || key === undefined) return '—'
      const label = labels[key]
      return label ? label[lang === 'zh' ? 0 : 1] : String(key)
    },
    [lang],
  )
}

/** Options for an antd Select from a label table, in the table's order. */
export function useOptions(): <K extends string>(labels: Labels<K>) => { value: K; label: string }[] {
  const { lang } = useLang()
  return useCallback(
    <K extends string>(labels: Labels<K>) => (Object.keys(labels) as K[]).map((key) => ({ value: key, label: labels[key][lang === 'zh' ? 0 : 1] })),
    [lang],
  )
}
