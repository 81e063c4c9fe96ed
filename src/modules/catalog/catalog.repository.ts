import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import type { CatalogEntryRow, CatalogFieldRow, CatalogResourceRow } from './catalog.table.ts'

export async function findResource(db: Kysely<Database>, code: string): Promise<CatalogResourceRow | undefined> {
  return db.selectFrom('catalog_resources').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function findResourceByTable(db: Kysely<Database>, tableName: string): Promise<CatalogResourceRow | undefined> {
  return db.selectFrom('catalog_resources').selectAll().where('table_name', '=', tableName).executeTakeFirst()
}

export async function listPublishedResources(db: Kysely<Database>): Promise<CatalogResourceRow[]> {
  return db.selectFrom('catalog_resources').selectAll().where('published_version', 'is not', null).orderBy('code').execute()
}

export async function insertResource(db: Kysely<Database>, row: CatalogResourceRow): Promise<void> {
  await db.insertInto('catalog_resources').values(row).execute()
}

export async function updateResource(
  db: Kysely<Database>,
  code: string,
  changes: Partial<Omit<CatalogResourceRow, 'code' | 'created_at'>> & { updated_at: string },
): Promise<void> {
  await db.updateTable('catalog_resources').set(changes).where('code', '=', code).execute()
}

export async function findEntry(db: Kysely<Database>, code: string, version: number): Promise<CatalogEntryRow | undefined> {
  return db.selectFrom('catalog_entries').selectAll().where('code', '=', code).where('version', '=', version).executeTakeFirst()
}

/** The version still being worked on (draft, submitted or returned), if any. */
export async function findOpenEntry(db: Kysely<Database>, code: string): Promise<CatalogEntryRow | undefined> {
  return db
    .selectFrom('catalog_entries')
    .selectAll()
    .where('code', '=', code)
    .where('status', '!=', 'approved')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function latestVersion(db: Kysely<Database>, code: string): Promise<number> {
  const row = await db
    .selectFrom('catalog_entries')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('code', '=', code)
    .executeTakeFirst()
  return Number(row?.version ?? 0)
}

export async function listEntries(
  db: Kysely<Database>,
  filter: { status?: string; compiledByOrgId?: string; code?: string },
): Promise<CatalogEntryRow[]> {
  let query = db.selectFrom('catalog_entries').selectAll().orderBy('code').orderBy('version')
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.compiledByOrgId) query = query.where('compiled_by_org_id', '=', filter.compiledByOrgId)
  if (filter.code) query = query.where('code', '=', filter.code)
  return query.execute()
}

export async function insertEntry(db: Kysely<Database>, row: CatalogEntryRow): Promise<void> {
  await db.insertInto('catalog_entries').values(row).execute()
}

/** Compare-and-set on the status: zero rows means someone else moved it first. */
export async function transitionEntry(
  db: Kysely<Database>,
  code: string,
  version: number,
  from: string,
  changes: Partial<Omit<CatalogEntryRow, 'code' | 'version'>> & { status: string; updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('catalog_entries')
    .set(changes)
    .where('code', '=', code)
    .where('version', '=', version)
    .where('status', '=', from)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function fieldsOf(db: Kysely<Database>, codes: readonly string[]): Promise<CatalogFieldRow[]> {
  if (codes.length === 0) return []
  return db.selectFrom('catalog_fields').selectAll().where('resource_code', 'in', codes).orderBy('resource_code').orderBy('position').execute()
}

export async function allPublishedFields(db: Kysely<Database>): Promise<CatalogFieldRow[]> {
  return db.selectFrom('catalog_fields').selectAll().orderBy('resource_code').orderBy('position').execute()
}

export async function replaceFields(db: Kysely<Database>, code: string, rows: readonly CatalogFieldRow[]): Promise<void> {
  await db.deleteFrom('catalog_fields').where('resource_code', '=', code).execute()
  if (rows.length > 0) await db.insertInto('catalog_fields').values([...rows]).execute()
}
