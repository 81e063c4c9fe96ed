import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd'
import type { Dayjs } from 'dayjs'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { CLOSE_WITHIN_HOURS, INCIDENT_CATEGORY_LABELS, INCIDENT_SEVERITY_LABELS, useLabel } from './labels.ts'
import { INCIDENT_CATEGORIES, INCIDENT_SEVERITIES, type Incident, type IncidentCategory, type IncidentSeverity, type Workspace } from './types.ts'

interface ReportForm {
  severity: IncidentSeverity
  category: IncidentCategory
  title: string
  description: string
  occurredAt: Dayjs
  workspaceId?: string
}

/** The server's WORKSPACE_ID_PATTERN: lowercase letters, digits and hyphens. */
const WORKSPACE_ID = /^[a-z][a-z0-9-]{2,39}$/

/**
 * Reporting an incident: a developer to the operator (art. 14(1)), the operator to the office
 * (art. 13(1)). Reporting is never refused for want of an emergency plan.
 */
export function ReportIncidentModal({ open, onClose, onReported }: { open: boolean; onClose(): void; onReported(incident: Incident): void }) {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const [form] = Form.useForm<ReportForm>()
  const workspaces = useGet<{ workspaces: Workspace[] }>(open ? '/api/v1/workspaces' : null)
  const action = useAction((values: ReportForm) =>
    post<Incident>('/api/v1/incidents', {
      severity: values.severity,
      category: values.category,
      title: values.title.trim(),
      description: values.description.trim(),
      occurredAt: values.occurredAt.format('YYYY-MM-DDTHH:mm:ssZ'),
      ...(values.workspaceId ? { workspaceId: values.workspaceId } : {}),
    }),
  )
  const severity = Form.useWatch('severity', form)
  const toOffice = me.organization.kind === 'operator'

  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    const incident = await action.run(values)
    if (incident) {
      form.resetFields()
      onReported(incident)
    }
  }

  return (
    <Modal
      open={open}
      width={640}
      title={t('报告安全事件', 'Report a security incident')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('提交报告', 'Report')}
      okButtonProps={{ loading: action.running, ...({ 'data-testid': 'incident-report-submit' } as Record<string, string>) }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={
          toOffice
            ? t('报告将送达协调机制办公室（第十三条第一款）', 'The report goes to the coordination office (art. 13(1))')
            : t('报告将送达一级开发运营主体，由其处置并视情况上报（第十四条第一款）', 'The report goes to the primary operator, who handles it and passes it on as needed (art. 14(1))')
        }
      />
      <Form<ReportForm> form={form} layout="vertical" preserve={false} initialValues={{ severity: 'general', category: 'other' }} data-testid="incident-report-form">
        <Form.Item
          name="severity"
          label={t('事件级别（GB/T 20986）', 'Severity (GB/T 20986)')}
          rules={[{ required: true }]}
          extra={severity ? t(`须在 ${CLOSE_WITHIN_HOURS[severity]} 小时内处置结案`, `To be closed within ${CLOSE_WITHIN_HOURS[severity]} hours`) : undefined}
        >
          <Select options={INCIDENT_SEVERITIES.map((s) => ({ value: s, label: label(INCIDENT_SEVERITY_LABELS, s) }))} />
        </Form.Item>
        <Form.Item name="category" label={t('事件类别', 'Category')} rules={[{ required: true }]}>
          <Select options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: label(INCIDENT_CATEGORY_LABELS, c) }))} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('标题', 'Title')}
          rules={[
            { required: true, whitespace: true, message: t('请填写标题', 'Enter a title') },
            { max: 200, message: t('不超过 200 字', 'At most 200 characters') },
          ]}
        >
          <Input maxLength={200} data-testid="incident-title" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('经过与影响', 'What happened and its impact')}
          rules={[
            { required: true, whitespace: true, message: t('请描述事件经过', 'Describe what happened') },
            { max: 10000, message: t('不超过 10000 字', 'At most 10000 characters') },
          ]}
        >
          <Input.TextArea rows={5} maxLength={10000} showCount data-testid="incident-description" />
        </Form.Item>
        <Form.Item
          name="occurredAt"
          label={t('发生时间', 'Occurred at')}
          rules={[
            { required: true, message: t('请选择发生时间', 'When did it happen?') },
            {
              validator: (_, value: Dayjs | undefined) =>
                value && value.valueOf() > Date.now() + 60_000 ? Promise.reject(new Error(t('不能晚于现在', 'Cannot be in the future'))) : Promise.resolve(),
            },
          ]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.valueOf() > Date.now()} style={{ width: 240 }} data-testid="incident-occurred" />
        </Form.Item>
        <Form.Item
          name="workspaceId"
          label={t('涉及的工作区（可选）', 'Workspace concerned (optional)')}
          extra={t('指明工作区后，受理方可据此暂停对应授权。', 'Naming a workspace lets the receiver suspend its authorization.')}
          rules={[{ pattern: WORKSPACE_ID, message: t('工作区编号格式不正确', 'Not a workspace id') }]}
        >
          <Select allowClear options={(workspaces.data?.workspaces ?? []).map((w) => ({ value: w.id, label: `${w.name} (${w.id})` }))} />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
