import { Descriptions, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import { useMemo } from 'react'
import { Chart } from '../../components/Chart.tsx'
import { useLang, useT } from '../../i18n.tsx'
import { round3 } from './common.tsx'
import type { Budget, DpRules } from './types.ts'

export interface BudgetCharge {
  readonly runId: string
  readonly charged: number
  readonly remaining: number
}

/** What is left of a privacy budget, as a gauge: green, then orange under half, red under a fifth. */
export function BudgetGauge({ budget, height, testId }: { budget: Budget; height: number; testId: string }) {
  const t = useT()
  const { lang } = useLang()
  const share = budget.epsilon > 0 ? budget.remaining / budget.epsilon : 0
  const gauge = useMemo<EChartsOption>(
    () => ({
      series: [
        {
          type: 'gauge',
          min: 0,
          max: round3(budget.epsilon),
          startAngle: 210,
          endAngle: -30,
          radius: '95%',
          progress: { show: true, width: 14, itemStyle: { color: share < 0.2 ? '#cf1322' : share < 0.5 ? '#d48806' : '#389e0d' } },
          axisLine: {
            lineStyle: {
              width: 14,
              color: [
                [0.2, '#cf1322'],
                [0.5, '#d48806'],
                [1, '#389e0d'],
              ],
            },
          },
          pointer: { width: 4, length: '60%' },
          axisTick: { show: false },
          splitLine: { length: 8 },
          axisLabel: { distance: 18, fontSize: 10 },
          title: { offsetCenter: [0, '72%'], fontSize: 12 },
          detail: { valueAnimation: true, offsetCenter: [0, '40%'], fontSize: 20, formatter: (value: number) => `ε ${round3(value)}` },
          data: [{ value: round3(budget.remaining), name: t('剩余隐私预算', 'Privacy budget left') }],
        },
      ],
    }),
    [budget, share, lang],
  )
  return <Chart option={gauge} height={height} testId={testId} />
}

/**
 * The privacy budget of a differentially private workspace: what is left as a gauge, how a query
 * spends it, and the charges of this session as a burn-down.
 */
export function BudgetPanel({ budget, rules, charges }: { budget: Budget; rules: DpRules; charges: readonly BudgetCharge[] }) {
  const t = useT()
  const { lang } = useLang()
  const share = budget.epsilon > 0 ? budget.remaining / budget.epsilon : 0
  const burn = useMemo<EChartsOption | null>(() => {
    if (charges.length === 0) return null
    return {
      grid: { left: 40, right: 12, top: 12, bottom: 24 },
      tooltip: { trigger: 'axis' },
      // The first point is the budget before this session's first charge.
      xAxis: { type: 'category', data: [t('开始', 'start'), ...charges.map((_, i) => `#${i + 1}`)] },
      yAxis: { type: 'value', min: 0, max: round3(budget.epsilon) },
      series: [{ type: 'line', step: 'end', name: t('剩余 ε', 'ε left'), data: [round3(charges[0]!.remaining + charges[0]!.charged), ...charges.map((c) => round3(c.remaining))], areaStyle: { opacity: 0.15 } }],
    }
  }, [charges, budget.epsilon, lang])

  return (
    <div>
      <BudgetGauge budget={budget} height={220} testId="budget-gauge" />
      <Typography.Paragraph style={{ marginTop: -8, textAlign: 'center' }} type={share < 0.2 ? 'danger' : 'secondary'}>
        {t(`已用 ε ${round3(budget.spent)}，共 ε ${round3(budget.epsilon)}（剩余 ${Math.round(share * 100)}%）`, `ε ${round3(budget.spent)} spent of ε ${round3(budget.epsilon)} (${Math.round(share * 100)}% left)`)}
      </Typography.Paragraph>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('噪声机制', 'Mechanism')}>{rules.mechanism === 'laplace' ? t('拉普拉斯（离散）', 'Laplace (discrete)') : t('高斯（离散）', 'Gaussian (discrete)')}</Descriptions.Item>
        <Descriptions.Item label={t('每个聚合花费', 'Cost per aggregate')}>ε {rules.epsilonPerAggregate}</Descriptions.Item>
        <Descriptions.Item label={t('单主体贡献上限', 'Contribution bound')}>{t(`每个聚合 ${rules.contributionBound} 行`, `${rules.contributionBound} row(s) per aggregate`)}</Descriptions.Item>
        {rules.bounds
          ? Object.entries(rules.bounds).map(([column, [min, max]]) => (
              <Descriptions.Item key={column} label={t(`求和截断 ${column}`, `Sum clamped ${column}`)}>
                [{min}, {max}]
              </Descriptions.Item>
            ))
          : null}
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
        {t(
          `一次查询的花费 = 每个 count/sum 各 ε ${rules.epsilonPerAggregate}，有 GROUP BY 时再加 ε ${rules.epsilonPerAggregate}（用于加噪选择可发布的分组）。预算只在真实模式下扣减，沙箱免费；预算用尽后查询将被拒绝。`,
          `A query costs ε ${rules.epsilonPerAggregate} per count or sum, plus ε ${rules.epsilonPerAggregate} with GROUP BY (to choose releasable groups with noise). Only real runs spend budget; the sandbox is free; once the budget is spent, queries are refused.`,
        )}
      </Typography.Paragraph>
      {burn ? (
        <>
          <Typography.Text strong>{t('本次会话的预算消耗', 'Budget burn this session')}</Typography.Text>
          <Chart option={burn} height={140} testId="budget-burn" />
        </>
      ) : null}
    </div>
  )
}
