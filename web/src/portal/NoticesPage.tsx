import { Alert, Button, Card, Descriptions, Empty, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { formatDate, formatTime } from '../components/format.tsx'
import { useAction } from '../components/hooks.ts'
import { ServerError } from '../components/ServerError.tsx'
import { useT } from '../i18n.tsx'
import { PRODUCT_KIND_LABELS, REGISTRATION_KIND_LABELS, SUBJECT_TYPE_LABELS, useLabel } from './labels.ts'
import { publicRequest, usePublicGet } from './publicApi.ts'
import type { PublicNotice } from './types.ts'

/**
 * 登记公示: registrations in their public notice period; anyone may object, without an account,
 * giving a name and a contact (seen only by the bureau, the office and regulators).
 */
export default function NoticesPage() {
  const t = useT()
  const label = useLabel()
  const notices = usePublicGet<{ registrations: PublicNotice[] }>('/api/v1/public/registrations')
  const [objecting, setObjecting] = useState<PublicNotice | null>(null)
  const [filed, setFiled] = useState<{ notice: PublicNotice; objection: { id: string; filedAt: string } } | null>(null)
  return (
    <div data-testid="portal-notices">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('数据产品和资源登记公示', 'Registrations in public notice')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(
          '登记机构形式审查通过后公示 10 日。对公示内容有异议的，任何单位和个人均可在公示期内提出，无需登录；异议人的姓名和联系方式仅登记机构、协调机制办公室和监管部门可见。',
          'After formal review a registration is in public notice for 10 days. Anyone may object during the notice, without an account; the objector’s name and contact are seen only by the bureau, the office and regulators.',
        )}
      </Typography.Paragraph>
      {filed ? (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setFiled(null)}
          style={{ marginBottom: 16 }}
          data-testid="portal-objection-filed"
          message={t(`异议已提交（编号 ${filed.objection.id}，${formatTime(filed.objection.filedAt)}）`, `Objection filed (${filed.objection.id}, ${formatTime(filed.objection.filedAt)})`)}
          description={t('登记机构将核实处理；异议成立的，登记终止。', 'The bureau examines it; if it is upheld, the registration stops.')}
        />
      ) : null}
      <ServerError error={notices.error} />
      <Card size="small">
        <Table<PublicNotice>
          data-testid="portal-notices-table"
          size="small"
          rowKey="id"
          loading={notices.loading}
          dataSource={notices.data?.registrations ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('目前没有公示中的登记', 'No registration is in public notice today')} /> }}
          expandable={{ expandedRowRender: (n) => <Facts notice={n} /> }}
          columns={[
            {
              title: t('登记对象', 'Subject'),
              key: 'subject',
              render: (_: unknown, n) => (
                <Space direction="vertical" size={0}>
                  <span>{n.facts.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {label(SUBJECT_TYPE_LABELS, n.subject.type)} · {n.subject.code}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('登记类型', 'Kind'), dataIndex: 'kind', width: 110, render: (k: string) => <Tag>{label(REGISTRATION_KIND_LABELS, k)}</Tag> },
            { title: t('申请人', 'Applicant'), key: 'applicant', width: 220, render: (_: unknown, n) => n.applicant.name },
            { title: t('公示期', 'Notice'), key: 'notice', width: 210, render: (_: unknown, n) => `${formatDate(n.noticeStartedOn)} ~ ${formatDate(n.noticeEndsOn)}` },
            {
              title: t('异议', 'Object'),
              key: 'object',
              width: 110,
              render: (_: unknown, n) => (
                <Button size="small" onClick={() => setObjecting(n)} data-testid="portal-object">
                  {t('提出异议', 'Object')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {objecting ? (
        <ObjectionModal
          notice={objecting}
          onClose={() => setObjecting(null)}
          onFiled={(objection) => {
            setFiled({ notice: objecting, objection })
            setObjecting(null)
          }}
        />
      ) : null}
    </div>
  )
}

function Facts({ notice }: { notice: PublicNotice }) {
  const t = useT()
  const label = useLabel()
  const f = notice.facts
  return (
    <Descriptions size="small" bordered column={2}>
      <Descriptions.Item label={t('名称', 'Name')}>{f.name}</Descriptions.Item>
      {f.kind ? <Descriptions.Item label={t('产品类型', 'Product kind')}>{label(PRODUCT_KIND_LABELS, f.kind)}</Descriptions.Item> : null}
      {f.scenario ? <Descriptions.Item label={t('应用场景', 'Scenario')}>{f.scenario}</Descriptions.Item> : null}
      {f.dataGrade ? <Descriptions.Item label={t('数据分级', 'Data grade')}>{f.dataGrade}</Descriptions.Item> : null}
      {f.level ? <Descriptions.Item label={t('数据分级', 'Level')}>{`${f.level}${f.grade ? ` ${f.grade}` : ''}`}</Descriptions.Item> : null}
      {notice.registrationCode ? <Descriptions.Item label={t('原登记编码', 'Registration code')}>{notice.registrationCode}</Descriptions.Item> : null}
      {notice.changes?.length ? (
        <Descriptions.Item label={t('变更事项', 'Changes')} span={2}>
          {notice.changes.map((c) => (
            <div key={c.item}>
              {c.item}：{c.before} → {c.after}
            </div>
          ))}
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  )
}

interface ObjectionForm {
  name: string
  contact: string
  reason: string
}

function ObjectionModal({ notice, onClose, onFiled }: { notice: PublicNotice; onClose(): void; onFiled(objection: { id: string; filedAt: string }): void }) {
  const t = useT()
  const [form] = Form.useForm<ObjectionForm>()
  const action = useAction((values: ObjectionForm) =>
    publicRequest<{ id: string; filedAt: string }>('POST', `/api/v1/registrations/${notice.id}/objections`, { name: values.name.trim(), contact: values.contact.trim(), reason: values.reason.trim() }),
  )
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    const objection = await action.run(values)
    if (objection) onFiled(objection)
  }
  return (
    <Modal
      open
      width={600}
      title={`${t('对登记提出异议', 'Object to a registration')} · ${notice.facts.name}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('提交异议', 'File the objection')}
      okButtonProps={{ loading: action.running, ...({ 'data-testid': 'portal-objection-submit' } as Record<string, string>) }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form<ObjectionForm> form={form} layout="vertical" data-testid="portal-objection-form">
        <Form.Item name="name" label={t('异议人姓名或单位名称', 'Your name or organization')} rules={[{ required: true, whitespace: true, message: t('请填写姓名或单位', 'Enter your name') }, { max: 100 }]}>
          <Input maxLength={100} data-testid="portal-objection-name" />
        </Form.Item>
        <Form.Item name="contact" label={t('联系方式（电话或邮箱）', 'Contact (phone or e-mail)')} rules={[{ required: true, whitespace: true, message: t('请填写联系方式，以便登记机构核实', 'Enter a contact so the bureau can reach you') }, { max: 200 }]}>
          <Input maxLength={200} data-testid="portal-objection-contact" />
        </Form.Item>
        <Form.Item name="reason" label={t('异议理由', 'Reason')} rules={[{ required: true, whitespace: true, message: t('请写明异议理由', 'State your reason') }, { max: 4000 }]}>
          <Input.TextArea rows={5} maxLength={4000} showCount data-testid="portal-objection-reason" />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
