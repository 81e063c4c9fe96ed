import { DuckDBInstance } from '@duckdb/node-api'
import { generateDemoWorld } from './generate.ts'
const [threads, dir, scale = '0.3'] = process.argv.slice(2)
const db = await DuckDBInstance.create(':memory:', { threads: threads! })
const c = await db.connect()
const t = performance.now()
await generateDemoWorld(c, dir!, {
  scale: Number(scale), seed: 5,
  onTable: (g, ms) => console.log(g.table.padEnd(20), String(g.rows).padStart(9), `${(ms / 1000).toFixed(2)} s`),
})
console.log('threads', threads, 'total', ((performance.now() - t) / 1000).toFixed(2), 's')
