import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import {
  ACRO_DEFAULTS,
  checkCell,
  familyOf,
  openSafelyRound,
  overallStatus,
  type CellEvidence,
  type CellVerdict,
  type StatisticFamily,
} from './output-checks.ts'

// ACRO's test/test_tables_syntheticdata.py: indvar1..4 over A, B, C (81 combinations), each
// repeated 11 times, or 5 times when indvar1 = indvar3 = indvar4 = C; depvar is the repeat index.
type Row = {
  readonly v1: string
  readonly v2: string
  readonly v3: string
  readonly v4: string
  readonly depvar: number
}

function syntheticData(): Row[] {
  const levels = ['A', 'B', 'C']
  const rows: Row[] = []
  for (const v1 of levels)
    for (const v2 of levels)
      for (const v3 of levels)
        for (const v4 of levels) {
          const repeats = v1 === 'C' && v3 === 'C' && v4 === 'C' ? 5 : 11
          for (let depvar = 0; depvar < repeats; depvar++) rows.push({ v1, v2, v3, v4, depvar })
        }
  return rows
}

/** What the gate would gather for a cell: its contributors' values, summarised. */
function evidenceOf(family: StatisticFamily, values: readonly number[]): CellEvidence {
  return {
    family,
    count: values.length,
    top: [...values].sort((a, b) => b - a).slice(0, 2),
    total: values.reduce((s, v) => s + v, 0),
    negatives: values.filter((v) => v < 0).length,
  }
}

function groupBy(rows: readonly Row[], key: (r: Row) => string): Map<string, number[]> {
  const cells = new Map<string, number[]>()
  for (const r of rows) cells.set(key(r), [...(cells.get(key(r)) ?? []), r.depvar])
  return cells
}

function failing(verdicts: ReadonlyMap<string, CellVerdict>): string[] {
  return [...verdicts]
    .filter(([, v]) => v.status === 'fail')
    .map(([k]) => k)
    .sort()
}

function judge(
  cells: ReadonlyMap<string, number[]>,
  family: StatisticFamily,
): Map<string, CellVerdict> {
  return new Map(
    [...cells].map(([k, values]) => [k, checkCell(evidenceOf(family, values), ACRO_DEFAULTS)]),
  )
}

