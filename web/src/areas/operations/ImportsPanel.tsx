import { CheckOutlined, DeleteOutlined, RollbackOutlined } from '@ant-design/icons'
import type { EChartsOption } from 'echarts'
import { Alert, Card, Col, Descriptions, Drawer, Form, Input, Result, Row, Space, Spin, Table, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ActionButton } from './ActionModal.tsx'
import { IMPORT_STATUS, MASKING_OPERATOR, PROVIDER_KIND, Status, useWords } from './labels.tsx'
import { describeOperator } from './masking.ts'
import type { ColumnAction, ColumnScan, Import } from './types.ts'

/** The imports of social data into a workspace (art. 20), newest first; one opens in a drawer. */
export function ImportsPanel({
  imports,
  loading,
  error,
  openId,
  onOpen,
  onChanged,
}: {
  imports: readonly Import[]
  loading: boolean
  error: unknown
  openId: string | null
  onOpen(id: string | null): void
  onChanged(): void
}) {
  const t = useT()
  const words = useWords()
  const rows = [...imports].sort((a, b) => (a.status === 'submitted' ? -1 : 0) - (b.status === 'submitted' ? -1 : 0) || b.createdAt.localeCompare(a.createdAt))
  return (
    <>
      <ServerError error={error} />
      <Table<Import>
        size="small"
        rowKey="id"
        data-testid="imports-table"
        loading={loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('没有社会数据导入', 'No imports of social data') }}
        onRow={(i) => ({ onClick: () => onOpen(i.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('导入', 'Import'), dataIndex: 'id', render: (id: string, i) => <a onClick={() => onOpen(id)}>{i.table}</a> },
          { title: t('提供方', 'Provider'), render: (_, i) => `${i.source.provider}（${words(PROVIDER_KIND, i.source.providerKind)}）` },
          { title: t('文件', 'File'), dataIndex: 'fileName' },
          { title: t('行数', 'Rows'), dataIndex: 'rows', render: (n: number) => formatNumber(n) },
          { title: t('检查', 'Checks'), render: (_, i) => (i.assessment ? <Tag color={i.assessment.passes ? 'green' : 'red'}>{i.assessment.passes ? t('通过', 'pass') : t('未通过', 'fail')}</Tag> : '—') },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Status table={IMPORT_STATUS} status={s} /> },
          { title: t('提交时间', 'Submitted'), dataIndex: 'submittedAt', render: formatTime },
        ]}
      />
      <ImportDrawer id={openId} onClose={() => onOpen(null)} onDecided={onChanged} />
    </>
  )
}

function ImportDrawer({ id, onClose, onDecided }: { id: string | null; onClose(): void; onDecided(): void }) {
  const t = useT()
  return (
    <Drawer open={id !== null} onClose={onClose} width={960} title={t('社会数据导入审核（第二十条）', 'Import of social data (art. 20)')} destroyOnHidden>
      {id ? <ImportDetail id={id} onDecided={onDecided} /> : null}
    </Drawer>
  )
}

