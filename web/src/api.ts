/**
 * The console's one way to the API. A refusal becomes an ApiError carrying what the server said:
 * its message, and the rule and article it cites, so that forms can show it in place.
 */
export interface ApiErrorBody {
  readonly code: string
  readonly message: string
  readonly rule?: string
  readonly article?: string
  readonly ruleText?: string
  readonly issues?: readonly { path: string; message: string }[]
  readonly requestId?: string
}

export class ApiError extends Error {
  readonly status: number
  readonly body: ApiErrorBody
  constructor(status: number, body: ApiErrorBody) {
    super(body.message)
    this.status = status
    this.body = body
  }
}

const TOKEN_KEY = 'shuyu.token'
let onUnauthorized: () => void = () => {}

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY)
}
export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token)
  else sessionStorage.removeItem(TOKEN_KEY)
}
/** Called when the server says the session is gone (401): the shell goes back to sign-in. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler
}

/** The server's codes for a session that is gone (src/platform/errors.ts AuthenticationError). */
const SESSION_ENDED = new Set(['invalid_token', 'token_expired', 'token_revoked', 'session_revoked', 'unauthenticated', 'disabled'])

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  readonly body?: unknown
  readonly query?: Record<string, string | number | boolean | undefined | null>
  /** Extra headers, e.g. the gateway's x-api-key. */
  readonly headers?: Record<string, string>
  /** Answer as text (CSV, DOT, HTML) instead of JSON. */
  readonly text?: boolean
  /** Aborting it closes the request: a query's run stops on the server (the Cancel button). */
  readonly signal?: AbortSignal
}

/** The code of the ApiError a request aborted by its signal throws. */
export const CANCELLED = 'cancelled'

export async function api<T = unknown>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const url = new URL(path, window.location.origin)
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value))
  }
  const headers: Record<string, string> = { ...options.headers }
  const token = getToken()
  if (token) headers.authorization = `Bearer ${token}`
  let body: BodyInit | undefined
  if (options.body instanceof FormData) body = options.body
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  let response: Response
  try {
    response = await fetch(url, { method, headers, body, signal: options.signal })
  } catch {
    if (options.signal?.aborted) throw new ApiError(0, { code: CANCELLED, message: 'cancelled / 已取消' })
    throw new ApiError(0, { code: 'network', message: 'the platform cannot be reached / 无法连接平台' })
  }
  if (!response.ok) {
    let errorBody: ApiErrorBody = { code: `http_${response.status}`, message: response.statusText || `HTTP ${response.status}` }
    try {
      const parsed = (await response.json()) as { error?: ApiErrorBody; message?: string }
      if (parsed.error) errorBody = parsed.error
      else if (parsed.message) errorBody = { ...errorBody, message: parsed.message }
    } catch {
      // not JSON: keep the status text
    }
    // A 401 ends the console's session only when it is about the session: a wrong current
    // password (bad_credentials) or the gateway's bad x-api-key (invalid_key) leave it alone.
    if (response.status === 401 && token && SESSION_ENDED.has(errorBody.code)) {
      setToken(null)
      onUnauthorized()
    }
    throw new ApiError(response.status, errorBody)
  }
  if (response.status === 204) return undefined as T
  if (options.text) return (await response.text()) as T
  return (await response.json()) as T
}

export const get = <T,>(path: string, query?: RequestOptions['query']) => api<T>('GET', path, { query })
export const post = <T,>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} })
export const put = <T,>(path: string, body?: unknown) => api<T>('PUT', path, { body: body ?? {} })
export const patch = <T,>(path: string, body?: unknown) => api<T>('PATCH', path, { body: body ?? {} })
export const del = <T,>(path: string) => api<T>('DELETE', path)
