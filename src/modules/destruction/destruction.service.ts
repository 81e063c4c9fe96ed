import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { cryptoSuite, isSuiteName, type SuiteName } from '../../platform/crypto/suite.ts'
import { ConflictError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { destroyDataKey, platformSigningKey } from '../../platform/keys/keys.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'
import { lockAuditHead } from '../audit/audit.repository.ts'
import { appendAudit, purgeAuditBefore, recordAudit } from '../audit/audit.service.ts'
import { canSuspendOrTerminate, isDeveloperOf, isOffice, isOperatorOf } from '../authorizations/authorization.policy.ts'
import type { AgreementRow, WorkspaceRow } from '../authorizations/authorization.table.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import { hasRole, type Principal } from '../identity/identity.ts'
import { destroyWorkspaceImports } from '../masking/import.service.ts'
import { forgetWorkspaceKey } from '../masking/workspace-key.ts'
import { canTransition, type ProductStatus } from '../products/product.ts'
import { endRegistrationsOf } from '../registration/registration.service.ts'
import {
  assertAuditRetention,
  assertDestroyable,
  assertNotDestroyedYet,
  canonicalJson,
  CERTIFICATE_KEY_PURPOSE,
  CERTIFICATE_TYPE,
  latestPurgeCutoff,
  reasonOf,
  signatureAlgorithm,
  type DestroyedFile,
  type DestroyedKey,
  type DestructionCertificate,
} from './destruction.ts'
import type { DestructionCertificateRow } from './destruction.table.ts'

/** A certificate as the platform hands it out: the certificate, its signature, and where it stands. */
export interface SignedCertificate {
  readonly certificate: DestructionCertificate
  readonly signature: string
  /** The exact bytes signed (UTF-8), for whoever verifies without a canonicalizer. */
  readonly canonical: string
  readonly filesRemovedAt: string | null
}

/** What a model row keeps after destruction: nothing that reproduces the model or its data. */
const DESTROYED_MODEL = '{"destroyed":true}'

/** Where a workspace keeps its files: imports and whatever else it stores. */
export function workspaceDir(platform: Platform, workspaceId: string): string {
  return path.join(platform.config.dataDir, 'workspaces', workspaceId)
}

// ---------------------------------------------------------------------------- policy

/** Destruction is ordered by whoever may terminate: the office or the agreement's operator (art. 31, 35). */
function canDestroy(p: Principal, agreement: Pick<AgreementRow, 'operator_org_id'>): boolean {
  return canSuspendOrTerminate(p, agreement)
}

/** A certificate is read by the operator, the office, regulators and the developer concerned. */
function canReadCertificate(p: Principal, row: Pick<DestructionCertificateRow, 'operator_org_id' | 'developer_org_id'>): boolean {
  return isOffice(p) || p.orgKind === 'regulator' || isOperatorOf(p, row.operator_org_id) || isDeveloperOf(p, row.developer_org_id)
}

// ---------------------------------------------------------------------------- destruction

/**
 * Destroys a closed workspace (art. 31). In one transaction: its data key and every import key
 * destroyed (what they encrypted is unreadable from the commit on), its imports marked destroyed,
 * the released answers of its query runs and its models' parameters erased, its products
 * cancelled, and a certificate signed and stored. Then its files are deleted and its in-memory
 * sealed copies dropped. Audit entries are not touched.
 */
export async function destroyWorkspace(platform: Platform, ctx: RequestContext, workspaceId: string, input: { note: string }): Promise<SignedCertificate> {
  const p = actingPrincipal(ctx)
  const { db } = platform.store
  const { workspace, agreement, scenarioCode } = await loadForDestruction(db, p, workspaceId)
  assertDestroyable(workspace, agreement)
  assertNotDestroyedYet(workspaceId, await certificateOfWorkspace(db, workspaceId))

  const at = chinaTime(platform.clock())
  // Outside the transaction: on SQLite the store has one connection, which the transaction holds.
  const key = await platformSigningKey(db, platform.keys, CERTIFICATE_KEY_PURPOSE, at)
  const suiteName = key.suite as SuiteName
  const suite = cryptoSuite(suiteName)
  const dir = workspaceDir(platform, workspaceId)
  const files = await listFiles(platform.config.dataDir, dir)
  const reason = reasonOf(agreement)
  const importReason = `workspace ${workspaceId} destroyed (art. 31): ${reason.kind === 'termination' ? `terminated, ${reason.ground}` : 'expired'}; ${input.note}`

  const signed = await db.transaction().execute(async (trx) => {
    // The row is claimed first: a second destruction racing this one waits here, then finds it done.
    const claimed = await trx.updateTable('workspaces').set({ updated_at: at }).where('id', '=', workspaceId).where('status', '=', 'closed').executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) throw new ConflictError(`workspace ${workspaceId} changed meanwhile: reload`)
    assertNotDestroyedYet(workspaceId, await certificateOfWorkspace(trx, workspaceId))

    const imports = await destroyWorkspaceImports(trx, platform, ctx, workspaceId, importReason, at)
    const keys = await destroyWorkspaceKeys(trx, workspaceId, p.userId, at)
    const runs = await trx.updateTable('query_runs').set({ result: null }).where('workspace_id', '=', workspaceId).where('result', 'is not', null).executeTakeFirst()
    const models = await trx
      .updateTable('models')
      .set({ model: DESTROYED_MODEL, releasable: 0 })
      .where('workspace_id', '=', workspaceId)
      .where('model', '<>', DESTROYED_MODEL)
      .executeTakeFirst()
    const products = await cancelProducts(trx, platform, ctx, workspaceId, at)

    const head = await lockAuditHead(trx, platform.store.dialect)
    const { algorithm, userId } = signatureAlgorithm(suiteName)
    const certificate: DestructionCertificate = {
      type: CERTIFICATE_TYPE,
      version: 1,
      id: newId('dc'),
      workspaceId,
      agreementId: agreement.id,
      scenarioCode,
      developerOrgId: workspace.developer_org_id,
      operatorOrgId: agreement.operator_org_id,
      reason,
      note: input.note,
      destroyedAt: at,
      destroyedBy: { userId: p.userId, username: p.username, orgId: p.orgId },
      keys,
      files,
      records: {
        queryRunResults: Number(runs.numUpdatedRows),
        models: Number(models.numUpdatedRows),
        products,
        imports: imports.map((i) => i.id),
      },
      auditHeadSeq: head.seq,
      auditHeadHash: head.hash,
      signer: { keyId: key.id, suite: key.suite, algorithm, userId },
    }
    const canonical = canonicalJson(certificate)
    const signature = suite.sign(key.privateKey, canonical)
    await trx
      .insertInto('destruction_certificates')
      .values({
        id: certificate.id,
        workspace_id: workspaceId,
        agreement_id: agreement.id,
        operator_org_id: agreement.operator_org_id,
        developer_org_id: workspace.developer_org_id,
        certificate: canonical,
        signature,
        key_id: key.id,
        suite: key.suite,
        destroyed_by: p.userId,
        destroyed_at: at,
        files_removed_at: null,
      })
      .execute()
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'workspace.destroy',
      objectType: 'workspace',
      objectId: workspaceId,
      action: 'destroy',
      result: 'success',
      reason: input.note.slice(0, 500),
      detail: {
        certificateId: certificate.id,
        certificateHash: suite.hashHex(canonical),
        agreementId: agreement.id,
        keys: keys.map((k) => k.id),
        files: files.length,
        records: certificate.records,
      },
    })
    return { certificate, signature, canonical, filesRemovedAt: null }
  })

  // The keys are gone: what follows removes bytes nobody can read any more.
  forgetWorkspaceKey(platform, workspaceId)
  platform.domain.release(workspaceId)
  platform.domain.release(`${workspaceId}~sandbox`)
  return { ...signed, filesRemovedAt: await removeFiles(platform, ctx, signed.certificate, dir) }
}

