import { ApiError, type ApiErrorBody } from '../../api.ts'
import type { CallAnswer } from './types.ts'

/**
 * One product call through the gateway, as the consumer's own systems make it: the key in
 * x-api-key, the consent token in x-consent-token, and no session. Not `api()`: a wrong key is a
 * 401, which `api()` takes for an expired session and signs the user out.
 */
export async function callGateway(
  productCode: string,
  request: { apiKey: string; consentToken?: string; entityId?: string; parameters: Record<string, string | number> },
): Promise<CallAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': request.apiKey }
  if (request.consentToken) headers['x-consent-token'] = request.consentToken
  let response: Response
  try {
    response = await fetch(`/api/v1/gateway/products/${encodeURIComponent(productCode)}/calls`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...(request.entityId ? { entityId: request.entityId } : {}), parameters: request.parameters }),
    })
  } catch {
    throw new ApiError(0, { code: 'network', message: 'the platform cannot be reached / 无法连接平台' })
  }
  if (response.ok) return (await response.json()) as CallAnswer
  let body: ApiErrorBody = { code: `http_${response.status}`, message: response.statusText || `HTTP ${response.status}` }
  try {
    const parsed = (await response.json()) as { error?: ApiErrorBody }
    if (parsed.error) body = parsed.error
  } catch {
    // not JSON: keep the status text
  }
  const retryAfter = response.headers.get('retry-after')
  throw new ApiError(response.status, retryAfter ? { ...body, message: `${body.message} (retry after ${retryAfter} s)` } : body)
}
