import type { Kysely } from 'kysely'

/** Annual operation reports (art. 27): one per operator and year. */
export async function reportTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('annual_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('figures_digest', 'text', (c) => c.notNull())
    .addColumn('digest_algorithm', 'text', (c) => c.notNull())
    .addColumn('compiled_by', 'text', (c) => c.notNull())
    .addColumn('compiled_at', 'text', (c) => c.notNull())
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('document_digest', 'text')
    .addColumn('first_filed_at', 'text')
    .addColumn('filed_by', 'text')
    .addColumn('filed_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_comment', 'text')
    .addColumn('history', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('annual_reports_operator_year', ['operator_org_id', 'year'])
    .execute()
}
