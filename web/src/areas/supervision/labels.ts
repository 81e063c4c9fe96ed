import { useCallback } from 'react'
import { useLang } from '../../i18n.tsx'
import type { AuditResult, Criterion, Direction, FlagKind, FlagSeverity, IncidentCategory, IncidentSeverity, IncidentStatus, NodeKind, Rating } from './types.ts'

/** A label in both languages, Chinese first. */
export type Bilingual = readonly [zh: string, en: string]
type Labels<K extends string> = Readonly<Record<K, Bilingual>>

/** Picks the label in the console's language; unknown keys show as themselves. */
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

export const FLAG_KIND_LABELS: Labels<FlagKind> = {
  'output-check-failures': ['输出检查频繁拦截', 'Output checks firing'],
  'privacy-budget': ['隐私预算消耗', 'Privacy budget burn'],
  'refused-query-burst': ['查询被拒激增', 'Burst of refused queries'],
  'expiring-agreement': ['授权即将到期', 'Agreement expiring'],
  'overdue-rectification': ['整改逾期', 'Rectification overdue'],
  'gateway-refusals': ['接口调用被拒', 'Gateway refusals'],
  'overdue-incident': ['安全事件逾期未结', 'Incident overdue'],
  'no-emergency-plan': ['未备案应急预案', 'No emergency plan'],
}

/** What each flag means and why a regulator should care: shown beside the server's detail. */
export const FLAG_KIND_HINTS: Labels<FlagKind> = {
  'output-check-failures': ['7 日内多次结果因行数过少被扣留或单元格被抑制：可能在试探个体数据（第 28 条）', 'Many answers in 7 days had rows withheld or cells suppressed: someone may be narrowing in on individuals (art. 28)'],
  'privacy-budget': ['工作区差分隐私预算已消耗 80% 以上', 'More than 80% of the workspace’s differential privacy budget is spent'],
  'refused-query-burst': ['1 小时内安全网关多次拒绝查询：可能在探测网关', 'Many queries refused by the gate in an hour: someone may be probing it'],
  'expiring-agreement': ['授权协议即将到期，应提前研究续签或终止（第 17 条）', 'The agreement ends soon: renewal or termination to prepare (art. 17)'],
  'overdue-rectification': ['暂停整改已过期限仍未恢复（第 34 条）', 'A suspension for rectification is past its deadline (art. 34)'],
  'gateway-refusals': ['1 小时内接口多次拒绝调用（密钥错误、缺少授权同意、超出配额）', 'Many gateway calls refused in an hour (bad keys, missing consent, quotas)'],
  'overdue-incident': ['安全事件超过处置时限仍未结案（第 13、14 条）', 'An incident is past its closing deadline (art. 13, 14)'],
  'no-emergency-plan': ['运营主体或开发主体未备案应急预案（第 13 条第一款、第 14 条第一款）', 'The operator or a developer has no emergency plan on file (art. 13(1), 14(1))'],
}

export const SEVERITY_LABELS: Labels<FlagSeverity> = {
  critical: ['严重', 'Critical'],
  warning: ['警告', 'Warning'],
  info: ['提示', 'Info'],
}
export const SEVERITY_COLORS: Readonly<Record<FlagSeverity, string>> = { critical: 'red', warning: 'orange', info: 'blue' }

export const AUDIT_RESULT_LABELS: Labels<AuditResult> = {
  success: ['成功', 'Success'],
  failure: ['失败', 'Failure'],
  refused: ['拒绝', 'Refused'],
}

export const NODE_KIND_LABELS: Labels<NodeKind> = {
  'source-unit': ['数源单位', 'Source unit'],
  resource: ['数据资源', 'Resource'],
  version: ['资源版本', 'Pool version'],
  workspace: ['工作区', 'Workspace'],
  run: ['查询运行', 'Query run'],
  model: ['模型', 'Model'],
  product: ['数据产品', 'Product'],
  consumer: ['接口调用方', 'Consumer'],
}

export const DIRECTION_LABELS: Labels<Direction> = {
  up: ['上游（用了什么）', 'Upstream (what it used)'],
  down: ['下游（流向哪里）', 'Downstream (where it went)'],
  both: ['上下游', 'Both'],
}

/** GB/T 20986 levels (一般, 较大, 重大, 特别重大). */
export const INCIDENT_SEVERITY_LABELS: Labels<IncidentSeverity> = {
  general: ['一般', 'General'],
  significant: ['较大', 'Significant'],
  major: ['重大', 'Major'],
  'especially-major': ['特别重大', 'Especially major'],
}
export const INCIDENT_SEVERITY_COLORS: Readonly<Record<IncidentSeverity, string>> = { general: 'blue', significant: 'gold', major: 'orange', 'especially-major': 'red' }
/** Hours to close, by severity: the server's CLOSE_WITHIN_HOURS, shown so the reporter knows the deadline. */
export const CLOSE_WITHIN_HOURS: Readonly<Record<IncidentSeverity, number>> = { general: 168, significant: 72, major: 24, 'especially-major': 12 }

