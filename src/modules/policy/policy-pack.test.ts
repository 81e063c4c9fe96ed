import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { InputError } from '../../platform/errors.ts'
import {
  findRule,
  loadPolicyPack,
  overlayPack,
  packValidity,
  parsePolicyPack,
  requireRule,
  RULE_ID_PATTERN,
  type PolicyPackOverride,
} from './policy-pack.ts'
import shipped from './packs/zhangjiakou-2025.json' with { type: 'json' }

/**
 * The measures' full text sits beside the repository on CI machines (../shared); elsewhere it may
 * not, and SHUYU_REGULATION_TEXT can point at a copy.
 */
const REGULATION_TEXT =
  process.env.SHUYU_REGULATION_TEXT ??
  fileURLToPath(new URL('../../../../shared/regulation/000_f3e5a00e75e596ea.txt', import.meta.url))

const withoutSpace = (value: string) => value.replace(/\s+/g, '')

/** A fresh, mutable copy of the shipped JSON to break in one place. */
function packJson(): typeof shipped {
  return structuredClone(shipped)
}

function chinaDay(iso: string): Date {
  return new Date(`${iso}T00:00:00+08:00`)
}

describe('the shipped pack zhangjiakou-2025', () => {
  const pack = loadPolicyPack()

  it('parses, with the measures’ parameters and validity window', () => {
    assert.equal(pack.id, 'zhangjiakou-2025')
    assert.equal(pack.documentNumber, '张政办规〔2025〕4号')
    assert.equal(pack.validFrom, '2025-04-01')
    assert.equal(pack.validTo, '2027-03-31')
    assert.equal(pack.params.developerTermMaxMonths, 36)
    assert.equal(pack.params.renewalWindowMonths, 3)
    assert.equal(pack.params.auditRetentionMonths, 6)
    assert.equal(pack.params.expiryWarningDays, 180)
    assert.deepEqual(pack.layers.map((layer) => layer.id), ['zhangjiakou-2025'])
  })

  it('gives every rule a unique id of the form art<NN>.<slug> matching its article', () => {
    const ids = pack.rules.map((rule) => rule.id)
    assert.equal(new Set(ids).size, ids.length)
    for (const rule of pack.rules) {
      assert.match(rule.id, RULE_ID_PATTERN)
      assert.ok(rule.id.startsWith(`art${String(rule.article).padStart(2, '0')}.`), rule.id)
      assert.equal(rule.source, 'zhangjiakou-2025')
    }
  })

  it('covers articles 3 to 36 and the rules the platform is built around', () => {
    assert.ok(pack.rules.length >= 40, `${pack.rules.length} rules`)
    for (const rule of pack.rules) assert.ok(rule.article >= 3 && rule.article <= 38, rule.id)
    const articles = pack.rules.map((rule) => rule.article)
    assert.deepEqual(articles, [...articles].sort((a, b) => a - b), 'rules are in article order')
    for (const id of [
      'art11.no-sub-authorization',
      'art13.operator-no-development',
      'art13.one-scenario-one-authorization',
      'art15.excluded-data',
      'art16.agreement-clauses',
      'art17.term-max',
      'art17.renewal-window',
      'art17.filing-before-authorization',
      'art18.identity-authentication',
      'art18.access-control',
      'art19.full-record',
      'art21.raw-data-stays-in-domain',
      'art31.log-retention',
      'art31.destroy-on-termination',
      'art34.access-suspended-during-rectification',
    ]) {
      assert.ok(findRule(pack, id), `missing ${id}`)
    }
    assert.deepEqual(requireRule(pack, 'art17.term-max').params, ['developerTermMaxMonths'])
    assert.deepEqual(requireRule(pack, 'art31.log-retention').params, ['auditRetentionMonths'])
  })

  it('quotes each rule’s text from the measures verbatim', (t) => {
    if (!existsSync(REGULATION_TEXT)) {
      t.skip('the measures’ full text is not beside the repository')
      return
    }
    const measures = withoutSpace(readFileSync(REGULATION_TEXT, 'utf8'))
    const missing = pack.rules.filter((rule) => !measures.includes(withoutSpace(rule.text)))
    assert.deepEqual(
      missing.map((rule) => rule.id),
      [],
      'these rules do not quote the measures',
    )
  })

  it('is frozen and cached', () => {
    assert.equal(loadPolicyPack('zhangjiakou-2025'), pack)
    assert.ok(Object.isFrozen(pack.params))
    assert.ok(Object.isFrozen(pack.rules[0]))
  })
})

