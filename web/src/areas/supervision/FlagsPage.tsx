import { ApartmentOutlined, FileProtectOutlined, ReloadOutlined } from '@ant-design/icons'
import { Badge, Button, Card, Col, Empty, Row, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { formatNumber } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { canReadAudit } from './access.ts'
import { AgreementDrawer } from './AgreementDrawer.tsx'
import { useAutoRefresh } from './autoRefresh.ts'
import { FlagSubject, splitSubject, useFlagDetail } from './flagParts.tsx'
import { FLAG_KIND_HINTS, FLAG_KIND_LABELS, SEVERITY_COLORS, SEVERITY_LABELS, useLabel } from './labels.ts'
import { useOrgNames } from './orgs.tsx'
import { FLAG_KINDS, type Agreement, type Flag, type FlagKind, type FlagSeverity, type FlagsAnswer, type Workspace } from './types.ts'

const REFRESH_SECONDS = 30
const SEVERITY_ORDER: readonly FlagSeverity[] = ['critical', 'warning', 'info']

/**
 * 监管预警: the live flags of the regulator (art. 4, 17, 30), computed by the server at each
 * request and fetched again every 30 seconds. From a flag the agreement concerned opens, with the
 * order to suspend it for rectification (art. 34).
 */
export default function FlagsPage() {
  const t = useT()
  const label = useLabel()
  const flags = useGet<FlagsAnswer>('/api/v1/supervision/flags')
  const workspaces = useGet<{ workspaces: Workspace[] }>('/api/v1/workspaces')
  const agreements = useGet<{ agreements: Agreement[] }>('/api/v1/agreements')
  const { name: orgName } = useOrgNames()
  const detail = useFlagDetail(orgName)
  const [live, setLive] = useState(true)
  const { lastAt, refresh } = useAutoRefresh(flags.reload, REFRESH_SECONDS, live)
  const [kind, setKind] = useState<FlagKind | null>(null)
  const [agreementId, setAgreementId] = useState<string | null>(null)

  const all = flags.data?.flags ?? []
  const counts = useMemo(() => {
    const byKind = new Map<FlagKind, { n: number; worst: FlagSeverity }>()
    for (const f of all) {
      const seen = byKind.get(f.kind)
      const worst = seen && SEVERITY_ORDER.indexOf(seen.worst) < SEVERITY_ORDER.indexOf(f.severity) ? seen.worst : f.severity
      byKind.set(f.kind, { n: (seen?.n ?? 0) + 1, worst })
    }
    return byKind
  }, [all])
  const shown = kind ? all.filter((f) => f.kind === kind) : all

  const workspaceOf = (id: string) => workspaces.data?.workspaces.find((w) => w.id === id)
  const agreementOf = (id: string) => agreements.data?.agreements.find((a) => a.id === id)
  /** The agreement a flag concerns, if any: directly, or through its workspace. */
  const agreementFor = (flag: Flag): string | null => {
    const [type, id] = splitSubject(flag.subject)
    if (type === 'agreement') return id
    if (type === 'workspace') return workspaceOf(id)?.agreementId ?? null
    return null
  }

  const thresholds = flags.data?.thresholds
  return (
    <div data-testid="flags-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('监管预警', 'Supervision flags')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('按平台记录实时计算，不会过时也不会遗漏（第四、十七、三十条）', 'Computed live from the records: never stale, never forgotten (art. 4, 17, 30)')}
          </Typography.Text>
        </div>
        <Space>
          <Typography.Text type="secondary" data-testid="flags-updated">
            {t('更新于', 'Updated')} {lastAt.toLocaleTimeString('zh-CN', { hour12: false })}
          </Typography.Text>
          <Tooltip title={t(`每 ${REFRESH_SECONDS} 秒自动刷新`, `Refresh every ${REFRESH_SECONDS} s`)}>
            <Switch checked={live} onChange={setLive} checkedChildren={t('自动', 'Live')} unCheckedChildren={t('暂停', 'Paused')} data-testid="flags-live" />
          </Tooltip>
          <Button icon={<ReloadOutlined />} loading={flags.loading} onClick={() => void refresh()} data-testid="flags-refresh">
            {t('刷新', 'Refresh')}
          </Button>
        </Space>
      </Space>
      <ServerError error={flags.error} />

      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {FLAG_KINDS.map((k) => {
          const c = counts.get(k)
          const active = kind === k
          return (
            <Col key={k} xs={12} md={8} xl={6} xxl={3}>
              <Card
                size="small"
                hoverable
                onClick={() => setKind(active ? null : k)}
                data-testid={`flag-card-${k}`}
                style={{ borderColor: active ? '#1d5fbf' : undefined, background: c ? undefined : '#fafafa', height: '100%' }}
              >
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {label(FLAG_KIND_LABELS, k)}
                </Typography.Text>
                <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
                  <span style={{ fontSize: 26, fontWeight: 600, color: c ? (c.worst === 'critical' ? '#cf1322' : c.worst === 'warning' ? '#d46b08' : '#1d5fbf') : '#bfbfbf' }}>{c?.n ?? 0}</span>
                  {c ? <Tag color={SEVERITY_COLORS[c.worst]}>{label(SEVERITY_LABELS, c.worst)}</Tag> : null}
                </div>
              </Card>
            </Col>
          )
        })}
      </Row>

      <Card
        size="small"
        title={
          <Space>
            {kind ? label(FLAG_KIND_LABELS, kind) : t('全部预警', 'All flags')}
            <Badge count={shown.length} showZero color={shown.length ? '#cf1322' : '#52c41a'} />
            {kind ? (
              <Button size="small" type="link" onClick={() => setKind(null)}>
                {t('显示全部', 'Show all')}
              </Button>
            ) : null}
          </Space>
        }
      >
        <Table<Flag>
          data-testid="flags-table"
          size="small"
          rowKey={(f) => `${f.kind}|${f.subject}`}
          loading={flags.loading && !flags.data}
          dataSource={[...shown]}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('当前没有预警', 'No flags right now')} /> }}
          columns={[
            {
              title: t('级别', 'Severity'),
              dataIndex: 'severity',
              width: 80,
              render: (s: FlagSeverity) => <Tag color={SEVERITY_COLORS[s]}>{label(SEVERITY_LABELS, s)}</Tag>,
            },
            { title: t('类型', 'Kind'), dataIndex: 'kind', width: 150, render: (k: FlagKind) => label(FLAG_KIND_LABELS, k) },
            {
              title: t('对象', 'Subject'),
              dataIndex: 'subject',
              width: 240,
              render: (subject: string) => <FlagSubject subject={subject} orgName={orgName} agreementOf={agreementOf} />,
            },
            {
              title: t('情况', 'Detail'),
              key: 'detail',
              render: (_: unknown, f) => (
                <div>
                  <div>{detail(f)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {label(FLAG_KIND_HINTS, f.kind)}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('处置', 'Act'),
              key: 'act',
              width: 200,
              render: (_: unknown, f) => <FlagActions flag={f} agreementId={agreementFor(f)} onOpenAgreement={setAgreementId} />,
            },
          ]}
        />
        {thresholds ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('阈值', 'Thresholds')}：{t('7 日输出检查拦截', 'output checks in 7 days')} ≥ {thresholds.outputCheckFailures}；{t('隐私预算', 'privacy budget')} ≥{' '}
            {formatNumber(thresholds.budgetWarning * 100)}%；{t('1 小时被拒查询', 'refused queries per hour')} ≥ {thresholds.refusedBurst}；{t('1 小时被拒接口调用', 'refused gateway calls per hour')} ≥{' '}
            {thresholds.gatewayRefusals}
          </Typography.Paragraph>
        ) : null}
      </Card>

      <AgreementDrawer agreementId={agreementId} onClose={() => setAgreementId(null)} onChanged={() => void refresh()} orgName={orgName} />
    </div>
  )
}

