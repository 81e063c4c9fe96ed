import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { compileEntry, reviewEntry, submitEntry } from '../src/modules/catalog/catalog.service.ts'
import { requestReturnFlow } from '../src/modules/catalog/flows.service.ts'
import { seedDemoIdentities } from '../src/modules/demo/demo-identities.ts'
import { createConsent, createKey } from '../src/modules/gateway/gateway.service.ts'
import { actAs, authenticate, createApiToken } from '../src/modules/identity/identity.service.ts'
import { createImport } from '../src/modules/masking/import.service.ts'
import { loadVersion } from '../src/modules/pool/pool.service.ts'
import { applyForRegistration } from '../src/modules/registration/registration.service.ts'
import { createReport } from '../src/modules/reports/report.service.ts'
import type { Platform } from '../src/platform/platform.ts'
import { authorizationFixture } from './authorization.ts'
import { sampleEntry, testResidentId, testUscc } from './catalog.ts'
import type { TestDialect } from './dialects.ts'
import { multipartFile } from './multipart.ts'
import { loginAs, testApp, testPlatform } from './platform.ts'

// ---------------------------------------------------------------------------------------------
// The world: one of everything (as in src/api/authorization.test.ts), every demo user signed in.
// ---------------------------------------------------------------------------------------------

export const DEMO_USERS = ['sysadmin', 'secadmin', 'auditadmin', 'office', 'bureau', 'sector-mr', 'src-mr', 'operator', 'reviewer', 'fintech', 'skitour', 'regulator', 'bank', 'src-power'] as const
export type DemoUser = (typeof DEMO_USERS)[number]

export interface BadInputWorld {
  readonly platform: Platform
  readonly app: FastifyInstance
  readonly tokens: ReadonlyMap<DemoUser, string>
  /** Real ids and codes of the fixture: path parameters are filled with the first that fits. */
  readonly values: readonly string[]
}

const POOL_HEADER = 'uscc,name,legal_rep_id,legal_rep_phone,status'
const poolLine = (n: number) => [testUscc(n), `公司${n}`, testResidentId(n), '13903131234', '存续'].join(',')

/** A platform holding one of everything, with a session for each demo user. */
export async function badInputWorld(dialect: TestDialect): Promise<BadInputWorld> {
  // Sign-in is rate limited per address; the cases sent to it must meet validation, not the limiter.
  const platform = await testPlatform(dialect, { env: { SHUYU_LOGIN_RATE_LIMIT: '100000' } })
  await seedDemoIdentities(platform)
  const app = await testApp(platform)
  const tokens = new Map<DemoUser, string>()
  for (const user of DEMO_USERS) tokens.set(user, await loginAs(app, user))
  const bank = await authenticate(platform, tokens.get('bank')!)
  const { info } = await createApiToken(platform, { principal: bank, sourceIp: null, requestId: null }, { name: 'fixture' })
  const sector = await actAs(platform, 'sector-mr', 'test')
  const bureau = await actAs(platform, 'bureau', 'test')
  await compileEntry(platform, sector, sampleEntry())
  await submitEntry(platform, sector, '130700-SCJG-0001')
  await reviewEntry(platform, bureau, '130700-SCJG-0001', 1, 'approve', undefined)
  await compileEntry(platform, sector, sampleEntry({ code: '130700-SCJG-0002', tableName: 'market_entities_b' }))
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-bad-input-'))
  const file = path.join(dir, 'entities.csv')
  fs.writeFileSync(file, [POOL_HEADER, poolLine(1), 'broken,row'].join('\n'))
  const held = await loadVersion(platform, await actAs(platform, 'src-mr', 'test'), '130700-SCJG-0001', { file, format: 'csv', kind: 'upload', name: 'entities.csv' })
  fs.rmSync(dir, { recursive: true, force: true })
  const flow = await requestReturnFlow(platform, await actAs(platform, 'src-power', 'test'), { resourceCode: '130700-SCJG-0001', purpose: '辖区分析', fields: ['uscc'] })
  const authz = await authorizationFixture(platform, '130700-SCJG-0001')
  const imported = await createImport(platform, await actAs(platform, 'fintech', 'test'), authz.workspaceId, {
    table: 'fixture_loans',
    source: { provider: '某银行', providerKind: 'enterprise', legalBasis: '授权', description: '测试' },
    fileName: 'loans.csv',
    format: 'csv',
    bytes: Buffer.from('district_code,amount\n130702,1\n'),
  })
  const products = await productFixture(platform, authz.workspaceId, authz.activeAgreementId)
  const report = await createReport(platform, await actAs(platform, 'operator', 'test'), { year: 2026 })
  const values = [
    ...Object.values(authz),
    ...Object.values(products),
    bank.userId,
    info.id,
    held.id,
    flow.id,
    imported.id,
    report.id,
    'org-bank',
    '130700-SCJG-0001',
    'by-status',
    '2026-11',
    '2026-11-27',
  ]
  return { platform, app, tokens, values }
}

