import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sampleEntry } from '../../../test/catalog.ts'
import { testDialects } from '../../../test/dialects.ts'
import { testPlatform } from '../../../test/platform.ts'
import { seedDemoIdentities } from '../demo/demo-identities.ts'
import { actAs } from '../identity/identity.service.ts'
import { resourceGrade } from './catalog.ts'
import { catalogEntries, compileEntry, publishedCatalog, publishedResource, reviewEntry, submitEntry } from './catalog.service.ts'

describe('grading', () => {
  it('takes the highest level of the fields (就高从严)', () => {
    assert.deepEqual(resourceGrade([{ level: 'general', grade: 2 }, { level: 'general', grade: 4 }]), { level: 'general', grade: 4 })
    assert.deepEqual(resourceGrade([{ level: 'general', grade: 4 }, { level: 'important', grade: null }]), { level: 'important', grade: null })
    assert.deepEqual(resourceGrade([{ level: 'core', grade: null }, { level: 'important', grade: null }]), { level: 'core', grade: null })
  })
})

for (const dialect of testDialects()) {
  describe(`${dialect.name}: catalog workflow`, () => {
    async function setup() {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      return {
        platform,
        sector: await actAs(platform, 'sector-mr', 'test'),
        bureau: await actAs(platform, 'bureau', 'test'),
        fintech: await actAs(platform, 'fintech', 'test'),
      }
    }

    it('goes compile → submit → review → published, graded, with suggestions for missing tags', async () => {
      const { platform, sector, bureau } = await setup()
      const draft = await compileEntry(platform, sector, sampleEntry())
      assert.equal(draft.status, 'draft')
      assert.deepEqual(draft.suggestions, [{ field: 'legal_rep_phone', tags: ['phone'] }])
      assert.equal((await publishedCatalog(platform)).length, 0, 'nothing published before review')
      await submitEntry(platform, sector, draft.code)
      const returned = await reviewEntry(platform, bureau, draft.code, 1, 'return', '手机号应标注为敏感个人信息')
      assert.equal(returned.status, 'returned')
      const entry = sampleEntry()
      const fixed = { ...entry, fields: entry.fields.map((f) => (f.name === 'legal_rep_phone' ? { ...f, personalInfo: ['phone' as const] } : f)) }
      const again = await compileEntry(platform, sector, fixed)
      assert.equal(again.version, 1, 'a returned version is edited in place')
      await submitEntry(platform, sector, draft.code)
      await reviewEntry(platform, bureau, draft.code, 1, 'approve', undefined)
      const resource = await publishedResource(platform, draft.code)
      assert.equal(resource.level, 'general')
      assert.equal(resource.grade, 4)
      assert.equal(resource.gradeLabel, '一般数据 4级')
      assert.equal(resource.sensitive, true)
      assert.deepEqual(resource.fields.filter((f) => f.sensitive).map((f) => f.name), ['legal_rep_id', 'legal_rep_phone'])
      const events = await platform.store.db.selectFrom('audit_entries').select('event_type').where('event_type', 'like', 'catalog.%').orderBy('seq').execute()
      assert.deepEqual(events.map((e) => e.event_type), ['catalog.compile', 'catalog.submit', 'catalog.review', 'catalog.compile', 'catalog.submit', 'catalog.review'])
    })

    it('keeps the published version while the next one is under review', async () => {
      const { platform, sector, bureau } = await setup()
      await compileEntry(platform, sector, sampleEntry())
      await submitEntry(platform, sector, '130700-SCJG-0001')
      await reviewEntry(platform, bureau, '130700-SCJG-0001', 1, 'approve', undefined)
      const next = await compileEntry(platform, sector, sampleEntry({ name: '市场主体登记信息（第二版）' }))
      assert.equal(next.version, 2)
      await submitEntry(platform, sector, '130700-SCJG-0001')
      assert.equal((await publishedResource(platform, '130700-SCJG-0001')).name, '市场主体登记信息')
      await assert.rejects(compileEntry(platform, sector, sampleEntry()), { name: 'ConflictError' })
      await reviewEntry(platform, bureau, '130700-SCJG-0001', 2, 'approve', undefined)
      assert.equal((await publishedResource(platform, '130700-SCJG-0001')).publishedVersion, 2)
    })

    it('refuses compiling by others, reviewing by non-bureau, returns without comments, and unknown units', async () => {
      const { platform, sector, bureau, fintech } = await setup()
      await assert.rejects(compileEntry(platform, fintech, sampleEntry()), { name: 'NotAllowedError' })
      await assert.rejects(compileEntry(platform, sector, sampleEntry({ providerOrgId: 'org-fintech' })), { name: 'InputError' })
      await compileEntry(platform, sector, sampleEntry())
      await submitEntry(platform, sector, '130700-SCJG-0001')
      await assert.rejects(reviewEntry(platform, sector, '130700-SCJG-0001', 1, 'approve', undefined), { name: 'NotAllowedError' })
      await assert.rejects(reviewEntry(platform, fintech, '130700-SCJG-0001', 1, 'approve', undefined), { name: 'NotFoundError' })
      await assert.rejects(reviewEntry(platform, bureau, '130700-SCJG-0001', 1, 'return', undefined), { name: 'InputError' })
      await assert.rejects(catalogEntries(platform, fintech, {}), { name: 'NotAllowedError' })
      assert.equal((await catalogEntries(platform, bureau, { status: 'submitted' })).length, 1)
    })

    it('marks excluded data non-authorizable (art. 15)', async () => {
      const { platform, sector, bureau } = await setup()
      await compileEntry(platform, sector, sampleEntry({ exclusion: { reason: 'trade-secret', note: '含企业商业秘密' } }))
      await submitEntry(platform, sector, '130700-SCJG-0001')
      await reviewEntry(platform, bureau, '130700-SCJG-0001', 1, 'approve', undefined)
      assert.equal((await publishedResource(platform, '130700-SCJG-0001')).authorizable, false)
    })
  })
}
