import { parentPort, workerData } from 'node:worker_threads'
import { cryptoSuite, type SuiteName } from '../../platform/crypto/suite.ts'
import { openStoreForReading, type StoreConfig } from '../../platform/db/store.ts'
import { verifyRange } from './audit-verify.ts'

// One range of the chain, verified on its own connection so both cores hash at once.
const { storeConfig, suite, start, to } = workerData as {
  storeConfig: StoreConfig
  suite: SuiteName
  start: { seq: number; hash: string }
  to: number
}
const store = openStoreForReading(storeConfig)
try {
  parentPort?.postMessage(await verifyRange(store, cryptoSuite(suite), start, to))
} finally {
  await store.close()
}
