/**
 * Detectors of Chinese personal and organizational identifiers in free text and in sampled
 * columns, for the masking module and the catalog's value scans. Every detector validates what
 * its pattern finds (check characters, dates, regions, number ranges, Luhn); a bare pattern match
 * gives low confidence or nothing.
 *
 * Speed: one loop over the character codes finds the candidates (alphanumeric runs with their
 * digit groups, '@', ':', plates, name labels, address heads): a character says which may start
 * there, and only those are matched, by small sticky regexes. Only candidates long enough to be
 * an identifier are sliced and validated, cheapest check first. Nothing is allocated per
 * character or per rejected run.
 *
 * Spans: `start`/`end` are UTF-16 code-unit offsets into the string as given (`text.slice(start,
 * end)` is the finding), `end` exclusive. Full-width digits and letters (０-９, Ａ-Ｚ, ａ-ｚ)
 * are read as their ASCII forms: each is one code unit, so spans stay those of the input.
 */
import { isIP } from 'node:net'
import { suggestTagsByName, type PersonalInfoTag } from '../catalog/catalog.ts'
import {
  luhnValid,
  residentIdCheckChar,
  validateResidentId,
  validateUscc,
  type ResidentIdCheck,
} from './identifiers.ts'

export const DETECTOR_TYPES = [
  'resident_id',
  'uscc',
  'mobile',
  'landline',
  'bank_card',
  'card_number',
  'email',
  'passport',
  'vehicle_plate',
  'ip_address',
  'address',
  'personal_name',
] as const
export type DetectorType = (typeof DETECTOR_TYPES)[number]

export const DETECTOR_SUBJECTS = ['person', 'organization'] as const
export type DetectorSubject = (typeof DETECTOR_SUBJECTS)[number]

/**
 * Whom each type identifies and its catalog tag. A USCC names an organization: it is reported
 * but never makes a field personal. Plates and IP addresses point at a person but the catalog
 * has no tag for them (GB/T 35273 annex A lists neither), so their tag is null.
 */
export const DETECTOR_KINDS: Readonly<
  Record<DetectorType, { readonly subject: DetectorSubject; readonly tag: PersonalInfoTag | null }>
> = {
  resident_id: { subject: 'person', tag: 'id_number' },
  uscc: { subject: 'organization', tag: null },
  mobile: { subject: 'person', tag: 'phone' },
  landline: { subject: 'person', tag: 'phone' },
  bank_card: { subject: 'person', tag: 'bank_card' },
  card_number: { subject: 'person', tag: 'card_number' },
  email: { subject: 'person', tag: 'email' },
  passport: { subject: 'person', tag: 'id_number' },
  vehicle_plate: { subject: 'person', tag: null },
  ip_address: { subject: 'person', tag: null },
  address: { subject: 'person', tag: 'address' },
  personal_name: { subject: 'person', tag: 'personal_name' },
}

export type Finding = {
  readonly type: DetectorType
  /** UTF-16 code-unit offset of the first character. */
  readonly start: number
  /** UTF-16 code-unit offset after the last character. */
  readonly end: number
  /** The matched text, when `includeValues` is set. */
  readonly value?: string
  /** 0..1: how sure the detector is that this is the type, after validation. */
  readonly confidence: number
}

export type ScanOptions = {
  /** Findings below this are dropped before overlaps are resolved. Default 0.4. */
  readonly minConfidence?: number
  /** Put the matched text into each finding. Default false. */
  readonly includeValues?: boolean
  /** Only these types. Default all. */
  readonly types?: readonly DetectorType[]
  /** "Today" for birth dates in the future, judged in China. Default now. */
  readonly today?: Date
}

const DEFAULT_MIN_CONFIDENCE = 0.4

// ---------------------------------------------------------------------------------------------
// The pre-filter

const HAN = '\\u4e00-\\u9fa5'
const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'
const PROVINCE_NAMES =
  '(?:北京|天津|上海|重庆)市|(?:河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|' +
  '湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾)省|内蒙古自治区|广西壮族自治区|西藏自治区|' +
  '宁夏回族自治区|新疆维吾尔自治区'
// Words after which a name follows, and titles before which one stands.
const NAME_LABELS =
  '姓名|联系人|法定代表人|法人代表|法人|负责人|申请人|经办人|收件人|收货人|户主|持卡人|投诉人|举报人|当事人|患者|客户|来电人'
const NAME_TITLES = '先生|女士|同志|师傅'

/**
 * What may start at a Han character, tried in this order at each position: a plate, a name
 * label, a title, the head of an address. Each alternative is linear (no nested quantifiers over
 * the same characters). Groups are numbered, not named: a named match allocates a groups object
 * per match. Run sticky, only at a character in HAN_STARTS.
 */
const HAN_PREFILTER = new RegExp(
  [
    // 1. A plate: province abbreviation, letter, 4-6 characters.
    `([${PLATE_PROVINCES}][A-HJ-NP-Z][·• ]?[0-9A-HJ-NP-Z]{4,6}[挂学警港澳]?)`,
    `(${NAME_LABELS})`, // 2
    `(${NAME_TITLES})`, // 3
    `(${PROVINCE_NAMES})`, // 4. An address starting with a province.
  ].join('|'),
  'y',
)
// The head of any other address, after the alternatives above: a city, or a street right before
// a house number. Tried only where one of these ends, looked up ahead of the scan, is near.
const ADDRESS_HEAD = new RegExp(
  `[${HAN}]{2,4}?(?:市|自治州)|[${HAN}]{1,8}?(?:路|街|大道|巷)(?=[0-9０-９]{1,5}号)`,
  'y',
)
// The first character of each alternative of HAN_PREFILTER.
const HAN_STARTS = charCodeSet(
  PLATE_PROVINCES +
    [NAME_LABELS, NAME_TITLES, PROVINCE_NAMES]
      .map((words) => words.replaceAll('(?:', '|').split('|').map((word) => word.charAt(0)).join(''))
      .join(''),
)
// Tried at a digit before the alphanumeric run, which would swallow its first octet.
const IPV4 = /\d{1,3}(?:\.\d{1,3}){3}(?![0-9A-Za-z]|\.\d)/y
// Past any string's end, and a small integer (a larger number would be a double in the loop).
const NONE = 0x3fffffff

