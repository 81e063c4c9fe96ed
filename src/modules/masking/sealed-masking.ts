import type { DuckDBConnection } from '@duckdb/node-api'
import { sqlIdentifier } from '../../platform/engine/engine.ts'
import { compileOperator, isDeterministic, maskedKind, type ColumnKind, type MaskingKeys, type MaskingOperator } from './operators.ts'

/**
 * Masking inside a sealed instance, before it is locked: each masked column of a copied table is
 * replaced by its masked values, so the gate, the developer's queries and everything after see
 * only those (like Apache Ranger's column masks, but applied to the copy rather than per query:
 * no query shape can reach around it). The operators run in TypeScript, keyed by the workspace;
 * their results come back through a staging table of text and are cast to the masked column's type.
 */

export interface ColumnMask {
  readonly column: string
  readonly operator: MaskingOperator
  /** Date-shift only: the column whose value keeps one offset (one person's dates move together). */
  readonly context?: string
  /** The column's kind before masking. */
  readonly kind: ColumnKind
}

/** The engine's type for each column kind. */
export const ENGINE_TYPES: Readonly<Record<ColumnKind, string>> = {
  text: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  boolean: 'BOOLEAN',
}

/** Replaces the masked columns of `table` in place; the keys are needed by keyed operators only. */
export async function maskTable(connection: DuckDBConnection, table: string, masks: readonly ColumnMask[], keys: MaskingKeys | undefined): Promise<void> {
  for (const mask of masks) await maskColumn(connection, table, mask, keys)
}

async function maskColumn(connection: DuckDBConnection, table: string, mask: ColumnMask, keys: MaskingKeys | undefined): Promise<void> {
  const fn = compileOperator(mask.operator, keys)
  const outType = ENGINE_TYPES[maskedKind(mask.operator, mask.kind)]
  const t = sqlIdentifier(table)
  const column = sqlIdentifier(mask.column)
  const context = mask.context ? sqlIdentifier(mask.context) : null
  const staging = '__masking'
  await connection.run(`CREATE TEMP TABLE ${staging} (k VARCHAR, c VARCHAR, v VARCHAR)`)
  try {
    let join: string
    if (isDeterministic(mask.operator)) {
      // Equal inputs give equal outputs: each distinct (context, value) is masked once.
      const keyExpr = `CAST(${column} AS VARCHAR)`
      const contextExpr = context ? `CAST(${context} AS VARCHAR)` : 'NULL::VARCHAR'
      const reader = await connection.runAndReadAll(`SELECT DISTINCT ${keyExpr}, ${contextExpr}, ${column}${context ? `, ${context}` : ''} FROM ${t} WHERE ${column} IS NOT NULL`)
      await stage(connection, staging, reader.getRowsJS().map((row) => [row[0] as string, row[1] as string | null, text(fn(row[2], context ? row[3] : undefined))]))
      join = `ON CAST(s.${column} AS VARCHAR) = m.k AND m.c IS NOT DISTINCT FROM ${context ? `CAST(s.${context} AS VARCHAR)` : 'NULL'}`
    } else {
      // Noise differs per row: each row is masked on its own, matched back by its row id.
      const reader = await connection.runAndReadAll(`SELECT CAST(rowid AS VARCHAR), ${column} FROM ${t} WHERE ${column} IS NOT NULL`)
      await stage(connection, staging, reader.getRowsJS().map((row) => [row[0] as string, null, text(fn(row[1]))]))
      join = 'ON CAST(s.rowid AS VARCHAR) = m.k'
    }
    await connection.run(`CREATE TABLE __masked AS SELECT s.* REPLACE (CAST(m.v AS ${outType}) AS ${column}) FROM ${t} s LEFT JOIN ${staging} m ${join} ORDER BY s.rowid`)
    await connection.run(`DROP TABLE ${t}`)
    await connection.run(`ALTER TABLE __masked RENAME TO ${t}`)
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${staging}`)
  }
}

async function stage(connection: DuckDBConnection, staging: string, rows: readonly (readonly [string, string | null, string | null])[]): Promise<void> {
  const appender = await connection.createAppender(staging)
  try {
    for (const [k, c, v] of rows) {
      appender.appendVarchar(k)
      if (c === null) appender.appendNull()
      else appender.appendVarchar(c)
      if (v === null) appender.appendNull()
      else appender.appendVarchar(v)
      appender.endRow()
    }
    appender.flushSync()
  } finally {
    appender.closeSync()
  }
}

/** A masked value as the text the engine casts back: dates as ISO dates, timestamps without a zone. */
export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) {
    const iso = value.toISOString()
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 23).replace('T', ' ')
  }
  return String(value)
}

/** Creates `table` with typed columns from rows held in memory (an approved import, decrypted). */
export async function loadTable(
  connection: DuckDBConnection,
  table: string,
  columns: readonly { readonly name: string; readonly kind: ColumnKind }[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const staging = '__loading'
  await connection.run(`CREATE TEMP TABLE ${staging} (${columns.map((c) => `${sqlIdentifier(c.name)} VARCHAR`).join(', ')})`)
  try {
    const appender = await connection.createAppender(staging)
    try {
      for (const row of rows) {
        for (let i = 0; i < columns.length; i++) {
          const value = text(row[i])
          if (value === null) appender.appendNull()
          else appender.appendVarchar(value)
        }
        appender.endRow()
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
    const select = columns.map((c) => `CAST(${sqlIdentifier(c.name)} AS ${ENGINE_TYPES[c.kind]}) AS ${sqlIdentifier(c.name)}`)
    await connection.run(`CREATE TABLE ${sqlIdentifier(table)} AS SELECT ${select.join(', ')} FROM ${staging}`)
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${staging}`)
  }
}
