import type { EChartsOption } from 'echarts'
import { NODE_KINDS, type LineageGraph, type LineageNode, type NodeKind } from './types.ts'

/** The colour of each kind of node, the same in the graph, its legend and the node list. */
export const NODE_COLORS: Readonly<Record<NodeKind, string>> = {
  'source-unit': '#8c8c8c',
  resource: '#1d5fbf',
  version: '#69b1ff',
  workspace: '#13a8a8',
  run: '#faad14',
  model: '#d46b08',
  product: '#722ed1',
  consumer: '#389e0d',
}

export type LineageLayout = 'layered' | 'force'

const ROW_GAP = 64
/** The graph's margins inside the chart: room for the legend above and labels around. */
const MARGIN = { top: 56, bottom: 40, left: 90, right: 130 } as const

function tallestColumn(graph: LineageGraph): number {
  const perKind = new Map<NodeKind, number>()
  for (const n of graph.nodes) perKind.set(n.kind, (perKind.get(n.kind) ?? 0) + 1)
  return Math.max(1, ...perKind.values())
}

/**
 * The height the layered chart takes: its rows at a fixed gap, so that the drawing keeps the
 * aspect of the positions (echarts would otherwise stretch the symbols to fill the box).
 */
export function layeredHeight(graph: LineageGraph): number {
  return Math.max(240, (tallestColumn(graph) - 1) * ROW_GAP + MARGIN.top + MARGIN.bottom)
}

/**
 * Places nodes in columns by kind, in the order data flows (source unit → resource → version →
 * workspace → run → model → product → consumer), each column ordered by the mean row of its
 * upstream neighbours so that edges cross less: a dagre-like layering without the dependency.
 */
function layeredPositions(graph: LineageGraph, width: number): Map<string, { x: number; y: number }> {
  const columns = NODE_KINDS.filter((kind) => graph.nodes.some((n) => n.kind === kind))
  const columnGap = Math.max(140, (width - MARGIN.left - MARGIN.right) / Math.max(1, columns.length - 1))
  const upstream = new Map<string, string[]>()
  for (const e of graph.edges) upstream.set(e.to, [...(upstream.get(e.to) ?? []), e.from])
  const row = new Map<string, number>()
  const positions = new Map<string, { x: number; y: number }>()
  columns.forEach((kind, col) => {
    const nodes = graph.nodes.filter((n) => n.kind === kind)
    const weight = (n: LineageNode) => {
      const rows = (upstream.get(n.id) ?? []).map((id) => row.get(id)).filter((r): r is number => r !== undefined)
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.MAX_SAFE_INTEGER
    }
    const ordered = [...nodes].sort((a, b) => weight(a) - weight(b) || a.label.localeCompare(b.label))
    ordered.forEach((n, i) => {
      row.set(n.id, i)
      positions.set(n.id, { x: col * columnGap, y: (i - (ordered.length - 1) / 2) * ROW_GAP })
    })
  })
  return positions
}

/** A node's name short enough to sit under its symbol; the full label is in the tooltip. */
function shortLabel(node: LineageNode): string {
  let text = node.label
  // "run run_01m8…", "training run run_…": the id is what tells runs apart; keep its tail.
  if (node.kind === 'run') return `${text.startsWith('training') ? '⚙ ' : ''}…${node.id.slice(-6)}`
  if (node.kind === 'resource' || node.kind === 'product') text = text.replace(/ \(.*\)$/, '')
  if (node.kind === 'version') text = text.replace(/^130700-/, '').replace(/ \(.*\)$/, '')
  if (node.kind === 'model') text = text.replace(/^model /, '')
  return text.length > 14 ? `${text.slice(0, 13)}…` : text
}

export function lineageOption(graph: LineageGraph, layout: LineageLayout, width: number, kindLabel: (kind: NodeKind) => string, relationLabel: (relation: string) => string): EChartsOption {
  const positions = layout === 'layered' ? layeredPositions(graph, width) : null
  const kinds = NODE_KINDS.filter((kind) => graph.nodes.some((n) => n.kind === kind))
  return {
    tooltip: {
      formatter: (params) => {
        const p = params as unknown as { dataType: string; data: { id?: string; full?: string; kind?: NodeKind; relation?: string; count?: number; source?: string; target?: string } }
        if (p.dataType === 'edge') return `${escapeHtml(relationLabel(p.data.relation ?? ''))}${p.data.count ? ` ×${p.data.count}` : ''}`
        return `<b>${escapeHtml(kindLabel(p.data.kind!))}</b><br/>${escapeHtml(p.data.full ?? '')}<br/><span style="color:#888">${escapeHtml(p.data.id ?? '')}</span>`
      },
    },
    legend: { top: 0, data: kinds.map((k) => kindLabel(k)) },
    animationDuration: 400,
    series: [
      {
        type: 'graph',
        layout: layout === 'layered' ? 'none' : 'force',
        ...MARGIN,
        preserveAspect: true,
        roam: true,
        draggable: layout === 'force',
        force: { repulsion: 320, edgeLength: [90, 160], gravity: 0.08 },
        categories: NODE_KINDS.map((k) => ({ name: kindLabel(k), itemStyle: { color: NODE_COLORS[k] } })),
        label: { show: true, position: 'bottom', fontSize: 11, color: '#333' },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 7,
        lineStyle: { color: '#b0b7c3', curveness: layout === 'layered' ? 0.15 : 0.05, opacity: 0.9 },
        emphasis: { focus: 'adjacency', lineStyle: { width: 2.5 } },
        data: graph.nodes.map((n) => {
          const root = n.id === graph.root
          const at = positions?.get(n.id)
          return {
            id: n.id,
            name: n.id,
            full: n.label,
            kind: n.kind,
            category: NODE_KINDS.indexOf(n.kind),
            symbol: n.kind === 'product' ? 'roundRect' : n.kind === 'resource' || n.kind === 'version' ? 'rect' : 'circle',
            symbolSize: root ? 30 : n.kind === 'run' ? 14 : 20,
            itemStyle: root ? { borderColor: '#cf1322', borderWidth: 3 } : undefined,
            label: { formatter: shortLabel(n), fontWeight: root ? ('bold' as const) : ('normal' as const) },
            ...(at ? { x: at.x, y: at.y } : {}),
          }
        }),
        links: graph.edges.map((e) => ({
          source: e.from,
          target: e.to,
          relation: e.relation,
          count: e.count,
          lineStyle: e.count ? { width: Math.min(6, 1 + Math.log10(e.count + 1) * 2) } : undefined,
        })),
      },
    ],
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
