import { DownloadOutlined, SearchOutlined } from '@ant-design/icons'
import { AutoComplete, Button, Card, Col, Collapse, Empty, InputNumber, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd'
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { useSearchParams } from 'react-router-dom'
import { api } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useLang, useT } from '../../i18n.tsx'
import { saveFile } from './download.ts'
import { GraphChart } from './GraphChart.tsx'
import { DIRECTION_LABELS, NODE_KIND_LABELS, useLabel } from './labels.ts'
import { layeredHeight, lineageOption, NODE_COLORS, type LineageLayout } from './lineageLayout.ts'
import { useOrgNames } from './orgs.tsx'
import { DIRECTIONS, NODE_KINDS, type Direction, type LineageEdge, type LineageGraph, type LineageNode, type NodeKind } from './types.ts'

const RELATIONS: Record<string, [string, string]> = {
  'version of': ['资源版本', 'version of'],
  loaded: ['加载', 'loaded'],
  granted: ['授权使用', 'granted'],
  ran: ['运行', 'ran'],
  trained: ['训练出', 'trained'],
  'built into': ['构建为', 'built into'],
  serves: ['支撑', 'serves'],
  'read by': ['被读取', 'read by'],
  'called by': ['被调用', 'called by'],
}

/**
 * 数据血缘 (监管溯源, art. 19): where data came from and where it went, from any node, drawn in
 * layers from source units to consumers. Other pages link here with `/lineage?node=kind:id`.
 */
