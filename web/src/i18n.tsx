import { createContext, useContext, useMemo, useState, type ReactNode } from 'react'

/** Chinese first, English second (DESIGN.md principle 8). */
export type Lang = 'zh' | 'en'

interface LangState {
  readonly lang: Lang
  setLang(lang: Lang): void
}

const LangContext = createContext<LangState>({ lang: 'zh', setLang: () => {} })
const STORAGE_KEY = 'shuyu.lang'

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh'))
  const value = useMemo<LangState>(
    () => ({
      lang,
      setLang(next) {
        localStorage.setItem(STORAGE_KEY, next)
        document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en'
        setLangState(next)
      },
    }),
    [lang],
  )
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>
}

export function useLang(): LangState {
  return useContext(LangContext)
}

/**
 * Strings live beside the code that shows them, in both languages: `t('待办', 'To do')`.
 * One place per string, no dictionary file that every page would have to edit.
 */
export function useT(): (zh: string, en: string) => string {
  const { lang } = useLang()
  return (zh, en) => (lang === 'zh' ? zh : en)
}
