import { ArrowLeftOutlined, AuditOutlined, EditOutlined, NotificationOutlined, SendOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Descriptions, Form, Input, List, Radio, Result, Row, Spin, Typography } from 'antd'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatDate, formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ActionButton } from './ActionModal.tsx'
import { CALL_STATUS, DEMAND_STATUS, PURPOSE, SCENARIO_STATUS, Status, useWords } from './labels.tsx'
import { NeedsView } from './NeedsEditor.tsx'
import { PageTitle } from './PageTitle.tsx'
import { ScenarioFields, scenarioFormValues, type ScenarioFormValues } from './ScenarioForm.tsx'
import { OrgName, useOrgNames } from './shared.tsx'
import type { Call, Scenario, ScenarioDemand } from './types.ts'

interface ReviewForm {
  decision: 'approve' | 'reject' | 'return'
  comment?: string
}

/** One scenario: what it needs and why, its demands, its review, and the calls for it. */
export default function ScenarioDetailPage() {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const navigate = useNavigate()
  const orgName = useOrgNames()
  const { code = '' } = useParams()
  const scenario = useGet<Scenario>(`/api/v1/scenarios/${encodeURIComponent(code)}`)
  const calls = useGet<{ calls: Call[] }>('/api/v1/calls', { scenarioCode: code })
  const kind = me.organization.kind
  const oversees = kind === 'operator' || kind === 'office' || kind === 'regulator'
  const demands = useGet<{ demands: ScenarioDemand[] }>(oversees ? '/api/v1/scenario-demands' : null)

  if (scenario.loading && !scenario.data) return <Spin style={{ display: 'block', margin: 48 }} />
  if (!scenario.data) return <Result status="404" title={t('没有这个应用场景', 'No such scenario')} subTitle={<ServerError error={scenario.error} />} />
  const s = scenario.data
  const reload = () => {
    void scenario.reload()
    void calls.reload()
    void demands.reload()
  }
  const editable = kind === 'operator' && (s.status === 'draft' || s.status === 'returned')
  const holding = (calls.data?.calls ?? []).some((c) => c.status === 'open' || c.status === 'awarded')
  const ownDemands = (demands.data?.demands ?? []).filter((d) => s.demandIds.includes(d.id))

  return (
    <>
      <PageTitle
        back={
          <Link to="/scenarios">
            <ArrowLeftOutlined /> {t('应用场景', 'Scenarios')}
          </Link>
        }
        title={
          <>
            {s.name} <Status table={SCENARIO_STATUS} status={s.status} />
          </>
        }
        basis={`${s.code} · ${s.sector}`}
        extra={
          <>
            {editable ? (
              <ActionButton<ScenarioFormValues, Scenario>
                drawer
                label={t('编辑', 'Edit')}
                icon={<EditOutlined />}
                title={t('编辑应用场景', 'Edit the scenario')}
                okText={t('保存', 'Save')}
                testId="scenario-edit"
                initialValues={scenarioFormValues(s)}
                onSubmit={(values) => post<Scenario>('/api/v1/scenarios', { ...values, code: s.code })}
                onDone={reload}
              >
                <ScenarioFields editing={s} />
              </ActionButton>
            ) : null}
            {editable ? (
              <ActionButton<object, Scenario>
                label={t('提交审核', 'Submit for review')}
                icon={<SendOutlined />}
                buttonType="primary"
                title={t('提交协调机制办公室审核', 'Submit to the coordination office')}
                consequence={t(
                  '提交后不能再修改，除非办公室退回。办公室对一类场景审核一次：通过后纳入应用场景目录并公开发布。',
                  'It cannot be edited once submitted unless the office returns it. Approved, it enters the public scenario catalog.',
                )}
                okText={t('提交', 'Submit')}
                testId="scenario-submit"
                onSubmit={() => post<Scenario>(`/api/v1/scenarios/${s.code}/submit`)}
                onDone={reload}
              />
            ) : null}
            {kind === 'office' && s.status === 'submitted' ? (
              <ActionButton<ReviewForm, Scenario>
                label={t('审核', 'Review')}
                icon={<AuditOutlined />}
                buttonType="primary"
                title={t('审核应用场景（一类场景一审定）', 'Review the scenario (one review per class)')}
                consequence={t(
                  '通过：纳入应用场景目录并公开发布，运营主体可发布征集公告。不通过：场景终止。退回：运营主体修改后可再次提交。',
                  'Approve: it enters the public catalog and may be called for. Reject: it ends. Return: the operator revises and resubmits.',
                )}
                okText={t('提交审核意见', 'Record the decision')}
                testId="scenario-review"
                initialValues={{ decision: 'approve' }}
                onSubmit={(values) => post<Scenario>(`/api/v1/scenarios/${s.code}/review`, { decision: values.decision, ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}) })}
                onDone={reload}
              >
                <ReviewFields />
              </ActionButton>
            ) : null}
            {kind === 'operator' && s.status === 'approved' && !holding ? (
              <Button type="primary" icon={<NotificationOutlined />} onClick={() => navigate(`/calls?new=${s.code}`)} data-testid="scenario-publish-call">
                {t('发布征集公告', 'Publish a call')}
              </Button>
            ) : null}
          </>
        }
      />
      {s.reviewComment && s.status !== 'approved' ? (
        <Alert
          type={s.status === 'rejected' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          message={t('办公室审核意见', "The office's comments")}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{s.reviewComment}</span>}
          data-testid="scenario-review-comment"
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('场景信息', 'Scenario')} data-testid="scenario-detail">
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 140, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('场景描述', 'Description')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{s.description}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('用途类型', 'Purpose')}>{words(PURPOSE, s.purposeType)}</Descriptions.Item>
              <Descriptions.Item label={t('使用条件', 'Conditions')}>{s.conditions || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('编制时间', 'Compiled')}>{formatTime(s.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('提交审核', 'Submitted')}>{formatTime(s.submittedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('审定时间', 'Reviewed')}>{formatTime(s.reviewedAt)}</Descriptions.Item>
              {s.status === 'approved' && s.reviewComment ? <Descriptions.Item label={t('审核意见', 'Comments')}>{s.reviewComment}</Descriptions.Item> : null}
            </Descriptions>
          </Card>
          <Card title={t('所需数据及必要性', 'Data needed and why')} style={{ marginTop: 16 }}>
            <NeedsView needs={s.needs} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          {oversees ? (
            <Card title={t('来源需求', 'Demands compiled')} style={{ marginBottom: 16 }}>
              <List
                size="small"
                dataSource={ownDemands}
                locale={{ emptyText: t('无', 'None') }}
                renderItem={(d) => (
                  <List.Item extra={<Status table={DEMAND_STATUS} status={d.status} />}>
                    <List.Item.Meta title={d.title} description={<OrgName id={d.orgId} name={orgName} />} />
                  </List.Item>
                )}
              />
            </Card>
          ) : null}
          <Card title={t('征集公告', 'Calls')}>
            <List
              size="small"
              data-testid="scenario-calls"
              dataSource={calls.data?.calls ?? []}
              locale={{ emptyText: t('尚未发布征集公告', 'No call yet') }}
              renderItem={(c) => (
                <List.Item extra={<Status table={CALL_STATUS} status={c.status} />}>
                  <List.Item.Meta
                    title={<Link to={`/calls/${c.id}`}>{c.title}</Link>}
                    description={
                      <Typography.Text type="secondary">
                        {t('截止', 'Deadline')} {formatDate(c.deadline)}
                      </Typography.Text>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </>
  )
}

function ReviewFields() {
  const t = useT()
  const decision = Form.useWatch<ReviewForm['decision']>('decision')
  return (
    <>
      <Form.Item name="decision" label={t('审核结论', 'Decision')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'approve', label: t('通过', 'Approve') },
            { value: 'return', label: t('退回修改', 'Return') },
            { value: 'reject', label: t('不通过', 'Reject') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label={t('审核意见', 'Comments')}
        dependencies={['decision']}
        rules={[
          { required: decision !== 'approve', whitespace: true, message: t('退回或不通过须说明理由', 'Say why when returning or rejecting') },
          { max: 2000 },
        ]}
      >
        <Input.TextArea rows={4} showCount maxLength={2000} data-testid="scenario-review-comment-input" />
      </Form.Item>
    </>
  )
}
