import { KeyOutlined, LockOutlined, PlusOutlined, SafetyOutlined, UnlockOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { del, post, put } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { isSecurityAdmin, isSystemAdmin } from './access.ts'
import { ROLE_COLORS, ROLE_HINTS, ROLE_LABELS, useLabel } from './labels.ts'
import { passwordProblems } from './password.ts'
import { ADMIN_ROLES, isLocked, needsTotp, ROLES, USERNAME_PATTERN, type Organization, type Role, type User } from './types.ts'

/**
 * 账户管理: the system administrator creates accounts and enables or disables them; the security
 * administrator grants roles (三员分立, never to themselves), unlocks accounts and resets second
 * factors. Every refusal of the server shows where it happened.
 */
export default function UsersPage() {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const orgId = params.get('orgId') ?? undefined
  const users = useGet<{ users: User[] }>('/api/v1/users')
  const organizations = useGet<{ organizations: Organization[] }>('/api/v1/organizations')
  const [role, setRole] = useState<Role | undefined>(undefined)
  const [query, setQuery] = useState('')
  const [creating, setCreating] = useState(false)
  const [granting, setGranting] = useState<User | null>(null)
  // One action at a time per row; its refusal shows above the table, naming the account.
  const [acted, setActed] = useState<string | null>(null)
  const act = useAction(async (user: User, what: 'enable' | 'disable' | 'unlock' | 'reset-totp') => {
    setActed(user.username)
    if (what === 'unlock') await post(`/api/v1/users/${user.id}/unlock`)
    else if (what === 'reset-totp') await del(`/api/v1/users/${user.id}/totp`)
    else await put(`/api/v1/users/${user.id}/status`, { status: what === 'enable' ? 'active' : 'disabled' })
    await users.reload()
  })
  const system = isSystemAdmin(me)
  const security = isSecurityAdmin(me)

  const orgName = useMemo(() => new Map((organizations.data?.organizations ?? []).map((o) => [o.id, o.name])), [organizations.data])
  const shown = (users.data?.users ?? []).filter(
    (u) => (!orgId || u.orgId === orgId) && (!role || u.roles.includes(role)) && (!query || `${u.username} ${u.displayName}`.toLowerCase().includes(query.toLowerCase())),
  )

  return (
    <div data-testid="users-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('账户管理', 'Accounts')}
        </Typography.Title>
        {system ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-new">
            {t('新建账户', 'New account')}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary">
        {t(
          '三员分立：系统管理员建立与停用账户，安全管理员授予角色、解锁与重置双因素，审计管理员查阅审计日志；任何人不能兼任两员，也不能给自己授予角色。',
          'Separation of duties: the system administrator creates and disables accounts, the security administrator grants roles, unlocks and resets second factors, the audit administrator reads the log; nobody holds two of these, nobody grants roles to themselves.',
        )}
      </Typography.Paragraph>
      <ServerError error={users.error} />
      {act.error ? (
        <div data-testid="user-action-error">
          <Typography.Text type="secondary">{acted}</Typography.Text>
          <ServerError error={act.error} />
        </div>
      ) : null}
      <Card size="small">
        <Space style={{ marginBottom: 12 }} wrap>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('机构', 'Organization')}
            style={{ width: 280 }}
            value={orgId}
            onChange={(value?: string) => setParams(value ? { orgId: value } : {})}
            options={(organizations.data?.organizations ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
          <Select allowClear placeholder={t('角色', 'Role')} style={{ width: 160 }} value={role} onChange={setRole} options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS, r) }))} />
          <Input.Search allowClear placeholder={t('用户名或姓名', 'Username or name')} style={{ width: 240 }} onSearch={setQuery} onChange={(e) => !e.target.value && setQuery('')} />
        </Space>
        <Table<User>
          data-testid="users-table"
          size="small"
          rowKey="id"
          loading={users.loading}
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1100 }}
          columns={[
            {
              title: t('账户', 'Account'),
              dataIndex: 'username',
              width: 200,
              render: (v: string, u) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{v}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {u.displayName}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('机构', 'Organization'), dataIndex: 'orgId', width: 220, ellipsis: true, render: (id: string) => orgName.get(id) ?? id },
            {
              title: t('角色', 'Roles'),
              dataIndex: 'roles',
              render: (roles: Role[]) => (roles.length ? roles.map((r) => <Tag key={r} color={ROLE_COLORS[r]}>{label(ROLE_LABELS, r)}</Tag>) : <Tag color="warning">{t('无角色', 'No role')}</Tag>),
            },
            {
              title: t('状态', 'Status'),
              key: 'status',
              width: 150,
              render: (_: unknown, u) => (
                <Space size={4} wrap>
                  <StatusTag status={u.status}>{u.status === 'active' ? t('启用', 'Active') : t('停用', 'Disabled')}</StatusTag>
                  {isLocked(u) ? (
                    <Tooltip title={`${t('锁定至', 'Locked until')} ${formatTime(u.lockedUntil)}`}>
                      <Tag icon={<LockOutlined />} color="red">
                        {t('已锁定', 'Locked')}
                      </Tag>
                    </Tooltip>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('双因素', 'TOTP'),
              dataIndex: 'totpEnabled',
              width: 90,
              render: (on: boolean, u) => (on ? <Tag color="green">{t('已启用', 'On')}</Tag> : needsTotp(u) ? <Tag color="orange">{t('应启用', 'Required')}</Tag> : <Tag>{t('未启用', 'Off')}</Tag>),
            },
            { title: t('创建', 'Created'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatTime(v) },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              width: 260,
              fixed: 'right',
              render: (_: unknown, u) => (
                <Space size={4} wrap>
                  {security ? (
                    <Button size="small" icon={<SafetyOutlined />} onClick={() => setGranting(u)} data-testid={`user-roles-${u.username}`}>
                      {t('角色', 'Roles')}
                    </Button>
                  ) : null}
                  {security && isLocked(u) ? (
                    <Button size="small" icon={<UnlockOutlined />} onClick={() => void act.run(u, 'unlock')} data-testid={`user-unlock-${u.username}`}>
                      {t('解锁', 'Unlock')}
                    </Button>
                  ) : null}
                  {security && u.totpEnabled ? (
                    <Popconfirm title={t('重置其双因素？其所有会话将结束，须重新绑定。', 'Reset the second factor? Its sessions end and it must enroll again.')} onConfirm={() => void act.run(u, 'reset-totp')} okText={t('重置', 'Reset')} cancelText={t('取消', 'Cancel')}>
                      <Button size="small">{t('重置双因素', 'Reset TOTP')}</Button>
                    </Popconfirm>
                  ) : null}
                  {security ? (
                    <Link to={`/api-tokens?userId=${u.id}`}>
                      <Button size="small" icon={<KeyOutlined />}>
                        {t('令牌', 'Tokens')}
                      </Button>
                    </Link>
                  ) : null}
                  {system ? (
                    <Popconfirm
                      title={u.status === 'active' ? t('停用该账户？其所有会话将立即结束。', 'Disable the account? Its sessions end at once.') : t('重新启用该账户？', 'Enable the account again?')}
                      onConfirm={() => void act.run(u, u.status === 'active' ? 'disable' : 'enable')}
                      okText={t('确定', 'OK')}
                      cancelText={t('取消', 'Cancel')}
                    >
                      <Button size="small" danger={u.status === 'active'} data-testid={`user-toggle-${u.username}`}>
                        {u.status === 'active' ? t('停用', 'Disable') : t('启用', 'Enable')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {creating ? (
        <CreateUserModal
          organizations={organizations.data?.organizations ?? []}
          defaultOrgId={orgId}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false)
            void users.reload()
          }}
        />
      ) : null}
      {granting ? (
        <RolesModal
          user={granting}
          self={granting.id === me.user.id}
          onClose={() => setGranting(null)}
          onSaved={() => {
            setGranting(null)
            void users.reload()
          }}
        />
      ) : null}
    </div>
  )
}

interface CreateForm {
  orgId: string
  username: string
  displayName: string
  password: string
  confirm: string
  roles: Role[]
}

/** A new account gets business roles only; administrator roles are granted afterwards, by the security administrator. */
function CreateUserModal({ organizations, defaultOrgId, onClose, onCreated }: { organizations: readonly Organization[]; defaultOrgId?: string; onClose(): void; onCreated(): void }) {
  const t = useT()
  const label = useLabel()
  const [form] = Form.useForm<CreateForm>()
  const action = useAction((values: CreateForm) =>
    post<User>('/api/v1/users', { orgId: values.orgId, username: values.username.trim(), displayName: values.displayName.trim(), password: values.password, roles: values.roles }),
  )
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    if (await action.run(values)) onCreated()
  }
  return (
    <Modal
      open
      width={560}
      title={t('新建账户', 'New account')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('创建', 'Create')}
      okButtonProps={{ loading: action.running, ...({ 'data-testid': 'user-create' } as Record<string, string>) }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form<CreateForm> form={form} layout="vertical" initialValues={{ orgId: defaultOrgId, roles: ['member'] }} data-testid="user-create-form">
        <Form.Item name="orgId" label={t('所属机构', 'Organization')} rules={[{ required: true, message: t('请选择机构', 'Pick the organization') }]}>
          <Select showSearch optionFilterProp="label" options={organizations.filter((o) => o.status === 'active').map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item
          name="username"
          label={t('用户名', 'Username')}
          rules={[
            { required: true, message: t('请填写用户名', 'Enter a username') },
            { pattern: USERNAME_PATTERN, message: t('小写字母开头，2–63 位小写字母、数字或 . _ -', 'Lowercase letter first, 2–63 of a–z 0–9 . _ -') },
          ]}
        >
          <Input autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('姓名', 'Name')} rules={[{ required: true, whitespace: true, message: t('请填写姓名', 'Enter a name') }, { max: 100 }]}>
          <Input maxLength={100} data-testid="user-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('初始密码', 'Initial password')}
          dependencies={['username']}
          rules={[
            { required: true, message: t('请设置初始密码', 'Set an initial password') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) => {
                const problems = value ? passwordProblems(value, getFieldValue('username') ?? '', t) : []
                return problems.length ? Promise.reject(new Error(problems.join('；'))) : Promise.resolve()
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('确认密码', 'Confirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('请再输入一次', 'Enter it again') },
            ({ getFieldValue }) => ({ validator: (_, value) => (value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('两次输入不一致', 'The two do not match')))) }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-confirm" />
        </Form.Item>
        <Form.Item name="roles" label={t('业务角色', 'Business roles')} extra={t('管理员角色须在账户建立后由安全管理员授予；产品审核员仅限一级开发运营主体（第二十五条）。', 'Administrator roles are granted afterwards by the security administrator; reviewers belong to the operator (art. 25).')}>
          <Checkbox.Group options={(['member', 'reviewer'] as const).map((r) => ({ value: r, label: label(ROLE_LABELS, r) }))} />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}

/** The security administrator's grant; the server holds 三员分立 and refuses a grant to oneself. */
function RolesModal({ user, self, onClose, onSaved }: { user: User; self: boolean; onClose(): void; onSaved(): void }) {
  const t = useT()
  const label = useLabel()
  const [form] = Form.useForm<{ roles: Role[] }>()
  const roles = Form.useWatch('roles', form) ?? [...user.roles]
  const action = useAction((values: { roles: Role[] }) => put<User>(`/api/v1/users/${user.id}/roles`, { roles: values.roles }))
  const admins = roles.filter((r) => ADMIN_ROLES.includes(r))
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    if (await action.run(values)) onSaved()
  }
  return (
    <Modal
      open
      title={`${t('设置角色', 'Set roles')} · ${user.username}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('保存', 'Save')}
      okButtonProps={{ loading: action.running, ...({ 'data-testid': 'roles-save' } as Record<string, string>) }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
      data-testid="roles-modal"
    >
      {self ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('这是您自己的账户：任何人不能给自己授予角色。', 'This is your own account: nobody grants roles to themselves.')} /> : null}
      <Form form={form} layout="vertical" initialValues={{ roles: [...user.roles] }}>
        <Form.Item name="roles" label={t('角色', 'Roles')}>
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {ROLES.map((r) => (
              <Checkbox key={r} value={r} data-testid={`role-${r}`}>
                <Tag color={ROLE_COLORS[r]}>{label(ROLE_LABELS, r)}</Tag>
                <Typography.Text type="secondary">{label(ROLE_HINTS, r)}</Typography.Text>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
      </Form>
      {admins.length > 1 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('三员分立：系统、安全、审计管理员不能由同一人兼任，平台将拒绝。', 'Separation of duties: one person may not hold two administrator roles; the platform will refuse.')}
        />
      ) : null}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('新角色在其下次登录时生效，现有会话立即结束。', 'New roles take effect at the next sign-in; current sessions end now.')}
      </Typography.Paragraph>
      <ServerError error={action.error} />
    </Modal>
  )
}
