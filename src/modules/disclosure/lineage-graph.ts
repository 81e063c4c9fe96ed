import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { InputError, NotAllowedError, NotFoundError } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import type { ScopeItem } from '../authorizations/authorization.ts'
import { actingPrincipal, type RequestContext } from '../identity/identity.service.ts'
import { actsForOrganization } from '../identity/identity.ts'
import type { ProductSources } from '../products/lineage.ts'
import { isPublicProduct } from '../products/product.ts'

/**
 * Lineage (监管溯源, art. 19): the graph from the source unit that loaded a pool version,
 * through the resource and the workspaces granted it, the query runs and models that read it,
 * the products built on those, to the consumers that called them. Built from the platform's own
 * records, walked from any node upstream (what did this use?) or downstream (where did this go?).
 */

export const NODE_KINDS = ['source-unit', 'resource', 'version', 'workspace', 'run', 'model', 'product', 'consumer'] as const
export type NodeKind = (typeof NODE_KINDS)[number]

export interface LineageNode {
  readonly id: string
  readonly kind: NodeKind
  readonly label: string
}

export interface LineageEdge {
  readonly from: string
  readonly to: string
  readonly relation: string
  /** How many times, where an edge stands for many events (calls). */
  readonly count?: number
}

export interface LineageGraph {
  readonly root: string
  readonly direction: Direction
  readonly nodes: readonly LineageNode[]
  readonly edges: readonly LineageEdge[]
}

export const DIRECTIONS = ['up', 'down', 'both'] as const
export type Direction = (typeof DIRECTIONS)[number]

const key = (kind: NodeKind, id: string) => `${kind}:${id}`

