import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { sampleEntry, testResidentId, testUscc } from '../../../test/catalog.ts'
import { testDialects } from '../../../test/dialects.ts'
import { multipartFile } from '../../../test/multipart.ts'
import { bearer, loginAs, testApp, testPlatform } from '../../../test/platform.ts'
import { compileEntry, reviewEntry, submitEntry } from '../catalog/catalog.service.ts'
import { seedDemoIdentities } from '../demo/demo-identities.ts'
import { actAs } from '../identity/identity.service.ts'

const CODE = '130700-SCJG-0001'
const HEADER = 'uscc,name,legal_rep_id,legal_rep_phone,status'
const line = (n: number) => [testUscc(n), `公司${n}`, testResidentId(n), '13903131234', '存续'].join(',')

for (const dialect of testDialects()) {
  describe(`${dialect.name}: pool API`, () => {
    async function setup(env: Record<string, string> = {}) {
      const platform = await testPlatform(dialect, { env })
      await seedDemoIdentities(platform)
      await compileEntry(platform, await actAs(platform, 'sector-mr', 't'), sampleEntry())
      await submitEntry(platform, await actAs(platform, 'sector-mr', 't'), CODE)
      await reviewEntry(platform, await actAs(platform, 'bureau', 't'), CODE, 1, 'approve', undefined)
      const app = await testApp(platform)
      return { platform, app, token: await loginAs(app, 'src-mr') }
    }

    it('takes a multipart upload and answers with the version and its quality report', async () => {
      const { app, token } = await setup()
      const upload = multipartFile('entities.csv', [HEADER, line(1), line(2)].join('\n'))
      const response = await app.inject({ method: 'POST', url: `/api/v1/pool/resources/${CODE}/versions`, headers: { ...bearer(token), ...upload.headers }, payload: upload.payload })
      assert.equal(response.statusCode, 201, response.body)
      const version = response.json()
      assert.equal(version.status, 'current')
      assert.equal(version.rows.loaded, 2)
      const listed = await app.inject({ method: 'GET', url: `/api/v1/pool/resources/${CODE}/versions`, headers: bearer(token) })
      assert.equal(listed.json().versions.length, 1)
      const catalog = await app.inject({ method: 'GET', url: `/api/v1/catalog/resources/${CODE}`, headers: bearer(token) })
      assert.equal(catalog.json().poolVersionId, version.id)
    })

    it('refuses a file of unknown format, a missing file and a body that is not multipart, with 4xx', async () => {
      const { app, token } = await setup()
      const unknown = multipartFile('entities.xlsx', 'x')
      const r1 = await app.inject({ method: 'POST', url: `/api/v1/pool/resources/${CODE}/versions`, headers: { ...bearer(token), ...unknown.headers }, payload: unknown.payload })
      assert.equal(r1.statusCode, 400)
      assert.match(r1.json().error.message, /cannot tell the format/)
      const wrongField = multipartFile('entities.csv', HEADER, 'data')
      const r2 = await app.inject({ method: 'POST', url: `/api/v1/pool/resources/${CODE}/versions`, headers: { ...bearer(token), ...wrongField.headers }, payload: wrongField.payload })
      assert.equal(r2.statusCode, 400)
      const r3 = await app.inject({ method: 'POST', url: `/api/v1/pool/resources/${CODE}/versions`, headers: bearer(token), payload: { file: 'x' } })
      assert.equal(r3.statusCode, 400)
      const badColumns = multipartFile('entities.csv', 'a,b\n1,2\n')
      const r4 = await app.inject({ method: 'POST', url: `/api/v1/pool/resources/${CODE}/versions`, headers: { ...bearer(token), ...badColumns.headers }, payload: badColumns.payload })
      assert.equal(r4.statusCode, 400)
      assert.match(r4.json().error.message, /do not match the catalog entry/)
      const notParquet = multipartFile('entities.parquet', 'this is not parquet')
      const r5 = await app.inject({ method: 'POST', url: `/api/v1/pool/resources/${CODE}/versions`, headers: { ...bearer(token), ...notParquet.headers }, payload: notParquet.payload })
      assert.equal(r5.statusCode, 400)
    })

    it('answers 413 to an upload over the limit and keeps nothing of it', async () => {
      const { app, token, platform } = await setup({ SHUYU_UPLOAD_LIMIT_BYTES: '2048' })
      const big = multipartFile('entities.csv', [HEADER, ...Array.from({ length: 100 }, (_, i) => line(i))].join('\n'))
      const response = await app.inject({ method: 'POST', url: `/api/v1/pool/resources/${CODE}/versions`, headers: { ...bearer(token), ...big.headers }, payload: big.payload })
      assert.equal(response.statusCode, 413)
      assert.deepEqual(fs.readdirSync(path.join(platform.config.dataDir, 'staging')), [])
    })

    it('loads from the import directory for the operator, and never from outside it', async () => {
      const { app, platform } = await setup()
      const operator = await loginAs(app, 'operator')
      fs.mkdirSync(platform.config.importDir, { recursive: true })
      fs.writeFileSync(path.join(platform.config.importDir, 'entities.csv'), [HEADER, line(5)].join('\n'))
      const ok = await app.inject({ method: 'POST', url: `/api/v1/pool/resources/${CODE}/versions/from-path`, headers: bearer(operator), payload: { path: 'entities.csv' } })
      assert.equal(ok.statusCode, 201, ok.body)
      for (const hostile of ['../shuyu.sqlite', '/etc/passwd', '../../../../etc/passwd', 'entities.csv/../../master.key', '%2e%2e/x']) {
        const response = await app.inject({ method: 'POST', url: `/api/v1/pool/resources/${CODE}/versions/from-path`, headers: bearer(operator), payload: { path: hostile } })
        assert.equal(response.statusCode, 400, hostile)
      }
      fs.symlinkSync('/etc/passwd', path.join(platform.config.importDir, 'link.csv'))
      const link = await app.inject({ method: 'POST', url: `/api/v1/pool/resources/${CODE}/versions/from-path`, headers: bearer(operator), payload: { path: 'link.csv' } })
      assert.equal(link.statusCode, 400)
      assert.match(link.json().error.message, /leaves the import directory/)
    })
  })
}
