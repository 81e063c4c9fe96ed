import { CheckCircleOutlined, CloseCircleOutlined, DeleteOutlined, InboxOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Modal, Result, Select, Space, Spin, Statistic, Row, Col, Table, Tag, Typography, Upload } from 'antd'
import type { UploadFile } from 'antd'
import { useState } from 'react'
import { api, post } from '../../api.ts'
import { formatNumber, formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { importStatusLabel } from './common.tsx'
import { PlanEditor } from './PlanEditor.tsx'
import type { DeidPlan, Import, ImportAssessment, Workspace } from './types.ts'

const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/
const UPLOAD_LIMIT = 50 * 1024 * 1024

/** What StatusTag colours: imports say `planned` and `scanned`, which it does not know. */
function importTagStatus(status: Import['status']): string {
  return { scanned: 'draft', planned: 'ready', submitted: 'submitted', returned: 'returned', approved: 'approved', destroyed: 'destroyed' }[status]
}

/**
 * Social data brought into the workspace (社会数据导入, art. 20): upload, the scan of its
 * identifiers, the de-identification plan and its assessment, submission to the office; a
 * withdrawn or rejected import is destroyed.
 */
export function ImportsPanel({ workspace, readOnly }: { workspace: Workspace; readOnly: boolean }) {
  const t = useT()
  const imports = useGet<{ imports: Import[] }>(`/api/v1/workspaces/${workspace.id}/imports`)
  const [uploading, setUploading] = useState(false)
  const [openId, setOpenId] = useState<string | null>(null)

  return (
    <Card
      size="small"
      title={t('社会数据导入', 'Imports of social data')}
      extra={
        readOnly ? null : (
          <Button type="primary" icon={<UploadOutlined />} onClick={() => setUploading(true)} data-testid="upload-import" disabled={workspace.status !== 'open'}>
            {t('上传数据', 'Upload data')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t(
          '依法取得的社会数据可导入工作空间与公共数据融合（第二十条）：上传后自动扫描身份证号、手机号、姓名等标识；按去标识化方案逐列处理并评估 k 匿名；经协调机制办公室批准后才能在查询中使用。撤回或被驳回的导入连同密钥一并销毁。',
          'Lawfully obtained social data may be imported to combine with public data (art. 20): the upload is scanned for identifiers (ID numbers, mobiles, names…), de-identified column by column and assessed for k-anonymity, and usable in queries only once the coordination office approves. A withdrawn or rejected import is destroyed with its keys.',
        )}
      </Typography.Paragraph>
      <ServerError error={imports.error} />
      <Table<Import>
        data-testid="imports-table"
        size="small"
        rowKey="id"
        loading={imports.loading}
        dataSource={imports.data?.imports ?? []}
        pagination={false}
        onRow={(i) => ({ onClick: () => setOpenId(i.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('表名', 'Table'), dataIndex: 'table', render: (name: string) => <Typography.Link>{name}</Typography.Link> },
          { title: t('文件', 'File'), dataIndex: 'fileName' },
          { title: t('记录数', 'Rows'), dataIndex: 'rows', render: (n: number) => formatNumber(n) },
          { title: t('提供方', 'Provider'), key: 'provider', render: (_, i) => i.source.provider },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (s: Import['status']) => <StatusTag status={importTagStatus(s)}>{importStatusLabel(s, t)}</StatusTag> },
          { title: t('评估', 'Assessment'), key: 'passes', render: (_, i) => (i.assessment && i.status !== 'destroyed' ? (i.assessment.passes ? <Tag color="green">{t('通过', 'passes')}</Tag> : <Tag color="red">{t('未通过', 'fails')}</Tag>) : '—') },
          { title: t('上传时间', 'Uploaded'), dataIndex: 'createdAt', render: formatTime },
        ]}
      />
      {uploading ? (
        <UploadModal
          workspace={workspace}
          onClose={() => setUploading(false)}
          onUploaded={(created) => {
            setUploading(false)
            void imports.reload()
            setOpenId(created.id)
          }}
        />
      ) : null}
      <ImportDrawer id={openId} readOnly={readOnly} onClose={() => setOpenId(null)} onChanged={() => void imports.reload()} />
    </Card>
  )
}

interface UploadForm {
  table: string
  provider: string
  providerKind: 'enterprise' | 'organization' | 'individual'
  legalBasis: string
  description: string
  file: UploadFile[]
}

function UploadModal({ workspace, onClose, onUploaded }: { workspace: Workspace; onClose: () => void; onUploaded: (created: Import) => void }) {
  const t = useT()
  const [form] = Form.useForm<UploadForm>()
  const upload = useAction((values: UploadForm) => {
    // The fields first, then the file: the server reads them in that order.
    const body = new FormData()
    body.append('table', values.table)
    body.append('provider', values.provider)
    body.append('providerKind', values.providerKind)
    body.append('legalBasis', values.legalBasis)
    body.append('description', values.description)
    body.append('file', values.file[0]!.originFileObj as Blob, values.file[0]!.name)
    return api<Import>('POST', `/api/v1/workspaces/${workspace.id}/imports`, { body })
  })
  const required = { required: true, whitespace: true, message: t('必填', 'required') }
  return (
    <Modal
      open
      width={720}
      title={t('上传社会数据', 'Upload social data')}
      onCancel={onClose}
      okText={t('上传并扫描', 'Upload and scan')}
      okButtonProps={{ loading: upload.running }}
      onOk={() =>
        void form.validateFields().then(async (values) => {
          const created = await upload.run(values)
          if (created) onUploaded(created)
        }, () => undefined)
      }
    >
      <Form<UploadForm> form={form} layout="vertical" initialValues={{ providerKind: 'enterprise' }}>
        <Form.Item name="table" label={t('导入后的表名', 'Table name in the workspace')} rules={[required, { pattern: TABLE_NAME, message: t('小写字母开头的 snake_case，如 bank_loans', 'snake_case, e.g. bank_loans') }]}>
          <Input placeholder="bank_loans" data-testid="import-table" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="provider" label={t('数据提供方', 'Provider')} rules={[required, { max: 200 }]} style={{ flex: 2 }}>
            <Input data-testid="import-provider" />
          </Form.Item>
          <Form.Item name="providerKind" label={t('提供方类型', 'Provider kind')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={[{ value: 'enterprise', label: t('企业', 'enterprise') }, { value: 'organization', label: t('社会组织', 'organization') }, { value: 'individual', label: t('个人', 'individual') }]} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="legalBasis" label={t('合法来源与依据', 'Legal basis')} rules={[required, { max: 1000 }]} extra={t('第二十条：导入的须为依法取得、权属清晰的数据，写明依据（如合同、授权书）。', 'Art. 20: imported data must be lawfully obtained; name the basis (a contract, a consent…).')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} data-testid="import-legal-basis" />
        </Form.Item>
        <Form.Item name="description" label={t('数据说明', 'Description')} rules={[required, { max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} data-testid="import-description" />
        </Form.Item>
        <Form.Item
          name="file"
          label={t('文件（CSV 带表头或 JSON Lines，UTF-8，≤ 50 MB）', 'File (CSV with a header or JSON Lines, UTF-8, ≤ 50 MB)')}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
          rules={[
            { required: true, type: 'array', min: 1, message: t('请选择文件', 'Choose a file') },
            {
              validator: async (_, files: UploadFile[] | undefined) => {
                const file = files?.[0]
                if (!file) return
                if (!/\.(csv|jsonl|ndjson)$/i.test(file.name)) throw new Error(t('文件名须以 .csv、.jsonl 或 .ndjson 结尾', 'Name it .csv, .jsonl or .ndjson'))
                if ((file.size ?? 0) > UPLOAD_LIMIT) throw new Error(t('文件超过 50 MB', 'The file exceeds 50 MB'))
              },
            },
          ]}
        >
          <Upload.Dragger beforeUpload={() => false} maxCount={1} accept=".csv,.jsonl,.ndjson" data-testid="import-file">
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('点击或拖入文件', 'Click or drop a file')}</p>
          </Upload.Dragger>
        </Form.Item>
      </Form>
      <ServerError error={upload.error} />
    </Modal>
  )
}

function AssessmentView({ assessment }: { assessment: ImportAssessment }) {
  const t = useT()
  const k = assessment.kAnonymity
  return (
    <div data-testid="import-assessment">
      <Alert
        type={assessment.passes ? 'success' : 'error'}
        showIcon
        icon={assessment.passes ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
        message={assessment.passes ? t('去标识化评估通过：可以提交办公室审批', 'The de-identification passes: it can go to the office') : t('去标识化评估未通过：调整方案后再应用', 'The de-identification fails: adjust the plan and apply it again')}
        description={assessment.problems.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{assessment.problems.map((p) => <li key={p}>{p}</li>)}</ul> : undefined}
        style={{ marginBottom: 12 }}
      />
      <Row gutter={16}>
        <Col span={6}><Statistic title={t('k 匿名', 'k-anonymous')} value={k.anonymous ? t('是', 'yes') : t('否', 'no')} valueStyle={{ color: k.anonymous ? '#389e0d' : '#cf1322' }} /></Col>
        <Col span={6}><Statistic title={t('最小等价类', 'Smallest class')} value={k.minClassSize} /></Col>
        <Col span={6}><Statistic title={t('等价类数', 'Classes')} value={k.classes} /></Col>
        <Col span={6}><Statistic title={t('删除的记录', 'Records suppressed')} value={k.suppressed} suffix={`/ ${k.rows}`} /></Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t(
          `按准标识符分组后，每组至少要有 k 条记录；小于 k 的组（${k.outliers} 条记录）在不超过删除比例时被删除。去标识化后保留 ${assessment.rows} 条记录，平均每组 ${formatNumber(k.averageClassSize, 1)} 条。`,
          `Grouped by the quasi-identifiers, every class needs at least k records; classes below k (${k.outliers} records) are suppressed within the limit. ${assessment.rows} records remain, ${formatNumber(k.averageClassSize, 1)} per class on average.`,
        )}
      </Typography.Paragraph>
      {assessment.residual.length > 0 ? (
        <Alert
          type="error"
          showIcon
          message={t('复扫仍发现个人标识', 'The rescan still finds personal identifiers')}
          description={assessment.residual.map((r) => `${r.column}: ${r.findings.map((f) => `${f.type} ${Math.round(f.share * 100)}%`).join(', ')}`).join('；')}
        />
      ) : (
        <Typography.Text type="success">{t('复扫未发现残留的个人标识。', 'The rescan finds no residual personal identifier.')}</Typography.Text>
      )}
    </div>
  )
}

function ImportDrawer({ id, readOnly, onClose, onChanged }: { id: string | null; readOnly: boolean; onClose: () => void; onChanged: () => void }) {
  const t = useT()
  const loaded = useGet<Import>(id ? `/api/v1/imports/${id}` : null)
  const policy = useGet<{ pack: { params: { importMinK: number } } }>('/api/v1/policy')
  const minK = policy.data?.pack.params.importMinK ?? 5
  const [withdrawing, setWithdrawing] = useState(false)
  const apply = useAction((plan: DeidPlan) => api<Import>('PUT', `/api/v1/imports/${id}/plan`, { body: plan }))
  const submit = useAction(() => post<Import>(`/api/v1/imports/${id}/submit`))
  const imp = id && loaded.data?.id === id ? loaded.data : undefined
  const after = async () => {
    await loaded.reload()
    onChanged()
  }
  const editable = !readOnly && imp !== undefined && ['scanned', 'planned', 'returned'].includes(imp.status)

  return (
    <Drawer open={id !== null} onClose={onClose} width={1000} title={imp ? `${imp.table} · ${imp.fileName}` : t('导入', 'Import')} destroyOnHidden>
      <ServerError error={loaded.error} />
      {!imp ? (
        <Spin />
      ) : imp.status === 'destroyed' ? (
        <Result
          status="info"
          title={t('已销毁', 'Destroyed')}
          subTitle={imp.destruction ? t(`${formatTime(imp.destruction.at)}：${imp.destruction.reason}。加密文件已删除，密钥已销毁。`, `${formatTime(imp.destruction.at)}: ${imp.destruction.reason}. Encrypted files deleted, keys destroyed.`) : undefined}
          extra={imp.destruction ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{imp.destruction.files.map((f) => `${f.part} ${f.hash.slice(0, 16)}…`).join(' · ')}</Typography.Text> : null}
        />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="import-detail">
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('状态', 'Status')}><StatusTag status={importTagStatus(imp.status)}>{importStatusLabel(imp.status, t)}</StatusTag></Descriptions.Item>
            <Descriptions.Item label={t('记录数', 'Rows')}>{formatNumber(imp.rows)}</Descriptions.Item>
            <Descriptions.Item label={t('提供方', 'Provider')}>{imp.source.provider}（{imp.source.providerKind}）</Descriptions.Item>
            <Descriptions.Item label={t('上传时间', 'Uploaded')}>{formatTime(imp.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('合法依据', 'Legal basis')} span={2}>{imp.source.legalBasis}</Descriptions.Item>
            <Descriptions.Item label={t('说明', 'Description')} span={2}>{imp.source.description}</Descriptions.Item>
          </Descriptions>
          {imp.decision ? (
            <Alert
              type={imp.status === 'approved' ? 'success' : 'warning'}
              showIcon
              message={imp.status === 'approved' ? t('办公室已批准：可以在查询中使用这张表', 'Approved by the office: the table can be queried') : t('办公室退回：请按意见修改方案', 'Returned by the office: revise the plan')}
              description={`${formatTime(imp.decision.at)} · ${imp.decision.note}`}
            />
          ) : null}
          <Card size="small" title={t('去标识化方案', 'De-identification plan')} extra={imp.planSet ? null : <Tag color="blue">{t('扫描给出的建议方案', 'proposed by the scan')}</Tag>}>
            <PlanEditor
              key={`${imp.id}:${imp.status}`}
              imp={imp}
              minK={minK}
              disabled={!editable}
              applying={apply.running}
              onApply={async (plan) => {
                if (await apply.run(plan)) await after()
              }}
            />
            <ServerError error={apply.error} style={{ marginTop: 12 }} />
          </Card>
          {imp.assessment ? (
            <Card size="small" title={t('评估结果', 'Assessment')}>
              <AssessmentView assessment={imp.assessment} />
            </Card>
          ) : null}
          <ServerError error={submit.error} />
          {!readOnly ? (
            <Space>
              {imp.status === 'planned' ? (
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  disabled={!imp.assessment?.passes}
                  loading={submit.running}
                  data-testid="submit-import"
                  onClick={async () => {
                    if (await submit.run()) await after()
                  }}
                >
                  {t('提交办公室审批', 'Submit to the office')}
                </Button>
              ) : null}
              <Button danger icon={<DeleteOutlined />} onClick={() => setWithdrawing(true)} data-testid="withdraw-import">
                {t('撤回并销毁', 'Withdraw and destroy')}
              </Button>
            </Space>
          ) : null}
        </Space>
      )}
      {withdrawing && id ? (
        <WithdrawModal
          id={id}
          onClose={() => setWithdrawing(false)}
          onDone={async () => {
            setWithdrawing(false)
            await after()
          }}
        />
      ) : null}
    </Drawer>
  )
}

function WithdrawModal({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: () => void }) {
  const t = useT()
  const [form] = Form.useForm<{ reason: string }>()
  const withdraw = useAction((reason: string) => post<Import>(`/api/v1/imports/${id}/withdrawal`, { reason }))
  return (
    <Modal
      open
      title={t('撤回导入', 'Withdraw the import')}
      onCancel={onClose}
      okText={t('撤回并销毁', 'Withdraw and destroy')}
      okButtonProps={{ danger: true, loading: withdraw.running }}
      onOk={() =>
        void form.validateFields().then(async ({ reason }) => {
          if (await withdraw.run(reason)) onDone()
        }, () => undefined)
      }
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('撤回不可恢复：加密文件删除、密钥销毁。', 'This cannot be undone: encrypted files are deleted and keys destroyed.')} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('原因', 'Reason')} rules={[{ required: true, whitespace: true, message: t('请说明原因', 'Give a reason') }, { max: 1000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
      <ServerError error={withdraw.error} />
    </Modal>
  )
}