/** One import as the office reviews it: source and legal basis, the scan, the plan, the checks; and the decision. */
export function ImportDetail({ id, onDecided }: { id: string; onDecided?: () => void }) {
  const t = useT()
  const words = useWords()
  const me = useMe()
  const item = useGet<Import>(`/api/v1/imports/${id}`)
  const k = item.data?.assessment?.kAnonymity
  const histogram = useMemo<EChartsOption | null>(
    () =>
      k?.histogram?.length
        ? {
            tooltip: { trigger: 'axis' },
            grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
            xAxis: { type: 'category', name: t('等价类大小', 'class size'), data: k.histogram.map((h) => String(h.size)) },
            yAxis: { type: 'value', name: t('类数', 'classes') },
            series: [{ type: 'bar', data: k.histogram.map((h) => h.classes), itemStyle: { color: '#1d5fbf' } }],
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [k],
  )
  if (item.loading && !item.data) return <Spin style={{ display: 'block', margin: 32 }} />
  if (!item.data) return <Result status="404" subTitle={<ServerError error={item.error} />} />
  const i = item.data
  const done = () => {
    void item.reload()
    onDecided?.()
  }
  const a = i.assessment

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="import-detail">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {i.table}
          </Typography.Title>
          <Status table={IMPORT_STATUS} status={i.status} />
          <Typography.Text type="secondary">{i.id}</Typography.Text>
        </Space>
        {i.status === 'submitted' && me.organization.kind === 'office' ? <DecisionButtons item={i} onDone={done} /> : null}
      </Space>
      {i.decision ? (
        <Alert type={i.status === 'approved' ? 'success' : 'warning'} showIcon message={`${t('办公室决定', 'Office decision')} · ${formatTime(i.decision.at)}`} description={i.decision.note} />
      ) : null}
      {i.destruction ? (
        <Alert
          type="error"
          showIcon
          message={`${t('已销毁', 'Destroyed')} · ${formatTime(i.destruction.at)}`}
          description={
            <>
              {i.destruction.reason}
              <div>
                {t('密钥', 'Keys')}: {i.destruction.keys.join(', ')}
              </div>
            </>
          }
        />
      ) : null}
      <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} title={t('来源（依法主动开放的数据）', 'Source (lawfully opened data)')}>
        <Descriptions.Item label={t('提供方', 'Provider')}>{i.source.provider}</Descriptions.Item>
        <Descriptions.Item label={t('类型', 'Kind')}>{words(PROVIDER_KIND, i.source.providerKind)}</Descriptions.Item>
        <Descriptions.Item label={t('法律依据', 'Legal basis')} span={2}>
          {i.source.legalBasis}
        </Descriptions.Item>
        <Descriptions.Item label={t('数据说明', 'Description')} span={2}>
          {i.source.description}
        </Descriptions.Item>
        <Descriptions.Item label={t('文件', 'File')}>{i.fileName}</Descriptions.Item>
        <Descriptions.Item label={t('行数', 'Rows')}>{formatNumber(i.rows)}</Descriptions.Item>
        <Descriptions.Item label={t('上传', 'Uploaded')}>{formatTime(i.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('提交', 'Submitted')}>{formatTime(i.submittedAt)}</Descriptions.Item>
      </Descriptions>

      <Card size="small" title={t('扫描与去标识化方案', 'Scan and de-identification plan')}>
        <Table
          size="small"
          rowKey="name"
          pagination={false}
          data-testid="import-plan-table"
          dataSource={i.columns.map((c) => ({ ...c, scan: i.scan.find((s) => s.column === c.name), action: i.plan.columns[c.name], residual: a?.residual.find((r) => r.column === c.name) }))}
          columns={[
            { title: t('列', 'Column'), dataIndex: 'name', render: (n: string) => <Typography.Text code>{n}</Typography.Text> },
            { title: t('类型', 'Kind'), dataIndex: 'kind' },
            { title: t('扫描发现', 'Found'), render: (_, c) => <Findings scan={c.scan} /> },
            { title: t('处理', 'Action'), render: (_, c) => <ActionTag action={c.action} words={(code) => words(MASKING_OPERATOR, code)} /> },
            {
              title: t('准标识 / 标识', 'Quasi / identifier'),
              render: (_, c) => (
                <>
                  {i.plan.quasiIdentifiers.includes(c.name) ? <Tag color="purple">{t('准标识', 'quasi-id')}</Tag> : null}
                  {i.plan.identifiers.includes(c.name) ? <Tag color="geekblue">{t('标识', 'identifier')}</Tag> : null}
                </>
              ),
            },
            { title: t('复扫残留', 'Residual'), render: (_, c) => (c.residual ? <Findings scan={c.residual} /> : a ? <Tag color="green">{t('无', 'none')}</Tag> : '—') },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t(`k = ${i.plan.k}，最多隐匿 ${formatNumber(i.plan.suppressionLimit * 100, 1)}% 的记录`, `k = ${i.plan.k}, at most ${formatNumber(i.plan.suppressionLimit * 100, 1)}% of records suppressed`)}
          {i.planSet ? '' : t('（扫描建议的方案，开发主体尚未确认）', ' (the scan’s proposal, not yet set by the developer)')}
        </Typography.Paragraph>
      </Card>

      <Card size="small" title={t('合规检查', 'Checks')} extra={a ? <Tag color={a.passes ? 'green' : 'red'}>{a.passes ? t('通过', 'pass') : t('未通过', 'fail')}</Tag> : null} data-testid="import-checks">
        {!a ? (
          <Typography.Text type="secondary">{t('尚未去标识化，无检查结果', 'Not de-identified yet: no checks')}</Typography.Text>
        ) : (
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              {a.problems.length ? (
                <Alert type="error" showIcon style={{ marginBottom: 8 }} message={t('问题', 'Problems')} description={a.problems.map((p) => <div key={p}>· {p}</div>)} />
              ) : null}
              {k ? (
                <Descriptions size="small" column={1} bordered title={t('k-匿名', 'k-anonymity')}>
                  <Descriptions.Item label={t('是否满足', 'Anonymous')}>{k.anonymous ? <Tag color="green">{t('满足', 'yes')}</Tag> : <Tag color="red">{t('不满足', 'no')}</Tag>}</Descriptions.Item>
                  <Descriptions.Item label={t('等价类', 'Classes')}>{formatNumber(k.classes)}</Descriptions.Item>
                  <Descriptions.Item label={t('最小 / 平均 / 最大类', 'Min / avg / max class')}>
                    {k.minClassSize} / {formatNumber(k.averageClassSize, 1)} / {k.maxClassSize}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('离群记录', 'Outliers')}>{formatNumber(k.outliers)}</Descriptions.Item>
                  <Descriptions.Item label={t('隐匿记录', 'Suppressed')}>
                    {formatNumber(k.suppressed)}（{formatNumber(k.suppressedShare * 100, 1)}%）
                  </Descriptions.Item>
                </Descriptions>
              ) : null}
            </Col>
            <Col xs={24} lg={12}>{histogram ? <Chart option={histogram} height={240} testId="import-class-histogram" /> : null}</Col>
          </Row>
        )}
      </Card>
    </Space>
  )
}

