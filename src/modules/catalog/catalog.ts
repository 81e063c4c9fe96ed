/**
 * The catalog (公共数据资源目录, art. 7): resources with the core metadata of GB/T 21063 and the
 * 2017 catalog guide, and the classification and grading of each field (GB/T 43697-2024).
 */

/** GB/T 43697-2024 data levels, from the most to the least severe. */
export const DATA_LEVELS = ['core', 'important', 'general'] as const
export type DataLevel = (typeof DATA_LEVELS)[number]

/** Grades within general data, 4 the most sensitive. */
export const GENERAL_GRADES = [1, 2, 3, 4] as const
export type GeneralGrade = (typeof GENERAL_GRADES)[number]

/** What harm to whom decides the level (GB/T 43697-2024 §6). */
export const IMPACT_OBJECTS = [
  'national_security',
  'economic_operation',
  'social_order',
  'public_interest',
  'organization_rights',
  'individual_rights',
] as const
export type ImpactObject = (typeof IMPACT_OBJECTS)[number]

export const IMPACT_DEGREES = ['especially_serious', 'serious', 'general', 'none'] as const
export type ImpactDegree = (typeof IMPACT_DEGREES)[number]

/**
 * Personal-information tags of a field (GB/T 35273-2020 annex A and B, GB/T 45574-2025). The
 * ones in SENSITIVE_TAGS make a field sensitive personal information.
 */
export const PERSONAL_INFO_TAGS = [
  'personal_name',
  'id_number',
  'phone',
  'email',
  'address',
  'bank_card',
  'financial_account',
  'card_number',
  'trajectory',
  'precise_location',
  'health',
  'biometric',
  'religion',
  'minor',
  'specific_identity',
  'income',
  'social_insurance',
] as const
export type PersonalInfoTag = (typeof PERSONAL_INFO_TAGS)[number]

/**
 * Tags that are sensitive personal information on this platform. Names and phone numbers are
 * ordinary personal information in GB/T 35273, but linked to an identity number or an
 * enterprise's legal representative they identify a person outright: the platform treats them
 * as sensitive, as the demo world's contract requires.
 */
export const SENSITIVE_TAGS: readonly PersonalInfoTag[] = [
  'personal_name',
  'id_number',
  'phone',
  'bank_card',
  'financial_account',
  'card_number',
  'trajectory',
  'precise_location',
  'health',
  'biometric',
  'religion',
  'minor',
  'specific_identity',
]

export const FIELD_TYPES = ['string', 'integer', 'decimal', 'date', 'timestamp', 'boolean'] as const
export type FieldType = (typeof FIELD_TYPES)[number]

/** 共享类型 of the catalog guide. */
export const SHARING_TYPES = ['unconditional', 'conditional', 'none'] as const
export type SharingType = (typeof SHARING_TYPES)[number]

/** 开放类型 of the catalog guide. */
export const OPEN_TYPES = ['unconditional', 'conditional', 'none'] as const
export type OpenType = (typeof OPEN_TYPES)[number]

export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const
export type UpdateCycle = (typeof UPDATE_CYCLES)[number]

/** Why data may never enter an authorization (art. 15). */
export const EXCLUSION_REASONS = [
  'prohibited-by-law',
  'national-or-public-security',
  'privacy',
  'personal-information',
  'trade-secret',
  'acquisition-agreement',
] as const
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number]

/** One field (信息项) of a resource, as compiled by its sector authority. */
export interface CatalogFieldInput {
  /** The column name in the pool: lowercase snake_case. */
  readonly name: string
  /** 信息项名称, in Chinese. */
  readonly title: string
  readonly dataType: FieldType
  readonly description: string
  readonly level: DataLevel
  /** Only for general data. */
  readonly grade: GeneralGrade | null
  readonly impactObject: ImpactObject
  readonly impactDegree: ImpactDegree
  /** Why this level and grade (定级依据). */
  readonly gradingBasis: string
  readonly personalInfo: readonly PersonalInfoTag[]
  /** Identifies a person or an enterprise (may be joined on, never released). */
  readonly identifier: boolean
  /** Part of the resource's key (unique together). */
  readonly key: boolean
  readonly nullable: boolean
  /** Allowed values, where the field is a code (e.g. status 存续/注销/吊销). */
  readonly codeList?: readonly string[]
  /** Inclusive numeric range, where one applies. */
  readonly range?: { readonly min?: number; readonly max?: number }
  /** A checked format of the value (identifier checksums, codes); inferred when absent. */
  readonly format?: FieldFormat
  /** Another resource's field every value must exist in (a cross-resource consistency check). */
  readonly references?: { readonly resource: string; readonly field: string }
  /** The organization responsible for collecting this field (art. 8). */
  readonly collectingOrgId: string
  /** Set when the measures exclude this field from authorized operation (art. 15). */
  readonly exclusion?: { readonly reason: ExclusionReason; readonly note: string }
}

