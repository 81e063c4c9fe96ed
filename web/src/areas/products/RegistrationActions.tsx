import { Alert, App, Button, Checkbox, Form, Input, Space, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { useAction } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { noticeState } from './NoticePeriod.tsx'
import { ReasonModal } from './ReasonModal.tsx'
import { ChangesField, cleanChanges, cleanDocuments, DocumentsField } from './RegistrationFields.tsx'
import type { Registration } from './types.ts'
import { textRules, validated } from './validation.ts'

type Step = 'accept' | 'refuse' | 'approve' | 'return'

/**
 * What the registration agency (the bureau) does next, by status: accept or refuse an
 * application, approve the formal review (the notice starts) or return it, issue the code once
 * the notice has ended with no open objection.
 */
export function BureauActions({ registration, onDone }: { registration: Registration; onDone(): void }) {
  const t = useT()
  const { message } = App.useApp()
  const [step, setStep] = useState<Step | null>(null)
  const issue = useAction(() => post<Registration>(`/api/v1/registrations/${registration.id}/issue`))
  const base = `/api/v1/registrations/${registration.id}`
  const notice = noticeState(registration.noticeStartedOn, registration.noticeEndsOn)
  const openObjections = registration.objections.filter((o) => o.status === 'open').length

  const modal: Record<Step, { title: string; label: string; path: string; body(note: string): object; danger?: boolean }> = {
    accept: { title: t('受理申请', 'Accept the application'), label: t('受理意见', 'Note'), path: 'acceptance', body: (note) => ({ decision: 'accept', note }) },
    refuse: { title: t('不予受理', 'Refuse the application'), label: t('不予受理的理由（申请人将看到）', 'Why (the applicant sees this)'), path: 'acceptance', body: (note) => ({ decision: 'refuse', note }), danger: true },
    approve: { title: t('形式审查通过，发布公示', 'Pass the formal review: publish the notice'), label: t('审查意见', 'Note'), path: 'review', body: (note) => ({ decision: 'approve', note }) },
    return: { title: t('退回补正', 'Return for correction'), label: t('需补正的内容（申请人将看到）', 'What to correct (the applicant sees this)'), path: 'review', body: (note) => ({ decision: 'return', note }), danger: true },
  }
  const current = step ? modal[step] : null

  return (
    <div data-testid="bureau-actions">
      {registration.status === 'applied' ? (
        <Space wrap>
          <Button type="primary" onClick={() => setStep('accept')} data-testid="registration-accept">
            {t('受理', 'Accept')}
          </Button>
          <Button danger onClick={() => setStep('refuse')} data-testid="registration-refuse">
            {t('不予受理', 'Refuse')}
          </Button>
        </Space>
      ) : null}
      {registration.status === 'accepted' ? (
        <Space direction="vertical">
          <Typography.Text type="secondary">
            {t('形式审查：核对申请材料是否齐全、登记事项与平台记录是否一致。通过后即进入 10 日公示。', 'Formal review: are the documents complete and do the facts match the platform\'s records? Passing starts the 10-day notice.')}
          </Typography.Text>
          <Space wrap>
            <Button type="primary" onClick={() => setStep('approve')} data-testid="registration-approve">
              {t('审查通过，发布公示', 'Pass: publish the notice')}
            </Button>
            <Button danger onClick={() => setStep('return')} data-testid="registration-return">
              {t('退回补正', 'Return for correction')}
            </Button>
          </Space>
        </Space>
      ) : null}
      {registration.status === 'notice' ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          {notice.running ? (
            <Alert
              type="info"
              showIcon
              data-testid="registration-issue-waiting"
              message={t(`公示期至 ${registration.noticeEndsOn}，期满且无未处理异议后方可发放登记编号（${notice.issuableFrom} 起）。`, `The notice runs until ${registration.noticeEndsOn}; the code is issued after it, with no open objection (from ${notice.issuableFrom}).`)}
            />
          ) : null}
          {openObjections > 0 ? <Alert type="warning" showIcon message={t(`有 ${openObjections} 项异议待处理，处理完毕后方可发放登记编号`, `${openObjections} objection(s) to resolve before the code is issued`)} /> : null}
          <ServerError error={issue.error} />
          <Tooltip title={notice.running ? t('公示期未满', 'The notice has not ended') : openObjections > 0 ? t('尚有异议未处理', 'Objections open') : undefined}>
            <Button
              type="primary"
              disabled={notice.running || openObjections > 0}
              loading={issue.running}
              data-testid="registration-issue"
              onClick={async () => {
                const answer = await issue.run()
                if (answer) {
                  message.success(t(`已发放登记编号 ${answer.registrationCode ?? ''}`, `Code ${answer.registrationCode ?? ''} issued`))
                  onDone()
                }
              }}
            >
              {t('发放登记编号', 'Issue the registration code')}
            </Button>
          </Tooltip>
        </Space>
      ) : null}
      {current ? (
        <ReasonModal
          open={step !== null}
          title={current.title}
          label={current.label}
          max={2000}
          danger={current.danger}
          testId="registration-step-modal"
          onSubmit={(note) => post(`${base}/${current.path}`, current.body(note))}
          onClose={() => setStep(null)}
          onDone={onDone}
        />
      ) : null}
    </div>
  )
}

