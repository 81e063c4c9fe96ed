import path from 'node:path'
import type SqliteDatabase from 'better-sqlite3'
import { ConflictError, InputError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { TextMemo } from '../../platform/memo.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { auditChainSuite, type AuditEvent, type AuditResult } from '../audit/audit.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { inNextCommit } from '../audit/group-commit.ts'
import type { Workspace } from '../authorizations/workspace.ts'
import { publishedForScope } from '../authorizations/scope.service.ts'
import { usableWorkspace } from '../authorizations/workspace.service.ts'
import { auditActor, type RequestContext } from '../identity/identity.service.ts'
import { poolDir } from '../pool/pool.service.ts'
import { child, columnRef, constant, functionCall, treeJson, type Node, type SelectNode } from './gate/ast.ts'
import { analyze, checkSandbox, type GatePlan, type GateScope } from './gate/analyze.ts'
import { boundsPlan, boundsTargets, type BoundsPlan } from './gate/bounds.ts'
import { fusedPlan, type FusedPlan } from './gate/fuse.ts'
import { copyFacts } from './copy-facts.ts'
import { sandboxSetup } from './sandbox.ts'
import { chargeBudget, prepareDp, round } from './dp-release.ts'
import { certified, columnEvidence, fusedEvidence, jsonValue, release, releaseNoisy, type Evidence, type EvidenceLookup } from './release.ts'
import { QueryCancelled, realSetup, type SealedLimits, type SealedSetup, type SealedTable } from './sealed.ts'
import { workspaceSetup } from './workspace-setup.ts'
import type { QueryRunRow } from './query.table.ts'
import { approvedImports, type ApprovedImport } from '../masking/import.service.ts'

/**
 * A query in a workspace (可用不可见): through the gate (parse, scope, rules, rewrite), run in the
 * workspace's sealed engine, then the output checks; what fails a check is withheld or
 * suppressed with the reason, and everything is recorded.
 */

export const QUERY_MODES = ['real', 'sandbox'] as const
export type QueryMode = (typeof QUERY_MODES)[number]

export interface QueryCheck {
  readonly check: string
  readonly status: 'pass' | 'fail' | 'review' | 'info'
  /** The row (0-based, among the released rows) and column a cell check is about. */
  readonly row?: number
  readonly column?: string
  readonly detail: string
}

export interface QueryAnswer {
  readonly runId: string
  /** True when the rows are synthetic (mode sandbox): never real data, never checked. */
  readonly sandbox?: boolean
  /** In a differentially private workspace: the budget after this query, and what it cost. */
  readonly budget?: { readonly epsilon: number; readonly spent: number; readonly remaining: number; readonly charged: number }
  readonly columns: readonly string[]
  readonly rows: readonly unknown[][]
  readonly checks: readonly QueryCheck[]
  readonly summary: { readonly rowsReleased: number; readonly rowsWithheld: number; readonly cellsSuppressed: number; readonly truncated: boolean }
  readonly durationMs: number
}

const SQL_MAX = 20_000

/** `signal` aborts when the request closes before its answer: the run stops and is recorded as cancelled. */
export async function runQuery(
  platform: Platform,
  ctx: RequestContext,
  workspaceId: string,
  input: { sql: string; mode: QueryMode },
  signal?: AbortSignal,
): Promise<QueryAnswer> {
  const started = performance.now()
  const workspace = await usableWorkspace(platform, ctx, workspaceId)
  const runId = newId('run')
  const { tables, empty } = await sealedTables(platform, workspace)
  if (input.mode === 'sandbox') return runSandbox(platform, ctx, workspace, runId, input, tables, empty, started, signal)
  const run: Run = { workspace, runId, record: input, tables, empty, imports: await approvedImports(platform.store.db, workspace.id), started, signal }
  return answer(platform, ctx, run, () => analyzeQuery(platform, run, input.sql))
}

export interface Run {
  readonly workspace: Workspace
  readonly runId: string
  /** What the run record keeps: the SQL as sent (or the template with its values). */
  readonly record: { readonly sql: string; readonly mode: QueryMode }
  readonly tables: readonly SealedTable[]
  readonly empty: readonly string[]
  /** The workspace's approved imports, read once for the gate's scope and the sealed copy. */
  readonly imports: readonly ApprovedImport[]
  readonly started: number
  /** Aborted when the request closed before its answer (the developer cancelled). */
  readonly signal?: AbortSignal
}

/** A usable workspace's run, ready for `answer`: the same for ad-hoc queries and templates. */
export async function prepareRun(platform: Platform, ctx: RequestContext, workspaceId: string, record: Run['record'], signal?: AbortSignal): Promise<Run> {
  const started = performance.now()
  const workspace = await usableWorkspace(platform, ctx, workspaceId)
  const { tables, empty } = await sealedTables(platform, workspace)
  return { workspace, runId: newId('run'), record, tables, empty, imports: await approvedImports(platform.store.db, workspace.id), started, signal }
}

/**
 * From the gate's plan to the released answer: the sealed run, then differential privacy or the
 * output checks, then the record (with the budget's charge). A refusal anywhere is recorded too.
 */
export async function answer(platform: Platform, ctx: RequestContext, run: Run, plan: () => Promise<GatePlan>): Promise<QueryAnswer> {
  const { workspace, runId, tables, empty, started } = run
  try {
    const checked = await failClosed(plan)
    const waiting = checked.tables.filter((t) => empty.includes(t))
    if (waiting.length > 0) throw new ConflictError(`${waiting.join(', ')} has no data in the pool yet: its source unit has not loaded it`)
    const dp = workspace.rules.differentialPrivacy ? prepareDp(checked, workspace.rules.differentialPrivacy, await fieldRanges(platform, workspace)) : null
    if (dp && workspace.budget && workspace.budget.remaining < dp.cost) {
      throw new RuleViolation('art21.raw-data-stays-in-domain', `the privacy budget cannot cover this query: it costs ε ${round(dp.cost)}, ${round(workspace.budget.remaining)} of ${round(workspace.budget.epsilon)} remain`)
    }
    const limits: SealedLimits = { memoryMb: workspace.rules.limits.memoryMb, timeoutMs: workspace.rules.limits.timeoutMs, signal: run.signal }
    const setup = await workspaceSetup(platform, workspace, realSetup(tables), { imports: run.imports })
    let released: Omit<QueryAnswer, 'durationMs'>
    // First the user's query with a few aggregates more, on bounds from the copy's own facts.
    const bounded = dp ? undefined : await boundedAnswer(platform, workspace, setup, limits, checked, runId)
    const fused = dp || bounded ? null : fusedPlan(checked)
    if (bounded) {
      released = bounded
    } else if (fused) {
      // One pass: the user's aggregates, the entity counts and the dominance evidence together;
      // first on buckets of entities, whose evidence is cheap and only ever understates safety.
      const bucketed = fusedPlan(checked, ENTITY_BUCKETS)!
      const first = await bucketedRows(platform, workspace, setup, limits, bucketed)
      const onBuckets = first && release(workspace, checked, first, fusedEvidence(bucketed), runId)
      if (onBuckets && certified(onBuckets)) {
        released = onBuckets
      } else {
        // Some row or cell is not shown safe by buckets: the exact evidence, per entity, decides.
        const result = await runSealed(platform, workspace.id, setup, limits, await fusedSql(platform, fused, workspace))
        released = release(workspace, checked, result.rows, fusedEvidence(fused), runId)
      }
    } else {
      const sql = await rewrittenSql(platform, checked.node, workspace.rules.limits.maxRows)
      const result = await runSealed(platform, workspace.id, setup, limits, sql)
      const evidence = checked.rowEvidence ? columnEvidence(checked.rowEvidence) : await dominanceEvidence(platform, workspace, setup, limits, checked)
      released = dp ? releaseNoisy(workspace, checked, dp, result.rows, runId) : release(workspace, checked, result.rows, evidence, runId)
    }
    const durationMs = Math.round(performance.now() - started)
    const budget = await record(platform, ctx, workspace, runId, run.record, { status: 'answered', plan: checked, answer: released, durationMs, epsilon: dp?.cost ?? 0 })
    return { ...released, durationMs, ...(budget ? { budget } : {}) }
  } catch (error) {
    if (error instanceof RuleViolation) {
      await record(platform, ctx, workspace, runId, run.record, { status: 'refused', rule: error.rule, message: error.message, durationMs: Math.round(performance.now() - started) })
    }
    if (error instanceof QueryCancelled) await record(platform, ctx, workspace, runId, run.record, { status: 'cancelled', message: error.message, durationMs: Math.round(performance.now() - started) })
    throw error
  }
}

/**
 * Buckets of entities for the first pass of a fused query. More buckets certify smaller groups
 * (a row needs as many buckets as the minimum of entities) and bound dominance tighter; fewer
 * keep the inner aggregation small. 256 buckets certify most rows of 15 or more entities.
 */
const ENTITY_BUCKETS = 256

/**
 * The sandbox: the same parser and scope checks, no query rules, run on synthetic tables in a
 * sealed instance that never held a real row; the answer says so.
 */
async function runSandbox(
  platform: Platform,
  ctx: RequestContext,
  workspace: Workspace,
  runId: string,
  input: { sql: string; mode: QueryMode },
  tables: readonly SealedTable[],
  empty: readonly string[],
  started: number,
  signal: AbortSignal | undefined,
): Promise<QueryAnswer> {
  try {
    const statement = await parse(platform, input.sql)
    const scope = await gateScope(platform, workspace)
    const { tables: used } = await failClosed(async () => checkSandbox(statement, scope))
    const waiting = used.filter((t) => empty.includes(t))
    if (waiting.length > 0) throw new ConflictError(`${waiting.join(', ')} has no data in the pool yet: the sandbox draws on its marginals`)
    const sql = await rewrittenSql(platform, statement as SelectNode, workspace.rules.limits.maxRows)
    const limits: SealedLimits = { memoryMb: workspace.rules.limits.memoryMb, timeoutMs: workspace.rules.limits.timeoutMs, signal }
    const setup = await workspaceSetup(platform, workspace, sandboxSetup(platform, workspace, tables), { sandbox: true })
    const result = await runSealed(platform, `${workspace.id}~sandbox`, setup, limits, sql, { sandbox: true })
    const maxRows = workspace.rules.limits.maxRows
    const rows = result.rows.slice(0, maxRows).map((row) => row.map(jsonValue))
    const answer = {
      runId,
      sandbox: true,
      columns: result.columns,
      rows,
      checks: [{ check: 'sandbox', status: 'info' as const, detail: 'SYNTHETIC DATA: drawn from the real data\'s marginals, not real rows; nothing here was checked or may be relied on' }],
      summary: { rowsReleased: rows.length, rowsWithheld: 0, cellsSuppressed: 0, truncated: result.rows.length > maxRows },
    }
    const durationMs = Math.round(performance.now() - started)
    await record(platform, ctx, workspace, runId, input, { status: 'answered', plan: { tables: used }, answer, durationMs, epsilon: 0 })
    return { ...answer, durationMs }
  } catch (caught) {
    const error = await outOfScope(platform, workspace, caught)
    if (error instanceof RuleViolation) {
      await record(platform, ctx, workspace, runId, input, { status: 'refused', rule: error.rule, message: error.message, durationMs: Math.round(performance.now() - started) })
    }
    if (error instanceof QueryCancelled) await record(platform, ctx, workspace, runId, input, { status: 'cancelled', message: error.message, durationMs: Math.round(performance.now() - started) })
    throw error
  }
}

/**
 * The sandbox's engine knows only granted columns, so it reports any other as missing; when that
 * column exists in the catalog the refusal says what it is: outside the scope.
 */
async function outOfScope(platform: Platform, workspace: Workspace, error: unknown): Promise<unknown> {
  const missing = error instanceof RuleViolation ? /Referenced column "([^"]+)" not found/.exec(error.message)?.[1] : undefined
  if (!missing) return error
  const scope = await gateScope(platform, workspace)
  const table = [...scope.catalog].find(([t, columns]) => scope.tables.some((g) => g.table === t) && columns.some((c) => c.toLowerCase() === missing.toLowerCase()))?.[0]
  return table ? new RuleViolation('art28.no-use-beyond-scope', `${table}.${missing} is not granted in this workspace (least necessary, art. 14)`) : error
}

