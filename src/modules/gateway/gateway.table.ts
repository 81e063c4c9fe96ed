import type { Selectable } from 'kysely'

/** A consumer's gateway key: the secret is shown once; only its keyed hash is kept. */
export interface GatewayKeyTable {
  id: string
  org_id: string
  name: string
  /** `zk_` and the secret's first characters, to tell keys apart: not enough to use one. */
  prefix: string
  /** HMAC of the secret under a master-derived key; unique, so a presented key is found by it. */
  secret_hash: string
  /** Product codes (string[] as JSON) the key may call. */
  products: string
  status: string
  created_by: string
  created_at: string
  rotated_at: string | null
  revoked_at: string | null
  revoked_by: string | null
  revocation_reason: string | null
}

/** Call counters shared by every node: one row per (consumer, product, window), incremented atomically. */
export interface GatewayUsageTable {
  org_id: string
  product_code: string
  /** `d:YYYY-MM-DD` (China day, the daily quota) or `s:YYYY-MM-DDTHH:MM:SS` (the second, the rate). */
  period: string
  calls: number
  ends_at: string
}

/** One metered call, answered or refused: what the ledger bills from. Never a secret or a raw entity id. */
export interface GatewayCallTable {
  id: string
  key_id: string | null
  org_id: string | null
  product_code: string
  /** HMAC of the entity id (per-entity products), never the id itself. */
  entity_hash: string | null
  consent_id: string | null
  /** The HTTP status answered. */
  status: number
  outcome: string
  duration_ms: number
  /** What the call costs: the product's price for an answered call, 0 for a refused or failed one. */
  price_yuan: number
  request_id: string | null
  called_at: string
}

/** An entity's consent (授权书) to a consumer's calls of one per-entity product. */
export interface ConsentTable {
  id: string
  org_id: string
  product_code: string
  entity_hash: string
  /** The entity id with all but its authority, kind and region masked. */
  entity_masked: string
  token_prefix: string
  /** HMAC of the consent token; unique. The token is shown once. */
  token_hash: string
  /** ConsentEvidence as JSON: the letter's SM3/SHA-256 hash, signatory, date signed. */
  evidence: string
  valid_until: string
  status: string
  created_by: string
  created_at: string
  revoked_at: string | null
  revoked_by: string | null
  revocation_reason: string | null
}

export type GatewayKeyRow = Selectable<GatewayKeyTable>
export type GatewayUsageRow = Selectable<GatewayUsageTable>
export type GatewayCallRow = Selectable<GatewayCallTable>
export type ConsentRow = Selectable<ConsentTable>

/** The gateway's tables. */
export interface GatewayDatabase {
  gateway_keys: GatewayKeyTable
  gateway_usage: GatewayUsageTable
  gateway_calls: GatewayCallTable
  consents: ConsentTable
}
