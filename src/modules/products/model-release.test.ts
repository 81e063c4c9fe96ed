import assert from 'node:assert/strict'
import { CREDIT_FEATURES, creditDataset } from '../../../test/credit-data.ts'
import { describe, it } from 'node:test'
import { InputError } from '../../platform/errors.ts'
import { seededRandom, trainModel, type DataRow } from './model.ts'
import {
  RELEASE_RULE,
  assessRelease,
  checkInstanceBased,
  judgeMembershipInference,
  mannWhitney,
  normalUpperTail,
  type ReleaseAssessment,
  type ReleaseCheck,
} from './model-release.ts'


function finding(assessment: ReleaseAssessment, check: ReleaseCheck): { status: string; detail: string } {
  const f = assessment.findings.find((x) => x.check === check)
  assert.ok(f, `no ${check} finding`)
  return f
}

/** n rows of k uniform features and a noisy linear target. */
function wideRows(n: number, k: number, seed: number): DataRow[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => {
    const row: Record<string, number> = {}
    let y = 0
    for (let j = 0; j < k; j++) {
      row[`x${j}`] = random() * 2 - 1
      y += (j + 1) * row[`x${j}`]!
    }
    row.y = y + random() - 0.5
    return row
  })
}

/** n rows of k noise features and a coin-flip label: anything a model learns is memorised. */
function noiseRows(n: number, k: number, seed: number): DataRow[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => {
    const row: Record<string, number> = {}
    for (let j = 0; j < k; j++) row[`x${j}`] = random() * 2 - 1
    row.y = random() < 0.5 ? 1 : 0
    return row
  })
}

const features = (k: number): string[] => Array.from({ length: k }, (_, j) => `x${j}`)

describe('residual degrees of freedom', () => {
  it('refuses a model of 12 parameters trained on 15 rows (the acceptance case of issue 7)', () => {
    const rows = wideRows(15, 11, 1)
    const model = trainModel('linear', { rows, target: 'y', features: features(11) }, { seed: 1, testShare: 0 })
    assert.equal(model.parameters, 12)
    assert.equal(model.trainedOn.trainRows, 15)
    const assessment = assessRelease(model, rows)
    assert.equal(assessment.releasable, false)
    assert.equal(assessment.rule, RELEASE_RULE)
    const dof = finding(assessment, 'residual-dof')
    assert.equal(dof.status, 'fail')
    assert.match(dof.detail, /15 training rows − 12 parameters = 3 residual degrees of freedom, fewer than 10: train on at least 7 more rows/)
  })

  it('vector 5.3: 22 parameters on 30 rows (DoF 8) is a risk, on 32 rows (DoF 10) is not', () => {
    for (const [rows, status] of [[30, 'fail'], [32, 'pass']] as const) {
      const data = wideRows(rows, 21, 2)
      const model = trainModel('linear', { rows: data, target: 'y', features: features(21) }, { seed: 1, testShare: 0 })
      assert.equal(model.parameters, 22)
      assert.equal(finding(assessRelease(model, data, { repetitions: 1 }), 'residual-dof').status, status, `${rows} rows`)
    }
  })
})

describe('membership inference', () => {
  it('vector 5.5: significant AUCs with mean 0.70 in more than 10% of the repetitions are flagged', () => {
    const quiet = { auc: 0.51, pValue: 0.4 }
    const reps = [{ auc: 0.68, pValue: 0.01 }, { auc: 0.72, pValue: 0.001 }, ...Array(8).fill(quiet)]
    const verdict = judgeMembershipInference(reps)
    assert.equal(verdict.flagged, true)
    assert.equal(verdict.shareSignificant, 0.2)
    assert.ok(Math.abs(verdict.meanSignificantAuc! - 0.7) < 1e-12)
    // one in ten is not more than 10%, but its AUC of 0.70 is above 0.65
    assert.equal(judgeMembershipInference([{ auc: 0.7, pValue: 0.01 }, ...Array(9).fill(quiet)]).flagged, true)
    // one in ten at a low AUC passes; none significant passes
    assert.equal(judgeMembershipInference([{ auc: 0.6, pValue: 0.01 }, ...Array(9).fill(quiet)]).flagged, false)
    assert.equal(judgeMembershipInference(Array(10).fill(quiet)).flagged, false)
    // two in ten at a low AUC: 20% significant is flagged
    assert.equal(judgeMembershipInference([{ auc: 0.55, pValue: 0.04 }, { auc: 0.55, pValue: 0.04 }, ...Array(8).fill(quiet)]).flagged, true)
  })

  it('computes the one-sided Mann–Whitney p-value by the normal approximation', () => {
    assert.ok(Math.abs(normalUpperTail(1.6448536269514722) - 0.05) < 1e-6)
    assert.ok(Math.abs(normalUpperTail(0) - 0.5) < 1e-7)
    assert.ok(Math.abs(normalUpperTail(-1.959963984540054) - 0.975) < 1e-6)
    // 10 against 10, fully separated: U = 100, z = (100 − 50 − 0.5)/√175
    const separated = mannWhitney([...Array(10).keys()].map((i) => i + 10).concat([...Array(10).keys()]), [...Array(10).fill(1), ...Array(10).fill(0)])
    assert.equal(separated.auc, 1)
    assert.ok(Math.abs(separated.pValue - normalUpperTail(49.5 / Math.sqrt(175))) < 1e-12)
    assert.ok(separated.pValue < 1e-3)
    const tied = mannWhitney([1, 1, 1, 1], [1, 1, 0, 0])
    assert.deepEqual(tied, { auc: 0.5, pValue: 1 })
  })

  it('flags a logistic model of 20 noise features on 120 rows though its DoF passes', () => {
    const rows = noiseRows(120, 20, 3)
    const model = trainModel('logistic', { rows, target: 'y', features: features(20) }, { seed: 1 })
    const assessment = assessRelease(model, rows)
    assert.equal(assessment.releasable, false)
    assert.equal(finding(assessment, 'residual-dof').status, 'pass')
    const mia = finding(assessment, 'membership-inference')
    assert.equal(mia.status, 'fail')
    const [, meanAuc, share] = /mean attack AUC ([\d.]+), (\d+)% significant/.exec(mia.detail)!
    assert.ok(Number(meanAuc) > 0.6 && Number(share) > 10, mia.detail)
    assert.match(mia.detail, /more rows, use fewer features/)
  })

  it('fails, saying so, when the model cannot be refit on half its rows', () => {
    const rows = wideRows(15, 11, 1)
    const model = trainModel('linear', { rows, target: 'y', features: features(11) }, { seed: 1, testShare: 0 })
    const mia = finding(assessRelease(model, rows), 'membership-inference')
    assert.equal(mia.status, 'fail')
    assert.match(mia.detail, /could not retrain the model on half of the 15 rows/)
  })
})

