import { ArrowLeftOutlined, FileAddOutlined, TrophyOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Empty, Form, Input, List, Result, Row, Select, Spin, Table, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ActionButton } from './ActionModal.tsx'
import { APPLICATION_STATUS, CALL_STATUS, SELECTION_METHODS, Status, useWords } from './labels.tsx'
import { PageTitle } from './PageTitle.tsx'
import { NoWrap, OrgName, useOrgNames } from './shared.tsx'
import { ApplicationFields, ApplicationView, ScoreFields, scoreChart, type ApplicationForm } from './ApplicationParts.tsx'
import { callIsOpen, DeadlineTag } from './timing.tsx'
import type { Agreement, Application, Call, Score } from './types.ts'


interface AwardForm {
  applicationId: string
  reason: string
}

/**
 * One call: its conditions and criteria; developers apply answering each condition; after the
 * deadline the operator scores every application by the criteria, with reasons, and awards the
 * best score (art. 13(5)).
 */
export default function CallDetailPage() {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const navigate = useNavigate()
  const orgName = useOrgNames()
  const { id = '' } = useParams()
  const call = useGet<Call>(`/api/v1/calls/${encodeURIComponent(id)}`)
  const applications = useGet<{ applications: Application[] }>(`/api/v1/calls/${encodeURIComponent(id)}/applications`)
  const kind = me.organization.kind
  const agreements = useGet<{ agreements: Agreement[] }>(kind === 'operator' ? '/api/v1/agreements' : null)

  const apps = applications.data?.applications ?? []
  const chartOption = useMemo(() => scoreChart(call.data, apps, orgName), [call.data, apps, orgName])

  if (call.loading && !call.data) return <Spin style={{ display: 'block', margin: 48 }} />
  if (!call.data) return <Result status="404" title={t('没有这个公告', 'No such call')} subTitle={<ServerError error={call.error} />} />
  const c = call.data
  const reload = () => {
    void call.reload()
    void applications.reload()
    void agreements.reload()
  }
  const open = callIsOpen(c)
  const closed = c.status === 'open' && !open
  const mine = kind === 'developer' ? apps[0] : undefined
  const allScored = apps.length > 0 && apps.every((a) => a.totalScore !== null)
  const best = apps.reduce<Application | undefined>((top, a) => (a.totalScore !== null && (!top || a.totalScore > (top.totalScore ?? -1)) ? a : top), undefined)
  const drafted = (agreements.data?.agreements ?? []).some((a) => a.applicationId === c.awardedApplicationId)

  return (
    <>
      <PageTitle
        back={
          <Link to="/calls">
            <ArrowLeftOutlined /> {t('征集与遴选', 'Calls and selection')}
          </Link>
        }
        title={
          <>
            {c.title} <Status table={CALL_STATUS} status={c.status} /> <DeadlineTag call={c} />
          </>
        }
        basis={
          <>
            <Link to={`/scenarios/${c.scenarioCode}`}>{c.scenarioCode}</Link> · {words(SELECTION_METHODS, c.method)} · {t('截止', 'Deadline')} {formatTime(c.deadline)}
          </>
        }
        extra={
          <>
            {kind === 'developer' && open && !mine ? (
              <ActionButton<ApplicationForm, Application>
                drawer
                label={t('提交申请', 'Apply')}
                icon={<FileAddOutlined />}
                buttonType="primary"
                title={t('申请承担场景开发运营', 'Apply to the call')}
                consequence={t('逐项说明如何满足每一项准入条件，并列出申请材料（以 SHA-256 摘要登记）。每家单位对一个公告只能申请一次。', 'Show how you meet each entry condition and list your documents by SHA-256. One application per organization.')}
                okText={t('提交申请', 'Submit application')}
                testId="application-form"
                initialValues={{ eligibility: c.eligibility.map((condition) => ({ condition, evidence: '' })), documents: [{ name: '', sha256: '', summary: '' }] }}
                onSubmit={(values) => post<Application>(`/api/v1/calls/${c.id}/applications`, values)}
                onDone={reload}
              >
                <ApplicationFields call={c} />
              </ActionButton>
            ) : null}
            {kind === 'operator' && closed && allScored ? (
              <ActionButton<AwardForm, Call>
                label={t('确定中选', 'Award')}
                icon={<TrophyOutlined />}
                buttonType="primary"
                title={t('确定二级开发运营主体', 'Award the call')}
                consequence={t('按公布的评分标准，授予得分最高的申请并说明理由；其余申请为未中选。一场景一授权：此后不能再次确定。', 'Awarded to the best score by the published criteria, with the reason; the rest are not awarded. One scenario, one authorization.')}
                okText={t('确定中选', 'Award')}
                testId="award-form"
                initialValues={{ applicationId: best?.id }}
                onSubmit={(values) => post<Call>(`/api/v1/calls/${c.id}/award`, values)}
                onDone={reload}
              >
                <Form.Item name="applicationId" label={t('中选申请', 'Application')} rules={[{ required: true }]}>
                  <Select options={apps.map((a) => ({ value: a.id, label: `${orgName(a.developerOrgId)} · ${a.totalScore ?? '—'} ${t('分', 'points')}` }))} />
                </Form.Item>
                <Form.Item name="reason" label={t('确定理由', 'Reason')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
                  <Input.TextArea rows={3} showCount maxLength={2000} />
                </Form.Item>
              </ActionButton>
            ) : null}
            {kind === 'operator' && c.status === 'awarded' && !drafted ? (
              <Button type="primary" onClick={() => navigate(`/agreements?draft=${c.awardedApplicationId}`)} data-testid="call-draft-agreement">
                {t('起草授权协议', 'Draw up the agreement')}
              </Button>
            ) : null}
          </>
        }
      />
      {kind === 'operator' && closed && !allScored && apps.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t(`公告已截止：还有 ${apps.filter((a) => a.totalScore === null).length} 份申请待评分，全部评分后方可确定中选。`, `Closed: ${apps.filter((a) => a.totalScore === null).length} applications to score before the award.`)}
        />
      ) : null}
      {closed && apps.length === 0 && !applications.loading && kind !== 'developer' ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('公告已截止，无人申请：不能评分或确定中选。', 'Closed with no applications: nothing to score or award.')}
        />
      ) : null}
      {c.status === 'awarded' ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('已确定中选', 'Awarded')}
          description={
            <>
              {formatTime(c.awardedAt)} · {c.awardReason}
            </>
          }
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('准入条件', 'Entry conditions')}>
            <List size="small" dataSource={[...c.eligibility]} renderItem={(e, i) => <List.Item>{`${i + 1}. ${e}`}</List.Item>} />
          </Card>
          <Card title={t('评分标准', 'Criteria')} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="name"
              pagination={false}
              dataSource={[...c.criteria]}
              columns={[
                { title: t('评分项', 'Criterion'), dataIndex: 'name' },
                { title: t('权重', 'Weight'), dataIndex: 'weight', width: 80 },
                { title: t('说明', 'Description'), dataIndex: 'description' },
              ]}
            />
          </Card>
          {c.invitedOrgIds.length ? (
            <Card title={t('受邀主体', 'Invited')} style={{ marginTop: 16 }}>
              {c.invitedOrgIds.map((o) => (
                <Tag key={o}>
                  <OrgName id={o} name={orgName} />
                </Tag>
              ))}
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={14}>
          <Card title={kind === 'developer' ? t('我的申请', 'My application') : t('申请与评分', 'Applications and scores')}>
            <ServerError error={applications.error} />
            {apps.length > 1 && chartOption ? <Chart option={chartOption} height={Math.max(180, apps.length * 48 + 80)} testId="call-scores-chart" /> : null}
            <Table<Application>
              rowKey="id"
              data-testid="applications-table"
              loading={applications.loading}
              dataSource={apps}
              pagination={false}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无申请', 'No applications')} /> }}
              expandable={{ expandedRowRender: (a) => <ApplicationView application={a} /> }}
              columns={[
                { title: t('申请单位', 'Applicant'), dataIndex: 'developerOrgId', render: (o: string) => <OrgName id={o} name={orgName} /> },
                { title: t('提交时间', 'Submitted'), dataIndex: 'submittedAt', render: (v: string) => <NoWrap>{formatTime(v)}</NoWrap> },
                { title: <NoWrap>{t('总分', 'Total')}</NoWrap>, dataIndex: 'totalScore', render: (s: number | null) => (s === null ? '—' : <Typography.Text strong>{s}</Typography.Text>) },
                { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Status table={APPLICATION_STATUS} status={s} /> },
                ...(kind === 'operator'
                  ? [
                      {
                        title: <NoWrap>{t('操作', 'Action')}</NoWrap>,
                        key: 'score',
                        render: (_: unknown, a: Application) =>
                          closed ? (
                            <ActionButton<{ scores: Score[] }, Application>
                              size="small"
                              label={a.scores ? t('重新评分', 'Rescore') : t('评分', 'Score')}
                              title={t(`按公布标准评分：${orgName(a.developerOrgId)}`, `Score by the published criteria: ${orgName(a.developerOrgId)}`)}
                              consequence={t('每一项不超过其权重，并写明理由；确定中选前可重新评分。', 'Each within its weight, each with a reason; rescoring is possible until the award.')}
                              okText={t('保存评分', 'Save scores')}
                              testId={`score-form-${a.id}`}
                              width={720}
                              initialValues={{ scores: c.criteria.map((k) => a.scores?.find((s) => s.criterion === k.name) ?? { criterion: k.name, score: undefined as unknown as number, reason: '' }) }}
                              onSubmit={(values) => post<Application>(`/api/v1/applications/${a.id}/score`, values)}
                              onDone={reload}
                            >
                              <ScoreFields call={c} />
                            </ActionButton>
                          ) : (
                            <Typography.Text type="secondary">{c.status === 'open' ? t('截止后评分', 'After the deadline') : '—'}</Typography.Text>
                          ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  )
}
