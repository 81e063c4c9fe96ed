import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { InputError, NotFoundError } from '../../platform/errors.ts'

/**
 * The measures as data (DESIGN principle 1). A policy pack is a versioned JSON file in `packs/`:
 * parameters plus named rules, each citing its article and quoting the measures' text. Guards
 * throw `RuleViolation(rule.id, …)`; the API answers with the rule's article and text.
 */

export const DEFAULT_PACK_ID = 'zhangjiakou-2025'
export const PACK_ID_PATTERN = /^[a-z0-9-]+$/
/** `art<NN>.<slug>`: the article number, two digits at least, then a lowercase slug. */
export const RULE_ID_PATTERN = /^art(\d{2,})\.[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Art. 31: logs are kept "不少于 6 个月"; no pack may configure less. */
export const MIN_AUDIT_RETENTION_MONTHS = 6
/** Art. 17: a developer's single term is "不超过 3 年". */
export const MAX_DEVELOPER_TERM_MONTHS = 36

export const RULE_AREAS = [
  'identity',
  'workflows',
  'pricing',
  'catalog',
  'pool',
  'authorization',
  'scenarios',
  'domain',
  'security',
  'audit',
  'import',
  'products',
  'ledger',
  'reports',
  'portal',
  'supervision',
  'destruction',
  'archive',
  'policy-pack',
] as const
export type RuleArea = (typeof RULE_AREAS)[number]

export interface PackParams {
  /** Art. 17: the longest single developer term. */
  readonly developerTermMaxMonths: number
  /** Art. 17: renewal is applied for within this many months before the term ends. */
  readonly renewalWindowMonths: number
  /** Art. 17: the office may object to a filed agreement within this many days. */
  readonly filingObjectionDays: number
  /** Art. 17: warn developer and operator this many days before an agreement's term ends. */
  readonly agreementExpiryWarningDays: number
  /** Art. 20: the least k of the k-anonymity an import of social data must reach before approval. */
  readonly importMinK: number
  /** Art. 31: how long audit entries and network logs are kept, never below 6. */
  readonly auditRetentionMonths: number
  /** Art. 38: warn this many days before the pack lapses (a platform setting). */
  readonly expiryWarningDays: number
  /** Art. 12(四): the operator has had no cyber or data security incident in this many years. */
  readonly operatorCleanRecordYears: number
  /** Art. 27: the operator's operation report is due once per this many months. */
  readonly annualReportPeriodMonths: number
  /** Art. 3: the kinds a data product may be. */
  readonly productKinds: readonly string[]
  /** Art. 10: the quality dimensions checked at the source. */
  readonly qualityDimensions: readonly string[]
  /** Art. 15: the reasons data is kept out of authorized operation. */
  readonly excludedDataCategories: readonly string[]
  /** Art. 16: the clauses every agreement states. */
  readonly requiredAgreementClauses: readonly string[]
  /** Art. 13(五): the recognized fair competitive selection methods. */
  readonly selectionMethods: readonly string[]
  /** Art. 25: the points a product review decides on. */
  readonly productReviewPoints: readonly string[]
  /** Art. 35: the grounds for unilateral termination. */
  readonly terminationGrounds: readonly string[]
}
export type PackParamName = keyof PackParams

export interface PolicyRule {
  readonly id: string
  readonly article: number
  /** The article as cited in Chinese, e.g. 第十七条第二款. */
  readonly articleLabel: string
  readonly title: string
  readonly titleEn: string
  /** The exact sentence(s) of the source document that the rule enforces. */
  readonly text: string
  readonly summaryEn: string
  /** Names of the pack params the rule uses. */
  readonly params: readonly PackParamName[]
  readonly area: RuleArea
  /** The id of the pack whose document `text` quotes and `article` numbers. */
  readonly source: string
}

/** One document that went into a pack: the pack itself, or an override laid over it. */
export interface PackLayer {
  readonly id: string
  readonly version: string
  readonly title: string
  readonly issuer: string
  readonly documentNumber: string
}

export interface PolicyPack {
  /** A pack file's id; for an overlay, the layers' ids joined by `+`. */
  readonly id: string
  readonly version: string
  readonly title: string
  readonly titleEn: string
  readonly issuer: string
  readonly documentNumber: string
  /** First day in force (a calendar date in China time). */
  readonly validFrom: string
  /** Last day in force, inclusive. */
  readonly validTo: string
  readonly precedence: string
  readonly params: PackParams
  readonly rules: readonly PolicyRule[]
  /** Base pack first, then each override in the order applied. */
  readonly layers: readonly PackLayer[]
}

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase words joined by hyphens')
const slugList = z
  .array(slug)
  .min(1)
  .refine((items) => new Set(items).size === items.length, 'duplicate entries')
const months = z.int().min(1)
const text = z.string().trim().min(1)
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date')

const paramsSchema = z.strictObject({
  developerTermMaxMonths: months.max(
    MAX_DEVELOPER_TERM_MONTHS,
    `art. 17: a developer term is at most ${MAX_DEVELOPER_TERM_MONTHS} months`,
  ),
  renewalWindowMonths: months,
  filingObjectionDays: z.int().min(0).max(90),
  agreementExpiryWarningDays: z.int().min(0).max(366),
  importMinK: z.int().min(2, 'art. 20: k-anonymity means k of at least 2').max(1000),
  auditRetentionMonths: z
    .int()
    .min(
      MIN_AUDIT_RETENTION_MONTHS,
      `art. 31: logs are kept at least ${MIN_AUDIT_RETENTION_MONTHS} months, never less`,
    ),
  expiryWarningDays: z.int().min(0),
  operatorCleanRecordYears: z.int().min(1),
  annualReportPeriodMonths: months.max(12, 'art. 27: the operation report is at least annual'),
  productKinds: slugList,
  qualityDimensions: slugList,
  excludedDataCategories: slugList,
  requiredAgreementClauses: slugList,
  selectionMethods: slugList,
  productReviewPoints: slugList,
  terminationGrounds: slugList,
}) satisfies z.ZodType<PackParams>

export const PACK_PARAM_NAMES = Object.keys(paramsSchema.shape) as readonly PackParamName[]

const uniqueNames = (names: readonly string[]) => new Set(names).size === names.length
const ruleFields = {
  id: z.string().regex(RULE_ID_PATTERN, 'a rule id is art<NN>.<slug>'),
  article: z.int().min(1).max(99),
  articleLabel: text,
  title: text,
  titleEn: text,
  text,
  summaryEn: text,
  params: z.array(z.string()).refine(uniqueNames, 'a param is named twice'),
  area: z.enum(RULE_AREAS),
}

const ruleSchema = z.strictObject({ ...ruleFields, params: ruleFields.params.default([]) })

const packSchema = z.strictObject({
  id: z.string().regex(PACK_ID_PATTERN, 'lowercase letters, digits and hyphens'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a version MAJOR.MINOR.PATCH'),
  title: text,
  titleEn: text,
  issuer: text,
  documentNumber: text,
  validFrom: isoDate,
  validTo: isoDate,
  precedence: text,
  params: paramsSchema,
  rules: z.array(ruleSchema).min(1),
})

/** A rule an override changes (by id, only the fields given) or adds (all fields). */
const ruleChangeSchema = z.strictObject(ruleFields).partial().required({ id: true })

const overrideSchema = z.strictObject({
  id: z.string().regex(PACK_ID_PATTERN, 'lowercase letters, digits and hyphens'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a version MAJOR.MINOR.PATCH'),
  title: text,
  issuer: text,
  documentNumber: text.optional(),
  params: paramsSchema.partial().optional(),
  rules: z.array(ruleChangeSchema).default([]),
})

export type PolicyPackOverride = z.input<typeof overrideSchema>

interface Problem {
  readonly path: string
  readonly message: string
}

/**
 * Validates a pack's JSON and returns it frozen. Throws an `InputError` whose message lists
 * every problem found, not just the first.
 */
export function parsePolicyPack(json: unknown): PolicyPack {
  const parsed = packSchema.safeParse(json)
  // The checks across fields run on the raw JSON too, so one error lists every problem.
  const raw = isRecord(json) ? json : {}
  const problems = [
    ...(parsed.success ? [] : zodProblems(parsed.error)),
    ...packProblems(raw),
    ...ruleIdArticleProblems(raw.rules),
  ]
  if (!parsed.success || problems.length > 0) {
    const id = typeof raw.id === 'string' ? ` ${raw.id}` : ''
    throw packError(`invalid policy pack${id}`, problems)
  }
  const { rules, ...meta } = parsed.data
  return deepFreeze({
    ...meta,
    rules: rules.map((rule) => ({
      ...rule,
      params: rule.params as PackParamName[],
      source: meta.id,
    })),
    layers: [layerOf(meta)],
  })
}

const packCache = new Map<string, PolicyPack>()

/** Loads `packs/<id>.json` once and returns the same frozen pack afterwards. */
export function loadPolicyPack(id: string = DEFAULT_PACK_ID): PolicyPack {
  if (!PACK_ID_PATTERN.test(id)) {
    throw new InputError(`invalid policy pack id ${JSON.stringify(id)}`)
  }
  const cached = packCache.get(id)
  if (cached) return cached
  const pack = parsePolicyPack(JSON.parse(readPackFile(id)))
  if (pack.id !== id) throw new InputError(`policy pack file ${id}.json declares id ${pack.id}`)
  packCache.set(id, pack)
  return pack
}

export function findRule(pack: PolicyPack, ruleId: string): PolicyRule | undefined {
  return pack.rules.find((rule) => rule.id === ruleId)
}

/** For rule ids written in code: an unknown id is a programming error, not a user's. */
export function requireRule(pack: PolicyPack, ruleId: string): PolicyRule {
  const rule = findRule(pack, ruleId)
  if (!rule) throw new Error(`policy pack ${pack.id} has no rule ${ruleId}`)
  return rule
}

/**
 * Lays a national or provincial override over a pack (art. 38: newer national and provincial
 * rules prevail). The override may change params, change rules (a changed text must cite its
 * own article) and add rules; it cannot remove rules or lower the floors of the measures. The
 * result's id joins both ids and its `layers` record both documents.
 */
export function overlayPack(base: PolicyPack, override: PolicyPackOverride): PolicyPack {
  const parsed = overrideSchema.safeParse(override)
  if (!parsed.success) throw packError('invalid policy pack override', zodProblems(parsed.error))
  const { id, version, params, rules: changes } = parsed.data
  const problems: Problem[] = []
  const seen = new Set<string>()
  const changed = new Map<string, PolicyRule>()
  const added: PolicyRule[] = []

  changes.forEach((change, index) => {
    const path = `rules.${index}`
    if (seen.has(change.id)) problems.push({ path, message: `rule ${change.id} changed twice` })
    seen.add(change.id)
    const current = findRule(base, change.id)
    if (current) {
      const citesAnew = change.text !== undefined && change.text !== current.text
      if (citesAnew && (change.article === undefined || change.articleLabel === undefined)) {
        problems.push({
          path,
          message: `rule ${change.id}: a new text must give the article and articleLabel it quotes`,
        })
      }
      const touchesCitation =
        citesAnew || change.article !== undefined || change.articleLabel !== undefined
      changed.set(change.id, {
        ...current,
        ...definedFields(change),
        params: (change.params ?? current.params) as PackParamName[],
        source: touchesCitation ? id : current.source,
      })
      return
    }
    const full = ruleSchema.safeParse(change)
    if (!full.success) {
      problems.push(...zodProblems(full.error, path).map(prefix(`new rule ${change.id}`)))
      return
    }
    added.push({ ...full.data, params: full.data.params as PackParamName[], source: id })
  })

  const layer: PackLayer = {
    id,
    version,
    title: parsed.data.title,
    issuer: parsed.data.issuer,
    documentNumber: parsed.data.documentNumber ?? '',
  }
  const result: PolicyPack = {
    ...base,
    id: `${base.id}+${id}`,
    version: `${base.version}+${id}.${version}`,
    params: { ...base.params, ...definedFields(params ?? {}) },
    rules: [...base.rules.map((rule) => changed.get(rule.id) ?? rule), ...added],
    layers: [...base.layers, layer],
  }
  problems.push(...packProblems(result))
  if (problems.length > 0) throw packError(`invalid overlay of ${id} on ${base.id}`, problems)
  return deepFreeze(result)
}

export interface PackValidity {
  readonly status: 'valid' | 'expiring' | 'lapsed' | 'not_yet_valid'
  /** Whole days from today to the last valid day (0 on the last day, and once lapsed). */
  readonly daysRemaining: number
  /** Chinese, then English, separated by " / ". */
  readonly warning?: string
}

/**
 * Where `today` falls in the pack's validity window, counted in calendar days in China time
 * (UTC+8). A lapsed pack is reported, not treated as permission: its rules keep applying until
 * a successor pack is installed.
 */
export function packValidity(pack: PolicyPack, today: Date): PackValidity {
  const day = chinaDayNumber(today)
  const from = isoDayNumber(pack.validFrom)
  const to = isoDayNumber(pack.validTo)
  const remaining = to - day
  if (day < from) {
    return {
      status: 'not_yet_valid',
      daysRemaining: remaining,
      warning:
        `政策包 ${pack.id} 将于 ${pack.validFrom} 起施行（尚有 ${from - day} 天） / ` +
        `policy pack ${pack.id} takes effect on ${pack.validFrom} (in ${from - day} days)`,
    }
  }
  if (remaining < 0) {
    return {
      status: 'lapsed',
      daysRemaining: 0,
      warning:
        `政策包 ${pack.id} 已于 ${pack.validTo} 失效（已过 ${-remaining} 天），` +
        '请启用新的政策包 / ' +
        `policy pack ${pack.id} lapsed on ${pack.validTo} (${-remaining} days ago); ` +
        'install a successor pack',
    }
  }
  if (remaining < pack.params.expiryWarningDays) {
    return {
      status: 'expiring',
      daysRemaining: remaining,
      warning:
        `政策包 ${pack.id} 将于 ${pack.validTo} 失效（剩余 ${remaining} 天） / ` +
        `policy pack ${pack.id} lapses on ${pack.validTo} (${remaining} days left)`,
    }
  }
  return { status: 'valid', daysRemaining: remaining }
}

/** 3 → 三, 17 → 十七, 38 → 三十八 (1–99), as articles are numbered in Chinese. */
export function chineseNumeral(n: number): string {
  const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九']
  const tens = Math.floor(n / 10)
  const ones = n % 10
  const tensPart = tens === 0 ? '' : tens === 1 ? '十' : `${digits[tens]}十`
  return `${tensPart}${digits[ones]}`
}

const DAY_MS = 86_400_000
const CHINA_OFFSET_MS = 8 * 3_600_000

function chinaDayNumber(instant: Date): number {
  const ms = instant.getTime()
  if (Number.isNaN(ms)) throw new Error('packValidity needs a valid date')
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS)
}

function isoDayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number)
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / DAY_MS
}

