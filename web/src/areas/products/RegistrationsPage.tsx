import { PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import { Button, Card, Col, Row, Space, Statistic, Table, Tabs, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ApplyRegistrationModal } from './ApplyRegistrationModal.tsx'
import { REGISTRATION_KIND_NAMES, RegistrationStatusTag, useNames } from './labels.tsx'
import { useOrganizationNames } from './lookups.ts'
import { NoticePeriod, noticeState } from './NoticePeriod.tsx'
import type { Registration, RegistrationStatus } from './types.ts'

/** The tabs of the list: what the bureau works on first, then what is done. */
const TABS = ['todo', 'applied', 'accepted', 'returned', 'notice', 'registered', 'closed', 'all'] as const
type TabKey = (typeof TABS)[number]

const CLOSED: readonly RegistrationStatus[] = ['refused', 'stopped', 'cancelled']

/** What the registration agency (the bureau) must act on now: an application, a formal review, an objection, a code to issue. */
function bureauMustAct(r: Registration): boolean {
  if (r.status === 'applied' || r.status === 'accepted') return true
  if (r.status !== 'notice') return false
  return r.objections.some((o) => o.status === 'open') || !noticeState(r.noticeStartedOn, r.noticeEndsOn).running
}

/**
 * 产品登记 (art. 22): applications for the registration of products and resources, from
 * application through acceptance (受理), formal review (形式审查), the 10-day public notice (公示)
 * with its objections, to the registration code.
 */
export default function RegistrationsPage() {
  const t = useT()
  const me = useMe()
  const names = useNames()
  const navigate = useNavigate()
  const orgName = useOrganizationNames()
  const isBureau = me.organization.kind === 'bureau'
  const canApply = me.organization.kind === 'developer' || me.organization.kind === 'operator'
  const [params, setParams] = useSearchParams()
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : isBureau ? 'todo' : 'all'
  const [applying, setApplying] = useState(false)
  const { data, error, loading, reload } = useGet<{ registrations: Registration[] }>('/api/v1/registrations')
  const all = useMemo(() => [...(data?.registrations ?? [])].sort((a, b) => b.appliedAt.localeCompare(a.appliedAt)), [data])

  const inTab = (r: Registration, key: TabKey): boolean => {
    switch (key) {
      case 'todo':
        return isBureau ? bureauMustAct(r) : r.status === 'returned'
      case 'closed':
        return CLOSED.includes(r.status)
      case 'all':
        return true
      default:
        return r.status === key
    }
  }
  const rows = all.filter((r) => inTab(r, tab))
  const count = (key: TabKey) => all.filter((r) => inTab(r, key)).length
  const tabLabel: Record<TabKey, string> = {
    todo: isBureau ? t('待办', 'To do') : t('待补正', 'To correct'),
    applied: t('待受理', 'Applied'),
    accepted: t('形式审查', 'Formal review'),
    returned: t('退回补正', 'Returned'),
    notice: t('公示中', 'In notice'),
    registered: t('已登记', 'Registered'),
    closed: t('已终止', 'Closed'),
    all: t('全部', 'All'),
  }
  const issuable = all.filter((r) => r.status === 'notice' && !noticeState(r.noticeStartedOn, r.noticeEndsOn).running).length
  const openObjections = all.reduce((n, r) => n + r.objections.filter((o) => o.status === 'open').length, 0)

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {isBureau ? (
        <Row gutter={16} data-testid="registrations-stats">
          {[
            { title: t('待受理', 'To accept'), value: count('applied'), tab: 'applied' as const },
            { title: t('待形式审查', 'To review'), value: count('accepted'), tab: 'accepted' as const },
            { title: t('公示中', 'In notice'), value: count('notice') - issuable, tab: 'notice' as const },
            { title: t('公示期满待发证', 'Ready to issue'), value: issuable, tab: 'notice' as const },
            { title: t('待处理异议', 'Open objections'), value: openObjections, tab: 'notice' as const },
          ].map((s) => (
            <Col key={s.title} xs={12} md={8} xl={4}>
              <Card size="small" hoverable onClick={() => setParams({ tab: s.tab })}>
                <Statistic title={s.title} value={s.value} valueStyle={s.value > 0 ? { color: '#1d5fbf' } : undefined} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : null}
      <Card
        title={t('产品与资源登记', 'Registration')}
        extra={
          <Space>
            {canApply ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)} data-testid="registration-apply">
                {t('申请登记', 'Apply')}
              </Button>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
              {t('刷新', 'Reload')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          {t(
            '依第二十二条，数据产品和授权运营的公共数据资源须经登记：申请 → 受理 → 形式审查 → 公示（10 日，期间任何人可提出异议）→ 发放登记编号。',
            'Art. 22: products and resources in operation are registered: application → acceptance → formal review → public notice (10 days, anyone may object) → registration code.',
          )}
        </Typography.Paragraph>
        <ServerError error={error} />
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key })}
          items={TABS.map((key) => ({ key, label: `${tabLabel[key]} (${count(key)})` }))}
        />
        <Table<Registration>
          rowKey="id"
          loading={loading}
          dataSource={rows}
          data-testid="registrations-table"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => navigate(`/registrations/${r.id}`), style: { cursor: 'pointer' } })}
          locale={{ emptyText: tab === 'todo' ? t('没有待办的登记', 'Nothing to do') : t('暂无登记', 'No registration') }}
          columns={[
            {
              title: t('登记对象', 'Subject'),
              key: 'subject',
              render: (_, r) => (
                <div>
                  <Link to={`/registrations/${r.id}`} onClick={(e) => e.stopPropagation()} data-testid={`registration-link-${r.id}`}>
                    {r.facts.name}
                  </Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.subject.type === 'product' ? t('数据产品', 'Product') : t('公共数据资源', 'Resource')} {r.subject.code}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            { title: t('登记类型', 'Kind'), dataIndex: 'kind', render: (k: string) => names(REGISTRATION_KIND_NAMES, k), width: 110 },
            { title: t('申请单位', 'Applicant'), dataIndex: 'applicantOrgId', render: (id: string) => orgName(id) },
            { title: t('申请时间', 'Applied'), dataIndex: 'appliedAt', render: formatTime, width: 150 },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (s: RegistrationStatus) => <RegistrationStatusTag status={s} />, width: 120 },
            {
              title: t('公示期', 'Public notice'),
              key: 'notice',
              render: (_, r) => (r.status === 'notice' ? <NoticePeriod startedOn={r.noticeStartedOn} endsOn={r.noticeEndsOn} compact /> : r.noticeEndsOn ? `${r.noticeStartedOn} → ${r.noticeEndsOn}` : '—'),
            },
            {
              title: t('登记编号', 'Code'),
              dataIndex: 'registrationCode',
              render: (code: string | null) => (code ? <Typography.Text code>{code}</Typography.Text> : '—'),
            },
          ]}
        />
      </Card>
      <ApplyRegistrationModal open={applying} onClose={() => setApplying(false)} onDone={(r) => { void reload(); navigate(`/registrations/${r.id}`) }} />
    </Space>
  )
}
