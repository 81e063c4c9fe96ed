import { ApartmentOutlined, DownloadOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons'
import { Alert, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Space, Table, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { get, post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatDate, formatTime, formatYuan, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ordersRectification, suspendsAgreements } from './access.ts'
import { chinaToday, saveFile } from './download.ts'
import { AGREEMENT_STATUS_LABELS, useLabel } from './labels.ts'
import { OrgName, type OrgNamer } from './orgs.tsx'
import type { Agreement } from './types.ts'

/**
 * One agreement as supervision sees it: parties, scope, term, filing and any suspension, with
 * the orders of art. 34 (suspend for rectification, accept the rectification) and the archive
 * package of art. 32. Opened from a flag, an incident or the workbench.
 */
export function AgreementDrawer({ agreementId, onClose, onChanged, orgName }: { agreementId: string | null; onClose(): void; onChanged?(): void; orgName: OrgNamer }) {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const agreement = useGet<Agreement>(agreementId ? `/api/v1/agreements/${agreementId}` : null)
  const [ordering, setOrdering] = useState<'suspend' | 'resume' | null>(null)
  const archive = useAction(async (id: string) => {
    const pack = await get<unknown>(`/api/v1/agreements/${id}/archive`)
    saveFile(JSON.stringify(pack, null, 2), `shuyu-archive-${id}-${chinaToday()}.json`, 'application/json')
  })
  const a = agreement.data

  const changed = () => {
    setOrdering(null)
    void agreement.reload()
    onChanged?.()
  }

  return (
    <Drawer open={agreementId !== null} onClose={onClose} width={760} title={t('授权协议', 'Agreement')} data-testid="agreement-drawer" destroyOnHidden>
      <ServerError error={agreement.error} />
      {a ? (
        <>
          <Descriptions bordered size="small" column={2} styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('协议编号', 'Agreement')} span={2}>
              <Typography.Text copyable>{a.id}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('状态', 'Status')}>
              <StatusTag status={a.status}>{label(AGREEMENT_STATUS_LABELS, a.status)}</StatusTag>
            </Descriptions.Item>
            <Descriptions.Item label={t('应用场景', 'Scenario')}>{a.scenarioCode}</Descriptions.Item>
            <Descriptions.Item label={t('二级开发运营主体', 'Developer')}>
              <OrgName id={a.developerOrgId} name={orgName} />
            </Descriptions.Item>
            <Descriptions.Item label={t('一级开发运营主体', 'Operator')}>
              <OrgName id={a.operatorOrgId} name={orgName} />
            </Descriptions.Item>
            <Descriptions.Item label={t('授权期限', 'Term')}>
              {formatDate(a.term.start)} ~ {formatDate(a.term.end)}
            </Descriptions.Item>
            <Descriptions.Item label={t('费用', 'Fee')}>{a.feeYuan === null ? '—' : formatYuan(a.feeYuan * 100)}</Descriptions.Item>
            <Descriptions.Item label={t('工作区', 'Workspace')}>
              {a.workspace.name} <Typography.Text code>{a.workspace.id}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('报备', 'Filing')}>{a.filing ? formatTime(a.filing.filedAt) : '—'}</Descriptions.Item>
          </Descriptions>

          {a.suspension ? (
            <Alert
              style={{ marginTop: 16 }}
              type="warning"
              showIcon
              data-testid="agreement-suspension"
              message={t('暂停整改中（第三十四条）', 'Suspended for rectification (art. 34)')}
              description={
                <>
                  <div>
                    {t('暂停时间', 'Since')}：{formatTime(a.suspension.at)}
                  </div>
                  <div>
                    {t('整改期限', 'Rectify by')}：{a.suspension.rectificationDeadline ?? t('未设期限', 'no deadline')}
                  </div>
                  <div>
                    {t('原因', 'Reason')}：{a.suspension.reason}
                  </div>
                </>
              }
            />
          ) : null}
          {a.end ? (
            <Alert style={{ marginTop: 16 }} type="error" showIcon message={`${t('已结束', 'Ended')} ${formatTime(a.end.at)}`} description={[a.end.ground, a.end.note].filter(Boolean).join(' · ')} />
          ) : null}

          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('授权范围（最小必要）', 'Scope (least necessary)')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="resourceCode"
            pagination={false}
            dataSource={[...a.scope]}
            columns={[
              { title: t('资源编码', 'Resource'), dataIndex: 'resourceCode', width: 180 },
              { title: t('信息项', 'Fields'), dataIndex: 'fields', render: (fields: string[]) => fields.join(', ') },
              { title: t('行过滤', 'Row filters'), dataIndex: 'rowFilters', width: 90, render: (filters: unknown[]) => filters.length || '—' },
            ]}
          />

          <ServerError error={archive.error} style={{ marginTop: 16 }} />
          <Space wrap style={{ marginTop: 16 }}>
            {ordersRectification(me) && a.status === 'active' ? (
              <Button danger icon={<PauseCircleOutlined />} onClick={() => setOrdering('suspend')} data-testid="agreement-suspend">
                {t('暂停授权、责令整改', 'Suspend for rectification')}
              </Button>
            ) : null}
            {suspendsAgreements(me) && a.status === 'suspended' ? (
              <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setOrdering('resume')} data-testid="agreement-resume">
                {t('整改验收、恢复授权', 'Accept the rectification')}
              </Button>
            ) : null}
            <Button icon={<DownloadOutlined />} loading={archive.running} onClick={() => void archive.run(a.id)} data-testid="agreement-archive">
              {t('下载归档包（第三十二条）', 'Archive package (art. 32)')}
            </Button>
            <Link to={`/lineage?node=${encodeURIComponent(`workspace:${a.workspace.id}`)}&direction=both`}>
              <Button icon={<ApartmentOutlined />}>{t('数据血缘', 'Lineage')}</Button>
            </Link>
          </Space>
          <SuspendModal agreement={a} open={ordering === 'suspend'} onCancel={() => setOrdering(null)} onDone={changed} />
          <ResumeModal agreement={a} open={ordering === 'resume'} onCancel={() => setOrdering(null)} onDone={changed} />
        </>
      ) : null}
    </Drawer>
  )
}

