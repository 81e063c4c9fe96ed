import { Progress, Space, Typography } from 'antd'
import { useT } from '../../i18n.tsx'
import { chinaToday, daysBetween } from './dates.ts'
import { NOTICE_DAYS } from './types.ts'

/**
 * The public notice (公示) of a registration: 10 calendar days from the formal review's approval.
 * Objections may be filed through its end date; the code is issued the day after at the earliest.
 */
export function noticeState(startedOn: string | null, endsOn: string | null, today = chinaToday()): { running: boolean; daysLeft: number; issuableFrom: string | null; elapsed: number } {
  if (!startedOn || !endsOn) return { running: false, daysLeft: 0, issuableFrom: null, elapsed: 0 }
  // Days until the end date: 10 on the day the notice starts, 0 on its last day.
  const daysLeft = Math.max(0, daysBetween(today, endsOn))
  const next = new Date(`${endsOn}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return { running: today <= endsOn, daysLeft, issuableFrom: next.toISOString().slice(0, 10), elapsed: Math.min(NOTICE_DAYS, Math.max(0, daysBetween(startedOn, today))) }
}

export function NoticePeriod({ startedOn, endsOn, compact }: { startedOn: string | null; endsOn: string | null; compact?: boolean }) {
  const t = useT()
  if (!startedOn || !endsOn) return <Typography.Text type="secondary">—</Typography.Text>
  const state = noticeState(startedOn, endsOn)
  const percent = (100 * state.elapsed) / NOTICE_DAYS
  return (
    <Space direction="vertical" size={0} style={{ minWidth: compact ? 180 : 280 }} data-testid="notice-period">
      <span>
        {startedOn} → {endsOn}
      </span>
      <Progress percent={state.running ? percent : 100} size="small" showInfo={false} status={state.running ? 'active' : 'success'} />
      <Typography.Text type={state.running ? 'warning' : 'success'} style={{ fontSize: 12 }}>
        {state.running
          ? state.daysLeft > 0
            ? t(`公示中，距截止还有 ${state.daysLeft} 天；${state.issuableFrom} 起可发放登记编号`, `${state.daysLeft} day(s) to go; the code may be issued from ${state.issuableFrom}`)
            : t(`今日公示截止；${state.issuableFrom} 起可发放登记编号`, `The notice ends today; the code may be issued from ${state.issuableFrom}`)
          : t('公示期已届满', 'The notice has ended')}
      </Typography.Text>
    </Space>
  )
}
