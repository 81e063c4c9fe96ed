import assert from 'node:assert/strict'
import { CREDIT_FEATURES, creditDataset } from '../../../test/credit-data.ts'
import { describe, it } from 'node:test'
import { InputError } from '../../platform/errors.ts'
import {
  auc,
  ks,
  niceCut,
  rawScore,
  scoreModel,
  seededRandom,
  trainModel,
  type DataRow,
  type ScorecardModel,
} from './model.ts'


function linearRows(n: number, seed: number, noise = 0): DataRow[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => {
    const x1 = random() * 10
    const x2 = random() * 100 - 50
    const x3 = random() < 0.5 ? 1 : 0
    return { x1, x2, x3, y: 3 + 2 * x1 - 0.5 * x2 + 0.25 * x3 + noise * (random() - 0.5) }
  })
}

function logisticRows(n: number, seed: number): DataRow[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => {
    const a = random() * 4 - 2
    const b = random() * 4 - 2
    const c = random() * 4 - 2
    const p = 1 / (1 + Math.exp(-(0.5 + 2.5 * a - 2 * b + 0 * c)))
    return { a, b, c, y: random() < p ? 1 : 0 }
  })
}

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const take = (seed: number): number[] => Array.from({ length: 5 }, seededRandom(seed))
    assert.deepEqual(take(42), take(42))
    assert.notDeepEqual(take(42), take(43))
    const r = seededRandom(1)
    for (let i = 0; i < 10_000; i++) {
      const v = r()
      assert.ok(v >= 0 && v < 1)
    }
  })
})

describe('auc and ks', () => {
  it('computes AUC with ties as the hand count of pairs (ties count one half)', () => {
    // positives 0.4, 0.8, 0.9 against negatives 0.1, 0.4, 0.8: 1.5 + 2.5 + 3 = 7 of 9 pairs
    assert.equal(auc([0.1, 0.4, 0.4, 0.8, 0.8, 0.9], [0, 0, 1, 0, 1, 1]), 7 / 9)
    assert.equal(auc([1, 1, 1], [0, 1, 1]), 0.5)
    assert.equal(auc([1, 2], [1, 1]), null)
  })

  it('computes KS on a small example, keeping ties together', () => {
    // CDF gaps after each score: 1/3, 2/3, 1/3, 2/3, 1/3, 0
    assert.ok(Math.abs(ks([1, 2, 3, 4, 5, 6], [0, 0, 1, 0, 1, 1])! - 2 / 3) < 1e-12)
    // 2 and 2 are tied: the gap is read only after both
    assert.equal(ks([1, 2, 2, 3], [0, 0, 1, 1]), 0.5)
    assert.equal(ks([1, 2, 3, 4], [0, 0, 1, 1]), 1)
  })
})

describe('niceCut', () => {
  it('picks the shortest decimal between two neighbouring values', () => {
    assert.equal(niceCut(9, 10), 10)
    assert.equal(niceCut(81, 83), 82)
    assert.equal(niceCut(0.0613, 0.0627), 0.062)
    assert.equal(niceCut(-0.108, -0.106), -0.107)
    assert.equal(niceCut(1234, 5678), 2000)
  })
})