describe('parsePolicyPack', () => {
  function rejects(json: unknown, pattern: RegExp): void {
    assert.throws(
      () => parsePolicyPack(json),
      (error: unknown) => error instanceof InputError && pattern.test(error.message),
    )
  }

  it('rejects an audit retention of 5 months (art. 31 floor)', () => {
    const json = packJson()
    json.params.auditRetentionMonths = 5
    rejects(json, /params\.auditRetentionMonths: art\. 31/)
  })

  it('rejects a developer term of 37 months (art. 17)', () => {
    const json = packJson()
    json.params.developerTermMaxMonths = 37
    rejects(json, /params\.developerTermMaxMonths: art\. 17/)
  })

  it('rejects duplicate rule ids', () => {
    const json = packJson()
    json.rules.push(structuredClone(json.rules[0]!))
    rejects(json, /duplicate rule id art03\.developer-legal-entity/)
  })

  it('rejects a rule citing a param the pack does not have', () => {
    const json = packJson()
    json.rules[0]!.params = ['minimumCellSize']
    rejects(json, /uses unknown param minimumCellSize/)
  })

  it('rejects validTo before validFrom', () => {
    const json = packJson()
    json.validTo = '2025-03-31'
    rejects(json, /validTo 2025-03-31 is before validFrom 2025-04-01/)
  })

  it('rejects a label that cites another article, and an id that does', () => {
    const label = packJson()
    label.rules[0]!.articleLabel = '第四条'
    rejects(label, /does not start with 第三条/)
    const id = packJson()
    id.rules[0]!.article = 4
    rejects(id, /rule art03\.developer-legal-entity cites article 4/)
  })

  it('lists every problem, not just the first', () => {
    const json = packJson()
    json.params.auditRetentionMonths = 5
    json.params.developerTermMaxMonths = 37
    assert.throws(
      () => parsePolicyPack(json),
      (error: unknown) =>
        error instanceof InputError &&
        error.issues.length === 2 &&
        /auditRetentionMonths/.test(error.message) &&
        /developerTermMaxMonths/.test(error.message),
    )
  })
})

describe('loadPolicyPack', () => {
  it('refuses an id that could leave the packs folder', () => {
    assert.throws(() => loadPolicyPack('../etc'), InputError)
    assert.throws(() => loadPolicyPack('zhangjiakou-2025/../../x'), InputError)
  })

  it('reports an unknown pack as not found', () => {
    assert.throws(() => loadPolicyPack('no-such-pack'), { name: 'NotFoundError' })
  })
})

describe('requireRule', () => {
  it('throws on an unknown rule id', () => {
    assert.throws(() => requireRule(loadPolicyPack(), 'art99.nothing'), /no rule art99\.nothing/)
  })
})

describe('packValidity', () => {
  const pack = loadPolicyPack()

  it('is expiring with 124 days left on 2026-11-27, and says so in Chinese and English', () => {
    const validity = packValidity(pack, chinaDay('2026-11-27'))
    assert.equal(validity.status, 'expiring')
    assert.equal(validity.daysRemaining, 124)
    assert.equal(
      validity.warning,
      '政策包 zhangjiakou-2025 将于 2027-03-31 失效（剩余 124 天） / ' +
        'policy pack zhangjiakou-2025 lapses on 2027-03-31 (124 days left)',
    )
  })

  it('is lapsed on 2027-04-01', () => {
    const validity = packValidity(pack, chinaDay('2027-04-01'))
    assert.equal(validity.status, 'lapsed')
    assert.equal(validity.daysRemaining, 0)
    assert.match(
      validity.warning ?? '',
      /已于 2027-03-31 失效.* \/ policy pack zhangjiakou-2025 lapsed on 2027-03-31/,
    )
  })

  it('is not yet valid on 2025-03-31', () => {
    const validity = packValidity(pack, chinaDay('2025-03-31'))
    assert.equal(validity.status, 'not_yet_valid')
    assert.match(validity.warning ?? '', /2025-04-01/)
  })

  it('is valid on 2025-06-01, without a warning', () => {
    const validity = packValidity(pack, chinaDay('2025-06-01'))
    assert.equal(validity.status, 'valid')
    assert.equal(validity.warning, undefined)
  })

  it('counts calendar days in China time: the last day is valid, its midnight lapses', () => {
    const lastDay = packValidity(pack, new Date('2027-03-31T15:59:59Z'))
    assert.deepEqual([lastDay.status, lastDay.daysRemaining], ['expiring', 0])
    assert.equal(packValidity(pack, new Date('2027-03-31T16:00:00Z')).status, 'lapsed')
    assert.equal(packValidity(pack, new Date('2025-03-31T16:00:00Z')).status, 'valid')
  })

  it('starts warning when fewer than expiryWarningDays remain', () => {
    assert.equal(packValidity(pack, chinaDay('2026-10-02')).status, 'valid')
    assert.equal(packValidity(pack, chinaDay('2026-10-03')).status, 'expiring')
  })
})

