import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after } from 'node:test'
import pg from 'pg'
import { openStore, type Store, type StoreConfig } from '../src/platform/db/store.ts'

export interface TestDialect {
  readonly name: 'sqlite' | 'postgres'
  /** A new, empty, migrated store; closed (and its schema or file removed) after the test file. */
  freshStore(): Promise<Store>
  /** The config of a fresh empty store, for tests that open it in another process. */
  freshConfig(): Promise<StoreConfig>
}

const opened: Store[] = []
const cleanups: (() => Promise<void>)[] = []

after(async () => {
  for (const store of opened.splice(0)) await store.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** SQLite always; PostgreSQL too when DATABASE_URL is set (as .ci/run does). */
export function testDialects(): TestDialect[] {
  const dialects: TestDialect[] = [sqliteDialect()]
  const url = process.env.DATABASE_URL
  if (url) dialects.push(postgresDialect(url))
  return dialects
}

function sqliteDialect(): TestDialect {
  const freshConfig = async (): Promise<StoreConfig> => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-test-'))
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }))
    return { dialect: 'sqlite', file: path.join(dir, 'shuyu.sqlite') }
  }
  return {
    name: 'sqlite',
    freshConfig,
    freshStore: async () => track(await openStore(await freshConfig())),
  }
}

function postgresDialect(url: string): TestDialect {
  // Each store gets its own schema: as isolated as a database, and much faster to create.
  const freshConfig = async (): Promise<StoreConfig> => {
    const schema = `t_${randomBytes(8).toString('hex')}`
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(`create schema ${schema}`)
    await client.end()
    cleanups.push(async () => {
      const dropper = new pg.Client({ connectionString: url })
      await dropper.connect()
      await dropper.query(`drop schema if exists ${schema} cascade`)
      await dropper.end()
    })
    return { dialect: 'postgres', url, schema, poolSize: 4 }
  }
  return {
    name: 'postgres',
    freshConfig,
    freshStore: async () => track(await openStore(await freshConfig())),
  }
}

function track(store: Store): Store {
  opened.push(store)
  return store
}
