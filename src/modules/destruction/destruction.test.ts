import { marketUsccs } from '../../../test/products.ts'
import { loansCsv, PASSING_PLAN } from '../../../test/imports.ts'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { multipartFile } from '../../../test/multipart.ts'
import { bearer, loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import { FEATURE_SQL, FEATURES, TRAINING_SQL } from '../../../test/products.ts'
import { cryptoSuite } from '../../platform/crypto/suite.ts'
import { openDataKey } from '../../platform/keys/keys.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate } from '../../platform/time.ts'
import { seedDemoData } from '../demo/demo-world.ts'
import { importsDir } from '../masking/import.service.ts'
import { workspaceKey } from '../masking/workspace-key.ts'
import { assertAuditRetention, canonicalJson } from './destruction.ts'
import { workspaceDir } from './destruction.service.ts'

type Api = ReturnType<typeof api>

const HASH = 'a'.repeat(64)
const ACTORS = ['anonymous', 'sysadmin', 'secadmin', 'auditadmin', 'office', 'bureau', 'sector-mr', 'src-mr', 'operator', 'reviewer', 'fintech', 'skitour', 'regulator', 'bank', 'src-power'] as const
type Actor = (typeof ACTORS)[number]

describe('destruction certificates: canonical form and retention guard', () => {
  it('sorts keys at every depth, keeps array order, writes no whitespace', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: 'x', c: null }, true], é: 'é', A: 2 }), '{"A":2,"a":[{"c":null,"d":"x"},true],"b":1,"é":"é"}')
    assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}')
    assert.throws(() => canonicalJson({ a: Number.NaN }))
  })

  it('refuses a purge cutoff within the retention period, citing article 31', () => {
    const now = new Date('2026-11-27T10:00:00+08:00')
    assert.throws(() => assertAuditRetention(new Date('2026-06-01T00:00:00+08:00'), now, 6), { rule: 'art31.log-retention' })
    assertAuditRetention(new Date('2026-05-27T00:00:00+08:00'), now, 6)
    assert.throws(() => assertAuditRetention(new Date('2026-05-27T00:00:00+08:00'), now, 12), { rule: 'art31.log-retention' })
  })
})

