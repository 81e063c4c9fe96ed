import { Progress, Tooltip } from 'antd'
import type { Me } from '../../auth.tsx'
import { StatusTag } from '../../components/format.tsx'
import { useT } from '../../i18n.tsx'
import type { Budget, ImportStatus, ProductKind, ProductStatus, WorkspaceStatus } from './types.ts'

/** Shared bits of the workspace pages: labels of statuses and kinds, days left, the budget bar. */

type T = (zh: string, en: string) => string

/** Days from today (China time) to a term's last day; negative once it is over. */
export function daysLeft(endDate: string, today: Date = new Date()): number {
  const todayChina = new Date(today.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
  return Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${todayChina}T00:00:00Z`)) / 86_400_000)
}

/** Only the developer computes in a workspace; the operator, the office and regulators look on (art. 13(6)). */
export function isDeveloper(me: Me): boolean {
  return me.organization.kind === 'developer'
}

export function workspaceStatusLabel(status: WorkspaceStatus, t: T): string {
  return { open: t('开放', 'Open'), suspended: t('暂停（整改中）', 'Suspended'), closed: t('已关闭', 'Closed') }[status]
}

export function WorkspaceStatusTag({ status }: { status: WorkspaceStatus }) {
  const t = useT()
  return <StatusTag status={status === 'open' ? 'active' : status}>{workspaceStatusLabel(status, t)}</StatusTag>
}

export function productStatusLabel(status: ProductStatus, t: T): string {
  return {
    draft: t('草稿', 'Draft'),
    submitted: t('审核中', 'In review'),
    returned: t('退回修改', 'Returned'),
    rejected: t('不予通过', 'Rejected'),
    approved: t('审核通过', 'Approved'),
    listed: t('已上架', 'Listed'),
    suspended: t('已暂停', 'Suspended'),
    cancelled: t('已撤销', 'Cancelled'),
  }[status]
}

export function productKindLabel(kind: ProductKind, t: T): string {
  return {
    dataset: t('数据集', 'Dataset'),
    api: t('数据接口', 'API'),
    indicator: t('指标', 'Indicator'),
    report: t('分析报告', 'Report'),
    model: t('模型', 'Model'),
    application: t('应用', 'Application'),
  }[kind]
}

export function importStatusLabel(status: ImportStatus, t: T): string {
  return {
    scanned: t('已扫描，待定方案', 'Scanned'),
    planned: t('已去标识化', 'Planned'),
    submitted: t('待办公室审批', 'Submitted'),
    returned: t('退回修改', 'Returned'),
    approved: t('已批准，可使用', 'Approved'),
    destroyed: t('已销毁', 'Destroyed'),
  }[status]
}

export function templateStatusLabel(status: 'proposed' | 'approved' | 'rejected', t: T): string {
  return { proposed: t('待审批', 'Proposed'), approved: t('已批准', 'Approved'), rejected: t('已驳回', 'Rejected') }[status]
}

/** StatusTag knows `pending` and `submitted`; templates say `proposed`. */
export function templateTagStatus(status: 'proposed' | 'approved' | 'rejected'): string {
  return status === 'proposed' ? 'pending' : status
}

/** The privacy budget left as a bar, for lists; the gauge is on the workspace page. */
export function BudgetBar({ budget, testId }: { budget: Budget; testId?: string }) {
  const t = useT()
  const share = budget.epsilon > 0 ? (budget.remaining / budget.epsilon) * 100 : 0
  return (
    <Tooltip title={t(`已用 ε ${round3(budget.spent)} / 总额 ε ${round3(budget.epsilon)}`, `Spent ε ${round3(budget.spent)} of ε ${round3(budget.epsilon)}`)}>
      <div data-testid={testId} style={{ minWidth: 160 }}>
        <Progress percent={Math.round(share)} size="small" status={share < 20 ? 'exception' : 'normal'} format={() => `ε ${round3(budget.remaining)}`} />
      </div>
    </Tooltip>
  )
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}

/** A cell value as text: numbers grouped, long decimals cut, null as “—”. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('zh-CN') : value.toLocaleString('zh-CN', { maximumFractionDigits: 4 })
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
