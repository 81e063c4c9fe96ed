import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ActionModal } from './ActionModal.tsx'
import { CALL_STATUS, SELECTION_METHODS, Status, useWords } from './labels.tsx'
import { PageTitle } from './PageTitle.tsx'
import { chinaDateTime, NoWrap, usePolicyParams } from './shared.tsx'
import { DeadlineTag } from './timing.tsx'
import type { Call, Criterion, Scenario } from './types.ts'
import { ListErrors } from './ListErrors.tsx'

interface CallForm {
  scenarioCode: string
  title: string
  method: string
  eligibility: string[]
  criteria: Criterion[]
  invitedOrgIds: string[]
  deadline: string
}

/**
 * 征集与遴选 (art. 13(5)): the operator publishes a call for an approved scenario with entry
 * conditions, a fair competitive method, published criteria and a deadline; developers apply.
 */
export default function CallsPage() {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const calls = useGet<{ calls: Call[] }>('/api/v1/calls')
  const isOperator = me.organization.kind === 'operator'
  const [open, setOpen] = useState(false)
  const preset = params.get('new')

  useEffect(() => {
    if (preset && isOperator) setOpen(true)
  }, [preset, isOperator])

  const close = () => {
    setOpen(false)
    if (preset) setParams({}, { replace: true })
  }

  const rows = [...(calls.data?.calls ?? [])].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))

  return (
    <>
      <PageTitle
        title={t('征集与遴选', 'Calls and selection')}
        basis={t('《办法》第十三条第（五）项：发布授权运营公告，以公平竞争方式确定二级开发运营主体，一场景一授权', 'Art. 13(5): calls, fair competition, one scenario one authorization')}
        extra={
          isOperator ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="call-form-open">
              {t('发布征集公告', 'Publish a call')}
            </Button>
          ) : null
        }
      />
      <Card>
        <ServerError error={calls.error} />
        <Table<Call>
          rowKey="id"
          data-testid="calls-table"
          locale={{ emptyText: t('暂无数据', 'No data') }}
          loading={calls.loading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('公告', 'Call'), dataIndex: 'title', render: (title: string, c) => <Link to={`/calls/${c.id}`}>{title}</Link> },
            { title: t('应用场景', 'Scenario'), dataIndex: 'scenarioCode', render: (code: string) => <Link to={`/scenarios/${code}`} style={{ whiteSpace: 'nowrap' }}>{code}</Link> },
            { title: t('遴选方式', 'Method'), dataIndex: 'method', render: (m: string) => <NoWrap>{words(SELECTION_METHODS, m)}</NoWrap> },
            { title: t('发布时间', 'Published'), dataIndex: 'publishedAt', render: (v: string) => <NoWrap>{formatTime(v)}</NoWrap> },
            {
              title: t('截止时间', 'Deadline'),
              dataIndex: 'deadline',
              render: (d: string, c) => (
                <Space size={4} wrap>
                  <NoWrap>{formatTime(d)}</NoWrap>
                  <DeadlineTag call={c} />
                </Space>
              ),
            },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Status table={CALL_STATUS} status={s} /> },
            { title: t('确定时间', 'Awarded'), dataIndex: 'awardedAt', render: (v: string | null) => <NoWrap>{formatTime(v)}</NoWrap> },
          ]}
        />
      </Card>
      {isOperator ? (
        <ActionModal<CallForm, Call>
          drawer
          open={open}
          onClose={close}
          title={t('发布授权运营公告', 'Publish a call for applications')}
          consequence={t(
            '公告发布后所有登录用户可见；截止前开发主体提交申请，截止后按公布的评分标准逐项评分并说明理由，得分最高者中选。',
            'Everyone signed in sees it. Developers apply before the deadline; after it, each application is scored by the published criteria, with reasons, and the best score is awarded.',
          )}
          okText={t('发布', 'Publish')}
          testId="call-form"
          initialValues={{
            scenarioCode: preset ?? undefined,
            method: 'open-tender',
            eligibility: ['依法设立的法人组织', '具备数据安全保障能力'],
            criteria: [
              { name: '技术方案', weight: 50, description: '开发方案的可行性和安全性' },
              { name: '安全能力', weight: 30, description: '数据安全管理制度和技术措施' },
              { name: '应用成效', weight: 20, description: '预期的经济社会效益' },
            ],
            invitedOrgIds: [],
          }}
          onSubmit={(values) => post<Call>('/api/v1/calls', { ...values, deadline: chinaDateTime(values.deadline) })}
          onDone={(call) => navigate(`/calls/${call.id}`)}
        >
          <CallFields />
        </ActionModal>
      ) : null}
    </>
  )
}

