/**
 * GB/T 4754-2017 sections as the demo world uses them: how common each is among enterprises and
 * individual businesses (个体工商户) in a city like 张家口, the words their names are made of, and
 * the scale of their monthly electricity and water use. Plausible figures, not statistics.
 */
export interface IndustrySection {
  readonly code: string
  readonly title: string
  /** Per mille of enterprises. */
  readonly enterpriseWeight: number
  /** Per mille of individual businesses. */
  readonly individualWeight: number
  /** Business words of enterprise names (张家口 + 字号 + word + 有限公司). */
  readonly words: readonly string[]
  /** Shop words of individual businesses (县区 + 字号 + word + （个体工商户）). */
  readonly shopWords: readonly string[]
  /** kWh a month of an enterprise with 1,000,000 yuan registered capital. */
  readonly kwh: number
  /** kWh a month of an individual business. */
  readonly shopKwh: number
  /** Tons of water a month, enterprise and individual business. */
  readonly tons: number
  readonly shopTons: number
  /** Average electricity price, yuan per kWh (industrial and agricultural tariffs are lower). */
  readonly price: number
  /** Insured employees relative to size. */
  readonly labor: number
}

const section = (
  code: string,
  title: string,
  weights: readonly [enterprise: number, individual: number],
  words: readonly string[],
  shopWords: readonly string[],
  use: readonly [kwh: number, shopKwh: number, tons: number, shopTons: number],
  price: number,
  labor: number,
): IndustrySection => ({
  code,
  title,
  enterpriseWeight: weights[0],
  individualWeight: weights[1],
  words,
  shopWords,
  kwh: use[0],
  shopKwh: use[1],
  tons: use[2],
  shopTons: use[3],
  price,
  labor,
})

export const INDUSTRY_SECTIONS: readonly IndustrySection[] = [
  section('A', '农、林、牧、渔业', [40, 0],
    ['农业科技', '农牧业', '生态农业', '林业', '蔬菜种植', '畜牧养殖', '马铃薯种植', '农业开发'],
    ['养殖场'], [3000, 800, 600, 40], 0.52, 0.6),
  section('B', '采矿业', [10, 0], ['矿业', '矿产品开发', '石材', '萤石矿业'],
    ['采石场'], [50000, 2000, 1500, 50], 0.6, 2),
  section('C', '制造业', [90, 20],
    ['机械制造', '食品', '乳业', '建材', '新材料', '服装', '包装', '化工', '汽车零部件',
      '燕麦食品', '葡萄酒业', '装备制造', '铸造'],
    ['豆腐坊', '面粉加工坊', '食品加工坊'], [30000, 1200, 1200, 20], 0.62, 2.5),
  section('D', '电力、热力、燃气及水生产和供应业', [20, 0],
    ['新能源', '风力发电', '光伏发电', '热力', '燃气', '供热'],
    ['燃气站'], [15000, 1000, 2000, 20], 0.58, 1),
  section('E', '建筑业', [100, 0],
    ['建筑工程', '建筑安装工程', '装饰工程', '路桥工程', '市政工程', '水利工程', '钢结构工程'],
    ['装修队'], [4000, 400, 200, 10], 0.72, 2.5),
  section('F', '批发和零售业', [300, 450],
    ['商贸', '贸易', '物资', '百货', '医药', '汽车销售', '农资', '五金建材', '食品销售'],
    ['便利店', '超市', '五金店', '烟酒店', '水果店', '日用品商店', '服装店', '建材经销部', '粮油店',
      '手机店'],
    [2500, 600, 40, 5], 0.8, 0.8),
  section('G', '交通运输、仓储和邮政业', [40, 50],
    ['物流', '运输', '客运', '货运', '仓储', '快递服务'],
    ['货运部', '搬家服务部', '物流配送站'], [5000, 400, 80, 5], 0.7, 1.5),
  section('H', '住宿和餐饮业', [40, 280],
    ['餐饮管理', '酒店管理', '宾馆', '餐饮服务', '度假村'],
    ['饭店', '小吃店', '面馆', '莜面馆', '烧烤店', '饺子馆', '农家院', '宾馆', '快餐店'],
    [9000, 1500, 400, 40], 0.82, 2),
  section('I', '信息传输、软件和信息技术服务业', [50, 0],
    ['网络科技', '信息技术', '软件', '数据科技', '通信技术', '云计算'],
    ['网吧'], [4000, 900, 60, 5], 0.76, 1.5),
  section('J', '金融业', [6, 0], ['小额贷款', '融资担保'], ['典当行'], [3000, 500, 30, 5], 0.8, 1),
  section('K', '房地产业', [40, 0], ['房地产开发', '物业服务', '置业', '房地产经纪'],
    ['房屋中介'], [5000, 300, 200, 5], 0.77, 0.8),
  section('L', '租赁和商务服务业', [120, 0],
    ['商务咨询', '企业管理咨询', '广告', '人力资源服务', '旅行社', '会展服务', '设备租赁'],
    ['广告部'], [1800, 300, 30, 5], 0.8, 1),
  section('M', '科学研究和技术服务业', [70, 0],
    ['工程设计', '检测', '技术服务', '环保科技', '勘察设计', '工程咨询'],
    ['技术服务部'], [3000, 300, 60, 5], 0.74, 1.2),
  section('N', '水利、环境和公共设施管理业', [15, 0],
    ['园林绿化', '环境治理', '市政设施管理', '环卫服务'],
    ['绿化队'], [5000, 300, 300, 10], 0.66, 1.5),
  section('O', '居民服务、修理和其他服务业', [20, 150],
    ['家政服务', '汽车维修', '洗浴服务', '美容美发'],
    ['理发店', '美发店', '洗车行', '汽车修理部', '家电维修部', '洗衣店', '修鞋店'],
    [2000, 500, 150, 30], 0.83, 1.5),
  section('P', '教育', [7, 0], ['教育科技', '职业技能培训'], ['托管班'],
    [4000, 300, 300, 10], 0.55, 2),
  section('Q', '卫生和社会工作', [7, 20], ['养老服务', '医院管理', '康复医疗', '健康管理'],
    ['诊所', '中医诊所', '口腔诊所'], [8000, 500, 500, 10], 0.6, 2.5),
  section('R', '文化、体育和娱乐业', [25, 30],
    ['文化传媒', '体育发展', '滑雪俱乐部', '文化旅游', '影视'],
    ['棋牌室', '台球厅'], [5000, 800, 200, 8], 0.8, 1),
  section('S', '公共管理、社会保障和社会组织', [0, 0], ['社会服务'], ['服务部'],
    [3000, 300, 50, 5], 0.56, 1),
  section('T', '国际组织', [0, 0], ['国际交流'], ['服务部'], [3000, 300, 50, 5], 0.6, 1),
]

export const INDUSTRY_CODES: readonly string[] = INDUSTRY_SECTIONS.map((s) => s.code)

/** Farmers' professional cooperatives (农民专业合作社, USCC category 93) are all section A. */
export const COOPERATIVE_WORDS: readonly string[] = [
  '马铃薯种植', '蔬菜种植', '杂粮种植', '肉羊养殖', '奶牛养殖', '燕麦种植', '中药材种植',
  '食用菌种植', '葡萄种植', '蔬菜产销',
]
