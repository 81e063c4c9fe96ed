import { sqlList } from './random-sql.ts'
import { USAGE_MONTHS, WINDOW_START, type WorldContext } from './world.ts'

/**
 * electricity_usage and water_usage: every entity every month of the window, zero before it was
 * established and after it was cancelled or revoked. Use follows the entity's size and section,
 * the season (heating and lighting in winter, water in summer) and, for hotels, restaurants and
 * leisure in 崇礼, the ski season.
 */

// Multipliers for January to December of the ski-dependent businesses of 崇礼.
const SKI_TOWN = [1.9, 1.9, 1.5, 0.8, 0.5, 0.5, 0.6, 0.6, 0.5, 0.5, 1.1, 1.7]

const entityMonths = `
  SELECT e.*, m.*, e.i * 32 + m.month_index AS row_key,
    e.district_code = '130709' AND e.industry_code IN ('H', 'R') AS ski_town
  FROM demo_world_entities e CROSS JOIN (
    SELECT month_index, month_start::DATE AS month_start, month(month_start) AS calendar_month,
      strftime(month_start, '%Y-%m') AS month
    FROM (
      SELECT month_index, DATE '${WINDOW_START}' + to_months(month_index::INTEGER) AS month_start
      FROM range(${USAGE_MONTHS}) t(month_index)
    )
  ) m`

const active = `(month_start >= date_trunc('month', established_on)
  AND (closed_on IS NULL OR month_start <= closed_on))`

export function electricityQuery({ random: r }: WorldContext): string {
  return `
    SELECT uscc, month, kwh,
      round(kwh * least(0.9, greatest(0.5, price + 0.1 * (${r.unit('i', 'tariff')} - 0.5)
        + 0.03 * (${r.unit('row_key', 'tariff-month')} - 0.5))), 2)::DECIMAL(14, 2) AS amount_yuan
    FROM (
      SELECT *, CASE WHEN ${active} THEN round(kwh_base
          * CASE WHEN ski_town THEN ${sqlList(SKI_TOWN)}[calendar_month]
            ELSE 1 + 0.15 * cos(2 * pi() * (calendar_month - 1) / 12)
              + CASE WHEN calendar_month IN (7, 8) THEN 0.1 ELSE 0 END END
          * (1 + 0.02 * month_index / 12)
          * (0.88 + 0.24 * ${r.unit('row_key', 'kwh-month')}))
        ELSE 0 END::BIGINT AS kwh
      FROM (${entityMonths})
    )
    ORDER BY uscc, month_index`
}

export function waterQuery({ random: r }: WorldContext): string {
  return `
    SELECT uscc, month,
      CASE WHEN ${active} THEN round(tons_base
        * CASE
          WHEN ski_town THEN ${sqlList(SKI_TOWN)}[calendar_month]
          -- Irrigation and livestock: most water from May to September.
          WHEN industry_code = 'A'
            THEN greatest(0.2, 1 + 0.8 * cos(2 * pi() * (calendar_month - 7) / 12))
          ELSE 1 + 0.2 * cos(2 * pi() * (calendar_month - 7) / 12) END
        * (0.85 + 0.3 * ${r.unit('row_key', 'tons-month')}), 1)
      ELSE 0 END::DECIMAL(12, 1) AS tons
    FROM (${entityMonths})
    ORDER BY uscc, month_index`
}
