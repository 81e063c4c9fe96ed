import type { FormProps } from 'antd'
import { useMemo } from 'react'
import { useLang } from '../../i18n.tsx'

/**
 * The forms' default messages in the reader's language. Set on each form rather than trusted to
 * the locale: under Vite's dev server antd's CommonJS locale arrives without its Form messages,
 * and every required field then said "Please enter …" in a Chinese console.
 */
export function useValidateMessages(): FormProps['validateMessages'] {
  const { lang } = useLang()
  return useMemo(
    () =>
      lang === 'zh'
        ? {
            required: '请填写${label}',
            whitespace: '${label}不能为空白',
            string: { max: '${label}最多 ${max} 个字符', min: '${label}至少 ${min} 个字符' },
            array: { min: '${label}至少 ${min} 项', max: '${label}最多 ${max} 项' },
            pattern: { mismatch: '${label}格式不正确' },
          }
        : {
            required: '${label} is required',
            whitespace: '${label} cannot be blank',
            string: { max: '${label}: at most ${max} characters', min: '${label}: at least ${min} characters' },
            array: { min: '${label}: at least ${min}', max: '${label}: at most ${max}' },
            pattern: { mismatch: '${label} is not in the expected format' },
          },
    [lang],
  )
}
