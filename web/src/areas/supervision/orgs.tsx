import { Tooltip } from 'antd'
import { useMemo } from 'react'
import { useMe } from '../../auth.tsx'
import { useGet } from '../../components/hooks.ts'

interface Organization {
  readonly id: string
  readonly name: string
  readonly kind: string
}

export type OrgNamer = (id: string | null | undefined) => string

/**
 * Names of organizations by id. GET /organizations lists every organization to administrators,
 * regulators, the office, the bureau and the operator, and others their own; for those the
 * operator's name comes from its published authorization and developers' names from the public
 * disclosure (both public facts, art. 29), joined to ids through the workspaces they oversee.
 */
export function useOrgNames(): { name: OrgNamer; organizations: readonly Organization[] } {
  const me = useMe()
  const all = useGet<{ organizations: Organization[] }>('/api/v1/organizations')
  const partial = all.data !== undefined && all.data.organizations.length <= 1
  const operators = useGet<{ authorizations: { operatorOrgId: string; operatorName: string }[] }>(partial ? '/api/v1/operator-authorizations' : null)
  const disclosure = useGet<{ authorizations: { developer: string; workspace: string }[] }>(partial ? '/api/v1/public/disclosure' : null)
  const workspaces = useGet<{ workspaces: { id: string; developerOrgId: string }[] }>(partial ? '/api/v1/workspaces' : null)

  return useMemo(() => {
    const map = new Map<string, Organization>([[me.organization.id, { id: me.organization.id, name: me.organization.name, kind: me.organization.kind }]])
    for (const org of all.data?.organizations ?? []) map.set(org.id, org)
    for (const a of operators.data?.authorizations ?? []) if (!map.has(a.operatorOrgId)) map.set(a.operatorOrgId, { id: a.operatorOrgId, name: a.operatorName, kind: 'operator' })
    const developerOfWorkspace = new Map((workspaces.data?.workspaces ?? []).map((w) => [w.id, w.developerOrgId]))
    for (const a of disclosure.data?.authorizations ?? []) {
      const id = developerOfWorkspace.get(a.workspace)
      if (id && !map.has(id)) map.set(id, { id, name: a.developer, kind: 'developer' })
    }
    return {
      name: (id: string | null | undefined) => (id ? (map.get(id)?.name ?? id) : '—'),
      organizations: [...map.values()],
    }
  }, [me, all.data, operators.data, disclosure.data, workspaces.data])
}

/** An organization's name, with its id on hover. */
export function OrgName({ id, name }: { id: string | null | undefined; name: OrgNamer }) {
  const shown = name(id)
  return !id || shown === id ? <span>{shown}</span> : <Tooltip title={id}>{shown}</Tooltip>
}
