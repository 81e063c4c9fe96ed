import type {
  CatalogFieldInput,
  CatalogResourceInput,
  FieldType,
  GeneralGrade,
  ImpactDegree,
  ImpactObject,
  PersonalInfoTag,
} from '../../catalog/catalog.ts'
import { INSURANCE_TYPES } from './social-insurance.sql.ts'
import { INDUSTRY_CODES } from './industries.ts'
import { BUS_ROUTES, COUNTY_CODES, PROVINCES, SCENIC_SPOTS } from './places.ts'
import { TAX_RATINGS } from './tax-credit-ratings.sql.ts'

/**
 * The catalog entries (公共数据资源目录) of the demo world's seven resources, as their sector
 * authorities would compile them: 2017 catalog-guide metadata and, per field, the GB/T 43697-2024
 * level and grade. All of it is general data (一般数据): identifiers of natural persons and
 * their movements grade 4 or 3, enterprise operations 2, public registration facts and
 * aggregates 1. Resource codes are 130700-<source>-<serial>.
 */

export const DEMO_RESOURCE_CODES = {
  market_entities: '130700-SCJG-0001',
  tax_credit_ratings: '130700-SCJG-0002',
  electricity_usage: '130700-GDGS-0001',
  water_usage: '130700-GSGS-0001',
  social_insurance: '130700-RSBZ-0001',
  bus_trips: '130700-GJJT-0001',
  scenic_visits: '130700-WHLY-0001',
} as const

const ENTITIES = DEMO_RESOURCE_CODES.market_entities

interface Grading {
  readonly grade: GeneralGrade
  readonly impactObject: ImpactObject
  readonly impactDegree: ImpactDegree
  readonly gradingBasis: string
}

// Grade 4: leaking it seriously harms the person (identity theft, fraud, stalking).
const personal4 = (gradingBasis: string): Grading =>
  ({ grade: 4, impactObject: 'individual_rights', impactDegree: 'serious', gradingBasis })
// Grade 3: harms a person in a limited way unless combined with a grade-4 identifier.
const personal3 = (gradingBasis: string): Grading =>
  ({ grade: 3, impactObject: 'individual_rights', impactDegree: 'general', gradingBasis })
// Grade 2 for a person: personal but neither identifying nor revealing on its own.
const personal2 = (gradingBasis: string): Grading =>
  ({ grade: 2, impactObject: 'individual_rights', impactDegree: 'general', gradingBasis })
// Grade 2: an enterprise's operations and credit; harm to its lawful interests.
const enterprise2 = (gradingBasis: string): Grading =>
  ({ grade: 2, impactObject: 'organization_rights', impactDegree: 'general', gradingBasis })
// Grade 1: public by law or an aggregate: no harm to any person or organization.
const public1 = (gradingBasis: string): Grading =>
  ({ grade: 1, impactObject: 'public_interest', impactDegree: 'none', gradingBasis })

type FieldOptions = Partial<
  Pick<
    CatalogFieldInput,
    'personalInfo' | 'identifier' | 'key' | 'nullable' | 'codeList' | 'range' | 'references'
  >
>

function fieldsOf(collectingOrgId: string) {
  return (
    name: string,
    title: string,
    dataType: FieldType,
    description: string,
    grading: Grading,
    options: FieldOptions = {},
  ): CatalogFieldInput => ({
    name,
    title,
    dataType,
    description,
    level: 'general',
    ...grading,
    personalInfo: options.personalInfo ?? ([] as readonly PersonalInfoTag[]),
    identifier: options.identifier ?? false,
    key: options.key ?? false,
    nullable: options.nullable ?? false,
    ...(options.codeList ? { codeList: options.codeList } : {}),
    ...(options.range ? { range: options.range } : {}),
    ...(options.references ? { references: options.references } : {}),
    collectingOrgId,
  })
}

const USCC_BASIS =
  '统一社会信用代码依法公示，单独泄露不损害企业权益；但它是把用电、用水、社保、' +
  '纳税等经营数据归集到具体企业的关联键，按关联后可能造成的影响从严定为2级。'