// ---------------------------------------------------------------------------- rows that stay in the domain

/**
 * Rows for computation that never leaves the domain (training a model, computing an API
 * product's features): the same parser and scope checks as the sandbox, then a run in the
 * workspace's real sealed copy (masks and approved imports included), capped at `maxRows`.
 * No query rule applies, because no row is released: the caller releases only what it derives,
 * after its own checks. `tree` may be a parsed statement with parameters already bound.
 */
export async function rowsInDomain(platform: Platform, workspace: Workspace, tree: Node, maxRows: number): Promise<{ columns: readonly string[]; rows: readonly unknown[][]; tables: string[]; truncated: boolean }> {
  const scope = await gateScope(platform, workspace)
  const { tables: used } = await failClosed(async () => checkSandbox(tree, scope))
  const { tables, empty } = await sealedTables(platform, workspace)
  const waiting = used.filter((t) => empty.includes(t))
  if (waiting.length > 0) throw new ConflictError(`${waiting.join(', ')} has no data in the pool yet`)
  const sql = await rewrittenSql(platform, tree as SelectNode, maxRows)
  const setup = await workspaceSetup(platform, workspace, realSetup(tables))
  const limits = { memoryMb: workspace.rules.limits.memoryMb, timeoutMs: workspace.rules.limits.timeoutMs }
  const result = await runSealed(platform, workspace.id, setup, limits, sql)
  return { columns: result.columns, rows: result.rows.slice(0, maxRows), tables: used, truncated: result.rows.length > maxRows }
}

