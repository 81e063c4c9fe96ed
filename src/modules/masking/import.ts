import { z } from 'zod'
import { ConflictError, RuleViolation } from '../../platform/errors.ts'
import type { DeidReport } from './deid.ts'
import { maskingOperatorSchema, type ColumnKind, type MaskingOperator } from './operators.ts'
import type { RecordColumn } from './records.ts'

/**
 * Social data brought into a workspace (社会数据导入, art. 20): uploaded by the developer, scanned
 * for identifiers, de-identified by a plan, checked (a rescan and k-anonymity), approved by the
 * office, and only then usable in the workspace. A rejected or withdrawn import is destroyed.
 * Pure: states, the plan and the guards.
 */

export const IMPORT_STATUSES = ['scanned', 'planned', 'submitted', 'returned', 'approved', 'destroyed'] as const
export type ImportStatus = (typeof IMPORT_STATUSES)[number]

const transitions = {
  scanned: ['planned', 'destroyed'],
  planned: ['planned', 'submitted', 'destroyed'],
  submitted: ['approved', 'returned', 'destroyed'],
  returned: ['planned', 'destroyed'],
  approved: ['destroyed'],
  destroyed: [],
} as const satisfies Record<ImportStatus, readonly ImportStatus[]>

export function assertImportTransition(id: string, from: ImportStatus, to: ImportStatus): void {
  if (!(transitions[from] as readonly ImportStatus[]).includes(to)) {
    throw new ConflictError(`import ${id} is ${from}: it cannot become ${to}`)
  }
}

/** Who provided the data and on what legal basis (依法主动开放的数据, art. 20). */
export const PROVIDER_KINDS = ['enterprise', 'organization', 'individual'] as const
export type ProviderKind = (typeof PROVIDER_KINDS)[number]

export interface ImportSource {
  readonly provider: string
  readonly providerKind: ProviderKind
  readonly legalBasis: string
  readonly description: string
}

/** What the plan does with a column: keep it, drop it, or replace it by a masking operator. */
export type ColumnAction = { readonly action: 'keep' } | { readonly action: 'drop' } | { readonly action: 'mask'; readonly operator: MaskingOperator }

export const columnActionSchema: z.ZodType<ColumnAction> = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('keep') }),
  z.strictObject({ action: z.literal('drop') }),
  z.strictObject({ action: z.literal('mask'), operator: maskingOperatorSchema }),
])

export interface DeidPlan {
  /** One decision per column of the upload: nothing passes by default. */
  readonly columns: Readonly<Record<string, ColumnAction>>
  /** Columns that together could single out a person or an enterprise (GB/T 37964). */
  readonly quasiIdentifiers: readonly string[]
  readonly k: number
  /** The share of records that may be suppressed (dropped) to reach k. */
  readonly suppressionLimit: number
  /**
   * Columns the gate treats as identifiers (joined and counted distinct only), beyond the
   * pseudonymized and encrypted ones, which always are.
   */
  readonly identifiers: readonly string[]
}

/** What the scan found in one column. */
export interface ColumnScan {
  readonly column: string
  readonly kind: ColumnKind
  /** Identifier types found, with the share of sampled values that are one. */
  readonly findings: readonly { readonly type: string; readonly share: number; readonly personal: boolean }[]
  /** The column holds identifiers of persons. */
  readonly personal: boolean
}

/** The checks of the de-identified data: what the rescan still finds, and k-anonymity. */
export interface ImportAssessment {
  readonly columns: readonly RecordColumn[]
  readonly residual: readonly ColumnScan[]
  readonly kAnonymity: DeidReport
  readonly rows: number
  readonly problems: readonly string[]
}

/** The operators that keep joins working: the same value gives the same token in the workspace. */
export function linksEntities(action: ColumnAction): boolean {
  return action.action === 'mask' && (action.operator.kind === 'pseudonym' || action.operator.kind === 'encrypt')
}

/** Identifier columns of an approved import, for the gate. */
export function importIdentifiers(plan: DeidPlan): string[] {
  const linked = Object.entries(plan.columns)
    .filter(([, action]) => linksEntities(action))
    .map(([name]) => name)
  return [...new Set([...linked, ...plan.identifiers])].filter((name) => plan.columns[name]?.action !== 'drop')
}

/**
 * The de-identification a scan suggests (a proposal: the developer decides): persons'
 * identifiers pseudonymized (still joinable), names and addresses masked or dropped, the rest kept.
 */
export function proposePlan(scans: readonly ColumnScan[]): DeidPlan {
  const columns: Record<string, ColumnAction> = {}
  const identifiers: string[] = []
  for (const scan of scans) {
    const top = scan.personal ? scan.findings.filter((f) => f.personal).sort((a, b) => b.share - a.share)[0] : undefined
    columns[scan.column] = top ? suggestion(top.type) : { action: 'keep' }
    if (!scan.personal && scan.findings.some((f) => f.type === 'uscc')) identifiers.push(scan.column)
  }
  return { columns, quasiIdentifiers: [], k: 5, suppressionLimit: 0.05, identifiers }
}

function suggestion(type: string): ColumnAction {
  switch (type) {
    case 'personal_name':
      return { action: 'mask', operator: { kind: 'mask', keepPrefix: 1 } }
    case 'address':
    case 'email':
    case 'ip_address':
    case 'landline':
      return { action: 'drop' }
    default:
      // resident IDs, mobiles, bank cards, passports, plates: a keyed pseudonym keeps linkage.
      return { action: 'mask', operator: { kind: 'pseudonym' } }
  }
}

/**
 * Art. 20: the office approves only de-identified data. A column where the rescan still finds a
 * person's identifier, or k-anonymity below the pack's k over the declared quasi-identifiers,
 * blocks the approval; the message says which column and what to change.
 */
export function assertDeidentified(assessment: ImportAssessment, minK: number): void {
  const problems = assessmentProblems(assessment, minK)
  if (problems.length > 0) throw new RuleViolation('art20.import-deidentified-and-approved', `the import is not de-identified: ${problems.join('; ')}`)
}

export function assessmentProblems(assessment: Pick<ImportAssessment, 'residual' | 'kAnonymity'>, minK: number): string[] {
  const problems: string[] = []
  for (const column of assessment.residual) {
    const types = column.findings.filter((f) => f.personal).map((f) => `${f.type} ${Math.round(f.share * 100)}%`)
    problems.push(`${column.column} still holds personal identifiers (${types.join(', ')}): pseudonymize, mask or drop it`)
  }
  const k = assessment.kAnonymity
  if (!k.anonymous) {
    problems.push(`not k-anonymous over the quasi-identifiers: ${k.outliers} of ${k.rows} records fall in classes below k, more than the suppression limit allows; generalize them (dates to months, ages to bands, regions to 4 digits)`)
  }
  return problems
}
