import { ApartmentOutlined } from '@ant-design/icons'
import { Badge, Button, Card, Col, Empty, Progress, Row, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useMemo } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { canLoadFromPath, canTraceLineage, canUpload } from './access.ts'
import { FromPathCard } from './FromPathCard.tsx'
import { useOrgNames } from './orgs.tsx'
import { PoolQualityChart } from './PoolQualityChart.tsx'
import { currentVersion, heldVersions, lineageHref, usePoolOverview } from './pool.ts'
import { GradeTag } from './tags.tsx'
import { TimelinessTag } from './QualityReport.tsx'
import { UploadCard } from './UploadCard.tsx'
import { UsedBy } from './UsedBy.tsx'
import { VersionsTable } from './VersionsTable.tsx'
import type { CatalogResource } from './types.ts'
import { Page } from './Page.tsx'

/** 公共数据资源池: each resource's versions and their quality (art. 9–10). */
export default function PoolPage() {
  const t = useT()
  const me = useMe()
  const orgName = useOrgNames()
  const [params, setParams] = useSearchParams()
  const catalog = useGet<{ resources: CatalogResource[] }>('/api/v1/catalog/resources')
  // A source unit sees its own resources' quality; the bureau, the operator and regulators all.
  const resources = useMemo(
    () => (catalog.data?.resources ?? []).filter((r) => me.organization.kind !== 'source_unit' || r.providerOrgId === me.organization.id),
    [catalog.data, me],
  )
  const codes = useMemo(() => (catalog.data ? resources.map((r) => r.code) : undefined), [catalog.data, resources])
  const pool = usePoolOverview(codes)
  const selectedCode = params.get('resource') ?? (resources.length === 1 ? resources[0]!.code : null)
  const selected = resources.find((r) => r.code === selectedCode)

  const columns: ColumnsType<CatalogResource> = [
    {
      title: t('资源', 'Resource'),
      key: 'name',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Link onClick={() => setParams({ resource: r.code })} data-testid={`pool-select-${r.code}`}>{r.name}</Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.code}</Typography.Text>
        </Space>
      ),
    },
    { title: t('数源单位', 'Source unit'), dataIndex: 'providerOrgId', render: (v: string) => orgName(v) },
    { title: t('分级', 'Grade'), key: 'grade', render: (_, r) => <GradeTag level={r.level} grade={r.grade} /> },
    {
      title: t('服务版本', 'Serving'),
      key: 'current',
      render: (_, r) => {
        const v = currentVersion(pool.versions.get(r.code))
        return v ? <Link to={`/pool/versions/${v.id}`}>v{v.versionNo} · {formatNumber(v.rows.loaded)} {t('行', 'rows')}</Link> : <Tag>{t('未入池', 'Not loaded')}</Tag>
      },
    },
    {
      title: t('入池率', 'Score'),
      key: 'score',
      width: 140,
      render: (_, r) => {
        const v = currentVersion(pool.versions.get(r.code))
        return v ? <Progress percent={round(v.quality.score * 100)} size="small" /> : '—'
      },
    },
    {
      title: t('时效', 'Timeliness'),
      key: 'timeliness',
      render: (_, r) => {
        const v = currentVersion(pool.versions.get(r.code))
        return v ? <TimelinessTag timeliness={v.quality.timeliness} /> : '—'
      },
    },
    {
      title: t('待接受', 'Held'),
      key: 'held',
      align: 'center',
      render: (_, r) => {
        const held = heldVersions(pool.versions.get(r.code)).length
        return held ? <Badge count={held} color="orange" /> : '—'
      },
    },
    {
      title: t('最近加载', 'Last load'),
      key: 'last',
      render: (_, r) => formatTime(pool.versions.get(r.code)?.[0]?.loadedAt),
    },
  ]

  const versions = selected ? (pool.versions.get(selected.code) ?? []) : []
  const reload = pool.reload

  return (
    <Page>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('公共数据资源池', 'Public data pool')}</Typography.Title>
        <Typography.Text type="secondary">
          {t(
            '数源单位按目录加载数据，每次加载生成不可变的新版本并附质量报告（完整性、有效性、唯一性、时效性、一致性）；不合格行隔离并注明原因，绝不静默丢弃（第九、十条）。',
            'Source units load data to the catalog; each load is a new immutable version with a quality report (completeness, validity, uniqueness, timeliness, consistency); failing rows are quarantined with reasons, never dropped (art. 9–10).',
          )}
        </Typography.Text>
      </div>
      <ServerError error={catalog.error ?? pool.error} />
      <Card size="small" title={t('资源与服务版本', 'Resources and serving versions')}>
        <Table<CatalogResource>
          rowKey="code"
          size="small"
          loading={catalog.loading || pool.loading}
          columns={columns}
          dataSource={resources}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(r) => ({ style: r.code === selectedCode ? { background: '#e6f4ff' } : undefined })}
          data-testid="pool-resources-table"
        />
      </Card>
      {selected ? (
        <Card
          size="small"
          data-testid="pool-resource"
          title={
            <Space>
              {selected.name}
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{selected.code}</Typography.Text>
            </Space>
          }
          extra={
            <Space>
              <Link to={`/catalog/resources/${encodeURIComponent(selected.code)}`}>{t('目录条目', 'Catalog entry')}</Link>
              {canTraceLineage(me, selected.providerOrgId) ? (
                <Link to={lineageHref('resource', selected.code)}>
                  <Button size="small" icon={<ApartmentOutlined />} data-testid="pool-lineage">{t('数据用在哪里', 'Where it is used')}</Button>
                </Link>
              ) : null}
            </Space>
          }
        >
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <VersionsTable versions={versions} loading={pool.loading} canPublish={canUpload(me, selected.providerOrgId)} onChanged={reload} />
            {canUpload(me, selected.providerOrgId) || canLoadFromPath(me) ? (
              <Row gutter={16}>
                {canUpload(me, selected.providerOrgId) ? (
                  <Col xs={24} xl={14}>
                    <UploadCard resource={selected} onLoaded={reload} />
                  </Col>
                ) : null}
                {canLoadFromPath(me) ? (
                  <Col xs={24} xl={14}>
                    <FromPathCard code={selected.code} onLoaded={reload} />
                  </Col>
                ) : null}
              </Row>
            ) : null}
            {me.organization.kind === 'source_unit' ? <UsedBy code={selected.code} /> : null}
          </Space>
        </Card>
      ) : (
        <Card size="small">
          <Empty description={t('选择一个资源，查看版本、质量报告并加载新版本', 'Choose a resource to see its versions and quality, and to load a new version')} />
        </Card>
      )}
      {resources.length > 1 ? (
        <Card size="small" title={t('各资源数据质量（服务版本）', 'Quality per resource (serving version)')}>
          <PoolQualityChart resources={resources} versions={pool.versions} height={260} testId="pool-quality-chart" />
        </Card>
      ) : null}
    </Page>
  )
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
