import { FileSearchOutlined, LockOutlined, SafetyCertificateOutlined, TeamOutlined, UnlockOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Empty, List, Row, Space, Statistic, Tag, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { get, post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { isAuditAdmin, isSecurityAdmin, isSystemAdmin } from './access.ts'
import { ROLE_COLORS, ROLE_LABELS, useLabel } from './labels.ts'
import { isLocked, needsTotp, type Organization, type User } from './types.ts'

/**
 * The three administrators' today (三员): the system administrator's disabled accounts and
 * organizations without accounts, the security administrator's locked accounts and missing
 * second factors, the audit administrator's chain verification and refusals of the last day.
 */
export default function AdminWorkbench() {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const users = useGet<{ users: User[] }>('/api/v1/users')
  const organizations = useGet<{ organizations: Organization[] }>('/api/v1/organizations')
  return (
    <div data-testid="admin-workbench">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('管理员工作台', 'Administration today')}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        {me.user.roles.map((r) => (
          <Tag key={r} color={ROLE_COLORS[r]}>
            {label(ROLE_LABELS, r)}
          </Tag>
        ))}
        <Typography.Text type="secondary">{me.organization.name}</Typography.Text>
      </Space>
      {!me.user.totpEnabled ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="admin-totp-warning"
          message={t('管理员账户应启用双因素认证（生产环境强制）。', 'Administrators sign in with a second factor (required in production).')}
          action={
            <Link to="/account">
              <Button size="small">{t('去绑定', 'Enroll')}</Button>
            </Link>
          }
        />
      ) : null}
      <ServerError error={users.error ?? organizations.error} />
      {isSystemAdmin(me) ? <SystemDuties users={users.data?.users ?? []} organizations={organizations.data?.organizations ?? []} /> : null}
      {isSecurityAdmin(me) ? <SecurityDuties users={users.data?.users ?? []} reload={users.reload} /> : null}
      {isAuditAdmin(me) ? <AuditDuties /> : null}
    </div>
  )
}

