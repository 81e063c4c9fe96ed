import { CheckCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, InfoCircleOutlined } from '@ant-design/icons'
import { Alert, Button, List, Space, Tag, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useT } from '../../i18n.tsx'
import { cellText } from './common.tsx'
import { checkTitle, explainCheck } from './explain.ts'
import type { QueryAnswer, QueryCheck, QueryRules } from './types.ts'

const ICONS: Record<QueryCheck['status'], ReactNode> = {
  pass: <CheckCircleOutlined style={{ color: '#389e0d' }} />,
  fail: <CloseCircleOutlined style={{ color: '#cf1322' }} />,
  review: <ExclamationCircleOutlined style={{ color: '#d48806' }} />,
  info: <InfoCircleOutlined style={{ color: '#1d5fbf' }} />,
}

/**
 * What the gate did to this answer, in plain words: first the answer as a whole (rows withheld,
 * cells suppressed, noise), then each suppressed cell with the row it sits in and every reason.
 * The server's own wording stays beside each explanation: it is what the audit log records.
 */
export function ChecksExplained({ answer, rules, onLocate }: { answer: QueryAnswer; rules: QueryRules; onLocate?: (row: number) => void }) {
  const t = useT()
  const overall = answer.checks.filter((c) => c.row === undefined)
  const cells = groupCells(answer.checks.filter((c) => c.row !== undefined))
  const { summary } = answer
  const dimensions = answer.columns.filter((_, i) => answer.rows.some((row) => typeof row[i] === 'string'))

  const noisy = answer.checks.some((c) => c.check === 'differential-privacy')
  const headline = answer.sandbox
    ? t('沙箱结果：合成数据，未经任何检查。', 'Sandbox answer: synthetic data, nothing checked.')
    : noisy
      ? t(
          `发布 ${summary.rowsReleased} 行，每个聚合值都加了噪声${summary.rowsWithheld ? `；${summary.rowsWithheld} 个过小的分组未发布` : ''}。`,
          `${summary.rowsReleased} rows released, every aggregate noised${summary.rowsWithheld ? `; ${summary.rowsWithheld} groups too small to release` : ''}.`,
        )
      : summary.rowsWithheld === 0 && summary.cellsSuppressed === 0
      ? t(`全部 ${summary.rowsReleased} 行均通过检查并发布。`, `All ${summary.rowsReleased} rows passed the checks and were released.`)
      : t(
          `发布 ${summary.rowsReleased} 行${summary.rowsWithheld ? `，扣留 ${summary.rowsWithheld} 行（未显示）` : ''}${summary.cellsSuppressed ? `，抑制 ${summary.cellsSuppressed} 个单元格（表中标红）` : ''}。`,
          `${summary.rowsReleased} rows released${summary.rowsWithheld ? `, ${summary.rowsWithheld} withheld (not shown)` : ''}${summary.cellsSuppressed ? `, ${summary.cellsSuppressed} cells suppressed (marked red in the table)` : ''}.`,
        )

  return (
    <div data-testid="checks-explained">
      <Alert
        type={answer.sandbox ? 'warning' : noisy ? 'info' : summary.rowsWithheld || summary.cellsSuppressed ? 'warning' : 'success'}
        showIcon
        message={headline}
        description={answer.sandbox ? undefined : rulesInForce(rules, t)}
        style={{ marginBottom: 12 }}
      />
      <List
        size="small"
        dataSource={overall}
        rowKey={(c) => c.check}
        renderItem={(check) => {
          const explained = explainCheck(check, t)
          return (
            <List.Item data-testid={`check-${check.check}`}>
              <List.Item.Meta
                avatar={ICONS[check.status]}
                title={
                  <Space>
                    {explained.title}
                    {check.check === 'min-entities' && check.status === 'fail' ? <Tag color="orange" data-testid="withheld-rows">{t(`扣留 ${summary.rowsWithheld} 行`, `${summary.rowsWithheld} rows withheld`)}</Tag> : null}
                  </Space>
                }
                description={
                  <>
                    <div style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{explained.text}</div>
                    {explained.text !== check.detail ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{check.detail}</Typography.Text> : null}
                  </>
                }
              />
            </List.Item>
          )
        }}
      />
      {cells.length > 0 ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('被抑制的单元格', 'Suppressed cells')}
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={cells}
            rowKey={(c) => `${c.row}|${c.column}`}
            renderItem={(cell) => {
              const row = answer.rows[cell.row]
              const where = row
                ? dimensions
                    .map((name) => `${name} = ${cellText(row[answer.columns.indexOf(name)])}`)
                    .join(', ')
                : ''
              return (
                <List.Item
                  data-testid="suppressed-explained"
                  actions={onLocate ? [<Button key="locate" size="small" type="link" onClick={() => onLocate(cell.row)}>{t('定位', 'Show')}</Button>] : undefined}
                >
                  <div>
                    <Space wrap>
                      <Tag color="red">{t(`第 ${cell.row + 1} 行`, `Row ${cell.row + 1}`)}</Tag>
                      <Typography.Text code>{cell.column}</Typography.Text>
                      {where ? <Typography.Text type="secondary">{where}</Typography.Text> : null}
                    </Space>
                    {cell.checks.map((check) => {
                      const explained = explainCheck(check, t)
                      return (
                        <div key={check.check} style={{ marginTop: 4 }}>
                          {ICONS[check.status]} <Typography.Text strong>{checkTitle(check.check, t)}</Typography.Text>：{explained.text}
                        </div>
                      )
                    })}
                  </div>
                </List.Item>
              )
            }}
          />
        </>
      ) : null}
    </div>
  )
}

