import { DeleteOutlined, DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { get, post } from '../../api.ts'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useAction } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ActionButton } from './ActionModal.tsx'
import { TERMINATION_GROUNDS, useWords } from './labels.tsx'
import { downloadJson, OrgName, useOrgNames } from './shared.tsx'
import type { SignedCertificate, Workspace } from './types.ts'

/**
 * 封存销毁 (art. 31): once the agreement ended and the workspace closed, the office or the
 * operator destroys it: keys destroyed, artifacts deleted, a certificate signed by the platform.
 */
export function DestructionPanel({ workspace, mayDestroy, onChanged }: { workspace: Workspace; mayDestroy: boolean; onChanged(): void }) {
  const t = useT()
  const [certificate, setCertificate] = useState<SignedCertificate | null>(null)
  const [certificateId, setCertificateId] = useState('')
  const [searched, setSearched] = useState(false)

  // The workspace answer does not name its certificate; the archive package (art. 32) does.
  const find = useAction(async () => {
    setSearched(true)
    const pack = await get<{ destructionCertificate: { id: string } | null }>(`/api/v1/agreements/${workspace.agreementId}/archive`)
    if (!pack.destructionCertificate) {
      setCertificate(null)
      return false
    }
    setCertificate(await get<SignedCertificate>(`/api/v1/destruction-certificates/${pack.destructionCertificate.id}`))
    return true
  })
  const open = useAction(async (id: string) => setCertificate(await get<SignedCertificate>(`/api/v1/destruction-certificates/${id.trim()}`)))

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="destruction-panel">
      {workspace.status !== 'closed' ? (
        <Alert
          type="info"
          showIcon
          message={t('工作区尚未关闭：只有协议终止或到期后才能封存销毁。', 'The workspace is not closed: it can be destroyed only after its agreement was terminated or expired.')}
          description={
            <Link to={`/agreements/${workspace.agreementId}`}>
              {t('查看授权协议', 'See the agreement')} {workspace.agreementId}
            </Link>
          }
        />
      ) : (
        <Alert
          type="warning"
          showIcon
          message={t('工作区已关闭', 'The workspace is closed')}
          description={workspace.statusReason ?? undefined}
          action={
            mayDestroy && certificate?.certificate.workspaceId !== workspace.id ? (
              <ActionButton<{ note: string; confirm: string }, SignedCertificate>
                label={t('封存销毁', 'Destroy')}
                icon={<DeleteOutlined />}
                danger
                buttonType="primary"
                title={t(`封存销毁工作区 ${workspace.id}（第三十一条）`, `Destroy workspace ${workspace.id} (art. 31)`)}
                consequence={t(
                  '不可逆：销毁工作区密钥和全部导入数据的密钥，删除查询结果、模型参数和中间文件，撤销其数据产品；平台签发销毁证明。审计日志保留不少于 6 个月。',
                  'Irreversible: the workspace key and every import key are destroyed, released answers, model parameters and files deleted, its products cancelled; the platform signs a certificate. Audit entries stay at least 6 months.',
                )}
                okText={t('销毁', 'Destroy')}
                testId="destruction-form"
                onSubmit={(values) => post<SignedCertificate>(`/api/v1/workspaces/${workspace.id}/destruction`, { note: values.note })}
                onDone={(signed) => {
                  setCertificate(signed)
                  onChanged()
                }}
              >
                <Form.Item name="note" label={t('销毁说明', 'Note')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
                  <Input.TextArea rows={3} showCount maxLength={2000} />
                </Form.Item>
                <Form.Item
                  name="confirm"
                  label={t(`输入工作区标识 ${workspace.id} 以确认`, `Type ${workspace.id} to confirm`)}
                  rules={[
                    {
                      validator: async (_, v: string | undefined) => {
                        if (v?.trim() !== workspace.id) throw new Error(t(`请输入 ${workspace.id}`, `Type ${workspace.id}`))
                      },
                    },
                  ]}
                >
                  <Input autoComplete="off" />
                </Form.Item>
              </ActionButton>
            ) : undefined
          }
        />
      )}
      <Card size="small" title={t('销毁证明', 'Destruction certificate')}>
        <Space wrap>
          <Button icon={<SearchOutlined />} loading={find.running} onClick={() => void find.run()} data-testid="destruction-find">
            {t('从归档包查找本工作区的销毁证明', 'Find this workspace’s certificate in the archive')}
          </Button>
          <Space.Compact>
            <Input placeholder="dc_…" value={certificateId} onChange={(e) => setCertificateId(e.target.value)} style={{ width: 260 }} />
            <Button onClick={() => void open.run(certificateId)} disabled={!/^dc_[0-9a-z]{20}$/.test(certificateId.trim())} loading={open.running}>
              {t('按编号查看', 'Open by id')}
            </Button>
          </Space.Compact>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('读取归档包会记入审计日志。', 'Reading the archive package is recorded in the audit log.')}
        </Typography.Paragraph>
        <ServerError error={find.error ?? open.error} style={{ marginTop: 8 }} />
        {searched && !certificate && !find.running && !find.error ? (
          <Alert type="info" showIcon style={{ marginTop: 8 }} message={t('本工作区尚无销毁证明。', 'This workspace has no destruction certificate yet.')} />
        ) : null}
      </Card>
      {certificate ? <CertificateView signed={certificate} /> : null}
    </Space>
  )
}

