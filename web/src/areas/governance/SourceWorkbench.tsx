import { ApartmentOutlined, CloudUploadOutlined } from '@ant-design/icons'
import { Button, Card, Col, Progress, Row, Space, Table, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import { Link } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { useT } from '../../i18n.tsx'
import { currentVersion, heldVersions, lineageHref, usePoolOverview } from './pool.ts'
import { completeness, PoolQualityChart } from './PoolQualityChart.tsx'
import { TimelinessTag } from './QualityReport.tsx'
import { GradeTag, ReturnFlowStatusTag, VersionStatusTag } from './tags.tsx'
import { TodoCard, WorkbenchTitle, type TodoItem } from './TodoCard.tsx'
import { UsedBy } from './UsedBy.tsx'
import type { CatalogResource, ReturnFlow } from './types.ts'
import { Page } from './Page.tsx'

/** 数据来源单位: its resources, their latest versions and quality, held versions to accept, where its data goes. */
export default function SourceWorkbench() {
  const t = useT()
  const me = useMe()
  const catalog = useGet<{ resources: CatalogResource[] }>('/api/v1/catalog/resources')
  const flows = useGet<{ returnFlows: ReturnFlow[] }>('/api/v1/return-flows')
  const mine = useMemo(() => (catalog.data?.resources ?? []).filter((r) => r.providerOrgId === me.organization.id), [catalog.data, me])
  const codes = useMemo(() => (catalog.data ? mine.map((r) => r.code) : undefined), [catalog.data, mine])
  const pool = usePoolOverview(codes)

  const todo: TodoItem[] = mine.flatMap((r) => {
    const versions = pool.versions.get(r.code) ?? []
    const current = currentVersion(versions)
    const held = heldVersions(versions).map((v) => ({
      key: v.id,
      title: t(`${r.name} v${v.versionNo} 待接受`, `${r.name} v${v.versionNo} held`),
      description: t(`隔离 ${formatNumber(v.rows.quarantined)} 行，入池 ${formatNumber(v.rows.loaded)} 行：核对隔离原因后接受发布，或修正后重新上传`, `${formatNumber(v.rows.quarantined)} quarantined, ${formatNumber(v.rows.loaded)} loaded: check the reasons, then accept or upload a corrected file`),
      href: `/pool/versions/${v.id}`,
      extra: <Tag color="orange">{t('待接受', 'Held')}</Tag>,
    }))
    const missing = !current ? [{ key: `${r.code}-none`, title: r.name, description: t('尚未入池：请上传首个版本', 'Not loaded yet: upload its first version'), href: `/pool?resource=${encodeURIComponent(r.code)}`, extra: <Tag>{t('未入池', 'Not loaded')}</Tag> }] : []
    const stale = current?.quality.timeliness.status === 'stale'
      ? [{ key: `${r.code}-stale`, title: r.name, description: t(`数据最新至 ${current.quality.timeliness.latest ?? '—'}，已超更新周期：请加载新版本`, `Latest data ${current.quality.timeliness.latest ?? '—'}, past its update cycle: load a new version`), href: `/pool?resource=${encodeURIComponent(r.code)}`, extra: <Tag color="gold">{t('滞后', 'Stale')}</Tag> }]
      : []
    const quarantined = current && current.rows.quarantined > 0
      ? [{ key: `${current.id}-q`, title: `${r.name} v${current.versionNo}`, description: t(`服务版本有 ${formatNumber(current.rows.quarantined)} 行隔离：请在源系统更正`, `The serving version set aside ${formatNumber(current.rows.quarantined)} rows: correct them at the source`), href: `/pool/versions/${current.id}`, extra: <Tag color="red">{t('有隔离行', 'Quarantine')}</Tag> }]
      : []
    return [...held, ...missing, ...stale, ...quarantined]
  })

  const flowItems: TodoItem[] = (flows.data?.returnFlows ?? []).map((f) => ({
    key: f.id,
    title: `${f.resourceCode}：${f.fields.join('、')}`,
    description: f.decisionNote ?? formatTime(f.requestedAt),
    href: '/return-flows',
    extra: <ReturnFlowStatusTag status={f.status} />,
  }))

  return (
    <Page testId="workbench-source">
      <WorkbenchTitle subtitle={t(`${me.organization.name} · 按目录供数，保证数据真实、准确、完整、及时（第九、十条）`, `${me.organization.name} · supplying data to the catalog, true, accurate, complete and timely (art. 9–10)`)} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <TodoCard title={t('需要我处理', 'For me to do')} items={todo} moreHref="/pool" emptyText={t('数据均已按时入池，无待处理事项', 'Every resource is loaded and in order')} loading={catalog.loading || pool.loading} error={catalog.error ?? pool.error} testId="todo-source" tone="warning" />
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={mine.length === 1 ? t(`${mine[0]!.name}：各版本数据质量`, `${mine[0]!.name}: quality per version`) : t('我的资源数据质量（服务版本）', 'Quality of my resources (serving versions)')} style={{ height: '100%' }}>
            <PoolQualityChart resources={mine} versions={pool.versions} height={240} testId="source-quality-chart" />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t(`我提供的资源（${mine.length}）`, `Resources I supply (${mine.length})`)}>
        <Table<CatalogResource>
          rowKey="code"
          size="small"
          loading={catalog.loading || pool.loading}
          dataSource={mine}
          pagination={false}
          scroll={{ x: 1000 }}
          data-testid="source-resources"
          columns={[
            {
              title: t('资源', 'Resource'),
              key: 'name',
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/catalog/resources/${encodeURIComponent(r.code)}`}>{r.name}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.code}</Typography.Text>
                </Space>
              ),
            },
            { title: t('分级', 'Grade'), key: 'grade', render: (_, r) => <GradeTag level={r.level} grade={r.grade} /> },
            {
              title: t('最新版本', 'Latest version'),
              key: 'latest',
              render: (_, r) => {
                const v = pool.versions.get(r.code)?.[0]
                return v ? (
                  <Space>
                    <Link to={`/pool/versions/${v.id}`}>v{v.versionNo}</Link>
                    <VersionStatusTag status={v.status} />
                    <Typography.Text type="secondary">{formatTime(v.loadedAt)}</Typography.Text>
                  </Space>
                ) : <Tag>{t('未入池', 'Not loaded')}</Tag>
              },
            },
            {
              title: t('入池率 / 完整率', 'Passing / complete'),
              key: 'quality',
              width: 200,
              render: (_, r) => {
                const v = currentVersion(pool.versions.get(r.code))
                return v ? (
                  <Space direction="vertical" size={0} style={{ width: '100%' }}>
                    <Progress percent={Math.round(v.quality.score * 1000) / 10} size="small" />
                    <Progress percent={Math.round(completeness(v) * 1000) / 10} size="small" strokeColor="#52c41a" />
                  </Space>
                ) : '—'
              },
            },
            { title: t('时效', 'Timeliness'), key: 'timeliness', render: (_, r) => { const v = currentVersion(pool.versions.get(r.code)); return v ? <TimelinessTag timeliness={v.quality.timeliness} /> : '—' } },
            {
              title: '',
              key: 'actions',
              render: (_, r) => (
                <Space>
                  <Link to={`/pool?resource=${encodeURIComponent(r.code)}`}>
                    <Button size="small" icon={<CloudUploadOutlined />} data-testid={`source-load-${r.code}`}>{t('加载新版本', 'Load a version')}</Button>
                  </Link>
                  <Link to={lineageHref('resource', r.code)}>
                    <Button size="small" icon={<ApartmentOutlined />} data-testid={`source-lineage-${r.code}`}>{t('用在哪里', 'Where used')}</Button>
                  </Link>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        {mine.map((r) => (
          <Col xs={24} xl={mine.length > 1 ? 12 : 24} key={r.code}>
            <UsedBy code={r.code} title={t(`${r.name}：用在哪里`, `${r.name}: where it is used`)} />
          </Col>
        ))}
      </Row>
      {flowItems.length ? (
        <TodoCard title={t('我的回流申请', 'My return-flow requests')} items={flowItems} moreHref="/return-flows" emptyText="" testId="todo-source-flows" />
      ) : null}
    </Page>
  )
}
