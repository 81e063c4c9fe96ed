// The world the node tests serve, seeded through the services in the test's own process before
// any node starts: the demo identities, catalog and authorizations (workspaces fin-credit and
// ski-tourism), the demo data at a tiny scale, and a listed API product of fin-credit (a
// scorecard trained in the workspace, served by the real executor) with the bank's gateway key
// and one enterprise's consent.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { seedDemoAuthorizations } from '../../src/modules/demo/demo-authorizations.ts'
import { seedDemoIdentities } from '../../src/modules/demo/demo-identities.ts'
import { seedDemoCatalog, seedDemoData } from '../../src/modules/demo/demo-world.ts'
import { dayAfter } from '../../src/modules/authorizations/authorization.ts'
import { createConsent, createKey } from '../../src/modules/gateway/gateway.service.ts'
import { actAs } from '../../src/modules/identity/identity.service.ts'
import { trainInWorkspace } from '../../src/modules/products/model.service.ts'
import { declareProduct } from '../../src/modules/products/product.service.ts'
import { configFromEnv } from '../../src/platform/config.ts'
import type { StoreConfig } from '../../src/platform/db/store.ts'
import { closePlatform, openPlatform, type Platform } from '../../src/platform/platform.ts'
import { chinaDate, type Clock } from '../../src/platform/time.ts'
import { FEATURE_SQL, FEATURES, someUscc, TRAINING_SQL } from '../products.ts'

export interface NodeWorld {
  readonly dataDir: string
  readonly store: StoreConfig
  readonly masterKeyHex: string
  readonly product: string
  readonly keySecret: string
  readonly consentToken: string
  readonly entityId: string
  /** Removes the data directory and, on PostgreSQL, the schema. */
  cleanup(): Promise<void>
}

export interface WorldOptions {
  /** 'postgres' gives the world a schema of its own in DATABASE_URL. */
  readonly dialect: 'sqlite' | 'postgres'
  readonly pricing: { model: 'per-call'; yuanPerCall: number; dailyQuota: number; ratePerSecond: number }
}

/** Opens the world's platform in this process (to seed it, or to inspect it after the nodes). */
export async function openWorld(world: Pick<NodeWorld, 'dataDir' | 'store' | 'masterKeyHex'>, clock?: Clock): Promise<Platform> {
  return openPlatform(configFromEnv({ SHUYU_DATA_DIR: world.dataDir, SHUYU_DEMO: '0', SHUYU_PASSWORD_ITERATIONS: '1000', SHUYU_REQUIRE_TOTP: '0' }), {
    storeConfig: world.store,
    masterKey: Buffer.from(world.masterKeyHex, 'hex'),
    ...(clock ? { clock } : {}),
  })
}

/**
 * The seeding's clock: now, standing still but for the time the seeding says passes. On the
 * real clock a loaded machine can take longer than the demo calls' 1.5 s between publishing a
 * call and applying to it. Seeding takes longer than the time it lets pass, so the nodes'
 * real clock is past every moment the seeding recorded.
 */
function seedingClock(): { clock: Clock; pass: (ms: number) => void } {
  let now = Date.now()
  return { clock: () => new Date(now), pass: (ms) => (now += ms) }
}

export async function seedNodeWorld(options: WorldOptions): Promise<NodeWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-nodes-'))
  let schema: string | undefined
  const cleanup = async () => {
    fs.rmSync(dataDir, { recursive: true, force: true })
    if (schema) await sqlOnServer(`drop schema if exists ${schema} cascade`)
  }
  try {
    let store: StoreConfig
    if (options.dialect === 'postgres') {
      schema = `t_${randomBytes(8).toString('hex')}`
      await sqlOnServer(`create schema ${schema}`)
      store = { dialect: 'postgres', url: process.env.DATABASE_URL!, schema, poolSize: 8 }
    } else {
      store = { dialect: 'sqlite', file: path.join(dataDir, 'shuyu.sqlite') }
    }
    const masterKeyHex = randomBytes(32).toString('hex')
    const time = seedingClock()
    const platform = await openWorld({ dataDir, store, masterKeyHex }, time.clock)
    try {
      await seedDemoIdentities(platform)
      await seedDemoCatalog(platform)
      await seedDemoAuthorizations(platform, async (ms) => time.pass(ms))
      await seedDemoData(platform, { scale: 0.1, seed: 7 })
      const served = await servedProduct(platform, options.pricing)
      return { dataDir, store, masterKeyHex, ...served, cleanup }
    } finally {
      await closePlatform(platform)
    }
  } catch (error) {
    await cleanup()
    throw error
  }
}

async function servedProduct(platform: Platform, pricing: WorldOptions['pricing']): Promise<Pick<NodeWorld, 'product' | 'keySecret' | 'consentToken' | 'entityId'>> {
  const fintech = await actAs(platform, 'fintech', 'test-seed')
  const bank = await actAs(platform, 'bank', 'test-seed')
  const model = await trainInWorkspace(platform, fintech, 'fin-credit', { name: 'sme-scorecard', kind: 'scorecard', sql: TRAINING_SQL, target: 'bad', features: FEATURES })
  const declared = await declareProduct(platform, fintech, 'fin-credit', {
    kind: 'api',
    name: '小微企业信用评分',
    description: '按统一社会信用代码返回企业信用评分与等级',
    spec: { kind: 'api', modelId: model.id, featureSql: FEATURE_SQL },
    outputs: [
      { name: 'score', description: '信用评分' },
      { name: 'grade', description: '信用等级' },
    ],
    perEntity: true,
    pricing,
  })
  // Review and registration (with its 10-day public notice) are other tests' subject: listed directly.
  await platform.store.db.updateTable('products').set({ status: 'listed' }).where('code', '=', declared.code).execute()
  const { secret } = await createKey(platform, bank, { name: '信贷审批系统', products: [declared.code] })
  const entityId = await someUscc(platform)
  const today = chinaDate(platform.clock())
  const { token } = await createConsent(platform, bank, {
    productCode: declared.code,
    entityId,
    evidence: { documentHash: 'ab'.repeat(32), signatory: '法定代表人', signedOn: today },
    validUntil: dayAfter(today, 180),
  })
  return { product: declared.code, keySecret: secret, consentToken: token, entityId }
}

async function sqlOnServer(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}
