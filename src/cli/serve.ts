import { buildApp } from '../api/app.ts'
import { createCheckpoint } from '../modules/audit/audit.service.ts'
import { runAgreementJobs } from '../modules/authorizations/agreement.jobs.ts'
import { seedDemoAuthorizations } from '../modules/demo/demo-authorizations.ts'
import { seedDemoIdentities } from '../modules/demo/demo-identities.ts'
import { seedDemoCatalog, seedDemoData } from '../modules/demo/demo-world.ts'
import { packValidity } from '../modules/policy/policy-pack.ts'
import { sweepPool } from '../modules/pool/pool.service.ts'
import { configFromEnv } from '../platform/config.ts'
import { closePlatform, openPlatform } from '../platform/platform.ts'

/** Starts the platform: store, demo world (if on), HTTP server and the checkpoint timer. */
export async function serve(env: NodeJS.ProcessEnv): Promise<void> {
  const config = configFromEnv(env)
  const platform = await openPlatform(config, { env })
  const app = await buildApp(platform, { logger: true })
  const log = app.log

  const swept = await sweepPool(platform)
  if (swept > 0) log.warn({ files: swept }, 'removed files left by interrupted pool loads')
  const validity = packValidity(platform.pack, platform.clock())
  if (validity.warning) log.warn({ policyPack: platform.pack.id, ...validity }, validity.warning)
  if (config.demo) {
    const seeded = await seedDemoIdentities(platform)
    log.info(seeded, 'demo world identities ready (passwords: demo-<username>; SHUYU_DEMO=0 turns the demo off)')
    const published = await seedDemoCatalog(platform)
    if (published > 0) log.info({ published }, 'demo catalog compiled and approved')
    const authorized = await seedDemoAuthorizations(platform)
    if (authorized > 0) log.info({ authorized }, 'demo scenarios authorized: workspaces fin-credit and ski-tourism are open')
  }

  // Signed checkpoints at a steady pace: each one fixes the log up to it for anyone holding it.
  const checkpoint = async () => {
    try {
      await createCheckpoint(platform)
    } catch (error) {
      log.error({ err: error }, 'audit checkpoint failed')
    }
  }
  const timer = setInterval(checkpoint, config.checkpointIntervalSeconds * 1000)
  timer.unref()

  // Agreements expire, warn and take effect by the calendar: checked at start and every hour.
  const agreementJobs = async () => {
    try {
      const report = await runAgreementJobs(platform)
      if (report.expired.length + report.warned.length + report.activated.length > 0) log.info(report, 'agreement jobs')
    } catch (error) {
      log.error({ err: error }, 'agreement jobs failed')
    }
  }
  await agreementJobs()
  const jobTimer = setInterval(agreementJobs, 3600 * 1000)
  jobTimer.unref()

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    clearInterval(timer)
    clearInterval(jobTimer)
    await app.close()
    await checkpoint()
    // A demo load still running holds the engine; its files are not yet referenced, and the
    // next start sweeps them, so the process may simply end.
    if (platform.background.demoData !== 'loading') await closePlatform(platform)
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))

  await app.listen({ host: config.host, port: config.port })
  // The demo data takes tens of seconds: the platform serves meanwhile, /healthz says when it is in.
  if (config.demo && config.demoScale > 0) {
    platform.background.demoData = 'loading'
    seedDemoData(platform, { scale: config.demoScale, seed: 1, log: (message) => log.info(message) })
      .then(() => {
        platform.background.demoData = 'ready'
        log.info('demo world data ready')
      })
      .catch((error: unknown) => {
        platform.background.demoData = 'failed'
        log.error({ err: error }, 'demo world data failed to load')
      })
  }
  log.info(
    { store: platform.store.description, suite: platform.keys.suite.name, demo: config.demo },
    `shuyu 数域 serving at ${config.tls ? 'https' : 'http'}://${config.host}:${config.port}`,
  )
}
