import { RightOutlined } from '@ant-design/icons'
import { Badge, Card, List, Space, Typography } from 'antd'
import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'

export interface TodoItem {
  readonly key: string
  readonly title: ReactNode
  readonly description?: ReactNode
  readonly href: string
  readonly extra?: ReactNode
}

/** One to-do list of a workbench: how many, the first few, each linking to where it is done. */
export function TodoCard({
  title,
  items,
  moreHref,
  emptyText,
  loading,
  error,
  testId,
  tone = 'primary',
  limit = 6,
}: {
  title: string
  items: readonly TodoItem[]
  moreHref: string
  emptyText: string
  loading?: boolean
  error?: unknown
  testId: string
  tone?: 'primary' | 'warning' | 'danger'
  limit?: number
}) {
  const t = useT()
  const color = tone === 'danger' ? '#ff4d4f' : tone === 'warning' ? '#fa8c16' : '#1d5fbf'
  return (
    <Card
      size="small"
      loading={loading && items.length === 0}
      data-testid={testId}
      title={
        <Space>
          {title}
          <Badge count={items.length} showZero color={items.length ? color : '#d9d9d9'} data-testid={`${testId}-count`} />
        </Space>
      }
      extra={<Link to={moreHref}>{t('全部', 'All')} <RightOutlined /></Link>}
      style={{ height: '100%' }}
    >
      <ServerError error={error} />
      <List
        size="small"
        dataSource={items.slice(0, limit)}
        locale={{ emptyText: <Typography.Text type="secondary">{emptyText}</Typography.Text> }}
        renderItem={(item) => (
          <List.Item key={item.key} extra={item.extra}>
            <List.Item.Meta title={<Link to={item.href}>{item.title}</Link>} description={item.description} />
          </List.Item>
        )}
      />
      {items.length > limit ? (
        <Link to={moreHref}>{t(`还有 ${items.length - limit} 项…`, `${items.length - limit} more…`)}</Link>
      ) : null}
    </Card>
  )
}

/** The workbench heading: whose day it is. */
export function WorkbenchTitle({ subtitle }: { subtitle: string }) {
  const t = useT()
  return (
    <div>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('今日待办', 'Today')}</Typography.Title>
      <Typography.Text type="secondary">{subtitle}</Typography.Text>
    </div>
  )
}