function matchesAt(sticky: RegExp, text: string, at: number): boolean {
  sticky.lastIndex = at
  return sticky.test(text)
}

/** Where `word` next occurs at or after `from`; NONE if nowhere. */
function nextIndex(text: string, word: string, from: number): number {
  const i = text.indexOf(word, from)
  return i < 0 ? NONE : i
}

/**
 * Where the next road ending (路, 街, 大道, 巷) right before a house number (1-5 digits and 号)
 * starts, at or after `from`; NONE if nowhere. Found back from each 号.
 */
function nextRoadEnd(text: string, from: number): number {
  let number = text.indexOf('号', from + 2)
  for (; number >= 0; number = text.indexOf('号', number + 1)) {
    let digits = number
    while (digits > 0 && isDigit(text.charCodeAt(digits - 1))) digits--
    if (number - digits < 1 || number - digits > 5) continue
    const last = text.charCodeAt(digits - 1)
    let start = -1
    if (last === ROAD || last === STREET || last === LANE) start = digits - 1
    else if (last === AVENUE_END && text.charCodeAt(digits - 2) === AVENUE_START) start = digits - 2
    if (start >= from) return start
  }
  return NONE
}
const [ROAD, STREET, LANE, AVENUE_START, AVENUE_END] = [...'路街巷大道'].map((c) => c.charCodeAt(0))

// ---------------------------------------------------------------------------------------------
// Scanning free text

/**
 * The identifiers in a text the platform is about to publish or show (a product's description, a
 * registration's changes, an objection's reason): those of persons and, with `enterprises`,
 * enterprise credit codes, found with a confidence of 0.6 or more.
 */
export function identifiersIn(text: string, options: { readonly enterprises?: boolean } = {}): Finding[] {
  return scanText(text, { minConfidence: 0.6 }).filter((f) => DETECTOR_KINDS[f.type].subject === 'person' || (options.enterprises === true && f.type === 'uscc'))
}

/** Findings counted by type, for a refusal: `resident_id ×1, phone ×2`. */
export function countedTypes(findings: readonly { readonly type: string }[]): string {
  const counts = new Map<string, number>()
  for (const f of findings) counts.set(f.type, (counts.get(f.type) ?? 0) + 1)
  return [...counts].map(([type, n]) => `${type} ×${n}`).join(', ')
}

/** Findings in free text, overlaps resolved (highest confidence, then longest), by position. */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE
  const wanted = options.types ? new Set<DetectorType>(options.types) : undefined
  const scan: Scan = { today: options.today ?? new Date(), minConfidence, wanted, candidates: [] }
  findCandidates(text, scan)
  const resolved = resolveOverlaps(scan.candidates)
  return options.includeValues
    ? resolved.map((f) => ({ ...f, value: text.slice(f.start, f.end) }))
    : resolved
}

/**
 * The pre-filter: at each position the character says what may start there (an IPv4 address or
 * an alphanumeric run, '@', ':', or at a Han character a plate, a name label, a title or an
 * address head), in the order those are tried.
 */
function findCandidates(text: string, scan: Scan): void {
  const n = text.length
  // The next 市, 自治州 and road end at or after where each was last looked for.
  let cityAt = -1
  let prefectureAt = -1
  let roadAt = -1
  let at = 0
  while (at < n) {
    const c = text.charCodeAt(at)
    if (isHan(c)) {
      const resume = HAN_STARTS[c] === 1 ? scanHanAt(text, at, scan) : -1
      if (resume >= 0) {
        at = resume
        continue
      }
      // An address head ending in 市/自治州 2-4 characters on, or in a road 1-8 on.
      if (cityAt < at + 2) cityAt = nextIndex(text, '市', at + 2)
      if (prefectureAt < at + 2) prefectureAt = nextIndex(text, '自治州', at + 2)
      if (roadAt < at + 1) roadAt = nextRoadEnd(text, at + 1)
      const near = cityAt <= at + 4 || prefectureAt <= at + 4 || roadAt <= at + 8
      if (near && matchesAt(ADDRESS_HEAD, text, at)) {
        // On a miss, look again from the next character: a label may sit inside the head.
        at = detectAddress(text, at, scan)
      } else at++
    } else if (isAlnum(c)) {
      at = scanRunAt(text, at, scan)
    } else if (c === 64) {
      at = Math.max(at + 1, detectEmail(text, at, scan))
    } else if (c === 58) {
      at = Math.max(at + 1, detectIpv6(text, at, scan))
    } else at++
  }
}

/**
 * A plate, label, title or province at `start`; returns where scanning resumes, -1 if none of
 * them is there.
 */
function scanHanAt(text: string, start: number, scan: Scan): number {
  HAN_PREFILTER.lastIndex = start
  const match = HAN_PREFILTER.exec(text)
  if (match === null) return -1
  const end = start + match[0].length
  if (match[1] !== undefined) detectPlate(text, start, match[1], scan)
  else if (match[2] !== undefined) detectLabelledName(text, end, scan)
  else if (match[3] !== undefined) detectTitledName(text, start, scan)
  // On a miss, look again from the next character: a label may sit inside the province.
  else return detectAddress(text, start, scan)
  return end
}