async function loadForDestruction(db: Kysely<Database>, p: Principal, workspaceId: string): Promise<{ workspace: WorkspaceRow; agreement: AgreementRow; scenarioCode: string }> {
  const workspace = await db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst()
  const agreement = workspace ? await db.selectFrom('agreements').selectAll().where('id', '=', workspace.agreement_id).executeTakeFirst() : undefined
  // Who may not terminate the agreement is not told whether the workspace exists, unless a party to it.
  if (!workspace || !agreement) throw new NotFoundError(`no workspace ${workspaceId}`)
  if (!canDestroy(p, agreement)) {
    const party = p.orgKind === 'regulator' || isDeveloperOf(p, agreement.developer_org_id)
    if (party) throw new NotAllowedError('the office or the operator of the agreement orders the destruction of a workspace (art. 31, 35)')
    throw new NotFoundError(`no workspace ${workspaceId}`)
  }
  const scenario = await db.selectFrom('scenarios').select('code').where('id', '=', agreement.scenario_id).executeTakeFirstOrThrow()
  return { workspace, agreement, scenarioCode: scenario.code }
}

/** Every remaining key of the workspace and of its imports, destroyed; all of them listed. */
async function destroyWorkspaceKeys(trx: Kysely<Database>, workspaceId: string, by: string, at: string): Promise<DestroyedKey[]> {
  const owned = () =>
    trx
      .selectFrom('data_keys')
      .select(['id', 'purpose', 'owner_type', 'owner_id', 'wrapped_key', 'destroyed_at'])
      .where((eb) =>
        eb.or([
          eb.and([eb('owner_type', '=', 'workspace'), eb('owner_id', '=', workspaceId)]),
          eb.and([eb('owner_type', '=', 'import'), eb('owner_id', 'in', eb.selectFrom('imports').select('id').where('workspace_id', '=', workspaceId))]),
        ]),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  for (const key of await owned()) if (key.wrapped_key !== null) await destroyDataKey(trx, key.id, by, at)
  return (await owned()).map((k) => ({ id: k.id, purpose: k.purpose, ownerType: k.owner_type, ownerId: k.owner_id, destroyedAt: k.destroyed_at! }))
}

/** The workspace's products end with it: each one that may still be cancelled is. */
async function cancelProducts(trx: Kysely<Database>, platform: Platform, ctx: RequestContext, workspaceId: string, at: string): Promise<string[]> {
  const rows = await trx.selectFrom('products').select(['code', 'status']).where('workspace_id', '=', workspaceId).orderBy('code').execute()
  const cancelled: string[] = []
  for (const row of rows) {
    const from = row.status as ProductStatus
    if (!canTransition(from, 'cancelled')) continue
    const result = await trx.updateTable('products').set({ status: 'cancelled', updated_at: at }).where('code', '=', row.code).where('status', '=', from).executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) throw new ConflictError(`product ${row.code} changed meanwhile: try again`)
    await appendAudit(trx, platform, auditActor(ctx), {
      eventType: 'product.cancel',
      objectType: 'product',
      objectId: row.code,
      action: 'cancel',
      result: 'success',
      reason: `workspace ${workspaceId} destroyed (art. 31)`,
      detail: { from, to: 'cancelled', workspaceId },
    })
    await endRegistrationsOf(trx, platform, ctx, row.code, `workspace ${workspaceId} destroyed (art. 31)`)
    cancelled.push(row.code)
  }
  return cancelled
}