describe('ACRO synthetic data vectors', () => {
  const data = syntheticData()

  it('has 81 combinations, 3 of them (C?CC) repeated 5 times and 78 repeated 11 times', () => {
    assert.equal(new Set(data.map((r) => r.v1 + r.v2 + r.v3 + r.v4)).size, 81)
    assert.equal(data.length, 3 * 5 + 78 * 11)
  })

  it('2.1: counts by indvar1 where indvar2..4 = C: only C (5) fails the threshold', () => {
    const rows = data.filter((r) => r.v2 === 'C' && r.v3 === 'C' && r.v4 === 'C')
    const cells = groupBy(rows, (r) => r.v1)
    assert.deepEqual(Object.fromEntries([...cells].map(([k, v]) => [k, v.length])), {
      A: 11,
      B: 11,
      C: 5,
    })
    const verdicts = judge(cells, 'frequency')
    assert.deepEqual(failing(verdicts), ['C'])
    assert.deepEqual(verdicts.get('C'), {
      status: 'fail',
      findings: [
        {
          check: 'threshold',
          status: 'fail',
          detail: '5 contributors, fewer than the threshold of 10',
        },
      ],
    })
    assert.equal(overallStatus([...verdicts.values()]), 'fail')
  })

  it('2.2: crosstab indvar1×indvar2 where indvar3 = indvar4 = C: CA, CB, CC fail', () => {
    const rows = data.filter((r) => r.v3 === 'C' && r.v4 === 'C')
    const cells = groupBy(rows, (r) => r.v1 + r.v2)
    for (const [k, v] of cells) assert.equal(v.length, k.startsWith('C') ? 5 : 11, k)
    const verdicts = judge(cells, 'frequency')
    assert.deepEqual(failing(verdicts), ['CA', 'CB', 'CC'])
    for (const k of ['CA', 'CB', 'CC'])
      assert.deepEqual(
        verdicts.get(k)?.findings.map((f) => f.check),
        ['threshold'],
      )
  })

  it('2.3: SUM by indvar1×indvar2 with one depvar of 10000: CC fails NK and p-ratio, AA passes', () => {
    const rows = data.map((r, i) => (i === data.length - 1 ? { ...r, depvar: 10000 } : r))
    const last = rows.at(-1)
    assert.deepEqual(last, { v1: 'C', v2: 'C', v3: 'C', v4: 'C', depvar: 10000 })

    const cells = groupBy(rows, (r) => r.v1 + r.v2)
    const cc = evidenceOf('linear', cells.get('CC') ?? [])
    assert.deepEqual(cc, {
      family: 'linear',
      count: 93,
      top: [10000, 10],
      total: 10446,
      negatives: 0,
    })
    const aa = evidenceOf('linear', cells.get('AA') ?? [])
    assert.deepEqual(aa, { family: 'linear', count: 99, top: [10, 10], total: 495, negatives: 0 })

    // The figures of the vector: NK 10010/10446 = 0.9583, p-ratio 436/10000 = 0.0436; AA 0.0404, 47.5.
    assert.equal(Number((10010 / 10446).toFixed(4)), 0.9583)
    assert.equal((10446 - 10010) / 10000, 0.0436)
    assert.equal(Number((20 / 495).toFixed(4)), 0.0404)
    assert.equal((495 - 20) / 10, 47.5)

    const verdicts = judge(cells, 'linear')
    assert.deepEqual(failing(verdicts), ['CC'])
    assert.deepEqual(verdicts.get('CC'), {
      status: 'fail',
      findings: [
        {
          check: 'nk-dominance',
          status: 'fail',
          detail: 'the 2 largest contributions make 95.8% of the total (limit 90%)',
        },
        {
          check: 'p-ratio',
          status: 'fail',
          detail:
            'the contributions besides the 2 largest make 4.4% of the largest (at least 10% required)',
        },
      ],
    })
    assert.deepEqual(verdicts.get('AA'), { status: 'pass', findings: [] })
    assert.equal(overallStatus([...verdicts.values()]), 'fail')
  })
})

