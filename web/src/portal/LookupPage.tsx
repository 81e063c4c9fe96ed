import { SearchOutlined } from '@ant-design/icons'
import { Button, Card, Descriptions, Form, Input, Result, Table, Tag, Timeline, Typography } from 'antd'
import { useEffect } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import { formatDate } from '../components/format.tsx'
import { ServerError } from '../components/ServerError.tsx'
import { useT } from '../i18n.tsx'
import { PRODUCT_KIND_LABELS, REGISTRATION_KIND_LABELS, STATUS_LABELS, SUBJECT_TYPE_LABELS, useLabel } from './labels.ts'
import { usePublicGet } from './publicApi.ts'
import { REGISTRATION_CODE_PATTERN, type PublicRegistration } from './types.ts'

/** 登记编码查询: anyone checks a registration code: its subject, holder, status, facts in force and history. */
export default function LookupPage() {
  const t = useT()
  const label = useLabel()
  const { code } = useParams()
  const navigate = useNavigate()
  const [form] = Form.useForm<{ code: string }>()
  const lookup = usePublicGet<PublicRegistration>(code ? `/api/v1/public/registrations/${encodeURIComponent(code)}` : null)
  useEffect(() => form.setFieldsValue({ code: code ?? '' }), [code, form])
  const r = lookup.data

  return (
    <div data-testid="portal-lookup">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('登记编码查询', 'Registration lookup')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('数据产品和数据资源登记后取得登记编码（如 ZJK-P-2026-XXXXXXXX）。输入编码，核实登记主体、状态和登记内容。', 'A registered product or resource carries a code like ZJK-P-2026-XXXXXXXX. Enter it to check who holds it, its status and what was registered.')}
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" onFinish={({ code: value }) => navigate(`/portal/lookup/${value.trim().toUpperCase()}`)} data-testid="portal-lookup-form">
          <Form.Item
            name="code"
            normalize={(v: string) => v.toUpperCase()}
            rules={[
              { required: true, message: t('请输入登记编码', 'Enter a registration code') },
              { pattern: REGISTRATION_CODE_PATTERN, message: t('格式如 ZJK-P-2026-7K3M9Q2A', 'Like ZJK-P-2026-7K3M9Q2A') },
            ]}
          >
            <Input placeholder="ZJK-P-2026-XXXXXXXX" style={{ width: 320, fontFamily: 'monospace' }} allowClear data-testid="portal-lookup-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={lookup.loading && Boolean(code)} data-testid="portal-lookup-submit">
            {t('查询', 'Look up')}
          </Button>
        </Form>
      </Card>
      {code && lookup.error ? <ServerError error={lookup.error} /> : null}
      {r ? (
        <Card size="small" data-testid="portal-lookup-result">
          <Result
            style={{ padding: '8px 0 16px' }}
            status={r.status === 'registered' ? 'success' : 'warning'}
            title={`${r.registrationCode} · ${label(STATUS_LABELS, r.status)}`}
            subTitle={`${r.facts.name} · ${r.applicant.name}`}
          />
          <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('登记对象', 'Subject')}>
              {label(SUBJECT_TYPE_LABELS, r.subject.type)} · {r.subject.code}
            </Descriptions.Item>
            <Descriptions.Item label={t('登记主体', 'Holder')}>{r.applicant.name}</Descriptions.Item>
            <Descriptions.Item label={t('登记日期', 'Registered on')}>{formatDate(r.registeredOn)}</Descriptions.Item>
            <Descriptions.Item label={t('注销日期', 'Cancelled on')}>{formatDate(r.cancelledOn)}</Descriptions.Item>
            <Descriptions.Item label={t('名称', 'Name')}>{r.facts.name}</Descriptions.Item>
            {r.facts.kind ? <Descriptions.Item label={t('产品类型', 'Product kind')}>{label(PRODUCT_KIND_LABELS, r.facts.kind)}</Descriptions.Item> : null}
            {r.facts.scenario ? <Descriptions.Item label={t('应用场景', 'Scenario')}>{r.facts.scenario}</Descriptions.Item> : null}
            {r.facts.dataGrade ? <Descriptions.Item label={t('数据分级', 'Data grade')}>{r.facts.dataGrade}</Descriptions.Item> : null}
            {r.facts.level ? <Descriptions.Item label={t('数据分级', 'Level')}>{`${r.facts.level}${r.facts.grade ? ` ${r.facts.grade}` : ''}`}</Descriptions.Item> : null}
          </Descriptions>
          {r.facts.fields?.length ? (
            <Table
              style={{ marginTop: 12 }}
              size="small"
              rowKey="name"
              pagination={false}
              dataSource={[...r.facts.fields]}
              columns={[
                { title: t('信息项', 'Field'), dataIndex: 'title', render: (v: string, f) => `${v}（${f.name}）` },
                { title: t('类型', 'Type'), dataIndex: 'dataType', width: 120 },
                { title: t('分级', 'Grade'), key: 'grade', width: 140, render: (_: unknown, f) => `${f.level}${f.grade ? ` ${f.grade}` : ''}` },
              ]}
            />
          ) : null}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('登记记录', 'History')}
          </Typography.Title>
          <Timeline
            items={r.registrations.map((h) => ({
              children: (
                <div>
                  <Tag>{label(REGISTRATION_KIND_LABELS, h.kind)}</Tag> {formatDate(h.registeredOn)}
                  {h.changes?.map((c) => (
                    <div key={c.item} style={{ fontSize: 12, color: '#666' }}>
                      {c.item}：{c.before} → {c.after}
                    </div>
                  ))}
                </div>
              ),
            }))}
          />
        </Card>
      ) : null}
    </div>
  )
}