export default function LineagePage() {
  const t = useT()
  const label = useLabel()
  const { lang } = useLang()
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const node = params.get('node') ?? ''
  const direction = ((DIRECTIONS as readonly string[]).includes(params.get('direction') ?? '') ? params.get('direction') : 'both') as Direction
  const depth = Math.min(10, Math.max(1, Number(params.get('depth')) || 6))
  const [layout, setLayout] = useState<LineageLayout>('layered')
  const [typed, setTyped] = useState(node)
  useEffect(() => setTyped(node), [node])

  const options = useNodeOptions()
  // Without a node, start from the first workspace the actor oversees or owns.
  useEffect(() => {
    if (node || !options.first) return
    setParams({ node: options.first, direction }, { replace: true })
  }, [node, options.first, direction, setParams])

  const graph = useGet<LineageGraph>(node ? '/api/v1/lineage' : null, { node, direction, depth })
  const dot = useAction(async () => {
    const text = await api<string>('GET', '/api/v1/lineage', { query: { node, direction, depth, format: 'dot' }, text: true })
    saveFile(text, `lineage-${node.replace(/[^A-Za-z0-9_-]+/g, '_')}.dot`, 'text/vnd.graphviz')
  })

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) next.set(k, v)
    setParams(next)
  }
  const relationLabel = (relation: string) => {
    const head = relation.replace(/ \(.*$/, '')
    const pair = RELATIONS[head]
    const rest = relation.slice(head.length)
    return pair ? `${pair[lang === 'zh' ? 0 : 1]}${rest}` : relation
  }
  const kindLabel = (kind: NodeKind) => label(NODE_KIND_LABELS, kind)
  const data = graph.data
  const [box, width] = useWidth()
  const option = useMemo(() => (data && width ? lineageOption(data, layout, width, kindLabel, relationLabel) : null), [data, layout, lang, width]) // eslint-disable-line react-hooks/exhaustive-deps
  const counts = useMemo(() => {
    const map = new Map<NodeKind, number>()
    for (const n of data?.nodes ?? []) map.set(n.kind, (map.get(n.kind) ?? 0) + 1)
    return map
  }, [data])

  return (
    <div data-testid="lineage-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('数据血缘', 'Lineage')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(
          '从任一节点追溯：上游看它用了哪些数据，下游看数据流向了哪些产品和调用方（第十九条 监管溯源）。点击图中节点可以它为起点重新追溯。',
          'Trace from any node: upstream for what it used, downstream for where the data went (art. 19). Click a node in the graph to trace from it.',
        )}
      </Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap align="center">
          <AutoComplete
            style={{ width: 420 }}
            value={typed}
            options={options.groups}
            onChange={setTyped}
            onSelect={(value: string) => set({ node: value })}
            filterOption={(input, option) => {
              const o = option as { value?: string; label?: unknown } | undefined
              return `${o?.value ?? ''} ${typeof o?.label === 'string' ? o.label : ''}`.toLowerCase().includes(input.toLowerCase())
            }}
            placeholder="workspace:fin-credit / resource:130700-SCJG-0001 / product:PRD-…"
            data-testid="lineage-node"
          />
          <Button type="primary" icon={<SearchOutlined />} disabled={!/^[a-z-]+:.+/.test(typed.trim())} onClick={() => set({ node: typed.trim() })} data-testid="lineage-trace">
            {t('追溯', 'Trace')}
          </Button>
          <Segmented
            value={direction}
            onChange={(value) => set({ direction: String(value) })}
            options={DIRECTIONS.map((d) => ({ value: d, label: label(DIRECTION_LABELS, d) }))}
            data-testid="lineage-direction"
          />
          <Space size={4}>
            <Typography.Text type="secondary">{t('深度', 'Depth')}</Typography.Text>
            <InputNumber min={1} max={10} value={depth} onChange={(value) => value && set({ depth: String(value) })} style={{ width: 64 }} />
          </Space>
          <Segmented
            value={layout}
            onChange={(value) => setLayout(value as LineageLayout)}
            options={[
              { value: 'layered', label: t('分层', 'Layered') },
              { value: 'force', label: t('力导向', 'Force') },
            ]}
          />
          <Button icon={<DownloadOutlined />} disabled={!node} loading={dot.running} onClick={() => void dot.run()} data-testid="lineage-dot">
            {t('导出 DOT', 'Export DOT')}
          </Button>
        </Space>
        <ServerError error={graph.error ?? dot.error} style={{ marginTop: 12, marginBottom: 0 }} />
      </Card>

      <div ref={box} />
      {data && option ? (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            {NODE_KINDS.filter((k) => counts.has(k)).map((k) => (
              <Col key={k} xs={12} md={6} xl={3}>
                <Card size="small">
                  <Statistic title={<span style={{ color: NODE_COLORS[k] }}>● {kindLabel(k)}</span>} value={counts.get(k)} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small" style={{ marginBottom: 16 }}>
            <GraphChart option={option} height={layout === 'layered' ? layeredHeight(data) : 560} testId="lineage-graph" onNodeClick={(id) => id !== node && set({ node: id })} />
          </Card>
          <Collapse
            items={[
              {
                key: 'lists',
                label: t(`节点 ${data.nodes.length} 个，关系 ${data.edges.length} 条`, `${data.nodes.length} nodes, ${data.edges.length} edges`),
                children: <GraphTables graph={data} kindLabel={kindLabel} relationLabel={relationLabel} onTrace={(id) => set({ node: id })} />,
              },
            ]}
          />
        </>
      ) : !graph.loading && !graph.error ? (
        <Empty description={me.organization.kind === 'source_unit' ? t('请选择本单位加载的数据资源', 'Pick a resource your unit loaded') : t('请选择起点节点', 'Pick a node to trace from')} />
      ) : null}
    </div>
  )
}

/** The width of an element, following it as the window resizes. */
function useWidth(): [RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  useEffect(() => {
    if (!ref.current) return
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry?.contentRect.width ?? 0)))
    observer.observe(ref.current)
    return () => observer.disconnect()
  }, [])
  return [ref, width]
}

