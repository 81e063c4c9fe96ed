import { Card, Col, Row, Statistic, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import { Link } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { useT } from '../../i18n.tsx'
import { resourceGrade } from './grading.ts'
import { useOrgNames } from './orgs.tsx'
import { heldVersions, usePoolOverview } from './pool.ts'
import { PoolQualityChart } from './PoolQualityChart.tsx'
import { GradeTag } from './tags.tsx'
import { TodoCard, WorkbenchTitle, type TodoItem } from './TodoCard.tsx'
import type { CatalogEntry, CatalogResource, DuplicateCandidate, ReturnFlow } from './types.ts'
import { Page } from './Page.tsx'

/** 市数政局: entries to review (art. 7), duplicates to decide (art. 8), return flows (art. 10), pool versions needing attention. */
export default function BureauWorkbench() {
  const t = useT()
  const me = useMe()
  const orgName = useOrgNames()
  const entries = useGet<{ entries: CatalogEntry[] }>('/api/v1/catalog/entries', { status: 'submitted' })
  const duplicates = useGet<{ candidates: DuplicateCandidate[] }>('/api/v1/catalog/duplicates')
  const flows = useGet<{ returnFlows: ReturnFlow[] }>('/api/v1/return-flows')
  const catalog = useGet<{ resources: CatalogResource[] }>('/api/v1/catalog/resources')
  const resources = useMemo(() => catalog.data?.resources ?? [], [catalog.data])
  const codes = useMemo(() => (catalog.data ? resources.map((r) => r.code) : undefined), [catalog.data, resources])
  const pool = usePoolOverview(codes)
  const nameOf = (code: string) => resources.find((r) => r.code === code)?.name ?? code

  const reviewItems: TodoItem[] = (entries.data?.entries ?? []).map((e) => ({
    key: `${e.code}@${e.version}`,
    title: `${e.content.name} v${e.version}`,
    description: `${e.code} · ${orgName(e.compiledByOrgId)} · ${t('提交于', 'submitted')} ${formatTime(e.submittedAt)}`,
    href: `/catalog/entries?tab=review&code=${encodeURIComponent(e.code)}`,
    extra: <GradeTag {...resourceGrade(e.content.fields)} />,
  }))
  const duplicateItems: TodoItem[] = (duplicates.data?.candidates ?? [])
    .filter((c) => !c.resolution)
    .sort((a, b) => (b.overlap ?? 0) - (a.overlap ?? 0))
    .map((c) => ({
      key: `${c.a.resource}.${c.a.field}|${c.b.resource}.${c.b.field}`,
      title: `${c.a.title} ↔ ${c.b.title}`,
      description: `${c.a.resource}.${c.a.field}（${orgName(c.a.collectingOrgId)}） / ${c.b.resource}.${c.b.field}（${orgName(c.b.collectingOrgId)}）`,
      href: '/catalog/duplicates',
      extra: c.overlap !== null ? <Tag color={c.overlap > 0.5 ? 'orange' : 'default'}>{t(`重合 ${Math.round(c.overlap * 100)}%`, `${Math.round(c.overlap * 100)}% overlap`)}</Tag> : null,
    }))
  const flowItems: TodoItem[] = (flows.data?.returnFlows ?? [])
    .filter((f) => f.status === 'requested')
    .map((f) => ({
      key: f.id,
      title: `${nameOf(f.resourceCode)}：${f.fields.join('、')}`,
      description: `${orgName(f.requesterOrgId)} · ${formatTime(f.requestedAt)}`,
      href: '/return-flows',
    }))
  const poolItems: TodoItem[] = resources.flatMap((r) => {
    const versions = pool.versions.get(r.code) ?? []
    const held = heldVersions(versions).map((v) => ({
      key: v.id,
      title: `${r.name} v${v.versionNo}`,
      description: t(`待 ${orgName(r.providerOrgId)} 接受 · 隔离 ${formatNumber(v.rows.quarantined)} 行`, `Held for ${orgName(r.providerOrgId)} · ${formatNumber(v.rows.quarantined)} quarantined`),
      href: `/pool/versions/${v.id}`,
      extra: <Tag color="orange">{t('待接受', 'Held')}</Tag>,
    }))
    const current = versions.find((v) => v.status === 'current')
    const serving = current && current.rows.quarantined > 0
      ? [{ key: current.id, title: `${r.name} v${current.versionNo}`, description: t(`服务中，${formatNumber(current.rows.quarantined)} 行已隔离`, `Serving, ${formatNumber(current.rows.quarantined)} rows quarantined`), href: `/pool/versions/${current.id}`, extra: <Tag color="red">{t('有隔离行', 'Quarantine')}</Tag> }]
      : []
    const stale = current && current.quality.timeliness.status === 'stale'
      ? [{ key: `${current.id}-stale`, title: `${r.name}`, description: t(`数据最新至 ${current.quality.timeliness.latest ?? '—'}，已超更新周期`, `Latest data ${current.quality.timeliness.latest ?? '—'}: past its update cycle`), href: `/pool?resource=${encodeURIComponent(r.code)}`, extra: <Tag color="gold">{t('滞后', 'Stale')}</Tag> }]
      : []
    return [...held, ...serving, ...stale]
  })

  const sensitive = resources.filter((r) => r.sensitive).length
  return (
    <Page testId="workbench-bureau">
      <WorkbenchTitle subtitle={t(`${me.organization.name} · 目录审核、重复采集、数据回流与数据池质量`, `${me.organization.name} · catalog review, duplicate collection, return flows and pool quality`)} />
      <Row gutter={16}>
        {[
          { title: t('待审核目录', 'Entries to review'), value: reviewItems.length, href: '/catalog/entries?tab=review', id: 'review' },
          { title: t('待裁定重复采集', 'Duplicates to decide'), value: duplicateItems.length, href: '/catalog/duplicates', id: 'duplicates' },
          { title: t('待审批回流', 'Return flows to decide'), value: flowItems.length, href: '/return-flows', id: 'flows' },
          { title: t('数据池需关注', 'Pool versions to watch'), value: poolItems.length, href: '/pool', id: 'pool' },
        ].map((s) => (
          <Col xs={12} md={6} key={s.id}>
            <Link to={s.href}>
              <Card size="small" hoverable>
                <Statistic title={s.title} value={s.value} valueStyle={s.value ? { color: '#fa8c16' } : undefined} data-testid={`bureau-stat-${s.id}`} />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <TodoCard title={t('目录条目待审核（第七条）', 'Catalog entries to review (art. 7)')} items={reviewItems} moreHref="/catalog/entries?tab=review" emptyText={t('没有待审核的条目', 'Nothing to review')} loading={entries.loading} error={entries.error} testId="todo-entries-review" />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard title={t('重复采集待裁定（第八条）', 'Duplicate collection to decide (art. 8)')} items={duplicateItems} moreHref="/catalog/duplicates" emptyText={t('没有待裁定的疑似重复', 'Nothing to decide')} loading={duplicates.loading} error={duplicates.error} testId="todo-duplicates" tone="warning" />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard title={t('数据回流待审批（第十条）', 'Return flows to decide (art. 10)')} items={flowItems} moreHref="/return-flows" emptyText={t('没有待审批的回流申请', 'No request waiting')} loading={flows.loading} error={flows.error} testId="todo-return-flows" />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard title={t('数据池：待接受、隔离与滞后', 'Pool: held, quarantined, stale')} items={poolItems} moreHref="/pool" emptyText={t('各资源版本正常', 'Every resource is in order')} loading={pool.loading} error={pool.error} testId="todo-pool" tone="danger" />
        </Col>
      </Row>
      <Card
        size="small"
        title={t('各资源数据质量（服务版本）', 'Quality per resource (serving version)')}
        extra={
          <Typography.Text type="secondary">
            {t(`目录 ${resources.length} 个资源，${sensitive} 个含敏感个人信息`, `${resources.length} resources, ${sensitive} with sensitive personal information`)}
          </Typography.Text>
        }
      >
        <PoolQualityChart resources={resources} versions={pool.versions} height={260} testId="bureau-quality-chart" />
      </Card>
    </Page>
  )
}