/** A destruction certificate: what was destroyed, signed by whom, checkable by anyone. */
export function CertificateView({ signed }: { signed: SignedCertificate }) {
  const t = useT()
  const words = useWords()
  const orgName = useOrgNames()
  const c = signed.certificate
  const verify = useAction(() => post<{ valid: boolean; reason?: string }>('/api/v1/public/destruction-certificates/verify', { certificate: JSON.parse(signed.canonical) as unknown, signature: signed.signature }))
  const [verdict, setVerdict] = useState<{ valid: boolean; reason?: string } | null>(null)
  return (
    <Card
      title={
        <Space>
          <SafetyCertificateOutlined /> {t('销毁证明', 'Destruction certificate')} <Typography.Text code>{c.id}</Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Button
            onClick={() =>
              void verify.run().then((v) => {
                if (v) setVerdict(v)
              })
            }
            loading={verify.running}
            data-testid="certificate-verify"
          >
            {t('验证签名', 'Verify signature')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => downloadJson(`${c.id}.json`, signed)}>
            {t('下载', 'Download')}
          </Button>
        </Space>
      }
      data-testid="destruction-certificate"
    >
      {verdict ? (
        <Alert
          type={verdict.valid ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          message={verdict.valid ? t('签名有效：证明由平台签发且未被改动', 'Valid: signed by the platform and unaltered') : t('签名无效', 'Invalid signature')}
          description={verdict.reason}
        />
      ) : null}
      <ServerError error={verify.error} />
      <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}>
        <Descriptions.Item label={t('工作区', 'Workspace')}>{c.workspaceId}</Descriptions.Item>
        <Descriptions.Item label={t('协议', 'Agreement')}>
          <Link to={`/agreements/${c.agreementId}`}>{c.agreementId}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('应用场景', 'Scenario')}>{c.scenarioCode}</Descriptions.Item>
        <Descriptions.Item label={t('原因', 'Reason')}>
          {c.reason.kind === 'termination' ? t('终止', 'Termination') : t('到期', 'Expiry')}
          {c.reason.ground ? ` · ${words(TERMINATION_GROUNDS, c.reason.ground)}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('销毁时间', 'Destroyed')}>{formatTime(c.destroyedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('执行人', 'By')}>
          {c.destroyedBy.username} · <OrgName id={c.destroyedBy.orgId} name={orgName} />
        </Descriptions.Item>
        <Descriptions.Item label={t('说明', 'Note')} span={2}>
          {c.note}
        </Descriptions.Item>
        <Descriptions.Item label={t('清除记录', 'Records')} span={2}>
          {t(
            `查询结果 ${c.records.queryRunResults} 份；模型 ${c.records.models} 个；撤销产品 ${c.records.products.length} 个；导入 ${c.records.imports.length} 份`,
            `${c.records.queryRunResults} query results; ${c.records.models} models; ${c.records.products.length} products cancelled; ${c.records.imports.length} imports`,
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('审计链头', 'Audit head')} span={2}>
          #{c.auditHeadSeq} <Typography.Text code>{c.auditHeadHash.slice(0, 24)}…</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('签名', 'Signature')} span={2}>
          {c.signer.algorithm} · {c.signer.keyId} <Typography.Text code copyable={{ text: signed.signature }}>{signed.signature.slice(0, 32)}…</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('文件删除', 'Files removed')}>{formatTime(signed.filesRemovedAt)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t(`销毁的密钥（${c.keys.length}）`, `Keys destroyed (${c.keys.length})`)}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={[...c.keys]}
        columns={[
          { title: t('密钥', 'Key'), dataIndex: 'id' },
          { title: t('用途', 'Purpose'), dataIndex: 'purpose' },
          { title: t('所属', 'Owner'), render: (_, k) => `${k.ownerType} ${k.ownerId}` },
          { title: t('销毁时间', 'Destroyed'), dataIndex: 'destroyedAt', render: formatTime },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t(`删除的文件（${c.files.length}）`, `Files deleted (${c.files.length})`)}
      </Typography.Title>
      <Table
        size="small"
        rowKey="path"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={[...c.files]}
        columns={[
          { title: t('路径', 'Path'), dataIndex: 'path' },
          { title: t('字节', 'Bytes'), dataIndex: 'bytes', render: (n: number) => formatNumber(n) },
          { title: 'SM3', dataIndex: 'sm3', render: (h: string) => <Typography.Text code>{h.slice(0, 16)}…</Typography.Text> },
        ]}
      />
      {c.reason.note ? <Tag style={{ marginTop: 8 }}>{c.reason.note}</Tag> : null}
    </Card>
  )
}
