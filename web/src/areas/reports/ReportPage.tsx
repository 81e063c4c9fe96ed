import { CheckCircleOutlined, GlobalOutlined, FilePdfOutlined, ReloadOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons'
import { Alert, Breadcrumb, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Radio, Space, Tabs, Timeline, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { decidesReports, writesReports } from './access.ts'
import { downloadPdf, openHtml } from './download.ts'
import { FiguresView } from './FiguresView.tsx'
import { SECTIONS, STATUS_LABELS, STEP_LABELS } from './labels.ts'
import { NarrativeEditor } from './NarrativeEditor.tsx'
import type { AnnualReport } from './types.ts'

/**
 * One annual report: its frozen figures and their digest, the narrative (written by the
 * operator while a draft or returned), filing (报送), the office's decision, the documents.
 */
export default function ReportPage() {
  const t = useT()
  const me = useMe()
  const { id = '' } = useParams()
  const loaded = useGet<AnnualReport>(`/api/v1/annual-reports/${encodeURIComponent(id)}`)
  const [report, setReport] = useState<AnnualReport | undefined>()
  const [deciding, setDeciding] = useState(false)
  const [form] = Form.useForm<{ decision: 'acknowledge' | 'return'; comment?: string }>()
  useEffect(() => setReport(loaded.data), [loaded.data])

  const recompile = useAction(async () => post<AnnualReport>(`/api/v1/annual-reports/${id}/recompile`))
  const file = useAction(async () => post<AnnualReport>(`/api/v1/annual-reports/${id}/filing`))
  const decide = useAction(async (body: { decision: 'acknowledge' | 'return'; comment?: string }) => post<AnnualReport>(`/api/v1/annual-reports/${id}/decision`, body))
  const pdf = useAction(async () => downloadPdf(id, `annual-report-${report?.year ?? ''}.pdf`))
  const html = useAction(async () => openHtml(id))

  if (!report) {
    return (
      <Card loading={loaded.loading}>
        <ServerError error={loaded.error} />
      </Card>
    )
  }
  const author = writesReports(me) && me.organization.id === report.operatorOrgId
  const editable = author && (report.status === 'draft' || report.status === 'returned')
  const status = STATUS_LABELS[report.status]
  const empty = SECTIONS.filter((s) => !report.narrative[s.key].trim()).length
  const apply = (next: AnnualReport | undefined) => {
    if (next) setReport(next)
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="annual-report-page">
      <Breadcrumb items={[{ title: <Link to="/annual-reports">{t('年度运营报告', 'Annual reports')}</Link> }, { title: String(report.year) }]} />
      <Card
        title={
          <Space wrap>
            <span>
              {report.operatorName} · {report.year} {t('年度运营报告', 'annual operation report')}
            </span>
            <StatusTag status={report.status}>
              <span data-testid="report-status">{t(status.zh, status.en)}</span>
            </StatusTag>
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<GlobalOutlined />} onClick={() => void html.run()} loading={html.running} data-testid="report-open-html">
              {t('打开 HTML', 'Open HTML')}
            </Button>
            <Button icon={<FilePdfOutlined />} onClick={() => void pdf.run()} loading={pdf.running} data-testid="report-download-pdf">
              {t('下载 PDF', 'Download PDF')}
            </Button>
            {editable ? (
              <Button icon={<ReloadOutlined />} onClick={async () => apply(await recompile.run())} loading={recompile.running} data-testid="report-recompile">
                {t('重新编制数据', 'Recompile figures')}
              </Button>
            ) : null}
            {author && report.status === 'draft' ? (
              <Popconfirm
                title={t('报送协调办？报送后报告不可修改。', 'File with the office? A filed report cannot change.')}
                okText={t('报送', 'File')}
                cancelText={t('取消', 'Cancel')}
                onConfirm={async () => apply(await file.run())}
              >
                <Button type="primary" icon={<SendOutlined />} loading={file.running} disabled={empty > 0} data-testid="report-file">
                  {t('报送协调办', 'File with the office')}
                </Button>
              </Popconfirm>
            ) : null}
            {decidesReports(me) && report.status === 'filed' ? (
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                onClick={() => {
                  form.setFieldsValue({ decision: 'acknowledge', comment: '' })
                  decide.clearError()
                  setDeciding(true)
                }}
                data-testid="report-decide"
              >
                {t('确认或退回', 'Acknowledge or return')}
              </Button>
            ) : null}
          </Space>
        }
      >
        <ServerError error={recompile.error ?? file.error ?? pdf.error ?? html.error} />
        {report.status === 'returned' && report.decisionComment ? (
          <Alert
            type="warning"
            showIcon
            icon={<RollbackOutlined />}
            style={{ marginBottom: 12 }}
            message={t('协调办退回修改', 'Returned by the office')}
            description={report.decisionComment}
            data-testid="report-returned"
          />
        ) : null}
        {!report.figuresIntact ? (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('存储的数据与其摘要不符！', 'The stored figures do not match their digest!')} />
        ) : null}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('报告期', 'Period')}>
            {report.period.from} – {report.period.to}
            {report.yearComplete ? '' : t('（年度未结束）', ' (year running)')}
          </Descriptions.Item>
          <Descriptions.Item label={t('数据编制', 'Figures compiled')}>{formatTime(report.compiledAt)}</Descriptions.Item>
          <Descriptions.Item label={t('报送', 'Filed')}>{formatTime(report.filedAt)}</Descriptions.Item>
          <Descriptions.Item label={t(`数据摘要（${report.digestAlgorithm.toUpperCase()}）`, `Figures digest (${report.digestAlgorithm.toUpperCase()})`)} span={2}>
            <Typography.Text code copyable style={{ fontSize: 12 }} data-testid="report-digest">
              {report.figuresDigest}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('协调办意见', 'Office')}>{report.decidedAt ? `${formatTime(report.decidedAt)}${report.decisionComment ? `：${report.decisionComment}` : ''}` : '—'}</Descriptions.Item>
          {report.documentDigest ? (
            <Descriptions.Item label={t('报送文件摘要', 'Filed document digest')} span={3}>
              <Typography.Text code copyable style={{ fontSize: 12 }}>
                {report.documentDigest}
              </Typography.Text>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      <Card size="small">
        <Tabs
          defaultActiveKey="figures"
          items={[
            { key: 'figures', label: t('数据与图表', 'Figures and charts'), children: <FiguresView figures={report.figures} /> },
            {
              key: 'narrative',
              label: (
                <span data-testid="report-tab-narrative">
                  {t('报告文字', 'Narrative')}
                  {editable && empty ? ` (${empty})` : ''}
                </span>
              ),
              children: <NarrativeEditor report={report} editable={editable} onSaved={setReport} />,
            },
            {
              key: 'history',
              label: t('办理记录', 'History'),
              children: (
                <Timeline
                  items={report.history.map((h) => ({
                    children: (
                      <span>
                        {formatTime(h.at)} · {t(STEP_LABELS[h.action].zh, STEP_LABELS[h.action].en)}
                        {h.note ? <Typography.Text type="secondary"> — {h.note}</Typography.Text> : null}
                        {h.digest ? <Typography.Text type="secondary" code style={{ fontSize: 11, marginLeft: 6 }}>{h.digest.slice(0, 16)}…</Typography.Text> : null}
                      </span>
                    ),
                  }))}
                />
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={deciding}
        title={t('确认或退回年度报告', 'Acknowledge or return the report')}
        okText={t('提交', 'Submit')}
        cancelText={t('取消', 'Cancel')}
        confirmLoading={decide.running}
        onCancel={() => setDeciding(false)}
        onOk={async () => {
          const values = await form.validateFields().catch(() => undefined)
          if (!values) return
          const decided = await decide.run({ decision: values.decision, ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}) })
          if (decided) {
            setReport(decided)
            setDeciding(false)
          }
        }}
        okButtonProps={{ ...({ 'data-testid': 'report-decision-submit' } as Record<string, string>) }}
      >
        <ServerError error={decide.error} />
        <Form form={form} layout="vertical" initialValues={{ decision: 'acknowledge' }}>
          <Form.Item name="decision" label={t('意见', 'Decision')}>
            <Radio.Group
              options={[
                { value: 'acknowledge', label: t('确认接收', 'Acknowledge') },
                { value: 'return', label: t('退回修改', 'Return for revision') },
              ]}
              data-testid="report-decision"
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.decision !== b.decision}>
            {({ getFieldValue }) => (
              <Form.Item
                name="comment"
                label={t('意见说明', 'Comments')}
                rules={[
                  { required: getFieldValue('decision') === 'return', whitespace: true, message: t('退回须说明修改意见', 'Say what to revise') },
                  { max: 4000, message: t('不超过 4000 字', 'At most 4,000 characters') },
                ]}
              >
                <Input.TextArea autoSize={{ minRows: 3 }} data-testid="report-decision-comment" />
              </Form.Item>
            )}
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  )
}
