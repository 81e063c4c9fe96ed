import { sql, type Kysely } from 'kysely'

/**
 * The ledger's tables: price caps, costs, revenue shares (art. 6, 24, 26). Money the operator
 * books is kept in integer fen; a cap is a per-call price like the gateway's, in yuan.
 */
export async function ledgerTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('price_caps')
    .addColumn('scenario_code', 'text', (c) => c.primaryKey())
    .addColumn('yuan_per_call', sql`double precision`, (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('ledger_costs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_code', 'text', (c) => c.notNull().references('products.code'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('corrects', 'text', (c) => c.references('ledger_costs.id'))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_org_id', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('ledger_costs_product_period_idx').on('ledger_costs').columns(['product_code', 'period']).execute()
  await db.schema.createIndex('ledger_costs_period_idx').on('ledger_costs').column('period').execute()
  await db.schema.createIndex('ledger_costs_corrects_idx').on('ledger_costs').column('corrects').execute()
  await db.schema
    .createTable('revenue_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_code', 'text', (c) => c.notNull().references('products.code'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('from_period', 'text', (c) => c.notNull())
    .addColumn('shares', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('revenue_shares_version').on('revenue_shares').columns(['product_code', 'version']).unique().execute()
}
