import fs from 'node:fs'
import path from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { installIdentifierMacros } from './identifier-macros.ts'

/**
 * The computation engine: an embedded DuckDB. This instance serves the pool (loads and quality
 * checks) and reads files the platform itself names; the secure domain's sealed engine, with
 * external access off, is a different instance.
 */
export interface Engine {
  connect(): Promise<DuckDBConnection>
  close(): void
}

export interface EngineOptions {
  readonly tempDir: string
  readonly memoryLimit?: string
  readonly threads?: number
}

export async function openEngine(options: EngineOptions): Promise<Engine> {
  fs.mkdirSync(options.tempDir, { recursive: true })
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: options.memoryLimit ?? '4GB',
    temp_directory: path.resolve(options.tempDir),
    ...(options.threads ? { threads: String(options.threads) } : {}),
    // Extensions are never downloaded: the platform runs offline and loads only what it ships.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  })
  return {
    async connect() {
      const connection = await instance.connect()
      await installIdentifierMacros(connection)
      return connection
    },
    close() {
      instance.closeSync()
    },
  }
}

/** A SQL string literal: the only way a value from outside enters engine SQL here. */
export function sqlString(value: string): string {
  if (value.includes('\0')) throw new Error('a NUL character cannot appear in SQL text')
  return `'${value.replace(/'/g, "''")}'`
}

/** A quoted identifier for names the catalog has already validated as snake_case. */
export function sqlIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe identifier: ${JSON.stringify(name)}`)
  return `"${name}"`
}
