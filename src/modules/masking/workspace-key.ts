import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError } from '../../platform/errors.ts'
import { createDataKey, openDataKey } from '../../platform/keys/keys.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaTime } from '../../platform/time.ts'

/**
 * Each workspace has one data key (principle 5): it keys the workspace's pseudonyms and
 * deterministic encryption, and encrypts what the workspace stores (imported social data).
 * Destroying it at termination makes all of that unreadable for good (art. 31).
 */

const PURPOSE = 'workspace'

// Opened keys are kept per platform: every masked query and import needs one.
const opened = new WeakMap<Platform, Map<string, Buffer>>()

/** The workspace's data key, created on first use. */
export async function workspaceKey(platform: Platform, workspaceId: string): Promise<Buffer> {
  let keys = opened.get(platform)
  if (!keys) opened.set(platform, (keys = new Map()))
  const known = keys.get(workspaceId)
  if (known) return known
  const { db } = platform.store
  let id = await firstKeyId(db, workspaceId)
  if (!id) {
    await createDataKey(db, platform.keys, { purpose: PURPOSE, ownerType: 'workspace', ownerId: workspaceId }, chinaTime(platform.clock()))
    // Two nodes creating it at once both insert; everyone uses the first one inserted.
    id = (await firstKeyId(db, workspaceId))!
  }
  const key = await openDataKey(db, platform.keys, id)
  keys.set(workspaceId, key)
  return key
}

async function firstKeyId(db: Kysely<Database>, workspaceId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('data_keys')
    .select(['id', 'wrapped_key', 'destroyed_at'])
    .where('purpose', '=', PURPOSE)
    .where('owner_type', '=', 'workspace')
    .where('owner_id', '=', workspaceId)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst()
  if (row && row.wrapped_key === null) throw new ConflictError(`the key of workspace ${workspaceId} was destroyed at ${row.destroyed_at}: its data can no longer be read`)
  return row?.id
}

/** Forgets the opened key (after it was destroyed). */
export function forgetWorkspaceKey(platform: Platform, workspaceId: string): void {
  opened.get(platform)?.delete(workspaceId)
}
