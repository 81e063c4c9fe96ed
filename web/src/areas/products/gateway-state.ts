import { chinaToday, daysBetween } from './dates.ts'
import type { Consent } from './types.ts'

/** A key unrotated this long gets a nudge: secrets should not live for ever. */
export const ROTATE_AFTER_DAYS = 90

/** A consent ending within this many days is flagged, so that a new letter can be obtained in time. */
export const EXPIRING_WITHIN_DAYS = 30

export type ConsentState = 'active' | 'expiring' | 'expired' | 'revoked'

/** A consent as its holder should see it today: the server keeps 'active' until revoked, expiry is by date. */
export function consentState(c: Consent, today = chinaToday()): ConsentState {
  if (c.status === 'revoked') return 'revoked'
  if (c.validUntil < today) return 'expired'
  return daysBetween(today, c.validUntil) <= EXPIRING_WITHIN_DAYS ? 'expiring' : 'active'
}
