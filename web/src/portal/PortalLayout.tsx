import { LoginOutlined, TranslationOutlined } from '@ant-design/icons'
import { Button, Layout, Menu, Result, Space, Spin, Typography } from 'antd'
import { lazy, Suspense } from 'react'
import { Link, Route, Routes, useLocation } from 'react-router-dom'
import { useLang, useT } from '../i18n.tsx'

const DisclosurePage = lazy(() => import('./DisclosurePage.tsx'))
const ScenariosPage = lazy(() => import('./ScenariosPage.tsx'))
const NoticesPage = lazy(() => import('./NoticesPage.tsx'))
const LookupPage = lazy(() => import('./LookupPage.tsx'))
const VerifyPage = lazy(() => import('./VerifyPage.tsx'))

/**
 * The public portal's frame: what the platform discloses to everyone (art. 29), in Chinese first,
 * with a way to sign in. Nothing here calls an endpoint that needs an account.
 */
export default function PortalLayout() {
  const t = useT()
  const { lang, setLang } = useLang()
  const location = useLocation()
  const items = [
    { key: '/portal', label: <Link to="/portal">{t('信息披露', 'Disclosure')}</Link> },
    { key: '/portal/scenarios', label: <Link to="/portal/scenarios">{t('应用场景目录', 'Scenario catalog')}</Link> },
    { key: '/portal/registrations', label: <Link to="/portal/registrations">{t('登记公示', 'Registrations in notice')}</Link> },
    { key: '/portal/lookup', label: <Link to="/portal/lookup">{t('登记编码查询', 'Registration lookup')}</Link> },
    { key: '/portal/verify', label: <Link to="/portal/verify">{t('证书核验', 'Verify certificates')}</Link> },
  ]
  const selected = items.map((i) => i.key).filter((k) => k !== '/portal' && location.pathname.startsWith(k))
  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="portal">
      <Layout.Header style={{ background: '#fff', borderBottom: '1px solid #f0f0f0', display: 'flex', alignItems: 'center', gap: 24, padding: '0 32px', height: 64 }}>
        <Link to="/portal" style={{ whiteSpace: 'nowrap' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            数域 <Typography.Text type="secondary" style={{ fontSize: 14 }}>{t('公共数据授权运营 · 信息公开', 'Public data · disclosure')}</Typography.Text>
          </Typography.Title>
        </Link>
        <Menu mode="horizontal" items={items} selectedKeys={selected.length ? selected : ['/portal']} style={{ flex: 1, minWidth: 0, borderBottom: 0 }} />
        <Space>
          <Button icon={<TranslationOutlined />} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="portal-lang">
            {lang === 'zh' ? 'English' : '中文'}
          </Button>
          <Link to="/">
            <Button type="primary" icon={<LoginOutlined />} data-testid="portal-sign-in">
              {t('登录平台', 'Sign in')}
            </Button>
          </Link>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: '24px 32px', maxWidth: 1360, width: '100%', margin: '0 auto' }}>
        <Suspense fallback={<Spin style={{ display: 'block', margin: 96 }} />}>
          <Routes>
            <Route index element={<DisclosurePage />} />
            <Route path="scenarios" element={<ScenariosPage />} />
            <Route path="registrations" element={<NoticesPage />} />
            <Route path="lookup" element={<LookupPage />} />
            <Route path="lookup/:code" element={<LookupPage />} />
            <Route path="verify" element={<VerifyPage />} />
            <Route path="*" element={<Result status="404" title="404" subTitle={t('没有这个页面。', 'No such page.')} extra={<Link to="/portal">{t('返回信息披露', 'Back to the disclosure')}</Link>} />} />
          </Routes>
        </Suspense>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#888', fontSize: 12 }}>
        {t(
          '依据《张家口市公共数据资源授权运营管理办法（试行）》（张政办规〔2025〕4号）第二十九条公开。原始数据不出域，数据可用不可见。',
          'Disclosed under art. 29 of the Zhangjiakou measures for the authorized operation of public data (张政办规〔2025〕4号). Raw data never leaves the domain.',
        )}
      </Layout.Footer>
    </Layout>
  )
}
