import { sql, type Kysely } from 'kysely'

/** Emergency plans and security incidents (art. 13(1), 14(1)). */
export async function incidentTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('emergency_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('document_hash', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('emergency_plans_version', ['org_id', 'version'])
    .execute()
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reporter_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('reporter_kind', 'text', (c) => c.notNull())
    .addColumn('receiver_kind', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('close_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('closure', 'text')
    .addColumn('suspended_agreement_id', 'text')
    .addColumn('escalated_to', 'text')
    .addColumn('escalated_from', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('incidents_status_idx').on('incidents').columns(['status', 'close_by']).execute()
}

/** Evaluations of the operator and developers (art. 33). */
export async function evaluationTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('scores', 'text', (c) => c.notNull())
    .addColumn('total', sql`double precision`, (c) => c.notNull())
    .addColumn('rating', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('evaluated_by', 'text', (c) => c.notNull())
    .addColumn('evaluated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('evaluations_subject_year', ['subject_org_id', 'year'])
    .execute()
}
