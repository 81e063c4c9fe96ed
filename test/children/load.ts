// A child process for crash tests: loads a file into the pool of a data directory, printing
// progress, so the parent can SIGKILL it mid-load.
import { randomBytes } from 'node:crypto'
import { configFromEnv } from '../../src/platform/config.ts'
import { openPlatform } from '../../src/platform/platform.ts'
import { actAs } from '../../src/modules/identity/identity.service.ts'
import { loadVersion } from '../../src/modules/pool/pool.service.ts'

const [dataDir, code, file, masterKeyHex] = process.argv.slice(2) as [string, string, string, string]
const platform = await openPlatform(configFromEnv({ SHUYU_DATA_DIR: dataDir, SHUYU_DEMO: '0' }), {
  storeConfig: { dialect: 'sqlite', file: `${dataDir}/shuyu.sqlite` },
  masterKey: Buffer.from(masterKeyHex ?? randomBytes(32).toString('hex'), 'hex'),
})
const ctx = await actAs(platform, 'src-mr', 'crash-test')
process.stdout.write('started\n')
await loadVersion(platform, ctx, code, {
  file,
  format: 'csv',
  kind: 'upload',
  name: 'big.csv',
  onProgress: ({ rows }) => process.stdout.write(`progress ${rows}\n`),
})
process.stdout.write('done\n')
process.exit(0)
