import { reportIncident } from '../modules/incidents/incident.service.ts'
import { createReport, fileReport, updateNarrative } from '../modules/reports/report.service.ts'
import { NARRATIVE_KEYS } from '../modules/reports/report.ts'
import { DEFAULT_CHROMIUM } from '../platform/printer.ts'
import type { Platform } from '../platform/platform.ts'
import { createConsent, createKey } from '../modules/gateway/gateway.service.ts'
import { applyForRegistration } from '../modules/registration/registration.service.ts'
import { createImport } from '../modules/masking/import.service.ts'
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { testDialects } from '../../test/dialects.ts'
import { bearer, loginAs, testApp, testPlatform } from '../../test/platform.ts'
import { seedDemoIdentities } from '../modules/demo/demo-identities.ts'
import { createApiToken } from '../modules/identity/identity.service.ts'
import { actAs, authenticate } from '../modules/identity/identity.service.ts'
import { compileEntry, reviewEntry, submitEntry } from '../modules/catalog/catalog.service.ts'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sampleEntry, testResidentId, testUscc } from '../../test/catalog.ts'
import { multipartFile } from '../../test/multipart.ts'
import { loadVersion } from '../modules/pool/pool.service.ts'
import { requestReturnFlow } from '../modules/catalog/flows.service.ts'
import { applicationBody, authorizationFixture, CRITERIA, DEMO_CLAUSES, ELIGIBILITY, type AuthorizationFixture } from '../../test/authorization.ts'

const POOL_HEADER = 'uscc,name,legal_rep_id,legal_rep_phone,status'
const poolLine = (n: number) => [testUscc(n), `公司${n}`, testResidentId(n), '13903131234', '存续'].join(',')

function uploadOf(upload: { filename: string; content: string }, token: string | undefined) {
  const body = multipartFile(upload.filename, upload.content)
  return { payload: body.payload, headers: { ...body.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } }
}

// Who sees a resource's pool versions and quality: the source unit, the bureau, the operator, regulators.
const SEES_QUALITY: readonly Actor[] = ['src-mr', 'bureau', 'operator', 'reviewer', 'regulator']

function byQualityVisibility(allowed: readonly Actor[]): Partial<Record<Actor, 401 | 403 | 404 | 422>> {
  return {
    anonymous: 401,
    ...Object.fromEntries(
      ACTORS.filter((a) => a !== 'anonymous' && !allowed.includes(a)).map((a) => [a, SEES_QUALITY.includes(a) ? 403 : 404]),
    ),
  }
}

/**
 * The authorization matrix: for every endpoint of the API, each actor that must be refused, and
 * how (401 unauthenticated, 403 not allowed, 404 not even told the object exists). A new
 * endpoint fails the coverage test until it is added here.
 */
const ACTORS = ['anonymous', 'sysadmin', 'secadmin', 'auditadmin', 'office', 'bureau', 'sector-mr', 'src-mr', 'operator', 'reviewer', 'fintech', 'skitour', 'regulator', 'bank', 'src-power'] as const
type Actor = (typeof ACTORS)[number]

interface Fixture extends Partial<AuthorizationFixture> {
  bankUserId: string
  bankTokenId: string
  heldVersionId: string
  returnFlowId: string
  importId?: string
  modelId?: string
  draftProductCode?: string
  approvedProductCode?: string
  listedProductCode?: string
  registrationId?: string
  gatewayKeyId?: string
  consentId?: string
  incidentId?: string
  reportId?: string
}

interface Endpoint {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  readonly path: string
  url(f: Fixture): string
  payload?(f: Fixture): unknown
  /** A file sent as multipart/form-data instead of a JSON payload. */
  readonly upload?: { readonly filename: string; readonly content: string }
  /** Actors refused, with the status; actors not listed may call it. */
  readonly refused: Partial<Record<Actor, 401 | 403 | 404 | 422>>
  /** Prints with Chromium: its reads are checked only where there is one (or SHUYU_E2E_REQUIRED=1). */
  readonly needsChromium?: boolean
}

const everyoneBut = (allowed: readonly Actor[], status: 403 | 404 | 422): Partial<Record<Actor, 401 | 403 | 404 | 422>> =>
  Object.fromEntries(ACTORS.filter((a) => a !== 'anonymous' && !allowed.includes(a)).map((a) => [a, status]))

const ADMINS: readonly Actor[] = ['sysadmin', 'secadmin', 'auditadmin']
// Who can see the bank's users at all: administrators, regulators, itself.
const SEES_BANK: readonly Actor[] = [...ADMINS, 'regulator', 'bank']
// Who can see the bank in the directory of organizations: those, and the office, the bureau and the operator.
const SEES_BANK_ORG: readonly Actor[] = [...SEES_BANK, 'office', 'bureau', 'operator', 'reviewer']

/** Refused with 403 if they can see the object (`sees`), else 404. */
function byVisibility(allowed: readonly Actor[], sees: readonly Actor[] = SEES_BANK): Partial<Record<Actor, 401 | 403 | 404 | 422>> {
  return {
    anonymous: 401,
    ...Object.fromEntries(
      ACTORS.filter((a) => a !== 'anonymous' && !allowed.includes(a)).map((a) => [a, sees.includes(a) ? 403 : 404]),
    ),
  }
}

// Who oversees the authorization chain and so sees every scenario, application and agreement.
const OVERSEERS: readonly Actor[] = ['office', 'operator', 'reviewer', 'regulator']
const OPERATOR: readonly Actor[] = ['operator', 'reviewer']
const DEVELOPERS: readonly Actor[] = ['fintech', 'skitour']
const CONSUMERS: readonly Actor[] = ['bank']
// The parties to fixture agreements: the operator (either user) and fintech, plus the office and regulators.
const SEES_AGREEMENT: readonly Actor[] = [...OVERSEERS, 'fintech']

/** Refused with 404 unless the actor can see the object; those who can but may not act get `seen`. */
function unlessSeen(canSee: readonly Actor[], allowed: readonly Actor[], seen: Partial<Record<Actor, 403 | 422>>): Partial<Record<Actor, 401 | 403 | 404 | 422>> {
  return {
    anonymous: 401,
    ...Object.fromEntries(ACTORS.filter((a) => a !== 'anonymous' && !canSee.includes(a)).map((a) => [a, 404])),
    ...Object.fromEntries(canSee.filter((a) => !allowed.includes(a)).map((a) => [a, seen[a] ?? 403])),
  }
}

// Who reads a filed annual report (art. 27): the operator that wrote it, the office it was filed with, the bureau, regulators.
const REPORT_READERS: readonly Actor[] = [...OPERATOR, 'office', 'bureau', 'regulator']
// PDFs are printed where Chromium is, and must be where CI requires it.
const PRINTS_PDF = fs.existsSync(process.env.SHUYU_CHROMIUM || DEFAULT_CHROMIUM) || process.env.SHUYU_E2E_REQUIRED === '1'

