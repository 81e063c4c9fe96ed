// Worker entry: Node 20 does not carry the parent's tsx loader into worker threads, so the
// worker registers it itself before loading its TypeScript.
import { register } from 'tsx/esm/api'

register()
await import('./audit-verify.worker.ts')
