// The console end to end, in a real Chromium against a real platform node serving the demo world
// (identities, catalog, the two authorizations, the demo data at a small scale and a listed API
// product of fin-credit). `SHUYU_SCREENSHOTS=docs/screenshots npm run screenshots` saves the main
// pages for the README from these same steps.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { DEMO_ORGANIZATIONS, DEMO_USERS } from '../../src/modules/demo/demo-identities.ts'
import { killAllNodes, startNode, type PlatformNode } from '../children/nodes.ts'
import { seedNodeWorld, type NodeWorld } from '../children/world.ts'
import { browserSkipReason, launchBrowser, screenshot, signIn } from './browser.ts'

const skip = browserSkipReason()

/** Enterprises per industry and district: in the seeded world some cells fail NK dominance or the p-ratio. */
const SUPPRESSING_SQL = `SELECT m.industry_code, m.district_code, count(DISTINCT m.uscc) AS enterprises, sum(m.registered_capital_wan) AS capital
FROM market_entities m
GROUP BY m.industry_code, m.district_code
ORDER BY 1, 2`

/** Every demo user, with the name of the organization the shell must show. */
const DEMO_ACTORS = DEMO_USERS.map((user) => [user.username, DEMO_ORGANIZATIONS.find((org) => org.id === user.orgId)!.name] as const)

/** The main pages for docs/screenshots/, each as the actor it is for. */
const SCREENSHOTS: Record<string, string> = {
  '/catalog/resources': 'bureau',
  '/pool': 'src-power',
  '/agreements': 'operator',
  '/products': 'bank',
  '/supervision/flags': 'regulator',
  '/lineage': 'regulator',
  '/audit': 'auditadmin',
}
const WORKBENCH_SCREENSHOTS = new Set(['office', 'operator', 'fintech', 'regulator', 'src-power', 'bank'])

