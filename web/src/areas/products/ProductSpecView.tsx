import { Descriptions, Empty, Table, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useGet } from '../../components/hooks.ts'
import { formatNumber } from '../../components/format.tsx'
import { useT } from '../../i18n.tsx'
import { useResourceNames } from './lookups.ts'
import type { Product } from './types.ts'

/** What the product is, by kind: the model and feature query of an API, a dataset's columns, a report's text. */
export function ProductSpecView({ product }: { product: Product }) {
  const t = useT()
  const spec = product.spec
  return (
    <div data-testid="product-spec">
      {(spec.kind === 'api' || spec.kind === 'model') && spec.modelId ? (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('模型', 'Model')}>
              <Typography.Text code>{spec.modelId}</Typography.Text>
            </Descriptions.Item>
            {spec.kind === 'api' && spec.featureSql ? (
              <Descriptions.Item label={t('特征查询（$entity 为调用的主体）', 'Feature query ($entity: the entity called for)')}>
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>{spec.featureSql.trim()}</pre>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <ModelMetrics modelId={spec.modelId} />
        </>
      ) : null}
      {(spec.kind === 'api' || spec.kind === 'model') && !spec.modelId ? (
        <Typography.Paragraph type="secondary" data-testid="spec-not-shown">
          {t('模型与特征查询属于开发者，不对外展示：产品按其输出提供。', 'The model and its feature query are the developer’s and not shown: the product is offered by its outputs.')}
        </Typography.Paragraph>
      ) : null}
      {spec.kind === 'dataset' ? (
        <Descriptions size="small" column={1} bordered>
          {spec.runId ? (
            <Descriptions.Item label={t('来源查询', 'Query run')}>
              <Typography.Text code>{spec.runId}</Typography.Text>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('字段', 'Columns')}>
            {spec.result.columns.map((c) => (
              <Tag key={c}>{c}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('行数', 'Rows')}>{formatNumber(spec.result.rowCount ?? spec.result.rows.length)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {spec.kind === 'report' ? (
        <>
          <Typography.Title level={5}>{spec.title}</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 12, expandable: true }}>
            {spec.body}
          </Typography.Paragraph>
        </>
      ) : null}
      {spec.kind === 'indicator' ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('模板', 'Template')}>{spec.template}</Descriptions.Item>
          <Descriptions.Item label={t('更新周期', 'Schedule')}>{spec.schedule}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {spec.kind === 'application' ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('使用的产品', 'Products used')}>
            {spec.uses.map((code) => (
              <Link key={code} to={`/products/${code}`} style={{ marginRight: 8 }}>
                {code}
              </Link>
            ))}
          </Descriptions.Item>
          {spec.url ? <Descriptions.Item label={t('地址', 'URL')}>{spec.url}</Descriptions.Item> : null}
        </Descriptions>
      ) : null}
    </div>
  )
}

interface Model {
  readonly metrics: { readonly test: { readonly auc: number; readonly ks: number; readonly accuracy: number }; readonly scores?: Record<string, number> }
  readonly trainedOn: { readonly rows: number; readonly trainRows: number; readonly testRows: number }
  readonly release: { readonly releasable: boolean }
}

/** A model's test metrics, for those who may read the model (its developer, the operator, overseers). */
function ModelMetrics({ modelId }: { modelId: string }) {
  const t = useT()
  const { data } = useGet<Model>(`/api/v1/models/${modelId}`)
  if (!data) return null
  const scores = data.metrics.scores
  return (
    <Descriptions size="small" column={3} bordered style={{ marginTop: 12 }} title={t('模型指标（测试集）', 'Model metrics (test set)')}>
      <Descriptions.Item label="AUC">{formatNumber(data.metrics.test.auc, 3)}</Descriptions.Item>
      <Descriptions.Item label="KS">{formatNumber(data.metrics.test.ks, 3)}</Descriptions.Item>
      <Descriptions.Item label={t('准确率', 'Accuracy')}>{formatNumber(data.metrics.test.accuracy * 100, 1)}%</Descriptions.Item>
      <Descriptions.Item label={t('训练 / 测试行数', 'Train / test rows')}>
        {formatNumber(data.trainedOn.trainRows)} / {formatNumber(data.trainedOn.testRows)}
      </Descriptions.Item>
      <Descriptions.Item label={t('参数可否出域', 'Parameters may leave')}>{data.release.releasable ? t('可以', 'Yes') : t('不可以', 'No')}</Descriptions.Item>
      {scores ? (
        <Descriptions.Item label={t('评分分布 P5–P95', 'Scores P5–P95')}>
          {Object.values(scores).join(' · ')}
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  )
}

/** Where the product comes from (art. 25 是否注明使用的数据来源): taken from the platform's records, not typed in. */
export function ProductSources({ product }: { product: Product }) {
  const t = useT()
  const resourceName = useResourceNames()
  return (
    <div data-testid="product-sources">
      <Table
        size="small"
        rowKey="table"
        pagination={false}
        dataSource={[...product.sources.resources]}
        locale={{ emptyText: <Empty description={t('无数据来源记录', 'No recorded source')} /> }}
        columns={[
          { title: t('公共数据资源', 'Resource'), dataIndex: 'resourceCode', render: (code: string) => <span>{resourceName(code) ?? code} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{code}</Typography.Text></span> },
          { title: t('库表', 'Table'), dataIndex: 'table', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('资源池版本', 'Pool version'), dataIndex: 'poolVersionId', render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : t('导入的社会数据', 'Imported social data')) },
        ]}
      />
      <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('查询记录', 'Query runs')}>
          {product.sources.runs.length ? product.sources.runs.map((r) => <Tag key={r}>{r}</Tag>) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('模型', 'Models')}>{product.sources.models.length ? product.sources.models.map((m) => <Tag key={m}>{m}</Tag>) : '—'}</Descriptions.Item>
      </Descriptions>
    </div>
  )
}
