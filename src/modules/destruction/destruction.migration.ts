import type { Kysely } from 'kysely'

/** Destruction certificates (art. 31): one per workspace, enforced by a unique index. */
export async function destructionTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('destruction_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
    .addColumn('operator_org_id', 'text', (c) => c.notNull())
    .addColumn('developer_org_id', 'text', (c) => c.notNull())
    .addColumn('certificate', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull().references('signing_keys.id'))
    .addColumn('suite', 'text', (c) => c.notNull())
    .addColumn('destroyed_by', 'text', (c) => c.notNull())
    .addColumn('destroyed_at', 'text', (c) => c.notNull())
    .addColumn('files_removed_at', 'text')
    .execute()
  await db.schema.createIndex('destruction_certificates_workspace').on('destruction_certificates').column('workspace_id').unique().execute()
}
