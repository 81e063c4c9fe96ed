import { Alert, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Space, Tag, Timeline, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useLang, useT } from '../../i18n.tsx'
import { actsForOrganization } from './access.ts'
import { INCIDENT_CATEGORY_LABELS, INCIDENT_SEVERITY_COLORS, INCIDENT_SEVERITY_LABELS, INCIDENT_STATUS_LABELS, RECEIVER_LABELS, stepText, useLabel } from './labels.ts'
import { OrgName, type OrgNamer } from './orgs.tsx'
import type { Incident } from './types.ts'

type Order = 'acknowledge' | 'step' | 'close' | 'escalate' | 'suspend'

/**
 * One incident and its handling (art. 13(1), 14(1)): the steps so far, and what the viewer may
 * do next. The receiver acknowledges and closes (stating the root cause); reporter and receiver
 * record steps; the operator escalates a developer's report to the office; the receiver or the
 * office suspends the authorization concerned (art. 34).
 */
export function IncidentDrawer({ incidentId, onClose, onChanged, onOpen, orgName }: { incidentId: string | null; onClose(): void; onChanged(): void; onOpen(id: string): void; orgName: OrgNamer }) {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const { lang } = useLang()
  const incident = useGet<Incident>(incidentId ? `/api/v1/incidents/${incidentId}` : null)
  const [order, setOrder] = useState<Order | null>(null)
  const i = incident.data

  const acting = actsForOrganization(me)
  const receiver = i !== undefined && acting && me.organization.kind === i.receiverKind
  const reporter = i !== undefined && acting && me.organization.id === i.reporterOrgId
  const open = i !== undefined && i.status !== 'closed'

  const done = () => {
    setOrder(null)
    void incident.reload()
    onChanged()
  }

  return (
    <Drawer open={incidentId !== null} onClose={onClose} width={760} title={t('安全事件', 'Security incident')} destroyOnHidden data-testid="incident-drawer">
      <ServerError error={incident.error} />
      {i ? (
        <>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {i.title}
          </Typography.Title>
          {i.overdue ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t(`已超过处置时限（${formatTime(i.closeBy)}）`, `Past its deadline (${formatTime(i.closeBy)})`)} /> : null}
          <Descriptions bordered size="small" column={2} styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('编号', 'Id')}>
              <Typography.Text copyable>{i.id}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('状态', 'Status')}>
              <StatusTag status={i.status}>{label(INCIDENT_STATUS_LABELS, i.status)}</StatusTag>
            </Descriptions.Item>
            <Descriptions.Item label={t('级别', 'Severity')}>
              <Tag color={INCIDENT_SEVERITY_COLORS[i.severity]}>{label(INCIDENT_SEVERITY_LABELS, i.severity)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('类别', 'Category')}>{label(INCIDENT_CATEGORY_LABELS, i.category)}</Descriptions.Item>
            <Descriptions.Item label={t('报告方', 'Reporter')}>
              <OrgName id={i.reporterOrgId} name={orgName} />
            </Descriptions.Item>
            <Descriptions.Item label={t('受理方', 'Receiver')}>{label(RECEIVER_LABELS, i.receiverKind)}</Descriptions.Item>
            <Descriptions.Item label={t('发生时间', 'Occurred')}>{formatTime(i.occurredAt)}</Descriptions.Item>
            <Descriptions.Item label={t('报告时间', 'Reported')}>{formatTime(i.reportedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('处置时限', 'Close by')}>{formatTime(i.closeBy)}</Descriptions.Item>
            <Descriptions.Item label={t('工作区', 'Workspace')}>{i.workspaceId ?? '—'}</Descriptions.Item>
            {i.escalatedFrom ? (
              <Descriptions.Item label={t('上报自', 'Escalated from')} span={2}>
                <Typography.Link onClick={() => onOpen(i.escalatedFrom!)}>{i.escalatedFrom}</Typography.Link>
              </Descriptions.Item>
            ) : null}
            {i.escalatedTo ? (
              <Descriptions.Item label={t('已上报为', 'Escalated as')} span={2}>
                <Typography.Link onClick={() => onOpen(i.escalatedTo!)}>{i.escalatedTo}</Typography.Link>
              </Descriptions.Item>
            ) : null}
            {i.suspendedAgreementId ? (
              <Descriptions.Item label={t('已暂停协议', 'Suspended agreement')} span={2}>
                {i.suspendedAgreementId}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('经过与影响', 'Description')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{i.description}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>

          {i.closure ? (
            <Alert
              type="success"
              showIcon
              style={{ marginTop: 16 }}
              message={`${t('已结案', 'Closed')} ${formatTime(i.closure.at)}`}
              description={
                <>
                  <div>
                    {t('处置结果', 'Outcome')}：{i.closure.summary}
                  </div>
                  <div>
                    {t('根本原因', 'Root cause')}：{i.closure.rootCause}
                  </div>
                </>
              }
            />
          ) : null}

          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('处置过程', 'Handling')}
          </Typography.Title>
          <Timeline
            data-testid="incident-steps"
            items={i.steps.map((s) => ({
              children: (
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(s.at)} · {orgName(s.orgId)}
                  </Typography.Text>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{stepText(s.action, lang)}</div>
                </div>
              ),
            }))}
          />

          <Space wrap>
            {receiver && i.status === 'reported' ? (
              <Button type="primary" onClick={() => setOrder('acknowledge')} data-testid="incident-acknowledge">
                {t('受理', 'Acknowledge')}
              </Button>
            ) : null}
            {open && (receiver || reporter) ? (
              <Button onClick={() => setOrder('step')} data-testid="incident-step">
                {t('记录处置步骤', 'Record a step')}
              </Button>
            ) : null}
            {receiver && open ? (
              <Button onClick={() => setOrder('close')} data-testid="incident-close">
                {t('结案', 'Close')}
              </Button>
            ) : null}
            {receiver && me.organization.kind === 'operator' && !i.escalatedTo ? (
              <Button onClick={() => setOrder('escalate')} data-testid="incident-escalate">
                {t('上报协调机制办公室', 'Escalate to the office')}
              </Button>
            ) : null}
            {(receiver || (acting && me.organization.kind === 'office')) && i.workspaceId && !i.suspendedAgreementId ? (
              <Button danger onClick={() => setOrder('suspend')} data-testid="incident-suspend">
                {t('暂停相关授权', 'Suspend the authorization')}
              </Button>
            ) : null}
          </Space>
          {order ? <OrderModal incident={i} order={order} onCancel={() => setOrder(null)} onDone={done} /> : null}
        </>
      ) : null}
    </Drawer>
  )
}

