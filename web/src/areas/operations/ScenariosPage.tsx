import { PlusOutlined } from '@ant-design/icons'
import { Card, Segmented, Table, Tooltip } from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ActionButton } from './ActionModal.tsx'
import { PURPOSE_SHORT, SCENARIO_STATUS, Status, useWords } from './labels.tsx'
import { PageTitle } from './PageTitle.tsx'
import { NoWrap } from './shared.tsx'
import { ScenarioFields, type ScenarioFormValues } from './ScenarioForm.tsx'
import type { Scenario, ScenarioStatus } from './types.ts'

type Filter = 'all' | ScenarioStatus

/**
 * 应用场景: the operator compiles demands into scenarios, the office reviews each class once
 * (一类场景一审定, art. 13(3)); approved scenarios form the published catalog.
 */
export default function ScenariosPage() {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const navigate = useNavigate()
  const kind = me.organization.kind
  const oversees = kind === 'operator' || kind === 'office' || kind === 'regulator'
  const [filter, setFilter] = useState<Filter>(kind === 'office' ? 'submitted' : 'all')
  const scenarios = useGet<{ scenarios: Scenario[] }>('/api/v1/scenarios', filter === 'all' ? undefined : { status: filter })

  return (
    <>
      <PageTitle
        title={oversees ? t('应用场景', 'Scenarios') : t('应用场景目录', 'Scenario catalog')}
        basis={t('《办法》第十三条第（三）项：一类场景一审定，审核通过后编制并发布应用场景目录', 'Art. 13(3): one review per class of scenario; approved scenarios form the published catalog')}
        extra={
          <>
            <Link to="/portal/scenarios" data-testid="scenario-public-catalog">
              {t('公开的应用场景目录', 'Public scenario catalog')}
            </Link>
            {kind === 'operator' ? (
              <ActionButton<ScenarioFormValues, Scenario>
                drawer
                label={t('汇总形成场景', 'Compile a scenario')}
                icon={<PlusOutlined />}
                buttonType="primary"
                title={t('汇总场景需求，形成应用场景', 'Compile demands into a scenario')}
                consequence={t('保存为草稿；提交后由协调机制办公室审核（一类场景一审定）。', 'Saved as a draft; once submitted, the office reviews it once.')}
                okText={t('保存草稿', 'Save draft')}
                testId="scenario-form"
                initialValues={{ purposeType: 'industrial', conditions: '', needs: [], demandIds: [] }}
                onSubmit={(values) => post<Scenario>('/api/v1/scenarios', values)}
                onDone={(s) => navigate(`/scenarios/${s.code}`)}
              >
                <ScenarioFields />
              </ActionButton>
            ) : null}
          </>
        }
      />
      <Card>
        {oversees ? (
          <Segmented<Filter>
            style={{ marginBottom: 12 }}
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: t('全部', 'All') },
              { value: 'draft', label: words(SCENARIO_STATUS, 'draft') },
              { value: 'submitted', label: words(SCENARIO_STATUS, 'submitted') },
              { value: 'returned', label: words(SCENARIO_STATUS, 'returned') },
              { value: 'approved', label: t('已审定（目录）', 'Approved (catalog)') },
              { value: 'rejected', label: words(SCENARIO_STATUS, 'rejected') },
            ]}
            data-testid="scenario-filter"
          />
        ) : null}
        <ServerError error={scenarios.error} />
        <Table<Scenario>
          rowKey="code"
          data-testid="scenarios-table"
          locale={{ emptyText: t('暂无数据', 'No data') }}
          loading={scenarios.loading}
          dataSource={scenarios.data?.scenarios ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('编码', 'Code'), dataIndex: 'code', render: (code: string) => <Link to={`/scenarios/${code}`} style={{ whiteSpace: 'nowrap' }}>{code}</Link> },
            { title: t('场景名称', 'Name'), dataIndex: 'name' },
            { title: t('行业领域', 'Sector'), dataIndex: 'sector' },
            { title: t('用途', 'Purpose'), dataIndex: 'purposeType', render: (p: string) => words(PURPOSE_SHORT, p) },
            {
              title: t('资源 / 信息项', 'Resources / fields'),
              render: (_, s) => `${s.needs.length} / ${s.needs.reduce((n, x) => n + x.fields.length, 0)}`,
            },
            {
              title: t('状态', 'Status'),
              dataIndex: 'status',
              render: (status: string, s) =>
                s.reviewComment && status !== 'approved' ? (
                  <Tooltip title={s.reviewComment}>
                    <span>
                      <Status table={SCENARIO_STATUS} status={status} />
                    </span>
                  </Tooltip>
                ) : (
                  <Status table={SCENARIO_STATUS} status={status} />
                ),
            },
            { title: t('提交审核', 'Submitted'), dataIndex: 'submittedAt', render: (v: string | null) => <NoWrap>{formatTime(v)}</NoWrap> },
            { title: t('审定', 'Reviewed'), dataIndex: 'reviewedAt', render: (v: string | null) => <NoWrap>{formatTime(v)}</NoWrap> },
          ]}
        />
      </Card>
    </>
  )
}
