import { PlusOutlined } from '@ant-design/icons'
import { Card, Form, Input, Radio, Segmented, Space, Table, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ActionButton } from './ActionModal.tsx'
import { DEMAND_STATUS, PURPOSE, PURPOSE_SHORT, Status, useWords } from './labels.tsx'
import { NeedsEditor, NeedsView } from './NeedsEditor.tsx'
import { PageTitle } from './PageTitle.tsx'
import { NoWrap, OrgName, useOrgNames } from './shared.tsx'
import type { PurposeType, ScenarioDemand, ScenarioNeed } from './types.ts'

interface DemandForm {
  title: string
  description: string
  purposeType: PurposeType
  needs: ScenarioNeed[]
}

/**
 * 场景需求 (art. 13(3)): developers and the operator state what they want to do and each field
 * they need, with why; the operator compiles them into scenarios for the office.
 */
export default function DemandsPage() {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const orgName = useOrgNames()
  const demands = useGet<{ demands: ScenarioDemand[] }>('/api/v1/scenario-demands')
  const [filter, setFilter] = useState<'all' | 'open' | 'compiled'>('all')
  const mayState = me.organization.kind === 'developer' || me.organization.kind === 'operator'

  const rows = useMemo(
    () => [...(demands.data?.demands ?? [])].filter((d) => filter === 'all' || d.status === filter).sort((a, b) => b.submittedAt.localeCompare(a.submittedAt)),
    [demands.data, filter],
  )

  return (
    <>
      <PageTitle
        title={t('场景需求', 'Scenario demands')}
        basis={t('《办法》第十三条第（三）项：收集并汇总应用场景需求，形成需求清单', 'Art. 13(3): demands are collected into the demand list')}
        extra={
          mayState ? (
            <ActionButton<DemandForm, ScenarioDemand>
              drawer
              label={t('提出场景需求', 'State a demand')}
              icon={<PlusOutlined />}
              buttonType="primary"
              title={t('提出场景需求', 'State a scenario demand')}
              consequence={t(
                '写明用途和所需的每个信息项及其必要性：运营主体据此汇总形成应用场景，报协调机制办公室审核。',
                'State the use and each field needed with why: the operator compiles demands into scenarios for the office.',
              )}
              okText={t('提交需求', 'Submit demand')}
              testId="demand-form"
              initialValues={{ purposeType: 'industrial', needs: [] }}
              onSubmit={(values) => post<ScenarioDemand>('/api/v1/scenario-demands', values)}
              onDone={() => void demands.reload()}
            >
              <DemandFields />
            </ActionButton>
          ) : null
        }
      />
      <Card>
        <Space style={{ marginBottom: 12 }}>
          <Segmented
            value={filter}
            onChange={(v) => setFilter(v as typeof filter)}
            options={[
              { value: 'all', label: t('全部', 'All') },
              { value: 'open', label: t('待汇总', 'Open') },
              { value: 'compiled', label: t('已纳入场景', 'Compiled') },
            ]}
          />
        </Space>
        <ServerError error={demands.error} />
        <Table<ScenarioDemand>
          rowKey="id"
          data-testid="demands-table"
          locale={{ emptyText: t('暂无数据', 'No data') }}
          loading={demands.loading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          expandable={{
            expandedRowRender: (d) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.description}</Typography.Paragraph>
                <NeedsView needs={d.needs} />
              </Space>
            ),
          }}
          columns={[
            { title: t('需求', 'Demand'), dataIndex: 'title', render: (title: string, d) => <span title={d.id}>{title}</span> },
            { title: t('提出方', 'From'), dataIndex: 'orgId', render: (id: string) => <OrgName id={id} name={orgName} /> },
            { title: t('用途', 'Purpose'), dataIndex: 'purposeType', render: (p: string) => words(PURPOSE_SHORT, p) },
            {
              title: t('资源 / 信息项', 'Resources / fields'),
              render: (_, d) => `${d.needs.length} / ${d.needs.reduce((n, x) => n + x.fields.length, 0)}`,
            },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Status table={DEMAND_STATUS} status={s} /> },
            {
              title: t('应用场景', 'Scenario'),
              dataIndex: 'scenarioCode',
              render: (code: string | null) => (code ? <Link to={`/scenarios/${code}`} style={{ whiteSpace: 'nowrap' }}>{code}</Link> : '—'),
            },
            { title: t('提出时间', 'Submitted'), dataIndex: 'submittedAt', render: (v: string) => <NoWrap>{formatTime(v)}</NoWrap>, defaultSortOrder: 'descend', sorter: (a, b) => a.submittedAt.localeCompare(b.submittedAt) },
          ]}
        />
      </Card>
    </>
  )
}

function DemandFields() {
  const t = useT()
  const words = useWords()
  return (
    <>
      <Form.Item name="title" label={t('需求名称', 'Title')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
        <Input placeholder={t('如：中小微企业普惠金融信用评估', 'e.g. credit assessment for small businesses')} data-testid="demand-title" />
      </Form.Item>
      <Form.Item name="description" label={t('用途说明', 'Use')} rules={[{ required: true, whitespace: true }, { max: 4000 }]}>
        <Input.TextArea rows={4} showCount maxLength={4000} placeholder={t('要解决什么问题、产出什么数据产品、服务谁', 'What it solves, what product, for whom')} />
      </Form.Item>
      <Form.Item name="purposeType" label={t('用途类型（第六条）', 'Purpose (art. 6)')} rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'public_interest', label: words(PURPOSE, 'public_interest') },
            { value: 'industrial', label: words(PURPOSE, 'industrial') },
          ]}
        />
      </Form.Item>
      <Form.Item label={t('所需数据（逐项说明必要性）', 'Data needed (each field with why)')} required>
        <NeedsEditor />
      </Form.Item>
    </>
  )
}