/**
 * An IPv4 address or an alphanumeric run at `start`; returns its end. Nothing shorter than a
 * passport number (9) is an identifier of its own, except the number after "(0313)".
 */
function scanRunAt(text: string, start: number, scan: Scan): number {
  const c1 = text.charCodeAt(start + 1)
  if (c1 === 46 || text.charCodeAt(start + 2) === 46 || text.charCodeAt(start + 3) === 46) {
    IPV4.lastIndex = start
    const ip = IPV4.exec(text)
    if (ip !== null) {
      detectIpv4(text, start, ip[0], scan)
      return IPV4.lastIndex
    }
  }
  const end = runEnd(text, start)
  const before = start > 0 ? text.charCodeAt(start - 1) : 0
  const afterParenthesis = before === 41 || before === 0xff09
  if (end - start >= MIN_RUN || afterParenthesis) {
    detectRun(text, start, text.slice(start, end), scan)
  }
  return end
}

/**
 * The end of the alphanumeric run at `start` with the digit groups after single spaces or
 * dashes that join it ("138 0013 8000", "110105 19491231 002X"): only whole digit groups, each
 * with an optional final X, and not when one runs on into letters, a decimal or a dotted address.
 */
function runEnd(text: string, start: number): number {
  let end = start + 1
  while (isAlnum(text.charCodeAt(end))) end++
  for (;;) {
    const separator = text.charCodeAt(end)
    if (separator !== 32 && separator !== 45) return end
    let k = end + 1
    while (isDigit(text.charCodeAt(k))) k++
    if (k === end + 1) return end
    const x = text.charCodeAt(k)
    if (x === 88 || x === 120 || x === 0xff38 || x === 0xff58) k++
    const after = text.charCodeAt(k)
    if (isAlnum(after) || (after === 46 && isAsciiDigit(text.charCodeAt(k + 1)))) return end
    end = k
  }
}

/**
 * One scan's options and what its detectors found so far. A plain object, not a closure: every
 * scan passes the detectors the same shape and `add` the same function, so their optimized code
 * holds from one scan to the next.
 */
type Scan = {
  readonly today: Date
  readonly minConfidence: number
  readonly wanted: ReadonlySet<DetectorType> | undefined
  readonly candidates: Finding[]
}

function add(scan: Scan, type: DetectorType, start: number, end: number, confidence: number): void {
  if (confidence < scan.minConfidence || (scan.wanted && !scan.wanted.has(type))) return
  scan.candidates.push({ type, start, end, confidence })
}

const isAsciiDigit = (c: number) => c >= 48 && c <= 57
const isDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)
const isAsciiAlnum = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
const isFullWidthAlnum = (c: number) =>
  (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)
const isAlnum = (c: number) => isAsciiAlnum(c) || isFullWidthAlnum(c)
const isHan = (c: number) => c >= 0x4e00 && c <= 0x9fa5

/** Full-width digits and letters as ASCII; one code unit each, so offsets do not move. */
export function toHalfWidth(value: string): string {
  return value.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  )
}

// ---------------------------------------------------------------------------------------------
// Alphanumeric runs: IDs, USCCs, phones, cards, passports

type Group = { readonly start: number; readonly end: number; readonly text: string }

const MAX_DIGITS = 19
const MIN_RUN = 9
const FULL_WIDTH = /[\uFF10-\uFF5A]/
/** Digits with an optional final X: one group of a number. */
function isDigitGroup(group: string): boolean {
  const digits = endsWithX(group) ? group.length - 1 : group.length
  if (digits === 0) return false
  for (let i = 0; i < digits; i++) if (!isAsciiDigit(group.charCodeAt(i))) return false
  return true
}

/** A run of digits that is part of a decimal number: 232265.17183462533 holds no mobile number. */
function inDecimal(text: string, start: number, end: number): boolean {
  const dot = (at: number) => text.charCodeAt(at) === 46 || text.charCodeAt(at) === 0xff0e
  return (start >= 2 && dot(start - 1) && isDigit(text.charCodeAt(start - 2))) || (dot(end) && isDigit(text.charCodeAt(end + 1)))
}

function detectRun(text: string, start: number, run: string, scan: Scan): void {
  if (inDecimal(text, start, start + run.length)) return
  const normalized = FULL_WIDTH.test(run) ? toHalfWidth(run) : run
  const groups = splitGroups(normalized, start)
  const before = start > 0 ? text.charCodeAt(start - 1) : 0
  const plus = before === 43 || before === 0xff0b
  const parenthesizedArea = areaCodeInParentheses(text, start)
  for (let i = 0; i < groups.length; i++) {
    const first = groups[i]!
    if (!isDigitGroup(first.text)) {
      detectAlphanumeric(text, first, scan)
      continue
    }
    // Every stretch of consecutive digit groups short enough to be one number: "138 0013 8000",
    // "110105 19491231 002X", "0313-1234567".
    let digits = ''
    for (let j = i; j < groups.length; j++) {
      const group = groups[j]!
      if (!isDigitGroup(group.text) || endsWithX(digits)) break
      digits += group.text
      if (digits.length > MAX_DIGITS + 2) break
      const candidate: DigitCandidate = {
        start: first.start,
        end: group.end,
        digits,
        groupCount: j - i + 1,
        firstLength: first.text.length,
        plus: i === 0 && plus,
        areaCode: i === 0 ? parenthesizedArea : undefined,
      }
      detectDigits(text, candidate, scan)
    }
  }
}

