import { ApiError, getToken, type ApiErrorBody } from '../../api.ts'

/**
 * The report's documents need the session's bearer token, which a plain link cannot send:
 * fetched here, then handed to the browser as a file (the PDF) or a new tab (the HTML).
 */
async function fetchDocument(path: string): Promise<{ blob: Blob; filename: string | undefined }> {
  const token = getToken()
  let response: Response
  try {
    response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  } catch {
    throw new ApiError(0, { code: 'network', message: 'the platform cannot be reached / 无法连接平台' })
  }
  if (!response.ok) {
    let body: ApiErrorBody = { code: `http_${response.status}`, message: response.statusText || `HTTP ${response.status}` }
    try {
      const parsed = (await response.json()) as { error?: ApiErrorBody }
      if (parsed.error) body = parsed.error
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(response.status, body)
  }
  return { blob: await response.blob(), filename: /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] }
}

export async function downloadPdf(id: string, fallback: string): Promise<void> {
  const path = `/api/v1/annual-reports/${encodeURIComponent(id)}/pdf`
  const { blob, filename } = await fetchDocument(path)
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename ?? fallback
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Opens the printable HTML in a new tab (the browser can print it too). */
export async function openHtml(id: string): Promise<void> {
  // The tab opens now, within the click, so that no popup blocker stops it; the document follows.
  const tab = window.open('', '_blank')
  try {
    const { blob } = await fetchDocument(`/api/v1/annual-reports/${encodeURIComponent(id)}/html`)
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/html' }))
    if (tab) tab.location.href = url
    else window.open(url, '_blank')
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
  } catch (error) {
    tab?.close()
    throw error
  }
}
