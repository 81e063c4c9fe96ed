import type { FastifyInstance } from 'fastify'
import * as ag from '../src/modules/authorizations/agreement.service.ts'
import { termEndAfter } from '../src/modules/authorizations/authorization.ts'
import * as ops from '../src/modules/authorizations/operator.service.ts'
import { actAs } from '../src/modules/identity/identity.service.ts'
import * as sc from '../src/modules/scenarios/scenario.service.ts'
import { DEMO_CLAUSES } from '../src/modules/demo/demo-authorizations.ts'
import { seedDemoAuthorizations } from '../src/modules/demo/demo-authorizations.ts'
import { seedDemoIdentities } from '../src/modules/demo/demo-identities.ts'
import { seedDemoCatalog } from '../src/modules/demo/demo-world.ts'
import { DEMO_RESOURCE_CODES } from '../src/modules/demo/world/catalog-entries.ts'
import type { Platform } from '../src/platform/platform.ts'
import { chinaDate, chinaTime } from '../src/platform/time.ts'
import { bearer, type TestClock } from './platform.ts'

export { DEMO_CLAUSES, DEMO_RESOURCE_CODES }

/** The demo world's identities, catalog and two authorizations (workspaces fin-credit, ski-tourism), no pool data. */
export async function seedAuthorizedWorld(platform: Platform & { clock: TestClock }): Promise<void> {
  await seedDemoIdentities(platform)
  await seedDemoCatalog(platform)
  await seedDemoAuthorizations(platform, async (ms) => platform.clock.advance(ms / 1000))
}

export function today(platform: Platform): string {
  return chinaDate(platform.clock())
}

/** An API caller bound to one app: `api(token).post(url, body)` answers status and JSON. */
export function api(app: FastifyInstance, token?: string) {
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await app.inject({ method, url, ...(token ? { headers: bearer(token) } : {}), ...(payload === undefined ? {} : { payload: payload as object }) })
    return { status: response.statusCode, body: response.body ? (response.json() as any) : undefined }
  }
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown = {}) => call('POST', url, payload),
    put: (url: string, payload: unknown) => call('PUT', url, payload),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
    delete: (url: string) => call('DELETE', url),
  }
}

export const QUALIFICATIONS = {
  compliance: { met: true, evidence: '审查意见书' },
  capability: { met: true, evidence: '能力证明材料' },
  'good-standing': { met: true, evidence: '信用查询记录' },
  'data-governance': { met: true, evidence: '近三年无安全事件证明' },
  'supervision-response': { met: true, evidence: '承诺书' },
}

export const CRITERIA = [
  { name: '技术方案', weight: 60, description: '方案可行性' },
  { name: '安全能力', weight: 40, description: '安全措施' },
]

export const ELIGIBILITY = ['依法设立的法人组织']

export function applicationBody(): unknown {
  return {
    statement: '申请承担该场景的开发运营',
    eligibility: [{ condition: ELIGIBILITY[0], evidence: '营业执照' }],
    documents: [{ name: '申请书.pdf', sha256: 'a'.repeat(64), summary: '申请书' }],
  }
}

export interface AuthorizationFixture {
  readonly operatorAuthorizationId: string
  readonly draftScenarioCode: string
  readonly approvedScenarioCode: string
  readonly openCallId: string
  readonly openApplicationId: string
  readonly activeAgreementId: string
  readonly draftAgreementId: string
  readonly workspaceId: string
}

/**
 * One of everything in the authorization chain, made through the services on a catalog holding
 * the sample market_entities resource: an active operator, a draft scenario, an open call with
 * fintech's application, an active agreement with workspace test-ws and a draft agreement.
 */
export async function authorizationFixture(platform: Platform & { clock: TestClock }, resourceCode: string): Promise<AuthorizationFixture> {
  const [office, bureau, operator, fintech] = await Promise.all(['office', 'bureau', 'operator', 'fintech'].map((u) => actAs(platform, u, 'test')))
  const start = today(platform)
  const designation = await ops.designateOperator(platform, office!, {
    operatorOrgId: 'org-operator', qualifications: QUALIFICATIONS, lastSecurityIncidentOn: null, agreementReference: 'ref', clauses: DEMO_CLAUSES,
    termStart: start, termEnd: termEndAfter(start, 60),
  })
  await ops.grantOperatorScope(platform, bureau!, designation.id, [resourceCode])
  const needs = [{ resourceCode, fields: ['uscc', 'name', 'status'].map((name) => ({ name, justification: '测试' })) }]
  const scenario = (code: string) => sc.compileScenario(platform, operator!, { code, name: code, sector: '测试', description: '测试', purposeType: 'industrial', conditions: '', needs, demandIds: [] })
  const approve = async (code: string) => {
    await scenario(code)
    await sc.submitScenario(platform, operator!, code)
    await sc.reviewScenario(platform, office!, code, 'approve', undefined)
  }
  const call = (code: string, seconds: number) =>
    sc.publishCall(platform, operator!, {
      scenarioCode: code, title: code, method: 'open-tender', eligibility: ELIGIBILITY, criteria: CRITERIA, invitedOrgIds: [],
      deadline: chinaTime(new Date(platform.clock().getTime() + seconds * 1000)),
    })
  const apply = (callId: string) => sc.applyToCall(platform, fintech!, callId, applicationBody() as Parameters<typeof sc.applyToCall>[3])
  const award = async (callId: string, applicationId: string) => {
    await sc.scoreApplication(platform, operator!, applicationId, [
      { criterion: '技术方案', score: 50, reason: 'r' },
      { criterion: '安全能力', score: 30, reason: 'r' },
    ])
    await sc.awardCall(platform, operator!, callId, { applicationId, reason: 'best' })
  }
  const draft = (applicationId: string, workspaceId: string) =>
    ag.draftAgreement(platform, operator!, {
      applicationId, clauses: DEMO_CLAUSES, scope: [{ resourceCode, fields: ['uscc', 'status'], rowFilters: [] }], termStart: today(platform),
      termEnd: termEndAfter(today(platform), 36), feeYuan: 1000, workspace: { id: workspaceId, name: workspaceId },
    })

  await scenario('SC-TST-002')
  for (const code of ['SC-TST-001', 'SC-TST-003', 'SC-TST-004']) await approve(code)
  const callA = await call('SC-TST-001', 60)
  const callB = await call('SC-TST-003', 86_400)
  const callC = await call('SC-TST-004', 60)
  const appA = await apply(callA.id)
  const appB = await apply(callB.id)
  const appC = await apply(callC.id)
  platform.clock.advance(61)
  await award(callA.id, appA.id)
  await award(callC.id, appC.id)
  const active = await draft(appA.id, 'test-ws')
  await ag.fileAgreement(platform, operator!, active.id)
  await ag.acknowledgeAgreement(platform, office!, active.id)
  const pending = await draft(appC.id, 'test-ws-2')
  return {
    operatorAuthorizationId: designation.id,
    draftScenarioCode: 'SC-TST-002',
    approvedScenarioCode: 'SC-TST-001',
    openCallId: callB.id,
    openApplicationId: appB.id,
    activeAgreementId: active.id,
    draftAgreementId: pending.id,
    workspaceId: 'test-ws',
  }
}
