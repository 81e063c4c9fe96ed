import { Empty, List, Space, Tag, Typography } from 'antd'
import { useT } from '../../i18n.tsx'
import { CHECK_NAMES, FindingIcon, useNames } from './labels.tsx'
import type { ReviewFinding } from './types.ts'

/** The automatic checks of art. 25, as the submission ran them: each with its rule and what it found. */
export function ProductChecks({ checks }: { checks: readonly ReviewFinding[] | null }) {
  const t = useT()
  const names = useNames()
  if (!checks) return <Empty description={t('尚未提交，自动检查在提交时运行', 'Not submitted yet: the checks run on submission')} />
  return (
    <List
      size="small"
      data-testid="product-checks"
      dataSource={[...checks]}
      renderItem={(finding) => (
        <List.Item>
          <List.Item.Meta
            avatar={<FindingIcon status={finding.status} />}
            title={
              <Space size={6} wrap>
                <span>{names(CHECK_NAMES, finding.check)}</span>
                <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                  {finding.rule}
                </Typography.Text>
                {finding.status === 'review' ? <Tag color="gold">{t('请审核员关注', 'For the reviewer')}</Tag> : null}
                {finding.status === 'fail' ? <Tag color="red">{t('阻止提交', 'Blocks submission')}</Tag> : null}
              </Space>
            }
            description={<span style={{ wordBreak: 'break-word' }}>{finding.detail}</span>}
          />
        </List.Item>
      )}
    />
  )
}
