import { ArrowLeftOutlined } from '@ant-design/icons'
import { Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Steps, Table, Tag, Timeline, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { REGISTRATION_KIND_NAMES, RegistrationStatusTag, STEP_NAMES, useNames } from './labels.tsx'
import { useOrganizationNames, useUserNames } from './lookups.ts'
import { NoticePeriod } from './NoticePeriod.tsx'
import { ReasonModal } from './ReasonModal.tsx'
import { BureauActions, ObjectionForm, ResubmitForm } from './RegistrationActions.tsx'
import { RegistrationFacts } from './RegistrationFacts.tsx'
import type { Objection, Registration, RegistrationStatus } from './types.ts'

/** Where a status sits on the way: 申请 → 受理 → 形式审查 → 公示 → 登记. */
const STEP_OF: Record<RegistrationStatus, number> = { applied: 0, refused: 0, accepted: 1, returned: 1, notice: 2, stopped: 2, registered: 3, cancelled: 3 }

/** One registration: its facts, its way so far, the public notice with its end date, objections and history. */
export default function RegistrationDetailPage() {
  const { id = '' } = useParams()
  const t = useT()
  const me = useMe()
  const names = useNames()
  const navigate = useNavigate()
  const userName = useUserNames()
  const orgName = useOrganizationNames()
  const { data: registration, error, loading, reload } = useGet<Registration>(`/api/v1/registrations/${id}`)
  // Once registered, the applicant's name is a public fact (the registration code lookup gives it).
  const published = useGet<{ applicant: { orgId: string; name: string } }>(registration?.registrationCode ? `/api/v1/public/registrations/${registration.registrationCode}` : null)
  const applicantName = (orgId: string) => (published.data?.applicant.orgId === orgId ? published.data.applicant.name : orgName(orgId))
  const [resolving, setResolving] = useState<{ objection: Objection; decision: 'uphold' | 'dismiss' } | null>(null)

  if (loading && !registration) return <Spin style={{ display: 'block', margin: 48 }} />
  if (!registration) return error ? <Result status="404" title={t('没有这项登记，或您无权查看', 'No such registration, or not yours to see')} extra={<ServerError error={error} />} /> : null

  const r = registration
  const isBureau = me.organization.kind === 'bureau'
  const isApplicant = me.organization.id === r.applicantOrgId
  const failed = r.status === 'refused' || r.status === 'stopped'
  // Who took a step: the user when the caller may know them, else the applicant's organization for its own steps.
  const actor = (h: Registration['history'][number]) => {
    if (h.by === 'public') return t('公众', 'the public')
    const name = userName(h.by)
    return name === h.by && (h.step === 'apply' || h.step === 'resubmit') ? applicantName(r.applicantOrgId) : name
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/registrations')} style={{ paddingLeft: 0 }}>
        {t('登记列表', 'Registrations')}
      </Button>
      <Card data-testid="registration-detail">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {r.facts.name}
        </Typography.Title>
        <Space wrap style={{ marginBottom: 16 }}>
          <RegistrationStatusTag status={r.status} />
          <Tag>{names(REGISTRATION_KIND_NAMES, r.kind)}</Tag>
          <Typography.Text type="secondary" copyable>
            {r.id}
          </Typography.Text>
          {r.registrationCode ? (
            <Tag color="green" data-testid="registration-code">
              {t('登记编号', 'Code')} {r.registrationCode}
            </Tag>
          ) : null}
        </Space>
        <Steps
          size="small"
          current={STEP_OF[r.status]}
          status={failed ? 'error' : r.status === 'returned' ? 'error' : r.status === 'registered' ? 'finish' : 'process'}
          items={[
            { title: t('申请', 'Applied'), description: formatTime(r.appliedAt) },
            { title: t('受理与形式审查', 'Acceptance and formal review'), description: r.status === 'returned' ? t('退回补正', 'returned') : undefined },
            { title: t('公示（10 日）', 'Public notice (10 days)'), description: r.noticeEndsOn ? t(`至 ${r.noticeEndsOn}`, `until ${r.noticeEndsOn}`) : undefined },
            { title: t('发放登记编号', 'Code issued'), description: r.registeredOn ?? undefined },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('登记事项', 'Registered facts')}>
              <RegistrationFacts registration={r} />
              <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
                <Descriptions.Item label={t('申请单位', 'Applicant')}>{applicantName(r.applicantOrgId)}</Descriptions.Item>
                <Descriptions.Item label={t('权益说明', 'Rights')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{r.rights}</span>
                </Descriptions.Item>
              </Descriptions>
              <Table
                size="small"
                rowKey="hash"
                pagination={false}
                title={() => t('申请材料', 'Documents')}
                dataSource={[...r.documents]}
                columns={[
                  { title: t('名称', 'Name'), dataIndex: 'name' },
                  { title: t('摘要', 'Hash'), dataIndex: 'hash', render: (h: string) => <Typography.Text code copyable={{ text: h }}>{`${h.slice(0, 16)}…`}</Typography.Text> },
                ]}
              />
              {r.changes?.length ? (
                <Table
                  size="small"
                  style={{ marginTop: 12 }}
                  rowKey="item"
                  pagination={false}
                  title={() => t('变更事项', 'Changes')}
                  dataSource={[...r.changes]}
                  columns={[
                    { title: t('事项', 'Item'), dataIndex: 'item' },
                    { title: t('变更前', 'Before'), dataIndex: 'before' },
                    { title: t('变更后', 'After'), dataIndex: 'after' },
                  ]}
                />
              ) : null}
            </Card>
            <Card title={t('异议', 'Objections')} data-testid="registration-objections">
              {r.objections.length === 0 ? (
                <Empty description={r.status === 'notice' ? t('公示期间尚无异议', 'No objection so far') : t('无异议', 'No objection')} />
              ) : (
                <Table<Objection>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={[...r.objections]}
                  columns={[
                    { title: t('提出时间', 'Filed'), dataIndex: 'filedAt', render: formatTime, width: 150 },
                    { title: t('异议人', 'Objector'), key: 'who', render: (_, o) => (o.name ? `${o.name}（${o.contact ?? ''}）` : t('（仅登记机构可见）', '(seen by the bureau)')) },
                    { title: t('理由', 'Reason'), dataIndex: 'reason' },
                    {
                      title: t('处理', 'Resolution'),
                      key: 'status',
                      render: (_, o) =>
                        o.status === 'open' ? (
                          isBureau ? (
                            <Space>
                              <Button size="small" danger onClick={() => setResolving({ objection: o, decision: 'uphold' })} data-testid={`objection-uphold-${o.id}`}>
                                {t('异议成立', 'Uphold')}
                              </Button>
                              <Button size="small" onClick={() => setResolving({ objection: o, decision: 'dismiss' })} data-testid={`objection-dismiss-${o.id}`}>
                                {t('不成立', 'Dismiss')}
                              </Button>
                            </Space>
                          ) : (
                            <Tag color="blue">{t('待处理', 'Open')}</Tag>
                          )
                        ) : (
                          <span>
                            <Tag color={o.status === 'upheld' ? 'red' : 'default'}>{o.status === 'upheld' ? t('成立', 'Upheld') : t('不成立', 'Dismissed')}</Tag>
                            {o.resolutionNote}
                          </span>
                        ),
                    },
                  ]}
                />
              )}
              <div style={{ marginTop: 16 }}>
                <ObjectionForm registration={r} onDone={() => void reload()} />
              </div>
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {r.noticeStartedOn ? (
              <Card title={t('公示期', 'Public notice')} data-testid="registration-notice">
                <NoticePeriod startedOn={r.noticeStartedOn} endsOn={r.noticeEndsOn} />
              </Card>
            ) : null}
            {isBureau && ['applied', 'accepted', 'notice'].includes(r.status) ? (
              <Card title={t('登记机构办理', 'The bureau\'s next step')}>
                <BureauActions registration={r} onDone={() => void reload()} />
              </Card>
            ) : null}
            {isApplicant && r.status === 'returned' ? (
              <Card title={t('补正后重新提交', 'Correct and resubmit')}>
                <ResubmitForm registration={r} onDone={() => void reload()} />
              </Card>
            ) : null}
            <Card title={t('办理记录', 'History')} data-testid="registration-history">
              <Timeline
                items={r.history.map((h) => ({
                  color: h.step === 'refuse' || h.step === 'stop' ? 'red' : h.step === 'return' ? 'orange' : h.step === 'issue' ? 'green' : 'blue',
                  children: (
                    <div>
                      <Typography.Text strong>{names(STEP_NAMES, h.step)}</Typography.Text>{' '}
                      <Typography.Text type="secondary">
                        {formatTime(h.at)} · {actor(h)}
                      </Typography.Text>
                      {h.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{h.note}</div> : null}
                    </div>
                  ),
                }))}
              />
            </Card>
          </Space>
        </Col>
      </Row>
      {resolving ? (
        <ReasonModal
          open
          title={resolving.decision === 'uphold' ? t('异议成立：登记终止', 'Uphold: the registration stops') : t('异议不成立：登记继续', 'Dismiss: the registration continues')}
          label={t('处理意见', 'Resolution')}
          max={2000}
          danger={resolving.decision === 'uphold'}
          testId="objection-resolve-modal"
          onSubmit={(note) => post(`/api/v1/registrations/${r.id}/objections/${resolving.objection.id}/resolution`, { decision: resolving.decision, note })}
          onClose={() => setResolving(null)}
          onDone={() => void reload()}
        />
      ) : null}
    </Space>
  )
}
