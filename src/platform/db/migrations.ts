import { Migrator, sql, type Kysely, type Migration } from 'kysely'
import { gatewayTables } from '../../modules/gateway/gateway.migration.ts'
import { evaluationTables, incidentTables } from '../../modules/incidents/incident.migration.ts'
import { ledgerTables } from '../../modules/ledger/ledger.migration.ts'
import { destructionTables } from '../../modules/destruction/destruction.migration.ts'
import { registrationTables } from '../../modules/registration/registration.migration.ts'
import { reportTables } from '../../modules/reports/report.migration.ts'
import type { StoreDialect } from './store.ts'

/** The hash an audit chain starts from. */
export const GENESIS_HASH = '0'.repeat(64)

/**
 * One migration set for both dialects. Times are ISO 8601 text in China time (+08:00), which
 * sorts correctly as text on both; booleans are integers 0/1; ids are text from a CSPRNG.
 */
function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-identity': {
      async up(db) {
        await db.schema
          .createTable('organizations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('jurisdiction', 'text', (c) => c.notNull())
          .addColumn('unified_code', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute()
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('locked_until', 'text')
          .addColumn('totp_secret', 'text')
          .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('totp_last_step', 'bigint')
          .addColumn('password_changed_at', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute()
        await db.schema.createIndex('users_org_idx').on('users').column('org_id').execute()
        await db.schema
          .createTable('user_roles')
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
          .execute()
        await separationOfDutiesTrigger(db, dialect)
        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('source_ip', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute()
        await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute()
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('secret_hash', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text')
          .addColumn('last_used_at', 'text')
          .addColumn('revoked_at', 'text')
          .execute()
        await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute()
      },
    },
    '0002-keys': {
      async up(db) {
        await db.schema
          .createTable('data_keys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('owner_type', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull())
          .addColumn('suite', 'text', (c) => c.notNull())
          .addColumn('wrapped_key', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('destroyed_at', 'text')
          .addColumn('destroyed_by', 'text')
          .execute()
        await db.schema
          .createIndex('data_keys_owner_idx')
          .on('data_keys')
          .columns(['owner_type', 'owner_id'])
          .execute()
        await db.schema
          .createTable('signing_keys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('suite', 'text', (c) => c.notNull())
          .addColumn('public_key', 'text', (c) => c.notNull())
          .addColumn('wrapped_private_key', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('retired_at', 'text')
          .execute()
      },
    },
    '0003-audit': {
      async up(db) {
        await db.schema
          .createTable('audit_entries')
          // On SQLite an INTEGER PRIMARY KEY is the rowid itself: one B-tree less to write per entry.
          .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => c.primaryKey())
          .addColumn('occurred_at', 'text', (c) => c.notNull())
          .addColumn('actor_user_id', 'text')
          .addColumn('actor_username', 'text')
          .addColumn('org_id', 'text')
          .addColumn('role', 'text')
          .addColumn('source_ip', 'text')
          .addColumn('event_type', 'text', (c) => c.notNull())
          .addColumn('object_type', 'text')
          .addColumn('object_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('result', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('request_id', 'text')
          .addColumn('detail', 'text')
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute()
        // Each index is a page written per entry, in the transaction of every mutation: only time
        // and object are indexed; filters on event, actor or organization scan a time range.
        for (const column of ['occurred_at'] as const) {
          await db.schema.createIndex(`audit_entries_${column}_idx`).on('audit_entries').column(column).execute()
        }
        await db.schema
          .createIndex('audit_entries_object_idx')
          .on('audit_entries')
          .columns(['object_type', 'object_id'])
          .execute()
        // One row: the chain's head. Appends lock it, so entries are numbered without gaps even
        // when several platform nodes write to one PostgreSQL.
        await db.schema
          .createTable('audit_head')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('anchor_seq', 'bigint', (c) => c.notNull())
          .addColumn('anchor_hash', 'text', (c) => c.notNull())
          .addColumn('suite', 'text', (c) => c.notNull())
          .execute()
        // The suite (hash algorithm) is fixed by the first append; see startAuditChain.
        await db
          .insertInto('audit_head')
          .values({ id: 1, seq: 0, hash: GENESIS_HASH, anchor_seq: 0, anchor_hash: GENESIS_HASH, suite: '' })
          .execute()
        await db.schema
          .createTable('audit_checkpoints')
          .addColumn('seq', 'bigint', (c) => c.primaryKey())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('suite', 'text', (c) => c.notNull())
          .addColumn('key_id', 'text', (c) => c.notNull())
          .addColumn('signature', 'text', (c) => c.notNull())
          .execute()
        await appendOnlyTriggers(db, dialect)
      },
    },
    '0004-catalog': {
      async up(db) {
        await db.schema
          .createTable('catalog_resources')
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('table_name', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('provider_org_id', 'text', (c) => c.notNull().references('organizations.id'))
          .addColumn('compiled_by_org_id', 'text', (c) => c.notNull().references('organizations.id'))
          .addColumn('published_version', 'integer')
          .addColumn('level', 'text')
          .addColumn('grade', 'integer')
          .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('authorizable', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('pool_version_id', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute()
        await db.schema
          .createTable('catalog_entries')
          .addColumn('code', 'text', (c) => c.notNull().references('catalog_resources.code'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('compiled_by_org_id', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('submitted_by', 'text')
          .addColumn('submitted_at', 'text')
          .addColumn('reviewed_by', 'text')
          .addColumn('reviewed_at', 'text')
          .addColumn('review_comment', 'text')
          .addPrimaryKeyConstraint('catalog_entries_pk', ['code', 'version'])
          .execute()
        await db.schema.createIndex('catalog_entries_status_idx').on('catalog_entries').column('status').execute()
        await db.schema
          .createTable('catalog_fields')
          .addColumn('resource_code', 'text', (c) => c.notNull().references('catalog_resources.code'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('data_type', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('grade', 'integer')
          .addColumn('personal_info', 'text', (c) => c.notNull())
          .addColumn('sensitive', 'integer', (c) => c.notNull())
          .addColumn('identifier', 'integer', (c) => c.notNull())
          .addColumn('collecting_org_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('catalog_fields_pk', ['resource_code', 'name'])
          .execute()
      },
    },
    '0005-pool': {
      async up(db) {
        await db.schema
          .createTable('pool_versions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('resource_code', 'text', (c) => c.notNull().references('catalog_resources.code'))
          .addColumn('version_no', 'integer', (c) => c.notNull())
          .addColumn('file', 'text', (c) => c.notNull())
          .addColumn('file_hash', 'text', (c) => c.notNull())
          .addColumn('bytes', 'bigint', (c) => c.notNull())
          .addColumn('source_format', 'text', (c) => c.notNull())
          .addColumn('source_kind', 'text', (c) => c.notNull())
          .addColumn('source_name', 'text', (c) => c.notNull())
          .addColumn('rows_read', 'bigint', (c) => c.notNull())
          .addColumn('rows_loaded', 'bigint', (c) => c.notNull())
          .addColumn('rows_quarantined', 'bigint', (c) => c.notNull())
          .addColumn('quarantine_file', 'text')
          .addColumn('quality', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('loaded_by', 'text')
          .addColumn('loaded_by_org_id', 'text')
          .addColumn('loaded_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('pool_versions_resource_version', ['resource_code', 'version_no'])
          .execute()
      },
    },
    '0006-collection-and-flows': {
      async up(db) {
        // The bureau's decisions on fields collected by more than one unit (art. 8).
        await db.schema
          .createTable('collection_resolutions')
          .addColumn('field_a', 'text', (c) => c.notNull())
          .addColumn('field_b', 'text', (c) => c.notNull())
          .addColumn('resolution', 'text', (c) => c.notNull())
          .addColumn('responsible_org_id', 'text')
          .addColumn('note', 'text', (c) => c.notNull())
          .addColumn('resolved_by', 'text', (c) => c.notNull())
          .addColumn('resolved_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('collection_resolutions_pk', ['field_a', 'field_b'])
          .execute()
        // Requests for data to flow back to a county or department (数据回流, art. 10).
        await db.schema
          .createTable('return_flows')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('resource_code', 'text', (c) => c.notNull().references('catalog_resources.code'))
          .addColumn('requester_org_id', 'text', (c) => c.notNull().references('organizations.id'))
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('fields', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('requested_by', 'text', (c) => c.notNull())
          .addColumn('requested_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('decision_note', 'text')
          .addColumn('pool_version_id', 'text')
          .execute()
        // A shared resource's provider consenting to its use in authorized operation (art. 15).
        await db.schema
          .createTable('shared_data_consents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('resource_code', 'text', (c) => c.notNull().references('catalog_resources.code'))
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('evidence', 'text', (c) => c.notNull())
          .addColumn('valid_until', 'text')
          .addColumn('recorded_by', 'text', (c) => c.notNull())
          .addColumn('recorded_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute()
      },
    },
    '0007-authorization': {
      async up(db) {
        await authorizationTables(db)
      },
    },
    '0008-query-runs': {
      async up(db) {
        // Every query through the gate, answered or refused (art. 19): what ran, the rules' outcome, the checks and the result's hash.
        await db.schema
          .createTable('query_runs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('mode', 'text', (c) => c.notNull())
          .addColumn('sql', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('rule', 'text')
          .addColumn('message', 'text')
          .addColumn('tables', 'text', (c) => c.notNull())
          .addColumn('checks', 'text', (c) => c.notNull())
          .addColumn('rows_released', 'integer', (c) => c.notNull())
          .addColumn('rows_withheld', 'integer', (c) => c.notNull())
          .addColumn('cells_suppressed', 'integer', (c) => c.notNull())
          .addColumn('result_hash', 'text')
          .addColumn('epsilon_spent', sql`double precision`, (c) => c.notNull())
          .addColumn('duration_ms', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute()
        await db.schema.createIndex('query_runs_workspace_idx').on('query_runs').columns(['workspace_id', 'created_at']).execute()
      },
    },
    '0009-query-templates': {
      async up(db) {
        // Parameterized queries a developer proposes and the operator approves (the basis of API products).
        await db.schema
          .createTable('query_templates')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('sql', 'text', (c) => c.notNull())
          .addColumn('parameters', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('proposed_by', 'text', (c) => c.notNull())
          .addColumn('proposed_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('decision_note', 'text')
          .addUniqueConstraint('query_templates_name', ['workspace_id', 'name'])
          .execute()
      },
    },
    '0010-masking-and-imports': {
      async up(db) {
        // Column masks per workspace (art. 19 安全脱敏): what the gate and the sandbox see instead of the pool's values.
        await db.schema
          .createTable('masking_rules')
          .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
          .addColumn('table_name', 'text', (c) => c.notNull())
          .addColumn('column_name', 'text', (c) => c.notNull())
          .addColumn('operator', 'text', (c) => c.notNull())
          .addColumn('context_column', 'text')
          .addColumn('set_by', 'text', (c) => c.notNull())
          .addColumn('set_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('masking_rules_pk', ['workspace_id', 'table_name', 'column_name'])
          .execute()
        // Social data a developer imports into its workspace (art. 20): de-identified, approved by the office, encrypted.
        await db.schema
          .createTable('imports')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
          .addColumn('table_name', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('row_count', 'integer', (c) => c.notNull())
          .addColumn('columns', 'text', (c) => c.notNull())
          .addColumn('scan', 'text', (c) => c.notNull())
          .addColumn('plan', 'text')
          .addColumn('result', 'text')
          .addColumn('raw_hash', 'text', (c) => c.notNull())
          .addColumn('deidentified_hash', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('submitted_at', 'text')
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('decision_note', 'text')
          .addColumn('destruction', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute()
        // One live import per table name in a workspace; a destroyed one frees its name.
        await db.schema
          .createIndex('imports_live_table')
          .on('imports')
          .columns(['workspace_id', 'table_name'])
          .unique()
          .where(sql.ref('status'), '<>', 'destroyed')
          .execute()
      },
    },
    '0011-products': {
      async up(db) {
        await productTables(db)
      },
    },
    '0012-gateway': {
      async up(db) {
        await gatewayTables(db)
      },
    },
    '0013-registration': {
      async up(db) {
        await registrationTables(db)
      },
    },
    '0014-ledger': {
      async up(db) {
        await ledgerTables(db)
      },
    },
    '0015-destruction': {
      async up(db) {
        await destructionTables(db)
      },
    },
    '0016-incidents': {
      async up(db) {
        await incidentTables(db)
      },
    },
    '0017-evaluations': {
      async up(db) {
        await evaluationTables(db)
      },
    },
    '0018-annual-reports': {
      async up(db) {
        await reportTables(db)
      },
    },
  }
}

/** Data products, their reviews, and the models trained in workspaces (art. 3, 19, 21, 25). */
async function productTables(db: Kysely<any>): Promise<void> {
  // A run's released answer, so a dataset product is exactly what the gate released.
  await db.schema.alterTable('query_runs').addColumn('result', 'text').execute()
  await db.schema
    .createTable('products')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('scenario_code', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('developer_org_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('outputs', 'text', (c) => c.notNull())
    .addColumn('per_entity', 'integer', (c) => c.notNull())
    .addColumn('pricing', 'text', (c) => c.notNull())
    .addColumn('data_grade', 'text', (c) => c.notNull())
    .addColumn('checks', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('product_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_code', 'text', (c) => c.notNull().references('products.code'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  // Two approvals of one round must come from two reviewers: the store refuses a second decision by the same one.
  await db.schema.createIndex('product_reviews_one_per_reviewer').on('product_reviews').columns(['product_code', 'round', 'reviewer_id']).unique().execute()
  await db.schema
    .createTable('models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('releasable', 'integer', (c) => c.notNull())
    .addColumn('training_run_id', 'text', (c) => c.notNull())
    .addColumn('trained_by', 'text', (c) => c.notNull())
    .addColumn('trained_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('models_name', ['workspace_id', 'name'])
    .execute()
}

/** The two tiers of authorization (art. 11–17): operator, scenarios, calls, agreements, workspaces. */
async function authorizationTables(db: Kysely<any>): Promise<void> {
  const money = sql`double precision`
  await db.schema
    .createTable('operator_authorizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('qualifications', 'text', (c) => c.notNull())
    .addColumn('last_security_incident_on', 'text')
    .addColumn('agreement_reference', 'text', (c) => c.notNull())
    .addColumn('clauses', 'text', (c) => c.notNull())
    .addColumn('term_start', 'text', (c) => c.notNull())
    .addColumn('term_end', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('designated_by', 'text', (c) => c.notNull())
    .addColumn('designated_at', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addColumn('granted_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .execute()
  // One primary operator per city (art. 11): the store refuses a second whatever the code does.
  await db.schema
    .createIndex('operator_authorizations_one_per_city')
    .on('operator_authorizations')
    .column('jurisdiction')
    .unique()
    .where(sql.ref('status'), '<>', 'ended')
    .execute()
  await db.schema
    .createTable('scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('purpose_type', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('compiled_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_comment', 'text')
    .execute()
  await db.schema
    .createTable('scenario_demands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('purpose_type', 'text', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scenario_id', 'text', (c) => c.references('scenarios.id'))
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scenario_id', 'text', (c) => c.notNull().references('scenarios.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('invited_org_ids', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('awarded_application_id', 'text')
    .addColumn('awarded_by', 'text')
    .addColumn('awarded_at', 'text')
    .addColumn('award_reason', 'text')
    .execute()
  await db.schema
    .createTable('call_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
    .addColumn('developer_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('scores', 'text')
    .addColumn('total_score', money)
    .addColumn('scored_by', 'text')
    .addColumn('scored_at', 'text')
    .addUniqueConstraint('call_applications_one_per_developer', ['call_id', 'developer_org_id'])
    .execute()
  await db.schema
    .createTable('agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scenario_id', 'text', (c) => c.notNull().references('scenarios.id'))
    .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
    .addColumn('application_id', 'text', (c) => c.notNull().references('call_applications.id'))
    .addColumn('operator_authorization_id', 'text', (c) => c.notNull().references('operator_authorizations.id'))
    .addColumn('operator_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('developer_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('clauses', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('fee_yuan', money, (c) => c.notNull())
    .addColumn('term_start', 'text', (c) => c.notNull())
    .addColumn('term_end', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('workspace_name', 'text', (c) => c.notNull())
    .addColumn('workspace_rules', 'text', (c) => c.notNull())
    .addColumn('renewal_of', 'text', (c) => c.references('agreements.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'text')
    .addColumn('filed_at', 'text')
    .addColumn('objection_deadline', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('objection', 'text')
    .addColumn('activated_at', 'text')
    .addColumn('suspended_at', 'text')
    .addColumn('suspension_reason', 'text')
    .addColumn('rectification_deadline', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('termination_ground', 'text')
    .addColumn('termination_note', 'text')
    .addColumn('expiry_warned_at', 'text')
    .execute()
  await db.schema.createIndex('agreements_scenario_idx').on('agreements').column('scenario_id').execute()
  await db.schema.createIndex('agreements_status_idx').on('agreements').columns(['status', 'term_end']).execute()
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
    .addColumn('developer_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('scenario_id', 'text', (c) => c.notNull().references('scenarios.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('budget_epsilon', money)
    .addColumn('budget_spent', money, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('workspace_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workspace_members_pk', ['workspace_id', 'user_id'])
    .execute()
}

/**
 * 三员分立 held by the database too: whatever code path writes user_roles, no user ends up with
 * two of the three administrator roles.
 */
async function separationOfDutiesTrigger(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create trigger user_roles_separation before insert on user_roles
      when new.role in ('system_admin', 'security_admin', 'audit_admin') and exists (
        select 1 from user_roles where user_id = new.user_id and role <> new.role
          and role in ('system_admin', 'security_admin', 'audit_admin'))
      begin select raise(abort, 'separation of duties: one user may hold only one administrator role'); end`.execute(db)
    return
  }
  await sql`create or replace function user_roles_separation() returns trigger as $$
    begin
      if new.role in ('system_admin', 'security_admin', 'audit_admin') and exists (
        select 1 from user_roles where user_id = new.user_id and role <> new.role
          and role in ('system_admin', 'security_admin', 'audit_admin')) then
        raise exception 'separation of duties: one user may hold only one administrator role';
      end if;
      return new;
    end $$ language plpgsql`.execute(db)
  await sql`create trigger user_roles_separation before insert or update on user_roles
    for each row execute function user_roles_separation()`.execute(db)
}

/**
 * The database itself refuses to change an audit entry, and to delete one younger than six
 * months (art. 31). Someone with direct access can drop the triggers; the hash chain and the
 * signed checkpoints are what then expose the change.
 */
async function appendOnlyTriggers(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create trigger audit_entries_no_update before update on audit_entries
      begin select raise(abort, 'audit entries are append-only (art. 19, 31)'); end`.execute(db)
    await sql`create trigger audit_entries_retention before delete on audit_entries
      when old.occurred_at > strftime('%Y-%m-%dT%H:%M:%S', 'now', '+8 hours', '-6 months')
      begin select raise(abort, 'audit entries younger than 6 months cannot be deleted (art. 31)'); end`.execute(
      db,
    )
    return
  }
  await sql`create or replace function audit_entries_guard() returns trigger as $$
    begin
      if tg_op = 'UPDATE' then
        raise exception 'audit entries are append-only (art. 19, 31)';
      end if;
      if old.occurred_at > to_char((now() at time zone 'Asia/Shanghai') - interval '6 months', 'YYYY-MM-DD"T"HH24:MI:SS') then
        raise exception 'audit entries younger than 6 months cannot be deleted (art. 31)';
      end if;
      return old;
    end $$ language plpgsql`.execute(db)
  await sql`create trigger audit_entries_guard before update or delete on audit_entries
    for each row execute function audit_entries_guard()`.execute(db)
}

export async function migrateToLatest(
  db: Kysely<any>,
  dialect: StoreDialect,
  schema?: string,
): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`store migration ${failed ?? ''} failed: ${String(error)}`, { cause: error })
  }
}
