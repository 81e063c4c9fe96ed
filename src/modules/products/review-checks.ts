import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import type { Platform } from '../../platform/platform.ts'
import type { Workspace } from '../authorizations/workspace.ts'
import { countedTypes, identifiersIn } from '../masking/detectors.ts'
import { scanRecords } from '../masking/import.service.ts'
import type { RecordValue } from '../masking/records.ts'
import type { ProductSources } from './lineage.ts'
import { modelRow, trainedModelOf } from './model.service.ts'
import type { ProductRow } from './product.table.ts'
import type { ProductSpec } from './spec.ts'

/**
 * The automatic checks of a submitted product, one per point of art. 25's checklist (the pack's
 * productReviewPoints), run before a reviewer sees it. `fail` blocks the submission; `review`
 * is for the reviewer's attention.
 */

export interface ReviewFinding {
  readonly check: string
  readonly status: 'pass' | 'fail' | 'review'
  readonly rule: string
  readonly detail: string
}

const CHECKLIST = 'art25.review-checklist'
const RAW = 'art21.raw-data-stays-in-domain'

export async function reviewFindings(platform: Platform, workspace: Workspace, row: ProductRow): Promise<ReviewFinding[]> {
  const spec = JSON.parse(row.spec) as ProductSpec
  const sources = JSON.parse(row.sources) as ProductSources
  const unlisted = spec.kind === 'application' ? await unlistedProducts(platform.store.db, spec.uses) : []
  return [purposeAndScope(workspace, row), declaredSources(spec, sources, unlisted), exposure(row, spec), ...(await reversibility(platform, spec)), personalOrTradeSecret(row)]
}

function purposeAndScope(workspace: Workspace, row: ProductRow): ReviewFinding {
  const ok = workspace.scenarioCode === row.scenario_code && workspace.status === 'open'
  return {
    check: 'purpose-and-scope',
    status: ok ? 'pass' : 'fail',
    rule: 'art21.purpose-bound',
    detail: ok
      ? `built in workspace ${workspace.id} for scenario ${row.scenario_code}, from its granted data only`
      : `the product's scenario ${row.scenario_code} or workspace ${workspace.id} (${workspace.status}) no longer matches an open authorization`,
  }
}

/** `unlisted`: the products an application uses that are not listed (now). */
function declaredSources(spec: ProductSpec, sources: ProductSources, unlisted: readonly string[]): ReviewFinding {
  if (spec.kind === 'application') {
    const ok = spec.uses.length > 0 && unlisted.length === 0
    return {
      check: 'declared-sources',
      status: ok ? 'pass' : 'fail',
      rule: CHECKLIST,
      detail: ok ? `uses the listed products ${spec.uses.join(', ')}` : `an application uses listed products only: ${unlisted.join(', ')} is not listed`,
    }
  }
  const ok = sources.resources.length > 0
  return {
    check: 'declared-sources',
    status: ok ? 'pass' : 'fail',
    rule: CHECKLIST,
    detail: ok
      ? `from ${sources.resources.map((r) => `${r.resourceCode}${r.poolVersionId ? ` (${r.poolVersionId})` : ''}`).join(', ')}, recorded by runs ${sources.runs.join(', ')}`
      : 'the platform has no record of the data this product draws on: build it from runs or models of the workspace',
  }
}

/**
 * Personal identifiers and enterprise codes in what the product shows: raw data that must not
 * leave. That is its content (a dataset's rows, a report's text) and, for every kind, what it says
 * of itself (its name, description and outputs), which registration publishes to anyone.
 */
function exposure(row: ProductRow, spec: ProductSpec): ReviewFinding {
  const found: { type: string }[] = []
  if (spec.kind === 'dataset') {
    const records = { columns: spec.result.columns.map((name) => ({ name, kind: 'text' as const })), rows: spec.result.rows as RecordValue[][] }
    for (const column of scanRecords(records, { strict: true })) found.push(...column.findings)
  }
  const outputs = JSON.parse(row.outputs) as { name: string; description: string }[]
  const texts = [row.name, row.description, ...outputs.flatMap((o) => [o.name, o.description]), ...(spec.kind === 'report' ? [spec.title, spec.body] : [])]
  found.push(...identifiersIn(texts.join('\n'), { enterprises: true }))
  return found.length > 0
    ? { check: 'raw-or-sensitive-exposure', status: 'fail', rule: RAW, detail: `its name, description, outputs or content hold identifiers (${countedTypes(found)}): remove them; raw data never leaves the domain` }
    : { check: 'raw-or-sensitive-exposure', status: 'pass', rule: RAW, detail: spec.kind === 'api' ? 'returns only the declared outputs; no personal identifier or enterprise code in its description' : 'no personal identifier or enterprise code in its content or description' }
}

/** A model leaves the domain, or answers for one entity, only if it cannot give back its training rows (art. 21). */
async function reversibility(platform: Platform, spec: ProductSpec): Promise<ReviewFinding[]> {
  if (spec.kind !== 'api' && spec.kind !== 'model') {
    return [{ check: 'reversibility', status: 'pass', rule: RAW, detail: spec.kind === 'dataset' || spec.kind === 'report' ? 'built on answers the gate released after its output checks' : 'no data of its own' }]
  }
  const { release } = trainedModelOf(await modelRow(platform.store.db, spec.modelId))
  return release.findings.map((f) => ({ check: `reversibility:${f.check}`, status: f.status === 'fail' ? 'fail' : 'pass', rule: RAW, detail: f.detail }))
}

function personalOrTradeSecret(row: ProductRow): ReviewFinding {
  return row.per_entity === 1
    ? { check: 'personal-information-or-trade-secret', status: 'review', rule: CHECKLIST, detail: 'answers about one entity per call: the gateway requires that entity\'s consent for every call' }
    : { check: 'personal-information-or-trade-secret', status: 'pass', rule: CHECKLIST, detail: 'aggregate content only' }
}

/** Those of `codes` that name no listed product (unknown, or not or no longer listed). */
export async function unlistedProducts(db: Kysely<Database>, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const listed = await db.selectFrom('products').select('code').where('code', 'in', [...codes]).where('status', '=', 'listed').execute()
  const found = new Set(listed.map((r) => r.code))
  return codes.filter((code) => !found.has(code))
}
