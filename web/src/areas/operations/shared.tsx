import { Tooltip } from 'antd'
import { useCallback, useMemo } from 'react'
import { useMe } from '../../auth.tsx'
import { useGet } from '../../components/hooks.ts'
import type { CatalogResource, PolicyParams } from './types.ts'

/** The policy pack's parameters: clause names, selection methods, termination grounds, periods. */
export function usePolicyParams(): PolicyParams | undefined {
  const { data } = useGet<{ pack: { params: PolicyParams } }>('/api/v1/policy')
  return data?.pack.params
}

/** The published catalog, for choosing resources and fields (needs, scope, grants). */
export function useCatalog(): { resources: readonly CatalogResource[]; byCode: ReadonlyMap<string, CatalogResource>; loading: boolean } {
  const { data, loading } = useGet<{ resources: CatalogResource[] }>('/api/v1/catalog/resources')
  return useMemo(() => {
    const resources = data?.resources ?? []
    return { resources, byCode: new Map(resources.map((r) => [r.code, r])), loading }
  }, [data, loading])
}

interface Organization {
  readonly id: string
  readonly name: string
}

interface DisclosedAuthorization {
  readonly developer: string
  readonly workspace: string
}

/**
 * Names of organizations by id. The API lists every organization to administrators, regulators,
 * the office, the bureau and the operator; others learn developers' names from the public disclosure (art. 29), which names
 * the developer of each workspace, and the operator's from its authorization (public too). An
 * unknown id is shown as itself.
 */
export function useOrgNames(): (id: string | null | undefined) => string {
  const me = useMe()
  const { data: orgs } = useGet<{ organizations: Organization[] }>('/api/v1/organizations')
  const { data: disclosure } = useGet<{ authorizations: DisclosedAuthorization[] }>('/api/v1/public/disclosure')
  const { data: workspaces } = useGet<{ workspaces: { id: string; developerOrgId: string }[] }>('/api/v1/workspaces')
  const { data: operators } = useGet<{ authorizations: { operatorOrgId: string; operatorName: string }[] }>('/api/v1/operator-authorizations')
  const names = useMemo(() => {
    const map = new Map<string, string>([[me.organization.id, me.organization.name]])
    const byWorkspace = new Map((disclosure?.authorizations ?? []).map((a) => [a.workspace, a.developer]))
    for (const w of workspaces?.workspaces ?? []) {
      const name = byWorkspace.get(w.id)
      if (name) map.set(w.developerOrgId, name)
    }
    for (const o of operators?.authorizations ?? []) map.set(o.operatorOrgId, o.operatorName)
    for (const org of orgs?.organizations ?? []) map.set(org.id, org.name)
    return map
  }, [orgs, disclosure, workspaces, operators, me])
  return useCallback((id: string | null | undefined) => (id ? (names.get(id) ?? id) : '—'), [names])
}

/** An organization's name, with its id on hover. */
export function OrgName({ id, name }: { id: string | null | undefined; name: (id: string | null | undefined) => string }) {
  const shown = name(id)
  return !id || shown === id ? <span>{shown}</span> : <Tooltip title={id}>{shown}</Tooltip>
}

/** Today in China time (YYYY-MM-DD): the platform's days are China days. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** Whole days from today (China time) to an ISO date or time; negative when it has passed. */
export function daysUntil(iso: string): number {
  const day = iso.slice(0, 10)
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${chinaToday()}T00:00:00Z`)) / 86_400_000)
}

/** A datetime-local value (China time) as ISO 8601 with its offset, as the API wants it. */
export function chinaDateTime(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+08:00`
}

/** Offers a JSON document as a file download (archive packages, certificates). */
export function downloadJson(fileName: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** The SHA-256 of a file, in hex: the applicant's documents are named by their digest, never uploaded here. */
export async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Patterns of the server's zod schemas, so forms refuse what the server would. */
export const PATTERNS = {
  scenarioCode: /^SC-[A-Z0-9]{2,12}-\d{3,6}$/,
  fieldName: /^[a-z][a-z0-9_]{0,62}$/,
  workspaceId: /^[a-z][a-z0-9-]{2,39}$/,
  resourceCode: /^[0-9A-Z][0-9A-Z-]{2,39}$/,
  sha256: /^[0-9a-f]{64}$/,
  day: /^\d{4}-\d{2}-\d{2}$/,
  tableColumn: /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/,
} as const

/** A table cell that must not wrap (codes, dates, times). */
export function NoWrap({ children }: { children: React.ReactNode }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{children}</span>
}