interface ResubmitValues {
  note: string
  update?: boolean
  rights?: string
  documents?: { name: string; hash: string }[]
  changes?: { item: string; before: string; after: string }[]
}

/** The applicant corrects a returned application and resubmits it; the facts are taken again from the platform. */
export function ResubmitForm({ registration, onDone }: { registration: Registration; onDone(): void }) {
  const t = useT()
  const [form] = Form.useForm<ResubmitValues>()
  const update = Form.useWatch('update', form)
  const needsChanges = registration.kind === 'change' || registration.kind === 'correction'
  const action = useAction((v: ResubmitValues) =>
    post<Registration>(`/api/v1/registrations/${registration.id}/resubmission`, {
      note: v.note.trim(),
      ...(v.update ? { rights: v.rights?.trim(), documents: cleanDocuments(v.documents), ...(needsChanges ? { changes: cleanChanges(v.changes) } : {}) } : {}),
    }),
  )
  const lastReturn = [...registration.history].reverse().find((h) => h.step === 'return')

  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="registration-resubmit-form"
      initialValues={{ update: false, rights: registration.rights, documents: registration.documents.map((d) => ({ ...d })), changes: registration.changes?.map((c) => ({ ...c })) ?? [] }}
    >
      {lastReturn ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('登记机构的补正意见', 'What the bureau asks to correct')} description={lastReturn.note} /> : null}
      <Form.Item name="note" label={t('补正说明', 'What you corrected')} rules={textRules(2000, t('请说明补正了什么', 'Say what you corrected'))}>
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="registration-resubmit-note" />
      </Form.Item>
      <Form.Item name="update" valuePropName="checked">
        <Checkbox>{t('同时更新权益说明、材料或变更事项', 'Also update the rights, documents or changes')}</Checkbox>
      </Form.Item>
      {update ? (
        <>
          <Form.Item name="rights" label={t('权益说明', 'Rights')} rules={textRules(4000, t('请说明登记的权益', 'State the rights'))}>
            <Input.TextArea rows={3} maxLength={4000} showCount />
          </Form.Item>
          <DocumentsField />
          {needsChanges ? <ChangesField /> : null}
        </>
      ) : null}
      <ServerError error={action.error} />
      <Button
        type="primary"
        loading={action.running}
        data-testid="registration-resubmit"
        onClick={async () => {
          const values = await validated(form)
          if (!values) return
          if (await action.run(values)) onDone()
        }}
      >
        {t('重新提交', 'Resubmit')}
      </Button>
    </Form>
  )
}

/** Anyone may object while the notice runs; signed in, the platform records who. */
export function ObjectionForm({ registration, onDone }: { registration: Registration; onDone(): void }) {
  const t = useT()
  const me = useMe()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ reason: string }>()
  const action = useAction((reason: string) => post(`/api/v1/registrations/${registration.id}/objections`, { reason }))
  if (registration.status !== 'notice' || !noticeState(registration.noticeStartedOn, registration.noticeEndsOn).running) return null
  // The applicant does not object to itself; the bureau resolves objections rather than files them.
  if (me.organization.id === registration.applicantOrgId || me.organization.kind === 'bureau') return null
  return (
    <Form form={form} layout="vertical" data-testid="objection-form">
      <Form.Item name="reason" label={t('异议理由', 'Why you object')} rules={textRules(4000, t('请说明异议理由', 'Say why'))} extra={t(`以 ${me.user.displayName}（${me.organization.name}）名义提出`, `Filed as ${me.user.displayName} (${me.organization.name})`)}>
        <Input.TextArea rows={3} maxLength={4000} showCount />
      </Form.Item>
      <ServerError error={action.error} />
      <Button
        loading={action.running}
        onClick={async () => {
          const values = await validated(form)
          if (!values) return
          const { reason } = values
          if (await action.run(reason.trim())) {
            message.success(t('异议已提交，登记机构将处理', 'Objection filed: the bureau will resolve it'))
            form.resetFields()
            onDone()
          }
        }}
      >
        {t('提出异议', 'Object')}
      </Button>
    </Form>
  )
}
