// Worker entry: Node 20 does not carry the parent's tsx loader into worker threads.
import { register } from 'tsx/esm/api'

register()
await import('./audit-verify-sqlite.worker.ts')
