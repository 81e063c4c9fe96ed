import type { FormProps } from 'antd'
import { useLang } from '../../i18n.tsx'

type Messages = NonNullable<FormProps['validateMessages']>

const ZH: Messages = {
  required: '请填写${label}',
  whitespace: '${label}不能为空白',
  pattern: { mismatch: '${label}格式不正确' },
  string: { max: '${label}最多 ${max} 个字符', min: '${label}至少 ${min} 个字符', range: '${label}须为 ${min} 到 ${max} 个字符' },
  number: { min: '${label}不能小于 ${min}', max: '${label}不能大于 ${max}', range: '${label}须在 ${min} 到 ${max} 之间' },
  array: { min: '${label}至少 ${min} 项', max: '${label}最多 ${max} 项', range: '${label}须为 ${min} 到 ${max} 项' },
  types: { integer: '${label}须为整数', number: '${label}须为数字', array: '${label}须为列表' },
}

const EN: Messages = {
  required: '${label} is required',
  whitespace: '${label} cannot be blank',
  pattern: { mismatch: '${label} is not in the expected format' },
  string: { max: '${label}: at most ${max} characters', min: '${label}: at least ${min} characters', range: '${label}: ${min} to ${max} characters' },
  number: { min: '${label}: at least ${min}', max: '${label}: at most ${max}', range: '${label}: between ${min} and ${max}' },
  array: { min: '${label}: at least ${min}', max: '${label}: at most ${max}', range: '${label}: ${min} to ${max} items' },
  types: { integer: '${label}: a whole number', number: '${label}: a number', array: '${label}: a list' },
}

/**
 * The forms' default messages in the console's language. antd's own come from the locale the
 * shell passes to ConfigProvider; these keep this area's forms Chinese-first whatever it passes.
 */
export function useValidateMessages(): Messages {
  const { lang } = useLang()
  return lang === 'zh' ? ZH : EN
}
