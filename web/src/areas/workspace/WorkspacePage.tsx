import { ArrowLeftOutlined } from '@ant-design/icons'
import { Alert, Card, Descriptions, Result, Space, Spin, Tabs, Tag, Typography } from 'antd'
import { useCallback, useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { ApiError } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { BudgetBar, daysLeft, isDeveloper, WorkspaceStatusTag } from './common.tsx'
import { ImportsPanel } from './ImportsPanel.tsx'
import { ModelsPanel } from './ModelsPanel.tsx'
import { ProductsPanel } from './ProductsPanel.tsx'
import { QueryPanel } from './QueryPanel.tsx'
import { SchemaPanel } from './SchemaPanel.tsx'
import { TemplatesPanel } from './TemplatesPanel.tsx'
import type { Workspace } from './types.ts'

const TABS = ['query', 'schema', 'templates', 'models', 'products', 'imports'] as const
type Tab = (typeof TABS)[number]

/**
 * One workspace (授权运营域): the developer's workbench where data is usable but not visible. The
 * operator, the office and regulators open it read-only: they see its scope, rules and records,
 * never run anything in it (art. 13(6)).
 */
export default function WorkspacePage() {
  const t = useT()
  const me = useMe()
  const { id = '' } = useParams()
  const [search, setSearch] = useSearchParams()
  const workspace = useGet<Workspace>(`/api/v1/workspaces/${id}`)
  const [declareRunId, setDeclareRunId] = useState<string | null>(null)
  const developer = isDeveloper(me)
  const requested = search.get('tab') as Tab | null
  const tab: Tab = requested && TABS.includes(requested) && (developer || requested !== 'query') ? requested : developer ? 'query' : 'schema'
  const setTab = (next: string) => setSearch((params) => { params.set('tab', next); return params }, { replace: true })
  const clearDeclare = useCallback(() => setDeclareRunId(null), [])

  if (workspace.error && !workspace.data) {
    const status = workspace.error instanceof ApiError ? workspace.error.status : 0
    return status === 404 || status === 403 ? (
      <Result status="404" title={t('没有这个工作空间，或您无权查看', 'No such workspace, or not yours to see')} extra={<Link to="/workspace">{t('返回我的工作空间', 'Back to my workspaces')}</Link>} />
    ) : (
      <ServerError error={workspace.error} />
    )
  }
  const w = workspace.data
  if (!w) return <Spin style={{ display: 'block', margin: 48 }} />
  const left = daysLeft(w.term.end)
  const reload = () => void workspace.reload()

  const items = [
    ...(developer ? [{ key: 'query', label: t('查询', 'Query'), children: <QueryPanel workspace={w} onChanged={reload} onDeclareDataset={(runId) => { setDeclareRunId(runId); setTab('products') }} /> }] : []),
    { key: 'schema', label: t('授权范围与规则', 'Scope and rules'), children: <SchemaPanel workspace={w} /> },
    { key: 'templates', label: t('查询模板', 'Templates'), children: <TemplatesPanel workspace={w} readOnly={!developer} /> },
    { key: 'models', label: t('模型', 'Models'), children: <ModelsPanel workspace={w} readOnly={!developer} /> },
    { key: 'products', label: t('产品', 'Products'), children: <ProductsPanel workspace={w} readOnly={!developer} declareRunId={declareRunId} onDeclareHandled={clearDeclare} /> },
    { key: 'imports', label: t('社会数据导入', 'Imports'), children: <ImportsPanel workspace={w} readOnly={!developer} /> },
  ]

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="workspace-page">
      <Card size="small">
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap>
            {developer ? (
              <Link to="/workspace">
                <ArrowLeftOutlined />
              </Link>
            ) : null}
            <Typography.Title level={4} style={{ margin: 0 }}>
              {w.name}
            </Typography.Title>
            <Typography.Text code>{w.id}</Typography.Text>
            <WorkspaceStatusTag status={w.status} />
            {w.rules.differentialPrivacy ? <Tag color="purple">{t('差分隐私', 'Differential privacy')}</Tag> : null}
            {w.rules.analysis === 'template' ? <Tag color="blue">{t('仅模板', 'Templates only')}</Tag> : null}
            {!developer ? <Tag>{t('只读查看', 'Read-only')}</Tag> : null}
          </Space>
          <Descriptions size="small" column={4}>
            <Descriptions.Item label={t('应用场景', 'Scenario')}>{w.scenarioCode}</Descriptions.Item>
            <Descriptions.Item label={t('授权期限', 'Term')}>
              {w.term.start} ~ {w.term.end}
            </Descriptions.Item>
            <Descriptions.Item label={t('剩余', 'Left')}>
              <Typography.Text type={left < 90 ? 'warning' : undefined} data-testid="days-left">
                {left >= 0 ? t(`${left} 天`, `${left} days`) : t('已到期', 'expired')}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('成员', 'Members')}>{w.members.map((m) => m.displayName).join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('授权协议', 'Agreement')}>
              <Typography.Text copyable style={{ fontSize: 12 }}>{w.agreementId}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('开通时间', 'Opened')}>{formatTime(w.createdAt)}</Descriptions.Item>
            {w.budget ? (
              <Descriptions.Item label={t('隐私预算', 'Privacy budget')} span={2}>
                <BudgetBar budget={w.budget} testId="workspace-budget" />
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {w.status !== 'open' ? <Alert type="error" showIcon message={t('工作空间已暂停或关闭：不能运行查询、训练或声明产品', 'The workspace is suspended or closed: nothing can run in it')} description={w.statusReason ?? undefined} /> : null}
        </Space>
      </Card>
      <Tabs activeKey={tab} onChange={setTab} items={items} data-testid="workspace-tabs" />
    </Space>
  )
}