interface OrderForm {
  action?: string
  rootCause?: string
  note?: string
  reason?: string
  rectificationDeadline?: Dayjs
}

function OrderModal({ incident, order, onCancel, onDone }: { incident: Incident; order: Order; onCancel(): void; onDone(): void }) {
  const t = useT()
  const [form] = Form.useForm<OrderForm>()
  const action = useAction(async (values: OrderForm) => {
    const base = `/api/v1/incidents/${incident.id}`
    if (order === 'escalate') return post(`${base}/escalation`, { note: values.note!.trim() })
    if (order === 'suspend') {
      return post(`${base}/suspension`, {
        reason: values.reason!.trim(),
        ...(values.rectificationDeadline ? { rectificationDeadline: values.rectificationDeadline.format('YYYY-MM-DD') } : {}),
      })
    }
    return post(`${base}/steps`, { kind: order, action: values.action!.trim(), ...(order === 'close' ? { rootCause: values.rootCause!.trim() } : {}) })
  })
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    if ((await action.run(values)) !== undefined) onDone()
  }
  const titles: Record<Order, string> = {
    acknowledge: t('受理事件', 'Acknowledge'),
    step: t('记录处置步骤', 'Record a handling step'),
    close: t('结案', 'Close the incident'),
    escalate: t('上报协调机制办公室（第十三条第一款）', 'Escalate to the office (art. 13(1))'),
    suspend: t('确认暂停相关授权（第三十四条）', 'Confirm: suspend the authorization (art. 34)'),
  }
  const required = (zh: string, en: string, max: number) => [
    { required: true, whitespace: true, message: t(zh, en) },
    { max, message: t(`不超过 ${max} 字`, `At most ${max} characters`) },
  ]
  return (
    <Modal
      open
      title={titles[order]}
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={order === 'suspend' ? t('确认暂停', 'Suspend') : t('提交', 'Submit')}
      okButtonProps={{ danger: order === 'suspend', loading: action.running, ...({ 'data-testid': 'incident-order-submit' } as Record<string, string>) }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      {order === 'suspend' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t(`工作区 ${incident.workspaceId} 的授权将立即暂停、工作区关闭，直至整改验收。`, `The authorization of ${incident.workspaceId} is suspended at once and its workspace closes until the rectification is accepted.`)}
        />
      ) : null}
      <Form form={form} layout="vertical" preserve={false}>
        {order === 'acknowledge' || order === 'step' || order === 'close' ? (
          <Form.Item name="action" label={order === 'close' ? t('处置结果', 'Outcome') : order === 'acknowledge' ? t('受理意见', 'Note') : t('采取的措施', 'What was done')} rules={required('请填写', 'Required', 4000)}>
            <Input.TextArea rows={3} maxLength={4000} showCount data-testid="incident-order-action" />
          </Form.Item>
        ) : null}
        {order === 'close' ? (
          <Form.Item name="rootCause" label={t('根本原因', 'Root cause')} rules={required('结案须写明根本原因', 'Closing states the root cause', 4000)}>
            <Input.TextArea rows={3} maxLength={4000} showCount data-testid="incident-order-root-cause" />
          </Form.Item>
        ) : null}
        {order === 'escalate' ? (
          <Form.Item name="note" label={t('上报说明', 'Note to the office')} rules={required('请填写上报说明', 'Write a note', 4000)}>
            <Input.TextArea rows={3} maxLength={4000} showCount />
          </Form.Item>
        ) : null}
        {order === 'suspend' ? (
          <>
            <Form.Item name="reason" label={t('暂停事由', 'Reason')} rules={required('请写明事由', 'State the reason', 2000)}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item name="rectificationDeadline" label={t('整改期限', 'Rectify by')}>
              <DatePicker disabledDate={(day) => day.isBefore(new Date(), 'day')} />
            </Form.Item>
          </>
        ) : null}
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
