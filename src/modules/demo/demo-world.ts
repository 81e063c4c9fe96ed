import fs from 'node:fs'
import path from 'node:path'
import type { Platform } from '../../platform/platform.ts'
import { findResource } from '../catalog/catalog.repository.ts'
import { compileEntry, reviewEntry, submitEntry } from '../catalog/catalog.service.ts'
import { actAs } from '../identity/identity.service.ts'
import { loadVersion } from '../pool/pool.service.ts'
import { seedDemoAuthorizations } from './demo-authorizations.ts'
import { seedDemoIdentities } from './demo-identities.ts'
import { DEMO_CATALOG } from './world/catalog-entries.ts'
import { generateDemoWorld } from './world/generate.ts'

export interface DemoWorldOptions {
  readonly scale: number
  readonly seed: number
  /** Load new versions even where the pool already holds data. */
  readonly reload?: boolean
  readonly log?: (message: string) => void
}

/**
 * The catalog of the demo world, as its actors would make it: the sector authority compiles
 * each entry (the demo has one sector authority, 市市场监管局, so it compiles all seven) and
 * the bureau approves it. Entries that already exist are left alone.
 */
export async function seedDemoCatalog(platform: Platform): Promise<number> {
  const sector = await actAs(platform, 'sector-mr', 'demo-seed')
  const bureau = await actAs(platform, 'bureau', 'demo-seed')
  let published = 0
  for (const entry of DEMO_CATALOG) {
    if (await findResource(platform.store.db, entry.code)) continue
    await compileEntry(platform, sector, entry)
    await submitEntry(platform, sector, entry.code)
    await reviewEntry(platform, bureau, entry.code, 1, 'approve', undefined)
    published++
  }
  return published
}

/**
 * The demo world's data: generated inside DuckDB (deterministic from the seed) and loaded into
 * the pool through the same checks as any source unit's load, by each resource's source unit.
 * Resources that already have data are skipped unless `reload` is set.
 */
export async function seedDemoData(platform: Platform, options: DemoWorldOptions): Promise<number> {
  const log = options.log ?? (() => {})
  const missing = []
  for (const entry of DEMO_CATALOG) {
    const resource = await findResource(platform.store.db, entry.code)
    if (options.reload || !resource?.pool_version_id) missing.push(entry)
  }
  if (missing.length === 0) return 0
  const outDir = path.join(platform.config.dataDir, 'tmp', `demo-${options.seed}-${options.scale}-${process.pid}`)
  fs.mkdirSync(outDir, { recursive: true })
  try {
    const connection = await platform.engine.connect()
    let generated
    try {
      const started = Date.now()
      generated = await generateDemoWorld(connection, outDir, {
        scale: options.scale,
        seed: options.seed,
        onTable: (table, ms) => log(`generated ${table.table}: ${table.rows} rows in ${ms} ms`),
      })
      log(`demo world generated at scale ${options.scale}, seed ${options.seed}, in ${Date.now() - started} ms`)
    } finally {
      connection.closeSync()
    }
    // DEMO_CATALOG lists market_entities first: the others' consistency checks refer to it.
    for (const entry of missing) {
      const file = generated.find((g) => g.table === entry.tableName)?.file
      if (!file) throw new Error(`the generator made no ${entry.tableName}`)
      const source = await actAs(platform, usernameOf(entry.providerOrgId), 'demo-seed')
      const started = Date.now()
      const version = await loadVersion(platform, source, entry.code, {
        file,
        format: 'parquet',
        kind: 'demo',
        name: `${entry.tableName}.parquet (demo, seed ${options.seed})`,
        acceptQuarantine: true,
      })
      log(`loaded ${entry.tableName}: ${version.rows.loaded} rows, quality ${version.quality.score}, in ${Date.now() - started} ms`)
    }
    return missing.length
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true })
  }
}

// Demo organizations are org-<username>; the source units' users share their names.
function usernameOf(orgId: string): string {
  return orgId.replace(/^org-/, '')
}

/** Everything of the demo world: identities, catalog, authorizations, data. */
export async function seedDemoWorld(platform: Platform, options: DemoWorldOptions): Promise<void> {
  await seedDemoIdentities(platform)
  await seedDemoCatalog(platform)
  await seedDemoAuthorizations(platform)
  await seedDemoData(platform, options)
}
