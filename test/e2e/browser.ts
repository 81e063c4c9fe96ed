// A real Chromium for the console's end-to-end tests and the PDF reports: Debian's chromium driven
// by playwright-core (never a browser downloaded by a test tool), with the printer's flags. CI
// installs it (.ci/run); elsewhere the tests skip with a message unless SHUYU_E2E_REQUIRED=1 says
// they must run.
import fs from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from '../../src/platform/printer.ts'

export const CHROMIUM = process.env.SHUYU_CHROMIUM || DEFAULT_CHROMIUM

/** Why the browser tests cannot run here, or undefined when they can. A required run never skips. */
export function browserSkipReason(): string | undefined {
  if (fs.existsSync(CHROMIUM)) return undefined
  const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium fonts-wqy-microhei, or set SHUYU_CHROMIUM)`
  if (process.env.SHUYU_E2E_REQUIRED === '1') throw new Error(`SHUYU_E2E_REQUIRED=1 but ${reason}`)
  process.stderr.write(`skipped: ${reason}\n`)
  return reason
}

export async function launchBrowser(): Promise<Browser> {
  // Beyond the printer's flags: /dev/shm is small in containers, and QUIC would only be refused.
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--disable-dev-shm-usage', '--disable-quic'] })
}

/** Signs in through the console's form, as a person would, and waits for the shell. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/`)
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(`demo-${username}`)
  await page.getByTestId('sign-in').click()
  await page.getByTestId('whoami').waitFor({ timeout: 15_000 })
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click()
  await page.getByTestId('sign-in-form').waitFor()
}

/** Screenshots for docs/screenshots/ when SHUYU_SCREENSHOTS is that folder (npm run screenshots). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SHUYU_SCREENSHOTS
  if (!dir) return
  fs.mkdirSync(dir, { recursive: true })
  await page.waitForLoadState('networkidle').catch(() => {})
  // A click low in the menu scrolls the page: the picture is of its top.
  await page.evaluate('window.scrollTo(0, 0)')
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: false })
}