function splitGroups(run: string, offset: number): Group[] {
  const groups: Group[] = []
  let from = 0
  for (let i = 0; i <= run.length; i++) {
    if (i === run.length || run.charCodeAt(i) === 32 || run.charCodeAt(i) === 45) {
      groups.push({ start: offset + from, end: offset + i, text: run.slice(from, i) })
      from = i + 1
    }
  }
  return groups
}

type DigitCandidate = {
  readonly start: number
  readonly end: number
  readonly digits: string
  readonly groupCount: number
  readonly firstLength: number
  readonly plus: boolean
  /** "(0313)" right before the digits, as the area code of a landline. */
  readonly areaCode: { readonly start: number; readonly code: string } | undefined
}

const endsWithX = (digits: string) =>
  digits.length > 0 && (digits.charCodeAt(digits.length - 1) | 0x20) === 120

function areaCodeInParentheses(text: string, start: number) {
  // Only after ")" or ") ".
  const before = text.charCodeAt(start - 1)
  const close = before === 32 ? text.charCodeAt(start - 2) : before
  if (close !== 41 && close !== 0xff09) return undefined
  const m = /[(（](0\d{2,3})[)）] ?$/.exec(text.slice(Math.max(0, start - 8), start))
  return m ? { start: start - m[0].length, code: m[1]! } : undefined
}

function detectDigits(text: string, c: DigitCandidate, scan: Scan): void {
  const { digits } = c
  // Grouping across separators is a guess: the same digits unbroken are a little surer.
  const joined = c.groupCount > 1
  const grouping = joined ? 0.97 : 1
  const n = digits.length
  // Only the last group may end in X.
  const x = endsWithX(digits)
  if (n === 18) {
    // Validation reads the birth date against today, which is dear: a wrong check character
    // (one 18-digit number in eleven gets it right by chance) settles most numbers first.
    const checkChar = residentIdCheckChar(digits.slice(0, 17)) === digits[17]!.toUpperCase()
    const id = checkChar ? residentIdConfidence(validateResidentId(digits, { today: scan.today })) : 0
    if (id > 0) add(scan, 'resident_id', c.start, c.end, id * grouping)
    // An all-digit USCC is real (pre-2015 organization codes), but a resident ID with only its
    // check digit wrong is a mistyped ID, not a company.
    if (
      !joined &&
      !x &&
      validateUscc(digits).valid &&
      (checkChar || validateResidentId(digits, { today: scan.today }).reason !== 'check-char')
    ) {
      add(scan, 'uscc', c.start, c.end, 0.9)
    }
  }
  if (n === 15 && !x) {
    const legacy = legacyIdConfidence(text, c.start, digits, scan.today)
    if (legacy > 0) add(scan, 'resident_id', c.start, c.end, legacy * grouping)
  }
  if (x) return
  const mobile = mobileConfidence(digits, c.plus)
  if (mobile > 0) {
    const start = c.plus ? c.start - 1 : c.start
    add(scan, 'mobile', start, c.end, mobile * grouping)
  }
  const landline = landlineConfidence(c)
  if (landline > 0) add(scan, 'landline', c.areaCode?.start ?? c.start, c.end, landline)
  if (n >= 13 && n <= 19) {
    const card = cardKind(digits)
    if (card !== undefined) {
      const { type, labelled, unlabelled } = CARD_CONFIDENCE[card]
      const confidence = labelBefore(text, c.start, CARD_LABELS) ? labelled : unlabelled
      add(scan, type, c.start, c.end, confidence * grouping)
    }
  }
}

function residentIdConfidence(check: ResidentIdCheck): number {
  if (!check.valid) return 0
  if (check.kind === 'resident') return 0.99
  return check.kind === 'hk-macau-taiwan' ? 0.95 : 0.9
}

/** A first-generation number has no check digit: region and birth date are all there is. */
function legacyIdConfidence(text: string, start: number, digits: string, today: Date): number {
  const first17 = `${digits.slice(0, 6)}19${digits.slice(6)}`
  const check = validateResidentId(first17 + '0', { today })
  if (check.reason !== undefined && check.reason !== 'check-char') return 0
  if (check.kind !== 'resident') return 0
  return labelBefore(text, start, ID_LABELS) ? 0.9 : 0.5
}

// libphonenumber-js 1.13.16, CN mobile (privacy-controls §4): stricter than the naive pattern.
const MOBILE_STRICT = /^(?:1(?:610\d|740[0-5])\d{6}|1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8})$/
const MOBILE_NAIVE = /^1[3-9]\d{9}$/

function mobileConfidence(digits: string, plus: boolean): number {
  let national: string
  let prefixed = false
  if (digits.length === 11) national = digits
  else if (digits.length === 13 && digits.startsWith('86') && plus) {
    national = digits.slice(2)
    prefixed = true
  } else if (digits.length === 15 && digits.startsWith('0086')) {
    national = digits.slice(4)
    prefixed = true
  } else return 0
  if (MOBILE_STRICT.test(national)) return prefixed ? 0.97 : 0.9
  return MOBILE_NAIVE.test(national) ? 0.3 : 0
}

// 010 and 02x have two-digit area codes and 8-digit numbers; the rest 03xx-09xx and 7-8 digits.
const LANDLINE = /^(?:0(?:10|2\d)[2-9]\d{7}|0[3-9]\d{2}[2-9]\d{6,7})$/

/** "(0313)1234567" and "0313-1234567" are surely landlines; "03131234567" only may be. */
function landlineConfidence(c: DigitCandidate): number {
  if (c.areaCode) {
    return c.groupCount === 1 && LANDLINE.test(c.areaCode.code + c.digits) ? 0.85 : 0
  }
  if (!LANDLINE.test(c.digits)) return 0
  if (c.groupCount === 1) return 0.5
  const areaLength = /^0(?:10|2\d)/.test(c.digits) ? 3 : 4
  return c.groupCount === 2 && c.firstLength === areaLength ? 0.85 : 0
}