// ---------------------------------------------------------------------------- the gate

export async function parse(platform: Platform, sql: string): Promise<Node> {
  if (sql.length > SQL_MAX) throw new RuleViolation('art18.processing-in-domain', `a query is at most ${SQL_MAX} characters`)
  const parsed = (await platform.domain.serialize(sql)) as { error: boolean; error_type?: string; error_message?: string; statements?: { node: Node }[] }
  if (parsed.error) {
    if (parsed.error_type === 'parser') throw new RuleViolation('art18.processing-in-domain', `the query does not parse: ${parsed.error_message ?? 'syntax error'}`)
    throw new RuleViolation('art18.processing-in-domain', 'only a single SELECT statement runs in a workspace: no DDL, DML, PRAGMA, SET, COPY, ATTACH or other statements')
  }
  if (parsed.statements?.length !== 1) throw new RuleViolation('art18.processing-in-domain', 'send exactly one SELECT statement')
  return parsed.statements[0]!.node
}


/**
 * What the gate checks a query against: the granted tables and columns, their keys, and the
 * rules. The city catalog (every table and field) only words a refusal, "not granted" rather than
 * "unknown", so `catalog: false` leaves it out; analyzeQuery reads it when a query is refused.
 */
export async function gateScope(
  platform: Platform,
  workspace: Workspace,
  options: { catalog?: boolean; imports?: readonly ApprovedImport[] } = {},
): Promise<GateScope> {
  const catalog = new Map<string, string[]>()
  if (options.catalog !== false) {
    const rows = await platform.store.db
      .selectFrom('catalog_fields as f')
      .innerJoin('catalog_resources as r', 'r.code', 'f.resource_code')
      .select(['r.table_name', 'f.name'])
      .execute()
    for (const row of rows) catalog.set(row.table_name, [...(catalog.get(row.table_name) ?? []), row.name])
  }
  const identifiers = new Set(workspace.rules.identifiers)
  const tables = workspace.scope.map((t) => ({
    table: t.table,
    columns: t.fields.map((f) => ({ name: f.name, identifier: identifiers.has(`${t.table}.${f.name}`) })),
    key: [...t.key],
  }))
  // Approved imports of social data are tables of the workspace too; their linking columns are identifiers.
  const identifiersToo: string[] = []
  for (const i of options.imports ?? (await approvedImports(platform.store.db, workspace.id))) {
    tables.push({ table: i.table, columns: i.columns.map((c) => ({ name: c.name, identifier: i.identifiers.includes(c.name) })), key: [] })
    catalog.set(i.table, i.columns.map((c) => c.name))
    identifiersToo.push(...i.identifiers.map((c) => `${i.table}.${c}`))
  }
  return {
    tables,
    catalog,
    rules: identifiersToo.length > 0 ? { ...workspace.rules, identifiers: [...workspace.rules.identifiers, ...identifiersToo] } : workspace.rules,
  }
}

