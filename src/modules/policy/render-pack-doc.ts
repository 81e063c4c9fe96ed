import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  DEFAULT_PACK_ID,
  loadPolicyPack,
  MAX_DEVELOPER_TERM_MONTHS,
  MIN_AUDIT_RETENTION_MONTHS,
  type PackParamName,
  type PolicyPack,
} from './policy-pack.ts'

/**
 * Renders a pack's page in docs/rule-packs/ from its JSON, so the page cannot drift from the
 * rules: `npx tsx src/modules/policy/render-pack-doc.ts [id]` prints it, `--write` writes it.
 * A test fails when the committed page differs from what this renders.
 */

interface ParamNote {
  readonly article: string
  readonly meaning: string
}

const PARAM_NOTES: Record<PackParamName, ParamNote> = {
  developerTermMaxMonths: {
    article: '17',
    meaning: paragraph(
      'Longest single term of a developer authorization (不超过 3 年).',
      `Never above ${MAX_DEVELOPER_TERM_MONTHS}.`,
    ),
  },
  renewalWindowMonths: {
    article: '17',
    meaning: paragraph(
      'A renewal (a newly signed agreement) is applied for within this many months before the',
      'term ends.',
    ),
  },
  filingObjectionDays: {
    article: '17',
    meaning: paragraph(
      'The office may object to a filed agreement within this many days; without an objection',
      'or an earlier acknowledgement, the agreement takes effect when they have passed.',
      'A platform setting: the measures require filing but set no period.',
    ),
  },
  agreementExpiryWarningDays: {
    article: '17',
    meaning: paragraph(
      'The platform warns the developer and the operator this many days before an agreement’s',
      'term ends, so a renewal can be applied for in its window.',
    ),
  },
  importMinK: {
    article: '20',
    meaning: paragraph(
      'Social data imported into a workspace is k-anonymous over its quasi-identifiers with at',
      'least this k before the office may approve it (GB/T 37964). A platform setting: the',
      'measures require de-identification but set no k.',
    ),
  },
  auditRetentionMonths: {
    article: '31',
    meaning: paragraph(
      'Audit entries and network logs are kept at least this long.',
      `Never below ${MIN_AUDIT_RETENTION_MONTHS}.`,
    ),
  },
  expiryWarningDays: {
    article: '38',
    meaning: paragraph(
      'The platform warns this many days before the pack lapses.',
      'A platform setting, not set by the measures.',
    ),
  },
  operatorCleanRecordYears: {
    article: '12(四)',
    meaning: 'The primary operator has had no cyber or data security incident in this many years.',
  },
  annualReportPeriodMonths: {
    article: '27',
    meaning: 'The operator’s operation report (年度运营报告) is due once per this many months.',
  },
  productKinds: { article: '3', meaning: 'The kinds a data product may be.' },
  qualityDimensions: {
    article: '10',
    meaning: 'Quality checked at the source: 真实性, 准确性, 完整性, 时效性, 可用性.',
  },
  excludedDataCategories: {
    article: '15',
    meaning: 'Why data is kept out of any authorization’s scope.',
  },
  requiredAgreementClauses: {
    article: '16',
    meaning: 'Clauses an agreement must state before it can be filed.',
  },
  selectionMethods: {
    article: '13(五)',
    meaning: paragraph(
      'Recognized fair competitive selection methods',
      '(the list in the text ends in 等, “and similar”).',
    ),
  },
  productReviewPoints: {
    article: '25',
    meaning: paragraph(
      'Points a product review records a finding on',
      '(包括但不限于, “including but not limited to”).',
    ),
  },
  terminationGrounds: { article: '35', meaning: 'Grounds for unilateral termination.' },
}

