import { BarChartOutlined, TableOutlined } from '@ant-design/icons'
import { Segmented, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import { useMemo, useState } from 'react'
import { Chart } from '../../components/Chart.tsx'
import { useT } from '../../i18n.tsx'
import { ChecksExplained, groupCells } from './ChecksExplained.tsx'
import { cellText } from './common.tsx'
import { checkTitle, explainCheck, parseDpDetail } from './explain.ts'
import type { QueryAnswer, QueryCheck, QueryRules } from './types.ts'

const PAGE_SIZE = 100

interface Row {
  readonly key: number
  readonly cells: readonly unknown[]
}

/**
 * An answer of the gate: the released rows with suppressed cells marked where they are, the
 * checks in plain words, and a chart of the figures when the answer has a dimension.
 */
export function ResultView({ answer, rules, extra }: { answer: QueryAnswer; rules: QueryRules; extra?: React.ReactNode }) {
  const t = useT()
  const [view, setView] = useState<'table' | 'chart'>('table')
  const [onlySuppressed, setOnlySuppressed] = useState(false)
  const [page, setPage] = useState(1)

  const suppressed = useMemo(() => {
    const byCell = new Map<string, QueryCheck[]>()
    for (const cell of groupCells(answer.checks)) byCell.set(`${cell.row}|${cell.column}`, [...cell.checks])
    return byCell
  }, [answer])
  const suppressedRows = useMemo(() => new Set([...suppressed.keys()].map((key) => Number(key.split('|')[0]))), [suppressed])
  const accuracy = useMemo(() => {
    const dp = answer.checks.find((c) => c.check === 'differential-privacy')
    return new Map((dp ? parseDpDetail(dp.detail)?.accuracy ?? [] : []).map((a) => [a.column, a.within]))
  }, [answer])

  const rows: Row[] = answer.rows.map((cells, key) => ({ key, cells })).filter((row) => !onlySuppressed || suppressedRows.has(row.key))
  const columns = answer.columns.map((name, index) => ({
    title: (
      <span>
        {name}
        {accuracy.has(name) ? (
          <Tooltip title={t(`加噪发布：95% 的值与真实值相差不超过 ±${accuracy.get(name)}`, `Noisy: 95% of values within ±${accuracy.get(name)} of the truth`)}>
            <Tag color="purple" style={{ marginLeft: 6 }}>±{accuracy.get(name)}</Tag>
          </Tooltip>
        ) : null}
      </span>
    ),
    key: `${index}`,
    align: answer.rows.some((r) => typeof r[index] === 'number') ? ('right' as const) : ('left' as const),
    render: (_: unknown, row: Row) => {
      const reasons = suppressed.get(`${row.key}|${name}`)
      if (reasons) {
        return (
          <Tooltip title={reasons.map((check) => `${checkTitle(check.check, t)}：${explainCheck(check, t).text}`).join('\n')} styles={{ root: { whiteSpace: 'pre-line', maxWidth: 420 } }}>
            <Tag color="red" data-testid="suppressed-cell" style={{ cursor: 'help', margin: 0 }}>
              {t('已抑制', 'suppressed')}
            </Tag>
          </Tooltip>
        )
      }
      const value = row.cells[index]
      return value === null || value === undefined ? <Typography.Text type="secondary">NULL</Typography.Text> : cellText(value)
    },
  }))

  const chart = useMemo(() => chartOption(answer), [answer])

  return (
    <div data-testid="query-result">
      <Space wrap style={{ marginBottom: 12 }}>
        {answer.sandbox ? <Tag color="gold" data-testid="result-sandbox">{t('沙箱 · 合成数据', 'Sandbox · synthetic')}</Tag> : <Tag color="blue" data-testid="result-real">{t('真实 · 已检查', 'Real · checked')}</Tag>}
        <Tag>{t(`发布 ${answer.summary.rowsReleased} 行`, `${answer.summary.rowsReleased} rows released`)}</Tag>
        {answer.summary.rowsWithheld ? <Tag color="orange">{t(`扣留 ${answer.summary.rowsWithheld} 行`, `${answer.summary.rowsWithheld} withheld`)}</Tag> : null}
        {answer.summary.cellsSuppressed ? <Tag color="red">{t(`抑制 ${answer.summary.cellsSuppressed} 格`, `${answer.summary.cellsSuppressed} cells suppressed`)}</Tag> : null}
        {answer.budget ? <Tag color="purple">{t(`花费 ε ${answer.budget.charged}`, `ε ${answer.budget.charged} spent`)}</Tag> : null}
        <Typography.Text type="secondary">{answer.durationMs} ms</Typography.Text>
        <Typography.Text type="secondary" copyable={{ text: answer.runId }}>
          {answer.runId}
        </Typography.Text>
        {extra}
      </Space>
      <ChecksExplained
        answer={answer}
        rules={rules}
        onLocate={(row) => {
          setView('table')
          setOnlySuppressed(false)
          setPage(Math.floor(row / PAGE_SIZE) + 1)
        }}
      />
      <Space style={{ margin: '16px 0 8px' }} wrap>
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'table' | 'chart')}
          options={[
            { value: 'table', icon: <TableOutlined />, label: t('表格', 'Table') },
            { value: 'chart', icon: <BarChartOutlined />, label: t('图表', 'Chart'), disabled: !chart },
          ]}
        />
        {suppressedRows.size > 0 && view === 'table' ? (
          <Space>
            <Switch size="small" checked={onlySuppressed} onChange={(v) => { setOnlySuppressed(v); setPage(1) }} data-testid="only-suppressed" />
            <Typography.Text>{t('只看有抑制单元格的行', 'Only rows with suppressed cells')}</Typography.Text>
          </Space>
        ) : null}
      </Space>
      {view === 'chart' && chart ? (
        <Chart option={chart} height={360} testId="result-chart" />
      ) : (
        <Table<Row>
          data-testid="result-table"
          size="small"
          bordered
          scroll={{ x: true }}
          columns={columns}
          dataSource={rows}
          rowKey="key"
          onRow={(row) => (suppressedRows.has(row.key) ? { style: { background: '#fff1f0' } } : {})}
          pagination={rows.length > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, onChange: setPage, showSizeChanger: false, showTotal: (n) => t(`共 ${n} 行`, `${n} rows`) } : false}
        />
      )}
    </div>
  )
}

/** Bars of the numeric columns over the dimension columns (joined), when there are both and not too many rows. */
function chartOption(answer: QueryAnswer): EChartsOption | null {
  if (answer.rows.length === 0 || answer.rows.length > 200) return null
  const isNumber = (i: number) => answer.rows.some((r) => typeof r[i] === 'number') && answer.rows.every((r) => r[i] === null || typeof r[i] === 'number')
  const measures = answer.columns.map((_, i) => i).filter(isNumber)
  const dimensions = answer.columns.map((_, i) => i).filter((i) => !measures.includes(i))
  if (measures.length === 0) return null
  const categories = answer.rows.map((row, r) => (dimensions.length ? dimensions.map((i) => cellText(row[i])).join(' · ') : String(r + 1)))
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 60, top: 36, bottom: 60 },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: categories.length > 12 ? 45 : 0 } },
    yAxis: measures.slice(0, 2).map((i) => ({ type: 'value' as const, name: answer.columns[i], splitLine: { show: i === measures[0] } })),
    series: measures.slice(0, 2).map((i, n) => ({
      type: 'bar' as const,
      name: answer.columns[i],
      yAxisIndex: n,
      // A suppressed cell is a gap, never a zero.
      data: answer.rows.map((row) => (typeof row[i] === 'number' ? (row[i] as number) : null)),
    })),
  }
}
