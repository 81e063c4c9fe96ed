import { PROVINCES, SCENIC_SPOTS } from './places.ts'
import { sqlList, sqlString } from './random-sql.ts'
import type { WorldContext } from './world.ts'

/**
 * scenic_visits: every day × spot × province of origin, zeros included, so the cube is complete.
 * Visitors = the spot's peak × its month's season × weekend and holiday pull × the province's
 * share of its audience (Beijing dominates the ski resorts, 河北 the rest), with noise and
 * randomized rounding so small expectations still yield the odd visitor.
 */
export function scenicVisitsQuery({ random: r }: WorldContext): string {
  const spots = SCENIC_SPOTS.map(
    (s, index) =>
      `(${index}, ${sqlString(s.name)}, ${s.peakDaily}, ${sqlList(s.season)}, ` +
      `${s.audience === 'ski'}, ${s.springFestival})`,
  )
  // Shares are relative: normalize each audience's column to 1.
  const skiTotal = PROVINCES.reduce((sum, [, ski]) => sum + ski, 0)
  const localTotal = PROVINCES.reduce((sum, [, , local]) => sum + local, 0)
  const provinces = PROVINCES.map(
    ([name, ski, local], index) => `(${index}, ${sqlString(name)}, ${ski}, ${local})`,
  )
  return `
    SELECT day AS visit_date, spot AS scenic_spot, province AS origin_province,
      floor(expected * (0.8 + 0.4 * ${r.unit('row_key', 'visitors')})
        + ${r.unit('row_key', 'rounding')})::INTEGER AS visitors
    FROM (
      SELECT d.day, s.spot, p.province, d.day_index, s.spot_index, p.province_index,
        d.day_index * 10000 + s.spot_index * 100 + p.province_index AS row_key,
        s.peak * s.season[d.calendar_month] / 100.0
          * CASE WHEN d.holiday THEN CASE WHEN s.ski THEN 1.6 ELSE 2.2 END
            WHEN d.rest_day THEN CASE WHEN s.ski THEN 1.8 ELSE 1.5 END
            ELSE 1 END
          * CASE WHEN d.spring_festival THEN s.spring ELSE 1 END
          * CASE WHEN s.ski THEN p.ski_share / ${skiTotal}.0
            ELSE p.local_share / ${localTotal}.0 END AS expected
      FROM demo_world_days d
      CROSS JOIN (VALUES ${spots.join(', ')}) s(spot_index, spot, peak, season, ski, spring)
      CROSS JOIN (VALUES ${provinces.join(', ')})
        p(province_index, province, ski_share, local_share)
    )
    ORDER BY day_index, spot_index, province_index`
}
