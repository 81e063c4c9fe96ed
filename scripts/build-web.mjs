// Builds the console (web/) into web/dist when its sources are newer than the last build, so that
// `npm install` and `npm start` need no further step. `--force` always builds.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const web = path.join(import.meta.dirname, '..', 'web')
const stamp = path.join(web, 'dist', 'index.html')
const force = process.argv.includes('--force')

if (process.env.SHUYU_SKIP_WEB_BUILD === '1' && !force) process.exit(0)
if (!fs.existsSync(path.join(web, 'node_modules', '.bin')) && !fs.existsSync(path.join(web, '..', 'node_modules', 'vite'))) {
  console.error('console: vite is not installed yet (run npm install first)')
  process.exit(1)
}

function newest(dir) {
  let latest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const full = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs)
  }
  return latest
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0
if (!force && built > newest(web)) process.exit(0)

console.log('console: building web/ with Vite…')
const result = spawnSync(process.execPath, [path.join(web, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: web,
  stdio: 'inherit',
})
if (result.status !== 0) process.exit(result.status ?? 1)

// Brotli and gzip copies beside each asset, served as they are by @fastify/static (preCompressed):
// the console's half a megabyte of script goes over the wire as about a quarter of it.
const assets = path.join(web, 'dist', 'assets')
for (const name of fs.readdirSync(assets)) {
  if (!/\.(js|css|svg)$/.test(name)) continue
  const file = path.join(assets, name)
  const content = fs.readFileSync(file)
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }))
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: 9 }))
}
