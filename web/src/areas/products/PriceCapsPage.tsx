import { ReloadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { put } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { formatYuanAmount } from './labels.tsx'
import { useScenarios, useUserNames } from './lookups.ts'
import type { PriceCap, PriceCapChange, Product, Scenario } from './types.ts'
import { textRules, validated } from './validation.ts'

interface Row {
  readonly scenario: Scenario
  readonly cap: PriceCap | undefined
  readonly priced: readonly { code: string; name: string; yuanPerCall: number }[]
}

/**
 * 价格上限 (art. 6, 26): the office sets the highest per-call price (上限收费标准) of each
 * industrial scenario; products of public-interest scenarios are free and take no cap. Caps are
 * public facts: everyone signed in reads them.
 */
export default function PriceCapsPage() {
  const t = useT()
  const me = useMe()
  const isOffice = me.organization.kind === 'office'
  const userName = useUserNames()
  const caps = useGet<{ priceCaps: PriceCap[] }>('/api/v1/price-caps')
  const products = useGet<{ products: Product[] }>('/api/v1/products')
  const { scenarios } = useScenarios()
  const [editing, setEditing] = useState<Row | null>(null)
  const [change, setChange] = useState<PriceCapChange | null>(null)

  const rows: Row[] = useMemo(() => {
    const capOf = new Map((caps.data?.priceCaps ?? []).map((c) => [c.scenarioCode, c]))
    return scenarios
      .filter((s) => s.status === 'approved' || capOf.has(s.code))
      .map((scenario) => ({
        scenario,
        cap: capOf.get(scenario.code),
        priced: (products.data?.products ?? [])
          .filter((p) => p.scenarioCode === scenario.code && p.pricing.model === 'per-call' && p.status !== 'cancelled' && p.status !== 'rejected')
          .map((p) => ({ code: p.code, name: p.name, yuanPerCall: p.pricing.model === 'per-call' ? p.pricing.yuanPerCall : 0 })),
      }))
  }, [scenarios, caps.data, products.data])

  return (
    <Card
      title={t('价格上限', 'Price caps')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void caps.reload()}>
          {t('刷新', 'Reload')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        {t(
          '依第六条、第二十六条：公益类场景的数据产品免费提供；产业类场景由协调机制办公室核定上限收费标准，产品按次定价不得高于上限。未设上限的产业类场景暂不限价。',
          'Art. 6 and 26: products of public-interest scenarios are free; for industrial scenarios the coordination office sets a per-call price cap no product may exceed. An industrial scenario without a cap admits any price until one is set.',
        )}
      </Typography.Paragraph>
      {change ? (
        <Alert
          closable
          onClose={() => setChange(null)}
          type={change.productsAboveCap.length ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="price-cap-result"
          message={t(`${change.scenarioName} 的上限已设为 ${formatYuanAmount(change.yuanPerCall)} / 次`, `The cap of ${change.scenarioName} is now ${formatYuanAmount(change.yuanPerCall)} per call`)}
          description={
            change.productsAboveCap.length
              ? t(
                  `以下产品定价高于新上限，需调整价格：${change.productsAboveCap.map((p) => `${p.code}（${formatYuanAmount(p.yuanPerCall)}）`).join('、')}`,
                  `These products are priced above the new cap and must be repriced: ${change.productsAboveCap.map((p) => `${p.code} (${formatYuanAmount(p.yuanPerCall)})`).join(', ')}`,
                )
              : t('本场景没有产品高于新上限。', 'No product of the scenario is above the new cap.')
          }
        />
      ) : null}
      <ServerError error={caps.error} />
      <Table<Row>
        rowKey={(r) => r.scenario.code}
        loading={caps.loading}
        dataSource={rows}
        data-testid="price-caps-table"
        pagination={false}
        columns={[
          {
            title: t('应用场景', 'Scenario'),
            key: 'scenario',
            render: (_, r) => (
              <div>
                {r.scenario.name}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.scenario.code} · {r.scenario.sector}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          {
            title: t('用途', 'Purpose'),
            key: 'purpose',
            render: (_, r) => (r.scenario.purposeType === 'industrial' ? <Tag color="blue">{t('产业类', 'Industrial')}</Tag> : <Tag color="green">{t('公益类', 'Public interest')}</Tag>),
          },
          {
            title: t('上限收费标准', 'Cap'),
            key: 'cap',
            render: (_, r) =>
              r.scenario.purposeType !== 'industrial' ? (
                <Typography.Text type="secondary">{t('免费，不设上限', 'Free: no cap')}</Typography.Text>
              ) : r.cap ? (
                <Typography.Text strong data-testid={`price-cap-${r.scenario.code}`}>
                  {formatYuanAmount(r.cap.yuanPerCall)} / {t('次', 'call')}
                </Typography.Text>
              ) : (
                <Tag color="orange">{t('未设上限', 'No cap yet')}</Tag>
              ),
          },
          {
            title: t('本场景定价产品', 'Priced products'),
            key: 'priced',
            render: (_, r) =>
              r.priced.length === 0 ? (
                '—'
              ) : (
                <Space direction="vertical" size={0}>
                  {r.priced.map((p) => {
                    const above = r.cap !== undefined && p.yuanPerCall > r.cap.yuanPerCall
                    return (
                      <span key={p.code}>
                        <Link to={`/products/${p.code}`}>{p.name}</Link> {formatYuanAmount(p.yuanPerCall)}
                        {above ? <Tag color="red" style={{ marginLeft: 4 }}>{t('高于上限', 'Above the cap')}</Tag> : null}
                      </span>
                    )
                  })}
                </Space>
              ),
          },
          {
            title: t('核定说明', 'Note'),
            key: 'note',
            render: (_, r) =>
              r.cap ? (
                <div>
                  {r.cap.note}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {userName(r.cap.setBy)} · {formatTime(r.cap.setAt)}
                    </Typography.Text>
                  </div>
                </div>
              ) : (
                '—'
              ),
          },
          ...(isOffice
            ? [
                {
                  title: t('操作', 'Actions'),
                  key: 'actions',
                  render: (_: unknown, r: Row) =>
                    r.scenario.purposeType === 'industrial' ? (
                      <Button size="small" type={r.cap ? 'default' : 'primary'} onClick={() => setEditing(r)} data-testid={`price-cap-set-${r.scenario.code}`}>
                        {r.cap ? t('调整上限', 'Change') : t('设置上限', 'Set a cap')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <PriceCapModal
        row={editing}
        onClose={() => setEditing(null)}
        onDone={(answer) => {
          setChange(answer)
          void caps.reload()
        }}
      />
    </Card>
  )
}

function PriceCapModal({ row, onClose, onDone }: { row: Row | null; onClose(): void; onDone(change: PriceCapChange): void }) {
  const t = useT()
  const [form] = Form.useForm<{ yuanPerCall: number; note: string }>()
  const action = useAction((v: { yuanPerCall: number; note: string }) => put<PriceCapChange>(`/api/v1/scenarios/${row?.scenario.code ?? ''}/price-cap`, { yuanPerCall: v.yuanPerCall, note: v.note.trim() }))
  useEffect(() => {
    if (!row) return
    form.setFieldsValue({ yuanPerCall: row.cap?.yuanPerCall, note: '' })
    action.clearError()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [row])
  const highest = row?.priced.reduce((m, p) => Math.max(m, p.yuanPerCall), 0) ?? 0

  return (
    <Modal
      open={row !== null}
      title={t(`核定上限收费标准：${row?.scenario.name ?? ''}`, `Price cap: ${row?.scenario.name ?? ''}`)}
      okText={t('保存', 'Save')}
      okButtonProps={{ loading: action.running }}
      onCancel={onClose}
      onOk={async () => {
        const values = await validated(form)
        if (!values) return
        const answer = await action.run(values)
        if (answer) {
          onClose()
          onDone(answer)
        }
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="price-cap-form">
        <Form.Item
          name="yuanPerCall"
          label={t('每次调用上限（元）', 'Highest price per call (yuan)')}
          rules={[
            { required: true, message: t('请填写上限', 'Give the cap') },
            { type: 'number', min: 0.000001, max: 100_000, message: t('大于 0，不超过 100000 元', 'Above 0, at most 100000 yuan') },
          ]}
          extra={highest > 0 ? t(`本场景产品当前最高定价 ${formatYuanAmount(highest)} / 次`, `The highest price of its products now: ${formatYuanAmount(highest)} per call`) : undefined}
        >
          <InputNumber min={0} max={100_000} step={0.1} style={{ width: 200 }} prefix="¥" data-testid="price-cap-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('核定依据', 'Basis')} rules={textRules(1000, t('请说明核定依据，如成本调查或会议纪要', 'State the basis, e.g. a cost survey or minutes'))}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="price-cap-note" />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
