import { ApiError, getToken, type ApiErrorBody } from '../../api.ts'
import type { PoolVersion, SourceFormat } from './types.ts'

export interface UploadProgress {
  /** Bytes sent so far and in all; `total` is 0 when the browser cannot tell. */
  readonly loaded: number
  readonly total: number
}

export interface UploadOptions {
  readonly format?: SourceFormat
  /** Publish even with quarantined rows (?accept=quarantine); otherwise such a version is held. */
  readonly acceptQuarantine?: boolean
  onProgress(progress: UploadProgress): void
  /** Called once every byte is sent: the server now checks the rows against the catalog. */
  onSent?(): void
  readonly signal?: AbortSignal
}

/**
 * Uploads a new pool version (POST /api/v1/pool/resources/{code}/versions, multipart field
 * "file"). fetch() cannot report upload progress, so this one request uses XMLHttpRequest; its
 * refusals become the same ApiError as api.ts makes, for <ServerError/>.
 */
export function uploadVersion(code: string, file: File, options: UploadOptions): Promise<PoolVersion> {
  const url = new URL(`/api/v1/pool/resources/${encodeURIComponent(code)}/versions`, window.location.origin)
  if (options.format) url.searchParams.set('format', options.format)
  if (options.acceptQuarantine) url.searchParams.set('accept', 'quarantine')
  const form = new FormData()
  form.append('file', file, file.name)

  return new Promise<PoolVersion>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    const token = getToken()
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (event) => options.onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 })
    xhr.upload.onload = () => options.onSent?.()
    xhr.onerror = () => reject(new ApiError(0, { code: 'network', message: 'the platform cannot be reached / 无法连接平台' }))
    xhr.onabort = () => reject(new ApiError(0, { code: 'aborted', message: 'upload cancelled / 已取消上传' }))
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as PoolVersion)
        } catch {
          reject(new ApiError(xhr.status, { code: 'bad_answer', message: 'the platform answered something unreadable' }))
        }
        return
      }
      reject(new ApiError(xhr.status, errorBody(xhr)))
    }
    options.signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(form)
  })
}

// The same reading of an error answer as api.ts: `{error: {...}}`, else `{message}`, else the status.
function errorBody(xhr: XMLHttpRequest): ApiErrorBody {
  const fallback: ApiErrorBody = { code: `http_${xhr.status}`, message: xhr.statusText || `HTTP ${xhr.status}` }
  try {
    const parsed = JSON.parse(xhr.responseText) as { error?: ApiErrorBody; message?: string }
    if (parsed.error) return parsed.error
    if (parsed.message) return { ...fallback, message: parsed.message }
  } catch {
    // not JSON: keep the status text
  }
  return fallback
}
