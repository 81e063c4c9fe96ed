import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { sampleEntry, testResidentId, testUscc } from '../../../test/catalog.ts'
import { configFromEnv } from '../../platform/config.ts'
import { closePlatform, openPlatform } from '../../platform/platform.ts'
import { verifyAuditLog } from '../audit/audit-verify.ts'
import { compileEntry, publishedResource, reviewEntry, submitEntry } from '../catalog/catalog.service.ts'
import { seedDemoIdentities } from '../demo/demo-identities.ts'
import { actAs } from '../identity/identity.service.ts'
import { loadVersion, sweepPool } from './pool.service.ts'

const CODE = '130700-SCJG-0001'
const child = path.resolve(import.meta.dirname, '../../../test/children/load.ts')

// The pool is files plus the embedded store of one data directory: this test is SQLite's.
describe('pool: a load killed midway', () => {
  it('leaves the previous version serving, the catalog consistent and the audit chain whole', { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-crash-'))
    const masterKey = randomBytes(32)
    const open = () =>
      openPlatform(configFromEnv({ SHUYU_DATA_DIR: dataDir, SHUYU_DEMO: '0', SHUYU_PASSWORD_ITERATIONS: '1000' }), {
        storeConfig: { dialect: 'sqlite', file: path.join(dataDir, 'shuyu.sqlite') },
        masterKey,
      })
    let platform = await open()
    await seedDemoIdentities(platform)
    await compileEntry(platform, await actAs(platform, 'sector-mr', 't'), sampleEntry())
    await submitEntry(platform, await actAs(platform, 'sector-mr', 't'), CODE)
    await reviewEntry(platform, await actAs(platform, 'bureau', 't'), CODE, 1, 'approve', undefined)
    const small = path.join(dataDir, 'small.csv')
    fs.writeFileSync(small, ['uscc,name,legal_rep_id,legal_rep_phone,status', ...Array.from({ length: 10 }, (_, i) => [testUscc(i), `公司${i}`, testResidentId(i), '13903131234', '存续'].join(','))].join('\n'))
    const first = await loadVersion(platform, await actAs(platform, 'src-mr', 't'), CODE, { file: small, format: 'csv', kind: 'upload', name: 'small.csv' })
    await closePlatform(platform)

    // A file big enough that the load is still running when it is killed.
    const big = path.join(dataDir, 'big.csv')
    const out = fs.createWriteStream(big)
    out.write('uscc,name,legal_rep_id,legal_rep_phone,status\n')
    const block = Array.from({ length: 1000 }, (_, i) => [testUscc(1000 + i), `企业${i}`, testResidentId(i), '13903131234', '存续'].join(',')).join('\n') + '\n'
    for (let i = 0; i < 3000; i++) out.write(block)
    await new Promise((resolve) => out.end(resolve))

    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, CODE, big, masterKey.toString('hex')], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve, reject) => {
      let seen = ''
      proc.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString()
        // Kill it once the engine is reading the file: mid-load.
        if (/progress \d+/.test(seen)) proc.kill('SIGKILL')
      })
      proc.once('exit', () => {
        if (seen.includes('done')) reject(new Error('the load finished before it could be killed'))
        else if (!/progress \d+/.test(seen)) reject(new Error(`the child died before loading: ${seen}`))
        else resolve()
      })
    })

    platform = await open()
    try {
      const swept = await sweepPool(platform)
      const resource = await publishedResource(platform, CODE)
      assert.equal(resource.poolVersionId, first.id, 'the previous version still serves')
      const versions = await platform.store.db.selectFrom('pool_versions').select(['id', 'status']).execute()
      assert.deepEqual(versions, [{ id: first.id, status: 'current' }])
      const files = fs.readdirSync(path.join(dataDir, 'pool', 'market_entities'))
      assert.deepEqual(files, [`${first.id}.parquet`], `left over: ${files.join(', ')} (swept ${swept})`)
      assert.equal((await verifyAuditLog(platform.store)).ok, true)
    } finally {
      await closePlatform(platform)
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
