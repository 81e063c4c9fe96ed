import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Col, Row, Space, Tag, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import { useMemo } from 'react'
import { Link } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ENTRY_STATUS_LABELS, useLabel, useStableT } from './labels.ts'
import { EntryStatusTag, ReturnFlowStatusTag } from './tags.tsx'
import { TodoCard, WorkbenchTitle, type TodoItem } from './TodoCard.tsx'
import { ENTRY_STATUSES, type CatalogEntry, type ReturnFlow } from './types.ts'
import { Page } from './Page.tsx'

/** 行业主管部门: its entries returned or still drafts, those under review, its return-flow requests. */
export default function SectorWorkbench() {
  const t = useStableT()
  const label = useLabel()
  const me = useMe()
  const entries = useGet<{ entries: CatalogEntry[] }>('/api/v1/catalog/entries')
  const flows = useGet<{ returnFlows: ReturnFlow[] }>('/api/v1/return-flows')

  // The newest version of each of its entries decides what is to be done with it.
  const latest = useMemo(() => {
    const map = new Map<string, CatalogEntry>()
    for (const e of entries.data?.entries ?? []) if ((map.get(e.code)?.version ?? 0) < e.version) map.set(e.code, e)
    return [...map.values()]
  }, [entries.data])

  const returned: TodoItem[] = latest
    .filter((e) => e.status === 'returned')
    .map((e) => ({
      key: e.code,
      title: `${e.content.name} v${e.version}`,
      description: (
        <span>
          {t('退回意见：', 'Comments: ')}
          <Typography.Text type="warning">{e.reviewComment ?? '—'}</Typography.Text> · {formatTime(e.reviewedAt)}
        </span>
      ),
      href: `/catalog/compile?code=${encodeURIComponent(e.code)}`,
      extra: <EntryStatusTag status={e.status} />,
    }))
  const drafts: TodoItem[] = latest
    .filter((e) => e.status === 'draft')
    .map((e) => ({
      key: e.code,
      title: `${e.content.name} v${e.version}`,
      description: `${e.code} · ${t('编制于', 'compiled')} ${formatTime(e.createdAt)} · ${t(`${e.content.fields.length} 个信息项`, `${e.content.fields.length} fields`)}`,
      href: `/catalog/entries?tab=open&code=${encodeURIComponent(e.code)}`,
      extra: <EntryStatusTag status={e.status} />,
    }))
  const waiting: TodoItem[] = latest
    .filter((e) => e.status === 'submitted')
    .map((e) => ({
      key: e.code,
      title: `${e.content.name} v${e.version}`,
      description: `${t('提交于', 'submitted')} ${formatTime(e.submittedAt)}`,
      href: `/catalog/entries?tab=all&code=${encodeURIComponent(e.code)}`,
      extra: <EntryStatusTag status={e.status} />,
    }))
  const myFlows: TodoItem[] = (flows.data?.returnFlows ?? []).map((f) => ({
    key: f.id,
    title: `${f.resourceCode}：${f.fields.join('、')}`,
    description: f.decisionNote ? `${t('审批意见：', 'Decision: ')}${f.decisionNote}` : formatTime(f.requestedAt),
    href: '/return-flows',
    extra: <ReturnFlowStatusTag status={f.status} />,
  }))

  const chart = useMemo<EChartsOption>(() => {
    const colors: Record<string, string> = { draft: '#bfbfbf', submitted: '#1677ff', returned: '#fa8c16', approved: '#52c41a' }
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          data: ENTRY_STATUSES.map((s) => ({ name: label(ENTRY_STATUS_LABELS, s), value: latest.filter((e) => e.status === s).length, itemStyle: { color: colors[s] } })).filter((d) => d.value > 0),
        },
      ],
    }
  }, [latest, t, label])

  return (
    <Page testId="workbench-sector">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <WorkbenchTitle subtitle={t(`${me.organization.name} · 本行业公共数据资源目录编制（第七条）`, `${me.organization.name} · compiling the sector's catalog (art. 7)`)} />
        <Space>
          <Link to="/catalog/compile"><Button type="primary" icon={<PlusOutlined />} data-testid="sector-compile-new">{t('编制新条目', 'Compile a new entry')}</Button></Link>
          <Link to="/return-flows"><Button>{t('申请数据回流', 'Ask for a return flow')}</Button></Link>
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <TodoCard title={t('被退回，待修改', 'Returned: to correct')} items={returned} moreHref="/catalog/entries?tab=open" emptyText={t('没有被退回的条目', 'Nothing returned')} loading={entries.loading} error={entries.error} testId="todo-entries-returned" tone="warning" />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard title={t('草稿，待提交', 'Drafts: to submit')} items={drafts} moreHref="/catalog/entries?tab=open" emptyText={t('没有未提交的草稿', 'No draft waiting')} loading={entries.loading} testId="todo-entries-draft" />
        </Col>
        <Col xs={24} xl={8}>
          <TodoCard title={t('审核中', 'Under review')} items={waiting} moreHref="/catalog/entries?tab=all" emptyText={t('没有审核中的条目', 'Nothing under review')} loading={entries.loading} testId="todo-entries-submitted" />
        </Col>
        <Col xs={24} xl={8}>
          <TodoCard title={t('我的回流申请', 'My return-flow requests')} items={myFlows} moreHref="/return-flows" emptyText={t('暂无回流申请', 'No requests')} loading={flows.loading} error={flows.error} testId="todo-sector-flows" />
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t(`我编制的目录（${latest.length}）`, `Entries I compile (${latest.length})`)} style={{ height: '100%' }}>
            <Chart option={chart} height={220} testId="sector-entries-chart" />
            <Typography.Text type="secondary">
              {t('已发布：', 'Published: ')}
              {latest.filter((e) => e.status === 'approved').map((e) => <Tag key={e.code}>{e.content.name}</Tag>)}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
    </Page>
  )
}
