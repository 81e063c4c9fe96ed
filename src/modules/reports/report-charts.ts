import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import type { AnnualFigures } from './report-figures.ts'

/**
 * The report's charts, drawn on the server as SVG by echarts' server-side rendering: no browser,
 * no script in the document, the same picture in the HTML and the PDF. Labels are the report's
 * own words and codes, never user text.
 */

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer])

export const CHART_KEYS = ['queries', 'gateway', 'money', 'products', 'incidents'] as const
export type ChartKey = (typeof CHART_KEYS)[number]
export type ReportCharts = Readonly<Record<ChartKey, string>>

const WIDTH = 680
const HEIGHT = 300
const FONT = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"
const COLORS = ['#1f5fa8', '#6aa84f', '#d9822b', '#a33b3b', '#7b5ea7', '#3a9ca3']

export const PRODUCT_KIND_NAMES: Readonly<Record<string, string>> = {
  dataset: '数据集',
  api: '接口',
  indicator: '指标',
  report: '报告',
  model: '模型',
  application: '应用',
}

export const SEVERITY_NAMES: Readonly<Record<string, string>> = {
  general: '一般',
  significant: '较大',
  major: '重大',
  'especially-major': '特别重大',
}

function svg(option: echarts.EChartsCoreOption, height = HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height })
  try {
    chart.setOption({ animation: false, color: COLORS, textStyle: { fontFamily: FONT, fontSize: 12 }, ...option })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

const monthLabel = (period: string) => `${Number(period.slice(5, 7))}月`

function titled(zh: string, en: string) {
  return { text: zh, subtext: en, left: 'center', top: 4, textStyle: { fontSize: 14, fontFamily: FONT }, subtextStyle: { fontSize: 11, color: '#666', fontFamily: FONT } }
}

const grid = { left: 56, right: 24, top: 64, bottom: 48 }
const legend = { bottom: 6, textStyle: { fontFamily: FONT } }
const valueAxis = (name?: string) => ({ type: 'value', minInterval: 1, ...(name ? { name, nameTextStyle: { fontFamily: FONT } } : {}) })

export function renderCharts(f: AnnualFigures): ReportCharts {
  const months = f.months.map(monthLabel)
  return {
    queries: svg({
      title: titled('安全域查询次数（按月）', 'Queries in the secure domain per month: answered, sandbox, refused'),
      legend,
      grid,
      xAxis: { type: 'category', data: months },
      yAxis: valueAxis(),
      series: [
        { name: '真实数据已应答 answered', type: 'bar', stack: 'runs', data: f.data.queries.byMonth.map((m) => m.answered) },
        { name: '沙箱 sandbox', type: 'bar', stack: 'runs', data: f.data.queries.byMonth.map((m) => m.sandbox) },
        { name: '拒绝 refused', type: 'line', data: f.data.queries.byMonth.map((m) => m.refused), symbolSize: 6 },
      ],
    }),
    gateway: svg({
      title: titled('接口调用次数（按月）', 'Gateway calls per month: answered and refused'),
      legend,
      grid,
      xAxis: { type: 'category', data: months },
      yAxis: valueAxis(),
      series: [
        { name: '已应答 answered', type: 'bar', stack: 'calls', data: f.gateway.byMonth.map((m) => m.answered) },
        { name: '拒绝 refused', type: 'bar', stack: 'calls', data: f.gateway.byMonth.map((m) => m.refused) },
      ],
    }),
    money: svg({
      title: titled('收入与成本（按月，元）', 'Revenue and costs per month, yuan'),
      legend,
      grid: { ...grid, left: 72 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value' },
      series: [
        { name: '收入 revenue', type: 'bar', data: f.ledger.byMonth.map((m) => m.revenueYuan) },
        { name: '成本 costs', type: 'bar', data: f.ledger.byMonth.map((m) => m.costsYuan) },
        { name: '净收益 net', type: 'line', data: f.ledger.byMonth.map((m) => Math.round((m.revenueYuan - m.costsYuan) * 100) / 100), symbolSize: 6 },
      ],
    }),
    products: svg({
      title: titled('数据产品（按类型）', 'Data products by kind'),
      legend,
      grid,
      xAxis: { type: 'category', data: f.products.byKind.map((k) => `${PRODUCT_KIND_NAMES[k.key] ?? k.key}\n${k.key}`) },
      yAxis: valueAxis(),
      series: [
        { name: '产品数 products', type: 'bar', data: f.products.byKind.map((k) => k.count), label: { show: true, position: 'top' } },
      ],
    }),
    incidents: svg({
      title: titled('安全事件（按级别）', 'Security incidents by severity: reported and closed'),
      legend,
      grid,
      xAxis: { type: 'category', data: f.incidents.bySeverity.map((s) => `${SEVERITY_NAMES[s.severity] ?? s.severity}\n${s.severity}`) },
      yAxis: valueAxis(),
      series: [
        { name: '报告 reported', type: 'bar', data: f.incidents.bySeverity.map((s) => s.reported), label: { show: true, position: 'top' } },
        { name: '已关闭 closed', type: 'bar', data: f.incidents.bySeverity.map((s) => s.closed), label: { show: true, position: 'top' } },
      ],
    }),
  }
}
