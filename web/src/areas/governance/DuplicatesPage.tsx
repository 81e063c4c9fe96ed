import { App, Button, Card, Form, Input, Modal, Progress, Radio, Segmented, Select, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { isBureau } from './access.ts'
import { RESOLUTION_LABELS, useLabel, useOptions } from './labels.ts'
import { useOrgNames } from './orgs.tsx'
import type { DuplicateCandidate, FieldRef, Resolution } from './types.ts'
import { Page } from './Page.tsx'
import { useValidateMessages } from './validate-messages.ts'

interface ResolveForm {
  resolution: Resolution
  responsibleOrgId?: string
  note: string
}

const pairKey = (c: DuplicateCandidate) => `${c.a.resource}.${c.a.field}|${c.b.resource}.${c.b.field}`

/** The server's reasons (collection.service.ts) in the reader's language. */
function useReason(): (reason: string) => string {
  const t = useT()
  return (reason) => {
    if (reason === 'same field name') return t('字段名相同', 'Same field name')
    if (reason === 'same title') return t('信息项名称相同', 'Same title')
    if (reason === 'same data item under another name') return t('同一数据项（名称不同）', 'Same item under another name')
    const type = /^same type \((.+)\)$/.exec(reason)
    if (type) return t(`类型相同（${type[1]}）`, reason)
    const overlap = /^(\d+)% of sampled values overlap$/.exec(reason)
    if (overlap) return t(`抽样值重合 ${overlap[1]}%`, reason)
    return reason
  }
}

/** 重复采集: fields that look collected by more than one unit; the bureau decides (art. 8). */
export default function DuplicatesPage() {
  const t = useT()
  const me = useMe()
  const label = useLabel()
  const reason = useReason()
  const { message } = App.useApp()
  const orgName = useOrgNames()
  const list = useGet<{ candidates: DuplicateCandidate[] }>('/api/v1/catalog/duplicates')
  const [filter, setFilter] = useState<'open' | 'resolved' | 'all'>('open')
  const [resolving, setResolving] = useState<DuplicateCandidate | null>(null)
  const candidates = list.data?.candidates ?? []
  const open = candidates.filter((c) => !c.resolution)
  const shown = filter === 'open' ? open : filter === 'resolved' ? candidates.filter((c) => c.resolution) : candidates

  const fieldCell = (f: FieldRef) => (
    <Space direction="vertical" size={0}>
      <span>
        <Typography.Text strong>{f.title}</Typography.Text> <Typography.Text code>{f.field}</Typography.Text>
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <Link to={`/catalog/resources/${encodeURIComponent(f.resource)}`}>{f.resource}</Link> · {orgName(f.collectingOrgId)}
      </Typography.Text>
    </Space>
  )

  const columns: ColumnsType<DuplicateCandidate> = [
    { title: t('信息项 A', 'Field A'), key: 'a', render: (_, c) => fieldCell(c.a) },
    { title: t('信息项 B', 'Field B'), key: 'b', render: (_, c) => fieldCell(c.b) },
    {
      title: t('疑似依据', 'Why it looks duplicated'),
      key: 'reasons',
      render: (_, c) => (
        <Space size={[0, 4]} wrap>
          {c.reasons.map((r) => (
            <Tag key={r}>{reason(r)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('抽样值重合', 'Value overlap'),
      key: 'overlap',
      width: 150,
      sorter: (a, b) => (a.overlap ?? -1) - (b.overlap ?? -1),
      defaultSortOrder: 'descend',
      render: (_, c) => (c.overlap === null ? <Typography.Text type="secondary">{t('无数据', 'no data')}</Typography.Text> : <Progress percent={Math.round(c.overlap * 100)} size="small" />),
    },
    {
      title: t('裁定', 'Decision'),
      key: 'resolution',
      render: (_, c) =>
        c.resolution ? (
          <Space direction="vertical" size={0}>
            <Tag color={c.resolution.kind === 'duplicate' ? 'orange' : 'green'}>{label(RESOLUTION_LABELS, c.resolution.kind)}</Tag>
            {c.resolution.responsibleOrgId ? <span>{t('负责采集：', 'Collected by: ')}{orgName(c.resolution.responsibleOrgId)}</span> : null}
            <Typography.Text type="secondary" ellipsis={{ tooltip: c.resolution.note }} style={{ maxWidth: 220 }}>{c.resolution.note}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(c.resolution.resolvedAt)}</Typography.Text>
          </Space>
        ) : isBureau(me) ? (
          <Button
            size="small"
            type="primary"
            onClick={() => setResolving(c)}
            data-testid={`duplicate-resolve-${pairKey(c)}`}
          >
            {t('裁定', 'Decide')}
          </Button>
        ) : (
          <Tag color="blue">{t('待裁定', 'Open')}</Tag>
        ),
    },
  ]

  return (
    <Page>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('重复采集核查', 'Duplicate collection')}</Typography.Title>
        <Typography.Text type="secondary">
          {t(
            '同一数据项原则上由一个单位采集（第八条）。平台按字段名、信息项名称、类型和抽样值重合找出疑似重复，由市数政局裁定：关联引用，或重复采集并确定唯一负责采集单位。',
            'One data item, one collecting unit (art. 8). The platform flags fields alike in name, title, type and sampled values; the bureau decides: a reference, or a duplicate with the one unit responsible from now on.',
          )}
        </Typography.Text>
      </div>
      <ServerError error={list.error} />
      <Card size="small">
        <Segmented
          style={{ marginBottom: 12 }}
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={[
            { value: 'open', label: t(`待裁定（${open.length}）`, `Open (${open.length})`) },
            { value: 'resolved', label: t(`已裁定（${candidates.length - open.length}）`, `Decided (${candidates.length - open.length})`) },
            { value: 'all', label: t('全部', 'All') },
          ]}
          data-testid="duplicates-filter"
        />
        <Table<DuplicateCandidate>
          rowKey={pairKey}
          loading={list.loading}
          columns={columns}
          dataSource={shown}
          pagination={shown.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 1000 }}
          data-testid="duplicates-table"
          locale={{ emptyText: filter === 'open' ? t('没有待裁定的疑似重复', 'Nothing to decide') : t('暂无', 'None') }}
        />
      </Card>
      <Modal
        open={resolving !== null}
        title={t('重复采集裁定（第八条）', 'Decide on duplicate collection (art. 8)')}
        onCancel={() => setResolving(null)}
        footer={null}
        destroyOnHidden
        width={640}
      >
        {resolving ? (
          <DecisionForm
            candidate={resolving}
            orgName={orgName}
            onCancel={() => setResolving(null)}
            onDone={async () => {
              message.success(t('裁定已记录', 'Decision recorded'))
              setResolving(null)
              await list.reload()
            }}
          />
        ) : null}
      </Modal>
    </Page>
  )
}

/** The bureau's decision on one pair: a reference, or a duplicate with its one responsible unit. */
function DecisionForm({
  candidate,
  orgName,
  onCancel,
  onDone,
}: {
  candidate: DuplicateCandidate
  orgName: (id: string) => string
  onCancel(): void
  onDone(): Promise<void>
}) {
  const t = useT()
  const options = useOptions()
  const [form] = Form.useForm<ResolveForm>()
  const validateMessages = useValidateMessages()
  const resolution = Form.useWatch('resolution', form)
  // The API answers 204: the action answers true so that success and refusal are told apart.
  const resolve = useAction(async (v: ResolveForm) => {
    await post<void>('/api/v1/catalog/duplicates/resolve', {
      a: `${candidate.a.resource}.${candidate.a.field}`,
      b: `${candidate.b.resource}.${candidate.b.field}`,
      resolution: v.resolution,
      ...(v.resolution === 'duplicate' && v.responsibleOrgId ? { responsibleOrgId: v.responsibleOrgId } : {}),
      note: v.note.trim(),
    })
    return true
  })

  return (
    <Form
      form={form}
      validateMessages={validateMessages}
      layout="vertical"
      initialValues={{ resolution: 'reference' }}
      onFinish={async (values: ResolveForm) => {
        if (await resolve.run(values)) await onDone()
      }}
    >
      <Typography.Paragraph>
        <Typography.Text code>{`${candidate.a.resource}.${candidate.a.field}`}</Typography.Text>（{orgName(candidate.a.collectingOrgId)}）
        {' ↔ '}
        <Typography.Text code>{`${candidate.b.resource}.${candidate.b.field}`}</Typography.Text>（{orgName(candidate.b.collectingOrgId)}）
      </Typography.Paragraph>
      <Form.Item name="resolution" label={t('裁定', 'Decision')} rules={[{ required: true }]}>
        <Radio.Group options={options(RESOLUTION_LABELS)} data-testid="duplicate-resolution" />
      </Form.Item>
      {resolution === 'duplicate' ? (
        <Form.Item name="responsibleOrgId" label={t('唯一负责采集单位', 'The one unit responsible')} rules={[{ required: true, message: t('重复采集须确定唯一负责采集单位', 'Name the one unit responsible') }]}>
          <Select
            options={[...new Set([candidate.a.collectingOrgId, candidate.b.collectingOrgId])].map((id) => ({ value: id, label: orgName(id) }))}
            data-testid="duplicate-responsible"
          />
        </Form.Item>
      ) : null}
      <Form.Item name="note" label={t('说明', 'Note')} rules={[{ required: true, whitespace: true }, { max: 1000 }]}>
        <Input.TextArea
          rows={3}
          data-testid="duplicate-note"
          placeholder={resolution === 'reference' ? t('如：以信用代码关联市场主体登记信息，非重复采集', 'e.g. holds the registry key to join on, not a second collection') : undefined}
        />
      </Form.Item>
      <ServerError error={resolve.error} />
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>{t('取消', 'Cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={resolve.running} data-testid="duplicate-submit">
          {t('记录裁定', 'Record decision')}
        </Button>
      </Space>
    </Form>
  )
}
