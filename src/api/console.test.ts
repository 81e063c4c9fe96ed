import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { testDialects } from '../../test/dialects.ts'
import { testApp, testPlatform } from '../../test/platform.ts'
import { CONSOLE_DIR } from './console.ts'

const [dialect] = testDialects()
const built = fs.existsSync(path.join(CONSOLE_DIR, 'index.html'))

describe('the console and the security headers', () => {
  it('sends the same security headers on API answers, refusals and console pages', async () => {
    const app = await testApp(await testPlatform(dialect!))
    for (const url of ['/healthz', '/api/v1/me', '/api/v1/no-such-route', '/']) {
      const response = await app.inject({ method: 'GET', url })
      const csp = String(response.headers['content-security-policy'])
      assert.match(csp, /default-src 'self'/, url)
      assert.match(csp, /script-src 'self'(;|$)/, `${url}: no inline or remote script`)
      assert.match(csp, /object-src 'none'/, url)
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url)
      assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN', url)
      assert.equal(response.headers['referrer-policy'], 'no-referrer', url)
      assert.equal(response.headers['strict-transport-security'], undefined, `${url}: no HSTS without TLS`)
    }
  })

  it('answers a page path with the console and an unknown API path with the JSON 404', { skip: built ? false : 'web/dist is not built' }, async () => {
    const app = await testApp(await testPlatform(dialect!))
    for (const url of ['/', '/workspace/fin-credit', '/portal', '/products/P-1?tab=reviews']) {
      const response = await app.inject({ method: 'GET', url })
      assert.equal(response.statusCode, 200, url)
      assert.match(String(response.headers['content-type']), /text\/html/, url)
      assert.match(response.body, /<div id="root">/, url)
      assert.equal(response.headers['cache-control'], 'no-cache', `${url}: the page is never cached, its assets are`)
    }
    const asset = fs.readdirSync(path.join(CONSOLE_DIR, 'assets')).find((name) => name.endsWith('.js'))!
    const script = await app.inject({ method: 'GET', url: `/assets/${asset}` })
    assert.equal(script.statusCode, 200)
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable')
    const compressed = await app.inject({ method: 'GET', url: `/assets/${asset}`, headers: { 'accept-encoding': 'br, gzip' } })
    assert.equal(compressed.headers['content-encoding'], 'br', "the build's brotli copy is served to a browser that takes it")
    assert.ok(compressed.rawPayload.length < script.rawPayload.length)

    for (const [method, url] of [['GET', '/api/v1/no-such-route'], ['GET', '/assets/no-such-file.js'], ['POST', '/workspace/fin-credit']] as const) {
      const response = await app.inject({ method, url })
      assert.equal(response.statusCode, 404, `${method} ${url}`)
      assert.equal(response.json().error.code, 'not_found', `${method} ${url}`)
    }
  })
})
