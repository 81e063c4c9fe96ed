// A child process for crash and multi-node tests: one platform node serving HTTP on a port of
// its own, over the data directory and store it is given, with the master key from
// SHUYU_MASTER_KEY as a production node reads it. The parent learns the port from the line
// `listening <port>` on stdout, and may ask over IPC for the agreement jobs to run now.
//   env: SHUYU_DATA_DIR, SHUYU_MASTER_KEY (64 hex), SHUYU_TEST_STORE (a StoreConfig as JSON)
import { buildApp } from '../../src/api/app.ts'
import { runAgreementJobs } from '../../src/modules/authorizations/agreement.jobs.ts'
import { configFromEnv } from '../../src/platform/config.ts'
import type { StoreConfig } from '../../src/platform/db/store.ts'
import { closePlatform, openPlatform } from '../../src/platform/platform.ts'

const env = { ...process.env, SHUYU_DEMO: '0', SHUYU_PASSWORD_ITERATIONS: '1000', SHUYU_REQUIRE_TOTP: '0', SHUYU_LOGIN_RATE_LIMIT: '10000', HOST: '127.0.0.1', PORT: '0' }
const storeConfig = JSON.parse(process.env.SHUYU_TEST_STORE!) as StoreConfig
const platform = await openPlatform(configFromEnv(env), { env, storeConfig })
const app = await buildApp(platform)
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
if (!address || typeof address === 'string') throw new Error('no port')

process.on('message', (message: { id: number; run: 'agreement-jobs' }) => {
  runAgreementJobs(platform).then(
    (report) => process.send!({ id: message.id, report }),
    (error: unknown) => process.send!({ id: message.id, error: String(error) }),
  )
})
// The parent went (its test failed hard, or it was killed): a node outliving it would hold the store.
process.once('disconnect', () => process.exit(1))
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => closePlatform(platform))
    .finally(() => process.exit(0))
})
process.stdout.write(`listening ${address.port}\n`)