/**
 * The gate's analysis of a query. Whether a query passes never depends on the city catalog, only
 * the wording of a refusal does: so it is read only for a refusal, which is analysed again with
 * it to say what was not granted. A second pass that would not refuse cannot release anything:
 * the first refusal stands.
 */
async function analyzeQuery(platform: Platform, run: Run, sql: string): Promise<GatePlan> {
  const { workspace, imports } = run
  try {
    return analyze(await parse(platform, sql), await gateScope(platform, workspace, { catalog: false, imports }))
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw error
    analyze(await parse(platform, sql), await gateScope(platform, workspace, { imports }))
    throw error
  }
}

/** Declared ranges of the granted fields (`table.column`), the fallback clamping bounds of sums. */
async function fieldRanges(platform: Platform, workspace: Workspace): Promise<Map<string, { min?: number; max?: number }>> {
  const ranges = new Map<string, { min?: number; max?: number }>()
  for (const t of workspace.scope) {
    const { content } = await publishedForScope(platform.store.db, t.resourceCode, 'scope')
    for (const field of content.fields) if (field.range) ranges.set(`${t.table}.${field.name}`, field.range)
  }
  return ranges
}

/**
 * The workspace's tables as the sealed engine copies them: granted columns, row filters, current
 * version files; and the granted tables that have no data yet.
 */
