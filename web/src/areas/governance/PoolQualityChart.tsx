import type { EChartsOption } from 'echarts'
import { useMemo } from 'react'
import { Chart } from '../../components/Chart.tsx'
import { currentVersion } from './pool.ts'
import type { CatalogResource, PoolVersion } from './types.ts'
import { useStableT } from './labels.ts'

/** Completeness of a report: the share of non-null cells among the loaded rows. */
export function completeness(version: PoolVersion): number {
  const q = version.quality
  const cells = q.completeness.length * Math.max(1, q.rows.loaded)
  const nulls = q.completeness.reduce((sum, c) => sum + c.nulls, 0)
  return cells === 0 ? 1 : 1 - nulls / cells
}

/**
 * Rows passing and completeness of each resource's serving version, side by side; for a single
 * resource, of each of its versions, oldest first (is the data getting better?).
 */
export function PoolQualityChart({ resources, versions, height = 300, testId }: { resources: readonly CatalogResource[]; versions: ReadonlyMap<string, readonly PoolVersion[]>; height?: number; testId?: string }) {
  const t = useStableT()
  const option = useMemo<EChartsOption>(() => {
    const single = resources.length === 1 ? resources[0] : undefined
    const rows = single
      ? [...(versions.get(single.code) ?? [])].reverse().map((v) => ({ name: `v${v.versionNo}`, v }))
      : resources.flatMap((r) => {
          const v = currentVersion(versions.get(r.code))
          return v ? [{ name: r.name, v }] : []
        })
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(1)}%` },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 3 ? 25 : 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { type: 'bar', barMaxWidth: 40, name: t('入池率', 'Rows passing'), itemStyle: { color: '#1d5fbf' }, data: rows.map((r) => round(r.v.quality.score * 100)) },
        { type: 'bar', barMaxWidth: 40, name: t('完整率', 'Completeness'), itemStyle: { color: '#52c41a' }, data: rows.map((r) => round(completeness(r.v) * 100)) },
      ],
    }
  }, [resources, versions, t])
  return <Chart option={option} height={height} testId={testId} />
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