describe('a credit scorecard of 2,000 enterprises', () => {
  const rows = creditDataset(2000, 1)
  const model = trainModel('scorecard', { rows, target: 'defaulted', features: CREDIT_FEATURES }, { seed: 11 })
  const assessment = assessRelease(model, rows)

  it('is releasable: every check passes', () => {
    assert.deepEqual(
      assessment.findings.map((f) => [f.check, f.status]),
      [
        ['residual-dof', 'pass'],
        ['bin-size', 'pass'],
        ['instance-based', 'pass'],
        ['k-anonymity-of-predictions', 'pass'],
        ['membership-inference', 'pass'],
      ],
    )
    assert.equal(assessment.releasable, true)
    assert.match(finding(assessment, 'membership-inference').detail, /^10 repetitions, mean attack AUC 0\.[45]\d+/)
    // the seeded split is replayed: the 400 test rows are not counted as training rows
    assert.match(finding(assessment, 'k-anonymity-of-predictions').detail, /step 10, .* over 1600 training rows; each is shared by at least 10 rows/)
  })

  it('is assessed deterministically for a seed', () => {
    assert.deepEqual(assessRelease(model, rows), assessment)
  })

  it('fails k-anonymity when the score is released at single points', () => {
    const fine = trainModel('scorecard', { rows, target: 'defaulted', features: CREDIT_FEATURES, options: { outputStep: 1 } }, { seed: 11 })
    const k = finding(assessRelease(fine, rows, { repetitions: 1 }), 'k-anonymity-of-predictions')
    assert.equal(k.status, 'fail')
    assert.match(k.detail, /of them are shared by fewer than 10 rows .*a larger outputStep/)
  })
})

describe('a scorecard with a bin of 3 rows', () => {
  it('is not releasable, and the bin-size finding says to use coarser bins', () => {
    const random = seededRandom(8)
    const rows = Array.from({ length: 60 }, (_, i) => ({
      region: i < 3 ? 'island' : i % 2 ? 'north' : 'south',
      bad: i < 3 ? i % 2 : random() < 0.4 ? 1 : 0,
    }))
    const model = trainModel('scorecard', { rows, target: 'bad', features: ['region'], options: { minBinSize: 1 } }, { seed: 1, testShare: 0 })
    const assessment = assessRelease(model, rows, { repetitions: 2 })
    assert.equal(assessment.releasable, false)
    const bins = finding(assessment, 'bin-size')
    assert.equal(bins.status, 'fail')
    assert.match(bins.detail, /1 of 3 bins hold fewer than 10 training rows: region island \(3\); use coarser bins/)
  })
})

describe('instance-based models', () => {
  it('pass for the three parametric kinds and fail for a kind that stores its training rows', () => {
    for (const kind of ['linear', 'logistic', 'scorecard']) assert.equal(checkInstanceBased(kind).status, 'pass')
    assert.equal(checkInstanceBased('knn').status, 'fail')
  })
})

describe('assessRelease input', () => {
  it('refuses a bad repetition count', () => {
    const rows = wideRows(40, 2, 1)
    const model = trainModel('linear', { rows, target: 'y', features: features(2) }, { seed: 1 })
    assert.throws(() => assessRelease(model, rows, { repetitions: 0 }), InputError)
  })
})
