import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { sampleEntry, testResidentId, testUscc } from '../../../test/catalog.ts'
import { testDialects } from '../../../test/dialects.ts'
import { testPlatform } from '../../../test/platform.ts'
import { compileEntry, reviewEntry, submitEntry } from '../catalog/catalog.service.ts'
import { seedDemoIdentities } from '../demo/demo-identities.ts'
import { actAs } from '../identity/identity.service.ts'
import type { Platform } from '../../platform/platform.ts'
import { loadVersion, publishVersion, quarantinedRows, resourceVersions } from './pool.service.ts'

const CODE = '130700-SCJG-0001'
const HEADER = 'uscc,name,legal_rep_id,legal_rep_phone,status'

function row(n: number, overrides: Partial<Record<'uscc' | 'name' | 'id' | 'phone' | 'status', string>> = {}): string {
  return [
    overrides.uscc ?? testUscc(n),
    overrides.name ?? `张家口测试${n}有限公司`,
    overrides.id ?? testResidentId(n),
    overrides.phone ?? `1390313${String(n).padStart(4, '0')}`,
    overrides.status ?? '存续',
  ].join(',')
}

function csv(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-load-'))
  const file = path.join(dir, 'upload.csv')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  return file
}

async function currentVersionId(platform: Platform): Promise<string | null> {
  const resource = await platform.store.db.selectFrom('catalog_resources').select('pool_version_id').where('code', '=', CODE).executeTakeFirstOrThrow()
  return resource.pool_version_id
}