describe('checkCell: dominance', () => {
  it('2.4: uses the sum of the top 2 only (21 for 1..11), whatever else top holds', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    const evidence = { ...evidenceOf('linear', values), top: [...values].reverse() }
    const strict = { ...ACRO_DEFAULTS, dominance: { n: 2, k: 0.3 } }
    // 21 / 66 = 31.8% ≥ 30%; had it summed more than two, the share would be higher.
    assert.deepEqual(checkCell(evidence, strict).findings, [
      {
        check: 'nk-dominance',
        status: 'fail',
        detail: 'the 2 largest contributions make 31.8% of the total (limit 30%)',
      },
    ])
    assert.equal(checkCell(evidence, ACRO_DEFAULTS).status, 'pass')
  })

  it('2.4: negatives count as evidence (2 in [-1, 2, -3, 4]) and turn dominance into review', () => {
    const evidence = evidenceOf('linear', [-1, 2, -3, 4])
    assert.equal(evidence.negatives, 2)
    const verdict = checkCell({ ...evidence, count: 12 }, ACRO_DEFAULTS)
    assert.equal(verdict.status, 'review')
    assert.deepEqual(verdict.findings, [
      { check: 'negative-values', status: 'review', detail: '2 contributions are negative' },
      {
        check: 'nk-dominance',
        status: 'review',
        detail: 'dominance is not defined with negative values',
      },
      {
        check: 'p-ratio',
        status: 'review',
        detail: 'dominance is not defined with negative values',
      },
    ])
  })

  it('keeps the threshold failure alongside the negative-value review', () => {
    const verdict = checkCell(evidenceOf('linear', [-1, 2, -3, 4]), ACRO_DEFAULTS)
    assert.equal(verdict.status, 'fail')
    assert.deepEqual(
      verdict.findings.map((f) => `${f.check}:${f.status}`),
      ['threshold:fail', 'negative-values:review', 'nk-dominance:review', 'p-ratio:review'],
    )
  })

  it('passes an all-zero cell: NK does not apply and a largest of 0 gives p-ratio 1', () => {
    const zero: CellEvidence = { family: 'linear', count: 20, top: [0, 0], total: 0, negatives: 0 }
    assert.deepEqual(checkCell(zero, ACRO_DEFAULTS), { status: 'pass', findings: [] })
    // Even with limits no real cell could meet, the all-zero cell is not dominated.
    const harsh = { ...ACRO_DEFAULTS, dominance: { n: 2, k: 0.01 }, pRatio: 1 }
    assert.deepEqual(checkCell(zero, harsh), { status: 'pass', findings: [] })
  })

  it('fails NK exactly at the limit (≥ k)', () => {
    const verdict = checkCell(
      { family: 'linear', count: 12, top: [50, 40], total: 100, negatives: 0 },
      ACRO_DEFAULTS,
    )
    assert.deepEqual(
      verdict.findings.map((f) => f.check),
      ['nk-dominance'],
    )
  })

  it('sorts top itself rather than trust the order it is given', () => {
    const verdict = checkCell(
      { family: 'linear', count: 12, top: [10, 10000], total: 10446, negatives: 0 },
      ACRO_DEFAULTS,
    )
    assert.deepEqual(
      verdict.findings.map((f) => f.check),
      ['nk-dominance', 'p-ratio'],
    )
  })

  it('asks for review, not pass, when a linear cell comes without its dominance evidence', () => {
    const missing: CellEvidence[] = [
      { family: 'linear', count: 50 },
      { family: 'linear', count: 50, top: [10, 9], total: 400 },
      { family: 'linear', count: 50, top: [10], total: 400, negatives: 0 },
    ]
    for (const e of missing) {
      const verdict = checkCell(e, ACRO_DEFAULTS)
      assert.equal(verdict.status, 'review')
      assert.deepEqual(
        verdict.findings.map((f) => f.check),
        ['nk-dominance', 'p-ratio'],
      )
    }
  })

  it('judges a one-contributor cell as dominated', () => {
    const verdict = checkCell(
      { family: 'linear', count: 1, top: [42], total: 42, negatives: 0 },
      ACRO_DEFAULTS,
    )
    assert.deepEqual(
      verdict.findings.map((f) => f.check),
      ['threshold', 'nk-dominance', 'p-ratio'],
    )
  })

  it('throws when the evidence contradicts itself about negatives', () => {
    const e: CellEvidence = { family: 'linear', count: 20, top: [5, -1], total: 30, negatives: 0 }
    assert.throws(() => checkCell(e, ACRO_DEFAULTS), RangeError)
    assert.throws(() => checkCell({ ...e, top: [5, 4], total: -3 }, ACRO_DEFAULTS), RangeError)
  })

  it('throws on malformed evidence instead of letting NaN pass every comparison', () => {
    assert.throws(
      () => checkCell({ family: 'frequency', count: Number.NaN }, ACRO_DEFAULTS),
      RangeError,
    )
    assert.throws(() => checkCell({ family: 'frequency', count: 2.5 }, ACRO_DEFAULTS), RangeError)
    assert.throws(
      () =>
        checkCell(
          { family: 'linear', count: 20, top: [1, 1], total: Number.NaN, negatives: 0 },
          ACRO_DEFAULTS,
        ),
      RangeError,
    )
  })
})