/** Formats the pool validates beyond the data type. */
export const FIELD_FORMATS = ['resident-id', 'uscc', 'mobile', 'bank-card', 'year-month', 'division-code', 'email'] as const
export type FieldFormat = (typeof FIELD_FORMATS)[number]

/** A field's format: declared, or inferred from its personal-information tags and its name. */
export function fieldFormat(field: Pick<CatalogFieldInput, 'name' | 'format' | 'personalInfo' | 'dataType'>): FieldFormat | undefined {
  if (field.format) return field.format
  if (field.dataType !== 'string') return undefined
  if (field.personalInfo.includes('id_number')) return 'resident-id'
  if (field.personalInfo.includes('phone')) return 'mobile'
  if (field.personalInfo.includes('bank_card')) return 'bank-card'
  if (/(^|_)uscc$/.test(field.name)) return 'uscc'
  if (/(^|_)month$/.test(field.name)) return 'year-month'
  if (/(^|_)(district|division|region)_code$/.test(field.name)) return 'division-code'
  if (/(^|_)e?mail$/.test(field.name)) return 'email'
  return undefined
}

/** A catalog entry (目录条目) as compiled; the bureau reviews it before it is published. */
export interface CatalogResourceInput {
  /** 资源代码, unique in the city catalog. */
  readonly code: string
  /** The table name in the pool: lowercase snake_case. */
  readonly tableName: string
  /** 资源名称. */
  readonly name: string
  /** 资源分类: 类/项/目/细目. */
  readonly classification: {
    readonly category: string
    readonly item: string
    readonly subItem?: string
    readonly detail?: string
  }
  /** The source unit that supplies the data (数源单位). */
  readonly providerOrgId: string
  /** 资源提供方代码. */
  readonly providerCode: string
  /** 资源摘要. */
  readonly abstract: string
  /** 资源格式, e.g. 数据库表, 电子表格. */
  readonly format: string
  readonly fields: readonly CatalogFieldInput[]
  readonly sharingType: SharingType
  readonly sharingConditions?: string
  /** 共享方式, e.g. 接口, 库表. */
  readonly sharingMethod: string
  readonly openType: OpenType
  readonly updateCycle: UpdateCycle
  /** YYYY-MM-DD. */
  readonly publishDate: string
  readonly relatedCodes: readonly string[]
  /** Set when the measures exclude the data from authorized operation (art. 15). */
  readonly exclusion?: { readonly reason: ExclusionReason; readonly note: string }
  /** Received from another region or department through sharing: its provider (art. 15). */
  readonly sharedFrom?: { readonly provider: string; readonly region: string }
}

// ---------------------------------------------------------------------------- entry workflow

/** The life of one version of a catalog entry: compiled, submitted, then approved or returned. */
export const ENTRY_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const
export type EntryStatus = (typeof ENTRY_STATUSES)[number]

const entryTransitions = {
  draft: ['submitted'],
  submitted: ['approved', 'returned'],
  returned: ['submitted'],
  approved: [],
} as const satisfies Record<EntryStatus, readonly EntryStatus[]>

export function canTransition(from: EntryStatus, to: EntryStatus): boolean {
  return (entryTransitions[from] as readonly EntryStatus[]).includes(to)
}

/** Versions still being worked on: at most one per resource. */
export function isOpen(status: EntryStatus): boolean {
  return status !== 'approved'
}

// ---------------------------------------------------------------------------- grading

/** A comparable severity: core > important > general 4 > … > general 1. */
export function severity(level: DataLevel, grade: GeneralGrade | null): number {
  if (level === 'core') return 100
  if (level === 'important') return 50
  return grade ?? 0
}

export interface ResourceGrade {
  readonly level: DataLevel
  readonly grade: GeneralGrade | null
}

