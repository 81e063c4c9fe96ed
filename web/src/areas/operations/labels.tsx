import { Tag } from 'antd'
import { StatusTag } from '../../components/format.tsx'
import { useCallback } from 'react'
import { useLang } from '../../i18n.tsx'

/**
 * The words of the measures for the codes the API uses: statuses, purposes, clauses, grounds and
 * methods, Chinese first. A code the table does not know is shown as it is.
 */
export interface Words {
  readonly zh: string
  readonly en: string
}
type Table = Readonly<Record<string, Words>>

const w = (zh: string, en: string): Words => ({ zh, en })

export const DEMAND_STATUS: Table = { open: w('待汇总', 'Open'), compiled: w('已纳入场景', 'Compiled'), declined: w('未采纳', 'Declined') }

export const SCENARIO_STATUS: Table = {
  draft: w('草稿', 'Draft'),
  submitted: w('待审核', 'Submitted'),
  returned: w('退回修改', 'Returned'),
  approved: w('已审定', 'Approved'),
  rejected: w('未通过', 'Rejected'),
}

export const CALL_STATUS: Table = { open: w('征集中', 'Open'), awarded: w('已确定', 'Awarded'), cancelled: w('已撤销', 'Cancelled') }

export const APPLICATION_STATUS: Table = {
  submitted: w('已申请', 'Submitted'),
  scored: w('已评分', 'Scored'),
  awarded: w('中选', 'Awarded'),
  'not-awarded': w('未中选', 'Not awarded'),
}

export const OPERATOR_AUTHORIZATION_STATUS: Table = { designated: w('已确定，待授权', 'Designated'), active: w('授权有效', 'Active'), ended: w('已终止', 'Ended') }

export const AGREEMENT_STATUS: Table = {
  draft: w('草稿', 'Draft'),
  filed: w('已报备', 'Filed'),
  active: w('生效中', 'Active'),
  suspended: w('暂停整改', 'Suspended'),
  terminated: w('已终止', 'Terminated'),
  expired: w('已到期', 'Expired'),
}

export const WORKSPACE_STATUS: Table = { open: w('开放', 'Open'), suspended: w('已暂停', 'Suspended'), closed: w('已关闭', 'Closed') }

export const TEMPLATE_STATUS: Table = { proposed: w('待审定', 'Proposed'), approved: w('已批准', 'Approved'), rejected: w('已驳回', 'Rejected') }

export const IMPORT_STATUS: Table = {
  scanned: w('已扫描', 'Scanned'),
  planned: w('已去标识化', 'Planned'),
  submitted: w('待办公室审核', 'Submitted'),
  returned: w('退回', 'Returned'),
  approved: w('已同意导入', 'Approved'),
  destroyed: w('已销毁', 'Destroyed'),
}

export const PURPOSE: Table = { public_interest: w('公共治理、公益事业（无偿）', 'Public interest (free)'), industrial: w('产业发展、行业发展（有偿）', 'Industrial (paid)') }

export const PURPOSE_SHORT: Table = { public_interest: w('公益', 'Public interest'), industrial: w('产业', 'Industrial') }

/** Art. 16's clauses, in the pack's order. */
export const CLAUSES: Table = {
  'rights-and-duties': w('各方权利义务', 'Rights and duties'),
  scope: w('运营范围', 'Scope'),
  term: w('服务期限', 'Term'),
  fees: w('服务费用', 'Fees'),
  'security-requirements': w('安全要求', 'Security requirements'),
  prohibitions: w('禁止条款', 'Prohibitions'),
  'credit-commitment': w('信用承诺', 'Credit commitment'),
  exit: w('退出机制', 'Exit'),
  liability: w('违约责任', 'Liability'),
}

