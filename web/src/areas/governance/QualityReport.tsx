import { Card, Col, Descriptions, Row, Statistic, Table, Tag, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import { useMemo } from 'react'
import { Chart } from '../../components/Chart.tsx'
import { formatNumber } from '../../components/format.tsx'
import { percent } from './pool.ts'
import type { QualityReport as Report } from './types.ts'
import { useStableT } from './labels.ts'

/** Timeliness: is the newest date in the data within the update cycle's allowance? */
export function TimelinessTag({ timeliness }: { timeliness: Report['timeliness'] }) {
  const t = useStableT()
  if (timeliness.status === 'ok') return <Tag color="green">{t('及时', 'Timely')}</Tag>
  if (timeliness.status === 'stale') return <Tag color="orange">{t('滞后', 'Stale')}</Tag>
  return <Tag>{t('无法判断', 'Unknown')}</Tag>
}

/** The server's problem texts (quality.ts, pool-load.ts) in the reader's language. */
export function useProblem(): (problem: string) => string {
  const t = useStableT()
  return (problem) => {
    const known: [RegExp, (m: RegExpExecArray) => string][] = [
      [/^not in its code list$/, () => t('不在代码表内', problem)],
      [/^below (.+)$/, (m) => t(`小于下限 ${m[1]}`, problem)],
      [/^above (.+)$/, (m) => t(`大于上限 ${m[1]}`, problem)],
      [/^invalid resident ID number/, () => t('居民身份号码无效（GB 11643 校验位、出生日期或地区码）', problem)],
      [/^invalid unified social credit code/, () => t('统一社会信用代码无效（GB 32100 校验码）', problem)],
      [/^not a mainland mobile number$/, () => t('不是有效的大陆手机号码', problem)],
      [/^bank card number fails the Luhn check$/, () => t('银行卡号未通过 Luhn 校验', problem)],
      [/^not a month YYYY-MM$/, () => t('不是 YYYY-MM 格式的月份', problem)],
      [/^not a 6-digit division code/, () => t('不是 6 位行政区划代码（GB/T 2260）', problem)],
      [/^not an email address$/, () => t('不是有效的电子邮箱', problem)],
      [/^duplicate key/, () => t(`主键重复：${problem.replace(/^duplicate key\s*/, '')}`, problem)],
      [/^missing value$|^null/, () => t('必填项为空', problem)],
    ]
    for (const [pattern, say] of known) {
      const m = pattern.exec(problem)
      if (m) return say(m)
    }
    return problem
  }
}

/**
 * A version's quality report (art. 10: 真实 准确 完整 时效 可用): rows in and out, and per field
 * the share of nulls and of invalid values, as a chart; uniqueness, timeliness and consistency.
 */
export function QualityReport({ report }: { report: Report }) {
  const t = useStableT()
  const problem = useProblem()
  const read = Math.max(1, report.rows.read)

  const invalidByField = useMemo(() => {
    const map = new Map<string, number>()
    for (const v of report.validity) for (const f of v.field.split(',')) map.set(f, (map.get(f) ?? 0) + v.rows)
    return map
  }, [report])

  const fieldChart = useMemo<EChartsOption>(() => {
    const fields = report.completeness.map((c) => c.field)
    const clean = report.completeness.every((c) => c.nulls === 0) && report.validity.length === 0
    return {
      ...(clean ? { title: { text: t('各信息项均无空值、无无效值', 'No nulls and no invalid values in any field'), left: 'center', bottom: 0, textStyle: { fontSize: 12, color: '#52c41a', fontWeight: 'normal' } } } : {}),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${Number(v).toFixed(2)}%` },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: clean ? 28 : 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: [...fields].reverse() },
      series: [
        { type: 'bar', name: t('空值率', 'Null rate'), itemStyle: { color: '#faad14' }, data: [...report.completeness].reverse().map((c) => round(c.rate * 100)) },
        { type: 'bar', name: t('无效率', 'Invalid rate'), itemStyle: { color: '#ff4d4f' }, data: [...fields].reverse().map((f) => round(((invalidByField.get(f) ?? 0) / read) * 100)) },
      ],
    }
  }, [report, invalidByField, read, t])

  const rowsChart = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'pie',
          radius: ['55%', '80%'],
          label: { show: true, position: 'center', formatter: () => percent(report.score), fontSize: 20, fontWeight: 'bold' },
          data: [
            { name: t('入池', 'Loaded'), value: report.rows.loaded, itemStyle: { color: '#52c41a' } },
            { name: t('隔离', 'Quarantined'), value: report.rows.quarantined - report.rows.rejectedByParser, itemStyle: { color: '#ff4d4f' } },
            { name: t('解析失败', 'Unparseable'), value: report.rows.rejectedByParser, itemStyle: { color: '#8c8c8c' } },
          ].filter((d) => d.value > 0),
        },
      ],
    }),
    [report, t],
  )

  return (
    <Row gutter={[16, 16]} data-testid="quality-report">
      <Col xs={24} lg={8}>
        <Card size="small" title={t('行数与入池率', 'Rows and score')} style={{ height: '100%' }}>
          <Chart option={rowsChart} height={170} testId="quality-rows-chart" />
          <Row gutter={8}>
            <Col span={8}><Statistic title={t('读入', 'Read')} value={report.rows.read} /></Col>
            <Col span={8}><Statistic title={t('入池', 'Loaded')} value={report.rows.loaded} valueStyle={{ color: '#389e0d' }} /></Col>
            <Col span={8}><Statistic title={t('隔离', 'Quarantined')} value={report.rows.quarantined} valueStyle={report.rows.quarantined ? { color: '#cf1322' } : undefined} /></Col>
          </Row>
          {report.rows.rejectedByParser ? (
            <Typography.Text type="secondary">{t(`其中 ${formatNumber(report.rows.rejectedByParser)} 行无法解析`, `${formatNumber(report.rows.rejectedByParser)} of them could not be parsed`)}</Typography.Text>
          ) : null}
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card size="small" title={t('各信息项空值率与无效率（完整性、有效性）', 'Null and invalid rate per field (completeness, validity)')}>
          <Chart option={fieldChart} height={Math.max(200, report.completeness.length * 34 + 50)} testId="quality-field-chart" />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('有效性问题', 'Validity problems')} style={{ height: '100%' }}>
          <Table
            size="small"
            rowKey={(v) => `${v.field}|${v.problem}`}
            dataSource={[...report.validity]}
            pagination={report.validity.length > 10 ? { pageSize: 10 } : false}
            data-testid="quality-validity"
            locale={{ emptyText: t('全部值通过校验', 'Every value passed') }}
            columns={[
              { title: t('信息项', 'Field'), dataIndex: 'field', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: t('问题', 'Problem'), dataIndex: 'problem', render: (v: string) => problem(v) },
              { title: t('行数', 'Rows'), dataIndex: 'rows', align: 'right', render: (v: number) => formatNumber(v) },
              { title: t('占比', 'Share'), key: 'share', align: 'right', render: (_, v) => percent(v.rows / read, 2) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('唯一性、时效性、一致性', 'Uniqueness, timeliness, consistency')} style={{ height: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('唯一性', 'Uniqueness')}>
              {report.uniqueness ? (
                <>
                  {t('主键', 'Key')} <Typography.Text code>{report.uniqueness.key.join(', ')}</Typography.Text>：
                  {report.uniqueness.duplicates ? (
                    <Typography.Text type="danger">{t(`${formatNumber(report.uniqueness.duplicates)} 行重复`, `${formatNumber(report.uniqueness.duplicates)} duplicate rows`)}</Typography.Text>
                  ) : (
                    <Tag color="green">{t('无重复', 'No duplicates')}</Tag>
                  )}
                </>
              ) : (
                t('未定义主键', 'No key declared')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('时效性', 'Timeliness')}>
              <TimelinessTag timeliness={report.timeliness} />
              {report.timeliness.field ? (
                <span>
                  <Typography.Text code>{report.timeliness.field}</Typography.Text> {t('最新', 'latest')} {report.timeliness.latest ?? '—'}
                  {report.timeliness.maxAgeDays !== null ? t(`（更新周期允许 ${report.timeliness.maxAgeDays} 天）`, ` (cycle allows ${report.timeliness.maxAgeDays} days)`) : ''}
                </span>
              ) : (
                t('无日期字段', 'No date field')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('一致性', 'Consistency')}>
              {report.consistency.length === 0
                ? t('无跨资源引用', 'No cross-resource references')
                : report.consistency.map((c) => (
                    <div key={c.field}>
                      <Typography.Text code>{c.field}</Typography.Text> → <Typography.Text code>{c.references}</Typography.Text>{' '}
                      {c.status === 'ok' ? (
                        <Tag color="green">{t('一致', 'Consistent')}</Tag>
                      ) : c.status === 'inconsistent' ? (
                        <Tag color="red">{t(`${formatNumber(c.missing ?? 0)} 行无对应`, `${formatNumber(c.missing ?? 0)} rows unmatched`)}</Tag>
                      ) : (
                        <Tag>{t('被引用资源未入池', 'Referenced resource not loaded')}</Tag>
                      )}
                    </div>
                  ))}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
    </Row>
  )
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
