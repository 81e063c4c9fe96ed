import { useCallback, useEffect, useRef, useState } from 'react'
import { get, type RequestOptions } from '../api.ts'

export interface Loaded<T> {
  readonly data: T | undefined
  readonly error: unknown
  readonly loading: boolean
  /** Fetch again, e.g. after an action changed what the list shows: no page reload needed. */
  reload(): Promise<void>
}

/** GETs a path (null: nothing yet) and keeps the answer; reload() after any change. */
export function useGet<T>(path: string | null, query?: RequestOptions['query']): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(path !== null)
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`
  const latest = useRef(key)
  latest.current = key

  const reload = useCallback(async () => {
    if (path === null) return
    setLoading(true)
    try {
      const answer = await get<T>(path, query)
      if (latest.current === key) {
        setData(answer)
        setError(null)
      }
    } catch (caught) {
      if (latest.current === key) setError(caught)
    } finally {
      if (latest.current === key) setLoading(false)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  useEffect(() => {
    void reload()
  }, [reload])
  return { data, error, loading, reload }
}

/**
 * An action behind a button or form: runs it, keeps its refusal for <ServerError/>, and says
 * whether it is running, so a second click cannot send it twice.
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setRunning(true)
      setError(null)
      try {
        return await action(...args)
      } catch (caught) {
        setError(caught)
        return undefined
      } finally {
        setRunning(false)
      }
    },
    [action],
  )
  return { run, running, error, clearError: () => setError(null) }
}
