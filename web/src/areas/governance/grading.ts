import type { CatalogFieldInput, DataLevel, GeneralGrade } from './types.ts'

/** Buckets of GB/T 43697 grading, from the least to the most severe, with their chart colours. */
export const GRADE_BUCKETS = [
  { key: 'general-1', zh: '一般1级', en: 'General 1', shortZh: '1级', shortEn: 'G1', color: '#95de64' },
  { key: 'general-2', zh: '一般2级', en: 'General 2', shortZh: '2级', shortEn: 'G2', color: '#5cdbd3' },
  { key: 'general-3', zh: '一般3级', en: 'General 3', shortZh: '3级', shortEn: 'G3', color: '#ffd666' },
  { key: 'general-4', zh: '一般4级', en: 'General 4', shortZh: '4级', shortEn: 'G4', color: '#ffa940' },
  { key: 'important', zh: '重要数据', en: 'Important', shortZh: '重要', shortEn: 'Imp.', color: '#ff4d4f' },
  { key: 'core', zh: '核心数据', en: 'Core', shortZh: '核心', shortEn: 'Core', color: '#c41d7f' },
] as const

export function bucketOf(level: DataLevel, grade: GeneralGrade | null): string {
  return level === 'general' ? `general-${grade ?? 1}` : level
}

/** How many fields fall in each bucket. */
export function countByBucket(fields: readonly Pick<CatalogFieldInput, 'level' | 'grade'>[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(GRADE_BUCKETS.map((b) => [b.key, 0]))
  for (const f of fields) counts[bucketOf(f.level, f.grade)] = (counts[bucketOf(f.level, f.grade)] ?? 0) + 1
  return counts
}

/** 就高从严: the most severe level and grade of the fields (catalog.ts resourceGrade). */
export function resourceGrade(fields: readonly Pick<CatalogFieldInput, 'level' | 'grade'>[]): { level: DataLevel; grade: GeneralGrade | null } {
  const severity = (level: DataLevel, grade: GeneralGrade | null) => (level === 'core' ? 100 : level === 'important' ? 50 : (grade ?? 0))
  let worst: { level: DataLevel; grade: GeneralGrade | null } = { level: 'general', grade: 1 }
  for (const f of fields) {
    if (severity(f.level, f.grade) > severity(worst.level, worst.grade)) worst = { level: f.level, grade: f.level === 'general' ? f.grade : null }
  }
  return worst
}
