import { PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { chinaToday, daysBetween, oneYearAfter } from './dates.ts'
import { consentState, EXPIRING_WITHIN_DAYS, type ConsentState } from './gateway-state.ts'
import { HashInput } from './HashInput.tsx'
import { useListedApiProducts, useOrganizationNames } from './lookups.ts'
import { OneTimeSecret } from './OneTimeSecret.tsx'
import { ReasonModal } from './ReasonModal.tsx'
import type { Consent } from './types.ts'
import { HASH_PATTERN, textRules, usccRule, validated } from './validation.ts'

/**
 * 授权书: per-entity products (an enterprise's credit score) answer only with that entity's
 * signed consent. The consumer registers the letter (by its hash) and gets a token, shown once,
 * to send with each call in x-consent-token.
 */
export default function ConsentsPage() {
  const t = useT()
  const me = useMe()
  const isConsumer = me.organization.kind === 'consumer'
  const mayRevoke = isConsumer || me.organization.kind === 'operator'
  const orgName = useOrganizationNames()
  const { data, error, loading, reload } = useGet<{ consents: Consent[] }>('/api/v1/gateway/consents')
  const [creating, setCreating] = useState(false)
  const [revoking, setRevoking] = useState<Consent | null>(null)
  const [token, setToken] = useState<string | null>(null)
  const today = chinaToday()
  const stateNames: Record<ConsentState, string> = {
    active: t('有效', 'Active'),
    expiring: t('即将到期', 'Expiring'),
    expired: t('已过期', 'Expired'),
    revoked: t('已撤销', 'Revoked'),
  }
  const expiring = (data?.consents ?? []).filter((c) => consentState(c, today) === 'expiring').length

  return (
    <Card
      title={t('授权书', 'Consents')}
      extra={
        <Space>
          {isConsumer ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="consent-create">
              {t('登记授权书', 'Register a consent')}
            </Button>
          ) : null}
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
            {t('刷新', 'Reload')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {t(
          '逐主体调用的产品（如企业信用评分）须取得该企业签署的授权书。登记后获得授权令牌（仅显示一次），调用时放在请求头 x-consent-token 中。授权书有效期至多一年；平台不保存企业代码原文。',
          'Per-entity products (an enterprise\'s credit score) need that entity\'s signed consent. Registering it gives a token (shown once) for the x-consent-token header. A consent is valid for at most a year; the platform never stores the raw credit code.',
        )}
      </Typography.Paragraph>
      {expiring > 0 ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t(`${expiring} 份授权书将在 ${EXPIRING_WITHIN_DAYS} 天内到期，请及时取得新的授权书`, `${expiring} consent(s) end within ${EXPIRING_WITHIN_DAYS} days: obtain new letters in time`)} />
      ) : null}
      <ServerError error={error} />
      <Table<Consent>
        rowKey="id"
        loading={loading}
        dataSource={[...(data?.consents ?? [])].reverse()}
        data-testid="consents-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('暂无授权书', 'No consent yet')} /> }}
        columns={[
          { title: t('产品', 'Product'), dataIndex: 'productCode', render: (c: string) => <Link to={`/products/${c}`}>{c}</Link> },
          ...(isConsumer ? [] : [{ title: t('产品使用方', 'Consumer'), dataIndex: 'orgId', render: (id: string) => orgName(id) }]),
          { title: t('授权主体', 'Entity'), dataIndex: 'entity', render: (e: string) => <Typography.Text code>{e}</Typography.Text> },
          { title: t('令牌前缀', 'Token'), dataIndex: 'tokenPrefix', render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
          {
            title: t('授权书', 'Letter'),
            key: 'evidence',
            render: (_, c) => (
              <div>
                {c.evidence.signatory} · {c.evidence.signedOn}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: c.evidence.documentHash }}>
                    {c.evidence.documentHash.slice(0, 12)}…
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          {
            title: t('有效期至', 'Valid until'),
            dataIndex: 'validUntil',
            render: (v: string, c) => {
              const state = consentState(c, today)
              return (
                <Space direction="vertical" size={0}>
                  <span>{v}</span>
                  {state === 'expiring' ? <Typography.Text type="warning" style={{ fontSize: 12 }}>{t(`还剩 ${daysBetween(today, v)} 天`, `${daysBetween(today, v)} day(s) left`)}</Typography.Text> : null}
                </Space>
              )
            },
          },
          {
            title: t('状态', 'Status'),
            key: 'state',
            render: (_, c) => {
              const state = consentState(c, today)
              return (
                <Space direction="vertical" size={0}>
                  <StatusTag status={state}>{stateNames[state]}</StatusTag>
                  {c.revocationReason ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.revocationReason}</Typography.Text> : null}
                </Space>
              )
            },
          },
          { title: t('登记时间', 'Registered'), dataIndex: 'createdAt', render: formatTime, width: 150 },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            render: (_, c) =>
              c.status === 'active' && mayRevoke ? (
                <Button size="small" danger onClick={() => setRevoking(c)} data-testid={`consent-revoke-${c.id}`}>
                  {t('撤销', 'Revoke')}
                </Button>
              ) : null,
          },
        ]}
      />
      <CreateConsentModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(answer) => {
          setToken(answer.token)
          void reload()
        }}
      />
      <ReasonModal
        open={revoking !== null}
        title={t('撤销授权书', 'Revoke the consent')}
        label={t('撤销原因，如：企业撤回授权', 'Reason, e.g. the entity withdrew it')}
        okText={t('撤销', 'Revoke')}
        danger
        testId="consent-revoke-modal"
        onSubmit={(reason) => post(`/api/v1/gateway/consents/${revoking?.id ?? ''}/revocation`, { reason })}
        onClose={() => setRevoking(null)}
        onDone={() => void reload()}
      />
      <OneTimeSecret
        secret={token}
        title={t('授权书已登记：授权令牌', 'Consent registered: its token')}
        note={t('调用该企业的数据时放在请求头 x-consent-token 中；只对该企业、该产品和贵单位有效。', 'Send it in the x-consent-token header when calling for this entity; it covers this entity, this product and your organization only.')}
        onClose={() => setToken(null)}
      />
    </Card>
  )
}

