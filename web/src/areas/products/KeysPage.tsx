import { KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { chinaToday, daysBetween } from './dates.ts'
import { ROTATE_AFTER_DAYS } from './gateway-state.ts'
import { useListedApiProducts, useOrganizationNames } from './lookups.ts'
import { OneTimeSecret } from './OneTimeSecret.tsx'
import { ReasonModal } from './ReasonModal.tsx'
import type { GatewayKey } from './types.ts'
import { textRules, validated } from './validation.ts'

/**
 * 接口密钥: a consumer's gateway keys for listed API products. The secret is shown once, when the
 * key is created or rotated; the list shows only its prefix. The operator and regulators see
 * every consumer's keys; the operator may revoke one (abuse), only its holder rotates it.
 */
export default function KeysPage() {
  const t = useT()
  const me = useMe()
  const isConsumer = me.organization.kind === 'consumer'
  const mayRevoke = isConsumer || me.organization.kind === 'operator'
  const orgName = useOrganizationNames()
  const [params] = useSearchParams()
  const { data, error, loading, reload } = useGet<{ keys: GatewayKey[] }>('/api/v1/gateway/keys')
  const [creating, setCreating] = useState(params.has('product') && isConsumer)
  const [revoking, setRevoking] = useState<GatewayKey | null>(null)
  const [secret, setSecret] = useState<{ value: string; title: string } | null>(null)
  const rotate = useAction((key: GatewayKey) => post<{ key: GatewayKey; secret: string }>(`/api/v1/gateway/keys/${key.id}/rotation`))
  const today = chinaToday()

  return (
    <Card
      title={t('接口密钥', 'Gateway keys')}
      extra={
        <Space>
          {isConsumer ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="key-create">
              {t('创建密钥', 'Create a key')}
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
          '调用接口产品时在请求头 x-api-key 中携带密钥。平台只保存密钥的加密摘要：密钥仅在创建或轮换时显示一次。轮换后旧密钥立即失效。',
          'Send the key in the x-api-key header. The platform keeps only a keyed hash: the secret is shown once, when created or rotated. Rotation ends the old secret at once.',
        )}
      </Typography.Paragraph>
      <ServerError error={error ?? rotate.error} />
      <Table<GatewayKey>
        rowKey="id"
        loading={loading}
        dataSource={[...(data?.keys ?? [])].reverse()}
        data-testid="keys-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={isConsumer ? t('尚未创建密钥', 'No key yet') : t('暂无密钥', 'No keys')} /> }}
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name' },
          ...(isConsumer ? [] : [{ title: t('产品使用方', 'Consumer'), dataIndex: 'orgId', render: (id: string) => orgName(id) }]),
          { title: t('密钥前缀', 'Prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
          {
            title: t('可调用产品', 'Products'),
            dataIndex: 'products',
            render: (codes: string[]) => (
              <Space size={4} wrap>
                {codes.map((c) => (
                  <Link key={c} to={`/products/${c}`}>
                    <Tag>{c}</Tag>
                  </Link>
                ))}
              </Space>
            ),
          },
          {
            title: t('状态', 'Status'),
            key: 'status',
            render: (_, k) => {
              const age = daysBetween((k.rotatedAt ?? k.createdAt).slice(0, 10), today)
              return (
                <Space size={4} direction="vertical">
                  <StatusTag status={k.status}>{k.status === 'active' ? t('有效', 'Active') : t('已吊销', 'Revoked')}</StatusTag>
                  {k.status === 'active' && age >= ROTATE_AFTER_DAYS ? <Tag color="orange">{t(`已 ${age} 天未轮换`, `${age} days unrotated`)}</Tag> : null}
                  {k.revocationReason ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{k.revocationReason}</Typography.Text> : null}
                </Space>
              )
            },
          },
          { title: t('创建时间', 'Created'), dataIndex: 'createdAt', render: formatTime, width: 150 },
          { title: t('最近轮换', 'Rotated'), dataIndex: 'rotatedAt', render: formatTime, width: 150 },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            render: (_, k) =>
              k.status === 'active' ? (
                <Space>
                  {isConsumer ? (
                    <Popconfirm
                      title={t('轮换密钥？', 'Rotate this key?')}
                      description={t('将生成新密钥，旧密钥立即失效：请先安排好系统的切换。', 'A new secret is made and the old one stops working at once.')}
                      onConfirm={async () => {
                        const answer = await rotate.run(k)
                        if (answer) {
                          setSecret({ value: answer.secret, title: t(`密钥“${k.name}”已轮换`, `Key “${k.name}” rotated`) })
                          void reload()
                        }
                      }}
                    >
                      <Button size="small" loading={rotate.running} data-testid={`key-rotate-${k.id}`}>
                        {t('轮换', 'Rotate')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                  {mayRevoke ? (
                    <Button size="small" danger onClick={() => setRevoking(k)} data-testid={`key-revoke-${k.id}`}>
                      {t('吊销', 'Revoke')}
                    </Button>
                  ) : null}
                </Space>
              ) : null,
          },
        ]}
      />
      <CreateKeyModal
        open={creating}
        preset={params.get('product') ?? undefined}
        onClose={() => setCreating(false)}
        onCreated={(answer) => {
          setSecret({ value: answer.secret, title: t(`密钥“${answer.key.name}”已创建`, `Key “${answer.key.name}” created`) })
          void reload()
        }}
      />
      <ReasonModal
        open={revoking !== null}
        title={t(`吊销密钥“${revoking?.name ?? ''}”`, `Revoke key “${revoking?.name ?? ''}”`)}
        label={t('吊销原因', 'Reason')}
        okText={t('吊销', 'Revoke')}
        danger
        testId="key-revoke-modal"
        onSubmit={(reason) => post(`/api/v1/gateway/keys/${revoking?.id ?? ''}/revocation`, { reason })}
        onClose={() => setRevoking(null)}
        onDone={() => void reload()}
      />
      <OneTimeSecret
        secret={secret?.value ?? null}
        title={secret?.title ?? ''}
        note={t('调用时放在请求头 x-api-key 中。', 'Send it in the x-api-key header.')}
        onClose={() => setSecret(null)}
      />
    </Card>
  )
}

function CreateKeyModal({ open, preset, onClose, onCreated }: { open: boolean; preset?: string; onClose(): void; onCreated(answer: { key: GatewayKey; secret: string }): void }) {
  const t = useT()
  const [form] = Form.useForm<{ name: string; products: string[] }>()
  const { products, loading } = useListedApiProducts()
  const action = useAction((v: { name: string; products: string[] }) => post<{ key: GatewayKey; secret: string }>('/api/v1/gateway/keys', { name: v.name.trim(), products: v.products }))
  useEffect(() => {
    if (!open) return
    form.resetFields()
    if (preset) form.setFieldValue('products', [preset])
    action.clearError()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, preset])

  return (
    <Modal
      open={open}
      title={t('创建接口密钥', 'Create a gateway key')}
      okText={t('创建', 'Create')}
      okButtonProps={{ loading: action.running, disabled: products.length === 0 }}
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
      {products.length === 0 && !loading ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('暂无已上架的接口产品', 'No listed API product yet')}
          description={t('密钥只能用于已上架的接口类产品。产品经审核、登记公示期满并发放登记编号后上架。', 'A key names listed API products only; a product is listed once reviewed and registered.')}
        />
      ) : null}
      <Form form={form} layout="vertical" data-testid="key-create-form">
        <Form.Item name="name" label={t('密钥名称', 'Name')} rules={textRules(100, t('请为密钥命名，如：信贷审批系统', 'Name it, e.g. loan approval system'))}>
          <Input maxLength={100} prefix={<KeyOutlined />} placeholder={t('如：信贷审批系统', 'e.g. loan approval system')} data-testid="key-name" />
        </Form.Item>
        <Form.Item
          name="products"
          label={t('可调用的产品', 'Products it may call')}
          rules={[
            { required: true, message: t('至少选择一个产品', 'Choose at least one product') },
            { type: 'array', max: 50, message: t('至多 50 个', 'At most 50') },
          ]}
        >
          <Select
            mode="multiple"
            loading={loading}
            data-testid="key-products"
            options={products.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))}
            placeholder={t('已上架的接口产品', 'Listed API products')}
          />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
