import { Alert, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd'
import { useEffect } from 'react'
import { post, put } from '../../api.ts'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { chinaMonth } from './dates.ts'
import { COST_CATEGORY_NAMES, PARTY_NAMES, useNames } from './labels.tsx'
import { COST_CATEGORIES, SHARE_PARTIES, type Cost, type CostCategory, type Product, type RevenueShares, type ShareParty } from './types.ts'
import { PERIOD_PATTERN, textRules, validated } from './validation.ts'

const MAX_COST_YUAN = 10_000_000_000

/** At most two decimals (whole fen), as the server's fenOf accepts. */
function wholeFen(yuan: number): boolean {
  return Math.abs(Math.round(yuan * 100) - yuan * 100) < 1e-6
}

interface CostValues {
  productCode: string
  period: string
  amountYuan: number
  category: CostCategory
  description: string
}

/**
 * Booking a cost of a product for a month (art. 24), or correcting one: costs are append-only,
 * a correction is a new entry reversing (part of) an original of the same product and month.
 */
export function CostModal({
  open,
  products,
  correcting,
  onClose,
  onDone,
}: {
  open: boolean
  products: readonly Product[]
  /** The entry to correct, with what is left of it; undefined to book a new cost. */
  correcting?: { cost: Cost; remainingYuan: number }
  onClose(): void
  onDone(): void
}) {
  const t = useT()
  const names = useNames()
  const [form] = Form.useForm<CostValues>()
  const month = chinaMonth()
  const action = useAction((v: CostValues) =>
    post<Cost>('/api/v1/ledger/costs', {
      productCode: v.productCode,
      period: v.period,
      category: v.category,
      description: v.description.trim(),
      ...(correcting ? { amountYuan: -v.amountYuan, corrects: correcting.cost.id } : { amountYuan: v.amountYuan }),
    }),
  )
  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue(
      correcting
        ? { productCode: correcting.cost.productCode, period: correcting.cost.period, category: correcting.cost.category, amountYuan: correcting.remainingYuan }
        : { period: month, category: 'compute' },
    )
    action.clearError()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, correcting])

  return (
    <Modal
      open={open}
      title={correcting ? t('更正成本记录', 'Correct a cost entry') : t('记录产品成本', 'Book a cost')}
      okText={t('记账', 'Book')}
      okButtonProps={{ loading: action.running }}
      onCancel={onClose}
      onOk={async () => {
        const values = await validated(form)
        if (!values) return
        if (await action.run(values)) {
          onClose()
          onDone()
        }
      }}
      destroyOnHidden
    >
      {correcting ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('成本记录只增不改：更正是一笔冲减原记录的负数记录。', 'Costs are append-only: a correction is a negative entry reversing the original.')}
          description={t(`原记录 ${correcting.cost.id}：${correcting.cost.description}，尚可冲减 ¥${correcting.remainingYuan.toFixed(2)}`, `Entry ${correcting.cost.id}: ${correcting.cost.description}; ¥${correcting.remainingYuan.toFixed(2)} left to reverse`)}
        />
      ) : null}
      <Form form={form} layout="vertical" data-testid="cost-form">
        <Form.Item name="productCode" label={t('产品', 'Product')} rules={[{ required: true, message: t('请选择产品', 'Choose the product') }]}>
          <Select disabled={!!correcting} showSearch optionFilterProp="label" options={products.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))} data-testid="cost-product" />
        </Form.Item>
        <Space style={{ display: 'flex' }} align="start" wrap>
          <Form.Item
            name="period"
            label={t('所属月份', 'Month')}
            rules={[
              { required: true, pattern: PERIOD_PATTERN, message: t('年-月', 'YYYY-MM') },
              { validator: async (_r, v: string | undefined) => { if (v && v > month) throw new Error(t('只能记入已开始的月份', 'Only a month that has begun')) } },
            ]}
          >
            <Input type="month" max={month} disabled={!!correcting} style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="category" label={t('成本类别', 'Category')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} disabled={!!correcting} options={COST_CATEGORIES.map((c) => ({ value: c, label: names(COST_CATEGORY_NAMES, c) }))} />
          </Form.Item>
          <Form.Item
            name="amountYuan"
            label={correcting ? t('冲减金额（元）', 'Amount to reverse (yuan)') : t('金额（元）', 'Amount (yuan)')}
            rules={[
              { required: true, message: t('请填写金额', 'Give the amount') },
              {
                validator: async (_r, v: number | undefined) => {
                  if (v === undefined || v === null) return
                  if (!(v > 0)) throw new Error(t('须大于 0', 'Above 0'))
                  if (v > (correcting ? correcting.remainingYuan : MAX_COST_YUAN)) throw new Error(correcting ? t('超过可冲减金额', 'More than is left') : t('金额过大', 'Too large'))
                  if (!wholeFen(v)) throw new Error(t('至多两位小数（分）', 'At most two decimals'))
                },
              },
            ]}
          >
            <InputNumber min={0} step={100} style={{ width: 180 }} prefix="¥" data-testid="cost-amount" />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('说明', 'Description')} rules={textRules(1000, t('请说明成本内容', 'Describe the cost'))}>
          <Input.TextArea rows={2} maxLength={1000} showCount data-testid="cost-description" />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}