const MONTH_BASIS = '统计期（年月），不涉及个人或企业，公开无害。'
const ENTITY_REFERENCE = { resource: ENTITIES, field: 'uscc' } as const

const mr = fieldsOf('org-src-mr')

const marketEntities: CatalogResourceInput = {
  code: ENTITIES,
  tableName: 'market_entities',
  name: '市场主体登记信息',
  classification: { category: '经济建设', item: '市场主体', subItem: '登记信息' },
  providerOrgId: 'org-src-mr',
  providerCode: '130700-SCJGJ',
  abstract:
    '张家口市登记的企业、个体工商户和农民专业合作社的基本登记信息，包括统一社会信用代码、' +
    '名称、法定代表人（经营者）及其身份证号码和联系电话、所在县区、国民经济行业门类、' +
    '注册资本、成立日期和登记状态。',
  format: '数据库表',
  fields: [
    mr('uscc', '统一社会信用代码', 'string',
      '18位统一社会信用代码（GB 32100-2015），含组织机构代码校验位。',
      enterprise2(USCC_BASIS), { identifier: true, key: true }),
    mr('name', '市场主体名称', 'string', '登记的企业名称或个体工商户名称，全市唯一。',
      enterprise2('名称依法公示，但可直接识别具体企业，与经营数据关联后按2级管理。'),
      { identifier: true }),
    mr('legal_rep_name', '法定代表人姓名', 'string', '法定代表人、负责人或个体工商户经营者的姓名。',
      personal3('自然人姓名属于个人信息，与身份证号码、企业关联后可识别特定个人，定为3级。'),
      { personalInfo: ['personal_name'] }),
    mr('legal_rep_id', '法定代表人身份证号码', 'string', '18位居民身份号码（GB 11643-1999）。',
      personal4('身份证号码是敏感个人信息，可唯一识别自然人，泄露易导致身份冒用，定为4级。'),
      { personalInfo: ['id_number'], identifier: true }),
    mr('legal_rep_phone', '法定代表人联系电话', 'string', '法定代表人登记的11位手机号码。',
      personal3('手机号码可直接联系并识别个人，泄露易招致骚扰和诈骗，定为3级。'),
      { personalInfo: ['phone'] }),
    mr('district_code', '所在县区代码', 'string',
      '住所所在县级行政区划代码（GB/T 2260），张家口市16个县区之一。',
      public1('县级行政区划，依法公示的登记事项，公开无害。'), { codeList: COUNTY_CODES }),
    mr('industry_code', '行业门类', 'string', '国民经济行业分类（GB/T 4754-2017）门类字母A至T。',
      public1('依法公示的登记事项，公开无害。'), { codeList: INDUSTRY_CODES }),
    mr('registered_capital_wan', '注册资本（万元）', 'decimal',
      '注册资本或出资数额，单位万元人民币。',
      public1('依法公示的登记事项，公开无害。'), { range: { min: 0 } }),
    mr('established_on', '成立日期', 'date', '营业执照记载的成立日期。',
      public1('依法公示的登记事项，公开无害。')),
    mr('status', '登记状态', 'string', '存续（在营）、注销或吊销。',
      public1('依法公示的登记事项，公开无害。'), { codeList: ['存续', '注销', '吊销'] }),
  ],
  sharingType: 'conditional',
  sharingConditions:
    '法定代表人姓名、身份证号码和联系电话仅向履行法定职责的部门共享；其余字段无条件共享。',
  sharingMethod: '库表',
  openType: 'conditional',
  updateCycle: 'daily',
  publishDate: '2025-03-01',
  relatedCodes: [
    DEMO_RESOURCE_CODES.tax_credit_ratings,
    DEMO_RESOURCE_CODES.electricity_usage,
    DEMO_RESOURCE_CODES.water_usage,
    DEMO_RESOURCE_CODES.social_insurance,
  ],
}

