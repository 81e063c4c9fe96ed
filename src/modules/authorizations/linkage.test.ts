import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { api, DEMO_RESOURCE_CODES as R, seedAuthorizedWorld } from '../../../test/authorization.ts'
import { testDialects } from '../../../test/dialects.ts'
import { loginAs, testApp, testPlatform } from '../../../test/platform.ts'
import { seedDemoData } from '../demo/demo-world.ts'
import { classSizeCounts, isEntityAttribute, linkageK, linkageMeasures } from './linkage.ts'
import type { LinkageRisk, ResourceLinkage } from './linkage.service.ts'

describe('linkage measures', () => {
  it('counts uniques, small classes and both risks from class sizes', () => {
    // 20 entities: two uniques, a class of 3 and one of 15.
    const m = linkageMeasures(classSizeCounts([1, 1, 3, 15]), 10)
    assert.equal(m.entities, 20)
    assert.equal(m.classes, 4)
    assert.equal(m.uniques, 2)
    assert.equal(m.uniqueShare, 0.1)
    assert.equal(m.belowK, 5)
    assert.equal(m.belowKShare, 0.25)
    assert.equal(m.prosecutorRisk, 1)
    assert.equal(m.averageRisk, 0.2)
    assert.equal(m.level, 'high')
    assert.match(m.reasons[0]!, /10\.0% of entities \(2 of 20\)/)
  })

  it('is low when every class reaches k', () => {
    const m = linkageMeasures(classSizeCounts([10, 12, 40, 38]), 10)
    assert.equal(m.uniques, 0)
    assert.equal(m.belowK, 0)
    assert.equal(m.prosecutorRisk, 0.1)
    assert.equal(m.averageRisk, 0.04)
    assert.equal(m.level, 'low')
    assert.match(m.reasons[0]!, /smallest class holds 10 entities/)
  })

  it('is medium between the thresholds: 2% uniques, or over a fifth below k', () => {
    assert.equal(linkageMeasures([{ size: 1, classes: 2 }, { size: 98, classes: 1 }], 10).level, 'medium')
    assert.equal(linkageMeasures([{ size: 5, classes: 5 }, { size: 75, classes: 1 }], 10).level, 'medium')
    assert.equal(linkageMeasures([{ size: 5, classes: 11 }, { size: 45, classes: 1 }], 10).level, 'high')
  })

  it('treats no entities as nothing to single out', () => {
    const m = linkageMeasures([], 10)
    assert.deepEqual([m.entities, m.uniqueShare, m.prosecutorRisk, m.averageRisk, m.level], [0, 0, 0, 0, 'low'])
  })

  it('measures against 10 when the workspace sets no minimum of distinct entities', () => {
    assert.equal(linkageK(0), 10)
    assert.equal(linkageK(25), 25)
  })

  it('takes a column as an entity attribute when constant for at least 95% of entities', () => {
    assert.equal(isEntityAttribute(95, 100), true)
    assert.equal(isEntityAttribute(94, 100), false)
    assert.equal(isEntityAttribute(0, 0), true)
  })
})

const computed = (risk: LinkageRisk, code: string): Extract<ResourceLinkage, { status: 'computed' }> => {
  const resource = risk.resources.find((r) => r.resourceCode === code)
  assert.ok(resource?.status === 'computed', `${code} computed: ${JSON.stringify(resource)}`)
  return resource
}

for (const dialect of testDialects()) {
  describe(`${dialect.name}: GET /api/v1/agreements/:id/linkage-risk`, () => {
    let app: FastifyInstance
    let agreementId: string

    before(async () => {
      const platform = await testPlatform(dialect)
      await seedAuthorizedWorld(platform)
      await seedDemoData(platform, { scale: 0.05, seed: 3 })
      app = await testApp(platform)
      const { body } = await api(app, await loginAs(app, 'operator')).get('/api/v1/agreements')
      agreementId = body.agreements.find((a: { workspace: { id: string } }) => a.workspace.id === 'fin-credit').id
    })

    it('shows the operator each resource’s risk and what combining them adds', async () => {
      const { status, body } = await api(app, await loginAs(app, 'operator')).get(`/api/v1/agreements/${agreementId}/linkage-risk`)
      assert.equal(status, 200, JSON.stringify(body))
      const risk = body as LinkageRisk
      assert.equal(risk.workspaceId, 'fin-credit')
      assert.equal(risk.k, 10)
      assert.equal(risk.resources.length, 5)

      const entities = computed(risk, R.market_entities)
      assert.equal(entities.entityColumn, 'uscc')
      assert.equal(entities.rows, entities.measures.entities, 'one row per market entity')
      for (const column of ['district_code', 'industry_code', 'status', 'established_on']) assert.ok(entities.quasiIdentifiers.includes(column), column)
      assert.ok(!entities.quasiIdentifiers.includes('name'), 'an identifier is never a quasi-identifier')
      // A founding date next to district and industry leaves most entities alone in their class.
      assert.ok(entities.measures.uniqueShare > 0.05, `uniques ${entities.measures.uniqueShare}`)
      assert.equal(entities.measures.level, 'high')
      assert.equal(entities.measures.prosecutorRisk, 1)

      // Monthly series vary within the entity: left out of the combination, and said so.
      const electricity = computed(risk, R.electricity_usage)
      assert.ok(electricity.rows > electricity.measures.entities, 'many rows per entity')
      assert.ok(electricity.excluded.includes('kwh') && electricity.excluded.includes('month'), JSON.stringify(electricity.excluded))
      assert.equal(computed(risk, R.social_insurance).entityColumn, 'employer_uscc')

      assert.ok(risk.combined)
      assert.equal(risk.combined.resources.length, 5)
      assert.ok(risk.combined.measures.entities >= entities.measures.entities)
      for (const r of risk.resources) {
        if (r.status === 'computed') assert.ok(risk.combined.measures.uniqueShare >= r.measures.uniqueShare, `combined vs ${r.table}`)
      }
      assert.ok(risk.combined.quasiIdentifiers.includes('market_entities.established_on'))
      assert.equal(risk.level, 'high')
      assert.ok(risk.combined.measures.reasons.length > 0)
    })

    it('shows the developer party too, and no one else', async () => {
      const developer = await api(app, await loginAs(app, 'fintech')).get(`/api/v1/agreements/${agreementId}/linkage-risk`)
      assert.equal(developer.status, 200)
      assert.equal(developer.body.agreementId, agreementId)
      const bank = await api(app, await loginAs(app, 'bank')).get(`/api/v1/agreements/${agreementId}/linkage-risk`)
      assert.equal(bank.status, 404)
    })
  })
}
