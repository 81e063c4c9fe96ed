import { CheckCircleTwoTone, CloseCircleTwoTone, ExclamationCircleTwoTone } from '@ant-design/icons'
import { Tag, Tooltip } from 'antd'
import { StatusTag } from '../../components/format.tsx'
import { useT } from '../../i18n.tsx'
import type { Pricing, ProductKind, ProductStatus, RegistrationKind, RegistrationStatus, RegistrationStep, ReviewDecision, ReviewFinding } from './types.ts'

/** The names the measures use, Chinese first: [zh, en]. */
type Names = Readonly<Record<string, readonly [string, string]>>

export const KIND_NAMES: Names = {
  dataset: ['数据集', 'Dataset'],
  api: ['数据接口', 'API'],
  indicator: ['数据指标', 'Indicator'],
  report: ['分析报告', 'Report'],
  model: ['数据模型', 'Model'],
  application: ['数据应用', 'Application'],
} satisfies Record<ProductKind, readonly [string, string]>

export const PRODUCT_STATUS_NAMES: Names = {
  draft: ['草稿', 'Draft'],
  submitted: ['待审核', 'Submitted'],
  returned: ['已退回', 'Returned'],
  rejected: ['已驳回', 'Rejected'],
  approved: ['审核通过', 'Approved'],
  listed: ['已上架', 'Listed'],
  suspended: ['已暂停', 'Suspended'],
  cancelled: ['已注销', 'Cancelled'],
} satisfies Record<ProductStatus, readonly [string, string]>

export const DECISION_NAMES: Names = {
  approve: ['通过', 'Approve'],
  return: ['退回修改', 'Return'],
  reject: ['驳回', 'Reject'],
} satisfies Record<ReviewDecision, readonly [string, string]>

export const REGISTRATION_KIND_NAMES: Names = {
  first: ['首次登记', 'First registration'],
  change: ['变更登记', 'Change'],
  correction: ['更正登记', 'Correction'],
  cancellation: ['注销登记', 'Cancellation'],
} satisfies Record<RegistrationKind, readonly [string, string]>

export const REGISTRATION_STATUS_NAMES: Names = {
  applied: ['待受理', 'Applied'],
  accepted: ['形式审查中', 'Under formal review'],
  refused: ['不予受理', 'Refused'],
  returned: ['退回补正', 'Returned'],
  notice: ['公示中', 'In public notice'],
  stopped: ['已终止', 'Stopped'],
  registered: ['已登记', 'Registered'],
  cancelled: ['已注销', 'Cancelled'],
} satisfies Record<RegistrationStatus, readonly [string, string]>

export const STEP_NAMES: Names = {
  apply: ['提交申请', 'Applied'],
  accept: ['受理', 'Accepted'],
  refuse: ['不予受理', 'Refused'],
  approve: ['形式审查通过，进入公示', 'Formal review passed: notice published'],
  return: ['退回补正', 'Returned for correction'],
  resubmit: ['补正后重新提交', 'Resubmitted'],
  stop: ['异议成立，登记终止', 'Objection upheld: stopped'],
  issue: ['发放登记编号', 'Code issued'],
  cancel: ['注销', 'Cancelled'],
} satisfies Record<RegistrationStep['step'], readonly [string, string]>

/** The automatic checks of art. 25 (review-checks.ts), in the words of the checklist. */
export const CHECK_NAMES: Names = {
  'purpose-and-scope': ['用途与授权范围一致', 'Purpose and scope'],
  'declared-sources': ['注明使用的数据来源', 'Declared sources'],
  'raw-or-sensitive-exposure': ['不含原始数据或敏感标识', 'No raw or sensitive data'],
  reversibility: ['不可逆推原始数据', 'Not reversible'],
  'reversibility:residual-dof': ['不可逆推：剩余自由度', 'Reversibility: residual degrees of freedom'],
  'reversibility:bin-size': ['不可逆推：分箱样本量', 'Reversibility: bin sizes'],
  'reversibility:instance-based': ['不可逆推：不含训练样本', 'Reversibility: no training rows'],
  'reversibility:k-anonymity-of-predictions': ['不可逆推：输出值 k 匿名', 'Reversibility: k-anonymous outputs'],
  'reversibility:membership-inference': ['不可逆推：成员推断攻击', 'Reversibility: membership inference'],
  'personal-information-or-trade-secret': ['涉及个人信息或商业秘密', 'Personal information or trade secrets'],
}