for (const dialect of testDialects()) {
  describe(`${dialect.name}: terminating and destroying fin-credit`, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance
    const as = {} as Record<Exclude<Actor, 'anonymous'>, Api> & { anonymous: Api }
    const tokens = {} as Record<string, string>

    // Logins are rate-limited (20 a window): the set-up signs in whom it needs, all sign in later.
    const signIn = async (actors: readonly Actor[] = ACTORS) => {
      as.anonymous = api(app)
      for (const actor of actors) {
        if (actor === 'anonymous') continue
        tokens[actor] = await loginAs(app, actor)
        as[actor] = api(app, tokens[actor])
      }
    }

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      await seedDemoData(platform, { scale: 0.1, seed: 7 })
      app = await testApp(platform)
      await signIn(['fintech', 'operator', 'office', 'reviewer', 'bureau'])
    })

    const query = (sql: string) => as.fintech.post('/api/v1/workspaces/fin-credit/queries', { sql })

    const upload = async (table: string, csv: string) => {
      const file = multipartFile('loans.csv', csv)
      const fields = { table, provider: '张家口某商业银行', providerKind: 'enterprise', legalBasis: '借款人书面授权，用于企业信用评估', description: '小微企业经营者贷款记录' }
      const boundary = file.headers['content-type']!.split('boundary=')[1]!
      const head = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/workspaces/fin-credit/imports',
        headers: { ...file.headers, ...bearer(tokens['fintech']!) },
        payload: Buffer.concat([Buffer.from(head), file.payload]),
      })
      return { status: response.statusCode, body: response.json() as any }
    }

    it('closes access at once, destroys keys and files with a verifiable certificate, keeps the audit log', async () => {
      const { db } = platform.store
      // ------------------------------------------------------------ artifacts in fin-credit
      const masking = await as.operator.put('/api/v1/workspaces/fin-credit/masking', {
        rules: [
          { table: 'market_entities', column: 'uscc', operator: { kind: 'pseudonym' } },
          { table: 'electricity_usage', column: 'uscc', operator: { kind: 'pseudonym' } },
        ],
      })
      assert.equal(masking.status, 200, JSON.stringify(masking.body))
      const counted = await query('SELECT district_code, count(*) AS n FROM market_entities GROUP BY 1 ORDER BY 1')
      assert.equal(counted.status, 200, JSON.stringify(counted.body))
      // The workspace key now exists; the masks go again so the model's joins see every table alike.
      assert.equal((await as.operator.put('/api/v1/workspaces/fin-credit/masking', { rules: [] })).status, 200)

      const imp = await upload('bank_loans', loansCsv(await marketUsccs(platform, 100)))
      assert.equal(imp.status, 201, JSON.stringify(imp.body))
      assert.equal((await as.fintech.put(`/api/v1/imports/${imp.body.id}/plan`, PASSING_PLAN)).status, 200)
      assert.equal((await as.fintech.post(`/api/v1/imports/${imp.body.id}/submit`)).status, 200)
      const approved = await as.office.post(`/api/v1/imports/${imp.body.id}/decision`, { decision: 'approve', note: '来源合法，已去标识化' })
      assert.equal(approved.status, 200, JSON.stringify(approved.body))
      const joined = await query('SELECT age, count(*) AS n, sum(loan_yuan) AS loans FROM bank_loans GROUP BY 1 ORDER BY 1')
      assert.equal(joined.status, 200, JSON.stringify(joined.body))

      const trained = await as.fintech.post('/api/v1/workspaces/fin-credit/models', { name: 'sme-scorecard', kind: 'scorecard', sql: TRAINING_SQL, target: 'bad', features: FEATURES })
      assert.equal(trained.status, 201, JSON.stringify(trained.body))
      const declared = await as.fintech.post('/api/v1/workspaces/fin-credit/products', {
        kind: 'api',
        name: '小微企业信用评分',
        description: '按统一社会信用代码返回企业信用评分与等级（需企业授权）',
        spec: { kind: 'api', modelId: trained.body.id, featureSql: FEATURE_SQL },
        pricing: { model: 'per-call', yuanPerCall: 0.5, dailyQuota: 100, ratePerSecond: 20 },
      })
      assert.equal(declared.status, 201, JSON.stringify(declared.body))
      const code = declared.body.code as string
      const submitted = await as.fintech.post(`/api/v1/products/${code}/submission`)
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body))
      const reviewed = await as.reviewer.post(`/api/v1/products/${code}/reviews`, { decision: 'approve', reasons: '输出仅含评分与等级' })
      assert.equal(reviewed.body.status, 'approved', JSON.stringify(reviewed.body))
      const applied = await as.fintech.post('/api/v1/registrations', { subjectType: 'product', subjectCode: code, kind: 'first', rights: '产品权益归属依授权运营协议约定', documents: [{ name: '产品说明书', hash: HASH }] })
      assert.equal(applied.status, 201, JSON.stringify(applied.body))
      assert.equal((await as.bureau.post(`/api/v1/registrations/${applied.body.id}/acceptance`, { decision: 'accept', note: '材料齐全' })).status, 200)
      assert.equal((await as.bureau.post(`/api/v1/registrations/${applied.body.id}/review`, { decision: 'approve', note: '形式审查通过' })).status, 200)
      platform.clock.advance(11 * 86_400)
      await signIn()
      assert.equal((await as.bureau.post(`/api/v1/registrations/${applied.body.id}/issue`)).status, 200)
      const key = await as.bank.post('/api/v1/gateway/keys', { name: '信贷审批系统', products: [code] })
      assert.equal(key.status, 201, JSON.stringify(key.body))
      const [uscc] = await marketUsccs(platform, 1)
      const consent = await as.bank.post('/api/v1/gateway/consents', { productCode: code, entityId: uscc, evidence: { documentHash: HASH, signatory: '法定代表人', signedOn: chinaDate(platform.clock()) }, validUntil: '2027-06-30' })
      assert.equal(consent.status, 201, JSON.stringify(consent.body))
      const call = () =>
        app.inject({ method: 'POST', url: `/api/v1/gateway/products/${code}/calls`, headers: { 'x-api-key': key.body.secret, 'x-consent-token': consent.body.token }, payload: { entityId: uscc } })
      const answered = await call()
      assert.equal(answered.statusCode, 200, answered.body)

      // The encrypted import file(s), copied aside; they decrypt now with their live key.
      const dir = importsDir(platform, 'fin-credit')
      const copies = fs.readdirSync(dir).map((name) => ({ name, bytes: fs.readFileSync(path.join(dir, name)) }))
      assert.ok(copies.length > 0)
      const suite = platform.keys.suite
      const aadOf = (name: string) => Buffer.from(`shuyu/import/${name.split('.')[0]}/${name.split('.')[1]}`)
      for (const copy of copies) {
        const plain = suite.decrypt(await openDataKey(db, platform.keys, copy.name.split('.')[2]!), copy.bytes, aadOf(copy.name))
        assert.match(plain.toString('utf8'), /loan_yuan/, 'the copy is readable while its key lives')
      }
      const workspaceKeyRow = await db.selectFrom('data_keys').selectAll().where('owner_type', '=', 'workspace').where('owner_id', '=', 'fin-credit').executeTakeFirstOrThrow()
      assert.notEqual(workspaceKeyRow.wrapped_key, null, 'the masking made the workspace key')

      // ------------------------------------------------------------ not while open
      assert.equal((await as.office.post('/api/v1/workspaces/fin-credit/destruction', { note: '过早' })).status, 409)
      assert.equal((await as.office.post('/api/v1/workspaces/ski-tourism/destruction', { note: '过早' })).status, 409)

      // ------------------------------------------------------------ termination: access closes at once
      const workspace = await as.office.get('/api/v1/workspaces/fin-credit')
      const terminated = await as.office.post(`/api/v1/agreements/${workspace.body.agreementId}/terminate`, { ground: 'breach-of-agreement', note: '违规向第三方提供数据' })
      assert.equal(terminated.status, 200, JSON.stringify(terminated.body))
      const refused = await query('SELECT count(*) AS n FROM market_entities')
      assert.equal(refused.status, 403)
      assert.match(refused.body.error.message, /closed: terminated \(art\. 35, breach-of-agreement\): 违规向第三方提供数据/)
      const stopped = await call()
      assert.equal(stopped.statusCode, 403, stopped.body)
      assert.match(stopped.json().error.message, /closed|terminated/)

      // ------------------------------------------------------------ who may order the destruction
      const destroyRefusals: Partial<Record<Actor, number>> = {
        anonymous: 401,
        fintech: 403,
        regulator: 403,
        sysadmin: 404,
        secadmin: 404,
        auditadmin: 404,
        bureau: 404,
        'sector-mr': 404,
        'src-mr': 404,
        'src-power': 404,
        skitour: 404,
        bank: 404,
      }
      for (const [actor, status] of Object.entries(destroyRefusals)) {
        const answer = await as[actor as Actor].post('/api/v1/workspaces/fin-credit/destruction', { note: '销毁' })
        assert.equal(answer.status, status, `${actor}: ${JSON.stringify(answer.body)}`)
      }
      assert.equal((await as.operator.post('/api/v1/workspaces/fin-credit/destruction', {})).status, 400, 'a note is required')
      assert.equal((await as.operator.post('/api/v1/workspaces/no-such-ws/destruction', { note: 'x' })).status, 404)
      assert.ok(fs.existsSync(dir), 'nothing destroyed by a refusal')

      const auditBefore = await db.selectFrom('audit_entries').select(['seq', 'object_id', 'event_type']).orderBy('seq').execute()

      // ------------------------------------------------------------ destruction
      const destroyed = await as.operator.post('/api/v1/workspaces/fin-credit/destruction', { note: '协议终止，依第三十一条销毁' })
      assert.equal(destroyed.status, 201, JSON.stringify(destroyed.body))
      const { certificate, signature, canonical } = destroyed.body
      assert.equal(certificate.workspaceId, 'fin-credit')
      assert.equal(certificate.agreementId, workspace.body.agreementId)
      assert.equal(certificate.developerOrgId, 'org-fintech')
      assert.deepEqual(certificate.reason.kind, 'termination')
      assert.equal(certificate.reason.ground, 'breach-of-agreement')
      assert.equal(certificate.destroyedBy.username, 'operator')
      assert.equal(canonical, canonicalJson(certificate), 'the stored bytes are the canonical form')
      const purposes = certificate.keys.map((k: any) => k.purpose).sort()
      assert.ok(purposes.includes('workspace') && purposes.includes('import-raw') && purposes.includes('import-deidentified'), purposes.join(','))
      assert.ok(certificate.keys.every((k: any) => typeof k.destroyedAt === 'string'))
      assert.equal(certificate.files.length, copies.length)
      for (const copy of copies) {
        const listed = certificate.files.find((f: any) => f.path === `workspaces/fin-credit/imports/${copy.name}`)
        assert.ok(listed, copy.name)
        assert.equal(listed.bytes, copy.bytes.length)
        assert.equal(listed.sm3, cryptoSuite('gm').hashHex(copy.bytes))
      }
      assert.ok(certificate.records.queryRunResults >= 2, JSON.stringify(certificate.records))
      assert.equal(certificate.records.models, 1)
      assert.deepEqual(certificate.records.products, [code])
      // The public register follows: the product's registration is cancelled, not left standing.
      const registered = (await as.fintech.get(`/api/v1/products/${code}`)).body.registrationCode ?? (await platform.store.db.selectFrom('registrations').select('registration_code').where('subject_code', '=', code).where('kind', '=', 'first').executeTakeFirstOrThrow()).registration_code
      const register = await app.inject({ method: 'GET', url: `/api/v1/public/registrations/${registered}` })
      assert.equal(register.statusCode, 200, register.body)
      assert.equal(register.json().status, 'cancelled')
      assert.equal(register.json().cancelledOn, chinaDate(platform.clock()))
      assert.deepEqual(certificate.records.imports, [imp.body.id])
      assert.equal((await as.office.post('/api/v1/workspaces/fin-credit/destruction', { note: '再次' })).status, 409, 'once only')
      const shown = await as.operator.get('/api/v1/workspaces/fin-credit')
      assert.equal(shown.status, 200, JSON.stringify(shown.body))
      assert.deepEqual(shown.body.destruction, { certificateId: certificate.id, destroyedAt: certificate.destroyedAt }, 'the workspace names its certificate')
      assert.equal((await as.operator.get('/api/v1/workspaces/ski-tourism')).body.destruction, null)

      // ------------------------------------------------------------ the certificate verifies, publicly and offline
      const verify = (body: unknown) => app.inject({ method: 'POST', url: '/api/v1/public/destruction-certificates/verify', payload: body as object })
      const ok = await verify({ certificate, signature })
      assert.equal(ok.statusCode, 200, ok.body)
      assert.deepEqual(ok.json(), { valid: true, keyId: certificate.signer.keyId, certificateId: certificate.id })
      const tampered = await verify({ certificate: { ...certificate, files: [] }, signature })
      assert.equal(tampered.json().valid, false)
      assert.match(tampered.json().reason, /altered/)
      const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0')
      assert.equal((await verify({ certificate, signature: flipped })).json().valid, false)
      assert.equal((await verify({ certificate: { ...certificate, signer: { ...certificate.signer, keyId: 'sk_x' } }, signature })).json().valid, false)
      const keys = await app.inject({ method: 'GET', url: '/api/v1/public/signing-keys' })
      assert.equal(keys.statusCode, 200)
      const published = keys.json().keys.find((k: any) => k.id === certificate.signer.keyId)
      assert.equal(published.purpose, 'destruction-certificate')
      assert.equal(published.algorithm, 'SM2-with-SM3')
      // Offline: the published key, the canonical form, nothing of the platform's.
      assert.equal(cryptoSuite('gm').verify(published.publicKey, canonicalJson(JSON.parse(JSON.stringify(certificate))), signature), true)

      const readers: Partial<Record<Actor, number>> = { anonymous: 401, sysadmin: 404, secadmin: 404, auditadmin: 404, bureau: 404, 'sector-mr': 404, 'src-mr': 404, 'src-power': 404, skitour: 404, bank: 404 }
      for (const actor of ACTORS) {
        const answer = await as[actor].get(`/api/v1/destruction-certificates/${certificate.id}`)
        assert.equal(answer.status, readers[actor] ?? 200, `${actor}: ${JSON.stringify(answer.body)}`)
        if (answer.status === 200) assert.equal(answer.body.signature, signature)
      }

      // ------------------------------------------------------------ the proof: the copies no longer decrypt
      assert.equal(fs.existsSync(workspaceDir(platform, 'fin-credit')), false, 'the workspace files are deleted')
      const stillHeld = await db.selectFrom('data_keys').select('id').where('wrapped_key', 'is not', null).execute()
      for (const copy of copies) {
        await assert.rejects(openDataKey(db, platform.keys, copy.name.split('.')[2]!), /destroyed/)
        for (const { id } of stillHeld) {
          const other = await openDataKey(db, platform.keys, id)
          assert.throws(() => suite.decrypt(other, copy.bytes, aadOf(copy.name)))
          assert.throws(() => suite.decrypt(other, copy.bytes))
        }
        assert.throws(() => suite.decrypt(platform.keys.masterKey, copy.bytes, aadOf(copy.name)))
      }
      await assert.rejects(workspaceKey(platform, 'fin-credit'), /destroyed/)
      const keyRows = await db.selectFrom('data_keys').selectAll().where('id', 'in', certificate.keys.map((k: any) => k.id)).execute()
      assert.ok(keyRows.every((k) => k.wrapped_key === null && k.destroyed_at !== null))

      // Released answers and model parameters gone, run records kept; products cancelled; import destroyed.
      const runs = await db.selectFrom('query_runs').select(['result', 'result_hash', 'status']).where('workspace_id', '=', 'fin-credit').execute()
      assert.ok(runs.length >= 3)
      assert.ok(runs.every((r) => r.result === null || r.result === undefined))
      assert.ok(runs.some((r) => r.result_hash !== null), 'the record of what was released stays')
      const model = await db.selectFrom('models').select(['model', 'releasable']).where('id', '=', trained.body.id).executeTakeFirstOrThrow()
      assert.deepEqual([model.model, model.releasable], ['{"destroyed":true}', 0])
      assert.equal((await db.selectFrom('products').select('status').where('code', '=', code).executeTakeFirstOrThrow()).status, 'cancelled')
      const importRow = await db.selectFrom('imports').select(['status', 'destruction']).where('id', '=', imp.body.id).executeTakeFirstOrThrow()
      assert.equal(importRow.status, 'destroyed')
      assert.ok(importRow.destruction)

      // ------------------------------------------------------------ the audit log stays, and verifies
      const auditAfter = await db.selectFrom('audit_entries').select(['seq', 'object_id', 'event_type']).orderBy('seq').execute()
      assert.deepEqual(auditAfter.slice(0, auditBefore.length), auditBefore, 'no entry touched')
      const own = auditAfter.find((e) => e.event_type === 'workspace.destroy' && e.object_id === 'fin-credit')
      assert.equal(Number(own?.seq), certificate.auditHeadSeq + 1, 'the certificate names the head just before its own entry')
      assert.ok(auditBefore.filter((e) => e.object_id === imp.body.id).length >= 3, 'the import\'s own entries remain')
      const verified = await as.auditadmin.get('/api/v1/audit/verify')
      assert.equal(verified.status, 200)
      assert.equal(verified.body.ok, true, JSON.stringify(verified.body.firstBreak))

      // ------------------------------------------------------------ purging before 6 months is refused
      const purge = (who: Api, body: unknown) => who.post('/api/v1/audit/purge', body)
      const early = await purge(as.auditadmin, { before: chinaDate(platform.clock()) })
      assert.equal(early.status, 422)
      assert.equal(early.body.error.rule, 'art31.log-retention')
      assert.equal((await purge(as.auditadmin, { before: '2026-07-01', dryRun: true })).status, 422, 'not even counted')
      const count = await purge(as.auditadmin, { before: '2026-01-01', dryRun: true })
      assert.equal(count.status, 200, JSON.stringify(count.body))
      assert.deepEqual([count.body.dryRun, count.body.removed], [true, 0])
      const purgeRefusals: Partial<Record<Actor, number>> = Object.fromEntries(ACTORS.filter((a) => a !== 'auditadmin').map((a) => [a, a === 'anonymous' ? 401 : 403]))
      for (const [actor, status] of Object.entries(purgeRefusals)) {
        assert.equal((await purge(as[actor as Actor], { before: '2026-01-01', dryRun: true })).status, status, actor)
      }
      assert.equal((await purge(as.auditadmin, { before: 'yesterday' })).status, 400)
      const refusedPurges = await db.selectFrom('audit_entries').select('result').where('event_type', '=', 'audit.purge').execute()
      assert.deepEqual(refusedPurges.map((r) => r.result), ['refused', 'refused'], 'refusals are on record; nothing purged')
      assert.equal((await db.selectFrom('audit_entries').select('seq').orderBy('seq').executeTakeFirstOrThrow()).seq, auditBefore[0]!.seq)
    })
  })
}
