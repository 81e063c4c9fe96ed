import { Alert, App, Button, Checkbox, Form, Input, Radio } from 'antd'
import { useEffect } from 'react'
import { post } from '../../api.ts'
import { hasRole, useMe } from '../../auth.tsx'
import { useAction } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { mayDecide, reviewRound } from './review.ts'
import type { Product, ReviewDecision } from './types.ts'
import { textRules, validated } from './validation.ts'

interface Values {
  decision: ReviewDecision
  reasons: string
  attended?: boolean
}

/**
 * A reviewer's decision on a submitted product (art. 25): approve, return for revision, or
 * reject, always with reasons. Shown to the operator's reviewers only; the server checks again.
 */
export function ReviewForm({ product, onDone }: { product: Product; onDone(product: Product): void }) {
  const t = useT()
  const me = useMe()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const decision = Form.useWatch('decision', form)
  const action = useAction((values: Values) => post<Product>(`/api/v1/products/${product.code}/reviews`, { decision: values.decision, reasons: values.reasons.trim() }))
  useEffect(() => {
    form.resetFields()
    action.clearError()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [product.code, product.status])

  if (product.status !== 'submitted') return null
  if (me.organization.kind !== 'operator' || !hasRole(me, 'reviewer')) {
    return <Alert type="info" showIcon message={t('由一级开发运营主体的合规审核员审核', 'Decided by a reviewer of the primary operator')} />
  }
  if (!mayDecide(product, me.user.id)) {
    const round = reviewRound(product)
    return (
      <Alert
        type="info"
        showIcon
        data-testid="review-already-decided"
        message={t('您已审核本轮', 'You have decided this round')}
        description={t(
          `尚需 ${round.missing} 名其他审核员通过；同一审核员不能两次通过同一提交。`,
          `${round.missing} more approval(s) by other reviewers needed; one reviewer cannot approve the same submission twice.`,
        )}
      />
    )
  }
  const needsAttention = (product.checks ?? []).some((f) => f.status === 'review')

  const submit = async () => {
    const values = await validated(form)
    if (!values) return
    const answer = await action.run(values)
    if (!answer) return
    message.success(
      answer.status === 'submitted'
        ? t('已记录您的通过意见，尚需另一名审核员', 'Your approval is recorded: another reviewer must approve')
        : t('审核结论已提交', 'Decision recorded'),
    )
    onDone(answer)
  }

  return (
    <Form form={form} layout="vertical" initialValues={{ decision: 'approve' }} data-testid="review-form">
      <Form.Item name="decision" label={t('审核结论', 'Decision')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" buttonStyle="solid" data-testid="review-decision">
          <Radio.Button value="approve">{t('通过', 'Approve')}</Radio.Button>
          <Radio.Button value="return">{t('退回修改', 'Return for revision')}</Radio.Button>
          <Radio.Button value="reject">{t('驳回', 'Reject')}</Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="reasons"
        label={t('审核意见', 'Reasons')}
        extra={
          decision === 'approve'
            ? t('说明核查了什么：用途、来源、输出、可逆推性、个人信息与商业秘密', 'Say what you checked: purpose, sources, outputs, reversibility, personal data and trade secrets')
            : t('写明需要修改或驳回的原因，开发主体将看到这些意见', 'Say what must change or why it is rejected: the developer sees this')
        }
        rules={textRules(4000, t('请填写审核意见', 'Give your reasons'))}
      >
        <Input.TextArea rows={4} maxLength={4000} showCount data-testid="review-reasons" />
      </Form.Item>
      {needsAttention && decision === 'approve' ? (
        <Form.Item
          name="attended"
          valuePropName="checked"
          rules={[{ validator: async (_r, checked: boolean | undefined) => { if (!checked) throw new Error(t('请先核查标为“请审核员关注”的事项', 'Check the findings marked for the reviewer first')) } }]}
        >
          <Checkbox data-testid="review-attended">{t('我已核查标为“请审核员关注”的事项', 'I have checked the findings marked for the reviewer')}</Checkbox>
        </Form.Item>
      ) : null}
      <ServerError error={action.error} />
      <Button type="primary" danger={decision === 'reject'} loading={action.running} onClick={() => void submit()} data-testid="review-submit">
        {decision === 'approve' ? t('提交：通过', 'Submit: approve') : decision === 'return' ? t('提交：退回修改', 'Submit: return') : t('提交：驳回', 'Submit: reject')}
      </Button>
    </Form>
  )
}
