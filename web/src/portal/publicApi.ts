import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, type ApiErrorBody } from '../api.ts'

/**
 * The portal's way to the API: public endpoints only, and never with the console's session
 * token, so what the portal shows is exactly what anyone without an account sees.
 */
export async function publicRequest<T>(method: 'GET' | 'POST', path: string, body?: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
  const url = new URL(path, window.location.origin)
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(key, String(value))
  let response: Response
  try {
    response = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiError(0, { code: 'network', message: 'the platform cannot be reached / 无法连接平台' })
  }
  if (!response.ok) {
    let error: ApiErrorBody = { code: `http_${response.status}`, message: response.statusText || `HTTP ${response.status}` }
    try {
      const parsed = (await response.json()) as { error?: ApiErrorBody }
      if (parsed.error) error = parsed.error
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(response.status, error)
  }
  return (await response.json()) as T
}

export interface PublicLoaded<T> {
  readonly data: T | undefined
  readonly error: unknown
  readonly loading: boolean
  reload(): Promise<void>
}

/** GETs a public path (null: nothing yet) and keeps the answer, like components/hooks.ts useGet. */
export function usePublicGet<T>(path: string | null, query?: Record<string, string | number | undefined>): PublicLoaded<T> {
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
      const answer = await publicRequest<T>('GET', path, undefined, query)
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
