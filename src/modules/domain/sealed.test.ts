import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { openDomainEngines, QueryCancelled, realSetup, type DomainEngines } from './sealed.ts'

/** The sealed engine's limits: what a workspace's queries may use comes on top of its copy. */
describe('the sealed engine', () => {
  let dir: string
  let engines: DomainEngines
  let file: string

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-sealed-'))
    engines = openDomainEngines(path.join(dir, 'tmp'))
    file = path.join(dir, 'usage.parquet')
    const instance = await DuckDBInstance.create(':memory:')
    try {
      const connection = await instance.connect()
      // About 100 MB in memory: more than the workspace's 64 MB below.
      await connection.run(`COPY (SELECT 'E' || (i % 50000) AS uscc, i % 24 AS month, (i * 7) % 1000 AS kwh, md5(i::VARCHAR) AS note FROM range(2000000) t(i)) TO '${file}' (FORMAT parquet)`)
    } finally {
      instance.closeSync()
    }
  })
  after(() => {
    engines.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('sets the memory limit to the copy plus the workspace’s limit, so queries never evict the copy', async () => {
    const setup = realSetup([{ table: 'usage', file, columns: ['uscc', 'month', 'kwh', 'note'], rowFilters: [] }])
    const limits = { memoryMb: 64, timeoutMs: 30_000 }
    const [[copyBytes, spilled]] = (await engines.run('ws-memory', setup, limits, "SELECT sum(memory_usage_bytes)::DOUBLE, sum(temporary_storage_bytes)::DOUBLE FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'")).rows as [[number, number]]
    assert.ok(copyBytes > 64e6, `the copy takes ${copyBytes} bytes, more than the workspace's limit`)
    assert.equal(spilled, 0, 'nothing of the copy is in the temp folder')
    const [[setting]] = (await engines.run('ws-memory', setup, limits, "SELECT current_setting('memory_limit')")).rows as [[string]]
    const match = /^([\d.]+) (KiB|MiB|GiB)$/.exec(setting)
    assert.ok(match, setting)
    const bytes = Number(match[1]) * { KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30 }[match[2] as 'KiB' | 'MiB' | 'GiB']
    // DuckDB shows the limit in MiB to one decimal: 0.1 MiB either way.
    assert.ok(bytes >= copyBytes + 64e6 - 2 ** 17, `the limit ${setting} leaves the workspace's 64 MB above the copy of ${copyBytes} bytes`)
    assert.ok(bytes <= copyBytes + 65e6 + 2 ** 17, `the limit ${setting} is no more than the copy and the workspace's 64 MB`)

    // An aggregation over the whole copy runs without reading the copy back from disk.
    const [[groups]] = (await engines.run('ws-memory', setup, limits, 'SELECT count(*) FROM (SELECT uscc, sum(kwh) FROM usage GROUP BY 1)')).rows as [[bigint]]
    assert.equal(Number(groups), 50_000)
    const [[after]] = (await engines.run('ws-memory', setup, limits, "SELECT sum(temporary_storage_bytes)::DOUBLE FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'")).rows as [[number]]
    assert.equal(after, 0)
  })

  it('stops a run at once when its signal aborts, and the copy keeps serving', async () => {
    const setup = realSetup([{ table: 'usage', file, columns: ['uscc', 'month', 'kwh', 'note'], rowFilters: [] }])
    const limits = { memoryMb: 256, timeoutMs: 120_000 }
    const count = 'SELECT count(*) FROM usage'
    assert.equal(Number((await engines.run('ws-cancel', setup, limits, count)).rows[0]![0]), 2_000_000)

    // Hours of work without the cancel: 4 × 10^12 pairs.
    const controller = new AbortController()
    const started = performance.now()
    const running = engines.run('ws-cancel', setup, { ...limits, signal: controller.signal }, 'SELECT count(*) FROM usage a, usage b WHERE a.kwh + b.kwh = -1')
    setTimeout(() => controller.abort(), 300)
    await assert.rejects(running, (error: unknown) => error instanceof QueryCancelled && /cancelled/.test(error.message))
    const took = performance.now() - started
    assert.ok(took < 20_000, `stopped after ${Math.round(took)} ms`)

    // A signal aborted before the run: nothing runs.
    await assert.rejects(engines.run('ws-cancel', setup, { ...limits, signal: AbortSignal.abort() }, count), QueryCancelled)
    // The interrupted connection is not lent again: the next runs answer in full.
    for (let i = 0; i < 3; i++) assert.equal(Number((await engines.run('ws-cancel', setup, limits, count)).rows[0]![0]), 2_000_000)
  })
})
