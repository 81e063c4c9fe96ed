import { LockOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, QRCode, Row, Space, Steps, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { post } from '../../api.ts'
import { useAuth, useMe } from '../../auth.tsx'
import { useAction } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { JURISDICTIONS, ORG_KIND_LABELS, ROLE_COLORS, ROLE_LABELS, useLabel } from './labels.ts'
import { postOwn } from './ownRequest.ts'
import { passwordProblems } from './password.ts'
import { TOTP_ROLES } from './types.ts'

/** 我的账户: who I am, my password, my second factor, my API tokens. Open to everyone signed in. */
export default function MyAccountPage() {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const needs = me.user.roles.some((r) => TOTP_ROLES.includes(r))
  return (
    <div data-testid="my-account-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('我的账户', 'My account')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('用户名', 'Username')}>{me.user.username}</Descriptions.Item>
          <Descriptions.Item label={t('姓名', 'Name')}>{me.user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('机构', 'Organization')}>
            {me.organization.name}（{label(ORG_KIND_LABELS, me.organization.kind)} · {JURISDICTIONS[me.organization.jurisdiction] ?? me.organization.jurisdiction}）
          </Descriptions.Item>
          <Descriptions.Item label={t('角色', 'Roles')}>
            {me.user.roles.map((r) => (
              <Tag key={r} color={ROLE_COLORS[r]}>
                {label(ROLE_LABELS, r)}
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('双因素认证', 'Second factor')}>
            {me.user.totpEnabled ? <Tag color="green">{t('已启用', 'On')}</Tag> : <Tag color={needs ? 'orange' : 'default'}>{needs ? t('未启用（本角色应启用）', 'Off (required for your role)') : t('未启用', 'Off')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('API 令牌', 'API tokens')}>
            <Link to="/api-tokens">{t('管理我的令牌', 'Manage my tokens')}</Link>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <PasswordCard />
        </Col>
        <Col xs={24} xl={12}>
          <TotpCard />
        </Col>
      </Row>
    </div>
  )
}

interface PasswordForm {
  currentPassword: string
  newPassword: string
  confirm: string
}

function PasswordCard() {
  const t = useT()
  const me = useMe()
  const { signOut } = useAuth()
  const { modal } = App.useApp()
  const [form] = Form.useForm<PasswordForm>()
  const action = useAction(async (values: PasswordForm) => {
    await postOwn('/api/v1/me/password', { currentPassword: values.currentPassword, newPassword: values.newPassword })
    return true
  })
  const submit = async (values: PasswordForm) => {
    if (await action.run(values)) {
      form.resetFields()
      // The server ended every session of this account: sign in again with the new password.
      modal.success({ title: t('密码已修改', 'Password changed'), content: t('您的所有会话已结束，请用新密码重新登录。', 'Every session of yours has ended: sign in again with the new password.'), onOk: () => void signOut() })
    }
  }
  return (
    <Card size="small" title={<Space><LockOutlined />{t('修改密码', 'Change password')}</Space>} style={{ marginBottom: 16 }}>
      <Form<PasswordForm> form={form} layout="vertical" onFinish={(values) => void submit(values)} data-testid="password-form">
        <Form.Item name="currentPassword" label={t('当前密码', 'Current password')} rules={[{ required: true, message: t('请输入当前密码', 'Enter your current password') }, { max: 256 }]}>
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('新密码', 'New password')}
          extra={t('至少 10 位，含大写、小写、数字、符号中的三类，不含用户名。', 'At least 10 characters, three of upper, lower, digits, symbols, without the username.')}
          rules={[
            { required: true, message: t('请输入新密码', 'Enter a new password') },
            {
              validator: (_, value: string | undefined) => {
                const problems = value ? passwordProblems(value, me.user.username, t) : []
                return problems.length ? Promise.reject(new Error(problems.join('；'))) : Promise.resolve()
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('确认新密码', 'Confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('请再输入一次', 'Enter it again') },
            ({ getFieldValue }) => ({ validator: (_, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('两次输入不一致', 'The two do not match')))) }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        <ServerError error={action.error} />
        <Button type="primary" htmlType="submit" loading={action.running} data-testid="password-submit">
          {t('修改密码', 'Change password')}
        </Button>
      </Form>
    </Card>
  )
}

/** Enrollment: a secret shown once (as a QR code for an authenticator app), confirmed by a first code. */
function TotpCard() {
  const t = useT()
  const me = useMe()
  const { signOut } = useAuth()
  const { modal } = App.useApp()
  const [secret, setSecret] = useState<{ secret: string; otpauthUri: string } | null>(null)
  const begin = useAction(async () => setSecret(await post<{ secret: string; otpauthUri: string }>('/api/v1/me/totp')))
  const confirm = useAction(async (code: string) => {
    await postOwn('/api/v1/me/totp/confirm', { code })
    return true
  })
  const [form] = Form.useForm<{ code: string }>()
  const submit = async ({ code }: { code: string }) => {
    if (await confirm.run(code)) {
      modal.success({ title: t('双因素认证已启用', 'Second factor enabled'), content: t('请重新登录，并输入验证器上的 6 位动态码。', 'Sign in again with the 6-digit code of your authenticator.'), onOk: () => void signOut() })
    }
  }

  return (
    <Card size="small" title={<Space><SafetyCertificateOutlined />{t('双因素认证（TOTP）', 'Second factor (TOTP)')}</Space>} style={{ marginBottom: 16 }} data-testid="totp-card">
      {me.user.totpEnabled ? (
        <Alert type="success" showIcon message={t('已启用。更换设备或遗失时，请联系安全管理员重置。', 'Enabled. To change or after losing the device, ask the security administrator to reset it.')} />
      ) : (
        <>
          <Steps size="small" current={secret ? 1 : 0} style={{ marginBottom: 16 }} items={[{ title: t('生成密钥', 'Secret') }, { title: t('扫码并输入动态码', 'Scan and confirm') }, { title: t('重新登录', 'Sign in again') }]} />
          <ServerError error={begin.error} />
          {secret ? (
            <Space align="start" size={24} wrap>
              <QRCode value={secret.otpauthUri} size={168} data-testid="totp-qr" />
              <div style={{ maxWidth: 320 }}>
                <Typography.Paragraph type="warning">{t('密钥仅显示这一次，请用验证器应用扫码，或手动输入：', 'The secret is shown this once: scan it with an authenticator app, or type it in:')}</Typography.Paragraph>
                <Typography.Paragraph copyable={{ text: secret.secret }} code style={{ wordBreak: 'break-all' }} data-testid="totp-secret">
                  {secret.secret.replace(/(.{4})/g, '$1 ').trim()}
                </Typography.Paragraph>
                <Form form={form} layout="inline" onFinish={(values) => void submit(values)}>
                  <Form.Item name="code" rules={[{ required: true, message: t('请输入动态码', 'Enter the code') }, { pattern: /^\d{6}$/, message: t('6 位数字', '6 digits') }]}>
                    <Input inputMode="numeric" maxLength={6} placeholder="123456" style={{ width: 120 }} data-testid="totp-code" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={confirm.running} data-testid="totp-confirm">
                    {t('确认启用', 'Confirm')}
                  </Button>
                </Form>
                <ServerError error={confirm.error} style={{ marginTop: 12 }} />
              </div>
            </Space>
          ) : (
            <Button type="primary" onClick={() => void begin.run()} loading={begin.running} data-testid="totp-begin">
              {t('开始绑定验证器', 'Enroll an authenticator')}
            </Button>
          )}
        </>
      )}
    </Card>
  )
}
