import { Descriptions, Drawer, Table, Tag, Typography } from 'antd'
import type { EChartsOption } from 'echarts'
import { useMemo } from 'react'
import { Chart } from '../../components/Chart.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useLang, useT } from '../../i18n.tsx'
import { CRITERION_LABELS, RATING_COLORS, RATING_LABELS, useLabel } from './labels.ts'
import { OrgName, type OrgNamer } from './orgs.tsx'
import type { Criterion, Evaluation, EvaluationEvidence } from './types.ts'

/** One evaluation: the score of each published criterion against its weight, and the evidence behind it. */
export function EvaluationDrawer({ evaluationId, onClose, orgName }: { evaluationId: string | null; onClose(): void; orgName: OrgNamer }) {
  const t = useT()
  const label = useLabel()
  const { lang } = useLang()
  const evaluation = useGet<Evaluation>(evaluationId ? `/api/v1/evaluations/${evaluationId}` : null)
  // The evaluator's name where the viewer may see accounts (their own organization's at least).
  const users = useGet<{ users: { id: string; displayName: string }[] }>(evaluationId ? '/api/v1/users' : null)
  const e = evaluation.data

  const radar = useMemo<EChartsOption | null>(() => {
    if (!e) return null
    return {
      tooltip: {},
      legend: { bottom: 0 },
      radar: {
        // Each axis is the share of its weight, so that criteria of different weights compare.
        indicator: e.scores.map((s) => ({ name: `${label(CRITERION_LABELS, s.criterion)}（${s.weight}）`, max: 100 })),
        radius: '62%',
      },
      series: [
        {
          type: 'radar',
          data: [
            { name: t('得分率 %', 'Score as % of weight'), value: e.scores.map((s) => Math.round((s.score / s.weight) * 100)), areaStyle: { opacity: 0.25 } },
          ],
        },
      ],
    }
  }, [e, label, t])

  return (
    <Drawer open={evaluationId !== null} onClose={onClose} width={760} title={t('运营评估', 'Evaluation')} destroyOnHidden data-testid="evaluation-drawer">
      <ServerError error={evaluation.error} />
      {e && radar ? (
        <>
          <Descriptions bordered size="small" column={2} styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('评估对象', 'Subject')}>
              <OrgName id={e.subjectOrgId} name={orgName} />
            </Descriptions.Item>
            <Descriptions.Item label={t('评估年度', 'Year')}>{e.year}</Descriptions.Item>
            <Descriptions.Item label={t('总分', 'Total')}>
              <Typography.Text strong style={{ fontSize: 18 }}>
                {e.total}
              </Typography.Text>{' '}
              / 100
            </Descriptions.Item>
            <Descriptions.Item label={t('等级', 'Rating')}>
              <Tag color={RATING_COLORS[e.rating]}>{label(RATING_LABELS, e.rating)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('评估时间', 'Evaluated')}>{formatTime(e.evaluatedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('评估人', 'By')}>{users.data?.users.find((u) => u.id === e.evaluatedBy)?.displayName ?? e.evaluatedBy}</Descriptions.Item>
            <Descriptions.Item label={t('评估意见', 'Note')} span={2}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{e.note}</span>
            </Descriptions.Item>
          </Descriptions>
          <Chart option={radar} height={300} testId="evaluation-radar" />
          <Table
            size="small"
            rowKey="criterion"
            pagination={false}
            dataSource={[...e.scores]}
            columns={[
              { title: t('评估指标', 'Criterion'), dataIndex: 'criterion', render: (c: string) => label(CRITERION_LABELS, c) },
              { title: t('得分', 'Score'), dataIndex: 'score', width: 110, render: (s: number, row) => `${s} / ${row.weight}` },
              { title: t('依据', 'Basis'), dataIndex: 'basis', render: (basis: string, row) => (lang === 'zh' ? basisZh(row.criterion, e.evidence) : basis) },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('记录证据', 'Evidence from the records')}
          </Typography.Title>
          <Descriptions bordered size="small" column={2} styles={{ label: { whiteSpace: 'nowrap' } }} data-testid="evaluation-evidence">
            <Descriptions.Item label={t('重大及以上事件', 'Major incidents')}>{e.evidence.incidents.severe}</Descriptions.Item>
            <Descriptions.Item label={t('其他事件', 'Other incidents')}>{e.evidence.incidents.other}</Descriptions.Item>
            <Descriptions.Item label={t('应答查询', 'Queries answered')}>{e.evidence.queries.answered}</Descriptions.Item>
            <Descriptions.Item label={t('被拒查询', 'Queries refused')}>{e.evidence.queries.refused}</Descriptions.Item>
            <Descriptions.Item label={t('暂停次数', 'Suspensions')}>{e.evidence.suspensions}</Descriptions.Item>
            <Descriptions.Item label={t('逾期整改', 'Overdue rectifications')}>{e.evidence.overdueRectifications}</Descriptions.Item>
            <Descriptions.Item label={t('上架产品', 'Listed products')}>{e.evidence.listedProducts}</Descriptions.Item>
            <Descriptions.Item label={t('已登记产品', 'Registered products')}>{e.evidence.registeredProducts}</Descriptions.Item>
            <Descriptions.Item label={t('应急预案', 'Emergency plan')} span={2}>
              {e.evidence.emergencyPlan ? t('已备案', 'On file') : t('未备案', 'None on file')}
            </Descriptions.Item>
          </Descriptions>
        </>
      ) : null}
    </Drawer>
  )
}

/** The basis of a score, in Chinese, from the same evidence the server scored. */
function basisZh(criterion: Criterion, e: EvaluationEvidence): string {
  switch (criterion) {
    case 'incidents':
      return `重大及以上事件 ${e.incidents.severe} 起，其他事件 ${e.incidents.other} 起`
    case 'query-conduct':
      return `应答查询 ${e.queries.answered} 次，被拒 ${e.queries.refused} 次`
    case 'rectification':
      return `暂停 ${e.suspensions} 次，逾期整改 ${e.overdueRectifications} 项`
    case 'disclosure-and-registration':
      return `上架产品 ${e.listedProducts} 个，其中已登记 ${e.registeredProducts} 个`
    case 'emergency-plan':
      return e.emergencyPlan ? '应急预案已备案' : '未备案应急预案'
  }
}
