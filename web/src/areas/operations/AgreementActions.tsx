import {
  CheckOutlined,
  DeleteOutlined,
  EditOutlined,
  ExclamationCircleOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  PoweroffOutlined,
  RedoOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons'
import { Button, Form, Input, Select, Space } from 'antd'
import { useNavigate } from 'react-router-dom'
import { patch, post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { useT } from '../../i18n.tsx'
import { ActionButton } from './ActionModal.tsx'
import { AgreementFields, agreementBody, agreementFormValues, type AgreementFormValues } from './AgreementForm.tsx'
import { CLAUSES, TERMINATION_GROUNDS, useWords } from './labels.tsx'
import { chinaToday, PATTERNS, useCatalog, usePolicyParams } from './shared.tsx'
import type { Agreement } from './types.ts'

interface TerminateForm {
  ground: string
  note: string
  warnedOn?: string
  confirm: string
}

interface SuspendForm {
  reason: string
  rectificationDeadline?: string
  confirm: string
}

/**
 * What the signed-in actor may do with an agreement in its current status, each behind a dialog
 * that says what happens. The server decides in the end; a refusal shows in the dialog.
 */
export function AgreementActions({ agreement: a, onChanged }: { agreement: Agreement; onChanged(): void }) {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const navigate = useNavigate()
  const policy = usePolicyParams()
  const { byCode } = useCatalog()
  const kind = me.organization.kind
  const isOperator = kind === 'operator' && me.organization.id === a.operatorOrgId
  const isOffice = kind === 'office'
  const isDeveloper = kind === 'developer' && me.organization.id === a.developerOrgId
  const today = chinaToday()
  const objectionDays = policy?.filingObjectionDays ?? 10
  const post_ = <R,>(step: string, body?: unknown) => post<R>(`/api/v1/agreements/${a.id}/${step}`, body)
  const renewalMonths = policy?.renewalWindowMonths ?? 3
  const renewalOpens = renewalWindowOpens(a.term.end, renewalMonths)
  const inObjectionPeriod = a.status === 'filed' && !!a.filing && !a.filing.acknowledgedAt && today <= a.filing.objectionDeadline

  const confirmRule = {
    validator: async (_: unknown, v: string | undefined) => {
      if (v?.trim() !== a.workspace.id) throw new Error(t(`请输入工作区标识 ${a.workspace.id}`, `Type the workspace id ${a.workspace.id}`))
    },
  }

  return (
    <Space wrap>
      {isOperator && a.status === 'draft' ? (
        <ActionButton<AgreementFormValues, Agreement>
          drawer
          width={960}
          label={t('修订', 'Revise')}
          icon={<EditOutlined />}
          title={t('修订协议草稿', 'Revise the draft')}
          okText={t('保存修订', 'Save')}
          testId="agreement-revise"
          initialValues={agreementFormValues(a)}
          onSubmit={(values) => patch<Agreement>(`/api/v1/agreements/${a.id}`, agreementBody(values, byCode, a))}
          onDone={onChanged}
        >
          <AgreementFields scenarioCode={a.scenarioCode} />
        </ActionButton>
      ) : null}
      {isOperator && a.status === 'draft' ? (
        <ActionButton<object, Agreement>
          label={t('报备', 'File')}
          icon={<SendOutlined />}
          buttonType="primary"
          title={t('向协调机制办公室报备', 'File with the coordination office')}
          consequence={
            <>
              {t(
                `报备后协议不能再修订。办公室可在 ${objectionDays} 日内提出异议（退回为草稿）；办公室确认或异议期满后，协议于起始日 ${a.term.start} 生效并开放工作区。`,
                `Once filed it cannot be revised. The office may object within ${objectionDays} days (back to draft); after its acknowledgement or the period, it takes effect on ${a.term.start} and the workspace opens.`,
              )}
              {a.missingClauses.length ? (
                <div style={{ marginTop: 8 }}>
                  <ExclamationCircleOutlined /> {t('尚缺条款：', 'Missing clauses: ')}
                  {a.missingClauses.map((c) => words(CLAUSES, c)).join('、')}
                </div>
              ) : null}
            </>
          }
          okText={t('报备', 'File')}
          testId="agreement-file"
          onSubmit={() => post_<Agreement>('file')}
          onDone={onChanged}
        />
      ) : null}
      {isOffice && a.status === 'filed' && !a.filing?.acknowledgedAt ? (
        <ActionButton<object, Agreement>
          label={t('确认备案', 'Acknowledge')}
          icon={<CheckOutlined />}
          buttonType="primary"
          title={t('确认备案，不提出异议', 'Acknowledge without objection')}
          consequence={
            a.term.start <= today
              ? t('起始日已到：确认后协议立即生效，开发主体的工作区随即开放。', 'The term has started: the agreement takes effect at once and the workspace opens.')
              : t(`确认后协议于起始日 ${a.term.start} 生效。`, `It takes effect when its term starts on ${a.term.start}.`)
          }
          okText={t('确认备案', 'Acknowledge')}
          testId="agreement-acknowledge"
          onSubmit={() => post_<Agreement>('acknowledge')}
          onDone={onChanged}
        />
      ) : null}
      {isOffice && a.status === 'filed' ? (
        <ActionButton<{ reason: string }, Agreement>
          tooltip={inObjectionPeriod ? undefined : t('异议期已过或办公室已确认', 'The objection period is over or the filing acknowledged')}
          label={t('提出异议', 'Object')}
          icon={<StopOutlined />}
          danger
          disabled={!inObjectionPeriod}
          title={t('对报备的协议提出异议', 'Object to the filing')}
          consequence={t(
            `协议退回运营主体为草稿，须修订后重新报备。异议期至 ${a.filing?.objectionDeadline ?? '—'}。`,
            `The agreement goes back to the operator as a draft, to be revised and filed again. The period ends on ${a.filing?.objectionDeadline ?? '—'}.`,
          )}
          okText={t('提出异议', 'Object')}
          testId="agreement-object"
          onSubmit={(values) => post_<Agreement>('object', values)}
          onDone={onChanged}
        >
          <Form.Item name="reason" label={t('异议理由', 'Reason')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
            <Input.TextArea rows={4} showCount maxLength={2000} />
          </Form.Item>
        </ActionButton>
      ) : null}
      {isOperator && a.status === 'filed' ? (
        <ActionButton<object, Agreement>
          label={t('生效', 'Put into effect')}
          icon={<PlayCircleOutlined />}
          buttonType="primary"
          title={t('使协议生效', 'Put the agreement into effect')}
          consequence={
            inObjectionPeriod
              ? t(`办公室可提出异议至 ${a.filing?.objectionDeadline}，在此之前须经办公室确认方可生效。`, `The office may object until ${a.filing?.objectionDeadline}; before then only its acknowledgement lets it take effect.`)
              : t(`协议生效，开放工作区 ${a.workspace.id}，开发主体即可在授权运营域内使用授权数据。`, `The agreement takes effect and workspace ${a.workspace.id} opens to the developer.`)
          }
          okText={t('生效', 'Put into effect')}
          testId="agreement-activate"
          onSubmit={() => post_<Agreement>('activate')}
          onDone={onChanged}
        />
      ) : null}
      {(isOperator || isDeveloper) && a.status === 'active' ? (
        <ActionButton<object, Agreement>
          disabled={today < renewalOpens}
          tooltip={today < renewalOpens ? t(`续期申请自 ${renewalOpens} 起（届满前 ${renewalMonths} 个月内）`, `Renewal opens on ${renewalOpens} (last ${renewalMonths} months)`) : undefined}
          label={t('申请续期', 'Apply for renewal')}
          icon={<RedoOutlined />}
          title={t('申请重新签订协议（续期）', 'Apply for renewal')}
          consequence={t(
            `续期须在期限届满前 ${policy?.renewalWindowMonths ?? 3} 个月内申请（第十七条）：生成一份新的协议草稿，由运营主体审查并报备，生效时接替本协议。`,
            `Renewal is applied for in the last ${policy?.renewalWindowMonths ?? 3} months of the term (art. 17): a new draft, reviewed and filed by the operator, takes over when it takes effect.`,
          )}
          okText={t('申请续期', 'Apply')}
          testId="agreement-renew"
          onSubmit={() => post_<Agreement>('renew')}
          onDone={(renewal) => navigate(`/agreements/${renewal.id}`)}
        />
      ) : null}
      {(isOperator || isOffice) && a.status === 'active' ? (
        <ActionButton<SuspendForm, Agreement>
          label={t('暂停整改', 'Suspend for rectification')}
          icon={<PauseCircleOutlined />}
          danger
          title={t('暂停授权，限期整改（第三十四条）', 'Suspend for rectification (art. 34)')}
          consequence={t(
            `工作区 ${a.workspace.id} 立即关闭：整改期间开发主体不能获取任何数据。整改验收后恢复。`,
            `Workspace ${a.workspace.id} closes at once: the developer gets no data until the rectification is accepted and the agreement resumed.`,
          )}
          okText={t('暂停', 'Suspend')}
          testId="agreement-suspend"
          onSubmit={(values) => post_<Agreement>('suspend', { reason: values.reason, ...(values.rectificationDeadline ? { rectificationDeadline: values.rectificationDeadline } : {}) })}
          onDone={onChanged}
        >
          <Form.Item name="reason" label={t('问题与整改要求', 'Problem and what to rectify')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
            <Input.TextArea rows={4} showCount maxLength={2000} />
          </Form.Item>
          <Form.Item
            name="rectificationDeadline"
            label={t('整改期限', 'Rectify by')}
            rules={[
              { pattern: PATTERNS.day },
              {
                validator: async (_, v: string | undefined) => {
                  if (v && v < today) throw new Error(t('整改期限不能早于今天', 'Not before today'))
                },
              },
            ]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item name="confirm" label={t(`输入工作区标识 ${a.workspace.id} 以确认`, `Type ${a.workspace.id} to confirm`)} rules={[confirmRule]}>
            <Input autoComplete="off" data-testid="agreement-suspend-confirm" />
          </Form.Item>
        </ActionButton>
      ) : null}
      {(isOperator || isOffice) && a.status === 'suspended' ? (
        <ActionButton<{ note: string }, Agreement>
          label={t('整改验收，恢复', 'Accept rectification, resume')}
          icon={<PlayCircleOutlined />}
          buttonType="primary"
          title={t('验收整改，恢复授权', 'Accept the rectification and resume')}
          consequence={t(`工作区 ${a.workspace.id} 重新开放。`, `Workspace ${a.workspace.id} reopens.`)}
          okText={t('恢复', 'Resume')}
          testId="agreement-resume"
          onSubmit={(values) => post_<Agreement>('resume', values)}
          onDone={onChanged}
        >
          <Form.Item name="note" label={t('验收意见', 'Acceptance note')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
            <Input.TextArea rows={3} showCount maxLength={2000} />
          </Form.Item>
        </ActionButton>
      ) : null}
      {(isOperator || isOffice) && (a.status === 'active' || a.status === 'suspended' || a.status === 'filed') ? (
        <ActionButton<TerminateForm, Agreement>
          label={t('终止协议', 'Terminate')}
          icon={<PoweroffOutlined />}
          danger
          width={640}
          title={t('单方面终止协议（第三十五条）', 'Terminate unilaterally (art. 35)')}
          consequence={t(
            `终止不可撤销：开发主体在授权运营域的使用权限立即关闭，工作区 ${a.workspace.id} 关闭（第三十一条）；此后须对工作区封存销毁并出具销毁证明。`,
            `Termination is final: the developer's access closes at once and workspace ${a.workspace.id} closes (art. 31); the workspace is then to be destroyed, with a certificate.`,
          )}
          okText={t('终止', 'Terminate')}
          testId="agreement-terminate"
          onSubmit={(values) => post_<Agreement>('terminate', { ground: values.ground, note: values.note, ...(values.warnedOn ? { warnedOn: values.warnedOn } : {}) })}
          onDone={onChanged}
        >
          <TerminateFields grounds={policy?.terminationGrounds ?? Object.keys(TERMINATION_GROUNDS)} />
          <Form.Item name="confirm" label={t(`输入工作区标识 ${a.workspace.id} 以确认`, `Type ${a.workspace.id} to confirm`)} rules={[confirmRule]}>
            <Input autoComplete="off" data-testid="agreement-terminate-confirm" />
          </Form.Item>
        </ActionButton>
      ) : null}
      {(isOperator || isOffice) && (a.status === 'terminated' || a.status === 'expired') ? (
        <Button icon={<DeleteOutlined />} onClick={() => navigate(`/workspaces/${a.workspace.id}?tab=destruction`)} data-testid="agreement-go-destruction">
          {t('封存销毁', 'Destruction')}
        </Button>
      ) : null}
    </Space>
  )
}

/** The first day renewal may be applied for: `months` months before the day after the term ends (art. 17). */
function renewalWindowOpens(termEnd: string, months: number): string {
  const after = new Date(Date.parse(`${termEnd}T00:00:00Z`) + 86_400_000)
  const year = after.getUTCFullYear()
  const month = after.getUTCMonth() - months
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(Date.UTC(year, month, Math.min(after.getUTCDate(), last))).toISOString().slice(0, 10)
}

function TerminateFields({ grounds }: { grounds: readonly string[] }) {
  const t = useT()
  const words = useWords()
  const ground = Form.useWatch<string | undefined>('ground')
  return (
    <>
      <Form.Item name="ground" label={t('终止情形', 'Ground')} rules={[{ required: true }]}>
        <Select options={grounds.map((g) => ({ value: g, label: words(TERMINATION_GROUNDS, g) }))} data-testid="agreement-terminate-ground" />
      </Form.Item>
      {ground === 'poor-evaluation-after-warning' ? (
        <Form.Item
          name="warnedOn"
          label={t('提醒或约谈日期', 'Warned or interviewed on')}
          rules={[{ required: true, message: t('评估较差须先经提醒或约谈（第三十五条第（四）项）', 'A poor evaluation needs a warning first (art. 35(4))') }, { pattern: PATTERNS.day }]}
        >
          <Input type="date" />
        </Form.Item>
      ) : null}
      <Form.Item name="note" label={t('事实与理由', 'Facts and reasons')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
        <Input.TextArea rows={4} showCount maxLength={2000} />
      </Form.Item>
    </>
  )
}
