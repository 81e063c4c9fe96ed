import { ApartmentOutlined, DatabaseOutlined, EditOutlined } from '@ant-design/icons'
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import { useMemo } from 'react'
import { Link, useParams } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatDate } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useLang } from '../../i18n.tsx'
import { canCompile, canSeePool, canTraceLineage } from './access.ts'
import { ConsentsCard } from './ConsentsCard.tsx'
import { FieldsTable, fieldExclusion } from './FieldsTable.tsx'
import { countByBucket, GRADE_BUCKETS } from './grading.ts'
import { EXCLUSION_LABELS, SHARING_LABELS, UPDATE_CYCLE_LABELS, useLabel, useStableT } from './labels.ts'
import { useOrgNames } from './orgs.tsx'
import { lineageHref } from './pool.ts'
import { GradeTag } from './tags.tsx'
import type { CatalogEntry, CatalogResource } from './types.ts'
import { Page } from './Page.tsx'

/** One resource of the city catalog: its GB/T 21063 core metadata, its fields and their grades. */
export default function ResourcePage() {
  const { code = '' } = useParams()
  const t = useStableT()
  const { lang } = useLang()
  const label = useLabel()
  const me = useMe()
  const orgName = useOrgNames()
  const resource = useGet<CatalogResource>(`/api/v1/catalog/resources/${encodeURIComponent(code)}`)
  const r = resource.data
  // Only the organization that compiles an entry compiles its next version (art. 7).
  const entries = useGet<{ entries: CatalogEntry[] }>(canCompile(me) ? '/api/v1/catalog/entries' : null, { code })
  const compiledHere = (entries.data?.entries ?? []).some((e) => e.compiledByOrgId === me.organization.id)

  const gradeChart = useMemo<EChartsOption | null>(() => {
    if (!r) return null
    const counts = countByBucket(r.fields)
    const resourceKey = r.level === 'general' ? `general-${r.grade}` : r.level
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: GRADE_BUCKETS.map((b) => (lang === 'zh' ? b.shortZh : b.shortEn)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('信息项', 'Fields'),
          data: GRADE_BUCKETS.map((b) => ({
            value: counts[b.key] ?? 0,
            itemStyle: { color: b.color, borderColor: b.key === resourceKey ? '#000' : undefined, borderWidth: b.key === resourceKey ? 2 : 0 },
          })),
          label: { show: true, position: 'top' },
        },
      ],
    }
  }, [r, lang, t])

  if (resource.loading && !r) return <Spin style={{ display: 'block', margin: 48 }} />
  if (!r) return resource.error ? <ServerError error={resource.error} /> : <Result status="404" title={code} />

  const excluded = r.fields.filter((f) => fieldExclusion(f))
  const maySeePool = canSeePool(me) && (me.organization.kind !== 'source_unit' || me.organization.id === r.providerOrgId)

  return (
    <Page testId="resource-detail">
      <Breadcrumb items={[{ title: <Link to="/catalog/resources">{t('公共数据资源目录', 'Catalog')}</Link> }, { title: r.code }]} />
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap align="start">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {r.name}{' '}
            <GradeTag level={r.level} grade={r.grade} />
            {r.sensitive ? <Tag color="red">{t('含敏感个人信息', 'Sensitive PI')}</Tag> : null}
            {r.authorizable ? null : <Tag color="red">{t('不予授权（第十五条）', 'Excluded (art. 15)')}</Tag>}
          </Typography.Title>
          <Typography.Text type="secondary">
            {r.code} · {t('目录版本', 'catalog version')} v{r.publishedVersion} · <Typography.Text code>{r.tableName}</Typography.Text>
          </Typography.Text>
        </div>
        <Space wrap>
          {compiledHere ? (
            <Link to={`/catalog/compile?code=${encodeURIComponent(r.code)}`}>
              <Button icon={<EditOutlined />} data-testid="resource-compile-next">{t('编制新版本', 'Compile next version')}</Button>
            </Link>
          ) : null}
          {maySeePool ? (
            <Link to={`/pool?resource=${encodeURIComponent(r.code)}`}>
              <Button icon={<DatabaseOutlined />} data-testid="resource-pool">{t('数据池版本与质量', 'Pool versions and quality')}</Button>
            </Link>
          ) : null}
          {canTraceLineage(me, r.providerOrgId) ? (
            <Link to={lineageHref('resource', r.code)}>
              <Button icon={<ApartmentOutlined />} data-testid="resource-lineage">{t('数据去向（溯源）', 'Where it is used (lineage)')}</Button>
            </Link>
          ) : null}
        </Space>
      </Space>

      {r.exclusion ? (
        <Alert
          type="error"
          showIcon
          message={t('本资源依第十五条不予授权运营', 'The measures exclude this resource from authorized operation (art. 15)')}
          description={`${label(EXCLUSION_LABELS, r.exclusion.reason)}：${r.exclusion.note}`}
        />
      ) : null}

      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('核心元数据（GB/T 21063）', 'Core metadata (GB/T 21063)')}>
            <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} bordered data-testid="resource-metadata">
              <Descriptions.Item label={t('资源代码', 'Code')}>{r.code}</Descriptions.Item>
              <Descriptions.Item label={t('资源名称', 'Name')}>{r.name}</Descriptions.Item>
              <Descriptions.Item label={t('资源分类（类/项/目/细目）', 'Classification')} span="filled">
                {[r.classification.category, r.classification.item, r.classification.subItem ?? '—', r.classification.detail ?? '—'].join(' / ')}
              </Descriptions.Item>
              <Descriptions.Item label={t('资源提供方', 'Provider')}>{orgName(r.providerOrgId)}</Descriptions.Item>
              <Descriptions.Item label={t('提供方代码', 'Provider code')}>{r.providerCode}</Descriptions.Item>
              <Descriptions.Item label={t('资源摘要', 'Abstract')} span="filled">{r.abstract}</Descriptions.Item>
              <Descriptions.Item label={t('资源格式', 'Format')}>{r.format}</Descriptions.Item>
              <Descriptions.Item label={t('更新周期', 'Update cycle')}>{label(UPDATE_CYCLE_LABELS, r.updateCycle)}</Descriptions.Item>
              <Descriptions.Item label={t('共享类型', 'Sharing type')}>{label(SHARING_LABELS, r.sharingType)}</Descriptions.Item>
              <Descriptions.Item label={t('共享方式', 'Sharing method')}>{r.sharingMethod}</Descriptions.Item>
              {r.sharingConditions ? (
                <Descriptions.Item label={t('共享条件', 'Sharing conditions')} span="filled">{r.sharingConditions}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('开放类型', 'Open type')}>{label(SHARING_LABELS, r.openType)}</Descriptions.Item>
              <Descriptions.Item label={t('发布日期', 'Published')}>{formatDate(r.publishDate)}</Descriptions.Item>
              <Descriptions.Item label={t('关联资源', 'Related')} span="filled">
                {r.relatedCodes.length ? (
                  <Space wrap>
                    {r.relatedCodes.map((c) => (
                      <Link key={c} to={`/catalog/resources/${encodeURIComponent(c)}`}>{c}</Link>
                    ))}
                  </Space>
                ) : '—'}
              </Descriptions.Item>
              {r.sharedFrom ? (
                <Descriptions.Item label={t('共享来源', 'Shared from')} span="filled">{`${r.sharedFrom.provider}（${r.sharedFrom.region}）`}</Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('分类分级（GB/T 43697-2024）', 'Grading (GB/T 43697-2024)')} style={{ height: '100%' }}>
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              {t('资源级别：', 'Resource grade: ')}
              <GradeTag level={r.level} grade={r.grade} />
              <Typography.Text type="secondary">{t('取信息项中最高者（就高从严）', 'the strictest of its fields')}</Typography.Text>
            </Typography.Paragraph>
            {gradeChart ? <Chart option={gradeChart} height={180} testId="resource-grade-chart" /> : null}
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t(
                `${r.fields.filter((f) => f.sensitive).length} 个信息项为敏感个人信息；${excluded.length} 个信息项不得纳入授权（第十五条）。`,
                `${r.fields.filter((f) => f.sensitive).length} fields hold sensitive personal information; ${excluded.length} may never enter an authorization (art. 15).`,
              )}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t(`信息项（${r.fields.length}）`, `Fields (${r.fields.length})`)}>
        <FieldsTable fields={r.fields} orgName={orgName} />
      </Card>

      <ConsentsCard resource={r} />
    </Page>
  )
}