function Findings({ scan }: { scan: ColumnScan | undefined }) {
  if (!scan || scan.findings.length === 0) return <>—</>
  return (
    <>
      {scan.findings.map((f) => (
        <Tag key={f.type} color={f.personal ? 'red' : 'default'}>
          {f.type} {Math.round(f.share * 100)}%
        </Tag>
      ))}
    </>
  )
}

function ActionTag({ action, words }: { action: ColumnAction | undefined; words: (code: string) => string }) {
  const t = useT()
  if (!action) return <Tag color="red">{t('未决定', 'undecided')}</Tag>
  if (action.action === 'keep') return <Tag>{t('保留', 'keep')}</Tag>
  if (action.action === 'drop') return <Tag color="default">{t('删除', 'drop')}</Tag>
  return <Tag color="blue" title={describeOperator(action.operator)}>{words(action.operator.kind)}</Tag>
}

function DecisionButtons({ item, onDone }: { item: Import; onDone(): void }) {
  const t = useT()
  const decide = (decision: 'approve' | 'return' | 'reject') => (values: { note: string }) => post<Import>(`/api/v1/imports/${item.id}/decision`, { decision, note: values.note })
  const note = (
    <Form.Item name="note" label={t('审核意见', 'Note')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
      <Input.TextArea rows={3} showCount maxLength={2000} />
    </Form.Item>
  )
  return (
    <Space wrap>
      <ActionButton<{ note: string }, Import>
        label={t('同意导入', 'Approve')}
        icon={<CheckOutlined />}
        buttonType="primary"
        title={t('同意导入', 'Approve the import')}
        consequence={t('平台将再次复扫并检查 k-匿名，通过后数据进入工作区可供查询；原始上传文件的密钥随即销毁。', 'The platform rescans and checks k-anonymity again; then the data becomes queryable in the workspace and the raw upload’s key is destroyed.')}
        okText={t('同意', 'Approve')}
        testId="import-approve"
        onSubmit={decide('approve')}
        onDone={onDone}
      >
        {note}
      </ActionButton>
      <ActionButton<{ note: string }, Import>
        label={t('退回', 'Return')}
        icon={<RollbackOutlined />}
        title={t('退回开发主体继续去标识化', 'Return for more de-identification')}
        consequence={t('开发主体修改去标识化方案后可再次提交。', 'The developer changes the plan and submits again.')}
        okText={t('退回', 'Return')}
        testId="import-return"
        onSubmit={decide('return')}
        onDone={onDone}
      >
        {note}
      </ActionButton>
      <ActionButton<{ note: string }, Import>
        label={t('不同意', 'Reject')}
        icon={<DeleteOutlined />}
        danger
        title={t('不同意导入', 'Reject the import')}
        consequence={t('不同意即销毁：该导入的密钥立即销毁、文件删除，不可恢复。', 'Rejection destroys it: its keys are destroyed and its files deleted, irreversibly.')}
        okText={t('不同意并销毁', 'Reject and destroy')}
        testId="import-reject"
        onSubmit={decide('reject')}
        onDone={onDone}
      >
        {note}
      </ActionButton>
    </Space>
  )
}
