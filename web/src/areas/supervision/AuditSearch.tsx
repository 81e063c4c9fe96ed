import { DownloadOutlined, SearchOutlined } from '@ant-design/icons'
import { Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import type { Dayjs } from 'dayjs'
import { useEffect, useMemo, useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { api, get } from '../../api.ts'
import { Chart } from '../../components/Chart.tsx'
import { formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { chinaToday, saveFile } from './download.ts'
import { AUDIT_RESULT_LABELS, useLabel } from './labels.ts'
import { OrgName, useOrgNames } from './orgs.tsx'
import { AUDIT_RESULTS, type AuditEntry, type AuditFilter, type AuditPage } from './types.ts'

const PAGE_SIZE = 100
const FILTER_KEYS = ['from', 'to', 'eventType', 'actor', 'orgId', 'objectType', 'objectId', 'result', 'requestId'] as const
const RESULT_COLORS: Record<string, string> = { success: 'green', failure: 'red', refused: 'orange' }

interface FilterForm {
  period?: [Dayjs | null, Dayjs | null]
  eventType?: string
  actor?: string
  orgId?: string
  objectType?: string
  objectId?: string
  result?: AuditFilter['result']
  requestId?: string
}

/** The filter lives in the address, so that other pages can link to a search (`/audit?objectId=…`). */
function filterOf(params: URLSearchParams): AuditFilter {
  const filter: Record<string, string> = {}
  for (const key of FILTER_KEYS) {
    const value = params.get(key)
    if (value) filter[key] = value
  }
  return filter as AuditFilter
}

export function AuditSearch() {
  const t = useT()
  const label = useLabel()
  const [params, setParams] = useSearchParams()
  const filter = useMemo(() => filterOf(params), [params])
  const first = useGet<AuditPage>('/api/v1/audit/entries', { ...filter, limit: PAGE_SIZE })
  const [older, setOlder] = useState<AuditEntry[]>([])
  const [nextBefore, setNextBefore] = useState<number | undefined>(undefined)
  const { name: orgName, organizations } = useOrgNames()
  const [form] = Form.useForm<FilterForm>()

  useEffect(() => {
    setOlder([])
    setNextBefore(first.data?.nextBefore)
  }, [first.data])

  const more = useAction(async () => {
    if (nextBefore === undefined) return
    const page = await get<AuditPage>('/api/v1/audit/entries', { ...filter, limit: PAGE_SIZE, before: nextBefore })
    setOlder((entries) => [...entries, ...page.entries])
    setNextBefore(page.nextBefore)
  })
  const exporting = useAction(async (format: 'csv' | 'json') => {
    const text = await api<string>('GET', '/api/v1/audit/export', { query: { ...filter, format }, text: true })
    // fetch's text() drops the server's byte-order mark; spreadsheet programs need it to read Chinese.
    const content = format === 'csv' && !text.startsWith('\uFEFF') ? `\uFEFF${text}` : text
    saveFile(content, `shuyu-audit-${chinaToday()}.${format}`, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json')
  })

  const entries = useMemo(() => [...(first.data?.entries ?? []), ...older], [first.data, older])

  const search = (values: FilterForm) => {
    const next = new URLSearchParams(params.get('tab') ? { tab: params.get('tab')! } : {})
    const [from, to] = values.period ?? []
    if (from) next.set('from', from.format('YYYY-MM-DDTHH:mm'))
    if (to) next.set('to', to.format('YYYY-MM-DDTHH:mm'))
    for (const key of ['eventType', 'actor', 'orgId', 'objectType', 'objectId', 'result', 'requestId'] as const) {
      const value = values[key]?.trim()
      if (value) next.set(key, value)
    }
    setParams(next)
  }

  // The form shows the filter in the address (after a link or the browser's back button).
  useEffect(() => {
    form.setFieldsValue({ eventType: filter.eventType, actor: filter.actor, orgId: filter.orgId, objectType: filter.objectType, objectId: filter.objectId, result: filter.result, requestId: filter.requestId })
  }, [filter, form])

  const chart = useMemo<EChartsOption>(() => {
    // By module (query, agreement, auth…), or by event type once the search narrows to one or two modules.
    const byModule = new Set(entries.map((e) => e.eventType.split('.')[0])).size > 2
    const modules = new Map<string, Record<string, number>>()
    for (const e of entries) {
      const module = byModule ? (e.eventType.split('.')[0] ?? e.eventType) : e.eventType
      const row = modules.get(module) ?? {}
      row[e.result] = (row[e.result] ?? 0) + 1
      modules.set(module, row)
    }
    const names = [...modules.keys()].sort((a, b) => total(modules.get(b)!) - total(modules.get(a)!)).slice(0, 12)
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 40 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: AUDIT_RESULTS.map((result) => ({
        name: label(AUDIT_RESULT_LABELS, result),
        type: 'bar' as const,
        stack: 'all',
        itemStyle: { color: result === 'success' ? '#52c41a' : result === 'failure' ? '#f5222d' : '#fa8c16' },
        data: names.map((n) => modules.get(n)?.[result] ?? 0),
      })),
    }
  }, [entries, label])

  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FilterForm> form={form} layout="vertical" onFinish={search} data-testid="audit-filter">
          <Row gutter={12}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="period" label={t('时间范围（北京时间）', 'Period (China time)')}>
                <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item
                name="eventType"
                label={t('事件类型', 'Event type')}
                rules={[{ pattern: /^[a-z0-9.*-]{1,100}$/, message: t('如 auth.login 或 auth.*', 'like auth.login or auth.*') }]}
              >
                <Input placeholder="query.* / agreement.suspend" allowClear data-testid="audit-event-type" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="actor" label={t('操作人（用户名）', 'Actor (username)')} rules={[{ max: 200 }]}>
                <Input allowClear />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="orgId" label={t('机构', 'Organization')}>
                <Select allowClear showSearch optionFilterProp="label" options={organizations.map((o) => ({ value: o.id, label: o.name }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="result" label={t('结果', 'Result')}>
                <Select allowClear options={AUDIT_RESULTS.map((r) => ({ value: r, label: label(AUDIT_RESULT_LABELS, r) }))} data-testid="audit-result" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="objectType" label={t('对象类型', 'Object type')} rules={[{ max: 200 }]}>
                <Input placeholder="workspace / agreement / user" allowClear />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="objectId" label={t('对象编号', 'Object id')} rules={[{ max: 200 }]}>
                <Input allowClear />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="requestId" label={t('请求编号', 'Request id')} rules={[{ max: 200 }]}>
                <Input allowClear />
              </Form.Item>
            </Col>
          </Row>
          <ServerError error={first.error ?? exporting.error ?? more.error} />
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={first.loading} data-testid="audit-search">
              {t('检索', 'Search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields()
                setParams(new URLSearchParams())
              }}
            >
              {t('清空条件', 'Clear')}
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting.running} onClick={() => void exporting.run('csv')} data-testid="audit-export-csv">
              {t('导出 CSV', 'Export CSV')}
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting.running} onClick={() => void exporting.run('json')} data-testid="audit-export-json">
              {t('导出 JSON', 'Export JSON')}
            </Button>
            <Typography.Text type="secondary">{t('导出为全部匹配条目，按时间正序', 'Exports every matching entry, oldest first')}</Typography.Text>
          </Space>
        </Form>
      </Card>

      {entries.length > 0 ? (
        <Card size="small" title={t('已加载条目按类型与结果分布', 'Loaded entries by type and result')} style={{ marginBottom: 16 }}>
          <Chart option={chart} height={220} testId="audit-chart" />
        </Card>
      ) : null}

      <Table<AuditEntry>
        data-testid="audit-table"
        size="small"
        rowKey="seq"
        loading={first.loading}
        dataSource={entries}
        pagination={false}
        scroll={{ x: 1100 }}
        expandable={{ expandedRowRender: (e) => <EntryDetail entry={e} /> }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 70 },
          { title: t('时间', 'Time'), dataIndex: 'occurredAt', width: 150, render: (v: string) => formatTime(v) },
          { title: t('操作人', 'Actor'), dataIndex: 'actorUsername', width: 110, render: (v: string | null, e) => v ?? e.role ?? '—' },
          { title: t('机构', 'Organization'), dataIndex: 'orgId', width: 170, ellipsis: true, render: (v: string | null) => <OrgName id={v} name={orgName} /> },
          { title: t('事件', 'Event'), dataIndex: 'eventType', width: 170, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('对象', 'Object'),
            key: 'object',
            width: 220,
            ellipsis: true,
            render: (_: unknown, e) => (e.objectType ? `${e.objectType}:${e.objectId ?? ''}` : '—'),
          },
          { title: t('动作', 'Action'), dataIndex: 'action', width: 100 },
          {
            title: t('结果', 'Result'),
            dataIndex: 'result',
            width: 80,
            render: (v: string) => <Tag color={RESULT_COLORS[v]}>{label(AUDIT_RESULT_LABELS, v)}</Tag>,
          },
          { title: t('原因', 'Reason'), dataIndex: 'reason', ellipsis: true, render: (v: string | null) => (v ? <Tooltip title={v}>{v}</Tooltip> : '—') },
        ]}
        footer={() => (
          <Space>
            <Typography.Text type="secondary">
              {t(`已显示 ${entries.length} 条`, `${entries.length} shown`)}
            </Typography.Text>
            {nextBefore !== undefined ? (
              <Button size="small" loading={more.running} onClick={() => void more.run()} data-testid="audit-more">
                {t('加载更早的条目', 'Load older entries')}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t('已到最早一条', 'No older entries')}</Typography.Text>
            )}
          </Space>
        )}
      />
    </>
  )
}

function total(row: Record<string, number>): number {
  return Object.values(row).reduce((sum, n) => sum + n, 0)
}

function EntryDetail({ entry }: { entry: AuditEntry }) {
  const t = useT()
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('来源 IP', 'Source IP')}>{entry.sourceIp ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('角色', 'Role')}>{entry.role ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('请求编号', 'Request id')}>{entry.requestId ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('详情', 'Detail')}>
        <pre style={{ margin: 0, maxHeight: 240, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{entry.detail === null ? '—' : JSON.stringify(entry.detail, null, 2)}</pre>
      </Descriptions.Item>
      <Descriptions.Item label={t('前一哈希', 'Previous hash')}>
        <Typography.Text code style={{ fontSize: 12 }}>
          {entry.prevHash}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('本条哈希', 'Hash')}>
        <Typography.Text code copyable style={{ fontSize: 12 }}>
          {entry.hash}
        </Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  )
}
