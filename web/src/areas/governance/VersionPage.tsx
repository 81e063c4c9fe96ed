import { ApartmentOutlined } from '@ant-design/icons'
import { Alert, Breadcrumb, Button, Card, Descriptions, Result, Space, Spin, Table, Tag, Typography } from 'antd'
import { Link, useParams } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { canTraceLineage, canUpload } from './access.ts'
import { SOURCE_KIND_LABELS, useLabel } from './labels.ts'
import { formatBytes, lineageHref } from './pool.ts'
import { PublishButton } from './PublishButton.tsx'
import { QualityReport, useProblem } from './QualityReport.tsx'
import { VersionStatusTag } from './tags.tsx'
import type { CatalogResource, PoolVersion, QuarantinedRow } from './types.ts'
import { Page } from './Page.tsx'

/** One pool version: where it came from, its quality report, its quarantined rows; a held one is accepted here. */
export default function VersionPage() {
  const { id = '' } = useParams()
  const t = useT()
  const me = useMe()
  const label = useLabel()
  const version = useGet<PoolVersion>(`/api/v1/pool/versions/${encodeURIComponent(id)}`)
  const v = version.data
  const resource = useGet<CatalogResource>(v ? `/api/v1/catalog/resources/${encodeURIComponent(v.resourceCode)}` : null)
  const quarantine = useGet<{ rows: QuarantinedRow[] }>(v && v.rows.quarantined > 0 ? `/api/v1/pool/versions/${encodeURIComponent(id)}/quarantine` : null, { limit: 500 })

  if (version.loading && !v) return <Spin style={{ display: 'block', margin: 48 }} />
  if (!v) return version.error ? <ServerError error={version.error} /> : <Result status="404" title={id} />

  const provider = resource.data?.providerOrgId
  const mayPublish = provider !== undefined && canUpload(me, provider) && v.status === 'held'

  return (
    <Page testId="version-detail">
      <Breadcrumb
        items={[
          { title: <Link to="/pool">{t('数据池', 'Pool')}</Link> },
          { title: <Link to={`/pool?resource=${encodeURIComponent(v.resourceCode)}`}>{resource.data?.name ?? v.resourceCode}</Link> },
          { title: `v${v.versionNo}` },
        ]}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {resource.data?.name ?? v.resourceCode} v{v.versionNo} <VersionStatusTag status={v.status} />
        </Typography.Title>
        <Space>
          {mayPublish ? <PublishButton version={v} size="middle" onDone={version.reload} /> : null}
          {canTraceLineage(me, provider) ? (
            <Link to={lineageHref('version', v.id)}>
              <Button icon={<ApartmentOutlined />} data-testid="version-lineage">{t('该版本的去向', 'Where this version went')}</Button>
            </Link>
          ) : null}
        </Space>
      </Space>
      {v.status === 'held' ? (
        <Alert
          type="warning"
          showIcon
          data-testid="version-held"
          message={t('该版本有隔离行，待数源单位接受后才服务；当前服务版本不变。', 'This version has quarantined rows: it serves only once its source unit accepts it; the current version keeps serving.')}
        />
      ) : null}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 3, lg: 3, xl: 3, xxl: 3 }} data-testid="version-meta">
          <Descriptions.Item label={t('资源', 'Resource')}>
            <Link to={`/catalog/resources/${encodeURIComponent(v.resourceCode)}`}>{v.resourceCode}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('来源文件', 'Source')}>{v.sourceName}</Descriptions.Item>
          <Descriptions.Item label={t('方式 / 格式', 'Kind / format')}>{label(SOURCE_KIND_LABELS, v.sourceKind)} · {v.sourceFormat}</Descriptions.Item>
          <Descriptions.Item label={t('加载时间', 'Loaded at')}>{formatTime(v.loadedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('版本文件', 'Version file')}>{formatBytes(v.bytes)} Parquet</Descriptions.Item>
          <Descriptions.Item label={t('版本号', 'Id')}><Typography.Text code>{v.id}</Typography.Text></Descriptions.Item>
          <Descriptions.Item label={t('文件哈希', 'File hash')} span="filled">
            <Typography.Text code copyable style={{ fontSize: 12 }}>{v.fileHash}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <QualityReport report={v.quality} />
      {v.rows.quarantined > 0 ? <QuarantineCard rows={quarantine.data?.rows} loading={quarantine.loading} error={quarantine.error} total={v.rows.quarantined} /> : null}
    </Page>
  )
}

function QuarantineCard({ rows, loading, error, total }: { rows: readonly QuarantinedRow[] | undefined; loading: boolean; error: unknown; total: number }) {
  const t = useT()
  const problem = useProblem()
  const withValues = (rows ?? []).some((r) => r.content !== undefined)
  return (
    <Card
      size="small"
      title={t(`隔离行（共 ${formatNumber(total)} 行${(rows?.length ?? 0) < total ? `，显示前 ${rows?.length ?? 0} 行` : ''}）`, `Quarantined rows (${formatNumber(total)}${(rows?.length ?? 0) < total ? `, first ${rows?.length ?? 0} shown` : ''})`)}
      extra={withValues ? null : <Typography.Text type="secondary">{t('原始值仅对提供数据的数源单位可见', 'Values are shown only to the source unit that sent them')}</Typography.Text>}
    >
      <ServerError error={error} />
      <Table<QuarantinedRow>
        size="small"
        rowKey={(r) => `${r.record ?? ''}:${r.line ?? ''}:${r.reasons.join('|')}`}
        loading={loading}
        dataSource={[...(rows ?? [])]}
        pagination={{ pageSize: 20 }}
        data-testid="quarantine-table"
        columns={[
          { title: t('记录', 'Record'), dataIndex: 'record', width: 90, render: (v: number | null) => v ?? '—' },
          { title: t('行号', 'Line'), dataIndex: 'line', width: 80, render: (v: number | null) => v ?? '—' },
          {
            title: t('原因', 'Reasons'),
            dataIndex: 'reasons',
            render: (reasons: string[]) => (
              <Space size={[0, 4]} wrap>
                {reasons.map((r) => {
                  const colon = r.indexOf(': ')
                  const field = colon > 0 && !r.startsWith('duplicate key') ? r.slice(0, colon) : null
                  return (
                    <Tag color="red" key={r}>
                      {field ? `${field}：${problem(r.slice(colon + 2))}` : problem(r)}
                    </Tag>
                  )
                })}
              </Space>
            ),
          },
          ...(withValues
            ? [{ title: t('原始内容', 'Content'), dataIndex: 'content', render: (v?: string) => <Typography.Text code style={{ fontSize: 12 }}>{v}</Typography.Text> }]
            : []),
        ]}
      />
    </Card>
  )
}