function SystemDuties({ users, organizations }: { users: readonly User[]; organizations: readonly Organization[] }) {
  const t = useT()
  const disabledUsers = users.filter((u) => u.status === 'disabled')
  const withAccounts = new Set(users.map((u) => u.orgId))
  const empty = organizations.filter((o) => o.status === 'active' && !withAccounts.has(o.id))
  const disabledOrgs = organizations.filter((o) => o.status === 'disabled')
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={6}>
          <Link to="/admin/organizations">
            <Card size="small" hoverable>
              <Statistic title={t('机构（启用）', 'Organizations (active)')} value={organizations.length - disabledOrgs.length} suffix={<Typography.Text type="secondary" style={{ fontSize: 14 }}>/ {organizations.length}</Typography.Text>} />
            </Card>
          </Link>
        </Col>
        <Col xs={12} lg={6}>
          <Link to="/admin/users">
            <Card size="small" hoverable>
              <Statistic title={t('账户（启用）', 'Accounts (active)')} value={users.length - disabledUsers.length} suffix={<Typography.Text type="secondary" style={{ fontSize: 14 }}>/ {users.length}</Typography.Text>} prefix={<TeamOutlined />} />
            </Card>
          </Link>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="wb-disabled-users">
            <Statistic title={t('停用账户', 'Disabled accounts')} value={disabledUsers.length} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="wb-empty-orgs">
            <Statistic title={t('尚无账户的机构', 'Organizations without accounts')} value={empty.length} valueStyle={{ color: empty.length ? '#d46b08' : undefined }} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('待建账户的机构', 'Organizations to give accounts')}>
            <List
              size="small"
              dataSource={empty}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('每个启用的机构都有账户', 'Every active organization has accounts')} /> }}
              renderItem={(o) => (
                <List.Item actions={[<Link key="new" to={`/admin/users?orgId=${o.id}`}>{t('建立账户', 'Create accounts')}</Link>]}>
                  {o.name}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('停用的账户', 'Disabled accounts')}>
            <List
              size="small"
              dataSource={disabledUsers}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有停用的账户', 'No disabled accounts')} /> }}
              renderItem={(u) => (
                <List.Item actions={[<Link key="open" to={`/admin/users?orgId=${u.orgId}`}>{t('查看', 'Open')}</Link>]}>
                  {u.username} · {u.displayName}
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </>
  )
}

function SecurityDuties({ users, reload }: { users: readonly User[]; reload(): Promise<void> }) {
  const t = useT()
  const label = useLabel()
  const locked = users.filter((u) => isLocked(u))
  const noTotp = users.filter((u) => u.status === 'active' && needsTotp(u) && !u.totpEnabled)
  const noRole = users.filter((u) => u.status === 'active' && u.roles.length === 0)
  const unlock = useAction(async (id: string) => {
    await post(`/api/v1/users/${id}/unlock`)
    await reload()
  })
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={8}>
          <Card size="small" data-testid="wb-locked">
            <Statistic title={t('待解锁账户', 'Locked accounts')} value={locked.length} valueStyle={{ color: locked.length ? '#cf1322' : undefined }} prefix={<LockOutlined />} />
          </Card>
        </Col>
        <Col xs={12} lg={8}>
          <Card size="small" data-testid="wb-no-totp">
            <Statistic title={t('应启用双因素而未启用', 'Second factor missing')} value={noTotp.length} valueStyle={{ color: noTotp.length ? '#d46b08' : undefined }} prefix={<SafetyCertificateOutlined />} />
          </Card>
        </Col>
        <Col xs={12} lg={8}>
          <Card size="small" data-testid="wb-no-role">
            <Statistic title={t('待授予角色的账户', 'Accounts without a role')} value={noRole.length} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('因登录失败被锁定', 'Locked by failed sign-ins')}>
            <ServerError error={unlock.error} />
            <List
              size="small"
              dataSource={locked}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有被锁定的账户', 'No locked accounts')} /> }}
              renderItem={(u) => (
                <List.Item
                  actions={[
                    <Button key="unlock" size="small" icon={<UnlockOutlined />} loading={unlock.running} onClick={() => void unlock.run(u.id)}>
                      {t('解锁', 'Unlock')}
                    </Button>,
                  ]}
                >
                  {u.username} · {u.displayName} <Typography.Text type="secondary">{t('至', 'until')} {formatTime(u.lockedUntil)}</Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('管理员与审核员的双因素', 'Second factors of administrators and reviewers')}>
            <List
              size="small"
              dataSource={noTotp}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('均已启用', 'All enrolled')} /> }}
              renderItem={(u) => (
                <List.Item>
                  <Space>
                    {u.username}
                    {u.roles.map((r) => (
                      <Tag key={r} color={ROLE_COLORS[r]}>
                        {label(ROLE_LABELS, r)}
                      </Tag>
                    ))}
                  </Space>
                </List.Item>
              )}
            />
            {noRole.length ? (
              <Typography.Paragraph style={{ marginTop: 8 }}>
                <Link to="/admin/users">{t(`${noRole.length} 个账户尚无角色，去授予`, `${noRole.length} accounts have no role: grant them`)}</Link>
              </Typography.Paragraph>
            ) : null}
          </Card>
        </Col>
      </Row>
    </>
  )
}

interface VerifyReport {
  readonly ok: boolean
  readonly entries: number
  readonly headSeq: number
  readonly checkpoints: number
  readonly firstBreak?: { seq: number; message: string }
}

interface AuditEntry {
  readonly seq: number
  readonly occurredAt: string
  readonly actorUsername: string | null
  readonly eventType: string
  readonly result: string
  readonly reason: string | null
}