const taxCreditRatings: CatalogResourceInput = {
  code: DEMO_RESOURCE_CODES.tax_credit_ratings,
  tableName: 'tax_credit_ratings',
  name: '纳税信用等级信息',
  classification: { category: '经济建设', item: '市场主体', subItem: '信用信息' },
  providerOrgId: 'org-src-mr',
  providerCode: '130700-SCJGJ',
  abstract:
    '市场主体2023至2025年度的纳税信用等级（A、B、M、C、D），由市场监管部门归集至企业信用信息，' +
    '用于信用评估和联合奖惩。',
  format: '数据库表',
  fields: [
    mr('uscc', '统一社会信用代码', 'string',
      '被评价市场主体的统一社会信用代码。', enterprise2(USCC_BASIS),
      { identifier: true, key: true, references: ENTITY_REFERENCE }),
    mr('year', '评价年度', 'integer', '纳税信用评价所属年度。', public1('评价年度，公开无害。'),
      { key: true, range: { min: 2023, max: 2025 } }),
    mr('rating', '纳税信用等级', 'string', 'A、B、M、C、D五级；新设立或无经营收入的为M。',
      enterprise2('仅A级依法向社会公布；其余等级泄露可能损害企业商誉和融资，定为2级。'),
      { codeList: TAX_RATINGS }),
  ],
  sharingType: 'conditional',
  sharingConditions: '用于信用监管、联合奖惩或经授权运营的信用评估场景。',
  sharingMethod: '库表',
  openType: 'conditional',
  updateCycle: 'yearly',
  publishDate: '2025-05-20',
  relatedCodes: [ENTITIES],
}

const power = fieldsOf('org-src-power')

const electricityUsage: CatalogResourceInput = {
  code: DEMO_RESOURCE_CODES.electricity_usage,
  tableName: 'electricity_usage',
  name: '企业月度用电信息',
  classification: { category: '经济建设', item: '能源供应', subItem: '企业用电' },
  providerOrgId: 'org-src-power',
  providerCode: '130700-GWGDGS',
  abstract: '辖区市场主体按月的用电量和电费金额，近24个月；注销或吊销后及成立前为零。',
  format: '数据库表',
  fields: [
    power('uscc', '统一社会信用代码', 'string',
      '用电户对应市场主体的统一社会信用代码。', enterprise2(USCC_BASIS),
      { identifier: true, key: true, references: ENTITY_REFERENCE }),
    power('month', '用电月份', 'string',
      '抄表月份，YYYY-MM。', public1(MONTH_BASIS), { key: true }),
    power('kwh', '用电量（千瓦时）', 'integer', '当月结算用电量。',
      enterprise2('反映企业生产经营状况，泄露可能损害企业权益，定为2级。'), { range: { min: 0 } }),
    power('amount_yuan', '电费金额（元）', 'decimal', '当月电费，按行业电价约0.5至0.9元/千瓦时。',
      enterprise2('反映企业经营成本，泄露可能损害企业权益，定为2级。'), { range: { min: 0 } }),
  ],
  sharingType: 'conditional',
  sharingConditions: '用于经济运行监测或经授权运营的场景，不得用于识别单个企业后对外提供。',
  sharingMethod: '库表',
  openType: 'conditional',
  updateCycle: 'monthly',
  publishDate: '2025-04-10',
  relatedCodes: [ENTITIES],
}

const water = fieldsOf('org-src-water')

const waterUsage: CatalogResourceInput = {
  code: DEMO_RESOURCE_CODES.water_usage,
  tableName: 'water_usage',
  name: '企业月度用水信息',
  classification: { category: '城乡建设', item: '公用事业', subItem: '企业用水' },
  providerOrgId: 'org-src-water',
  providerCode: '130700-ZLSGS',
  abstract: '辖区市场主体按月的用水量，近24个月；注销或吊销后及成立前为零。',
  format: '数据库表',
  fields: [
    water('uscc', '统一社会信用代码', 'string',
      '用水户对应市场主体的统一社会信用代码。', enterprise2(USCC_BASIS),
      { identifier: true, key: true, references: ENTITY_REFERENCE }),
    water('month', '用水月份', 'string',
      '抄表月份，YYYY-MM。', public1(MONTH_BASIS), { key: true }),
    water('tons', '用水量（吨）', 'decimal', '当月结算用水量，保留一位小数。',
      enterprise2('反映企业生产经营状况，泄露可能损害企业权益，定为2级。'), { range: { min: 0 } }),
  ],
  sharingType: 'conditional',
  sharingConditions: '用于经济运行监测或经授权运营的场景，不得用于识别单个企业后对外提供。',
  sharingMethod: '库表',
  openType: 'conditional',
  updateCycle: 'monthly',
  publishDate: '2025-04-10',
  relatedCodes: [ENTITIES],
}

