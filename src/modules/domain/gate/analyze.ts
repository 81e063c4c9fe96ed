import { RuleViolation } from '../../../platform/errors.ts'
import type { QueryRules } from '../../authorizations/workspace.ts'
import {
  child,
  children,
  columnNames,
  columnRef,
  functionCall,
  integerConstant,
  refText,
  str,
  type Node,
  type SelectNode,
} from './ast.ts'

/**
 * The gate's static analysis of one SELECT (after DuckDB's own parser): every table and column
 * reference resolved against the workspace's granted fields, then the workspace's query rules,
 * modelled on AWS Clean Rooms' aggregation rule. It fails closed: a node it does not know is
 * refused, with the reason and what to write instead. On success it returns the plan: the
 * rewritten tree (hidden entity counts and group keys appended) and what each output column is.
 */

/** A granted table as the gate sees it. */
export interface GrantedTable {
  readonly table: string
  readonly columns: readonly { readonly name: string; readonly identifier: boolean }[]
  /** The catalog's key of the table (unique together, checked at every load); may name ungranted fields. */
  readonly key?: readonly string[]
}

export interface GateScope {
  readonly tables: readonly GrantedTable[]
  /** Every table of the city catalog with its fields, to say "not granted" rather than "unknown". */
  readonly catalog: ReadonlyMap<string, readonly string[]>
  readonly rules: QueryRules
}

/** A column of the underlying pool tables. */
interface BaseColumn {
  readonly table: string
  readonly column: string
}

/** A column visible in a scope: where its value comes from and whether it identifies an entity. */
interface ScopeColumn {
  readonly name: string
  /** Set when the column is a plain pass-through of one pool column. */
  readonly plain: BaseColumn | null
  readonly identifying: boolean
}

/** A relation in a FROM clause: its columns and the hidden columns that count its entities. */
interface Relation {
  readonly alias: string
  /** A CTE or subquery, whose entity columns are the gate's hidden pass-throughs. */
  readonly derived?: boolean
  /** The pool table a base relation reads. */
  readonly table?: string
  readonly columns: readonly ScopeColumn[]
  /** Columns of this relation naming the entity each row belongs to (one per underlying entity table). */
  readonly entities: readonly string[]
}

export type AggregateFunction = 'count' | 'sum' | 'avg'

export interface OutputColumn {
  readonly name: string
  readonly kind: 'dimension' | 'aggregate'
  readonly aggregate?: {
    readonly fn: AggregateFunction
    readonly distinct: boolean
    /** The relation alias and column aggregated, for sums and averages (their dominance evidence). */
    readonly argument: { readonly relation: string; readonly column: string; readonly entity: string | null; readonly source: string } | null
    /** The aggregate's FILTER (WHERE …), which its evidence must apply too. */
    readonly filter: Node | null
  }
}

export interface GatePlan {
  /** The rewritten tree: the user's columns, then hidden ones (entity counts, row count, group keys). */
  readonly node: SelectNode
  readonly outputs: readonly OutputColumn[]
  /** Names of the hidden entity-count columns, one per entity source of the FROM clause. */
  readonly entityColumns: readonly string[]
  readonly rowsColumn: string
  /** Hidden copies of the group keys, to match dominance evidence to result rows. */
  readonly groupKeyColumns: readonly string[]
  /** The group keys as expressions, for building evidence queries. */
  readonly groupExpressions: readonly Node[]
  /** The analyzed query before the hidden outer columns were appended, for evidence queries. */
  readonly baseNode: SelectNode
  /** The entity columns counted per row, by relation (`derived` when it is a CTE or subquery's hidden column). */
  readonly entitySources: readonly { readonly relation: string; readonly column: string; readonly derived: boolean }[]
  /** Entity columns an INNER join equates, as `alias.column` pairs. */
  readonly links: readonly (readonly [string, string])[]
  /**
   * The relations of the outer FROM clause: for a pool table, its name and the pool column of
   * its entity (null for a CTE or subquery, or a table without an entity).
   */
  readonly relations: readonly { readonly alias: string; readonly table: string | null; readonly entity: string | null }[]
  /**
   * Set when each row of a group is a different entity (one table whose key is its entity and
   * group keys): then distinct entities are counted as rows, and each sum's or average's
   * dominance evidence is read off its rows in the same query, at these result positions.
   */
  readonly rowEvidence: ReadonlyMap<number, { readonly top: number; readonly total: number; readonly negatives: number; readonly contributors: number }> | null
  readonly tables: readonly string[]
}

const RULE_SCOPE = 'art28.no-use-beyond-scope'
const RULE_RAW = 'art21.raw-data-stays-in-domain'
const RULE_DOMAIN = 'art18.processing-in-domain'
const RULE_ACCESS = 'art18.access-control'

function refuse(rule: string, message: string): never {
  throw new RuleViolation(rule, message)
}

/** Scalar functions a dimension or a filter may use (AWS's list, with DuckDB's names and date parts). */
const SCALAR_FUNCTIONS = new Set([
  '+', '-', '*', '/', '//', '%', '^', '**', '||', '~~', '!~~', '~~*', '!~~*',
  'abs', 'round', 'floor', 'ceil', 'ceiling', 'sqrt', 'ln', 'log', 'log10', 'log2', 'exp', 'power', 'pow', 'greatest', 'least', 'sign', 'trunc',
  'lower', 'upper', 'lcase', 'ucase', 'trim', 'ltrim', 'rtrim', 'length', 'strlen', 'substring', 'substr', 'left', 'right', 'concat',
  'replace', 'prefix', 'suffix', 'starts_with', 'ends_with', 'contains', 'lpad', 'rpad', 'regexp_matches',
  'year', 'month', 'day', 'quarter', 'week', 'dayofweek', 'dayofyear', 'isodow', 'date_trunc', 'datetrunc', 'date_part', 'datepart',
  'strftime', 'strptime', 'try_strptime', 'make_date', 'date_diff', 'datediff', 'last_day', 'today', 'nullif', 'ifnull',
])

