import { ReloadOutlined } from '@ant-design/icons'
import type { EChartsOption } from 'echarts'
import { Alert, Button, Card, Collapse, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import { Chart } from '../../components/Chart.tsx'
import { formatNumber } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useLang, useT } from '../../i18n.tsx'
import { RISK_LEVEL, useWords } from './labels.tsx'
import type { LinkageMeasures, LinkageRisk, LinkageRiskLevel, ResourceLinkage } from './types.ts'

const LEVEL_COLORS: Record<LinkageRiskLevel, string> = { low: 'green', medium: 'orange', high: 'red' }
const LEVEL_FILL: Record<LinkageRiskLevel, string> = { low: '#52c41a', medium: '#fa8c16', high: '#f5222d' }

export function RiskTag({ level }: { level: LinkageRiskLevel }) {
  const t = useT()
  const words = useWords()
  return <Tag color={LEVEL_COLORS[level]}>{t(`${words(RISK_LEVEL, level)}风险`, `${words(RISK_LEVEL, level)} risk`)}</Tag>
}

const pct = (x: number) => `${formatNumber(x * 100, 1)}%`

/**
 * The re-identification risk of the agreement's scope (art. 28): per resource and combined, as
 * a chart of the shares that matter (entities unique in their combination, entities in classes
 * below k, the average risk) and the measures behind them.
 */
export function LinkageRiskPanel({ agreementId }: { agreementId: string }) {
  const t = useT()
  const { lang } = useLang()
  const risk = useGet<LinkageRisk>(`/api/v1/agreements/${agreementId}/linkage-risk`)
  const option = useMemo(() => {
    if (!risk.data) return null
    const tr = (zh: string, en: string) => (lang === 'zh' ? zh : en)
    return riskChart(risk.data, tr, (l) => tr(`${RISK_LEVEL[l]?.zh ?? l}风险`, `${RISK_LEVEL[l]?.en ?? l} risk`))
  }, [risk.data, lang])

  if (risk.loading && !risk.data)
    return (
      <Space style={{ margin: 32 }}>
        <Spin /> {t('正在计算关联风险……', 'Computing the linkage risk…')}
      </Space>
    )
  if (!risk.data) return <ServerError error={risk.error} />
  const r = risk.data
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="linkage-risk">
      <Alert
        type={r.level === 'high' ? 'error' : r.level === 'medium' ? 'warning' : 'success'}
        showIcon
        message={
          <Space wrap>
            {t('授权范围的关联汇聚风险', 'Linkage risk of the scope')} <RiskTag level={r.level} />
            <Typography.Text type="secondary">k = {r.k}</Typography.Text>
          </Space>
        }
        description={
          r.combined
            ? t(
                `组合 ${r.combined.resources.length} 个资源后，${pct(r.combined.measures.uniqueShare)} 的主体可凭准标识组合唯一识别；组合比单个资源最高唯一率增加 ${pct(r.combined.addedUniqueShare)}。`,
                `Combining ${r.combined.resources.length} resources, ${pct(r.combined.measures.uniqueShare)} of entities are unique in their quasi-identifiers; combining adds ${pct(r.combined.addedUniqueShare)} over the worst single resource.`,
              )
            : t('范围内没有可按主体关联的资源：各资源的行不描述同一主体，不能互相关联。', 'No resource of the scope describes entities: their rows cannot be linked.')
        }
        action={<Button size="small" icon={<ReloadOutlined />} onClick={() => void risk.reload()} aria-label={t('重新计算', 'Recompute')} />}
      />
      {option ? (
        <Card size="small" title={t('各资源与组合的风险', 'Risk per resource and combined')}>
          <Chart option={option} height={300} testId="linkage-risk-chart" />
        </Card>
      ) : null}
      <Table<ResourceLinkage>
        size="small"
        rowKey="resourceCode"
        pagination={false}
        data-testid="linkage-risk-table"
        dataSource={[...r.resources]}
        expandable={{
          rowExpandable: (x) => x.status === 'computed',
          expandedRowRender: (x) => (x.status === 'computed' ? <MeasuresView measures={x.measures} quasi={x.quasiIdentifiers} excluded={x.excluded} /> : null),
        }}
        columns={[
          { title: t('资源', 'Resource'), render: (_, x) => `${x.resourceCode} (${x.table})` },
          {
            title: t('主体列', 'Entity column'),
            render: (_, x) => (x.status === 'computed' ? <Typography.Text code>{x.entityColumn}</Typography.Text> : <Typography.Text type="secondary">{x.reason}</Typography.Text>),
          },
          { title: t('主体数', 'Entities'), render: (_, x) => (x.status === 'computed' ? formatNumber(x.measures.entities) : '—') },
          { title: t('唯一率', 'Unique'), render: (_, x) => (x.status === 'computed' ? pct(x.measures.uniqueShare) : '—') },
          { title: t('低于 k', 'Below k'), render: (_, x) => (x.status === 'computed' ? pct(x.measures.belowKShare) : '—') },
          { title: t('平均风险', 'Average risk'), render: (_, x) => (x.status === 'computed' ? pct(x.measures.averageRisk) : '—') },
          { title: t('等级', 'Level'), render: (_, x) => (x.status === 'computed' ? <RiskTag level={x.measures.level} /> : <Tag>{x.status === 'row-level' ? t('行级', 'row-level') : t('无数据', 'no data')}</Tag>) },
        ]}
      />
      {r.combined ? (
        <Card size="small" title={t('组合风险', 'Combined')} extra={<RiskTag level={r.combined.measures.level} />}>
          <MeasuresView measures={r.combined.measures} quasi={r.combined.quasiIdentifiers} excluded={[]} />
        </Card>
      ) : null}
      <Collapse size="small" items={[{ key: 'method', label: t('计算方法', 'Method'), children: <Typography.Paragraph style={{ margin: 0 }}>{r.method}</Typography.Paragraph> }]} />
    </Space>
  )
}

