#!/usr/bin/env node
// The `shuyu` command: runs the TypeScript CLI under tsx, from wherever it is called.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const tsx = import.meta.resolve('tsx')
const cli = fileURLToPath(new URL('../src/cli/shuyu.ts', import.meta.url))
const result = spawnSync(process.execPath, ['--import', tsx, cli, ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(result.status ?? 1)
