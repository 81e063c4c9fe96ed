// The console end to end, in a real Chromium against a real platform node serving the demo world
// (identities, catalog, the two authorizations, the demo data at a small scale and a listed API
// product of fin-credit). `SHUYU_SCREENSHOTS=docs/screenshots npm run screenshots` saves the main
// pages for the README from these same steps.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { killAllNodes, startNode, type PlatformNode } from '../children/nodes.ts'
import { seedNodeWorld, type NodeWorld } from '../children/world.ts'
import { browserSkipReason, launchBrowser, screenshot, signIn } from './browser.ts'

const skip = browserSkipReason()

/** Every demo user, with the name of the organization the shell must show. */
const DEMO_ACTORS: readonly [username: string, organization: string][] = [
  ['office', '市数政局'],
  ['bureau', '市数政局'],
  ['sector-mr', '市市场监管局'],
  ['src-power', '国网张家口供电公司'],
  ['src-water', '张家口市自来水公司'],
  ['src-hrss', '市人力资源和社会保障局'],
  ['src-mr', '市市场监管局'],
  ['src-transit', '张家口公交集团'],
  ['src-tourism', '市文化广电和旅游局'],
  ['operator', '张家口数据运营有限公司'],
  ['reviewer', '张家口数据运营有限公司'],
  ['fintech', '冀北普惠金融科技有限公司'],
  ['skitour', '崇礼冰雪文旅数据科技有限公司'],
  ['regulator', '市委网信办'],
  ['bank', '张家口某商业银行'],
  ['sysadmin', '市数政局'],
  ['secadmin', '市数政局'],
  ['auditadmin', '市数政局'],
]

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
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of (401|403|404|409|422)/.test(message.text())) errors.push(message.text())
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
      assert.match((await page.getByTestId('whoami').textContent()) ?? '', new RegExp(organization), username)
      await page.getByTestId('workbench').waitFor({ timeout: 15_000 })
      await page.waitForLoadState('networkidle')
      assert.deepEqual(errors, [], `${username}: ${errors.join('; ')}`)
      await screenshot(page, `workbench-${username}`)
      await context.close()
    }
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