function isCalendarDate(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso
}

/**
 * The checks that span fields, shared by packs and overlays. They read loosely typed input, so
 * that they also run on JSON the schema has already found fault with.
 */
function packProblems(input: object): Problem[] {
  const pack = input as Readonly<Record<string, unknown>>
  const problems: Problem[] = []
  const { validFrom, validTo } = pack
  if (typeof validFrom === 'string' && typeof validTo === 'string' && validTo < validFrom) {
    problems.push({
      path: 'validTo',
      message: `validTo ${validTo} is before validFrom ${validFrom}`,
    })
  }
  const params = isRecord(pack.params) ? pack.params : {}
  const { renewalWindowMonths: window, developerTermMaxMonths: term } = params
  if (typeof window === 'number' && typeof term === 'number' && window >= term) {
    problems.push({
      path: 'params.renewalWindowMonths',
      message: `the renewal window (${window}) must be shorter than the term (${term})`,
    })
  }
  const ids = new Set<string>()
  rulesOf(pack.rules).forEach(({ rule, path }) => {
    const id = typeof rule.id === 'string' ? rule.id : path
    if (typeof rule.id === 'string') {
      if (ids.has(rule.id)) {
        problems.push({ path: `${path}.id`, message: `duplicate rule id ${id}` })
      }
      ids.add(rule.id)
    }
    const names = Array.isArray(rule.params) ? rule.params : []
    for (const name of names) {
      if (typeof name === 'string' && !Object.hasOwn(params, name)) {
        problems.push({ path: `${path}.params`, message: `rule ${id} uses unknown param ${name}` })
      }
    }
    if (typeof rule.article === 'number' && typeof rule.articleLabel === 'string') {
      const label = `第${chineseNumeral(rule.article)}条`
      if (!rule.articleLabel.startsWith(label)) {
        problems.push({
          path: `${path}.articleLabel`,
          message: `rule ${id}: articleLabel ${rule.articleLabel} does not start with ${label}`,
        })
      }
    }
  })
  return problems
}

