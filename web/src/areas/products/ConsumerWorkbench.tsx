import { ApiOutlined, ClockCircleOutlined, KeyOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons'
import { Card, Col, Empty, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useMemo } from 'react'
import { Link } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { useGet } from '../../components/hooks.ts'
import { useLang, useT } from '../../i18n.tsx'
import { chinaMonth, chinaToday, daysBetween } from './dates.ts'
import { consentState, ROTATE_AFTER_DAYS } from './gateway-state.ts'
import { formatYuanAmount, KindTag, usePriceText } from './labels.tsx'
import type { Consent, GatewayKey, Product, Usage } from './types.ts'
import { usageChartOption } from './usage-chart.ts'

interface Todo {
  readonly key: string
  readonly icon: ReactNode
  readonly text: string
  readonly to: string
  readonly urgent?: boolean
}

/**
 * The product consumer's workbench (产品使用方, e.g. a bank): what to do today (consents about
 * to end, keys to rotate, refused calls), its keys and consents, the listed products it may
 * call, and this month's usage.
 */
export default function ConsumerWorkbench() {
  const t = useT()
  const { lang } = useLang()
  const me = useMe()
  const priceText = usePriceText()
  const today = chinaToday()
  const monthStart = `${chinaMonth()}-01`
  const keys = useGet<{ keys: GatewayKey[] }>('/api/v1/gateway/keys')
  const consents = useGet<{ consents: Consent[] }>('/api/v1/gateway/consents')
  const listed = useGet<{ products: Product[] }>('/api/v1/products', { status: 'listed' })
  const usage = useGet<Usage>('/api/v1/gateway/usage', { from: monthStart, to: today })

  const activeKeys = (keys.data?.keys ?? []).filter((k) => k.status === 'active')
  const allConsents = consents.data?.consents ?? []
  const usableConsents = allConsents.filter((c) => ['active', 'expiring'].includes(consentState(c, today)))
  const expiring = allConsents.filter((c) => consentState(c, today) === 'expiring')
  const products = listed.data?.products ?? []
  const inKeys = new Set(activeKeys.flatMap((k) => k.products))
  const totals = usage.data?.totals
  const option = useMemo(
    () => usageChartOption(usage.data?.rows ?? [], monthStart, today, { answered: t('成功', 'Answered'), refused: t('拒绝', 'Refused'), amount: t('金额（元）', 'Amount (yuan)') }),
    // t follows lang
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [usage.data, lang],
  )

  const todos: Todo[] = [
    ...expiring.map((c) => ({
      key: `consent-${c.id}`,
      icon: <SafetyCertificateOutlined style={{ color: '#d48806' }} />,
      text: t(`授权书将于 ${c.validUntil} 到期（还剩 ${daysBetween(today, c.validUntil)} 天）：${c.productCode} · ${c.entity}`, `Consent ends on ${c.validUntil} (${daysBetween(today, c.validUntil)} days): ${c.productCode} · ${c.entity}`),
      to: '/gateway/consents',
      urgent: daysBetween(today, c.validUntil) <= 7,
    })),
    ...activeKeys
      .filter((k) => daysBetween((k.rotatedAt ?? k.createdAt).slice(0, 10), today) >= ROTATE_AFTER_DAYS)
      .map((k) => ({
        key: `key-${k.id}`,
        icon: <KeyOutlined style={{ color: '#d48806' }} />,
        text: t(`密钥“${k.name}”已超过 ${ROTATE_AFTER_DAYS} 天未轮换`, `Key “${k.name}” unrotated for over ${ROTATE_AFTER_DAYS} days`),
        to: '/gateway/keys',
      })),
    ...(totals && totals.refused > 0
      ? [{ key: 'refused', icon: <WarningOutlined style={{ color: '#cf1322' }} />, text: t(`本月有 ${totals.refused} 次调用被拒绝，请查看原因`, `${totals.refused} call(s) refused this month: see why`), to: '/gateway/usage' }]
      : []),
    ...(activeKeys.length === 0 && products.some((p) => p.kind === 'api')
      ? [{ key: 'no-key', icon: <ApiOutlined />, text: t('尚无有效的接口密钥：创建密钥后即可调用已上架的接口产品', 'No active key: create one to call the listed API products'), to: '/gateway/keys' }]
      : []),
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="consumer-workbench">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('今日待办', 'Today')} · {me.organization.name}
      </Typography.Title>
      <Row gutter={16}>
        {[
          { title: t('有效密钥', 'Active keys'), value: activeKeys.length, to: '/gateway/keys', testId: 'wb-keys' },
          { title: t('有效授权书', 'Valid consents'), value: usableConsents.length, to: '/gateway/consents', testId: 'wb-consents' },
          { title: t('即将到期的授权书', 'Consents ending soon'), value: expiring.length, to: '/gateway/consents', testId: 'wb-expiring', warn: expiring.length > 0 },
          { title: t('可调用的产品', 'Listed products'), value: products.length, to: '/products', testId: 'wb-products' },
          { title: t('本月调用', 'Calls this month'), value: totals?.calls ?? 0, to: '/gateway/usage', testId: 'wb-calls' },
        ].map((s) => (
          <Col key={s.testId} xs={12} md={8} xl={4}>
            <Link to={s.to}>
              <Card size="small" hoverable data-testid={s.testId}>
                <Statistic title={s.title} value={s.value} valueStyle={s.warn ? { color: '#d48806' } : undefined} />
              </Card>
            </Link>
          </Col>
        ))}
        <Col xs={12} md={8} xl={4}>
          <Link to="/gateway/usage">
            <Card size="small" hoverable data-testid="wb-amount">
              <Statistic title={t('本月金额', 'Charged this month')} value={formatYuanAmount(totals?.amountYuan ?? 0)} />
            </Card>
          </Link>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card title={t('待办', 'To do')} data-testid="consumer-todos" style={{ height: '100%' }}>
            {todos.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('今日没有待办事项', 'Nothing to do today')} />
            ) : (
              <List
                dataSource={todos}
                renderItem={(todo) => (
                  <List.Item>
                    <Space>
                      {todo.icon}
                      <Link to={todo.to}>{todo.text}</Link>
                      {todo.urgent ? <Tag color="red">{t('紧急', 'Urgent')}</Tag> : null}
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('本月用量', 'This month\'s usage')} extra={<Link to="/gateway/usage">{t('详情', 'Details')}</Link>}>
            <Chart option={option} height={220} testId="consumer-usage-chart" />
          </Card>
        </Col>
      </Row>
      <Card title={t('可调用的数据产品', 'Products you may call')} extra={<Link to="/products">{t('全部产品', 'All products')}</Link>}>
        <Table<Product>
          rowKey="code"
          size="small"
          loading={listed.loading}
          dataSource={products}
          pagination={false}
          data-testid="consumer-products"
          locale={{ emptyText: t('暂无已上架的数据产品', 'No listed product yet') }}
          columns={[
            { title: t('产品', 'Product'), key: 'name', render: (_, p) => <Link to={`/products/${p.code}`}>{p.name}</Link> },
            { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: Product['kind']) => <KindTag kind={k} /> },
            { title: t('价格', 'Price'), key: 'price', render: (_, p) => priceText(p.pricing) },
            { title: t('授权书', 'Consent'), dataIndex: 'perEntity', render: (v: boolean) => (v ? <Tag color="gold">{t('逐主体，须授权书', 'Per entity')}</Tag> : t('无须', 'Not needed')) },
            { title: t('登记编号', 'Registration'), dataIndex: 'registrationCode', render: (c: string | null) => c ?? '—' },
            {
              title: '',
              key: 'action',
              render: (_, p) =>
                p.kind !== 'api' ? null : inKeys.has(p.code) ? (
                  <Link to={`/gateway/try?product=${p.code}`}>{t('试调用', 'Try')}</Link>
                ) : (
                  <Link to={`/gateway/keys?product=${p.code}`}>
                    <ClockCircleOutlined /> {t('创建密钥', 'Get a key')}
                  </Link>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  )
}