describe('linear regression', () => {
  it('recovers the coefficients of exactly linear data', () => {
    const model = trainModel('linear', { rows: linearRows(60, 1), target: 'y', features: ['x1', 'x2', 'x3'] }, { seed: 1 })
    assert.equal(model.kind, 'linear')
    if (model.kind !== 'linear') return
    assert.ok(Math.abs(model.intercept.estimate - 3) < 1e-9)
    const expected = [2, -0.5, 0.25]
    model.coefficients.forEach((c, j) => assert.ok(Math.abs(c.estimate - expected[j]!) < 1e-9, `${c.feature} ${c.estimate}`))
    assert.ok(model.metrics.train.r2! > 1 - 1e-12)
    assert.ok(model.metrics.train.rmse < 1e-9)
    assert.ok(model.metrics.test!.rmse < 1e-9)
    assert.equal(model.parameters, 4)
    assert.deepEqual(model.trainedOn, { rows: 60, dropped: 0, trainRows: 48, testRows: 12 })
    // released on a step of a power of ten near a twentieth of the prediction range (here 1)
    assert.equal(model.output.step, 1)
    assert.equal(scoreModel(model, { x1: 1, x2: 2, x3: 1 }).prediction, 4)
    const finer = trainModel('linear', { rows: linearRows(60, 1), target: 'y', features: ['x1', 'x2', 'x3'], options: { outputStep: 0.05 } }, { seed: 1 })
    assert.equal(scoreModel(finer, { x1: 1, x2: 2, x3: 1 }).prediction, 4.25)
  })

  it('matches the textbook figures of a five-point regression, standard errors included', () => {
    const rows = [1, 2, 3, 4, 5].map((x, i) => ({ x, y: [2, 4, 5, 4, 5][i]! }))
    const model = trainModel('linear', { rows, target: 'y', features: ['x'] }, { seed: 1, testShare: 0 })
    if (model.kind !== 'linear') return assert.fail()
    const close = (a: number | null, b: number): void => assert.ok(Math.abs(a! - b) < 1e-9, `${a} ≠ ${b}`)
    close(model.coefficients[0]!.estimate, 0.6)
    close(model.intercept.estimate, 2.2)
    close(model.metrics.train.r2, 0.6)
    close(model.metrics.train.adjustedR2, 1 - (0.4 * 4) / 3)
    close(model.coefficients[0]!.standardError, Math.sqrt(0.08)) // σ² = 2.4/3, Sxx = 10
    close(model.intercept.standardError, Math.sqrt(0.8 * (1 / 5 + 9 / 10)))
    assert.equal(model.metrics.test, null)
  })
})

describe('logistic regression', () => {
  it('separates a separable-ish synthetic set: AUC > 0.9 on the test rows', () => {
    const model = trainModel('logistic', { rows: logisticRows(800, 2), target: 'y', features: ['a', 'b', 'c'] }, { seed: 5 })
    if (model.kind !== 'logistic') return assert.fail()
    assert.ok(model.fit.converged)
    assert.ok(model.fit.iterations <= 50)
    assert.ok(model.metrics.test!.auc! > 0.9, `test AUC ${model.metrics.test!.auc}`)
    assert.ok(model.metrics.test!.ks! > 0.6)
    assert.ok(model.metrics.test!.accuracy > 0.8)
    const [a, b, c] = model.coefficients
    // the truth is 2.5, −2, 0; 640 rows estimate it within a few standard errors
    assert.ok(Math.abs(a!.estimate - 2.5) < 4 * a!.standardError!)
    assert.ok(Math.abs(b!.estimate + 2) < 4 * b!.standardError!)
    assert.ok(Math.abs(c!.estimate) < 4 * c!.standardError!)
  })

  it('solves the score equations at the maximum likelihood without a penalty', () => {
    const rows = logisticRows(300, 9)
    const model = trainModel('logistic', { rows, target: 'y', features: ['a', 'b', 'c'], options: { l2: 0 } }, { seed: 1, testShare: 0 })
    const gradient = [0, 0, 0, 0]
    for (const row of rows) {
      const r = (row.y as number) - rawScore(model, row).probability!
      gradient[0]! += r
      ;(['a', 'b', 'c'] as const).forEach((f, j) => (gradient[j + 1]! += r * (row[f] as number)))
    }
    for (const g of gradient) assert.ok(Math.abs(g) < 1e-6, `gradient ${gradient}`)
  })

  it('releases the probability at two decimals and predicts at 0.5', () => {
    const model = trainModel('logistic', { rows: logisticRows(400, 3), target: 'y', features: ['a', 'b', 'c'] }, { seed: 1 })
    const out = scoreModel(model, { a: 1, b: -1, c: 0 })
    assert.equal(out.prediction, 1)
    assert.equal(Math.round(out.probability! * 100) / 100, out.probability)
    assert.ok(out.probability! <= model.output.max && out.probability! >= model.output.min)
  })
})

