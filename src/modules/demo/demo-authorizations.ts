import { setTimeout as sleep } from 'node:timers/promises'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { acknowledgeAgreement, draftAgreement, fileAgreement } from '../authorizations/agreement.service.ts'
import { termEndAfter, type PurposeType, type ScenarioNeed, type ScopeItem } from '../authorizations/authorization.ts'
import { currentOperatorAuthorization, designateOperator, grantOperatorScope } from '../authorizations/operator.service.ts'
import type { QueryRules } from '../authorizations/workspace.ts'
import { actAs } from '../identity/identity.service.ts'
import { applyToCall, awardCall, compileScenario, findScenarioByCode, publishCall, reviewScenario, scoreApplication, submitDemand, submitScenario } from '../scenarios/scenario.service.ts'
import { DEMO_RESOURCE_CODES as R } from './world/catalog-entries.ts'

/** The clauses of art. 16 as the demo world's agreements state them. */
export const DEMO_CLAUSES: Readonly<Record<string, string>> = {
  'rights-and-duties': '甲方（一级开发运营主体）提供授权运营域内的数据开发环境和技术支持；乙方（二级开发运营主体）在授权范围内开发数据产品，并对其使用行为负责。',
  scope: '授权数据范围以本协议附件所列数据资源及信息项为限，遵循最小必要原则，仅限本应用场景使用。',
  term: '授权期限自生效之日起不超过三年；需延期的，乙方应在期限届满前三个月内申请重新签订协议。',
  fees: '按应用场景用途确定：公益用途无偿使用，产业用途按经备案的价格有偿使用。',
  'security-requirements': '数据仅在授权运营域内加工使用，原始数据不出域；乙方落实身份认证、访问控制、安全审计等要求。',
  prohibitions: '乙方不得以任何形式向其他主体再授权，不得导出原始数据或可还原原始数据的产品，不得超范围使用数据。',
  'credit-commitment': '乙方承诺所提交材料真实有效，守法诚信经营，接受信用监管。',
  exit: '协议终止或撤销时，甲方关闭乙方的使用权限，对授权数据以不可逆方式销毁并记录。',
  liability: '乙方违反协议约定的，甲方有权暂停或终止授权，并依法追究其责任。',
}

const QUALIFICATIONS = {
  compliance: { met: true, evidence: '经审查，符合国家、省、市公共数据授权运营有关规定（审查意见书 2026-01）。' },
  capability: { met: true, evidence: '注册资本、技术团队、数据安全管理体系和运营服务能力证明材料齐备。' },
  'good-standing': { met: true, evidence: '信用中国、国家企业信用信息公示系统查询无失信、重大违法记录。' },
  'data-governance': { met: true, evidence: '数据管理制度、操作规程齐全；近三年无网络安全或数据安全事件（网信部门证明）。' },
  'supervision-response': { met: true, evidence: '承诺按要求报送运营报告并配合监督检查和评估。' },
} as const

interface DemoScenario {
  readonly code: string
  readonly name: string
  readonly sector: string
  readonly description: string
  readonly purposeType: PurposeType
  readonly conditions: string
  readonly developer: string
  readonly workspaceId: string
  readonly workspaceName: string
  readonly feeYuan: number
  readonly scope: readonly ScopeItem[]
  readonly rules: Partial<QueryRules>
}

const grant = (resourceCode: string, fields: readonly string[]): ScopeItem => ({ resourceCode, fields, rowFilters: [] })

/** The two scenarios, authorizations and workspaces of DEMO-WORLD.md (a contract). */
export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  {
    code: 'SC-FIN-001',
    name: '中小微企业普惠金融信用评估',
    sector: '金融服务',
    description: '融合市场主体登记、水电用量、纳税信用和社保缴纳数据，为金融机构评估中小微企业信用，缓解融资难。',
    purposeType: 'industrial',
    conditions: '按经备案的价格有偿使用；企业信用评分仅以经审核的接口产品提供，且须取得企业授权。',
    developer: 'fintech',
    workspaceId: 'fin-credit',
    workspaceName: '普惠金融信用评估工作区',
    feeYuan: 120_000,
    scope: [
      grant(R.market_entities, ['uscc', 'name', 'district_code', 'industry_code', 'registered_capital_wan', 'established_on', 'status']),
      grant(R.electricity_usage, ['uscc', 'month', 'kwh', 'amount_yuan']),
      grant(R.water_usage, ['uscc', 'month', 'tons']),
      grant(R.tax_credit_ratings, ['uscc', 'year', 'rating']),
      grant(R.social_insurance, ['employer_uscc', 'month', 'contribution_base_yuan']),
    ],
    rules: {
      analysis: 'aggregation',
      identifiers: ['market_entities.uscc', 'market_entities.name', 'electricity_usage.uscc', 'water_usage.uscc', 'tax_credit_ratings.uscc', 'social_insurance.employer_uscc'],
      minDistinctEntities: 10,
    },
  },
  {
    code: 'SC-TOUR-001',
    name: '崇礼冰雪旅游客流分析',
    sector: '文化旅游',
    description: '分析公交出行和景区接待数据，服务崇礼冰雪旅游的客流疏导、公交运力调度和公共服务。',
    purposeType: 'public_interest',
    conditions: '仅用于公共服务和行业治理，成果向文旅和交通主管部门免费提供，发布数据须加差分隐私噪声。',
    developer: 'skitour',
    workspaceId: 'ski-tourism',
    workspaceName: '崇礼冰雪旅游客流分析工作区',
    feeYuan: 0,
    scope: [grant(R.bus_trips, ['route', 'boarding_stop', 'district_code', 'boarded_at']), grant(R.scenic_visits, ['visit_date', 'scenic_spot', 'origin_province', 'visitors'])],
    rules: {
      analysis: 'aggregation',
      identifiers: [],
      minDistinctEntities: 0,
      differentialPrivacy: { mechanism: 'laplace', epsilonPerAggregate: 0.5, budgetEpsilon: 10, contributionBound: 1, bounds: { 'scenic_visits.visitors': [0, 20_000] } },
    },
  },
]

