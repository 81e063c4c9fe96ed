import type { FastifyInstance } from 'fastify'
import { DEMO_CLAUSES } from '../src/modules/demo/demo-authorizations.ts'
import { seedDemoAuthorizations } from '../src/modules/demo/demo-authorizations.ts'
import { seedDemoIdentities } from '../src/modules/demo/demo-identities.ts'
import { seedDemoCatalog } from '../src/modules/demo/demo-world.ts'
import { DEMO_RESOURCE_CODES } from '../src/modules/demo/world/catalog-entries.ts'
import type { Platform } from '../src/platform/platform.ts'
import { chinaDate } from '../src/platform/time.ts'
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
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await app.inject({ method, url, ...(token ? { headers: bearer(token) } : {}), ...(payload === undefined ? {} : { payload: payload as object }) })
    return { status: response.statusCode, body: response.body ? (response.json() as any) : undefined }
  }
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown = {}) => call('POST', url, payload),
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