// Card networks by IIN prefix and the lengths they issue (ISO/IEC 7812, UnionPay 16-19).
const CARD_NETWORKS: readonly { readonly prefix: RegExp; readonly lengths: readonly number[] }[] = [
  { prefix: /^62/, lengths: [16, 17, 18, 19] },
  { prefix: /^(?:60|95|9[0-9])/, lengths: [16, 17, 18, 19] },
  { prefix: /^4/, lengths: [13, 16, 19] },
  { prefix: /^(?:5[1-5]|2[2-7])/, lengths: [16] },
  { prefix: /^3[47]/, lengths: [15] },
  { prefix: /^35/, lengths: [16, 17, 18, 19] },
  { prefix: /^(?:6011|64|65)/, lengths: [16, 19] },
  { prefix: /^3(?:0|6|8)/, lengths: [14, 16] },
]
const CHINESE_CARD = /^(?:62|60|95)\d{14,17}$/

/**
 * A known network's number passing Luhn is a bank card. A Chinese-looking one failing Luhn is
 * weaker evidence (some legacy domestic cards never had a Luhn digit). A Luhn-valid number of no
 * known network is probably some other card (transit, membership): weak alone, since a tenth of
 * random digit strings pass Luhn, strong over a whole column.
 */
function cardKind(digits: string): keyof typeof CARD_CONFIDENCE | undefined {
  const luhn = luhnValid(digits)
  if (luhn && CARD_NETWORKS.some((n) => n.prefix.test(digits) && n.lengths.includes(digits.length))) {
    return 'network'
  }
  if (CHINESE_CARD.test(digits)) return 'chinese'
  return luhn && digits.length >= 16 ? 'luhn' : undefined
}

/** The type and confidence of each kind of card number, with a card label before it or not. */
const CARD_CONFIDENCE = {
  network: { type: 'bank_card', labelled: 0.95, unlabelled: 0.85 },
  chinese: { type: 'bank_card', labelled: 0.6, unlabelled: 0.4 },
  luhn: { type: 'card_number', labelled: 0.6, unlabelled: 0.35 },
} as const satisfies Record<
  string,
  { readonly type: DetectorType; readonly labelled: number; readonly unlabelled: number }
>

const ID_LABELS = ['身份证', '证件号', '公民身份号码', '身份号码', 'ID']
const CARD_LABELS = ['卡号', '银行卡', '账号', '帐号', '交通卡', '公交卡']
const PASSPORT_LABELS = ['护照', '通行证', 'passport', 'Passport']

/** Whether one of the words ends within the 12 code units before `start`. */
function labelBefore(text: string, start: number, words: readonly string[]): boolean {
  const before = text.slice(Math.max(0, start - 12), start)
  return words.some((word) => before.includes(word))
}

// Chinese ordinary passports: E + 8 digits, E + letter + 7 digits (since 2012), the older G + 8
// digits; diplomatic, service and public-affairs passports DE/SE/PE + 7 digits.
const PASSPORT = /^(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DSP]E\d{7})$/
// Mainland travel permits for Hong Kong and Macau (C…) and Taiwan residents' (8 digits): too
// plain to name without a label.
const TRAVEL_PERMIT = /^(?:C[0-9A-HJ-NP-Z]\d{7}|\d{8})$/
const FOREIGN_PERMANENT_OLD = /^[A-Z]{3}\d{12}$/

function detectAlphanumeric(text: string, group: Group, scan: Scan): void {
  const value = group.text
  if (value.length === 18) {
    if (validateUscc(value).valid) add(scan, 'uscc', group.start, group.end, 0.97)
    return
  }
  if (PASSPORT.test(value)) {
    const labelled = labelBefore(text, group.start, PASSPORT_LABELS)
    add(scan, 'passport', group.start, group.end, labelled ? 0.95 : 0.8)
    return
  }
  if (TRAVEL_PERMIT.test(value) && labelBefore(text, group.start, PASSPORT_LABELS)) {
    add(scan, 'passport', group.start, group.end, 0.7)
    return
  }
  if (FOREIGN_PERMANENT_OLD.test(value)) {
    const labelled = labelBefore(text, group.start, ID_LABELS)
    add(scan, 'resident_id', group.start, group.end, labelled ? 0.85 : 0.6)
  }
}

// ---------------------------------------------------------------------------------------------
// IP addresses and e-mail

function isIpv4At(text: string, start: number, value: string): boolean {
  const after = text.charCodeAt(start + value.length)
  if (isAlnum(after) || (after === 46 && isAsciiDigit(text.charCodeAt(start + value.length + 1)))) {
    return false
  }
  const before = start > 0 ? text.charCodeAt(start - 1) : 0
  return !isAlnum(before) && before !== 46 && isIP(value) === 4
}

function detectIpv4(text: string, start: number, value: string, scan: Scan): void {
  if (isIpv4At(text, start, value)) add(scan, 'ip_address', start, start + value.length, 0.8)
}

