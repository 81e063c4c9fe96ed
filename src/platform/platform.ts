import path from 'node:path'
import { openDomainEngines, type DomainEngines } from '../modules/domain/sealed.ts'
import { loadPolicyPack, type PolicyPack } from '../modules/policy/policy-pack.ts'
import type { PlatformConfig } from './config.ts'
import { loadMasterKey } from './crypto/master-key.ts'
import { cryptoSuite } from './crypto/suite.ts'
import { openStore, storeConfigFromEnv, type Store, type StoreConfig } from './db/store.ts'
import { openEngine, type Engine } from './engine/engine.ts'
import { openPrinter, type Printer } from './printer.ts'
import type { KeyRing } from './keys/keys.ts'
import { systemClock, type Clock } from './time.ts'

/** What every service needs at hand: the store, the keys, the active policy pack and a clock. */
export interface Platform {
  readonly config: PlatformConfig
  readonly store: Store
  readonly keys: KeyRing
  readonly pack: PolicyPack
  readonly clock: Clock
  /** The pool's engine (DuckDB), for loads and quality checks. */
  readonly engine: Engine
  /** The secure domain's sealed engines: one per workspace, and the gate's parser. */
  readonly domain: DomainEngines
  /** Headless Chromium for PDFs, launched on first use and closed with the platform. */
  readonly printer: Printer
  /** Work the node does after it starts serving; /healthz reports it. */
  readonly background: { demoData: 'off' | 'loading' | 'ready' | 'failed' }
}

export interface OpenPlatformOptions {
  readonly env?: NodeJS.ProcessEnv
  readonly storeConfig?: StoreConfig
  readonly clock?: Clock
  readonly masterKey?: Buffer
}

export async function openPlatform(config: PlatformConfig, options: OpenPlatformOptions = {}): Promise<Platform> {
  const env = options.env ?? process.env
  const masterKey =
    options.masterKey ?? loadMasterKey({ env: env.SHUYU_MASTER_KEY, dataDir: config.dataDir }).key
  const storeConfig = options.storeConfig ?? storeConfigFromEnv(env, config.dataDir)
  const store = await openStore(storeConfig)
  const engine = await openEngine({ tempDir: path.join(config.dataDir, 'tmp', 'engine') })
  return {
    config,
    store,
    keys: { suite: cryptoSuite(config.suite), masterKey },
    pack: loadPolicyPack(),
    clock: options.clock ?? systemClock,
    engine,
    domain: openDomainEngines(path.join(config.dataDir, 'tmp', 'domain')),
    printer: openPrinter(config.chromiumPath),
    background: { demoData: 'off' },
  }
}

export async function closePlatform(platform: Platform): Promise<void> {
  await platform.printer.close()
  platform.domain.close()
  platform.engine.close()
  await platform.store.close()
}
