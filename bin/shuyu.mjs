#!/usr/bin/env node
// The `shuyu` command: loads the TypeScript CLI through tsx in this same process, so signals
// (Ctrl-C, SIGTERM from a service manager) reach the server directly.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/shuyu.ts')
