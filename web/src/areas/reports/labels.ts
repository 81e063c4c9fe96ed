import type { NarrativeSection, ReportStatus, ReportStep } from './types.ts'

/** Labels in both languages, beside the page that shows them. */

export const SECTIONS: readonly { key: NarrativeSection; zh: string; en: string; hintZh: string; hintEn: string }[] = [
  { key: 'overview', zh: '概述', en: 'Overview', hintZh: '本年度授权运营总体情况、主要成效。', hintEn: 'The year at a glance: what was achieved.' },
  { key: 'data', zh: '数据资源', en: 'Data resources', hintZh: '获得授权的数据存储、加工处理、分析利用情况。', hintEn: 'Storage, processing and use of the data granted.' },
  { key: 'scenarios', zh: '场景与授权', en: 'Scenarios and authorizations', hintZh: '应用场景、授权对象、范围与期限，暂停与终止。', hintEn: 'Scenarios, who was authorized for what and until when.' },
  { key: 'products', zh: '产品与服务', en: 'Products and services', hintZh: '数据产品的场景应用、登记与接口服务。', hintEn: 'Products in use, registration, gateway service.' },
  { key: 'finance', zh: '收益与成本', en: 'Revenue and costs', hintZh: '市场运营、定价、收益分配与成本核算。', hintEn: 'Market operation, prices, revenue shares, costs.' },
  { key: 'security', zh: '安全与事件', en: 'Security and incidents', hintZh: '安全管理、安全事件处置、整改、评估与销毁。', hintEn: 'Security management, incidents, rectification, evaluation, destruction.' },
  { key: 'issues', zh: '问题与改进', en: 'Problems and improvements', hintZh: '存在的问题与改进措施。', hintEn: 'What went wrong and what will change.' },
  { key: 'plan', zh: '下一年度工作计划', en: 'Plan for the next year', hintZh: '下一年度的工作安排。', hintEn: 'What comes next year.' },
]

export const MAX_SECTION_CHARS = 20_000

export const STATUS_LABELS: Record<ReportStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  filed: { zh: '已报送', en: 'Filed' },
  returned: { zh: '已退回', en: 'Returned' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
}

export const STEP_LABELS: Record<ReportStep['action'], { zh: string; en: string }> = {
  create: { zh: '创建并编制数据', en: 'Created, figures compiled' },
  recompile: { zh: '重新编制数据', en: 'Figures recompiled' },
  narrative: { zh: '修改文字', en: 'Narrative written' },
  file: { zh: '报送协调办', en: 'Filed with the office' },
  acknowledge: { zh: '协调办确认', en: 'Acknowledged by the office' },
  return: { zh: '协调办退回', en: 'Returned by the office' },
}

export const PRODUCT_KINDS: Record<string, { zh: string; en: string }> = {
  dataset: { zh: '数据集', en: 'Dataset' },
  api: { zh: '接口', en: 'API' },
  indicator: { zh: '指标', en: 'Indicator' },
  report: { zh: '报告', en: 'Report' },
  model: { zh: '模型', en: 'Model' },
  application: { zh: '应用', en: 'Application' },
}

export const SEVERITIES: Record<string, { zh: string; en: string }> = {
  general: { zh: '一般', en: 'General' },
  significant: { zh: '较大', en: 'Significant' },
  major: { zh: '重大', en: 'Major' },
  'especially-major': { zh: '特别重大', en: 'Especially major' },
}

export const PARTIES: Record<string, { zh: string; en: string }> = {
  operator: { zh: '一级开发运营主体', en: 'Operator' },
  developer: { zh: '二级开发运营主体', en: 'Developer' },
  city: { zh: '政府（市）', en: 'City' },
}
