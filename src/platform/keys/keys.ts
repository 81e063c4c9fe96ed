import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { CryptoSuite } from '../crypto/suite.ts'
import type { Database } from '../db/database.ts'
import { ConflictError, NotFoundError } from '../errors.ts'
import { newId } from '../ids.ts'

/**
 * Key hierarchy: one master key (environment or key file) wraps every data key and signing key
 * in the store. A data key sealed by the master key is useless without it; a destroyed data key
 * (its wrapped copy erased) makes whatever it encrypted unreadable for good (art. 31).
 */
export interface KeyRing {
  readonly suite: CryptoSuite
  readonly masterKey: Buffer
}

export interface DataKeyOwner {
  readonly purpose: string
  readonly ownerType: string
  readonly ownerId: string
}

/** Purposes of keys derived from the master key rather than stored. */
export const DERIVED_KEY_PURPOSES = ['session-token', 'api-token', 'totp-secret', 'gateway-key'] as const
export type DerivedKeyPurpose = (typeof DERIVED_KEY_PURPOSES)[number]

// Derived once per master key and purpose: every request checks a token with one.
const derivedKeys = new WeakMap<Buffer, Map<string, Buffer>>()

export function derivedKey(ring: KeyRing, purpose: DerivedKeyPurpose): Buffer {
  let byPurpose = derivedKeys.get(ring.masterKey)
  if (!byPurpose) derivedKeys.set(ring.masterKey, (byPurpose = new Map()))
  const id = `${ring.suite.name}:${purpose}`
  let key = byPurpose.get(id)
  if (!key) byPurpose.set(id, (key = ring.suite.deriveKey(ring.masterKey, `shuyu/${purpose}/v1`)))
  return key
}

/** Seals a small secret with a master-derived key; the aad binds it to what it belongs to. */
export function sealSecret(ring: KeyRing, purpose: DerivedKeyPurpose, secret: string, bindTo: string): string {
  return ring.suite.encrypt(derivedKey(ring, purpose), Buffer.from(secret, 'utf8'), Buffer.from(bindTo)).toString('base64')
}

export function openSecret(ring: KeyRing, purpose: DerivedKeyPurpose, sealed: string, bindTo: string): string {
  return ring.suite
    .decrypt(derivedKey(ring, purpose), Buffer.from(sealed, 'base64'), Buffer.from(bindTo))
    .toString('utf8')
}

function wrapAad(kind: string, id: string): Buffer {
  return Buffer.from(`shuyu/${kind}/${id}`)
}

export async function createDataKey(
  trx: Kysely<Database>,
  ring: KeyRing,
  owner: DataKeyOwner,
  now: string,
): Promise<{ id: string; key: Buffer }> {
  const id = newId('dk')
  const key = randomBytes(32)
  const wrapped = ring.suite.encrypt(ring.masterKey, key, wrapAad('data-key', id)).toString('base64')
  await trx
    .insertInto('data_keys')
    .values({
      id,
      purpose: owner.purpose,
      owner_type: owner.ownerType,
      owner_id: owner.ownerId,
      suite: ring.suite.name,
      wrapped_key: wrapped,
      created_at: now,
      destroyed_at: null,
      destroyed_by: null,
    })
    .execute()
  return { id, key }
}

export async function openDataKey(db: Kysely<Database>, ring: KeyRing, id: string): Promise<Buffer> {
  const row = await db.selectFrom('data_keys').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError(`data key ${id} does not exist`)
  if (row.wrapped_key === null) throw new ConflictError(`data key ${id} was destroyed at ${row.destroyed_at}`)
  return ring.suite.decrypt(ring.masterKey, Buffer.from(row.wrapped_key, 'base64'), wrapAad('data-key', id))
}

/** Erases the only wrapped copy of a data key. Irreversible; the caller audits it. */
export async function destroyDataKey(
  trx: Kysely<Database>,
  id: string,
  destroyedBy: string,
  now: string,
): Promise<void> {
  const result = await trx
    .updateTable('data_keys')
    .set({ wrapped_key: null, destroyed_at: now, destroyed_by: destroyedBy })
    .where('id', '=', id)
    .where('wrapped_key', 'is not', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) {
    const exists = await trx.selectFrom('data_keys').select('id').where('id', '=', id).executeTakeFirst()
    if (!exists) throw new NotFoundError(`data key ${id} does not exist`)
    throw new ConflictError(`data key ${id} was already destroyed`)
  }
}

export interface SigningKey {
  readonly id: string
  readonly suite: string
  readonly publicKey: string
  readonly privateKey: string
}

/**
 * The platform's signing key for a purpose (audit checkpoints, certificates), created on first
 * use. Two nodes racing to create it both insert; the first inserted is the one everyone uses.
 */
export async function platformSigningKey(db: Kysely<Database>, ring: KeyRing, purpose: string, now: string): Promise<SigningKey> {
  const existing = await activeSigningKey(db, ring, purpose)
  if (existing) return existing
  const pair = ring.suite.generateSigningKeyPair()
  const id = newId('sk')
  await db
    .insertInto('signing_keys')
    .values({
      id,
      purpose,
      suite: ring.suite.name,
      public_key: pair.publicKey,
      wrapped_private_key: ring.suite
        .encrypt(ring.masterKey, Buffer.from(pair.privateKey, 'utf8'), wrapAad('signing-key', id))
        .toString('base64'),
      created_at: now,
      retired_at: null,
    })
    .execute()
  const created = await activeSigningKey(db, ring, purpose)
  if (!created) throw new Error(`signing key for ${purpose} could not be created`)
  return created
}

async function activeSigningKey(db: Kysely<Database>, ring: KeyRing, purpose: string): Promise<SigningKey | undefined> {
  const row = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('suite', '=', ring.suite.name)
    .where('retired_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
  if (!row) return undefined
  const privateKey = ring.suite
    .decrypt(ring.masterKey, Buffer.from(row.wrapped_private_key, 'base64'), wrapAad('signing-key', row.id))
    .toString('utf8')
  return { id: row.id, suite: row.suite, publicKey: row.public_key, privateKey }
}

/** Public keys by id, for verifying what the platform signed (anyone may hold these). */
export async function signingPublicKeys(db: Kysely<Database>): Promise<Map<string, { suite: string; publicKey: string }>> {
  const rows = await db.selectFrom('signing_keys').select(['id', 'suite', 'public_key']).execute()
  return new Map(rows.map((r) => [r.id, { suite: r.suite, publicKey: r.public_key }]))
}
