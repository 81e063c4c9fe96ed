import type { QualityReport } from './quality.ts'

/** A version is current (serving), held (loaded with quarantined rows, awaiting acceptance) or superseded. */
export const VERSION_STATUSES = ['current', 'held', 'superseded'] as const
export type VersionStatus = (typeof VERSION_STATUSES)[number]

const versionTransitions = {
  held: ['current', 'superseded'],
  current: ['superseded'],
  superseded: [],
} as const satisfies Record<VersionStatus, readonly VersionStatus[]>

export function canTransitionVersion(from: VersionStatus, to: VersionStatus): boolean {
  return (versionTransitions[from] as readonly VersionStatus[]).includes(to)
}

export const SOURCE_KINDS = ['upload', 'path', 'demo'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

export interface PoolVersion {
  readonly id: string
  readonly resourceCode: string
  readonly versionNo: number
  readonly status: VersionStatus
  readonly fileHash: string
  readonly bytes: number
  readonly sourceFormat: string
  readonly sourceKind: SourceKind
  readonly sourceName: string
  readonly rows: { readonly read: number; readonly loaded: number; readonly quarantined: number }
  readonly quality: QualityReport
  readonly loadedBy: string | null
  readonly loadedAt: string
}
