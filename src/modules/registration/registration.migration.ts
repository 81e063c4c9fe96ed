import { sql, type Kysely } from 'kysely'

/**
 * The registration tables (art. 22). Two partial unique indexes back the service's checks
 * against races: one registration in progress per subject, and one first registration per code.
 */
export async function registrationTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('applicant_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('applied_by', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('rights', 'text', (c) => c.notNull())
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('changes', 'text')
    .addColumn('first_registration_id', 'text', (c) => c.references('registrations.id'))
    .addColumn('registration_code', 'text')
    .addColumn('notice_started_on', 'text')
    .addColumn('notice_ends_on', 'text')
    .addColumn('registered_on', 'text')
    .addColumn('cancelled_on', 'text')
    .addColumn('history', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('registrations_subject_idx').on('registrations').columns(['subject_type', 'subject_code']).execute()
  await db.schema.createIndex('registrations_status_idx').on('registrations').column('status').execute()
  await db.schema
    .createIndex('registrations_one_in_progress')
    .on('registrations')
    .columns(['subject_type', 'subject_code'])
    .unique()
    .where(sql<boolean>`status in ('applied', 'accepted', 'returned', 'notice')`)
    .execute()
  await db.schema
    .createIndex('registrations_code_first')
    .on('registrations')
    .column('registration_code')
    .unique()
    .where(sql.ref('kind'), '=', 'first')
    .execute()
  await db.schema
    .createTable('registration_objections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'text', (c) => c.notNull().references('registrations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'text')
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolution_note', 'text')
    .execute()
  await db.schema.createIndex('registration_objections_registration_idx').on('registration_objections').column('registration_id').execute()
}