/** The aggregates of the aggregation rule: each releases a total, never a member's own value. */
const AGGREGATES: Record<string, AggregateFunction> = { count: 'count', count_star: 'count', sum: 'sum', avg: 'avg', mean: 'avg' }

const OPERATORS = new Set(['OPERATOR_NOT', 'OPERATOR_IS_NULL', 'OPERATOR_IS_NOT_NULL', 'COMPARE_IN', 'COMPARE_NOT_IN', 'OPERATOR_COALESCE'])

const EXPLAINED: Record<string, string> = {
  SUBQUERY: 'subqueries inside expressions are not allowed: join the table instead',
  WINDOW: 'window functions are not allowed in this workspace: aggregate with GROUP BY',
  LAMBDA: 'lambda functions are not allowed',
  PARAMETER: 'query parameters are not allowed: write the values into the query',
  POSITIONAL_REFERENCE: 'positional column references (#1) are not allowed: name the column',
  COLLATE: 'COLLATE is not allowed',
  STAR: '* is not allowed here: name the columns',
  FUNCTION: 'this function is not allowed',
}

interface Context {
  readonly scope: GateScope
  readonly granted: ReadonlyMap<string, GrantedTable>
  /** Identifier columns as `table.column`. */
  readonly identifiers: ReadonlySet<string>
  /** The entity column of each entity table (its first identifier in the rules). */
  readonly entityOf: ReadonlyMap<string, string>
  readonly tablesUsed: Set<string>
  /** Identifier columns an INNER join equates (`alias.column` pairs): the same entity. */
  readonly links: [string, string][]
  counter: number
}

/** Analyzes the parsed statement; throws a RuleViolation saying what to change, or returns the plan. */
export function analyze(statement: Node, scope: GateScope, options: { template?: boolean } = {}): GatePlan {
  if (str(statement, 'type') !== 'SELECT_NODE') {
    refuse(RULE_DOMAIN, str(statement, 'type') === 'SET_OPERATION_NODE' ? 'UNION, INTERSECT and EXCEPT are not allowed: write one SELECT' : 'only a single SELECT statement is allowed')
  }
  if (scope.rules.analysis === 'template' && !options.template) {
    refuse(RULE_DOMAIN, 'this workspace runs only queries from the operator\'s approved templates: POST /api/v1/workspaces/{id}/templates/{name}/runs')
  }
  return analyzeAggregation(statement as SelectNode, context(scope))
}

function context(scope: GateScope): Context {
  const identifiers = new Set(scope.rules.identifiers.map((c) => c.toLowerCase()))
  const entityOf = new Map<string, string>()
  for (const id of scope.rules.identifiers) {
    const [table, column] = id.toLowerCase().split('.') as [string, string]
    if (!entityOf.has(table)) entityOf.set(table, column)
  }
  return {
    scope,
    granted: new Map(scope.tables.map((t) => [t.table.toLowerCase(), t])),
    identifiers,
    entityOf,
    tablesUsed: new Set(),
    links: [],
    counter: 0,
  }
}

// ---------------------------------------------------------------------------- FROM

type Env = ReadonlyMap<string, Relation>

function withCtes(node: SelectNode, env: Env, ctx: Context): Env {
  const map = node.cte_map?.map ?? []
  if (map.length === 0) return env
  const next = new Map(env)
  for (const entry of map) {
    const name = entry.key.toLowerCase()
    const query = entry.value?.query?.node
    if (!query) refuse(RULE_DOMAIN, `the CTE ${entry.key} has no query`)
    const relation = analyzeDerived(query, next, ctx, name)
    next.set(name, renameColumns(relation, entry.value.aliases ?? [], entry.key))
  }
  return next
}

function analyzeFrom(ref: Node, env: Env, ctx: Context): Relation[] {
  const type = str(ref, 'type')
  if (ref['sample']) refuse(RULE_RAW, 'sampling (TABLESAMPLE, USING SAMPLE) is not allowed: it releases arbitrary rows')
  switch (type) {
    case 'BASE_TABLE':
      return [baseRelation(ref, env, ctx)]
    case 'JOIN':
      return joinRelations(ref, env, ctx)
    case 'SUBQUERY': {
      const node = child(child(ref, 'subquery') ?? {}, 'node')
      if (!node) refuse(RULE_DOMAIN, 'an empty subquery')
      const alias = str(ref, 'alias') || `subquery${++ctx.counter}`
      return [renameColumns({ ...analyzeDerived(node, env, ctx, alias), alias: alias.toLowerCase() }, stringList(ref['column_name_alias']), alias)]
    }
    case 'TABLE_FUNCTION': {
      const name = str(child(ref, 'function') ?? {}, 'function_name')
      return refuse(RULE_ACCESS, `table functions such as ${name}() are not allowed: query the workspace's tables (files, ranges and system tables are outside the domain)`)
    }
    case 'SHOW_REF':
      return refuse(RULE_ACCESS, 'DESCRIBE, SHOW and SUMMARIZE are not allowed: the workspace\'s schema is in GET /api/v1/workspaces/{id}')
    case 'PIVOT':
      return refuse(RULE_DOMAIN, 'PIVOT and UNPIVOT are not allowed: use GROUP BY')
    case 'EXPRESSION_LIST':
      return refuse(RULE_DOMAIN, 'VALUES lists are not allowed')
    case 'EMPTY':
      return refuse(RULE_DOMAIN, 'a query reads one of the workspace\'s tables: add FROM')
    default:
      return refuse(RULE_DOMAIN, `${type.toLowerCase()} in FROM is not allowed`)
  }
}

