import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { openDomainEngines, type DomainEngines } from '../sealed.ts'

/**
 * What the gate's property tests (fuse.test.ts, bounds.test.ts) share: a data-less parser
 * instance, a DuckDB connection for the random datasets, and a seeded random generator.
 */

export interface GateFixture {
  readonly parser: DomainEngines
  readonly data: DuckDBConnection
  close(): void
}

export async function openGateFixture(name: string): Promise<GateFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `shuyu-${name}-`))
  const parser = openDomainEngines(dir)
  const instance = await DuckDBInstance.create(':memory:')
  return {
    parser,
    data: await instance.connect(),
    close() {
      parser.close()
      instance.closeSync()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A small deterministic generator (mulberry32): the same datasets on every run. */
export function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
