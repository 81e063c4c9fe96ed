import type { IncidentDatabase } from '../../modules/incidents/incident.table.ts'
import type { LedgerDatabase } from '../../modules/ledger/ledger.table.ts'
import type { DestructionDatabase } from '../../modules/destruction/destruction.table.ts'
import type { GatewayDatabase } from '../../modules/gateway/gateway.table.ts'
import type { ProductReviewTable, ProductTable, ModelTable } from '../../modules/products/product.table.ts'
import type { RegistrationDatabase } from '../../modules/registration/registration.table.ts'
import type { ReportDatabase } from '../../modules/reports/report.table.ts'
import type { AuditCheckpointTable, AuditEntryTable, AuditHeadTable } from '../../modules/audit/audit.table.ts'
import type {
  ApiTokenTable,
  OrganizationTable,
  SessionTable,
  UserRoleTable,
  UserTable,
} from '../../modules/identity/identity.table.ts'
import type {
  CatalogEntryTable,
  CatalogFieldTable,
  CatalogResourceTable,
  CollectionResolutionTable,
  ReturnFlowTable,
  SharedDataConsentTable,
} from '../../modules/catalog/catalog.table.ts'
import type { PoolVersionTable } from '../../modules/pool/pool.table.ts'
import type {
  AgreementTable,
  OperatorAuthorizationTable,
  WorkspaceMemberTable,
  WorkspaceTable,
} from '../../modules/authorizations/authorization.table.ts'
import type { CallApplicationTable, CallTable, ScenarioDemandTable, ScenarioTable } from '../../modules/scenarios/scenario.table.ts'
import type { QueryRunTable, QueryTemplateTable } from '../../modules/domain/query.table.ts'
import type { ImportTable, MaskingRuleTable } from '../../modules/masking/masking.table.ts'
import type { DataKeyTable, SigningKeyTable } from '../keys/keys.table.ts'

/** The whole store, built from the modules' tables. */
export interface Database extends GatewayDatabase, RegistrationDatabase, LedgerDatabase, DestructionDatabase, IncidentDatabase, ReportDatabase {
  organizations: OrganizationTable
  users: UserTable
  user_roles: UserRoleTable
  sessions: SessionTable
  api_tokens: ApiTokenTable
  data_keys: DataKeyTable
  signing_keys: SigningKeyTable
  audit_entries: AuditEntryTable
  audit_head: AuditHeadTable
  audit_checkpoints: AuditCheckpointTable
  catalog_resources: CatalogResourceTable
  catalog_entries: CatalogEntryTable
  catalog_fields: CatalogFieldTable
  pool_versions: PoolVersionTable
  collection_resolutions: CollectionResolutionTable
  return_flows: ReturnFlowTable
  shared_data_consents: SharedDataConsentTable
  operator_authorizations: OperatorAuthorizationTable
  scenarios: ScenarioTable
  scenario_demands: ScenarioDemandTable
  calls: CallTable
  call_applications: CallApplicationTable
  agreements: AgreementTable
  workspaces: WorkspaceTable
  workspace_members: WorkspaceMemberTable
  query_runs: QueryRunTable
  query_templates: QueryTemplateTable
  masking_rules: MaskingRuleTable
  imports: ImportTable
  products: ProductTable
  product_reviews: ProductReviewTable
  models: ModelTable
}
