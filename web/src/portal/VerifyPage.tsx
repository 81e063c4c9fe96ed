import { SafetyCertificateOutlined } from '@ant-design/icons'
import { Button, Card, Col, Descriptions, Form, Input, Result, Row, Table, Typography } from 'antd'
import { useState } from 'react'
import { ApiError } from '../api.ts'
import { formatTime } from '../components/format.tsx'
import { useAction } from '../components/hooks.ts'
import { ServerError } from '../components/ServerError.tsx'
import { useT } from '../i18n.tsx'
import { publicRequest, usePublicGet } from './publicApi.ts'

type Verification = { readonly valid: true; readonly keyId: string; readonly certificateId: string } | { readonly valid: false; readonly reason: string }

interface SigningKey {
  readonly id: string
  readonly purpose: string
  readonly suite: string
  readonly algorithm: string
  readonly publicKey: string
  readonly createdAt: string
  readonly retiredAt: string | null
}

const PURPOSES: Record<string, [string, string]> = {
  'audit-checkpoint': ['审计检查点', 'Audit checkpoints'],
  'destruction-certificate': ['销毁证书', 'Destruction certificates'],
}

/**
 * 证书核验: anyone checks a destruction certificate (art. 31) against the platform's published
 * key. Paste the certificate as the platform issued it ({certificate, signature, …}) or the
 * certificate alone with its signature beside it.
 */
export default function VerifyPage() {
  const t = useT()
  const keys = usePublicGet<{ keys: SigningKey[]; verifying: string }>('/api/v1/public/signing-keys')
  const [form] = Form.useForm<{ json: string; signature?: string }>()
  const [answer, setAnswer] = useState<Verification | null>(null)
  const verify = useAction(async (values: { json: string; signature?: string }) => {
    const parsed = JSON.parse(values.json) as Record<string, unknown>
    const signed = typeof parsed.certificate === 'object' && parsed.certificate !== null && typeof parsed.signature === 'string'
    const certificate = (signed ? parsed.certificate : parsed) as Record<string, unknown>
    const signature = signed ? (parsed.signature as string) : (values.signature ?? '').trim()
    if (!signature) throw new ApiError(400, { code: 'invalid_input', message: t('缺少签名：粘贴平台出具的完整证书，或另行填写签名', 'No signature: paste the certificate as issued, or give its signature') })
    setAnswer(await publicRequest<Verification>('POST', '/api/v1/public/destruction-certificates/verify', { certificate, signature }))
  })

  return (
    <div data-testid="portal-verify">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('销毁证书核验', 'Verify a destruction certificate')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(
          '授权终止后，平台以不可逆方式销毁工作区密钥与数据，并出具带平台签名的销毁证书（第三十一条）。粘贴证书，即可用平台公布的公钥核验其真实、未被篡改。',
          'When an authorization ends the platform destroys the workspace’s keys and data irreversibly and issues a signed destruction certificate (art. 31). Paste one here to check it against the platform’s published key.',
        )}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('粘贴证书', 'Paste the certificate')} style={{ marginBottom: 16 }}>
            <Form
              form={form}
              layout="vertical"
              onFinish={(values) => {
                setAnswer(null)
                void verify.run(values)
              }}
              data-testid="portal-verify-form"
            >
              <Form.Item
                name="json"
                label={t('证书 JSON（平台出具的 {certificate, signature} 或证书本身）', 'Certificate JSON ({certificate, signature} as issued, or the certificate itself)')}
                rules={[
                  { required: true, message: t('请粘贴证书', 'Paste the certificate') },
                  {
                    validator: (_, value: string | undefined) => {
                      if (!value) return Promise.resolve()
                      try {
                        const parsed: unknown = JSON.parse(value)
                        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Promise.resolve() : Promise.reject(new Error(t('须为 JSON 对象', 'Must be a JSON object')))
                      } catch {
                        return Promise.reject(new Error(t('不是有效的 JSON', 'Not valid JSON')))
                      }
                    },
                  },
                ]}
              >
                <Input.TextArea rows={12} style={{ fontFamily: 'monospace', fontSize: 12 }} placeholder='{"certificate": {"type": "shuyu-destruction-certificate", …}, "signature": "…"}' data-testid="portal-verify-json" />
              </Form.Item>
              <Form.Item name="signature" label={t('签名（仅粘贴证书本身时填写，十六进制）', 'Signature (only with the certificate alone; hex)')} rules={[{ max: 1000 }, { pattern: /^[0-9a-fA-F]*$/, message: t('十六进制', 'Hex') }]}>
                <Input style={{ fontFamily: 'monospace' }} data-testid="portal-verify-signature" />
              </Form.Item>
              <ServerError error={verify.error} />
              <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={verify.running} data-testid="portal-verify-submit">
                {t('核验', 'Verify')}
              </Button>
            </Form>
            {answer ? (
              <div data-testid="portal-verify-result">
                <Result
                  status={answer.valid ? 'success' : 'error'}
                  title={answer.valid ? t('证书有效：由平台签发且未被篡改', 'Valid: signed by the platform and unaltered') : t('证书无效', 'Not valid')}
                  subTitle={answer.valid ? `${t('证书', 'Certificate')} ${answer.certificateId} · ${t('密钥', 'key')} ${answer.keyId}` : answer.reason}
                />
              </div>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('平台公布的签名公钥', 'The platform’s public signing keys')}>
            <ServerError error={keys.error} />
            <Table<SigningKey>
              data-testid="portal-signing-keys"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={keys.data?.keys ?? []}
              expandable={{
                expandedRowRender: (k) => (
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label={t('公钥', 'Public key')}>
                      <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
                        {k.publicKey}
                      </Typography.Text>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('启用', 'Since')}>{formatTime(k.createdAt)}</Descriptions.Item>
                  </Descriptions>
                ),
              }}
              columns={[
                { title: t('用途', 'Purpose'), dataIndex: 'purpose', render: (p: string) => (PURPOSES[p] ? t(...PURPOSES[p]) : p) },
                { title: t('算法', 'Algorithm'), dataIndex: 'algorithm' },
                { title: t('状态', 'Status'), dataIndex: 'retiredAt', width: 80, render: (v: string | null) => (v ? t('已停用', 'Retired') : t('使用中', 'In use')) },
              ]}
            />
            {keys.data ? (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
                {t(
                  '离线核验：证书按键名排序、无空白的规范 JSON（RFC 8785）以 UTF-8 编码；国密套件用 SM2（SM3，签名者标识 1234567812345678）验证，公钥 04‖x‖y、签名 r‖s 均为十六进制。',
                  keys.data.verifying,
                )}
              </Typography.Paragraph>
            ) : null}
          </Card>
        </Col>
      </Row>
    </div>
  )
}
