import { useCallback, useEffect, useState } from 'react'
import { get } from '../../api.ts'
import type { Import, QueryTemplate, Workspace } from './types.ts'

export interface WorkspaceQueues {
  readonly templates: ReadonlyMap<string, readonly QueryTemplate[]>
  readonly imports: ReadonlyMap<string, readonly Import[]>
  readonly loading: boolean
  readonly error: unknown
  reload(): Promise<void>
}

/**
 * The query templates and social-data imports of every workspace the actor oversees, for the
 * to-do lists: the API lists them per workspace, so they are fetched side by side.
 */
export function useWorkspaceQueues(workspaces: readonly Workspace[] | undefined): WorkspaceQueues {
  const [templates, setTemplates] = useState<ReadonlyMap<string, readonly QueryTemplate[]>>(new Map())
  const [imports, setImports] = useState<ReadonlyMap<string, readonly Import[]>>(new Map())
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const ids = (workspaces ?? []).map((w) => w.id).join(',')

  const reload = useCallback(async () => {
    const list = ids ? ids.split(',') : []
    if (list.length === 0) return
    setLoading(true)
    try {
      const answers = await Promise.all(
        list.map(async (id) => {
          const [t, i] = await Promise.all([
            get<{ templates: QueryTemplate[] }>(`/api/v1/workspaces/${id}/templates`).catch(() => ({ templates: [] })),
            get<{ imports: Import[] }>(`/api/v1/workspaces/${id}/imports`).catch(() => ({ imports: [] })),
          ])
          return { id, templates: t.templates, imports: i.imports }
        }),
      )
      setTemplates(new Map(answers.map((a) => [a.id, a.templates])))
      setImports(new Map(answers.map((a) => [a.id, a.imports])))
      setError(null)
    } catch (caught) {
      setError(caught)
    } finally {
      setLoading(false)
    }
  }, [ids])

  useEffect(() => {
    void reload()
  }, [reload])

  return { templates, imports, loading, error, reload }
}

/** How many applications each call has, for the calls the to-do list names (past their deadline, still open). */
export function useApplicationCounts(callIds: readonly string[]): ReadonlyMap<string, { total: number; unscored: number }> {
  const [counts, setCounts] = useState<ReadonlyMap<string, { total: number; unscored: number }>>(new Map())
  const key = callIds.join(',')
  useEffect(() => {
    if (!key) return
    let live = true
    void Promise.all(
      key.split(',').map(async (id) => {
        const answer = await get<{ applications: { totalScore: number | null }[] }>(`/api/v1/calls/${id}/applications`).catch(() => ({ applications: [] }))
        return [id, { total: answer.applications.length, unscored: answer.applications.filter((a) => a.totalScore === null).length }] as const
      }),
    ).then((entries) => {
      if (live) setCounts(new Map(entries))
    })
    return () => {
      live = false
    }
  }, [key])
  return counts
}