function MeasuresView({ measures: m, quasi, excluded }: { measures: LinkageMeasures; quasi: readonly string[]; excluded: readonly string[] }) {
  const t = useT()
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 1, md: 3, lg: 3, xl: 3, xxl: 3 }} bordered>
      <Descriptions.Item label={t('准标识', 'Quasi-identifiers')} span={3}>
        {quasi.length ? quasi.map((q) => <Tag key={q}>{q}</Tag>) : '—'}
      </Descriptions.Item>
      {excluded.length ? (
        <Descriptions.Item label={t('排除（随主体变化的列）', 'Excluded (vary within entity)')} span={3}>
          {excluded.map((q) => (
            <Tag key={q}>{q}</Tag>
          ))}
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('等价类', 'Classes')}>{formatNumber(m.classes)}</Descriptions.Item>
      <Descriptions.Item label={t('唯一主体', 'Unique entities')}>{formatNumber(m.uniques)}</Descriptions.Item>
      <Descriptions.Item label={t('检察官风险', 'Prosecutor risk')}>{pct(m.prosecutorRisk)}</Descriptions.Item>
      <Descriptions.Item label={t('判断依据', 'Reasons')} span={3}>
        {m.reasons.map((reason) => (
          <div key={reason}>· {reason}</div>
        ))}
      </Descriptions.Item>
    </Descriptions>
  )
}

function riskChart(r: LinkageRisk, t: (zh: string, en: string) => string, level: (l: LinkageRiskLevel) => string): EChartsOption | null {
  const computed = r.resources.filter((x): x is Extract<ResourceLinkage, { status: 'computed' }> => x.status === 'computed')
  const bars = [...computed.map((x) => ({ name: x.table, m: x.measures })), ...(r.combined ? [{ name: t('组合', 'Combined'), m: r.combined.measures }] : [])]
  if (bars.length === 0) return null
  const series = (name: string, color: string, value: (m: LinkageMeasures) => number) => ({
    name,
    type: 'bar' as const,
    itemStyle: { color },
    data: bars.map((b) => Math.round(value(b.m) * 1000) / 10),
    label: { show: true, position: 'top' as const, formatter: '{c}%', fontSize: 10 },
  })
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${v as number}%` },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: bars.map((b) => `${b.name}\n{${b.m.level}|${level(b.m.level)}}`),
      axisLabel: {
        interval: 0,
        rich: Object.fromEntries((['low', 'medium', 'high'] as const).map((l) => [l, { color: LEVEL_FILL[l], fontWeight: 'bold' as const }])),
      },
    },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      series(t('唯一率', 'Unique share'), '#1d5fbf', (m) => m.uniqueShare),
      series(t('低于 k 的主体', 'Below k'), '#fa8c16', (m) => m.belowKShare),
      series(t('平均风险', 'Average risk'), '#cf1322', (m) => m.averageRisk),
    ],
  }
}