export const COST_CATEGORY_NAMES: Names = {
  compute: ['算力', 'Compute'],
  storage: ['存储', 'Storage'],
  operation: ['运营', 'Operation'],
  security: ['安全', 'Security'],
  other: ['其他', 'Other'],
}

export const PARTY_NAMES: Names = {
  operator: ['一级开发运营主体', 'Operator'],
  developer: ['二级开发运营主体', 'Developer'],
  city: ['市政府（财政）', 'The city'],
}

/** A name from one of the maps above, the key itself when the server sent something new. */
export function useNames(): (names: Names, key: string) => string {
  const t = useT()
  return (names, key) => {
    const pair = names[key]
    return pair ? t(pair[0], pair[1]) : key
  }
}

/** GB/T 43697: general-1 … general-4, important, core. */
export function useGradeName(): (grade: string | null | undefined) => string {
  const t = useT()
  return (grade) => {
    if (!grade) return '—'
    const general = /^general-(\d)$/.exec(grade)
    if (general) return t(`一般数据 ${general[1]}级`, `General, grade ${general[1]}`)
    if (grade === 'important') return t('重要数据', 'Important')
    if (grade === 'core') return t('核心数据', 'Core')
    return grade
  }
}

export function GradeTag({ grade }: { grade: string }) {
  const name = useGradeName()
  const color = grade === 'core' ? 'red' : grade === 'important' ? 'volcano' : grade === 'general-4' || grade === 'general-3' ? 'orange' : 'default'
  return <Tag color={color}>{name(grade)}</Tag>
}

export function ProductStatusTag({ status }: { status: ProductStatus }) {
  const names = useNames()
  return <StatusTag status={status}>{names(PRODUCT_STATUS_NAMES, status)}</StatusTag>
}

/** Registration statuses borrow the shared colours of their nearest product-side meaning. */
const REGISTRATION_COLOURS: Record<RegistrationStatus, string> = {
  applied: 'submitted',
  accepted: 'in_review',
  refused: 'rejected',
  returned: 'returned',
  notice: 'notice',
  stopped: 'terminated',
  registered: 'registered',
  cancelled: 'cancelled',
}

export function RegistrationStatusTag({ status }: { status: RegistrationStatus }) {
  const names = useNames()
  return <StatusTag status={REGISTRATION_COLOURS[status]}>{names(REGISTRATION_STATUS_NAMES, status)}</StatusTag>
}

export function KindTag({ kind }: { kind: ProductKind }) {
  const names = useNames()
  return <Tag color={kind === 'api' ? 'geekblue' : 'default'}>{names(KIND_NAMES, kind)}</Tag>
}

export function FindingIcon({ status }: { status: ReviewFinding['status'] }) {
  const t = useT()
  if (status === 'pass') return <Tooltip title={t('通过', 'Passed')}><CheckCircleTwoTone twoToneColor="#52c41a" /></Tooltip>
  if (status === 'fail') return <Tooltip title={t('未通过：阻止提交', 'Failed: blocks submission')}><CloseCircleTwoTone twoToneColor="#ff4d4f" /></Tooltip>
  return <Tooltip title={t('请审核员关注', 'For the reviewer')}><ExclamationCircleTwoTone twoToneColor="#faad14" /></Tooltip>
}

/** Yuan as the ledger and the gateway keep them (not fen): ¥0.50. */
export function formatYuanAmount(yuan: number | null | undefined, digits = 2): string {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return '—'
  const text = `¥${Math.abs(yuan).toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 6) })}`
  return yuan < 0 ? `-${text}` : text
}

export function usePriceText(): (pricing: Pricing | undefined) => string {
  const t = useT()
  return (pricing) => {
    if (!pricing) return '—'
    if (pricing.model === 'free') return t('免费', 'Free')
    return t(`${formatYuanAmount(pricing.yuanPerCall)} / 次`, `${formatYuanAmount(pricing.yuanPerCall)} per call`)
  }
}