async function sealedTables(platform: Platform, workspace: Workspace): Promise<{ tables: SealedTable[]; empty: string[] }> {
  const versions = new Map<string, string>()
  const codes = workspace.scope.map((t) => t.resourceCode)
  if (codes.length > 0) {
    const rows = await platform.store.db
      .selectFrom('catalog_resources as r')
      .innerJoin('pool_versions as v', 'v.id', 'r.pool_version_id')
      .select(['r.code', 'v.file'])
      .where('r.code', 'in', codes)
      .execute()
    for (const row of rows) versions.set(row.code, row.file)
  }
  const tables: SealedTable[] = []
  const empty: string[] = []
  for (const t of workspace.scope) {
    const file = versions.get(t.resourceCode)
    if (file === undefined) empty.push(t.table)
    else tables.push({ table: t.table, file: path.join(poolDir(platform), file), columns: t.fields.map((f) => f.name), rowFilters: t.rowFilters })
  }
  return { tables, empty }
}

/**
 * The tree back to SQL with DuckDB's own deserializer, capped at maxRows + 1 (to tell truncation),
 * then parsed again and compared with the tree: the SQL that runs is exactly the tree checked.
 */
async function rewrittenSql(platform: Platform, node: SelectNode, maxRows: number): Promise<string> {
  const cap = maxRows + 1
  const modifiers = node.modifiers as Node[]
  const limit = modifiers.find((m) => m['type'] === 'LIMIT_MODIFIER') as { limit: Node | null } | undefined
  if (limit) {
    const current = child(limit as unknown as Node, 'limit')
    const value = current ? Number((child(current, 'value') ?? {})['value']) : Infinity
    if (!(value <= cap)) limit.limit = constant(cap)
  } else {
    modifiers.push({ type: 'LIMIT_MODIFIER', limit: constant(cap), offset: null })
  }
  return verifiedSql(platform, node)
}

const UNVERIFIED = 'the gate could not verify the rewritten query, so it does not run it: simplify the query'

/** A tree as SQL by DuckDB's deserializer, parsed again and compared: what runs is what was checked. */
async function verifiedSql(platform: Platform, node: SelectNode): Promise<string> {
  const json = treeJson(node)
  return verified.get(json, async () => {
    const sql = await failClosed(() => platform.domain.deserialize(json))
    const again = (await platform.domain.serialize(sql)) as { error: boolean; statements?: { node: Node }[] }
    if (again.error || again.statements?.length !== 1 || canonical(again.statements[0]!.node) !== canonical(node)) throw new RuleViolation('art18.processing-in-domain', UNVERIFIED)
    return sql
  })
}

/**
 * Trees already verified, by their JSON: the verification is a function of that text alone (the
 * comparison ignores query locations, as the JSON does), so a query run again (a developer's
 * retry, a template) skips re-parsing its rewrite. A refused tree is not kept.
 */
const verified = new TextMemo(16 * 1024 * 1024)

/**
 * The fused query: its inner aggregation from the checked tree (deserialized and verified like
 * any rewrite), wrapped by the gate's outer aggregation, which is then parsed once more.
 */
async function fusedSql(platform: Platform, fused: FusedPlan, workspace: Workspace): Promise<string> {
  const inner = await verifiedSql(platform, fused.inner)
  const sql = fused.outer(inner, workspace.rules.limits.maxRows + 1, Math.max(2, workspace.rules.outputChecks.dominance.n))
  const whole = (await platform.domain.serialize(sql)) as { error: boolean; statements?: unknown[] }
  if (whole.error || whole.statements?.length !== 1) throw new RuleViolation('art18.processing-in-domain', UNVERIFIED)
  return sql
}

/**
 * The rows of the bucketed first pass, or undefined where that form cannot run: the exact pass
 * then decides alone, so the bucketed form never refuses a query the exact one answers. Only the
 * time limit ends the query here, since the exact pass would take longer still.
 */
