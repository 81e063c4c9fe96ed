import { MinusCircleOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { ApiError, post } from '../../api.ts'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { templateStatusLabel, templateTagStatus } from './common.tsx'
import { refusalHint } from './explain.ts'
import { ResultView } from './ResultView.tsx'
import type { ParameterType, QueryAnswer, QueryTemplate, TemplateParameter, Workspace } from './types.ts'

const MONOSPACE = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'
const NAME_PATTERN = /^[a-z][a-z0-9-]{1,62}$/
const PARAMETER_NAME = /^[a-z][a-z0-9_]{0,62}$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Query templates: parameterized SELECTs the developer proposes (they must pass the gate with
 * their example values) and the operator approves; an approved one runs with values bound as
 * constants, through the same gate and checks.
 */
export function TemplatesPanel({ workspace, readOnly }: { workspace: Workspace; readOnly: boolean }) {
  const t = useT()
  const templates = useGet<{ templates: QueryTemplate[] }>(`/api/v1/workspaces/${workspace.id}/templates`)
  const [proposing, setProposing] = useState(false)
  const [running, setRunning] = useState<QueryTemplate | null>(null)
  const [viewing, setViewing] = useState<QueryTemplate | null>(null)
  const [result, setResult] = useState<{ template: string; answer: QueryAnswer } | null>(null)

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('查询模板', 'Query templates')}
        extra={
          readOnly ? null : (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid="propose-template">
              {t('提出模板', 'Propose a template')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary">
          {t(
            '模板是带参数（$名称）的 SELECT：提出时须以示例值通过闸门，经一级开发运营主体批准后才能运行，也是指标和接口产品的基础。参数值作为常量绑定，无法改变查询结构。',
            'A template is a SELECT with parameters ($name): proposed, it must pass the gate with its example values; approved by the primary operator, it can run, and indicator and API products build on it. Values are bound as constants and cannot change the query’s shape.',
          )}
        </Typography.Paragraph>
        <ServerError error={templates.error} />
        <Table<QueryTemplate>
          data-testid="templates-table"
          size="small"
          rowKey="name"
          loading={templates.loading}
          dataSource={templates.data?.templates ?? []}
          pagination={false}
          columns={[
            { title: t('名称', 'Name'), dataIndex: 'name', render: (name: string, tpl) => <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setViewing(tpl)}>{name}</Button> },
            { title: t('说明', 'Description'), dataIndex: 'description', ellipsis: true },
            { title: t('参数', 'Parameters'), key: 'parameters', render: (_, tpl) => <Space size={4} wrap>{tpl.parameters.map((p) => <Tag key={p.name}>${p.name}: {p.type}</Tag>)}</Space> },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (status: QueryTemplate['status']) => <StatusTag status={templateTagStatus(status)}>{templateStatusLabel(status, t)}</StatusTag> },
            { title: t('提出时间', 'Proposed'), dataIndex: 'proposedAt', render: formatTime },
            { title: t('审批意见', 'Decision note'), dataIndex: 'decisionNote', ellipsis: true, render: (note: string | null) => note ?? '—' },
            {
              title: '',
              key: 'run',
              render: (_, tpl) =>
                !readOnly && tpl.status === 'approved' ? (
                  <Button size="small" icon={<PlayCircleOutlined />} onClick={() => setRunning(tpl)} data-testid={`run-template-${tpl.name}`}>
                    {t('运行', 'Run')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {result ? (
        <Card size="small" title={t(`模板 ${result.template} 的结果`, `Result of template ${result.template}`)}>
          <ResultView answer={result.answer} rules={workspace.rules} />
        </Card>
      ) : null}
      <ProposeModal
        open={proposing}
        workspace={workspace}
        onClose={() => setProposing(false)}
        onProposed={() => {
          setProposing(false)
          void templates.reload()
        }}
      />
      {running ? (
        <RunModal
          template={running}
          workspace={workspace}
          onClose={() => setRunning(null)}
          onAnswer={(answer) => {
            setResult({ template: running.name, answer })
            setRunning(null)
          }}
        />
      ) : null}
      <Drawer open={viewing !== null} onClose={() => setViewing(null)} width={640} title={viewing?.name}>
        {viewing ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph>{viewing.description}</Typography.Paragraph>
            <pre style={{ fontFamily: MONOSPACE, background: '#fafafa', padding: 12, whiteSpace: 'pre-wrap' }}>{viewing.sql}</pre>
            <Table<TemplateParameter>
              size="small"
              rowKey="name"
              pagination={false}
              dataSource={[...viewing.parameters]}
              columns={[
                { title: t('参数', 'Parameter'), dataIndex: 'name', render: (n: string) => <Typography.Text code>${n}</Typography.Text> },
                { title: t('类型', 'Type'), dataIndex: 'type' },
                { title: t('说明', 'Description'), dataIndex: 'description' },
                { title: t('示例', 'Example'), dataIndex: 'example', render: (v: unknown) => String(v) },
                { title: t('取值', 'Values'), key: 'values', render: (_, p) => (p.allowed ? p.allowed.join(', ') : [p.min !== undefined ? `≥ ${p.min}` : '', p.max !== undefined ? `≤ ${p.max}` : ''].filter(Boolean).join(' ') || '—') },
              ]}
            />
          </Space>
        ) : null}
      </Drawer>
    </Space>
  )
}

interface ParameterForm {
  name: string
  type: ParameterType
  description: string
  example: string | number
  allowed?: string[]
  min?: string | number
  max?: string | number
}

interface ProposeForm {
  name: string
  description: string
  sql: string
  parameters: ParameterForm[]
}

const numeric = (type: ParameterType) => type === 'integer' || type === 'number'

/** The form's parameter as the API wants it: numbers as numbers, empty bounds left out. */
function toParameter(p: ParameterForm): TemplateParameter {
  const value = (v: string | number | undefined) => (v === undefined || v === '' || v === null ? undefined : numeric(p.type) ? Number(v) : String(v))
  const allowed = p.allowed?.length ? p.allowed.map((v) => (numeric(p.type) ? Number(v) : v)) : undefined
  return {
    name: p.name,
    type: p.type,
    description: p.description,
    example: value(p.example)!,
    ...(allowed ? { allowed } : {}),
    ...(value(p.min) !== undefined ? { min: value(p.min)! } : {}),
    ...(value(p.max) !== undefined ? { max: value(p.max)! } : {}),
  }
}

/** A template to start from, on the workspace's own tables. */
function starterTemplate(workspace: Workspace): Pick<ProposeForm, 'sql' | 'parameters'> {
  const tables = new Set(workspace.scope.map((s) => s.table))
  if (tables.has('market_entities')) {
    return {
      sql: 'SELECT m.industry_code, count(DISTINCT m.uscc) AS enterprises, sum(m.registered_capital_wan) AS capital_wan\nFROM market_entities m\nWHERE m.district_code = $district\nGROUP BY m.industry_code',
      parameters: [{ name: 'district', type: 'string', description: '县区代码', example: '130702', allowed: [] }],
    }
  }
  if (tables.has('scenic_visits')) {
    return {
      sql: 'SELECT scenic_spot, sum(visitors) AS visitors\nFROM scenic_visits\nWHERE visit_date >= $since\nGROUP BY scenic_spot',
      parameters: [{ name: 'since', type: 'date', description: '起始日期', example: '2026-01-01', allowed: [] }],
    }
  }
  const first = workspace.scope[0]
  return { sql: first ? `SELECT count(*) AS records\nFROM ${first.table}` : '', parameters: [] }
}

function ProposeModal({ open, workspace, onClose, onProposed }: { open: boolean; workspace: Workspace; onClose: () => void; onProposed: () => void }) {
  const t = useT()
  const [form] = Form.useForm<ProposeForm>()
  const propose = useAction((values: ProposeForm) => post<QueryTemplate>(`/api/v1/workspaces/${workspace.id}/templates`, { ...values, parameters: values.parameters.map(toParameter) }))
  const hint = propose.error instanceof ApiError ? refusalHint(propose.error.body, t) : null
  return (
    <Modal
      open={open}
      width={860}
      title={t('提出查询模板', 'Propose a query template')}
      onCancel={onClose}
      okText={t('提交（先以示例值过闸门）', 'Propose (checked with the examples)')}
      okButtonProps={{ loading: propose.running, 'data-testid': 'propose-template-submit' }}
      onOk={() =>
        void form.validateFields().then(async (values) => {
          if (await propose.run({ ...values, parameters: values.parameters ?? [] })) {
            form.resetFields()
            onProposed()
          }
        }, () => undefined)
      }
      destroyOnHidden
    >
      <Form<ProposeForm>
        form={form}
        layout="vertical"
        initialValues={starterTemplate(workspace)}
      >
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="name" label={t('模板名', 'Name')} rules={[{ required: true, message: t('请填写模板名', 'Name it') }, { pattern: NAME_PATTERN, message: t('小写字母开头，可含小写字母、数字和连字符，2–63 位，如 district-counts', 'lower case, digits and hyphens, 2–63, e.g. district-counts') }]}>
              <Input placeholder="district-capital" data-testid="template-name" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="description" label={t('说明', 'Description')} rules={[{ required: true, whitespace: true, message: t('请说明模板的用途', 'Say what it is for') }, { max: 2000 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="sql" label={t('SQL（参数写作 $名称）', 'SQL (parameters as $name)')} rules={[{ required: true, whitespace: true, message: t('请填写 SQL', 'Enter the SQL') }, { max: 20_000 }]}>
          <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} style={{ fontFamily: MONOSPACE, fontSize: 13 }} spellCheck={false} />
        </Form.Item>
        <Typography.Text strong>{t('参数', 'Parameters')}</Typography.Text>
        <Form.List name="parameters" rules={[{ validator: async (_, list: unknown[] | undefined) => { if ((list?.length ?? 0) > 20) throw new Error(t('最多 20 个参数', 'At most 20 parameters')) } }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field) => (
                <ParameterRow key={field.key} name={field.name} form={form} onRemove={() => remove(field.name)} />
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'string', allowed: [] })} style={{ marginTop: 8 }}>
                {t('添加参数', 'Add a parameter')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      <div style={{ marginTop: 16 }}>
        <ServerError error={propose.error} />
        {hint ? <Alert type="info" showIcon message={t('怎么改', 'What to change')} description={hint} /> : null}
      </div>
    </Modal>
  )
}

function ParameterRow({ name, form, onRemove }: { name: number; form: ReturnType<typeof Form.useForm<ProposeForm>>[0]; onRemove: () => void }) {
  const t = useT()
  const type: ParameterType = Form.useWatch(['parameters', name, 'type'], form) ?? 'string'
  const valueInput = numeric(type) ? <InputNumber style={{ width: '100%' }} /> : <Input placeholder={type === 'date' ? 'YYYY-MM-DD' : undefined} />
  const valueRules = [
    ...(type === 'date' ? [{ pattern: DATE, message: t('日期格式 YYYY-MM-DD', 'a date, YYYY-MM-DD') }] : []),
    ...(type === 'integer' ? [{ type: 'integer' as const, message: t('整数', 'a whole number') }] : []),
  ]
  return (
    <Card size="small" style={{ marginTop: 8 }} extra={<MinusCircleOutlined onClick={onRemove} />} title={t(`参数 ${name + 1}`, `Parameter ${name + 1}`)}>
      <Row gutter={8}>
        <Col span={6}>
          <Form.Item name={[name, 'name']} label={t('名称', 'Name')} rules={[{ required: true, message: t('必填', 'required') }, { pattern: PARAMETER_NAME, message: t('snake_case，如 district', 'snake_case, e.g. district') }]}>
            <Input prefix="$" />
          </Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item name={[name, 'type']} label={t('类型', 'Type')} rules={[{ required: true }]}>
            <Select options={(['string', 'integer', 'number', 'date'] as const).map((v) => ({ value: v, label: v }))} />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item name={[name, 'description']} label={t('说明', 'Description')} rules={[{ required: true, whitespace: true, message: t('必填', 'required') }, { max: 500 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={[name, 'example']} label={t('示例值（用于过闸门）', 'Example (for the gate)')} rules={[{ required: true, message: t('必填', 'required') }, ...valueRules]}>
            {valueInput}
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={[name, 'allowed']} label={t('可选值（封闭集合，可空）', 'Allowed values (a closed set, optional)')}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={[name, 'min']} label={t('最小值', 'Min')} rules={valueRules}>
            {valueInput}
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={[name, 'max']} label={t('最大值', 'Max')} rules={valueRules}>
            {valueInput}
          </Form.Item>
        </Col>
      </Row>
    </Card>
  )
}

function RunModal({ template, workspace, onClose, onAnswer }: { template: QueryTemplate; workspace: Workspace; onClose: () => void; onAnswer: (answer: QueryAnswer) => void }) {
  const t = useT()
  const [form] = Form.useForm<Record<string, string | number>>()
  const run = useAction((values: Record<string, string | number>) => post<QueryAnswer>(`/api/v1/workspaces/${workspace.id}/templates/${template.name}/runs`, { parameters: values }))
  const hint = run.error instanceof ApiError ? refusalHint(run.error.body, t) : null
  return (
    <Modal
      open
      title={t(`运行模板 ${template.name}`, `Run template ${template.name}`)}
      onCancel={onClose}
      okText={t('运行', 'Run')}
      okButtonProps={{ loading: run.running, 'data-testid': 'run-template-submit' }}
      onOk={() =>
        void form.validateFields().then(async (values) => {
          const answer = await run.run(values)
          if (answer) onAnswer(answer)
        }, () => undefined)
      }
    >
      <Typography.Paragraph type="secondary">{template.description}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={Object.fromEntries(template.parameters.map((p) => [p.name, p.example]))}>
        {template.parameters.map((p) => (
          <Form.Item
            key={p.name}
            name={p.name}
            label={`$${p.name} · ${p.description}`}
            rules={[
              { required: true, message: t('必填', 'required') },
              ...(p.type === 'date' ? [{ pattern: DATE, message: t('日期格式 YYYY-MM-DD', 'a date, YYYY-MM-DD') }] : []),
              ...(p.type === 'integer' ? [{ type: 'integer' as const, message: t('整数', 'a whole number') }] : []),
              ...(p.type === 'string' ? [{ max: 200 }] : []),
            ]}
          >
            {p.allowed ? (
              <Select options={p.allowed.map((v) => ({ value: v, label: String(v) }))} />
            ) : numeric(p.type) ? (
              <InputNumber style={{ width: '100%' }} min={typeof p.min === 'number' ? p.min : undefined} max={typeof p.max === 'number' ? p.max : undefined} />
            ) : (
              <Input placeholder={p.type === 'date' ? 'YYYY-MM-DD' : undefined} />
            )}
          </Form.Item>
        ))}
      </Form>
      <ServerError error={run.error} />
      {hint ? <Alert type="info" showIcon message={t('怎么改', 'What to change')} description={hint} /> : null}
    </Modal>
  )
}
