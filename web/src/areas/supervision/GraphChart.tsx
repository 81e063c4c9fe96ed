import type { EChartsOption } from 'echarts'
import * as echarts from 'echarts'
import { useEffect, useRef } from 'react'

/**
 * An echarts chart like components/Chart.tsx, that also reports clicks on graph nodes: the
 * lineage graph re-roots itself on the node clicked.
 */
export function GraphChart({ option, height, testId, onNodeClick }: { option: EChartsOption; height: number; testId?: string; onNodeClick?(id: string): void }) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const clicked = useRef(onNodeClick)
  clicked.current = onNodeClick

  useEffect(() => {
    if (!element.current) return
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' })
    instance.on('click', (event) => {
      const data = event.data as { id?: unknown } | undefined
      if (event.dataType === 'node' && typeof data?.id === 'string') clicked.current?.(data.id)
    })
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(element.current)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  useEffect(() => {
    chart.current?.resize()
  }, [height])

  return <div ref={element} style={{ width: '100%', height }} data-testid={testId} />
}
