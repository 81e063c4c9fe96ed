import { configFromEnv } from '../platform/config.ts'
import { closePlatform, openPlatform, type Platform } from '../platform/platform.ts'

/**
 * Runs a CLI command against the platform's store on this host. The CLI acts with the host's
 * authority (whoever can read the data directory and the master key), and says so in the audit
 * log as `host:cli`.
 */
export async function withPlatform<T>(work: (platform: Platform) => Promise<T>): Promise<T> {
  const platform = await openPlatform(configFromEnv(process.env))
  try {
    return await work(platform)
  } finally {
    await closePlatform(platform)
  }
}

export function print(line: string): void {
  process.stdout.write(line + '\n')
}
