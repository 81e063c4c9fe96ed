/**
 * Queries to start from, written for the demo world's tables (DEMO-WORLD.md) and checked against
 * the gate. A workspace shows those whose tables it was granted; a workspace with other tables
 * gets a count of each of its tables.
 */

export interface ExampleQuery {
  readonly zh: string
  readonly en: string
  /** What the example shows about the gate. */
  readonly noteZh: string
  readonly noteEn: string
  readonly tables: readonly string[]
  readonly sql: string
}

export const EXAMPLES: readonly ExampleQuery[] = [
  {
    zh: '各行业企业数与月均用电量',
    en: 'Enterprises and average electricity by industry',
    noteZh: '连接两张表（按统一社会信用代码），按行业分组；标识列只用于连接和去重计数。平均值取整，避免长小数被误认作号码。',
    noteEn: 'Joins two tables on the credit code and groups by industry; identifiers only join and count distinct. Averages are rounded, so long decimals are not mistaken for numbers such as mobiles.',
    tables: ['market_entities', 'electricity_usage'],
    sql: `SELECT m.industry_code, count(DISTINCT m.uscc) AS enterprises, round(avg(e.kwh), 1) AS avg_kwh
FROM market_entities m
JOIN electricity_usage e ON e.uscc = m.uscc
GROUP BY m.industry_code
ORDER BY m.industry_code`,
  },
  {
    zh: '行业 × 县区注册资本（看输出检查）',
    en: 'Registered capital by industry and district (see the output checks)',
    noteZh: '分组很细：企业不足 10 家的行被扣留，少数大户占比过高的合计被抑制。',
    noteEn: 'Fine groups: rows under 10 enterprises are withheld, totals dominated by a few large ones suppressed.',
    tables: ['market_entities'],
    sql: `SELECT m.industry_code, m.district_code, count(DISTINCT m.uscc) AS enterprises, sum(m.registered_capital_wan) AS capital
FROM market_entities m
GROUP BY m.industry_code, m.district_code
ORDER BY 1, 2`,
  },
  {
    zh: '纳税信用等级分布',
    en: 'Tax credit ratings by year',
    noteZh: '按年度和等级统计企业数。',
    noteEn: 'Enterprises per year and rating.',
    tables: ['tax_credit_ratings'],
    sql: `SELECT t.year, t.rating, count(DISTINCT t.uscc) AS enterprises
FROM tax_credit_ratings t
GROUP BY t.year, t.rating
ORDER BY t.year, t.rating`,
  },
  {
    zh: '各月参保单位数与平均缴费基数',
    en: 'Employers and average contribution base by month',
    noteZh: '社保表只授权了单位代码、月份和缴费基数。',
    noteEn: 'Only the employer code, month and contribution base are granted.',
    tables: ['social_insurance'],
    sql: `SELECT s.month, count(DISTINCT s.employer_uscc) AS employers, round(avg(s.contribution_base_yuan), 2) AS avg_base_yuan
FROM social_insurance s
GROUP BY s.month
ORDER BY s.month`,
  },
  {
    zh: '各县区 2025 年以来用水量',
    en: 'Water use by district since 2025',
    noteZh: '按维度筛选（月份）是允许的；按标识筛选不允许。',
    noteEn: 'Filtering on a dimension (the month) is allowed; on an identifier it is not.',
    tables: ['market_entities', 'water_usage'],
    sql: `SELECT m.district_code, count(DISTINCT m.uscc) AS enterprises, sum(w.tons) AS water_tons
FROM market_entities m
JOIN water_usage w ON w.uscc = m.uscc
WHERE w.month >= '2025-01'
GROUP BY m.district_code
ORDER BY m.district_code`,
  },
  {
    zh: '各景区接待人数（差分隐私）',
    en: 'Visitors per scenic spot (differential privacy)',
    noteZh: '一个求和加一次分组选择：约花费 2 × 每聚合 ε。',
    noteEn: 'One sum plus the group selection: about 2 × ε per aggregate.',
    tables: ['scenic_visits'],
    sql: `SELECT scenic_spot, sum(visitors) AS visitors
FROM scenic_visits
GROUP BY scenic_spot
ORDER BY scenic_spot`,
  },
  {
    zh: '崇礼区公交刷卡次数（差分隐私）',
    en: 'Bus boardings in Chongli (differential privacy)',
    noteZh: '不分组的单个计数：花费 1 × 每聚合 ε。',
    noteEn: 'One count, no groups: costs 1 × ε per aggregate.',
    tables: ['bus_trips'],
    sql: `SELECT count(*) AS trips
FROM bus_trips
WHERE district_code = '130709'`,
  },
  {
    zh: '崇礼区各线路刷卡次数（差分隐私）',
    en: 'Boardings per route in Chongli (differential privacy)',
    noteZh: '分组计数：太小的线路在加噪后可能不发布。',
    noteEn: 'Counts per group: small routes may be withheld after noise.',
    tables: ['bus_trips'],
    sql: `SELECT route, count(*) AS trips
FROM bus_trips
WHERE district_code = '130709'
GROUP BY route
ORDER BY route`,
  },
]

/** The examples a workspace can run: those whose tables it holds, else a count per table. */
export function examplesFor(tables: readonly string[]): readonly ExampleQuery[] {
  const held = new Set(tables)
  const fitting = EXAMPLES.filter((e) => e.tables.every((table) => held.has(table)))
  if (fitting.length > 0) return fitting
  return tables.map((table) => ({
    zh: `${table} 的记录数`,
    en: `Rows of ${table}`,
    noteZh: '最简单的聚合。',
    noteEn: 'The simplest aggregate.',
    tables: [table],
    sql: `SELECT count(*) AS records\nFROM ${table}`,
  }))
}