describe('scorecard', () => {
  const rows = creditDataset(2000, 1)
  const model = trainModel('scorecard', { rows, target: 'defaulted', features: CREDIT_FEATURES }, { seed: 11 }) as ScorecardModel

  it('trains on 2,000 enterprises with a test AUC above 0.7 and every bin of 10 rows or more', () => {
    assert.equal(model.kind, 'scorecard')
    assert.ok(model.metrics.test!.auc! > 0.7, `test AUC ${model.metrics.test!.auc}`)
    assert.deepEqual(model.trainedOn, { rows: 2000, dropped: 0, trainRows: 1600, testRows: 400 })
    for (const f of model.scorecard.bins) for (const b of f.bins) assert.ok(b.count >= 10, `${f.feature} ${b.label}`)
    const bins = model.scorecard.bins.reduce((s, f) => s + f.bins.length, 0)
    assert.equal(model.parameters, bins + CREDIT_FEATURES.length + 1)
    const { p5, p25, p50, p75, p95 } = model.metrics.scores
    assert.ok(p5 <= p25 && p25 <= p50 && p50 <= p75 && p75 <= p95)
  })

  it('bins numbers by equal frequency with monotonic WoE, categories one bin each, nulls in a missing bin', () => {
    const trend = model.scorecard.bins.find((f) => f.feature === 'kwh_trend')!
    assert.equal(trend.type, 'numeric')
    const numeric = trend.bins.filter((b) => b.label !== 'missing')
    assert.equal(numeric.length, 5)
    const woes = numeric.map((b) => b.woe)
    assert.ok(woes.every((w, i) => i === 0 || w >= woes[i - 1]!), `rising consumption is safer: ${woes}`)
    assert.ok(numeric.every((b) => b.count > 250 && b.count < 400))
    const missing = trend.bins.find((b) => b.label === 'missing')!
    assert.equal(missing.missing, true)
    const rating = model.scorecard.bins.find((f) => f.feature === 'tax_rating')!
    assert.deepEqual(rating.bins.flatMap((b) => b.categories ?? []).sort(), ['A', 'B', 'C', 'D', 'M'])
    const points = (c: string): number => rating.bins.find((b) => b.categories?.includes(c))!.points
    assert.ok(points('A') > points('B') && points('B') > points('C') && points('C') > points('D'))
  })

  it('scales points to 600 at 50:1 with 20 points to double the odds', () => {
    const { offset, factor } = model.scorecard
    assert.ok(Math.abs(factor - 20 / Math.LN2) < 1e-12)
    assert.ok(Math.abs(offset + factor * Math.log(50) - 600) < 1e-9)
    for (const row of rows.slice(0, 50)) {
      const raw = rawScore(model, row)
      const p = raw.probability!
      assert.ok(Math.abs(raw.value - (offset + factor * Math.log((1 - p) / p))) < 1e-9)
    }
  })

  it('scores an unseen enterprise deterministically, also after a JSON round trip and a retraining', () => {
    const unseen = { kwh_trend: 0.12, tax_rating: 'B', employees: 35, capital: 500 }
    const first = scoreModel(model, unseen)
    assert.equal(typeof first.score, 'number')
    assert.equal(first.score! % 10, 0)
    const again = trainModel('scorecard', { rows, target: 'defaulted', features: CREDIT_FEATURES }, { seed: 11 })
    assert.deepEqual(scoreModel(again, unseen), first)
    const stored = JSON.parse(JSON.stringify(model)) as ScorecardModel
    assert.deepEqual(stored, model)
    assert.deepEqual(scoreModel(stored, unseen), first)
  })

  it('holds no training row: no list as long as the rows, no value of a training row printed as a cut', () => {
    const arrays: unknown[][] = []
    JSON.stringify(model, (_, v: unknown) => (Array.isArray(v) && arrays.push(v), v))
    assert.ok(arrays.every((a) => a.length < 50))
  })

  it('gives grades monotone in the score', () => {
    const order = model.scorecard.grades.map((g) => g.grade)
    assert.deepEqual(order, ['A', 'B', 'C', 'D', 'E'])
    const scored = rows.map((r) => scoreModel(model, r)).sort((a, b) => b.score! - a.score!)
    scored.forEach((s, i) => {
      if (i > 0) assert.ok(order.indexOf(s.grade!) >= order.indexOf(scored[i - 1]!.grade!))
    })
    const counts = new Map<string, number>()
    for (const s of scored) counts.set(s.grade!, (counts.get(s.grade!) ?? 0) + 1)
    assert.equal(counts.size, 5)
  })

  it('takes unseen categories into the other bin and nulls into the missing bin; a missing feature is an error', () => {
    const rating = model.scorecard.bins.find((f) => f.feature === 'tax_rating')!
    const fallback = rating.bins.find((b) => b.other) ?? rating.bins.find((b) => b.missing)!
    const base = { kwh_trend: 0.05, employees: 20, capital: 200 }
    const withBin = (category: string): number => scoreModel(model, { ...base, tax_rating: category }).score!
    assert.equal(withBin('Z'), withBin(fallback.categories![0]!))
    const nullTrend = rawScore(model, { ...base, tax_rating: 'A', kwh_trend: null }).value
    const missingPoints = model.scorecard.bins[0]!.bins.find((b) => b.missing)!.points
    const knownTrend = rawScore(model, { ...base, tax_rating: 'A' }).value
    const knownPoints = model.scorecard.bins[0]!.bins.find((b) => 0.05 >= (b.lower ?? -Infinity) && 0.05 < (b.upper ?? Infinity) && b.label !== 'missing')!.points
    assert.ok(Math.abs(nullTrend - knownTrend - (missingPoints - knownPoints)) < 1e-9)
    assert.throws(() => scoreModel(model, { kwh_trend: 0.1, tax_rating: 'A', employees: 3 }), (e: unknown) => e instanceof InputError && /capital/.test(e.message))
  })

  it('merges rare categories into an other bin and small bins into their neighbours', () => {
    const random = seededRandom(4)
    const small = Array.from({ length: 200 }, (_, i) => ({
      sector: i < 4 ? 'mining' : i < 11 ? 'fishing' : random() < 0.5 ? 'retail' : 'services',
      size: i % 7 === 0 ? 1 : Math.floor(random() * 1000),
      bad: random() < 0.3 ? 1 : 0,
    }))
    const m = trainModel('scorecard', { rows: small, target: 'bad', features: ['sector', 'size'], options: { bins: 8, monotonic: false } }, { seed: 1, testShare: 0 }) as ScorecardModel
    const sector = m.scorecard.bins[0]!
    const other = sector.bins.find((b) => b.other)!
    assert.equal(other.count, 11)
    assert.equal(other.categories, undefined) // rare category names are not released
    for (const f of m.scorecard.bins) for (const b of f.bins) assert.ok(b.count >= 10)
  })
})

