// A synthetic credit dataset for the modeling tests (train and release checks).
import { seededRandom, type DataRow } from '../src/modules/products/model.ts'

/** 2,000 enterprises: the electricity trend, tax credit rating, employees and registered capital. */
export function creditDataset(n: number, seed: number): DataRow[] {
  const random = seededRandom(seed)
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const ratingEffect = { A: -1, B: -0.3, M: 0.3, C: 0.8, D: 1.5 } as const
  return Array.from({ length: n }, () => {
    const u = random()
    const rating = u < 0.3 ? 'A' : u < 0.6 ? 'B' : u < 0.75 ? 'M' : u < 0.9 ? 'C' : 'D'
    const trend = 0.02 + 0.15 * normal()
    const lnEmployees = Math.log(20) + normal()
    const employees = Math.max(1, Math.round(Math.exp(lnEmployees)))
    const capital = Math.round(Math.exp(Math.log(200) + 0.8 * (lnEmployees - Math.log(20)) + 0.7 * normal()))
    // Ground truth: default is likelier with a falling consumption, a poor rating, a small firm.
    const logit = -1.3 - 4 * trend + ratingEffect[rating] - 0.35 * (lnEmployees - Math.log(20)) - 0.25 * Math.log(capital / 200)
    const defaulted = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0
    const kwhTrend = random() < 0.04 ? null : Math.round(trend * 1000) / 1000
    return { kwh_trend: kwhTrend, tax_rating: rating, employees, capital, defaulted }
  })
}

export const CREDIT_FEATURES = ['kwh_trend', 'tax_rating', 'employees', 'capital'] as const
