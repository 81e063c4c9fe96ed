import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { auditActor, hostContext, type RequestContext } from '../identity/identity.service.ts'
import { activateFiledAgreement } from './agreement.service.ts'
import { dayAfter } from './authorization.ts'
import { setWorkspaceStatus } from './workspace.service.ts'

export interface AgreementJobReport {
  readonly expired: readonly string[]
  readonly warned: readonly string[]
  readonly activated: readonly string[]
}

/**
 * The scheduled work on agreements, safe to run on several nodes at once: each change is a
 * conditional update, so an agreement is expired, warned or put into effect exactly once.
 * - expires agreements whose term has ended, closing their workspaces (art. 17, 31);
 * - warns agreementExpiryWarningDays before a term ends, once (the renewal window, art. 17);
 * - puts into effect filed agreements whose objection period has passed and whose term has begun.
 */
export async function runAgreementJobs(platform: Platform, ctx: RequestContext = hostContext('scheduler')): Promise<AgreementJobReport> {
  const today = chinaDate(platform.clock())
  return {
    expired: await expireDue(platform, ctx, today),
    warned: await warnExpiring(platform, ctx, today),
    activated: await activateDue(platform, ctx, today),
  }
}

async function expireDue(platform: Platform, ctx: RequestContext, today: string): Promise<string[]> {
  const due = await platform.store.db.selectFrom('agreements').select(['id', 'term_end']).where('status', 'in', ['active', 'suspended']).where('term_end', '<', today).execute()
  const expired: string[] = []
  for (const agreement of due) {
    await platform.store.db.transaction().execute(async (trx) => {
      const at = chinaTime(platform.clock())
      const updated = await trx
        .updateTable('agreements')
        .set({ status: 'expired', ended_at: at, updated_at: at })
        .where('id', '=', agreement.id)
        .where('status', 'in', ['active', 'suspended'])
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) !== 1) return
      await setWorkspaceStatus(trx, agreement.id, 'closed', `the authorization expired on ${agreement.term_end} (art. 17)`, at)
      await appendAudit(trx, platform, auditActor(ctx), {
        eventType: 'agreement.expire',
        objectType: 'agreement',
        objectId: agreement.id,
        action: 'expire',
        result: 'success',
        detail: { termEnd: agreement.term_end },
      })
      expired.push(agreement.id)
    })
  }
  // Closed workspaces keep no sealed copy of their data in this node's memory.
  for (const id of expired) {
    const workspace = await platform.store.db.selectFrom('workspaces').select('id').where('agreement_id', '=', id).executeTakeFirst()
    if (workspace) platform.domain.release(workspace.id)
  }
  return expired
}

async function warnExpiring(platform: Platform, ctx: RequestContext, today: string): Promise<string[]> {
  const horizon = dayAfter(today, platform.pack.params.agreementExpiryWarningDays)
  const due = await platform.store.db
    .selectFrom('agreements')
    .select(['id', 'term_end', 'developer_org_id'])
    .where('status', 'in', ['active', 'suspended'])
    .where('term_end', '<=', horizon)
    .where('expiry_warned_at', 'is', null)
    .execute()
  const warned: string[] = []
  for (const agreement of due) {
    await platform.store.db.transaction().execute(async (trx) => {
      const at = chinaTime(platform.clock())
      const updated = await trx.updateTable('agreements').set({ expiry_warned_at: at }).where('id', '=', agreement.id).where('expiry_warned_at', 'is', null).executeTakeFirst()
      if (Number(updated.numUpdatedRows) !== 1) return
      await appendAudit(trx, platform, auditActor(ctx), {
        eventType: 'agreement.expiry-warning',
        objectType: 'agreement',
        objectId: agreement.id,
        action: 'warn',
        result: 'success',
        detail: { termEnd: agreement.term_end, developer: agreement.developer_org_id },
      })
      warned.push(agreement.id)
    })
  }
  return warned
}

async function activateDue(platform: Platform, ctx: RequestContext, today: string): Promise<string[]> {
  const due = await platform.store.db
    .selectFrom('agreements')
    .select('id')
    .where('status', '=', 'filed')
    .where('term_start', '<=', today)
    .where((eb) => eb.or([eb('acknowledged_at', 'is not', null), eb('objection_deadline', '<', today)]))
    .execute()
  const activated: string[] = []
  for (const { id } of due) {
    if (await activateFiledAgreement(platform, ctx, id)) activated.push(id)
  }
  return activated
}
