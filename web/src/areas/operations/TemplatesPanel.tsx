import { CheckOutlined, CloseOutlined } from '@ant-design/icons'
import { Alert, Form, Input, Space, Table, Typography } from 'antd'
import { post } from '../../api.ts'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ActionButton } from './ActionModal.tsx'
import { Status, TEMPLATE_STATUS } from './labels.tsx'
import type { QueryTemplate, Workspace } from './types.ts'

/**
 * Query templates of a workspace (parameterized SELECTs a developer proposes): the operator
 * approves or rejects each, with a note. A template-only workspace runs nothing else, and API
 * products are built on them.
 */
export function TemplatesPanel({ workspace, editable, onChanged }: { workspace: Workspace; editable: boolean; onChanged?: () => void }) {
  const t = useT()
  const templates = useGet<{ templates: QueryTemplate[] }>(`/api/v1/workspaces/${workspace.id}/templates`)
  const rows = [...(templates.data?.templates ?? [])].sort((a, b) => (a.status === 'proposed' ? -1 : 0) - (b.status === 'proposed' ? -1 : 0) || b.proposedAt.localeCompare(a.proposedAt))
  const reload = () => {
    void templates.reload()
    onChanged?.()
  }

  return (
    <>
      {workspace.rules.analysis === 'template' ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('本工作区仅可运行审定的查询模板。', 'This workspace runs approved templates only.')} />
      ) : null}
      <ServerError error={templates.error} />
      <Table<QueryTemplate>
        size="small"
        rowKey="name"
        data-testid="templates-table"
        loading={templates.loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('开发主体尚未提出查询模板', 'No template proposed yet') }}
        expandable={{
          expandedRowRender: (tp) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <pre style={{ background: '#fafafa', padding: 12, margin: 0, whiteSpace: 'pre-wrap' }}>{tp.sql}</pre>
              <Table
                size="small"
                rowKey="name"
                pagination={false}
                dataSource={[...tp.parameters]}
                columns={[
                  { title: t('参数', 'Parameter'), dataIndex: 'name', render: (n: string) => <Typography.Text code>${n}</Typography.Text> },
                  { title: t('类型', 'Type'), dataIndex: 'type' },
                  { title: t('说明', 'Description'), dataIndex: 'description' },
                  {
                    title: t('取值约束', 'Constraint'),
                    render: (_, p) => [p.allowed ? `∈ {${p.allowed.join(', ')}}` : '', p.min !== undefined ? `≥ ${p.min}` : '', p.max !== undefined ? `≤ ${p.max}` : ''].filter(Boolean).join('  ') || '—',
                  },
                  { title: t('示例', 'Example'), dataIndex: 'example', render: (v: unknown) => String(v) },
                ]}
              />
            </Space>
          ),
        }}
        columns={[
          { title: t('模板', 'Template'), dataIndex: 'name', render: (n: string) => <Typography.Text code>{n}</Typography.Text> },
          { title: t('说明', 'Description'), dataIndex: 'description' },
          { title: t('参数', 'Parameters'), render: (_, tp) => tp.parameters.length },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Status table={TEMPLATE_STATUS} status={s} /> },
          { title: t('提出时间', 'Proposed'), dataIndex: 'proposedAt', render: formatTime },
          { title: t('决定', 'Decision'), render: (_, tp) => (tp.decidedAt ? `${formatTime(tp.decidedAt)} ${tp.decisionNote ?? ''}` : '—') },
          ...(editable
            ? [
                {
                  title: t('操作', 'Action'),
                  key: 'decide',
                  render: (_: unknown, tp: QueryTemplate) =>
                    tp.status === 'proposed' ? (
                      <Space>
                        <DecideButton workspaceId={workspace.id} template={tp} decision="approve" onDone={reload} />
                        <DecideButton workspaceId={workspace.id} template={tp} decision="reject" onDone={reload} />
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </>
  )
}

function DecideButton({ workspaceId, template, decision, onDone }: { workspaceId: string; template: QueryTemplate; decision: 'approve' | 'reject'; onDone(): void }) {
  const t = useT()
  const approve = decision === 'approve'
  return (
    <ActionButton<{ note: string }, QueryTemplate>
      size="small"
      buttonType={approve ? 'primary' : 'default'}
      danger={!approve}
      icon={approve ? <CheckOutlined /> : <CloseOutlined />}
      label={approve ? t('批准', 'Approve') : t('驳回', 'Reject')}
      title={approve ? t(`批准查询模板 ${template.name}`, `Approve template ${template.name}`) : t(`驳回查询模板 ${template.name}`, `Reject template ${template.name}`)}
      consequence={
        approve
          ? t('批准后开发主体可用参数运行该模板：参数作为常量绑定，再经同样的门禁和输出检查。', 'Approved, the developer runs it with values: bound as constants, then the same gate and checks.')
          : t('驳回后该模板不能运行。', 'Rejected, it cannot run.')
      }
      okText={approve ? t('批准', 'Approve') : t('驳回', 'Reject')}
      testId={`template-${decision}-${template.name}`}
      onSubmit={(values) => post<QueryTemplate>(`/api/v1/workspaces/${workspaceId}/templates/${template.name}/decision`, { decision, note: values.note })}
      onDone={onDone}
    >
      <pre style={{ background: '#fafafa', padding: 8, maxHeight: 200, overflow: 'auto', whiteSpace: 'pre-wrap' }}>{template.sql}</pre>
      <Form.Item name="note" label={t('审查意见', 'Note')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
        <Input.TextArea rows={3} showCount maxLength={2000} />
      </Form.Item>
    </ActionButton>
  )
}
