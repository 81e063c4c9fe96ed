import { parentPort, workerData } from 'node:worker_threads'
import SqliteDatabase from 'better-sqlite3'
import { verifyRangeSqlite } from './audit-sqlite.ts'

// One range of a SQLite chain, on its own read-only connection: only what the range needs is
// loaded, so the worker starts in a fraction of the time the whole platform would take.
const { file, hashAlgorithm, start, to } = workerData as {
  file: string
  hashAlgorithm: string
  start: { seq: number; hash: string }
  to: number
}
const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true })
try {
  sqlite.pragma('mmap_size = 1073741824')
  parentPort?.postMessage(verifyRangeSqlite(sqlite, hashAlgorithm, start, to))
} finally {
  sqlite.close()
}
