import { AlertOutlined, ApartmentOutlined, FileSearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Empty, List, Row, Space, Statistic, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { get } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { AgreementDrawer } from './AgreementDrawer.tsx'
import { FlagSubject, useFlagDetail } from './flagParts.tsx'
import { useAutoRefresh } from './autoRefresh.ts'
import { FLAG_KIND_LABELS, INCIDENT_SEVERITY_COLORS, INCIDENT_SEVERITY_LABELS, SEVERITY_COLORS, SEVERITY_LABELS, useLabel } from './labels.ts'
import { useOrgNames } from './orgs.tsx'
import type { Agreement, CheckpointsAnswer, FlagsAnswer, Incident, VerifyReport } from './types.ts'

/**
 * The regulator's today (监管部门): what the flags say now, incidents still open, rectifications
 * due, and whether the audit log is intact up to its latest signed checkpoint.
 */
export default function RegulatorWorkbench() {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const flags = useGet<FlagsAnswer>('/api/v1/supervision/flags')
  const incidents = useGet<{ incidents: Incident[] }>('/api/v1/incidents')
  const agreements = useGet<{ agreements: Agreement[] }>('/api/v1/agreements')
  const checkpoints = useGet<CheckpointsAnswer>('/api/v1/audit/checkpoints')
  const { name: orgName } = useOrgNames()
  const detail = useFlagDetail(orgName)
  const [agreementId, setAgreementId] = useState<string | null>(null)
  useAutoRefresh(flags.reload, 30, true)

  // The chain is verified once per visit: each verification is itself recorded in the log.
  const [report, setReport] = useState<VerifyReport | undefined>(undefined)
  const verify = useAction(async () => setReport(await get<VerifyReport>('/api/v1/audit/verify')))
  const { run } = verify
  useEffect(() => {
    void run()
  }, []) // eslint-disable-line react-hooks/exhaustive-deps

  const allFlags = flags.data?.flags ?? []
  const serious = allFlags.filter((f) => f.severity !== 'info')
  const openIncidents = (incidents.data?.incidents ?? []).filter((i) => i.status !== 'closed')
  const suspended = (agreements.data?.agreements ?? []).filter((a) => a.status === 'suspended').sort((a, b) => (a.suspension?.rectificationDeadline ?? '9999').localeCompare(b.suspension?.rectificationDeadline ?? '9999'))
  const expiring = allFlags.filter((f) => f.kind === 'expiring-agreement')
  const latest = checkpoints.data?.checkpoints.at(-1)
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

  return (
    <div data-testid="regulator-workbench">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('今日监管', 'Supervision today')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {me.organization.name} · {t('只读监督全部记录，可责令整改（第三十、三十四条）', 'Read-only over every record; may order rectification (art. 30, 34)')}
      </Typography.Paragraph>

      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={6}>
          <Link to="/supervision/flags">
            <Card size="small" hoverable data-testid="wb-flags">
              <Statistic
                title={t('严重 / 警告预警', 'Critical / warning flags')}
                value={serious.length}
                suffix={<Typography.Text type="secondary" style={{ fontSize: 14 }}>/ {allFlags.length}</Typography.Text>}
                valueStyle={{ color: allFlags.some((f) => f.severity === 'critical') ? '#cf1322' : serious.length ? '#d46b08' : undefined }}
                prefix={<AlertOutlined />}
              />
            </Card>
          </Link>
        </Col>
        <Col xs={12} lg={6}>
          <Link to="/incidents">
            <Card size="small" hoverable data-testid="wb-incidents">
              <Statistic title={t('处置中安全事件', 'Open incidents')} value={openIncidents.length} valueStyle={{ color: openIncidents.some((i) => i.overdue) ? '#cf1322' : undefined }} />
            </Card>
          </Link>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="wb-rectifications">
            <Statistic title={t('暂停整改中的授权', 'Suspended for rectification')} value={suspended.length} valueStyle={{ color: suspended.some((a) => (a.suspension?.rectificationDeadline ?? '9999') < today) ? '#cf1322' : undefined }} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Link to="/audit?tab=integrity">
            <Card size="small" hoverable data-testid="wb-chain">
              <Statistic
                title={t('审计日志哈希链', 'Audit hash chain')}
                value={report ? (report.ok ? t('完整', 'Intact') : t('已断裂', 'Broken')) : verify.running ? t('验证中…', 'Verifying…') : '—'}
                valueStyle={{ color: report ? (report.ok ? '#389e0d' : '#cf1322') : undefined }}
                prefix={<SafetyCertificateOutlined />}
              />
            </Card>
          </Link>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('需要关注的预警', 'Flags to look at')}
            extra={
              <Link to="/supervision/flags">
                {t('全部预警', 'All flags')} ({allFlags.length})
              </Link>
            }
          >
            <ServerError error={flags.error} />
            <List
              data-testid="wb-flag-list"
              size="small"
              dataSource={[...allFlags].slice(0, 6)}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('当前没有预警', 'No flags right now')} /> }}
              renderItem={(f) => (
                <List.Item>
                  <Space direction="vertical" size={0}>
                    <Space>
                      <Tag color={SEVERITY_COLORS[f.severity]}>{label(SEVERITY_LABELS, f.severity)}</Tag>
                      <Typography.Text strong>{label(FLAG_KIND_LABELS, f.kind)}</Typography.Text>
                      <Typography.Text type="secondary">
                        <FlagSubject subject={f.subject} orgName={orgName} />
                      </Typography.Text>
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {detail(f)}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('处置中的安全事件', 'Open incidents')} extra={<Link to="/incidents">{t('全部事件', 'All incidents')}</Link>}>
            <ServerError error={incidents.error} />
            <List
              data-testid="wb-incident-list"
              size="small"
              dataSource={openIncidents.slice(0, 6)}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有处置中的事件', 'No open incidents')} /> }}
              renderItem={(i) => (
                <List.Item extra={i.overdue ? <Tag color="red">{t('逾期', 'Overdue')}</Tag> : <Typography.Text type="secondary">{formatTime(i.closeBy)}</Typography.Text>}>
                  <Space>
                    <Tag color={INCIDENT_SEVERITY_COLORS[i.severity]}>{label(INCIDENT_SEVERITY_LABELS, i.severity)}</Tag>
                    <Link to={`/incidents?id=${i.id}`}>{i.title}</Link>
                    <Typography.Text type="secondary">{orgName(i.reporterOrgId)}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('整改与到期', 'Rectifications and expiries')}>
            <ServerError error={agreements.error} />
            <List
              data-testid="wb-rectification-list"
              size="small"
              dataSource={suspended}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有暂停整改中的授权', 'No authorization suspended for rectification')} /> }}
              renderItem={(a) => {
                const due = a.suspension?.rectificationDeadline
                return (
                  <List.Item
                    actions={[
                      <Button key="open" size="small" onClick={() => setAgreementId(a.id)}>
                        {t('查看', 'Open')}
                      </Button>,
                    ]}
                  >
                    <Space direction="vertical" size={0}>
                      <Space>
                        <Typography.Text strong>{a.workspace.id}</Typography.Text>
                        <Typography.Text type="secondary">{orgName(a.developerOrgId)}</Typography.Text>
                      </Space>
                      <Typography.Text type={due && due < today ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                        {due ? t(`整改期限 ${due}${due < today ? '（已逾期）' : ''}`, `Rectify by ${due}${due < today ? ' (overdue)' : ''}`) : t('未设整改期限', 'No deadline set')} · {a.suspension?.reason}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )
              }}
            />
            {expiring.length ? (
              <Alert
                style={{ marginTop: 8 }}
                type="info"
                showIcon
                message={t(`${expiring.length} 项授权即将到期`, `${expiring.length} agreements expire soon`)}
                description={expiring.map((f) => detail(f)).join('；')}
              />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('最新签名检查点', 'Latest signed checkpoint')}
            extra={
              <Space>
                <Link to="/audit">
                  <FileSearchOutlined /> {t('审计检索', 'Audit search')}
                </Link>
                <Link to="/lineage">
                  <ApartmentOutlined /> {t('数据血缘', 'Lineage')}
                </Link>
              </Space>
            }
            data-testid="wb-checkpoint"
          >
            <ServerError error={checkpoints.error ?? verify.error} />
            {latest ? (
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text>
                  {t('截至条目', 'Up to entry')} <b>#{latest.seq}</b> · {t('签署于', 'signed')} {formatTime(latest.createdAt)} · {latest.suite.toUpperCase()}
                </Typography.Text>
                <Typography.Text code copyable={{ text: latest.hash }} style={{ fontSize: 12 }}>
                  {latest.hash}
                </Typography.Text>
                {report ? (
                  <Typography.Text type={report.ok ? 'success' : 'danger'}>
                    {report.ok
                      ? t(`已重新验证 ${report.entries} 条记录、${report.checkpoints} 个检查点，链头 #${report.headSeq}`, `Re-verified ${report.entries} entries and ${report.checkpoints} checkpoints; head #${report.headSeq}`)
                      : `${t('第一处断裂', 'First break')} #${report.firstBreak?.seq}: ${report.firstBreak?.message}`}
                  </Typography.Text>
                ) : null}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('尚无检查点', 'No checkpoint yet')}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
      <AgreementDrawer
        agreementId={agreementId}
        onClose={() => setAgreementId(null)}
        onChanged={() => {
          void agreements.reload()
          void flags.reload()
        }}
        orgName={orgName}
      />
    </div>
  )
}