/** Every file under the workspace's directory, hashed (SM3) before anything is deleted. */
async function listFiles(dataDir: string, dir: string): Promise<DestroyedFile[]> {
  if (!fs.existsSync(dir)) return []
  const entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
  const files: DestroyedFile[] = []
  for (const entry of entries) {
    const full = path.join(entry.parentPath, entry.name)
    const digest = createHash('sm3')
    let bytes = 0
    for await (const chunk of fs.createReadStream(full)) {
      digest.update(chunk as Buffer)
      bytes += (chunk as Buffer).length
    }
    files.push({ path: path.relative(dataDir, full).split(path.sep).join('/'), bytes, sm3: digest.digest('hex') })
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1))
}

/** Deletes the workspace's directory; a failure is audited (the files are unreadable regardless). */
async function removeFiles(platform: Platform, ctx: RequestContext, certificate: DestructionCertificate, dir: string): Promise<string | null> {
  try {
    fs.rmSync(dir, { recursive: true, force: true })
  } catch (error) {
    await recordAudit(platform, auditActor(ctx), {
      eventType: 'workspace.destroy-files',
      objectType: 'workspace',
      objectId: certificate.workspaceId,
      action: 'delete',
      result: 'failure',
      reason: `the files could not be deleted: ${String(error).slice(0, 300)}`,
      detail: { certificateId: certificate.id },
    })
    return null
  }
  const at = chinaTime(platform.clock())
  await platform.store.db.updateTable('destruction_certificates').set({ files_removed_at: at }).where('id', '=', certificate.id).execute()
  return at
}

// ---------------------------------------------------------------------------- reading and verifying

async function certificateOfWorkspace(db: Kysely<Database>, workspaceId: string): Promise<{ id: string; destroyed_at: string } | undefined> {
  return db.selectFrom('destruction_certificates').select(['id', 'destroyed_at']).where('workspace_id', '=', workspaceId).executeTakeFirst()
}

function toSigned(row: DestructionCertificateRow): SignedCertificate {
  return { certificate: JSON.parse(row.certificate) as DestructionCertificate, signature: row.signature, canonical: row.certificate, filesRemovedAt: row.files_removed_at }
}