/** One of each product state in the fixture workspace, a registration, a gateway key and a consent. */
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
  return { modelId: 'mdl_0000000000000000000a', draftProductCode: 'PRD-2026-DRAFT1', listedProductCode: 'PRD-2026-LSTD01', registrationId: registration.id, gatewayKeyId: key.id, consentId: consent.id }
}

// ---------------------------------------------------------------------------------------------
// The store's digest: every row of every table but those a refusal writes to on purpose.
// ---------------------------------------------------------------------------------------------

/**
 * Tables a refused request may write to by design: the audit chain (refusals are audited), the
 * session's last use, gateway metering and query runs (refused runs are recorded).
 */
export const WRITTEN_ON_REFUSAL = ['audit_entries', 'audit_head', 'sessions', 'gateway_calls', 'gateway_usage', 'query_runs'] as const

/** A hash of the content of each table, by name: two equal digests mean nothing was written. */
export async function storeDigest(platform: Platform): Promise<Record<string, string>> {
  const { db } = platform.store
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((name) => !(WRITTEN_ON_REFUSAL as readonly string[]).includes(name)).sort()
  const digest: Record<string, string> = {}
  for (const table of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows
    const lines = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))).sort()
    digest[table] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`
  }
  return digest
}

export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  return names.filter((name) => before[name] !== after[name]).map((name) => `${name} (${before[name] ?? '-'} → ${after[name] ?? '-'})`)
}

/** The audit entries appended after `seq`, as `event_type/result`. */
export async function auditSince(platform: Platform, seq: number): Promise<{ seq: number; event: string; result: string }[]> {
  const rows = await platform.store.db.selectFrom('audit_entries').select(['seq', 'event_type', 'result']).where('seq', '>', seq).orderBy('seq').execute()
  return rows.map((row) => ({ seq: Number(row.seq), event: row.event_type, result: row.result }))
}

export async function auditHead(platform: Platform): Promise<number> {
  const row = await platform.store.db.selectFrom('audit_entries').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst()
  return Number(row?.seq ?? 0)
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI document, and what its schemas declare invalid.
// ---------------------------------------------------------------------------------------------

/** The subset of JSON Schema (OpenAPI 3.0 flavour) that zod's toJSONSchema emits. */
export interface JsonSchema {
  readonly type?: string | readonly string[]
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: readonly string[]
  readonly additionalProperties?: boolean | JsonSchema
  readonly items?: JsonSchema
  readonly enum?: readonly unknown[]
  readonly const?: unknown
  readonly nullable?: boolean
  readonly default?: unknown
  readonly minLength?: number
  readonly maxLength?: number
  readonly pattern?: string
  readonly minimum?: number
  readonly maximum?: number
  readonly exclusiveMinimum?: boolean | number
  readonly exclusiveMaximum?: boolean | number
  readonly multipleOf?: number
  readonly minItems?: number
  readonly maxItems?: number
  readonly anyOf?: readonly JsonSchema[]
  readonly oneOf?: readonly JsonSchema[]
  readonly allOf?: readonly JsonSchema[]
}

interface OpenApiParameter {
  readonly in: 'path' | 'query' | 'header' | 'cookie'
  readonly name: string
  readonly required?: boolean
  readonly schema: JsonSchema
}

interface OpenApiOperation {
  readonly summary?: string
  readonly security?: readonly unknown[]
  readonly parameters?: readonly OpenApiParameter[]
  readonly requestBody?: { readonly content: Record<string, { readonly schema: JsonSchema }> }
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>
}

export interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** As documented: `/api/v1/agreements/{id}`. */
  readonly path: string
  readonly public: boolean
  readonly body?: JsonSchema
  /** Documented without a JSON body but described as a multipart upload. */
  readonly upload: boolean
  readonly pathParams: readonly OpenApiParameter[]
  readonly queryParams: readonly OpenApiParameter[]
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): Operation => {
      const body = op.requestBody?.content['application/json']?.schema
      return {
        method: method.toUpperCase() as Operation['method'],
        path,
        public: !op.security || op.security.length === 0,
        ...(body ? { body } : {}),
        upload: !body && /multipart/i.test(op.summary ?? ''),
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path'),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query'),
      }
    }),
  )
}

/**
 * Whether `value` meets `schema`. When unsure (a keyword it does not know, a format) it answers
 * true: a case is only sent when the document itself declares it invalid.
 */
export function conforms(schema: JsonSchema | boolean | undefined, value: unknown): boolean {
  if (schema === undefined || schema === true) return true
  if (schema === false) return false
  if (schema.allOf && !schema.allOf.every((s) => conforms(s, value))) return false
  const branches = schema.anyOf ?? schema.oneOf
  if (branches && !branches.some((s) => conforms(s, value))) return false
  if (schema.const !== undefined && !sameJson(schema.const, value)) return false
  if (schema.enum && !schema.enum.some((e) => sameJson(e, value))) return false
  if (value === null) return schema.nullable === true || schema.type === undefined || typeIncludes(schema.type, 'null')
  if (schema.type !== undefined && !typesOf(value).some((t) => typeIncludes(schema.type!, t))) return false
  if (typeof value === 'string') return stringConforms(schema, value)
  if (typeof value === 'number') return numberConforms(schema, value)
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return false
    return value.every((item) => conforms(schema.items, item))
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>
    if ((schema.required ?? []).some((key) => object[key] === undefined)) return false
    for (const [key, item] of Object.entries(object)) {
      const property = schema.properties?.[key]
      if (property ? !conforms(property, item) : !conforms(schema.additionalProperties, item)) return false
    }
  }
  return true
}

function stringConforms(schema: JsonSchema, value: string): boolean {
  // zod counts UTF-16 units, JSON Schema code points: take whichever makes the string valid.
  if (schema.minLength !== undefined && value.length < schema.minLength) return false
  if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return false
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) return false
  return true
}

function numberConforms(schema: JsonSchema, value: number): boolean {
  if (!Number.isFinite(value)) return false
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema
  if (minimum !== undefined && (exclusiveMinimum === true ? value <= minimum : value < minimum)) return false
  if (maximum !== undefined && (exclusiveMaximum === true ? value >= maximum : value > maximum)) return false
  if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) return false
  if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) return false
  if (schema.multipleOf !== undefined && !Number.isInteger(value / schema.multipleOf)) return false
  return true
}

function typesOf(value: unknown): string[] {
  if (Array.isArray(value)) return ['array']
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number']
  return [typeof value]
}

function typeIncludes(type: string | readonly string[], name: string): boolean {
  return typeof type === 'string' ? type === name : type.includes(name)
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** A value meant to meet the schema, built from the fixture's values where a pattern asks for one. */
export function sampleOf(schema: JsonSchema, values: readonly string[]): unknown {
  if (schema.const !== undefined) return schema.const
  if (schema.enum) return schema.enum[0]
  const branch = (schema.anyOf ?? schema.oneOf ?? schema.allOf)?.find((s) => s.type !== 'null')
  if (branch) return sampleOf(branch, values)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string': {
      const candidates = [...values, ...GENERIC_STRINGS, idLike(schema.pattern), 'a'.repeat(Math.max(schema.minLength ?? 1, 1))]
      return candidates.find((c) => c !== undefined && conforms(schema, c)) ?? 'a'
    }
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? 0
      const high = schema.maximum ?? low + 10
      const middle = type === 'integer' ? Math.ceil((low + high) / 2) : (low + high) / 2
      return conforms(schema, low) ? low : middle
    }
    case 'boolean':
      return true
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items ?? {}, values))
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((key) => [key, sampleOf(schema.properties?.[key] ?? {}, values)]))
    default:
      return 'a'
  }
}

const GENERIC_STRINGS = ['abc', '130700-SCJG-0001.uscc', 'a1', '2026-11-27', '2026-11', '2026-11-27T10:00:00+08:00', 'SC-TST-001', 'PRD-2026-LSTD01', 'a'.repeat(64), '91350100M000100Y43', 'x.y', '130702']

/** `^prefix_[0-9a-z]{20}$` → an id of that shape. */
function idLike(pattern: string | undefined): string | undefined {
  const match = pattern ? /^\^([a-z]+)_\[0-9a-z\]\{20\}\$$/.exec(pattern) : null
  return match ? `${match[1]}_${'0'.repeat(20)}` : undefined
}

// ---------------------------------------------------------------------------------------------
// The cases.
// ---------------------------------------------------------------------------------------------

export interface BadRequest {
  readonly name: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly payload?: string | Buffer
  /** The one status expected, when the case decides it (a body over the limit: 413). */
  readonly status?: number
  /**
   * A read the schema allows (SQL in a free-text search filter): it may answer 200, never 5xx.
   * Only ever a GET, so nothing can change either way.
   */
  readonly mayPass?: boolean
}

/** Strings no identifier, code, date or enum accepts, and that free text must survive. */
export const NASTY_STRINGS: Readonly<Record<string, string>> = {
  'sql-drop': "'; DROP TABLE users; --",
  'sql-or': '1 OR 1=1',
  'traversal-posix': '../../etc/passwd',
  'traversal-windows': '..\\..\\windows',
  'traversal-encoded': '%2e%2e%2f',
  'lone-surrogate': '\ud800',
  'zero-width-joiner': 'a\u200db',
  'rtl-override': '\u202eexe.txt',
  nul: 'a\u0000b',
  emoji: '👩‍💻',
  'cjk-ext-b': '\u{20000}',
}

const WRONG_TYPES: Readonly<Record<string, unknown>> = {
  string: 'x',
  number: 12345,
  boolean: true,
  object: { a: 1 },
  array: [1],
  null: null,
}

const MISSING = Symbol('missing')

/** Every case for an operation: structural ones first, then one per input in turn, at most `cap`. */
export function casesFor(op: Operation, values: readonly string[], bodyLimit: number, cap: number): BadRequest[] {
  const params = Object.fromEntries(op.pathParams.map((p) => [p.name, String(sampleOf(p.schema, values))]))
  const query = Object.fromEntries(op.queryParams.filter((p) => p.required).map((p) => [p.name, String(sampleOf(p.schema, values))]))
  const base = op.body ? sampleOf(op.body, values) : undefined
  const url = (p: Record<string, string> = params, q: Record<string, string | string[]> = query, raw = false) =>
    urlOf(op.path, p, q, raw)
  const json = { 'content-type': 'application/json' }
  const withJson = (name: string, payload: unknown): BadRequest => ({ name, url: url(), headers: json, payload: JSON.stringify(payload) })

  const structural: BadRequest[] = []
  if (op.method !== 'GET') {
    structural.push({ name: 'malformed JSON', url: url(), headers: json, payload: '{"a":' })
    structural.push({ name: 'empty body as JSON', url: url(), headers: json, payload: '' })
    structural.push({ name: 'unsupported content-type', url: url(), headers: { 'content-type': 'application/xml' }, payload: '<a/>' })
    structural.push({ name: 'body over the limit', url: url(), headers: json, payload: hugeJson(bodyLimit * 2), status: 413 })
  }
  if (op.body) {
    for (const [name, value] of [['array', []], ['string', 'x'], ['null', null], ['number', 42]] as const) {
      if (!conforms(op.body, value)) structural.push(withJson(`non-object JSON (${name})`, value))
    }
    structural.push({ name: '__proto__ key', url: url(), headers: json, payload: `{"__proto__":{"polluted":true}}` })
    if (isObjectSchema(op.body) && op.body.additionalProperties === false && isPlainObject(base)) {
      structural.push(withJson('unknown property', { ...base, unexpectedProperty: 1 }))
    }
    structural.push({ name: 'NUL in a key', url: url(), headers: json, payload: JSON.stringify({ 'a\u0000': 1 }) })
    structural.push({ name: 'deeply nested', url: url(), headers: json, payload: `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}` })
  }
  if (op.upload) {
    structural.push(withJson('JSON instead of multipart', {}))
    const noFile = multipartField('table', 'x')
    structural.push({ name: 'multipart without a file', url: url(), headers: noFile.headers, payload: noFile.payload })
  }

  const lists: BadRequest[][] = []
  for (const param of op.pathParams) {
    const list: BadRequest[] = []
    const replaced = (value: string, raw = false) => url({ ...params, [param.name]: value }, query, raw)
    for (const [name, value] of Object.entries(NASTY_STRINGS)) {
      // A lone surrogate has no UTF-8 form: send the bytes a careless encoder would.
      list.push({ name: `path ${param.name}: ${name}`, url: name === 'lone-surrogate' ? replaced('%ED%A0%80', true) : replaced(value), headers: {} })
    }
    list.push({ name: `path ${param.name}: over-long`, url: replaced('a'.repeat(300)), headers: {} })
    list.push({ name: `path ${param.name}: longer than declared`, url: replaced('a'.repeat(Math.min((param.schema.maxLength ?? 64) + 1, 100))), headers: {} })
    list.push({ name: `path ${param.name}: malformed escape`, url: replaced('%E0%A4%A', true), headers: {} })
    lists.push(list.filter((c) => !conforms(param.schema, decodedParam(c.url, op.path, param.name))).map((c) => withBase(c, base)))
    // Values the schema lets through (a free-form id) still must not be found, let alone acted on.
    lists.push(list.filter((c) => conforms(param.schema, decodedParam(c.url, op.path, param.name))).map((c) => withBase(c, base)))
  }
  for (const param of op.queryParams) {
    const list: BadRequest[] = []
    const replaced = (value: string | string[] | typeof MISSING) => {
      const q: Record<string, string | string[]> = { ...query }
      if (value === MISSING) delete q[param.name]
      else q[param.name] = value
      return url(params, q)
    }
    const numeric = typeIncludes(param.schema.type ?? '', 'integer') || typeIncludes(param.schema.type ?? '', 'number')
    // zod coerces numeric query values with Number(); the document's check must see the same.
    const asSent = (value: string | string[]) => (numeric ? Number(value) : value)
    const candidates: [string, string | string[]][] = [
      ['repeated', ['1', '2']],
      ['not a number', 'abc'],
      ['fraction', '1.5'],
      ...(param.schema.minimum !== undefined ? [['below minimum', String(param.schema.minimum - 1)] as [string, string]] : []),
      ...(param.schema.maximum !== undefined ? [['above maximum', String(param.schema.maximum + 1)] as [string, string]] : []),
      ['not in the enum', 'zzz'],
      ['over-long', 'a'.repeat((param.schema.maxLength ?? 1000) + 1)],
      ...Object.entries(NASTY_STRINGS),
    ]
    if (param.required) list.push({ name: `query ${param.name}: missing`, url: replaced(MISSING), headers: {} })
    for (const [name, value] of candidates) {
      if (!conforms(param.schema, asSent(value)) || name === 'nul') {
        list.push({ name: `query ${param.name}: ${name}`, url: replaced(value), headers: {} })
      } else if (op.method === 'GET' && name in NASTY_STRINGS) {
        list.push({ name: `query ${param.name}: ${name} (allowed)`, url: replaced(value), headers: {}, mayPass: true })
      }
    }
    lists.push(list.map((c) => withBase(c, base)))
  }
  if (op.body && isPlainObject(base)) {
    for (const { path: at, schema, required } of propertiesOf(op.body, base)) {
      const list: BadRequest[] = []
      const label = at.join('.')
      const mutate = (name: string, value: unknown) => {
        const body = setAt(base, at, value)
        if (name === 'nul' || !conforms(op.body, body)) list.push(withJson(`body ${label}: ${name}`, body))
      }
      // The kinds of case alternate, so that a capped operation still meets each kind.
      const [firstType, ...otherTypes] = Object.entries(WRONG_TYPES).filter(([, value]) => !conforms(schema, value))
      if (required) mutate('missing', MISSING)
      if (firstType) mutate(`wrong type (${firstType[0]})`, firstType[1])
      if (isStringSchema(schema)) {
        mutate('over-long', 'a'.repeat((schema.maxLength ?? 100_000) + 1))
        for (const [name, value] of Object.entries(NASTY_STRINGS)) mutate(name, value)
      }
      if (isNumberSchema(schema)) {
        if (schema.minimum !== undefined) mutate('below minimum', schema.minimum - 1)
        if (schema.maximum !== undefined) mutate('above maximum', schema.maximum + 1)
        mutate('fraction', 0.5)
        mutate('huge', 1e308)
      }
      if (schema.maxItems !== undefined) mutate('too many items', Array.from({ length: schema.maxItems + 1 }, () => sampleOf(schema.items ?? {}, values)))
      if ((schema.minItems ?? 0) > 0) mutate('too few items', [])
      for (const [type, value] of otherTypes) mutate(`wrong type (${type})`, value)
      lists.push(list)
    }
  }
  return [...structural, ...interleave(lists)].slice(0, cap)
}

/** The first of each list, then the second of each, and so on: every input gets its turn. */
function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = []
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const list of lists) if (i < list.length) out.push(list[i]!)
  return out
}

function withBase(c: BadRequest, base: unknown): BadRequest {
  return base === undefined ? c : { ...c, headers: { ...c.headers, 'content-type': 'application/json' }, payload: JSON.stringify(base) }
}

function urlOf(template: string, params: Record<string, string>, query: Record<string, string | string[]>, raw: boolean): string {
  const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name] ?? ''
    return raw ? value : encodeURIComponent(value)
  })
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) for (const v of Array.isArray(value) ? value : [value]) search.append(key, v)
  const qs = search.toString()
  return qs ? `${path}?${qs}` : path
}

/** The path parameter as the server will see it, or undefined if it cannot be decoded. */
function decodedParam(url: string, template: string, name: string): string | undefined {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
  const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/?]*)')}(?:\\?|$)`)
  const match = pattern.exec(url)
  const raw = match?.[names.indexOf(name) + 1]
  if (raw === undefined) return undefined
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

