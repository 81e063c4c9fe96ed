import type { Weighted } from './random-sql.ts'
import { INSURANCE_FIRST_MONTH, INSURANCE_MONTHS, type WorldContext } from './world.ts'

/**
 * social_insurance: one row per insured person per month over the window's last 12 months,
 * carrying the one insurance type (险种) the person's records in this extract are for. A row
 * per person-month-type would be five times the contract's ~100,000 persons × 12 months.
 * Employers are entities still in business (存续) before the first month, drawn in proportion
 * to their workforce weight; one person in ten changes employer during the year.
 */

export const INSURANCE_TYPES = ['养老', '医疗', '失业', '工伤', '生育'] as const

const TYPE_WEIGHTS: readonly Weighted[] = [
  ['养老', 46], ['医疗', 30], ['失业', 10], ['工伤', 9], ['生育', 5],
]

// The 张家口 contribution base band (yuan a month): the floor and ceiling rise each July.
const BAND_BEFORE_JULY = [3500, 24000] as const
const BAND_FROM_JULY = [3650, 25000] as const

const bandSql = ([floor, ceiling]: readonly [number, number]) =>
  `round(${floor} + ${ceiling - floor} * base_position)`

const EMPLOYABLE = `status = '存续' AND established_on < DATE '${INSURANCE_FIRST_MONTH}'`

export function socialInsuranceStatements({ random: r, sizes }: WorldContext): readonly string[] {
  return [
    `CREATE TEMP TABLE demo_world_employers AS
    SELECT uscc, labor_weight AS w,
      (sum(labor_weight) OVER (ORDER BY i ROWS UNBOUNDED PRECEDING) - labor_weight)::BIGINT AS lo
    FROM demo_world_entities
    -- A world too small to have one employer in business falls back to all entities.
    WHERE (${EMPLOYABLE}) OR NOT EXISTS (SELECT 1 FROM demo_world_entities WHERE ${EMPLOYABLE})`,
    `CREATE TEMP TABLE demo_world_employer_total AS
    SELECT coalesce(max(lo + w), 1) AS total FROM demo_world_employers`,
    `CREATE TEMP TABLE demo_world_insured AS
    WITH persons AS (
      SELECT p.pid, p.id, p.name,
        ${r.index('p.pid', 'employer', 't.total')} AS pick1,
        ${r.index('p.pid', 'employer-2', 't.total')} AS pick2,
        CASE WHEN ${r.unit('p.pid', 'job-change')} < 0.1
          THEN 1 + ${r.index('p.pid', 'change-month', INSURANCE_MONTHS - 1)}
          ELSE ${INSURANCE_MONTHS} END AS change_month,
        -- Most employers declare the floor; the rest spread thinly up to the ceiling.
        CASE WHEN ${r.unit('p.pid', 'base-floor')} < 0.45 THEN 0
          ELSE pow(${r.unit('p.pid', 'base')}, 2.2) END AS base_position,
        ${r.weighted(TYPE_WEIGHTS, 'p.pid', 'insurance-type')} AS insurance_type
      FROM demo_world_people p CROSS JOIN demo_world_employer_total t
      WHERE p.pid >= ${sizes.entities}
    ), first_job AS (
      SELECT persons.*, e.uscc AS employer1
      FROM persons ASOF JOIN demo_world_employers e ON persons.pick1 >= e.lo
    )
    SELECT first_job.*, e.uscc AS employer2
    FROM first_job ASOF JOIN demo_world_employers e ON first_job.pick2 >= e.lo`,
  ]
}

export const SOCIAL_INSURANCE_QUERY = `
  WITH months AS (
    SELECT month_index, strftime(first_day, '%Y-%m') AS month,
      first_day < DATE '2026-07-01' AS before_july
    FROM (
      SELECT month_index,
        DATE '${INSURANCE_FIRST_MONTH}' + to_months(month_index::INTEGER) AS first_day
      FROM range(${INSURANCE_MONTHS}) t(month_index)
    )
  )
  SELECT id AS person_id, name AS person_name,
    CASE WHEN m.month_index < change_month THEN employer1 ELSE employer2 END AS employer_uscc,
    m.month,
    CASE WHEN m.before_july THEN ${bandSql(BAND_BEFORE_JULY)} ELSE ${bandSql(BAND_FROM_JULY)}
    END::DECIMAL(10, 2) AS contribution_base_yuan,
    insurance_type
  FROM demo_world_insured CROSS JOIN months m
  ORDER BY person_id, m.month_index`
