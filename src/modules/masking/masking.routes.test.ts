import assert from 'node:assert/strict'
import { loansCsv, PASSING_PLAN } from '../../../test/imports.ts'
import fs from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { multipartFile } from '../../../test/multipart.ts'
import { bearer, loginAs, testApp, testPlatform, type TestClock } from '../../../test/platform.ts'
import type { Platform } from '../../platform/platform.ts'
import { seedDemoData } from '../demo/demo-world.ts'
import { importsDir } from './import.service.ts'
import { marketUsccs } from '../../../test/products.ts'

type Api = ReturnType<typeof api>

for (const dialect of testDialects()) {
  describe(`${dialect.name}: masking policies and imports of social data`, () => {
    let platform: Platform & { clock: TestClock }
    let app: FastifyInstance
    let fintech: Api, operator: Api, office: Api, regulator: Api, skitour: Api
    let fintechToken: string
    let usccs: string[]

    before(async () => {
      platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      await seedDemoData(platform, { scale: 0.1, seed: 7 })
      app = await testApp(platform)
      fintechToken = await loginAs(app, 'fintech')
      fintech = api(app, fintechToken)
      operator = api(app, await loginAs(app, 'operator'))
      office = api(app, await loginAs(app, 'office'))
      regulator = api(app, await loginAs(app, 'regulator'))
      skitour = api(app, await loginAs(app, 'skitour'))
      usccs = await marketUsccs(platform, 100)
    })

    const query = (sql: string, mode: 'real' | 'sandbox' = 'real') => fintech.post('/api/v1/workspaces/fin-credit/queries', { sql, mode })

    const upload = async (table: string, csv: string | Buffer, token = fintechToken, workspace = 'fin-credit') => {
      const file = multipartFile('loans.csv', csv)
      const fields = { table, provider: '张家口某商业银行', providerKind: 'enterprise', legalBasis: '借款人书面授权，用于企业信用评估', description: '小微企业经营者贷款记录' }
      const boundary = file.headers['content-type']!.split('boundary=')[1]!
      const head = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/workspaces/${workspace}/imports`,
        headers: { ...file.headers, ...bearer(token) },
        payload: Buffer.concat([Buffer.from(head), file.payload]),
      })
      return { status: response.statusCode, body: response.json() as any }
    }

    it('masks columns for the gate and the sandbox as the operator sets, keeping joins through pseudonyms', async () => {
      const join = 'SELECT count(*) AS n FROM market_entities m JOIN electricity_usage e ON m.uscc = e.uscc'
      const before = await query(join)
      assert.equal(before.status, 200, JSON.stringify(before.body))
      const dates = await query("SELECT established_on AS d, count(*) AS n FROM market_entities WHERE established_on >= DATE '2020-01-01' GROUP BY 1 ORDER BY 1")
      assert.equal(dates.status, 200, JSON.stringify(dates.body))

      const rules = [
        { table: 'market_entities', column: 'established_on', operator: { kind: 'generalize-date', to: 'year' } },
        { table: 'market_entities', column: 'uscc', operator: { kind: 'pseudonym' } },
        { table: 'electricity_usage', column: 'uscc', operator: { kind: 'pseudonym' } },
      ]
      assert.equal((await fintech.put('/api/v1/workspaces/fin-credit/masking', { rules })).status, 403)
      assert.equal((await office.put('/api/v1/workspaces/fin-credit/masking', { rules })).status, 403)
      const set = await operator.put('/api/v1/workspaces/fin-credit/masking', { rules })
      assert.equal(set.status, 200, JSON.stringify(set.body))
      assert.equal(set.body.rules.length, 3)
      assert.equal(set.body.rules.find((r: any) => r.column === 'established_on').maskedKind, 'text')

      for (const who of [fintech, regulator, office, operator]) {
        const seen = await who.get('/api/v1/workspaces/fin-credit/masking')
        assert.equal(seen.status, 200)
        assert.deepEqual(seen.body.rules.map((r: any) => `${r.table}.${r.column}:${r.operator.kind}`).sort(), ['electricity_usage.uscc:pseudonym', 'market_entities.established_on:generalize-date', 'market_entities.uscc:pseudonym'])
        assert.doesNotMatch(JSON.stringify(seen.body), /key/i, 'the policy never carries a key')
      }
      assert.equal((await skitour.get('/api/v1/workspaces/fin-credit/masking')).status, 404)

      const years = await query('SELECT established_on AS y, count(*) AS n FROM market_entities GROUP BY 1 ORDER BY 1')
      assert.equal(years.status, 200, JSON.stringify(years.body))
      assert.ok(years.body.rows.length > 0)
      for (const [y] of years.body.rows) assert.match(String(y), /^\d{4}$/, 'the gate sees only the year')
      // Pseudonyms of the same workspace key agree: the join finds the same rows as before.
      const after = await query(join)
      assert.deepEqual(after.body.rows, before.body.rows)
      const sandbox = await query('SELECT established_on AS y, count(*) AS n FROM market_entities GROUP BY 1', 'sandbox')
      assert.equal(sandbox.status, 200, JSON.stringify(sandbox.body))
      for (const [y] of sandbox.body.rows) if (y !== null) assert.match(String(y), /^\d{4}$/, 'the sandbox sees the masked column too')

      const audit = await platform.store.db.selectFrom('audit_entries').select('event_type').where('event_type', '=', 'masking.set').execute()
      assert.equal(audit.length, 1)

      // Back to no masking: the dates are whole again.
      assert.equal((await operator.put('/api/v1/workspaces/fin-credit/masking', { rules: [] })).status, 200)
      const again = await query("SELECT established_on AS d, count(*) AS n FROM market_entities WHERE established_on >= DATE '2020-01-01' GROUP BY 1 ORDER BY 1")
      assert.deepEqual(again.body.rows, dates.body.rows)
    })

    it('refuses masking rules that do not fit, saying what is wrong', async () => {
      const put = (rules: unknown) => operator.put('/api/v1/workspaces/fin-credit/masking', { rules })
      const cases: [unknown, number, RegExp][] = [
        [[{ table: 'market_entities', column: 'legal_rep_id', operator: { kind: 'redact' } }], 400, /no column legal_rep_id/],
        [[{ table: 'bus_trips', column: 'route', operator: { kind: 'redact' } }], 400, /no table bus_trips/],
        [[{ table: 'market_entities', column: 'status', operator: { kind: 'generalize-age', width: 10 } }], 400, /status/],
        [[{ table: 'market_entities', column: 'status', operator: { kind: 'redact' }, context: 'uscc' }], 400, /date-shift only/],
        [[{ table: 'market_entities', column: 'status', operator: { kind: 'unknown' } }], 400, /./],
        [[{ table: 'market_entities', column: 'status', operator: { kind: 'mask', char: '**' } }], 400, /./],
        [[{ table: 'market_entities', column: 'status', operator: { kind: 'redact' } }, { table: 'market_entities', column: 'status', operator: { kind: 'redact' } }], 400, /two rules/],
        [[{ table: 'market_entities; DROP TABLE x', column: 'status', operator: { kind: 'redact' } }], 400, /./],
      ]
      for (const [rules, status, message] of cases) {
        const answer = await put(rules)
        assert.equal(answer.status, status, JSON.stringify(rules))
        assert.match(answer.body.error.message, message)
      }
      assert.equal((await operator.get('/api/v1/workspaces/fin-credit/masking')).body.rules.length, 0, 'nothing changed')
    })

    it('imports social data: scan, plan, checks, office approval, then queries join it to the pool', async () => {
      const csv = loansCsv(usccs)
      const created = await upload('bank_loans', csv)
      assert.equal(created.status, 201, JSON.stringify(created.body))
      const imp = created.body
      assert.equal(imp.status, 'scanned')
      const personal = imp.scan.filter((s: any) => s.personal).map((s: any) => s.column).sort()
      assert.deepEqual(personal, ['borrower_name', 'mobile', 'resident_id'])
      assert.equal(imp.scan.find((s: any) => s.column === 'uscc').personal, false)
      assert.equal(imp.plan.columns.resident_id.operator.kind, 'pseudonym', 'the scan proposes a pseudonym for ID numbers')
      assert.doesNotMatch(JSON.stringify(imp), /138001380|1307021/, 'no uploaded value comes back')

      // Not approved yet: no query can read it.
      const early = await query('SELECT count(*) FROM bank_loans')
      assert.equal(early.status, 422)

      // Raw ID numbers kept: the checks fail and the import cannot go to the office.
      const raw = await fintech.put(`/api/v1/imports/${imp.id}/plan`, { ...PASSING_PLAN, columns: { ...PASSING_PLAN.columns, resident_id: { action: 'keep' } } })
      assert.equal(raw.status, 200, JSON.stringify(raw.body))
      assert.equal(raw.body.assessment.passes, false)
      assert.match(raw.body.assessment.problems.join(' '), /resident_id still holds personal identifiers \(resident_id/)
      const refused = await fintech.post(`/api/v1/imports/${imp.id}/submit`)
      assert.equal(refused.status, 422)
      assert.equal(refused.body.error.rule, 'art20.import-deidentified-and-approved')
      assert.match(refused.body.error.article, /art. 20/)
      assert.equal((await office.post(`/api/v1/imports/${imp.id}/decision`, { decision: 'approve', note: '同意' })).status, 409)

      // Every age its own class: not k-anonymous.
      const exact = await fintech.put(`/api/v1/imports/${imp.id}/plan`, { ...PASSING_PLAN, columns: { ...PASSING_PLAN.columns, age: { action: 'keep' } } })
      assert.equal(exact.body.assessment.passes, false)
      assert.match(exact.body.assessment.problems.join(' '), /not k-anonymous/)
      assert.equal((await fintech.put(`/api/v1/imports/${imp.id}/plan`, { ...PASSING_PLAN, k: 2 })).status, 422, 'k below the pack\'s importMinK')
      assert.equal((await fintech.put(`/api/v1/imports/${imp.id}/plan`, { ...PASSING_PLAN, columns: { resident_id: { action: 'keep' } } })).status, 400, 'every column is decided')

      const planned = await fintech.put(`/api/v1/imports/${imp.id}/plan`, PASSING_PLAN)
      assert.equal(planned.status, 200, JSON.stringify(planned.body))
      assert.equal(planned.body.assessment.passes, true, planned.body.assessment.problems.join('; '))
      assert.equal(planned.body.assessment.kAnonymity.anonymous, true)
      assert.deepEqual(planned.body.assessment.columns.map((c: any) => c.name), ['resident_id', 'borrower_name', 'uscc', 'age', 'district_code', 'loan_yuan'])

      assert.equal((await fintech.post(`/api/v1/imports/${imp.id}/decision`, { decision: 'approve', note: 'x' })).status, 403)
      assert.equal((await operator.post(`/api/v1/imports/${imp.id}/decision`, { decision: 'approve', note: 'x' })).status, 403)
      assert.equal((await fintech.post(`/api/v1/imports/${imp.id}/submit`)).status, 200)
      const approved = await office.post(`/api/v1/imports/${imp.id}/decision`, { decision: 'approve', note: '来源合法，已去标识化' })
      assert.equal(approved.status, 200, JSON.stringify(approved.body))
      assert.equal(approved.body.status, 'approved')
      const files = fs.readdirSync(importsDir(platform, 'fin-credit')).filter((f) => f.startsWith(imp.id))
      assert.deepEqual(files.map((f) => f.split('.')[1]), ['deidentified'], 'the raw upload is deleted on approval')
      const rawKeys = await platform.store.db.selectFrom('data_keys').selectAll().where('owner_id', '=', imp.id).where('purpose', '=', 'import-raw').execute()
      assert.ok(rawKeys.length > 0 && rawKeys.every((k) => k.wrapped_key === null), 'and its key destroyed')
      for (const file of files) assert.doesNotMatch(fs.readFileSync(path.join(importsDir(platform, 'fin-credit'), file)).toString('latin1'), /bank_loans|130702|loan_yuan/, 'stored encrypted')

      const byAge = await query('SELECT age, count(*) AS borrowers, sum(loan_yuan) AS loans FROM bank_loans GROUP BY 1 ORDER BY 1')
      assert.equal(byAge.status, 200, JSON.stringify(byAge.body))
      assert.deepEqual(byAge.body.rows.map((r: unknown[]) => r[0]), ['20-29', '30-39', '40-49'])
      const linked = await query('SELECT count(DISTINCT l.uscc) AS firms FROM bank_loans l JOIN market_entities m ON m.uscc = l.uscc')
      assert.equal(linked.status, 200, JSON.stringify(linked.body))
      assert.equal(Number(linked.body.rows[0][0]), 100)
      const out = await query('SELECT resident_id, count(*) FROM bank_loans GROUP BY 1')
      assert.equal(out.status, 422, 'a pseudonymized identifier is still never released')
      const sandbox = await query('SELECT count(*) AS n FROM bank_loans', 'sandbox')
      assert.equal(sandbox.status, 200, JSON.stringify(sandbox.body))
      assert.equal(Number(sandbox.body.rows[0][0]), 0, 'the sandbox holds the import\'s shape, never its rows')

      // A second import under the same name is refused while this one lives.
      assert.equal((await upload('bank_loans', csv)).status, 409)
    })

    it('destroys a rejected import: keys, files and a record of what was destroyed', async () => {
      const created = await upload('bank_loans_2', loansCsv(usccs))
      assert.equal(created.status, 201)
      const id = created.body.id
      assert.equal((await fintech.put(`/api/v1/imports/${id}/plan`, PASSING_PLAN)).status, 200)
      assert.equal((await fintech.post(`/api/v1/imports/${id}/submit`)).status, 200)
      const returned = await office.post(`/api/v1/imports/${id}/decision`, { decision: 'return', note: '请说明数据来源授权' })
      assert.equal(returned.body.status, 'returned')
      assert.equal((await fintech.put(`/api/v1/imports/${id}/plan`, PASSING_PLAN)).status, 200)
      assert.equal((await fintech.post(`/api/v1/imports/${id}/submit`)).status, 200)
      const rejected = await office.post(`/api/v1/imports/${id}/decision`, { decision: 'reject', note: '来源授权不足' })
      assert.equal(rejected.status, 200, JSON.stringify(rejected.body))
      assert.equal(rejected.body.status, 'destroyed')
      const destruction = rejected.body.destruction
      assert.match(destruction.reason, /rejected by the office/)
      assert.deepEqual(destruction.files.map((f: any) => f.part).sort(), ['deidentified', 'raw'])
      assert.ok(destruction.files.every((f: any) => /^[0-9a-f]{64}$/.test(f.hash)))
      const keys = await platform.store.db.selectFrom('data_keys').selectAll().where('owner_id', '=', id).execute()
      assert.ok(keys.length >= 2 && keys.every((k) => k.wrapped_key === null), 'every key of the import is destroyed')
      assert.deepEqual(fs.readdirSync(importsDir(platform, 'fin-credit')).filter((f) => f.startsWith(id)), [])
      const audit = await platform.store.db.selectFrom('audit_entries').select('event_type').where('object_id', '=', id).orderBy('seq').execute()
      assert.deepEqual(audit.map((a) => a.event_type), ['import.upload', 'import.plan', 'import.submit', 'import.return', 'import.plan', 'import.submit', 'import.destroy'])
      assert.equal((await query('SELECT count(*) FROM bank_loans_2')).status, 422)
      // The name is free again.
      assert.equal((await upload('bank_loans_2', loansCsv(usccs))).status, 201)
    })

    it('refuses bad uploads clearly and keeps nothing', async () => {
      const before = await platform.store.db.selectFrom('imports').select('id').execute()
      const cases: [string, string, number, RegExp][] = [
        ['bad name', 'x,y\n1,2\n', 400, /./],
        ['market_entities', 'x,y\n1,2\n', 400, /pool table/],
        ['ok_table', 'X Col,y\n1,2\n', 400, /lower snake case/],
        ['ok_table', 'x,x\n1,2\n', 400, /twice/],
        ['ok_table', 'x,y\n1\n', 400, /record 1/],
        ['ok_table', 'x,y\n', 400, /no records/],
        ['ok_table', '"x,y\n1,2\n', 400, /never closed/],
      ]
      for (const [table, csv, status, message] of cases) {
        const answer = await upload(table, csv)
        assert.equal(answer.status, status, `${table}: ${csv}: ${JSON.stringify(answer.body)}`)
        assert.match(answer.body.error.message, message)
      }
      const gbk = await upload('ok_table', Buffer.from([0x78, 0x0a, 0xd5, 0xc5, 0x0a]))
      assert.equal(gbk.status, 400)
      assert.match(gbk.body.error.message, /not UTF-8/)
      assert.equal((await upload('ok_table', 'x\n1\n', await loginAs(app, 'skitour'))).status, 404, 'another developer\'s workspace')
      assert.equal((await upload('ok_table', 'x\n1\n', await loginAs(app, 'operator'))).status, 422, 'the operator develops nothing')
      assert.equal((await upload('ok_table', 'x\n1\n', await loginAs(app, 'regulator'))).status, 403)
      const after = await platform.store.db.selectFrom('imports').select('id').execute()
      assert.equal(after.length, before.length)
    })
  })
}
