import { Card, Col, Row, Statistic, Table, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import { useMemo } from 'react'
import { Chart } from '../../components/Chart.tsx'
import { formatNumber, formatTime } from '../../components/format.tsx'
import { useLang, useT } from '../../i18n.tsx'
import { PARTIES, PRODUCT_KINDS, SEVERITIES } from './labels.ts'
import type { AnnualFigures } from './types.ts'

const yuan = (value: number) => `¥${value.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
const monthLabel = (period: string, zh: boolean) => (zh ? `${Number(period.slice(5, 7))}月` : period.slice(5, 7))

function bytes(value: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = value
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${formatNumber(v, u ? 1 : 0)} ${units[u]}`
}

function Stat({ title, value, testId }: { title: string; value: string | number; testId?: string }) {
  return (
    <Col xs={12} md={8} xl={6}>
      <Card size="small" style={{ height: '100%' }}>
        <Statistic title={title} value={value} data-testid={testId} />
      </Card>
    </Col>
  )
}

/** The frozen figures of a report: key numbers, the five charts of the document, the tables. */
export function FiguresView({ figures: f }: { figures: AnnualFigures }) {
  const t = useT()
  const { lang } = useLang()
  const zh = lang === 'zh'
  const months = f.months.map((m) => monthLabel(m, zh))
  const charts = useMemo(() => {
    const bar = (name: string, data: number[], stack?: string) => ({ name, type: 'bar' as const, data, ...(stack ? { stack } : {}), barMaxWidth: 28 })
    const line = (name: string, data: number[]) => ({ name, type: 'line' as const, data, symbolSize: 6 })
    const base = { tooltip: { trigger: 'axis' as const }, legend: { bottom: 0 }, grid: { left: 56, right: 16, top: 16, bottom: 48 } }
    const queries: EChartsOption = {
      ...base,
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        bar(t('真实数据已应答', 'Answered'), f.data.queries.byMonth.map((m) => m.answered), 'runs'),
        bar(t('沙箱', 'Sandbox'), f.data.queries.byMonth.map((m) => m.sandbox), 'runs'),
        line(t('拒绝', 'Refused'), f.data.queries.byMonth.map((m) => m.refused)),
      ],
    }
    const gateway: EChartsOption = {
      ...base,
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1 },
      series: [bar(t('已应答', 'Answered'), f.gateway.byMonth.map((m) => m.answered), 'calls'), bar(t('拒绝', 'Refused'), f.gateway.byMonth.map((m) => m.refused), 'calls')],
    }
    const money: EChartsOption = {
      ...base,
      grid: { ...base.grid, left: 72 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value' },
      series: [
        bar(t('收入', 'Revenue'), f.ledger.byMonth.map((m) => m.revenueYuan)),
        bar(t('成本', 'Costs'), f.ledger.byMonth.map((m) => m.costsYuan)),
        line(t('净收益', 'Net'), f.ledger.byMonth.map((m) => Math.round((m.revenueYuan - m.costsYuan) * 100) / 100)),
      ],
    }
    const products: EChartsOption = {
      ...base,
      legend: undefined,
      grid: { ...base.grid, bottom: 32 },
      xAxis: { type: 'category', axisLabel: { interval: 0, fontSize: 11 }, data: f.products.byKind.map((k) => (PRODUCT_KINDS[k.key] ? t(PRODUCT_KINDS[k.key]!.zh, PRODUCT_KINDS[k.key]!.en) : k.key)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ ...bar(t('产品数', 'Products'), f.products.byKind.map((k) => k.count)), label: { show: true, position: 'top' } }],
    }
    const incidents: EChartsOption = {
      ...base,
      xAxis: { type: 'category', axisLabel: { interval: 0, fontSize: 11 }, data: f.incidents.bySeverity.map((s) => (SEVERITIES[s.severity] ? t(SEVERITIES[s.severity]!.zh, SEVERITIES[s.severity]!.en) : s.severity)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [bar(t('报告', 'Reported'), f.incidents.bySeverity.map((s) => s.reported)), bar(t('已关闭', 'Closed'), f.incidents.bySeverity.map((s) => s.closed))],
    }
    return { queries, gateway, money, products, incidents }
    // t follows lang
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [f, lang])

  const q = f.data.queries
  return (
    <div data-testid="report-figures">
      <Typography.Paragraph type="secondary">
        {t(
          `报告期 ${f.period.from} 至 ${f.period.to}${f.yearComplete ? '' : '（年度未结束，截至编制日）'}；编制于 ${formatTime(f.compiledAt)}。流量指标为报告期内发生数，存量指标为编制时状态。`,
          `Period ${f.period.from} to ${f.period.to}${f.yearComplete ? '' : ' (the year is still running)'}; compiled ${formatTime(f.compiledAt)}. Flows count the period; stocks are as of compilation.`,
        )}
      </Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Stat title={t('授权数据资源', 'Resources granted')} value={f.data.granted} />
        <Stat title={t('资源池在用数据行', 'Rows serving')} value={formatNumber(f.data.rowsServing)} />
        <Stat title={t('安全域查询（应答 / 拒绝）', 'Queries (answered / refused)')} value={`${formatNumber(q.real.answered)} / ${formatNumber(q.real.refused + q.sandbox.refused)}`} testId="report-stat-queries" />
        <Stat title={t('有效授权', 'Authorizations in force')} value={f.authorizations.inForce} />
        <Stat title={t('数据产品', 'Products')} value={f.products.total} />
        <Stat title={t('接口调用（应答）', 'Gateway calls answered')} value={formatNumber(f.gateway.answered)} />
        <Stat title={t('收入 / 成本', 'Revenue / costs')} value={`${yuan(f.ledger.revenueYuan)} / ${yuan(f.ledger.costsYuan)}`} />
        <Stat title={t('安全事件（未关闭）', 'Incidents (open)')} value={`${f.incidents.total} (${f.incidents.open})`} />
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('安全域查询（按月）', 'Queries per month')}>
            <Chart option={charts.queries} testId="report-chart-queries" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('接口调用（按月）', 'Gateway calls per month')}>
            <Chart option={charts.gateway} testId="report-chart-gateway" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('收入与成本（按月，元）', 'Revenue and costs per month, yuan')}>
            <Chart option={charts.money} testId="report-chart-money" />
          </Card>
        </Col>
        <Col xs={24} xl={6}>
          <Card size="small" title={t('数据产品（按类型）', 'Products by kind')}>
            <Chart option={charts.products} testId="report-chart-products" />
          </Card>
        </Col>
        <Col xs={24} xl={6}>
          <Card size="small" title={t('安全事件（按级别）', 'Incidents by severity')}>
            <Chart option={charts.incidents} testId="report-chart-incidents" />
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('获得授权的数据资源', 'Resources granted')}>
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={[...f.data.resources]}
              columns={[
                { title: t('资源', 'Resource'), render: (_v, r) => <span>{r.name} <Typography.Text type="secondary">{r.code}</Typography.Text></span> },
                { title: t('分级', 'Grade'), dataIndex: 'grade' },
                { title: t('版本', 'Version'), dataIndex: 'version', render: (v: number | null) => (v === null ? '—' : `v${v}`) },
                { title: t('数据行', 'Rows'), dataIndex: 'rows', align: 'right', render: (v: number) => formatNumber(v) },
                { title: t('大小', 'Size'), dataIndex: 'bytes', align: 'right', render: bytes },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('加工处理与输出检查', 'Processing and output checks')}>
            <Table
              size="small"
              rowKey="k"
              pagination={false}
              showHeader={false}
              dataSource={[
                { k: t('本年载入版本 / 数据行 / 隔离行', 'Versions / rows loaded / quarantined'), v: `${f.data.loads.versions} / ${formatNumber(f.data.loads.rows)} / ${formatNumber(f.data.loads.quarantined)}` },
                { k: t('工作空间（开放 / 暂停 / 关闭）', 'Workspaces (open / suspended / closed)'), v: `${f.data.workspaces.open} / ${f.data.workspaces.suspended} / ${f.data.workspaces.closed}` },
                { k: t('沙箱查询 / 模型训练', 'Sandbox queries / trainings'), v: `${formatNumber(q.sandbox.answered)} / ${formatNumber(q.training)}` },
                { k: t('发布结果行 / 扣留行 / 抑制单元格', 'Rows released / withheld / cells suppressed'), v: `${formatNumber(q.rowsReleased)} / ${formatNumber(q.rowsWithheld)} / ${formatNumber(q.cellsSuppressed)}` },
                { k: t('差分隐私预算消耗 ε', 'Privacy budget spent ε'), v: formatNumber(q.epsilonSpent, 2) },
                { k: t('平台接口拒绝访问', 'API refusals'), v: formatNumber(f.data.accessRefusals) },
              ]}
              columns={[{ dataIndex: 'k' }, { dataIndex: 'v', align: 'right' }]}
            />
            <Typography.Title level={5} style={{ marginTop: 12 }}>
              {t('安全网关拒绝规则', 'Rules the gate refused under')}
            </Typography.Title>
            <Table
              size="small"
              rowKey="rule"
              pagination={false}
              dataSource={[...f.data.refusalsByRule]}
              columns={[
                { title: t('规则', 'Rule'), dataIndex: 'rule', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                { title: t('次数', 'Refusals'), dataIndex: 'count', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('授权对象、范围和期限', 'Authorizations')}>
            <Table
              size="small"
              rowKey="workspace"
              pagination={false}
              dataSource={[...f.authorizations.list]}
              columns={[
                { title: t('二级开发运营主体', 'Developer'), dataIndex: 'developer' },
                { title: t('场景', 'Scenario'), render: (_v, a) => `${a.scenario.name}（${a.scenario.code}）` },
                { title: t('期限', 'Term'), render: (_v, a) => `${a.term.start} – ${a.term.end}` },
                { title: t('状态', 'Status'), dataIndex: 'status' },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t(
                `场景 ${f.scenarios.approvedTotal} 个（本年审定 ${f.scenarios.approvedInYear}）；授权本年新增 ${f.authorizations.new}、到期 ${f.authorizations.expired}、终止 ${f.authorizations.terminated}、暂停 ${f.authorizations.suspensions} 次；登记申请 ${f.registrations.applied}、完成 ${f.registrations.registered}。`,
                `${f.scenarios.approvedTotal} scenarios (${f.scenarios.approvedInYear} approved this year); authorizations: ${f.authorizations.new} new, ${f.authorizations.expired} expired, ${f.authorizations.terminated} terminated, ${f.authorizations.suspensions} suspensions; registrations: ${f.registrations.applied} applied, ${f.registrations.registered} registered.`,
              )}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('收益分配', 'Revenue shares')}>
            <Table
              size="small"
              rowKey={(s) => `${s.party}:${s.orgId ?? ''}`}
              pagination={false}
              dataSource={[...f.ledger.shares]}
              columns={[
                { title: t('参与方', 'Party'), dataIndex: 'party', render: (p: string) => (PARTIES[p] ? t(PARTIES[p]!.zh, PARTIES[p]!.en) : p) },
                { title: t('主体', 'Organization'), dataIndex: 'name' },
                { title: t('金额', 'Amount'), dataIndex: 'amountYuan', align: 'right', render: yuan },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('安全、整改、评估与全程记录', 'Security, rectification, evaluation and the audit log')}>
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              {t(
                `安全事件 ${f.incidents.total} 起（已关闭 ${f.incidents.closed}，超期 ${f.incidents.overdue}，处置时长中位数 ${f.incidents.medianCloseHours ?? '—'} 小时）；责令整改 ${f.rectifications.ordered} 次，整改恢复 ${f.rectifications.accepted} 次；评估 ${f.evaluations.length} 项；销毁证明 ${f.destruction.certificates} 份。`,
                `${f.incidents.total} incidents (${f.incidents.closed} closed, ${f.incidents.overdue} past their deadline, median ${f.incidents.medianCloseHours ?? '—'} h to close); ${f.rectifications.ordered} rectifications ordered, ${f.rectifications.accepted} accepted; ${f.evaluations.length} evaluations; ${f.destruction.certificates} destruction certificates.`,
              )}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t(`本年审计日志 ${formatNumber(f.audit.entriesInYear)} 条，链头 ${formatNumber(f.audit.headSeq)}。`, `${formatNumber(f.audit.entriesInYear)} audit entries this year, chain head at ${formatNumber(f.audit.headSeq)}.`)}{' '}
              {f.audit.checkpoint ? (
                <>
                  {t('最新签名检查点', 'Latest signed checkpoint')} #{f.audit.checkpoint.seq} ({formatTime(f.audit.checkpoint.signedAt)}):{' '}
                  <Typography.Text code copyable style={{ fontSize: 12 }}>
                    {f.audit.checkpoint.hash}
                  </Typography.Text>
                </>
              ) : (
                t('尚无签名检查点。', 'No signed checkpoint yet.')
              )}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </div>
  )
}