interface CellChecks {
  readonly row: number
  readonly column: string
  readonly checks: readonly QueryCheck[]
}

export function groupCells(checks: readonly QueryCheck[]): CellChecks[] {
  const byCell = new Map<string, { row: number; column: string; checks: QueryCheck[] }>()
  for (const check of checks) {
    if (check.row === undefined) continue
    const key = `${check.row}|${check.column ?? ''}`
    const cell = byCell.get(key) ?? { row: check.row, column: check.column ?? '', checks: [] }
    cell.checks.push(check)
    byCell.set(key, cell)
  }
  return [...byCell.values()].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column))
}

function rulesInForce(rules: QueryRules, t: (zh: string, en: string) => string): string {
  if (rules.differentialPrivacy) {
    const dp = rules.differentialPrivacy
    return t(
      `本工作空间采用差分隐私：每个聚合加噪（${dp.mechanism}，每聚合 ε ${dp.epsilonPerAggregate}），分组按加噪后的规模选择发布。`,
      `This workspace uses differential privacy: every aggregate is noised (${dp.mechanism}, ε ${dp.epsilonPerAggregate} per aggregate) and groups are chosen by their noisy size.`,
    )
  }
  const o = rules.outputChecks
  return t(
    `在用的规则：每行至少 ${rules.minDistinctEntities} 个不同主体；每个单元格至少 ${o.threshold} 个贡献者；最大 ${o.dominance.n} 个贡献者不超过合计的 ${pct(o.dominance.k)}%（NK 规则）；其余贡献至少为最大者的 ${pct(o.pRatio)}%（p 比例规则）${o.zeros ? '；空单元格不发布' : ''}。`,
    `Rules in force: at least ${rules.minDistinctEntities} distinct entities per row; at least ${o.threshold} contributors per cell; the ${o.dominance.n} largest under ${pct(o.dominance.k)}% of the total (NK rule); the rest at least ${pct(o.pRatio)}% of the largest (p-ratio)${o.zeros ? '; empty cells not released' : ''}.`,
  )
}

const pct = (ratio: number): number => Math.round(ratio * 1000) / 10