export const INCIDENT_CATEGORY_LABELS: Labels<IncidentCategory> = {
  'data-leak': ['数据泄露', 'Data leak'],
  'unauthorized-access': ['未授权访问', 'Unauthorized access'],
  tampering: ['数据篡改', 'Tampering'],
  loss: ['数据丢失', 'Loss'],
  availability: ['服务中断', 'Availability'],
  malware: ['恶意代码', 'Malware'],
  other: ['其他', 'Other'],
}

export const INCIDENT_STATUS_LABELS: Labels<IncidentStatus> = {
  reported: ['已报告', 'Reported'],
  acknowledged: ['已受理', 'Acknowledged'],
  closed: ['已结案', 'Closed'],
}

export const RECEIVER_LABELS: Labels<'operator' | 'office'> = {
  operator: ['一级开发运营主体', 'The operator'],
  office: ['协调机制办公室', 'The office'],
}

export const CRITERION_LABELS: Labels<Criterion> = {
  incidents: ['安全事件', 'Incidents'],
  'query-conduct': ['查询合规', 'Query conduct'],
  rectification: ['整改情况', 'Rectification'],
  'disclosure-and-registration': ['登记与披露', 'Registration and disclosure'],
  'emergency-plan': ['应急预案', 'Emergency plan'],
}

/** The scoring rule of each criterion in Chinese; the server's English rule is shown beside it. */
export const CRITERION_RULES: Labels<Criterion> = {
  incidents: ['满分 30，每起重大及以上事件扣 10 分，其他事件每起扣 3 分', '30, less 10 for each major or worse incident and 3 for each other one'],
  'query-conduct': ['20 × 安全网关应答查询的占比（被拒查询反映试探或疏忽）', '20 × the share of its queries the gate answered'],
  rectification: ['满分 20，每次暂停扣 10 分，每项逾期整改再扣 5 分', '20, less 10 for each suspension and 5 more for each rectification overdue'],
  'disclosure-and-registration': ['15 × 已上架产品中已登记的占比（无上架产品得满分）', '15 × the share of its listed products that are registered'],
  'emergency-plan': ['已备案应急预案得 15 分，否则 0 分', '15 with an emergency plan on file, else 0'],
}

export const RATING_LABELS: Labels<Rating> = {
  excellent: ['优秀', 'Excellent'],
  good: ['良好', 'Good'],
  fair: ['合格', 'Fair'],
  poor: ['不合格', 'Poor'],
}
export const RATING_COLORS: Readonly<Record<Rating, string>> = { excellent: 'green', good: 'blue', fair: 'gold', poor: 'red' }

export const AGREEMENT_STATUS_LABELS: Labels<string> = {
  draft: ['草拟', 'Draft'],
  filed: ['已报备', 'Filed'],
  active: ['生效中', 'Active'],
  suspended: ['暂停整改', 'Suspended'],
  terminated: ['已终止', 'Terminated'],
  expired: ['已到期', 'Expired'],
}

export const ORG_KIND_LABELS: Labels<string> = {
  office: ['协调机制办公室', 'Coordination office'],
  bureau: ['数据主管部门', 'Data bureau'],
  sector_authority: ['行业主管部门', 'Sector authority'],
  source_unit: ['数源单位', 'Source unit'],
  operator: ['一级开发运营主体', 'Primary operator'],
  developer: ['二级开发运营主体', 'Developer'],
  regulator: ['监管部门', 'Regulator'],
  consumer: ['产品使用方', 'Product consumer'],
}

/**
 * A handling step as the server words it ("reported to the operator", "acknowledged: …",
 * "closed: …", "suspended the authorization of …: …"), said in Chinese; free text stays as written.
 */
export function stepText(action: string, lang: 'zh' | 'en'): string {
  if (lang !== 'zh') return action
  if (action === 'reported to the operator') return '已报告一级开发运营主体'
  if (action === 'reported to the office') return '已报告协调机制办公室'
  const suspended = /^suspended the authorization of (\S+): ([\s\S]*)$/.exec(action)
  if (suspended) return `已暂停 ${suspended[1]} 的授权：${suspended[2]}`
  return action.replace(/^acknowledged: /, '受理：').replace(/^closed: /, '结案：')
}
