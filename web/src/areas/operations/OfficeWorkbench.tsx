import { Card, Col, Row, Tag } from 'antd'
import { useCallback, useMemo } from 'react'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatDate, formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { statusRing, termTimeline } from './charts.ts'
import { AGREEMENT_STATUS, PURPOSE_SHORT, useWords } from './labels.tsx'
import { PageTitle } from './PageTitle.tsx'
import { useWorkspaceQueues } from './queues.ts'
import { chinaToday, daysUntil, useOrgNames, usePolicyParams } from './shared.tsx'
import { ExpiryTag, expiring, objectionDaysLeft } from './timing.tsx'
import { Headline, TodoCard, type Todo } from './TodoCard.tsx'
import type { Agreement, Scenario, Workspace } from './types.ts'

/**
 * The coordination office's day (协调机制办公室): scenarios to review, filings whose objection
 * period runs, imports of social data to approve, rectifications under way, terms running out.
 */
export default function OfficeWorkbench() {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const orgName = useOrgNames()
  const policy = usePolicyParams()
  const scenarios = useGet<{ scenarios: Scenario[] }>('/api/v1/scenarios', { status: 'submitted' })
  const agreements = useGet<{ agreements: Agreement[] }>('/api/v1/agreements')
  const workspaces = useGet<{ workspaces: Workspace[] }>('/api/v1/workspaces')
  const queues = useWorkspaceQueues(workspaces.data?.workspaces)
  const warningDays = policy?.agreementExpiryWarningDays ?? 90
  const all = useMemo(() => agreements.data?.agreements ?? [], [agreements.data])
  const label = useCallback((status: string) => words(AGREEMENT_STATUS, status), [words])
  const ring = useMemo(() => statusRing(all, label), [all, label])
  const timeline = useMemo(() => termTimeline(all, (a) => `${a.workspace.id} · ${a.scenarioCode}`, label, chinaToday()), [all, label])

  const reviews: Todo[] = (scenarios.data?.scenarios ?? []).map((s) => ({
    key: s.code,
    to: `/scenarios/${s.code}`,
    title: `${s.code} ${s.name}`,
    description: `${s.sector} · ${words(PURPOSE_SHORT, s.purposeType)} · ${t('提交于', 'submitted')} ${formatTime(s.submittedAt)}`,
  }))
  const filings: Todo[] = all
    .filter((a) => objectionDaysLeft(a) !== null)
    .sort((a, b) => (objectionDaysLeft(a) ?? 0) - (objectionDaysLeft(b) ?? 0))
    .map((a) => {
      const left = objectionDaysLeft(a) ?? 0
      return {
        key: a.id,
        to: `/agreements/${a.id}`,
        title: `${a.workspace.name}（${a.scenarioCode}）`,
        description: `${orgName(a.developerOrgId)} · ${a.term.start} ~ ${a.term.end} · ${t('报备于', 'filed')} ${formatDate(a.filing?.filedAt)}`,
        extra: <Tag color={left <= 2 ? 'red' : 'blue'}>{left >= 0 ? t(`异议期剩 ${left} 天`, `${left} days to object`) : t('异议期已过', 'period over')}</Tag>,
      }
    })
  const imports: Todo[] = [...queues.imports.entries()].flatMap(([workspaceId, list]) =>
    list
      .filter((i) => i.status === 'submitted')
      .map((i) => ({
        key: i.id,
        to: `/workspaces/${workspaceId}?tab=imports&import=${i.id}`,
        title: `${workspaceId} · ${i.table}`,
        description: `${i.source.provider} · ${i.rows} ${t('行', 'rows')} · ${t('提交于', 'submitted')} ${formatTime(i.submittedAt)}`,
        extra: i.assessment ? <Tag color={i.assessment.passes ? 'green' : 'red'}>{i.assessment.passes ? t('检查通过', 'checks pass') : t('检查未通过', 'checks fail')}</Tag> : null,
      })),
  )
  const rectifications: Todo[] = all
    .filter((a) => a.status === 'suspended')
    .map((a) => {
      const deadline = a.suspension?.rectificationDeadline
      const d = deadline ? daysUntil(deadline) : null
      return {
        key: a.id,
        to: `/agreements/${a.id}`,
        title: `${a.workspace.name}（${a.scenarioCode}）`,
        description: a.suspension?.reason,
        extra: d === null ? <Tag>{t('未定期限', 'no deadline')}</Tag> : <Tag color={d < 0 ? 'red' : 'orange'}>{d < 0 ? t(`逾期 ${-d} 天`, `${-d} days overdue`) : t(`剩 ${d} 天`, `${d} days left`)}</Tag>,
      }
    })
  const expiringTodos: Todo[] = expiring(all, warningDays).map((a) => ({
    key: a.id,
    to: `/agreements/${a.id}`,
    title: `${a.workspace.name}（${a.scenarioCode}）`,
    description: `${orgName(a.developerOrgId)} · ${t('期限至', 'ends')} ${a.term.end}`,
    extra: <ExpiryTag end={a.term.end} />,
  }))

  return (
    <>
      <PageTitle
        title={t('今日待办', 'Today')}
        basis={
          <>
            {me.organization.name} · {t('对一级开发运营主体授权运营进行全过程监督（第十七条）', 'Supervising the authorized operation throughout (art. 17)')}
          </>
        }
      />
      <ServerError error={agreements.error ?? scenarios.error} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={8} xl={4}>
          <Headline title={t('待审核场景', 'Scenarios to review')} value={reviews.length} testId="office-count-reviews" />
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Headline title={t('异议期内的报备', 'Filings in objection period')} value={filings.length} testId="office-count-filings" />
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Headline title={t('待审核导入', 'Imports to approve')} value={imports.length} testId="office-count-imports" />
        </Col>
        <Col xs={12} md={12} xl={5}>
          <Headline title={t('整改中', 'Under rectification')} value={rectifications.length} danger testId="office-count-rectifications" />
        </Col>
        <Col xs={24} md={12} xl={5}>
          <Headline title={t(`${warningDays} 日内到期`, `Expiring within ${warningDays} days`)} value={expiringTodos.length} testId="office-count-expiring" />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t('待审核的应用场景', 'Scenarios to review')}
            basis={t('一类场景一审定（第十三条第（三）项）', 'One review per class (art. 13(3))')}
            todos={reviews}
            loading={scenarios.loading}
            testId="office-todo-scenarios"
            more={{ to: '/scenarios', label: t('全部场景', 'All scenarios') }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t('报备待确认或提出异议', 'Filings to acknowledge or object to')}
            basis={t(`报备后 ${policy?.filingObjectionDays ?? 10} 日内可提出异议（第十七条）`, `Objections within ${policy?.filingObjectionDays ?? 10} days of filing (art. 17)`)}
            todos={filings}
            loading={agreements.loading}
            testId="office-todo-filings"
            more={{ to: '/agreements', label: t('全部协议', 'All agreements') }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t('待审核的社会数据导入', 'Imports of social data to approve')}
            basis={t('导入前须完成脱敏、去标识化并经办公室同意（第二十条）', 'De-identified and approved by the office before import (art. 20)')}
            todos={imports}
            loading={queues.loading}
            testId="office-todo-imports"
            more={{ to: '/workspaces', label: t('全部工作区', 'All workspaces') }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t('暂停整改中的授权', 'Authorizations suspended for rectification')}
            basis={t('督促限期整改，整改期间关闭数据获取权限（第三十四条）', 'Rectify within the deadline; access stays closed meanwhile (art. 34)')}
            todos={rectifications}
            loading={agreements.loading}
            testId="office-todo-rectifications"
          />
        </Col>
        <Col xs={24}>
          <TodoCard
            title={t('即将到期的授权协议', 'Agreements expiring soon')}
            basis={t('期满前 3 个月内可申请重新签订协议（第十七条）', 'Renewal is applied for in the last 3 months (art. 17)')}
            todos={expiringTodos}
            loading={agreements.loading}
            testId="office-todo-expiring"
          />
        </Col>
        {all.length ? (
          <>
            <Col xs={24} xl={8}>
              <Card size="small" title={t('授权协议状态', 'Agreements by status')}>
                <Chart option={ring} height={240} testId="office-agreements-chart" />
              </Card>
            </Col>
            <Col xs={24} xl={16}>
              <Card size="small" title={t('授权期限', 'Terms')}>
                <Chart option={timeline} height={240} testId="office-terms-chart" />
              </Card>
            </Col>
          </>
        ) : null}
      </Row>
    </>
  )
}
