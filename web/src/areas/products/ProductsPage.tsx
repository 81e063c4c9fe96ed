import { ReloadOutlined } from '@ant-design/icons'
import { Button, Card, Input, Select, Space, Table, Tooltip, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { formatDate } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { GradeTag, KIND_NAMES, KindTag, PRODUCT_STATUS_NAMES, ProductStatusTag, useNames, usePriceText } from './labels.tsx'
import { useDeveloperNames, useScenarios } from './lookups.ts'
import { PRODUCT_KINDS, PRODUCT_STATUSES, type Product, type ProductStatus } from './types.ts'

/**
 * 数据产品: the catalogue. Listed products are public facts everyone signed in sees, with their
 * price and registration code; developers also see their own, and the operator, the office and
 * regulators every product whatever its status.
 */
export default function ProductsPage() {
  const t = useT()
  const me = useMe()
  const names = useNames()
  const priceText = usePriceText()
  const [params, setParams] = useSearchParams()
  const status = (PRODUCT_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as ProductStatus) : undefined
  const [kind, setKind] = useState<string | undefined>()
  const [scenario, setScenario] = useState<string | undefined>()
  const [search, setSearch] = useState('')
  const { data, error, loading, reload } = useGet<{ products: Product[] }>('/api/v1/products', { status })
  const { scenarios, nameOf } = useScenarios()
  const developerOf = useDeveloperNames()
  // Who sees products beyond the listed ones (product.service.ts canSeeProduct): overseers all, developers their own.
  const seesAll = ['operator', 'office', 'regulator', 'developer'].includes(me.organization.kind)

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase()
    return (data?.products ?? []).filter(
      (p) =>
        (!kind || p.kind === kind) &&
        (!scenario || p.scenarioCode === scenario) &&
        (!needle || [p.code, p.name, p.description, p.registrationCode ?? ''].some((s) => s.toLowerCase().includes(needle))),
    )
  }, [data, kind, scenario, search])

  return (
    <Card
      title={t('数据产品', 'Data products')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          {t('刷新', 'Reload')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        {t(
          '经合规审核（第二十五条）并完成登记（第二十二条）的数据产品方可上架。接口类产品通过平台接口网关调用，原始数据不出域。',
          'Products are listed after review (art. 25) and registration (art. 22). API products are called through the platform gateway; raw data never leaves the domain.',
        )}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        {seesAll ? (
          <Select
            allowClear
            placeholder={t('全部状态', 'Any status')}
            style={{ width: 140 }}
            value={status}
            onChange={(value?: string) => setParams(value ? { status: value } : {})}
            options={PRODUCT_STATUSES.map((s) => ({ value: s, label: names(PRODUCT_STATUS_NAMES, s) }))}
            data-testid="products-status-filter"
          />
        ) : null}
        <Select
          allowClear
          placeholder={t('全部类型', 'Any kind')}
          style={{ width: 140 }}
          value={kind}
          onChange={setKind}
          options={PRODUCT_KINDS.map((k) => ({ value: k, label: names(KIND_NAMES, k) }))}
        />
        <Select
          allowClear
          placeholder={t('全部应用场景', 'Any scenario')}
          style={{ width: 260 }}
          value={scenario}
          onChange={setScenario}
          options={scenarios.map((s) => ({ value: s.code, label: `${s.name}（${s.code}）` }))}
        />
        <Input.Search allowClear placeholder={t('编码、名称或登记编号', 'Code, name or registration code')} style={{ width: 260 }} onSearch={setSearch} onChange={(e) => !e.target.value && setSearch('')} />
      </Space>
      <ServerError error={error} />
      <Table<Product>
        rowKey="code"
        loading={loading}
        dataSource={rows}
        data-testid="products-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{
          emptyText: seesAll
            ? t('暂无数据产品', 'No products yet')
            : t('暂无已上架的数据产品：产品经审核、登记公示期满并发放登记编号后上架', 'No listed product yet: a product is listed once reviewed and registered after its public notice'),
        }}
        columns={[
          {
            title: t('产品', 'Product'),
            key: 'name',
            render: (_, p) => (
              <div>
                <Link to={`/products/${p.code}`} data-testid={`product-link-${p.code}`}>
                  {p.name}
                </Link>
                <div>
                  <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>
                    {p.code}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: Product['kind']) => <KindTag kind={k} />, width: 110 },
          {
            title: t('应用场景', 'Scenario'),
            dataIndex: 'scenarioCode',
            render: (code: string) => <Tooltip title={code}>{nameOf(code)}</Tooltip>,
          },
          { title: t('开发主体', 'Developer'), dataIndex: 'workspaceId', render: (w: string) => developerOf(w) },
          {
            title: t('价格', 'Price'),
            key: 'price',
            render: (_, p) => (
              <span>
                {priceText(p.pricing)}
                {p.perEntity ? (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {t('逐主体调用，需授权书', 'Per entity, with its consent')}
                  </Typography.Text>
                ) : null}
              </span>
            ),
          },
          { title: t('数据分级', 'Data grade'), dataIndex: 'dataGrade', render: (g: string) => <GradeTag grade={g} />, width: 130 },
          {
            title: t('登记编号', 'Registration code'),
            dataIndex: 'registrationCode',
            render: (code: string | null) => (code ? <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{code}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
          },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (s: ProductStatus) => <ProductStatusTag status={s} />, width: 110 },
          { title: t('申报日期', 'Declared'), dataIndex: 'createdAt', render: formatDate, width: 110 },
        ]}
      />
    </Card>
  )
}