describe('overlayPack', () => {
  const base = loadPolicyPack()
  const provincial: PolicyPackOverride = {
    id: 'hebei-2026',
    version: '1.0.0',
    title: '河北省公共数据资源授权运营管理办法(示例)',
    issuer: '河北省人民政府办公厅',
    params: { auditRetentionMonths: 12 },
    rules: [
      {
        id: 'art31.log-retention',
        article: 40,
        articleLabel: '第四十条',
        text: '相关网络日志留存不少于 12 个月。',
      },
      { id: 'art17.term-max', summaryEn: 'A term over the maximum is refused, province-wide.' },
      {
        id: 'art41.annual-security-assessment',
        article: 41,
        articleLabel: '第四十一条',
        title: '年度安全评估',
        titleEn: 'Annual security assessment',
        text: '一级开发运营主体每年开展一次数据安全评估。',
        summaryEn: 'The operator records one security assessment per year.',
        params: ['annualReportPeriodMonths'],
        area: 'supervision',
      },
    ],
  }

  it('changes params and texts, adds rules and records both packs', () => {
    const combined = overlayPack(base, provincial)
    assert.equal(combined.id, 'zhangjiakou-2025+hebei-2026')
    assert.deepEqual(combined.layers.map((layer) => layer.id), ['zhangjiakou-2025', 'hebei-2026'])
    assert.equal(combined.params.auditRetentionMonths, 12)
    assert.equal(combined.params.developerTermMaxMonths, 36)

    const retention = requireRule(combined, 'art31.log-retention')
    assert.equal(retention.text, '相关网络日志留存不少于 12 个月。')
    assert.equal(retention.article, 40)
    assert.equal(retention.source, 'hebei-2026')
    assert.deepEqual(retention.params, ['auditRetentionMonths'])

    const term = requireRule(combined, 'art17.term-max')
    assert.equal(term.source, 'zhangjiakou-2025', 'a new summary does not change what is quoted')
    assert.equal(term.text, requireRule(base, 'art17.term-max').text)

    assert.equal(requireRule(combined, 'art41.annual-security-assessment').source, 'hebei-2026')
    assert.equal(combined.rules.length, base.rules.length + 1)
    assert.equal(combined.validTo, base.validTo)
  })

  it('leaves the base pack untouched', () => {
    overlayPack(base, provincial)
    assert.equal(base.params.auditRetentionMonths, 6)
    assert.equal(base.id, 'zhangjiakou-2025')
    assert.equal(findRule(base, 'art41.annual-security-assessment'), undefined)
  })

  it('never lowers the floors of the measures', () => {
    const lower = { ...provincial, params: { auditRetentionMonths: 5 } }
    assert.throws(() => overlayPack(base, lower), /art\. 31/)
    const longer = { ...provincial, params: { developerTermMaxMonths: 48 } }
    assert.throws(() => overlayPack(base, longer), /art\. 17/)
  })

  it('refuses a new text without its article, a dangling param and a half-given new rule', () => {
    const uncited = { ...provincial, rules: [{ id: 'art31.log-retention', text: '新的条文。' }] }
    assert.throws(() => overlayPack(base, uncited), /must give the article/)
    const dangling = { ...provincial, rules: [{ id: 'art17.term-max', params: ['maxTermYears'] }] }
    assert.throws(() => overlayPack(base, dangling), /unknown param maxTermYears/)
    const partial = { ...provincial, rules: [{ id: 'art42.something', title: '某项' }] }
    assert.throws(() => overlayPack(base, partial), /new rule art42\.something/)
  })

  it('refuses a renewal window as long as the term', () => {
    const window = { ...provincial, params: { renewalWindowMonths: 36 } }
    assert.throws(() => overlayPack(base, window), /renewal window \(36\) must be shorter/)
  })
})
