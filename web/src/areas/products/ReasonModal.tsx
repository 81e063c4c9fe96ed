import { Button, Form, Input, Modal } from 'antd'
import { useEffect } from 'react'
import { useAction } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { textRules, validated } from './validation.ts'

/**
 * An action that must say why (revoke a key or a consent, refuse, return, resolve): a reason of
 * 1 to `max` characters, the server's refusal shown in the modal, and `onDone` to reload lists.
 */
export function ReasonModal({
  open,
  title,
  label,
  max = 1000,
  okText,
  danger,
  testId,
  onSubmit,
  onClose,
  onDone,
}: {
  open: boolean
  title: string
  label: string
  max?: number
  okText?: string
  danger?: boolean
  testId?: string
  onSubmit(reason: string): Promise<unknown>
  onClose(): void
  onDone(): void
}) {
  const t = useT()
  const [form] = Form.useForm<{ reason: string }>()
  const action = useAction(async (reason: string) => {
    await onSubmit(reason)
    return true as const
  })
  useEffect(() => {
    if (open) {
      form.resetFields()
      action.clearError()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])

  const submit = async () => {
    const values = await validated(form)
    if (!values) return
    const { reason } = values
    if (await action.run(reason.trim())) {
      onClose()
      onDone()
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('取消', 'Cancel')}
        </Button>,
        <Button key="ok" type="primary" danger={danger} loading={action.running} onClick={() => void submit()} data-testid={testId ? `${testId}-ok` : undefined}>
          {okText ?? t('确定', 'OK')}
        </Button>,
      ]}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid={testId}>
        <Form.Item name="reason" label={label} rules={textRules(max, t('请说明理由', 'Say why'))}>
          <Input.TextArea rows={3} maxLength={max} showCount />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