function needsOf(scope: readonly ScopeItem[]): ScenarioNeed[] {
  return scope.map((item) => ({ resourceCode: item.resourceCode, fields: item.fields.map((name) => ({ name, justification: '场景分析所必需' })) }))
}

/** How long a demo call stays open: long enough to apply on a busy machine, short enough for a start. */
const CALL_OPEN_MS = 3000

/**
 * The authorization chain of the demo world, walked by its actors through the same services as
 * anyone: the office designates the operator and the bureau grants it the seven resources; for
 * each scenario the developer states its demand, the operator compiles it, the office approves,
 * the operator calls, the developer applies, the operator scores and awards, drafts and files the
 * agreement, and the office acknowledges it: the workspace opens. What exists is left alone.
 * `passTime` waits for the calls' deadline (tests move their clock instead).
 */
export async function seedDemoAuthorizations(
  platform: Platform,
  passTime: (ms: number) => Promise<unknown> = (ms) => sleep(ms),
): Promise<number> {
  const office = await actAs(platform, 'office', 'demo-seed')
  const bureau = await actAs(platform, 'bureau', 'demo-seed')
  const operator = await actAs(platform, 'operator', 'demo-seed')
  const today = chinaDate(platform.clock())
  if (!(await currentOperatorAuthorization(platform.store.db))) {
    const designation = await designateOperator(platform, office, {
      operatorOrgId: 'org-operator',
      qualifications: QUALIFICATIONS,
      lastSecurityIncidentOn: null,
      agreementReference: '张数授〔2026〕1号 公共数据资源授权运营协议',
      clauses: DEMO_CLAUSES,
      termStart: today,
      termEnd: termEndAfter(today, 60),
    })
    await grantOperatorScope(platform, bureau, designation.id, Object.values(R))
  }
  const missing = []
  for (const scenario of DEMO_SCENARIOS) if (!(await findScenarioByCode(platform.store.db, scenario.code))) missing.push(scenario)
  if (missing.length === 0) return 0

  // Calls close a moment after they open: the demo's applicants are ready, and scoring waits for the
  // deadline. Each call gets its own, set as it opens, so a slow machine never finds one closed.
  const applications = []
  let lastDeadline = 0
  for (const scenario of missing) {
    const developer = await actAs(platform, scenario.developer, 'demo-seed')
    const needs = needsOf(scenario.scope)
    const demand = await submitDemand(platform, developer, { title: scenario.name, description: scenario.description, purposeType: scenario.purposeType, needs })
    await compileScenario(platform, operator, { ...scenario, needs, demandIds: [demand.id] })
    await submitScenario(platform, operator, scenario.code)
    await reviewScenario(platform, office, scenario.code, 'approve', '同意纳入应用场景目录。')
    const deadline = new Date(platform.clock().getTime() + CALL_OPEN_MS)
    lastDeadline = deadline.getTime()
    const call = await publishCall(platform, operator, {
      scenarioCode: scenario.code,
      title: `${scenario.name}场景授权运营公告`,
      method: 'open-tender',
      eligibility: ['依法设立的法人组织', '具备数据安全保障能力'],
      criteria: [
        { name: '技术方案', weight: 50, description: '开发方案的可行性和安全性' },
        { name: '安全能力', weight: 30, description: '数据安全管理制度和技术措施' },
        { name: '应用成效', weight: 20, description: '预期的经济社会效益' },
      ],
      invitedOrgIds: [],
      deadline: chinaTime(deadline),
    })
    const application = await applyToCall(platform, developer, call.id, {
      statement: `申请承担“${scenario.name}”场景的开发运营。`,
      eligibility: [
        { condition: '依法设立的法人组织', evidence: '营业执照（统一社会信用代码见附件）' },
        { condition: '具备数据安全保障能力', evidence: '数据安全管理制度及等级保护备案证明' },
      ],
      documents: [{ name: '申请书.pdf', sha256: '0'.repeat(63) + '1', summary: '申请书及开发方案' }],
    })
    applications.push({ scenario, call, application })
  }
  const wait = lastDeadline - platform.clock().getTime() + 50
  if (wait > 0) await passTime(wait)
  for (const { scenario, call, application } of applications) {
    await scoreApplication(platform, operator, application.id, [
      { criterion: '技术方案', score: 45, reason: '方案完整可行' },
      { criterion: '安全能力', score: 27, reason: '安全措施到位' },
      { criterion: '应用成效', score: 18, reason: '效益明确' },
    ])
    await awardCall(platform, operator, call.id, { applicationId: application.id, reason: '综合评分最高' })
    const agreement = await draftAgreement(platform, operator, {
      applicationId: application.id,
      clauses: DEMO_CLAUSES,
      scope: scenario.scope,
      termStart: today,
      termEnd: termEndAfter(today, 36),
      feeYuan: scenario.feeYuan,
      workspace: { id: scenario.workspaceId, name: scenario.workspaceName, rules: scenario.rules },
    })
    await fileAgreement(platform, operator, agreement.id)
    await acknowledgeAgreement(platform, office, agreement.id)
  }
  return missing.length
}
