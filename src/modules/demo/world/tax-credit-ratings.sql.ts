import { RATING_YEARS, type WorldContext } from './world.ts'

/**
 * tax_credit_ratings (纳税信用等级): every entity for each of the three years. New taxpayers and
 * entities not yet registered are rated M, as the rating rules assign; a revoked entity is D from
 * the year of revocation; otherwise a latent compliance score, stable across years with some
 * drift, gives mostly B and M, and A mainly to larger firms.
 */
export const TAX_RATINGS = ['A', 'B', 'M', 'C', 'D'] as const

export function taxCreditRatingsQuery({ random: r }: WorldContext): string {
  return `
    SELECT uscc, year, CASE
        WHEN year(established_on) >= year THEN 'M'
        WHEN status = '吊销' AND year(closed_on) <= year THEN 'D'
        WHEN kind = 'individual' THEN CASE
          WHEN score < 0.72 THEN 'M' WHEN score < 0.97 THEN 'B' ELSE 'C' END
        WHEN score + size >= 1.18 THEN 'A'
        WHEN score >= 0.42 THEN 'B'
        WHEN score >= 0.1 THEN 'M'
        WHEN score >= 0.04 THEN 'C'
        ELSE 'D'
      END AS rating
    FROM (
      SELECT e.*, y.year,
        0.8 * ${r.unit('e.i', 'compliance')} + 0.2 * ${r.unit('e.i * 4 + y.year - 2022', 'drift')}
          AS score,
        least(0.5, log10(e.registered_capital_wan::DOUBLE) / 8) AS size
      FROM demo_world_entities e
      CROSS JOIN (VALUES ${RATING_YEARS.map((y) => `(${y})`).join(', ')}) y(year)
    )
    ORDER BY uscc, year`
}
