import { Badge, Card, List, Space, Statistic, Typography } from 'antd'
import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { useT } from '../../i18n.tsx'

export interface Todo {
  readonly key: string
  readonly to: string
  readonly title: ReactNode
  readonly description?: ReactNode
  /** A tag on the right: days left, a status. */
  readonly extra?: ReactNode
}

/** One list of the workbench: what waits, each item linking to the page where it is done. */
export function TodoCard({ title, basis, todos, loading, testId, more }: { title: ReactNode; basis?: ReactNode; todos: readonly Todo[]; loading?: boolean; testId: string; more?: { to: string; label: ReactNode } }) {
  const t = useT()
  return (
    <Card
      size="small"
      data-testid={testId}
      title={
        <Space>
          {title}
          <Badge count={todos.length} showZero color={todos.length ? '#1d5fbf' : '#d9d9d9'} />
        </Space>
      }
      extra={more ? <Link to={more.to}>{more.label}</Link> : null}
      style={{ height: '100%' }}
    >
      {basis ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {basis}
        </Typography.Paragraph>
      ) : null}
      <List
        size="small"
        loading={loading}
        dataSource={[...todos]}
        locale={{ emptyText: <Typography.Text type="secondary" style={{ display: 'block', padding: '12px 0' }}>{t('暂无待办', 'Nothing to do')}</Typography.Text> }}
        renderItem={(todo) => (
          <List.Item key={todo.key} extra={todo.extra} data-testid={`${testId}-item`}>
            <List.Item.Meta title={<Link to={todo.to}>{todo.title}</Link>} description={todo.description} />
          </List.Item>
        )}
      />
    </Card>
  )
}

/** A headline number of the workbench. */
export function Headline({ title, value, danger, testId }: { title: ReactNode; value: number; danger?: boolean; testId: string }) {
  return (
    <Card size="small" data-testid={testId}>
      <Statistic title={title} value={value} valueStyle={danger && value > 0 ? { color: '#cf1322' } : undefined} />
    </Card>
  )
}
