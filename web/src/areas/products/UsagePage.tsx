import { ReloadOutlined } from '@ant-design/icons'
import { Button, Card, Col, Form, Input, Row, Select, Space, Statistic, Table, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatNumber } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useLang, useT } from '../../i18n.tsx'
import { addDays, chinaToday, daysBetween } from './dates.ts'
import { formatYuanAmount } from './labels.tsx'
import { useOrganizationNames } from './lookups.ts'
import type { Usage, UsageRow } from './types.ts'
import { usageChartOption } from './usage-chart.ts'

const MAX_DAYS = 366

/**
 * 用量: gateway calls per consumer, product and China day, with the amounts charged (what the
 * ledger bills). A consumer sees its own; the operator and regulators every consumer's.
 */
export default function UsagePage() {
  const t = useT()
  const { lang } = useLang()
  const me = useMe()
  const seesAll = me.organization.kind !== 'consumer'
  const orgName = useOrganizationNames()
  const today = chinaToday()
  const [range, setRange] = useState({ from: addDays(today, -29), to: today })
  const [product, setProduct] = useState<string | undefined>()
  const [consumer, setConsumer] = useState<string | undefined>()
  const { data, error, loading, reload } = useGet<Usage>('/api/v1/gateway/usage', range)
  const [form] = Form.useForm<{ from: string; to: string }>()

  const all = useMemo(() => data?.rows ?? [], [data])
  const rows = useMemo(() => all.filter((r) => (!product || r.productCode === product) && (!consumer || r.orgId === consumer)), [all, product, consumer])
  const totals = rows.reduce((s, r) => ({ calls: s.calls + r.calls, answered: s.answered + r.answered, refused: s.refused + r.refused, amount: s.amount + r.amountYuan }), { calls: 0, answered: 0, refused: 0, amount: 0 })
  const option = useMemo(
    () => usageChartOption(rows, data?.from ?? range.from, data?.to ?? range.to, { answered: t('成功', 'Answered'), refused: t('拒绝', 'Refused'), amount: t('金额（元）', 'Amount (yuan)') }),
    // t follows lang
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, data, lang],
  )
  const products = [...new Set(all.map((r) => r.productCode))]
  const consumers = [...new Set(all.map((r) => r.orgId).filter((o): o is string => o !== null))]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('接口用量', 'Gateway usage')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
            {t('刷新', 'Reload')}
          </Button>
        }
      >
        <Form
          form={form}
          layout="inline"
          initialValues={range}
          onFinish={(v) => setRange({ from: v.from, to: v.to })}
          data-testid="usage-range"
          style={{ marginBottom: 16, rowGap: 8 }}
        >
          <Form.Item name="from" label={t('自', 'From')} rules={[{ required: true }]}>
            <Input type="date" max={today} />
          </Form.Item>
          <Form.Item
            name="to"
            label={t('至', 'To')}
            dependencies={['from']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: async (_r, to: string | undefined) => {
                  const from = getFieldValue('from') as string | undefined
                  if (!to || !from) return
                  if (from > to) throw new Error(t('起始日期晚于结束日期', 'From is after to'))
                  if (daysBetween(from, to) > MAX_DAYS) throw new Error(t(`一次至多 ${MAX_DAYS} 天`, `At most ${MAX_DAYS} days at a time`))
                },
              }),
            ]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" type="primary">
              {t('查询', 'Show')}
            </Button>
          </Form.Item>
          <Form.Item>
            <Select allowClear placeholder={t('全部产品', 'All products')} style={{ width: 200 }} value={product} onChange={setProduct} options={products.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
          {seesAll ? (
            <Form.Item>
              <Select allowClear placeholder={t('全部产品使用方', 'All consumers')} style={{ width: 220 }} value={consumer} onChange={setConsumer} options={consumers.map((c) => ({ value: c, label: orgName(c) }))} />
            </Form.Item>
          ) : null}
        </Form>
        <ServerError error={error} />
        <Row gutter={16} style={{ marginBottom: 8 }} data-testid="usage-totals">
          <Col xs={12} md={6}>
            <Statistic title={t('调用次数', 'Calls')} value={totals.calls} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('成功', 'Answered')} value={totals.answered} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('拒绝', 'Refused')} value={totals.refused} valueStyle={totals.refused ? { color: '#d48806' } : undefined} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('计费金额', 'Amount charged')} value={formatYuanAmount(totals.amount)} />
          </Col>
        </Row>
        <Chart option={option} height={300} testId="usage-chart" />
        {all.length === 0 && !loading ? (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {t('该期间没有调用。', 'No calls in this period.')} <Link to="/gateway/try">{t('试调用', 'Try a call')}</Link>
          </Typography.Paragraph>
        ) : null}
      </Card>
      <Card title={t('明细（按日、产品使用方、产品）', 'Per day, consumer and product')}>
        <Table<UsageRow>
          rowKey={(r) => `${r.date}-${r.orgId ?? ''}-${r.productCode}`}
          loading={loading}
          dataSource={[...rows].reverse()}
          data-testid="usage-table"
          size="small"
          pagination={{ pageSize: 31, hideOnSinglePage: true }}
          columns={[
            { title: t('日期', 'Date'), dataIndex: 'date', width: 120 },
            ...(seesAll ? [{ title: t('产品使用方', 'Consumer'), dataIndex: 'orgId', render: (o: string | null) => (o ? orgName(o) : t('（密钥无效的调用）', '(calls with no valid key)')) }] : []),
            { title: t('产品', 'Product'), dataIndex: 'productCode', render: (c: string) => <Link to={`/products/${c}`}>{c}</Link> },
            { title: t('调用', 'Calls'), dataIndex: 'calls', align: 'right' as const, render: (n: number) => formatNumber(n) },
            { title: t('成功', 'Answered'), dataIndex: 'answered', align: 'right' as const, render: (n: number) => formatNumber(n) },
            { title: t('拒绝', 'Refused'), dataIndex: 'refused', align: 'right' as const, render: (n: number) => (n ? <Typography.Text type="warning">{formatNumber(n)}</Typography.Text> : 0) },
            { title: t('金额', 'Amount'), dataIndex: 'amountYuan', align: 'right' as const, render: (a: number) => formatYuanAmount(a) },
          ]}
        />
      </Card>
    </Space>
  )
}
