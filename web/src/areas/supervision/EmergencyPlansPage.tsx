import { FileAddOutlined, UploadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography, Upload } from 'antd'
import { useMemo, useState } from 'react'
import { put } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { filesEmergencyPlans, suspendsAgreements } from './access.ts'
import { OrgName, useOrgNames } from './orgs.tsx'
import type { Agreement, EmergencyPlan } from './types.ts'

const HASH = /^[0-9a-f]{64}$/

/**
 * 应急预案 (art. 13(1), 14(1)): the operator and every developer in force keep a plan on file; a
 * new filing is a new version. Overseers see who has none (also a supervision flag).
 */
export default function EmergencyPlansPage() {
  const t = useT()
  const me = useMe()
  const plans = useGet<{ plans: EmergencyPlan[] }>('/api/v1/emergency-plans')
  const overseer = me.organization.kind === 'regulator' || suspendsAgreements(me)
  const agreements = useGet<{ agreements: Agreement[] }>(overseer ? '/api/v1/agreements' : null)
  const { name: orgName } = useOrgNames()
  const [filing, setFiling] = useState(false)

  const missing = useMemo(() => {
    const planned = new Set((plans.data?.plans ?? []).map((p) => p.orgId))
    const parties = new Set((agreements.data?.agreements ?? []).filter((a) => a.status === 'active' || a.status === 'suspended').flatMap((a) => [a.operatorOrgId, a.developerOrgId]))
    return [...parties].filter((id) => !planned.has(id))
  }, [plans.data, agreements.data])

  return (
    <div data-testid="emergency-plans-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('应急预案', 'Emergency plans')}
        </Typography.Title>
        {filesEmergencyPlans(me) ? (
          <Button type="primary" icon={<FileAddOutlined />} onClick={() => setFiling(true)} data-testid="plan-file">
            {t('备案新版本', 'File a new version')}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary">
        {t(
          '一级开发运营主体和二级开发运营主体应制定并备案数据安全应急预案（第十三条第一款、第十四条第一款）。平台只保存文件摘要，原件由备案单位留存。',
          'The operator and developers keep a data security emergency plan on file (art. 13(1), 14(1)). The platform keeps the document’s hash; the document stays with its owner.',
        )}
      </Typography.Paragraph>
      <ServerError error={plans.error} />
      {missing.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="plans-missing"
          message={t('以下授权当事方尚未备案应急预案', 'These parties in force have no plan on file')}
          description={
            <Space wrap>
              {missing.map((id) => (
                <Tag key={id}>{orgName(id)}</Tag>
              ))}
            </Space>
          }
        />
      ) : null}
      <Card size="small">
        <Table<EmergencyPlan>
          data-testid="plans-table"
          size="small"
          rowKey="orgId"
          loading={plans.loading}
          dataSource={plans.data?.plans ?? []}
          pagination={false}
          columns={[
            { title: t('备案单位', 'Organization'), dataIndex: 'orgId', width: 220, render: (id: string) => <OrgName id={id} name={orgName} /> },
            { title: t('版本', 'Version'), dataIndex: 'version', width: 70, render: (v: number) => `v${v}` },
            { title: t('名称', 'Title'), dataIndex: 'title', width: 220 },
            { title: t('摘要', 'Summary'), dataIndex: 'summary', ellipsis: true },
            {
              title: t('文件摘要（SM3/SHA-256）', 'Document hash'),
              dataIndex: 'documentHash',
              width: 180,
              render: (v: string) => (
                <Typography.Text code copyable={{ text: v }}>
                  {v.slice(0, 12)}…
                </Typography.Text>
              ),
            },
            { title: t('备案时间', 'Filed'), dataIndex: 'filedAt', width: 150, render: (v: string) => formatTime(v) },
          ]}
        />
      </Card>
      <FilePlanModal
        open={filing}
        onClose={() => setFiling(false)}
        onFiled={() => {
          setFiling(false)
          void plans.reload()
        }}
      />
    </div>
  )
}

interface PlanForm {
  title: string
  summary: string
  documentHash: string
}

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

function FilePlanModal({ open, onClose, onFiled }: { open: boolean; onClose(): void; onFiled(): void }) {
  const t = useT()
  const [form] = Form.useForm<PlanForm>()
  const action = useAction((values: PlanForm) => put<EmergencyPlan>('/api/v1/emergency-plans', { title: values.title.trim(), summary: values.summary.trim(), documentHash: values.documentHash.trim() }))
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    if (await action.run(values)) {
      form.resetFields()
      onFiled()
    }
  }
  return (
    <Modal
      open={open}
      width={620}
      title={t('备案应急预案', 'File an emergency plan')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('备案', 'File')}
      okButtonProps={{ loading: action.running, ...({ 'data-testid': 'plan-submit' } as Record<string, string>) }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form<PlanForm> form={form} layout="vertical" preserve={false}>
        <Form.Item name="title" label={t('预案名称', 'Title')} rules={[{ required: true, whitespace: true, message: t('请填写名称', 'Enter a title') }, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="summary" label={t('要点摘要', 'Summary')} rules={[{ required: true, whitespace: true, message: t('请填写摘要', 'Enter a summary') }, { max: 4000 }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item
          label={t('文件摘要', 'Document hash')}
          required
          extra={t('选择预案文件，在浏览器内计算 SHA-256（文件不上传）；或粘贴 SM3 摘要。', 'Pick the plan’s file to hash it (SHA-256) in the browser, nothing is uploaded; or paste its SM3 hash.')}
        >
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="documentHash"
              noStyle
              rules={[
                { required: true, message: t('请提供文件摘要', 'Give the document’s hash') },
                { pattern: HASH, message: t('64 位小写十六进制', '64 lowercase hex characters') },
              ]}
            >
              <Input placeholder="64 hex" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Upload
              showUploadList={false}
              beforeUpload={(file) => {
                void sha256Hex(file).then((hash) => form.setFieldsValue({ documentHash: hash }))
                return false
              }}
            >
              <Button icon={<UploadOutlined />}>{t('计算文件摘要', 'Hash a file')}</Button>
            </Upload>
          </Space.Compact>
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
