/**
 * The places of the demo world (DEMO-WORLD.md): 张家口's 16 county-level
 * divisions, its bus routes and stops, scenic spots, and where visitors come from. Route and stop
 * names are modelled on the real network; the weights are plausible, not statistics.
 */

export interface County {
  readonly code: string
  readonly name: string
  /** Share of market entities: the urban districts hold most of them. */
  readonly entityWeight: number
  /** Share of farmers' cooperatives: the rural counties of the plateau (坝上) and the south. */
  readonly ruralWeight: number
  /** Share of residents (birthplaces on ID numbers, bus cardholders). */
  readonly populationWeight: number
}

export const COUNTIES: readonly County[] = [
  { code: '130702', name: '桥东区', entityWeight: 17, ruralWeight: 1, populationWeight: 11 },
  { code: '130703', name: '桥西区', entityWeight: 16, ruralWeight: 1, populationWeight: 10 },
  { code: '130705', name: '宣化区', entityWeight: 14, ruralWeight: 4, populationWeight: 14 },
  { code: '130706', name: '下花园区', entityWeight: 2, ruralWeight: 1, populationWeight: 2 },
  { code: '130708', name: '万全区', entityWeight: 4, ruralWeight: 6, populationWeight: 5 },
  { code: '130709', name: '崇礼区', entityWeight: 5, ruralWeight: 4, populationWeight: 3 },
  { code: '130722', name: '张北县', entityWeight: 6, ruralWeight: 12, populationWeight: 8 },
  { code: '130723', name: '康保县', entityWeight: 3, ruralWeight: 9, populationWeight: 6 },
  { code: '130724', name: '沽源县', entityWeight: 3, ruralWeight: 9, populationWeight: 5 },
  { code: '130725', name: '尚义县', entityWeight: 3, ruralWeight: 8, populationWeight: 4 },
  { code: '130726', name: '蔚县', entityWeight: 6, ruralWeight: 10, populationWeight: 10 },
  { code: '130727', name: '阳原县', entityWeight: 3, ruralWeight: 7, populationWeight: 5 },
  { code: '130728', name: '怀安县', entityWeight: 3, ruralWeight: 7, populationWeight: 5 },
  { code: '130730', name: '怀来县', entityWeight: 7, ruralWeight: 8, populationWeight: 7 },
  { code: '130731', name: '涿鹿县', entityWeight: 5, ruralWeight: 8, populationWeight: 7 },
  { code: '130732', name: '赤城县', entityWeight: 3, ruralWeight: 7, populationWeight: 5 },
]

export const COUNTY_CODES: readonly string[] = COUNTIES.map((c) => c.code)

export const countyCode = (name: string): string => {
  const county = COUNTIES.find((c) => c.name === name)
  if (!county) throw new Error(`unknown county ${name}`)
  return county.code
}

/**
 * Route groups: a cardholder rides the routes of the home group; on ski-season days some trips
 * go to the ski group instead, which is the winter weekend pull toward 崇礼.
 */
export const ROUTE_GROUPS = [
  'city',
  'xuanhua',
  'xiahuayuan',
  'wanquan',
  'chongli',
  'ski',
  'zhangbei',
  'kangbao',
  'guyuan',
  'shangyi',
  'yuxian',
  'yangyuan',
  'huaian',
  'huailai',
  'zhuolu',
  'chicheng',
] as const
export type RouteGroup = (typeof ROUTE_GROUPS)[number]

/** Home groups of cards, weighted by ridership (the ski group is nobody's home). */
export const CARD_HOME_WEIGHTS: readonly (readonly [RouteGroup, number])[] = [
  ['city', 110],
  ['xuanhua', 28],
  ['xiahuayuan', 4],
  ['wanquan', 6],
  ['chongli', 6],
  ['zhangbei', 8],
  ['kangbao', 3],
  ['guyuan', 3],
  ['shangyi', 3],
  ['yuxian', 8],
  ['yangyuan', 3],
  ['huaian', 3],
  ['huailai', 9],
  ['zhuolu', 5],
  ['chicheng', 3],
]

export interface BusRoute {
  readonly route: string
  readonly group: RouteGroup
  /** Stops in order as [name, county name]. */
  readonly stops: readonly (readonly [string, string])[]
}

const inCounty = (county: string, names: readonly string[]) =>
  names.map((name) => [name, county] as const)

const QD = '桥东区'
const QX = '桥西区'
const CL = '崇礼区'

// The main city's stops and the district each lies in.
const CITY_STOPS: Readonly<Record<string, string>> = Object.fromEntries([
  ...['大境门', '堡子里', '明德北', '武城街', '人民公园', '通泰桥', '西坝岗', '工人新村', '明德南',
    '至善街', '元宝山', '怡安街', '长青路', '张家口南站', '新华街', '赐儿山'].map((n) => [n, QX]),
  ...['五一广场', '展览馆', '火车站', '胜利北路', '市政府', '钻石北路', '高新区管委会', '东兴街',
    '马路东', '老鸦庄', '沙岭子', '北方学院', '钻石南路'].map((n) => [n, QD]),
])

