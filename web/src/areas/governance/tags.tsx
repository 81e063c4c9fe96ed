import { Space, Tag, Tooltip } from 'antd'
import { StatusTag } from '../../components/format.tsx'
import { useT } from '../../i18n.tsx'
import {
  ENTRY_STATUS_LABELS,
  LEVEL_LABELS,
  PERSONAL_INFO_LABELS,
  RETURN_FLOW_STATUS_LABELS,
  VERSION_STATUS_LABELS,
  useLabel,
} from './labels.ts'
import { SENSITIVE_TAGS, type DataLevel, type EntryStatus, type GeneralGrade, type PersonalInfoTag, type ReturnFlowStatus, type VersionStatus } from './types.ts'

const GRADE_COLORS: Record<number, string> = { 1: 'green', 2: 'cyan', 3: 'gold', 4: 'orange' }

/** A GB/T 43697 level and grade, coloured by severity (core and important in red). */
export function GradeTag({ level, grade }: { level: DataLevel; grade: GeneralGrade | null }) {
  const t = useT()
  const label = useLabel()
  if (level !== 'general') return <Tag color={level === 'core' ? 'magenta' : 'red'}>{label(LEVEL_LABELS, level)}</Tag>
  return <Tag color={GRADE_COLORS[grade ?? 1]}>{t(`一般 ${grade ?? '?'} 级`, `General ${grade ?? '?'}`)}</Tag>
}

/** Personal-information tags; the sensitive ones in red. */
export function PersonalInfoTags({ tags }: { tags: readonly PersonalInfoTag[] }) {
  const t = useT()
  const label = useLabel()
  if (tags.length === 0) return <span style={{ color: '#999' }}>—</span>
  return (
    <Space size={[0, 4]} wrap>
      {tags.map((tag) => (
        <Tooltip key={tag} title={SENSITIVE_TAGS.includes(tag) ? t('敏感个人信息', 'Sensitive personal information') : t('一般个人信息', 'Personal information')}>
          <Tag color={SENSITIVE_TAGS.includes(tag) ? 'red' : 'blue'}>{label(PERSONAL_INFO_LABELS, tag)}</Tag>
        </Tooltip>
      ))}
    </Space>
  )
}

export function EntryStatusTag({ status }: { status: EntryStatus }) {
  const label = useLabel()
  return <StatusTag status={status}>{label(ENTRY_STATUS_LABELS, status)}</StatusTag>
}

// StatusTag knows the platform's common words; a serving version reads as active.
const VERSION_COLOR_KEYS: Record<VersionStatus, string> = { current: 'active', held: 'held', superseded: 'expired' }

export function VersionStatusTag({ status }: { status: VersionStatus }) {
  const label = useLabel()
  return <StatusTag status={VERSION_COLOR_KEYS[status]}>{label(VERSION_STATUS_LABELS, status)}</StatusTag>
}

const FLOW_COLOR_KEYS: Record<ReturnFlowStatus, string> = { requested: 'pending', approved: 'approved', rejected: 'rejected' }

export function ReturnFlowStatusTag({ status }: { status: ReturnFlowStatus }) {
  const label = useLabel()
  return <StatusTag status={FLOW_COLOR_KEYS[status]}>{label(RETURN_FLOW_STATUS_LABELS, status)}</StatusTag>
}