function FlagActions({ flag, agreementId, onOpenAgreement }: { flag: Flag; agreementId: string | null; onOpenAgreement(id: string): void }) {
  const t = useT()
  const me = useMe()
  const [type, id] = splitSubject(flag.subject)
  return (
    <Space size={4} wrap>
      {agreementId ? (
        <Button size="small" icon={<FileProtectOutlined />} onClick={() => onOpenAgreement(agreementId)} data-testid="flag-open-agreement">
          {t('查看协议', 'Agreement')}
        </Button>
      ) : null}
      {type === 'workspace' ? (
        <Link to={`/lineage?node=${encodeURIComponent(flag.subject)}&direction=down`}>
          <Button size="small" icon={<ApartmentOutlined />}>
            {t('血缘', 'Lineage')}
          </Button>
        </Link>
      ) : null}
      {type === 'incident' ? (
        <Link to={`/incidents?id=${encodeURIComponent(id)}`}>
          <Button size="small">{t('查看事件', 'Incident')}</Button>
        </Link>
      ) : null}
      {flag.kind === 'no-emergency-plan' ? (
        <Link to="/emergency-plans">
          <Button size="small">{t('应急预案', 'Plans')}</Button>
        </Link>
      ) : null}
      {type === 'workspace' && canReadAudit(me) ? (
        <Link to={`/audit?objectType=workspace&objectId=${encodeURIComponent(id)}`}>
          <Button size="small">{t('审计', 'Audit')}</Button>
        </Link>
      ) : null}
    </Space>
  )
}
