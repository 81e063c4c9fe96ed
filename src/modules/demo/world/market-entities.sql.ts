import { INDUSTRY_SECTIONS, COOPERATIVE_WORDS } from './industries.ts'
import {
  BRAND_EXTENSIONS,
  BRANDS,
  FEMALE_GIVEN_CHARS,
  MALE_GIVEN_CHARS,
  SURNAMES,
} from './names.ts'
import { COUNTIES } from './places.ts'
import { coprimeMultiplier, sqlList, sqlString, type Weighted } from './random-sql.ts'
import type { WorldContext } from './world.ts'

/**
 * market_entities and the people behind the world, as four temp tables:
 * - demo_world_entity_base: kind, county, industry, dates, status and size of each entity;
 * - demo_world_people: legal representatives (pid = entity index) then insured workers, each
 *   with a unique resident ID number;
 * - demo_world_brands: the 字号 of names/BRANDS, indexed;
 * - demo_world_entities: the published columns plus the hidden ones later tables derive from.
 */

// GB 32100 allows these 31 characters; the embedded organization code must use them too.
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const GB11714_VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const
// Before the 2015 reform (三证合一) organizations held all-digit organization codes; since then
// codes are issued as MA + serial, and the world gives every individual business one of those.
const REFORM_DATE = '2015-10-01'
const DIGIT_CODES = 100_000_000
const MA_CODES = 31 ** 5

const CAPITAL_ENTERPRISE: readonly Weighted[] = [
  [10, 8], [30, 6], [50, 12], [100, 18], [200, 12], [300, 8], [500, 10], [800, 3], [1000, 10],
  [2000, 5], [3000, 3], [5000, 3], [10000, 2],
]
const CAPITAL_INDIVIDUAL: readonly Weighted[] = [
  [1, 10], [2, 10], [3, 12], [5, 20], [10, 20], [20, 12], [30, 8], [50, 8],
]
const CAPITAL_COOPERATIVE: readonly Weighted[] = [
  [50, 10], [100, 25], [200, 20], [300, 15], [500, 20], [1000, 10],
]
// Capital-heavy sections register larger firms.
const HEAVY_SECTIONS = ['B', 'D', 'J', 'K']

// Mobile number prefixes of the three carriers, weighted roughly by their share in 河北.
const MOBILE_PREFIXES: readonly Weighted[] = [
  ...[134, 135, 136, 137, 138, 139, 150, 151, 152, 157, 158, 159, 178, 182, 183, 184, 187, 188,
    198].map((p): Weighted => [String(p), 4]),
  ...[130, 131, 132, 155, 156, 166, 175, 176, 185, 186].map((p): Weighted => [String(p), 3]),
  ...[133, 153, 173, 177, 180, 181, 189, 191, 199].map((p): Weighted => [String(p), 2]),
]

/** The SQL of the organization code check character (GB 11714) of an 8-character body. */
export function gb11714CheckSql(body: string): string {
  const sum = GB11714_WEIGHTS.map(
    (w, i) => `(strpos('${GB11714_VALUES}', substr(${body}, ${i + 1}, 1)) - 1) * ${w}`,
  ).join(' + ')
  return `substr('0123456789X0', (11 - (${sum}) % 11)::INTEGER + 1, 1)`
}

const base31 = (value: string, digits: number) =>
  Array.from(
    { length: digits },
    (_, i) =>
      `substr('${USCC_CHARSET}', ((${value}) // ${31 ** (digits - 1 - i)} % 31)::INTEGER + 1, 1)`,
  ).join(' || ')

const countyValues = () =>
  `(VALUES ${COUNTIES.map((c) => `(${sqlString(c.code)}, ${sqlString(c.name)})`).join(', ')})`

const industryValues = () =>
  `(VALUES ${INDUSTRY_SECTIONS.map(
    (s) =>
      `(${sqlString(s.code)}, ${sqlList(s.words)}, ${sqlList(s.shopWords)}, ${s.kwh}, ` +
      `${s.shopKwh}, ${s.tons}, ${s.shopTons}, ${s.price}, ${s.labor})`,
  ).join(', ')})`

