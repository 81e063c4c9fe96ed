// A masking policy applied to records held in memory (a file, an import): one operator per column.
import { z } from 'zod'
import { InputError } from '../../platform/errors.ts'
import {
  compileOperator,
  isDeterministic,
  maskedKind,
  maskingOperatorSchema,
  needsKeys,
  type ColumnKind,
  type MaskingFunction,
  type MaskingKeys,
} from './operators.ts'

export const MASKING_POLICY_MAX_COLUMNS = 1000

export const maskingPolicySchema = z.strictObject({
  columns: z
    .record(
      // '__proto__' would set a masked record's prototype rather than a column.
      z.string().min(1).max(128).refine((name) => name !== '__proto__', 'a reserved name'),
      maskingOperatorSchema,
    )
    .refine(
      (columns) => Object.keys(columns).length <= MASKING_POLICY_MAX_COLUMNS,
      `at most ${MASKING_POLICY_MAX_COLUMNS} columns`,
    ),
})
export type MaskingPolicy = z.infer<typeof maskingPolicySchema>

export interface ApplyPolicyOptions {
  /** Date-shift only: the column (e.g. the person's ID) whose value keeps one offset per record. */
  readonly contextColumn?: string
}

// Keyed operators cost microseconds a value: distinct values are masked once, up to this many.
const MEMO_LIMIT = 100_000

/**
 * The records with each policy column masked; new objects, the input is never touched. Throws
 * InputError when the policy names a column absent from `kinds` (the data's columns), an operator
 * does not apply to its column's kind, a keyed operator finds no keys, or a value is of the wrong
 * type. Date-shift reads its context from the unmasked record.
 */
export function applyPolicy(
  policy: MaskingPolicy,
  records: readonly Record<string, unknown>[],
  kinds: Record<string, ColumnKind>,
  keys?: MaskingKeys,
  options: ApplyPolicyOptions = {},
): Record<string, unknown>[] {
  const parsed = maskingPolicySchema.safeParse(policy)
  if (!parsed.success) {
    throw new InputError(
      'invalid masking policy',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    )
  }
  const { contextColumn } = options
  if (contextColumn !== undefined && !Object.hasOwn(kinds, contextColumn)) {
    throw new InputError(`the context column ${contextColumn} is not in the data`)
  }
  const maskers = Object.entries(parsed.data.columns).map(([column, op]) => {
    if (!Object.hasOwn(kinds, column)) {
      throw new InputError(`the masking policy names column ${column}, which is not in the data`)
    }
    maskedKind(op, kinds[column]!)
    const fn = compileOperator(op, keys)
    return {
      column,
      mask: needsKeys(op) && isDeterministic(op) && op.kind !== 'date-shift' ? memoized(fn) : fn,
    }
  })
  return records.map((record) => {
    const masked: Record<string, unknown> = { ...record }
    const context = contextColumn === undefined ? undefined : record[contextColumn]
    for (const { column, mask } of maskers) masked[column] = mask(record[column], context)
    return masked
  })
}

function memoized(fn: MaskingFunction): MaskingFunction {
  const seen = new Map<unknown, unknown>()
  return (value, context) => {
    const primitive = typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint'
    if (!primitive) return fn(value, context)
    if (seen.has(value)) return seen.get(value)
    const result = fn(value, context)
    if (seen.size < MEMO_LIMIT) seen.set(value, result)
    return result
  }
}
