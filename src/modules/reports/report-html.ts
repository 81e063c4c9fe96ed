import type { ReportCharts } from './report-charts.ts'
import { PRODUCT_KIND_NAMES, SEVERITY_NAMES } from './report-charts.ts'
import type { AnnualFigures } from './report-figures.ts'
import type { AnnualReport } from './report.service.ts'
import { NARRATIVE_SECTIONS, type NarrativeSection, type ReportStatus } from './report.ts'

/**
 * The annual report as one self-contained, printable HTML document: zh-CN with English
 * subtitles, styles inline, the charts as inline SVG, no script and nothing fetched. Every value
 * that is not the report's own wording goes through `esc` (the narrative is user text). Pure.
 */

export interface RenderOptions {
  /** A rule's title, to name the gate's refusals; the id alone when unknown. */
  readonly ruleTitle?: (ruleId: string) => string | undefined
  /** The measures the report is made under. */
  readonly basis?: { readonly title: string; readonly documentNumber: string; readonly articleText: string }
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text as HTML text or attribute value: the five characters that could end either, escaped. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

export const STATUS_NAMES: Readonly<Record<ReportStatus, { zh: string; en: string }>> = {
  draft: { zh: '草稿', en: 'Draft' },
  filed: { zh: '已报送', en: 'Filed with the office' },
  returned: { zh: '已退回修改', en: 'Returned for revision' },
  acknowledged: { zh: '协调办已确认', en: 'Acknowledged by the office' },
}

const PURPOSE_NAMES: Readonly<Record<string, string>> = { industrial: '产业发展', public_interest: '公共治理和公益事业' }
const PARTY_NAMES: Readonly<Record<string, string>> = { operator: '一级开发运营主体', developer: '二级开发运营主体', city: '政府（市）' }
const AGREEMENT_STATUS_NAMES: Readonly<Record<string, string>> = { active: '有效', suspended: '暂停', terminated: '终止', expired: '到期' }
const PRODUCT_STATUS_NAMES: Readonly<Record<string, string>> = {
  draft: '草稿', submitted: '待审核', returned: '退回', rejected: '不通过', approved: '审核通过', listed: '已上架', suspended: '暂停', cancelled: '注销',
}
const RATING_NAMES: Readonly<Record<string, string>> = { excellent: '优秀', good: '良好', fair: '合格', poor: '不合格' }

const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })
const money = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

const n = (value: number) => integer.format(value)
const yuan = (value: number) => `¥${money.format(value)}`
const hoursText = (value: number | null) => (value === null ? '—' : `${decimal.format(value)} h`)

