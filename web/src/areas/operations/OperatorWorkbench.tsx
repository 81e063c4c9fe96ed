import { Card, Col, Row, Tag } from 'antd'
import { useCallback, useMemo } from 'react'
import { useMe } from '../../auth.tsx'
import { Chart } from '../../components/Chart.tsx'
import { formatDate, formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { statusRing, termTimeline } from './charts.ts'
import { AGREEMENT_STATUS, PURPOSE_SHORT, SCENARIO_STATUS, Status, useWords } from './labels.tsx'
import { PageTitle } from './PageTitle.tsx'
import { useApplicationCounts, useWorkspaceQueues } from './queues.ts'
import { chinaToday, OrgName, useOrgNames, usePolicyParams } from './shared.tsx'
import { ExpiryTag, expiring, objectionDaysLeft } from './timing.tsx'
import { Headline, TodoCard, type Todo } from './TodoCard.tsx'
import type { Agreement, Call, Scenario, ScenarioDemand, Workspace } from './types.ts'

/**
 * The primary operator's day (一级开发运营主体): demands to compile, scenarios returned, calls to
 * score and award, agreements to file or put into effect, templates to decide, terms running out.
 */
export default function OperatorWorkbench() {
  const t = useT()
  const me = useMe()
  const words = useWords()
  const orgName = useOrgNames()
  const policy = usePolicyParams()
  const demands = useGet<{ demands: ScenarioDemand[] }>('/api/v1/scenario-demands')
  const scenarios = useGet<{ scenarios: Scenario[] }>('/api/v1/scenarios')
  const calls = useGet<{ calls: Call[] }>('/api/v1/calls')
  const agreements = useGet<{ agreements: Agreement[] }>('/api/v1/agreements')
  const workspaces = useGet<{ workspaces: Workspace[] }>('/api/v1/workspaces')
  const queues = useWorkspaceQueues(workspaces.data?.workspaces)
  const warningDays = policy?.agreementExpiryWarningDays ?? 90
  const today = chinaToday()
  const all = useMemo(() => agreements.data?.agreements ?? [], [agreements.data])
  const label = useCallback((status: string) => words(AGREEMENT_STATUS, status), [words])
  const ring = useMemo(() => statusRing(all, label), [all, label])
  const timeline = useMemo(() => termTimeline(all, (a) => `${a.workspace.id} · ${a.scenarioCode}`, label, chinaToday()), [all, label])

  const openDemands: Todo[] = (demands.data?.demands ?? [])
    .filter((d) => d.status === 'open')
    .map((d) => ({
      key: d.id,
      to: '/scenario-demands',
      title: d.title,
      description: (
        <>
          <OrgName id={d.orgId} name={orgName} /> · {words(PURPOSE_SHORT, d.purposeType)} · {d.needs.length} {t('个资源', 'resources')} · {formatDate(d.submittedAt)}
        </>
      ),
    }))
  const scenarioTodos: Todo[] = (scenarios.data?.scenarios ?? [])
    .filter((s) => s.status === 'returned' || s.status === 'draft')
    .map((s) => ({
      key: s.code,
      to: `/scenarios/${s.code}`,
      title: `${s.code} ${s.name}`,
      description: s.status === 'returned' ? `${t('办公室意见：', 'Office: ')}${s.reviewComment ?? ''}` : t('草稿：完善后提交审核', 'Draft: complete and submit'),
      extra: <Status table={SCENARIO_STATUS} status={s.status} />,
    }))
  const withAgreement = new Set(all.map((a) => a.applicationId))
  const closed = (calls.data?.calls ?? []).filter((c) => c.status === 'open' && Date.parse(c.deadline) <= Date.now())
  const applicationCounts = useApplicationCounts(closed.map((c) => c.id))
  const callTodos: Todo[] = (calls.data?.calls ?? []).flatMap((c): Todo[] => {
    if (c.status === 'open' && Date.parse(c.deadline) <= Date.now()) {
      const count = applicationCounts.get(c.id)
      const extra =
        count === undefined ? (
          <Tag color="orange">{t('待评分、确定', 'to score and award')}</Tag>
        ) : count.total === 0 ? (
          <Tag color="red">{t('无人申请', 'no applications')}</Tag>
        ) : count.unscored > 0 ? (
          <Tag color="orange">{t(`${count.unscored} 份待评分`, `${count.unscored} to score`)}</Tag>
        ) : (
          <Tag color="green">{t('可确定中选', 'ready to award')}</Tag>
        )
      return [{ key: c.id, to: `/calls/${c.id}`, title: c.title, description: `${c.scenarioCode} · ${t('截止于', 'closed')} ${formatTime(c.deadline)}`, extra }]
    }
    if (c.status === 'awarded' && c.awardedApplicationId && !withAgreement.has(c.awardedApplicationId)) {
      return [{ key: c.id, to: `/agreements?draft=${c.awardedApplicationId}`, title: c.title, description: `${c.scenarioCode} · ${t('已确定中选', 'awarded')} ${formatDate(c.awardedAt)}`, extra: <Tag color="blue">{t('待起草协议', 'to draw up')}</Tag> }]
    }
    return []
  })
  const agreementTodos: Todo[] = all.flatMap((a): Todo[] => {
    const base = { key: a.id, to: `/agreements/${a.id}`, title: `${a.workspace.name}（${a.scenarioCode}）` }
    if (a.status === 'draft') {
      return [
        {
          ...base,
          description: a.objection ? `${t('办公室异议：', 'Office objected: ')}${a.objection}` : a.missingClauses.length ? t(`缺 ${a.missingClauses.length} 项条款`, `${a.missingClauses.length} clauses missing`) : t('可报备', 'ready to file'),
          extra: <Tag color={a.objection ? 'orange' : 'default'}>{t('待报备', 'to file')}</Tag>,
        },
      ]
    }
    if (a.status === 'filed') {
      const left = objectionDaysLeft(a)
      const ready = a.term.start <= today && (left === null || left < 0)
      return [
        {
          ...base,
          description: `${orgName(a.developerOrgId)} · ${t('起始日', 'starts')} ${a.term.start}`,
          extra: ready ? <Tag color="green">{t('可生效', 'to put into effect')}</Tag> : <Tag color="blue">{left !== null && left >= 0 ? t(`异议期剩 ${left} 天`, `${left} days of objection period`) : t(`${a.term.start} 生效`, `effective ${a.term.start}`)}</Tag>,
        },
      ]
    }
    if (a.status === 'suspended') {
      return [{ ...base, description: a.suspension?.reason, extra: <Tag color="orange">{t('整改验收', 'rectification')}</Tag> }]
    }
    return []
  })
  const templateTodos: Todo[] = [...queues.templates.entries()].flatMap(([workspaceId, list]) =>
    list
      .filter((x) => x.status === 'proposed')
      .map((x) => ({ key: `${workspaceId}/${x.name}`, to: `/workspaces/${workspaceId}?tab=templates`, title: `${workspaceId} · ${x.name}`, description: `${x.description} · ${formatTime(x.proposedAt)}` })),
  )
  const expiringTodos: Todo[] = expiring(all, warningDays).map((a) => ({
    key: a.id,
    to: `/agreements/${a.id}`,
    title: `${a.workspace.name}（${a.scenarioCode}）`,
    description: `${orgName(a.developerOrgId)} · ${t('期限至', 'ends')} ${a.term.end}`,
    extra: <ExpiryTag end={a.term.end} />,
  }))

  return (
    <>
      <PageTitle title={t('今日待办', 'Today')} basis={`${me.organization.name} · ${t('需求汇总、遴选、授权协议与工作区管理', 'Demands, selection, agreements and workspaces')}`} />
      <ServerError error={agreements.error ?? calls.error ?? scenarios.error ?? demands.error} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={8} xl={4}>
          <Headline title={t('待汇总需求', 'Open demands')} value={openDemands.length} testId="operator-count-demands" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Headline title={t('场景待完善', 'Scenarios to rework')} value={scenarioTodos.length} testId="operator-count-scenarios" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Headline title={t('遴选待办', 'Selection to do')} value={callTodos.length} testId="operator-count-calls" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Headline title={t('协议待办', 'Agreements to act on')} value={agreementTodos.length} testId="operator-count-agreements" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Headline title={t('待审定模板', 'Templates to decide')} value={templateTodos.length} testId="operator-count-templates" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Headline title={t(`${warningDays} 日内到期`, `Expiring in ${warningDays} days`)} value={expiringTodos.length} testId="operator-count-expiring" />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t('尚未纳入场景的需求', 'Demands not yet in a scenario')}
            basis={t('汇总形成应用场景需求清单，报办公室审核（第十三条第（三）项）', 'Compile into scenarios for the office (art. 13(3))')}
            todos={openDemands}
            loading={demands.loading}
            testId="operator-todo-demands"
            more={{ to: '/scenarios', label: t('汇总形成场景', 'Compile a scenario') }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard title={t('退回或草稿中的场景', 'Scenarios returned or in draft')} todos={scenarioTodos} loading={scenarios.loading} testId="operator-todo-scenarios" />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t('已截止待评分、确定的公告', 'Calls past their deadline')}
            basis={t('按公布的评分标准逐项评分并说明理由（第十三条第（五）项）', 'Score by the published criteria, with reasons (art. 13(5))')}
            todos={callTodos}
            loading={calls.loading}
            testId="operator-todo-calls"
            more={{ to: '/calls', label: t('全部公告', 'All calls') }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t('待报备、待生效、整改中的协议', 'Agreements to file, activate or resume')}
            basis={t('授权前向办公室报备（第十七条）', 'Filed with the office before taking effect (art. 17)')}
            todos={agreementTodos}
            loading={agreements.loading}
            testId="operator-todo-agreements"
            more={{ to: '/agreements', label: t('全部协议', 'All agreements') }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard title={t('待审定的查询模板', 'Query templates to decide')} todos={templateTodos} loading={queues.loading} testId="operator-todo-templates" more={{ to: '/workspaces', label: t('工作空间', 'Workspaces') }} />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard title={t('即将到期的授权协议', 'Agreements expiring soon')} todos={expiringTodos} loading={agreements.loading} testId="operator-todo-expiring" />
        </Col>
        {all.length ? (
          <>
            <Col xs={24} xl={8}>
              <Card size="small" title={t('授权协议状态', 'Agreements by status')}>
                <Chart option={ring} height={240} testId="operator-agreements-chart" />
              </Card>
            </Col>
            <Col xs={24} xl={16}>
              <Card size="small" title={t('授权期限', 'Terms')}>
                <Chart option={timeline} height={240} testId="operator-terms-chart" />
              </Card>
            </Col>
          </>
        ) : null}
      </Row>
    </>
  )
}