function baseRelation(ref: Node, env: Env, ctx: Context): Relation {
  const name = str(ref, 'table_name')
  const lower = name.toLowerCase()
  if (str(ref, 'schema_name') || str(ref, 'catalog_name')) {
    refuse(RULE_ACCESS, `${[str(ref, 'catalog_name'), str(ref, 'schema_name'), name].filter(Boolean).join('.')}: name tables without a schema or catalog (system catalogs are outside the domain)`)
  }
  if (ref['at_clause']) refuse(RULE_DOMAIN, 'AT (time travel) is not allowed')
  const alias = (str(ref, 'alias') || name).toLowerCase()
  const cte = env.get(lower)
  if (cte) return renameColumns({ ...cte, alias }, stringList(ref['column_name_alias']), name)
  const table = ctx.granted.get(lower)
  if (!table) {
    if (ctx.scope.catalog.has(lower)) refuse(RULE_SCOPE, `the table ${name} is not granted in this workspace: its agreement covers ${[...ctx.granted.keys()].join(', ')}`)
    refuse(RULE_SCOPE, `there is no table ${name} in this workspace: its tables are ${[...ctx.granted.keys()].join(', ')}`)
  }
  ctx.tablesUsed.add(table.table)
  const columns = table.columns.map((c) => ({
    name: c.name.toLowerCase(),
    plain: { table: table.table, column: c.name },
    identifying: c.identifier || ctx.identifiers.has(`${table.table}.${c.name}`),
  }))
  const entity = ctx.entityOf.get(table.table)
  return renameColumns({ alias, columns, entities: entity ? [entity] : [], table: table.table }, stringList(ref['column_name_alias']), name)
}

/** `t(a, b)`: the first columns renamed in order; the entity columns follow their renames. */
function renameColumns(relation: Relation, aliases: readonly string[], name: string): Relation {
  if (aliases.length === 0) return relation
  if (aliases.length > relation.columns.length) refuse(RULE_DOMAIN, `${name} has ${relation.columns.length} columns, not ${aliases.length}`)
  const renames = new Map<string, string>()
  const columns = relation.columns.map((c, i) => {
    if (i >= aliases.length) return c
    renames.set(c.name, aliases[i]!.toLowerCase())
    return { ...c, name: aliases[i]!.toLowerCase() }
  })
  return { ...relation, columns, entities: relation.entities.map((e) => renames.get(e) ?? e) }
}

function joinRelations(ref: Node, env: Env, ctx: Context): Relation[] {
  const refType = str(ref, 'ref_type')
  const joinType = str(ref, 'join_type')
  if (refType === 'NATURAL') refuse(RULE_DOMAIN, 'NATURAL JOIN is not allowed: say which columns join, with ON or USING')
  if (!['REGULAR', 'CROSS'].includes(refType)) refuse(RULE_DOMAIN, `${refType.toLowerCase()} joins are not allowed`)
  if (!['INNER', 'LEFT', 'RIGHT', 'OUTER'].includes(joinType)) refuse(RULE_DOMAIN, `${joinType.toLowerCase()} joins are not allowed`)
  const left = analyzeFrom(child(ref, 'left')!, env, ctx)
  const right = analyzeFrom(child(ref, 'right')!, env, ctx)
  const all = [...left, ...right]
  const aliases = all.map((r) => r.alias)
  const repeated = aliases.find((a, i) => aliases.indexOf(a) !== i)
  if (repeated) refuse(RULE_DOMAIN, `${repeated} appears twice in FROM: give each an alias`)
  for (const name of stringList(ref['using_columns'])) {
    const l = findColumn(left, name)
    const r = findColumn(right, name)
    if (!l || !r) refuse(RULE_SCOPE, `USING (${name}): both sides need a granted column ${name}`)
    if (l.identifying !== r.identifying) refuse(RULE_RAW, `USING (${name}) joins an identifier with a non-identifier`)
  }
  const condition = child(ref, 'condition')
  if (condition) checkJoinCondition(condition, all, ctx, joinType === 'INNER')
  return all
}

/**
 * A join condition is equalities between columns, joined by AND; an identifier may only be
 * equated with another identifier (a link), never compared with a value (that is a filter on
 * who someone is). Other terms are filters and follow the WHERE rules.
 */
