import { Tooltip } from 'antd'
import { useMemo } from 'react'
import { useMe } from '../../auth.tsx'
import { useGet } from '../../components/hooks.ts'
import type { CatalogResource } from './types.ts'

interface Organization {
  readonly id: string
  readonly name: string
  readonly kind: string
}

/**
 * Names of organizations by id. The API lists every organization to administrators, regulators,
 * the office, the bureau and the operator (others see their own), so an id without a known name
 * is shown as the id itself.
 */
export function useOrgNames(): (id: string | null | undefined) => string {
  const me = useMe()
  const { data } = useGet<{ organizations: Organization[] }>('/api/v1/organizations')
  const names = useMemo(() => {
    const map = new Map<string, string>([[me.organization.id, me.organization.name]])
    for (const org of data?.organizations ?? []) map.set(org.id, org.name)
    return map
  }, [data, me])
  return (id) => (id ? (names.get(id) ?? id) : '—')
}

/** An organization's name, with its id on hover. */
export function OrgName({ id, name }: { id: string | null | undefined; name: (id: string | null | undefined) => string }) {
  const shown = name(id)
  return shown === id || !id ? <span>{shown}</span> : <Tooltip title={id}>{shown}</Tooltip>
}

/** Source units the actor can name: those it may list, and every provider and collector in the catalog. */
export function useKnownSourceUnits(resources: readonly CatalogResource[] | undefined): { value: string; label: string }[] {
  const me = useMe()
  const { data } = useGet<{ organizations: Organization[] }>('/api/v1/organizations')
  return useMemo(() => {
    const units = new Map<string, string>()
    for (const org of data?.organizations ?? []) if (org.kind === 'source_unit') units.set(org.id, org.name)
    if (me.organization.kind === 'source_unit') units.set(me.organization.id, me.organization.name)
    for (const r of resources ?? []) {
      if (!units.has(r.providerOrgId)) units.set(r.providerOrgId, r.providerOrgId)
      for (const f of r.fields) if (!units.has(f.collectingOrgId)) units.set(f.collectingOrgId, f.collectingOrgId)
    }
    return [...units].sort(([a], [b]) => a.localeCompare(b)).map(([value, name]) => ({ value, label: name === value ? value : `${name} (${value})` }))
  }, [data, me, resources])
}
