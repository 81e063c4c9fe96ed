import { EditOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { patch, post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { isSystemAdmin } from './access.ts'
import { JURISDICTIONS, ORG_KIND_LABELS, useLabel } from './labels.ts'
import { ORG_KINDS, USCC_PATTERN, type Organization, type OrgKind, type User } from './types.ts'

/**
 * 机构管理: the organizations of each kind of the measures, in the city or its counties. The
 * system administrator creates, renames, enables and disables them (三员: accounts and organizations).
 */
export default function OrganizationsPage() {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const organizations = useGet<{ organizations: Organization[] }>('/api/v1/organizations')
  const users = useGet<{ users: User[] }>('/api/v1/users')
  const [kind, setKind] = useState<OrgKind | undefined>(undefined)
  const [query, setQuery] = useState('')
  const [editing, setEditing] = useState<Organization | 'new' | null>(null)
  const toggle = useAction(async (org: Organization) => {
    await patch(`/api/v1/organizations/${org.id}`, { status: org.status === 'active' ? 'disabled' : 'active' })
    await organizations.reload()
  })
  const manages = isSystemAdmin(me)

  const usersPerOrg = useMemo(() => {
    const counts = new Map<string, number>()
    for (const u of users.data?.users ?? []) counts.set(u.orgId, (counts.get(u.orgId) ?? 0) + 1)
    return counts
  }, [users.data])
  const shown = (organizations.data?.organizations ?? []).filter((o) => (!kind || o.kind === kind) && (!query || `${o.name} ${o.id} ${o.unifiedCode ?? ''}`.toLowerCase().includes(query.toLowerCase())))

  return (
    <div data-testid="organizations-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('机构管理', 'Organizations')}
        </Typography.Title>
        {manages ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="org-new">
            {t('新建机构', 'New organization')}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary">
        {manages
          ? t('系统管理员负责机构与账户；角色由安全管理员授予（三员分立）。', 'The system administrator runs organizations and accounts; the security administrator grants roles (separation of duties).')
          : t('只读：机构由系统管理员维护。', 'Read-only: the system administrator maintains organizations.')}
      </Typography.Paragraph>
      <ServerError error={organizations.error ?? toggle.error} />
      <Card size="small">
        <Space style={{ marginBottom: 12 }} wrap>
          <Select allowClear placeholder={t('机构类型', 'Kind')} style={{ width: 200 }} value={kind} onChange={setKind} options={ORG_KINDS.map((k) => ({ value: k, label: label(ORG_KIND_LABELS, k) }))} />
          <Input.Search allowClear placeholder={t('名称、编号或信用代码', 'Name, id or credit code')} style={{ width: 280 }} onSearch={setQuery} onChange={(e) => !e.target.value && setQuery('')} />
        </Space>
        <Table<Organization>
          data-testid="organizations-table"
          size="small"
          rowKey="id"
          loading={organizations.loading}
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('名称', 'Name'), dataIndex: 'name', render: (v: string, o) => <Space direction="vertical" size={0}><span>{v}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.id}</Typography.Text></Space> },
            { title: t('类型', 'Kind'), dataIndex: 'kind', width: 150, render: (k: OrgKind) => <Tag>{label(ORG_KIND_LABELS, k)}</Tag> },
            { title: t('行政区划', 'Jurisdiction'), dataIndex: 'jurisdiction', width: 130, render: (code: string) => `${JURISDICTIONS[code] ?? ''} ${code}` },
            { title: t('统一社会信用代码', 'Credit code'), dataIndex: 'unifiedCode', width: 190, render: (v: string | null) => v ?? '—' },
            { title: t('账户', 'Accounts'), key: 'users', width: 80, render: (_: unknown, o) => <Link to={`/admin/users?orgId=${o.id}`}>{usersPerOrg.get(o.id) ?? 0}</Link> },
            { title: t('状态', 'Status'), dataIndex: 'status', width: 80, render: (s: string) => <StatusTag status={s}>{s === 'active' ? t('启用', 'Active') : t('停用', 'Disabled')}</StatusTag> },
            { title: t('更新', 'Updated'), dataIndex: 'updatedAt', width: 140, render: (v: string) => formatTime(v) },
            ...(manages
              ? [
                  {
                    title: t('操作', 'Actions'),
                    key: 'actions',
                    width: 150,
                    render: (_: unknown, o: Organization) => (
                      <Space size={4}>
                        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(o)}>
                          {t('编辑', 'Edit')}
                        </Button>
                        <Popconfirm
                          title={o.status === 'active' ? t('停用该机构？其账户将无法办理业务。', 'Disable it? Its accounts can no longer act.') : t('重新启用该机构？', 'Enable it again?')}
                          onConfirm={() => void toggle.run(o)}
                          okText={t('确定', 'OK')}
                          cancelText={t('取消', 'Cancel')}
                        >
                          <Button size="small" danger={o.status === 'active'} data-testid={`org-toggle-${o.id}`}>
                            {o.status === 'active' ? t('停用', 'Disable') : t('启用', 'Enable')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing ? (
        <OrganizationModal
          organization={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            void organizations.reload()
          }}
        />
      ) : null}
    </div>
  )
}

interface OrganizationForm {
  name: string
  kind: OrgKind
  jurisdiction: string
  unifiedCode?: string
}

function OrganizationModal({ organization, onClose, onSaved }: { organization: Organization | null; onClose(): void; onSaved(): void }) {
  const t = useT()
  const label = useLabel()
  const [form] = Form.useForm<OrganizationForm>()
  const action = useAction(async (values: OrganizationForm) => {
    const unifiedCode = values.unifiedCode?.trim().toUpperCase() || undefined
    if (organization) return patch<Organization>(`/api/v1/organizations/${organization.id}`, { name: values.name.trim(), unifiedCode: unifiedCode ?? null })
    return post<Organization>('/api/v1/organizations', { name: values.name.trim(), kind: values.kind, jurisdiction: values.jurisdiction, ...(unifiedCode ? { unifiedCode } : {}) })
  })
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    if (await action.run(values)) onSaved()
  }
  return (
    <Modal
      open
      title={organization ? t('编辑机构', 'Edit organization') : t('新建机构', 'New organization')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('保存', 'Save')}
      okButtonProps={{ loading: action.running, ...({ 'data-testid': 'org-save' } as Record<string, string>) }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form<OrganizationForm>
        form={form}
        layout="vertical"
        initialValues={organization ? { name: organization.name, kind: organization.kind, jurisdiction: organization.jurisdiction, unifiedCode: organization.unifiedCode ?? undefined } : { jurisdiction: '130700' }}
      >
        <Form.Item name="name" label={t('机构名称', 'Name')} rules={[{ required: true, whitespace: true, message: t('请填写机构名称', 'Enter the name') }, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={t('机构类型', 'Kind')} rules={[{ required: true, message: t('请选择类型', 'Pick a kind') }]} extra={organization ? t('类型和行政区划创建后不可更改。', 'Kind and jurisdiction are fixed once created.') : undefined}>
          <Select disabled={organization !== null} options={ORG_KINDS.map((k) => ({ value: k, label: label(ORG_KIND_LABELS, k) }))} />
        </Form.Item>
        <Form.Item name="jurisdiction" label={t('行政区划', 'Jurisdiction')} rules={[{ required: true }]}>
          <Select disabled={organization !== null} showSearch optionFilterProp="label" options={Object.entries(JURISDICTIONS).map(([code, name]) => ({ value: code, label: `${name} ${code}` }))} />
        </Form.Item>
        <Form.Item
          name="unifiedCode"
          label={t('统一社会信用代码（可选）', 'Unified social credit code (optional)')}
          normalize={(v: string) => v?.toUpperCase()}
          rules={[{ pattern: USCC_PATTERN, message: t('18 位，GB 32100 字符集（不含 I、O、Z、S、V）', '18 characters of GB 32100 (no I, O, Z, S, V)') }]}
        >
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