for (const dialect of testDialects()) {
  describe(`${dialect.name}: pool loads`, () => {
    async function setup() {
      const platform = await testPlatform(dialect)
      await seedDemoIdentities(platform)
      const sector = await actAs(platform, 'sector-mr', 'test')
      const bureau = await actAs(platform, 'bureau', 'test')
      await compileEntry(platform, sector, sampleEntry())
      await submitEntry(platform, sector, CODE)
      await reviewEntry(platform, bureau, CODE, 1, 'approve', undefined)
      const source = await actAs(platform, 'src-mr', 'test')
      const first = await loadVersion(platform, source, CODE, {
        file: csv([HEADER, ...Array.from({ length: 50 }, (_, i) => row(i))]),
        format: 'csv',
        kind: 'upload',
        name: 'first.csv',
      })
      return { platform, source, first }
    }

    it('loads a clean CSV as the current version with its quality report', async () => {
      const { platform, first } = await setup()
      assert.equal(first.status, 'current')
      assert.equal(first.rows.loaded, 50)
      assert.equal(first.quality.score, 1)
      assert.deepEqual(first.quality.uniqueness, { key: ['uscc'], duplicates: 0 })
      assert.equal(await currentVersionId(platform), first.id)
      assert.match(first.fileHash, /^[0-9a-f]{64}$/)
    })

    it('refuses a file whose columns differ from the catalog entry, and the previous version still serves', async () => {
      const { platform, source, first } = await setup()
      await assert.rejects(
        loadVersion(platform, source, CODE, { file: csv(['uscc,name,legal_rep_id,phone,status', row(1)]), format: 'csv', kind: 'upload', name: 'bad.csv' }),
        (error: Error & { issues?: { message: string }[] }) => {
          assert.equal(error.name, 'InputError')
          assert.match(error.message, /column legal_rep_phone of the catalog entry is missing/)
          assert.match(error.message, /column phone is not in the catalog entry/)
          return true
        },
      )
      assert.equal(await currentVersionId(platform), first.id)
    })

    it('refuses a file in which no row passes, listing why, and the previous version still serves', async () => {
      const { platform, source, first } = await setup()
      const badId = testResidentId(7).slice(0, 17) + (testResidentId(7).endsWith('1') ? '2' : '1')
      await assert.rejects(
        loadVersion(platform, source, CODE, { file: csv([HEADER, 'only,three,columns', row(2, { id: badId })]), format: 'csv', kind: 'upload', name: 'none.csv' }),
        (error: Error & { issues?: { path: string; message: string }[] }) => {
          assert.match(error.message, /no row of none\.csv passed the quality checks \(art\. 10\); the current version still serves/)
          const issues = (error.issues ?? []).map((i) => `${i.path}: ${i.message}`)
          assert.ok(issues.some((i) => /^rows: 1 rows rejected while reading/.test(i)), issues.join('\n'))
          assert.ok(issues.some((i) => /^rows\.legal_rep_id: 1 rows: invalid resident ID/.test(i)), issues.join('\n'))
          return true
        },
      )
      assert.equal(await currentVersionId(platform), first.id)
    })

    it('quarantines malformed rows, bad checksums and repeated keys with reasons, and holds the version', async () => {
      const { platform, source, first } = await setup()
      const badId = testResidentId(7).slice(0, 17) + (testResidentId(7).endsWith('1') ? '2' : '1')
      const file = csv([
        HEADER,
        row(1),
        row(2, { id: badId }),
        row(3, { uscc: testUscc(3).slice(0, 17) + (testUscc(3).endsWith('1') ? '2' : '1') }),
        'only,three,columns',
        row(4, { status: '营业' }),
        row(1, { name: '重复代码公司' }),
        row(5),
      ])
      const version = await loadVersion(platform, source, CODE, { file, format: 'csv', kind: 'upload', name: 'mixed.csv' })
      assert.equal(version.status, 'held')
      assert.equal(version.rows.loaded, 2)
      assert.equal(version.rows.quarantined, 5)
      assert.equal(await currentVersionId(platform), first.id, 'the previous version still serves')
      const problems = version.quality.validity.map((v) => `${v.field}: ${v.problem}`)
      assert.ok(problems.some((p) => /legal_rep_id: invalid resident ID/.test(p)), problems.join('\n'))
      assert.ok(problems.some((p) => /uscc: invalid unified social credit code/.test(p)))
      assert.ok(problems.some((p) => /status: not in its code list/.test(p)))
      assert.ok(problems.some((p) => /duplicate key \(uscc\)/.test(p)))
      const rows = await quarantinedRows(platform, source, version.id, 100)
      assert.equal(rows.length, 5)
      assert.ok(rows.some((r) => r.line === 5 && /MISSING COLUMNS/.test(r.reasons[0]!)))
      assert.ok(rows.every((r) => r.content !== undefined), 'the source unit sees the rows it sent')
      const bureau = await actAs(platform, 'bureau', 'test')
      const forBureau = await quarantinedRows(platform, bureau, version.id, 100)
      assert.ok(forBureau.every((r) => r.content === undefined), 'others see reasons, not values')

      await publishVersion(platform, source, version.id)
      assert.equal(await currentVersionId(platform), version.id)
      const versions = await resourceVersions(platform, source, CODE)
      assert.deepEqual(versions.map((v) => [v.versionNo, v.status]), [[2, 'current'], [1, 'superseded']])
    })

    it('reports a truncated file and keeps the previous version', async () => {
      const { platform, source, first } = await setup()
      const full = [HEADER, ...Array.from({ length: 20 }, (_, i) => row(100 + i))].join('\n')
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-load-'))
      const file = path.join(dir, 'cut.csv')
      fs.writeFileSync(file, full.slice(0, full.length - 30))
      const version = await loadVersion(platform, source, CODE, { file, format: 'csv', kind: 'upload', name: 'cut.csv' })
      assert.equal(version.status, 'held')
      assert.equal(version.rows.quarantined, 1)
      assert.equal(version.rows.loaded, 19)
      assert.equal(await currentVersionId(platform), first.id)
    })

    it('loads Parquet and JSON Lines, quarantining bad JSON lines', async () => {
      const { platform, source } = await setup()
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-load-'))
      const jsonl = path.join(dir, 'data.jsonl')
      const objects = Array.from({ length: 10 }, (_, i) => JSON.stringify({ uscc: testUscc(200 + i), name: `公司${i}`, legal_rep_id: testResidentId(i), legal_rep_phone: '13903130000', status: '存续' }))
      fs.writeFileSync(jsonl, [...objects, '{"uscc": "broken', JSON.stringify({ uscc: testUscc(300), extra: 1 })].join('\n'))
      const fromJson = await loadVersion(platform, source, CODE, { file: jsonl, format: 'jsonl', kind: 'upload', name: 'data.jsonl' })
      assert.equal(fromJson.rows.loaded, 10)
      assert.equal(fromJson.rows.quarantined, 2)

      const operator = await actAs(platform, 'operator', 'test')
      const version = await loadVersion(platform, source, CODE, { file: csv([HEADER, row(9)]), format: 'csv', kind: 'upload', name: 'one.csv' })
      const parquet = path.join(platform.config.dataDir, 'pool', 'market_entities', `${version.id}.parquet`)
      const copy = path.join(dir, 'copy.parquet')
      fs.copyFileSync(parquet, copy)
      const fromParquet = await loadVersion(platform, operator, CODE, { file: copy, format: 'parquet', kind: 'path', name: 'copy.parquet' })
      assert.equal(fromParquet.status, 'current')
      assert.equal(fromParquet.rows.loaded, 1)
    })

    it('checks numeric ranges on every row and reports the latest date of the rows kept', async () => {
      const { platform, source } = await setup()
      const [uscc, , , , status] = sampleEntry().fields
      const { codeList: _, ...plain } = status!
      const entry = sampleEntry({
        code: '130700-SCJG-0002',
        tableName: 'capital',
        fields: [
          uscc!,
          { ...plain, name: 'capital_wan', title: '注册资本', dataType: 'decimal', description: '万元', range: { min: 0, max: 1000 } },
          { ...plain, name: 'established_on', title: '成立日期', dataType: 'date', description: '成立日期' },
        ],
      })
      const sector = await actAs(platform, 'sector-mr', 'test')
      await compileEntry(platform, sector, entry)
      await submitEntry(platform, sector, entry.code)
      await reviewEntry(platform, await actAs(platform, 'bureau', 'test'), entry.code, 1, 'approve', undefined)
      const load = (lines: string[]) =>
        loadVersion(platform, source, entry.code, { file: csv(['uscc,capital_wan,established_on', ...lines]), format: 'csv', kind: 'upload', name: 'capital.csv' })

      const clean = await load([`${testUscc(1)},0,2024-03-01`, `${testUscc(2)},1000,2025-01-31`, `${testUscc(3)},12.5,2023-07-15`])
      assert.equal(clean.rows.quarantined, 0)
      assert.equal(clean.quality.timeliness.latest, '2025-01-31')

      const mixed = await load([`${testUscc(1)},-0.01,2025-06-01`, `${testUscc(2)},1000.5,2025-05-01`, `${testUscc(3)},12.5,2024-02-29`])
      assert.equal(mixed.rows.quarantined, 2)
      assert.deepEqual(
        mixed.quality.validity.map((v) => v.problem).sort(),
        ['above 1000', 'below 0'],
      )
      assert.equal(mixed.quality.timeliness.latest, '2024-02-29', 'the latest date of the rows kept')

      // Parquet is cast where it must be: a text column is checked value by value.
      const parquet = async (capitals: [string, string], name: string) => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-load-')), name)
        const connection = await platform.engine.connect()
        try {
          await connection.run(`COPY (SELECT * FROM (VALUES ('${testUscc(1)}', ${capitals[0]}, DATE '2025-01-31'), ('${testUscc(2)}', ${capitals[1]}, DATE '2025-02-28')) t(uscc, capital_wan, established_on)) TO '${file}' (FORMAT parquet)`)
        } finally {
          connection.closeSync()
        }
        return loadVersion(platform, source, entry.code, { file, format: 'parquet', kind: 'upload', name })
      }
      const widened = await parquet(['CAST(12.5 AS DECIMAL(6,2))', 'CAST(7 AS DECIMAL(6,2))'], 'widened.parquet')
      assert.deepEqual([widened.rows.loaded, widened.rows.quarantined], [2, 0])
      const text = await parquet([`'12.5'`, `'12,5'`], 'text.parquet')
      assert.deepEqual([text.rows.loaded, text.rows.quarantined], [1, 1])
      assert.ok(text.quality.validity.some((v) => v.field === 'capital_wan' && v.problem === 'not a valid decimal'))
    })

    it('refuses loads by anyone but the responsible source unit', async () => {
      const { platform } = await setup()
      const other = await actAs(platform, 'src-power', 'test')
      await assert.rejects(loadVersion(platform, other, CODE, { file: csv([HEADER, row(1)]), format: 'csv', kind: 'upload', name: 'x.csv' }), { name: 'NotAllowedError' })
      const fintech = await actAs(platform, 'fintech', 'test')
      await assert.rejects(loadVersion(platform, fintech, CODE, { file: csv([HEADER, row(1)]), format: 'csv', kind: 'path', name: 'x.csv' }), { name: 'NotAllowedError' })
    })
  })
}
