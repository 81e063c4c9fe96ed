import type { PersonalInfoTag } from './types.ts'

/**
 * Personal-information tags suggested from a field's name and title while it is compiled, the
 * same hints the server applies (src/modules/catalog/catalog.ts NAME_HINTS) and returns on the
 * saved entry as `suggestions`. A suggestion only: the compiler decides.
 */
const NAME_HINTS: readonly { pattern: RegExp; tag: PersonalInfoTag }[] = [
  { pattern: /(^|_)(person_id|id_?card|id_?no|id_number|identity|sfz|legal_rep_id|citizen_id)($|_|\s)|身份证|证件号/, tag: 'id_number' },
  { pattern: /(^|_)(person_name|full_name|legal_rep_name|contact_name|xm)($|_|\s)|姓名|法定代表人$|联系人/, tag: 'personal_name' },
  { pattern: /(^|_)(phone|mobile|tel|telephone|cellphone|sjhm)($|_|\s)|手机|电话/, tag: 'phone' },
  { pattern: /(^|_)e?mail($|_|\s)|邮箱|电子邮件/, tag: 'email' },
  { pattern: /(^|_)(address|addr|home_address|residence)($|_|\s)|住址|地址/, tag: 'address' },
  { pattern: /(^|_)(bank_card|card_no_bank|account_no|bank_account)($|_|\s)|银行卡|银行账户/, tag: 'bank_card' },
  { pattern: /(^|_)(card_id|card_no|card_number)($|_|\s)|卡号/, tag: 'card_number' },
  { pattern: /(^|_)(lat|lng|latitude|longitude|gps)($|_|\s)|经纬度|定位/, tag: 'precise_location' },
  { pattern: /(^|_)(diagnosis|disease|medical|health)($|_|\s)|诊断|病历|健康/, tag: 'health' },
  { pattern: /(^|_)(face|fingerprint|iris|voiceprint)($|_|\s)|人脸|指纹|虹膜/, tag: 'biometric' },
  { pattern: /(^|_)(religion)($|_|\s)|宗教/, tag: 'religion' },
  { pattern: /(^|_)(salary|income|wage)($|_|\s)|工资|收入/, tag: 'income' },
]

export function suggestTagsByName(field: { name?: string; title?: string }): PersonalInfoTag[] {
  const text = `${(field.name ?? '').toLowerCase()} ${field.title ?? ''}`
  const tags = new Set<PersonalInfoTag>()
  for (const hint of NAME_HINTS) if (hint.pattern.test(text)) tags.add(hint.tag)
  return [...tags]
}