async function bucketedRows(platform: Platform, workspace: Workspace, setup: SealedSetup, limits: SealedLimits, fused: FusedPlan): Promise<readonly unknown[][] | undefined> {
  let sql: string
  try {
    sql = await fusedSql(platform, fused, workspace)
  } catch {
    return undefined
  }
  try {
    return (await platform.domain.run(workspace.id, setup, limits, sql)).rows
  } catch (error) {
    if (error instanceof RuleViolation || error instanceof QueryCancelled) throw error
    return undefined
  }
}

/**
 * The answer on bounds (gate/bounds.ts), or undefined where they cannot be had or do not show
 * the answer exact: the next pass then decides, so the bounds never refuse a query the exact
 * pass answers. Only the time limit on the bounded query itself ends the query here.
 */
async function boundedAnswer(
  platform: Platform,
  workspace: Workspace,
  setup: SealedSetup,
  limits: SealedLimits,
  plan: GatePlan,
  runId: string,
): Promise<Omit<QueryAnswer, 'durationMs'> | undefined> {
  const targets = boundsTargets(plan)
  if (!targets) return undefined
  const run = async (sql: string) => (await platform.domain.run(workspace.id, setup, limits, sql)).rows
  let bounded: BoundsPlan
  let sql: string
  try {
    const facts = await copyFacts(run, `${workspace.id}\u0000${setup.signature}`, targets)
    bounded = boundsPlan(plan, targets, facts, workspace.rules.outputChecks.dominance.n)
    sql = await rewrittenSql(platform, bounded.node, workspace.rules.limits.maxRows)
  } catch {
    // The copy's facts could not be read, or the rewrite not verified: the other passes decide.
    return undefined
  }
  let rows: readonly unknown[][]
  try {
    rows = await run(sql)
  } catch (error) {
    if (error instanceof RuleViolation || error instanceof QueryCancelled) throw error
    return undefined
  }
  const answer = release(workspace, plan, bounded.rows(rows), bounded.evidence, runId)
  return bounded.stands(answer) ? answer : undefined
}

/**
 * The gate's own steps fail closed: a shape the analysis or DuckDB's deserializer trips over is a
 * refusal of the query, never a 500 and never a run.
 */
async function failClosed<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (error instanceof RuleViolation || error instanceof InputError || error instanceof ConflictError || error instanceof NotAllowedError || error instanceof NotFoundError) throw error
    throw new RuleViolation('art18.processing-in-domain', 'the gate could not analyse this query, so it does not run it: simplify it')
  }
}

function canonical(node: unknown): string {
  return JSON.stringify(node, (key, value) => (key === 'query_location' ? undefined : value))
}

/**
 * Runs SQL in the sealed engine. Errors the binder raises (a missing GROUP BY column, a type
 * mismatch) are about the query and are shown; errors raised while reading data (a failed cast,
 * an overflow) could carry values, so they are reported without their message.
 */
async function runSealed(platform: Platform, key: string, setup: SealedSetup, limits: SealedLimits, sql: string, options: { sandbox?: boolean } = {}) {
  try {
    return await platform.domain.run(key, setup, limits, sql)
  } catch (error) {
    if (error instanceof RuleViolation || error instanceof QueryCancelled) throw error
    const message = error instanceof Error ? error.message : String(error)
    // Synthetic values are no secret: the sandbox shows the engine's message whole.
    if (options.sandbox && /^[A-Z][A-Za-z ]* Error/.test(message)) throw new RuleViolation('art18.processing-in-domain', `the query cannot run: ${message.split('\n')[0]!.slice(0, 400)}`)
    if (/^(Binder|Catalog|Parser) Error/.test(message)) {
      throw new RuleViolation('art18.processing-in-domain', `the query cannot run: ${message.split('\n')[0]!.slice(0, 400)}`)
    }
    if (/^Out of Memory Error/.test(message)) {
      throw new RuleViolation('art18.processing-in-domain', 'the query needs more memory than the workspace allows: aggregate over fewer rows or columns')
    }
    throw new RuleViolation(
      'art18.processing-in-domain',
      'the query failed while reading data (a cast, an overflow or an invalid value): the engine\'s message is withheld because it could contain values; check casts and arithmetic',
    )
  }
}

// ---------------------------------------------------------------------------- dominance evidence

/**
 * For each sum and average, each cell's contributions per entity (or per row where the table has
 * no entity): the largest ones, the total and the negatives, for the dominance checks.
 */
