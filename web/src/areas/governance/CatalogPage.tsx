import { PlusOutlined, SearchOutlined } from '@ant-design/icons'
import { Button, Card, Col, Input, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type { EChartsOption } from 'echarts'
import { useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useLang } from '../../i18n.tsx'
import { fieldExclusion } from './FieldsTable.tsx'
import { countByBucket, GRADE_BUCKETS } from './grading.ts'
import { SHARING_LABELS, UPDATE_CYCLE_LABELS, useLabel, useStableT } from './labels.ts'
import { useOrgNames } from './orgs.tsx'
import { GradeTag } from './tags.tsx'
import { canCompile } from './access.ts'
import type { CatalogResource } from './types.ts'
import { Page } from './Page.tsx'

/** 公共数据资源目录: the unified city catalog, as the bureau has published it (art. 7). */
export default function CatalogPage() {
  const t = useStableT()
  const { lang } = useLang()
  const label = useLabel()
  const me = useMe()
  const orgName = useOrgNames()
  const catalog = useGet<{ resources: CatalogResource[] }>('/api/v1/catalog/resources')
  const [search, setSearch] = useState('')
  const [grade, setGrade] = useState<string | undefined>()
  const [sensitiveOnly, setSensitiveOnly] = useState<'all' | 'sensitive' | 'excluded'>('all')

  const resources = catalog.data?.resources ?? []
  const shown = resources.filter((r) => {
    const text = `${r.code} ${r.name} ${r.tableName} ${r.classification.category} ${r.classification.item} ${r.fields.map((f) => `${f.name} ${f.title}`).join(' ')}`
    if (search && !text.toLowerCase().includes(search.toLowerCase())) return false
    if (grade && (r.level === 'general' ? `general-${r.grade}` : r.level) !== grade) return false
    if (sensitiveOnly === 'sensitive' && !r.sensitive) return false
    if (sensitiveOnly === 'excluded' && r.authorizable && !r.fields.some((f) => fieldExclusion(f))) return false
    return true
  })

  const totals = useMemo(() => {
    const fields = resources.flatMap((r) => r.fields)
    return {
      fields: fields.length,
      sensitive: fields.filter((f) => f.sensitive).length,
      excluded: fields.filter((f) => fieldExclusion(f)).length,
    }
  }, [resources])

  const chart = useMemo<EChartsOption>(() => {
    const rows = [...resources].reverse()
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: t('信息项', 'fields'), minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.name) },
      series: GRADE_BUCKETS.map((bucket) => ({
        type: 'bar',
        stack: 'fields',
        name: lang === 'zh' ? bucket.zh : bucket.en,
        itemStyle: { color: bucket.color },
        data: rows.map((r) => countByBucket(r.fields)[bucket.key] ?? 0),
      })),
    }
  }, [resources, lang, t])

  const columns: ColumnsType<CatalogResource> = [
    {
      title: t('资源', 'Resource'),
      key: 'name',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Link to={`/catalog/resources/${encodeURIComponent(r.code)}`} data-testid={`catalog-link-${r.code}`}>
            {r.name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.code} · <Typography.Text code style={{ fontSize: 12 }}>{r.tableName}</Typography.Text>
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('资源分类', 'Classification'),
      key: 'classification',
      render: (_, r) => [r.classification.category, r.classification.item, r.classification.subItem, r.classification.detail].filter(Boolean).join(' / '),
    },
    { title: t('数源单位', 'Provider'), dataIndex: 'providerOrgId', render: (v: string) => orgName(v) },
    {
      title: t('分级（就高从严）', 'Grade (strictest field)'),
      key: 'grade',
      sorter: (a, b) => sev(a) - sev(b),
      render: (_, r) => (
        <Space size={4}>
          <GradeTag level={r.level} grade={r.grade} />
          {r.sensitive ? <Tag color="red">{t('含敏感个人信息', 'Sensitive PI')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('信息项', 'Fields'),
      key: 'fields',
      align: 'right',
      width: 80,
      render: (_, r) => {
        const excluded = r.fields.filter((f) => fieldExclusion(f)).length
        return (
          <Tooltip title={excluded ? t(`${excluded} 项不可授权（第十五条）`, `${excluded} excluded (art. 15)`) : undefined}>
            {r.fields.length}
            {excluded ? <Typography.Text type="danger"> / {excluded}</Typography.Text> : null}
          </Tooltip>
        )
      },
    },
    {
      title: t('共享 / 开放', 'Sharing / open'),
      key: 'sharing',
      render: (_, r) => `${label(SHARING_LABELS, r.sharingType)} / ${label(SHARING_LABELS, r.openType)}`,
    },
    { title: t('更新周期', 'Update cycle'), dataIndex: 'updateCycle', width: 90, render: (v: CatalogResource['updateCycle']) => label(UPDATE_CYCLE_LABELS, v) },
    {
      title: t('授权运营', 'Authorizable'),
      key: 'authorizable',
      render: (_, r) =>
        r.authorizable ? (
          r.sharedFrom ? <Tag color="gold">{t('需提供方同意', 'Needs provider consent')}</Tag> : <Tag color="green">{t('可纳入', 'Yes')}</Tag>
        ) : (
          <Tag color="red">{t('不予授权', 'Excluded')}</Tag>
        ),
    },
    {
      title: t('数据池', 'Pool'),
      key: 'pool',
      render: (_, r) => (r.poolVersionId ? <Tag color="green">{t('已入池', 'Loaded')}</Tag> : <Tag>{t('未入池', 'Not loaded')}</Tag>),
    },
    { title: t('目录版本', 'Version'), dataIndex: 'publishedVersion', align: 'right', width: 90, render: (v: number) => `v${v}` },
  ]

  return (
    <Page>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('公共数据资源目录', 'Public data resource catalog')}</Typography.Title>
          <Typography.Text type="secondary">
            {t('经市数政局审核发布的统一目录（第七条）；信息项按 GB/T 43697-2024 分类分级，资源就高从严定级。', 'The unified catalog the bureau published (art. 7); fields graded by GB/T 43697-2024, each resource at its strictest field.')}
          </Typography.Text>
        </div>
        {canCompile(me) ? (
          <Link to="/catalog/compile">
            <Button type="primary" icon={<PlusOutlined />} data-testid="catalog-compile-new">
              {t('编制目录', 'Compile an entry')}
            </Button>
          </Link>
        ) : null}
      </Space>
      <ServerError error={catalog.error} />
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card size="small" style={{ height: '100%' }}>
            <Row gutter={[16, 16]}>
              <Col span={12}><Statistic title={t('资源', 'Resources')} value={resources.length} /></Col>
              <Col span={12}><Statistic title={t('信息项', 'Fields')} value={totals.fields} /></Col>
              <Col span={12}><Statistic title={t('敏感个人信息项', 'Sensitive PI fields')} value={totals.sensitive} valueStyle={{ color: '#cf1322' }} /></Col>
              <Col span={12}><Statistic title={t('不可授权信息项（第十五条）', 'Excluded fields (art. 15)')} value={totals.excluded} /></Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('各资源信息项分级分布', 'Fields by grade, per resource')}>
            <Chart option={chart} height={Math.max(200, resources.length * 30 + 60)} testId="catalog-grade-chart" />
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('搜索代码、名称、信息项', 'Search code, name, field')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 280 }}
            data-testid="catalog-search"
          />
          <Select
            allowClear
            placeholder={t('分级', 'Grade')}
            style={{ width: 150 }}
            value={grade}
            onChange={setGrade}
            options={GRADE_BUCKETS.map((b) => ({ value: b.key, label: lang === 'zh' ? b.zh : b.en }))}
          />
          <Select
            style={{ width: 200 }}
            value={sensitiveOnly}
            onChange={setSensitiveOnly}
            options={[
              { value: 'all', label: t('全部资源', 'All resources') },
              { value: 'sensitive', label: t('含敏感个人信息', 'With sensitive PI') },
              { value: 'excluded', label: t('含不可授权信息项', 'With excluded fields') },
            ]}
          />
        </Space>
        <Table<CatalogResource>
          rowKey="code"
          size="middle"
          loading={catalog.loading}
          columns={columns}
          dataSource={shown}
          pagination={shown.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 1100 }}
          data-testid="catalog-table"
        />
      </Card>
    </Page>
  )
}

function sev(r: CatalogResource): number {
  return r.level === 'core' ? 100 : r.level === 'important' ? 50 : (r.grade ?? 0)
}
