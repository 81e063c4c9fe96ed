import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { EChartsOption } from 'echarts'
import { Button, Card, Descriptions, Form, Input, InputNumber, Space, Typography, Upload } from 'antd'
import { formatTime } from '../../components/format.tsx'
import { useT } from '../../i18n.tsx'
import { ListErrors } from './ListErrors.tsx'
import { PATTERNS, sha256Hex } from './shared.tsx'
import type { Application, Call } from './types.ts'

/** The parts of a call's page about applications: the developer's form, the operator's scores, the view of one. */

export interface ApplicationForm {
  statement: string
  eligibility: { condition: string; evidence: string }[]
  documents: { name: string; sha256: string; summary: string }[]
}

export function ScoreFields({ call }: { call: Call }) {
  const t = useT()
  return (
    <Form.List name="scores">
      {(fields) =>
        fields.map((field, i) => {
          const criterion = call.criteria[i]!
          return (
            <Card key={field.key} size="small" style={{ marginBottom: 8 }} title={`${criterion.name}（${t('满分', 'max')} ${criterion.weight}）`} extra={<Typography.Text type="secondary">{criterion.description}</Typography.Text>}>
              <Form.Item name={[field.name, 'criterion']} hidden>
                <Input />
              </Form.Item>
              <Space align="start" wrap>
                <Form.Item name={[field.name, 'score']} messageVariables={{ label: t('得分', 'Score') }} rules={[{ required: true, message: t('打分', 'Score it') }, { type: 'number', min: 0, max: criterion.weight }]} style={{ marginBottom: 0 }}>
                  <InputNumber min={0} max={criterion.weight} step={0.5} placeholder={t('得分', 'Score')} />
                </Form.Item>
                <Form.Item name={[field.name, 'reason']} messageVariables={{ label: t('评分理由', 'Reason') }} rules={[{ required: true, whitespace: true, message: t('写明评分理由', 'Give the reason') }, { max: 2000 }]} style={{ marginBottom: 0 }}>
                  <Input.TextArea rows={1} autoSize placeholder={t('评分理由', 'Reason')} style={{ width: 480 }} />
                </Form.Item>
              </Space>
            </Card>
          )
        })
      }
    </Form.List>
  )
}

