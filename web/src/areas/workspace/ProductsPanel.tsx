import { CheckCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Descriptions, Drawer, Form, Input, InputNumber, List, Modal, Radio, Row, Select, Space, Spin, Switch, Table, Tag, Timeline, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { post } from '../../api.ts'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { productKindLabel, productStatusLabel } from './common.tsx'
import type { ModelView, Product, ProductKind, QueryTemplate, ReviewFinding, Workspace } from './types.ts'
import { PRODUCT_KINDS } from './types.ts'

const MONOSPACE = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'
type T = (zh: string, en: string) => string

/** The demo's feature query of one enterprise (test/products.ts FEATURE_SQL), `$entity` its credit code. */
const FEATURE_SQL = `SELECT m.industry_code, m.registered_capital_wan AS capital,
  coalesce((SELECT avg(kwh) FROM electricity_usage WHERE uscc = $entity), 0) AS kwh,
  coalesce((SELECT avg(tons) FROM water_usage WHERE uscc = $entity), 0) AS tons,
  coalesce((SELECT count(*) / 12.0 FROM social_insurance WHERE employer_uscc = $entity), 0) AS staff
FROM market_entities m WHERE m.uscc = $entity`

const RUN_ID = /^run_[0-9a-z]{20}$/
const PRODUCT_CODE = /^PRD-\d{4}-[0-9A-Z]{6}$/

function findingTitle(check: string, t: T): string {
  return (
    {
      'purpose-and-scope': t('用途与授权范围', 'Purpose and scope'),
      'declared-sources': t('数据来源可追溯', 'Declared sources'),
      'raw-or-sensitive-exposure': t('原始或敏感数据外露', 'Raw or sensitive exposure'),
      reversibility: t('可逆还原风险', 'Reversibility'),
      'personal-information-or-trade-secret': t('个人信息或商业秘密', 'Personal information or trade secrets'),
      'other-risks': t('其他风险', 'Other risks'),
    }[check] ?? check
  )
}

/** The automatic checks of art. 25, each with its verdict, rule and the server's finding. */
export function ReviewFindings({ findings }: { findings: readonly ReviewFinding[] }) {
  const t = useT()
  return (
    <List
      size="small"
      data-testid="review-findings"
      dataSource={[...findings]}
      rowKey="check"
      renderItem={(f) => (
        <List.Item>
          <List.Item.Meta
            avatar={f.status === 'pass' ? <CheckCircleOutlined style={{ color: '#389e0d' }} /> : f.status === 'fail' ? <CloseCircleOutlined style={{ color: '#cf1322' }} /> : <ExclamationCircleOutlined style={{ color: '#d48806' }} />}
            title={
              <Space>
                {findingTitle(f.check, t)}
                <Tag color={f.status === 'pass' ? 'green' : f.status === 'fail' ? 'red' : 'gold'}>{f.status === 'pass' ? t('通过', 'pass') : f.status === 'fail' ? t('不通过，阻止提交', 'fail: blocks submission') : t('提请审核员注意', 'for the reviewer')}</Tag>
                <Typography.Text type="secondary" code style={{ fontSize: 12 }}>{f.rule}</Typography.Text>
              </Space>
            }
            description={f.detail}
          />
        </List.Item>
      )}
    />
  )
}

/**
 * The workspace's data products: declare one from what the domain recorded (a run, a model, a
 * template), submit it for review with the automatic checks of art. 25, follow its reviews.
 */
export function ProductsPanel({ workspace, readOnly, declareRunId, onDeclareHandled }: { workspace: Workspace; readOnly: boolean; declareRunId?: string | null; onDeclareHandled?: () => void }) {
  const t = useT()
  const products = useGet<{ products: Product[] }>('/api/v1/products', { workspace: workspace.id })
  const [declaring, setDeclaring] = useState<{ runId?: string } | null>(null)
  const [openCode, setOpenCode] = useState<string | null>(null)

  useEffect(() => {
    if (declareRunId) {
      setDeclaring({ runId: declareRunId })
      onDeclareHandled?.()
    }
  }, [declareRunId, onDeclareHandled])

  return (
    <Card
      size="small"
      title={t('数据产品', 'Data products')}
      extra={
        readOnly ? null : (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDeclaring({})} data-testid="declare-product" disabled={workspace.status !== 'open'}>
            {t('声明产品', 'Declare a product')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t(
          '产品只能由工作空间里留下记录的东西构成（真实查询的结果、模型、已批准的模板），来源和数据等级由平台自动认定。提交审核时先做第二十五条规定的自动检查，不通过的不能提交；之后由一级开发运营主体的审核员审核，再登记、上架。',
          'A product is built only from what the workspace recorded (answers of real runs, models, approved templates); its sources and grade are derived by the platform. Submitting runs the automatic checks of art. 25 first, and a failing one blocks it; then the primary operator’s reviewers decide, and the product is registered and listed.',
        )}
      </Typography.Paragraph>
      <ServerError error={products.error} />
      <Table<Product>
        data-testid="products-table"
        size="small"
        rowKey="code"
        loading={products.loading}
        dataSource={products.data?.products ?? []}
        pagination={false}
        columns={[
          { title: t('编号', 'Code'), dataIndex: 'code', render: (code: string) => <Typography.Link onClick={() => setOpenCode(code)}>{code}</Typography.Link> },
          { title: t('名称', 'Name'), dataIndex: 'name' },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (kind: ProductKind) => productKindLabel(kind, t) },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (status: Product['status']) => <StatusTag status={status === 'submitted' ? 'in_review' : status}>{productStatusLabel(status, t)}</StatusTag> },
          { title: t('数据等级', 'Grade'), dataIndex: 'dataGrade' },
          { title: t('审核人数', 'Reviewers'), dataIndex: 'reviewersNeeded' },
          { title: t('登记编号', 'Registration'), dataIndex: 'registrationCode', render: (c: string | null) => c ?? '—' },
          { title: t('声明时间', 'Declared'), dataIndex: 'createdAt', render: formatTime },
          {
            title: '',
            key: 'actions',
            render: (_, p) => (!readOnly && (p.status === 'draft' || p.status === 'returned') ? <SubmitButton product={p} onDone={() => void products.reload()} onOpen={() => setOpenCode(p.code)} /> : null),
          },
        ]}
      />
      {declaring ? (
        <DeclareModal
          workspace={workspace}
          initialRunId={declaring.runId}
          onClose={() => setDeclaring(null)}
          onDeclared={(product) => {
            setDeclaring(null)
            void products.reload()
            setOpenCode(product.code)
          }}
        />
      ) : null}
      <ProductDrawer code={openCode} readOnly={readOnly} onClose={() => setOpenCode(null)} onChanged={() => void products.reload()} />
    </Card>
  )
}

