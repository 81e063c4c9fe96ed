import { PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import type { EChartsOption } from 'echarts'
import { Button, Card, Col, Drawer, Form, Input, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useLang, useT } from '../../i18n.tsx'
import { addMonths, chinaMonth, monthsFrom } from './dates.ts'
import { CostModal, SharesModal } from './LedgerForms.tsx'
import { COST_CATEGORY_NAMES, formatYuanAmount, PARTY_NAMES, useNames } from './labels.tsx'
import { useOrganizationNames, useUserNames } from './lookups.ts'
import type { Cost, LedgerLine, LedgerReport, Product } from './types.ts'
import { PERIOD_PATTERN } from './validation.ts'

const MAX_MONTHS = 60

/**
 * 收益台账 (art. 24, 26): per product and month, the calls answered, the revenue they brought,
 * the costs booked, the net, and each party's share of the revenue. The operator keeps it
 * (costs, revenue shares); the office, regulators and each product's developer read it.
 */
export default function LedgerPage() {
  const t = useT()
  const { lang } = useLang()
  const me = useMe()
  const names = useNames()
  const orgName = useOrganizationNames()
  const keeps = me.organization.kind === 'operator'
  const month = chinaMonth()
  const [range, setRange] = useState({ from: addMonths(month, -11), to: month })
  const [product, setProduct] = useState<string | undefined>()
  const ledger = useGet<LedgerReport>('/api/v1/ledger', { ...range, product })
  const products = useGet<{ products: Product[] }>('/api/v1/products')
  const [booking, setBooking] = useState(false)
  const [sharing, setSharing] = useState(false)
  const [costsOf, setCostsOf] = useState<string | null>(null)
  const [form] = Form.useForm<{ from: string; to: string }>()
  // Products a ledger is kept for: those past review (the ledger refuses a product it may not see).
  const ledgerProducts = useMemo(() => (products.data?.products ?? []).filter((p) => ['approved', 'listed', 'suspended', 'cancelled'].includes(p.status)), [products.data])
  const report = ledger.data
  const option = useMemo(
    () => (report ? ledgerChartOption(report, t('收入', 'Revenue'), t('成本', 'Costs'), t('净收益', 'Net')) : null),
    // t follows lang
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [report, lang],
  )

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('收益台账', 'Product ledger')}
        extra={
          <Space wrap>
            {keeps ? (
              <>
                <Button icon={<PlusOutlined />} onClick={() => setBooking(true)} data-testid="ledger-book-cost">
                  {t('记录成本', 'Book a cost')}
                </Button>
                <Button onClick={() => setSharing(true)} data-testid="ledger-set-shares">
                  {t('收益分配比例', 'Revenue shares')}
                </Button>
              </>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={() => void ledger.reload()}>
              {t('刷新', 'Reload')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          {t(
            '依第二十四条，一级开发运营主体为每个数据产品建立台账，记录收入与成本；依第二十六条，收益按约定比例在各方之间分配。收入为当月成功调用的价格之和，按产品和月份四舍五入到分。',
            'Art. 24: the operator keeps a ledger per product of its revenue and costs; art. 26: revenue is shared among the parties as agreed. Revenue is the sum of the prices of answered calls, rounded to the fen per product and month.',
          )}
        </Typography.Paragraph>
        <Form
          form={form}
          layout="inline"
          initialValues={range}
          style={{ marginBottom: 16, rowGap: 8 }}
          onFinish={(v) => setRange({ from: v.from, to: v.to })}
          data-testid="ledger-range"
        >
          <Form.Item name="from" label={t('自', 'From')} rules={[{ required: true, pattern: PERIOD_PATTERN, message: t('年-月', 'YYYY-MM') }]}>
            <Input type="month" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="to"
            label={t('至', 'To')}
            dependencies={['from']}
            rules={[
              { required: true, pattern: PERIOD_PATTERN, message: t('年-月', 'YYYY-MM') },
              ({ getFieldValue }) => ({
                validator: async (_r, to: string | undefined) => {
                  const from = getFieldValue('from') as string | undefined
                  if (!from || !to) return
                  if (from > to) throw new Error(t('起始月份晚于结束月份', 'From is after to'))
                  if (monthsFrom(from, to).length > MAX_MONTHS) throw new Error(t(`一次至多 ${MAX_MONTHS} 个月`, `At most ${MAX_MONTHS} months`))
                },
              }),
            ]}
          >
            <Input type="month" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('查询', 'Show')}
            </Button>
          </Form.Item>
          <Form.Item>
            <Select
              allowClear
              placeholder={t('全部产品', 'All products')}
              style={{ width: 260 }}
              value={product}
              onChange={setProduct}
              options={ledgerProducts.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))}
            />
          </Form.Item>
        </Form>
        <ServerError error={ledger.error} />
        {report ? (
          <Row gutter={16} data-testid="ledger-totals">
            <Col xs={12} md={6}>
              <Statistic title={t('成功调用', 'Calls answered')} value={report.totals.callsAnswered} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('收入', 'Revenue')} value={formatYuanAmount(report.totals.revenueYuan)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('成本', 'Costs')} value={formatYuanAmount(report.totals.costsYuan)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('净收益', 'Net')} value={formatYuanAmount(report.totals.netYuan)} valueStyle={{ color: report.totals.netYuan < 0 ? '#cf1322' : '#3f8600' }} />
            </Col>
          </Row>
        ) : null}
        {report && report.totals.shares.length ? (
          <Space wrap style={{ marginTop: 12 }} data-testid="ledger-party-totals">
            {report.totals.shares.map((s) => (
              <Tag key={`${s.party}-${s.orgId ?? ''}`} color="blue">
                {names(PARTY_NAMES, s.party)}
                {s.orgId && orgName(s.orgId) !== s.orgId ? `（${orgName(s.orgId)}）` : ''}：{formatYuanAmount(s.amountYuan)}
              </Tag>
            ))}
          </Space>
        ) : null}
        {option ? <Chart option={option} height={300} testId="ledger-chart" /> : null}
      </Card>
      <Card title={t('按产品和月份', 'Per product and month')}>
        <Table<LedgerLine>
          rowKey={(l) => `${l.productCode}-${l.period}`}
          loading={ledger.loading}
          dataSource={[...(report?.lines ?? [])]}
          data-testid="ledger-table"
          size="small"
          pagination={{ pageSize: 24, hideOnSinglePage: true }}
          locale={{ emptyText: t('该期间没有成功调用或成本记录', 'No answered call or booked cost in this period') }}
          columns={[
            {
              title: t('产品', 'Product'),
              key: 'product',
              render: (_, l) => (
                <div>
                  <Link to={`/products/${l.productCode}`}>{l.productName}</Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {l.productCode}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            { title: t('月份', 'Month'), dataIndex: 'period', width: 90 },
            { title: t('成功调用', 'Calls'), dataIndex: 'callsAnswered', align: 'right' as const, render: (n: number) => formatNumber(n) },
            { title: t('收入', 'Revenue'), dataIndex: 'revenueYuan', align: 'right' as const, render: (v: number) => formatYuanAmount(v) },
            {
              title: t('成本', 'Costs'),
              dataIndex: 'costsYuan',
              align: 'right' as const,
              render: (v: number, l) => (
                <Button type="link" size="small" onClick={() => setCostsOf(l.productCode)} style={{ padding: 0 }}>
                  {formatYuanAmount(v)}
                </Button>
              ),
            },
            { title: t('净收益', 'Net'), dataIndex: 'netYuan', align: 'right' as const, render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : undefined}>{formatYuanAmount(v)}</Typography.Text> },
            {
              title: t('收益分配', 'Shares'),
              key: 'shares',
              render: (_, l) => (
                <Space direction="vertical" size={0}>
                  {l.shares.map((s) => (
                    <span key={s.party} style={{ fontSize: 12 }}>
                      {names(PARTY_NAMES, s.party)} {(s.share * 100).toFixed(0)}%：{formatYuanAmount(s.amountYuan)}
                    </span>
                  ))}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {l.sharesVersion === null ? t('未约定比例', 'no shares agreed') : t(`第 ${l.sharesVersion} 版`, `version ${l.sharesVersion}`)}
                  </Typography.Text>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <CostsDrawer code={costsOf} keeps={keeps} products={ledgerProducts} onClose={() => setCostsOf(null)} onChanged={() => void ledger.reload()} />
      <CostModal open={booking} products={ledgerProducts} onClose={() => setBooking(false)} onDone={() => void ledger.reload()} />
      <SharesModal open={sharing} products={ledgerProducts} onClose={() => setSharing(false)} onDone={() => void ledger.reload()} />
    </Space>
  )
}

/** Revenue and costs per month as bars, the net as a line, over every month of the range. */
function ledgerChartOption(report: LedgerReport, revenue: string, costs: string, net: string): EChartsOption {
  const months = monthsFrom(report.from, report.to)
  const sum = (period: string, pick: (l: LedgerLine) => number) => Math.round(report.lines.filter((l) => l.period === period).reduce((s, l) => s + pick(l), 0) * 100) / 100
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [revenue, costs, net] },
    grid: { left: 64, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', axisLabel: { formatter: '¥{value}' } },
    series: [
      { name: revenue, type: 'bar', data: months.map((m) => sum(m, (l) => l.revenueYuan)), itemStyle: { color: '#1d5fbf' } },
      { name: costs, type: 'bar', data: months.map((m) => sum(m, (l) => l.costsYuan)), itemStyle: { color: '#f5a623' } },
      { name: net, type: 'line', data: months.map((m) => sum(m, (l) => l.netYuan)), itemStyle: { color: '#52c41a' } },
    ],
  }
}

/** A product's cost entries, corrections included; the operator corrects an entry from here. */
function CostsDrawer({ code, keeps, products, onClose, onChanged }: { code: string | null; keeps: boolean; products: readonly Product[]; onClose(): void; onChanged(): void }) {
  const t = useT()
  const names = useNames()
  const userName = useUserNames()
  const costs = useGet<{ costs: Cost[] }>(code ? '/api/v1/ledger/costs' : null, code ? { product: code } : undefined)
  const [correcting, setCorrecting] = useState<{ cost: Cost; remainingYuan: number } | undefined>()
  const entries = costs.data?.costs ?? []
  const remaining = (c: Cost) => Math.round((c.amountYuan + entries.filter((e) => e.corrects === c.id).reduce((s, e) => s + e.amountYuan, 0)) * 100) / 100

  return (
    <Drawer open={code !== null} width={760} title={t(`成本记录：${code ?? ''}`, `Cost entries: ${code ?? ''}`)} onClose={onClose} data-testid="costs-drawer">
      <ServerError error={costs.error} />
      <Table<Cost>
        rowKey="id"
        size="small"
        loading={costs.loading}
        dataSource={[...entries]}
        pagination={false}
        columns={[
          { title: t('月份', 'Month'), dataIndex: 'period', width: 90 },
          { title: t('类别', 'Category'), dataIndex: 'category', render: (c: string) => names(COST_CATEGORY_NAMES, c), width: 70 },
          { title: t('金额', 'Amount'), dataIndex: 'amountYuan', align: 'right' as const, render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : undefined}>{formatYuanAmount(v)}</Typography.Text> },
          {
            title: t('说明', 'Description'),
            key: 'description',
            render: (_, c) => (
              <div>
                {c.description}
                {c.corrects ? <Tag style={{ marginLeft: 4 }}>{t(`更正 ${c.corrects}`, `corrects ${c.corrects}`)}</Tag> : null}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {userName(c.recordedBy)} · {formatTime(c.recordedAt)}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          ...(keeps
            ? [
                {
                  title: '',
                  key: 'correct',
                  render: (_: unknown, c: Cost) =>
                    c.corrects === null && remaining(c) > 0 ? (
                      <Button size="small" onClick={() => setCorrecting({ cost: c, remainingYuan: remaining(c) })}>
                        {t('更正', 'Correct')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <CostModal
        open={correcting !== undefined}
        products={products}
        correcting={correcting}
        onClose={() => setCorrecting(undefined)}
        onDone={() => {
          void costs.reload()
          onChanged()
        }}
      />
    </Drawer>
  )
}
