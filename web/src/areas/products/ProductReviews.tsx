import { Alert, Empty, Progress, Space, Tag, Timeline, Typography } from 'antd'
import { formatTime } from '../../components/format.tsx'
import { useT } from '../../i18n.tsx'
import { DECISION_NAMES, useNames } from './labels.tsx'
import { useUserNames } from './lookups.ts'
import { reviewRound } from './review.ts'
import type { Product } from './types.ts'

const DECISION_COLOURS = { approve: 'green', return: 'orange', reject: 'red' } as const

/**
 * Who reviewed the product and what is still needed: general-3 data and above needs two
 * different reviewers (art. 25), so the second approval is shown as missing until it comes.
 */
export function ProductReviews({ product }: { product: Product }) {
  const t = useT()
  const names = useNames()
  const userName = useUserNames()
  const round = reviewRound(product)

  return (
    <div data-testid="product-reviews">
      {product.status === 'submitted' ? (
        <Alert
          type={round.missing > 0 ? 'info' : 'success'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="reviews-needed"
          message={
            <Space wrap>
              <span>{t(`第 ${round.round} 轮审核`, `Review round ${round.round}`)}</span>
              <Progress type="line" percent={(100 * round.approvals) / round.needed} steps={round.needed} size="small" showInfo={false} />
              <span>
                {t(`已通过 ${round.approvals} / 需 ${round.needed} 名审核员`, `${round.approvals} of ${round.needed} approvals`)}
              </span>
            </Space>
          }
          description={
            round.needed === 2
              ? round.missing === 2
                ? t('本产品使用一般数据 3 级及以上的数据，须两名不同的审核员通过。', 'Built on data of grade general-3 or above: two different reviewers must approve.')
                : t(
                    `已有 ${round.reviewers.map(userName).join('、')} 通过，尚需另一名审核员（不能是同一人）通过。`,
                    `Approved by ${round.reviewers.map(userName).join(', ')}; another reviewer (not the same one) must approve.`,
                  )
              : t('一名审核员通过即可。', 'One reviewer\'s approval suffices.')
          }
        />
      ) : null}
      {product.reviews.length === 0 ? (
        <Empty description={t('尚无审核记录', 'No review yet')} />
      ) : (
        <Timeline
          items={product.reviews.map((review) => ({
            color: DECISION_COLOURS[review.decision],
            children: (
              <div>
                <Space wrap>
                  <Tag color={DECISION_COLOURS[review.decision]}>{names(DECISION_NAMES, review.decision)}</Tag>
                  <Typography.Text strong>{userName(review.reviewerId)}</Typography.Text>
                  <Typography.Text type="secondary">{formatTime(review.at)}</Typography.Text>
                  <Typography.Text type="secondary">{t(`第 ${review.round} 轮`, `round ${review.round}`)}</Typography.Text>
                </Space>
                <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{review.reasons}</Typography.Paragraph>
              </div>
            ),
          }))}
        />
      )}
    </div>
  )
}