/** In a pack's own file, the id's number is the article it cites. */
function ruleIdArticleProblems(rules: unknown): Problem[] {
  return rulesOf(rules).flatMap(({ rule, path }) => {
    if (typeof rule.id !== 'string' || typeof rule.article !== 'number') return []
    const match = RULE_ID_PATTERN.exec(rule.id)
    if (!match || Number(match[1]) === rule.article) return []
    return [{ path: `${path}.id`, message: `rule ${rule.id} cites article ${rule.article}` }]
  })
}

function rulesOf(rules: unknown): { rule: Readonly<Record<string, unknown>>; path: string }[] {
  if (!Array.isArray(rules)) return []
  return rules.flatMap((rule: unknown, index) =>
    isRecord(rule) ? [{ rule, path: `rules.${index}` }] : [],
  )
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function layerOf(meta: {
  id: string
  version: string
  title: string
  issuer: string
  documentNumber: string
}): PackLayer {
  const { id, version, title, issuer, documentNumber } = meta
  return { id, version, title, issuer, documentNumber }
}

function readPackFile(id: string): string {
  try {
    return readFileSync(new URL(`./packs/${id}.json`, import.meta.url), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`policy pack ${id} not found`)
    }
    throw error
  }
}

function zodProblems(error: z.ZodError, under?: string): Problem[] {
  return error.issues.map((issue) => ({
    path: [under, ...issue.path.map(String)]
      .filter((part) => part !== undefined && part !== '')
      .join('.'),
    message: issue.message,
  }))
}

function prefix(label: string): (problem: Problem) => Problem {
  return (problem) => ({ ...problem, message: `${label}: ${problem.message}` })
}

function packError(title: string, problems: readonly Problem[]): InputError {
  const lines = problems.map((p) => `- ${p.path || '(pack)'}: ${p.message}`)
  return new InputError(`${title}:\n${lines.join('\n')}`, problems)
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const field of Object.values(value)) deepFreeze(field)
  }
  return value
}