const hrss = fieldsOf('org-src-hrss')

const socialInsurance: CatalogResourceInput = {
  code: DEMO_RESOURCE_CODES.social_insurance,
  tableName: 'social_insurance',
  name: '职工社会保险参保缴费信息',
  classification: { category: '民生服务', item: '社会保障', subItem: '参保缴费' },
  providerOrgId: 'org-src-hrss',
  providerCode: '130700-RSJ',
  abstract:
    '参保职工近12个月的社会保险缴费记录：每人每月一条，含身份证号码、姓名、参保单位、' +
    '缴费基数和该记录所属险种（养老、医疗、失业、工伤、生育之一）。',
  format: '数据库表',
  fields: [
    hrss('person_id', '公民身份号码', 'string', '参保人18位居民身份号码（GB 11643-1999）。',
      personal4('身份证号码是敏感个人信息，可唯一识别自然人，定为4级。'),
      { personalInfo: ['id_number'], identifier: true, key: true }),
    hrss('person_name', '姓名', 'string', '参保人姓名。',
      personal3('自然人姓名，与身份证号码和参保单位关联后可识别特定个人，定为3级。'),
      { personalInfo: ['personal_name'] }),
    hrss('employer_uscc', '参保单位统一社会信用代码', 'string',
      '缴费单位的统一社会信用代码，均为已登记市场主体。',
      enterprise2(USCC_BASIS), { identifier: true, references: ENTITY_REFERENCE }),
    hrss('month', '缴费月份', 'string',
      '费款所属期，YYYY-MM。', public1(MONTH_BASIS), { key: true }),
    hrss('contribution_base_yuan', '缴费基数（元）', 'decimal',
      '月缴费基数，在张家口市缴费基数上下限之间' +
        '（2025年度3500至24000元，2026年7月起3650至25000元）。',
      personal3('缴费基数反映个人工资收入，属个人信息，定为3级；按单位汇总后可降为2级使用。'),
      { personalInfo: ['income', 'social_insurance'], range: { min: 3500, max: 25000 } }),
    hrss('insurance_type', '险种', 'string', '该记录所属险种：养老、医疗、失业、工伤或生育。',
      personal2('参保险种属个人社会保险信息，但单独不能识别个人，定为2级。'),
      { personalInfo: ['social_insurance'], codeList: INSURANCE_TYPES }),
  ],
  sharingType: 'conditional',
  sharingConditions:
    '个人身份信息仅向履行法定职责的部门共享；授权运营场景仅可使用去标识化后按单位汇总的数据。',
  sharingMethod: '接口',
  openType: 'none',
  updateCycle: 'monthly',
  publishDate: '2025-06-30',
  relatedCodes: [ENTITIES],
}

const transit = fieldsOf('org-src-transit')
const TRAJECTORY_BASIS = '与卡号或身份证号码关联时是个人行踪轨迹的组成部分，定为3级；'

