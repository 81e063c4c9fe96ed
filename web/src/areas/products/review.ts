import type { Product } from './types.ts'

/**
 * Where a submitted product stands in its review round (art. 25), counted as the server counts:
 * a round ends with each return, approval takes one reviewer or two different ones for data of
 * grade general-3 and above, and nobody decides the same round twice.
 */
export interface ReviewRound {
  readonly round: number
  readonly approvals: number
  readonly needed: number
  /** Approvals still missing (0 once approved). */
  readonly missing: number
  readonly reviewers: readonly string[]
}

export function reviewRound(product: Product): ReviewRound {
  const round = 1 + product.reviews.filter((r) => r.decision === 'return').length
  const current = product.reviews.filter((r) => r.round === round)
  const approvals = current.filter((r) => r.decision === 'approve').length
  return {
    round,
    approvals,
    needed: product.reviewersNeeded,
    missing: Math.max(0, product.reviewersNeeded - approvals),
    reviewers: current.map((r) => r.reviewerId),
  }
}

/** Whether this user may still decide the product's current round. */
export function mayDecide(product: Product, userId: string): boolean {
  return product.status === 'submitted' && !reviewRound(product).reviewers.includes(userId)
}

/** The automatic findings, counted. */
export function findingCounts(product: Product): { pass: number; review: number; fail: number } {
  const counts = { pass: 0, review: 0, fail: 0 }
  for (const f of product.checks ?? []) counts[f.status] += 1
  return counts
}
