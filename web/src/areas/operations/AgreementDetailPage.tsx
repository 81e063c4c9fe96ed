import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Steps, Table, Tabs, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { get } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime, formatYuan } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { AgreementActions } from './AgreementActions.tsx'
import { AgreementTiming } from './timing.tsx'
import { AGREEMENT_STATUS, CLAUSES, ROW_FILTER_OPERATOR, Status, TERMINATION_GROUNDS, useWords } from './labels.tsx'
import { LinkageRiskPanel } from './LinkageRiskPanel.tsx'
import { PageTitle } from './PageTitle.tsx'
import { RulesView } from './RulesView.tsx'
import { downloadJson, OrgName, useCatalog, useOrgNames, usePolicyParams } from './shared.tsx'
import type { Agreement } from './types.ts'

/** Where an agreement stands on its way: drawn up, filed, in effect, ended. */
function lifecycleStep(a: Agreement): number {
  return { draft: 0, filed: 1, active: 2, suspended: 2, terminated: 3, expired: 3 }[a.status]
}

/**
 * One agreement: its terms, scope and rules, filing and objection period, suspension and end;
 * the actions its status allows; the linkage risk of its scope (art. 28); its archive (art. 32).
 */
export default function AgreementDetailPage() {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const orgName = useOrgNames()
  const policy = usePolicyParams()
  const { byCode } = useCatalog()
  const { id = '' } = useParams()
  const agreement = useGet<Agreement>(`/api/v1/agreements/${encodeURIComponent(id)}`)
  const [tab, setTab] = useState('overview')
  const archive = useAction(async () => {
    const pack = await get<{ digest: string }>(`/api/v1/agreements/${encodeURIComponent(id)}/archive`)
    downloadJson(`archive-${id}.json`, pack)
    return pack
  })

  if (agreement.loading && !agreement.data) return <Spin style={{ display: 'block', margin: 48 }} />
  if (!agreement.data) return <Result status="404" title={t('没有这份协议', 'No such agreement')} subTitle={<ServerError error={agreement.error} />} />
  const a = agreement.data
  const kind = me.organization.kind
  const workspaceLink = kind === 'developer' ? `/workspace/${a.workspace.id}` : `/workspaces/${a.workspace.id}`
  const reload = () => void agreement.reload()

  return (
    <>
      <PageTitle
        back={
          <Link to="/agreements">
            <ArrowLeftOutlined /> {t('授权协议', 'Agreements')}
          </Link>
        }
        title={
          <Space wrap>
            {a.workspace.name}
            <Status table={AGREEMENT_STATUS} status={a.status} />
            <AgreementTiming agreement={a} warningDays={policy?.agreementExpiryWarningDays ?? 90} />
          </Space>
        }
        basis={
          <>
            {a.id} · <Link to={`/scenarios/${a.scenarioCode}`}>{a.scenarioCode}</Link> · <OrgName id={a.developerOrgId} name={orgName} />
          </>
        }
        extra={
          <>
            <AgreementActions agreement={a} onChanged={reload} />
            <Button icon={<DownloadOutlined />} loading={archive.running} onClick={() => void archive.run()} data-testid="agreement-archive">
              {t('归档包', 'Archive package')}
            </Button>
          </>
        }
      />
      <ServerError error={archive.error} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={lifecycleStep(a)}
          status={a.status === 'terminated' || a.status === 'suspended' ? 'error' : a.status === 'expired' ? 'finish' : 'process'}
          items={[
            { title: t('起草', 'Drawn up'), description: formatTime(a.createdAt) },
            { title: t('报备', 'Filed'), description: a.filing ? formatTime(a.filing.filedAt) : undefined },
            { title: a.status === 'suspended' ? t('暂停整改', 'Suspended') : t('生效', 'In effect'), description: formatTime(a.activatedAt) },
            { title: a.status === 'terminated' ? t('已终止', 'Terminated') : t('到期', 'Expires'), description: a.end ? formatTime(a.end.at) : a.term.end },
          ]}
        />
      </Card>
      {a.objection && a.status === 'draft' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('协调机制办公室提出异议，协议已退回', 'The office objected; the agreement is back as a draft')} description={a.objection} data-testid="agreement-objection" />
      ) : null}
      {a.missingClauses.length && a.status === 'draft' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('报备前须补齐第十六条条款', 'Complete art. 16’s clauses before filing')}
          description={a.missingClauses.map((c) => words(CLAUSES, c)).join('、')}
        />
      ) : null}
      {a.suspension ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('暂停整改中：工作区已关闭', 'Suspended for rectification: the workspace is closed')}
          description={
            <>
              {formatTime(a.suspension.at)} · {a.suspension.reason}
              {a.suspension.rectificationDeadline ? ` · ${t('整改期限', 'rectify by')} ${a.suspension.rectificationDeadline}` : ''}
            </>
          }
          data-testid="agreement-suspension"
        />
      ) : null}
      {a.end ? (
        <Alert
          type={a.status === 'terminated' ? 'error' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          message={a.status === 'terminated' ? t('协议已终止，使用权限已关闭', 'Terminated: access is closed') : t('协议已到期', 'Expired')}
          description={
            <>
              {formatTime(a.end.at)}
              {a.end.ground ? ` · ${words(TERMINATION_GROUNDS, a.end.ground)}` : ''}
              {a.end.note ? ` · ${a.end.note}` : ''}
            </>
          }
        />
      ) : null}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'overview',
              label: t('概览', 'Overview'),
              children: (
                <Row gutter={[16, 16]}>
                  <Col xs={24} xl={12}>
                    <Descriptions column={1} size="small" bordered styles={{ label: { width: 140, whiteSpace: 'nowrap' } }} data-testid="agreement-detail" title={t('协议双方与期限', 'Parties and term')}>
                      <Descriptions.Item label={t('一级开发运营主体', 'Operator')}>
                        <OrgName id={a.operatorOrgId} name={orgName} />
                      </Descriptions.Item>
                      <Descriptions.Item label={t('二级开发运营主体', 'Developer')}>
                        <OrgName id={a.developerOrgId} name={orgName} />
                      </Descriptions.Item>
                      <Descriptions.Item label={t('遴选', 'Selection')}>
                        <Link to={`/calls/${a.callId}`}>{a.callId}</Link>
                      </Descriptions.Item>
                      <Descriptions.Item label={t('授权期限', 'Term')}>
                        {a.term.start} ~ {a.term.end}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('服务费用', 'Fee')}>{formatYuan(a.feeYuan * 100)}</Descriptions.Item>
                      <Descriptions.Item label={t('工作区', 'Workspace')}>
                        {a.status === 'draft' || a.status === 'filed' ? (
                          <Typography.Text code>{a.workspace.id}</Typography.Text>
                        ) : (
                          <Link to={workspaceLink}>{a.workspace.id}</Link>
                        )}
                      </Descriptions.Item>
                      {a.renewalOf ? (
                        <Descriptions.Item label={t('续期自', 'Renews')}>
                          <Link to={`/agreements/${a.renewalOf}`}>{a.renewalOf}</Link>
                        </Descriptions.Item>
                      ) : null}
                    </Descriptions>
                  </Col>
                  <Col xs={24} xl={12}>
                    <Descriptions column={1} size="small" bordered styles={{ label: { width: 140, whiteSpace: 'nowrap' } }} title={t('报备（第十七条）', 'Filing (art. 17)')}>
                      <Descriptions.Item label={t('报备时间', 'Filed')}>{formatTime(a.filing?.filedAt)}</Descriptions.Item>
                      <Descriptions.Item label={t('异议期至', 'Objection period ends')}>{a.filing?.objectionDeadline ?? '—'}</Descriptions.Item>
                      <Descriptions.Item label={t('办公室确认', 'Acknowledged')}>{formatTime(a.filing?.acknowledgedAt)}</Descriptions.Item>
                      <Descriptions.Item label={t('生效时间', 'In effect since')}>{formatTime(a.activatedAt)}</Descriptions.Item>
                    </Descriptions>
                  </Col>
                </Row>
              ),
            },
            {
              key: 'clauses',
              label: t('条款', 'Clauses'),
              children: (
                <Descriptions column={1} size="small" bordered styles={{ label: { width: 140, whiteSpace: 'nowrap' } }} data-testid="agreement-clauses">
                  {(policy?.requiredAgreementClauses ?? Object.keys(CLAUSES)).map((name) => (
                    <Descriptions.Item key={name} label={words(CLAUSES, name)}>
                      {a.clauses[name]?.trim() ? <span style={{ whiteSpace: 'pre-wrap' }}>{a.clauses[name]}</span> : <Tag color="red">{t('缺', 'Missing')}</Tag>}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              ),
            },
            {
              key: 'scope',
              label: t('授权范围与规则', 'Scope and rules'),
              children: (
                <>
                  <Table
                    size="small"
                    rowKey="resourceCode"
                    pagination={false}
                    data-testid="agreement-scope"
                    dataSource={[...a.scope]}
                    columns={[
                      { title: t('数据资源', 'Resource'), render: (_, s) => `${s.resourceCode} ${byCode.get(s.resourceCode)?.name ?? ''}` },
                      {
                        title: t('信息项', 'Fields'),
                        render: (_, s) =>
                          s.fields.map((f) => (
                            <Tag key={f} title={f}>
                              {byCode.get(s.resourceCode)?.fields.find((x) => x.name === f)?.title ?? f}
                            </Tag>
                          )),
                      },
                      {
                        title: t('行过滤', 'Row filters'),
                        render: (_, s) => (s.rowFilters.length ? s.rowFilters.map((f) => <div key={f.column + f.operator}>{`${f.column} ${words(ROW_FILTER_OPERATOR, f.operator)} ${f.values.join(', ')}`}</div>) : '—'),
                      },
                    ]}
                  />
                  <Typography.Title level={5} style={{ marginTop: 16 }}>
                    {t('工作区查询规则', 'Workspace query rules')}
                  </Typography.Title>
                  <RulesView rules={a.workspace.rules} />
                </>
              ),
            },
            {
              key: 'linkage',
              label: t('关联风险（第二十八条）', 'Linkage risk (art. 28)'),
              children: tab === 'linkage' ? <LinkageRiskPanel agreementId={a.id} /> : null,
            },
          ]}
        />
      </Card>
    </>
  )
}
