import { ConflictError, InputError } from '../../platform/errors.ts'
import type { Node } from './gate/ast.ts'

/**
 * Query templates: parameterized SELECTs a developer proposes and the operator approves, the
 * only queries a template-only workspace runs and the basis of API products. Parameters are
 * typed, bounded and bound into the parse tree as constants, so a value can never change the
 * query's shape. Pure.
 */

export const TEMPLATE_STATUSES = ['proposed', 'approved', 'rejected'] as const
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number]

export const TEMPLATE_DECISIONS = ['approve', 'reject'] as const
export type TemplateDecision = (typeof TEMPLATE_DECISIONS)[number]

export const PARAMETER_TYPES = ['string', 'integer', 'number', 'date'] as const
export type ParameterType = (typeof PARAMETER_TYPES)[number]

export const TEMPLATE_NAME_PATTERN = /^[a-z][a-z0-9-]{1,62}$/

export interface TemplateParameter {
  readonly name: string
  readonly type: ParameterType
  readonly description: string
  /** The values a caller may choose from, when the set is closed (e.g. the 16 counties). */
  readonly allowed?: readonly (string | number)[]
  readonly min?: number | string
  readonly max?: number | string
  /** A value used to check the template when it is proposed. */
  readonly example: string | number
}

export type ParameterValue = string | number

/** Checks a value against its declared type, list and range; returns it normalized. */
export function checkValue(parameter: TemplateParameter, value: unknown): ParameterValue {
  const path = `body.parameters.${parameter.name}`
  const fail = (message: string): never => {
    throw new InputError(`${parameter.name}: ${message}`, [{ path, message }])
  }
  let normalized: ParameterValue
  switch (parameter.type) {
    case 'string':
      if (typeof value !== 'string' || value.length === 0 || value.length > 200 || value.includes('\0')) fail('a text of 1 to 200 characters')
      normalized = value as string
      break
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail('a whole number')
      normalized = value as number
      break
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('a finite number')
      normalized = value as number
      break
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) fail('a date, YYYY-MM-DD')
      normalized = value as string
      break
  }
  if (parameter.allowed && !parameter.allowed.includes(normalized)) fail(`one of ${parameter.allowed.join(', ')}`)
  if (parameter.min !== undefined && normalized < parameter.min) fail(`at least ${parameter.min}`)
  if (parameter.max !== undefined && normalized > parameter.max) fail(`at most ${parameter.max}`)
  return normalized
}

/** Every parameter given, none unknown: the values, normalized, by name. */
export function checkValues(parameters: readonly TemplateParameter[], values: Readonly<Record<string, unknown>>): Map<string, ParameterValue> {
  const unknown = Object.keys(values).filter((name) => !parameters.some((p) => p.name === name))
  if (unknown.length > 0) throw new InputError(`unknown parameters: ${unknown.join(', ')}`, [{ path: 'body.parameters', message: 'unknown parameter' }])
  const bound = new Map<string, ParameterValue>()
  for (const parameter of parameters) {
    if (!(parameter.name in values)) throw new InputError(`missing parameter ${parameter.name}`, [{ path: `body.parameters.${parameter.name}`, message: 'required' }])
    bound.set(parameter.name, checkValue(parameter, values[parameter.name]))
  }
  return bound
}

function constantNode(type: ParameterType, value: ParameterValue): Node {
  const constant = (id: string, v: ParameterValue): Node => ({ class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id, type_info: null }, is_null: false, value: v } })
  switch (type) {
    case 'string':
      return constant('VARCHAR', value)
    case 'integer':
      return constant('BIGINT', value)
    case 'number':
      return constant('DOUBLE', value)
    case 'date':
      return { class: 'CAST', type: 'OPERATOR_CAST', alias: '', child: constant('VARCHAR', value), cast_type: { id: 'DATE', type_info: null }, try_cast: false }
  }
}

/**
 * Replaces each `$name` in the tree with its value as a typed constant. The template's
 * parameters must be exactly those its SQL uses.
 */
export function bindParameters(tree: Node, parameters: readonly TemplateParameter[], values: ReadonlyMap<string, ParameterValue>): Node {
  const used = new Set<string>()
  const bind = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(bind)
    if (!node || typeof node !== 'object') return node
    const n = node as Node
    if (n['class'] === 'PARAMETER') {
      const name = String(n['identifier'] ?? '')
      const parameter = parameters.find((p) => p.name === name)
      if (!parameter || !/^[a-z_][a-z0-9_]*$/i.test(name)) {
        throw new ConflictError(`the template uses $${name}, which it does not declare (positional ? parameters are not allowed)`)
      }
      used.add(name)
      return { ...constantNode(parameter.type, values.get(name)!), alias: n['alias'] ?? '' }
    }
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, bind(v)]))
  }
  const bound = bind(tree) as Node
  const unused = parameters.filter((p) => !used.has(p.name)).map((p) => p.name)
  if (unused.length > 0) throw new ConflictError(`the template declares ${unused.join(', ')} but its SQL does not use them`)
  return bound
}