interface PropertyAt {
  readonly path: readonly string[]
  readonly schema: JsonSchema
  readonly required: boolean
}

/** Each property of the body's object schema, and of the nested objects the base body holds. */
function propertiesOf(schema: JsonSchema, base: unknown, at: readonly string[] = [], depth = 0): PropertyAt[] {
  if (depth > 3 || !isObjectSchema(schema) || !isPlainObject(base)) return []
  return Object.entries(schema.properties ?? {}).flatMap(([key, property]) => {
    const here: PropertyAt = { path: [...at, key], schema: property, required: (schema.required ?? []).includes(key) }
    const value = base[key]
    const nested = Array.isArray(value) && value.length > 0 && property.items
      ? propertiesOf(property.items, value[0], [...at, key, '0'], depth + 1)
      : propertiesOf(property, value, [...at, key], depth + 1)
    return [here, ...nested]
  })
}

function setAt(base: unknown, at: readonly string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>
  let parent: Record<string, unknown> = copy
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string, unknown>
  const last = at[at.length - 1]!
  if (value === MISSING) delete parent[last]
  else parent[last] = value
  return copy
}

function isObjectSchema(schema: JsonSchema): boolean {
  return schema.type === 'object' || schema.properties !== undefined
}

function isStringSchema(schema: JsonSchema): boolean {
  return typeIncludes(schema.type ?? '', 'string') || (schema.anyOf ?? []).some((s) => s.type === 'string')
}

function isNumberSchema(schema: JsonSchema): boolean {
  return typeIncludes(schema.type ?? '', 'integer') || typeIncludes(schema.type ?? '', 'number')
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hugeJson(bytes: number): string {
  return JSON.stringify({ padding: 'a'.repeat(bytes) })
}

function multipartField(name: string, value: string): { payload: Buffer; headers: Record<string, string> } {
  const { headers } = multipartFile('x.csv', '')
  const boundary = headers['content-type']!.split('boundary=')[1]!
  const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--${boundary}--\r\n`)
  return { payload, headers }
}
