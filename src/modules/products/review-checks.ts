import type { Platform } from '../../platform/platform.ts'
import type { Workspace } from '../authorizations/workspace.ts'
import { DETECTOR_KINDS, scanText } from '../masking/detectors.ts'
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
  return [purposeAndScope(workspace, row), declaredSources(spec, sources), exposure(spec), ...(await reversibility(platform, spec)), personalOrTradeSecret(row)]
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

function declaredSources(spec: ProductSpec, sources: ProductSources): ReviewFinding {
  const ok = spec.kind === 'application' ? spec.uses.length > 0 : sources.resources.length > 0
  return {
    check: 'declared-sources',
    status: ok ? 'pass' : 'fail',
    rule: CHECKLIST,
    detail: ok
      ? spec.kind === 'application'
        ? `uses ${spec.uses.join(', ')}`
        : `from ${sources.resources.map((r) => `${r.resourceCode}${r.poolVersionId ? ` (${r.poolVersionId})` : ''}`).join(', ')}, recorded by runs ${sources.runs.join(', ')}`
      : 'the platform has no record of the data this product draws on: build it from runs or models of the workspace',
  }
}

/** Personal identifiers and enterprise codes in what the product shows: raw data that must not leave. */
function exposure(spec: ProductSpec): ReviewFinding {
  const found = new Map<string, number>()
  if (spec.kind === 'dataset') {
    const records = { columns: spec.result.columns.map((name) => ({ name, kind: 'text' as const })), rows: spec.result.rows as RecordValue[][] }
    for (const column of scanRecords(records, { strict: true })) for (const f of column.findings) found.set(f.type, (found.get(f.type) ?? 0) + 1)
  }
  if (spec.kind === 'report') {
    for (const f of scanText(`${spec.title}\n${spec.body}`, { minConfidence: 0.6 })) {
      if (DETECTOR_KINDS[f.type].subject === 'person' || f.type === 'uscc') found.set(f.type, (found.get(f.type) ?? 0) + 1)
    }
  }
  return found.size > 0
    ? { check: 'raw-or-sensitive-exposure', status: 'fail', rule: RAW, detail: `its content holds identifiers (${[...found].map(([t, n]) => `${t} ×${n}`).join(', ')}): remove them; raw data never leaves the domain` }
    : { check: 'raw-or-sensitive-exposure', status: 'pass', rule: RAW, detail: spec.kind === 'api' ? 'returns only the declared outputs' : 'no personal identifier or enterprise code in its content' }
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