function checkJoinCondition(condition: Node, relations: readonly Relation[], ctx: Context, inner: boolean): void {
  if (condition['class'] === 'CONJUNCTION' && str(condition, 'type') === 'CONJUNCTION_AND') {
    for (const term of children(condition)) checkJoinCondition(term, relations, ctx, inner)
    return
  }
  const left = child(condition, 'left')
  const right = child(condition, 'right')
  if (condition['class'] === 'COMPARISON' && str(condition, 'type') === 'COMPARE_EQUAL' && left?.['class'] === 'COLUMN_REF' && right?.['class'] === 'COLUMN_REF') {
    const a = resolveColumn(left, relations, ctx)
    const b = resolveColumn(right, relations, ctx)
    if (a.identifying !== b.identifying) refuse(RULE_RAW, `${refText(left)} = ${refText(right)} equates an identifier with another kind of column`)
    if (inner && a.identifying) ctx.links.push([`${relationOf(left, relations).alias}.${a.name}`, `${relationOf(right, relations).alias}.${b.name}`])
    return
  }
  const value = expression(condition, { relations, aliases: [], ctx, aggregates: 'none' })
  if (value.identifying) refuse(RULE_RAW, 'a join condition may not filter on an identifier: join identifiers only to each other with =')
}

// ---------------------------------------------------------------------------- derived relations

/**
 * A CTE or a subquery in FROM: row-level only (select, filter, join), so the outer query is the
 * one place where rows are aggregated and checked. The gate appends the entity columns of its
 * sources, hidden, so the outer query can count entities through it.
 */
function analyzeDerived(node: Node, env: Env, ctx: Context, name: string): Relation {
  if (str(node, 'type') !== 'SELECT_NODE') {
    refuse(RULE_DOMAIN, `${name}: UNION, INTERSECT, EXCEPT and recursive CTEs are not allowed`)
  }
  const select = node as SelectNode
  const scopeEnv = withCtes(select, env, ctx)
  const relations = analyzeFrom(select.from_table, scopeEnv, ctx)
  if (select.group_expressions.length > 0 || select.having || select.aggregate_handling === 'FORCE_AGGREGATES') {
    refuse(RULE_RAW, `${name}: aggregate in the outer query only; a CTE or subquery selects and filters rows`)
  }
  if (select.qualify) refuse(RULE_RAW, `${name}: QUALIFY is not allowed`)
  if (select.sample) refuse(RULE_RAW, 'sampling is not allowed: it releases arbitrary rows')
  if (select.modifiers.length > 0) {
    refuse(RULE_RAW, `${name}: ORDER BY, LIMIT and DISTINCT belong in the outer query (a limited subquery picks out individual rows)`)
  }
  if (select.where_clause) checkFilter(select.where_clause, relations, ctx, `${name}: WHERE`)
  const columns: ScopeColumn[] = []
  for (const item of select.select_list) {
    if (item['class'] === 'STAR') {
      columns.push(...expandStar(item, relations))
      continue
    }
    const value = expression(item, { relations, aliases: [], ctx, aggregates: 'none' })
    const alias = str(item, 'alias') || (item['class'] === 'COLUMN_REF' ? columnNames(item).at(-1)! : '')
    columns.push({ name: (alias || `__unnamed_${++ctx.counter}`).toLowerCase(), plain: value.plain, identifying: value.identifying })
  }
  // Hidden pass-through of every entity source, appended to the tree itself.
  const entities: string[] = []
  const list = select.select_list as Node[]
  for (const relation of relations) {
    for (const entity of relation.entities) {
      const hidden = `__entity_${++ctx.counter}`
      list.push(columnRef([relation.alias, entity], hidden))
      entities.push(hidden)
    }
  }
  return { alias: name.toLowerCase(), columns, entities, derived: true }
}

function expandStar(item: Node, relations: readonly Relation[]): ScopeColumn[] {
  if (item['expr']) refuse(RULE_DOMAIN, 'COLUMNS(…) with a pattern or a lambda is not allowed: name the columns')
  if (Array.isArray(item['replace_list']) && (item['replace_list'] as unknown[]).length > 0) refuse(RULE_DOMAIN, '* REPLACE is not allowed: name the columns')
  if (Array.isArray(item['rename_list']) && (item['rename_list'] as unknown[]).length > 0) refuse(RULE_DOMAIN, '* RENAME is not allowed: name the columns')
  const relationName = str(item, 'relation_name').toLowerCase()
  const sources = relationName ? relations.filter((r) => r.alias === relationName) : relations
  if (relationName && sources.length === 0) refuse(RULE_SCOPE, `${str(item, 'relation_name')}.*: no such table in FROM`)
  const exclude = new Set(stringList(item['exclude_list']).map((e) => e.toLowerCase()))
  const qualified = item['qualified_exclude_list']
  if (Array.isArray(qualified) && qualified.length > 0) refuse(RULE_DOMAIN, 'qualified EXCLUDE lists are not allowed: name the columns')
  return sources.flatMap((r) => r.columns.filter((c) => !exclude.has(c.name)))
}

// ---------------------------------------------------------------------------- the outer query

interface SelectItem {
  readonly node: Node
  readonly alias: string
  readonly value: Value
}

