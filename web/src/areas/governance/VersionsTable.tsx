import { Button, Progress, Space, Table, Tooltip, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { Link } from 'react-router-dom'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useT } from '../../i18n.tsx'
import { SOURCE_KIND_LABELS, useLabel } from './labels.ts'
import { formatBytes } from './pool.ts'
import { PublishButton } from './PublishButton.tsx'
import { VersionStatusTag } from './tags.tsx'
import type { PoolVersion } from './types.ts'

/** The versions of one resource, newest first, each with its quality at a glance. */
export function VersionsTable({ versions, loading, canPublish, onChanged }: { versions: readonly PoolVersion[]; loading: boolean; canPublish: boolean; onChanged(): Promise<void> }) {
  const t = useT()
  const label = useLabel()
  const columns: ColumnsType<PoolVersion> = [
    { title: t('版本', 'Version'), dataIndex: 'versionNo', render: (v: number, row) => <Link to={`/pool/versions/${row.id}`}>v{v}</Link> },
    { title: t('状态', 'Status'), dataIndex: 'status', render: (v: PoolVersion['status']) => <VersionStatusTag status={v} /> },
    {
      title: t('来源', 'Source'),
      key: 'source',
      render: (_, v) => (
        <Space direction="vertical" size={0}>
          <Typography.Text ellipsis={{ tooltip: v.sourceName }} style={{ maxWidth: 240 }}>{v.sourceName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {label(SOURCE_KIND_LABELS, v.sourceKind)} · {v.sourceFormat} · {formatBytes(v.bytes)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('读入', 'Read'), key: 'read', align: 'right', render: (_, v) => formatNumber(v.rows.read) },
    { title: t('入池', 'Loaded'), key: 'loaded', align: 'right', render: (_, v) => formatNumber(v.rows.loaded) },
    {
      title: t('隔离', 'Quarantined'),
      key: 'quarantined',
      align: 'right',
      render: (_, v) => (v.rows.quarantined ? <Typography.Text type="danger">{formatNumber(v.rows.quarantined)}</Typography.Text> : '0'),
    },
    {
      title: t('入池率', 'Score'),
      key: 'score',
      width: 140,
      render: (_, v) => (
        <Tooltip title={t('通过校验的行占读入行的比例', 'Share of rows read that passed the checks')}>
          <Progress percent={Math.round(v.quality.score * 1000) / 10} size="small" status={v.quality.score < 0.95 ? 'exception' : 'normal'} />
        </Tooltip>
      ),
    },
    { title: t('加载时间', 'Loaded at'), dataIndex: 'loadedAt', render: (v: string) => formatTime(v) },
    {
      title: '',
      key: 'actions',
      render: (_, v) => (
        <Space>
          <Link to={`/pool/versions/${v.id}`}>
            <Button size="small" data-testid={`version-open-${v.id}`}>{t('质量报告', 'Quality report')}</Button>
          </Link>
          {canPublish && v.status === 'held' ? <PublishButton version={v} onDone={onChanged} /> : null}
        </Space>
      ),
    },
  ]
  return (
    <Table<PoolVersion>
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={[...versions]}
      pagination={versions.length > 10 ? { pageSize: 10 } : false}
      scroll={{ x: 1000 }}
      data-testid="pool-versions-table"
    />
  )
}
