import { ArrowLeftOutlined, CodeOutlined } from '@ant-design/icons'
import type { EChartsOption } from 'echarts'
import { Alert, Badge, Button, Card, Col, Descriptions, List, Result, Row, Spin, Table, Tabs, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { DestructionPanel } from './DestructionPanel.tsx'
import { ImportsPanel } from './ImportsPanel.tsx'
import { ROW_FILTER_OPERATOR, Status, WORKSPACE_STATUS, useWords } from './labels.tsx'
import { MaskingEditor } from './MaskingEditor.tsx'
import { PageTitle } from './PageTitle.tsx'
import { RulesView } from './RulesView.tsx'
import { OrgName, useOrgNames } from './shared.tsx'
import { TemplatesPanel } from './TemplatesPanel.tsx'
import type { Agreement, Import, QueryTemplate, Workspace, WorkspaceTable } from './types.ts'

const TABS = ['overview', 'masking', 'templates', 'imports', 'destruction'] as const
type Tab = (typeof TABS)[number]

/** The privacy budget as a gauge: how much of ε is spent. */
function budgetGauge(budget: NonNullable<Workspace['budget']>, label: string): EChartsOption {
  const share = budget.epsilon ? budget.spent / budget.epsilon : 0
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: budget.epsilon,
        startAngle: 210,
        endAngle: -30,
        radius: '92%',
        center: ['50%', '58%'],
        progress: { show: true, width: 16, roundCap: true },
        axisLine: { roundCap: true, lineStyle: { width: 16, color: [[1, '#f0f0f0']] } },
        itemStyle: { color: share > 0.9 ? '#f5222d' : share > 0.7 ? '#fa8c16' : '#1d5fbf' },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        detail: { valueAnimation: false, offsetCenter: [0, '0%'], fontSize: 22, fontWeight: 'bold', formatter: () => `ε ${budget.spent} / ${budget.epsilon}` },
        title: { offsetCenter: [0, '38%'], fontSize: 12, color: '#8c8c8c' },
        data: [{ value: budget.spent, name: label }],
      },
    ],
  }
}

/**
 * One workspace as the operator, the office and regulators oversee it: scope and rules, budget,
 * members; the masking policy (art. 19), query templates, imports of social data (art. 20) and
 * destruction once closed (art. 31). The developer's own page (SQL editor) is /workspace/:id.
 */