interface ConsentValues {
  productCode: string
  entityId: string
  documentHash: string
  signatory: string
  signedOn: string
  validUntil: string
}

function CreateConsentModal({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(answer: { consent: Consent; token: string }): void }) {
  const t = useT()
  const [form] = Form.useForm<ConsentValues>()
  const { products, loading } = useListedApiProducts()
  const perEntity = products.filter((p) => p.perEntity)
  const today = chinaToday()
  const latest = oneYearAfter(today)
  const action = useAction((v: ConsentValues) =>
    post<{ consent: Consent; token: string }>('/api/v1/gateway/consents', {
      productCode: v.productCode,
      entityId: v.entityId.trim(),
      evidence: { documentHash: v.documentHash.trim().toLowerCase(), signatory: v.signatory.trim(), signedOn: v.signedOn },
      validUntil: v.validUntil,
    }),
  )
  useEffect(() => {
    if (!open) return
    form.resetFields()
    action.clearError()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])

  return (
    <Modal
      open={open}
      width={640}
      title={t('登记企业授权书', 'Register an entity\'s consent')}
      okText={t('登记', 'Register')}
      okButtonProps={{ loading: action.running, disabled: perEntity.length === 0 }}
      onCancel={onClose}
      onOk={async () => {
        const values = await validated(form)
        if (!values) return
        const answer = await action.run(values)
        if (answer) {
          onClose()
          onCreated(answer)
        }
      }}
      destroyOnHidden
    >
      {perEntity.length === 0 && !loading ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('暂无已上架的逐主体接口产品', 'No listed per-entity API product yet')} />
      ) : null}
      <Form form={form} layout="vertical" data-testid="consent-create-form" initialValues={{ signedOn: today }}>
        <Form.Item name="productCode" label={t('产品', 'Product')} rules={[{ required: true, message: t('请选择产品', 'Choose the product') }]}>
          <Select loading={loading} options={perEntity.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))} data-testid="consent-product" />
        </Form.Item>
        <Form.Item
          name="entityId"
          label={t('授权企业的统一社会信用代码', 'The entity\'s unified social credit code')}
          rules={[{ required: true, message: t('请填写统一社会信用代码', 'Give the credit code') }, usccRule(t)]}
          normalize={(v: string) => v.toUpperCase().trim()}
        >
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="consent-entity" />
        </Form.Item>
        <Form.Item
          name="documentHash"
          label={t('授权书摘要', 'The signed letter\'s hash')}
          rules={[
            { required: true, message: t('请填写或计算授权书扫描件的摘要', 'Give or compute the letter\'s hash') },
            { pattern: HASH_PATTERN, message: t('64 位十六进制', '64 hex digits') },
          ]}
        >
          <HashInput testId="consent-hash" />
        </Form.Item>
        <Space style={{ display: 'flex' }} align="start" wrap>
          <Form.Item name="signatory" label={t('签署人', 'Signatory')} rules={textRules(100, t('如：法定代表人', 'e.g. the legal representative'))} style={{ width: 220 }}>
            <Input maxLength={100} placeholder={t('法定代表人', 'Legal representative')} />
          </Form.Item>
          <Form.Item
            name="signedOn"
            label={t('签署日期', 'Signed on')}
            rules={[
              { required: true, message: t('请填写签署日期', 'When was it signed?') },
              { validator: async (_r, v: string | undefined) => { if (v && v > today) throw new Error(t('不能晚于今天', 'Not in the future')) } },
            ]}
            style={{ width: 180 }}
          >
            <Input type="date" max={today} />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label={t('有效期至', 'Valid until')}
            dependencies={['signedOn']}
            extra={t(`至多一年：${latest} 前`, `At most a year: by ${latest}`)}
            rules={[
              { required: true, message: t('请填写有效期', 'Until when?') },
              ({ getFieldValue }) => ({
                validator: async (_r, v: string | undefined) => {
                  if (!v) return
                  if (v < today) throw new Error(t('已经过期', 'Already expired'))
                  if (v > latest) throw new Error(t(`至多一年：不晚于 ${latest}`, `At most a year: ${latest} at the latest`))
                  const signed = getFieldValue('signedOn') as string | undefined
                  if (signed && v < signed) throw new Error(t('早于签署日期', 'Before the letter was signed'))
                },
              }),
            ]}
            style={{ width: 200 }}
          >
            <Input type="date" min={today} max={latest} data-testid="consent-valid-until" />
          </Form.Item>
        </Space>
        <Tag color="blue">{t('平台只保存企业代码的加密摘要和前 8 位', 'The platform keeps only a keyed hash of the code and its first 8 characters')}</Tag>
      </Form>
      <ServerError error={action.error} style={{ marginTop: 12 }} />
    </Modal>
  )
}
