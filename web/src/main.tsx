import { App as AntApp, ConfigProvider, Spin } from 'antd'
import enUS from 'antd/es/locale/en_US'
import zhCN from 'antd/es/locale/zh_CN'
import { StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter, Route, Routes } from 'react-router-dom'
import { AuthProvider, useAuth } from './auth.tsx'
import { LangProvider, useLang } from './i18n.tsx'
import { portalRoutes } from './portal/routes.tsx'
import { Shell } from './Shell.tsx'
import { SignIn } from './SignIn.tsx'

function Signed() {
  const { me } = useAuth()
  if (me === undefined) return <Spin style={{ display: 'block', margin: 96 }} />
  return me ? <Shell /> : <SignIn />
}

function Root() {
  const { lang } = useLang()
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d5fbf', borderRadius: 4 } }}>
      <AntApp>
        <BrowserRouter>
          <Suspense fallback={<Spin style={{ display: 'block', margin: 96 }} />}>
            <Routes>
              {portalRoutes.map((route) => (
                <Route key={route.path} path={route.path} element={route.element} />
              ))}
              <Route path="/*" element={<Signed />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LangProvider>
      <AuthProvider>
        <Root />
      </AuthProvider>
    </LangProvider>
  </StrictMode>,
)
