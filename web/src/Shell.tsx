import { LogoutOutlined, TranslationOutlined } from '@ant-design/icons'
import { Button, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd'
import { Suspense, useMemo, type ComponentType, type LazyExoticComponent } from 'react'
import { Link, Route, Routes, useLocation } from 'react-router-dom'
import { AREAS } from './areas/index.ts'
import { MENU_GROUPS, MENU_GROUP_TITLES, type AreaRoute } from './areas/types.tsx'
import { actsForOrganization, useAuth, useMe, type Me, type OrgKind } from './auth.tsx'
import { useLang, useT } from './i18n.tsx'

export const KIND_TITLES: Record<OrgKind, { zh: string; en: string }> = {
  office: { zh: '协调机制办公室', en: 'Coordination office' },
  bureau: { zh: '数据主管部门', en: 'Data bureau' },
  sector_authority: { zh: '行业主管部门', en: 'Sector authority' },
  source_unit: { zh: '数据来源单位', en: 'Data source unit' },
  operator: { zh: '一级运营主体', en: 'Primary operator' },
  developer: { zh: '二级开发运营主体', en: 'Developer' },
  regulator: { zh: '监管部门', en: 'Regulator' },
  consumer: { zh: '产品使用方', en: 'Product consumer' },
}

/**
 * The administrators, who do not act for their organization, see only the administration and
 * supervision pages, which check their roles themselves.
 */
function visibleRoutes(me: Me): AreaRoute[] {
  const administratorOnly = !actsForOrganization(me)
  return AREAS.flatMap((area) => area.routes).filter(
    (route) => route.visible(me) && (!administratorOnly || route.group === 'admin' || route.group === 'supervision'),
  )
}

/** The workbench of the signed-in organization's kind (administrators: their own page first). */
function workbenchOf(me: Me): LazyExoticComponent<ComponentType> | undefined {
  const isAdmin = me.user.roles.some((role) => role === 'system_admin' || role === 'security_admin' || role === 'audit_admin')
  if (isAdmin) {
    for (const area of AREAS) if (area.workbenches?.admin) return area.workbenches.admin
  }
  for (const area of AREAS) {
    const workbench = area.workbenches?.[me.organization.kind]
    if (workbench) return workbench
  }
  return undefined
}

function isUnder(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`)
}

export function Shell() {
  const me = useMe()
  const { signOut } = useAuth()
  const { lang, setLang } = useLang()
  const t = useT()
  const location = useLocation()
  const routes = useMemo(() => visibleRoutes(me), [me])
  const Workbench = workbenchOf(me)

  const menuItems = MENU_GROUPS.map((group) => {
    const children = routes
      .filter((route) => route.group === group && !route.hidden)
      .map((route) => ({ key: `/${route.path}`, icon: route.icon, label: <Link to={`/${route.path}`}>{lang === 'zh' ? route.zh : route.en}</Link> }))
    if (group === 'work') children.unshift({ key: '/', icon: undefined, label: <Link to="/">{t('今日待办', 'Today')}</Link> })
    return children.length ? { key: group, type: 'group' as const, label: lang === 'zh' ? MENU_GROUP_TITLES[group].zh : MENU_GROUP_TITLES[group].en, children } : null
  }).filter((item) => item !== null)

  // The menu entry whose path is the longest prefix of the page's: products/review, not products too.
  const selected = routes
    .filter((route) => !route.hidden && isUnder(location.pathname, `/${route.path.split('/:')[0]}`))
    .sort((a, b) => b.path.length - a.path.length)
    .slice(0, 1)
    .map((route) => `/${route.path}`)

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={232} theme="light" breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px' }}>
          <Link to="/">
            <Typography.Title level={4} style={{ margin: 0 }}>
              数域 <Typography.Text type="secondary" style={{ fontSize: 14 }}>shuyu</Typography.Text>
            </Typography.Title>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('公共数据资源授权运营平台', 'Authorized operation of public data')}
          </Typography.Text>
        </div>
        <Menu mode="inline" items={menuItems} selectedKeys={location.pathname === '/' ? ['/'] : selected} style={{ borderInlineEnd: 0 }} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #f0f0f0' }}>
          <Space size="middle">
            <span data-testid="whoami">
              <Typography.Text strong>{me.user.displayName}</Typography.Text>{' '}
              <Typography.Text type="secondary">{me.organization.name}</Typography.Text>{' '}
              <Tag>{lang === 'zh' ? KIND_TITLES[me.organization.kind].zh : KIND_TITLES[me.organization.kind].en}</Tag>
            </span>
            <Button icon={<TranslationOutlined />} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
              {lang === 'zh' ? 'English' : '中文'}
            </Button>
            <Link to="/portal">{t('公开披露', 'Public portal')}</Link>
            <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out">
              {t('退出', 'Sign out')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
            <Routes>
              <Route
                path="/"
                element={<div data-testid="home">{Workbench ? <Workbench /> : <Result title={t('欢迎', 'Welcome')} subTitle={me.organization.name} />}</div>}
              />
              {routes.map((route) => (
                <Route key={route.path} path={`/${route.path}`} element={<route.component />} />
              ))}
              <Route path="*" element={<Result status="404" title="404" subTitle={t('没有这个页面，或您无权查看。', 'No such page, or not yours to see.')} />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
