import { z } from 'zod'
import { ConflictError, InputError } from '../../platform/errors.ts'
import type { Node } from '../domain/gate/ast.ts'
import { bindParameters, type TemplateParameter } from '../domain/template.ts'
import { PRODUCT_CODE_PATTERN } from './product.ts'

/**
 * What a product is, by kind. The platform fills in what it knows (a dataset's released rows);
 * the developer names only records of its workspace: runs, models, templates.
 */

export type ProductSpec =
  /** A model served inside the domain for one entity per call: `featureSql` reads that entity's features, `$entity` bound to its id. */
  | { readonly kind: 'api'; readonly modelId: string; readonly featureSql: string }
  /** A model's parameters, exported: only a model that passes the release checks (art. 21). */
  | { readonly kind: 'model'; readonly modelId: string }
  /** The released answer of one query run. */
  | { readonly kind: 'dataset'; readonly runId: string; readonly result: { readonly columns: readonly string[]; readonly rows: readonly unknown[][]; readonly rowCount?: number } }
  /** A written report on released answers. */
  | { readonly kind: 'report'; readonly title: string; readonly body: string; readonly runIds: readonly string[] }
  /** A named aggregate, refreshed on a schedule from an approved template. */
  | { readonly kind: 'indicator'; readonly template: string; readonly schedule: string }
  /** An application built on listed products. */
  | { readonly kind: 'application'; readonly uses: readonly string[]; readonly url?: string | undefined }

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{20}$`), `an id like ${prefix}_…`)

/** What the developer sends; a dataset's result is taken from its run, never sent. */
export const productSpecInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('api'), modelId: id('mdl'), featureSql: z.string().min(1).max(20_000) }),
  z.strictObject({ kind: z.literal('model'), modelId: id('mdl') }),
  z.strictObject({ kind: z.literal('dataset'), runId: id('run') }),
  z.strictObject({ kind: z.literal('report'), title: z.string().trim().min(1).max(200), body: z.string().min(1).max(200_000), runIds: z.array(id('run')).min(1).max(50) }),
  z.strictObject({ kind: z.literal('indicator'), template: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/), schedule: z.enum(['daily', 'weekly', 'monthly', 'quarterly', 'yearly']) }),
  z.strictObject({
    kind: z.literal('application'),
    uses: z.array(z.string().regex(PRODUCT_CODE_PATTERN, 'a product code like PRD-2026-7K3M9Q')).min(1).max(50),
    // Shown as a link: a web address only, never javascript: or file:.
    url: z.url({ protocol: /^https?$/, error: 'an http or https address' }).max(500).optional(),
  }),
])
export type ProductSpecInput = z.infer<typeof productSpecInput>

const ENTITY: TemplateParameter = { name: 'entity', type: 'string', description: 'the entity a call concerns', example: 'SAMPLE' }

/** The feature query with `$entity` bound to a constant; any other parameter is refused. */
export function entityParameterTree(tree: Node, entity: string): Node {
  try {
    return bindParameters(tree, [ENTITY], new Map([['entity', entity]]))
  } catch (error) {
    if (error instanceof ConflictError) throw new InputError(`the feature query: ${error.message.replace('the template', 'it')}; it reads one entity's features with $entity`)
    throw error
  }
}
