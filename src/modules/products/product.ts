import { ConflictError } from '../../platform/errors.ts'

/**
 * Data products (数据产品和服务, art. 3): what a developer builds in its workspace and offers to
 * society after review (art. 25) and registration (art. 22). Pure types and the state machine.
 */

export const PRODUCT_KINDS = ['dataset', 'api', 'indicator', 'report', 'model', 'application'] as const
export type ProductKind = (typeof PRODUCT_KINDS)[number]

export const PRODUCT_STATUSES = ['draft', 'submitted', 'returned', 'rejected', 'approved', 'listed', 'suspended', 'cancelled'] as const
export type ProductStatus = (typeof PRODUCT_STATUSES)[number]

/**
 * draft → submitted → approved → listed (once registered) ⇄ suspended; a submission may be
 * returned (revise and submit again) or rejected; a product may be cancelled at any point.
 */
const transitions = {
  draft: ['submitted', 'cancelled'],
  submitted: ['approved', 'returned', 'rejected', 'cancelled'],
  returned: ['submitted', 'cancelled'],
  rejected: [],
  approved: ['listed', 'cancelled'],
  listed: ['suspended', 'cancelled'],
  suspended: ['listed', 'cancelled'],
  cancelled: [],
} as const satisfies Record<ProductStatus, readonly ProductStatus[]>

export function canTransition(from: ProductStatus, to: ProductStatus): boolean {
  return (transitions[from] as readonly ProductStatus[]).includes(to)
}

export function assertProductTransition(code: string, from: ProductStatus, to: ProductStatus): void {
  if (!canTransition(from, to)) throw new ConflictError(`product ${code} is ${from}: it cannot become ${to}`)
}

/** A product's code: PRD-, the year, and six characters from a CSPRNG. */
/** A listed product, or one suspended with its authorization: public facts, seen by anyone signed in. */
export function isPublicProduct(status: string): boolean {
  return status === 'listed' || status === 'suspended'
}

export const PRODUCT_CODE_PATTERN = /^PRD-\d{4}-[0-9A-HJ-NP-Z]{6}$/