function SubmitButton({ product, onDone, onOpen }: { product: Product; onDone: () => void; onOpen: () => void }) {
  const t = useT()
  const submit = useAction(() => post<Product>(`/api/v1/products/${product.code}/submission`))
  return (
    <Button
      size="small"
      icon={<SendOutlined />}
      loading={submit.running}
      data-testid={`submit-product-${product.code}`}
      onClick={async () => {
        await submit.run()
        // Refused or not, the findings are now on the product: show them.
        onDone()
        onOpen()
      }}
    >
      {t('提交审核', 'Submit')}
    </Button>
  )
}

function ProductDrawer({ code, readOnly, onClose, onChanged }: { code: string | null; readOnly: boolean; onClose: () => void; onChanged: () => void }) {
  const t = useT()
  const product = useGet<Product>(code ? `/api/v1/products/${code}` : null)
  const submit = useAction(() => post<Product>(`/api/v1/products/${code}/submission`))
  const p = code && product.data?.code === code ? product.data : undefined
  return (
    <Drawer open={code !== null} onClose={onClose} width={760} title={p ? `${p.name} · ${p.code}` : code} destroyOnHidden>
      <ServerError error={product.error} />
      {!p ? (
        <Spin />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="product-detail">
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('类型', 'Kind')}>{productKindLabel(p.kind, t)}</Descriptions.Item>
            <Descriptions.Item label={t('状态', 'Status')}><StatusTag status={p.status === 'submitted' ? 'in_review' : p.status}>{productStatusLabel(p.status, t)}</StatusTag></Descriptions.Item>
            <Descriptions.Item label={t('场景', 'Scenario')}>{p.scenarioCode}</Descriptions.Item>
            <Descriptions.Item label={t('数据等级', 'Grade')}>{p.dataGrade}{t(`（需 ${p.reviewersNeeded} 名审核员）`, ` (${p.reviewersNeeded} reviewer(s))`)}</Descriptions.Item>
            <Descriptions.Item label={t('说明', 'Description')} span={2}>{p.description}</Descriptions.Item>
            <Descriptions.Item label={t('数据来源', 'Sources')} span={2}>
              <Space wrap size={4}>
                {p.sources.resources.map((r) => <Tag key={r.resourceCode}>{r.table} · {r.resourceCode}</Tag>)}
                {p.sources.runs.map((r) => <Tag key={r} color="blue">{r}</Tag>)}
                {p.sources.models.map((m) => <Tag key={m} color="purple">{m}</Tag>)}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('输出', 'Outputs')} span={2}>{p.outputs.map((o) => `${o.name}（${o.description}）`).join('；') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('定价', 'Pricing')}>{p.pricing?.model === 'per-call' ? t(`按次 ¥${p.pricing.yuanPerCall}`, `¥${p.pricing.yuanPerCall} per call`) : t('免费', 'free')}</Descriptions.Item>
            <Descriptions.Item label={t('逐主体', 'Per entity')}>{p.perEntity ? t('是（需主体授权）', 'yes (consent needed)') : t('否', 'no')}</Descriptions.Item>
            <Descriptions.Item label={t('登记编号', 'Registration')}>{p.registrationCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('提交时间', 'Submitted')}>{formatTime(p.submittedAt)}</Descriptions.Item>
          </Descriptions>
          <Card
            size="small"
            title={t('自动检查（第二十五条）', 'Automatic checks (art. 25)')}
            extra={
              !readOnly && (p.status === 'draft' || p.status === 'returned') ? (
                <Button
                  type="primary"
                  size="small"
                  icon={<SendOutlined />}
                  loading={submit.running}
                  data-testid="submit-product"
                  onClick={async () => {
                    await submit.run()
                    await product.reload()
                    onChanged()
                  }}
                >
                  {p.status === 'returned' ? t('修改后再次提交', 'Submit again') : t('提交审核', 'Submit for review')}
                </Button>
              ) : null
            }
          >
            <ServerError error={submit.error} />
            {p.checks ? <ReviewFindings findings={p.checks} /> : <Typography.Text type="secondary">{t('提交时自动运行。', 'They run on submission.')}</Typography.Text>}
            {p.kind === 'dataset' && p.checks?.some((f) => f.check === 'raw-or-sensitive-exposure' && f.status === 'fail') ? (
              <Alert
                type="info"
                showIcon
                style={{ marginTop: 8 }}
                message={t('怎么改', 'What to change')}
                description={t(
                  '数据集的内容会被扫描身份证号、手机号、统一社会信用代码等标识。未取整的平均值（长小数）里的数字串也可能被当作手机号：在 SQL 中用 round(avg(…), 1) 取整，重新真实运行，再用新的运行编号声明产品。',
                  'A dataset’s content is scanned for ID numbers, mobiles, credit codes and the like. Digits inside an unrounded average (a long decimal) can look like a mobile number: round it in the SQL (round(avg(…), 1)), run it for real again, and declare the product from the new run.',
                )}
              />
            ) : null}
          </Card>
          <Card size="small" title={t('审核记录', 'Reviews')}>
            {p.reviews.length === 0 ? (
              <Typography.Text type="secondary">{t('尚无审核意见。', 'No review yet.')}</Typography.Text>
            ) : (
              <Timeline
                items={p.reviews.map((r) => ({
                  color: r.decision === 'approve' ? 'green' : r.decision === 'return' ? 'orange' : 'red',
                  children: (
                    <div>
                      <Space>
                        <Tag>{t(`第 ${r.round} 轮`, `Round ${r.round}`)}</Tag>
                        <strong>{{ approve: t('通过', 'Approved'), return: t('退回修改', 'Returned'), reject: t('不予通过', 'Rejected') }[r.decision] ?? r.decision}</strong>
                        <Typography.Text type="secondary">{formatTime(r.at)}</Typography.Text>
                      </Space>
                      <div>{r.reasons}</div>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
          <Card size="small" title={t('产品规格', 'Spec')}>
            <pre style={{ fontFamily: MONOSPACE, fontSize: 12, whiteSpace: 'pre-wrap', maxHeight: 320, overflow: 'auto', margin: 0 }}>{JSON.stringify(specSummary(p.spec), null, 2)}</pre>
          </Card>
        </Space>
      )}
    </Drawer>
  )
}

/** A dataset's spec carries its released rows: show how many, not all of them. */
function specSummary(spec: Product['spec']): unknown {
  const result = spec['result'] as { columns?: unknown[]; rows?: unknown[] } | undefined
  if (!result) return spec
  return { ...spec, result: { columns: result.columns, rows: `${result.rows?.length ?? 0} rows` } }
}

interface DeclareForm {
  kind: ProductKind
  name: string
  description: string
  runId?: string
  runIds?: string[]
  title?: string
  body?: string
  modelId?: string
  featureSql?: string
  template?: string
  schedule?: string
  uses?: string[]
  url?: string
  outputs?: { name: string; description: string }[]
  perEntity: boolean
  pricingModel: 'free' | 'per-call'
  yuanPerCall?: number
  dailyQuota?: number
  ratePerSecond?: number
}

function specOf(v: DeclareForm): Record<string, unknown> {
  switch (v.kind) {
    case 'dataset':
      return { kind: 'dataset', runId: v.runId }
    case 'report':
      return { kind: 'report', title: v.title, body: v.body, runIds: v.runIds }
    case 'api':
      return { kind: 'api', modelId: v.modelId, featureSql: v.featureSql }
    case 'model':
      return { kind: 'model', modelId: v.modelId }
    case 'indicator':
      return { kind: 'indicator', template: v.template, schedule: v.schedule }
    case 'application':
      return { kind: 'application', uses: v.uses, ...(v.url ? { url: v.url } : {}) }
  }
}

function DeclareModal({ workspace, initialRunId, onClose, onDeclared }: { workspace: Workspace; initialRunId?: string; onClose: () => void; onDeclared: (product: Product) => void }) {
  const t = useT()
  const [form] = Form.useForm<DeclareForm>()
  const kind: ProductKind = Form.useWatch('kind', form) ?? 'dataset'
  const pricingModel = Form.useWatch('pricingModel', form) ?? 'free'
  const models = useGet<{ models: ModelView[] }>(kind === 'api' || kind === 'model' ? `/api/v1/workspaces/${workspace.id}/models` : null)
  const templates = useGet<{ templates: QueryTemplate[] }>(kind === 'indicator' ? `/api/v1/workspaces/${workspace.id}/templates` : null)
  const scenario = useGet<{ purposeType?: string }>(`/api/v1/scenarios/${workspace.scenarioCode}`)
  const caps = useGet<{ priceCaps: { scenarioCode: string; yuanPerCall: number }[] }>('/api/v1/price-caps')
  const publicInterest = scenario.data?.purposeType === 'public_interest'
  const cap = caps.data?.priceCaps.find((c) => c.scenarioCode === workspace.scenarioCode)
  const declare = useAction((v: DeclareForm) =>
    post<Product>(`/api/v1/workspaces/${workspace.id}/products`, {
      kind: v.kind,
      name: v.name,
      description: v.description,
      spec: specOf(v),
      outputs: (v.outputs ?? []).filter((o) => o.name),
      perEntity: v.kind === 'api' ? true : v.perEntity,
      pricing: {
        model: v.pricingModel,
        ...(v.pricingModel === 'per-call' ? { yuanPerCall: v.yuanPerCall } : {}),
        ...(v.dailyQuota ? { dailyQuota: v.dailyQuota } : {}),
        ...(v.ratePerSecond ? { ratePerSecond: v.ratePerSecond } : {}),
      },
    }),
  )
  const required = { required: true, message: t('必填', 'required') }
  return (
    <Modal
      open
      width={860}
      title={t('声明数据产品', 'Declare a data product')}
      onCancel={onClose}
      okText={t('声明（草稿）', 'Declare (draft)')}
      okButtonProps={{ loading: declare.running }}
      onOk={() =>
        void form.validateFields().then(async (values) => {
          const product = await declare.run(values)
          if (product) onDeclared(product)
        }, () => undefined)
      }
    >
      <Form<DeclareForm>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'dataset', runId: initialRunId, featureSql: FEATURE_SQL, schedule: 'monthly', perEntity: false, pricingModel: 'free', outputs: [] }}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="kind" label={t('产品类型', 'Kind')} rules={[required]}>
              <Select options={PRODUCT_KINDS.map((k) => ({ value: k, label: productKindLabel(k, t) }))} data-testid="product-kind" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('产品名称', 'Name')} rules={[required, { whitespace: true, max: 200 }]}>
              <Input data-testid="product-name" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('说明（用途、面向谁、怎么用）', 'Description (use, audience, how)')} rules={[required, { whitespace: true, max: 4000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="product-description" />
        </Form.Item>

        {kind === 'dataset' ? (
          <Form.Item name="runId" label={t('真实查询的运行编号（结果取自该次运行）', 'Run id of a real query (its released answer is the dataset)')} rules={[required, { pattern: RUN_ID, message: t('形如 run_ 加 20 位', 'like run_ + 20 characters') }]} extra={t('在“查询”页真实运行后，点结果上方的“以此结果声明数据集产品”即可带入。', 'Run a real query on the Query tab and use “Declare a dataset product from this answer”.')}>
            <Input placeholder="run_…" style={{ fontFamily: MONOSPACE }} data-testid="product-run-id" />
          </Form.Item>
        ) : null}
        {kind === 'report' ? (
          <>
            <Form.Item name="title" label={t('报告标题', 'Title')} rules={[required, { whitespace: true, max: 200 }]}><Input /></Form.Item>
            <Form.Item name="body" label={t('报告正文', 'Body')} rules={[required, { max: 200_000 }]}><Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} /></Form.Item>
            <Form.Item name="runIds" label={t('引用的真实查询运行编号（1–50 个）', 'Runs it draws on (1–50)')} rules={[{ required: true, type: 'array', min: 1, max: 50, message: t('至少 1 个，最多 50 个', '1 to 50') }, { validator: async (_, ids: string[] | undefined) => { if (ids?.some((id) => !RUN_ID.test(id))) throw new Error(t('形如 run_ 加 20 位', 'like run_ + 20 characters')) } }]}>
              <Select mode="tags" open={false} tokenSeparators={[',', ' ']} />
            </Form.Item>
          </>
        ) : null}
        {kind === 'api' || kind === 'model' ? (
          <Form.Item name="modelId" label={t('模型', 'Model')} rules={[required]} extra={kind === 'model' ? t('只有通过全部发布检查的模型才能作为模型产品出域。', 'Only a model passing every release check may leave as a model product.') : undefined}>
            <Select
              loading={models.loading}
              options={(models.data?.models ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.release.releasable ? t('可出域', 'releasable') : t('仅域内', 'domain only')}）` }))}
              notFoundContent={t('先在“模型”页训练一个模型', 'Train a model first')}
            />
          </Form.Item>
        ) : null}
        {kind === 'api' ? (
          <Form.Item name="featureSql" label={t('特征查询（$entity 为被调用主体的编号）', 'Feature query ($entity: the entity called for)')} rules={[required, { max: 20_000 }, { validator: async (_, sql: string | undefined) => { if (sql && !sql.includes('$entity')) throw new Error(t('特征查询须用 $entity 读取一个主体的特征', 'It reads one entity’s features with $entity')) } }]}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} style={{ fontFamily: MONOSPACE, fontSize: 12 }} spellCheck={false} />
          </Form.Item>
        ) : null}
        {kind === 'indicator' ? (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="template" label={t('已批准的查询模板', 'Approved template')} rules={[required]}>
                <Select loading={templates.loading} options={(templates.data?.templates ?? []).filter((tpl) => tpl.status === 'approved').map((tpl) => ({ value: tpl.name, label: tpl.name }))} notFoundContent={t('没有已批准的模板', 'No approved template')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="schedule" label={t('更新频率', 'Schedule')} rules={[required]}>
                <Select options={[['daily', '每日', 'daily'], ['weekly', '每周', 'weekly'], ['monthly', '每月', 'monthly'], ['quarterly', '每季', 'quarterly'], ['yearly', '每年', 'yearly']].map(([v, zh, en]) => ({ value: v!, label: t(zh!, en!) }))} />
              </Form.Item>
            </Col>
          </Row>
        ) : null}
        {kind === 'application' ? (
          <>
            <Form.Item name="uses" label={t('使用的已上架产品编号', 'Listed products it uses')} rules={[{ required: true, type: 'array', min: 1, max: 50, message: t('至少 1 个', 'at least one') }, { validator: async (_, codes: string[] | undefined) => { if (codes?.some((c) => !PRODUCT_CODE.test(c))) throw new Error(t('形如 PRD-2026-ABC123', 'like PRD-2026-ABC123')) } }]}>
              <Select mode="tags" open={false} tokenSeparators={[',', ' ']} />
            </Form.Item>
            <Form.Item name="url" label={t('应用地址（可选）', 'URL (optional)')} rules={[{ type: 'url', message: t('请填写网址', 'a URL') }, { max: 500 }]}>
              <Input />
            </Form.Item>
          </>
        ) : null}

        <Form.List name="outputs">
          {(fields, { add, remove }) => (
            <Form.Item label={t('输出字段（可选；数据集默认取结果列）', 'Outputs (optional; a dataset takes its columns)')}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={[field.name, 'name']} rules={[required, { max: 128 }]}><Input placeholder={t('字段名', 'name')} /></Form.Item>
                  <Form.Item name={[field.name, 'description']} rules={[required, { whitespace: true, max: 500 }]}><Input placeholder={t('含义', 'meaning')} style={{ width: 360 }} /></Form.Item>
                  <Button type="link" onClick={() => remove(field.name)}>{t('删除', 'Remove')}</Button>
                </Space>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add()} disabled={fields.length >= 100}>{t('添加输出字段', 'Add an output')}</Button>
            </Form.Item>
          )}
        </Form.List>

        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="perEntity" label={t('逐主体提供', 'Per entity')} valuePropName="checked" tooltip={t('按单个主体（如一家企业）返回结果的产品，调用须有该主体的授权；接口产品总是逐主体。', 'Answers about one entity need its consent; API products always are.')}>
              <Switch disabled={kind === 'api'} />
            </Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item name="pricingModel" label={t('定价', 'Pricing')} rules={[required]} extra={publicInterest ? t('公益类场景的产品只能免费提供（第六条）。', 'Public-interest scenarios offer products free of charge (art. 6).') : cap ? t(`本场景上限收费标准：每次 ¥${cap.yuanPerCall}`, `Price cap of this scenario: ¥${cap.yuanPerCall} per call`) : undefined}>
              <Radio.Group options={[{ value: 'free', label: t('免费', 'Free') }, { value: 'per-call', label: t('按次收费', 'Per call'), disabled: publicInterest }]} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          {pricingModel === 'per-call' ? (
            <Col span={8}>
              <Form.Item name="yuanPerCall" label={t('每次价格（元）', 'Yuan per call')} rules={[required, { type: 'number', min: 0.000001, max: cap ? cap.yuanPerCall : 100_000, message: cap ? t(`不超过上限 ¥${cap.yuanPerCall}`, `at most the cap ¥${cap.yuanPerCall}`) : t('大于 0，不超过 100000', 'above 0, at most 100000') }]}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={8}>
            <Form.Item name="dailyQuota" label={t('每日调用上限（可选）', 'Daily quota (optional)')} rules={[{ type: 'integer', min: 1, max: 100_000_000 }]}>
              <InputNumber style={{ width: '100%' }} placeholder="10000" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="ratePerSecond" label={t('每秒调用上限（可选）', 'Calls per second (optional)')} rules={[{ type: 'integer', min: 1, max: 100_000 }]}>
              <InputNumber style={{ width: '100%' }} placeholder="50" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <ServerError error={declare.error} />
      {declare.error ? <Alert type="info" showIcon message={t('产品须基于本工作空间的记录：真实查询（非沙箱）的运行编号、本空间的模型或已批准模板。', 'A product rests on this workspace’s records: a real (not sandbox) run, one of its models or an approved template.')} /> : null}
    </Modal>
  )
}