function analyzeAggregation(select: SelectNode, ctx: Context): GatePlan {
  const env = withCtes(select, new Map(), ctx)
  const relations = analyzeFrom(select.from_table, env, ctx)
  if (select.qualify) refuse(RULE_DOMAIN, 'QUALIFY is not allowed: window functions are not allowed in this workspace')
  if (select.sample) refuse(RULE_RAW, 'sampling is not allowed: it releases arbitrary rows')
  if (select.group_sets.length > 1) refuse(RULE_RAW, 'GROUPING SETS, ROLLUP and CUBE are not allowed: totals beside their parts allow differencing; run one grouping per query')
  if (select.where_clause) checkFilter(select.where_clause, relations, ctx, 'WHERE')

  const items: SelectItem[] = []
  const outputs: OutputColumn[] = []
  for (const node of select.select_list) {
    if (node['class'] === 'STAR') refuse(RULE_RAW, 'SELECT * releases rows: this workspace answers with aggregates; name the dimensions and the aggregates')
    const value = expression(node, { relations, aliases: items, ctx, aggregates: 'output' })
    const alias = str(node, 'alias') || (node['class'] === 'COLUMN_REF' ? columnNames(node).at(-1)! : defaultName(node))
    if (value.aggregate) {
      outputs.push({ name: alias, kind: 'aggregate', aggregate: value.aggregate })
    } else {
      if (value.containsAggregate) refuse(RULE_RAW, `${alias}: combine aggregates outside the domain; release each aggregate as its own column (round() and CAST are fine)`)
      if (value.identifying) refuse(RULE_RAW, `${alias} outputs an identifier (${value.sources.join(', ')}): identifiers may be joined and counted distinct, never released`)
      outputs.push({ name: alias, kind: 'dimension' })
    }
    items.push({ node, alias: alias.toLowerCase(), value })
  }
  if (!outputs.some((o) => o.kind === 'aggregate')) {
    refuse(RULE_RAW, 'this workspace releases aggregates only: add count(*), count(DISTINCT …), sum(…) or avg(…) and GROUP BY the dimensions')
  }

  const groupExpressions = groupKeys(select, items, relations, ctx)
  if (select.having) {
    const having = expression(select.having, { relations, aliases: items, ctx, aggregates: 'output' })
    if (having.identifying) refuse(RULE_RAW, 'HAVING may not refer to an identifier outside an aggregate')
  }
  checkModifiers(select, relations, items, ctx)

  // The rewrite: hidden entity counts, the row count and the group keys, after the user's columns.
  const baseNode = structuredClone(select)
  const list = select.select_list as Node[]
  const perRow = entityPerRow(relations, groupExpressions, ctx)
  const entityColumns: string[] = []
  const entitySources: { relation: string; column: string; derived: boolean }[] = []
  for (const relation of relations) {
    for (const entity of relation.entities) {
      const name = `__entities_${entityColumns.length + 1}`
      // Where each row is a different entity, counting rows with one counts entities, without a hash of them.
      list.push(functionCall('count', [columnRef([relation.alias, entity])], name, !perRow))
      entityColumns.push(name)
      entitySources.push({ relation: relation.alias, column: entity, derived: relation.derived === true })
    }
  }
  list.push(functionCall('count_star', [], '__rows'))
  const groupKeyColumns = groupExpressions.map((expr, i) => {
    const name = `__group_${i + 1}`
    list.push({ ...structuredClone(expr), alias: name } as Node)
    return name
  })
  const rowEvidence = perRow ? appendRowEvidence(list, outputs, ctx.scope.rules.outputChecks.dominance.n) : null
  return {
    node: select,
    baseNode,
    outputs,
    entityColumns,
    entitySources,
    links: ctx.links,
    relations: relations.map((r) => ({
      alias: r.alias,
      table: r.derived ? null : (r.table ?? null),
      entity: r.derived ? null : (r.columns.find((c) => c.name === r.entities[0])?.plain?.column ?? null),
    })),
    rowEvidence,
    rowsColumn: '__rows',
    groupKeyColumns,
    groupExpressions,
    tables: [...ctx.tablesUsed],
  }
}

/**
 * Whether every row of a group belongs to a different entity: one base table with an entity,
 * whose catalog key is that entity plus columns the query groups by as they are. The pool
 * checks keys at every load, so then a group never holds two rows of one entity.
 */
function entityPerRow(relations: readonly Relation[], groupExpressions: readonly Node[], ctx: Context): boolean {
  const [relation] = relations
  if (relations.length !== 1 || !relation || relation.derived || !relation.table || relation.entities.length !== 1) return false
  const key = ctx.granted.get(relation.table)?.key
  if (!key || key.length === 0) return false
  const entity = relation.columns.find((c) => c.name === relation.entities[0])?.plain?.column
  const grouped = new Set(
    groupExpressions.flatMap((g) => (g['class'] === 'COLUMN_REF' ? [resolveColumn(g, relations, ctx).plain?.column].filter((c): c is string => !!c) : [])),
  )
  return key.every((k) => k === entity || grouped.has(k))
}

/** Each sum's or average's evidence from its own rows: the largest values, the total, the negatives, the count. */
function appendRowEvidence(list: Node[], outputs: readonly OutputColumn[], n: number): Map<number, { top: number; total: number; negatives: number; contributors: number }> {
  const at = new Map<number, { top: number; total: number; negatives: number; contributors: number }>()
  for (const [i, output] of outputs.entries()) {
    const argument = output.aggregate?.argument
    if (!argument) continue
    const column = () => columnRef([argument.relation, argument.column])
    const withFilter = (node: Node) => ({ ...node, filter: output.aggregate!.filter ? structuredClone(output.aggregate!.filter) : null }) as Node
    const first = list.length
    list.push(
      withFilter(functionCall('max', [column(), { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'INTEGER', type_info: null }, is_null: false, value: Math.max(2, n) } }], `__top_${i}`)),
      withFilter(functionCall('sum', [column()], `__total_${i}`)),
      withFilter(functionCall('count_if', [{ class: 'COMPARISON', type: 'COMPARE_LESSTHAN', alias: '', left: column(), right: { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'INTEGER', type_info: null }, is_null: false, value: 0 } } }], `__negatives_${i}`)),
      withFilter(functionCall('count', [column()], `__contributors_${i}`)),
    )
    at.set(i, { top: first, total: first + 1, negatives: first + 2, contributors: first + 3 })
  }
  return at
}

