import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Checkbox, Col, Collapse, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Typography } from 'antd'
import { useEffect } from 'react'
import { useGet } from '../../components/hooks.ts'
import { useT } from '../../i18n.tsx'
import { ClauseFields, clausesFromForm } from './ClauseFields.tsx'
import { PURPOSE, ROW_FILTER_OPERATOR, useWords } from './labels.tsx'
import { PATTERNS, useCatalog, usePolicyParams } from './shared.tsx'
import { ROW_FILTER_OPERATORS, type Agreement, type CatalogResource, type QueryRules, type RowFilterOperator, type Scenario } from './types.ts'
import { ListErrors } from './ListErrors.tsx'

interface RowFilterForm {
  column: string
  operator: RowFilterOperator
  values: string[]
}

interface ScopeItemForm {
  resourceCode: string
  fields: string[]
  rowFilters: RowFilterForm[]
}

interface RulesForm {
  analysis: QueryRules['analysis']
  identifiers: string[]
  minDistinctEntities: number
  outputChecks: QueryRules['outputChecks']
  limits: QueryRules['limits']
  dp: boolean
  differentialPrivacy: { mechanism: 'laplace' | 'gaussian'; epsilonPerAggregate: number; budgetEpsilon: number; contributionBound: number }
}

export interface AgreementFormValues {
  applicationId?: string
  scope: ScopeItemForm[]
  termStart: string
  termEnd: string
  feeYuan: number
  workspace: { id?: string; name: string; rules: RulesForm }
  clauses: Record<string, string | undefined>
}

const DEFAULT_RULES: RulesForm = {
  analysis: 'aggregation',
  identifiers: [],
  minDistinctEntities: 10,
  outputChecks: { threshold: 10, dominance: { n: 2, k: 0.9 }, pRatio: 0.1, zeros: true },
  limits: { timeoutMs: 30_000, memoryMb: 1024, maxRows: 10_000 },
  dp: false,
  differentialPrivacy: { mechanism: 'laplace', epsilonPerAggregate: 0.5, budgetEpsilon: 10, contributionBound: 1 },
}

/** A new draft's starting values: the scenario's needs as the scope, the model clauses left to the operator. */
export function newAgreementValues(applicationId: string | undefined): Partial<AgreementFormValues> {
  return { applicationId, scope: [], feeYuan: 0, workspace: { name: '', rules: structuredClone(DEFAULT_RULES) }, clauses: {} }
}

/** A draft's current values, for revision. */
export function agreementFormValues(a: Agreement): AgreementFormValues {
  const rules = a.workspace.rules
  return {
    scope: a.scope.map((s) => ({
      resourceCode: s.resourceCode,
      fields: [...s.fields],
      rowFilters: s.rowFilters.map((f) => ({ column: f.column, operator: f.operator, values: f.values.map(String) })),
    })),
    termStart: a.term.start,
    termEnd: a.term.end,
    feeYuan: a.feeYuan,
    workspace: {
      id: a.workspace.id,
      name: a.workspace.name,
      rules: {
        analysis: rules.analysis,
        identifiers: [...rules.identifiers],
        minDistinctEntities: rules.minDistinctEntities,
        outputChecks: structuredClone(rules.outputChecks),
        limits: { ...rules.limits },
        dp: rules.differentialPrivacy !== null,
        differentialPrivacy: rules.differentialPrivacy
          ? {
              mechanism: rules.differentialPrivacy.mechanism,
              epsilonPerAggregate: rules.differentialPrivacy.epsilonPerAggregate,
              budgetEpsilon: rules.differentialPrivacy.budgetEpsilon,
              contributionBound: rules.differentialPrivacy.contributionBound,
            }
          : { ...DEFAULT_RULES.differentialPrivacy },
      },
    },
    clauses: { ...a.clauses },
  }
}

