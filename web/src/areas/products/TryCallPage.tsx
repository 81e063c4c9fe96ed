import { ApiOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, Result, Row, Select, Space, Statistic, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { ApiError } from '../../api.ts'
import { useAction } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { callGateway } from './gateway-call.ts'
import { usePriceText } from './labels.tsx'
import { useListedApiProducts } from './lookups.ts'
import type { CallAnswer } from './types.ts'
import { CONSENT_TOKEN_PATTERN, KEY_PATTERN, usccRule, validated } from './validation.ts'

interface Values {
  productCode: string
  apiKey: string
  consentToken?: string
  entityId?: string
  parameters?: { name: string; value: string }[]
}

/** What the gateway's refusal codes mean to a consumer, and what to do about each. */
const REFUSAL_HINTS: Record<string, [string, string]> = {
  invalid_key: ['密钥无效或已吊销：检查密钥，或在“接口密钥”中轮换/新建', 'The key is invalid or revoked: check it, or rotate or create one'],
  not_in_key: ['该密钥未授权调用此产品：新建包含此产品的密钥', 'This key does not name this product: create a key that does'],
  consent_required: ['须该企业的授权书：在“授权书”中登记，并在 x-consent-token 中携带令牌', 'The entity\'s consent is needed: register it under Consents and send its token'],
  product_suspended: ['产品已暂停：其授权运营协议或开发空间已不在有效期内', 'The product is suspended: its authorization no longer stands'],
  rate_limited: ['超过每秒调用上限，请稍后重试', 'Over the rate limit: retry shortly'],
  quota_exhausted: ['今日调用次数已用尽，明日零点（北京时间）恢复', 'Today\'s quota is used up: it resets at midnight China time'],
}

/**
 * 调用: a consumer tries a listed API product through the gateway exactly as its systems would,
 * with its key (x-api-key) and, for a per-entity product, the entity's consent token
 * (x-consent-token). The answer, or the refusal with its reason, is shown in place.
 */
export default function TryCallPage() {
  const t = useT()
  const priceText = usePriceText()
  const [params] = useSearchParams()
  const [form] = Form.useForm<Values>()
  const { products, loading } = useListedApiProducts()
  const code = Form.useWatch('productCode', form)
  const product = products.find((p) => p.code === code)
  const [answer, setAnswer] = useState<CallAnswer | null>(null)
  const call = useAction((v: Values) =>
    callGateway(v.productCode, {
      apiKey: v.apiKey.trim(),
      ...(product?.perEntity && v.consentToken ? { consentToken: v.consentToken.trim() } : {}),
      ...(v.entityId ? { entityId: v.entityId.trim() } : {}),
      parameters: Object.fromEntries((v.parameters ?? []).filter((p) => p.name).map((p) => [p.name.trim(), /^-?\d+(\.\d+)?$/.test(p.value) ? Number(p.value) : p.value])),
    }),
  )

  useEffect(() => {
    const preset = params.get('product')
    if (preset) form.setFieldValue('productCode', preset)
  }, [params, form])

  const submit = async () => {
    const values = await validated(form)
    if (!values) return
    setAnswer(null)
    const result = await call.run(values)
    if (result) setAnswer(result)
  }
  const refusalCode = call.error instanceof ApiError ? call.error.body.code : undefined
  const hint = refusalCode ? REFUSAL_HINTS[refusalCode] : undefined

  if (!loading && products.length === 0) {
    return (
      <Card title={t('试调用', 'Try a call')}>
        <Result
          status="info"
          title={t('暂无已上架的接口产品', 'No listed API product yet')}
          subTitle={t('接口产品经合规审核、登记公示期满并发放登记编号后上架，即可在此试调用。', 'An API product can be called here once reviewed, registered and listed.')}
          extra={<Link to="/products">{t('查看数据产品', 'See the products')}</Link>}
        />
      </Card>
    )
  }

  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Card title={t('试调用接口产品', 'Try an API product')}>
          <Form form={form} layout="vertical" data-testid="call-form" onFinish={() => void submit()}>
            <Form.Item name="productCode" label={t('产品', 'Product')} rules={[{ required: true, message: t('请选择产品', 'Choose a product') }]}>
              <Select loading={loading} data-testid="call-product" options={products.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))} />
            </Form.Item>
            {product ? (
              <Alert
                type="info"
                style={{ marginBottom: 16 }}
                message={
                  <Space wrap>
                    <span>{priceText(product.pricing)}</span>
                    <span>{t(`日上限 ${product.pricing.dailyQuota ?? 10000} 次`, `${product.pricing.dailyQuota ?? 10000} calls a day`)}</span>
                    {product.perEntity ? <Tag color="gold">{t('逐主体：须授权书', 'Per entity: consent needed')}</Tag> : null}
                    <span>{t('输出：', 'Outputs: ')}{product.outputs.map((o) => o.name).join('、')}</span>
                  </Space>
                }
              />
            ) : null}
            <Form.Item
              name="apiKey"
              label={t('接口密钥（x-api-key）', 'Gateway key (x-api-key)')}
              rules={[
                { required: true, message: t('请粘贴接口密钥', 'Paste your key') },
                { pattern: KEY_PATTERN, message: t('密钥形如 zk_ 加 40 位小写字母和数字', 'A key is zk_ and 40 lower-case letters and digits') },
              ]}
              extra={<Link to="/gateway/keys">{t('没有密钥？去创建', 'No key? Create one')}</Link>}
            >
              <Input.Password autoComplete="off" style={{ fontFamily: 'monospace' }} data-testid="call-key" />
            </Form.Item>
            {product?.perEntity ? (
              <>
                <Form.Item
                  name="entityId"
                  label={t('企业统一社会信用代码', 'The entity\'s credit code')}
                  normalize={(v: string) => v.toUpperCase().trim()}
                  rules={[{ required: true, message: t('逐主体产品须指明企业', 'A per-entity product needs the entity') }, usccRule(t)]}
                >
                  <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="call-entity" />
                </Form.Item>
                <Form.Item
                  name="consentToken"
                  label={t('授权令牌（x-consent-token）', 'Consent token (x-consent-token)')}
                  rules={[{ pattern: CONSENT_TOKEN_PATTERN, message: t('令牌形如 zc_ 加 40 位小写字母和数字', 'A token is zc_ and 40 lower-case letters and digits') }]}
                  extra={<Link to="/gateway/consents">{t('登记企业授权书', 'Register a consent')}</Link>}
                >
                  <Input.Password autoComplete="off" style={{ fontFamily: 'monospace' }} data-testid="call-consent" />
                </Form.Item>
              </>
            ) : (
              <Form.List name="parameters">
                {(fields, { add, remove }) => (
                  <Form.Item label={t('参数（可选）', 'Parameters (optional)')}>
                    {fields.map((field) => (
                      <Space key={field.key} style={{ display: 'flex' }} align="start">
                        <Form.Item name={[field.name, 'name']} rules={[{ pattern: /^[A-Za-z][A-Za-z0-9_]{0,63}$/, message: t('字母、数字和下划线', 'Letters, digits and _') }]} style={{ marginBottom: 8 }}>
                          <Input placeholder={t('名称', 'name')} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'value']} rules={[{ max: 200 }]} style={{ marginBottom: 8 }}>
                          <Input placeholder={t('值', 'value')} />
                        </Form.Item>
                        <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                      </Space>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })} disabled={fields.length >= 20}>
                      {t('添加参数', 'Add a parameter')}
                    </Button>
                  </Form.Item>
                )}
              </Form.List>
            )}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('每次调用都会计量、计费（仅成功的调用计费）并记入审计日志。', 'Every call is metered, charged when answered, and audited.')}
            </Typography.Paragraph>
            <Button type="primary" htmlType="submit" icon={<ApiOutlined />} loading={call.running} data-testid="call-submit">
              {t('调用', 'Call')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('调用结果', 'Result')} data-testid="call-result">
          {call.error ? (
            <>
              <ServerError error={call.error} />
              {hint ? <Alert type="info" showIcon message={t(hint[0], hint[1])} /> : null}
            </>
          ) : answer ? (
            <CallResult answer={answer} />
          ) : (
            <Empty description={t('填写左侧并调用，结果显示在这里', 'Fill in the form and call: the answer shows here')} />
          )}
          <CurlExample productCode={code} perEntity={product?.perEntity ?? false} />
        </Card>
      </Col>
    </Row>
  )
}