async function dominanceEvidence(platform: Platform, workspace: Workspace, setup: SealedSetup, limits: SealedLimits, plan: GatePlan): Promise<EvidenceLookup> {
  const byOutput = new Map<string, Map<string, Evidence>>()
  const n = Math.max(2, workspace.rules.outputChecks.dominance.n)
  for (const output of plan.outputs) {
    const argument = output.aggregate?.argument
    if (!argument) continue
    const groups = plan.groupExpressions.map((g, i) => ({ ...structuredClone(g), alias: `__group_${i + 1}` }) as Node)
    const value = columnRef([argument.relation, argument.column], '__contribution')
    const where = combineAnd(plan.baseNode.where_clause, output.aggregate!.filter)
    const inner: SelectNode = argument.entity
      ? {
          ...structuredClone(plan.baseNode),
          select_list: [...groups, functionCall('sum', [columnRef([argument.relation, argument.column])], '__contribution')],
          group_expressions: [...groups.map((g) => ({ ...g, alias: '' })), columnRef([argument.relation, argument.entity])],
          // A grouping set lists the positions of its group expressions: one set, all of them.
          group_sets: [[...groups.keys(), groups.length]],
          aggregate_handling: 'STANDARD_HANDLING',
          where_clause: where,
          having: null,
          modifiers: [],
        }
      : { ...structuredClone(plan.baseNode), select_list: [...groups, value], group_expressions: [], group_sets: [], aggregate_handling: 'STANDARD_HANDLING', where_clause: where, having: null, modifiers: [] }
    const innerSql = await failClosed(() => platform.domain.deserialize(treeJson(inner)))
    const keys = groups.map((_, i) => `__group_${i + 1}`)
    const sql = `SELECT ${[...keys, `max(__contribution, ${n})`, 'sum(__contribution)', 'count_if(__contribution < 0)', 'count(__contribution)'].join(', ')} FROM (${innerSql}) ${keys.length ? 'GROUP BY ALL' : ''}`
    const result = await runSealed(platform, workspace.id, setup, limits, sql)
    const cells = new Map<string, Evidence>()
    for (const row of result.rows) {
      const key = JSON.stringify(row.slice(0, keys.length).map(jsonValue))
      const [top, total, negatives, count] = row.slice(keys.length)
      cells.set(key, { top: ((top as unknown[] | null) ?? []).map(Number), total: Number(total ?? 0), negatives: Number(negatives ?? 0), count: Number(count ?? 0) })
    }
    byOutput.set(output.name, cells)
  }
  const groupAt = plan.groupKeyColumns.map((_, i) => plan.outputs.length + plan.entityColumns.length + 1 + i)
  return (output, row) => byOutput.get(plan.outputs[output]!.name)?.get(JSON.stringify(groupAt.map((i) => jsonValue(row[i]))))
}

function combineAnd(a: Node | null, b: Node | null): Node | null {
  if (!a || !b) return a ?? b
  return { class: 'CONJUNCTION', type: 'CONJUNCTION_AND', alias: '', children: [a, b] }
}

// ---------------------------------------------------------------------------- the record

type Outcome =
  | { status: 'answered'; plan: Pick<GatePlan, 'tables'>; answer: Omit<QueryAnswer, 'durationMs'>; durationMs: number; epsilon: number }
  | { status: 'refused'; rule: string; message: string; durationMs: number }
  | { status: 'cancelled'; message: string; durationMs: number }

const RUN_EVENTS = { answered: 'query.run', refused: 'query.refuse', cancelled: 'query.cancel' } as const satisfies Record<Outcome['status'], string>
// A cancelled run did not finish: neither answered nor refused by a rule.
const RUN_RESULTS = { answered: 'success', refused: 'refused', cancelled: 'failure' } as const satisfies Record<Outcome['status'], AuditResult>

/**
 * Records the run and its audit entry in one transaction; a differentially private answer's ε is
 * charged in the same transaction, so no answer leaves without its charge. On SQLite a run with
 * nothing to charge joins the store's group commit (audit/group-commit.ts): its answer still
 * waits for the record's commit, without a query builder's round trips.
 */
