import { DownloadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import { useMemo } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { Chart } from '../components/Chart.tsx'
import { formatDate, formatNumber, formatTime, StatusTag } from '../components/format.tsx'
import { ServerError } from '../components/ServerError.tsx'
import { useT } from '../i18n.tsx'
import { PRODUCT_KIND_LABELS, PURPOSE_LABELS, STATUS_LABELS, useLabel } from './labels.ts'
import { usePublicGet } from './publicApi.ts'
import type { AuditCheckpoint, DisclosedAuthorization, DisclosedProduct, Disclosure, Pricing } from './types.ts'

/**
 * 信息披露 (art. 29): who is authorized to use which public data, for what and until when; the
 * products and their prices; how much each developer used the data; registration codes; and the
 * audit log's latest signed checkpoint, so that anyone can later check the log was not rewritten.
 */
export default function DisclosurePage() {
  const t = useT()
  const label = useLabel()
  const [params, setParams] = useSearchParams()
  const year = params.get('year') ?? undefined
  const disclosure = usePublicGet<Disclosure>('/api/v1/public/disclosure', { year })
  const d = disclosure.data
  const thisYear = new Date().getFullYear()
  const years = Array.from({ length: Math.max(1, thisYear - 2024) }, (_, i) => String(2025 + i))

  return (
    <div data-testid="portal-disclosure">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <div>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('公共数据授权运营信息披露', 'Disclosure of the authorized operation of public data')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {d ? t(`统计期间 ${d.period.from} 至 ${d.period.to}，生成于 ${formatTime(d.generatedAt)}`, `Period ${d.period.from} to ${d.period.to}, compiled ${formatTime(d.generatedAt)}`) : ' '}
          </Typography.Text>
        </div>
        <Segmented
          value={year ?? 'last'}
          onChange={(value) => setParams(value === 'last' ? {} : { year: String(value) })}
          options={[{ value: 'last', label: t('近 12 个月', 'Last 12 months') }, ...years.map((y) => ({ value: y, label: t(`${y} 年度`, y) }))]}
          data-testid="portal-period"
        />
      </Space>
      <ServerError error={disclosure.error} />

      {d ? (
        <>
          <Row gutter={[12, 12]} style={{ margin: '16px 0' }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('授权（二级开发运营主体）', 'Authorizations (developers)')} value={d.authorizations.length} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('数据产品和服务', 'Products and services')} value={d.products.length} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('接口应答调用', 'Calls answered')} value={d.revenue?.calls ?? 0} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('运营收入（元）', 'Revenue (yuan)')} value={formatNumber(d.revenue?.revenueYuan ?? 0, 2)} suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('成本', 'costs')} {formatNumber(d.revenue?.costsYuan ?? 0, 2)}</Typography.Text>} />
              </Card>
            </Col>
          </Row>

          {d.operator ? (
            <Card size="small" title={t('一级开发运营主体', 'Primary operator')} style={{ marginBottom: 16 }} data-testid="portal-operator">
              <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label={t('名称', 'Name')}>{d.operator.name}</Descriptions.Item>
                <Descriptions.Item label={t('授权期限', 'Term')}>
                  {formatDate(d.operator.term.start)} ~ {formatDate(d.operator.term.end)}
                </Descriptions.Item>
                <Descriptions.Item label={t('授权数据资源', 'Resources granted')}>{d.operator.resources.length}</Descriptions.Item>
              </Descriptions>
              <Space wrap size={[4, 4]}>
                {d.operator.resources.map((code) => (
                  <Tag key={code}>{code}</Tag>
                ))}
              </Space>
            </Card>
          ) : null}

          <Card size="small" title={t('二级开发运营主体授权（谁、用于什么、范围、期限）', 'Authorizations: who, for what, scope and term')} style={{ marginBottom: 16 }}>
            <Table<DisclosedAuthorization>
              data-testid="portal-authorizations"
              size="small"
              rowKey="workspace"
              pagination={false}
              dataSource={[...d.authorizations]}
              locale={{ emptyText: <Empty description={t('本期间没有授权', 'No authorizations in this period')} /> }}
              expandable={{ expandedRowRender: (a) => <ScopeTable authorization={a} />, rowExpandable: (a) => a.scope.length > 0 }}
              columns={[
                { title: t('二级开发运营主体', 'Developer'), dataIndex: 'developer', width: 230 },
                {
                  title: t('应用场景', 'Scenario'),
                  key: 'scenario',
                  render: (_: unknown, a) => (
                    <Space direction="vertical" size={0}>
                      <span>{a.scenario.name}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {a.scenario.code} · {label(PURPOSE_LABELS, a.scenario.purposeType)}
                      </Typography.Text>
                    </Space>
                  ),
                },
                {
                  title: t('授权数据范围', 'Scope'),
                  key: 'scope',
                  render: (_: unknown, a) => t(`${a.scope.length} 项资源、${a.scope.reduce((n, s) => n + s.fields.length, 0)} 个信息项`, `${a.scope.length} resources, ${a.scope.reduce((n, s) => n + s.fields.length, 0)} fields`),
                },
                { title: t('授权期限', 'Term'), key: 'term', width: 200, render: (_: unknown, a) => `${formatDate(a.term.start)} ~ ${formatDate(a.term.end)}` },
                { title: t('报备日期', 'Filed'), dataIndex: 'filedOn', width: 110, render: (v: string | null) => formatDate(v) },
                { title: t('状态', 'Status'), dataIndex: 'status', width: 100, render: (s: string) => <StatusTag status={s}>{label(STATUS_LABELS, s)}</StatusTag> },
              ]}
            />
          </Card>

          <Card size="small" title={t('数据产品和服务及价格', 'Products, services and prices')} style={{ marginBottom: 16 }}>
            <Table<DisclosedProduct>
              data-testid="portal-products"
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={[...d.products]}
              locale={{ emptyText: <Empty description={t('暂无上架的数据产品', 'No products listed yet')} /> }}
              columns={[
                { title: t('产品', 'Product'), dataIndex: 'name', render: (v: string, p) => <Space direction="vertical" size={0}><span>{v}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.code}</Typography.Text></Space> },
                { title: t('类型', 'Kind'), dataIndex: 'kind', width: 100, render: (k: string) => label(PRODUCT_KIND_LABELS, k) },
                { title: t('场景', 'Scenario'), dataIndex: 'scenario', width: 130 },
                { title: t('提供方', 'Developer'), dataIndex: 'developer', width: 220 },
                { title: t('价格', 'Price'), dataIndex: 'pricing', width: 170, render: (p: Pricing | null) => <PriceText pricing={p} /> },
                {
                  title: t('登记编码', 'Registration code'),
                  dataIndex: 'registrationCode',
                  width: 200,
                  render: (code: string | null) => (code ? <Link to={`/portal/lookup/${code}`}>{code}</Link> : <Typography.Text type="secondary">{t('未登记', 'Not registered')}</Typography.Text>),
                },
                { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: (s: string) => <StatusTag status={s}>{label(STATUS_LABELS, s)}</StatusTag> },
              ]}
            />
          </Card>

          <Card size="small" title={t('二级开发运营主体数据使用情况', 'Data use by developers')} style={{ marginBottom: 16 }} data-testid="portal-data-use">
            <DataUseChart disclosure={d} />
          </Card>

          <CheckpointCard checkpoint={d.auditCheckpoint} />
        </>
      ) : null}
    </div>
  )
}

