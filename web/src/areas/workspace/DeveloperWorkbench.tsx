import { AlertOutlined, AuditOutlined, CloudUploadOutlined, FileDoneOutlined, FileSearchOutlined, ScheduleOutlined } from '@ant-design/icons'
import { Badge, Card, Col, Empty, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { get } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useLang, useT } from '../../i18n.tsx'
import { BudgetGauge } from './BudgetPanel.tsx'
import { BudgetBar, daysLeft, importStatusLabel, productStatusLabel, round3, WorkspaceStatusTag } from './common.tsx'
import type { Agreement, Import, Product, ProductStatus, QueryTemplate, Workspace } from './types.ts'

interface Records {
  readonly imports: readonly Import[]
  readonly templates: readonly QueryTemplate[]
}

/** Each workspace's imports and templates, read together (the API lists them per workspace). */
function useWorkspaceRecords(ids: readonly string[]): { records: ReadonlyMap<string, Records>; error: unknown } {
  const [records, setRecords] = useState<ReadonlyMap<string, Records>>(new Map())
  const [error, setError] = useState<unknown>(null)
  const key = ids.join(',')
  useEffect(() => {
    let current = true
    void Promise.all(
      ids.map(async (id) => {
        const [imports, templates] = await Promise.all([
          get<{ imports: Import[] }>(`/api/v1/workspaces/${id}/imports`),
          get<{ templates: QueryTemplate[] }>(`/api/v1/workspaces/${id}/templates`),
        ])
        return [id, { imports: imports.imports, templates: templates.templates }] as const
      }),
    ).then(
      (entries) => current && setRecords(new Map(entries)),
      (caught: unknown) => current && setError(caught),
    )
    return () => {
      current = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return { records, error }
}

interface Todo {
  readonly key: string
  readonly level: 'urgent' | 'action' | 'news'
  readonly icon: ReactNode
  readonly text: string
  readonly to: string
}

const LEVEL_COLOR = { urgent: 'red', action: 'orange', news: 'blue' } as const

/**
 * The developer's day (二级开发运营主体): its workspaces with term and privacy budget, and what
 * needs doing: returned products and imports, decided templates, agreements nearing their end.
 */
export default function DeveloperWorkbench() {
  const t = useT()
  const { lang } = useLang()
  const me = useMe()
  const workspaces = useGet<{ workspaces: Workspace[] }>('/api/v1/workspaces')
  const products = useGet<{ products: Product[] }>('/api/v1/products')
  const agreements = useGet<{ agreements: Agreement[] }>('/api/v1/agreements')
  const policy = useGet<{ pack: { params: { agreementExpiryWarningDays: number; renewalWindowMonths: number } } }>('/api/v1/policy')
  const list = useMemo(() => workspaces.data?.workspaces ?? [], [workspaces.data])
  const { records, error: recordsError } = useWorkspaceRecords(list.map((w) => w.id))
  const warningDays = policy.data?.pack.params.agreementExpiryWarningDays ?? 90
  const renewalMonths = policy.data?.pack.params.renewalWindowMonths ?? 3

  // Listed products are everyone's to see; the developer's own are those of its organization.
  const own = (products.data?.products ?? []).filter((p) => p.developerOrgId === me.organization.id || list.some((w) => w.id === p.workspaceId))
  const count = (status: ProductStatus) => own.filter((p) => p.status === status).length
  const allImports = [...records.values()].flatMap((r) => r.imports)
  const allTemplates = [...records.values()].flatMap((r) => r.templates)
  const expiring = (agreements.data?.agreements ?? []).filter((a) => (a.status === 'active' || a.status === 'suspended') && daysLeft(a.term.end) <= warningDays)

  const todos: Todo[] = [
    ...list.filter((w) => w.status !== 'open').map((w): Todo => ({ key: `ws-${w.id}`, level: 'urgent', icon: <AlertOutlined />, text: t(`工作空间 ${w.name} ${w.status === 'suspended' ? '已暂停' : '已关闭'}${w.statusReason ? `：${w.statusReason}` : ''}`, `Workspace ${w.name} is ${w.status}${w.statusReason ? `: ${w.statusReason}` : ''}`), to: `/workspace/${w.id}` })),
    ...expiring.map((a): Todo => ({ key: `agr-${a.id}`, level: 'urgent', icon: <ScheduleOutlined />, text: t(`授权协议（${a.scenarioCode}）${daysLeft(a.term.end)} 天后到期（${a.term.end}）：到期前 ${renewalMonths} 个月内可申请续期`, `The agreement for ${a.scenarioCode} ends in ${daysLeft(a.term.end)} days (${a.term.end}): renewal opens ${renewalMonths} months before`), to: `/workspace/${a.workspace.id}` })),
    ...list.filter((w) => w.budget && w.budget.epsilon > 0 && w.budget.remaining / w.budget.epsilon < 0.2).map((w): Todo => ({ key: `budget-${w.id}`, level: 'urgent', icon: <AlertOutlined />, text: t(`${w.name} 的隐私预算仅剩 ε ${round3(w.budget!.remaining)}`, `${w.name} has only ε ${round3(w.budget!.remaining)} of privacy budget left`), to: `/workspace/${w.id}?tab=query` })),
    ...own.filter((p) => p.status === 'returned').map((p): Todo => ({ key: `prd-${p.code}`, level: 'action', icon: <FileSearchOutlined />, text: t(`产品“${p.name}”被退回：按审核意见修改后再次提交`, `Product “${p.name}” was returned: revise it and submit again`), to: `/workspace/${p.workspaceId}?tab=products` })),
    ...own.filter((p) => p.status === 'draft').map((p): Todo => ({ key: `draft-${p.code}`, level: 'action', icon: <FileDoneOutlined />, text: t(`产品草稿“${p.name}”尚未提交审核`, `Draft product “${p.name}” is not submitted yet`), to: `/workspace/${p.workspaceId}?tab=products` })),
    ...allImports.filter((i) => i.status === 'returned').map((i): Todo => ({ key: `imp-${i.id}`, level: 'action', icon: <CloudUploadOutlined />, text: t(`导入“${i.table}”被办公室退回${i.decision ? `：${i.decision.note}` : ''}`, `Import “${i.table}” was returned by the office${i.decision ? `: ${i.decision.note}` : ''}`), to: `/workspace/${i.workspaceId}?tab=imports` })),
    ...allImports.filter((i) => i.status === 'scanned' || (i.status === 'planned' && !i.assessment?.passes)).map((i): Todo => ({ key: `plan-${i.id}`, level: 'action', icon: <CloudUploadOutlined />, text: t(`导入“${i.table}”待完成去标识化方案（${importStatusLabel(i.status, t)}）`, `Import “${i.table}” needs a passing de-identification plan (${i.status})`), to: `/workspace/${i.workspaceId}?tab=imports` })),
    ...allTemplates.filter((tpl) => tpl.status === 'rejected').map((tpl): Todo => ({ key: `tpl-r-${tpl.workspaceId}-${tpl.name}`, level: 'action', icon: <AuditOutlined />, text: t(`查询模板 ${tpl.name} 被驳回${tpl.decisionNote ? `：${tpl.decisionNote}` : ''}`, `Template ${tpl.name} was rejected${tpl.decisionNote ? `: ${tpl.decisionNote}` : ''}`), to: `/workspace/${tpl.workspaceId}?tab=templates` })),
    ...own.filter((p) => p.status === 'submitted').map((p): Todo => ({ key: `rev-${p.code}`, level: 'news', icon: <FileSearchOutlined />, text: t(`产品“${p.name}”审核中（需 ${p.reviewersNeeded} 名审核员）`, `Product “${p.name}” is in review (${p.reviewersNeeded} reviewer(s))`), to: `/workspace/${p.workspaceId}?tab=products` })),
    ...own.filter((p) => p.status === 'approved').map((p): Todo => ({ key: `ok-${p.code}`, level: 'news', icon: <FileDoneOutlined />, text: t(`产品“${p.name}”审核通过：可申请登记后上架`, `Product “${p.name}” is approved: apply for its registration to list it`), to: `/workspace/${p.workspaceId}?tab=products` })),
    ...allTemplates.filter((tpl) => tpl.status === 'approved').map((tpl): Todo => ({ key: `tpl-a-${tpl.workspaceId}-${tpl.name}`, level: 'news', icon: <AuditOutlined />, text: t(`查询模板 ${tpl.name} 已批准，可以运行`, `Template ${tpl.name} is approved and can run`), to: `/workspace/${tpl.workspaceId}?tab=templates` })),
  ]

  const statusChart = useMemo<EChartsOption | null>(() => {
    if (own.length === 0) return null
    const statuses = [...new Set(own.map((p) => p.status))]
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['45%', '70%'], center: ['50%', '42%'], label: { formatter: '{b}: {c}' }, data: statuses.map((s) => ({ name: productStatusLabel(s, t), value: own.filter((p) => p.status === s).length })) }],
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [products.data, list, lang])

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="workbench">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('今日待办', 'Today')} · {me.organization.name}
      </Typography.Title>
      <ServerError error={workspaces.error ?? products.error ?? agreements.error ?? recordsError} />
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t('开放的工作空间', 'Open workspaces')} value={list.filter((w) => w.status === 'open').length} suffix={`/ ${list.length}`} /></Card></Col>
        <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t('审核中的产品', 'Products in review')} value={count('submitted')} /></Card></Col>
        <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t('被退回的产品', 'Products returned')} value={count('returned')} valueStyle={count('returned') ? { color: '#d48806' } : undefined} /></Card></Col>
        <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t('被退回的导入', 'Imports returned')} value={allImports.filter((i) => i.status === 'returned').length} /></Card></Col>
        <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t('模板 已批准 / 驳回', 'Templates approved / rejected')} value={allTemplates.filter((x) => x.status === 'approved').length} suffix={`/ ${allTemplates.filter((x) => x.status === 'rejected').length}`} /></Card></Col>
        <Col xs={12} md={8} xl={4}><Card size="small"><Statistic title={t('即将到期的协议', 'Agreements ending soon')} value={expiring.length} valueStyle={expiring.length ? { color: '#cf1322' } : undefined} /></Card></Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={<Space>{t('待办事项', 'To do')}<Badge count={todos.filter((x) => x.level !== 'news').length} /></Space>}>
            {todos.length === 0 ? (
              <Empty description={t('没有待办：去工作空间写查询吧。', 'Nothing to do: go and write a query.')} />
            ) : (
              <List
                size="small"
                data-testid="developer-todos"
                dataSource={todos}
                rowKey="key"
                renderItem={(todo) => (
                  <List.Item>
                    <Space>
                      <Tag color={LEVEL_COLOR[todo.level]} icon={todo.icon}>
                        {{ urgent: t('紧急', 'urgent'), action: t('待处理', 'to do'), news: t('通知', 'news') }[todo.level]}
                      </Tag>
                      <Link to={todo.to}>{todo.text}</Link>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          {list.some((w) => w.budget) ? (
            <Card size="small" title={t('隐私预算（差分隐私）', 'Privacy budget (differential privacy)')} style={{ marginBottom: 16 }}>
              <Row>
                {list.filter((w) => w.budget).map((w) => (
                  <Col key={w.id} span={list.filter((x) => x.budget).length > 1 ? 12 : 24}>
                    <Link to={`/workspace/${w.id}?tab=query`}>{w.name}</Link>
                    <BudgetGauge budget={w.budget!} height={200} testId={`workbench-budget-gauge-${w.id}`} />
                  </Col>
                ))}
              </Row>
            </Card>
          ) : null}
          <Card size="small" title={t('我的产品', 'My products')} extra={<Link to="/domain/products">{t('全部', 'All')}</Link>}>
            {statusChart ? <Chart option={statusChart} height={220} testId="products-status-chart" /> : <Empty description={t('还没有产品', 'No product yet')} />}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('我的工作空间', 'My workspaces')} extra={<Link to="/workspace">{t('全部', 'All')}</Link>}>
        <Table<Workspace>
          data-testid="workbench-workspaces"
          size="small"
          rowKey="id"
          loading={workspaces.loading}
          dataSource={list}
          pagination={false}
          columns={[
            { title: t('工作空间', 'Workspace'), key: 'name', render: (_, w) => <Link to={`/workspace/${w.id}`}>{w.name}</Link> },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (s: Workspace['status']) => <WorkspaceStatusTag status={s} /> },
            { title: t('场景', 'Scenario'), dataIndex: 'scenarioCode' },
            { title: t('授权期限', 'Term'), key: 'term', render: (_, w) => `${w.term.start} ~ ${w.term.end}` },
            { title: t('剩余天数', 'Days left'), key: 'left', render: (_, w) => { const left = daysLeft(w.term.end); return <Typography.Text type={left <= warningDays ? 'danger' : undefined}>{left}</Typography.Text> } },
            { title: t('隐私预算', 'Privacy budget'), key: 'budget', render: (_, w) => (w.budget ? <BudgetBar budget={w.budget} testId={`workbench-budget-${w.id}`} /> : <Typography.Text type="secondary">{t('不适用（输出检查）', 'n/a (output checks)')}</Typography.Text>) },
            { title: t('产品', 'Products'), key: 'products', render: (_, w) => own.filter((p) => p.workspaceId === w.id).length },
            { title: '', key: 'open', render: (_, w) => <Link to={`/workspace/${w.id}?tab=query`}>{t('去查询', 'Query')}</Link> },
          ]}
        />
      </Card>
    </Space>
  )
}
