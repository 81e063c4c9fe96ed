const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000

/** A clock: services take one so tests can move time. */
export type Clock = () => Date

export const systemClock: Clock = () => new Date()

/** An instant as ISO 8601 in China time, e.g. 2026-11-27T14:40:10.123+08:00 (sorts as text). */
export function chinaTime(date: Date): string {
  const shifted = new Date(date.getTime() + CHINA_OFFSET_MS)
  return shifted.toISOString().replace('Z', '+08:00')
}

/** The calendar date in China, YYYY-MM-DD. */
export function chinaDate(date: Date): string {
  return chinaTime(date).slice(0, 10)
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000)
}

/** Calendar months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime())
  const day = result.getUTCDate()
  result.setUTCDate(1)
  result.setUTCMonth(result.getUTCMonth() + months)
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate()
  result.setUTCDate(Math.min(day, lastDay))
  return result
}