function ScopeTable({ authorization }: { authorization: DisclosedAuthorization }) {
  const t = useT()
  return (
    <Table
      size="small"
      rowKey="resourceCode"
      pagination={false}
      dataSource={[...authorization.scope]}
      columns={[
        { title: t('数据资源', 'Resource'), dataIndex: 'resourceName', width: 260, render: (v: string, s) => `${v}（${s.resourceCode}）` },
        { title: t('授权信息项', 'Fields'), dataIndex: 'fields', render: (fields: string[]) => fields.map((f) => <Tag key={f}>{f}</Tag>) },
      ]}
    />
  )
}

function PriceText({ pricing }: { pricing: Pricing | null }) {
  const t = useT()
  if (!pricing) return <span>—</span>
  const quota = pricing.dailyQuota ? t(`，每日 ${pricing.dailyQuota} 次`, `, ${pricing.dailyQuota} a day`) : ''
  return pricing.model === 'free' ? <span>{t('免费', 'Free')}{quota}</span> : <span>¥{formatNumber(pricing.yuanPerCall, 2)} / {t('次', 'call')}{quota}</span>
}

function DataUseChart({ disclosure }: { disclosure: Disclosure }) {
  const t = useT()
  const option = useMemo<EChartsOption>(() => {
    const rows = disclosure.dataUse
    const series = [
      { name: t('应答查询', 'Queries answered'), key: 'queriesAnswered', color: '#1d5fbf' },
      { name: t('被拒查询', 'Queries refused'), key: 'queriesRefused', color: '#fa8c16' },
      { name: t('训练模型', 'Models trained'), key: 'modelsTrained', color: '#722ed1' },
      { name: t('产品调用', 'Product calls'), key: 'productCalls', color: '#389e0d' },
    ] as const
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 48 },
      xAxis: { type: 'category', data: rows.map((r) => `${r.developer}\n${r.workspace}`), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map((s) => ({ name: s.name, type: 'bar' as const, barMaxWidth: 28, itemStyle: { color: s.color }, data: rows.map((r) => r[s.key]) })),
    }
  }, [disclosure, t])
  if (!disclosure.dataUse.length) return <Empty description={t('本期间没有数据使用记录', 'No data use in this period')} />
  return <Chart option={option} height={300} testId="portal-data-use-chart" />
}