export async function getCertificate(platform: Platform, ctx: RequestContext, id: string): Promise<SignedCertificate> {
  const p = actingPrincipal(ctx)
  const row = await platform.store.db.selectFrom('destruction_certificates').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || !canReadCertificate(p, row)) throw new NotFoundError(`no destruction certificate ${id}`)
  return toSigned(row)
}

export type Verification = { readonly valid: true; readonly keyId: string; readonly certificateId: string } | { readonly valid: false; readonly reason: string }

/**
 * Checks a certificate's signature against the platform's published key for certificates. Needs
 * no login and no stored state beyond the public keys: the answer is what anyone holding the
 * public key would find offline.
 */
export async function verifyCertificate(platform: Platform, certificate: Record<string, unknown>, signature: string): Promise<Verification> {
  if (certificate['type'] !== CERTIFICATE_TYPE) return { valid: false, reason: `not a ${CERTIFICATE_TYPE}` }
  const signer = certificate['signer'] as { keyId?: unknown } | undefined
  if (typeof signer?.keyId !== 'string') return { valid: false, reason: 'the certificate names no signing key (signer.keyId)' }
  const key = await platform.store.db
    .selectFrom('signing_keys')
    .select(['id', 'suite', 'public_key'])
    .where('id', '=', signer.keyId)
    .where('purpose', '=', CERTIFICATE_KEY_PURPOSE)
    .executeTakeFirst()
  if (!key || !isSuiteName(key.suite)) return { valid: false, reason: `the platform has no certificate key ${signer.keyId}` }
  let canonical: string
  try {
    canonical = canonicalJson(certificate)
  } catch (error) {
    return { valid: false, reason: `not canonical JSON: ${(error as Error).message}` }
  }
  if (!cryptoSuite(key.suite).verify(key.public_key, canonical, signature)) {
    return { valid: false, reason: 'the signature does not match the certificate: it was altered or not signed by the platform' }
  }
  return { valid: true, keyId: key.id, certificateId: String(certificate['id']) }
}

/** The platform's public signing keys, for whoever verifies offline what it signed. */
export async function publishedSigningKeys(platform: Platform): Promise<{ id: string; purpose: string; suite: string; algorithm: string; userId: string | null; publicKey: string; createdAt: string; retiredAt: string | null }[]> {
  const rows = await platform.store.db.selectFrom('signing_keys').select(['id', 'purpose', 'suite', 'public_key', 'created_at', 'retired_at']).orderBy('created_at').orderBy('id').execute()
  return rows.filter((r) => isSuiteName(r.suite)).map((r) => ({ id: r.id, purpose: r.purpose, suite: r.suite, ...signatureAlgorithm(r.suite as SuiteName), publicKey: r.public_key, createdAt: r.created_at, retiredAt: r.retired_at }))
}

// ---------------------------------------------------------------------------- audit retention

/**
 * The audit administrator purges entries older than the retention period (art. 31): a cutoff
 * later than now minus the pack's auditRetentionMonths is refused and the refusal audited. A dry
 * run counts what would go. The purge itself is the audit module's (the chain's anchor moves).
 */
export async function purgeAudit(platform: Platform, ctx: RequestContext, input: { before: Date; dryRun: boolean }): Promise<{ dryRun: boolean; removed: number; latestAllowed: string; anchorSeq?: number }> {
  const p = actingPrincipal(ctx)
  if (!hasRole(p, 'audit_admin')) throw new NotAllowedError('only the audit administrator purges the audit log')
  const now = platform.clock()
  const months = platform.pack.params.auditRetentionMonths
  const latestAllowed = chinaTime(latestPurgeCutoff(now, months))
  try {
    assertAuditRetention(input.before, now, months)
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw error
    await recordAudit(platform, auditActor(ctx), {
      eventType: 'audit.purge',
      action: 'purge',
      result: 'refused',
      reason: error.message,
      detail: { rule: error.rule, before: chinaTime(input.before), dryRun: input.dryRun },
    })
    throw error
  }
  if (input.dryRun) {
    const row = await platform.store.db.selectFrom('audit_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('occurred_at', '<', chinaTime(input.before)).executeTakeFirstOrThrow()
    return { dryRun: true, removed: Number(row.n), latestAllowed }
  }
  const result = await purgeAuditBefore(platform, auditActor(ctx), input.before)
  return { dryRun: false, removed: result.removed, latestAllowed, anchorSeq: result.anchorSeq }
}