function numericField(resource: CatalogResource | undefined, column: string): boolean {
  const type = resource?.fields.find((f) => f.name === column)?.dataType
  return type === 'integer' || type === 'decimal'
}

/**
 * The body of POST /agreements (or PATCH, without applicationId): row filter values typed by
 * their column, the query rules as the operator set them, the differential privacy kept only when
 * switched on (its bounds, if the draft had any, kept too).
 */
export function agreementBody(v: AgreementFormValues, byCode: ReadonlyMap<string, CatalogResource>, previous?: Agreement) {
  const rules = v.workspace.rules
  const previousBounds = previous?.workspace.rules.differentialPrivacy?.bounds
  return {
    ...(v.applicationId ? { applicationId: v.applicationId } : {}),
    clauses: clausesFromForm(v.clauses),
    scope: v.scope.map((item) => ({
      resourceCode: item.resourceCode,
      fields: item.fields,
      rowFilters: (item.rowFilters ?? []).map((f) => ({
        column: f.column,
        operator: f.operator,
        values: f.values.map((x) => (numericField(byCode.get(item.resourceCode), f.column) && x.trim() !== '' && !Number.isNaN(Number(x)) ? Number(x) : x)),
      })),
    })),
    termStart: v.termStart,
    termEnd: v.termEnd,
    feeYuan: v.feeYuan,
    workspace: {
      ...(v.workspace.id?.trim() ? { id: v.workspace.id.trim() } : {}),
      name: v.workspace.name,
      rules: {
        analysis: rules.analysis,
        ...(rules.identifiers?.length ? { identifiers: rules.identifiers } : {}),
        minDistinctEntities: rules.minDistinctEntities,
        outputChecks: rules.outputChecks,
        limits: rules.limits,
        differentialPrivacy: rules.dp ? { ...rules.differentialPrivacy, ...(previousBounds ? { bounds: previousBounds } : {}) } : null,
      },
    },
  }
}

/** The last day a term starting on `start` may run: `months` months, counted inclusively (art. 17), a short month clamped as the server does. */
function lastAllowedDay(start: string, months: number): string {
  const d = new Date(`${start}T00:00:00Z`)
  const year = d.getUTCFullYear()
  const month = d.getUTCMonth() + months
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const end = new Date(Date.UTC(year, month, Math.min(d.getUTCDate(), lastOfMonth)))
  return new Date(end.getTime() - 86_400_000).toISOString().slice(0, 10)
}

/**
 * The agreement's terms (art. 16, 17): scope within the scenario's needs, a term of at most the
 * pack's months, a fee that fits the purpose (art. 6), the workspace and its query rules, and the
 * clauses. Mirrors agreementSchema.
 */
