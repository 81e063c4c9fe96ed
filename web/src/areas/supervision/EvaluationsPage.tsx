import { AuditOutlined } from '@ant-design/icons'
import { Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import { useMemo, useState } from 'react'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { evaluates } from './access.ts'
import { EvaluationDrawer } from './EvaluationDrawer.tsx'
import { CRITERION_LABELS, CRITERION_RULES, RATING_COLORS, RATING_LABELS, useLabel } from './labels.ts'
import { OrgName, useOrgNames, type OrgNamer } from './orgs.tsx'
import type { Evaluation, EvaluationCriteria, Rating } from './types.ts'

/**
 * 运营评估 (art. 33): the operator and the developers evaluated yearly on published criteria,
 * from the platform's records; the recorded basis of renewal, termination or revocation.
 */
export default function EvaluationsPage() {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const criteria = useGet<EvaluationCriteria>('/api/v1/evaluation-criteria')
  const evaluations = useGet<{ evaluations: Evaluation[] }>('/api/v1/evaluations')
  const { name: orgName, organizations } = useOrgNames()
  const [openId, setOpenId] = useState<string | null>(null)
  const [evaluating, setEvaluating] = useState(false)
  const list = evaluations.data?.evaluations ?? []

  const chart = useMemo<EChartsOption>(() => {
    const rows = [...list].sort((a, b) => a.year - b.year || a.subjectOrgId.localeCompare(b.subjectOrgId))
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 160, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', data: rows.map((e) => `${orgName(e.subjectOrgId)} ${e.year}`) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 28,
          data: rows.map((e) => ({ value: e.total, itemStyle: { color: { excellent: '#52c41a', good: '#1677ff', fair: '#d4b106', poor: '#f5222d' }[e.rating] } })),
          label: { show: true, position: 'right' },
        },
      ],
    }
  }, [list, orgName])

  return (
    <div data-testid="evaluations-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('运营评估', 'Evaluations')}
        </Typography.Title>
        {evaluates(me) ? (
          <Button type="primary" icon={<AuditOutlined />} onClick={() => setEvaluating(true)} data-testid="evaluation-new">
            {t('开展年度评估', 'Evaluate a year')}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary">
        {t(
          '数据主管部门会同有关单位，按公开的评估指标对一级、二级开发运营主体定期评估，结果作为续期、终止或撤销授权的依据（第三十三条）。评分由平台记录自动计算。',
          'The data authority evaluates the operator and the developers on published criteria; the result is the basis of renewal, termination or revocation (art. 33). Scores are computed from the platform’s records.',
        )}
      </Typography.Paragraph>

      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('公开的评估指标', 'Published criteria')} style={{ marginBottom: 16 }} data-testid="evaluation-criteria">
            <ServerError error={criteria.error} />
            <Table
              size="small"
              rowKey="criterion"
              pagination={false}
              loading={criteria.loading}
              dataSource={[...(criteria.data?.criteria ?? [])]}
              columns={[
                { title: t('指标', 'Criterion'), dataIndex: 'criterion', width: 110, render: (c: string) => label(CRITERION_LABELS, c) },
                { title: t('权重', 'Weight'), dataIndex: 'weight', width: 60 },
                { title: t('计分规则', 'Rule'), dataIndex: 'rule', render: (rule: string, row) => <span title={rule}>{label(CRITERION_RULES, row.criterion)}</span> },
              ]}
            />
            <Space wrap style={{ marginTop: 8 }}>
              {(criteria.data?.ratings ?? []).map((r) => (
                <Tag key={r.rating} color={RATING_COLORS[r.rating]}>
                  {label(RATING_LABELS, r.rating)} ≥ {r.min}
                </Tag>
              ))}
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('评估总分', 'Totals')} style={{ marginBottom: 16 }}>
            {list.length ? <Chart option={chart} height={Math.max(200, list.length * 36 + 40)} testId="evaluations-chart" /> : <Typography.Text type="secondary">{t('尚无评估记录', 'No evaluations yet')}</Typography.Text>}
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('评估记录', 'Evaluations')}>
        <ServerError error={evaluations.error} />
        <Table<Evaluation>
          data-testid="evaluations-table"
          size="small"
          rowKey="id"
          loading={evaluations.loading}
          dataSource={list}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(e) => ({ onClick: () => setOpenId(e.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('评估对象', 'Subject'), dataIndex: 'subjectOrgId', render: (id: string) => <OrgName id={id} name={orgName} /> },
            { title: t('年度', 'Year'), dataIndex: 'year', width: 80 },
            { title: t('总分', 'Total'), dataIndex: 'total', width: 80 },
            { title: t('等级', 'Rating'), dataIndex: 'rating', width: 90, render: (r: Rating) => <Tag color={RATING_COLORS[r]}>{label(RATING_LABELS, r)}</Tag> },
            { title: t('评估时间', 'Evaluated'), dataIndex: 'evaluatedAt', width: 150, render: (v: string) => formatTime(v) },
          ]}
        />
      </Card>
      <EvaluationDrawer evaluationId={openId} onClose={() => setOpenId(null)} orgName={orgName} />
      <EvaluateModal
        open={evaluating}
        subjects={organizations.filter((o) => o.kind === 'operator' || o.kind === 'developer')}
        orgName={orgName}
        onClose={() => setEvaluating(false)}
        onDone={(e) => {
          setEvaluating(false)
          void evaluations.reload()
          setOpenId(e.id)
        }}
      />
    </div>
  )
}

