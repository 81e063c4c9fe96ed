import type SqliteDatabase from 'better-sqlite3'

export type BreakKind = 'altered' | 'missing' | 'checkpoint' | 'head'

export interface ChainBreak {
  readonly seq: number
  readonly kind: BreakKind
  readonly message: string
}

/** What verification needs of one entry: its number, its links, and its hash recomputed. */
export interface ChainLink {
  readonly seq: number
  readonly prevHash: string
  /** The hash stored with the entry. */
  readonly hash: string
  /** The hash of the entry's content, recomputed now. */
  readonly recomputed: string
}

export function chainStep(prev: { seq: number; hash: string }, link: ChainLink): ChainBreak | undefined

export const ENTRY_COLUMNS: string

export function verifyRangeSqlite(
  sqlite: SqliteDatabase.Database,
  hashAlgorithm: string,
  start: { seq: number; hash: string },
  to: number,
): { break?: ChainBreak; lastHash?: string; count: number }