function defaultName(node: Node): string {
  if (node['class'] === 'FUNCTION') return str(node, 'function_name').replace('count_star', 'count_star()')
  return 'expr'
}

/**
 * The group keys as expressions: GROUP BY ALL groups by the non-aggregate outputs; positions and
 * output aliases stand for their outputs. None may involve an identifier.
 */
function groupKeys(select: SelectNode, items: readonly SelectItem[], relations: readonly Relation[], ctx: Context): Node[] {
  if (select.aggregate_handling === 'FORCE_AGGREGATES') return items.filter((i) => !i.value.containsAggregate).map((i) => i.node)
  if (select.aggregate_handling !== 'STANDARD_HANDLING') refuse(RULE_DOMAIN, `${select.aggregate_handling.toLowerCase()} is not allowed`)
  return select.group_expressions.map((expr) => {
    const position = integerConstant(expr)
    if (position !== undefined) {
      const item = items[position - 1]
      if (!item) refuse(RULE_DOMAIN, `GROUP BY ${position}: there is no output column ${position}`)
      if (item.value.containsAggregate) refuse(RULE_DOMAIN, `GROUP BY ${position} names an aggregate`)
      return item.node
    }
    const value = expression(expr, { relations, aliases: items, ctx, aggregates: 'none' })
    if (value.identifying) refuse(RULE_RAW, `GROUP BY on an identifier (${value.sources.join(', ')}) releases one row per entity: group by dimensions only`)
    if (expr['class'] === 'COLUMN_REF' && columnNames(expr).length === 1 && !findColumn(relations, columnNames(expr)[0]!)) {
      const item = items.find((i) => i.alias === columnNames(expr)[0]!.toLowerCase())
      if (item) return item.node
    }
    return expr
  })
}

function checkModifiers(select: SelectNode, relations: readonly Relation[], items: readonly SelectItem[], ctx: Context): void {
  for (const modifier of select.modifiers) {
    const type = str(modifier, 'type')
    if (type === 'ORDER_MODIFIER') {
      for (const order of children(modifier, 'orders')) {
        const expr = child(order, 'expression')
        if (!expr || integerConstant(expr) !== undefined) continue
        const value = expression(expr, { relations, aliases: items, ctx, aggregates: 'output' })
        if (value.identifying) refuse(RULE_RAW, 'ORDER BY an identifier is not allowed: order by dimensions or aggregates')
      }
    } else if (type === 'LIMIT_MODIFIER') {
      const limit = child(modifier, 'limit')
      const offset = child(modifier, 'offset')
      if ((limit && integerConstant(limit) === undefined) || (offset && integerConstant(offset) === undefined)) {
        refuse(RULE_DOMAIN, 'LIMIT and OFFSET take whole numbers')
      }
    } else if (type !== 'DISTINCT_MODIFIER') {
      refuse(RULE_DOMAIN, `${type.toLowerCase().replace('_modifier', '')} is not allowed`)
    }
  }
}

/** WHERE and filter clauses: row-level, and never about an identifier. */
function checkFilter(predicate: Node, relations: readonly Relation[], ctx: Context, where: string): void {
  const value = expression(predicate, { relations, aliases: [], ctx, aggregates: 'none' })
  if (value.identifying) {
    refuse(RULE_RAW, `${where} filters on an identifier (${value.sources.join(', ')}): filtering on who an entity is singles it out; filter on dimensions`)
  }
}

// ---------------------------------------------------------------------------- expressions

interface Value {
  /** The pool columns the value is computed from. */
  readonly sources: readonly string[]
  readonly identifying: boolean
  readonly plain: BaseColumn | null
  readonly containsAggregate: boolean
  /** Set when the value is one allowed aggregate (possibly rounded or cast). */
  readonly aggregate?: OutputColumn['aggregate']
}

interface ExpressionScope {
  readonly relations: readonly Relation[]
  /** Output columns earlier in the select list, which DuckDB lets later clauses name. */
  readonly aliases: readonly SelectItem[]
  readonly ctx: Context
  /** Whether aggregates may appear: 'output' in the outer SELECT, HAVING and ORDER BY. */
  readonly aggregates: 'none' | 'output'
}

const LEAF: Value = { sources: [], identifying: false, plain: null, containsAggregate: false }

function combine(values: readonly Value[]): Value {
  return {
    sources: [...new Set(values.flatMap((v) => v.sources))],
    identifying: values.some((v) => v.identifying),
    plain: null,
    containsAggregate: values.some((v) => v.containsAggregate),
  }
}

