import type { FormInstance, FormRule as Rule } from 'antd'

/**
 * Form rules mirroring the server's zod schemas, so that a form refuses before it sends what the
 * server would refuse. The server still decides; its refusal is shown in place.
 */

/** `text(max)` on the server: trimmed, 1 to max characters. */
export function textRules(max: number, required: string): Rule[] {
  return [
    { required: true, whitespace: true, message: required },
    { max, message: `≤ ${max}` },
  ]
}

export const HASH_PATTERN = /^[0-9a-fA-F]{64}$/
export const PRODUCT_CODE_PATTERN = /^PRD-\d{4}-[0-9A-HJ-NP-Z]{6}$/
export const KEY_PATTERN = /^zk_[a-z2-7]{40}$/
export const CONSENT_TOKEN_PATTERN = /^zc_[a-z2-7]{40}$/
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/

// ---------------------------------------------------------------------------- the unified social credit code (GB 32100)

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const ORGANIZATION_CODE_VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const ORGANIZATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const

/** Why a credit code is not valid, or null when it is: the gateway's usccSchema, check characters included. */
export function usccProblem(value: string): 'length' | 'characters' | 'check' | null {
  if (value.length !== 18) return 'length'
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) return 'characters'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(value[i]!) * USCC_WEIGHTS[i]!
  if (USCC_CHARSET[(31 - (sum % 31)) % 31] !== value[17]) return 'check'
  let orgSum = 0
  for (let i = 0; i < 8; i++) orgSum += ORGANIZATION_CODE_VALUES.indexOf(value[8 + i]!) * ORGANIZATION_CODE_WEIGHTS[i]!
  const orgCheck = 11 - (orgSum % 11)
  const expected = orgCheck === 10 ? 'X' : orgCheck === 11 ? '0' : String(orgCheck)
  return expected === value[16] ? null : 'check'
}

export function usccRule(t: (zh: string, en: string) => string): Rule {
  return {
    validator: async (_rule, value: string | undefined) => {
      if (!value) return
      const problem = usccProblem(value)
      if (problem === 'length') throw new Error(t('统一社会信用代码为 18 位', 'A unified social credit code has 18 characters'))
      if (problem === 'characters') throw new Error(t('只能含数字和大写字母（不含 I、O、Z、S、V）', 'Digits and capitals only (no I, O, Z, S, V)'))
      if (problem === 'check') throw new Error(t('校验码不符，请核对代码', 'The check characters do not match'))
    },
  }
}

/** The SHA-256 of a local file, computed in the browser: documents are named by their hash, never uploaded. */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The form's values when every rule passes, else null: antd already shows each problem under
 * its field, so there is nothing more to say (and no unhandled rejection).
 */
export async function validated<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields()
  } catch {
    return null
  }
}