export function marketEntityStatements({ random: r, sizes }: WorldContext): readonly string[] {
  const E = sizes.entities
  const W = sizes.persons
  const enterpriseSections = INDUSTRY_SECTIONS.map((s): Weighted => [s.code, s.enterpriseWeight])
  const individualSections = INDUSTRY_SECTIONS.map((s): Weighted => [s.code, s.individualWeight])
  const urban = COUNTIES.map((c): Weighted => [c.code, c.entityWeight])
  const rural = COUNTIES.map((c): Weighted => [c.code, c.ruralWeight])
  const population = COUNTIES.map((c): Weighted => [c.code, c.populationWeight])
  const M = BRANDS.length
  const brandMultiplier = coprimeMultiplier(M)
  const digitMultiplier = coprimeMultiplier(DIGIT_CODES)
  const maMultiplier = coprimeMultiplier(MA_CODES)
  const maSerial = `(i * ${maMultiplier} + ${r.index('0', 'ma-code', MA_CODES)}) % ${MA_CODES}`

  const entityBase = `
    CREATE TEMP TABLE demo_world_entity_base AS
    WITH kinds AS (
      SELECT i, CASE
          WHEN ${r.unit('i', 'kind')} < 0.65 THEN 'enterprise'
          WHEN ${r.unit('i', 'kind')} < 0.96 THEN 'individual'
          ELSE 'cooperative'
        END AS kind
      FROM range(${E}) t(i)
    ), placed AS (
      SELECT i, kind,
        CASE kind WHEN 'cooperative' THEN ${r.weighted(rural, 'i', 'county')}
          ELSE ${r.weighted(urban, 'i', 'county')} END AS district_code,
        CASE kind
          WHEN 'enterprise' THEN ${r.weighted(enterpriseSections, 'i', 'industry')}
          WHEN 'individual' THEN ${r.weighted(individualSections, 'i', 'industry')}
          ELSE 'A' END AS industry_code,
        -- Registrations grew fast after the 2014 reform: skew the dates toward recent years.
        CASE kind
          WHEN 'enterprise' THEN DATE '1995-01-01'
            + floor(pow(${r.unit('i', 'established')}, 0.55) * 11323)::INTEGER
          WHEN 'individual' THEN DATE '1995-01-01'
            + floor(pow(${r.unit('i', 'established')}, 0.35) * 11323)::INTEGER
          ELSE DATE '2008-01-01' + floor(pow(${r.unit('i', 'established')}, 0.7) * 6575)::INTEGER
        END AS established_on,
        CASE kind
          WHEN 'enterprise' THEN ${r.weighted(CAPITAL_ENTERPRISE, 'i', 'capital')}
          WHEN 'individual' THEN ${r.weighted(CAPITAL_INDIVIDUAL, 'i', 'capital')}
          ELSE ${r.weighted(CAPITAL_COOPERATIVE, 'i', 'capital')}
        END AS capital
      FROM kinds
    ), aged AS (
      SELECT *, (2026 - year(established_on)) / 31.0 AS age FROM placed
    )
    SELECT i, kind, district_code, industry_code, established_on,
      (CASE WHEN kind = 'enterprise' AND industry_code IN ${sqlTuple(HEAVY_SECTIONS)}
        THEN capital * 5 ELSE capital END)::DECIMAL(14, 2) AS registered_capital_wan,
      CASE
        WHEN ${r.unit('i', 'status')} < 0.03 + 0.14 * age THEN '注销'
        WHEN ${r.unit('i', 'status')} < 0.04 + 0.19 * age THEN '吊销'
        ELSE '存续'
      END AS status,
      -- Older closures fall before the window: their usage is all zeros.
      CASE WHEN ${r.unit('i', 'status')} < 0.04 + 0.19 * age THEN established_on + 30
        + floor(sqrt(${r.unit('i', 'closed')})
          * greatest(DATE '2026-10-31' - established_on - 30, 0))::INTEGER
      END AS closed_on
    FROM aged`

  const people = `
    CREATE TEMP TABLE demo_world_people AS
    WITH p AS (
      SELECT t.pid, t.pid < ${E} AS is_rep, b.district_code AS entity_district, b.established_on
      FROM range(${E + W}) t(pid) LEFT JOIN demo_world_entity_base b ON b.i = t.pid
    ), drawn AS (
      SELECT pid,
        CASE WHEN is_rep AND ${r.unit('pid', 'home')} < 0.7 THEN entity_district
          ELSE ${r.weighted(population, 'pid', 'region')} END AS region,
        ${r.unit('pid', 'sex')} < CASE WHEN is_rep THEN 0.72 ELSE 0.55 END AS male,
        (${r.unit('pid', 'age1')} + ${r.unit('pid', 'age2')}) / 2 AS age_draw,
        -- Representatives were 20 to 60 when they registered and born 1955-2000 (drawn within
        -- the bounds, not clamped, so no birthday piles up); workers are of working age.
        CASE WHEN is_rep THEN greatest(DATE '1955-01-01', established_on - INTERVAL 60 YEAR)::DATE
          ELSE DATE '1965-01-01' END AS born_after,
        CASE WHEN is_rep THEN least(DATE '2000-12-31', established_on - INTERVAL 20 YEAR)::DATE
          ELSE DATE '2006-12-31' END AS born_before
      FROM p
    ), born AS (
      SELECT pid, region, male,
        born_after + floor(age_draw * (born_before - born_after + 1))::INTEGER AS birth
      FROM drawn
    ), numbered AS (
      SELECT *,
        region::BIGINT * 100000 + (birth - DATE '1900-01-01') * 2 + male::INTEGER AS cohort,
        row_number() OVER (PARTITION BY region, birth, male ORDER BY pid) - 1 AS k
      FROM born
    ), coded AS (
      -- Sequence numbers are unique within a cohort (region, birth date, sex), odd for men: 495
      -- people per cohort, a bound the largest cohorts reach only far beyond scale 100.
      SELECT *, region || strftime(birth, '%Y%m%d')
        || lpad(
          ((k + ${r.index('cohort', 'sequence', 495)}) % 495 * 2 + 10 + male::INTEGER)::VARCHAR,
          3, '0') AS first17
      FROM numbered
    )
    SELECT pid, region, birth, male,
      ${r.weighted(SURNAMES, 'pid', 'surname')}
        || CASE WHEN male THEN ${r.pick(MALE_GIVEN_CHARS, 'pid', 'given1')}
          ELSE ${r.pick(FEMALE_GIVEN_CHARS, 'pid', 'given1')} END
        || CASE WHEN ${r.unit('pid', 'given-length')} < 0.3 THEN ''
          WHEN male THEN ${r.pick(MALE_GIVEN_CHARS, 'pid', 'given2')}
          ELSE ${r.pick(FEMALE_GIVEN_CHARS, 'pid', 'given2')} END AS name,
      first17 || gb11643_check_char(first17) AS id
    FROM coded`

  const brands = `
    CREATE TEMP TABLE demo_world_brands AS
    SELECT i AS idx, (${sqlList(BRANDS)})[i + 1] AS brand FROM range(${BRANDS.length}) t(i)`

  const entities = `
    CREATE TEMP TABLE demo_world_entities AS
    WITH parts AS (
      SELECT b.*, c.name AS county_name, ind.*,
        CASE b.kind
          WHEN 'enterprise' THEN CASE
            WHEN ${r.index('i', 'prefix', 100)} < 25 THEN c.name
            WHEN ${r.index('i', 'prefix', 100)} < 35 THEN '张家口市' || c.name
            WHEN ${r.index('i', 'prefix', 100)} < 50 THEN '张家口市'
            ELSE '张家口' END
          ELSE c.name END AS name_prefix,
        CASE b.kind
          WHEN 'enterprise' THEN ind.words[1 + ${r.index('i', 'word', 'len(ind.words)')}]
          WHEN 'individual' THEN ind.shop_words[1 + ${r.index('i', 'word', 'len(ind.shop_words)')}]
          ELSE ${r.pick(COOPERATIVE_WORDS, 'i', 'word')} END AS name_word,
        CASE
          WHEN b.kind = 'individual' THEN '（个体工商户）'
          WHEN b.kind = 'cooperative' THEN '专业合作社'
          WHEN b.registered_capital_wan >= 1000 AND ${r.unit('i', 'suffix')} < 0.25
            THEN '股份有限公司'
          WHEN ${r.unit('i', 'suffix')} < 0.3 THEN '有限责任公司'
          ELSE '有限公司' END AS name_suffix
      FROM demo_world_entity_base b
      JOIN ${countyValues()} c(code, name) ON c.code = b.district_code
      JOIN ${industryValues()}
        ind(code, words, shop_words, kwh, shop_kwh, tons, shop_tons, price, labor)
        ON ind.code = b.industry_code
    ), grouped AS (
      -- Within one (prefix, word, suffix) group the k-th entity takes the k-th 字号 of a
      -- permutation of BRANDS, so names are unique by construction.
      SELECT *,
        row_number() OVER (PARTITION BY name_prefix, name_word, name_suffix ORDER BY i) - 1 AS k,
        (hash(name_prefix || name_word || name_suffix) >> 16)::BIGINT AS name_group
      FROM parts
    ), branded AS (
      SELECT g.*, br.brand
        || CASE WHEN g.k // ${M} = 0 THEN ''
          ELSE ${sqlList(BRAND_EXTENSIONS)}[1 + (g.k // ${M} - 1) % ${BRAND_EXTENSIONS.length}]
          END AS brand
      FROM grouped g JOIN demo_world_brands br ON br.idx =
        (g.k % ${M} * ${brandMultiplier} + ${r.index('name_group', 'brand', M)}) % ${M}
    ), coded AS (
      SELECT *,
        CASE WHEN kind = 'enterprise' THEN '91' WHEN kind = 'individual' THEN '92' ELSE '93' END
          || district_code
          || CASE WHEN kind <> 'individual' AND established_on < DATE '${REFORM_DATE}'
            THEN lpad(((i * ${digitMultiplier} + ${r.index('0', 'digit-code', DIGIT_CODES)})
              % ${DIGIT_CODES})::VARCHAR, 8, '0')
            ELSE 'MA0' || ${base31(maSerial, 5)}
          END AS first16
      FROM branded
    ), checked AS (
      SELECT *, first16 || ${gb11714CheckSql('substr(first16, 9, 8)')} AS first17 FROM coded
    )
    SELECT e.i,
      e.first17 || gb32100_check_char(e.first17) AS uscc,
      e.name_prefix || e.brand || e.name_word || e.name_suffix AS name,
      p.name AS legal_rep_name,
      p.id AS legal_rep_id,
      ${r.weighted(MOBILE_PREFIXES, 'e.i', 'phone-prefix')}
        || lpad(${r.index('e.i', 'phone', 100_000_000)}::VARCHAR, 8, '0') AS legal_rep_phone,
      e.district_code, e.industry_code, e.registered_capital_wan, e.established_on, e.status,
      e.kind, e.closed_on, e.price,
      -- Monthly scale of use and of the workforce; the log-normal spread makes a few giants.
      CASE e.kind WHEN 'individual' THEN e.shop_kwh
        ELSE e.kwh * pow(e.registered_capital_wan::DOUBLE / 100, 0.45) END
        * exp(0.5 * ${r.normal('e.i', 'kwh')}) AS kwh_base,
      CASE e.kind WHEN 'individual' THEN e.shop_tons
        ELSE e.tons * pow(e.registered_capital_wan::DOUBLE / 100, 0.35) END
        * exp(0.5 * ${r.normal('e.i', 'tons')}) AS tons_base,
      CASE e.kind WHEN 'individual' THEN 2 WHEN 'cooperative' THEN 4
        ELSE greatest(1, round(8 * e.labor * pow(e.registered_capital_wan::DOUBLE / 100, 0.6)
          * exp(0.6 * ${r.normal('e.i', 'labor')})))
      END::BIGINT AS labor_weight
    FROM checked e JOIN demo_world_people p ON p.pid = e.i`

  return [entityBase, people, brands, entities]
}

export const MARKET_ENTITIES_QUERY = `
  SELECT uscc, name, legal_rep_name, legal_rep_id, legal_rep_phone, district_code, industry_code,
    registered_capital_wan, established_on, status
  FROM demo_world_entities ORDER BY uscc`

function sqlTuple(values: readonly string[]): string {
  return `(${values.map(sqlString).join(', ')})`
}
