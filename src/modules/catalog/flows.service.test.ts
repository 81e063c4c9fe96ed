import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { sampleEntry, testResidentId, testUscc } from '../../../test/catalog.ts'
import { testDialects } from '../../../test/dialects.ts'
import { testPlatform } from '../../../test/platform.ts'
import { seedDemoIdentities } from '../demo/demo-identities.ts'
import { actAs } from '../identity/identity.service.ts'
import { loadVersion } from '../pool/pool.service.ts'
import type { CatalogResourceInput } from './catalog.ts'
import { compileEntry, reviewEntry, submitEntry } from './catalog.service.ts'
import { duplicateCollection, resolveDuplicate } from './collection.service.ts'
import { assertSharedDataConsent, decideReturnFlow, recordConsent, requestReturnFlow, returnFlows } from './flows.service.ts'

const usage: CatalogResourceInput = {
  ...sampleEntry(),
  code: '130700-DL-0001',
  tableName: 'electricity_usage',
  name: '企业用电信息',
  providerOrgId: 'org-src-power',
  fields: [
    { ...sampleEntry().fields[0]!, collectingOrgId: 'org-src-power', key: false },
    { ...sampleEntry().fields[4]!, name: 'kwh', title: '用电量', dataType: 'decimal', codeList: undefined, collectingOrgId: 'org-src-power' },
  ],
}

function file(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-flow-'))
  const f = path.join(dir, 'data.csv')
  fs.writeFileSync(f, lines.join('\n'))
  return f
}

for (const dialect of testDialects()) {
  describe(`${dialect.name}: collection responsibility, return flow, consent`, () => {
    async function setup(entries: CatalogResourceInput[]) {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      const sector = await actAs(platform, 'sector-mr', 't')
      const bureau = await actAs(platform, 'bureau', 't')
      for (const entry of entries) {
        await compileEntry(platform, sector, entry)
        await submitEntry(platform, sector, entry.code)
        await reviewEntry(platform, bureau, entry.code, 1, 'approve', undefined)
      }
      return { platform, bureau }
    }

    it('lists a field collected by two units with its value overlap, and records the bureau\'s resolution (art. 8)', async () => {
      const { platform, bureau } = await setup([sampleEntry(), usage])
      const ids = Array.from({ length: 20 }, (_, i) => testUscc(i))
      await loadVersion(platform, await actAs(platform, 'src-mr', 't'), '130700-SCJG-0001', {
        file: file(['uscc,name,legal_rep_id,legal_rep_phone,status', ...ids.map((u, i) => [u, `公司${i}`, testResidentId(i), '13903131234', '存续'].join(','))]),
        format: 'csv',
        kind: 'upload',
        name: 'a.csv',
      })
      await loadVersion(platform, await actAs(platform, 'src-power', 't'), '130700-DL-0001', {
        file: file(['uscc,kwh', ...ids.slice(0, 10).map((u) => `${u},100`)]),
        format: 'csv',
        kind: 'upload',
        name: 'b.csv',
      })
      const candidates = await duplicateCollection(platform, bureau)
      const pair = candidates.find((c) => c.a.field === 'uscc' && c.b.field === 'uscc')
      assert.ok(pair, JSON.stringify(candidates))
      assert.equal(pair.a.resource, '130700-DL-0001')
      assert.equal(pair.overlap, 1)
      assert.ok(pair.reasons.includes('same field name'))
      await resolveDuplicate(platform, bureau, { a: '130700-SCJG-0001.uscc', b: '130700-DL-0001.uscc', resolution: 'reference', note: '用电信息以统一社会信用代码关联市场主体' })
      const after = await duplicateCollection(platform, bureau)
      assert.equal(after.find((c) => c.a.field === 'uscc')?.resolution?.kind, 'reference')
      await assert.rejects(resolveDuplicate(platform, bureau, { a: '130700-DL-0001.uscc', b: '130700-SCJG-0001.uscc', resolution: 'reference', note: 'again' }), { name: 'ConflictError' })
      await assert.rejects(duplicateCollection(platform, await actAs(platform, 'fintech', 't')), { name: 'NotAllowedError' })
    })

    it('records a return flow a department asks for and the bureau grants (art. 10)', async () => {
      const { platform, bureau } = await setup([sampleEntry()])
      const county = await actAs(platform, 'src-power', 't')
      const request = await requestReturnFlow(platform, county, { resourceCode: '130700-SCJG-0001', purpose: '辖区企业用电分析', fields: ['uscc', 'status'] })
      assert.equal(request.status, 'requested')
      await assert.rejects(requestReturnFlow(platform, await actAs(platform, 'fintech', 't'), { resourceCode: '130700-SCJG-0001', purpose: 'x', fields: ['uscc'] }), { rule: 'art10.return-flow' })
      await assert.rejects(requestReturnFlow(platform, county, { resourceCode: '130700-SCJG-0001', purpose: 'x', fields: ['secret'] }), { name: 'InputError' })
      await assert.rejects(decideReturnFlow(platform, county, request.id, 'approve', 'self'), { name: 'NotAllowedError' })
      const granted = await decideReturnFlow(platform, bureau, request.id, 'approve', '同意回流')
      assert.equal(granted.status, 'approved')
      await assert.rejects(decideReturnFlow(platform, bureau, request.id, 'reject', 'late'), { name: 'ConflictError' })
      assert.equal((await returnFlows(platform, county)).length, 1)
      assert.equal((await returnFlows(platform, await actAs(platform, 'src-water', 't'))).length, 0)
    })

    it('lets shared data into authorizations only with its provider\'s recorded consent (art. 15)', async () => {
      const shared = sampleEntry({ code: '130700-GX-0001', tableName: 'shared_entities', sharedFrom: { provider: '河北省市场监督管理局', region: '河北省' } })
      const { platform, bureau } = await setup([sampleEntry(), shared])
      await assertSharedDataConsent(platform.store.db, '130700-SCJG-0001', '2026-11-27')
      await assert.rejects(assertSharedDataConsent(platform.store.db, '130700-GX-0001', '2026-11-27'), { rule: 'art15.shared-data-consent' })
      await assert.rejects(recordConsent(platform, bureau, '130700-GX-0001', { provider: '某其他单位', scope: '授权运营', evidence: '冀市监函〔2026〕1号' }), { name: 'InputError' })
      await recordConsent(platform, bureau, '130700-GX-0001', { provider: '河北省市场监督管理局', scope: '用于普惠金融场景', evidence: '冀市监函〔2026〕12号', validUntil: '2027-12-31' })
      await assertSharedDataConsent(platform.store.db, '130700-GX-0001', '2026-11-27')
      await assert.rejects(assertSharedDataConsent(platform.store.db, '130700-GX-0001', '2028-01-01'), { rule: 'art15.shared-data-consent' })
    })
  })
}
