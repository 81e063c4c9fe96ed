import type { Selectable } from 'kysely'

/** A data product (art. 3) built in a workspace, from declaration to listing. */
export interface ProductTable {
  /** PRD-YYYY-XXXXXX: the code consumers and the portal use. */
  code: string
  kind: string
  name: string
  description: string
  scenario_code: string
  workspace_id: string
  agreement_id: string
  developer_org_id: string
  status: string
  /** What the product is, by kind (ProductSpec as JSON): the template, the model, the query run. */
  spec: string
  /** Where it comes from, taken from lineage (ProductSources as JSON). */
  sources: string
  /** What it returns (ProductOutput[] as JSON). */
  outputs: string
  /** 1 when a call concerns one entity (and needs that entity's consent). */
  per_entity: number
  /** Pricing as JSON: free, or per call / per period, within the office's cap. */
  pricing: string
  /** The most severe grade of the data it draws on (就高从严): core, important, general-1..4. */
  data_grade: string
  /** The automatic checks of the last submission (ReviewFinding[] as JSON). */
  checks: string | null
  created_by: string
  created_at: string
  submitted_at: string | null
  updated_at: string
}
export type ProductRow = Selectable<ProductTable>

/** A reviewer's decision on a submitted product (art. 25). */
export interface ProductReviewTable {
  id: string
  product_code: string
  /** Which submission (1, 2, …) the decision is about. */
  round: number
  reviewer_id: string
  decision: string
  reasons: string
  created_at: string
}
export type ProductReviewRow = Selectable<ProductReviewTable>

/** A model trained inside the domain (算法建模). Parameters only: never a training row. */
export interface ModelTable {
  id: string
  workspace_id: string
  name: string
  kind: string
  /** The training definition (SQL, target, features, options) as JSON. */
  spec: string
  /** The TrainedModel as JSON. */
  model: string
  /** The release assessment (art. 21) as JSON. */
  release: string
  releasable: number
  /** The query run that read the training data. */
  training_run_id: string
  trained_by: string
  trained_at: string
}
export type ModelRow = Selectable<ModelTable>
