import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Form, Input, Modal, Radio, Segmented, Select, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { canRequestReturnFlow, isBureau } from './access.ts'
import { useOrgNames } from './orgs.tsx'
import { GradeTag, ReturnFlowStatusTag } from './tags.tsx'
import type { CatalogResource, ReturnFlow } from './types.ts'
import { Page } from './Page.tsx'
import { useValidateMessages } from './validate-messages.ts'

/** 数据回流: departments and counties ask for data back, the bureau decides (art. 10). */
export default function ReturnFlowsPage() {
  const t = useT()
  const me = useMe()
  const { message } = App.useApp()
  const orgName = useOrgNames()
  const flows = useGet<{ returnFlows: ReturnFlow[] }>('/api/v1/return-flows')
  const catalog = useGet<{ resources: CatalogResource[] }>('/api/v1/catalog/resources')
  const [filter, setFilter] = useState<'requested' | 'all'>(isBureau(me) ? 'requested' : 'all')
  const [requesting, setRequesting] = useState(false)
  const [deciding, setDeciding] = useState<ReturnFlow | null>(null)

  const all = flows.data?.returnFlows ?? []
  const pending = all.filter((f) => f.status === 'requested')
  const shown = filter === 'requested' ? pending : all
  const resourceName = (code: string) => catalog.data?.resources.find((r) => r.code === code)?.name ?? code

  const columns: ColumnsType<ReturnFlow> = [
    {
      title: t('资源', 'Resource'),
      key: 'resource',
      render: (_, f) => (
        <Space direction="vertical" size={0}>
          <Link to={`/catalog/resources/${encodeURIComponent(f.resourceCode)}`}>{resourceName(f.resourceCode)}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.resourceCode}</Typography.Text>
        </Space>
      ),
    },
    { title: t('申请单位', 'Requested by'), dataIndex: 'requesterOrgId', render: (v: string) => orgName(v) },
    {
      title: t('申请信息项', 'Fields'),
      dataIndex: 'fields',
      render: (fields: string[]) => (
        <Space size={[0, 4]} wrap>
          {fields.map((f) => <Tag key={f}>{f}</Tag>)}
        </Space>
      ),
    },
    { title: t('用途', 'Purpose'), dataIndex: 'purpose', render: (v: string) => <Typography.Paragraph style={{ margin: 0, maxWidth: 280 }} ellipsis={{ rows: 2, tooltip: v }}>{v}</Typography.Paragraph> },
    { title: t('申请时间', 'Requested'), dataIndex: 'requestedAt', render: (v: string) => formatTime(v) },
    { title: t('状态', 'Status'), dataIndex: 'status', render: (v: ReturnFlow['status']) => <ReturnFlowStatusTag status={v} /> },
    {
      title: t('审批意见', 'Decision'),
      key: 'decision',
      render: (_, f) =>
        f.decidedAt ? (
          <Space direction="vertical" size={0}>
            <Typography.Text ellipsis={{ tooltip: f.decisionNote }} style={{ maxWidth: 220 }}>{f.decisionNote}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatTime(f.decidedAt)}
              {f.poolVersionId ? ` · ${t('数据版本', 'version')} ${f.poolVersionId}` : ''}
            </Typography.Text>
          </Space>
        ) : isBureau(me) ? (
          <Button size="small" type="primary" onClick={() => setDeciding(f)} data-testid={`return-flow-decide-${f.id}`}>
            {t('审批', 'Decide')}
          </Button>
        ) : '—',
    },
  ]

  return (
    <Page>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('数据回流', 'Return flows')}</Typography.Title>
          <Typography.Text type="secondary">
            {t('市级公共数据按需回流至区县和部门，由市数政局审批（第十条）。', 'City data flows back to counties and departments on request, approved by the bureau (art. 10).')}
          </Typography.Text>
        </div>
        {canRequestReturnFlow(me) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRequesting(true)} data-testid="return-flow-new">
            {t('申请数据回流', 'Ask for a return flow')}
          </Button>
        ) : null}
      </Space>
      <ServerError error={flows.error} />
      <Card size="small">
        <Segmented
          style={{ marginBottom: 12 }}
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={[
            { value: 'requested', label: t(`待审批（${pending.length}）`, `Pending (${pending.length})`) },
            { value: 'all', label: t(`全部（${all.length}）`, `All (${all.length})`) },
          ]}
        />
        <Table<ReturnFlow>
          rowKey="id"
          loading={flows.loading}
          columns={columns}
          dataSource={shown}
          pagination={shown.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 1000 }}
          data-testid="return-flows-table"
          locale={{ emptyText: filter === 'requested' ? t('没有待审批的回流申请', 'No request waiting') : t('暂无回流申请', 'No requests yet') }}
        />
      </Card>
      <Modal open={requesting} title={t('申请数据回流（第十条）', 'Ask for a return flow (art. 10)')} onCancel={() => setRequesting(false)} footer={null} destroyOnHidden width={640}>
        <RequestForm
          resources={catalog.data?.resources ?? []}
          onCancel={() => setRequesting(false)}
          onDone={async () => {
            message.success(t('已提交市数政局审批', 'Sent to the bureau'))
            setRequesting(false)
            await flows.reload()
          }}
        />
      </Modal>
      <Modal open={deciding !== null} title={t('审批数据回流', 'Decide on a return flow')} onCancel={() => setDeciding(null)} footer={null} destroyOnHidden>
        {deciding ? (
          <DecisionForm
            flow={deciding}
            onCancel={() => setDeciding(null)}
            onDone={async (decision) => {
              message.success(decision === 'approve' ? t('已批准', 'Approved') : t('已驳回', 'Rejected'))
              setDeciding(null)
              await flows.reload()
            }}
          />
        ) : null}
      </Modal>
    </Page>
  )
}

