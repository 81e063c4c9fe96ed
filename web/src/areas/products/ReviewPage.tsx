import { ReloadOutlined } from '@ant-design/icons'
import { Alert, Badge, Button, Card, Drawer, Space, Table, Tabs, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { hasRole, useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { daysBetween, chinaToday } from './dates.ts'
import { GradeTag, KindTag, ProductStatusTag } from './labels.tsx'
import { useDeveloperNames } from './lookups.ts'
import { ProductChecks } from './ProductChecks.tsx'
import { ProductReviews } from './ProductReviews.tsx'
import { findingCounts, mayDecide, reviewRound } from './review.ts'
import { ReviewForm } from './ReviewForm.tsx'
import type { Product, ProductStatus } from './types.ts'

const QUEUES = ['submitted', 'returned', 'approved', 'rejected'] as const satisfies readonly ProductStatus[]
type Queue = (typeof QUEUES)[number]

/**
 * 产品审核 (art. 25): the operator's reviewers work through the submitted products. Each shows
 * what the automatic checks found, who has reviewed it and whether a second reviewer is still
 * needed (general-3 data and above); the decision is taken in the drawer, the queue reloads.
 */
export default function ReviewPage() {
  const t = useT()
  const me = useMe()
  const isReviewer = me.organization.kind === 'operator' && hasRole(me, 'reviewer')
  const [queue, setQueue] = useState<Queue>('submitted')
  const [openCode, setOpenCode] = useState<string | null>(null)
  const { data, error, loading, reload } = useGet<{ products: Product[] }>('/api/v1/products')
  const developerOf = useDeveloperNames()
  const today = chinaToday()

  const byStatus = useMemo(() => {
    const map = new Map<string, Product[]>()
    for (const p of data?.products ?? []) map.set(p.status, [...(map.get(p.status) ?? []), p])
    return map
  }, [data])
  const rows = byStatus.get(queue) ?? []
  const open = (data?.products ?? []).find((p) => p.code === openCode) ?? null
  const mine = (byStatus.get('submitted') ?? []).filter((p) => mayDecide(p, me.user.id)).length

  const label = (q: Queue) =>
    ({
      submitted: t('待审核', 'Waiting'),
      returned: t('已退回', 'Returned'),
      approved: t('已通过', 'Approved'),
      rejected: t('已驳回', 'Rejected'),
    })[q]

  return (
    <Card
      title={t('产品审核', 'Product review')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          {t('刷新', 'Reload')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        {t(
          '依第二十五条，数据产品上架前由一级开发运营主体审核：用途与场景一致、注明数据来源、不含原始数据、不可逆推、不泄露个人信息和商业秘密。使用一般数据 3 级及以上数据的产品须两名不同审核员通过。',
          'Art. 25: the operator reviews each product before listing: purpose, declared sources, no raw data, not reversible, no personal data or trade secrets. Products on data of grade general-3 or above need two different reviewers.',
        )}
      </Typography.Paragraph>
      {isReviewer ? (
        mine > 0 ? (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="review-mine" message={t(`${mine} 件产品等待您的审核`, `${mine} product(s) await your decision`)} />
        ) : null
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('您可查看审核队列；审核决定由合规审核员作出。', 'You may follow the queue; reviewers decide.')} />
      )}
      <ServerError error={error} />
      <Tabs
        activeKey={queue}
        onChange={(key) => setQueue(key as Queue)}
        items={QUEUES.map((q) => ({
          key: q,
          label: (
            <Space size={6}>
              {label(q)}
              <Badge count={byStatus.get(q)?.length ?? 0} showZero color={q === 'submitted' ? '#1d5fbf' : '#bfbfbf'} />
            </Space>
          ),
        }))}
      />
      <Table<Product>
        rowKey="code"
        loading={loading}
        dataSource={rows}
        data-testid="review-queue"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(p) => ({ onClick: () => setOpenCode(p.code), style: { cursor: 'pointer' } })}
        locale={{ emptyText: queue === 'submitted' ? t('没有待审核的产品', 'Nothing waiting for review') : t('无', 'None') }}
        columns={[
          {
            title: t('产品', 'Product'),
            key: 'name',
            render: (_, p) => (
              <div>
                <Typography.Text strong>{p.name}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {p.code}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: Product['kind']) => <KindTag kind={k} />, width: 100 },
          { title: t('开发主体', 'Developer'), dataIndex: 'workspaceId', render: (w: string) => developerOf(w) },
          { title: t('数据分级', 'Grade'), dataIndex: 'dataGrade', render: (g: string) => <GradeTag grade={g} />, width: 120 },
          {
            title: t('自动检查', 'Checks'),
            key: 'checks',
            render: (_, p) => {
              const c = findingCounts(p)
              return (
                <Space size={4}>
                  <Tag color="green">{t(`通过 ${c.pass}`, `${c.pass} passed`)}</Tag>
                  {c.review ? <Tag color="gold">{t(`关注 ${c.review}`, `${c.review} to check`)}</Tag> : null}
                  {c.fail ? <Tag color="red">{t(`未通过 ${c.fail}`, `${c.fail} failed`)}</Tag> : null}
                </Space>
              )
            },
          },
          {
            title: t('审核进度', 'Approvals'),
            key: 'round',
            render: (_, p) => {
              const round = reviewRound(p)
              if (p.status !== 'submitted') return <ProductStatusTag status={p.status} />
              return (
                <span data-testid={`review-progress-${p.code}`}>
                  {round.approvals} / {round.needed}
                  {round.needed === 2 ? <Tag style={{ marginLeft: 6 }}>{t('双人审核', 'Two reviewers')}</Tag> : null}
                  {!mayDecide(p, me.user.id) ? <Tag color="default">{t('您已审核', 'You decided')}</Tag> : null}
                </span>
              )
            },
          },
          {
            title: t('提交时间', 'Submitted'),
            dataIndex: 'submittedAt',
            render: (at: string | null) => {
              if (!at) return '—'
              const waited = daysBetween(at.slice(0, 10), today)
              return (
                <span>
                  {formatTime(at)}
                  {queue === 'submitted' && waited > 0 ? (
                    <Typography.Text type={waited >= 5 ? 'danger' : 'secondary'} style={{ display: 'block', fontSize: 12 }}>
                      {t(`已等待 ${waited} 天`, `waiting ${waited} day(s)`)}
                    </Typography.Text>
                  ) : null}
                </span>
              )
            },
          },
          {
            title: '',
            key: 'action',
            width: 90,
            render: (_, p) => (
              <Button type={p.status === 'submitted' && isReviewer && mayDecide(p, me.user.id) ? 'primary' : 'default'} size="small" data-testid={`review-open-${p.code}`}>
                {p.status === 'submitted' && isReviewer && mayDecide(p, me.user.id) ? t('审核', 'Review') : t('查看', 'View')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={open !== null}
        width={720}
        onClose={() => setOpenCode(null)}
        title={open ? `${open.name}（${open.code}）` : ''}
        extra={open ? <Link to={`/products/${open.code}`}>{t('完整详情', 'Full details')}</Link> : null}
        data-testid="review-drawer"
      >
        {open ? (
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Typography.Paragraph style={{ margin: 0 }}>{open.description}</Typography.Paragraph>
            <div>
              <Typography.Title level={5}>{t('自动检查结果', 'What the automatic checks found')}</Typography.Title>
              <ProductChecks checks={open.checks} />
            </div>
            <div>
              <Typography.Title level={5}>{t('审核记录', 'Reviews')}</Typography.Title>
              <ProductReviews product={open} />
            </div>
            <ReviewForm product={open} onDone={() => void reload()} />
          </Space>
        ) : null}
      </Drawer>
    </Card>
  )
}
