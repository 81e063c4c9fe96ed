import { z } from 'zod'
import {
  DATA_LEVELS,
  EXCLUSION_REASONS,
  FIELD_FORMATS,
  FIELD_TYPES,
  IMPACT_DEGREES,
  IMPACT_OBJECTS,
  OPEN_TYPES,
  PERSONAL_INFO_TAGS,
  SHARING_TYPES,
  UPDATE_CYCLES,
  type CatalogResourceInput,
} from './catalog.ts'

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lowercase snake_case, starting with a letter, at most 63 characters')
const text = (max: number) => z.string().trim().min(1).max(max)
const orgId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an organization id')

// Words a column or table name must not be: they would shadow SQL in the pool.
const RESERVED = new Set(['select', 'from', 'where', 'table', 'order', 'group', 'user', 'limit', 'join', 'union', 'rowid'])

export const catalogFieldSchema = z
  .object({
    name: identifier.refine((n) => !RESERVED.has(n), 'a reserved SQL word'),
    title: text(100),
    dataType: z.enum(FIELD_TYPES),
    description: text(1000),
    level: z.enum(DATA_LEVELS),
    grade: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).nullable(),
    impactObject: z.enum(IMPACT_OBJECTS),
    impactDegree: z.enum(IMPACT_DEGREES),
    gradingBasis: text(1000),
    personalInfo: z.array(z.enum(PERSONAL_INFO_TAGS)).max(PERSONAL_INFO_TAGS.length).default([]),
    identifier: z.boolean().default(false),
    key: z.boolean().default(false),
    nullable: z.boolean().default(true),
    codeList: z.array(text(100)).min(1).max(500).optional(),
    range: z.object({ min: z.number().optional(), max: z.number().optional() }).strict().optional(),
    format: z.enum(FIELD_FORMATS).optional(),
    references: z.object({ resource: z.string().max(40), field: identifier }).strict().optional(),
    collectingOrgId: orgId,
    exclusion: z.object({ reason: z.enum(EXCLUSION_REASONS), note: text(1000) }).strict().optional(),
  })
  .strict()
  .superRefine((field, ctx) => {
    if (field.level === 'general' && field.grade === null) {
      ctx.addIssue({ code: 'custom', path: ['grade'], message: 'general data needs a grade 1–4 (GB/T 43697-2024)' })
    }
    if (field.level !== 'general' && field.grade !== null) {
      ctx.addIssue({ code: 'custom', path: ['grade'], message: `${field.level} data has no general grade: use null` })
    }
    if (field.range && field.range.min !== undefined && field.range.max !== undefined && field.range.min > field.range.max) {
      ctx.addIssue({ code: 'custom', path: ['range'], message: 'min is above max' })
    }
  })

export const catalogResourceSchema = z
  .object({
    code: z.string().regex(/^[0-9A-Z][0-9A-Z-]{2,39}$/, 'a resource code of capitals, digits and -, e.g. 130700-SCJG-0001'),
    tableName: identifier.refine((n) => !RESERVED.has(n), 'a reserved SQL word'),
    name: text(200),
    classification: z
      .object({ category: text(50), item: text(50), subItem: text(50).optional(), detail: text(50).optional() })
      .strict(),
    providerOrgId: orgId,
    providerCode: text(64),
    abstract: text(2000),
    format: text(50),
    fields: z.array(catalogFieldSchema).min(1).max(500),
    sharingType: z.enum(SHARING_TYPES),
    sharingConditions: text(1000).optional(),
    sharingMethod: text(100),
    openType: z.enum(OPEN_TYPES),
    updateCycle: z.enum(UPDATE_CYCLES),
    publishDate: z.iso.date(),
    relatedCodes: z.array(z.string().max(40)).max(100).default([]),
    exclusion: z.object({ reason: z.enum(EXCLUSION_REASONS), note: text(1000) }).strict().optional(),
    sharedFrom: z.object({ provider: text(200), region: text(100) }).strict().optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const seen = new Set<string>()
    entry.fields.forEach((field, i) => {
      if (seen.has(field.name)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'name'], message: `field ${field.name} appears twice` })
      seen.add(field.name)
    })
    if (entry.sharingType === 'conditional' && !entry.sharingConditions) {
      ctx.addIssue({ code: 'custom', path: ['sharingConditions'], message: 'conditional sharing needs its conditions' })
    }
  }) satisfies z.ZodType<CatalogResourceInput, unknown>

