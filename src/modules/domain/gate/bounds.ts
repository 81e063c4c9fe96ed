import { columnRef, functionCall, str, type Node, type SelectNode } from './ast.ts'
import type { GatePlan } from './analyze.ts'
import { singleEntity } from './fuse.ts'
import type { Evidence, EvidenceLookup } from '../release.ts'

/**
 * The bounded plan: the cheapest evidence there is, for the common analysis over large tables.
 * The user's query runs as it is, with only a row count (and, where the table's own statistics
 * cannot rule them out, the least value and a count of each summed or averaged column) per row of
 * the answer. What the output checks need per entity is then bounded with what is known of the
 * workspace's copy: R, the most rows any one entity has in a table, and the largest value of each
 * summed column (read per row of the answer only where the copy has none).
 *
 * When every relation of the FROM clause is a pool table and INNER joins equate their entities,
 * a row of the joined result belongs to one entity, and an entity has at most the product of the
 * tables' R rows in it. So in each row of the answer:
 *   - the distinct entities are at least ⌈rows with an entity / R⌉;
 *   - with no negative value, no entity contributes more than R × the largest value, nor more
 *     than the total; rows without an entity (one contributor, as the exact pass counts them)
 *     contribute at most their count × the largest value;
 *   - the entities contributing a value are at least ⌈(values − values without an entity) / R⌉.
 * These understate the entities and overstate the largest contributions, so an answer that
 * withholds nothing and suppresses nothing on them passes on the entities (release.ts
 * `certified`), as the bucketed pass argues (fuse.ts). Anything else goes on to the buckets and
 * then the exact pass. On a table of 12 million rows this adds a row count, or a few aggregates, to one scan
 * instead of grouping by entity.
 *
 * Where each row of a cell is a different entity (a table keyed by its entity, grouped by the
 * rest of its key), R is 1 within a cell: the entities are then counted exactly and only the
 * second largest contribution is overstated (as the largest), so rows withheld for too few
 * entities stand, and only a suppressed cell sends the query on to the exact evidence. This
 * spares the top-n list aggregate of the exact evidence on such tables.
 */

/** A pool table and one of its columns. */
export interface TableColumn {
  readonly table: string
  readonly column: string
}

/** What the bounds need from the workspace's copy, read once per copy (see query.service.ts). */
export interface CopyFacts {
  /** The most rows one entity (a non-null value of the column) has in the table. */
  rowsPerEntity(entity: TableColumn): number
  /** Whether the column holds a NULL anywhere in the table. */
  hasNulls(column: TableColumn): boolean
  /** The least value of a numeric column in the table, or null when it has none. */
  least(column: TableColumn): number | null
  /** The largest value of a numeric column in the table, or null when it has none. */
  largest(column: TableColumn): number | null
}

/** What the bounds are computed from: the tables' entities and the summed columns. */
export interface BoundsTargets {
  /** The one entity of the query, as the relation alias and column the query names it by. */
  readonly entity: { readonly relation: string; readonly column: string }
  readonly entities: readonly TableColumn[]
  /**
   * Each row of a cell is a different entity (analyze.ts `rowEvidence`: one table keyed by its
   * entity and grouped columns): within a cell R is 1, so the entities are counted exactly.
   */
  readonly perRow: boolean
  /** Per summed or averaged output, by output index, the column aggregated. */
  readonly values: ReadonlyMap<number, TableColumn>
}

export interface BoundsPlan {
  /**
   * Whether an answer released on these bounds is the exact one: nothing suppressed and, unless
   * the entities are counted exactly, nothing withheld.
   */
  stands(answer: { readonly summary: { readonly rowsWithheld: number; readonly cellsSuppressed: number } }): boolean
  /** The user's query with the hidden columns appended, turned into SQL (and verified) like any rewrite. */
  readonly node: SelectNode
  /** The result rows as release() reads them: the entity columns hold the lower bound of entities. */
  rows(result: readonly unknown[][]): unknown[][]
  readonly evidence: EvidenceLookup
}

/** Where bounds apply: what they need from the copy; null where the shape does not allow them. */
export function boundsTargets(plan: GatePlan): BoundsTargets | null {
  const base = plan.baseNode
  if (base.having || base.modifiers.some((m) => m['type'] === 'DISTINCT_MODIFIER')) return null
  // Each relation a pool table with an entity, all of them one entity through INNER joins.
  if (plan.relations.length === 0 || plan.relations.some((r) => r.table === null || r.entity === null)) return null
  const entity = singleEntity(plan)
  if (!entity || plan.entitySources.length !== plan.relations.length) return null
  const values = new Map<number, TableColumn>()
  for (const [i, output] of plan.outputs.entries()) {
    if (output.kind !== 'aggregate') continue
    const item = base.select_list[i]!
    const fn = str(item, 'function_name').toLowerCase()
    if (item['class'] !== 'FUNCTION') return null
    if (fn === 'count' || fn === 'count_star') continue
    if (!['sum', 'avg', 'mean'].includes(fn) || item['distinct'] === true || output.aggregate?.fn === 'count') return null
    const argument = output.aggregate?.argument
    const [table, column] = argument?.source.split('.') ?? []
    if (!table || !column) return null
    values.set(i, { table, column })
  }
  return { entity, entities: plan.relations.map((r) => ({ table: r.table!, column: r.entity! })), perRow: plan.rowEvidence !== null, values }
}

