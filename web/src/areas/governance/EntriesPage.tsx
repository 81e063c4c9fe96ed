import { PlusOutlined } from '@ant-design/icons'
import { Badge, Button, Card, Space, Table, Tabs, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useMemo } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { canCompile, isBureau } from './access.ts'
import { EntryDrawer } from './EntryDrawer.tsx'
import { resourceGrade } from './grading.ts'
import { useOrgNames } from './orgs.tsx'
import { EntryStatusTag, GradeTag } from './tags.tsx'
import type { CatalogEntry, EntryStatus } from './types.ts'
import { Page } from './Page.tsx'

/** The newest version of each entry, and how many versions it has. */
interface EntryRow {
  readonly latest: CatalogEntry
  readonly versions: readonly CatalogEntry[]
}

function byCode(entries: readonly CatalogEntry[]): EntryRow[] {
  const groups = new Map<string, CatalogEntry[]>()
  for (const e of entries) groups.set(e.code, [...(groups.get(e.code) ?? []), e])
  return [...groups.values()]
    .map((versions) => {
      const sorted = [...versions].sort((a, b) => b.version - a.version)
      return { latest: sorted[0]!, versions: sorted }
    })
    .sort((a, b) => (b.latest.submittedAt ?? b.latest.createdAt).localeCompare(a.latest.submittedAt ?? a.latest.createdAt))
}

/** 目录编制与审核: sector authorities compile and submit, the bureau reviews (art. 7). */
export default function EntriesPage() {
  const t = useT()
  const me = useMe()
  const orgName = useOrgNames()
  const [params, setParams] = useSearchParams()
  const entries = useGet<{ entries: CatalogEntry[] }>('/api/v1/catalog/entries')
  const rows = useMemo(() => byCode(entries.data?.entries ?? []), [entries.data])
  const bureau = isBureau(me)
  const tab = params.get('tab') ?? (bureau ? 'review' : 'open')
  const openCode = params.get('code')

  const counts: Record<EntryStatus, number> = { draft: 0, submitted: 0, returned: 0, approved: 0 }
  for (const row of rows) counts[row.latest.status]++
  const shown = rows.filter((row) => {
    if (tab === 'review') return row.latest.status === 'submitted'
    if (tab === 'open') return row.latest.status === 'draft' || row.latest.status === 'returned'
    return true
  })

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params)
    if (value === null) next.delete(key)
    else next.set(key, value)
    setParams(next, { replace: true })
  }

  const columns: ColumnsType<EntryRow> = [
    {
      title: t('资源', 'Resource'),
      key: 'name',
      render: (_, row) => (
        <Space direction="vertical" size={0}>
          <Typography.Link onClick={() => setParam('code', row.latest.code)} data-testid={`entry-open-${row.latest.code}`}>
            {row.latest.content.name}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.latest.code}</Typography.Text>
        </Space>
      ),
    },
    { title: t('版本', 'Version'), key: 'version', align: 'right', width: 70, render: (_, row) => `v${row.latest.version}` },
    { title: t('状态', 'Status'), key: 'status', render: (_, row) => <EntryStatusTag status={row.latest.status} /> },
    { title: t('分级', 'Grade'), key: 'grade', render: (_, row) => <GradeTag {...resourceGrade(row.latest.content.fields)} /> },
    { title: t('信息项', 'Fields'), key: 'fields', align: 'right', width: 80, render: (_, row) => row.latest.content.fields.length },
    { title: t('编制单位', 'Compiled by'), key: 'compiler', width: 140, render: (_, row) => orgName(row.latest.compiledByOrgId) },
    { title: t('提交时间', 'Submitted'), key: 'submitted', width: 150, render: (_, row) => formatTime(row.latest.submittedAt) },
    {
      title: t('审核', 'Review'),
      key: 'review',
      render: (_, row) =>
        row.latest.reviewedAt ? (
          <Space direction="vertical" size={0}>
            <span>{formatTime(row.latest.reviewedAt)}</span>
            {row.latest.reviewComment ? (
              <Typography.Text type="secondary" ellipsis={{ tooltip: row.latest.reviewComment }} style={{ maxWidth: 240 }}>
                {row.latest.reviewComment}
              </Typography.Text>
            ) : null}
          </Space>
        ) : '—',
    },
    {
      title: '',
      key: 'actions',
      render: (_, row) => (
        <Button size="small" type={bureau && row.latest.status === 'submitted' ? 'primary' : 'default'} onClick={() => setParam('code', row.latest.code)}>
          {bureau && row.latest.status === 'submitted' ? t('审核', 'Review') : t('查看', 'Open')}
        </Button>
      ),
    },
  ]

  const tabs = [
    ...(bureau ? [{ key: 'review', label: <Badge count={counts.submitted} offset={[12, 0]} size="small">{t('待审核', 'To review')}</Badge> }] : []),
    {
      key: 'open',
      label: (
        <Badge count={counts.draft + counts.returned} offset={[12, 0]} size="small" color="orange">
          {bureau ? t('草稿与退回', 'Drafts and returns') : t('待提交（草稿、退回）', 'To submit (drafts, returns)')}
        </Badge>
      ),
    },
    { key: 'all', label: t(`全部（${rows.length}）`, `All (${rows.length})`) },
  ]

  return (
    <Page>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('目录编制与审核', 'Catalog compilation and review')}</Typography.Title>
          <Typography.Text type="secondary">
            {bureau
              ? t('行业主管部门编制、市数政局审核；审核通过即发布至统一目录（第七条）。提交人不得审核本人提交的条目。', 'Sector authorities compile, the bureau reviews; approval publishes in the city catalog (art. 7). Nobody reviews what they submitted.')
              : t('编制本行业公共数据资源目录，提交市数政局审核（第七条）。', "Compile your sector's catalog entries and submit them to the bureau (art. 7).")}
          </Typography.Text>
        </div>
        {canCompile(me) ? (
          <Link to="/catalog/compile">
            <Button type="primary" icon={<PlusOutlined />} data-testid="entries-compile-new">{t('编制新条目', 'Compile a new entry')}</Button>
          </Link>
        ) : null}
      </Space>
      <ServerError error={entries.error} />
      <Card size="small">
        <Tabs activeKey={tab} onChange={(key) => setParam('tab', key)} items={tabs} />
        <Table<EntryRow>
          rowKey={(row) => row.latest.code}
          loading={entries.loading}
          columns={columns}
          dataSource={shown}
          pagination={shown.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 1000 }}
          data-testid="entries-table"
          locale={{ emptyText: tab === 'review' ? t('没有待审核的条目', 'Nothing to review') : t('暂无', 'None') }}
        />
      </Card>
      <EntryDrawer
        versions={openCode ? rows.find((row) => row.latest.code === openCode)?.versions : undefined}
        orgName={orgName}
        onClose={() => setParam('code', null)}
        onChanged={entries.reload}
      />
    </Page>
  )
}
