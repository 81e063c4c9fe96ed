/**
 * The parts of DuckDB's serialized query tree (json_serialize_sql, v1.5) the gate reads. The
 * gate treats everything loosely typed as `Node` and checks each field it relies on: a shape it
 * does not recognize is refused, never guessed at.
 */

/** Any node of the serialized tree. */
export type Node = { readonly [key: string]: unknown }

export interface SelectNode extends Node {
  readonly type: string
  readonly select_list: readonly Node[]
  readonly from_table: Node
  readonly where_clause: Node | null
  readonly group_expressions: readonly Node[]
  readonly group_sets: readonly unknown[]
  readonly aggregate_handling: string
  readonly having: Node | null
  readonly qualify: Node | null
  readonly sample: Node | null
  readonly modifiers: readonly Node[]
  readonly cte_map: { readonly map: readonly { readonly key: string; readonly value: { readonly query: { readonly node: Node }; readonly aliases: readonly string[] } }[] }
}

export function str(node: Node, key: string): string {
  const value = node[key]
  return typeof value === 'string' ? value : ''
}

export function children(node: Node, key = 'children'): readonly Node[] {
  const value = node[key]
  return Array.isArray(value) ? (value as Node[]) : []
}

export function child(node: Node, key: string): Node | null {
  const value = node[key]
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : null
}

export function columnNames(node: Node): readonly string[] {
  const value = node['column_names']
  return Array.isArray(value) ? (value as string[]) : []
}

/** A column reference as the user wrote it, for messages. */
export function refText(node: Node): string {
  return columnNames(node).join('.')
}

export function isFunction(node: Node, ...names: string[]): boolean {
  return node['class'] === 'FUNCTION' && names.includes(str(node, 'function_name').toLowerCase())
}

/** A new column reference node. */
export function columnRef(names: readonly string[], alias = ''): Node {
  return { class: 'COLUMN_REF', type: 'COLUMN_REF', alias, column_names: [...names] }
}

/** A new call of a plain (non-operator) function. */
export function functionCall(name: string, args: readonly Node[], alias = '', distinct = false): Node {
  return {
    class: 'FUNCTION',
    type: 'FUNCTION',
    alias,
    function_name: name,
    schema: '',
    children: [...args],
    filter: null,
    order_bys: { type: 'ORDER_MODIFIER', orders: [] },
    distinct,
    is_operator: false,
    export_state: false,
    catalog: '',
  }
}

/**
 * `CASE WHEN ref IS NULL THEN NULL ELSE hash(ref) % buckets END`: the bucket of an entity, every row
 * of one entity in the same bucket, and no bucket for a missing entity (DuckDB hashes NULL too).
 */
export function bucketOf(ref: Node, buckets: number, alias = ''): Node {
  const column = { ...ref, alias: '' }
  const hashed = functionCall('hash', [column])
  return {
    class: 'CASE',
    type: 'CASE_EXPR',
    alias,
    case_checks: [
      {
        when_expr: { class: 'OPERATOR', type: 'OPERATOR_IS_NULL', alias: '', children: [column] },
        then_expr: { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'NULL', type_info: null }, is_null: true } },
      },
    ],
    else_expr: { ...functionCall('%', [hashed, constant(buckets)]), is_operator: true },
  }
}

export function constant(value: number): Node {
  return { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'INTEGER', type_info: null }, is_null: false, value } }
}

/** The integer value of a constant node, or undefined. */
export function integerConstant(node: Node | null): number | undefined {
  if (!node || node['class'] !== 'CONSTANT') return undefined
  const value = child(node, 'value')
  const id = value && child(value, 'type') ? str(child(value, 'type')!, 'id') : ''
  const raw = value?.['value']
  if (!['INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'HUGEINT', 'UINTEGER', 'UBIGINT'].includes(id)) return undefined
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN
  return Number.isSafeInteger(n) ? n : undefined
}

/**
 * A tree as the JSON json_deserialize_sql takes. Query locations are dropped: DuckDB writes an
 * absent one as 2^64 − 1, which JSON numbers cannot carry back, and they play no part in the SQL.
 */
export function treeJson(node: Node): string {
  return JSON.stringify({ error: false, statements: [{ node, named_param_map: [] }] }, (key, value) => (key === 'query_location' ? undefined : value))
}
