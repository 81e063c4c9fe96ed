// A real Chromium for the console's end-to-end tests: Debian's chromium driven by playwright-core
// (never a browser downloaded by a test tool). CI installs it (.ci/run); elsewhere the tests skip
// with a message unless SHUYU_E2E_REQUIRED=1 says they must run.
import fs from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.SHUYU_CHROMIUM ?? '/usr/bin/chromium'

/** Why the browser tests cannot run here, or undefined when they can. A required run never skips. */
export function browserSkipReason(): string | undefined {
  if (fs.existsSync(CHROMIUM)) return undefined
  const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium fonts-wqy-microhei)`
  if (process.env.SHUYU_E2E_REQUIRED === '1') throw new Error(`SHUYU_E2E_REQUIRED=1 but ${reason}`)
  return reason
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Flags for a closed network and a root user: no sandbox, no calls home.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
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
