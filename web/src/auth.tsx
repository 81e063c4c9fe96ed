import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { api, get, getToken, setToken, whenUnauthorized } from './api.ts'

export const ORG_KINDS = ['office', 'bureau', 'sector_authority', 'source_unit', 'operator', 'developer', 'regulator', 'consumer'] as const
export type OrgKind = (typeof ORG_KINDS)[number]
export type Role = 'system_admin' | 'security_admin' | 'audit_admin' | 'reviewer' | 'member'

export interface Me {
  readonly user: { id: string; orgId: string; username: string; displayName: string; roles: Role[]; totpEnabled: boolean }
  readonly organization: { id: string; name: string; kind: OrgKind; jurisdiction: string }
  readonly scope: 'full' | 'enroll-totp'
}

interface AuthState {
  /** undefined while the stored session is being checked; null when signed out. */
  readonly me: Me | null | undefined
  signIn(username: string, password: string, totp?: string): Promise<void>
  signOut(): Promise<void>
}

const AuthContext = createContext<AuthState>({ me: null, signIn: async () => {}, signOut: async () => {} })

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined)

  const load = useCallback(async () => {
    // No stored session: signed out, without asking the server (the public portal asks nothing signed-in).
    if (!getToken()) {
      setMe(null)
      return
    }
    try {
      setMe(await get<Me>('/api/v1/me'))
    } catch {
      setToken(null)
      setMe(null)
    }
  }, [])

  useEffect(() => {
    whenUnauthorized(() => setMe(null))
    void load()
  }, [load])

  const value = useMemo<AuthState>(
    () => ({
      me,
      async signIn(username, password, totp) {
        const answer = await api<{ token: string }>('POST', '/api/v1/auth/login', {
          body: { username, password, ...(totp ? { totp } : {}) },
        })
        setToken(answer.token)
        await load()
      },
      async signOut() {
        try {
          await api('POST', '/api/v1/auth/logout', { body: {} })
        } catch {
          // the session may already be gone
        }
        setToken(null)
        setMe(null)
      },
    }),
    [me, load],
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth(): AuthState {
  return useContext(AuthContext)
}

/** The signed-in identity, for pages that only render inside the shell. */
export function useMe(): Me {
  const { me } = useAuth()
  if (!me) throw new Error('useMe outside a signed-in page')
  return me
}

/**
 * The three administrators run the platform and do not act for their organization (三员分立;
 * identity.ts): the server refuses them its business.
 */
export function actsForOrganization(me: Me): boolean {
  return me.user.roles.includes('member') || me.user.roles.includes('reviewer')
}

export function hasRole(me: Me, role: Role): boolean {
  return me.user.roles.includes(role)
}