const inCity = (names: readonly string[]) =>
  names.map((name) => {
    const county = CITY_STOPS[name]
    if (!county) throw new Error(`stop ${name} has no district`)
    return [name, county] as const
  })

const route = (name: string, group: RouteGroup, stops: BusRoute['stops']): BusRoute => ({
  route: name,
  group,
  stops,
})

export const BUS_ROUTES: readonly BusRoute[] = [
  route('1路', 'city', inCity(['大境门', '堡子里', '明德北', '武城街', '人民公园', '通泰桥',
    '五一广场', '展览馆', '火车站'])),
  route('2路', 'city', inCity(['西坝岗', '工人新村', '明德南', '至善街', '胜利北路', '市政府',
    '钻石北路', '高新区管委会'])),
  route('3路', 'city', inCity(['元宝山', '怡安街', '武城街', '通泰桥', '东兴街', '马路东',
    '老鸦庄'])),
  route('5路', 'city', inCity(['火车站', '胜利北路', '市政府', '钻石南路', '北方学院',
    '高新区管委会'])),
  route('6路', 'city', inCity(['大境门', '明德北', '明德南', '长青路', '通泰桥', '展览馆',
    '市政府'])),
  route('9路', 'city', inCity(['张家口南站', '新华街', '人民公园', '五一广场', '东兴街',
    '火车站'])),
  route('11路', 'city', inCity(['赐儿山', '堡子里', '明德北', '胜利北路', '钻石北路', '沙岭子'])),
  route('16路', 'city', inCity(['工人新村', '西坝岗', '怡安街', '新华街', '展览馆', '马路东',
    '北方学院'])),
  route('21路', 'city', inCity(['火车站', '东兴街', '通泰桥', '至善街', '长青路', '元宝山'])),
  route('33路', 'city', inCity(['张家口南站', '明德南', '市政府', '钻石南路', '高新区管委会',
    '火车站'])),
  route('宣化1路', 'xuanhua', inCounty('宣化区', ['宣化火车站', '钟楼', '清远楼', '宣化区政府',
    '建国街', '宣钢'])),
  route('宣化3路', 'xuanhua', inCounty('宣化区', ['宣化客运站', '天泰寺', '清远楼', '宣化古城',
    '宣化北站'])),
  route('宣化5路', 'xuanhua', inCounty('宣化区', ['宣钢', '建国街', '钟楼', '宣化客运站'])),
  route('下花园1路', 'xiahuayuan', inCounty('下花园区', ['下花园火车站', '下花园区政府',
    '鸡鸣山'])),
  route('万全1路', 'wanquan', inCounty('万全区', ['万全客运站', '万全区政府', '万全右卫城',
    '孔家庄'])),
  route('崇礼1路', 'chongli', inCounty(CL, ['崇礼客运站', '崇礼区政府', '西湾子', '长城岭'])),
  route('崇礼2路', 'chongli', inCounty(CL, ['崇礼客运站', '崇礼奥运博物馆', '崇礼区政府',
    '富龙滑雪场'])),
  route('崇礼滑雪专线1', 'ski', inCounty(CL, ['崇礼客运站', '富龙滑雪场', '万龙滑雪场', '长城岭'])),
  route('崇礼滑雪专线2', 'ski', inCounty(CL, ['崇礼客运站', '太舞滑雪小镇', '云顶滑雪公园',
    '太子城站'])),
  route('太子城专线', 'ski', inCounty(CL, ['太子城站', '太子城冰雪小镇', '古杨树场馆群',
    '云顶滑雪公园'])),
  route('张北1路', 'zhangbei', inCounty('张北县', ['张北客运站', '张北县政府', '中都草原'])),
  route('康保1路', 'kangbao', inCounty('康保县', ['康保客运站', '康保县政府', '康巴诺尔公园'])),
  route('沽源1路', 'guyuan', inCounty('沽源县', ['沽源客运站', '沽源县政府', '闪电河'])),
  route('尚义1路', 'shangyi', inCounty('尚义县', ['尚义客运站', '尚义县政府', '南壕堑'])),
  route('蔚县1路', 'yuxian', inCounty('蔚县', ['蔚县客运站', '蔚州古城', '蔚县县政府',
    '暖泉古镇'])),
  route('阳原1路', 'yangyuan', inCounty('阳原县', ['阳原客运站', '阳原县政府', '泥河湾'])),
  route('怀安1路', 'huaian', inCounty('怀安县', ['柴沟堡', '怀安县政府', '怀安客运站'])),
  route('怀来1路', 'huailai', inCounty('怀来县', ['沙城客运站', '怀来县政府', '沙城站',
    '官厅水库'])),
  route('怀来2路', 'huailai', inCounty('怀来县', ['沙城站', '怀来县政府', '鸡鸣驿'])),
  route('涿鹿1路', 'zhuolu', inCounty('涿鹿县', ['涿鹿客运站', '涿鹿县政府', '黄帝城'])),
  route('赤城1路', 'chicheng', inCounty('赤城县', ['赤城客运站', '赤城县政府', '赤城温泉'])),
]