describe('checkCell: threshold and zeros by family', () => {
  it('fails an empty frequency or position cell on both threshold and zeros', () => {
    for (const family of ['frequency', 'position'] as const)
      assert.deepEqual(
        checkCell({ family, count: 0 }, ACRO_DEFAULTS).findings.map((f) => f.check),
        ['threshold', 'zeros'],
      )
  })

  it('leaves zeros alone when params.zeros is off', () => {
    const verdict = checkCell(
      { family: 'frequency', count: 0 },
      { ...ACRO_DEFAULTS, zeros: false, threshold: 0 },
    )
    assert.deepEqual(verdict, { status: 'pass', findings: [] })
  })

  it('passes a count at the threshold and runs no cell check on other statistics', () => {
    assert.equal(checkCell({ family: 'frequency', count: 10 }, ACRO_DEFAULTS).status, 'pass')
    assert.equal(checkCell({ family: 'position', count: 9 }, ACRO_DEFAULTS).status, 'fail')
    assert.deepEqual(checkCell({ family: 'other', count: 0 }, ACRO_DEFAULTS), {
      status: 'pass',
      findings: [],
    })
  })

  it('says "contributor" for one', () => {
    assert.equal(
      checkCell({ family: 'frequency', count: 1 }, ACRO_DEFAULTS).findings[0]?.detail,
      '1 contributor, fewer than the threshold of 10',
    )
  })
})

describe('familyOf', () => {
  it('maps DuckDB aggregates to ACRO statistic families', () => {
    const expected: [string, StatisticFamily][] = [
      ['count', 'frequency'],
      ['count_star', 'frequency'],
      ['sum', 'linear'],
      ['avg', 'linear'],
      ['mean', 'linear'],
      ['sum_no_overflow', 'linear'],
      ['fsum', 'linear'],
      ['stddev_samp', 'linear'],
      ['median', 'position'],
      ['min', 'position'],
      ['max', 'position'],
      ['quantile_cont', 'position'],
      ['mode', 'position'],
      ['corr', 'other'],
      ['regr_slope', 'other'],
      ['my_udf', 'other'],
      ['toString', 'other'],
      ['__proto__', 'other'],
    ]
    for (const [name, family] of expected) assert.equal(familyOf(name), family, name)
  })

  it('ignores case and surrounding space', () => {
    assert.equal(familyOf(' SUM '), 'linear')
    assert.equal(familyOf('Count_Star'), 'frequency')
  })
})

describe('openSafelyRound', () => {
  it('2.7: redacts ≤7 and rounds to the nearest 5', () => {
    assert.equal(openSafelyRound(6), 0)
    assert.equal(openSafelyRound(7), 0)
    assert.equal(openSafelyRound(8), 10)
    assert.equal(openSafelyRound(12), 10)
    assert.equal(openSafelyRound(13), 15)
    assert.equal(openSafelyRound(0), 0)
    assert.equal(openSafelyRound(100), 100)
  })

  it('2.7: refuses anything but a non-negative integer', () => {
    for (const bad of [-1, 7.1, Number.NaN, Number.POSITIVE_INFINITY])
      assert.throws(() => openSafelyRound(bad), RangeError, String(bad))
  })
})

describe('overallStatus', () => {
  const pass: CellVerdict = { status: 'pass', findings: [] }
  const review: CellVerdict = {
    status: 'review',
    findings: [
      {
        check: 'p-ratio',
        status: 'review',
        detail: 'dominance is not defined with negative values',
      },
    ],
  }
  const fail: CellVerdict = {
    status: 'fail',
    findings: [
      {
        check: 'threshold',
        status: 'fail',
        detail: '3 contributors, fewer than the threshold of 10',
      },
    ],
  }

  it('orders fail > review > pass, whatever the order of the cells', () => {
    assert.equal(overallStatus([]), 'pass')
    assert.equal(overallStatus([pass, pass]), 'pass')
    assert.equal(overallStatus([pass, review, pass]), 'review')
    assert.equal(overallStatus([review, fail, pass]), 'fail')
    assert.equal(overallStatus([fail, review]), 'fail')
  })
})