export function boundsPlan(plan: GatePlan, targets: BoundsTargets, facts: CopyFacts, dominanceN: number): BoundsPlan {
  const base = plan.baseNode
  const visible = plan.outputs.length
  const { entity } = targets
  // Only a single table can hold rows without an entity: an INNER join's equality drops them.
  const entityNulls = plan.relations.length === 1 && facts.hasNulls(targets.entities[0]!)
  const perEntity = targets.perRow ? 1 : targets.entities.reduce((product, e) => product * facts.rowsPerEntity(e), 1)

  const list: Node[] = base.select_list.map((item) => structuredClone(item))
  const entityCount = () => (entityNulls ? functionCall('count', [columnRef([entity.relation, entity.column])]) : functionCall('count_star', []))
  for (const name of plan.entityColumns) list.push({ ...entityCount(), alias: name })
  list.push(functionCall('count_star', [], '__rows'))
  for (const [k, g] of plan.groupExpressions.entries()) list.push({ ...structuredClone(g), alias: `__group_${k + 1}` } as Node)
  const rowsAt = visible + plan.entityColumns.length
  const at = new Map<number, { largest: number | { table: number }; least?: number; count?: number }>()
  for (const [i, column] of targets.values) {
    const item = base.select_list[i]!
    const clone = (fn: string, alias: string) => ({ ...structuredClone(item), function_name: fn, alias }) as Node
    // The table's largest value bounds every cell's: on the cells of a typical analysis, hundreds
    // of entities or more, it certifies them as the cell's own would, for one aggregate less
    // over every row. A cell it cannot certify goes on to the buckets and the exact pass.
    const greatest = facts.largest(column)
    const positions: { largest: number | { table: number }; least?: number; count?: number } = {
      largest: greatest === null ? list.push(clone('max', `__largest_${i}`)) - 1 : { table: greatest },
    }
    const least = facts.least(column)
    // The table's least value bounds every cell's: only where it may be negative is each cell's read.
    if (least === null || least < 0) positions.least = list.push(clone('min', `__least_${i}`)) - 1
    // A filtered aggregate, or a column with NULLs, counts its own values; else they are the rows.
    if (item['filter'] || facts.hasNulls(column)) positions.count = list.push(clone('count', `__count_${i}`)) - 1
    at.set(i, positions)
  }
  const node: SelectNode = { ...structuredClone(base), select_list: list }
  const nullsAt = list.length
  const n = Math.max(2, dominanceN)

  return {
    stands: (answer) => answer.summary.cellsSuppressed === 0 && (targets.perRow || answer.summary.rowsWithheld === 0),
    node,
    rows(result) {
      return result.map((row) => {
        const rows = Number(row[rowsAt] ?? 0)
        const withEntity = plan.entityColumns.length > 0 ? Number(row[visible] ?? 0) : rows
        const out = [...row, rows - withEntity]
        for (const k of plan.entityColumns.keys()) out[visible + k] = ceilDiv(withEntity, perEntity)
        return out
      })
    },
    evidence(output, row): Evidence | undefined {
      const positions = at.get(output)
      if (!positions) return undefined
      const largest = typeof positions.largest === 'number' ? row[positions.largest] : positions.largest.table
      const values = positions.count === undefined ? Number(row[rowsAt] ?? 0) : Number(row[positions.count] ?? 0)
      if (largest === null || largest === undefined || values === 0) return { count: 0, top: [], total: 0, negatives: 0 }
      // A negative value leaves the contributions unbounded: the buckets or the exact pass decide.
      if (positions.least !== undefined && Number(row[positions.least]) < 0) return undefined
      const max = Number(largest)
      const value = Number(row[output] ?? 0)
      const sum = str(plan.baseNode.select_list[output]!, 'function_name').toLowerCase() === 'sum'
      // An average's total is its value times its count. Floating values (a product, a large
      // integer made a number) are understated and the largest contribution overstated by a
      // hair, so rounding never lets a cell through that the exact figures would stop.
      const total = (sum ? value : value * values) * (1 - 1e-9)
      const withoutEntity = Number(row[nullsAt] ?? 0)
      const top = Math.min(total, Math.max(perEntity, withoutEntity) * max * (1 + 1e-9))
      if (!Number.isFinite(top) || !Number.isFinite(total) || total < 0) return undefined
      return { count: ceilDiv(Math.max(0, values - withoutEntity), perEntity), top: Array.from({ length: n }, () => top), total, negatives: 0 }
    },
  }
}

function ceilDiv(a: number, b: number): number {
  return b > 0 ? Math.ceil(a / b) : 0
}