async function record(
  platform: Platform,
  ctx: RequestContext,
  workspace: Workspace,
  runId: string,
  input: { sql: string; mode: QueryMode },
  outcome: Outcome,
): Promise<QueryAnswer['budget'] | undefined> {
  const answered = outcome.status === 'answered' ? outcome : undefined
  const resultHash = answered ? platform.keys.suite.hashHex(JSON.stringify({ columns: answered.answer.columns, rows: answered.answer.rows })) : null
  const row: QueryRunRow = {
    id: runId,
    workspace_id: workspace.id,
    user_id: ctx.principal!.userId,
    mode: input.mode,
    sql: input.sql,
    status: outcome.status,
    rule: outcome.status === 'refused' ? outcome.rule : null,
    message: outcome.status === 'answered' ? null : outcome.message.slice(0, 2000),
    tables: JSON.stringify(answered?.plan.tables ?? []),
    checks: JSON.stringify(answered?.answer.checks ?? []),
    rows_released: answered?.answer.summary.rowsReleased ?? 0,
    rows_withheld: answered?.answer.summary.rowsWithheld ?? 0,
    cells_suppressed: answered?.answer.summary.cellsSuppressed ?? 0,
    result_hash: resultHash,
    result: answered && input.mode === 'real' ? JSON.stringify({ columns: answered.answer.columns, rows: answered.answer.rows }) : null,
    epsilon_spent: answered?.epsilon ?? 0,
    duration_ms: outcome.durationMs,
    created_at: chinaTime(platform.clock()),
  }
  const charging = answered !== undefined && answered.epsilon > 0
  const event = (charged: boolean): AuditEvent => ({
    eventType: RUN_EVENTS[outcome.status],
    objectType: 'workspace',
    objectId: workspace.id,
    action: 'query',
    result: RUN_RESULTS[outcome.status],
    ...(outcome.status === 'answered' ? {} : { reason: outcome.message.slice(0, 500) }),
    detail: {
      runId,
      mode: input.mode,
      // The text itself (to 2,000 characters; the run record keeps it whole) and its hash.
      sql: input.sql.slice(0, 2000),
      sqlHash: platform.keys.suite.hashHex(input.sql),
      ...(outcome.status === 'refused' ? { rule: outcome.rule } : {}),
      ...(answered
        ? {
            tables: answered.plan.tables,
            outputs: answered.answer.columns,
            ...answered.answer.summary,
            checks: answered.answer.checks.filter((c) => c.row === undefined).map((c) => `${c.check}:${c.status}`),
            resultHash,
          }
        : {}),
      ...(charged ? { epsilon: answered!.epsilon } : {}),
      durationMs: outcome.durationMs,
    },
  })
  const { sqlite } = platform.store
  if (sqlite && !charging) {
    const actor = auditActor(ctx)
    await inNextCommit(
      { db: platform.store.db, sqlite },
      (recorded) => auditChainSuite(recorded, platform.keys.suite),
      (batch) => {
        insertRunSqlite(sqlite, row)
        batch.audit({ occurredAt: row.created_at, actor, events: [event(false)] })
      },
    )
    return undefined
  }
  return platform.store.db.transaction().execute(async (trx) => {
    const charged = charging ? await chargeBudget(trx, workspace.id, answered!.epsilon) : undefined
    await trx.insertInto('query_runs').values(row).execute()
    await appendAudit(trx, platform, auditActor(ctx), event(charged !== undefined))
    return charged ? { epsilon: charged.epsilon, spent: charged.spent, remaining: Math.max(0, charged.epsilon - charged.spent), charged: answered!.epsilon } : undefined
  })
}

const RUN_COLUMNS = [
  'id', 'workspace_id', 'user_id', 'mode', 'sql', 'status', 'rule', 'message', 'tables', 'checks', 'rows_released', 'rows_withheld',
  'cells_suppressed', 'result_hash', 'result', 'epsilon_spent', 'duration_ms', 'created_at',
] as const satisfies readonly (keyof QueryRunRow)[]
// Every column of the record, or this fails to typecheck: a new column is never dropped on SQLite alone.
const ALL_RUN_COLUMNS: [Exclude<keyof QueryRunRow, (typeof RUN_COLUMNS)[number] | undefined>] extends [never] ? true : never = true
void ALL_RUN_COLUMNS
const insertRunStatements = new WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>()

/** The run record, with a statement prepared once per connection (a group commit's work is synchronous). */
function insertRunSqlite(sqlite: SqliteDatabase.Database, row: QueryRunRow): void {
  let insert = insertRunStatements.get(sqlite)
  if (!insert) {
    insert = sqlite.prepare(`INSERT INTO query_runs (${RUN_COLUMNS.join(', ')}) VALUES (${RUN_COLUMNS.map(() => '?').join(', ')})`)
    insertRunStatements.set(sqlite, insert)
  }
  insert.run(RUN_COLUMNS.map((c) => row[c] ?? null))
}