/** Art. 35's grounds of unilateral termination. */
export const TERMINATION_GROUNDS: Table = {
  'policy-change': w('（一）法律法规或政策调整，停止实施授权运营', '(1) Law or policy ends the authorized operation'),
  'security-incident': w('（二）发生数据安全、失泄密等事故', '(2) A data security or leak incident'),
  'breach-of-agreement': w('（三）数据开发利用中违反协议约定', '(3) Breach of the agreement'),
  'poor-evaluation-after-warning': w('（四）评估结果较差，经提醒或约谈后仍无改善', '(4) Poor evaluation, no improvement after a warning'),
  'eligibility-change': w('（五）政策变化致主体资格、运营方式调整或取消', '(5) Eligibility or mode changed by law or policy'),
}

export const SELECTION_METHODS: Table = {
  'open-tender': w('公开招标', 'Open tender'),
  'invitation-tender': w('邀请招标', 'Invitation tender'),
  negotiation: w('谈判', 'Negotiation'),
}

export const QUALIFICATIONS: Table = {
  compliance: w('（一）符合国家、省、市有关公共数据授权运营规定', '(1) Complies with national, provincial and city rules'),
  capability: w('（二）具备授权运营资金、管理、技术、服务、安全能力', '(2) Funds, management, technology, service and security capability'),
  'good-standing': w('（三）经营状况良好，无重大违法记录，未列入失信名单', '(3) Good standing, no major violations, not blacklisted'),
  'data-governance': w('（四）数据管理制度完善，近3年未发生网络或数据安全事件', '(4) Sound data governance, no security incident in 3 years'),
  'supervision-response': w('（五）能够及时响应和满足监督评估工作要求', '(5) Responds to supervision and evaluation'),
}

export const ROW_FILTER_OPERATOR: Table = {
  eq: w('等于', 'equals'),
  in: w('属于', 'in'),
  gte: w('不小于', 'at least'),
  lte: w('不大于', 'at most'),
  between: w('介于', 'between'),
}

export const RISK_LEVEL: Table = { low: w('低', 'Low'), medium: w('中', 'Medium'), high: w('高', 'High') }

export const MASKING_OPERATOR: Table = {
  mask: w('遮盖（保留首尾）', 'Mask (keep ends)'),
  redact: w('置空', 'Redact'),
  replace: w('替换为常量', 'Replace'),
  pseudonym: w('假名化（HMAC-SM3，可关联）', 'Pseudonym (HMAC-SM3, joinable)'),
  encrypt: w('确定性加密（SM4）', 'Deterministic encryption (SM4)'),
  'generalize-date': w('日期泛化（年/月）', 'Generalize date'),
  'generalize-age': w('年龄分段', 'Age bands'),
  'generalize-region': w('区划泛化（市/省）', 'Generalize region'),
  range: w('数值分段', 'Numeric ranges'),
  'top-bottom': w('顶底编码', 'Top/bottom coding'),
  noise: w('加噪', 'Noise'),
  'date-shift': w('日期偏移', 'Date shift'),
}

export const PROVIDER_KIND: Table = { enterprise: w('企业', 'Enterprise'), organization: w('团体组织', 'Organization'), individual: w('个人', 'Individual') }

/** A label function for a table, in the current language (stable while the language is). */
export function useWords(): (table: Table, code: string | null | undefined) => string {
  const { lang } = useLang()
  return useCallback(
    (table: Table, code: string | null | undefined) => {
      if (!code) return '—'
      const words = table[code]
      return words ? (lang === 'zh' ? words.zh : words.en) : code
    },
    [lang],
  )
}

// Codes of this area the shared colours do not know; everything else keeps the shared colour.
const AREA_COLORS: Readonly<Record<string, string>> = {
  compiled: 'green',
  designated: 'blue',
  proposed: 'blue',
  scored: 'cyan',
  awarded: 'green',
  'not-awarded': 'default',
  scanned: 'default',
  planned: 'cyan',
  ended: 'default',
}

/** A status as the coloured tag every page shares, with its name in the current language. */
export function Status({ table, status }: { table: Table; status: string }) {
  const words = useWords()
  const color = AREA_COLORS[status]
  if (color) return <Tag color={color}>{words(table, status)}</Tag>
  return <StatusTag status={status}>{words(table, status)}</StatusTag>
}
