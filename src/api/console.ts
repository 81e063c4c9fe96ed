import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** Where `npm install` / `npm start` build the console (scripts/build-web.mjs). */
export const CONSOLE_DIR = path.join(import.meta.dirname, '..', '..', 'web', 'dist')

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>shuyu</title>
<p>数域 shuyu: the console is not built. Run <code>npm run build:web</code> (npm install and npm start build it).
The API is up: <a href="/api/docs">/api/docs</a>.</p>`

/**
 * Serves the console at `/`: hashed assets cached for a year, index.html never cached, and any
 * other page path answered with index.html so that the console's own router takes it.
 */
export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(path.join(CONSOLE_DIR, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT))
    return
  }
  await app.register(fastifyStatic, {
    root: CONSOLE_DIR,
    prefix: '/',
    wildcard: false,
    preCompressed: true,
    index: ['index.html'],
    cacheControl: false,
    decorateReply: true,
    setHeaders(response, filePath) {
      response.setHeader('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
}

/** A browser's GET of a console page (not the API): answered with the console's index.html. */
export function isConsolePage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const pathname = request.url.split('?')[0] ?? ''
  if (pathname.startsWith('/api/') || pathname === '/api' || pathname === '/healthz' || pathname.startsWith('/assets/')) return false
  return typeof (request.server as { hasReplyDecorator?: (name: string) => boolean }).hasReplyDecorator === 'function' && request.server.hasReplyDecorator('sendFile')
}

export function sendConsole(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').sendFile('index.html', CONSOLE_DIR)
}