export function renderPackDoc(pack: PolicyPack): string {
  const warnFrom = addDays(pack.validTo, 1 - pack.params.expiryWarningDays)
  const articles = new Set(pack.rules.map((rule) => rule.article))
  const lines = [
    `# Policy pack \`${pack.id}\` (version ${pack.version})`,
    '',
    `<!-- Generated from src/modules/policy/packs/${pack.id}.json by`,
    `     npx tsx src/modules/policy/render-pack-doc.ts ${pack.id} --write`,
    '     Do not edit by hand: a test compares this page with the JSON. -->',
    '',
    '## What it is',
    '',
    `${pack.titleEn}: **${pack.title}**, ${pack.documentNumber}, issued by ${pack.issuer}.`,
    '',
    paragraph(
      'The pack is the measures as data (DESIGN principle 1, “the rules are data”).',
      'Each rule has a stable id `art<NN>.<slug>`, cites its article and quotes the exact Chinese',
      'sentence(s) it enforces.',
      'A guard that refuses an action throws `RuleViolation` with the rule id; the API answers 422',
      'with the rule id and its article, so every refusal can be traced to the text.',
      'The parameters below are read by the guards, never written into code.',
    ),
    '',
    paragraph(
      `It holds ${pack.rules.length} rules across ${articles.size} articles.`,
      'The quoted texts keep the published text as it is, including its publishing defects',
      '(articles 11–19 print as “第十”; the article numbers here are the corrected ones).',
    ),
    '',
    '## Validity',
    '',
    paragraph(
      `- In force from **${pack.validFrom}** to **${pack.validTo}** inclusive (art. 38),`,
      'as calendar dates in China time (UTC+8).',
    ),
    paragraph(
      `- \`packValidity(pack, today)\` reports \`not_yet_valid\` before ${pack.validFrom}, then`,
      `\`valid\`, then \`expiring\` once fewer than ${pack.params.expiryWarningDays} days remain`,
      `(from ${warnFrom}; \`params.expiryWarningDays\`), and \`lapsed\` after ${pack.validTo}.`,
      'Every status but `valid` carries a warning in Chinese and English, e.g.',
      `“政策包 ${pack.id} 将于 ${pack.validTo} 失效（剩余 N 天） /`,
      `policy pack ${pack.id} lapses on ${pack.validTo} (N days left)”.`,
    ),
    paragraph(
      '- A lapsed pack is reported, not treated as permission: its rules keep applying until a',
      'successor pack (re-issued measures, or a national or provincial pack) is installed.',
      'The warning period is the time to prepare that pack.',
    ),
    `- Precedence: ${pack.precedence}`,
    paragraph(
      '- An override pack is laid over this one with `overlayPack(base, override)`.',
      'It may change parameters and rule texts and add rules, but never remove a rule, keep logs',
      `less than ${MIN_AUDIT_RETENTION_MONTHS} months or allow a developer term above`,
      `${MAX_DEVELOPER_TERM_MONTHS} months.`,
      'The combined pack’s id joins both ids and its `layers` name both documents; a changed rule',
      'records in `source` the pack whose text it now quotes.',
    ),
    '',
    '## Parameters',
    '',
    '| Parameter | Value | Art. | Meaning | Used by |',
    '|---|---|---|---|---|',
    ...(Object.keys(PARAM_NOTES) as PackParamName[]).map((name) => {
      const { article, meaning } = PARAM_NOTES[name]
      const users = pack.rules
        .filter((rule) => rule.params.includes(name))
        .map((rule) => `\`${rule.id}\``)
      const value = formatValue(pack.params[name])
      return row([`\`${name}\``, value, article, meaning, users.join(', ')])
    }),
    '',
    '## Rules',
    '',
    '| Rule | Article | Title | What the platform does |',
    '|---|---|---|---|',
    ...pack.rules.map((rule) =>
      row([
        `\`${rule.id}\``,
        `${rule.article} (${rule.articleLabel})`,
        `${rule.title}<br>${rule.titleEn}`,
        rule.summaryEn,
      ]),
    ),
    '',
  ]
  return lines.join('\n')
}

/** Where a pack's page lives: docs/rule-packs/<id>.md at the repository root. */
export function packDocUrl(id: string): URL {
  return new URL(`../../../docs/rule-packs/${id}.md`, import.meta.url)
}

function paragraph(...parts: readonly string[]): string {
  return parts.join(' ')
}

function row(cells: readonly string[]): string {
  const escaped = cells.map((cell) => cell.replaceAll('|', '\\|').replaceAll('\n', ' '))
  return `| ${escaped.join(' | ')} |`
}

function formatValue(value: number | readonly string[]): string {
  return typeof value === 'number' ? String(value) : value.map((item) => `\`${item}\``).join(', ')
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2)
  const id = args.find((arg) => !arg.startsWith('--')) ?? DEFAULT_PACK_ID
  const doc = renderPackDoc(loadPolicyPack(id))
  if (args.includes('--write')) writeFileSync(packDocUrl(id), doc)
  else process.stdout.write(doc)
}
