import { useCallback } from 'react'
import { useLang } from '../i18n.tsx'

export type Bilingual = readonly [zh: string, en: string]
type Labels = Readonly<Record<string, Bilingual>>

export function useLabel(): (labels: Labels, key: string) => string {
  const { lang } = useLang()
  return useCallback((labels: Labels, key: string) => labels[key]?.[lang === 'zh' ? 0 : 1] ?? key, [lang])
}

export const PURPOSE_LABELS: Labels = {
  public_interest: ['公共治理与公益事业', 'Public interest'],
  industrial: ['产业发展与行业发展', 'Industrial development'],
}

export const PRODUCT_KIND_LABELS: Labels = {
  dataset: ['数据集', 'Dataset'],
  api: ['数据接口', 'API'],
  indicator: ['指标', 'Indicator'],
  report: ['分析报告', 'Report'],
  model: ['模型', 'Model'],
  application: ['应用', 'Application'],
}

export const STATUS_LABELS: Labels = {
  active: ['生效中', 'Active'],
  suspended: ['暂停整改', 'Suspended'],
  terminated: ['已终止', 'Terminated'],
  expired: ['已到期', 'Expired'],
  listed: ['已上架', 'Listed'],
  cancelled: ['已注销', 'Cancelled'],
  registered: ['已登记', 'Registered'],
  approved: ['已纳入目录', 'In the catalog'],
  notice: ['公示中', 'In public notice'],
}

export const REGISTRATION_KIND_LABELS: Labels = {
  first: ['首次登记', 'First registration'],
  change: ['变更登记', 'Change'],
  correction: ['更正登记', 'Correction'],
  cancellation: ['注销登记', 'Cancellation'],
}

export const SUBJECT_TYPE_LABELS: Labels = {
  product: ['数据产品', 'Data product'],
  resource: ['数据资源', 'Data resource'],
}
