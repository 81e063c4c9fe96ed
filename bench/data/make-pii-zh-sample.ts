/**
 * Writes bench/data/pii-zh-sample.jsonl: 240 lines of synthetic Chinese text (notices, service
 * logs, forms) with their identifiers labelled, and decoys (order numbers, dates, amounts, IDs
 * with a wrong check digit, phone-like numbers of unallocated ranges) left unlabelled. Each line
 * is built part by part, so a label's span is where its text was put: correct by construction.
 * A seeded PRNG makes the file reproducible; it protects nothing (test data only).
 *
 *   npx tsx bench/data/make-pii-zh-sample.ts
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  luhnValid,
  organizationCodeCheckChar,
  residentIdFrom,
  usccFrom,
} from '../../src/modules/masking/identifiers.ts'

export type Entity = { readonly type: string; readonly start: number; readonly end: number }
export type SampleLine = { readonly text: string; readonly entities: readonly Entity[] }

const LINES = 240
const SEED = 20_261_127

/** mulberry32: small, fast, reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const random = prng(SEED)
const int = (n: number) => Math.floor(random() * n)
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!
const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('')

const REGIONS = ['130702', '130703', '130705', '130722', '130731', '110105', '120101', '440305', '320106', '510104']
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯曹彭田董'].concat(['欧阳', '司马', '诸葛'])
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲']
const ROADS = ['胜利北路', '建国路', '钻石南路', '长青路', '解放街', '钟楼大街', '东安大街', '新华街']
const CITIES: readonly [string, string, readonly string[]][] = [
  ['河北省', '张家口市', ['桥西区', '桥东区', '宣化区', '万全区', '崇礼区', '张北县']],
  ['河北省', '石家庄市', ['长安区', '裕华区']],
  ['', '北京市', ['海淀区', '朝阳区']],
  ['山西省', '大同市', ['平城区']],
]
const PLATE_PROVINCES = [...'冀京晋蒙津鲁']
const PLATE_LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXY']
const PLATE_CHARS = [...'0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'.replace(/[IO]/g, '')]
const MOBILE_PREFIXES = ['134', '138', '139', '150', '152', '158', '182', '187', '130', '131', '155', '185', '186', '133', '153', '177', '180', '189', '199', '166', '191']
const EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'example.cn', 'zjk.gov.cn']
const PINYIN = ['wangwei', 'lina', 'zhangmin', 'liuyang', 'chenjing', 'zhao.li', 'sun_hao', 'zjk2024']

function name(): string {
  const given = int(3) === 0 ? pick(GIVEN) : pick(GIVEN) + pick(GIVEN)
  return pick(SURNAMES) + given
}
function birth(): string {
  const y = 1950 + int(55)
  const m = 1 + int(12)
  const d = 1 + int(28)
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`
}
const residentId = () => residentIdFrom(pick(REGIONS), birth(), digits(3))
function wrongCheckId(): string {
  const id = residentId()
  const wrong = '0123456789X'.replace(id[17]!, '')
  return id.slice(0, 17) + wrong[int(wrong.length)]
}
function uscc(): string {
  const body = `${pick(['91', '92', '93'])}${pick(REGIONS)}MA0${pick(PLATE_CHARS)}${pick(PLATE_CHARS)}${digits(3)}`
  const withOrgCheck = body + organizationCodeCheckChar(body.slice(8, 16))
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(withOrgCheck)) return uscc()
  return usccFrom(withOrgCheck)
}
const mobile = () => pick(MOBILE_PREFIXES) + digits(8)
const badMobile = () => pick(['154', '140', '141', '128', '120', '194']) + digits(8)
// 010 (and 02x) numbers have 8 digits, the 03xx-09xx ones 7.
function landline(): string {
  const area = pick(['0313-', '(0313)', '010-', '0311-'])
  return area + String(2 + int(8)) + digits(area.startsWith('010') ? 7 : 6)
}
function bankCard(): string {
  const payload = '622' + pick(['202', '848', '700', '588']) + digits(12)
  for (let c = 0; c < 10; c++) if (luhnValid(payload + c)) return payload + c
  throw new Error('unreachable')
}
const email = () => `${pick(PINYIN)}${int(100)}@${pick(EMAIL_DOMAINS)}`
const passport = () => 'E' + digits(8)
const plate = () =>
  pick(PLATE_PROVINCES) + pick(PLATE_LETTERS) + Array.from({ length: 5 }, () => pick(PLATE_CHARS.slice(0, 10))).join('')
const ip = () => `${10 + int(200)}.${int(256)}.${int(256)}.${1 + int(254)}`
function address(): string {
  const [province, city, counties] = pick(CITIES)
  const road = pick(ROADS)
  const tail = int(2) === 0 ? `${1 + int(200)}号` : `${1 + int(99)}号院${1 + int(6)}单元${1 + int(20)}0${1 + int(4)}室`
  return `${int(3) === 0 ? '' : province}${city}${pick(counties)}${road}${tail}`
}
const orderNumber = () => pick(['DD', '订单', 'NO.', '']) + '2025' + digits(14)
const date = () => `2025年${1 + int(12)}月${1 + int(28)}日`
const amount = () => `${1 + int(9999)}.${digits(2)}元`

/** Parts of a line: plain text, or [type, text] for a labelled entity. */
type Part = string | readonly [string, string]

