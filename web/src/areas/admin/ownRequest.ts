import { ApiError, getToken, type ApiErrorBody } from '../../api.ts'

/**
 * A POST for the signed-in user's own account where a 401 means "your current password is
 * wrong", not "your session is gone": api() would sign the user out on any 401, so this sends
 * the request itself and leaves the session alone, the refusal going to <ServerError/>.
 */
export async function postOwn(path: string, body: unknown): Promise<void> {
  const token = getToken()
  let response: Response
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, { code: 'network', message: 'the platform cannot be reached / 无法连接平台' })
  }
  if (response.ok) return
  let error: ApiErrorBody = { code: `http_${response.status}`, message: response.statusText || `HTTP ${response.status}` }
  try {
    const parsed = (await response.json()) as { error?: ApiErrorBody }
    if (parsed.error) error = parsed.error
  } catch {
    // not JSON: keep the status text
  }
  throw new ApiError(response.status, error)
}
