import assert from 'node:assert/strict'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import https from 'node:https'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'

const bin = path.resolve(import.meta.dirname, '../../bin/shuyu.mjs')
const children: ChildProcess[] = []
const dirs: string[] = []
after(() => {
  children.forEach((child) => child.kill('SIGKILL'))
  dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }))
})

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

function start(env: Record<string, string>): { child: ChildProcess; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-serve-'))
  dirs.push(dir)
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, DATABASE_URL: '', SHUYU_DATA_DIR: dir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  children.push(child)
  return { child, dir }
}

async function waitFor<T>(probe: () => Promise<T>, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    try {
      return await probe()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

describe('shuyu serve', () => {
  it('serves /healthz with the demo world, every demo user can sign in, and it stops cleanly', async () => {
    const port = await freePort()
    const { child } = start({ PORT: String(port), SHUYU_DEMO_SCALE: '0.02' })
    const base = `http://127.0.0.1:${port}`
    const health = await waitFor(async () => {
      const response = await fetch(`${base}/healthz`)
      if (!response.ok) throw new Error(String(response.status))
      return response.json() as Promise<{ status: string }>
    }, 60)
    assert.equal(health.status, 'ok')
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'regulator', password: 'demo-regulator' }),
    })
    assert.equal(login.status, 200)
    const { token } = (await login.json()) as { token: string }

    // The catalog is there at once, graded, with the sensitive fields of DEMO-WORLD.md tagged.
    const catalog = (await (await fetch(`${base}/api/v1/catalog/resources`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      resources: { tableName: string; gradeLabel: string; fields: { name: string; sensitive: boolean }[] }[]
    }
    assert.deepEqual(
      catalog.resources.map((r) => r.tableName).sort(),
      ['bus_trips', 'electricity_usage', 'market_entities', 'scenic_visits', 'social_insurance', 'tax_credit_ratings', 'water_usage'],
    )
    for (const resource of catalog.resources) assert.match(resource.gradeLabel, /一般数据 [1-4]级/)
    const sensitive = catalog.resources.flatMap((r) => r.fields.filter((f) => f.sensitive).map((f) => f.name))
    for (const name of ['legal_rep_id', 'person_id', 'person_name', 'legal_rep_name', 'legal_rep_phone', 'card_id']) {
      assert.ok(sensitive.includes(name), `${name} is tagged sensitive personal information`)
    }
    // The data follows in the background.
    await waitFor(async () => {
      const state = (await (await fetch(`${base}/healthz`)).json()) as { demoData: string }
      if (state.demoData !== 'ready') throw new Error(state.demoData)
    }, 90)
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    assert.equal(await exited, 0)
  })

  it('serves HTTPS when a certificate and key are configured', { skip: !hasOpenssl() && 'openssl not installed' }, async () => {
    const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-tls-'))
    dirs.push(certDir)
    const cert = path.join(certDir, 'cert.pem')
    const key = path.join(certDir, 'key.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' })
    const port = await freePort()
    start({ PORT: String(port), SHUYU_DEMO: '0', SHUYU_TLS_CERT: cert, SHUYU_TLS_KEY: key })
    const status = await waitFor(
      () =>
        new Promise<number>((resolve, reject) => {
          https.get({ host: '127.0.0.1', port, path: '/healthz', ca: fs.readFileSync(cert), checkServerIdentity: () => undefined }, (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          }).on('error', reject)
        }),
      60,
    )
    assert.equal(status, 200)
  })
})

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