const isHexOrColon = (c: number) =>
  (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46

/** Expands around a colon over hex digits, colons and dots; returns where scanning resumes. */
function detectIpv6(text: string, colon: number, scan: Scan): number {
  let start = colon
  while (start > 0 && isHexOrColon(text.charCodeAt(start - 1))) start--
  let end = colon + 1
  while (end < text.length && isHexOrColon(text.charCodeAt(end))) end++
  // Drop a sentence-ending dot.
  while (end > colon + 1 && text.charCodeAt(end - 1) === 46) end--
  const value = text.slice(start, end)
  const bounded = !isAlnum(text.charCodeAt(start - 1)) && !isAlnum(text.charCodeAt(end))
  if (bounded && value.length >= 3 && isIP(value) === 6) add(scan, 'ip_address', start, end, 0.85)
  return end
}

const isLocalChar = (c: number) => isAsciiAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45
const isDomainChar = (c: number) => isAsciiAlnum(c) || c === 46 || c === 45
const EMAIL = /^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/

function detectEmail(text: string, at: number, scan: Scan): number {
  let start = at
  while (start > 0 && isLocalChar(text.charCodeAt(start - 1))) start--
  let end = at + 1
  while (end < text.length && isDomainChar(text.charCodeAt(end))) end++
  while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--
  if (start === at || end === at + 1 || end - start > 254) return end
  if (EMAIL.test(text.slice(start, end))) add(scan, 'email', start, end, 0.95)
  return end
}

// ---------------------------------------------------------------------------------------------
// Vehicle plates

// New-energy plates: D/F (battery/hybrid) then a letter or digit and 4 digits for cars, or 5
// digits then D/F for large vehicles.
const NEW_ENERGY = /^(?:[DF][0-9A-HJ-NP-Z]\d{4}|\d{5}[DF])$/
const PLATE_BODY = /^[0-9A-HJ-NP-Z]{5}$/

function detectPlate(text: string, start: number, plate: string, scan: Scan): void {
  const end = start + plate.length
  if (isAlnum(text.charCodeAt(end))) return
  const body = plate.slice(2).replace(/^[·• ]/, '')
  const suffix = /[挂学警港澳]$/.test(body)
  if (suffix && /^[0-9A-HJ-NP-Z]{4}[挂学警港澳]$/.test(body)) {
    add(scan, 'vehicle_plate', start, end, 0.85)
  } else if (PLATE_BODY.test(body) && /\d/.test(body)) {
    add(scan, 'vehicle_plate', start, end, 0.85)
  } else if (body.length === 6 && NEW_ENERGY.test(body)) {
    add(scan, 'vehicle_plate', start, end, 0.9)
  }
}

// ---------------------------------------------------------------------------------------------
// Personal names

// The common single surnames (about 95% of the population) and the compound ones still in use.
const SINGLE_SURNAMES = charCodeSet(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
)
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒',
  '夏侯', '轩辕', '令狐', '钟离', '端木', '独孤', '南宫', '西门', '呼延', '申屠', '太史', '澹台',
  '公冶', '宗政', '濮阳', '淳于', '单于', '闻人', '万俟', '赫连', '拓跋', '百里', '东郭', '第五',
])
// Characters that end a name in running text: verbs, particles, and the first characters of
// what usually follows one (phone, ID, address, title).
const NOT_GIVEN = charCodeSet('的了在于是为和与及或等已来去到从向对把被说称电手身证住地联先女同师您你我他她要请将已因所就也都还又所号码址')
// First characters of the compound surnames: only after one is a two-character slice looked up.
const COMPOUND_FIRSTS = charCodeSet([...COMPOUND_SURNAMES].map((s) => s[0]).join(''))

/** Membership of single (BMP) characters, by code, without a string per lookup. */
function charCodeSet(characters: string): Uint8Array {
  const set = new Uint8Array(0x10000)
  for (let i = 0; i < characters.length; i++) set[characters.charCodeAt(i)] = 1
  return set
}

/** The surname's length at `at`, 0 if none. */
function surnameAt(text: string, at: number): number {
  const c = text.charCodeAt(at)
  if (COMPOUND_FIRSTS[c] === 1 && COMPOUND_SURNAMES.has(text.slice(at, at + 2))) return 2
  return SINGLE_SURNAMES[c] === 1 ? 1 : 0
}

const LABEL_GAP = /[：:\s为是]/
const notGiven = (text: string, at: number) => NOT_GIVEN[text.charCodeAt(at)] === 1

function detectLabelledName(text: string, from: number, scan: Scan): void {
  let at = from
  // "姓名：" "联系人为" "法定代表人 "
  while (at < text.length && at - from < 3 && LABEL_GAP.test(text[at]!)) at++
  const surname = surnameAt(text, at)
  if (surname === 0) return
  let end = at + surname
  while (end - at < surname + 2 && isHan(text.charCodeAt(end)) && !notGiven(text, end)) end++
  if (end - at === surname) return
  add(scan, 'personal_name', at, end, 0.85)
}

/**
 * "张伟先生", "王女士": the name or surname right before a title. The longest reading whose
 * start is not glued to a preceding Han character wins ("感谢张伟先生" is 张伟, not 谢张伟).
 */
function detectTitledName(text: string, title: number, scan: Scan): void {
  const readings = [3, 2, 1].filter((length) => nameBefore(text, title, length))
  const bounded = readings.find((length) => {
    const before = title - length - 1
    return before < 0 || !isHan(text.charCodeAt(before)) || notGiven(text, before)
  })
  const length = bounded ?? readings.find((l) => l <= 2)
  if (length === undefined) return
  const surnameOnly = surnameAt(text, title - length) === length
  const confidence = surnameOnly ? 0.5 : bounded !== undefined ? 0.75 : 0.6
  add(scan, 'personal_name', title - length, title, confidence)
}

function nameBefore(text: string, title: number, length: number): boolean {
  const start = title - length
  if (start < 0) return false
  for (let i = start; i < title; i++) if (!isHan(text.charCodeAt(i))) return false
  const surname = surnameAt(text, start)
  if (surname === 0 || surname > length || length - surname > 2) return false
  for (let i = start + surname; i < title; i++) if (notGiven(text, i)) return false
  return true
}