function bytesText(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${decimal.format(value)} ${units[unit]}`
}

function heading(number: string, zh: string, en: string): string {
  return `<h2><span class="no">${number}</span>${esc(zh)}<small>${esc(en)}</small></h2>`
}

function table(head: readonly [string, string][], rows: readonly (readonly string[])[], empty = '无记录 none'): string {
  const th = head.map(([zh, en]) => `<th>${esc(zh)}<small>${esc(en)}</small></th>`).join('')
  const body = rows.length
    ? rows.map((r) => `<tr>${r.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')
    : `<tr><td class="empty" colspan="${head.length}">${esc(empty)}</td></tr>`
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`
}

function kpis(items: readonly [string, string, string][]): string {
  return `<div class="kpis">${items.map(([zh, en, value]) => `<div class="kpi"><div class="v">${value}</div><div class="k">${esc(zh)}<small>${esc(en)}</small></div></div>`).join('')}</div>`
}

/** The operator's words: paragraphs at blank lines, line breaks kept, every character escaped. */
function prose(text: string): string {
  if (text.trim() === '') return '<p class="unwritten">（本节尚未撰写 — not yet written）</p>'
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((para) => `<p>${para.split('\n').map(esc).join('<br>')}</p>`)
    .join('')
}

function figure(svg: string): string {
  return `<figure class="chart">${svg}</figure>`
}

function narrativeOf(report: AnnualReport, key: NarrativeSection): string {
  return `<div class="narrative">${prose(report.narrative[key])}</div>`
}

function sectionTitle(key: NarrativeSection) {
  return NARRATIVE_SECTIONS.find((s) => s.key === key)!
}

const CSS = `
@page { size: A4; margin: 16mm 16mm 18mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #1d2733; font: 10.5pt/1.65 "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; }
main { max-width: 178mm; margin: 0 auto; }
.cover { min-height: 250mm; display: flex; flex-direction: column; justify-content: center; text-align: center; page-break-after: always; border-top: 6px solid #1f5fa8; }
.cover .kicker { color: #1f5fa8; letter-spacing: .3em; font-size: 11pt; }
.cover h1 { font-size: 26pt; margin: 8mm 0 2mm; line-height: 1.3; }
.cover .en { color: #555; font-size: 12pt; margin: 0 0 12mm; }
.cover .year { font-size: 40pt; font-weight: 700; color: #1f5fa8; margin: 4mm 0; }
.cover dl { display: grid; grid-template-columns: 42mm auto; gap: 2mm 6mm; text-align: left; width: 150mm; margin: 10mm auto 0; font-size: 10pt; }
.cover dt { color: #666; text-align: right; }
.cover dd { margin: 0; word-break: break-all; }
.stamp { display: inline-block; border: 2px solid #a33b3b; color: #a33b3b; padding: 1mm 5mm; font-weight: 700; letter-spacing: .1em; margin: 6mm auto 0; }
.stamp.ok { border-color: #2e7d32; color: #2e7d32; }
.basis { color: #555; font-size: 9pt; margin-top: 14mm; text-align: left; width: 150mm; margin-left: auto; margin-right: auto; border-left: 3px solid #ccd6e0; padding-left: 4mm; }
section.part { page-break-before: always; }
h2 { font-size: 15pt; border-bottom: 2px solid #1f5fa8; padding-bottom: 1.5mm; margin: 0 0 4mm; }
h2 .no { color: #1f5fa8; margin-right: 3mm; }
h2 small, th small, .kpi small, h3 small { display: block; font-weight: 400; color: #666; font-size: 8.5pt; letter-spacing: 0; }
h2 small { display: inline; margin-left: 3mm; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; }
h3 small { display: inline; margin-left: 2mm; }
.narrative { background: #f6f8fb; border-left: 3px solid #1f5fa8; padding: 2mm 4mm; margin-bottom: 4mm; }
.narrative p { margin: 1.5mm 0; text-indent: 2em; white-space: normal; overflow-wrap: anywhere; }
.narrative p.unwritten { color: #999; text-indent: 0; font-style: italic; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; font-size: 9pt; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #ccd6e0; padding: 1.2mm 2mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef3f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.empty { color: #999; text-align: center; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2.5mm; margin: 3mm 0 5mm; }
.kpi { border: 1px solid #ccd6e0; border-top: 3px solid #1f5fa8; padding: 2mm 3mm; page-break-inside: avoid; }
.kpi .v { font-size: 14pt; font-weight: 700; color: #1f5fa8; font-variant-numeric: tabular-nums; }
.kpi .k { font-size: 8.5pt; }
figure.chart { margin: 3mm 0; text-align: center; page-break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
.note { color: #666; font-size: 8.5pt; }
.mono { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 8pt; word-break: break-all; }
.draft-banner { background: #fff4e5; border: 1px solid #d9822b; color: #8a4b0f; padding: 2mm 4mm; margin-bottom: 4mm; font-size: 9.5pt; }
`

/** The footer Chromium prints on every page of the PDF (its own tiny document: sizes in px). */
export function reportFooter(report: Pick<AnnualReport, 'operatorName' | 'year' | 'status'>): string {
  const draft = report.status === 'draft' || report.status === 'returned' ? ' · 草稿 DRAFT' : ''
  return `<div style="width:100%;font-size:8px;color:#666;text-align:center;font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif">${esc(report.operatorName)} · ${report.year} 年度运营报告 Annual Operation Report${draft} · 第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页</div>`
}

export function renderReportHtml(report: AnnualReport, charts: ReportCharts, options: RenderOptions = {}): string {
  const f = report.figures
  const status = STATUS_NAMES[report.status]
  const ruleName = (id: string) => {
    const title = options.ruleTitle?.(id)
    return title ? `${esc(id)}<br><span class="note">${esc(title)}</span>` : esc(id)
  }
  const isDraft = report.status === 'draft' || report.status === 'returned'
  const period = `${f.period.from} 至 ${f.period.to}`
  const basis = options.basis

  const cover = `
<section class="cover">
  <div class="kicker">公共数据资源授权运营</div>
  <h1>年度运营报告</h1>
  <p class="en">Annual Operation Report on the Authorized Operation of Public Data</p>
  <div class="year">${f.year}</div>
  <div><span class="stamp${report.status === 'acknowledged' ? ' ok' : ''}">${esc(status.zh)} · ${esc(status.en)}</span></div>
  <dl>
    <dt>报告主体 Operator</dt><dd>${esc(f.operator.name)}</dd>
    <dt>报告期 Period</dt><dd>${esc(period)}${f.yearComplete ? '' : '（年度未结束，数据截至编制日 — the year is still running）'}</dd>
    <dt>授权运营期限 Term</dt><dd>${f.operator.terms.map((t) => `${esc(t.start)} 至 ${esc(t.end)}`).join('；') || '—'}</dd>
    <dt>数据编制时间 Figures compiled</dt><dd>${esc(f.compiledAt)}</dd>
    <dt>数据摘要 Figures digest</dt><dd class="mono">${esc(report.digestAlgorithm.toUpperCase())} ${esc(report.figuresDigest)}</dd>
    ${report.filedAt ? `<dt>报送时间 Filed</dt><dd>${esc(report.filedAt)}</dd>` : ''}
    ${report.documentDigest ? `<dt>报送文件摘要 Document digest</dt><dd class="mono">${esc(report.documentDigest)}</dd>` : ''}
    ${report.decidedAt ? `<dt>协调办意见 Office's decision</dt><dd>${esc(report.decidedAt)}${report.decisionComment ? `：${esc(report.decisionComment)}` : ''}</dd>` : ''}
  </dl>
  <div class="basis">依据${basis ? `《${esc(basis.title)}》（${esc(basis.documentNumber)}）` : ''}第二十七条：${esc(basis?.articleText ?? '一级开发运营主体在运营期限内，应向数据主管部门提交公共数据授权运营年度运营报告，并接受监督检查。')}<br>
  本报告各项数据由平台依据其全程记录自动编制并以摘要固定；文字部分由一级开发运营主体撰写。<br>
  <span class="note">Figures are compiled by the platform from its own records and fixed by their digest; the narrative is the operator's.</span></div>
</section>`

  const draftBanner = isDraft
    ? `<div class="draft-banner">草稿：尚未报送协调办，内容可能修改。Draft: not yet filed with the office; it may change.${report.status === 'returned' && report.decisionComment ? `<br>协调办退回意见 The office's comments: ${esc(report.decisionComment)}` : ''}</div>`
    : ''

  const q = f.data.queries
  const overview = `
<section class="part">
  ${draftBanner}
  ${heading('一、', sectionTitle('overview').zh, sectionTitle('overview').en)}
  ${narrativeOf(report, 'overview')}
  <h3>主要指标<small>Key figures</small></h3>
  ${kpis([
    ['授权数据资源', 'Resources granted', n(f.data.granted)],
    ['资源池在用数据行', 'Rows serving in the pool', n(f.data.rowsServing)],
    ['安全域查询（应答）', 'Queries answered', n(q.real.answered)],
    ['查询拒绝', 'Queries refused', n(q.real.refused + q.sandbox.refused)],
    ['有效授权', 'Authorizations in force', n(f.authorizations.inForce)],
    ['数据产品', 'Data products', n(f.products.total)],
    ['接口调用（应答）', 'Gateway calls answered', n(f.gateway.answered)],
    ['收入', 'Revenue', yuan(f.ledger.revenueYuan)],
    ['成本', 'Costs', yuan(f.ledger.costsYuan)],
    ['净收益', 'Net', yuan(f.ledger.netYuan)],
    ['安全事件', 'Security incidents', n(f.incidents.total)],
    ['审计日志条目', 'Audit entries in the year', n(f.audit.entriesInYear)],
  ])}
</section>`

  const data = `
<section class="part">
  ${heading('二、', sectionTitle('data').zh, sectionTitle('data').en)}
  ${narrativeOf(report, 'data')}
  <h3>获得授权的数据资源<small>Resources granted to the operator, with the pool version serving at compilation</small></h3>
  ${table(
    [['资源代码', 'Code'], ['名称', 'Name'], ['分级', 'Grade'], ['版本', 'Version'], ['数据行', 'Rows'], ['大小', 'Size'], ['载入时间', 'Loaded']],
    f.data.resources.map((r) => [esc(r.code), esc(r.name), esc(r.grade), r.version === null ? '—' : `v${r.version}`, `<span class="num">${n(r.rows)}</span>`, esc(bytesText(r.bytes)), esc(r.loadedAt?.slice(0, 10) ?? '—')]),
  )}
  ${kpis([
    ['本年载入版本', 'Versions loaded in the year', n(f.data.loads.versions)],
    ['本年载入数据行', 'Rows loaded', n(f.data.loads.rows)],
    ['隔离数据行', 'Rows quarantined', n(f.data.loads.quarantined)],
    ['在用数据量', 'Data serving', esc(bytesText(f.data.bytesServing))],
  ])}
  <h3>加工处理与分析利用<small>Processing and use in the secure domain</small></h3>
  ${figure(charts.queries)}
  ${kpis([
    ['工作空间', 'Workspaces', `${n(f.data.workspaces.total)}<small>开放 ${n(f.data.workspaces.open)} · 暂停 ${n(f.data.workspaces.suspended)} · 关闭 ${n(f.data.workspaces.closed)}</small>`],
    ['沙箱查询', 'Sandbox queries', n(q.sandbox.answered)],
    ['模型训练', 'Model trainings', n(q.training)],
    ['发布结果行', 'Rows released', n(q.rowsReleased)],
    ['输出检查扣留行', 'Rows withheld by output checks', n(q.rowsWithheld)],
    ['抑制单元格', 'Cells suppressed', n(q.cellsSuppressed)],
    ['含抑制的查询', 'Answers with suppression', n(q.runsWithSuppression)],
    ['差分隐私预算消耗 ε', 'Privacy budget spent', decimal.format(q.epsilonSpent)],
  ])}
  <h3>安全网关拒绝规则<small>Rules the gate refused queries under</small></h3>
  ${table([['规则', 'Rule'], ['次数', 'Refusals']], f.data.refusalsByRule.map((r) => [ruleName(r.rule), `<span class="num">${n(r.count)}</span>`]))}
  <p class="note">平台接口全年拒绝访问（403/422）${n(f.data.accessRefusals)} 次。The API refused ${n(f.data.accessRefusals)} requests in the year (403, 422).</p>
  <h3>各工作空间数据使用<small>Data use per workspace (as disclosed, art. 29)</small></h3>
  ${table(
    [['二级开发运营主体', 'Developer'], ['工作空间', 'Workspace'], ['应答查询', 'Answered'], ['拒绝', 'Refused'], ['模型训练', 'Trainings'], ['产品调用', 'Product calls']],
    f.data.use.map((u) => [esc(u.developer), esc(u.workspace), n(u.queriesAnswered), n(u.queriesRefused), n(u.modelsTrained), n(u.productCalls)]),
  )}
</section>`

  const scenarios = `
<section class="part">
  ${heading('三、', sectionTitle('scenarios').zh, sectionTitle('scenarios').en)}
  ${narrativeOf(report, 'scenarios')}
  ${kpis([
    ['已审定场景', 'Scenarios approved (total)', n(f.scenarios.approvedTotal)],
    ['本年审定', 'Approved in the year', n(f.scenarios.approvedInYear)],
    ['期末有效授权', 'In force at period end', n(f.authorizations.inForce)],
    ['本年新增授权', 'New in the year', n(f.authorizations.new)],
    ['到期', 'Expired', n(f.authorizations.expired)],
    ['终止', 'Terminated', n(f.authorizations.terminated)],
    ['暂停（整改）', 'Suspensions', n(f.authorizations.suspensions)],
    ['按用途：公益 / 产业', 'Public interest / industrial', f.scenarios.byPurpose.map((p) => n(p.count)).join(' / ')],
  ])}
  <h3>场景分类<small>Approved scenarios by sector and purpose</small></h3>
  ${table(
    [['领域', 'Sector'], ['场景数', 'Scenarios']],
    f.scenarios.bySector.map((s) => [esc(s.key), `<span class="num">${n(s.count)}</span>`]),
  )}
  ${table(
    [['用途', 'Purpose'], ['场景数', 'Scenarios']],
    f.scenarios.byPurpose.map((s) => [`${esc(PURPOSE_NAMES[s.key] ?? s.key)} <span class="note">${esc(s.key)}</span>`, `<span class="num">${n(s.count)}</span>`]),
  )}
  <h3>授权对象、内容、范围和期限<small>Authorizations: who, what scope, which term</small></h3>
  ${table(
    [['二级开发运营主体', 'Developer'], ['场景', 'Scenario'], ['授权范围', 'Scope'], ['期限', 'Term'], ['状态', 'Status']],
    f.authorizations.list.map((a) => [
      esc(a.developer),
      `${esc(a.scenario.name)}<br><span class="note">${esc(a.scenario.code)} · ${esc(PURPOSE_NAMES[a.scenario.purposeType] ?? a.scenario.purposeType)}</span>`,
      a.scope.map((s) => `${esc(s.resourceName)}：${s.fields.map(esc).join('、')}`).join('<br>'),
      `${esc(a.term.start)} 至 ${esc(a.term.end)}`,
      esc(AGREEMENT_STATUS_NAMES[a.status] ?? a.status),
    ]),
  )}
</section>`

  const products = `
<section class="part">
  ${heading('四、', sectionTitle('products').zh, sectionTitle('products').en)}
  ${narrativeOf(report, 'products')}
  ${figure(charts.products)}
  ${kpis([
    ['数据产品', 'Products', n(f.products.total)],
    ['本年新增', 'New in the year', n(f.products.newInYear)],
    ['本年登记申请', 'Registrations applied', n(f.registrations.applied)],
    ['本年完成登记', 'Registered in the year', n(f.registrations.registered)],
  ])}
  ${table(
    [['状态', 'Status'], ['产品数', 'Products']],
    f.products.byStatus.filter((s) => s.count > 0).map((s) => [`${esc(PRODUCT_STATUS_NAMES[s.key] ?? s.key)} <span class="note">${esc(s.key)}</span>`, `<span class="num">${n(s.count)}</span>`]),
  )}
  <h3>接口服务<small>Gateway: product calls by consumers</small></h3>
  ${figure(charts.gateway)}
  <p class="note">全年应答 ${n(f.gateway.answered)} 次，拒绝 ${n(f.gateway.refused)} 次（密钥、授权书、配额或频率不符）。Answered ${n(f.gateway.answered)}, refused ${n(f.gateway.refused)} (key, consent, quota or rate).</p>
</section>`

  const finance = `
<section class="part">
  ${heading('五、', sectionTitle('finance').zh, sectionTitle('finance').en)}
  ${narrativeOf(report, 'finance')}
  ${figure(charts.money)}
  ${kpis([
    ['计费调用', 'Billed calls', n(f.ledger.callsAnswered)],
    ['收入', 'Revenue', yuan(f.ledger.revenueYuan)],
    ['成本', 'Costs', yuan(f.ledger.costsYuan)],
    ['净收益', 'Net', yuan(f.ledger.netYuan)],
  ])}
  <h3>收益分配<small>Revenue shares (art. 26)</small></h3>
  ${table(
    [['参与方', 'Party'], ['主体', 'Organization'], ['金额', 'Amount']],
    f.ledger.shares.map((s) => [esc(PARTY_NAMES[s.party] ?? s.party), esc(s.name), `<span class="num">${yuan(s.amountYuan)}</span>`]),
  )}
  <h3>分产品核算<small>Per product (art. 24)</small></h3>
  ${table(
    [['产品', 'Product'], ['计费调用', 'Calls'], ['收入', 'Revenue'], ['成本', 'Costs']],
    f.ledger.byProduct.map((p) => [`${esc(p.name)}<br><span class="note">${esc(p.code)}</span>`, `<span class="num">${n(p.callsAnswered)}</span>`, `<span class="num">${yuan(p.revenueYuan)}</span>`, `<span class="num">${yuan(p.costsYuan)}</span>`]),
  )}
</section>`

  const checkpoint = f.audit.checkpoint
  const security = `
<section class="part">
  ${heading('六、', sectionTitle('security').zh, sectionTitle('security').en)}
  ${narrativeOf(report, 'security')}
  ${figure(charts.incidents)}
  ${table(
    [['级别', 'Severity'], ['报告', 'Reported'], ['已关闭', 'Closed'], ['处置时长中位数', 'Median time to close'], ['最长', 'Longest']],
    f.incidents.bySeverity.map((s) => [`${esc(SEVERITY_NAMES[s.severity] ?? s.severity)} <span class="note">${esc(s.severity)}</span>`, n(s.reported), n(s.closed), hoursText(s.medianCloseHours), hoursText(s.maxCloseHours)]),
  )}
  ${kpis([
    ['安全事件', 'Incidents', n(f.incidents.total)],
    ['未关闭', 'Open', n(f.incidents.open)],
    ['超期', 'Past their deadline', n(f.incidents.overdue)],
    ['处置时长中位数', 'Median time to close', hoursText(f.incidents.medianCloseHours)],
    ['责令整改', 'Rectifications ordered', n(f.rectifications.ordered)],
    ['整改验收恢复', 'Rectified and resumed', n(f.rectifications.accepted)],
    ['整改超期（编制时）', 'Rectifications overdue now', n(f.rectifications.overdueNow)],
    ['销毁证明', 'Destruction certificates', n(f.destruction.certificates)],
  ])}
  <h3>评估<small>Evaluations recorded in the year (art. 33)</small></h3>
  ${table(
    [['对象', 'Subject'], ['评估年度', 'Year'], ['得分', 'Score'], ['等级', 'Rating'], ['时间', 'Recorded']],
    f.evaluations.map((e) => [esc(e.subject), String(e.year), decimal.format(e.total), `${esc(RATING_NAMES[e.rating] ?? e.rating)} <span class="note">${esc(e.rating)}</span>`, esc(e.evaluatedAt.slice(0, 10))]),
  )}
  <h3>封存销毁<small>Destruction certificates (art. 31)</small></h3>
  ${table(
    [['证明编号', 'Certificate'], ['工作空间', 'Workspace'], ['销毁时间', 'Destroyed']],
    f.destruction.list.map((d) => [`<span class="mono">${esc(d.id)}</span>`, esc(d.workspaceId), esc(d.destroyedAt)]),
  )}
  <h3>全程记录<small>The audit log (art. 19)</small></h3>
  <p>本年审计日志 ${n(f.audit.entriesInYear)} 条，链头序号 ${n(f.audit.headSeq)}。${
    checkpoint
      ? `最新签名检查点：序号 ${n(checkpoint.seq)}，签名时间 ${esc(checkpoint.signedAt)}（${esc(checkpoint.suite)}，密钥 ${esc(checkpoint.keyId)}），哈希 <span class="mono">${esc(checkpoint.hash)}</span>。任何持有该检查点者均可验证日志未被改写。`
      : '尚无签名检查点。'
  }</p>
  <p class="note">${n(f.audit.entriesInYear)} audit entries in the year; chain head at ${n(f.audit.headSeq)}; ${checkpoint ? `latest signed checkpoint at ${n(checkpoint.seq)}, which anyone holding it can verify the log against.` : 'no signed checkpoint yet.'}</p>
</section>`

  const closing = `
<section class="part">
  ${heading('七、', sectionTitle('issues').zh, sectionTitle('issues').en)}
  ${narrativeOf(report, 'issues')}
  ${heading('八、', sectionTitle('plan').zh, sectionTitle('plan').en)}
  ${narrativeOf(report, 'plan')}
  <h3>附：数据来源与校验<small>Annex: where the figures come from</small></h3>
  <p class="note">数据由平台依据资源池版本、安全域查询记录、授权协议、产品与登记、接口计量、产品台账、安全事件、评估、销毁证明和审计日志编制，编制于 ${esc(f.compiledAt)}；存量指标为编制时状态，流量指标为报告期内发生数。摘要（${esc(report.digestAlgorithm.toUpperCase())}）：<span class="mono">${esc(report.figuresDigest)}</span>。</p>
  <p class="note">Compiled at ${esc(f.compiledAt)} from the pool's versions, the domain's query runs, agreements, products and registrations, gateway metering, the product ledger, incidents, evaluations, destruction certificates and the audit log; stocks are as of compilation, flows within the period.</p>
</section>`

  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(f.operator.name)} ${f.year} 年度运营报告 Annual Operation Report</title>
<style>${CSS}</style>
</head>
<body>
<main>
${cover}
${overview}
${data}
${scenarios}
${products}
${finance}
${security}
${closing}
</main>
</body>
</html>
`
}