/** The whole recorded graph. Runs appear only where a product or model was built from them. */
async function wholeGraph(db: Kysely<Database>): Promise<{ nodes: Map<string, LineageNode>; edges: LineageEdge[] }> {
  const nodes = new Map<string, LineageNode>()
  const edges: LineageEdge[] = []
  const add = (kind: NodeKind, id: string, label: string) => {
    const k = key(kind, id)
    if (!nodes.has(k)) nodes.set(k, { id: k, kind, label })
    return k
  }
  const orgs = new Map((await db.selectFrom('organizations').select(['id', 'name']).execute()).map((o) => [o.id, o.name]))
  const resources = await db.selectFrom('catalog_resources').select(['code', 'name']).execute()
  for (const r of resources) add('resource', r.code, `${r.name} (${r.code})`)
  for (const v of await db.selectFrom('pool_versions').select(['id', 'resource_code', 'version_no', 'loaded_by_org_id', 'status']).execute()) {
    const version = add('version', v.id, `${v.resource_code} v${v.version_no} (${v.status})`)
    edges.push({ from: key('resource', v.resource_code), to: version, relation: 'version of' })
    if (v.loaded_by_org_id) edges.push({ from: add('source-unit', v.loaded_by_org_id, orgs.get(v.loaded_by_org_id) ?? v.loaded_by_org_id), to: version, relation: 'loaded' })
  }
  for (const a of await db.selectFrom('agreements').select(['workspace_id', 'scope', 'status']).where('status', 'in', ['active', 'suspended', 'terminated', 'expired']).execute()) {
    const workspace = add('workspace', a.workspace_id, a.workspace_id)
    for (const item of JSON.parse(a.scope) as ScopeItem[]) edges.push({ from: key('resource', item.resourceCode), to: workspace, relation: `granted (${item.fields.join(', ')})` })
  }
  for (const m of await db.selectFrom('models').select(['id', 'name', 'workspace_id', 'training_run_id']).execute()) {
    const run = add('run', m.training_run_id, `training run ${m.training_run_id}`)
    edges.push({ from: add('workspace', m.workspace_id, m.workspace_id), to: run, relation: 'ran' })
    edges.push({ from: run, to: add('model', m.id, `model ${m.name}`), relation: 'trained' })
  }
  const products = await db.selectFrom('products').select(['code', 'name', 'workspace_id', 'sources', 'status']).execute()
  for (const p of products) {
    const product = add('product', p.code, `${p.name} (${p.code}, ${p.status})`)
    const sources = JSON.parse(p.sources) as ProductSources
    for (const runId of sources.runs) {
      const run = add('run', runId, `run ${runId}`)
      edges.push({ from: add('workspace', p.workspace_id, p.workspace_id), to: run, relation: 'ran' })
      if (!sources.models.length) edges.push({ from: run, to: product, relation: 'built into' })
    }
    for (const modelId of sources.models) edges.push({ from: key('model', modelId), to: product, relation: 'serves' })
    for (const r of sources.resources) if (r.poolVersionId) edges.push({ from: key('version', r.poolVersionId), to: product, relation: 'read by' })
  }
  const calls = await db
    .selectFrom('gateway_calls')
    .select(['product_code', 'org_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 200)
    .groupBy(['product_code', 'org_id'])
    .execute()
  for (const c of calls) {
    if (!c.org_id) continue
    edges.push({ from: key('product', c.product_code), to: add('consumer', c.org_id, orgs.get(c.org_id) ?? c.org_id), relation: 'called by', count: Number(c.n) })
  }
  return { nodes, edges: dedupe(edges) }
}

function dedupe(edges: readonly LineageEdge[]): LineageEdge[] {
  const seen = new Map<string, LineageEdge>()
  for (const e of edges) seen.set(`${e.from}>${e.to}>${e.relation}`, e)
  return [...seen.values()]
}

/** Who may walk lineage: the overseers everywhere; a source unit from its own resources; a developer from its own workspaces. */
const OVERSEERS: readonly string[] = ['office', 'bureau', 'regulator', 'operator']

async function assertMayTrace(db: Kysely<Database>, ctx: RequestContext, root: string): Promise<void> {
  const p = actingPrincipal(ctx)
  if (!actsForOrganization(p)) throw new NotAllowedError('lineage is traced by members of an organization')
  if (OVERSEERS.includes(p.orgKind)) return
  const [kind, id] = splitKey(root)
  if (p.orgKind === 'source_unit' && kind === 'resource') {
    const loaded = await db.selectFrom('pool_versions').select('id').where('resource_code', '=', id).where('loaded_by_org_id', '=', p.orgId).executeTakeFirst()
    if (loaded) return
  }
  if (p.orgKind === 'developer' && kind === 'workspace') {
    const own = await db.selectFrom('workspaces').select('id').where('id', '=', id).where('developer_org_id', '=', p.orgId).executeTakeFirst()
    if (own) return
  }
  if (p.orgKind === 'developer' && kind === 'product') {
    const own = await db.selectFrom('products').select('code').where('code', '=', id).where('developer_org_id', '=', p.orgId).executeTakeFirst()
    if (own) return
  }
  throw new NotAllowedError('lineage is traced by the office, the bureau, the operator and regulators; a source unit from its resources, a developer from its workspaces and products (art. 19)')
}

function splitKey(root: string): [NodeKind, string] {
  const i = root.indexOf(':')
  const kind = root.slice(0, i) as NodeKind
  if (i < 1 || !(NODE_KINDS as readonly string[]).includes(kind) || root.length - i - 1 < 1) {
    throw new InputError(`a node is kind:id with kind one of ${NODE_KINDS.join(', ')}, e.g. product:PRD-2026-7K3M9Q`, [{ path: 'query.node', message: 'invalid node' }])
  }
  return [kind, root.slice(i + 1)]
}

/** The part of the graph reachable from `root` upstream, downstream or both, up to `depth` steps. */
export async function traceLineage(platform: Platform, ctx: RequestContext, root: string, direction: Direction, depth: number): Promise<LineageGraph> {
  splitKey(root)
  const { db } = platform.store
  await assertMayTrace(db, ctx, root)
  const graph = await wholeGraph(db)
  if (!graph.nodes.has(root)) throw new NotFoundError(`no ${root} in the lineage records`)
  const reached = new Set([root])
  const kept: LineageEdge[] = []
  let frontier = [root]
  for (let step = 0; step < depth && frontier.length > 0; step++) {
    const next: string[] = []
    for (const edge of graph.edges) {
      const down = direction !== 'up' && frontier.includes(edge.from)
      const up = direction !== 'down' && frontier.includes(edge.to)
      if (!down && !up) continue
      kept.push(edge)
      for (const node of [edge.from, edge.to]) {
        if (!reached.has(node)) {
          reached.add(node)
          next.push(node)
        }
      }
    }
    frontier = next
  }
  const walked = { root, direction, nodes: [...reached].map((k) => graph.nodes.get(k)!).filter(Boolean), edges: dedupe(kept) }
  const p = actingPrincipal(ctx)
  return OVERSEERS.includes(p.orgKind) ? walked : redact(walked, await visibility(db, p.orgId, p.orgKind === 'developer'))
}

type Sight = 'shown' | 'opaque' | 'dropped'

/**
 * What a source unit or a developer sees of another organization's part of the walk. The
 * catalog (resources, versions, the source units that loaded them) and the listed products are
 * public facts; a developer's own workspace, its runs, models and products are its own. Another
 * developer's workspace, runs and models stay in the walk as opaque steps, so the path from a
 * resource to a listed product still shows; its unlisted products and every consumer are left
 * out: who bought what is the operator's and the consumer's business.
 */
async function visibility(db: Kysely<Database>, orgId: string, developer: boolean): Promise<(node: LineageNode) => Sight> {
  const [workspaces, products, models] = await Promise.all([
    db.selectFrom('workspaces').select(['id', 'developer_org_id']).execute(),
    db.selectFrom('products').select(['code', 'status', 'developer_org_id']).execute(),
    db.selectFrom('models').select(['id', 'workspace_id']).execute(),
  ])
  const own = new Set(developer ? workspaces.filter((w) => w.developer_org_id === orgId).map((w) => w.id) : [])
  const ownModels = new Set(models.filter((m) => own.has(m.workspace_id)).map((m) => m.id))
  const runs = own.size === 0 ? [] : await db.selectFrom('query_runs').select('id').where('workspace_id', 'in', [...own]).execute()
  const ownRuns = new Set(runs.map((r) => r.id))
  const productOf = new Map(products.map((row) => [row.code, row]))
  return (node) => {
    const id = node.id.slice(node.kind.length + 1)
    switch (node.kind) {
      case 'resource':
      case 'version':
      case 'source-unit':
        return 'shown'
      case 'workspace':
        return own.has(id) ? 'shown' : 'opaque'
      case 'run':
        return ownRuns.has(id) ? 'shown' : 'opaque'
      case 'model':
        return ownModels.has(id) ? 'shown' : 'opaque'
      case 'product': {
        const row = productOf.get(id)
        if (row && developer && row.developer_org_id === orgId) return 'shown'
        return row && isPublicProduct(row.status) ? 'shown' : 'dropped'
      }
      case 'consumer':
        return 'dropped'
    }
  }
}

/** The walk with opaque nodes renamed and relabelled, and dropped ones gone with their edges. */
function redact(graph: LineageGraph, sight: (node: LineageNode) => Sight): LineageGraph {
  const renamed = new Map<string, string>()
  const nodes: LineageNode[] = []
  let hidden = 0
  for (const node of graph.nodes) {
    const seen = node.id === graph.root ? 'shown' : sight(node)
    if (seen === 'dropped') continue
    if (seen === 'shown') {
      renamed.set(node.id, node.id)
      nodes.push(node)
      continue
    }
    const id = `${node.kind}:not-shown-${++hidden}`
    renamed.set(node.id, id)
    nodes.push({ id, kind: node.kind, label: `a ${node.kind} of another organization (not shown)` })
  }
  const edges = graph.edges.flatMap((e) => {
    const from = renamed.get(e.from)
    const to = renamed.get(e.to)
    if (from === undefined || to === undefined) return []
    // A grant names the fields another developer received: shown as a grant only.
    const relation = from !== e.from || to !== e.to ? e.relation.replace(/ \(.*\)$/, '') : e.relation
    return [{ from, to, relation }]
  })
  return { root: graph.root, direction: graph.direction, nodes, edges: dedupe(edges) }
}

/** The graph in Graphviz DOT, for tools that draw it. */
export function toDot(graph: LineageGraph): string {
  const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`
  return [
    'digraph lineage {',
    '  rankdir=LR;',
    ...graph.nodes.map((n) => `  ${quote(n.id)} [label=${quote(n.label)}, shape=${n.kind === 'product' ? 'box' : 'ellipse'}];`),
    ...graph.edges.map((e) => `  ${quote(e.from)} -> ${quote(e.to)} [label=${quote(e.count ? `${e.relation} ×${e.count}` : e.relation)}];`),
    '}',
    '',
  ].join('\n')
}