const PROVINCE_SHORT_NAMES = new Set([
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽',
  '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州',
  '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆', '香港', '澳门', '台湾',
])
// Last characters of places, organizations and things, never of a given name in such columns.
const NOT_NAME_ENDINGS = new Set('省市区县镇乡村路街巷站门山河湖园局司厂店部处所院校馆场楼镇庄堡桥湾口营'.split(''))

/**
 * Confidence that a whole value is a Chinese personal name: 2-4 Han characters starting with a
 * common surname. Alone this is weak; a column of them, or a label, makes it strong.
 */
export function personalNameConfidence(value: string): number {
  const n = value.length
  if (n < 2 || n > 4) return 0
  for (let i = 0; i < n; i++) if (!isHan(value.charCodeAt(i))) return 0
  const surname = surnameAt(value, 0)
  const given = n - surname
  if (surname === 0 || given < 1 || given > 2) return 0
  if (PROVINCE_SHORT_NAMES.has(value) || NOT_NAME_ENDINGS.has(value[n - 1]!)) return 0
  return 0.5
}

// ---------------------------------------------------------------------------------------------
// Postal addresses

// The parts, in numbered groups (a named match allocates a groups object each time).
const ADDRESS = new RegExp(
  `(${PROVINCE_NAMES})?` + // 1. province
    `([${HAN}]{2,5}?(?:市|自治州|地区|盟))?` + // 2. city
    `([${HAN}]{1,5}?(?:区|县|旗|市))?` + // 3. county
    `([${HAN}]{1,6}?(?:街道|镇|乡))?` + // 4. town
    `([${HAN}0-9０-９]{1,8}?(?:大道|大街|路|街|巷|胡同|弄)(?:[东西南北中][段])?)?` + // 5. road
    `([0-9０-９]{1,5}(?:-[0-9]{1,4})?号(?:院|楼)?` + // 6. number
    `(?:[0-9０-９]{1,4}(?:号楼|栋|幢|单元|层|室|号))*)?`,
  'y',
)
// Words that start a sentence before an address and are not part of it.
const ADDRESS_LEAD = /(?:家住|住在|位于|地址|住址|地处|坐落于|来自|在|于|住|至|到|从|往|是|为|自)/y

/**
 * An address needs two parts and a street or a number, or three administrative parts: "张家口市
 * 桥西区" alone is an area, not where someone lives. Returns where scanning resumes.
 */
function detectAddress(text: string, start: number, scan: Scan): number {
  ADDRESS_LEAD.lastIndex = start
  const from = ADDRESS_LEAD.test(text) ? ADDRESS_LEAD.lastIndex : start
  ADDRESS.lastIndex = from
  const m = ADDRESS.exec(text)
  if (!m || m[0].length === 0) return start + 1
  const end = from + m[0].length
  if (isAlnum(text.charCodeAt(end))) return start + 1
  const city = m[2]
  const county = m[3]
  const road = m[5]
  const number = m[6]
  let parts = 0
  for (let i = 1; i <= 6; i++) if (m[i] !== undefined) parts++
  const detailed = road !== undefined || number !== undefined
  if (parts >= 2 && detailed && number !== undefined) add(scan, 'address', from, end, 0.85)
  else if (parts >= 3 && detailed) add(scan, 'address', from, end, 0.7)
  else if (parts >= 2 && road !== undefined && number === undefined && (city || county)) {
    add(scan, 'address', from, end, 0.6)
  } else return start + 1
  return end
}

// ---------------------------------------------------------------------------------------------
// Overlaps

/**
 * Keeps, among overlapping findings, the most confident, then the longest, then the first; the
 * result is sorted by position. Clusters of overlapping candidates are resolved one at a time.
 */
export function resolveOverlaps(candidates: readonly Finding[]): Finding[] {
  const byStart = [...candidates].sort(byStartThenLongest)
  const kept: Finding[] = []
  // The cluster is byStart[from, i).
  let from = 0
  let clusterEnd = -1
  for (let i = 0; i < byStart.length; i++) {
    const finding = byStart[i]!
    if (finding.start >= clusterEnd) {
      keepFromCluster(byStart, from, i, kept)
      from = i
    }
    clusterEnd = Math.max(clusterEnd, finding.end)
  }
  keepFromCluster(byStart, from, byStart.length, kept)
  return kept.sort(byStartOnly)
}

// Comparators made once: a new closure per call would be a new call target for optimized code.
const byStartOnly = (a: Finding, b: Finding) => a.start - b.start
const byStartThenLongest = (a: Finding, b: Finding) => a.start - b.start || b.end - a.end
const byRank = (a: Finding, b: Finding) =>
  b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start

function keepFromCluster(sorted: readonly Finding[], from: number, to: number, kept: Finding[]) {
  if (to - from === 1) kept.push(sorted[from]!)
  else if (to - from > 1) kept.push(...pickNonOverlapping(sorted.slice(from, to)))
}

function pickNonOverlapping(cluster: Finding[]): Finding[] {
  const ranked = cluster.sort(byRank)
  const picked: Finding[] = []
  for (const f of ranked) {
    let free = true
    for (const p of picked) if (f.end > p.start && f.start < p.end) free = false
    if (free) picked.push(f)
  }
  return picked
}

// ---------------------------------------------------------------------------------------------
// Columns

