import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, get } from '../../api.ts'
import type { PoolVersion } from './types.ts'

export interface PoolOverview {
  /** Versions per resource code, newest first; a resource the actor may not see is absent. */
  readonly versions: ReadonlyMap<string, readonly PoolVersion[]>
  readonly loading: boolean
  readonly error: unknown
  reload(): Promise<void>
}

/**
 * The versions of several resources at once (the API answers one resource at a time). A resource
 * the actor may not see answers 404 and is left out rather than failing the whole overview.
 */
export function usePoolOverview(codes: readonly string[] | undefined): PoolOverview {
  const [versions, setVersions] = useState<ReadonlyMap<string, readonly PoolVersion[]>>(new Map())
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(null)
  const key = codes ? codes.join(',') : null
  const latest = useRef(key)
  latest.current = key

  const reload = useCallback(async () => {
    if (key === null) return
    setLoading(true)
    const list = key ? key.split(',') : []
    const answers = await Promise.allSettled(list.map((code) => get<{ versions: PoolVersion[] }>(`/api/v1/pool/resources/${encodeURIComponent(code)}/versions`)))
    if (latest.current !== key) return
    const map = new Map<string, readonly PoolVersion[]>()
    let firstError: unknown = null
    answers.forEach((answer, i) => {
      if (answer.status === 'fulfilled') map.set(list[i]!, answer.value.versions)
      else if (!(answer.reason instanceof ApiError && answer.reason.status === 404)) firstError ??= answer.reason
    })
    setVersions(map)
    setError(firstError)
    setLoading(false)
  }, [key])

  useEffect(() => {
    void reload()
  }, [reload])
  return { versions, loading, error, reload }
}

/** The version serving now, or undefined. */
export function currentVersion(versions: readonly PoolVersion[] | undefined): PoolVersion | undefined {
  return versions?.find((v) => v.status === 'current')
}

export function heldVersions(versions: readonly PoolVersion[] | undefined): PoolVersion[] {
  return (versions ?? []).filter((v) => v.status === 'held')
}

/** The lineage page of another area, from a node `kind:id` (src/modules/disclosure/lineage-graph.ts). */
export function lineageHref(kind: 'resource' | 'version' | 'source-unit', id: string): string {
  return `/lineage?node=${encodeURIComponent(`${kind}:${id}`)}`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

export function percent(rate: number, digits = 1): string {
  return `${(rate * 100).toFixed(digits)}%`
}
