import { KeyOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { del, post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { isSecurityAdmin } from './access.ts'
import type { ApiTokenInfo, User } from './types.ts'

function tokenStatus(token: ApiTokenInfo): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked'
  if (token.expiresAt && new Date(token.expiresAt).getTime() < Date.now()) return 'expired'
  return 'active'
}

/**
 * API 令牌: tokens for machines (scripts, the CLI), stored by the platform only as an HMAC, so
 * the token is shown once, when issued. Everyone manages their own; the security administrator
 * those of other accounts (`?userId=`).
 */
export default function ApiTokensPage() {
  const t = useT()
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const security = isSecurityAdmin(me)
  const userId = (security && params.get('userId')) || me.user.id
  const tokens = useGet<{ apiTokens: ApiTokenInfo[] }>('/api/v1/api-tokens', userId === me.user.id ? undefined : { userId })
  const users = useGet<{ users: User[] }>(security ? '/api/v1/users' : null)
  const [issuing, setIssuing] = useState(false)
  const [issued, setIssued] = useState<{ token: string; info: ApiTokenInfo } | null>(null)
  const revoke = useAction(async (id: string) => {
    await del(`/api/v1/api-tokens/${id}`)
    await tokens.reload()
  })
  const owner = users.data?.users.find((u) => u.id === userId)

  return (
    <div data-testid="api-tokens-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('API 令牌', 'API tokens')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)} data-testid="token-new">
          {t('签发令牌', 'Issue a token')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">
        {t(
          '供脚本与命令行调用接口：令牌代表账户本人，权限与账户相同；平台只保存其 HMAC，签发时仅显示一次。不再使用时请及时吊销。',
          'For scripts and the CLI: a token acts as its account, with the same powers; the platform keeps only its HMAC and shows it once, when issued. Revoke tokens no longer used.',
        )}
      </Typography.Paragraph>
      {security ? (
        <Space style={{ marginBottom: 12 }}>
          <Typography.Text>{t('账户', 'Account')}</Typography.Text>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ width: 320 }}
            value={userId}
            onChange={(value: string) => setParams(value === me.user.id ? {} : { userId: value })}
            options={(users.data?.users ?? []).map((u) => ({ value: u.id, label: `${u.username} · ${u.displayName}` }))}
            data-testid="token-user"
          />
        </Space>
      ) : null}
      {issued ? (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setIssued(null)}
          style={{ marginBottom: 16 }}
          data-testid="token-issued"
          message={t(`令牌“${issued.info.name}”已签发：请立即复制保存，关闭后无法再次查看。`, `Token “${issued.info.name}” issued: copy it now, it is never shown again.`)}
          description={
            <Typography.Paragraph copyable={{ text: issued.token }} code style={{ margin: 0, wordBreak: 'break-all' }} data-testid="token-value">
              {issued.token}
            </Typography.Paragraph>
          }
        />
      ) : null}
      <ServerError error={tokens.error ?? revoke.error} />
      <Card size="small" title={owner && owner.id !== me.user.id ? `${owner.username} · ${owner.displayName}` : t('我的令牌', 'My tokens')}>
        <Table<ApiTokenInfo>
          data-testid="tokens-table"
          size="small"
          rowKey="id"
          loading={tokens.loading}
          dataSource={tokens.data?.apiTokens ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('名称', 'Name'), dataIndex: 'name', render: (v: string, k) => <Space direction="vertical" size={0}><span><KeyOutlined /> {v}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{k.id}</Typography.Text></Space> },
            { title: t('签发', 'Issued'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatTime(v) },
            { title: t('到期', 'Expires'), dataIndex: 'expiresAt', width: 150, render: (v: string | null) => (v ? formatTime(v) : t('长期', 'Never')) },
            { title: t('最近使用', 'Last used'), dataIndex: 'lastUsedAt', width: 150, render: (v: string | null) => (v ? formatTime(v) : t('从未', 'Never')) },
            {
              title: t('状态', 'Status'),
              key: 'status',
              width: 90,
              render: (_: unknown, k) => {
                const s = tokenStatus(k)
                return <StatusTag status={s}>{s === 'active' ? t('有效', 'Active') : s === 'revoked' ? t('已吊销', 'Revoked') : t('已过期', 'Expired')}</StatusTag>
              },
            },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              width: 100,
              render: (_: unknown, k) =>
                tokenStatus(k) === 'active' ? (
                  <Popconfirm title={t('吊销该令牌？使用它的程序将立即无法调用接口。', 'Revoke it? Programs using it stop at once.')} onConfirm={() => void revoke.run(k.id)} okText={t('吊销', 'Revoke')} cancelText={t('取消', 'Cancel')}>
                    <Button size="small" danger data-testid={`token-revoke-${k.name}`}>
                      {t('吊销', 'Revoke')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
      {issuing ? (
        <IssueModal
          userId={userId === me.user.id ? undefined : userId}
          onClose={() => setIssuing(false)}
          onIssued={(answer) => {
            setIssuing(false)
            setIssued(answer)
            void tokens.reload()
          }}
        />
      ) : null}
    </div>
  )
}

interface IssueForm {
  name: string
  expiresInDays?: number
}

function IssueModal({ userId, onClose, onIssued }: { userId?: string; onClose(): void; onIssued(answer: { token: string; info: ApiTokenInfo }): void }) {
  const t = useT()
  const [form] = Form.useForm<IssueForm>()
  const action = useAction((values: IssueForm) =>
    post<{ token: string; info: ApiTokenInfo }>('/api/v1/api-tokens', { name: values.name.trim(), ...(userId ? { userId } : {}), ...(values.expiresInDays ? { expiresInDays: values.expiresInDays } : {}) }),
  )
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    const answer = await action.run(values)
    if (answer) onIssued(answer)
  }
  return (
    <Modal
      open
      title={t('签发 API 令牌', 'Issue an API token')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('签发', 'Issue')}
      okButtonProps={{ loading: action.running, ...({ 'data-testid': 'token-issue' } as Record<string, string>) }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form<IssueForm> form={form} layout="vertical" initialValues={{ expiresInDays: 90 }}>
        <Form.Item name="name" label={t('用途名称', 'Name')} rules={[{ required: true, whitespace: true, message: t('请写明用途，如“夜间对账脚本”', 'Say what it is for') }, { max: 100 }]}>
          <Input maxLength={100} data-testid="token-name" />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('有效天数（1–366，留空为长期）', 'Valid for days (1–366; empty: no expiry)')} rules={[{ type: 'number', min: 1, max: 366 }]}>
          <InputNumber min={1} max={366} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
