import { Card, Space, Tag } from 'antd'
import { Link } from 'react-router-dom'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { lineageHref } from './pool.ts'
import type { LineageGraph } from './types.ts'

/** Where a source unit's data went: the workspaces and products downstream of its resource. */
export function UsedBy({ code, title }: { code: string; title?: string }) {
  const t = useT()
  const graph = useGet<LineageGraph>('/api/v1/lineage', { node: `resource:${code}`, direction: 'down' })
  const nodes = graph.data?.nodes ?? []
  const workspaces = nodes.filter((n) => n.kind === 'workspace')
  const products = nodes.filter((n) => n.kind === 'product')
  const consumers = nodes.filter((n) => n.kind === 'consumer')
  return (
    <Card size="small" type="inner" title={title ?? t('我的数据用在哪里', 'Where my data is used')} data-testid={`used-by-${code}`}>
      <ServerError error={graph.error} />
      <Space direction="vertical">
        <span>
          {t('授权运营空间：', 'Workspaces: ')}
          {workspaces.length ? workspaces.map((n) => <Tag key={n.id}>{n.label}</Tag>) : t('尚未授权给任何空间', 'none yet')}
        </span>
        <span>
          {t('数据产品：', 'Products: ')}
          {products.length ? products.map((n) => <Tag key={n.id} color="blue">{n.label}</Tag>) : '—'}
        </span>
        <span>
          {t('产品使用方：', 'Consumers: ')}
          {consumers.length ? consumers.map((n) => <Tag key={n.id} color="purple">{n.label}</Tag>) : '—'}
        </span>
        <Link to={lineageHref('resource', code)}>{t('在溯源图中查看完整去向 →', 'See the whole lineage graph →')}</Link>
      </Space>
    </Card>
  )
}