const futureDeadline = () => new Date(Date.now() + 86_400_000 * 30).toISOString()
const termOf = () => ({ termStart: '2026-11-27', termEnd: '2029-11-26' })

const AUTHORIZATION_ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', path: '/api/v1/operator-authorizations', url: () => '/api/v1/operator-authorizations', refused: { anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/operator-authorizations',
    url: () => '/api/v1/operator-authorizations',
    payload: () => ({
      operatorOrgId: 'org-operator',
      qualifications: Object.fromEntries(['compliance', 'capability', 'good-standing', 'data-governance', 'supervision-response'].map((q) => [q, { met: true, evidence: 'e' }])),
      agreementReference: 'r', clauses: DEMO_CLAUSES, ...termOf(),
    }),
    // Art. 11: designating the operator is the office's power alone, whoever else asks.
    refused: { anonymous: 401, ...everyoneBut(['office'], 422) },
  },
  {
    method: 'POST',
    path: '/api/v1/operator-authorizations/:id/grant',
    url: (f) => `/api/v1/operator-authorizations/${f.operatorAuthorizationId}/grant`,
    payload: () => ({ resources: ['130700-SCJG-0001'] }),
    refused: { anonymous: 401, ...everyoneBut(['bureau'], 422) },
  },
  { method: 'GET', path: '/api/v1/scenario-demands', url: () => '/api/v1/scenario-demands', refused: { anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/scenario-demands',
    url: () => '/api/v1/scenario-demands',
    payload: () => ({ title: 't', description: 'd', purposeType: 'industrial', needs: [{ resourceCode: '130700-SCJG-0001', fields: [{ name: 'uscc', justification: 'j' }] }] }),
    refused: { anonymous: 401, ...everyoneBut([...OPERATOR, ...DEVELOPERS], 403) },
  },
  {
    method: 'POST',
    path: '/api/v1/scenarios',
    url: () => '/api/v1/scenarios',
    payload: () => ({ code: 'SC-TST-009', name: 'n', sector: 's', description: 'd', purposeType: 'industrial', needs: [{ resourceCode: '130700-SCJG-0001', fields: [{ name: 'uscc', justification: 'j' }] }] }),
    refused: { anonymous: 401, ...everyoneBut(OPERATOR, 403) },
  },
  { method: 'GET', path: '/api/v1/scenarios', url: () => '/api/v1/scenarios', refused: { anonymous: 401 } },
  { method: 'GET', path: '/api/v1/scenarios/:code', url: (f) => `/api/v1/scenarios/${f.approvedScenarioCode}`, refused: { anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/scenarios/:code/submit',
    url: (f) => `/api/v1/scenarios/${f.draftScenarioCode}/submit`,
    refused: unlessSeen(OVERSEERS, OPERATOR, {}),
  },
  {
    method: 'POST',
    path: '/api/v1/scenarios/:code/review',
    url: (f) => `/api/v1/scenarios/${f.draftScenarioCode}/review`,
    payload: () => ({ decision: 'reject', comment: 'no' }),
    refused: unlessSeen(OVERSEERS, ['office'], {}),
  },
  { method: 'GET', path: '/api/v1/public/scenarios', url: () => '/api/v1/public/scenarios', refused: {} },
  {
    method: 'POST',
    path: '/api/v1/calls',
    url: () => '/api/v1/calls',
    payload: (f) => ({ scenarioCode: f.approvedScenarioCode, title: 't', method: 'open-tender', eligibility: ELIGIBILITY, criteria: CRITERIA, deadline: futureDeadline() }),
    refused: { anonymous: 401, ...everyoneBut([...OPERATOR, ...DEVELOPERS], 403), fintech: 422, skitour: 422 },
  },
  { method: 'GET', path: '/api/v1/calls', url: () => '/api/v1/calls', refused: { anonymous: 401 } },
  { method: 'GET', path: '/api/v1/calls/:id', url: (f) => `/api/v1/calls/${f.openCallId}`, refused: { anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/calls/:id/applications',
    url: (f) => `/api/v1/calls/${f.openCallId}/applications`,
    payload: () => applicationBody(),
    refused: { anonymous: 401, ...everyoneBut([...OPERATOR, ...DEVELOPERS], 403), operator: 422, reviewer: 422 },
  },
  { method: 'GET', path: '/api/v1/calls/:id/applications', url: (f) => `/api/v1/calls/${f.openCallId}/applications`, refused: { anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/applications/:id/score',
    url: (f) => `/api/v1/applications/${f.openApplicationId}/score`,
    payload: () => ({ scores: [{ criterion: '技术方案', score: 1, reason: 'r' }] }),
    refused: unlessSeen(SEES_AGREEMENT, OPERATOR, { fintech: 422 }),
  },
  {
    method: 'POST',
    path: '/api/v1/calls/:id/award',
    url: (f) => `/api/v1/calls/${f.openCallId}/award`,
    payload: (f) => ({ applicationId: f.openApplicationId, reason: 'r' }),
    refused: { anonymous: 401, ...everyoneBut([...OPERATOR, ...DEVELOPERS], 403), fintech: 422, skitour: 422 },
  },
  { method: 'GET', path: '/api/v1/agreements', url: () => '/api/v1/agreements', refused: { anonymous: 401, ...everyoneBut([...OVERSEERS, ...DEVELOPERS], 403) } },
  {
    method: 'POST',
    path: '/api/v1/agreements',
    url: () => '/api/v1/agreements',
    payload: (f) => ({ applicationId: f.openApplicationId, clauses: DEMO_CLAUSES, scope: [{ resourceCode: '130700-SCJG-0001', fields: ['uscc'] }], ...termOf(), feeYuan: 1, workspace: { name: 'w' } }),
    refused: { anonymous: 401, ...everyoneBut([...OPERATOR, ...DEVELOPERS], 403), fintech: 422, skitour: 422 },
  },
  { method: 'GET', path: '/api/v1/agreements/:id', url: (f) => `/api/v1/agreements/${f.activeAgreementId}`, refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}) },
  {
    method: 'GET',
    path: '/api/v1/agreements/:id/linkage-risk',
    url: (f) => `/api/v1/agreements/${f.activeAgreementId}/linkage-risk`,
    refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}),
  },
  {
    method: 'PATCH',
    path: '/api/v1/agreements/:id',
    url: (f) => `/api/v1/agreements/${f.draftAgreementId}`,
    payload: () => ({ feeYuan: 2000 }),
    refused: unlessSeen(SEES_AGREEMENT, OPERATOR, { fintech: 422 }),
  },
  ...(['file', 'activate'] as const).map(
    (step): Endpoint => ({
      method: 'POST',
      path: `/api/v1/agreements/:id/${step}`,
      url: (f) => `/api/v1/agreements/${f.draftAgreementId}/${step}`,
      refused: unlessSeen(SEES_AGREEMENT, OPERATOR, { fintech: 422 }),
    }),
  ),
  { method: 'POST', path: '/api/v1/agreements/:id/acknowledge', url: (f) => `/api/v1/agreements/${f.draftAgreementId}/acknowledge`, refused: unlessSeen(SEES_AGREEMENT, ['office'], {}) },
  {
    method: 'POST',
    path: '/api/v1/agreements/:id/object',
    url: (f) => `/api/v1/agreements/${f.draftAgreementId}/object`,
    payload: () => ({ reason: 'r' }),
    refused: unlessSeen(SEES_AGREEMENT, ['office'], {}),
  },
  { method: 'POST', path: '/api/v1/agreements/:id/renew', url: (f) => `/api/v1/agreements/${f.activeAgreementId}/renew`, refused: unlessSeen(SEES_AGREEMENT, [...OPERATOR, 'fintech'], {}) },
  ...(['suspend', 'resume'] as const).map(
    (step): Endpoint => ({
      method: 'POST',
      path: `/api/v1/agreements/:id/${step}`,
      url: (f) => `/api/v1/agreements/${f.activeAgreementId}/${step}`,
      payload: () => (step === 'suspend' ? { reason: 'r' } : { note: 'n' }),
      refused: unlessSeen(SEES_AGREEMENT, ['office', ...OPERATOR], {}),
    }),
  ),
  {
    method: 'POST',
    path: '/api/v1/agreements/:id/terminate',
    url: (f) => `/api/v1/agreements/${f.activeAgreementId}/terminate`,
    payload: () => ({ ground: 'policy-change', note: 'n' }),
    // Art. 35 gives unilateral termination to the office and the operator only.
    refused: unlessSeen(SEES_AGREEMENT, ['office', ...OPERATOR], { regulator: 422, fintech: 422 }),
  },
  { method: 'GET', path: '/api/v1/workspaces', url: () => '/api/v1/workspaces', refused: { anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/workspaces/:id/queries',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/queries`,
    payload: () => ({ sql: 'SELECT status, count(*) FROM market_entities GROUP BY 1' }),
    // Overseers see the workspace but compute in none: the operator by art. 13(6), others by membership.
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], { operator: 422, reviewer: 422 }),
  },
  {
    method: 'GET',
    path: '/api/v1/workspaces/:id/masking',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/masking`,
    refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}),
  },
  {
    method: 'PUT',
    path: '/api/v1/workspaces/:id/masking',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/masking`,
    payload: () => ({ rules: [] }),
    refused: unlessSeen(SEES_AGREEMENT, OPERATOR, {}),
  },
  {
    method: 'POST',
    path: '/api/v1/workspaces/:id/imports',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/imports`,
    upload: { filename: 'loans.csv', content: 'district_code,amount\n130702,1\n' },
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], { operator: 422, reviewer: 422 }),
  },
  {
    method: 'GET',
    path: '/api/v1/workspaces/:id/imports',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/imports`,
    refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}),
  },
  {
    method: 'GET',
    path: '/api/v1/imports/:id',
    url: (f) => `/api/v1/imports/${f.importId}`,
    refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}),
  },
  {
    method: 'PUT',
    path: '/api/v1/imports/:id/plan',
    url: (f) => `/api/v1/imports/${f.importId}/plan`,
    payload: () => ({ columns: { district_code: { action: 'keep' }, amount: { action: 'keep' } }, quasiIdentifiers: ['district_code'], k: 5 }),
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], { operator: 422, reviewer: 422 }),
  },
  {
    method: 'POST',
    path: '/api/v1/imports/:id/submit',
    url: (f) => `/api/v1/imports/${f.importId}/submit`,
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], { operator: 422, reviewer: 422 }),
  },
  {
    method: 'POST',
    path: '/api/v1/imports/:id/decision',
    url: (f) => `/api/v1/imports/${f.importId}/decision`,
    payload: () => ({ decision: 'approve', note: 'ok' }),
    refused: unlessSeen(SEES_AGREEMENT, ['office'], {}),
  },
  {
    method: 'POST',
    path: '/api/v1/imports/:id/withdrawal',
    url: (f) => `/api/v1/imports/${f.importId}/withdrawal`,
    payload: () => ({ reason: 'no longer needed' }),
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], {}),
  },
  {
    method: 'POST',
    path: '/api/v1/workspaces/:id/models',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/models`,
    payload: () => ({ name: 'mm', kind: 'linear', sql: 'SELECT 1 AS x, 2 AS y FROM market_entities', target: 'y', features: ['x'] }),
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], { operator: 422, reviewer: 422 }),
  },
  {
    method: 'GET',
    path: '/api/v1/workspaces/:id/models',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/models`,
    refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}),
  },
  {
    method: 'GET',
    path: '/api/v1/models/:id',
    url: (f) => `/api/v1/models/${f.modelId}`,
    refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}),
  },
  {
    method: 'POST',
    path: '/api/v1/workspaces/:id/products',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/products`,
    payload: (f) => ({ kind: 'model', name: 'n', description: 'd', spec: { kind: 'model', modelId: f.modelId }, pricing: { model: 'free' } }),
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], { operator: 422, reviewer: 422 }),
  },
  {
    method: 'GET',
    path: '/api/v1/products',
    url: () => '/api/v1/products',
    refused: { anonymous: 401 },
  },
  {
    method: 'GET',
    path: '/api/v1/products/:code',
    url: (f) => `/api/v1/products/${f.draftProductCode}`,
    refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}),
  },
  {
    method: 'POST',
    path: '/api/v1/products/:code/submission',
    url: (f) => `/api/v1/products/${f.draftProductCode}/submission`,
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], {}),
  },
  {
    method: 'POST',
    path: '/api/v1/products/:code/withdrawal',
    url: (f) => `/api/v1/products/${f.draftProductCode}/withdrawal`,
    payload: () => ({ reason: '不再需要' }),
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], {}),
  },
  {
    method: 'POST',
    path: '/api/v1/products/:code/reviews',
    url: (f) => `/api/v1/products/${f.draftProductCode}/reviews`,
    payload: () => ({ decision: 'approve', reasons: 'ok' }),
    refused: unlessSeen(SEES_AGREEMENT, ['reviewer'], {}),
  },
  {
    method: 'POST',
    path: '/api/v1/registrations',
    url: () => '/api/v1/registrations',
    payload: (f) => ({ subjectType: 'product', subjectCode: f.approvedProductCode, kind: 'first', rights: 'r', documents: [{ name: 'd', hash: 'a'.repeat(64) }] }),
    refused: { anonymous: 401, ...everyoneBut(['fintech'], 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/registrations',
    url: () => '/api/v1/registrations',
    refused: { anonymous: 401 },
  },
  {
    method: 'GET',
    path: '/api/v1/registrations/:id',
    url: (f) => `/api/v1/registrations/${f.registrationId}`,
    refused: unlessSeen(['fintech', 'bureau', 'office', 'regulator'], ['fintech', 'bureau', 'office', 'regulator'], {}),
  },
  ...(['acceptance', 'review', 'issue'] as const).map(
    (step): Endpoint => ({
      method: 'POST',
      path: `/api/v1/registrations/:id/${step}`,
      url: (f) => `/api/v1/registrations/${f.registrationId}/${step}`,
      ...(step === 'issue' ? {} : { payload: () => ({ decision: step === 'acceptance' ? 'accept' : 'approve', note: 'ok' }) }),
      refused: unlessSeen(['fintech', 'bureau', 'office', 'regulator'], ['bureau'], {}),
    }),
  ),
  {
    method: 'POST',
    path: '/api/v1/registrations/:id/resubmission',
    url: (f) => `/api/v1/registrations/${f.registrationId}/resubmission`,
    payload: () => ({ note: 'n' }),
    refused: unlessSeen(['fintech', 'bureau', 'office', 'regulator'], ['fintech'], {}),
  },
  {
    method: 'POST',
    path: '/api/v1/registrations/:id/objections',
    url: (f) => `/api/v1/registrations/${f.registrationId}/objections`,
    payload: () => ({ name: 'n', contact: 'c', reason: 'r' }),
    // Anyone may object, signed in or not; a registration not in its notice answers 409 to all.
    refused: {},
  },
  {
    method: 'POST',
    path: '/api/v1/registrations/:id/objections/:objectionId/resolution',
    url: (f) => `/api/v1/registrations/${f.registrationId}/objections/obj_00000000000000000000/resolution`,
    payload: () => ({ decision: 'dismiss', note: 'n' }),
    refused: unlessSeen(['fintech', 'bureau', 'office', 'regulator'], ['bureau'], {}),
  },
  {
    method: 'GET',
    path: '/api/v1/public/registrations/:code',
    url: () => '/api/v1/public/registrations/ZJK-P-2026-00000000',
    // Public: no one is refused; a code never issued is 404 for everyone alike.
    refused: Object.fromEntries(ACTORS.map((a) => [a, 404])),
  },
  {
    method: 'GET',
    path: '/api/v1/public/registrations',
    url: () => '/api/v1/public/registrations',
    refused: {},
  },
  {
    method: 'POST',
    path: '/api/v1/gateway/keys',
    url: () => '/api/v1/gateway/keys',
    payload: (f) => ({ name: 'k', products: [f.listedProductCode] }),
    refused: { anonymous: 401, ...everyoneBut(CONSUMERS, 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/gateway/keys',
    url: () => '/api/v1/gateway/keys',
    refused: { anonymous: 401, ...everyoneBut([...CONSUMERS, ...OPERATOR, 'regulator'], 403) },
  },
  {
    method: 'POST',
    path: '/api/v1/gateway/keys/:id/rotation',
    url: (f) => `/api/v1/gateway/keys/${f.gatewayKeyId}/rotation`,
    refused: { anonymous: 401, ...everyoneBut([...CONSUMERS, ...OPERATOR, 'regulator'], 404), operator: 403, reviewer: 403, regulator: 403 },
  },
  {
    method: 'POST',
    path: '/api/v1/gateway/keys/:id/revocation',
    url: (f) => `/api/v1/gateway/keys/${f.gatewayKeyId}/revocation`,
    payload: () => ({ reason: 'r' }),
    refused: { anonymous: 401, ...everyoneBut([...CONSUMERS, ...OPERATOR, 'regulator'], 404), regulator: 403 },
  },
  {
    method: 'POST',
    path: '/api/v1/gateway/consents',
    url: () => '/api/v1/gateway/consents',
    payload: (f) => ({ productCode: f.listedProductCode, entityId: '91350100M000100Y43', evidence: { documentHash: 'a'.repeat(64), signatory: 's', signedOn: '2026-11-01' }, validUntil: '2027-06-30' }),
    refused: { anonymous: 401, ...everyoneBut(CONSUMERS, 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/gateway/consents',
    url: () => '/api/v1/gateway/consents',
    refused: { anonymous: 401, ...everyoneBut([...CONSUMERS, ...OPERATOR, 'regulator'], 403) },
  },
  {
    method: 'POST',
    path: '/api/v1/gateway/consents/:id/revocation',
    url: (f) => `/api/v1/gateway/consents/${f.consentId}/revocation`,
    payload: () => ({ reason: 'r' }),
    refused: { anonymous: 401, ...everyoneBut([...CONSUMERS, ...OPERATOR, 'regulator'], 404), regulator: 403 },
  },
  {
    method: 'POST',
    path: '/api/v1/gateway/products/:code/calls',
    url: (f) => `/api/v1/gateway/products/${f.listedProductCode}/calls`,
    payload: () => ({ entityId: '91350100M000100Y43' }),
    // The key authenticates, not a session: without x-api-key every caller is 401.
    refused: Object.fromEntries(ACTORS.map((a) => [a, 401])),
  },
  {
    method: 'GET',
    path: '/api/v1/gateway/usage',
    url: () => '/api/v1/gateway/usage',
    refused: { anonymous: 401, ...everyoneBut([...CONSUMERS, ...OPERATOR, 'regulator'], 403) },
  },
  {
    method: 'PUT',
    path: '/api/v1/scenarios/:code/price-cap',
    url: (f) => `/api/v1/scenarios/${f.approvedScenarioCode}/price-cap`,
    payload: () => ({ yuanPerCall: 1, note: 'n' }),
    refused: { anonymous: 401, ...everyoneBut(['office'], 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/price-caps',
    url: () => '/api/v1/price-caps',
    refused: { anonymous: 401 },
  },
  {
    method: 'POST',
    path: '/api/v1/ledger/costs',
    url: () => '/api/v1/ledger/costs',
    payload: (f) => ({ productCode: f.listedProductCode, period: '2026-11', amountYuan: 10, category: 'compute', description: 'd' }),
    refused: { anonymous: 401, ...everyoneBut(OPERATOR, 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/ledger/costs',
    url: (f) => `/api/v1/ledger/costs?product=${f.listedProductCode}`,
    refused: { anonymous: 401, ...everyoneBut([...SEES_AGREEMENT, 'skitour'], 403), skitour: 404 },
  },
  {
    method: 'PUT',
    path: '/api/v1/products/:code/revenue-shares',
    url: (f) => `/api/v1/products/${f.listedProductCode}/revenue-shares`,
    payload: () => ({ fromPeriod: '2026-11', shares: [{ party: 'developer', share: 1 }] }),
    refused: { anonymous: 401, ...everyoneBut(OPERATOR, 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/products/:code/revenue-shares',
    url: (f) => `/api/v1/products/${f.listedProductCode}/revenue-shares`,
    refused: { anonymous: 401, ...everyoneBut([...SEES_AGREEMENT, 'skitour'], 403), skitour: 404 },
  },
  {
    method: 'GET',
    path: '/api/v1/ledger',
    url: () => '/api/v1/ledger?from=2026-01&to=2026-12',
    refused: { anonymous: 401, ...everyoneBut([...SEES_AGREEMENT, ...DEVELOPERS], 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/public/disclosure',
    url: () => '/api/v1/public/disclosure',
    refused: {},
  },
  {
    method: 'GET',
    path: '/api/v1/lineage',
    url: (f) => `/api/v1/lineage?node=workspace:${f.workspaceId}`,
    refused: { anonymous: 401, ...everyoneBut(['office', 'bureau', 'regulator', 'operator', 'reviewer', 'fintech'], 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/supervision/flags',
    url: () => '/api/v1/supervision/flags',
    refused: { anonymous: 401, ...everyoneBut(['office', 'regulator', 'operator', 'reviewer'], 403) },
  },
  {
    method: 'PUT',
    path: '/api/v1/emergency-plans',
    url: () => '/api/v1/emergency-plans',
    payload: () => ({ title: 't', summary: 's', documentHash: 'e'.repeat(64) }),
    refused: { anonymous: 401, ...everyoneBut([...OPERATOR, ...DEVELOPERS], 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/emergency-plans',
    url: () => '/api/v1/emergency-plans',
    refused: { anonymous: 401 },
  },
  {
    method: 'POST',
    path: '/api/v1/incidents',
    url: () => '/api/v1/incidents',
    payload: () => ({ severity: 'general', category: 'other', title: 't', description: 'd', occurredAt: '2026-11-27T09:00:00+08:00' }),
    refused: { anonymous: 401, ...everyoneBut([...OPERATOR, ...DEVELOPERS], 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/incidents',
    url: () => '/api/v1/incidents',
    refused: { anonymous: 401 },
  },
  {
    method: 'GET',
    path: '/api/v1/incidents/:id',
    url: (f) => `/api/v1/incidents/${f.incidentId}`,
    refused: unlessSeen(['fintech', 'operator', 'reviewer', 'office', 'regulator'], ['fintech', 'operator', 'reviewer', 'office', 'regulator'], {}),
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/steps',
    url: (f) => `/api/v1/incidents/${f.incidentId}/steps`,
    payload: () => ({ kind: 'step', action: 'a' }),
    refused: unlessSeen(['fintech', 'operator', 'reviewer', 'office', 'regulator'], ['fintech', 'operator', 'reviewer'], {}),
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/escalation',
    url: (f) => `/api/v1/incidents/${f.incidentId}/escalation`,
    payload: () => ({ note: 'n' }),
    refused: unlessSeen(['fintech', 'operator', 'reviewer', 'office', 'regulator'], ['operator', 'reviewer'], {}),
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/suspension',
    url: (f) => `/api/v1/incidents/${f.incidentId}/suspension`,
    payload: () => ({ reason: 'r' }),
    refused: unlessSeen(['fintech', 'operator', 'reviewer', 'office', 'regulator'], ['operator', 'reviewer', 'office'], {}),
  },
  {
    method: 'POST',
    path: '/api/v1/workspaces/:id/destruction',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/destruction`,
    payload: () => ({ note: 'n' }),
    // Allowed (office, operator) get 409 on an open workspace; the destruction test covers the rest.
    refused: unlessSeen(SEES_AGREEMENT, ['office', ...OPERATOR], {}),
  },
  {
    method: 'GET',
    path: '/api/v1/destruction-certificates/:id',
    url: () => '/api/v1/destruction-certificates/dc_00000000000000000000',
    // No certificate in this fixture (nothing destroyed): 404 to all; who sees a real one is tested with destruction.
    refused: { anonymous: 401, ...everyoneBut([], 404) },
  },
  {
    method: 'POST',
    path: '/api/v1/public/destruction-certificates/verify',
    url: () => '/api/v1/public/destruction-certificates/verify',
    refused: {},
  },
  {
    method: 'GET',
    path: '/api/v1/public/signing-keys',
    url: () => '/api/v1/public/signing-keys',
    refused: {},
  },
  {
    method: 'POST',
    path: '/api/v1/audit/purge',
    url: () => '/api/v1/audit/purge',
    payload: () => ({ before: '2020-01-01', dryRun: true }),
    refused: { anonymous: 401, ...everyoneBut(['auditadmin'], 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/agreements/:id/archive',
    url: (f) => `/api/v1/agreements/${f.activeAgreementId}/archive`,
    refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}),
  },
  {
    method: 'GET',
    path: '/api/v1/evaluation-criteria',
    url: () => '/api/v1/evaluation-criteria',
    refused: {},
  },
  {
    method: 'POST',
    path: '/api/v1/evaluations',
    url: () => '/api/v1/evaluations',
    payload: () => ({ subjectOrgId: 'org-fintech', year: 2025, note: 'n' }),
    refused: { anonymous: 401, ...everyoneBut(['office', 'bureau'], 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/evaluations',
    url: () => '/api/v1/evaluations',
    refused: { anonymous: 401, sysadmin: 403, secadmin: 403, auditadmin: 403 },
  },
  {
    method: 'GET',
    path: '/api/v1/evaluations/:id',
    url: () => '/api/v1/evaluations/eva_00000000000000000000',
    // None in this fixture: 404 to all; who sees a real one is tested with evaluations.
    refused: { anonymous: 401, ...everyoneBut([], 404) },
  },
  {
    method: 'POST',
    path: '/api/v1/annual-reports',
    url: () => '/api/v1/annual-reports',
    payload: () => ({ year: 2026 }),
    // Art. 27: the report is the primary operator's to write.
    refused: { anonymous: 401, ...everyoneBut(OPERATOR, 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/annual-reports',
    url: () => '/api/v1/annual-reports',
    refused: { anonymous: 401, ...everyoneBut(REPORT_READERS, 403) },
  },
  { method: 'GET', path: '/api/v1/annual-reports/:id', url: (f) => `/api/v1/annual-reports/${f.reportId}`, refused: unlessSeen(REPORT_READERS, REPORT_READERS, {}) },
  { method: 'GET', path: '/api/v1/annual-reports/:id/html', url: (f) => `/api/v1/annual-reports/${f.reportId}/html`, refused: unlessSeen(REPORT_READERS, REPORT_READERS, {}) },
  {
    method: 'GET',
    path: '/api/v1/annual-reports/:id/pdf',
    url: (f) => `/api/v1/annual-reports/${f.reportId}/pdf`,
    refused: unlessSeen(REPORT_READERS, REPORT_READERS, {}),
    needsChromium: true,
  },
  {
    method: 'PUT',
    path: '/api/v1/annual-reports/:id/narrative',
    url: (f) => `/api/v1/annual-reports/${f.reportId}/narrative`,
    payload: () => ({ overview: 'x' }),
    refused: unlessSeen(REPORT_READERS, OPERATOR, {}),
  },
  { method: 'POST', path: '/api/v1/annual-reports/:id/recompile', url: (f) => `/api/v1/annual-reports/${f.reportId}/recompile`, refused: unlessSeen(REPORT_READERS, OPERATOR, {}) },
  { method: 'POST', path: '/api/v1/annual-reports/:id/filing', url: (f) => `/api/v1/annual-reports/${f.reportId}/filing`, refused: unlessSeen(REPORT_READERS, OPERATOR, {}) },
  {
    method: 'POST',
    path: '/api/v1/annual-reports/:id/decision',
    url: (f) => `/api/v1/annual-reports/${f.reportId}/decision`,
    payload: () => ({ decision: 'return', comment: '请补充' }),
    refused: unlessSeen(REPORT_READERS, ['office'], {}),
  },
  {
    method: 'GET',
    path: '/api/v1/workspaces/:id/templates',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/templates`,
    refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}),
  },
  {
    method: 'POST',
    path: '/api/v1/workspaces/:id/templates',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/templates`,
    payload: () => ({ name: 'by-status', description: 'd', sql: 'SELECT status, count(*) FROM market_entities GROUP BY 1', parameters: [] }),
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], { operator: 422, reviewer: 422 }),
  },
  {
    method: 'POST',
    path: '/api/v1/workspaces/:id/templates/:name/decision',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/templates/by-status/decision`,
    payload: () => ({ decision: 'approve', note: 'ok' }),
    refused: unlessSeen(SEES_AGREEMENT, OPERATOR, {}),
  },
  {
    method: 'POST',
    path: '/api/v1/workspaces/:id/templates/:name/runs',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/templates/by-status/runs`,
    payload: () => ({ parameters: {} }),
    refused: unlessSeen(SEES_AGREEMENT, ['fintech'], { operator: 422, reviewer: 422 }),
  },
  { method: 'GET', path: '/api/v1/workspaces/:id', url: (f) => `/api/v1/workspaces/${f.workspaceId}`, refused: unlessSeen(SEES_AGREEMENT, SEES_AGREEMENT, {}) },
  {
    method: 'POST',
    path: '/api/v1/workspaces/:id/members',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/members`,
    payload: (f) => ({ userId: f.bankUserId }),
    refused: unlessSeen(SEES_AGREEMENT, [...OPERATOR, 'fintech'], {}),
  },
  {
    method: 'DELETE',
    path: '/api/v1/workspaces/:id/members/:userId',
    url: (f) => `/api/v1/workspaces/${f.workspaceId}/members/${f.bankUserId}`,
    refused: unlessSeen(SEES_AGREEMENT, [...OPERATOR, 'fintech'], {}),
  },
]

const ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', path: '/healthz', url: () => '/healthz', refused: {} },
  { method: 'GET', path: '/api/v1/policy', url: () => '/api/v1/policy', refused: {} },
  { method: 'GET', path: '/api/v1/audit/checkpoints', url: () => '/api/v1/audit/checkpoints', refused: {} },
  { method: 'POST', path: '/api/v1/auth/login', url: () => '/api/v1/auth/login', payload: () => ({ username: 'bank', password: 'demo-bank' }), refused: {} },
  { method: 'POST', path: '/api/v1/auth/logout', url: () => '/api/v1/auth/logout', refused: { anonymous: 401 } },
  { method: 'GET', path: '/api/v1/me', url: () => '/api/v1/me', refused: { anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/me/password',
    url: () => '/api/v1/me/password',
    payload: () => ({ currentPassword: 'x', newPassword: 'y' }),
    refused: { anonymous: 401 },
  },
  { method: 'POST', path: '/api/v1/me/totp', url: () => '/api/v1/me/totp', refused: { anonymous: 401 } },
  { method: 'POST', path: '/api/v1/me/totp/confirm', url: () => '/api/v1/me/totp/confirm', payload: () => ({ code: '123456' }), refused: { anonymous: 401 } },
  { method: 'GET', path: '/api/v1/organizations', url: () => '/api/v1/organizations', refused: { anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/organizations',
    url: () => '/api/v1/organizations',
    payload: () => ({ name: '测试单位', kind: 'developer', jurisdiction: '130702' }),
    refused: { anonymous: 401, ...everyoneBut(['sysadmin'], 403) },
  },
  { method: 'GET', path: '/api/v1/organizations/:id', url: () => '/api/v1/organizations/org-bank', refused: byVisibility(SEES_BANK_ORG, SEES_BANK_ORG) },
  {
    method: 'PATCH',
    path: '/api/v1/organizations/:id',
    url: () => '/api/v1/organizations/org-bank',
    payload: () => ({ name: '张家口某商业银行' }),
    refused: byVisibility(['sysadmin'], SEES_BANK_ORG),
  },
  { method: 'GET', path: '/api/v1/users', url: () => '/api/v1/users', refused: { anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/users',
    url: () => '/api/v1/users',
    payload: () => ({ orgId: 'org-bank', username: 'newcomer', displayName: 'N', password: 'Quite-Long-Pass-9', roles: ['member'] }),
    refused: { anonymous: 401, ...everyoneBut(['sysadmin'], 403) },
  },
  { method: 'GET', path: '/api/v1/users/:id', url: (f) => `/api/v1/users/${f.bankUserId}`, refused: byVisibility(SEES_BANK) },
  {
    method: 'PUT',
    path: '/api/v1/users/:id/roles',
    url: (f) => `/api/v1/users/${f.bankUserId}/roles`,
    payload: () => ({ roles: ['member'] }),
    refused: byVisibility(['secadmin']),
  },
  {
    method: 'PUT',
    path: '/api/v1/users/:id/status',
    url: (f) => `/api/v1/users/${f.bankUserId}/status`,
    payload: () => ({ status: 'active' }),
    refused: byVisibility(['sysadmin']),
  },
  { method: 'POST', path: '/api/v1/users/:id/unlock', url: (f) => `/api/v1/users/${f.bankUserId}/unlock`, refused: byVisibility(['secadmin']) },
  { method: 'DELETE', path: '/api/v1/users/:id/totp', url: (f) => `/api/v1/users/${f.bankUserId}/totp`, refused: byVisibility(['secadmin']) },
  {
    method: 'GET',
    path: '/api/v1/api-tokens',
    url: (f) => `/api/v1/api-tokens?userId=${f.bankUserId}`,
    refused: { anonymous: 401, ...everyoneBut(['secadmin', 'bank'], 404) },
  },
  {
    method: 'POST',
    path: '/api/v1/api-tokens',
    url: () => '/api/v1/api-tokens',
    payload: (f) => ({ name: 'bank etl', userId: f.bankUserId }),
    refused: byVisibility(['secadmin', 'bank']),
  },
  {
    method: 'DELETE',
    path: '/api/v1/api-tokens/:id',
    url: (f) => `/api/v1/api-tokens/${f.bankTokenId}`,
    refused: { anonymous: 401, ...everyoneBut(['secadmin', 'bank'], 404) },
  },
  { method: 'GET', path: '/api/v1/catalog/resources', url: () => '/api/v1/catalog/resources', refused: { anonymous: 401 } },
  {
    method: 'GET',
    path: '/api/v1/catalog/resources/:code',
    url: () => '/api/v1/catalog/resources/130700-SCJG-0001',
    refused: { anonymous: 401 },
  },
  {
    method: 'GET',
    path: '/api/v1/catalog/entries',
    url: () => '/api/v1/catalog/entries',
    refused: { anonymous: 401, ...everyoneBut(['bureau', 'sector-mr', 'regulator'], 403) },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/entries',
    url: () => '/api/v1/catalog/entries',
    payload: () => sampleEntry({ code: '130700-SCJG-0003', tableName: 'market_entities_c' }),
    refused: { anonymous: 401, ...everyoneBut(['bureau', 'sector-mr'], 403) },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/entries/:code/submit',
    url: () => '/api/v1/catalog/entries/130700-SCJG-0002/submit',
    refused: { anonymous: 401, ...everyoneBut(['sector-mr', 'bureau', 'regulator'], 404), bureau: 403, regulator: 403 },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/entries/:code/versions/:version/review',
    url: () => '/api/v1/catalog/entries/130700-SCJG-0002/versions/1/review',
    payload: () => ({ decision: 'return', comment: '请补充' }),
    refused: { anonymous: 401, ...everyoneBut(['sector-mr', 'bureau', 'regulator'], 404), 'sector-mr': 403, regulator: 403 },
  },
  {
    method: 'POST',
    path: '/api/v1/pool/resources/:code/versions',
    url: () => '/api/v1/pool/resources/130700-SCJG-0001/versions',
    upload: { filename: 'entities.csv', content: [POOL_HEADER, poolLine(2)].join('\n') },
    refused: { anonymous: 401, ...everyoneBut(['src-mr'], 403) },
  },
  {
    method: 'POST',
    path: '/api/v1/pool/resources/:code/versions/from-path',
    url: () => '/api/v1/pool/resources/130700-SCJG-0001/versions/from-path',
    payload: () => ({ path: 'entities.csv' }),
    refused: { anonymous: 401, ...everyoneBut(['operator'], 403) },
  },
  {
    method: 'GET',
    path: '/api/v1/pool/resources/:code/versions',
    url: () => '/api/v1/pool/resources/130700-SCJG-0001/versions',
    refused: { anonymous: 401, ...everyoneBut(SEES_QUALITY, 404) },
  },
  {
    method: 'GET',
    path: '/api/v1/pool/versions/:id',
    url: (f) => `/api/v1/pool/versions/${f.heldVersionId}`,
    refused: { anonymous: 401, ...everyoneBut(SEES_QUALITY, 404) },
  },
  {
    method: 'GET',
    path: '/api/v1/pool/versions/:id/quarantine',
    url: (f) => `/api/v1/pool/versions/${f.heldVersionId}/quarantine`,
    refused: { anonymous: 401, ...everyoneBut(SEES_QUALITY, 404) },
  },
  {
    method: 'POST',
    path: '/api/v1/pool/versions/:id/publish',
    url: (f) => `/api/v1/pool/versions/${f.heldVersionId}/publish`,
    refused: byQualityVisibility(['src-mr']),
  },
  {
    method: 'GET',
    path: '/api/v1/catalog/duplicates',
    url: () => '/api/v1/catalog/duplicates',
    refused: { anonymous: 401, ...everyoneBut(['bureau', 'regulator'], 403) },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/duplicates/resolve',
    url: () => '/api/v1/catalog/duplicates/resolve',
    payload: () => ({ a: '130700-SCJG-0001.uscc', b: '130700-SCJG-0001.name', resolution: 'reference', note: 'x' }),
    refused: { anonymous: 401, ...everyoneBut(['bureau'], 403) },
  },
  { method: 'GET', path: '/api/v1/return-flows', url: () => '/api/v1/return-flows', refused: { anonymous: 401 } },
  {
    method: 'POST',
    path: '/api/v1/return-flows',
    url: () => '/api/v1/return-flows',
    payload: () => ({ resourceCode: '130700-SCJG-0001', purpose: '辖区分析', fields: ['uscc'] }),
    // Not a question of seeing: art. 10 gives return flows to government bodies only.
    refused: { anonymous: 401, ...everyoneBut(['office', 'sector-mr', 'src-mr', 'src-power'], 422) },
  },
  {
    method: 'POST',
    path: '/api/v1/return-flows/:id/decision',
    url: (f) => `/api/v1/return-flows/${f.returnFlowId}/decision`,
    payload: () => ({ decision: 'reject', note: '不予回流' }),
    refused: { anonymous: 401, ...everyoneBut(['bureau', 'src-power', 'regulator'], 404), 'src-power': 403, regulator: 403 },
  },
  {
    method: 'GET',
    path: '/api/v1/catalog/resources/:code/consents',
    url: () => '/api/v1/catalog/resources/130700-SCJG-0001/consents',
    refused: { anonymous: 401 },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/resources/:code/consents',
    url: () => '/api/v1/catalog/resources/130700-SCJG-0001/consents',
    payload: () => ({ provider: '河北省', scope: '授权运营', evidence: '函' }),
    refused: { anonymous: 401, ...everyoneBut(['bureau'], 403) },
  },
  ...AUTHORIZATION_ENDPOINTS,
  ...(['entries', 'export', 'verify'] as const).map(
    (what): Endpoint => ({
      method: 'GET',
      path: `/api/v1/audit/${what}`,
      url: () => `/api/v1/audit/${what}`,
      refused: { anonymous: 401, ...everyoneBut(['auditadmin', 'regulator'], 403) },
    }),
  ),
]

/** One of each product state in the fixture workspace, made through the services where the path is short. */
async function productFixture(platform: Platform, workspaceId: string, agreementId: string) {
  const { db } = platform.store
  const at = '2026-11-27T10:00:00+08:00'
  const spec = { sql: 'SELECT 1', target: 'y', features: ['x'], seed: 1, options: {}, sources: [] }
  await db.insertInto('models').values({ id: 'mdl_0000000000000000000a', workspace_id: workspaceId, name: 'fixture', kind: 'linear', spec: JSON.stringify(spec), model: '{}', release: JSON.stringify({ releasable: false, findings: [] }), releasable: 0, training_run_id: 'run_0000000000000000000a', trained_by: 'u', trained_at: at }).execute()
  const product = (code: string, status: string, kind: string) => ({
    code, kind, name: code, description: 'd', scenario_code: 'SC-TEST', workspace_id: workspaceId, agreement_id: agreementId, developer_org_id: 'org-fintech', status,
    spec: JSON.stringify({ kind, modelId: 'mdl_0000000000000000000a', featureSql: 'SELECT 1' }), sources: JSON.stringify({ runs: [], models: [], resources: [] }), outputs: '[]',
    per_entity: kind === 'api' ? 1 : 0, pricing: JSON.stringify({ model: 'free' }), data_grade: 'general-2', checks: null, created_by: 'u', created_at: at, submitted_at: null, updated_at: at,
  })
  await db.insertInto('products').values([product('PRD-2026-DRAFT1', 'draft', 'model'), product('PRD-2026-APPRV1', 'approved', 'model'), product('PRD-2026-LSTD01', 'listed', 'api')]).execute()
  const registration = await applyForRegistration(platform, await actAs(platform, 'fintech', 'test'), { subjectType: 'product', subjectCode: 'PRD-2026-APPRV1', kind: 'first', rights: 'r', documents: [{ name: 'd', hash: 'b'.repeat(64) }] })
  const bank = await actAs(platform, 'bank', 'test')
  const { key } = await createKey(platform, bank, { name: 'fixture', products: ['PRD-2026-LSTD01'] })
  const { consent } = await createConsent(platform, bank, { productCode: 'PRD-2026-LSTD01', entityId: '91350100M000100Y43', evidence: { documentHash: 'c'.repeat(64), signatory: 's', signedOn: '2026-11-01' }, validUntil: '2027-06-30' })
  const incident = await reportIncident(platform, await actAs(platform, 'fintech', 'test'), { workspaceId, severity: 'general', category: 'other', title: 't', description: 'd', occurredAt: '2026-11-27T09:00:00+08:00' })
  return { incidentId: incident.id, modelId: 'mdl_0000000000000000000a', draftProductCode: 'PRD-2026-DRAFT1', approvedProductCode: 'PRD-2026-APPRV1', listedProductCode: 'PRD-2026-LSTD01', registrationId: registration.id, gatewayKeyId: key.id, consentId: consent.id }
}

for (const dialect of testDialects()) {
  describe(`${dialect.name}: authorization matrix`, () => {
    let app: FastifyInstance
    const tokens = new Map<Actor, string>()
    let fixture: Fixture

    before(async () => {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      app = await testApp(platform)
      for (const actor of ACTORS) if (actor !== 'anonymous') tokens.set(actor, await loginAs(app, actor))
      const bank = await authenticate(platform, tokens.get('bank')!)
      const { info } = await createApiToken(platform, { principal: bank, sourceIp: null, requestId: null }, { name: 'fixture' })
      fixture = { bankUserId: bank.userId, bankTokenId: info.id, heldVersionId: '', returnFlowId: '' }
      // A published resource, and a second entry compiled and submitted, awaiting review.
      const sector = await actAs(platform, 'sector-mr', 'test')
      const bureau = await actAs(platform, 'bureau', 'test')
      await compileEntry(platform, sector, sampleEntry())
      await submitEntry(platform, sector, '130700-SCJG-0001')
      await reviewEntry(platform, bureau, '130700-SCJG-0001', 1, 'approve', undefined)
      await compileEntry(platform, sector, sampleEntry({ code: '130700-SCJG-0002', tableName: 'market_entities_b' }))
      // A pool version held for acceptance: one of its rows is quarantined.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-authz-'))
      const file = path.join(dir, 'entities.csv')
      fs.writeFileSync(file, [POOL_HEADER, poolLine(1), 'broken,row'].join('\n'))
      const held = await loadVersion(platform, await actAs(platform, 'src-mr', 'test'), '130700-SCJG-0001', { file, format: 'csv', kind: 'upload', name: 'entities.csv' })
      const flow = await requestReturnFlow(platform, await actAs(platform, 'src-power', 'test'), { resourceCode: '130700-SCJG-0001', purpose: '辖区分析', fields: ['uscc'] })
      fixture = { ...fixture, heldVersionId: held.id, returnFlowId: flow.id, ...(await authorizationFixture(platform, '130700-SCJG-0001')) }
      const imported = await createImport(platform, await actAs(platform, 'fintech', 'test'), fixture.workspaceId!, {
        table: 'fixture_loans',
        source: { provider: '某银行', providerKind: 'enterprise', legalBasis: '授权', description: '测试' },
        fileName: 'loans.csv',
        format: 'csv',
        bytes: Buffer.from('district_code,amount\n130702,1\n'),
      })
      fixture = { ...fixture, importId: imported.id, ...(await productFixture(platform, fixture.workspaceId!, fixture.activeAgreementId!)) }
      // The operator's annual report for the year, filed, so that the office, the bureau and regulators see it.
      const operator = await actAs(platform, 'operator', 'test')
      const report = await createReport(platform, operator, { year: 2026 })
      await updateNarrative(platform, operator, report.id, Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, '内容'])))
      await fileReport(platform, operator, report.id)
      fixture = { ...fixture, reportId: report.id }
    })

    it('covers every endpoint in the OpenAPI document', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
      const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      const covered = new Set(ENDPOINTS.map((e) => `${e.method} ${e.path}`))
      const missing = documented.filter((route) => !covered.has(route))
      assert.deepEqual(missing, [], 'endpoints without an authorization test')
    })

    for (const endpoint of ENDPOINTS) {
      const refused = Object.entries(endpoint.refused) as [Actor, number][]
      if (refused.length === 0) continue
      it(`${endpoint.method} ${endpoint.path} refuses ${refused.map(([a, s]) => `${a} (${s})`).join(', ')}`, async () => {
        for (const [actor, status] of refused) {
          const response = await app.inject({
            method: endpoint.method,
            url: endpoint.url(fixture),
            ...(actor === 'anonymous' ? {} : { headers: bearer(tokens.get(actor)!) }),
            ...(endpoint.payload ? { payload: endpoint.payload(fixture) as object } : {}),
            ...(endpoint.upload ? uploadOf(endpoint.upload, actor === 'anonymous' ? undefined : tokens.get(actor)) : {}),
          })
          assert.equal(response.statusCode, status, `${actor}: ${response.body}`)
          assert.ok(response.json().error.code, 'an error body')
        }
      })
    }

    it('lets the allowed actors read what they may', async () => {
      for (const endpoint of ENDPOINTS.filter((e) => e.method === 'GET' && (PRINTS_PDF || !e.needsChromium))) {
        for (const actor of ACTORS.filter((a) => !(a in endpoint.refused))) {
          const response = await app.inject({
            method: 'GET',
            url: endpoint.url(fixture),
            ...(actor === 'anonymous' ? {} : { headers: bearer(tokens.get(actor)!) }),
          })
          assert.equal(response.statusCode, 200, `${actor} ${endpoint.path}: ${response.body.slice(0, 200)}`)
        }
      }
    })
  })
}