describe('the console in Chromium', { skip }, () => {
  let world: NodeWorld
  let node: PlatformNode
  let browser: Browser

  before(async () => {
    world = await seedNodeWorld({
      dialect: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
      pricing: { model: 'per-call', yuanPerCall: 0.5, dailyQuota: 1000, ratePerSecond: 50 },
    })
    node = await startNode(world)
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await killAllNodes()
    await world?.cleanup()
  })

  /** A fresh browser context (cold cache, no session) whose page fails the test on any script error. */
  async function freshPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    // A refusal the test provokes on purpose (a wrong password, a query out of scope) is logged by
    // the browser as a failed resource; a 403 or a 500 never is expected.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of (400|401|404|409|422)/.test(message.text())) errors.push(message.text())
    })
    return { context, page, errors }
  }

  test('the first page loads in under 2 s from the local server, without the chart library', async () => {
    const { context, page, errors } = await freshPage()
    const scripts: string[] = []
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname)
    })
    const started = performance.now()
    await page.goto(`${node.url}/`)
    await page.getByTestId('sign-in-form').waitFor()
    const elapsed = performance.now() - started
    assert.ok(elapsed < 2000, `the sign-in page took ${Math.round(elapsed)} ms`)
    assert.ok(scripts.length > 1, 'the bundle is split into chunks')
    assert.ok(!scripts.some((script) => /echarts/.test(script)), `the first page loads no chart code: ${scripts.join(', ')}`)
    assert.deepEqual(errors, [])
    await screenshot(page, 'sign-in')
    await context.close()
  })

  test('a form checks its input before it sends, and shows the refusal of the server in place', async () => {
    const { context, page } = await freshPage()
    let loginCalls = 0
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/auth/login')) loginCalls++
    })
    await page.goto(`${node.url}/`)
    await page.getByTestId('sign-in').click()
    await page.getByText('请输入用户名').waitFor()
    assert.equal(loginCalls, 0, 'an empty form is not sent')

    await page.locator('#username').fill('fintech')
    await page.locator('#password').fill('not-the-password')
    await page.getByTestId('sign-in').click()
    const refusal = page.getByTestId('server-error')
    await refusal.waitFor()
    assert.equal(loginCalls, 1)
    assert.match((await refusal.textContent()) ?? '', /password|密码/i)
    await context.close()
  })

  test('every demo actor signs in and sees the workbench of its kind', async () => {
    for (const [username, organization] of DEMO_ACTORS) {
      const { context, page, errors } = await freshPage()
      await signIn(page, node.url, username)
      assert.ok(((await page.getByTestId('whoami').textContent()) ?? '').includes(organization), username)
      const home = page.getByTestId('home')
      await home.waitFor({ timeout: 15_000 })
      await page.waitForLoadState('networkidle')
      assert.deepEqual(errors, [], `${username}: ${errors.join('; ')}`)
      assert.equal(await home.getByTestId('server-error').count(), 0, `${username}: the workbench shows a refusal`)
      assert.ok(((await home.textContent()) ?? '').length > 40, `${username}: the workbench shows something to do`)
      if (WORKBENCH_SCREENSHOTS.has(username)) await screenshot(page, `workbench-${username}`)
      await context.close()
    }
  })

  test('fintech writes a query in the sandbox, runs it for real, and sees the suppressed cells explained', async () => {
    const { context, page, errors } = await freshPage()
    await signIn(page, node.url, 'fintech')
    await page.goto(`${node.url}/workspace/fin-credit`)
    const editor = page.getByTestId('sql-editor')
    await editor.waitFor({ timeout: 15_000 })
    await editor.fill(SUPPRESSING_SQL)
    await page.getByTestId('run-query').click()
    await page.getByTestId('result-sandbox').waitFor({ timeout: 30_000 })
    await screenshot(page, 'workspace-sandbox')

    await page.getByTestId('mode-real').click()
    await page.getByTestId('run-query').click()
    await page.getByTestId('result-real').waitFor({ timeout: 60_000 })
    const explained = page.getByTestId('checks-explained')
    await explained.waitFor()
    assert.ok((await page.getByTestId('suppressed-cell').count()) > 0, 'a suppressed cell is marked in the table')
    assert.match((await explained.textContent()) ?? '', /抑制|suppress/i)
    await screenshot(page, 'workspace-real')

    // A query out of scope: refused in place, with the article it breaks.
    await editor.fill('SELECT count(*) AS n FROM no_such_table')
    await page.getByTestId('run-query').click()
    const refusal = page.getByTestId('server-error')
    await refusal.waitFor({ timeout: 30_000 })
    assert.match((await refusal.textContent()) ?? '', /第二十八条/)

    // A query that would run to the workspace's time limit: Cancel stops it on the server.
    await editor.fill('SELECT count(*) AS n FROM electricity_usage a, electricity_usage b, electricity_usage c WHERE a.kwh + b.kwh + c.kwh = -1')
    await page.getByTestId('run-query').click()
    await page.getByTestId('cancel-query').click({ timeout: 10_000 })
    await page.getByTestId('history-cancelled').waitFor({ timeout: 10_000 })
    assert.equal(await page.getByTestId('cancel-query').count(), 0, 'the run has ended')
    assert.equal(await page.getByTestId('server-error').count(), 0, 'a cancel is no error')
    assert.deepEqual(errors, [])
    await context.close()
  })

  test("every page in every actor's menu opens with no script error and no refusal", async () => {
    const opened: [string, number][] = []
    for (const [username] of DEMO_ACTORS) {
      const { context, page, errors } = await freshPage()
      await signIn(page, node.url, username)
      const links = await page.locator('.ant-layout-sider .ant-menu a[href]').evaluateAll((anchors) => anchors.map((a) => (a as unknown as { getAttribute(name: string): string }).getAttribute('href')))
      assert.ok(links.length > 1, `${username} has a menu`)
      for (const href of links) {
        const started = performance.now()
        await page.locator(`.ant-layout-sider .ant-menu a[href="${href}"]`).click()
        await page.waitForURL((url) => url.pathname === href)
        await page.waitForLoadState('networkidle')
        const content = page.locator('.ant-layout-content')
        const refusals = await content.getByTestId('server-error').allTextContents()
        assert.deepEqual(refusals, [], `${username} ${href}`)
        assert.deepEqual(errors, [], `${username} ${href}`)
        opened.push([`${username} ${href}`, Math.round(performance.now() - started)])
        if (SCREENSHOTS[href] === username) await screenshot(page, href.slice(1).replaceAll('/', '-'))
      }
      await context.close()
    }
    const slowest = opened.sort((a, b) => b[1] - a[1]).slice(0, 3)
    console.log(`${opened.length} pages opened; the slowest: ${slowest.map(([page, ms]) => `${page} ${ms} ms`).join(', ')}`)
  })

  test('the console switches to English without a reload', async () => {
    const { context, page } = await freshPage()
    await signIn(page, node.url, 'regulator')
    await page.getByText('今日待办').first().waitFor()
    await page.getByTestId('lang-switch').click()
    await page.getByText('Today').first().waitFor()
    await context.close()
  })

  test('the public portal lists the demo authorizations without signing in', async () => {
    const { context, page, errors } = await freshPage()
    await page.goto(`${node.url}/portal`)
    const authorizations = page.getByTestId('portal-authorizations')
    await authorizations.waitFor({ timeout: 15_000 })
    const text = (await authorizations.textContent()) ?? ''
    assert.match(text, /冀北普惠金融科技有限公司/)
    assert.match(text, /崇礼冰雪文旅数据科技有限公司/)
    assert.deepEqual(errors, [])
    await screenshot(page, 'portal')
    await context.close()
  })
})
