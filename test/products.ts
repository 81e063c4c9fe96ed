/** The demo's SME credit scorecard: what the product tests and the CLI test train and serve. */

/** One row per enterprise with a tax rating: its features, and whether it was ever rated C or D. */
export const TRAINING_SQL = `
WITH e AS (SELECT uscc, avg(kwh) AS kwh FROM electricity_usage GROUP BY uscc),
     w AS (SELECT uscc, avg(tons) AS tons FROM water_usage GROUP BY uscc),
     s AS (SELECT employer_uscc AS uscc, count(*) / 12.0 AS staff FROM social_insurance GROUP BY 1),
     t AS (SELECT uscc, max(CASE WHEN rating IN ('C', 'D') THEN 1 ELSE 0 END) AS bad FROM tax_credit_ratings GROUP BY uscc)
SELECT m.industry_code, m.registered_capital_wan AS capital, coalesce(e.kwh, 0) AS kwh, coalesce(w.tons, 0) AS tons, coalesce(s.staff, 0) AS staff, t.bad
FROM market_entities m JOIN t ON t.uscc = m.uscc LEFT JOIN e ON e.uscc = m.uscc LEFT JOIN w ON w.uscc = m.uscc LEFT JOIN s ON s.uscc = m.uscc`

/** The same features for one enterprise, `$entity`. */
export const FEATURE_SQL = `
SELECT m.industry_code, m.registered_capital_wan AS capital,
  coalesce((SELECT avg(kwh) FROM electricity_usage WHERE uscc = $entity), 0) AS kwh,
  coalesce((SELECT avg(tons) FROM water_usage WHERE uscc = $entity), 0) AS tons,
  coalesce((SELECT count(*) / 12.0 FROM social_insurance WHERE employer_uscc = $entity), 0) AS staff
FROM market_entities m WHERE m.uscc = $entity`

export const FEATURES = ['industry_code', 'capital', 'kwh', 'tons', 'staff']
