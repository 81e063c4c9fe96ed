// One range of a SQLite audit chain, verified on its own read-only connection. Plain
// JavaScript: a worker that needs no TypeScript loader starts in milliseconds.
import { parentPort, workerData } from 'node:worker_threads'
import SqliteDatabase from 'better-sqlite3'
import { verifyRangeSqlite } from './chain-walk.mjs'

const { file, hashAlgorithm, start, to } = workerData
const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true })
try {
  sqlite.pragma('mmap_size = 1073741824')
  parentPort.postMessage(verifyRangeSqlite(sqlite, hashAlgorithm, start, to))
} finally {
  sqlite.close()
}
