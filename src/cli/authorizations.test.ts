import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { sampleEntry } from '../../test/catalog.ts'
import { termEndAfter } from '../modules/authorizations/authorization.ts'
import { DEMO_CLAUSES } from '../modules/demo/demo-authorizations.ts'
import { chinaDate, chinaTime } from '../platform/time.ts'

const run = promisify(execFile)
const bin = path.resolve(import.meta.dirname, '../../bin/shuyu.mjs')
const dirs: string[] = []
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

async function shuyu(dir: string, args: string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: '', SHUYU_DATA_DIR: dir, SHUYU_DEMO: '0', SHUYU_PASSWORD_ITERATIONS: '1000' },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** Runs a step that must succeed, and answers its --json output. */
async function ok<T = any>(dir: string, args: string[]): Promise<T> {
  const ran = await shuyu(dir, [...args, '--json'])
  assert.equal(ran.code, 0, `shuyu ${args.join(' ')}: ${ran.stderr}`)
  return JSON.parse(ran.stdout) as T
}

/** Writes a JSON input file into the data directory and answers its path. */
function input(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, `${name}.json`)
  fs.writeFileSync(file, JSON.stringify(value))
  return file
}

// The city's actors, each created with `users add` and its organization on the way.
const ACTORS = [
  { username: 'office', org: 'org-office', kind: 'office' },
  { username: 'bureau', org: 'org-bureau', kind: 'bureau' },
  { username: 'compiler', org: 'org-sa-mr', kind: 'sector_authority' },
  { username: 'source', org: 'org-src-mr', kind: 'source_unit' },
  { username: 'operator', org: 'org-operator', kind: 'operator' },
  { username: 'dev', org: 'org-dev', kind: 'developer' },
] as const

const RESOURCE = '130700-SCJG-0001'
const FIELDS = ['uscc', 'name', 'status']

// Each command starts in a second or two (more on a busy machine): the deadline leaves time to
// publish and apply, and the refusals below run while the call is open rather than adding to the wait.
const CALL_OPEN_MS = 10_000