function GraphTables({ graph, kindLabel, relationLabel, onTrace }: { graph: LineageGraph; kindLabel(kind: NodeKind): string; relationLabel(r: string): string; onTrace(id: string): void }) {
  const t = useT()
  const names = new Map(graph.nodes.map((n) => [n.id, n.label]))
  return (
    <Row gutter={16}>
      <Col xs={24} xl={10}>
        <Table<LineageNode>
          data-testid="lineage-nodes"
          size="small"
          rowKey="id"
          dataSource={[...graph.nodes].sort((a, b) => NODE_KINDS.indexOf(a.kind) - NODE_KINDS.indexOf(b.kind))}
          pagination={{ pageSize: 15, hideOnSinglePage: true }}
          columns={[
            { title: t('类型', 'Kind'), dataIndex: 'kind', width: 110, render: (k: NodeKind) => <Tag color={NODE_COLORS[k]}>{kindLabel(k)}</Tag> },
            { title: t('节点', 'Node'), dataIndex: 'label', render: (v: string, n) => <Typography.Link onClick={() => onTrace(n.id)}>{v}</Typography.Link> },
          ]}
        />
      </Col>
      <Col xs={24} xl={14}>
        <Table<LineageEdge>
          size="small"
          rowKey={(e) => `${e.from}>${e.to}>${e.relation}`}
          dataSource={[...graph.edges]}
          pagination={{ pageSize: 15, hideOnSinglePage: true }}
          columns={[
            { title: t('从', 'From'), dataIndex: 'from', ellipsis: true, render: (v: string) => names.get(v) ?? v },
            { title: t('关系', 'Relation'), dataIndex: 'relation', ellipsis: true, render: (v: string, e) => `${relationLabel(v)}${e.count ? ` ×${e.count}` : ''}` },
            { title: t('到', 'To'), dataIndex: 'to', ellipsis: true, render: (v: string) => names.get(v) ?? v },
          ]}
        />
      </Col>
    </Row>
  )
}

interface Option {
  readonly value: string
  readonly label: string
}

/** Starting points the actor can pick: workspaces, resources, products and source units it may know of. */
function useNodeOptions(): { groups: { label: string; options: Option[] }[]; first: string | undefined } {
  const me = useMe()
  const label = useLabel()
  const workspaces = useGet<{ workspaces: { id: string; name: string }[] }>('/api/v1/workspaces')
  const resources = useGet<{ resources: { code: string; name: string; providerOrgId: string }[] }>('/api/v1/catalog/resources')
  const products = useGet<{ products: { code: string; name: string }[] }>('/api/v1/products')
  const { organizations } = useOrgNames()
  return useMemo(() => {
    const ws = (workspaces.data?.workspaces ?? []).map((w) => ({ value: `workspace:${w.id}`, label: `${w.name} (${w.id})` }))
    const rs = (resources.data?.resources ?? []).map((r) => ({ value: `resource:${r.code}`, label: `${r.name} (${r.code})` }))
    const ps = (products.data?.products ?? []).map((p) => ({ value: `product:${p.code}`, label: `${p.name} (${p.code})` }))
    const units = organizations.filter((o) => o.kind === 'source_unit').map((o) => ({ value: `source-unit:${o.id}`, label: o.name }))
    const consumers = organizations.filter((o) => o.kind === 'consumer').map((o) => ({ value: `consumer:${o.id}`, label: o.name }))
    const groups = [
      { label: label(NODE_KIND_LABELS, 'workspace'), options: ws },
      { label: label(NODE_KIND_LABELS, 'resource'), options: rs },
      { label: label(NODE_KIND_LABELS, 'product'), options: ps },
      { label: label(NODE_KIND_LABELS, 'source-unit'), options: units },
      { label: label(NODE_KIND_LABELS, 'consumer'), options: consumers },
    ]
      .filter((g) => g.options.length > 0)

    // A source unit traces from the resources it provides; everyone else from a workspace.
    const own = (resources.data?.resources ?? []).find((r) => r.providerOrgId === me.organization.id)
    const loaded = workspaces.data !== undefined || workspaces.error !== null
    const first = me.organization.kind === 'source_unit' ? (own ? `resource:${own.code}` : undefined) : loaded ? (ws[0]?.value ?? rs[0]?.value) : undefined
    return { groups, first }
  }, [workspaces.data, workspaces.error, resources.data, products.data, organizations, label, me])
}