const busTrips: CatalogResourceInput = {
  code: DEMO_RESOURCE_CODES.bus_trips,
  tableName: 'bus_trips',
  name: '公交刷卡乘车记录',
  classification: { category: '城乡建设', item: '交通出行', subItem: '公交刷卡' },
  providerOrgId: 'org-src-transit',
  providerCode: '130700-GJJT',
  abstract:
    '张家口公交集团城区、宣化、崇礼及各县线路的刷卡乘车记录，含卡号、实名卡持卡人' +
    '身份证号码、线路、上车站点、站点所在县区和刷卡时间，覆盖2024/25和2025/26两个雪季。',
  format: '数据库表',
  fields: [
    transit('card_id', '交通卡号', 'string', '19位交通卡号（3107 0700开头，末位Luhn校验）。',
      personal3('卡号可长期关联同一乘客的全部出行，属个人信息，定为3级。'),
      { personalInfo: ['card_number'], identifier: true }),
    transit('person_id', '持卡人身份证号码', 'string',
      '实名登记卡的持卡人居民身份号码；非实名卡为空。',
      personal4('身份证号码与出行记录关联即构成特定个人的行踪轨迹，属敏感个人信息，定为4级。'),
      { personalInfo: ['id_number'], identifier: true, nullable: true }),
    transit('route', '线路', 'string', '乘车线路名称，如1路、宣化1路、崇礼滑雪专线1。',
      enterprise2('线路名称本身公开；逐条记录反映公交企业客流经营数据，定为2级。'),
      { codeList: BUS_ROUTES.map((r) => r.route) }),
    transit('boarding_stop', '上车站点', 'string', '刷卡上车的站点名称。',
      personal3(TRAJECTORY_BASIS + '汇总到站点后可降级使用。'),
      { personalInfo: ['trajectory'] }),
    transit('district_code', '站点所在县区代码', 'string',
      '上车站点所在县级行政区划代码（GB/T 2260）。',
      public1('县级行政区划，粒度粗，单独不构成轨迹，公开无害。'), { codeList: COUNTY_CODES }),
    transit('boarded_at', '刷卡时间', 'timestamp', '刷卡上车的时间（北京时间，精确到秒）。',
      personal3(TRAJECTORY_BASIS + '按时段汇总后可降级使用。'),
      { personalInfo: ['trajectory'] }),
  ],
  sharingType: 'conditional',
  sharingConditions: '卡号和身份证号码不予共享；出行数据仅以汇总或加噪形式用于交通、文旅分析。',
  sharingMethod: '接口',
  openType: 'none',
  updateCycle: 'daily',
  publishDate: '2025-09-15',
  relatedCodes: [DEMO_RESOURCE_CODES.scenic_visits],
}

const tourism = fieldsOf('org-src-tourism')

const scenicVisits: CatalogResourceInput = {
  code: DEMO_RESOURCE_CODES.scenic_visits,
  tableName: 'scenic_visits',
  name: '重点景区分客源地日接待人数',
  classification: { category: '文化旅游', item: '旅游', subItem: '景区客流' },
  providerOrgId: 'org-src-tourism',
  providerCode: '130700-WGLJ',
  abstract:
    '崇礼滑雪场、大境门、张北草原天路、蔚县暖泉古镇等重点景区每日按客源省份统计的接待人数，' +
    '近两年（含两个雪季）。',
  format: '数据库表',
  fields: [
    tourism('visit_date', '日期', 'date',
      '接待日期。', public1('统计日期，公开无害。'), { key: true }),
    tourism('scenic_spot', '景区名称', 'string', '重点景区名称。', public1('景区名称公开。'),
      { key: true, codeList: SCENIC_SPOTS.map((s) => s.name) }),
    tourism('origin_province', '客源省份', 'string',
      '游客来源的省级行政区（31个省、自治区、直辖市简称）。',
      public1('省级汇总维度，公开无害。'),
      { key: true, codeList: PROVINCES.map(([name]) => name) }),
    tourism('visitors', '接待人数', 'integer', '当日来自该省份的游客人次。',
      public1('按景区、日期和省份汇总的人数，不含个人信息，定为1级。'), { range: { min: 0 } }),
  ],
  sharingType: 'unconditional',
  sharingMethod: '接口',
  openType: 'unconditional',
  updateCycle: 'daily',
  publishDate: '2025-09-15',
  relatedCodes: [DEMO_RESOURCE_CODES.bus_trips],
}

/** One catalog entry per demo table, in DEMO_TABLES order. */
export const DEMO_CATALOG: readonly CatalogResourceInput[] = [
  marketEntities,
  electricityUsage,
  waterUsage,
  socialInsurance,
  taxCreditRatings,
  busTrips,
  scenicVisits,
]
