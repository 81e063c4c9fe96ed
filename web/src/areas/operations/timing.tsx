import { Tag } from 'antd'
import { useT } from '../../i18n.tsx'
import { daysUntil } from './shared.tsx'
import type { Agreement, Call } from './types.ts'

/** Days left in the office's objection period of a filed, unacknowledged agreement, or null. */
export function objectionDaysLeft(a: Agreement): number | null {
  if (a.status !== 'filed' || !a.filing || a.filing.acknowledgedAt) return null
  return daysUntil(a.filing.objectionDeadline)
}

/** Agreements in effect (or suspended) whose term ends within the warning period, soonest first. */
export function expiring(agreements: readonly Agreement[], warningDays: number): Agreement[] {
  return agreements
    .filter((a) => (a.status === 'active' || a.status === 'suspended') && daysUntil(a.term.end) <= warningDays)
    .sort((a, b) => a.term.end.localeCompare(b.term.end))
}

export function ExpiryTag({ end }: { end: string }) {
  const t = useT()
  const d = daysUntil(end)
  return <Tag color={d <= 30 ? 'red' : 'orange'}>{d >= 0 ? t(`${d} 天后到期`, `Expires in ${d} days`) : t('已过期', 'Past its end')}</Tag>
}

/** What an agreement's timing says: objection period, rectification deadline, days to expiry. */
export function AgreementTiming({ agreement: a, warningDays }: { agreement: Agreement; warningDays: number }) {
  const t = useT()
  const objection = objectionDaysLeft(a)
  if (objection !== null) return <Tag color={objection <= 2 ? 'red' : 'blue'}>{objection >= 0 ? t(`异议期剩 ${objection} 天`, `${objection} days to object`) : t('异议期已过', 'Objection period over')}</Tag>
  if (a.status === 'suspended' && a.suspension?.rectificationDeadline) {
    const d = daysUntil(a.suspension.rectificationDeadline)
    return <Tag color={d < 0 ? 'red' : 'orange'}>{d < 0 ? t(`整改逾期 ${-d} 天`, `Rectification ${-d} days overdue`) : t(`整改期剩 ${d} 天`, `${d} days to rectify`)}</Tag>
  }
  if ((a.status === 'active' || a.status === 'suspended') && daysUntil(a.term.end) <= warningDays) return <ExpiryTag end={a.term.end} />
  return null
}

/** Whether a call still takes applications, by its deadline. */
export function callIsOpen(call: Call): boolean {
  return call.status === 'open' && Date.parse(call.deadline) > Date.now()
}

export function DeadlineTag({ call }: { call: Call }) {
  const t = useT()
  if (call.status !== 'open') return null
  const ms = Date.parse(call.deadline) - Date.now()
  if (ms <= 0) return <Tag color="orange">{t('已截止，待评审', 'Closed: to score')}</Tag>
  const days = Math.floor(ms / 86_400_000)
  return <Tag color="blue">{days > 0 ? t(`剩 ${days} 天`, `${days} days left`) : t('今日截止', 'Closes today')}</Tag>
}
