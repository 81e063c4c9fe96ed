import { Descriptions, Tag } from 'antd'
import { formatNumber } from '../../components/format.tsx'
import { useT } from '../../i18n.tsx'
import type { QueryRules } from './types.ts'

/** The query rules the gate enforces in a workspace, in words. */
export function RulesView({ rules }: { rules: QueryRules }) {
  const t = useT()
  const dp = rules.differentialPrivacy
  return (
    <Descriptions column={1} size="small" bordered data-testid="workspace-rules" styles={{ label: { width: 200 } }}>
      <Descriptions.Item label={t('分析规则', 'Analysis')}>{rules.analysis === 'template' ? t('仅限审定模板', 'Approved templates only') : t('自由聚合查询', 'Aggregation')}</Descriptions.Item>
      <Descriptions.Item label={t('每个结果单元最少主体数', 'Min. entities per cell')}>{rules.minDistinctEntities}</Descriptions.Item>
      <Descriptions.Item label={t('标识列（只可关联、计数）', 'Identifier columns')}>
        {rules.identifiers.length ? rules.identifiers.map((c) => <Tag key={c}>{c}</Tag>) : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('输出检查', 'Output checks')}>
        {t(
          `最小频数 ${rules.outputChecks.threshold}；优势规则 (${rules.outputChecks.dominance.n}, ${rules.outputChecks.dominance.k})；p% ${rules.outputChecks.pRatio}；${rules.outputChecks.zeros ? '检查结构性零' : '不查零值'}`,
          `threshold ${rules.outputChecks.threshold}; dominance (${rules.outputChecks.dominance.n}, ${rules.outputChecks.dominance.k}); p ratio ${rules.outputChecks.pRatio}; zeros ${rules.outputChecks.zeros ? 'checked' : 'not checked'}`,
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('资源限制', 'Limits')}>
        {t(
          `超时 ${formatNumber(rules.limits.timeoutMs)} 毫秒；内存 ${formatNumber(rules.limits.memoryMb)} MB；最多 ${formatNumber(rules.limits.maxRows)} 行`,
          `timeout ${formatNumber(rules.limits.timeoutMs)} ms; memory ${formatNumber(rules.limits.memoryMb)} MB; at most ${formatNumber(rules.limits.maxRows)} rows`,
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('差分隐私', 'Differential privacy')}>
        {dp
          ? t(
              `${dp.mechanism}，每个聚合 ε=${dp.epsilonPerAggregate}，总预算 ε=${dp.budgetEpsilon}，单主体贡献 ≤ ${dp.contributionBound} 行${dp.bounds ? `；截断范围 ${Object.entries(dp.bounds).map(([c, [lo, hi]]) => `${c} [${lo}, ${hi}]`).join('，')}` : ''}`,
              `${dp.mechanism}, ε=${dp.epsilonPerAggregate} per aggregate, budget ε=${dp.budgetEpsilon}, ≤ ${dp.contributionBound} rows per entity${dp.bounds ? `; bounds ${Object.entries(dp.bounds).map(([c, [lo, hi]]) => `${c} [${lo}, ${hi}]`).join(', ')}` : ''}`,
            )
          : t('未启用', 'None')}
      </Descriptions.Item>
    </Descriptions>
  )
}