export interface ScenicSpot {
  readonly name: string
  readonly county: string
  /** Visitors on a peak-season weekday, all provinces together. */
  readonly peakDaily: number
  /** Percent of the peak, January to December. */
  readonly season: readonly number[]
  /** Which province mix its visitors follow. */
  readonly audience: 'ski' | 'local'
  /** Extra pull during the Spring Festival fortnight (e.g. 暖泉's 打树花). */
  readonly springFestival: number
}

const SKI_SEASON = [100, 100, 60, 12, 6, 8, 14, 14, 8, 6, 35, 85]
const GRASSLAND_SEASON = [2, 2, 3, 10, 35, 70, 100, 100, 70, 45, 5, 2]

const spot = (
  name: string,
  county: string,
  peakDaily: number,
  season: readonly number[],
  audience: ScenicSpot['audience'],
  springFestival: number,
): ScenicSpot => ({ name, county, peakDaily, season, audience, springFestival })

export const SCENIC_SPOTS: readonly ScenicSpot[] = [
  spot('崇礼万龙滑雪场', CL, 7000, SKI_SEASON, 'ski', 1.3),
  spot('太舞滑雪小镇', CL, 5200, SKI_SEASON, 'ski', 1.3),
  spot('云顶滑雪公园', CL, 6000, SKI_SEASON, 'ski', 1.3),
  spot('富龙滑雪场', CL, 4500, SKI_SEASON, 'ski', 1.3),
  spot('大境门', QX, 3200, [30, 35, 45, 60, 80, 85, 100, 100, 85, 80, 40, 30], 'local', 1.5),
  spot('张家口堡', QX, 1500, [30, 40, 45, 60, 80, 85, 100, 100, 85, 80, 40, 30], 'local', 1.8),
  spot('张北草原天路', '张北县', 8000, GRASSLAND_SEASON, 'local', 1),
  spot('中都原始草原', '张北县', 3000, GRASSLAND_SEASON, 'local', 1),
  spot('蔚县暖泉古镇', '蔚县', 2500, [45, 60, 40, 50, 70, 75, 100, 100, 80, 75, 30, 30], 'local',
    3.5),
  spot('鸡鸣驿', '怀来县', 900, [20, 25, 40, 70, 90, 90, 100, 100, 90, 85, 40, 20], 'local', 1.2),
  spot('黄帝城', '涿鹿县', 1200, [25, 40, 45, 80, 90, 85, 100, 100, 90, 90, 40, 25], 'local', 1.5),
]

/** The 31 mainland provincial divisions, with per-mille shares of ski and other visitors. */
export const PROVINCES: readonly (readonly [name: string, ski: number, local: number])[] = [
  ['北京', 420, 250],
  ['天津', 80, 60],
  ['河北', 170, 400],
  ['山西', 20, 45],
  ['内蒙古', 22, 50],
  ['辽宁', 18, 14],
  ['吉林', 6, 6],
  ['黑龙江', 5, 6],
  ['上海', 40, 16],
  ['江苏', 30, 18],
  ['浙江', 28, 15],
  ['安徽', 8, 8],
  ['福建', 10, 6],
  ['江西', 5, 5],
  ['山东', 25, 30],
  ['河南', 12, 20],
  ['湖北', 10, 8],
  ['湖南', 8, 6],
  ['广东', 40, 14],
  ['广西', 4, 3],
  ['海南', 2, 1],
  ['重庆', 5, 4],
  ['四川', 9, 6],
  ['贵州', 2, 2],
  ['云南', 3, 2],
  ['西藏', 1, 1],
  ['陕西', 8, 10],
  ['甘肃', 2, 3],
  ['青海', 1, 1],
  ['宁夏', 1, 2],
  ['新疆', 2, 3],
]

/** Public holidays of the window (approximate official schedules), as inclusive date ranges. */
export const HOLIDAYS: readonly (readonly [from: string, to: string])[] = [
  ['2025-01-01', '2025-01-01'],
  ['2025-01-28', '2025-02-04'],
  ['2025-04-04', '2025-04-06'],
  ['2025-05-01', '2025-05-05'],
  ['2025-05-31', '2025-06-02'],
  ['2025-10-01', '2025-10-08'],
  ['2026-01-01', '2026-01-03'],
  ['2026-02-15', '2026-02-23'],
  ['2026-04-04', '2026-04-06'],
  ['2026-05-01', '2026-05-05'],
  ['2026-06-19', '2026-06-21'],
  ['2026-09-25', '2026-09-27'],
  ['2026-10-01', '2026-10-07'],
]

/** From the eve of the Spring Festival to the Lantern Festival (元宵). */
export const SPRING_FESTIVALS: readonly (readonly [from: string, to: string])[] = [
  ['2025-01-28', '2025-02-12'],
  ['2026-02-16', '2026-03-03'],
]
