import { HOLIDAYS, SPRING_FESTIVALS } from './places.ts'
import { WINDOW_DAYS, WINDOW_START } from './world.ts'

/**
 * demo_world_days: each day of the window with the flags trips and visits depend on, and the
 * weight of the day in trips (more on ski-season weekends), spread over demo_world_day_slots.
 */
const ranges = (list: readonly (readonly [string, string])[]) =>
  list.map(([from, to]) => `(day BETWEEN DATE '${from}' AND DATE '${to}')`).join(' OR ')

export const DAYS_STATEMENTS: readonly string[] = [
  `CREATE TEMP TABLE demo_world_days AS
  WITH flagged AS (
    SELECT d AS day_index, DATE '${WINDOW_START}' + d::INTEGER AS day
    FROM range(${WINDOW_DAYS}) t(d)
  ), typed AS (
    SELECT day_index, day, month(day) AS calendar_month,
      dayofweek(day) IN (0, 6) OR ${ranges(HOLIDAYS)} AS rest_day,
      ${ranges(HOLIDAYS)} AS holiday,
      ${ranges(SPRING_FESTIVALS)} AS spring_festival,
      -- The ski season runs from November to early April.
      month(day) IN (11, 12, 1, 2, 3) OR (month(day) = 4 AND day(day) <= 10) AS ski_season
    FROM flagged
  ), weighted AS (
    SELECT *, CASE
        WHEN ski_season AND rest_day THEN 100
        WHEN rest_day THEN 72
        ELSE 100
      END::BIGINT AS trip_weight
    FROM typed
  )
  SELECT *,
    (sum(trip_weight) OVER (ORDER BY day_index ROWS UNBOUNDED PRECEDING) - trip_weight)::BIGINT
      AS trip_lo
  FROM weighted`,
  // One row per unit of trip weight: a trip finds its day by an equality join on a hashed
  // slot, several times faster than an ASOF join over the running total at a million trips.
  `CREATE TEMP TABLE demo_world_day_slots AS
  SELECT trip_lo + unnest(range(trip_weight)) AS slot, day_index FROM demo_world_days`,
  `CREATE TEMP TABLE demo_world_day_total AS
  SELECT sum(trip_weight)::BIGINT AS total FROM demo_world_days`,
]
