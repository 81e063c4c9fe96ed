import path from 'node:path'
import { SUITE_NAMES, type SuiteName } from './crypto/suite.ts'
import { DEFAULT_CHROMIUM } from './printer.ts'

/** Everything the platform reads from its environment, read once at start. */
export interface PlatformConfig {
  readonly host: string
  readonly port: number
  readonly dataDir: string
  /** Demo identities and data (DEMO-WORLD.md); on for `npm start`, off with SHUYU_DEMO=0. */
  readonly demo: boolean
  /** Size of the demo world's data loaded at start (DEMO-WORLD.md scale); 0 loads no data. */
  readonly demoScale: number
  readonly suite: SuiteName
  readonly sessionTtlSeconds: number
  readonly maxFailedLogins: number
  readonly lockoutSeconds: number
  /** Admin and reviewer roles must sign in with TOTP; until enrolled they may only enroll. */
  readonly requireTotpForPrivileged: boolean
  readonly passwordIterations: number | undefined
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined
  readonly bodyLimitBytes: number
  /** Largest pool upload (multipart); streamed to disk, never held in memory. */
  readonly uploadLimitBytes: number
  /** Where the operator places files for loads from a server path. */
  readonly importDir: string
  readonly loginRateLimitPerMinute: number
  readonly checkpointIntervalSeconds: number
  readonly trustProxy: boolean
  /** The Chromium executable that prints PDFs (the annual report); none there: PDFs answer 503. */
  readonly chromiumPath: string
}

export function configFromEnv(env: NodeJS.ProcessEnv): PlatformConfig {
  const demo = env.SHUYU_DEMO !== '0'
  const suite = env.SHUYU_CRYPTO_SUITE ?? 'gm'
  if (!(SUITE_NAMES as readonly string[]).includes(suite)) {
    throw new Error(`SHUYU_CRYPTO_SUITE must be one of ${SUITE_NAMES.join(', ')}, not ${JSON.stringify(suite)}`)
  }
  const certFile = env.SHUYU_TLS_CERT
  const keyFile = env.SHUYU_TLS_KEY
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new Error('HTTPS needs both SHUYU_TLS_CERT and SHUYU_TLS_KEY')
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 8080, 0, 65535),
    dataDir: path.resolve(env.SHUYU_DATA_DIR ?? 'data'),
    demo,
    demoScale: number(env, 'SHUYU_DEMO_SCALE', 1, 0, 200),
    suite: suite as SuiteName,
    sessionTtlSeconds: integer(env, 'SHUYU_SESSION_TTL_SECONDS', 8 * 3600, 60, 7 * 24 * 3600),
    maxFailedLogins: integer(env, 'SHUYU_MAX_FAILED_LOGINS', 5, 1, 100),
    lockoutSeconds: integer(env, 'SHUYU_LOCKOUT_SECONDS', 15 * 60, 1, 24 * 3600),
    requireTotpForPrivileged: (env.SHUYU_REQUIRE_TOTP ?? (demo ? '0' : '1')) !== '0',
    passwordIterations: env.SHUYU_PASSWORD_ITERATIONS
      ? integer(env, 'SHUYU_PASSWORD_ITERATIONS', 0, 1000, 10_000_000)
      : undefined,
    tls: certFile && keyFile ? { certFile, keyFile } : undefined,
    bodyLimitBytes: integer(env, 'SHUYU_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    uploadLimitBytes: integer(env, 'SHUYU_UPLOAD_LIMIT_BYTES', 2 * 1024 ** 3, 1024, 64 * 1024 ** 3),
    importDir: path.resolve(env.SHUYU_IMPORT_DIR ?? path.join(env.SHUYU_DATA_DIR ?? 'data', 'imports')),
    loginRateLimitPerMinute: integer(env, 'SHUYU_LOGIN_RATE_LIMIT', 20, 1, 100_000),
    checkpointIntervalSeconds: integer(env, 'SHUYU_CHECKPOINT_SECONDS', 60, 1, 24 * 3600),
    trustProxy: env.SHUYU_TRUST_PROXY === '1',
    chromiumPath: env.SHUYU_CHROMIUM || DEFAULT_CHROMIUM,
  }
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, not ${JSON.stringify(raw)}`)
  }
  return value
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`)
  }
  return value
}
