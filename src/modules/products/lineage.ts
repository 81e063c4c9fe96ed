import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import type { Workspace } from '../authorizations/workspace.ts'
import { gradeLabel, type DataLevel, type GeneralGrade } from '../catalog/catalog.ts'
import { publishedContent } from '../catalog/catalog.service.ts'

/**
 * Where a product comes from (art. 25: 是否注明使用的数据来源), taken from the platform's own
 * records rather than typed in: the query runs and models it was built from, and for each pool
 * table they read, the resource and the pool version serving it then.
 */

export interface ResourceSource {
  readonly table: string
  readonly resourceCode: string
  /** The pool version read (null for an approved import of social data). */
  readonly poolVersionId: string | null
  readonly importId?: string
}

export interface ProductSources {
  readonly runs: readonly string[]
  readonly models: readonly string[]
  readonly resources: readonly ResourceSource[]
}

/** The resources behind the tables a run read, as the catalog and pool serve them now. */
export async function resourcesOf(db: Kysely<Database>, workspace: Workspace, tables: readonly string[]): Promise<ResourceSource[]> {
  const sources: ResourceSource[] = []
  for (const table of [...new Set(tables)].sort()) {
    const granted = workspace.scope.find((t) => t.table === table)
    if (granted) {
      const row = await db.selectFrom('catalog_resources').select(['code', 'pool_version_id']).where('code', '=', granted.resourceCode).executeTakeFirst()
      sources.push({ table, resourceCode: granted.resourceCode, poolVersionId: row?.pool_version_id ?? null })
      continue
    }
    const imported = await db.selectFrom('imports').select('id').where('workspace_id', '=', workspace.id).where('table_name', '=', table).where('status', '=', 'approved').executeTakeFirst()
    if (imported) sources.push({ table, resourceCode: `import:${table}`, poolVersionId: null, importId: imported.id })
  }
  return sources
}

const SEVERITY: Record<DataLevel, number> = { general: 0, important: 10, core: 20 }

/**
 * The column names a parsed query refers to, lower case; null when it reads every column of a
 * table (a star), so that every granted field counts.
 */
export function referencedColumns(trees: readonly unknown[]): Set<string> | null {
  const names = new Set<string>()
  let star = false
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (!node || typeof node !== 'object') return
    const n = node as Record<string, unknown>
    if (n['class'] === 'STAR') star = true
    if (n['class'] === 'COLUMN_REF') {
      const parts = n['column_names'] as string[] | undefined
      if (parts?.length) names.add(parts[parts.length - 1]!.toLowerCase())
    }
    for (const value of Object.values(n)) walk(value)
  }
  trees.forEach(walk)
  return star ? null : names
}

/**
 * The most severe grade among the granted fields a product draws on (就高从严): the fields of the
 * tables it read that its queries name (all of them when a query reads a star).
 */
export async function dataGradeOf(db: Kysely<Database>, workspace: Workspace, tables: readonly string[], columns: ReadonlySet<string> | null = null): Promise<{ level: DataLevel; grade: GeneralGrade | null; label: string; key: string }> {
  let worst: { level: DataLevel; grade: GeneralGrade | null } = { level: 'general', grade: 1 }
  const rank = (g: { level: DataLevel; grade: GeneralGrade | null }) => SEVERITY[g.level] + (g.grade ?? 0)
  for (const table of tables) {
    const granted = workspace.scope.find((t) => t.table === table)
    if (!granted) continue
    const published = await publishedContent(db, granted.resourceCode)
    for (const field of published?.content.fields ?? []) {
      if (!granted.fields.some((f) => f.name === field.name)) continue
      if (columns && !columns.has(field.name.toLowerCase())) continue
      const g = { level: field.level, grade: field.level === 'general' ? field.grade : null }
      if (rank(g) > rank(worst)) worst = g
    }
  }
  return { ...worst, label: gradeLabel(worst.level, worst.grade), key: worst.level === 'general' ? `general-${worst.grade}` : worst.level }
}

/** Grade general-3 and above (and important, core) needs two different reviewers (art. 25). */
export function needsTwoReviewers(gradeKey: string): boolean {
  return gradeKey === 'important' || gradeKey === 'core' || gradeKey === 'general-3' || gradeKey === 'general-4'
}
