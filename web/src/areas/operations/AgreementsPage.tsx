import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Col, Row, Segmented, Space, Table, Typography } from 'antd'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatTime, formatYuan } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ActionModal } from './ActionModal.tsx'
import { AgreementFields, agreementBody, newAgreementValues, type AgreementFormValues } from './AgreementForm.tsx'
import { statusRing, termTimeline } from './charts.ts'
import { AGREEMENT_STATUS, Status, useWords } from './labels.tsx'
import { PageTitle } from './PageTitle.tsx'
import { chinaToday, OrgName, useCatalog, useOrgNames, usePolicyParams } from './shared.tsx'
import { AgreementTiming } from './timing.tsx'
import { AGREEMENT_STATUSES, type Agreement, type AgreementStatus, type Call } from './types.ts'

type Filter = 'all' | AgreementStatus

/**
 * 授权协议 (art. 16, 17, 34, 35): every agreement the actor may see, by status and over time; the
 * operator draws up new ones from awarded calls.
 */
export default function AgreementsPage() {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const navigate = useNavigate()
  const orgName = useOrgNames()
  const policy = usePolicyParams()
  const { byCode } = useCatalog()
  const [params, setParams] = useSearchParams()
  const [filter, setFilter] = useState<Filter>('all')
  const agreements = useGet<{ agreements: Agreement[] }>('/api/v1/agreements')
  const isOperator = me.organization.kind === 'operator'
  const calls = useGet<{ calls: Call[] }>(isOperator ? '/api/v1/calls' : null, { status: 'awarded' })
  const [drafting, setDrafting] = useState(false)
  const preset = params.get('draft') ?? undefined

  useEffect(() => {
    if (preset && isOperator) setDrafting(true)
  }, [preset, isOperator])

  const all = agreements.data?.agreements ?? []
  const rows = useMemo(() => [...all].filter((a) => filter === 'all' || a.status === filter).sort((a, b) => b.createdAt.localeCompare(a.createdAt)), [all, filter])
  const label = useCallback((status: string) => words(AGREEMENT_STATUS, status), [words])
  const ring = useMemo(() => statusRing(all, label), [all, label])
  const timeline = useMemo(() => termTimeline(all, (a) => `${a.workspace.id} · ${a.scenarioCode}`, label, chinaToday()), [all, label])
  const used = new Set(all.map((a) => a.applicationId))
  const awarded = (calls.data?.calls ?? [])
    .filter((c) => c.awardedApplicationId && !used.has(c.awardedApplicationId))
    .map((c) => ({ value: c.awardedApplicationId!, label: `${c.scenarioCode} · ${c.title}`, scenarioCode: c.scenarioCode }))
  const warningDays = policy?.agreementExpiryWarningDays ?? 90

  const closeDraft = () => {
    setDrafting(false)
    if (preset) setParams({}, { replace: true })
  }

  return (
    <>
      <PageTitle
        title={t('授权协议', 'Agreements')}
        basis={t('《办法》第十六、十七条：协议必备条款，授权前报备，一次授权不超过 3 年；第三十四、三十五条：整改与终止', 'Art. 16, 17: clauses, filing before effect, at most 3 years; art. 34, 35: rectification and termination')}
        extra={
          isOperator ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrafting(true)} data-testid="agreement-form-open">
              {t('起草授权协议', 'Draw up an agreement')}
            </Button>
          ) : null
        }
      />
      {all.length > 0 ? (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} lg={8}>
            <Card title={t('按状态', 'By status')} size="small">
              <Chart option={ring} height={240} testId="agreements-status-chart" />
            </Card>
          </Col>
          <Col xs={24} lg={16}>
            <Card title={t('授权期限', 'Terms')} size="small">
              <Chart option={timeline} height={240} testId="agreements-term-chart" />
            </Card>
          </Col>
        </Row>
      ) : null}
      <Card>
        <Segmented<Filter>
          style={{ marginBottom: 12 }}
          value={filter}
          onChange={setFilter}
          options={[{ value: 'all', label: t('全部', 'All') }, ...AGREEMENT_STATUSES.map((s) => ({ value: s, label: `${label(s)} ${all.filter((a) => a.status === s).length || ''}` }))]}
          data-testid="agreement-filter"
        />
        <ServerError error={agreements.error} />
        <Table<Agreement>
          rowKey="id"
          data-testid="agreements-table"
          locale={{ emptyText: t('暂无数据', 'No data') }}
          loading={agreements.loading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(a) => ({ onDoubleClick: () => navigate(`/agreements/${a.id}`) })}
          columns={[
            {
              title: t('协议', 'Agreement'),
              dataIndex: 'id',
              render: (id: string, a) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/agreements/${id}`}>{a.workspace.name}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                    {id}
                    {a.renewalOf ? ` · ${t('续期', 'renewal')}` : ''}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('应用场景', 'Scenario'), dataIndex: 'scenarioCode', render: (code: string) => <Link to={`/scenarios/${code}`} style={{ whiteSpace: 'nowrap' }}>{code}</Link> },
            { title: t('二级开发运营主体', 'Developer'), dataIndex: 'developerOrgId', render: (o: string) => <OrgName id={o} name={orgName} /> },
            {
              title: t('状态', 'Status'),
              dataIndex: 'status',
              render: (s: string, a) => (
                <Space size={4} wrap>
                  <Status table={AGREEMENT_STATUS} status={s} />
                  <AgreementTiming agreement={a} warningDays={warningDays} />
                </Space>
              ),
            },
            {
              title: t('授权期限', 'Term'),
              render: (_, a) => (
                <span style={{ whiteSpace: 'nowrap' }}>
                  {a.term.start}
                  <br />~ {a.term.end}
                </span>
              ),
            },
            {
              title: t('范围', 'Scope'),
              render: (_, a) => (
                <span style={{ whiteSpace: 'nowrap' }}>{t(`${a.scope.length} 资源 · ${a.scope.reduce((n, s) => n + s.fields.length, 0)} 项`, `${a.scope.length} res. · ${a.scope.reduce((n, s) => n + s.fields.length, 0)} fields`)}</span>
              ),
            },
            { title: t('费用', 'Fee'), dataIndex: 'feeYuan', align: 'right', render: (fee: number) => <span style={{ whiteSpace: 'nowrap' }}>{formatYuan(fee * 100)}</span> },
            { title: t('报备时间', 'Filed'), render: (_, a) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(a.filing?.filedAt)}</span> },
          ]}
        />
      </Card>
      {isOperator ? (
        <ActionModal<AgreementFormValues, Agreement>
          drawer
          width={960}
          open={drafting}
          onClose={closeDraft}
          title={t('起草授权协议', 'Draw up an agreement')}
          consequence={t(
            '保存为草稿：报备前可修订。报备时检查第十六条条款是否齐备、范围是否在场景和运营主体授权之内、期限是否超过 3 年。',
            'Saved as a draft, revisable until filed. Filing checks art. 16’s clauses, the scope against the scenario and the operator’s grant, and the 3-year term.',
          )}
          okText={t('保存草稿', 'Save draft')}
          testId="agreement-form"
          initialValues={newAgreementValues(preset ?? (awarded.length === 1 ? awarded[0]!.value : undefined))}
          onSubmit={(values) => post<Agreement>('/api/v1/agreements', agreementBody(values, byCode))}
          onDone={(a) => navigate(`/agreements/${a.id}`)}
        >
          <AgreementFields scenarioCode={undefined} awarded={awarded} />
        </ActionModal>
      ) : null}
    </>
  )
}
