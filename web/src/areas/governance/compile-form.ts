import type { Rule } from 'antd/es/form'
import type {
  CatalogFieldInput,
  CatalogResourceInput,
  DataLevel,
  ExclusionReason,
  FieldFormat,
  FieldType,
  GeneralGrade,
  ImpactDegree,
  ImpactObject,
  PersonalInfoTag,
  SharingType,
  UpdateCycle,
} from './types.ts'

/**
 * The compile form's values and their way to the API's body (catalog.schema.ts). The form keeps
 * optional groups as possibly-empty objects; toInput() trims, and drops what was left empty,
 * so that the body passes the server's strict schema.
 */
export interface FieldValues {
  name?: string
  title?: string
  dataType?: FieldType
  description?: string
  level?: DataLevel
  grade?: GeneralGrade | null
  impactObject?: ImpactObject
  impactDegree?: ImpactDegree
  gradingBasis?: string
  personalInfo?: PersonalInfoTag[]
  identifier?: boolean
  key?: boolean
  nullable?: boolean
  codeList?: string[]
  range?: { min?: number | null; max?: number | null }
  format?: FieldFormat | null
  references?: { resource?: string; field?: string }
  collectingOrgId?: string
  exclusion?: { reason?: ExclusionReason | null; note?: string }
}

export interface EntryValues {
  code?: string
  tableName?: string
  name?: string
  classification?: { category?: string; item?: string; subItem?: string; detail?: string }
  providerOrgId?: string
  providerCode?: string
  abstract?: string
  format?: string
  fields?: FieldValues[]
  sharingType?: SharingType
  sharingConditions?: string
  sharingMethod?: string
  openType?: SharingType
  updateCycle?: UpdateCycle
  publishDate?: string
  relatedCodes?: string[]
  exclusion?: { reason?: ExclusionReason | null; note?: string }
  sharedFrom?: { provider?: string; region?: string }
}

export const RESOURCE_CODE = /^[0-9A-Z][0-9A-Z-]{2,39}$/
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/
export const ORG_ID = /^[A-Za-z0-9_-]{1,64}$/
/** Words a column or table name must not be: they would shadow SQL in the pool. */
export const RESERVED = new Set(['select', 'from', 'where', 'table', 'order', 'group', 'user', 'limit', 'join', 'union', 'rowid'])

/** antd rules for a trimmed text of 1..max characters (the server's `text(max)`). */
export function text(max: number, required = true): Rule[] {
  return [{ required, whitespace: true }, { max }]
}

export function identifierRules(message: { pattern: string; reserved: string }): Rule[] {
  return [
    { required: true },
    { pattern: IDENTIFIER, message: message.pattern },
    { validator: async (_, v?: string) => (v && RESERVED.has(v) ? Promise.reject(new Error(message.reserved)) : undefined) },
  ]
}

const trimmed = (v: string | undefined): string | undefined => {
  const s = v?.trim()
  return s ? s : undefined
}

function toField(f: FieldValues): CatalogFieldInput {
  const level = f.level ?? 'general'
  const min = f.range?.min ?? undefined
  const max = f.range?.max ?? undefined
  const refResource = trimmed(f.references?.resource)
  const exclusionReason = f.exclusion?.reason ?? undefined
  const codeList = (f.codeList ?? []).map((c) => c.trim()).filter(Boolean)
  return {
    name: (f.name ?? '').trim(),
    title: (f.title ?? '').trim(),
    dataType: f.dataType ?? 'string',
    description: (f.description ?? '').trim(),
    level,
    grade: level === 'general' ? (f.grade ?? null) : null,
    impactObject: f.impactObject ?? 'public_interest',
    impactDegree: f.impactDegree ?? 'none',
    gradingBasis: (f.gradingBasis ?? '').trim(),
    personalInfo: f.personalInfo ?? [],
    identifier: f.identifier ?? false,
    key: f.key ?? false,
    nullable: f.nullable ?? true,
    ...(codeList.length ? { codeList } : {}),
    ...(min !== undefined || max !== undefined ? { range: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) } } : {}),
    ...(f.format ? { format: f.format } : {}),
    ...(refResource ? { references: { resource: refResource, field: (f.references?.field ?? '').trim() } } : {}),
    collectingOrgId: (f.collectingOrgId ?? '').trim(),
    ...(exclusionReason ? { exclusion: { reason: exclusionReason, note: (f.exclusion?.note ?? '').trim() } } : {}),
  }
}

export function toInput(v: EntryValues): CatalogResourceInput {
  const c = v.classification ?? {}
  const sharedProvider = trimmed(v.sharedFrom?.provider)
  const exclusionReason = v.exclusion?.reason ?? undefined
  const subItem = trimmed(c.subItem)
  const detail = trimmed(c.detail)
  const conditions = trimmed(v.sharingConditions)
  return {
    code: (v.code ?? '').trim(),
    tableName: (v.tableName ?? '').trim(),
    name: (v.name ?? '').trim(),
    classification: { category: (c.category ?? '').trim(), item: (c.item ?? '').trim(), ...(subItem ? { subItem } : {}), ...(detail ? { detail } : {}) },
    providerOrgId: (v.providerOrgId ?? '').trim(),
    providerCode: (v.providerCode ?? '').trim(),
    abstract: (v.abstract ?? '').trim(),
    format: (v.format ?? '').trim(),
    fields: (v.fields ?? []).map(toField),
    sharingType: v.sharingType ?? 'conditional',
    ...(conditions ? { sharingConditions: conditions } : {}),
    sharingMethod: (v.sharingMethod ?? '').trim(),
    openType: v.openType ?? 'none',
    updateCycle: v.updateCycle ?? 'monthly',
    publishDate: v.publishDate ?? '',
    relatedCodes: (v.relatedCodes ?? []).map((r) => r.trim()).filter(Boolean),
    ...(exclusionReason ? { exclusion: { reason: exclusionReason, note: (v.exclusion?.note ?? '').trim() } } : {}),
    ...(sharedProvider ? { sharedFrom: { provider: sharedProvider, region: (v.sharedFrom?.region ?? '').trim() } } : {}),
  }
}

/** The form's values from an entry's content, for editing it or compiling its next version. */
export function fromInput(input: CatalogResourceInput): EntryValues {
  return {
    ...input,
    classification: { ...input.classification },
    relatedCodes: [...input.relatedCodes],
    fields: input.fields.map((f) => ({
      ...f,
      personalInfo: [...f.personalInfo],
      codeList: f.codeList ? [...f.codeList] : [],
      range: f.range ? { ...f.range } : {},
      references: f.references ? { ...f.references } : {},
      exclusion: f.exclusion ? { ...f.exclusion } : {},
    })),
    exclusion: input.exclusion ? { ...input.exclusion } : {},
    sharedFrom: input.sharedFrom ? { ...input.sharedFrom } : {},
  }
}

export function emptyField(collectingOrgId?: string): FieldValues {
  return {
    dataType: 'string',
    level: 'general',
    grade: 1,
    impactObject: 'public_interest',
    impactDegree: 'none',
    personalInfo: [],
    identifier: false,
    key: false,
    nullable: true,
    codeList: [],
    range: {},
    references: {},
    exclusion: {},
    ...(collectingOrgId ? { collectingOrgId } : {}),
  }
}

/**
 * The server's issue paths (`body.fields.0.name`) as form name paths (['fields', 0, 'name']), so
 * that a refusal the client could not foresee lands on the field it concerns.
 */
export function issuePath(path: string): (string | number)[] | null {
  if (!path.startsWith('body.')) return null
  return path
    .slice(5)
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}
