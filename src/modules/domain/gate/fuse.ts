import { bucketOf, child, children, columnNames, columnRef, functionCall, integerConstant, str, type Node, type SelectNode } from './ast.ts'
import type { GatePlan } from './analyze.ts'

/**
 * The fused plan: one query instead of two for the common shape of analysis. The user's query
 * is turned into an inner aggregation per (group, entity) — each entity's partial counts and
 * sums — and an outer one per group, which gives the user's aggregates, the distinct entities,
 * and each entity's contribution for the dominance checks, in a single pass over the data.
 * Where the shape does not decompose (HAVING, DISTINCT, wrapped aggregates, entities that are
 * not one and the same), it returns null and the gate runs the query and its evidence apart; so
 * it does when there is no sum or average, whose evidence is the point of fusing.
 *
 * With `buckets`, the inner aggregation is per (group, bucket of entities) instead: every entity's
 * rows fall in one bucket (a hash of the entity), so each bucket's partial is the sum of whole
 * entities' contributions. The user's aggregates come out exact, and the evidence is a bound:
 * the buckets a row covers are at most its entities, and, when no contribution is negative (the
 * least value of each partial tells), the largest bucket sums are at least the largest entity
 * contributions. A cell that passes every check on buckets therefore passes on entities; one
 * that does not is decided by the exact plan. Grouping by a few hundred buckets rather than by
 * hundreds of thousands of entities is what makes the evidence cheap on large tables.
 */