function expression(node: Node, scope: ExpressionScope): Value {
  const cls = str(node, 'class')
  switch (cls) {
    case 'COLUMN_REF':
      return columnValue(node, scope)
    case 'CONSTANT':
      return LEAF
    case 'FUNCTION':
      return functionValue(node, scope)
    case 'COMPARISON':
      return combine([expression(child(node, 'left')!, scope), expression(child(node, 'right')!, scope)])
    case 'CONJUNCTION':
      return combine(children(node).map((c) => expression(c, scope)))
    case 'OPERATOR':
      if (!OPERATORS.has(str(node, 'type'))) refuse(RULE_DOMAIN, `the operator ${str(node, 'type').toLowerCase()} is not allowed`)
      return combine(children(node).map((c) => expression(c, scope)))
    case 'CASE': {
      const parts = children(node, 'case_checks').flatMap((check) => [child(check, 'when_expr')!, child(check, 'then_expr')!])
      const otherwise = child(node, 'else_expr')
      return combine([...parts, ...(otherwise ? [otherwise] : [])].map((c) => expression(c, scope)))
    }
    case 'CAST': {
      const inner = expression(child(node, 'child')!, scope)
      // A cast keeps what it casts: an aggregate stays that aggregate for the checks.
      return { ...inner, plain: null }
    }
    case 'BETWEEN':
      return combine(['input', 'lower', 'upper'].map((k) => expression(child(node, k)!, scope)))
    default:
      return refuse(RULE_DOMAIN, EXPLAINED[cls] ?? `${cls.toLowerCase()} expressions are not allowed`)
  }
}

function columnValue(node: Node, scope: ExpressionScope): Value {
  const names = columnNames(node)
  // DuckDB resolves a single name against FROM first, then against earlier output aliases.
  if (names.length === 1 && !findColumn(scope.relations, names[0]!)) {
    const item = scope.aliases.find((i) => i.alias === names[0]!.toLowerCase())
    if (item) return { ...item.value, plain: null }
  }
  const column = resolveColumn(node, scope.relations, scope.ctx)
  const source = column.plain ? `${column.plain.table}.${column.plain.column}` : column.name
  return { sources: [source], identifying: column.identifying, plain: column.plain, containsAggregate: false }
}

function resolveColumn(node: Node, relations: readonly Relation[], ctx: Context): ScopeColumn {
  const names = columnNames(node).map((n) => n.toLowerCase())
  if (names.length === 1) {
    const matches = relations.flatMap((r) => r.columns.filter((c) => c.name === names[0]))
    if (matches.length > 1) refuse(RULE_DOMAIN, `${names[0]} is ambiguous: qualify it with its table`)
    if (matches.length === 1) return matches[0]!
    return unknownColumn(names[0]!, relations, ctx)
  }
  if (names.length === 2) {
    const relation = relations.find((r) => r.alias === names[0])
    if (!relation) refuse(RULE_SCOPE, `${refText(node)}: there is no table ${names[0]} in FROM`)
    const column = relation.columns.find((c) => c.name === names[1])
    if (!column) return unknownColumn(names[1]!, [relation], ctx)
    return column
  }
  return refuse(RULE_ACCESS, `${refText(node)}: name a column as column or table.column (schemas, catalogs and struct fields are outside the workspace)`)
}

function unknownColumn(name: string, relations: readonly Relation[], ctx: Context): never {
  for (const table of ctx.tablesUsed) {
    if (ctx.scope.catalog.get(table)?.some((c) => c.toLowerCase() === name)) {
      refuse(RULE_SCOPE, `${table}.${name} is not granted in this workspace (least necessary, art. 14): the granted columns of ${table} are ${ctx.granted.get(table)?.columns.map((c) => c.name).join(', ') ?? 'none'}`)
    }
  }
  const visible = relations.flatMap((r) => r.columns.map((c) => c.name))
  refuse(RULE_SCOPE, `there is no column ${name} here${visible.length ? `: the columns in scope are ${visible.slice(0, 40).join(', ')}` : ''}`)
}

function functionValue(node: Node, scope: ExpressionScope): Value {
  const name = str(node, 'function_name').toLowerCase()
  if (str(node, 'schema') || str(node, 'catalog')) refuse(RULE_ACCESS, `${str(node, 'schema')}.${name}: functions are called without a schema (system functions are outside the domain)`)
  if (node['export_state']) refuse(RULE_DOMAIN, 'EXPORT_STATE is not allowed')
  const aggregate = AGGREGATES[name]
  if (aggregate) return aggregateValue(node, name, aggregate, scope)
  if (!SCALAR_FUNCTIONS.has(name)) {
    refuse(RULE_ACCESS, `the function ${name}() is not allowed in this workspace: aggregates are count, sum and avg; dimensions may use common date, text and number functions`)
  }
  if (node['distinct']) refuse(RULE_DOMAIN, `${name}(DISTINCT …) is not an aggregate`)
  const args = children(node).map((c) => expression(c, scope))
  // round(sum(x), 2) and CAST(avg(x) AS INT) stay the aggregate they wrap.
  if (name === 'round' && args[0]?.aggregate && args.slice(1).every((a) => a.sources.length === 0 && !a.containsAggregate)) return { ...args[0], plain: null }
  return combine(args)
}