describe('bad input', () => {
  const rows = linearRows(40, 3)
  const rejects = (fn: () => unknown, pattern: RegExp): void =>
    assert.throws(fn, (e: unknown) => e instanceof InputError && pattern.test(e.message))

  it('names an unknown column, a duplicate, the target as a feature', () => {
    rejects(() => trainModel('linear', { rows, target: 'y', features: ['x1', 'nope'] }, { seed: 1 }), /nope: unknown column/)
    rejects(() => trainModel('linear', { rows, target: 'z', features: ['x1'] }, { seed: 1 }), /z: unknown column/)
    rejects(() => trainModel('linear', { rows, target: 'y', features: ['x1', 'x1'] }, { seed: 1 }), /listed twice/)
    rejects(() => trainModel('linear', { rows, target: 'y', features: ['y'] }, { seed: 1 }), /is the target/)
    rejects(() => trainModel('tree' as 'linear', { rows, target: 'y', features: ['x1'] }, { seed: 1 }), /unknown model kind/)
  })

  it('refuses a non-numeric target for linear and a target other than 0/1 for logistic and scorecard', () => {
    const text = rows.map((r, i) => ({ ...r, y: i === 3 ? 'high' : r.y }))
    rejects(() => trainModel('linear', { rows: text, target: 'y', features: ['x1'] }, { seed: 1 }), /must be numeric/)
    rejects(() => trainModel('logistic', { rows, target: 'y', features: ['x1'] }, { seed: 1 }), /must be 0 or 1/)
    rejects(() => trainModel('scorecard', { rows, target: 'y', features: ['x1'] }, { seed: 1 }), /must be 0 or 1/)
    const oneClass = rows.map((r) => ({ ...r, y: 1 }))
    rejects(() => trainModel('logistic', { rows: oneClass, target: 'y', features: ['x1'] }, { seed: 1 }), /only one class/)
  })

  it('refuses fewer rows than parameters + 1, a constant feature, collinear features, NaN, text in a linear model', () => {
    rejects(() => trainModel('linear', { rows: rows.slice(0, 4), target: 'y', features: ['x1', 'x2', 'x3'] }, { seed: 1, testShare: 0 }), /4 training rows for 4 parameters: at least 5/)
    const constant = rows.map((r) => ({ ...r, k: 7 }))
    rejects(() => trainModel('linear', { rows: constant, target: 'y', features: ['x1', 'k'] }, { seed: 1 }), /k: is constant/)
    const collinear = rows.map((r) => ({ ...r, x4: 2 * (r.x1 as number) + 1 }))
    rejects(() => trainModel('linear', { rows: collinear, target: 'y', features: ['x1', 'x4'] }, { seed: 1 }), /collinear/)
    const nan = rows.map((r, i) => ({ ...r, x2: i === 5 ? Number.NaN : r.x2 }))
    rejects(() => trainModel('linear', { rows: nan, target: 'y', features: ['x2'] }, { seed: 1 }), /x2: holds NaN/)
    const text = rows.map((r, i) => ({ ...r, y: i % 2, s: 'a' }))
    rejects(() => trainModel('logistic', { rows: text, target: 'y', features: ['s'] }, { seed: 1 }), /s: is text/)
    const mixed = rows.map((r, i) => ({ ...r, y: i % 2, m: i % 3 ? 'a' : 1 }))
    rejects(() => trainModel('scorecard', { rows: mixed, target: 'y', features: ['m'] }, { seed: 1 }), /mixes numbers and text/)
    rejects(() => trainModel('linear', { rows, target: 'y', features: ['x1'] }, { seed: 1, testShare: 0.9 }), /testShare/)
    rejects(() => trainModel('scorecard', { rows: mixed, target: 'y', features: ['x1'], options: { minBinSize: 0 } }, { seed: 1 }), /minBinSize/)
  })

  it('never quotes a value of the data in an error: the kind of value only', () => {
    const uscc = '91130702MA0000011X'
    const quiet = (fn: () => unknown, pattern: RegExp): void =>
      assert.throws(fn, (e: unknown) => e instanceof InputError && pattern.test(e.message) && !e.message.includes(uscc) && !e.message.includes('某某'))
    const coded = rows.map((r, i) => ({ ...r, y: i === 3 ? uscc : r.y }))
    quiet(() => trainModel('linear', { rows: coded, target: 'y', features: ['x1'] }, { seed: 1 }), /must be numeric, found a string value/)
    const named = rows.map((r, i) => ({ ...r, y: i === 3 ? '某某有限公司' : i % 2 }))
    quiet(() => trainModel('logistic', { rows: named, target: 'y', features: ['x1'] }, { seed: 1 }), /must be 0 or 1, found a string value/)
    const model = trainModel('linear', { rows, target: 'y', features: ['x1', 'x2', 'x3'] }, { seed: 1, testShare: 0 })
    quiet(() => scoreModel(model, { x1: uscc, x2: 1, x3: 1 }), /x1 must be a finite number, got a string value/)
  })

  it('drops and counts rows with a null in a used column', () => {
    const holes = rows.map((r, i) => ({ ...r, x2: i % 10 === 0 ? null : r.x2, unused: null }))
    const model = trainModel('linear', { rows: holes, target: 'y', features: ['x1', 'x2', 'x3'] }, { seed: 1, testShare: 0 })
    assert.deepEqual(model.trainedOn, { rows: 36, dropped: 4, trainRows: 36, testRows: 0 })
  })
})
