import type { Platform } from '../../platform/platform.ts'
import type { Workspace } from '../authorizations/workspace.ts'
import { approvedImports, approvedRecords, type ApprovedImport } from '../masking/import.service.ts'
import { workspaceMasks } from '../masking/masking.service.ts'
import { maskingKeys, needsKeys } from '../masking/operators.ts'
import { loadTable, maskTable } from '../masking/sealed-masking.ts'
import { workspaceKey } from '../masking/workspace-key.ts'
import type { SealedSetup } from './sealed.ts'

/**
 * What a workspace's sealed copy holds beyond the pool's granted columns: the approved imports
 * of social data (art. 20), then the masking policy (art. 19) applied to every table, pool or
 * import. The sandbox gets the same: imports as empty tables of the same shape (it never holds
 * a real row), its synthetic columns masked like the real ones.
 */
export async function workspaceSetup(
  platform: Platform,
  workspace: Workspace,
  base: SealedSetup,
  options: { sandbox?: boolean; imports?: readonly ApprovedImport[] } = {},
): Promise<SealedSetup> {
  const { db } = platform.store
  const imports = options.imports ?? (await approvedImports(db, workspace.id))
  const masks = await workspaceMasks(db, workspace, imports)
  if (masks.size === 0 && imports.length === 0) return base
  const present = new Set([...workspace.scope.map((t) => t.table), ...imports.map((i) => i.table)])
  return {
    // A changed policy or a new approval gives a new signature, so the copy is rebuilt.
    signature: JSON.stringify({ base: base.signature, masks: [...masks], imports: imports.map((i) => `${i.id}:${i.hash}`) }),
    statements: () => base.statements(),
    async fill(connection) {
      await base.fill?.(connection)
      for (const i of imports) {
        const records = options.sandbox ? { columns: i.columns, rows: [] } : await approvedRecords(platform, i)
        await loadTable(connection, i.table, records.columns, records.rows)
      }
      const keyed = [...masks.values()].some((list) => list.some((m) => needsKeys(m.operator)))
      const keys = keyed ? maskingKeys(await workspaceKey(platform, workspace.id)) : undefined
      const tables = (await connection.runAndReadAll('SELECT table_name FROM duckdb_tables()')).getRowsJS().map((r) => String(r[0]))
      for (const [table, list] of masks) {
        // A granted table with no data yet is not in the copy: nothing to mask.
        if (present.has(table) && tables.includes(table)) await maskTable(connection, table, list, keys)
      }
    },
  }
}
