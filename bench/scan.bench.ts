import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { scanText } from '../src/modules/masking/detectors.ts'
import { rate, type BenchContext, type BenchRow, type BenchTable, type Figure } from './bench.ts'

/**
 * Free-text scanning for personal information: shuyu's detectors beside the two most used npm
 * text-PII detectors, `@openredaction/openredaction` and `redact-pii` (privacy-controls §4), on
 * the labelled Chinese sample bench/data/pii-zh-sample.jsonl (make-pii-zh-sample.ts writes it).
 * Speed is MB/s of UTF-8 text; precision and recall count a finding as a true positive when its
 * span overlaps a labelled entity (any type: the competitors name none of ours).
 */

const here = path.dirname(fileURLToPath(import.meta.url))
// The sample is ~30 KB: repeated to about 1 MB, the same text for all three (the competitors take seconds a round).
const SPEED_BYTES = 1_000_000

type Span = { readonly start: number; readonly end: number }
type Line = { readonly text: string; readonly entities: readonly (Span & { type: string })[] }
type Detector = { readonly label: string; readonly find: (text: string) => Span[] }

export async function bench(context: BenchContext): Promise<readonly BenchTable[]> {
  const lines = fs
    .readFileSync(path.join(here, 'data', 'pii-zh-sample.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line)
  const sample = lines.map((l) => l.text).join('\n')
  const WARM_UP_MS = 2000
  const text = sample.repeat(Math.ceil(SPEED_BYTES / Buffer.byteLength(sample)))
  const megabytes = Buffer.byteLength(text) / 1e6

  const shuyu: Detector = {
    label: 'scanText, all detectors',
    find: (t) => scanText(t).map((f) => ({ start: f.start, end: f.end })),
  }
  const competitors: (Detector | { label: string; failure: string })[] = [
    await openRedaction(),
    await redactPii(),
  ]

  const speed = async (d: Detector): Promise<Figure> => {
    context.log(`scan: ${d.label}`)
    try {
      // Warm-up, uncounted, the same for every detector: passes for at least WARM_UP_MS (one at
      // least), so each is measured in its steady state rather than while V8 still optimizes it.
      const warming = performance.now()
      do d.find(text)
      while (performance.now() - warming < WARM_UP_MS)
      const rounds: number[] = []
      for (let r = 0; r < context.rounds; r++) rounds.push(await rate(megabytes, () => d.find(text)))
      return { label: d.label, rounds }
    } catch (error) {
      return { label: d.label, rounds: [], failure: String(error) }
    }
  }
  const shuyuSpeed = await speed(shuyu)
  const shuyuScore = score(shuyu, lines)
  const rows: BenchRow[] = [
    { measurement: 'free text, Chinese sample repeated to 1 MB', shuyu: shuyuSpeed, unit: 'MB/s', target: 20 },
  ]
  const notes: string[] = [
    `Sample: ${lines.length} lines, ${lines.reduce((n, l) => n + l.entities.length, 0)} labelled ` +
      'entities (resident ID, USCC, mobile, landline, bank card, e-mail, passport, plate, IP, ' +
      'address, name) and unlabelled decoys (order numbers, dates, amounts, IDs with a wrong check ' +
      'digit, unallocated mobile ranges). MB/s counts UTF-8 bytes (a Han character is 3).',
    'Each detector warms up on the text for at least 2 s (at least one pass) before its rounds: a server scans in its steady state, and the first passes run while V8 is still optimizing.',
    `shuyu: precision ${pct(shuyuScore.precision)}, recall ${pct(shuyuScore.recall)} ` +
      `(${shuyuScore.truePositives} of ${shuyuScore.findings} findings overlap a label; ` +
      `${shuyuScore.found} of ${shuyuScore.labels} labels found).`,
  ]
  for (const c of competitors) {
    if ('failure' in c) {
      rows.push({ measurement: `vs ${c.label}`, shuyu: shuyuSpeed,
        baseline: { label: c.label, rounds: [], failure: c.failure }, unit: 'MB/s' })
      notes.push(`${c.label} could not run: ${c.failure}`)
      continue
    }
    const figure = await speed(c)
    rows.push({ measurement: `vs ${c.label}`, shuyu: shuyuSpeed, baseline: figure, unit: 'MB/s' })
    const s = score(c, lines)
    notes.push(`${c.label}: precision ${pct(s.precision)}, recall ${pct(s.recall)} ` +
      `(${s.truePositives} of ${s.findings} findings overlap a label; ${s.found} of ${s.labels} labels found).`)
  }
  rows.push(
    { measurement: 'precision on the sample (one deterministic figure, not per second)',
      shuyu: { label: 'shuyu', rounds: [shuyuScore.precision * 100] }, unit: '%' },
    { measurement: 'recall on the sample (one deterministic figure, not per second)',
      shuyu: { label: 'shuyu', rounds: [shuyuScore.recall * 100] }, unit: '%' },
  )
  notes.push('The baseline column of the "vs" rows is the competitor on the same text; the % rows are shuyu\'s; the competitors\' precision and recall are in the notes above.')
  return [{ capability: 'Masking: free-text scanning for personal information', rows, notes }]
}

function score(d: Detector, lines: readonly Line[]) {
  let findings = 0
  let truePositives = 0
  let labels = 0
  let found = 0
  const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end
  for (const line of lines) {
    const spans = d.find(line.text)
    findings += spans.length
    truePositives += spans.filter((s) => line.entities.some((e) => overlaps(s, e))).length
    labels += line.entities.length
    found += line.entities.filter((e) => spans.some((s) => overlaps(s, e))).length
  }
  return {
    findings, truePositives, labels, found,
    precision: findings === 0 ? 0 : truePositives / findings,
    recall: labels === 0 ? 0 : found / labels,
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`

async function openRedaction(): Promise<Detector | { label: string; failure: string }> {
  const label = '@openredaction/openredaction 1.0.4, detect()'
  try {
    const { OpenRedaction } = await import('@openredaction/openredaction')
    const shield = new OpenRedaction()
    return {
      label,
      find: (t) => {
        const result = shield.detect(t) as unknown as { detections: { position: [number, number] }[] }
        return result.detections.map((d) => ({ start: d.position[0], end: d.position[1] }))
      },
    }
  } catch (error) {
    return { label, failure: String(error) }
  }
}

/**
 * redact-pii returns only the redacted text. Every match is replaced by one private-use
 * character; walking the output against the input recovers each replaced span.
 */
async function redactPii(): Promise<Detector | { label: string; failure: string }> {
  const label = 'redact-pii 3.4.0, SyncRedactor'
  const MARK = '\uE000'
  try {
    const { SyncRedactor } = await import('redact-pii')
    const redactor = new SyncRedactor({ globalReplaceWith: MARK })
    return { label, find: (t) => spansOfMarks(t, redactor.redact(t), MARK) }
  } catch (error) {
    return { label, failure: String(error) }
  }
}

function spansOfMarks(original: string, redacted: string, mark: string): Span[] {
  const spans: Span[] = []
  let o = 0
  let r = 0
  while (r < redacted.length) {
    if (redacted[r] !== mark) {
      o++
      r++
      continue
    }
    // The replaced span runs up to where the next unchanged stretch starts again.
    let next = r + 1
    while (next < redacted.length && redacted[next] !== mark) next++
    const following = redacted.slice(r + 1, Math.min(next, r + 9))
    const end = following === '' ? original.length : original.indexOf(following, o + 1)
    spans.push({ start: o, end: end < 0 ? original.length : end })
    o = end < 0 ? original.length : end
    r++
  }
  return spans
}