export function AgreementFields({ scenarioCode, awarded }: { scenarioCode: string | undefined; awarded?: { value: string; label: string; scenarioCode: string }[] }) {
  const t = useT()
  const words = useWords()
  const form = Form.useFormInstance<AgreementFormValues>()
  const policy = usePolicyParams()
  const { byCode } = useCatalog()
  const applicationId = Form.useWatch('applicationId', form)
  const code = awarded ? awarded.find((a) => a.value === applicationId)?.scenarioCode : scenarioCode
  const scenario = useGet<Scenario>(code ? `/api/v1/scenarios/${code}` : null)
  const s = scenario.data?.code === code ? scenario.data : undefined
  const dp = Form.useWatch(['workspace', 'rules', 'dp'], form)
  const scope = Form.useWatch('scope', form) as ScopeItemForm[] | undefined
  const maxMonths = policy?.developerTermMaxMonths ?? 36

  // A new draft starts from the chosen scenario's needs: every needed field of every needed resource.
  const isNew = awarded !== undefined
  useEffect(() => {
    if (!isNew || !s) return
    form.setFieldsValue({
      scope: s.needs.map((n) => ({ resourceCode: n.resourceCode, fields: n.fields.map((f) => f.name), rowFilters: [] })),
      feeYuan: s.purposeType === 'public_interest' ? 0 : form.getFieldValue('feeYuan'),
      workspace: { ...form.getFieldValue('workspace'), name: form.getFieldValue(['workspace', 'name']) || `${s.name}工作区` },
    })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s?.code, isNew, form])

  const scopeColumns = (scope ?? []).flatMap((item) => {
    const resource = byCode.get(item?.resourceCode)
    return (item?.fields ?? []).map((f) => `${resource?.tableName ?? item.resourceCode}.${f}`)
  })

  return (
    <>
      {awarded ? (
        <Form.Item name="applicationId" label={t('中选申请（公告确定的二级开发运营主体）', 'Awarded application')} rules={[{ required: true }]}>
          <Select options={awarded} placeholder={t('选择已确定中选、尚无协议的申请', 'An awarded application without an agreement')} data-testid="agreement-application" />
        </Form.Item>
      ) : null}
      {s ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={`${s.code} ${s.name}`}
          description={`${words(PURPOSE, s.purposeType)}${s.conditions ? ` · ${s.conditions}` : ''}`}
        />
      ) : null}

      <Typography.Title level={5}>{t('授权范围（不超出场景所需信息项，最小必要）', 'Scope (within the scenario’s needs, least necessary)')}</Typography.Title>
      <Form.List
        name="scope"
        rules={[
          {
            validator: async (_, items: ScopeItemForm[] | undefined) => {
              if (!items?.length) throw new Error(t('至少授权一个资源', 'Grant at least one resource'))
              if (items.length > 50) throw new Error(t('最多 50 个资源', 'At most 50 resources'))
            },
          },
        ]}
      >
        {(items, { remove }, { errors }) => (
          <>
            {items.map((item) => (
              <ScopeCard key={item.key} index={item.name} scenario={s} onRemove={() => remove(item.name)} />
            ))}
            <ListErrors errors={errors} />
          </>
        )}
      </Form.List>

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('期限与费用', 'Term and fee')}
      </Typography.Title>
      <Space wrap align="start">
        <Form.Item name="termStart" label={t('起始日', 'Starts')} rules={[{ required: true }, { pattern: PATTERNS.day }]} extra={t('报备须在起始日之前或当日', 'Filed on or before this day')}>
          <Input type="date" data-testid="agreement-term-start" />
        </Form.Item>
        <Form.Item
          name="termEnd"
          label={t('截止日', 'Ends')}
          dependencies={['termStart']}
          extra={t(`一次授权不超过 ${maxMonths} 个月（第十七条）`, `At most ${maxMonths} months (art. 17)`)}
          rules={[
            { required: true },
            { pattern: PATTERNS.day },
            ({ getFieldValue }) => ({
              validator: async (_, end: string | undefined) => {
                const start = getFieldValue('termStart') as string | undefined
                if (!end || !start) return
                if (end < start) throw new Error(t('截止日早于起始日', 'Ends before it starts'))
                const last = lastAllowedDay(start, maxMonths)
                if (end > last) throw new Error(t(`最晚 ${last}（${maxMonths} 个月）`, `${last} at the latest (${maxMonths} months)`))
              },
            }),
          ]}
        >
          <Input type="date" data-testid="agreement-term-end" />
        </Form.Item>
        <Form.Item
          name="feeYuan"
          label={t('服务费用（元）', 'Fee (yuan)')}
          extra={s ? (s.purposeType === 'public_interest' ? t('公益用途无偿（第六条）', 'Public interest: free (art. 6)') : t('产业用途有偿（第六条）', 'Industrial: paid (art. 6)')) : undefined}
          rules={[
            { required: true },
            { type: 'number', min: 0, max: 1e12 },
            {
              validator: async (_, fee: number | undefined) => {
                if (fee === undefined || !s) return
                if (s.purposeType === 'public_interest' && fee !== 0) throw new Error(t('公益用途场景无偿使用，费用应为 0', 'Public-interest use is free: 0'))
                if (s.purposeType === 'industrial' && fee <= 0) throw new Error(t('产业用途场景有偿使用，须写明费用', 'Industrial use is paid: state the fee'))
              },
            },
          ]}
        >
          <InputNumber min={0} max={1e12} style={{ width: 200 }} data-testid="agreement-fee" />
        </Form.Item>
      </Space>

      <Typography.Title level={5}>{t('授权运营域工作区', 'Workspace in the domain')}</Typography.Title>
      <Space wrap align="start">
        <Form.Item
          name={['workspace', 'id']}
          label={t('工作区标识（留空自动生成）', 'Workspace id (blank: generated)')}
          rules={[{ pattern: PATTERNS.workspaceId, message: t('小写字母开头，3–40 位小写字母、数字或连字符', 'Lowercase slug, 3–40 characters') }]}
        >
          <Input style={{ width: 220 }} placeholder="fin-credit" data-testid="agreement-workspace-id" />
        </Form.Item>
        <Form.Item name={['workspace', 'name']} label={t('工作区名称', 'Workspace name')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
          <Input style={{ width: 360 }} />
        </Form.Item>
      </Space>
      <Collapse
        size="small"
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'rules',
            label: t('查询规则（安全要求）', 'Query rules (security requirements)'),
            forceRender: true,
            children: (
              <>
                <Row gutter={16}>
                  <Col span={12}>
                    <Form.Item name={['workspace', 'rules', 'analysis']} label={t('分析规则', 'Analysis')}>
                      <Radio.Group
                        options={[
                          { value: 'aggregation', label: t('自由聚合查询', 'Aggregation') },
                          { value: 'template', label: t('仅限审定模板', 'Approved templates only') },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name={['workspace', 'rules', 'minDistinctEntities']} label={t('每个结果单元最少覆盖主体数', 'Min. distinct entities per cell')} rules={[{ required: true }, { type: 'integer', min: 0, max: 1_000_000 }]}>
                      <InputNumber min={0} max={1_000_000} precision={0} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item
                  name={['workspace', 'rules', 'identifiers']}
                  label={t('标识列（只可关联、计数，不可输出；留空按目录标识字段）', 'Identifier columns (join and count only; blank: the catalog’s identifiers)')}
                  rules={[
                    {
                      validator: async (_, ids: string[] | undefined) => {
                        const stray = (ids ?? []).filter((c) => !scopeColumns.includes(c))
                        if (stray.length) throw new Error(t(`不在授权范围内：${stray.join(', ')}`, `Not in the scope: ${stray.join(', ')}`))
                        if ((ids ?? []).length > 200) throw new Error(t('最多 200 列', 'At most 200'))
                      },
                    },
                  ]}
                >
                  <Select mode="multiple" allowClear options={scopeColumns.map((c) => ({ value: c, label: c }))} />
                </Form.Item>
                <Typography.Text strong>{t('输出检查（统计披露控制）', 'Output checks (disclosure control)')}</Typography.Text>
                <Space wrap align="start" style={{ marginTop: 8 }}>
                  <Form.Item name={['workspace', 'rules', 'outputChecks', 'threshold']} label={t('最小频数', 'Threshold')} rules={[{ required: true }, { type: 'integer', min: 0, max: 1_000_000 }]}>
                    <InputNumber min={0} precision={0} />
                  </Form.Item>
                  <Form.Item name={['workspace', 'rules', 'outputChecks', 'dominance', 'n']} label={t('优势规则 n', 'Dominance n')} rules={[{ required: true }, { type: 'integer', min: 1, max: 10 }]}>
                    <InputNumber min={1} max={10} precision={0} />
                  </Form.Item>
                  <Form.Item name={['workspace', 'rules', 'outputChecks', 'dominance', 'k']} label={t('优势规则 k', 'Dominance k')} rules={[{ required: true }, { type: 'number', min: 0.0001, max: 1 }]}>
                    <InputNumber min={0} max={1} step={0.05} />
                  </Form.Item>
                  <Form.Item name={['workspace', 'rules', 'outputChecks', 'pRatio']} label={t('p% 规则', 'p ratio')} rules={[{ required: true }, { type: 'number', min: 0, max: 1 }]}>
                    <InputNumber min={0} max={1} step={0.05} />
                  </Form.Item>
                  <Form.Item name={['workspace', 'rules', 'outputChecks', 'zeros']} label={t('检查结构性零', 'Check zeros')} valuePropName="checked">
                    <Switch />
                  </Form.Item>
                </Space>
                <Typography.Text strong>{t('资源限制', 'Limits')}</Typography.Text>
                <Space wrap align="start" style={{ marginTop: 8 }}>
                  <Form.Item name={['workspace', 'rules', 'limits', 'timeoutMs']} label={t('超时（毫秒）', 'Timeout (ms)')} rules={[{ required: true }, { type: 'integer', min: 100, max: 600_000 }]}>
                    <InputNumber min={100} max={600_000} precision={0} />
                  </Form.Item>
                  <Form.Item name={['workspace', 'rules', 'limits', 'memoryMb']} label={t('内存（MB）', 'Memory (MB)')} rules={[{ required: true }, { type: 'integer', min: 64, max: 65_536 }]}>
                    <InputNumber min={64} max={65_536} precision={0} />
                  </Form.Item>
                  <Form.Item name={['workspace', 'rules', 'limits', 'maxRows']} label={t('最多返回行数', 'Max rows')} rules={[{ required: true }, { type: 'integer', min: 1, max: 1_000_000 }]}>
                    <InputNumber min={1} max={1_000_000} precision={0} />
                  </Form.Item>
                </Space>
                <Form.Item name={['workspace', 'rules', 'dp']} label={t('差分隐私（隐私预算）', 'Differential privacy (budget)')} valuePropName="checked">
                  <Switch />
                </Form.Item>
                {dp ? (
                  <Space wrap align="start">
                    <Form.Item name={['workspace', 'rules', 'differentialPrivacy', 'mechanism']} label={t('机制', 'Mechanism')}>
                      <Select style={{ width: 140 }} options={[{ value: 'laplace', label: 'Laplace' }, { value: 'gaussian', label: 'Gaussian' }]} />
                    </Form.Item>
                    <Form.Item name={['workspace', 'rules', 'differentialPrivacy', 'epsilonPerAggregate']} label={t('每个聚合 ε', 'ε per aggregate')} rules={[{ required: true }, { type: 'number', min: 0.0001, max: 10 }]}>
                      <InputNumber min={0} max={10} step={0.1} />
                    </Form.Item>
                    <Form.Item name={['workspace', 'rules', 'differentialPrivacy', 'budgetEpsilon']} label={t('总预算 ε', 'Budget ε')} rules={[{ required: true }, { type: 'number', min: 0.0001, max: 1000 }]}>
                      <InputNumber min={0} max={1000} step={1} />
                    </Form.Item>
                    <Form.Item name={['workspace', 'rules', 'differentialPrivacy', 'contributionBound']} label={t('单主体贡献上限（行）', 'Contribution bound (rows)')} rules={[{ required: true }, { type: 'integer', min: 1, max: 10_000 }]}>
                      <InputNumber min={1} max={10_000} precision={0} />
                    </Form.Item>
                  </Space>
                ) : null}
              </>
            ),
          },
        ]}
      />

      <Typography.Title level={5}>{t('协议条款（第十六条）', 'Clauses (art. 16)')}</Typography.Title>
      <ClauseFields required={false} />
      <div style={{ height: 16 }} />
    </>
  )
}

