import { useCallback, useEffect, useRef, useState } from 'react'

/**
 * Calls `reload` every `seconds` while `enabled`, skipping beats while the tab is hidden, and
 * says when it last ran: live pages stay current without a page reload. `refresh` reloads now.
 */
export function useAutoRefresh(reload: () => Promise<void>, seconds: number, enabled: boolean): { lastAt: Date; refresh(): Promise<void> } {
  const [lastAt, setLastAt] = useState(() => new Date())
  const latest = useRef(reload)
  latest.current = reload
  const refresh = useCallback(async () => {
    await latest.current()
    setLastAt(new Date())
  }, [])
  useEffect(() => {
    if (!enabled) return
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') void refresh()
    }, seconds * 1000)
    return () => window.clearInterval(timer)
  }, [seconds, enabled, refresh])
  return { lastAt, refresh }
}
