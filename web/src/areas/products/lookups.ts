import { useMemo } from 'react'
import { useGet } from '../../components/hooks.ts'
import type { CatalogResource, Product, Scenario } from './types.ts'

/**
 * Names for the codes and ids the products APIs answer with. Each lookup reads what the caller
 * may read anyway; when it may not (a 403), the page shows the code or id instead.
 */

export function useScenarios(): { scenarios: readonly Scenario[]; nameOf(code: string): string } {
  const { data } = useGet<{ scenarios: Scenario[] }>('/api/v1/scenarios')
  return useMemo(() => {
    const scenarios = data?.scenarios ?? []
    const names = new Map(scenarios.map((s) => [s.code, s.name]))
    return { scenarios, nameOf: (code: string) => names.get(code) ?? code }
  }, [data])
}

export function useResourceNames(): (code: string) => string | undefined {
  const { data } = useGet<{ resources: CatalogResource[] }>('/api/v1/catalog/resources')
  return useMemo(() => {
    const names = new Map((data?.resources ?? []).map((r) => [r.code, r.name]))
    return (code: string) => names.get(code)
  }, [data])
}

interface Disclosure {
  readonly authorizations: readonly { readonly developer: string; readonly workspace: string }[]
}

/** The developer of a workspace, by name: the public disclosure (art. 29) names them for everyone. */
export function useDeveloperNames(): (workspaceId: string) => string {
  const { data } = useGet<Disclosure>('/api/v1/public/disclosure')
  return useMemo(() => {
    const names = new Map((data?.authorizations ?? []).map((a) => [a.workspace, a.developer]))
    return (workspaceId: string) => names.get(workspaceId) ?? workspaceId
  }, [data])
}

/** User names: one's own organization's for everyone, all of them for regulators and administrators. */
export function useUserNames(): (userId: string) => string {
  const { data } = useGet<{ users: { id: string; displayName: string; username: string }[] }>('/api/v1/users')
  return useMemo(() => {
    const names = new Map((data?.users ?? []).map((u) => [u.id, u.displayName || u.username]))
    return (userId: string) => names.get(userId) ?? userId
  }, [data])
}

/**
 * Organization names: one's own for everyone, all of them for regulators and administrators;
 * the applicants of registrations in public notice are public (公示), so the bureau sees theirs.
 */
export function useOrganizationNames(): (orgId: string | null) => string {
  const { data } = useGet<{ organizations: { id: string; name: string }[] }>('/api/v1/organizations')
  const notices = useGet<{ registrations: { applicant: { orgId: string; name: string } }[] }>('/api/v1/public/registrations')
  return useMemo(() => {
    const names = new Map([
      ...(notices.data?.registrations ?? []).map((r) => [r.applicant.orgId, r.applicant.name] as const),
      ...(data?.organizations ?? []).map((o) => [o.id, o.name] as const),
    ])
    return (orgId: string | null) => (orgId === null ? '—' : (names.get(orgId) ?? orgId))
  }, [data, notices.data])
}

/** The listed API products a consumer may name in a key or call through the gateway. */
export function useListedApiProducts() {
  const loaded = useGet<{ products: Product[] }>('/api/v1/products', { status: 'listed' })
  const products = useMemo(() => (loaded.data?.products ?? []).filter((p) => p.kind === 'api'), [loaded.data])
  return { ...loaded, products }
}