interface SuspendForm {
  reason: string
  rectificationDeadline?: Dayjs
}

/** The order of art. 34: the workspace closes at once, its products stop, until the rectification is accepted. */
function SuspendModal({ agreement, open, onCancel, onDone }: { agreement: Agreement; open: boolean; onCancel(): void; onDone(): void }) {
  const t = useT()
  const [form] = Form.useForm<SuspendForm>()
  const action = useAction((values: SuspendForm) =>
    post(`/api/v1/agreements/${agreement.id}/suspend`, {
      reason: values.reason.trim(),
      ...(values.rectificationDeadline ? { rectificationDeadline: values.rectificationDeadline.format('YYYY-MM-DD') } : {}),
    }),
  )
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    if ((await action.run(values)) !== undefined) onDone()
  }
  return (
    <Modal
      open={open}
      title={t('确认暂停授权、责令整改', 'Confirm: suspend for rectification')}
      onCancel={() => {
        action.clearError()
        onCancel()
      }}
      onOk={() => void submit()}
      okText={t('确认暂停', 'Suspend')}
      okButtonProps={{ danger: true, loading: action.running, ...({ 'data-testid': 'suspend-confirm' } as Record<string, string>) }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
      data-testid="suspend-modal"
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={t(`工作区 ${agreement.workspace.id} 将立即关闭，其数据产品暂停服务，直至整改验收。`, `Workspace ${agreement.workspace.id} closes at once and its products stop until the rectification is accepted.`)}
      />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('整改事由', 'Reason')}
          rules={[
            { required: true, whitespace: true, message: t('请写明需整改的问题', 'State the issues to rectify') },
            { max: 2000, message: t('不超过 2000 字', 'At most 2000 characters') },
          ]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="suspend-reason" />
        </Form.Item>
        <Form.Item name="rectificationDeadline" label={t('整改期限', 'Rectify by')} extra={t('到期未验收的，监管预警将标记为整改逾期。', 'Past this date an unaccepted rectification is flagged overdue.')}>
          <DatePicker disabledDate={(day) => day.isBefore(new Date(), 'day')} style={{ width: 200 }} />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}

function ResumeModal({ agreement, open, onCancel, onDone }: { agreement: Agreement; open: boolean; onCancel(): void; onDone(): void }) {
  const t = useT()
  const [form] = Form.useForm<{ note: string }>()
  const action = useAction((values: { note: string }) => post(`/api/v1/agreements/${agreement.id}/resume`, { note: values.note.trim() }))
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    if ((await action.run(values)) !== undefined) onDone()
  }
  return (
    <Modal
      open={open}
      title={t('整改验收、恢复授权', 'Accept the rectification')}
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={t('验收通过并恢复', 'Accept and resume')}
      okButtonProps={{ loading: action.running }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="note"
          label={t('验收意见', 'Acceptance note')}
          rules={[
            { required: true, whitespace: true, message: t('请填写验收意见', 'Write the acceptance note') },
            { max: 2000, message: t('不超过 2000 字', 'At most 2000 characters') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