function CheckpointCard({ checkpoint }: { checkpoint: AuditCheckpoint | null }) {
  const t = useT()
  if (!checkpoint) return null
  const message = `shuyu-audit-checkpoint|${checkpoint.seq}|${checkpoint.hash}|${checkpoint.signedAt}`
  const keep = () => {
    const url = URL.createObjectURL(new Blob([JSON.stringify({ ...checkpoint, message }, null, 2)], { type: 'application/json' }))
    const link = document.createElement('a')
    link.href = url
    link.download = `shuyu-audit-checkpoint-${checkpoint.seq}.json`
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
  return (
    <Card
      size="small"
      title={t('审计日志最新签名检查点', 'The audit log’s latest signed checkpoint')}
      extra={
        <Button size="small" icon={<DownloadOutlined />} onClick={keep} data-testid="portal-checkpoint-download">
          {t('保存检查点', 'Keep this checkpoint')}
        </Button>
      }
      data-testid="portal-checkpoint"
    >
      <Descriptions size="small" bordered column={1} styles={{ label: { whiteSpace: 'nowrap', width: 160 } }}>
        <Descriptions.Item label={t('截至条目', 'Up to entry')}>#{checkpoint.seq}</Descriptions.Item>
        <Descriptions.Item label={t('签署时间', 'Signed at')}>{formatTime(checkpoint.signedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('链上哈希', 'Chain hash')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
            {checkpoint.hash}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('签名原文', 'Signed message')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
            {message}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('签名', 'Signature')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
            {checkpoint.signature}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('公钥', 'Public key')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
            {checkpoint.publicKey ?? '—'}
          </Typography.Text>{' '}
          <Typography.Text type="secondary">
            {checkpoint.suite.toUpperCase()} · {checkpoint.keyId}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Alert
        style={{ marginTop: 12 }}
        type="info"
        showIcon
        message={t('如何核验', 'How to verify')}
        description={
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            <li>{t('保存本检查点（签名原文、签名与公钥）。', 'Keep this checkpoint (the signed message, the signature and the public key).')}</li>
            <li>
              {t(
                '国密套件：以 SM2（SM3 摘要，签名者标识 1234567812345678）用公钥（04‖x‖y，十六进制）验证签名（r‖s，十六进制）与签名原文（UTF-8）相符。',
                'Suite gm: check with SM2 (SM3 digest, signer id 1234567812345678) that the signature (r‖s, hex) matches the signed message (UTF-8) under the public key (04‖x‖y, hex).',
              )}
            </li>
            <li>
              {t(
                '日后向平台或审计机构索取截至该条目的日志，重算哈希链：若第 N 条的哈希与检查点不符，说明日志被改写。',
                'Later, have the log up to that entry re-walked: if entry N’s hash no longer matches the checkpoint, the log was rewritten.',
              )}
            </li>
          </ol>
        }
      />
    </Card>
  )
}
