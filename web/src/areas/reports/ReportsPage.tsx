import { FileAddOutlined } from '@ant-design/icons'
import { Button, Card, Form, InputNumber, Modal, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { writesReports } from './access.ts'
import { STATUS_LABELS } from './labels.ts'
import type { AnnualReport, ReportSummary } from './types.ts'

/** The China calendar year now. */
export function chinaYear(): number {
  return Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
}

/**
 * 年度运营报告 (art. 27): the operator's reports, one per year of its term; the office, the
 * bureau and regulators see those filed. The operator creates a year's report here.
 */
export default function ReportsPage() {
  const t = useT()
  const me = useMe()
  const navigate = useNavigate()
  const reports = useGet<{ reports: ReportSummary[] }>('/api/v1/annual-reports')
  const [creating, setCreating] = useState(false)
  const [form] = Form.useForm<{ year: number }>()
  const create = useAction(async (year: number) => post<AnnualReport>('/api/v1/annual-reports', { year }))
  const writes = writesReports(me)
  const existing = new Set((reports.data?.reports ?? []).map((r) => r.year))

  return (
    <div data-testid="annual-reports-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('年度运营报告', 'Annual operation reports')}
        </Typography.Title>
        {writes ? (
          <Button
            type="primary"
            icon={<FileAddOutlined />}
            onClick={() => {
              form.setFieldsValue({ year: chinaYear() })
              create.clearError()
              setCreating(true)
            }}
            data-testid="report-new"
          >
            {t('编制年度报告', 'Create a year’s report')}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary">
        {writes
          ? t(
              '一级开发运营主体在运营期限内每年向数据主管部门提交年度运营报告（第二十七条）。各项数据由平台依据全程记录编制并以 SM3 摘要固定；您撰写文字部分，并报送协调办。',
              'Each year of its term the primary operator reports to the data authority (art. 27). The platform compiles the figures from its records and fixes them with an SM3 digest; you write the narrative and file it with the office.',
            )
          : t(
              '一级开发运营主体报送的年度运营报告（第二十七条）：数据由平台依据全程记录编制，文字由一级开发运营主体撰写。',
              'The annual operation reports the primary operator filed (art. 27): figures compiled by the platform from its records, narrative by the operator.',
            )}
      </Typography.Paragraph>
      <Card size="small">
        <ServerError error={reports.error} />
        <Table
          size="middle"
          rowKey="id"
          loading={reports.loading}
          dataSource={reports.data?.reports ?? []}
          pagination={false}
          locale={{ emptyText: writes ? t('尚无年度报告：点击“编制年度报告”。', 'No report yet: create one.') : t('尚无报送的年度报告。', 'No report filed yet.') }}
          onRow={(r) => ({ onClick: () => navigate(`/annual-reports/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('年度', 'Year'), dataIndex: 'year', render: (year: number, r) => <Link to={`/annual-reports/${r.id}`}>{year}</Link> },
            { title: t('报告主体', 'Operator'), dataIndex: 'operatorName' },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (s: ReportSummary['status']) => <StatusTag status={s}>{t(STATUS_LABELS[s].zh, STATUS_LABELS[s].en)}</StatusTag> },
            {
              title: t('报告期', 'Period'),
              render: (_v, r) => (
                <span>
                  {r.period.from} – {r.period.to}
                  {r.yearComplete ? null : <Typography.Text type="secondary"> {t('（年度未结束）', '(year running)')}</Typography.Text>}
                </span>
              ),
            },
            { title: t('数据编制', 'Compiled'), dataIndex: 'compiledAt', render: formatTime },
            { title: t('报送', 'Filed'), dataIndex: 'filedAt', render: formatTime },
            { title: t('协调办意见', 'Office'), render: (_v, r) => (r.decidedAt ? `${formatTime(r.decidedAt)}${r.decisionComment ? `：${r.decisionComment}` : ''}` : '—') },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('编制年度运营报告', 'Create the annual report')}
        okText={t('编制', 'Create')}
        cancelText={t('取消', 'Cancel')}
        confirmLoading={create.running}
        onCancel={() => setCreating(false)}
        onOk={async () => {
          const values = await form.validateFields().catch(() => undefined)
          if (!values) return
          const created = await create.run(values.year)
          if (created) {
            setCreating(false)
            navigate(`/annual-reports/${created.id}`)
          }
        }}
        okButtonProps={{ ...({ 'data-testid': 'report-create' } as Record<string, string>) }}
      >
        <Typography.Paragraph type="secondary">
          {t(
            '平台立即依据全程记录编制该年度数据（年度未结束时截至今日），此后可在草稿状态下重新编制。每个年度一份报告。',
            'The platform compiles the year’s figures from its records now (to today while the year runs); you may recompile while it is a draft. One report per year.',
          )}
        </Typography.Paragraph>
        <ServerError error={create.error} />
        <Form form={form} layout="vertical">
          <Form.Item
            name="year"
            label={t('年度', 'Year')}
            rules={[
              { required: true, message: t('请填写年度', 'Give the year') },
              {
                validator: async (_rule, value: number | null) => {
                  if (value && existing.has(value)) throw new Error(t('该年度报告已存在', 'That year’s report exists already'))
                },
              },
            ]}
          >
            <InputNumber min={2025} max={chinaYear()} precision={0} style={{ width: 160 }} data-testid="report-year" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  )
}
