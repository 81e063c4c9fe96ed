import { Button, Form, Input, Space, Typography } from 'antd'
import { useT } from '../../i18n.tsx'
import { CLAUSES, useWords } from './labels.tsx'
import { usePolicyParams } from './shared.tsx'

const FALLBACK_CLAUSES = Object.keys(CLAUSES)

/**
 * Model text of art. 16's clauses, a starting point the operator edits: what the demo world's
 * agreements say.
 */
export const MODEL_CLAUSES: Readonly<Record<string, string>> = {
  'rights-and-duties': '甲方（一级开发运营主体）提供授权运营域内的数据开发环境和技术支持；乙方（二级开发运营主体）在授权范围内开发数据产品，并对其使用行为负责。',
  scope: '授权数据范围以本协议附件所列数据资源及信息项为限，遵循最小必要原则，仅限本应用场景使用。',
  term: '授权期限自生效之日起不超过三年；需延期的，乙方应在期限届满前三个月内申请重新签订协议。',
  fees: '按应用场景用途确定：公益用途无偿使用，产业用途按经备案的价格有偿使用。',
  'security-requirements': '数据仅在授权运营域内加工使用，原始数据不出域；乙方落实身份认证、访问控制、安全审计等要求。',
  prohibitions: '乙方不得以任何形式向其他主体再授权，不得导出原始数据或可还原原始数据的产品，不得超范围使用数据。',
  'credit-commitment': '乙方承诺所提交材料真实有效，守法诚信经营，接受信用监管。',
  exit: '协议终止或撤销时，甲方关闭乙方的使用权限，对授权数据以不可逆方式销毁并记录。',
  liability: '乙方违反协议约定的，甲方有权暂停或终止授权，并依法追究其责任。',
}

/** The clauses as the API takes them: every named clause, trimmed (an empty one clears it on revision). */
export function clausesFromForm(clauses: Readonly<Record<string, string | undefined>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(clauses ?? {}).map(([name, text]) => [name, (text ?? '').trim()]))
}

/**
 * One text per clause of art. 16, in the pack's order. Drafts may lack some (the filing checks
 * them); `required` makes each one required before sending.
 */
export function ClauseFields({ required }: { required: boolean }) {
  const t = useT()
  const words = useWords()
  const policy = usePolicyParams()
  const form = Form.useFormInstance()
  const names = policy?.requiredAgreementClauses ?? FALLBACK_CLAUSES
  const fillEmpty = () => {
    for (const name of names) {
      if (!String(form.getFieldValue(['clauses', name]) ?? '').trim() && MODEL_CLAUSES[name]) form.setFieldValue(['clauses', name], MODEL_CLAUSES[name])
    }
  }
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Button size="small" onClick={fillEmpty} data-testid="clauses-fill-model">
          {t('空白条款填入示范文本', 'Fill empty clauses with model text')}
        </Button>
        <Typography.Text type="secondary">{t('报备前九项条款须齐备（第十六条）', 'All nine clauses are needed before filing (art. 16)')}</Typography.Text>
      </Space>
      {names.map((name) => (
        <Form.Item
          key={name}
          name={['clauses', name]}
          label={`${words(CLAUSES, name)} (${name})`}
          rules={[{ required, whitespace: true, message: t('报备前须写明', 'Needed before filing') }, { max: 20_000 }]}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
        </Form.Item>
      ))}
    </>
  )
}
