import { ApiOutlined, ArrowLeftOutlined, AuditOutlined, KeyOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Table, Tabs, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ApplyRegistrationModal } from './ApplyRegistrationModal.tsx'
import { GradeTag, KindTag, ProductStatusTag, RegistrationStatusTag, usePriceText } from './labels.tsx'
import { useDeveloperNames, useScenarios } from './lookups.ts'
import { ProductChecks } from './ProductChecks.tsx'
import { ProductReviews } from './ProductReviews.tsx'
import { ProductSources, ProductSpecView } from './ProductSpecView.tsx'
import { findingCounts } from './review.ts'
import { ReviewForm } from './ReviewForm.tsx'
import type { Product, Registration } from './types.ts'

/** One product: what it is, where it comes from, what the checks found, who reviewed it, its registration. */
export default function ProductDetailPage() {
  const { code = '' } = useParams()
  const t = useT()
  const me = useMe()
  const navigate = useNavigate()
  const priceText = usePriceText()
  const { nameOf } = useScenarios()
  const developerOf = useDeveloperNames()
  const { data: product, error, loading, reload } = useGet<Product>(`/api/v1/products/${code}`)
  const kind = me.organization.kind
  const seesRegistrations = ['developer', 'bureau', 'office', 'regulator'].includes(kind)
  const registrations = useGet<{ registrations: Registration[] }>(seesRegistrations ? '/api/v1/registrations' : null)
  const [applying, setApplying] = useState(false)

  if (loading && !product) return <Spin style={{ display: 'block', margin: 48 }} />
  if (!product) {
    return error ? (
      <Result status="404" title={t('没有这个产品，或您无权查看', 'No such product, or not yours to see')} extra={<ServerError error={error} />} />
    ) : null
  }

  const ofProduct = (registrations.data?.registrations ?? []).filter((r) => r.subject.type === 'product' && r.subject.code === product.code)
  const inProgress = ofProduct.find((r) => ['applied', 'accepted', 'returned', 'notice'].includes(r.status))
  const isDeveloper = kind === 'developer' && me.organization.id === product.developerOrgId
  // The others see the product as sold: the server sends them no checks, reviews or model (product.service.ts outsiderView).
  const seesWhole = isDeveloper || ['office', 'regulator', 'operator'].includes(kind)
  const counts = findingCounts(product)
  const tariff = product.pricing

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingLeft: 0 }}>
        {t('返回', 'Back')}
      </Button>
      <Card data-testid="product-detail">
        <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <div>
            <Typography.Title level={3} style={{ marginTop: 0 }}>
              {product.name}
            </Typography.Title>
            <Space wrap>
              <Typography.Text copyable code>
                {product.code}
              </Typography.Text>
              <ProductStatusTag status={product.status} />
              <KindTag kind={product.kind} />
              <GradeTag grade={product.dataGrade} />
              {product.registrationCode ? (
                <Tag color="green" data-testid="product-registration-code">
                  {t('登记编号', 'Registration')} {product.registrationCode}
                </Tag>
              ) : null}
            </Space>
            <Typography.Paragraph style={{ marginTop: 12, maxWidth: 860 }}>{product.description}</Typography.Paragraph>
          </div>
          <Space wrap>
            {isDeveloper && product.status === 'approved' && !inProgress ? (
              <Button type="primary" icon={<AuditOutlined />} onClick={() => setApplying(true)} data-testid="product-apply-registration">
                {t('申请登记', 'Apply for registration')}
              </Button>
            ) : null}
            {kind === 'consumer' && product.status === 'listed' && product.kind === 'api' ? (
              <>
                <Link to={`/gateway/keys?product=${product.code}`}>
                  <Button icon={<KeyOutlined />}>{t('申请接口密钥', 'Get a key')}</Button>
                </Link>
                <Link to={`/gateway/try?product=${product.code}`}>
                  <Button type="primary" icon={<ApiOutlined />} data-testid="product-try">
                    {t('试调用', 'Try a call')}
                  </Button>
                </Link>
              </>
            ) : null}
          </Space>
        </Space>
        {inProgress ? (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 8 }}
            message={
              <Space wrap>
                {t('登记办理中', 'Registration in progress')}
                <RegistrationStatusTag status={inProgress.status} />
                {inProgress.noticeEndsOn ? t(`公示期至 ${inProgress.noticeEndsOn}`, `notice until ${inProgress.noticeEndsOn}`) : null}
                <Link to={`/registrations/${inProgress.id}`}>{t('查看登记', 'Open the registration')}</Link>
              </Space>
            }
          />
        ) : null}
        {product.status === 'approved' && !product.registrationCode && !inProgress ? (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 8 }}
            message={t('审核已通过：开发主体申请登记，经受理、形式审查和 10 日公示并发放登记编号后上架。', 'Approved: the developer applies for registration; after acceptance, formal review and a 10-day notice the code is issued and the product listed.')}
          />
        ) : null}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('应用场景', 'Scenario')}>
            {nameOf(product.scenarioCode)}（{product.scenarioCode}）
          </Descriptions.Item>
          <Descriptions.Item label={t('开发主体', 'Developer')}>{developerOf(product.workspaceId)}</Descriptions.Item>
          <Descriptions.Item label={t('开发空间', 'Workspace')}>{product.workspaceId}</Descriptions.Item>
          <Descriptions.Item label={t('价格', 'Price')}>{priceText(tariff)}</Descriptions.Item>
          <Descriptions.Item label={t('日调用上限', 'Daily quota')}>{formatNumber(tariff.dailyQuota ?? 10_000)}</Descriptions.Item>
          <Descriptions.Item label={t('每秒调用上限', 'Rate per second')}>{formatNumber(tariff.ratePerSecond ?? 50)}</Descriptions.Item>
          <Descriptions.Item label={t('调用方式', 'Calls')}>
            {product.perEntity ? t('逐主体调用：每次调用须该主体的授权书', 'Per entity: each call needs that entity\'s consent') : t('汇总数据，无须授权书', 'Aggregate: no consent needed')}
          </Descriptions.Item>
          <Descriptions.Item label={t('审核人数', 'Reviewers needed')}>{product.reviewersNeeded}</Descriptions.Item>
          <Descriptions.Item label={t('申报时间', 'Declared')}>{formatTime(product.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('提交审核时间', 'Submitted')}>{formatTime(product.submittedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={product.status === 'submitted' ? 15 : 24}>
          <Card>
            <Tabs
              defaultActiveKey={product.status === 'submitted' && seesWhole ? 'checks' : 'spec'}
              items={[
                {
                  key: 'checks',
                  label: (
                    <Space size={4}>
                      {t('自动检查', 'Checks')}
                      {counts.fail ? <Tag color="red">{counts.fail}</Tag> : null}
                      {counts.review ? <Tag color="gold">{counts.review}</Tag> : null}
                    </Space>
                  ),
                  children: <ProductChecks checks={product.checks} />,
                },
                { key: 'reviews', label: t('审核记录', 'Reviews'), children: <ProductReviews product={product} /> },
                { key: 'sources', label: t('数据来源', 'Sources'), children: <ProductSources product={product} /> },
                { key: 'spec', label: t('产品规格', 'Specification'), children: <ProductSpecView product={product} /> },
                {
                  key: 'outputs',
                  label: t('输出', 'Outputs'),
                  children: (
                    <Table
                      size="small"
                      rowKey="name"
                      pagination={false}
                      data-testid="product-outputs"
                      dataSource={[...product.outputs]}
                      columns={[
                        { title: t('输出项', 'Output'), dataIndex: 'name', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                        { title: t('说明', 'Description'), dataIndex: 'description' },
                      ]}
                    />
                  ),
                },
                ...(ofProduct.length
                  ? [
                      {
                        key: 'registrations',
                        label: t('登记', 'Registration'),
                        children: (
                          <Table<Registration>
                            size="small"
                            rowKey="id"
                            pagination={false}
                            dataSource={ofProduct}
                            columns={[
                              { title: t('登记', 'Registration'), dataIndex: 'id', render: (id: string) => <Link to={`/registrations/${id}`}>{id}</Link> },
                              { title: t('状态', 'Status'), dataIndex: 'status', render: (s: Registration['status']) => <RegistrationStatusTag status={s} /> },
                              { title: t('公示截止', 'Notice ends'), dataIndex: 'noticeEndsOn', render: (v: string | null) => v ?? '—' },
                              { title: t('登记编号', 'Code'), dataIndex: 'registrationCode', render: (v: string | null) => v ?? '—' },
                            ]}
                          />
                        ),
                      },
                    ]
                  : []),
              ].filter((tab) => seesWhole || (tab.key !== 'checks' && tab.key !== 'reviews'))}
            />
          </Card>
        </Col>
        {product.status === 'submitted' ? (
          <Col xs={24} xl={9}>
            <Card title={t('合规审核（第二十五条）', 'Review (art. 25)')}>
              <ProductReviews product={product} />
              <ReviewForm product={product} onDone={() => void reload()} />
            </Card>
          </Col>
        ) : null}
      </Row>
      <ApplyRegistrationModal
        open={applying}
        subjectCode={product.code}
        onClose={() => setApplying(false)}
        onDone={(registration) => {
          void registrations.reload()
          navigate(`/registrations/${registration.id}`)
        }}
      />
    </Space>
  )
}
