import { Alert, Button, Drawer, Flex, Form, Modal, Tooltip, type ButtonProps } from 'antd'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { ServerError } from '../../components/ServerError.tsx'
import { useAction } from '../../components/hooks.ts'
import { useT } from '../../i18n.tsx'
import { useValidateMessages } from './validateMessages.ts'

export interface ActionModalProps<V, R> {
  readonly open: boolean
  readonly title: ReactNode
  /** What happens when it is confirmed, in plain words (e.g. "access closes at once"). */
  readonly consequence?: ReactNode
  readonly okText: ReactNode
  readonly danger?: boolean
  readonly testId: string
  readonly width?: number
  /** A long form: a drawer from the right instead of a modal. */
  readonly drawer?: boolean
  readonly initialValues?: Partial<V>
  /** The form's items; none for a plain confirmation. */
  readonly children?: ReactNode
  onClose(): void
  onSubmit(values: V): Promise<R>
  /** After success: reload what the action changed. */
  onDone?(result: R): void
}

/**
 * A confirmation or small form in a modal: the fields validate before anything is sent, the
 * server's refusal (with its rule and article) stays in the modal, and it closes only on success.
 */
export function ActionModal<V extends object, R>(props: ActionModalProps<V, R>) {
  const t = useT()
  const [form] = Form.useForm<V>()
  const validateMessages = useValidateMessages()
  const { onSubmit, onDone, onClose } = props
  const action = useAction(async (values: V) => ({ result: await onSubmit(values) }))

  useEffect(() => {
    if (!props.open) return
    form.resetFields()
    action.clearError()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open])

  // A refusal below a long form is scrolled into view, so that it is read.
  const errorRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (action.error) errorRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [action.error])

  const finish = async (values: V) => {
    const outcome = await action.run(values)
    if (!outcome) return
    onClose()
    onDone?.(outcome.result)
  }

  const body = (
    <div data-testid={props.testId}>
      {props.consequence ? <Alert type={props.danger ? 'warning' : 'info'} showIcon message={props.consequence} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" initialValues={props.initialValues} onFinish={(values) => void finish(values)} scrollToFirstError validateMessages={validateMessages}>
        {props.children}
        <div ref={errorRef}>
          <ServerError error={action.error} />
        </div>
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" danger={props.danger} htmlType="submit" loading={action.running} data-testid={`${props.testId}-ok`}>
            {props.okText}
          </Button>
        </Flex>
      </Form>
    </div>
  )
  if (props.drawer) {
    return (
      <Drawer open={props.open} title={props.title} onClose={onClose} width={props.width ?? 880} destroyOnHidden maskClosable={false}>
        {body}
      </Drawer>
    )
  }
  return (
    <Modal open={props.open} title={props.title} onCancel={onClose} footer={null} width={props.width ?? 560} destroyOnHidden maskClosable={false}>
      {body}
    </Modal>
  )
}

/** A button that opens an ActionModal. */
export function ActionButton<V extends object, R>({
  label,
  icon,
  buttonType,
  size,
  disabled,
  tooltip,
  title,
  ...modal
}: Omit<ActionModalProps<V, R>, 'open' | 'onClose'> & {
  /** Why the button is disabled, or what it does. */
  readonly tooltip?: ReactNode
  readonly label: ReactNode
  readonly icon?: ReactNode
  readonly buttonType?: ButtonProps['type']
  readonly size?: ButtonProps['size']
  readonly disabled?: boolean
}) {
  const [open, setOpen] = useState(false)
  const button = (
    <Button icon={icon} type={buttonType} size={size} danger={modal.danger} disabled={disabled} onClick={() => setOpen(true)} data-testid={`${modal.testId}-open`}>
      {label}
    </Button>
  )
  return (
    <>
      {tooltip ? (
        <Tooltip title={tooltip}>
          <span>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
      <ActionModal<V, R> {...modal} title={title} open={open} onClose={() => setOpen(false)} />
    </>
  )
}
