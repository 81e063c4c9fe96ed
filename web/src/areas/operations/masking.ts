import type { ColumnKind, MaskingOperator, MaskingOperatorKind } from './types.ts'

/**
 * The masking operators' rules as the server applies them (src/modules/masking/operators.ts):
 * which column kinds each applies to, and what the column becomes.
 */
export const APPLICABLE: Readonly<Record<MaskingOperatorKind, readonly ColumnKind[]>> = {
  mask: ['text', 'integer'],
  redact: ['text', 'integer', 'number', 'date', 'timestamp', 'boolean'],
  replace: ['text', 'integer', 'number', 'date', 'timestamp', 'boolean'],
  pseudonym: ['text', 'integer', 'number', 'date', 'timestamp'],
  encrypt: ['text', 'integer', 'number', 'date', 'timestamp'],
  'generalize-date': ['date', 'timestamp'],
  'generalize-age': ['integer'],
  'generalize-region': ['text', 'integer'],
  range: ['integer', 'number'],
  'top-bottom': ['integer', 'number'],
  noise: ['integer', 'number'],
  'date-shift': ['date', 'timestamp'],
}

const KIND_OF_FIELD_TYPE: Readonly<Record<string, ColumnKind>> = {
  string: 'text',
  integer: 'integer',
  decimal: 'number',
  date: 'date',
  timestamp: 'timestamp',
  boolean: 'boolean',
}

/** A catalog field type as a column kind (the server's columnKindOf). */
export function columnKindOf(dataType: string): ColumnKind {
  return KIND_OF_FIELD_TYPE[dataType] ?? 'text'
}

export function maskedKindOf(op: MaskingOperator, input: ColumnKind): ColumnKind {
  switch (op.kind) {
    case 'redact':
    case 'noise':
    case 'date-shift':
      return input
    case 'top-bottom':
      return input === 'integer' && (op.min === undefined || Number.isInteger(op.min)) && (op.max === undefined || Number.isInteger(op.max)) ? 'integer' : 'number'
    default:
      return 'text'
  }
}

/** What one row of the editor holds: the operator's kind and its parameters, all optional while editing. */
export interface MaskDraft {
  kind?: MaskingOperatorKind
  char?: string
  keepPrefix?: number
  keepSuffix?: number
  value?: string
  to?: 'month' | 'year'
  width?: number
  digits?: 4 | 2
  min?: number
  max?: number
  scale?: number
  distribution?: 'laplace' | 'uniform'
  maxDays?: number
  context?: string
}

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T

/** The operator the draft describes, with only the parameters its kind takes. */
export function operatorOf(d: MaskDraft & { kind: MaskingOperatorKind }): MaskingOperator {
  switch (d.kind) {
    case 'mask':
      return defined({ kind: 'mask', char: d.char, keepPrefix: d.keepPrefix, keepSuffix: d.keepSuffix })
    case 'replace':
      return defined({ kind: 'replace', value: d.value })
    case 'generalize-date':
      return { kind: 'generalize-date', to: d.to ?? 'month' }
    case 'generalize-age':
      return { kind: 'generalize-age', width: d.width ?? 10 }
    case 'generalize-region':
      return { kind: 'generalize-region', digits: d.digits ?? 4 }
    case 'range':
      return { kind: 'range', width: d.width ?? 1 }
    case 'top-bottom':
      return defined({ kind: 'top-bottom', min: d.min, max: d.max })
    case 'noise':
      return defined({ kind: 'noise', scale: d.scale ?? 1, distribution: d.distribution })
    case 'date-shift':
      return { kind: 'date-shift', maxDays: d.maxDays ?? 30 }
    default:
      return { kind: d.kind }
  }
}

/** A stored operator back into an editor row. */
export function draftOf(op: MaskingOperator, context?: string): MaskDraft {
  return { ...(op as MaskDraft), ...(context ? { context } : {}) }
}

/** Sensible parameters when an operator is first chosen for a column. */
export function defaultsFor(kind: MaskingOperatorKind): MaskDraft {
  switch (kind) {
    case 'mask':
      return { kind, keepPrefix: 1, keepSuffix: 0 }
    case 'generalize-date':
      return { kind, to: 'month' }
    case 'generalize-age':
      return { kind, width: 10 }
    case 'generalize-region':
      return { kind, digits: 4 }
    case 'range':
      return { kind, width: 1000 }
    case 'top-bottom':
      return { kind }
    case 'noise':
      return { kind, scale: 1, distribution: 'laplace' }
    case 'date-shift':
      return { kind, maxDays: 30 }
    default:
      return { kind }
  }
}

/** An operator in a few words, e.g. for the policy's summary. */
export function describeOperator(op: MaskingOperator): string {
  switch (op.kind) {
    case 'mask':
      return `mask(${op.keepPrefix ?? 0}, ${op.keepSuffix ?? 0}${op.char ? `, '${op.char}'` : ''})`
    case 'replace':
      return `replace(${op.value ?? '***'})`
    case 'generalize-date':
      return `generalize-date(${op.to})`
    case 'generalize-age':
      return `generalize-age(${op.width})`
    case 'generalize-region':
      return `generalize-region(${op.digits})`
    case 'range':
      return `range(${op.width})`
    case 'top-bottom':
      return `top-bottom(${op.min ?? '−∞'}, ${op.max ?? '+∞'})`
    case 'noise':
      return `noise(${op.scale}${op.distribution ? `, ${op.distribution}` : ''})`
    case 'date-shift':
      return `date-shift(±${op.maxDays})`
    default:
      return op.kind
  }
}
