import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadPolicyPack } from '../policy/policy-pack.ts'
import { assertCriteria, scoreTotal } from '../scenarios/scenario.ts'
import {
  assertAgreementTransition,
  assertClausesComplete,
  assertOperatorQualified,
  assertRenewalWindow,
  assertTerm,
  assertTerminationGround,
  canAgreementTransition,
  dayAfter,
  daysBetween,
  OPERATOR_QUALIFICATIONS,
  termEndAfter,
} from './authorization.ts'

const pack = loadPolicyPack()
const rule = (id: string) => ({ rule: id })

describe('agreement terms (art. 17)', () => {
  it('counts a term from its first day to its last, inclusive', () => {
    assert.equal(termEndAfter('2026-12-01', 36), '2029-11-30')
    assert.equal(termEndAfter('2026-11-27', 36), '2029-11-26')
    // A term starting on the 31st ends the day before the 31st (or the month's end) 36 months on.
    assert.equal(termEndAfter('2027-01-31', 1), '2027-02-27')
    assert.equal(termEndAfter('2028-02-29', 12), '2029-02-27')
  })

  it('accepts 36 months to the day and refuses one day more', () => {
    assert.doesNotThrow(() => assertTerm(pack, '2026-12-01', '2029-11-30'))
    assert.throws(() => assertTerm(pack, '2026-12-01', '2029-12-01'), rule('art17.term-max'))
    assert.throws(() => assertTerm(pack, '2026-12-01', termEndAfter('2026-12-01', 37)), rule('art17.term-max'))
    assert.throws(() => assertTerm(pack, '2026-12-01', '2026-11-30'), { name: 'InputError' })
  })

  it('opens renewal exactly 3 months before the term ends', () => {
    assert.throws(() => assertRenewalWindow(pack, '2029-11-30', '2029-08-31'), rule('art17.renewal-window'))
    assert.doesNotThrow(() => assertRenewalWindow(pack, '2029-11-30', '2029-09-01'))
    assert.doesNotThrow(() => assertRenewalWindow(pack, '2029-11-30', '2029-11-30'))
    assert.throws(() => assertRenewalWindow(pack, '2029-11-30', '2029-12-01'), { name: 'ConflictError' })
    assert.throws(() => assertRenewalWindow(pack, '2029-11-30', '2029-07-30'), rule('art17.renewal-window'))
  })

  it('does date arithmetic on calendar days', () => {
    assert.equal(dayAfter('2028-02-28'), '2028-02-29')
    assert.equal(dayAfter('2026-12-31'), '2027-01-01')
    assert.equal(daysBetween('2026-11-27', '2026-12-07'), 10)
  })
})

describe('agreement clauses and states', () => {
  it('names every missing clause of art. 16, blank ones included', () => {
    const clauses = Object.fromEntries(pack.params.requiredAgreementClauses.map((c) => [c, 'text']))
    assert.doesNotThrow(() => assertClausesComplete(pack, clauses))
    assert.throws(() => assertClausesComplete(pack, { ...clauses, exit: '  ', liability: '' }), (error: Error & { rule: string }) => {
      assert.equal(error.rule, 'art16.agreement-clauses')
      assert.match(error.message, /exit, liability/)
      return true
    })
  })

  it('moves only along the lifecycle: draft → filed → active ⇄ suspended → terminated | expired', () => {
    assert.ok(canAgreementTransition('draft', 'filed'))
    assert.ok(canAgreementTransition('filed', 'draft'), 'the office objects')
    assert.ok(canAgreementTransition('suspended', 'active'))
    assert.ok(!canAgreementTransition('draft', 'active'), 'never without filing')
    assert.ok(!canAgreementTransition('terminated', 'active'))
    assert.ok(!canAgreementTransition('expired', 'active'))
    assert.throws(() => assertAgreementTransition('terminated', 'suspended'), { name: 'ConflictError' })
  })

  it('terminates only on the grounds of art. 35, a poor evaluation only after a warning', () => {
    assert.doesNotThrow(() => assertTerminationGround(pack, 'security-incident', undefined))
    assert.throws(() => assertTerminationGround(pack, 'convenience', undefined), rule('art35.unilateral-termination'))
    assert.throws(() => assertTerminationGround(pack, 'poor-evaluation-after-warning', undefined), rule('art35.warning-before-termination'))
    assert.doesNotThrow(() => assertTerminationGround(pack, 'poor-evaluation-after-warning', '2027-03-01'))
  })
})

describe('the operator’s qualifications (art. 12)', () => {
  const all = Object.fromEntries(OPERATOR_QUALIFICATIONS.map((q) => [q, { met: true, evidence: 'e' }])) as Parameters<typeof assertOperatorQualified>[1]

  it('needs all five conditions and no incident in the last 3 years', () => {
    assert.doesNotThrow(() => assertOperatorQualified(pack, all, null, '2026-11-27'))
    assert.doesNotThrow(() => assertOperatorQualified(pack, all, '2023-11-27', '2026-11-27'))
    assert.throws(() => assertOperatorQualified(pack, all, '2023-11-28', '2026-11-27'), rule('art12.operator-qualifications'))
    assert.throws(() => assertOperatorQualified(pack, { ...all, capability: { met: false, evidence: 'e' } }, null, '2026-11-27'), /具备授权运营资金/)
  })
})

describe('scoring by published criteria (art. 13(5))', () => {
  const criteria = [
    { name: 'plan', weight: 60, description: '' },
    { name: 'security', weight: 40, description: '' },
  ]

  it('totals the scores, each within its weight, every criterion once', () => {
    assert.equal(scoreTotal(criteria, [{ criterion: 'plan', score: 55.5, reason: 'r' }, { criterion: 'security', score: 30, reason: 'r' }]), 85.5)
    assert.throws(() => scoreTotal(criteria, [{ criterion: 'plan', score: 61, reason: 'r' }, { criterion: 'security', score: 1, reason: 'r' }]), /at most 60/)
    assert.throws(() => scoreTotal(criteria, [{ criterion: 'plan', score: 1, reason: 'r' }]), /missing: security/)
    assert.throws(() => scoreTotal(criteria, [{ criterion: 'looks', score: 1, reason: 'r' }]), /not a published criterion/)
    assert.throws(() => scoreTotal(criteria, [{ criterion: 'plan', score: 1, reason: 'r' }, { criterion: 'plan', score: 1, reason: 'r' }]), /twice/)
  })

  it('publishes criteria whose weights total 100', () => {
    assert.doesNotThrow(() => assertCriteria(criteria))
    assert.throws(() => assertCriteria([{ name: 'a', weight: 50, description: '' }]), /50, not 100/)
  })
})