/** 就高从严: a resource takes the most severe level and grade of its fields. */
export function resourceGrade(fields: readonly { level: DataLevel; grade: GeneralGrade | null }[]): ResourceGrade {
  let worst: ResourceGrade = { level: 'general', grade: 1 }
  for (const field of fields) {
    if (severity(field.level, field.grade) > severity(worst.level, worst.grade)) {
      worst = { level: field.level, grade: field.level === 'general' ? field.grade : null }
    }
  }
  return worst
}

export function isSensitive(tags: readonly PersonalInfoTag[]): boolean {
  return tags.some((tag) => SENSITIVE_TAGS.includes(tag))
}

/**
 * Tags of values that name a person outright. Art. 15 keeps personal information out of
 * authorized operation: such a field never enters a scope as it is (a person's trajectory or
 * income may, for the gate to release only in aggregate).
 */
export const PERSON_IDENTIFYING_TAGS: readonly PersonalInfoTag[] = [
  'personal_name',
  'id_number',
  'phone',
  'bank_card',
  'financial_account',
  'card_number',
  'biometric',
]

/** Why a field may not enter an authorization's scope (art. 15), or null if it may. */
export function fieldExclusion(field: Pick<CatalogFieldInput, 'exclusion' | 'personalInfo'>): string | null {
  if (field.exclusion) return `${field.exclusion.reason}: ${field.exclusion.note}`
  const naming = field.personalInfo.filter((tag) => PERSON_IDENTIFYING_TAGS.includes(tag))
  return naming.length > 0 ? `personal information that identifies a person (${naming.join(', ')})` : null
}

/** Human labels, Chinese first, for reports and the console. */
export const LEVEL_LABELS: Record<DataLevel, string> = { core: '核心数据', important: '重要数据', general: '一般数据' }

export function gradeLabel(level: DataLevel, grade: GeneralGrade | null): string {
  return level === 'general' ? `${LEVEL_LABELS.general} ${grade}级` : LEVEL_LABELS[level]
}

// ---------------------------------------------------------------------------- suggestions

/**
 * Personal-information tags suggested from a field's name and title, before any data is seen.
 * A suggestion only: the sector authority decides, and value scans refine it later.
 */
const NAME_HINTS: readonly { pattern: RegExp; tag: PersonalInfoTag }[] = [
  { pattern: /(^|_)(person_id|id_?card|id_?no|id_number|identity|sfz|legal_rep_id|citizen_id)($|_|\s)|身份证|证件号/, tag: 'id_number' },
  { pattern: /(^|_)(person_name|full_name|legal_rep_name|contact_name|xm)($|_|\s)|姓名|法定代表人$|联系人/, tag: 'personal_name' },
  { pattern: /(^|_)(phone|mobile|tel|telephone|cellphone|sjhm)($|_|\s)|手机|电话/, tag: 'phone' },
  { pattern: /(^|_)e?mail($|_|\s)|邮箱|电子邮件/, tag: 'email' },
  { pattern: /(^|_)(address|addr|home_address|residence)($|_|\s)|住址|地址/, tag: 'address' },
  { pattern: /(^|_)(bank_card|card_no_bank|account_no|bank_account)($|_|\s)|银行卡|银行账户/, tag: 'bank_card' },
  { pattern: /(^|_)(card_id|card_no|card_number)($|_|\s)|卡号/, tag: 'card_number' },
  { pattern: /(^|_)(lat|lng|latitude|longitude|gps)($|_|\s)|经纬度|定位/, tag: 'precise_location' },
  { pattern: /(^|_)(diagnosis|disease|medical|health)($|_|\s)|诊断|病历|健康/, tag: 'health' },
  { pattern: /(^|_)(face|fingerprint|iris|voiceprint)($|_|\s)|人脸|指纹|虹膜/, tag: 'biometric' },
  { pattern: /(^|_)(religion)($|_|\s)|宗教/, tag: 'religion' },
  { pattern: /(^|_)(salary|income|wage)($|_|\s)|工资|收入/, tag: 'income' },
]

export function suggestTagsByName(field: { name: string; title?: string }): PersonalInfoTag[] {
  const text = `${field.name.toLowerCase()} ${field.title ?? ''}`
  const tags = new Set<PersonalInfoTag>()
  for (const hint of NAME_HINTS) if (hint.pattern.test(text)) tags.add(hint.tag)
  return [...tags]
}