interface RequestValues {
  resourceCode: string
  fields: string[]
  purpose: string
}

function RequestForm({ resources, onCancel, onDone }: { resources: readonly CatalogResource[]; onCancel(): void; onDone(): Promise<void> }) {
  const t = useT()
  const [form] = Form.useForm<RequestValues>()
  const validateMessages = useValidateMessages()
  const code = Form.useWatch('resourceCode', form)
  const resource = resources.find((r) => r.code === code)
  const request = useAction((v: RequestValues) => post<ReturnFlow>('/api/v1/return-flows', { resourceCode: v.resourceCode, fields: v.fields, purpose: v.purpose.trim() }))
  return (
    <Form
      form={form}
      validateMessages={validateMessages}
      layout="vertical"
      onFinish={async (values: RequestValues) => {
        if (await request.run(values)) await onDone()
      }}
    >
      <Form.Item name="resourceCode" label={t('资源', 'Resource')} rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          options={resources.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
          onChange={() => form.setFieldValue('fields', [])}
          data-testid="return-flow-resource"
        />
      </Form.Item>
      <Form.Item
        name="fields"
        label={t('所需信息项（最少必要）', 'Fields needed (least necessary)')}
        rules={[{ required: true, type: 'array', min: 1, message: t('至少选择一个信息项', 'Choose at least one field') }, { type: 'array', max: 500 }]}
        extra={resource ? <span>{t('资源分级：', 'Resource grade: ')}<GradeTag level={resource.level} grade={resource.grade} /></span> : undefined}
      >
        <Select
          mode="multiple"
          disabled={!resource}
          options={(resource?.fields ?? []).map((f) => ({ value: f.name, label: `${f.title}（${f.name}）${f.sensitive ? ' · ' + t('敏感', 'sensitive') : ''}` }))}
          data-testid="return-flow-fields"
        />
      </Form.Item>
      <Form.Item name="purpose" label={t('用途', 'Purpose')} rules={[{ required: true, whitespace: true }, { max: 1000 }]}>
        <Input.TextArea rows={3} data-testid="return-flow-purpose" />
      </Form.Item>
      <ServerError error={request.error} />
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>{t('取消', 'Cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={request.running} data-testid="return-flow-submit">{t('提交申请', 'Send request')}</Button>
      </Space>
    </Form>
  )
}

interface DecisionValues {
  decision: 'approve' | 'reject'
  note: string
}

function DecisionForm({ flow, onCancel, onDone }: { flow: ReturnFlow; onCancel(): void; onDone(decision: DecisionValues['decision']): Promise<void> }) {
  const t = useT()
  const [form] = Form.useForm<DecisionValues>()
  const validateMessages = useValidateMessages()
  const decision = Form.useWatch('decision', form)
  const decide = useAction((v: DecisionValues) => post<ReturnFlow>(`/api/v1/return-flows/${encodeURIComponent(flow.id)}/decision`, { decision: v.decision, note: v.note.trim() }))
  return (
    <Form
      form={form}
      validateMessages={validateMessages}
      layout="vertical"
      initialValues={{ decision: 'approve' }}
      onFinish={async (values: DecisionValues) => {
        if (await decide.run(values)) await onDone(values.decision)
      }}
    >
      <Typography.Paragraph>
        {flow.resourceCode}：{flow.fields.join('、')}
        <br />
        <Typography.Text type="secondary">{flow.purpose}</Typography.Text>
      </Typography.Paragraph>
      <Form.Item name="decision" label={t('决定', 'Decision')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'approve', label: t('批准', 'Approve') },
            { value: 'reject', label: t('驳回', 'Reject') },
          ]}
        />
      </Form.Item>
      <Form.Item name="note" label={t('意见', 'Note')} rules={[{ required: true, whitespace: true }, { max: 1000 }]}>
        <Input.TextArea rows={3} data-testid="return-flow-note" />
      </Form.Item>
      <ServerError error={decide.error} />
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>{t('取消', 'Cancel')}</Button>
        <Button type="primary" danger={decision === 'reject'} htmlType="submit" loading={decide.running} data-testid="return-flow-decision-submit">
          {decision === 'reject' ? t('驳回', 'Reject') : t('批准', 'Approve')}
        </Button>
      </Space>
    </Form>
  )
}
