import fs from 'node:fs'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { UnavailableError } from './errors.ts'

/** Where Chromium is looked for unless SHUYU_CHROMIUM says otherwise (Debian's package). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** Chromium's flags for printing on a server: no sandbox user namespace, no GPU, nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--headless',
]

/** Pages printed at once: each holds a renderer process of some 50–100 MB. */
const MAX_CONCURRENT_PAGES = 2
const PRINT_TIMEOUT_MS = 60_000

export interface PdfOptions {
  /** Small HTML printed at the foot of every page; Chromium fills `.pageNumber` and `.totalPages`. */
  readonly footerTemplate?: string
}

/**
 * Prints self-contained HTML to PDF with headless Chromium (playwright-core driving the system's
 * browser). One browser per platform, launched on first use and closed with the platform; its one
 * context has JavaScript off and the network offline, so a document can neither run code nor
 * fetch anything, and each document gets a page of its own.
 */
export interface Printer {
  /** The Chromium executable this printer uses. */
  readonly executablePath: string
  /** Whether the executable exists; printing without it throws UnavailableError. */
  available(): boolean
  /** An A4 PDF of the HTML. Throws UnavailableError (503) when Chromium is missing or will not start. */
  pdf(html: string, options?: PdfOptions): Promise<Buffer>
  close(): Promise<void>
}

export function openPrinter(executablePath: string): Printer {
  let browser: Promise<{ browser: Browser; context: BrowserContext }> | undefined
  let closed = false
  let running = 0
  const waiting: (() => void)[] = []

  const launch = (): Promise<{ browser: Browser; context: BrowserContext }> => {
    if (browser) return browser
    const launching = chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 }).then(async (b) => {
      // A crashed or killed browser is launched again on the next print.
      b.on('disconnected', () => {
        if (browser === launching) browser = undefined
      })
      try {
        return { browser: b, context: await b.newContext({ javaScriptEnabled: false, offline: true }) }
      } catch (error) {
        await b.close().catch(() => undefined)
        throw error
      }
    })
    launching.catch(() => {
      if (browser === launching) browser = undefined
    })
    browser = launching
    return launching
  }

  const slot = async (): Promise<void> => {
    if (running < MAX_CONCURRENT_PAGES) {
      running++
      return
    }
    await new Promise<void>((resolve) => waiting.push(resolve))
  }
  const release = (): void => {
    const next = waiting.shift()
    if (next) next()
    else running--
  }

  return {
    executablePath,
    available: () => fs.existsSync(executablePath),
    async pdf(html, options = {}) {
      if (closed) throw new UnavailableError('the platform is shutting down: try again shortly')
      if (!fs.existsSync(executablePath)) throw new UnavailableError(missingChromium(executablePath), 'chromium_missing')
      await slot()
      try {
        let context: BrowserContext
        try {
          context = (await launch()).context
        } catch (error) {
          const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
          throw new UnavailableError(`Chromium at ${executablePath} did not start (${reason}). ${INSTALL_HINT}`, 'chromium_failed')
        }
        const page = await context.newPage()
        try {
          page.setDefaultTimeout(PRINT_TIMEOUT_MS)
          await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS })
          return await page.pdf({
            format: 'A4',
            printBackground: true,
            ...(options.footerTemplate
              ? { displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: options.footerTemplate, margin: { top: '16mm', bottom: '18mm', left: '16mm', right: '16mm' } }
              : { preferCSSPageSize: true }),
          })
        } finally {
          await page.close().catch(() => undefined)
        }
      } finally {
        release()
      }
    },
    async close() {
      closed = true
      const open = browser
      browser = undefined
      if (open) await open.then(({ browser: b }) => b.close()).catch(() => undefined)
    },
  }
}

const INSTALL_HINT =
  'Install Chromium and a CJK font on the server (Debian/Ubuntu: apt-get install -y chromium fonts-wqy-microhei) or set SHUYU_CHROMIUM to its executable; the HTML version of the document is served meanwhile'

function missingChromium(executablePath: string): string {
  return `PDF rendering needs headless Chromium, and there is none at ${executablePath}. ${INSTALL_HINT}`
}