function CallFields() {
  const t = useT()
  const words = useWords()
  const policy = usePolicyParams()
  const scenarios = useGet<{ scenarios: Scenario[] }>('/api/v1/scenarios', { status: 'approved' })
  const calls = useGet<{ calls: Call[] }>('/api/v1/calls')
  const method = Form.useWatch<string>('method')
  const taken = new Set((calls.data?.calls ?? []).filter((c) => c.status !== 'cancelled').map((c) => c.scenarioCode))
  return (
    <>
      <Form.Item name="scenarioCode" label={t('应用场景（已审定）', 'Scenario (approved)')} rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          loading={scenarios.loading}
          options={(scenarios.data?.scenarios ?? []).map((s) => ({
            value: s.code,
            label: `${s.code} ${s.name}${taken.has(s.code) ? ` (${t('已有公告', 'has a call')})` : ''}`,
            disabled: taken.has(s.code),
          }))}
          data-testid="call-scenario"
        />
      </Form.Item>
      <Form.Item name="title" label={t('公告标题', 'Title')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
        <Input data-testid="call-title" />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="method" label={t('遴选方式', 'Method')} rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={(policy?.selectionMethods ?? ['open-tender', 'invitation-tender', 'negotiation']).map((m) => ({ value: m, label: words(SELECTION_METHODS, m) }))} />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('申请截止时间（北京时间）', 'Deadline (China time)')}
          rules={[
            { required: true },
            {
              validator: async (_, v: string | undefined) => {
                if (v && Date.parse(chinaDateTime(v)) <= Date.now()) throw new Error(t('截止时间须晚于现在', 'The deadline must be in the future'))
              },
            },
          ]}
        >
          <Input type="datetime-local" style={{ width: 240 }} data-testid="call-deadline" />
        </Form.Item>
      </Space>
      <Form.Item
        name="invitedOrgIds"
        label={t('受邀开发主体（组织标识）', 'Invited developers (organization ids)')}
        dependencies={['method']}
        rules={[
          {
            validator: async (_, ids: string[] | undefined) => {
              const n = ids?.length ?? 0
              if (method === 'invitation-tender' && n === 0) throw new Error(t('邀请招标须列明受邀的开发主体', 'An invitation tender names whom it invites'))
              if (method !== 'invitation-tender' && n > 0) throw new Error(t('只有邀请招标才列明受邀主体', 'Only an invitation tender names invitees'))
              if (n > 100) throw new Error(t('最多 100 个', 'At most 100'))
            },
          },
        ]}
      >
        <Select mode="tags" disabled={method !== 'invitation-tender'} placeholder="org-…" tokenSeparators={[',', ' ']} />
      </Form.Item>
      <Typography.Title level={5}>{t('准入条件', 'Entry conditions')}</Typography.Title>
      <Form.List
        name="eligibility"
        rules={[
          {
            validator: async (_, list: string[] | undefined) => {
              if (!list?.length) throw new Error(t('至少一项准入条件', 'At least one condition'))
              if (list.length > 50) throw new Error(t('最多 50 项', 'At most 50'))
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} style={{ display: 'flex' }} align="start">
                <Form.Item name={field.name} messageVariables={{ label: t('准入条件', 'Condition') }} rules={[{ required: true, whitespace: true }, { max: 500 }]} style={{ marginBottom: 8 }}>
                  <Input style={{ width: 640 }} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
              {t('添加准入条件', 'Add a condition')}
            </Button>
            <ListErrors errors={errors} />
          </>
        )}
      </Form.List>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('评分标准（权重合计 100）', 'Criteria (weights total 100)')}
      </Typography.Title>
      <Form.List
        name="criteria"
        rules={[
          {
            validator: async (_, list: Partial<Criterion>[] | undefined) => {
              if (!list?.length) throw new Error(t('至少一项评分标准', 'At least one criterion'))
              if (list.length > 30) throw new Error(t('最多 30 项', 'At most 30'))
              const names = list.map((c) => c?.name?.trim()).filter(Boolean)
              if (new Set(names).size !== names.length) throw new Error(t('评分项名称不能重复', 'Criteria names must be distinct'))
              const total = list.reduce((sum, c) => sum + (Number(c?.weight) || 0), 0)
              if (Math.abs(total - 100) > 1e-9) throw new Error(t(`权重合计为 ${total}，应为 100`, `Weights total ${total}, not 100`))
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} style={{ display: 'flex' }} align="start" wrap>
                <Form.Item name={[field.name, 'name']} messageVariables={{ label: t('评分项', 'Criterion') }} rules={[{ required: true, whitespace: true }, { max: 100 }]} style={{ marginBottom: 8 }}>
                  <Input placeholder={t('评分项', 'Criterion')} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'weight']} messageVariables={{ label: t('权重', 'Weight') }} rules={[{ required: true }, { type: 'number', min: 0.01, max: 100 }]} style={{ marginBottom: 8 }}>
                  <InputNumber placeholder={t('权重', 'Weight')} min={0} max={100} style={{ width: 100 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'description']} messageVariables={{ label: t('评分说明', 'Description') }} rules={[{ required: true, whitespace: true }, { max: 1000 }]} style={{ marginBottom: 8 }}>
                  <Input placeholder={t('评分说明', 'What it measures')} style={{ width: 380 }} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', weight: undefined, description: '' })}>
              {t('添加评分项', 'Add a criterion')}
            </Button>
            <ListErrors errors={errors} />
          </>
        )}
      </Form.List>
      <div style={{ height: 16 }} />
    </>
  )
}
