import type { EChartsOption } from 'echarts'
import { daysFrom } from './dates.ts'
import type { UsageRow } from './types.ts'

/**
 * Calls per day over the whole range (days without calls at zero, so gaps show): answered and
 * refused stacked, the amount charged as a line on its own axis.
 */
export function usageChartOption(rows: readonly UsageRow[], from: string, to: string, labels: { answered: string; refused: string; amount: string }): EChartsOption {
  const days = daysFrom(from, to)
  const index = new Map(days.map((d, i) => [d, i]))
  const answered = days.map(() => 0)
  const refused = days.map(() => 0)
  const amount = days.map(() => 0)
  for (const r of rows) {
    const i = index.get(r.date)
    if (i === undefined) continue
    answered[i]! += r.answered
    refused[i]! += r.refused
    amount[i]! += r.amountYuan
  }
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [labels.answered, labels.refused, labels.amount] },
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', axisLabel: { formatter: '¥{value}' }, splitLine: { show: false } },
    ],
    series: [
      { name: labels.answered, type: 'bar', stack: 'calls', data: answered, itemStyle: { color: '#1d5fbf' } },
      { name: labels.refused, type: 'bar', stack: 'calls', data: refused, itemStyle: { color: '#f5a623' } },
      { name: labels.amount, type: 'line', yAxisIndex: 1, data: amount.map((a) => Math.round(a * 100) / 100), itemStyle: { color: '#52c41a' } },
    ],
  }
}
