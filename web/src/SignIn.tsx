import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, Space, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useAuth } from './auth.tsx'
import { useAction } from './components/hooks.ts'
import { ServerError } from './components/ServerError.tsx'
import { useLang, useT } from './i18n.tsx'

interface SignInForm {
  username: string
  password: string
  totp?: string
}

export function SignIn() {
  const { signIn } = useAuth()
  const { lang, setLang } = useLang()
  const t = useT()
  const action = useAction((values: SignInForm) => signIn(values.username.trim(), values.password, values.totp || undefined))

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f7fa' }}>
      <Card style={{ width: 400 }}>
        <Typography.Title level={3} style={{ marginBottom: 0 }}>
          数域 shuyu
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('公共数据资源授权运营平台 · 原始数据不出域，数据可用不可见', 'Authorized operation of public data: raw data never leaves the domain')}
        </Typography.Paragraph>
        <Form<SignInForm> layout="vertical" onFinish={(values) => void action.run(values)} requiredMark={false} data-testid="sign-in-form">
          <Form.Item name="username" label={t('用户名', 'Username')} rules={[{ required: true, whitespace: true, message: t('请输入用户名', 'Enter your username') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('密码', 'Password')} rules={[{ required: true, message: t('请输入密码', 'Enter your password') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="totp"
            label={t('动态验证码（已启用双因素时）', 'TOTP code (when enrolled)')}
            rules={[{ pattern: /^\d{6}$/, message: t('验证码为 6 位数字', 'A TOTP code is 6 digits') }]}
          >
            <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
          </Form.Item>
          <ServerError error={action.error} />
          <Button type="primary" htmlType="submit" block loading={action.running} data-testid="sign-in">
            {t('登录', 'Sign in')}
          </Button>
        </Form>
        <Space style={{ marginTop: 16, width: '100%', justifyContent: 'space-between' }}>
          <Link to="/portal">{t('公开披露（无需登录）', 'Public portal (no sign-in)')}</Link>
          <Button type="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {lang === 'zh' ? 'English' : '中文'}
          </Button>
        </Space>
      </Card>
    </div>
  )
}
