import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { generateDemoWorld } from '../demo/world/generate.ts'
import { DEMO_TABLES, type DemoTable } from '../demo/world/world.ts'
import { scanColumn, type ColumnFinding, type DetectorType } from './detectors.ts'

// DEMO-WORLD.md: the sensitive columns (marked *) and the personal types a scan must find.
// bus_trips.card_id is a 19-digit transit card number (3107 0700 + serial + Luhn digit, see
// bus-trips.sql.ts): no bank network issues that prefix, so each value alone is only a weak
// 'card_number'; a column of them all passing Luhn (a tenth of random numbers would) is strong.
const SENSITIVE: Readonly<Record<string, DetectorType>> = {
  'market_entities.legal_rep_name': 'personal_name',
  'market_entities.legal_rep_id': 'resident_id',
  'market_entities.legal_rep_phone': 'mobile',
  'social_insurance.person_id': 'resident_id',
  'social_insurance.person_name': 'personal_name',
  'bus_trips.card_id': 'card_number',
  'bus_trips.person_id': 'resident_id',
}
// Organization identifiers: they may be reported as uscc, never as personal.
const ORGANIZATION = new Set(['market_entities.uscc', 'electricity_usage.uscc', 'water_usage.uscc',
  'tax_credit_ratings.uscc', 'social_insurance.employer_uscc'])

describe('scanColumn over the demo world', () => {
  let dir: string
  let connection: DuckDBConnection
  const findings = new Map<string, ColumnFinding>()

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shuyu-detectors-demo-'))
    connection = await (await DuckDBInstance.create(':memory:')).connect()
    await generateDemoWorld(connection, dir, { scale: 0.02, seed: 20_260_101 })
    for (const table of DEMO_TABLES) await scanTable(table)
  })

  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  async function scanTable(table: DemoTable): Promise<void> {
    // The first 5,000 rows: scanColumn samples 1,000 of them evenly.
    const reader = await connection.runAndReadAll(
      `SELECT * FROM read_parquet('${join(dir, `${table}.parquet`)}') LIMIT 5000`,
    )
    const names = reader.columnNames()
    const rows = reader.getRowsJS()
    names.forEach((name, i) => {
      const values = rows.map((row) => row[i])
      findings.set(`${table}.${name}`, scanColumn(name, values, { today: new Date('2026-11-01') }))
    })
  }

  it('scans every column of every table', () => {
    assert.ok(findings.size > 30, `only ${findings.size} columns`)
    for (const column of Object.keys(SENSITIVE)) assert.ok(findings.has(column), column)
  })

  it('flags each sensitive column with its personal type', () => {
    for (const [column, type] of Object.entries(SENSITIVE)) {
      const finding = findings.get(column)!
      assert.ok(finding.personal, `${column}: ${JSON.stringify(finding.matches)}`)
      assert.deepEqual(finding.flagged, [type], `${column}: ${JSON.stringify(finding.matches)}`)
    }
  })

  it('flags no other column as personal, and the USCC columns at most as uscc', () => {
    for (const [column, finding] of findings) {
      if (column in SENSITIVE) continue
      assert.equal(finding.personal, false, `${column}: ${JSON.stringify(finding.matches)}`)
      assert.deepEqual(finding.tags, [], column)
      if (ORGANIZATION.has(column)) assert.deepEqual(finding.flagged, ['uscc'], column)
      else assert.deepEqual(finding.flagged, [], `${column}: ${JSON.stringify(finding.matches)}`)
    }
  })

  it('does not take enterprise names for personal names', () => {
    const name = findings.get('market_entities.name')!
    assert.equal(name.matches.find((m) => m.type === 'personal_name')?.flagged ?? false, false)
  })
})
