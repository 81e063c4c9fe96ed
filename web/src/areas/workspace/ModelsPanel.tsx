import { CheckCircleOutlined, CloseCircleOutlined, ExperimentOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Collapse, Descriptions, Drawer, Form, Input, InputNumber, List, Modal, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { ApiError, post } from '../../api.ts'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { refusalHint } from './explain.ts'
import type { ClassificationMetrics, ModelKind, ModelView, QueryAnswer, RegressionMetrics, Workspace } from './types.ts'

const MONOSPACE = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'
type T = (zh: string, en: string) => string

/** The demo's SME credit scorecard rows (test/products.ts TRAINING_SQL): one row per rated enterprise. */
const TRAINING_SQL = `WITH e AS (SELECT uscc, avg(kwh) AS kwh FROM electricity_usage GROUP BY uscc),
     w AS (SELECT uscc, avg(tons) AS tons FROM water_usage GROUP BY uscc),
     s AS (SELECT employer_uscc AS uscc, count(*) / 12.0 AS staff FROM social_insurance GROUP BY 1),
     t AS (SELECT uscc, max(CASE WHEN rating IN ('C', 'D') THEN 1 ELSE 0 END) AS bad FROM tax_credit_ratings GROUP BY uscc)
SELECT m.industry_code, m.registered_capital_wan AS capital, coalesce(e.kwh, 0) AS kwh, coalesce(w.tons, 0) AS tons, coalesce(s.staff, 0) AS staff, t.bad
FROM market_entities m JOIN t ON t.uscc = m.uscc LEFT JOIN e ON e.uscc = m.uscc LEFT JOIN w ON w.uscc = m.uscc LEFT JOIN s ON s.uscc = m.uscc`

const KINDS: readonly ModelKind[] = ['scorecard', 'logistic', 'linear']

export function modelKindLabel(kind: ModelKind, t: T): string {
  return { linear: t('线性回归', 'Linear regression'), logistic: t('逻辑回归', 'Logistic regression'), scorecard: t('信用评分卡', 'Credit scorecard') }[kind]
}

function releaseCheckTitle(check: string, t: T): string {
  return (
    {
      'residual-dof': t('残差自由度', 'Residual degrees of freedom'),
      'bin-size': t('分箱样本量', 'Bin sizes'),
      'instance-based': t('是否保存训练样本', 'Instance-based model'),
      'k-anonymity-of-predictions': t('预测值的 k 匿名', 'k-anonymity of predictions'),
      'membership-inference': t('成员推断攻击', 'Membership inference'),
    }[check] ?? check
  )
}

function releaseCheckMeaning(check: string, t: T): string {
  return (
    {
      'residual-dof': t('样本数减去参数个数要足够大，否则参数几乎就是把训练行“记”了下来。', 'Rows minus parameters must be large enough, or the parameters nearly memorise the training rows.'),
      'bin-size': t('评分卡每个分箱/类别都要有足够多的样本，否则一个分箱可能只对应几家企业。', 'Every scorecard bin or category must hold enough rows, or a bin may stand for a few enterprises.'),
      'instance-based': t('kNN、SVM 等模型的参数里就含训练样本，永远不能出域。', 'kNN, SVMs and the like carry training rows in their parameters: never releasable.'),
      'k-anonymity-of-predictions': t('发布的评分按档位取整并截断，每个档位都要对应足够多的训练行。', 'Released scores are rounded and top/bottom-coded so that each value covers enough training rows.'),
      'membership-inference': t('模拟攻击者判断某条记录是否参与训练；攻击明显有效则模型不能出域。', 'A simulated attacker tries to tell training rows from others; if it clearly can, the model may not leave.'),
    }[check] ?? ''
  )
}

const isClassification = (m: ClassificationMetrics | RegressionMetrics | null): m is ClassificationMetrics => m !== null && 'auc' in m

function metricsText(view: ModelView, t: T): string {
  const test = view.metrics.test ?? view.metrics.train
  if (isClassification(test)) return `AUC ${formatNumber(test.auc, 3)} · KS ${formatNumber(test.ks, 3)}`
  return `R² ${formatNumber(test.r2, 3)} · RMSE ${formatNumber(test.rmse, 2)}${view.metrics.test ? '' : t('（训练集）', ' (train)')}`
}

/**
 * Algorithm modelling inside the domain (算法建模, art. 21): train on rows the SQL names, which
 * never leave; see the metrics, and whether the parameters may leave after the release checks.
 */
export function ModelsPanel({ workspace, readOnly }: { workspace: Workspace; readOnly: boolean }) {
  const t = useT()
  const models = useGet<{ models: ModelView[] }>(`/api/v1/workspaces/${workspace.id}/models`)
  const [training, setTraining] = useState(false)
  const [openId, setOpenId] = useState<string | null>(null)

  return (
    <Card
      size="small"
      title={t('算法模型（域内训练）', 'Models (trained in the domain)')}
      extra={
        readOnly ? null : (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTraining(true)} data-testid="train-model" disabled={workspace.status !== 'open'}>
            {t('训练模型', 'Train a model')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t(
          '训练数据只在封闭引擎中读取，从不出域（第二十一条）。训练后自动做发布检查：只有通过全部检查的模型参数才可导出为“模型”产品；其余模型只能在域内以接口形式提供服务。',
          'Training rows are read in the sealed engine and never leave (art. 21). The release checks run after training: only a model passing them all may be exported as a model product; others serve inside the domain as an API.',
        )}
      </Typography.Paragraph>
      <ServerError error={models.error} />
      <Table<ModelView>
        data-testid="models-table"
        size="small"
        rowKey="id"
        loading={models.loading}
        dataSource={models.data?.models ?? []}
        pagination={false}
        onRow={(m) => ({ onClick: () => setOpenId(m.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name', render: (name: string) => <Typography.Link>{name}</Typography.Link> },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (kind: ModelKind) => modelKindLabel(kind, t) },
          { title: t('目标', 'Target'), dataIndex: 'target' },
          { title: t('特征', 'Features'), dataIndex: 'features', render: (f: string[]) => f.join(', '), ellipsis: true },
          { title: t('样本', 'Rows'), key: 'rows', render: (_, m) => `${formatNumber(m.trainedOn.trainRows)} / ${formatNumber(m.trainedOn.testRows)}` },
          { title: t('效果（测试集）', 'Performance (test)'), key: 'metrics', render: (_, m) => metricsText(m, t) },
          {
            title: t('能否出域', 'May it leave'),
            key: 'release',
            render: (_, m) =>
              m.release.releasable ? (
                <Tag color="green" icon={<CheckCircleOutlined />}>{t('可导出参数', 'releasable')}</Tag>
              ) : (
                <Tag color="orange" icon={<CloseCircleOutlined />}>{t(`仅域内使用（${m.release.findings.filter((f) => f.status === 'fail').length} 项未通过）`, `domain only (${m.release.findings.filter((f) => f.status === 'fail').length} failed)`)}</Tag>
              ),
          },
          { title: t('训练时间', 'Trained'), dataIndex: 'trainedAt', render: formatTime },
        ]}
      />
      {training ? (
        <TrainModal
          workspace={workspace}
          onClose={() => setTraining(false)}
          onTrained={(model) => {
            setTraining(false)
            void models.reload()
            setOpenId(model.id)
          }}
        />
      ) : null}
      <ModelDrawer id={openId} onClose={() => setOpenId(null)} />
    </Card>
  )
}

interface TrainForm {
  name: string
  kind: ModelKind
  sql: string
  target: string
  features: string[]
  seed?: number
  testShare?: number
  bins?: number
  minBinSize?: number
  pdo?: number
  basePoints?: number
  odds?: number
  l2?: number
}

const OPTION_KEYS = ['bins', 'minBinSize', 'pdo', 'basePoints', 'odds', 'l2'] as const

function TrainModal({ workspace, onClose, onTrained }: { workspace: Workspace; onClose: () => void; onTrained: (model: ModelView) => void }) {
  const t = useT()
  const [form] = Form.useForm<TrainForm>()
  // The demo's scorecard is the starting point where its tables are granted; elsewhere the SQL is the developer's.
  const demo = workspace.scope.some((s) => s.table === 'tax_credit_ratings')
  const [columns, setColumns] = useState<readonly string[]>(demo ? ['industry_code', 'capital', 'kwh', 'tons', 'staff', 'bad'] : [])
  const kind: ModelKind = Form.useWatch('kind', form) ?? 'scorecard'
  const train = useAction((values: TrainForm) => {
    const options = Object.fromEntries(OPTION_KEYS.filter((k) => values[k] !== undefined && values[k] !== null).map((k) => [k, values[k] as number]))
    return post<ModelView>(`/api/v1/workspaces/${workspace.id}/models`, {
      name: values.name,
      kind: values.kind,
      sql: values.sql,
      target: values.target,
      features: values.features,
      ...(values.seed !== undefined && values.seed !== null ? { seed: values.seed } : {}),
      ...(values.testShare !== undefined && values.testShare !== null ? { testShare: values.testShare } : {}),
      ...(Object.keys(options).length ? { options } : {}),
    })
  })
  // The sandbox names the training query's columns without reading a real row.
  const preview = useAction((sql: string) => post<QueryAnswer>(`/api/v1/workspaces/${workspace.id}/queries`, { sql, mode: 'sandbox' }))
  const hint = train.error instanceof ApiError ? refusalHint(train.error.body, t) : null

  return (
    <Modal
      open
      width={900}
      title={t('在域内训练模型', 'Train a model in the domain')}
      onCancel={onClose}
      okText={t('训练', 'Train')}
      okButtonProps={{ loading: train.running }}
      onOk={() =>
        void form.validateFields().then(async (values) => {
          const model = await train.run(values)
          if (model) onTrained(model)
        }, () => undefined)
      }
    >
      <Spin spinning={train.running} tip={t('训练中：读取域内数据、拟合、做发布检查…', 'Training: reading in the domain, fitting, release checks…')}>
        <Form<TrainForm> form={form} layout="vertical" initialValues={demo ? { kind: 'scorecard', sql: TRAINING_SQL, target: 'bad', features: ['industry_code', 'capital', 'kwh', 'tons', 'staff'], seed: 1, testShare: 0.2 } : { kind: 'linear', seed: 1, testShare: 0.2 }}>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="name" label={t('模型名', 'Name')} rules={[{ required: true, message: t('请填写模型名', 'Name it') }, { pattern: /^[a-z][a-z0-9-]{1,62}$/, message: t('小写字母开头，可含数字和连字符，如 sme-scorecard', 'like sme-scorecard') }]}>
                <Input placeholder="sme-scorecard" data-testid="model-name" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="kind" label={t('类型', 'Kind')} rules={[{ required: true }]}>
                <Select options={KINDS.map((k) => ({ value: k, label: modelKindLabel(k, t) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="sql"
            label={t('训练数据 SQL（每行一个样本；行不出域，可以是明细）', 'Training SQL (one row per sample; rows never leave, so they may be row-level)')}
            rules={[{ required: true, whitespace: true, message: t('请填写 SQL', 'Enter the SQL') }, { max: 20_000 }]}
            extra={
              <Space style={{ marginTop: 4 }}>
                <Button
                  size="small"
                  icon={<ExperimentOutlined />}
                  loading={preview.running}
                  onClick={async () => {
                    const answer = await preview.run(form.getFieldValue('sql') as string)
                    if (answer) setColumns(answer.columns)
                  }}
                >
                  {t('用沙箱识别列名', 'Name the columns with the sandbox')}
                </Button>
                <Typography.Text type="secondary">{t(`列：${columns.join(', ')}`, `Columns: ${columns.join(', ')}`)}</Typography.Text>
              </Space>
            }
          >
            <Input.TextArea autoSize={{ minRows: 5, maxRows: 12 }} style={{ fontFamily: MONOSPACE, fontSize: 12 }} spellCheck={false} />
          </Form.Item>
          <ServerError error={preview.error} />
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="target" label={kind === 'linear' ? t('目标列（数值）', 'Target (numeric)') : t('目标列（0/1，1 为坏）', 'Target (0/1, 1 = bad)')} rules={[{ required: true, message: t('必填', 'required') }, { max: 128 }]}>
                <Select showSearch options={columns.map((c) => ({ value: c, label: c }))} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item
                name="features"
                label={t('特征列（1–50 个）', 'Features (1–50)')}
                dependencies={['target']}
                rules={[
                  { required: true, type: 'array', min: 1, max: 50, message: t('选 1 到 50 个特征', 'Choose 1 to 50 features') },
                  ({ getFieldValue }) => ({
                    validator: async (_, value: string[] | undefined) => {
                      if (value?.includes(getFieldValue('target') as string)) throw new Error(t('目标列不能同时是特征', 'The target cannot be a feature'))
                    },
                  }),
                ]}
              >
                <Select mode="tags" options={columns.map((c) => ({ value: c, label: c }))} />
              </Form.Item>
            </Col>
          </Row>
          <Collapse
            size="small"
            items={[
              {
                key: 'advanced',
                label: t('高级选项', 'Advanced'),
                children: (
                  <Row gutter={16}>
                    <Col span={6}><Form.Item name="seed" label={t('随机种子', 'Seed')} rules={[{ type: 'integer', min: 0, max: 2 ** 31 }]}><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
                    <Col span={6}><Form.Item name="testShare" label={t('测试集比例', 'Test share')} rules={[{ type: 'number', min: 0, max: 0.5, message: '0–0.5' }]}><InputNumber step={0.05} style={{ width: '100%' }} /></Form.Item></Col>
                    <Col span={6}><Form.Item name="l2" label={t('L2 正则', 'L2 penalty')} rules={[{ type: 'number', min: 0 }]}><InputNumber placeholder="0.001" style={{ width: '100%' }} /></Form.Item></Col>
                    {kind === 'scorecard' ? (
                      <>
                        <Col span={6}><Form.Item name="bins" label={t('每特征分箱数', 'Bins per feature')} rules={[{ type: 'integer', min: 2, max: 20 }]}><InputNumber placeholder="5" style={{ width: '100%' }} /></Form.Item></Col>
                        <Col span={6}><Form.Item name="minBinSize" label={t('分箱最少样本', 'Min. bin size')} rules={[{ type: 'integer', min: 1 }]}><InputNumber placeholder="10" style={{ width: '100%' }} /></Form.Item></Col>
                        <Col span={6}><Form.Item name="basePoints" label={t('基准分', 'Base points')}><InputNumber placeholder="600" style={{ width: '100%' }} /></Form.Item></Col>
                        <Col span={6}><Form.Item name="odds" label={t('基准好坏比', 'Odds at base')} rules={[{ type: 'number', min: 0.0001 }]}><InputNumber placeholder="50" style={{ width: '100%' }} /></Form.Item></Col>
                        <Col span={6}><Form.Item name="pdo" label={t('翻倍分（PDO）', 'PDO')} rules={[{ type: 'number', min: 0.0001 }]}><InputNumber placeholder="20" style={{ width: '100%' }} /></Form.Item></Col>
                      </>
                    ) : null}
                  </Row>
                ),
              },
            ]}
          />
        </Form>
      </Spin>
      <div style={{ marginTop: 16 }}>
        <ServerError error={train.error} />
        {hint ? <Alert type="info" showIcon message={t('怎么改', 'What to change')} description={hint} /> : null}
      </div>
    </Modal>
  )
}

function MetricsTable({ view, t }: { view: ModelView; t: T }) {
  const rows = [
    { set: t('训练集', 'Train'), m: view.metrics.train },
    ...(view.metrics.test ? [{ set: t('测试集', 'Test'), m: view.metrics.test }] : []),
  ]
  const classification = isClassification(view.metrics.train)
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="set"
      dataSource={rows}
      columns={
        classification
          ? [
              { title: '', dataIndex: 'set' },
              { title: 'AUC', key: 'auc', render: (_, r) => formatNumber((r.m as ClassificationMetrics).auc, 3) },
              { title: 'KS', key: 'ks', render: (_, r) => formatNumber((r.m as ClassificationMetrics).ks, 3) },
              { title: t('准确率', 'Accuracy'), key: 'acc', render: (_, r) => formatNumber((r.m as ClassificationMetrics).accuracy, 3) },
              { title: t('对数损失', 'Log loss'), key: 'll', render: (_, r) => formatNumber((r.m as ClassificationMetrics).logLoss, 3) },
            ]
          : [
              { title: '', dataIndex: 'set' },
              { title: 'R²', key: 'r2', render: (_, r) => formatNumber((r.m as RegressionMetrics).r2, 3) },
              { title: 'RMSE', key: 'rmse', render: (_, r) => formatNumber((r.m as RegressionMetrics).rmse, 3) },
            ]
      }
    />
  )
}

function ModelDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useT()
  const model = useGet<ModelView>(id ? `/api/v1/models/${id}` : null)
  const view = id && model.data?.id === id ? model.data : undefined
  return (
    <Drawer open={id !== null} onClose={onClose} width={760} title={view ? `${view.name} · ${modelKindLabel(view.kind, t)}` : t('模型', 'Model')} destroyOnHidden>
      <ServerError error={model.error} />
      {!view ? (
        <Spin />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="model-detail">
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('目标', 'Target')}>{view.target}</Descriptions.Item>
            <Descriptions.Item label={t('特征', 'Features')}>{view.features.join(', ')}</Descriptions.Item>
            <Descriptions.Item label={t('可用样本', 'Usable rows')}>{formatNumber(view.trainedOn.rows)}{view.trainedOn.dropped ? t(`（剔除 ${view.trainedOn.dropped}）`, ` (${view.trainedOn.dropped} dropped)`) : ''}</Descriptions.Item>
            <Descriptions.Item label={t('训练 / 测试', 'Train / test')}>{formatNumber(view.trainedOn.trainRows)} / {formatNumber(view.trainedOn.testRows)}</Descriptions.Item>
            <Descriptions.Item label={t('数据来源', 'Sources')} span={2}>
              {view.sources.map((s) => <Tag key={s.table}>{s.table} · {s.resourceCode}</Tag>)}
            </Descriptions.Item>
            <Descriptions.Item label={t('训练时间', 'Trained')} span={2}>{formatTime(view.trainedAt)}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('效果', 'Performance')}>
            <MetricsTable view={view} t={t} />
            {view.metrics.scores ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('训练集评分分位数', 'Training score quantiles')}：P5 {view.metrics.scores.p5} · P25 {view.metrics.scores.p25} · P50 {view.metrics.scores.p50} · P75 {view.metrics.scores.p75} · P95 {view.metrics.scores.p95}
              </Typography.Paragraph>
            ) : null}
          </Card>
          <Card
            size="small"
            title={
              <Space>
                {t('发布检查（能否出域，第二十一条）', 'Release checks (may it leave, art. 21)')}
                {view.release.releasable ? <Tag color="green">{t('可导出参数', 'releasable')}</Tag> : <Tag color="orange">{t('仅域内使用', 'domain only')}</Tag>}
              </Space>
            }
          >
            <List
              size="small"
              dataSource={[...view.release.findings]}
              rowKey="check"
              data-testid="release-findings"
              renderItem={(f) => (
                <List.Item>
                  <List.Item.Meta
                    avatar={f.status === 'pass' ? <CheckCircleOutlined style={{ color: '#389e0d' }} /> : <CloseCircleOutlined style={{ color: '#cf1322' }} />}
                    title={releaseCheckTitle(f.check, t)}
                    description={
                      <>
                        <div>{releaseCheckMeaning(f.check, t)}</div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.detail}</Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
          {view.model ? (
            <Card size="small" title={t('模型参数（已允许出域）', 'Parameters (released)')}>
              <Table
                size="small"
                pagination={false}
                rowKey="feature"
                dataSource={[{ feature: t('截距', '(intercept)'), ...view.model.intercept }, ...view.model.coefficients]}
                columns={[
                  { title: t('特征', 'Feature'), dataIndex: 'feature' },
                  { title: t('估计值', 'Estimate'), dataIndex: 'estimate', render: (v: number) => formatNumber(v, 4) },
                  { title: t('标准误', 'Std. error'), dataIndex: 'standardError', render: (v: number | null) => formatNumber(v, 4) },
                ]}
              />
              {view.model.scorecard ? (
                <Collapse
                  size="small"
                  style={{ marginTop: 12 }}
                  items={view.model.scorecard.bins.map((feature) => ({
                    key: feature.feature,
                    label: t(`评分卡：${feature.feature}`, `Scorecard: ${feature.feature}`),
                    children: (
                      <Table
                        size="small"
                        pagination={false}
                        rowKey="label"
                        dataSource={[...feature.bins]}
                        columns={[
                          { title: t('分箱', 'Bin'), dataIndex: 'label' },
                          { title: t('样本', 'Rows'), dataIndex: 'count' },
                          { title: t('坏样本', 'Bad'), dataIndex: 'events' },
                          { title: 'WoE', dataIndex: 'woe', render: (v: number) => formatNumber(v, 3) },
                          { title: t('分数', 'Points'), dataIndex: 'points', render: (v: number) => formatNumber(v, 1) },
                        ]}
                      />
                    ),
                  }))}
                />
              ) : null}
            </Card>
          ) : (
            <Alert type="info" showIcon message={t('参数不出域：未通过全部发布检查的模型只能在域内以接口产品提供服务（逐主体调用，需主体授权）。', 'The parameters stay in the domain: a model that fails a release check can only serve inside, as an API product (per entity, with consent).')} />
          )}
        </Space>
      )}
    </Drawer>
  )
}
