import { SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Result, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { get } from '../../api.ts'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import type { Checkpoint, CheckpointsAnswer, VerifyReport } from './types.ts'

/**
 * The chain's integrity: re-walk every entry's SM3 hash and check every signed checkpoint
 * (GET /audit/verify, itself recorded), and the checkpoints anyone may keep to check the log later.
 */
export function AuditIntegrity() {
  const t = useT()
  const checkpoints = useGet<CheckpointsAnswer>('/api/v1/audit/checkpoints')
  // Verification runs on request only: each run is itself an audit entry.
  const [report, setReport] = useState<VerifyReport | undefined>(undefined)
  const verify = useAction(async () => setReport(await get<VerifyReport>('/api/v1/audit/verify')))

  return (
    <>
      <Card size="small" title={t('哈希链验证', 'Chain verification')} style={{ marginBottom: 16 }}>
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verify.running} onClick={() => void verify.run()} data-testid="audit-verify">
            {t('立即验证', 'Verify now')}
          </Button>
          <Typography.Text type="secondary">
            {t('重新计算每条记录的哈希并核对签名检查点，指出第一处被篡改、删除或调序的记录。', 'Recomputes every entry’s hash and checks the signed checkpoints; names the first entry altered, removed or reordered.')}
          </Typography.Text>
        </Space>
        <ServerError error={verify.error} />
        {report ? <VerifyResult report={report} /> : null}
      </Card>

      <Card size="small" title={t('签名检查点', 'Signed checkpoints')}>
        <ServerError error={checkpoints.error} />
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('如何自行验证', 'How to verify it yourself')}
          description={
            <>
              <div>
                {t('签名原文', 'Signed message')}：<Typography.Text code>{checkpoints.data?.message ?? 'shuyu-audit-checkpoint|<seq>|<hash>|<createdAt>'}</Typography.Text>
              </div>
              <div>
                {t(
                  '国密套件：SM2 签名、SM3 摘要，签名者标识 1234567812345678，公钥为 04‖x‖y、签名为 r‖s（十六进制）。保存一个检查点，日后对照：若日志被改写，该段将不再与检查点相符。',
                  'Suite gm: SM2 with SM3, signer id 1234567812345678, public key 04‖x‖y and signature r‖s in hex. Keep a checkpoint: if that part of the log is ever rewritten, it no longer matches.',
                )}
              </div>
            </>
          }
        />
        <Table<Checkpoint>
          data-testid="audit-checkpoints"
          size="small"
          rowKey="seq"
          loading={checkpoints.loading}
          dataSource={[...(checkpoints.data?.checkpoints ?? [])].reverse()}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          columns={[
            { title: t('截至条目', 'Up to entry'), dataIndex: 'seq', width: 90 },
            { title: t('签署时间', 'Signed at'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatTime(v) },
            { title: t('链上哈希', 'Chain hash'), dataIndex: 'hash', ellipsis: true, render: (v: string) => <Typography.Text code copyable={{ text: v }}>{v.slice(0, 24)}…</Typography.Text> },
            { title: t('签名', 'Signature'), dataIndex: 'signature', ellipsis: true, render: (v: string) => <Typography.Text code copyable={{ text: v }}>{v.slice(0, 24)}…</Typography.Text> },
            { title: t('密钥', 'Key'), dataIndex: 'keyId', width: 200 },
            { title: t('套件', 'Suite'), dataIndex: 'suite', width: 70 },
          ]}
        />
        <Typography.Title level={5}>{t('平台公钥', 'Public keys')}</Typography.Title>
        {(checkpoints.data?.publicKeys ?? []).map((key) => (
          <Descriptions key={key.id} size="small" column={1} bordered style={{ marginBottom: 8 }}>
            <Descriptions.Item label={t('密钥编号', 'Key id')}>{key.id}</Descriptions.Item>
            <Descriptions.Item label={t('套件', 'Suite')}>{key.suite}</Descriptions.Item>
            <Descriptions.Item label={t('公钥', 'Public key')}>
              <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {key.publicKey}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        ))}
      </Card>
    </>
  )
}

export function VerifyResult({ report }: { report: VerifyReport }) {
  const t = useT()
  return (
    <div data-testid="audit-verify-result">
      <Result
        style={{ padding: '8px 0' }}
        status={report.ok ? 'success' : 'error'}
        title={report.ok ? t('哈希链完整，检查点签名有效', 'The chain is intact and the checkpoints verify') : t('哈希链已断裂', 'The chain is broken')}
        subTitle={
          report.firstBreak
            ? `${t('第一处问题：条目', 'First break: entry')} #${report.firstBreak.seq}（${report.firstBreak.kind}）：${report.firstBreak.message}`
            : undefined
        }
      />
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('校验条目', 'Entries checked')}>{formatNumber(report.entries)}</Descriptions.Item>
        <Descriptions.Item label={t('链头序号', 'Head')}>#{report.headSeq}</Descriptions.Item>
        <Descriptions.Item label={t('起点（清理锚点）', 'Anchor')}>#{report.anchorSeq}</Descriptions.Item>
        <Descriptions.Item label={t('检查点', 'Checkpoints')}>{report.checkpoints}</Descriptions.Item>
        <Descriptions.Item label={t('密码套件', 'Suite')}>{report.suite}</Descriptions.Item>
        <Descriptions.Item label={t('用时', 'Took')}>{formatNumber(report.durationMs)} ms</Descriptions.Item>
      </Descriptions>
    </div>
  )
}