export default function WorkspaceDetailPage() {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const navigate = useNavigate()
  const orgName = useOrgNames()
  const { id = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const workspace = useGet<Workspace>(`/api/v1/workspaces/${encodeURIComponent(id)}`)
  const agreement = useGet<Agreement>(workspace.data ? `/api/v1/agreements/${workspace.data.agreementId}` : null)
  const imports = useGet<{ imports: Import[] }>(`/api/v1/workspaces/${encodeURIComponent(id)}/imports`)
  const templates = useGet<{ templates: QueryTemplate[] }>(`/api/v1/workspaces/${encodeURIComponent(id)}/templates`)
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'overview'
  const gaugeLabel = t('已消耗隐私预算', 'privacy budget spent')
  const gauge = useMemo(() => (workspace.data?.budget ? budgetGauge(workspace.data.budget, gaugeLabel) : null), [workspace.data, gaugeLabel])

  if (workspace.loading && !workspace.data) return <Spin style={{ display: 'block', margin: 48 }} />
  if (!workspace.data) return <Result status="404" title={t('没有这个工作区', 'No such workspace')} subTitle={<ServerError error={workspace.error} />} />
  const w = workspace.data
  const kind = me.organization.kind
  const isOperatorOfIt = kind === 'operator' && agreement.data?.operatorOrgId === me.organization.id
  const pendingImports = (imports.data?.imports ?? []).filter((i) => i.status === 'submitted').length
  const pendingTemplates = (templates.data?.templates ?? []).filter((x) => x.status === 'proposed').length
  const setTab = (next: string) => setParams((p) => {
    const copy = new URLSearchParams(p)
    copy.set('tab', next)
    copy.delete('import')
    return copy
  })
  const openImport = (importId: string | null) =>
    setParams((p) => {
      const copy = new URLSearchParams(p)
      if (importId) copy.set('import', importId)
      else copy.delete('import')
      return copy
    })

  return (
    <>
      <PageTitle
        back={
          <Link to="/workspaces">
            <ArrowLeftOutlined /> {t('工作空间管理', 'Workspaces')}
          </Link>
        }
        title={
          <>
            {w.name} <Status table={WORKSPACE_STATUS} status={w.status} />
          </>
        }
        basis={
          <>
            {w.id} · <Link to={`/scenarios/${w.scenarioCode}`}>{w.scenarioCode}</Link> · <OrgName id={w.developerOrgId} name={orgName} /> ·{' '}
            <Link to={`/agreements/${w.agreementId}`}>{t('授权协议', 'agreement')}</Link>
          </>
        }
        extra={
          <Button icon={<CodeOutlined />} onClick={() => navigate(`/workspace/${w.id}`)} data-testid="workspace-developer-view">
            {t('开发者工作区', 'Developer view')}
          </Button>
        }
      />
      {w.status !== 'open' && w.statusReason ? <Alert type={w.status === 'closed' ? 'error' : 'warning'} showIcon style={{ marginBottom: 16 }} message={w.statusReason} /> : null}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'overview',
              label: t('概览', 'Overview'),
              children: (
                <Row gutter={[16, 16]}>
                  <Col xs={24} xl={16}>
                    <Table<WorkspaceTable>
                      size="small"
                      rowKey="table"
                      pagination={false}
                      data-testid="workspace-scope"
                      dataSource={[...w.scope]}
                      columns={[
                        {
                          title: t('表', 'Table'),
                          render: (_, s) => (
                            <>
                              <Typography.Text code>{s.table}</Typography.Text>
                              <div>
                                <Typography.Text type="secondary">
                                  {s.resourceCode} {s.resourceName}
                                </Typography.Text>
                              </div>
                            </>
                          ),
                        },
                        {
                          title: t('授权列', 'Granted columns'),
                          render: (_, s) =>
                            s.fields.map((f) => (
                              <Tag key={f.name} color={f.identifier ? 'geekblue' : undefined} title={`${f.name} · ${f.dataType}`}>
                                {f.title}
                              </Tag>
                            )),
                        },
                        {
                          title: t('行过滤', 'Row filters'),
                          render: (_, s) => (s.rowFilters.length ? s.rowFilters.map((f) => <div key={f.column + f.operator}>{`${f.column} ${words(ROW_FILTER_OPERATOR, f.operator)} ${f.values.join(', ')}`}</div>) : '—'),
                        },
                      ]}
                    />
                    <Typography.Title level={5} style={{ marginTop: 16 }}>
                      {t('查询规则', 'Query rules')}
                    </Typography.Title>
                    <RulesView rules={w.rules} />
                  </Col>
                  <Col xs={24} xl={8}>
                    <Card size="small" title={t('隐私预算', 'Privacy budget')}>
                      {gauge ? <Chart option={gauge} height={200} testId="workspace-budget-gauge" /> : <Typography.Text type="secondary">{t('本工作区未启用差分隐私', 'No differential privacy in this workspace')}</Typography.Text>}
                    </Card>
                    <Descriptions size="small" column={1} bordered style={{ marginTop: 16 }}>
                      <Descriptions.Item label={t('期限', 'Term')}>
                        {w.term.start} ~ {w.term.end}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('开设时间', 'Opened')}>{formatTime(w.createdAt)}</Descriptions.Item>
                    </Descriptions>
                    <Card size="small" title={t(`成员（${w.members.length}）`, `Members (${w.members.length})`)} style={{ marginTop: 16 }}>
                      <List size="small" dataSource={[...w.members]} renderItem={(m) => <List.Item>{`${m.displayName} (${m.username})`}</List.Item>} />
                    </Card>
                  </Col>
                </Row>
              ),
            },
            {
              key: 'masking',
              label: t('脱敏策略', 'Masking'),
              children: tab === 'masking' ? <MaskingEditor workspace={w} imports={imports.data?.imports ?? []} editable={isOperatorOfIt} /> : null,
            },
            {
              key: 'templates',
              label: (
                <Badge count={pendingTemplates} size="small" offset={[8, -2]}>
                  {t('查询模板', 'Templates')}
                </Badge>
              ),
              children: tab === 'templates' ? <TemplatesPanel workspace={w} editable={isOperatorOfIt} onChanged={() => void templates.reload()} /> : null,
            },
            {
              key: 'imports',
              label: (
                <Badge count={pendingImports} size="small" offset={[8, -2]}>
                  {t('社会数据导入', 'Imports')}
                </Badge>
              ),
              children: (
                <ImportsPanel
                  imports={imports.data?.imports ?? []}
                  loading={imports.loading}
                  error={imports.error}
                  openId={tab === 'imports' ? params.get('import') : null}
                  onOpen={openImport}
                  onChanged={() => void imports.reload()}
                />
              ),
            },
            {
              key: 'destruction',
              label: t('封存销毁', 'Destruction'),
              children:
                tab === 'destruction' ? (
                  <DestructionPanel
                    workspace={w}
                    mayDestroy={kind === 'office' || isOperatorOfIt}
                    onChanged={() => {
                      void workspace.reload()
                      void imports.reload()
                    }}
                  />
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  )
}
