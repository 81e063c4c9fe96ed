import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/api/app.ts'
import { configFromEnv, type PlatformConfig } from '../src/platform/config.ts'
import { closePlatform, openPlatform, type Platform } from '../src/platform/platform.ts'
import type { TestDialect } from './dialects.ts'

// Cleanups run once after the whole file: a hook registered inside a test or a `before` would
// run as soon as that test or hook ends.
const cleanups: (() => unknown)[] = []
after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A clock tests can move. */
export interface TestClock {
  (): Date
  set(iso: string): void
  advance(seconds: number): void
}

export function testClock(start = '2026-11-27T10:00:00+08:00'): TestClock {
  let now = new Date(start)
  const clock = (() => new Date(now.getTime())) as TestClock
  clock.set = (iso) => {
    now = new Date(iso)
  }
  clock.advance = (seconds) => {
    now = new Date(now.getTime() + seconds * 1000)
  }
  return clock
}

export interface TestPlatformOptions {
  readonly env?: Record<string, string>
  readonly clock?: TestClock
}

/**
 * A platform over a fresh store of the dialect, demo off, a random master key, and a cheap
 * password KDF (the production iteration count is tested in password.test.ts).
 */
export async function testPlatform(dialect: TestDialect, options: TestPlatformOptions = {}): Promise<Platform & { clock: TestClock }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-data-'))
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }))
  const config: PlatformConfig = configFromEnv({
    SHUYU_DEMO: '0',
    SHUYU_DATA_DIR: dataDir,
    SHUYU_PASSWORD_ITERATIONS: '1000',
    SHUYU_REQUIRE_TOTP: '0',
    // Where CI keeps its Chromium, for the PDFs (the default is Debian's /usr/bin/chromium).
    ...(process.env.SHUYU_CHROMIUM ? { SHUYU_CHROMIUM: process.env.SHUYU_CHROMIUM } : {}),
    ...options.env,
  })
  const clock = options.clock ?? testClock()
  const platform = await openPlatform(config, {
    storeConfig: await dialect.freshConfig(),
    masterKey: randomBytes(32),
    clock,
  })
  cleanups.push(() => closePlatform(platform))
  return { ...platform, clock }
}

export async function testApp(platform: Platform): Promise<FastifyInstance> {
  const app = await buildApp(platform)
  cleanups.push(() => app.close())
  return app
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` }
}

export async function loginAs(app: FastifyInstance, username: string, password = `demo-${username}`): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } })
  if (response.statusCode !== 200) throw new Error(`login as ${username} failed: ${response.statusCode} ${response.body}`)
  return (response.json() as { token: string }).token
}
