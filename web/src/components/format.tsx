import { Tag } from 'antd'
import type { ReactNode } from 'react'

/** Times as China time, to the minute: the platform stores ISO 8601 with +08:00. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—'
  return iso.slice(0, 10)
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  return value.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

/** Yuan from fen (the ledger keeps integer fen). */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—'
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

const STATUS_COLORS: Record<string, string> = {
  active: 'green', approved: 'green', published: 'green', listed: 'green', registered: 'green', issued: 'green', passed: 'green', ready: 'green', closed: 'default',
  draft: 'default', open: 'blue', submitted: 'blue', filed: 'blue', pending: 'blue', accepted: 'blue', notice: 'gold', in_review: 'blue', reported: 'orange',
  returned: 'orange', held: 'orange', suspended: 'orange', expiring: 'orange', warning: 'orange', overdue: 'red',
  rejected: 'red', terminated: 'red', revoked: 'red', failed: 'red', expired: 'default', withdrawn: 'default', destroyed: 'default', cancelled: 'default',
}

/** A status as a coloured tag, the same colour for the same status on every page. */
export function StatusTag({ status, children }: { status: string; children?: ReactNode }) {
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{children ?? status}</Tag>
}