describe('shuyu authorization chain', () => {
  it('runs from an empty platform to an open workspace, citing the rules that refuse', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuyu-auth-'))
    dirs.push(dir)
    const today = chinaDate(new Date())

    for (const actor of ACTORS) {
      const added = await shuyu(dir, ['users', 'add', '--username', actor.username, '--role', 'member', '--password', 'Long-Enough-Pass-1', '--org', actor.org, '--org-name', actor.org, '--org-kind', actor.kind])
      assert.equal(added.code, 0, added.stderr)
    }

    // The catalog: the sector authority compiles and submits, the bureau publishes.
    await ok(dir, ['catalog', 'compile', '--as', 'compiler', '--file', input(dir, 'entry', sampleEntry())])
    await ok(dir, ['catalog', 'submit', RESOURCE, '--as', 'compiler'])
    const published = await ok(dir, ['catalog', 'review', RESOURCE, '--as', 'bureau', '--decision', 'approve'])
    assert.equal(published.status, 'approved')

    // First tier: the office designates the operator, the bureau grants it the resource.
    const qualification = { met: true, evidence: '审查意见书' }
    const designation = await ok(dir, [
      'operators', 'designate', '--as', 'office',
      '--file', input(dir, 'designation', {
        operatorOrgId: 'org-operator',
        qualifications: { compliance: qualification, capability: qualification, 'good-standing': qualification, 'data-governance': qualification, 'supervision-response': qualification },
        agreementReference: '张数授〔2026〕1号',
        clauses: DEMO_CLAUSES,
        termStart: today,
        termEnd: termEndAfter(today, 60),
      }),
    ])
    const granted = await ok(dir, ['operators', 'grant', designation.id, '--as', 'bureau', '--resource', RESOURCE])
    assert.equal(granted.status, 'active')

    // The scenario: the developer's demand, compiled by the operator, approved by the office.
    const needs = [{ resourceCode: RESOURCE, fields: FIELDS.map((name) => ({ name, justification: '信用评估所必需' })) }]
    const demand = await ok(dir, ['scenarios', 'demand', '--as', 'dev', '--file', input(dir, 'demand', { title: '企业信用评估', description: '评估中小微企业信用', purposeType: 'industrial', needs })])
    await ok(dir, [
      'scenarios', 'compile', '--as', 'operator',
      '--file', input(dir, 'scenario', { code: 'SC-FIN-001', name: '企业信用评估', sector: '金融服务', description: '评估中小微企业信用', purposeType: 'industrial', needs, demandIds: [demand.id] }),
    ])
    await ok(dir, ['scenarios', 'submit', 'SC-FIN-001', '--as', 'operator'])
    const approved = await ok(dir, ['scenarios', 'review', 'SC-FIN-001', '--as', 'office', '--decision', 'approve'])
    assert.equal(approved.status, 'approved')

    // The call: published, applied to before the deadline, scored and awarded after it.
    const deadline = Date.now() + CALL_OPEN_MS
    const call = await ok(dir, [
      'calls', 'publish', '--as', 'operator',
      '--file', input(dir, 'call', {
        scenarioCode: 'SC-FIN-001',
        title: '企业信用评估场景授权运营公告',
        method: 'open-tender',
        eligibility: ['依法设立的法人组织'],
        criteria: [{ name: '技术方案', weight: 100, description: '方案可行性' }],
        deadline: chinaTime(new Date(deadline)),
      }),
    ])
    const application = await ok(dir, [
      'calls', 'apply', call.id, '--as', 'dev',
      '--file', input(dir, 'application', {
        statement: '申请承担企业信用评估场景',
        eligibility: [{ condition: '依法设立的法人组织', evidence: '营业执照' }],
        documents: [{ name: '申请书.pdf', sha256: '0'.repeat(64), summary: '申请书' }],
      }),
    ])

    // While the call is open: a developer drawing up an agreement is granting onward (art. 11),
    // and a malformed input is refused with each problem's path.
    const agreement = (months: number) => ({
      applicationId: application.id,
      clauses: DEMO_CLAUSES,
      scope: [{ resourceCode: RESOURCE, fields: FIELDS }],
      termStart: today,
      termEnd: termEndAfter(today, months),
      feeYuan: 1000,
      workspace: { id: 'fin-credit', name: '信用评估工作区' },
    })
    const byDeveloper = await shuyu(dir, ['agreements', 'draft', '--as', 'dev', '--file', input(dir, 'agreement-36', agreement(36))])
    assert.equal(byDeveloper.code, 1)
    assert.match(byDeveloper.stderr, /^shuyu: refused by art11\.no-sub-authorization \(第十一条/)
    const malformed = await shuyu(dir, ['agreements', 'draft', '--as', 'operator', '--file', input(dir, 'malformed', { ...agreement(36), termEnd: 'soon', scope: [] })])
    assert.equal(malformed.code, 1)
    assert.match(malformed.stderr, /is not valid:\n {2}scope: .*\n {2}termEnd: /)

    await sleep(Math.max(0, deadline - Date.now() + 100))
    const scored = await ok(dir, ['calls', 'score', application.id, '--as', 'operator', '--file', input(dir, 'scores', { scores: [{ criterion: '技术方案', score: 90, reason: '方案完整可行' }] })])
    assert.equal(scored.totalScore, 90)
    await ok(dir, ['calls', 'award', call.id, '--as', 'operator', '--application', application.id, '--reason', '综合评分最高'])

    // The agreement: three years at most (art. 17); filed, acknowledged, in effect.
    const tooLong = await shuyu(dir, ['agreements', 'draft', '--as', 'operator', '--file', input(dir, 'agreement-37', agreement(37))])
    assert.equal(tooLong.code, 1)
    assert.match(tooLong.stderr, /^shuyu: refused by art17\.term-max \(第十七条第二款\): .*at most 36 months/)
    const draft = await ok(dir, ['agreements', 'draft', '--as', 'operator', '--file', input(dir, 'agreement-36', agreement(36))])
    const filed = await shuyu(dir, ['agreements', 'file', draft.id, '--as', 'operator'])
    assert.equal(filed.code, 0, filed.stderr)
    assert.match(filed.stdout, new RegExp(`agreement ${draft.id} filed; the office may object until \\d{4}-\\d{2}-\\d{2}`))
    const active = await ok(dir, ['agreements', 'acknowledge', draft.id, '--as', 'office'])
    assert.equal(active.status, 'active')

    const workspaces = await shuyu(dir, ['workspaces', 'list', '--as', 'dev'])
    assert.equal(workspaces.code, 0, workspaces.stderr)
    assert.match(workspaces.stdout, /^fin-credit\s+open\s+SC-FIN-001\s+org-dev\s/m)
  })
})