interface EvaluateForm {
  subjectOrgId: string
  year: number
  note: string
}

function EvaluateModal({ open, subjects, orgName, onClose, onDone }: { open: boolean; subjects: readonly { id: string; kind: string }[]; orgName: OrgNamer; onClose(): void; onDone(e: Evaluation): void }) {
  const t = useT()
  const [form] = Form.useForm<EvaluateForm>()
  const lastYear = new Date().getFullYear() - 1
  const action = useAction((values: EvaluateForm) => post<Evaluation>('/api/v1/evaluations', { subjectOrgId: values.subjectOrgId, year: values.year, note: values.note.trim() }))
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    const evaluation = await action.run(values)
    if (evaluation) {
      form.resetFields()
      onDone(evaluation)
    }
  }
  return (
    <Modal
      open={open}
      title={t('开展年度评估（第三十三条）', 'Evaluate a year (art. 33)')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('按记录评估', 'Evaluate from the records')}
      okButtonProps={{ loading: action.running, ...({ 'data-testid': 'evaluation-submit' } as Record<string, string>) }}
      cancelText={t('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form<EvaluateForm> form={form} layout="vertical" preserve={false} initialValues={{ year: Math.max(2025, lastYear) }}>
        <Form.Item name="subjectOrgId" label={t('评估对象', 'Subject')} rules={[{ required: true, message: t('请选择一级或二级开发运营主体', 'Pick the operator or a developer') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={subjects.map((s) => ({ value: s.id, label: `${orgName(s.id)}（${s.kind === 'operator' ? t('一级', 'operator') : t('二级', 'developer')}）` }))}
            data-testid="evaluation-subject"
          />
        </Form.Item>
        <Form.Item
          name="year"
          label={t('评估年度（须已结束）', 'Year (must have ended)')}
          rules={[
            { required: true },
            { type: 'number', min: 2025, max: lastYear, message: t(`2025 至 ${lastYear} 年`, `2025 to ${lastYear}`) },
          ]}
        >
          <InputNumber min={2025} max={Math.max(2025, lastYear)} precision={0} />
        </Form.Item>
        <Form.Item name="note" label={t('评估意见', 'Note')} rules={[{ required: true, whitespace: true, message: t('请填写评估意见', 'Write a note') }, { max: 4000 }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
      </Form>
      <ServerError error={action.error} />
    </Modal>
  )
}
