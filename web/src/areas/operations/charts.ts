import type { EChartsOption } from 'echarts'
import type { Agreement } from './types.ts'

/** Colours of agreement statuses in charts, close to the tags' colours. */
export const AGREEMENT_COLORS: Readonly<Record<string, string>> = {
  draft: '#bfbfbf',
  filed: '#1677ff',
  active: '#52c41a',
  suspended: '#fa8c16',
  terminated: '#f5222d',
  expired: '#8c8c8c',
}

/** Agreements by status, as a ring. */
export function statusRing(agreements: readonly Agreement[], label: (status: string) => string): EChartsOption {
  const counts = new Map<string, number>()
  for (const a of agreements) counts.set(a.status, (counts.get(a.status) ?? 0) + 1)
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        center: ['50%', '45%'],
        label: { show: true, position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
        data: [...counts].map(([status, value]) => ({ name: label(status), value, itemStyle: { color: AGREEMENT_COLORS[status] ?? '#d9d9d9' } })),
      },
    ],
  }
}

const DAY = 86_400_000

/**
 * Each agreement's term as a bar on a time axis, coloured by status, with today marked: what runs
 * now, what ends soon, what overlaps.
 */
export function termTimeline(agreements: readonly Agreement[], name: (a: Agreement) => string, label: (status: string) => string, today: string): EChartsOption {
  const rows = [...agreements].sort((a, b) => a.term.start.localeCompare(b.term.start))
  const names = rows.map(name)
  const start = (a: Agreement) => Date.parse(`${a.term.start}T00:00:00+08:00`)
  const end = (a: Agreement) => Date.parse(`${a.term.end}T00:00:00+08:00`) + DAY
  return {
    tooltip: {
      formatter: (p: unknown) => {
        const a = rows[(p as { dataIndex: number }).dataIndex]
        return a ? `${name(a)}<br/>${a.term.start} ~ ${a.term.end}<br/>${label(a.status)}` : ''
      },
    },
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'time', axisLabel: { formatter: '{yyyy}-{MM}', hideOverlap: true } },
    yAxis: { type: 'category', data: names, inverse: true },
    series: [
      {
        type: 'custom',
        renderItem: (params, api) => {
          const index = api.value(0) as number
          const from = api.coord([api.value(1), index])
          const to = api.coord([api.value(2), index])
          const height = (api.size?.([0, 1]) as number[])[1]! * 0.5
          const coordSys = params.coordSys as unknown as { x: number; y: number; width: number; height: number }
          const x = Math.max(from[0]!, coordSys.x)
          const width = Math.min(to[0]!, coordSys.x + coordSys.width) - x
          return {
            type: 'rect',
            shape: { x, y: from[1]! - height / 2, width: Math.max(width, 0), height },
            style: { fill: AGREEMENT_COLORS[rows[index]?.status ?? ''] ?? '#d9d9d9' },
          }
        },
        encode: { x: [1, 2], y: 0 },
        data: rows.map((a, i) => [i, start(a), end(a)]),
        markLine: {
          symbol: 'none',
          silent: true,
          label: { formatter: today, position: 'start', color: '#f5222d' },
          lineStyle: { color: '#f5222d', type: 'dashed' },
          data: [{ xAxis: Date.parse(`${today}T00:00:00+08:00`) }],
        },
      },
    ],
  }
}