function AuditDuties() {
  const t = useT()
  // China wall-clock time a day ago, as the audit filter reads times without an offset.
  const since = useMemo(() => new Date(Date.now() - 24 * 3600_000 + 8 * 3600_000).toISOString().slice(0, 16), [])
  const refused = useGet<{ entries: AuditEntry[]; nextBefore?: number }>('/api/v1/audit/entries', { result: 'refused', from: since, limit: 200 })
  const failed = useGet<{ entries: AuditEntry[]; nextBefore?: number }>('/api/v1/audit/entries', { result: 'failure', from: since, limit: 200 })
  const checkpoints = useGet<{ checkpoints: { seq: number; createdAt: string; hash: string }[] }>('/api/v1/audit/checkpoints')
  const [report, setReport] = useState<VerifyReport | undefined>(undefined)
  // Verified once per visit: each verification is itself an audit entry.
  const verify = useAction(async () => setReport(await get<VerifyReport>('/api/v1/audit/verify')))
  const { run } = verify
  useEffect(() => {
    void run()
  }, []) // eslint-disable-line react-hooks/exhaustive-deps
  const latest = checkpoints.data?.checkpoints.at(-1)
  const refusals = [...(refused.data?.entries ?? []), ...(failed.data?.entries ?? [])].sort((a, b) => b.seq - a.seq)
  const more = refused.data?.nextBefore !== undefined || failed.data?.nextBefore !== undefined

  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={8}>
          <Link to="/audit?tab=integrity">
            <Card size="small" hoverable data-testid="wb-chain">
              <Statistic
                title={t('审计日志哈希链', 'Audit hash chain')}
                value={report ? (report.ok ? t('完整', 'Intact') : t('已断裂', 'Broken')) : verify.running ? t('验证中…', 'Verifying…') : '—'}
                valueStyle={{ color: report ? (report.ok ? '#389e0d' : '#cf1322') : undefined }}
                prefix={<SafetyCertificateOutlined />}
              />
            </Card>
          </Link>
        </Col>
        <Col xs={12} lg={8}>
          <Card size="small">
            <Statistic title={t('最新签名检查点', 'Latest checkpoint')} value={latest ? `#${latest.seq}` : '—'} suffix={latest ? <Typography.Text type="secondary" style={{ fontSize: 13 }}>{formatTime(latest.createdAt)}</Typography.Text> : null} />
          </Card>
        </Col>
        <Col xs={12} lg={8}>
          <Link to={`/audit?result=refused&from=${encodeURIComponent(since)}`}>
            <Card size="small" hoverable data-testid="wb-refusals">
              <Statistic title={t('近 24 小时被拒或失败', 'Refused or failed, last 24 h')} value={refusals.length} suffix={more ? '+' : undefined} valueStyle={{ color: refusals.length ? '#d46b08' : undefined }} />
            </Card>
          </Link>
        </Col>
      </Row>
      <ServerError error={verify.error ?? refused.error ?? failed.error} />
      {report && !report.ok ? (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} message={t('审计日志哈希链断裂：须立即调查并报告', 'The audit chain is broken: investigate and report at once')} description={`#${report.firstBreak?.seq}: ${report.firstBreak?.message}`} />
      ) : null}
      <Card
        size="small"
        title={t('近 24 小时的拒绝与失败', 'Refusals and failures, last 24 hours')}
        extra={
          <Link to="/audit">
            <FileSearchOutlined /> {t('审计检索', 'Audit search')}
          </Link>
        }
      >
        <List
          data-testid="wb-refusal-list"
          size="small"
          dataSource={refusals.slice(0, 10)}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有被拒或失败的操作', 'Nothing refused or failed')} /> }}
          renderItem={(e) => (
            <List.Item>
              <Space wrap>
                <Typography.Text type="secondary">{formatTime(e.occurredAt)}</Typography.Text>
                <Tag color={e.result === 'failure' ? 'red' : 'orange'}>{e.result === 'failure' ? t('失败', 'Failure') : t('拒绝', 'Refused')}</Tag>
                <Typography.Text code>{e.eventType}</Typography.Text>
                <span>{e.actorUsername ?? '—'}</span>
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 520 }}>
                  {e.reason}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </>
  )
}