function ScopeCard({ index, scenario, onRemove }: { index: number; scenario: Scenario | undefined; onRemove(): void }) {
  const t = useT()
  const words = useWords()
  const form = Form.useFormInstance<AgreementFormValues>()
  const { byCode } = useCatalog()
  const code = Form.useWatch(['scope', index, 'resourceCode'], form) as string | undefined
  const fields = Form.useWatch(['scope', index, 'fields'], form) as string[] | undefined
  const resource = code ? byCode.get(code) : undefined
  const need = scenario?.needs.find((n) => n.resourceCode === code)
  // Only what the scenario needs may be granted; without the scenario loaded, the catalog's fields.
  const allowed = need ? need.fields.map((f) => f.name) : (resource?.fields.map((f) => f.name) ?? fields ?? [])
  const title = (name: string) => resource?.fields.find((f) => f.name === name)?.title ?? name
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      title={
        <>
          {code} {resource?.name}
        </>
      }
      extra={<Button size="small" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('不授权该资源', 'Drop this resource')} />}
    >
      <Form.Item name={[index, 'resourceCode']} hidden>
        <Input />
      </Form.Item>
      <Form.Item name={[index, 'fields']} rules={[{ required: true, type: 'array', min: 1, message: t('至少一个信息项', 'At least one field') }]} style={{ marginBottom: 8 }}>
        <Checkbox.Group options={allowed.map((name) => ({ value: name, label: `${title(name)} (${name})` }))} />
      </Form.Item>
      <Form.List name={[index, 'rowFilters']}>
        {(filters, { add, remove }) => (
          <>
            {filters.map((filter) => (
              <Space key={filter.key} align="start" wrap>
                <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>
                  {t('行过滤', 'Rows where')}
                </Typography.Text>
                <Form.Item name={[filter.name, 'column']} messageVariables={{ label: t('过滤字段', 'Filter column') }} rules={[{ required: true }, { pattern: PATTERNS.fieldName }]} style={{ marginBottom: 8 }}>
                  <Select style={{ width: 200 }} placeholder={t('字段', 'Column')} options={(resource?.fields ?? []).map((f) => ({ value: f.name, label: `${f.title} (${f.name})` }))} />
                </Form.Item>
                <Form.Item name={[filter.name, 'operator']} messageVariables={{ label: t('运算', 'Operator') }} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                  <Select style={{ width: 110 }} options={ROW_FILTER_OPERATORS.map((o) => ({ value: o, label: words(ROW_FILTER_OPERATOR, o) }))} />
                </Form.Item>
                <Form.Item
                  name={[filter.name, 'values']}
                  dependencies={[['scope', index, 'rowFilters', filter.name, 'operator']]}
                  style={{ marginBottom: 8 }}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: async (_, values: string[] | undefined) => {
                        const op = getFieldValue(['scope', index, 'rowFilters', filter.name, 'operator']) as RowFilterOperator | undefined
                        const n = values?.length ?? 0
                        if (n === 0) throw new Error(t('填写取值', 'Give the values'))
                        if (op === 'between' && n !== 2) throw new Error(t('“介于”需要两个值', 'between takes two values'))
                        if ((op === 'eq' || op === 'gte' || op === 'lte') && n !== 1) throw new Error(t('只需一个值', 'One value'))
                        if (n > 1000) throw new Error(t('最多 1000 个值', 'At most 1000 values'))
                        if ((values ?? []).some((v) => v.length > 200)) throw new Error(t('每个值最多 200 字', 'Each value at most 200 characters'))
                      },
                    }),
                  ]}
                >
                  <Select mode="tags" style={{ width: 280 }} placeholder={t('取值（回车分隔）', 'Values (Enter between)')} tokenSeparators={[',']} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(filter.name)} />
              </Space>
            ))}
            <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => add({ operator: 'eq', values: [] })} disabled={filters.length >= 20}>
              {t('添加行过滤（如限定县区）', 'Add a row filter (e.g. one district)')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  )
}
