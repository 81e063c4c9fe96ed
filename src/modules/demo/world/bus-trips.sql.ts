import { BUS_ROUTES, CARD_HOME_WEIGHTS, countyCode, ROUTE_GROUPS } from './places.ts'
import { coprimeMultiplier, sqlString, type Weighted } from './random-sql.ts'
import type { WorldContext } from './world.ts'

/**
 * bus_trips: one row per boarding. Cards ride mostly the routes of their home area; on ski-season
 * days, and above all at weekends, part of the trips go to the 崇礼 ski lines instead. Hours follow
 * commuter peaks on working days, a flatter curve on rest days and the out-and-back rhythm of
 * skiers. Card numbers are 19 digits, 3107 0700 + a serial + a Luhn check digit; about 40% of
 * cards are registered (实名) to a resident, always the same one per card.
 */

const CARD_PREFIX = '31070700'
const CARD_SERIALS = 10_000_000_000

const WORKDAY_HOURS: readonly Weighted[] = [
  [5, 1], [6, 4], [7, 10], [8, 11], [9, 6], [10, 4], [11, 4], [12, 5], [13, 4], [14, 4], [15, 4],
  [16, 5], [17, 10], [18, 9], [19, 5], [20, 3], [21, 2], [22, 1],
]
const REST_DAY_HOURS: readonly Weighted[] = [
  [6, 2], [7, 3], [8, 5], [9, 7], [10, 8], [11, 7], [12, 6], [13, 6], [14, 7], [15, 7], [16, 7],
  [17, 6], [18, 5], [19, 4], [20, 3], [21, 2], [22, 1],
]
const SKI_HOURS: readonly Weighted[] = [
  [7, 6], [8, 12], [9, 12], [10, 8], [11, 4], [12, 3], [13, 3], [14, 4], [15, 8], [16, 10],
  [17, 8], [18, 4], [19, 2], [20, 1],
]

/** The payload's Luhn check digit: from the right, every second digit doubled (9 subtracted). */
function luhnCheckSql(payload: string, length: number): string {
  const terms = Array.from({ length }, (_, i) => {
    const digit = `substr(${payload}, ${i + 1}, 1)`
    // The check digit goes to the right, so the payload's last digit is the first doubled one.
    return (length - 1 - i) % 2 === 0
      ? `(ascii(substr('0246813579', ascii(${digit}) - 47, 1)) - 48)`
      : `(ascii(${digit}) - 48)`
  })
  return `((10 - (${terms.join(' + ')}) % 10) % 10)::VARCHAR`
}

const routeValues = () => {
  const rows = ROUTE_GROUPS.flatMap((group) =>
    BUS_ROUTES.filter((r) => r.group === group).map(
      (r, index) => `(${sqlString(r.route)}, ${sqlString(group)}, ${index}, ${r.stops.length})`,
    ),
  )
  return `(VALUES ${rows.join(', ')}) v(route, route_group, route_index, stop_count)`
}

const stopValues = () => {
  const rows = BUS_ROUTES.flatMap((r) =>
    r.stops.map(
      ([stop, county], seq) =>
        `(${sqlString(r.route)}, ${seq}, ${sqlString(stop)}, ${sqlString(countyCode(county))})`,
    ),
  )
  return `(VALUES ${rows.join(', ')}) v(route, seq, stop, district_code)`
}

export function busTripStatements({ random: r, sizes }: WorldContext): readonly string[] {
  const groupCounts = ROUTE_GROUPS.map(
    (g) => `(${sqlString(g)}, ${BUS_ROUTES.filter((route) => route.group === g).length})`,
  )
  return [
    `CREATE TEMP TABLE demo_world_routes AS
    SELECT v.*, g.group_size FROM ${routeValues()}
    JOIN (VALUES ${groupCounts.join(', ')}) g(route_group, group_size) USING (route_group)`,
    `CREATE TEMP TABLE demo_world_stops AS SELECT * FROM ${stopValues()}`,
    `CREATE TEMP TABLE demo_world_cards AS
    WITH cards AS (
      SELECT c AS card_index,
        '${CARD_PREFIX}' || lpad(((c * ${coprimeMultiplier(CARD_SERIALS)} + ${r.index('0', 'card-serial', CARD_SERIALS)})
          % ${CARD_SERIALS})::VARCHAR, 10, '0') AS payload,
        ${r.weighted(CARD_HOME_WEIGHTS, 'c', 'card-home')} AS home_group,
        ${r.unit('c', 'registered')} < 0.4 AS registered,
        ${sizes.entities} + ${r.index('c', 'cardholder', sizes.persons)} AS holder_pid
      FROM range(${sizes.cards}) t(c)
    )
    SELECT c.card_index, c.payload || ${luhnCheckSql('c.payload', 18)} AS card_id, c.home_group,
      CASE WHEN c.registered THEN p.id END AS person_id
    FROM cards c JOIN demo_world_people p ON p.pid = c.holder_pid`,
  ]
}

export function busTripsQuery({ random: r, sizes }: WorldContext): string {
  return `
    WITH trips AS (
      -- A few cards ride daily, most now and then: a power law over the card index.
      SELECT i,
        least(${sizes.cards - 1}, floor(${sizes.cards} * pow(${r.unit('i', 'card')}, 1.8)))::BIGINT
          AS card_index,
        ${r.index('i', 'day', 'dt.total')} AS day_pick,
        ${r.unit('i', 'ski')} AS ski_draw,
        ${r.hash('i', 'route')} AS route_draw,
        ${r.hash('i', 'stop')} AS stop_draw,
        ${r.index('i', 'second', 3600)} AS second_of_hour
      FROM range(${sizes.trips}) t(i) CROSS JOIN demo_world_day_total dt
    ), dated AS (
      SELECT trips.*, d.day, d.rest_day, d.ski_season
      FROM trips JOIN demo_world_day_slots ds ON ds.slot = trips.day_pick
      JOIN demo_world_days d ON d.day_index = ds.day_index
    ), grouped AS (
      SELECT dated.*, c.card_id, c.person_id,
        CASE
          WHEN ski_season AND rest_day AND ski_draw < 0.3 THEN 'ski'
          WHEN ski_season AND ski_draw < 0.04 THEN 'ski'
          ELSE c.home_group END AS route_group
      FROM dated JOIN demo_world_cards c USING (card_index)
    ), routed AS (
      SELECT grouped.*, rt.route, rt.stop_count
      FROM grouped JOIN demo_world_routes rt ON rt.route_group = grouped.route_group
        AND rt.route_index = (grouped.route_draw % rt.group_size::UBIGINT)::BIGINT
    ), stopped AS (
      SELECT routed.*, s.stop AS boarding_stop, s.district_code,
        CASE
          WHEN route_group = 'ski' THEN ${r.weighted(SKI_HOURS, 'i', 'hour')}
          WHEN rest_day THEN ${r.weighted(REST_DAY_HOURS, 'i', 'hour')}
          ELSE ${r.weighted(WORKDAY_HOURS, 'i', 'hour')} END AS hour
      FROM routed JOIN demo_world_stops s ON s.route = routed.route
        AND s.seq = (routed.stop_draw % routed.stop_count::UBIGINT)::BIGINT
    )
    SELECT card_id, person_id, route, boarding_stop, district_code,
      day + to_seconds(hour * 3600 + second_of_hour) AS boarded_at
    FROM stopped
    ORDER BY boarded_at, i`
}