export type ColumnScanOptions = {
  /** Values examined, taken evenly across the column. Default 1000. */
  readonly sampleSize?: number
  /** Least share of non-null values wholly of a type for the column to be that type. Default 0.5. */
  readonly threshold?: number
  /** Least share of values containing a type (free text) to flag it. Default 0.1. */
  readonly containedThreshold?: number
  /** Least column confidence to flag a type. Default 0.5. */
  readonly minConfidence?: number
  /** The field's title, read with its name for hints (catalog suggestTagsByName). */
  readonly title?: string
  readonly today?: Date
}

export type ColumnTypeMatch = {
  readonly type: DetectorType
  readonly subject: DetectorSubject
  readonly tag: PersonalInfoTag | null
  /** Share of non-null sampled values that are wholly this type. */
  readonly share: number
  /** Share of non-null sampled values that contain it somewhere. */
  readonly containedShare: number
  /** 0..1 for the column: the values' evidence, plus a little for a name that fits. */
  readonly confidence: number
  readonly flagged: boolean
}

export type ColumnFinding = {
  readonly column: string
  readonly sampled: number
  readonly nonNull: number
  /** Every type seen in the sample, most widespread first. */
  readonly matches: readonly ColumnTypeMatch[]
  /** The types the column is taken to hold. */
  readonly flagged: readonly DetectorType[]
  /** Whether a flagged type identifies a person. */
  readonly personal: boolean
  /** Catalog tags of the flagged personal types. */
  readonly tags: readonly PersonalInfoTag[]
}

const DEFAULT_SAMPLE = 1000
// Longer values are free text: only what they contain counts.
const WHOLE_VALUE_MAX = 64

/** Up to `size` values at evenly spaced positions: the same column gives the same sample. */
export function sampleValues<T>(values: readonly T[], size: number): T[] {
  if (values.length <= size) return [...values]
  const step = values.length / size
  return Array.from({ length: size }, (_, i) => values[Math.floor(i * step)]!)
}

function valueText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') return value.trim() || undefined
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (value instanceof Date) return undefined
  return undefined
}

type Tally = { whole: number; contained: number; confidence: number }

/**
 * Which detector types a sampled column holds. Values decide; the column name (and title) only
 * adds confidence to a type the values already show.
 */
export function scanColumn(
  name: string,
  values: readonly unknown[],
  options: ColumnScanOptions = {},
): ColumnFinding {
  const sample = sampleValues(values, options.sampleSize ?? DEFAULT_SAMPLE)
  const texts = sample.map(valueText).filter((v): v is string => v !== undefined)
  const tallies = new Map<DetectorType, Tally>()
  const tally = (type: DetectorType) => {
    let t = tallies.get(type)
    if (!t) tallies.set(type, (t = { whole: 0, contained: 0, confidence: 0 }))
    return t
  }
  const scanOptions = { minConfidence: 0.3, today: options.today ?? new Date() }
  for (const text of texts) {
    const findings = scanText(text, scanOptions)
    const seen = new Set<DetectorType>()
    for (const f of findings) {
      const whole = f.start === 0 && f.end === text.length && text.length <= WHOLE_VALUE_MAX
      const t = tally(f.type)
      if (whole) {
        t.whole++
        t.confidence += f.confidence
      } else if (f.confidence >= 0.5 && !seen.has(f.type)) t.contained++
      seen.add(f.type)
    }
    const name = findings.length === 0 ? personalNameConfidence(text) : 0
    if (name > 0) {
      const t = tally('personal_name')
      t.whole++
      t.confidence += name
    }
  }
  const hinted = new Set(suggestTagsByName({ name, title: options.title }))
  const threshold = options.threshold ?? 0.5
  const containedThreshold = options.containedThreshold ?? 0.1
  const minConfidence = options.minConfidence ?? 0.5
  const nonNull = texts.length
  const matches = [...tallies.entries()]
    .map(([type, t]): ColumnTypeMatch => {
      const share = nonNull === 0 ? 0 : t.whole / nonNull
      const containedShare = nonNull === 0 ? 0 : (t.whole + t.contained) / nonNull
      const { subject, tag } = DETECTOR_KINDS[type]
      const evidence = columnEvidence(type, t, share, nonNull)
      const confidence = Math.min(1, evidence + (tag !== null && hinted.has(tag) ? 0.1 : 0))
      const flagged =
        confidence >= minConfidence && (share >= threshold || containedShare >= containedThreshold)
      return { type, subject, tag, share, containedShare, confidence, flagged }
    })
    .sort((a, b) => b.share - a.share || b.containedShare - a.containedShare)
  const flagged = matches.filter((m) => m.flagged)
  const tags = [...new Set(flagged.flatMap((m) => (m.subject === 'person' && m.tag ? [m.tag] : [])))]
  return {
    column: name,
    sampled: sample.length,
    nonNull,
    matches,
    flagged: flagged.map((m) => m.type),
    personal: flagged.some((m) => m.subject === 'person'),
    tags,
  }
}

/**
 * The column's confidence from its values: the mean confidence of whole-value matches, raised
 * when a weak per-value signal holds across many values. A Luhn-valid number of no known network
 * is a card number with 0.35 alone, but twenty such values in a row happen by chance with
 * probability 10⁻²⁰; likewise 2-4 Han characters starting with a surname, value after value.
 */
function columnEvidence(type: DetectorType, t: Tally, share: number, nonNull: number): number {
  if (t.whole === 0) return t.contained > 0 ? 0.6 : 0
  const mean = t.confidence / t.whole
  const consistent = t.whole >= 20 && share >= 0.9
  if (type === 'card_number' && consistent) return 0.9
  if (type === 'personal_name' && t.whole >= 20 && share >= 0.6) return 0.8
  if (type === 'bank_card' && consistent) return Math.max(mean, 0.8)
  return nonNull > 0 ? mean : 0
}