function line(parts: readonly Part[]): SampleLine {
  let text = ''
  const entities: Entity[] = []
  for (const part of parts) {
    if (typeof part === 'string') text += part
    else {
      entities.push({ type: part[0], start: text.length, end: text.length + part[1].length })
      text += part[1]
    }
  }
  return { text, entities }
}

const TEMPLATES: readonly (() => SampleLine)[] = [
  () => line(['【公告】根据有关规定，现将', date(), '受理的申请公示如下：申请人', ['personal_name', name()],
    '，公民身份号码', ['resident_id', residentId()], '，联系电话', ['mobile', mobile()], '。公示期5个工作日。']),
  () => line(['客服记录：', date(), ' 来电人', ['personal_name', name()], '反映订单', orderNumber(),
    '未发货，金额', amount(), '，回拨号码', ['mobile', mobile()], '，已转售后处理。']),
  () => line(['企业名称：张家口鑫源商贸有限公司；统一社会信用代码：', ['uscc', uscc()], '；法定代表人：',
    ['personal_name', name()], '；注册资本100万元；成立日期', date(), '。']),
  () => line(['住址：', ['address', address()], '，邮编075000，联系人：', ['personal_name', name()],
    '，固定电话', ['landline', landline()], '。']),
  () => line(['退款申请：持卡人', ['personal_name', name()], '，银行卡号', ['bank_card', bankCard()],
    '，退款', amount(), '，流水号', orderNumber(), '。']),
  () => line(['出境备案：', ['personal_name', name()], '，护照号码', ['passport', passport()], '，邮箱',
    ['email', email()], '，出行日期', date(), '。']),
  () => line(['违停通报：', date(), '，车牌', ['vehicle_plate', plate()], '在胜利北路违规停放，罚款200元，记3分。']),
  () => line(['系统日志：用户登录失败5次，来源IP ', ['ip_address', ip()], '，时间', date(), ' 10:32:15，已锁定账号。']),
  () => line(['核查发现身份证号', wrongCheckId(), '校验位错误，号码', badMobile(), '不是有效号段，请',
    ['personal_name', name().slice(0, 1)], '女士重新提交。']),
  () => line(['本季度全市新增市场主体1523户，同比增长12.5%，累计发放补贴', amount(), '，受理热线12345。']),
  () => line(['Ticket #', digits(8), ': customer ', ['email', email()], ' called from ', ['mobile', mobile()],
    ', order ', orderNumber(), ' refunded ', amount(), '.']),
  () => line(['社保缴费明细：姓名', ['personal_name', name()], '，证件号', ['resident_id', residentId()],
    '，缴费基数', amount(), '，单位代码', ['uscc', uscc()], '。']),
  () => line(['请于', date(), '前到张家口市桥西区政务服务中心办理，咨询电话', ['landline', landline()],
    '，工作时间9:00-17:00。']),
  () => line(['快递单号SF', digits(12), '，收件人', ['personal_name', name()], '，地址', ['address', address()],
    '，电话', ['mobile', mobile()], '。']),
]

const lines = Array.from({ length: LINES }, (_, i) => TEMPLATES[i % TEMPLATES.length]!())
// Every label is what was put there (a sanity check of the construction, not of a detector).
for (const l of lines) for (const e of l.entities) if (e.end <= e.start) throw new Error('empty span')

const out = join(dirname(fileURLToPath(import.meta.url)), 'pii-zh-sample.jsonl')
writeFileSync(out, lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
process.stdout.write(`wrote ${lines.length} lines, ${lines.reduce((n, l) => n + l.entities.length, 0)} entities to ${out}\n`)
