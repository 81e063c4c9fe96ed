import { AlertOutlined } from '@ant-design/icons'
import { Button, Card, Col, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { formatTime, StatusTag } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { reportsIncidents } from './access.ts'
import { IncidentDrawer } from './IncidentDrawer.tsx'
import { INCIDENT_CATEGORY_LABELS, INCIDENT_SEVERITY_COLORS, INCIDENT_SEVERITY_LABELS, INCIDENT_STATUS_LABELS, RECEIVER_LABELS, useLabel } from './labels.ts'
import { OrgName, useOrgNames } from './orgs.tsx'
import { ReportIncidentModal } from './ReportIncidentModal.tsx'
import { INCIDENT_STATUSES, type Incident, type IncidentStatus } from './types.ts'

/**
 * 安全事件 (art. 13(1), 14(1)): incidents reported up the chain with a deadline by severity,
 * handled in steps to closure; the detail opens with `?id=inc_…` so flags can link to it.
 */
export default function IncidentsPage() {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const [status, setStatus] = useState<IncidentStatus | 'all'>('all')
  const incidents = useGet<{ incidents: Incident[] }>('/api/v1/incidents')
  const { name: orgName } = useOrgNames()
  const [reporting, setReporting] = useState(false)
  const openId = params.get('id')
  const open = (id: string | null) => {
    const next = new URLSearchParams(params)
    if (id) next.set('id', id)
    else next.delete('id')
    setParams(next)
  }

  const all = incidents.data?.incidents ?? []
  const shown = status === 'all' ? all : all.filter((i) => i.status === status)
  const openOnes = all.filter((i) => i.status !== 'closed')
  return (
    <div data-testid="incidents-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('安全事件', 'Security incidents')}
        </Typography.Title>
        {reportsIncidents(me) ? (
          <Button type="primary" danger icon={<AlertOutlined />} onClick={() => setReporting(true)} data-testid="incident-report">
            {t('报告安全事件', 'Report an incident')}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary">
        {t(
          '二级开发运营主体向一级开发运营主体报告（第十四条第一款），一级开发运营主体向协调机制办公室报告（第十三条第一款）；按级别限时处置结案，必要时暂停相关授权。',
          'Developers report to the operator (art. 14(1)), the operator to the office (art. 13(1)); each incident is closed within a deadline set by its severity, suspending the authorization concerned where needed.',
        )}
      </Typography.Paragraph>
      <ServerError error={incidents.error} />

      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('处置中', 'Open')} value={openOnes.length} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('逾期未结', 'Overdue')} value={openOnes.filter((i) => i.overdue).length} valueStyle={{ color: openOnes.some((i) => i.overdue) ? '#cf1322' : undefined }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('待受理', 'Awaiting acknowledgement')} value={all.filter((i) => i.status === 'reported').length} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('已结案', 'Closed')} value={all.filter((i) => i.status === 'closed').length} />
          </Card>
        </Col>
      </Row>

      <Card
        size="small"
        title={
          <Segmented
            value={status}
            onChange={(value) => setStatus(value as IncidentStatus | 'all')}
            options={[{ value: 'all', label: t('全部', 'All') }, ...INCIDENT_STATUSES.map((s) => ({ value: s, label: label(INCIDENT_STATUS_LABELS, s) }))]}
          />
        }
      >
        <Table<Incident>
          data-testid="incidents-table"
          size="small"
          rowKey="id"
          loading={incidents.loading}
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(i) => ({ onClick: () => open(i.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('标题', 'Title'), dataIndex: 'title', ellipsis: true, render: (v: string, i) => <Typography.Link onClick={() => open(i.id)}>{v}</Typography.Link> },
            { title: t('级别', 'Severity'), dataIndex: 'severity', width: 90, render: (s: Incident['severity']) => <Tag color={INCIDENT_SEVERITY_COLORS[s]}>{label(INCIDENT_SEVERITY_LABELS, s)}</Tag> },
            { title: t('类别', 'Category'), dataIndex: 'category', width: 100, render: (c: string) => label(INCIDENT_CATEGORY_LABELS, c) },
            { title: t('报告方', 'Reporter'), dataIndex: 'reporterOrgId', width: 180, ellipsis: true, render: (id: string) => <OrgName id={id} name={orgName} /> },
            { title: t('受理方', 'Receiver'), dataIndex: 'receiverKind', width: 130, render: (k: string) => label(RECEIVER_LABELS, k) },
            { title: t('报告时间', 'Reported'), dataIndex: 'reportedAt', width: 140, render: (v: string) => formatTime(v) },
            {
              title: t('处置时限', 'Close by'),
              dataIndex: 'closeBy',
              width: 160,
              render: (v: string, i) => (
                <span>
                  {formatTime(v)} {i.overdue ? <Tag color="red">{t('逾期', 'Overdue')}</Tag> : null}
                </span>
              ),
            },
            { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: (s: IncidentStatus) => <StatusTag status={s}>{label(INCIDENT_STATUS_LABELS, s)}</StatusTag> },
          ]}
        />
      </Card>

      <IncidentDrawer incidentId={openId} onClose={() => open(null)} onChanged={() => void incidents.reload()} onOpen={open} orgName={orgName} />
      <ReportIncidentModal
        open={reporting}
        onClose={() => setReporting(false)}
        onReported={(incident) => {
          setReporting(false)
          void incidents.reload()
          open(incident.id)
        }}
      />
    </div>
  )
}