interface ShareValues {
  productCode: string
  fromPeriod: string
  operator?: number
  developer?: number
  city?: number
  note?: string
}

/**
 * The revenue shares agreed for a product (art. 26), as a new version in force from a month on
 * (this month or later): each party's percentage, summing to 100.
 */
export function SharesModal({ open, products, onClose, onDone }: { open: boolean; products: readonly Product[]; onClose(): void; onDone(): void }) {
  const t = useT()
  const names = useNames()
  const [form] = Form.useForm<ShareValues>()
  const month = chinaMonth()
  const code = Form.useWatch('productCode', form)
  const current = useGet<RevenueShares>(open && code ? `/api/v1/products/${code}/revenue-shares` : null)
  const action = useAction((v: ShareValues) =>
    put<RevenueShares>(`/api/v1/products/${v.productCode}/revenue-shares`, {
      fromPeriod: v.fromPeriod,
      shares: SHARE_PARTIES.filter((party) => (v[party] ?? 0) > 0).map((party) => ({ party, share: Math.round((v[party] ?? 0) * 100) / 10_000 })),
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    }),
  )
  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue({ fromPeriod: month, operator: 0, developer: 100, city: 0 })
    action.clearError()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])

  const percentRule = {
    validator: async () => {
      const v = form.getFieldsValue()
      const sum = SHARE_PARTIES.reduce((s, p) => s + (v[p] ?? 0), 0)
      if (Math.abs(sum - 100) > 1e-6) throw new Error(t(`各方比例合计须为 100%，现为 ${sum}%`, `The shares must sum to 100%, now ${sum}%`))
    },
  }

  return (
    <Modal
      open={open}
      width={640}
      title={t('记录收益分配比例', 'Record revenue shares')}
      okText={t('保存', 'Save')}
      okButtonProps={{ loading: action.running }}
      onCancel={onClose}
      onOk={async () => {
        const values = await validated(form)
        if (!values) return
        if (await action.run(values)) {
          onClose()
          onDone()
        }
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="shares-form">
        <Form.Item name="productCode" label={t('产品', 'Product')} rules={[{ required: true, message: t('请选择产品', 'Choose the product') }]}>
          <Select showSearch optionFilterProp="label" options={products.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))} data-testid="shares-product" />
        </Form.Item>
        {current.data ? (
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t(`${current.data.inForce.period} 现行比例`, `In force in ${current.data.inForce.period}`)}>
              {current.data.inForce.shares.map((s) => `${names(PARTY_NAMES, s.party)} ${(s.share * 100).toFixed(2)}%`).join('，')}
              {current.data.inForce.version === null ? <Typography.Text type="secondary">{t('（未约定：收益全部归开发主体）', ' (none agreed: all to the developer)')}</Typography.Text> : null}
            </Descriptions.Item>
          </Descriptions>
        ) : null}
        <Form.Item
          name="fromPeriod"
          label={t('自何月起执行', 'In force from')}
          extra={t('只能自本月或以后月份起执行，已过月份保持原比例', 'This month or later: past months keep their shares')}
          rules={[
            { required: true, pattern: PERIOD_PATTERN, message: t('年-月', 'YYYY-MM') },
            { validator: async (_r, v: string | undefined) => { if (v && v < month) throw new Error(t(`不早于 ${month}`, `Not before ${month}`)) } },
          ]}
        >
          <Input type="month" min={month} style={{ width: 170 }} />
        </Form.Item>
        <Space wrap align="start">
          {SHARE_PARTIES.map((party: ShareParty) => (
            // The sum is checked once, on the last party, which follows the other two.
            <Form.Item
              key={party}
              name={party}
              label={`${names(PARTY_NAMES, party)} (%)`}
              dependencies={party === 'city' ? ['operator', 'developer'] : []}
              rules={party === 'city' ? [{ type: 'number', min: 0, max: 100 }, percentRule] : [{ type: 'number', min: 0, max: 100 }]}
            >
              <InputNumber min={0} max={100} step={5} style={{ width: 150 }} suffix="%" data-testid={`shares-${party}`} />
            </Form.Item>
          ))}
        </Space>
        <Form.Item name="note" label={t('依据（可选）', 'Basis (optional)')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} maxLength={1000} showCount placeholder={t('如：授权运营协议补充条款', 'e.g. a supplement to the agreement')} />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