export function ApplicationFields({ call }: { call: Call }) {
  const t = useT()
  const form = Form.useFormInstance<ApplicationForm>()
  return (
    <>
      <Form.Item name="statement" label={t('申请陈述', 'Statement')} rules={[{ required: true, whitespace: true }, { max: 8000 }]}>
        <Input.TextArea rows={4} showCount maxLength={8000} placeholder={t('开发方案、团队、安全措施与预期成效', 'Plan, team, security and expected results')} />
      </Form.Item>
      <Typography.Title level={5}>{t('逐项满足准入条件', 'How you meet each entry condition')}</Typography.Title>
      <Form.List name="eligibility">
        {(fields) =>
          fields.map((field, i) => (
            <Form.Item
              key={field.key}
              name={[field.name, 'evidence']}
              label={`${i + 1}. ${call.eligibility[i]}`}
              rules={[{ required: true, whitespace: true, message: t('说明并列出证明', 'State the evidence') }, { max: 2000 }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          ))
        }
      </Form.List>
      <Typography.Title level={5}>{t('申请材料', 'Documents')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('材料本身不上传：选择文件在本机计算其 SHA-256 摘要，以摘要登记，评审时核对原件。', 'Documents are not uploaded: pick a file to compute its SHA-256 here; the digest is recorded and checked against the original.')}
      </Typography.Paragraph>
      <Form.List
        name="documents"
        rules={[
          {
            validator: async (_, docs: unknown[] | undefined) => {
              if (!docs?.length) throw new Error(t('至少一份材料', 'At least one document'))
              if (docs.length > 50) throw new Error(t('最多 50 份', 'At most 50'))
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Card key={field.key} size="small" style={{ marginBottom: 8 }}>
                <Space align="start" wrap>
                  <Form.Item name={[field.name, 'name']} messageVariables={{ label: t('材料名称', 'Document name') }} rules={[{ required: true, whitespace: true }, { max: 200 }]} style={{ marginBottom: 4 }}>
                    <Input placeholder={t('材料名称', 'Name')} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'sha256']}
                    messageVariables={{ label: 'SHA-256' }}
                    rules={[{ required: true }, { pattern: PATTERNS.sha256, message: t('64 位小写十六进制', '64 lowercase hex digits') }]}
                    style={{ marginBottom: 4 }}
                  >
                    <Input placeholder="SHA-256" style={{ width: 300, fontFamily: 'monospace' }} />
                  </Form.Item>
                  <Upload
                    showUploadList={false}
                    beforeUpload={(file) => {
                      void sha256Hex(file).then((hex) => {
                        form.setFieldValue(['documents', field.name, 'sha256'], hex)
                        if (!form.getFieldValue(['documents', field.name, 'name'])) form.setFieldValue(['documents', field.name, 'name'], file.name.slice(0, 200))
                      })
                      return false
                    }}
                  >
                    <Button>{t('选择文件计算摘要', 'Digest a file')}</Button>
                  </Upload>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                </Space>
                <Form.Item name={[field.name, 'summary']} messageVariables={{ label: t('内容摘要', 'Summary') }} rules={[{ required: true, whitespace: true }, { max: 1000 }]} style={{ marginBottom: 0 }}>
                  <Input placeholder={t('内容摘要', 'Summary')} />
                </Form.Item>
              </Card>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', sha256: '', summary: '' })}>
              {t('添加材料', 'Add a document')}
            </Button>
            <ListErrors errors={errors} />
          </>
        )}
      </Form.List>
      <div style={{ height: 16 }} />
    </>
  )
}

export function ApplicationView({ application: a }: { application: Application }) {
  const t = useT()
  return (
    <Descriptions column={1} size="small" bordered styles={{ label: { width: 140, whiteSpace: 'nowrap' } }}>
      <Descriptions.Item label={t('申请陈述', 'Statement')}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{a.statement}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('准入条件', 'Conditions')}>
        {a.eligibility.map((e) => (
          <div key={e.condition}>
            <Typography.Text strong>{e.condition}</Typography.Text>：{e.evidence}
          </div>
        ))}
      </Descriptions.Item>
      <Descriptions.Item label={t('申请材料', 'Documents')}>
        {a.documents.map((d) => (
          <div key={d.sha256 + d.name}>
            {d.name} <Typography.Text code copyable={{ text: d.sha256 }}>{d.sha256.slice(0, 16)}…</Typography.Text> {d.summary}
          </div>
        ))}
      </Descriptions.Item>
      {a.scores ? (
        <Descriptions.Item label={t('评分', 'Scores')}>
          {a.scores.map((s) => (
            <div key={s.criterion}>
              <Typography.Text strong>
                {s.criterion} {s.score}
              </Typography.Text>{' '}
              <Typography.Text type="secondary">{s.reason}</Typography.Text>
            </div>
          ))}
          <Typography.Text type="secondary">{formatTime(a.scoredAt)}</Typography.Text>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  )
}

/** Scores per criterion, stacked per applicant: who leads, and on what. */
export function scoreChart(call: Call | undefined, apps: readonly Application[], orgName: (id: string) => string): EChartsOption | null {
  if (!call || !apps.some((a) => a.scores)) return null
  const names = apps.map((a) => orgName(a.developerOrgId))
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100 },
    yAxis: { type: 'category', data: names },
    series: call.criteria.map((k) => ({
      name: k.name,
      type: 'bar',
      stack: 'total',
      label: { show: true },
      data: apps.map((a) => a.scores?.find((s) => s.criterion === k.name)?.score ?? 0),
    })),
  }
}