function aggregateValue(node: Node, name: string, fn: AggregateFunction, scope: ExpressionScope): Value {
  if (scope.aggregates === 'none') refuse(RULE_RAW, `${name}() here: aggregate in the outer SELECT, HAVING or ORDER BY only`)
  const orders = child(node, 'order_bys')
  if (orders && children(orders, 'orders').length > 0) refuse(RULE_DOMAIN, `${name}(… ORDER BY …) is not allowed`)
  const filter = child(node, 'filter')
  if (filter) {
    const value = expression(filter, { ...scope, aggregates: 'none' })
    if (value.identifying) refuse(RULE_RAW, `${name}(…) FILTER (WHERE …) may not test an identifier: that isolates one entity's value`)
  }
  const args = children(node)
  const distinct = node['distinct'] === true
  if (name === 'count_star') return { ...LEAF, containsAggregate: true, aggregate: { fn: 'count', distinct: false, argument: null, filter } }
  if (args.length !== 1) refuse(RULE_DOMAIN, `${name}() takes one column`)
  const arg = args[0]!
  // COLUMNS_ONLY (AWS Clean Rooms): an aggregate's argument is a plain column, so no expression can pick one entity's value out of a total.
  if (arg['class'] !== 'COLUMN_REF') {
    refuse(RULE_RAW, `${name}() takes a plain column in this workspace, not an expression: aggregate the column and compute outside (this closes tricks like sum(CASE WHEN id = … THEN x END))`)
  }
  const value = columnValue(arg, { ...scope, aliases: [] })
  if (!value.plain) refuse(RULE_RAW, `${name}(${refText(arg)}): aggregate a column of a table, not a computed column`)
  if (value.identifying && !(fn === 'count')) refuse(RULE_RAW, `${name}(${refText(arg)}) aggregates an identifier: identifiers may only be counted (count(DISTINCT …))`)
  const relation = relationOf(arg, scope.relations)
  return {
    sources: value.sources,
    identifying: false,
    plain: null,
    containsAggregate: true,
    aggregate: {
      fn,
      distinct,
      argument:
        fn === 'count'
          ? null
          : { relation: relation.alias, column: columnNames(arg).at(-1)!.toLowerCase(), entity: relation.entities[0] ?? null, source: `${value.plain.table}.${value.plain.column}` },
      filter,
    },
  }
}

function relationOf(ref: Node, relations: readonly Relation[]): Relation {
  const names = columnNames(ref).map((n) => n.toLowerCase())
  if (names.length === 2) return relations.find((r) => r.alias === names[0])!
  return relations.find((r) => r.columns.some((c) => c.name === names[0]))!
}

function findColumn(relations: readonly Relation[], name: string): ScopeColumn | undefined {
  const lower = name.toLowerCase()
  for (const r of relations) {
    const found = r.columns.find((c) => c.name === lower)
    if (found) return found
  }
  return undefined
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}


// ---------------------------------------------------------------------------- the sandbox

/** Functions the sandbox also allows: on synthetic data, developers try what they like. */
const SANDBOX_FUNCTIONS = new Set([
  'min', 'max', 'median', 'quantile_cont', 'quantile_disc', 'stddev', 'stddev_samp', 'stddev_pop', 'var_samp', 'var_pop', 'variance',
  'count_if', 'string_agg', 'first', 'last', 'any_value', 'mode', 'corr', 'regr_slope', 'regr_intercept', 'bool_and', 'bool_or',
  'row_number', 'rank', 'dense_rank', 'lag', 'lead', 'ntile', 'percent_rank', 'cume_dist', 'first_value', 'last_value',
])

/**
 * The sandbox's checks: the same scope (only the workspace's tables, no files, no system
 * catalogs, no schemas, functions from the allow-lists) but no query rules, since nothing in
 * the sandbox is real. Columns outside the scope do not exist in the sandbox's engine at all.
 */
export function checkSandbox(statement: Node, scope: GateScope): { tables: string[] } {
  const type = str(statement, 'type')
  if (type !== 'SELECT_NODE' && type !== 'SET_OPERATION_NODE') refuse(RULE_DOMAIN, 'only a single SELECT statement is allowed')
  const ctx = context(scope)
  const ctes = new Set<string>()
  collect(statement, (node) => {
    const map = (node['cte_map'] as SelectNode['cte_map'] | undefined)?.map ?? []
    for (const entry of map) ctes.add(entry.key.toLowerCase())
  })
  collect(statement, (node) => {
    const nodeType = str(node, 'type')
    if (nodeType === 'TABLE_FUNCTION') refuse(RULE_ACCESS, `table functions such as ${str(child(node, 'function') ?? {}, 'function_name')}() are not allowed, in the sandbox too`)
    if (nodeType === 'SHOW_REF') refuse(RULE_ACCESS, 'DESCRIBE, SHOW and SUMMARIZE are not allowed: the workspace\'s schema is in GET /api/v1/workspaces/{id}')
    if (nodeType === 'BASE_TABLE' && !ctes.has(str(node, 'table_name').toLowerCase())) baseRelation(node, new Map(), ctx)
    const cls = str(node, 'class')
    if (cls === 'COLUMN_REF' && columnNames(node).length > 2) refuse(RULE_ACCESS, `${refText(node)}: name a column as column or table.column`)
    if (cls === 'PARAMETER' || cls === 'LAMBDA') refuse(RULE_DOMAIN, EXPLAINED[cls]!)
    if (cls === 'FUNCTION' || cls === 'WINDOW') {
      const name = str(node, 'function_name').toLowerCase()
      if (str(node, 'schema') || str(node, 'catalog')) refuse(RULE_ACCESS, `${str(node, 'schema')}.${name}: functions are called without a schema`)
      if (!SCALAR_FUNCTIONS.has(name) && !AGGREGATES[name] && !SANDBOX_FUNCTIONS.has(name)) refuse(RULE_ACCESS, `the function ${name}() is not allowed in this workspace`)
    }
  })
  return { tables: [...ctx.tablesUsed] }
}

/** Visits every object node of the tree. */
function collect(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, visit)
  } else if (node && typeof node === 'object') {
    visit(node as Node)
    for (const value of Object.values(node)) collect(value, visit)
  }
}