export interface FusedPlan {
  /** The inner aggregation as a tree, turned into SQL (and verified) like any rewrite. */
  readonly inner: SelectNode
  /** Builds the whole query around the inner SQL, capped at `cap` rows. */
  outer(innerSql: string, cap: number, dominanceN: number): string
  /** Where each sum's or average's evidence sits in a result row, by output index. */
  readonly evidenceAt: ReadonlyMap<number, { readonly top: number; readonly total: number; readonly negatives: number; readonly contributors: number }>
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

function canonical(node: Node): string {
  return JSON.stringify(node, (key, value) => (key === 'query_location' || key === 'alias' ? undefined : value))
}

/** The one entity every entity source stands for (linked by INNER join equalities), or null. */
export function singleEntity(plan: GatePlan): { relation: string; column: string } | null {
  const sources = plan.entitySources
  if (sources.length === 0 || sources.some((s) => s.derived)) return null
  const key = (s: { relation: string; column: string }) => `${s.relation}.${s.column}`
  const linked = new Set([key(sources[0]!)])
  let grown = true
  while (grown) {
    grown = false
    for (const [a, b] of plan.links) {
      if (linked.has(a) !== linked.has(b)) {
        linked.add(linked.has(a) ? b : a)
        grown = true
      }
    }
  }
  return sources.every((s) => linked.has(key(s))) ? sources[0]! : null
}

export function fusedPlan(plan: GatePlan, buckets?: number): FusedPlan | null {
  // Rows that are entities already carry their evidence in the query itself.
  if (plan.rowEvidence) return null
  const base = plan.baseNode
  if (base.having || base.modifiers.some((m) => m['type'] === 'DISTINCT_MODIFIER')) return null
  const entity = singleEntity(plan)
  if (!entity) return null
  const entityKeys = new Set(plan.entitySources.map((s) => `${s.relation}.${s.column}`))
  const groups = plan.groupExpressions.map(canonical)

  // The ORDER BY may only name outputs (by position or alias): the outer query has no other columns.
  const orders: string[] = []
  for (const modifier of base.modifiers.filter((m) => m['type'] === 'ORDER_MODIFIER')) {
    for (const order of children(modifier, 'orders')) {
      const expr = child(order, 'expression')!
      const position = integerConstant(expr)
      const alias = expr['class'] === 'COLUMN_REF' && columnNames(expr).length === 1 ? columnNames(expr)[0]! : undefined
      const index = position !== undefined ? position - 1 : plan.outputs.findIndex((o) => alias !== undefined && o.name.toLowerCase() === alias.toLowerCase())
      if (index < 0 || index >= plan.outputs.length) return null
      const direction = str(order, 'type') === 'ORDER_DESCENDING' ? ' DESC' : str(order, 'type') === 'ORDER_ASCENDING' ? ' ASC' : ''
      const nulls = str(order, 'null_order') === 'ORDER_NULLS_FIRST' ? ' NULLS FIRST' : str(order, 'null_order') === 'ORDER_NULLS_LAST' ? ' NULLS LAST' : ''
      orders.push(`${index + 1}${direction}${nulls}`)
    }
  }
  const limit = base.modifiers.find((m) => m['type'] === 'LIMIT_MODIFIER')
  const userLimit = limit ? integerConstant(child(limit, 'limit')) : undefined
  const offset = limit ? integerConstant(child(limit, 'offset')) : undefined

  const partials: Node[] = []
  const visible: string[] = []
  const evidence: string[] = []
  const evidenceAt = new Map<number, { top: number; total: number; negatives: number; contributors: number }>()
  const hiddenBase = plan.outputs.length + 2 + plan.groupExpressions.length
  for (const [i, output] of plan.outputs.entries()) {
    const item = base.select_list[i]!
    const name = quote(output.name)
    if (output.kind === 'dimension') {
      const g = groups.indexOf(canonical(item))
      if (g < 0) return null
      visible.push(`__g${g + 1} AS ${name}`)
      continue
    }
    const fn = str(item, 'function_name').toLowerCase()
    if (item['class'] !== 'FUNCTION' || !['count', 'count_star', 'sum', 'avg', 'mean'].includes(fn)) return null
    const distinct = item['distinct'] === true
    if (distinct) {
      // count(DISTINCT entity) is the number of entities; any other distinct does not decompose.
      const arg = children(item)[0]
      const names = arg ? columnNames(arg).map((n) => n.toLowerCase()) : []
      const ref = names.length === 2 ? `${names[0]}.${names[1]}` : names.length === 1 ? [...entityKeys].find((k) => k.endsWith(`.${names[0]}`)) : undefined
      if (fn !== 'count' || child(item, 'filter') || !ref || !entityKeys.has(ref)) return null
      if (buckets) {
        // A bucket holds whole entities, so the distinct ones add up across buckets.
        partials.push({ ...structuredClone(item), alias: `__d${i}` } as Node)
        visible.push(`CAST(sum(__d${i}) AS BIGINT) AS ${name}`)
      } else {
        visible.push(`count(__e) AS ${name}`)
      }
      continue
    }
    const partial = { ...structuredClone(item), alias: `__p${i}` } as Node
    if (fn === 'avg' || fn === 'mean') {
      partials.push({ ...partial, function_name: 'sum' }, { ...structuredClone(item), function_name: 'count', alias: `__c${i}` } as Node)
      visible.push(`CAST(sum(__p${i}) AS DOUBLE) / nullif(sum(__c${i}), 0) AS ${name}`)
    } else {
      partials.push(partial)
      visible.push(`sum(__p${i}) AS ${name}`)
    }
    if (fn !== 'count' && fn !== 'count_star') {
      const at = hiddenBase + evidence.length
      // A bucket's sum can hide a negative entity behind positive ones: its least value cannot.
      if (buckets) partials.push({ ...structuredClone(item), function_name: 'min', alias: `__m${i}` } as Node)
      const negatives = buckets ? `count_if(__p${i} < 0 OR __m${i} < 0)` : `count_if(__p${i} < 0)`
      evidence.push(`max(__p${i}, $N)`, `sum(__p${i})`, negatives, `count(__p${i})`)
      evidenceAt.set(i, { top: at, total: at + 1, negatives: at + 2, contributors: at + 3 })
    }
  }

  // Without sums or averages there is no evidence to gather, and one count(DISTINCT entity) is cheaper than grouping by entity.
  if (evidenceAt.size === 0) return null
  const groupItems = plan.groupExpressions.map((g, k) => ({ ...structuredClone(g), alias: `__g${k + 1}` }) as Node)
  const entityColumn = columnRef([entity.relation, entity.column])
  const entityRef = buckets ? bucketOf(entityColumn, buckets, '__e') : { ...entityColumn, alias: '__e' }
  const inner: SelectNode = {
    ...structuredClone(base),
    select_list: [...groupItems, entityRef, ...partials, functionCall('count_star', [], '__rp')],
    group_expressions: [...groupItems.map((g) => ({ ...g, alias: '' })), { ...structuredClone(entityRef), alias: '' }],
    group_sets: [[...groupItems.keys(), groupItems.length]],
    aggregate_handling: 'STANDARD_HANDLING',
    having: null,
    modifiers: [],
  }
  const groupKeys = groupItems.map((_, k) => `__g${k + 1}`)
  return {
    inner,
    evidenceAt,
    outer(innerSql, cap, dominanceN) {
      const hidden = ['count(__e) AS __entities_1', 'sum(__rp) AS __rows', ...groupKeys.map((g, k) => `${g} AS __group_${k + 1}`), ...evidence.map((e) => e.replace('$N', String(dominanceN)))]
      const rows = Math.min(cap, userLimit ?? cap)
      return [
        `SELECT ${[...visible, ...hidden].join(', ')} FROM (${innerSql}) AS __fused`,
        groupKeys.length > 0 ? `GROUP BY ${groupKeys.join(', ')}` : '',
        orders.length > 0 ? `ORDER BY ${orders.join(', ')}` : '',
        `LIMIT ${rows}`,
        offset ? `OFFSET ${offset}` : '',
      ]
        .filter(Boolean)
        .join(' ')
    },
  }
}
