import { Button, Card, Col, Empty, Row, Space, Spin, Statistic, Tag, Typography } from 'antd'
import { Link, useNavigate } from 'react-router-dom'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { BudgetBar, daysLeft, WorkspaceStatusTag } from './common.tsx'
import type { Workspace } from './types.ts'

/** The developer's workspaces: one per active authorization, each a card with what matters at a glance. */
export default function WorkspacesPage() {
  const t = useT()
  const navigate = useNavigate()
  const list = useGet<{ workspaces: Workspace[] }>('/api/v1/workspaces')
  const workspaces = list.data?.workspaces ?? []
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('我的工作空间', 'My workspaces')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('每个生效的授权对应一个工作空间（授权运营域）：在这里编写查询、训练模型、构建产品，原始数据不出域，可用不可见。', 'Each active authorization owns one workspace (the domain): write queries, train models and build products here; raw data never leaves, usable but not visible.')}
      </Typography.Paragraph>
      <ServerError error={list.error} />
      {list.loading && !list.data ? <Spin /> : null}
      {list.data && workspaces.length === 0 ? <Empty description={t('还没有工作空间：授权协议生效后由平台开通。', 'No workspace yet: one opens when an agreement takes effect.')} /> : null}
      <Row gutter={[16, 16]} data-testid="workspaces-list">
        {workspaces.map((w) => {
          const left = daysLeft(w.term.end)
          return (
            <Col key={w.id} xs={24} lg={12}>
              <Card
                data-testid={`workspace-card-${w.id}`}
                title={
                  <Space>
                    <Link to={`/workspace/${w.id}`}>{w.name}</Link>
                    <WorkspaceStatusTag status={w.status} />
                  </Space>
                }
                extra={<Typography.Text code>{w.id}</Typography.Text>}
                actions={[
                  <Link key="query" to={`/workspace/${w.id}?tab=query`}>{t('查询', 'Query')}</Link>,
                  <Link key="models" to={`/workspace/${w.id}?tab=models`}>{t('模型', 'Models')}</Link>,
                  <Link key="products" to={`/workspace/${w.id}?tab=products`}>{t('产品', 'Products')}</Link>,
                  <Link key="imports" to={`/workspace/${w.id}?tab=imports`}>{t('数据导入', 'Imports')}</Link>,
                ]}
              >
                <Row gutter={16}>
                  <Col span={8}>
                    <Statistic title={t('授权期剩余', 'Term left')} value={Math.max(left, 0)} suffix={t('天', 'days')} valueStyle={left < 90 ? { color: '#d48806' } : undefined} />
                  </Col>
                  <Col span={8}>
                    <Statistic title={t('授权数据表', 'Granted tables')} value={w.scope.length} />
                  </Col>
                  <Col span={8}>
                    <Statistic title={t('每行最少主体', 'Min. entities / row')} value={w.rules.minDistinctEntities || '—'} />
                  </Col>
                </Row>
                <Space direction="vertical" size={4} style={{ marginTop: 12, width: '100%' }}>
                  <Typography.Text type="secondary">
                    {t('场景', 'Scenario')} {w.scenarioCode} · {w.term.start} ~ {w.term.end}
                  </Typography.Text>
                  <Space size={4} wrap>
                    {w.scope.map((s) => (
                      <Tag key={s.table}>{s.resourceName}</Tag>
                    ))}
                  </Space>
                  {w.budget ? (
                    <Space>
                      <Typography.Text>{t('隐私预算剩余', 'Privacy budget left')}</Typography.Text>
                      <BudgetBar budget={w.budget} testId={`budget-bar-${w.id}`} />
                    </Space>
                  ) : null}
                  {w.statusReason ? <Typography.Text type="danger">{w.statusReason}</Typography.Text> : null}
                  <Button type="primary" onClick={() => navigate(`/workspace/${w.id}`)} data-testid={`open-workspace-${w.id}`}>
                    {t('进入工作空间', 'Open the workspace')}
                  </Button>
                </Space>
              </Card>
            </Col>
          )
        })}
      </Row>
    </Space>
  )
}