function CallResult({ answer }: { answer: CallAnswer }) {
  const t = useT()
  const { score, grade, ...rest } = answer.outputs
  return (
    <div data-testid="call-answer">
      {typeof score === 'number' ? (
        <Space size="large" style={{ marginBottom: 16 }}>
          <Statistic title={t('信用评分', 'Credit score')} value={score} />
          {grade !== undefined ? <Statistic title={t('信用等级', 'Grade')} value={String(grade)} valueStyle={{ color: '#1d5fbf' }} /> : null}
        </Space>
      ) : null}
      <Descriptions size="small" column={1} bordered>
        {Object.entries(typeof score === 'number' ? rest : answer.outputs).map(([name, value]) => (
          <Descriptions.Item key={name} label={name}>
            {typeof value === 'object' ? JSON.stringify(value) : String(value)}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('调用编号', 'Call id')}>
          <Typography.Text code copyable>
            {answer.callId}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </div>
  )
}

/** The same call from the consumer's own systems: what its engineers will copy. */
function CurlExample({ productCode, perEntity }: { productCode?: string; perEntity: boolean }) {
  const t = useT()
  const url = `${window.location.origin}/api/v1/gateway/products/${productCode ?? 'PRD-…'}/calls`
  const lines = [
    `curl -X POST '${url}' \\`,
    `  -H 'x-api-key: zk_…' \\`,
    ...(perEntity ? [`  -H 'x-consent-token: zc_…' \\`] : []),
    `  -H 'content-type: application/json' \\`,
    perEntity ? `  -d '{"entityId": "<统一社会信用代码>"}'` : `  -d '{"parameters": {}}'`,
  ]
  return (
    <div style={{ marginTop: 24 }}>
      <Typography.Text type="secondary">{t('从贵单位系统调用', 'From your own systems')}</Typography.Text>
      <Typography.Paragraph copyable={{ text: lines.join('\n') }} style={{ marginTop: 4 }}>
        <pre style={{ margin: 0, fontSize: 12, background: '#fafafa', padding: 8 }}>{lines.join('\n')}</pre>
      </Typography.Paragraph>
    </div>
  )
}
