import { EditOutlined, SendOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, Radio, Segmented, Space, Timeline, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatDate, formatTime } from '../../components/format.tsx'
import { useAction } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { isBureau } from './access.ts'
import { FieldsTable } from './FieldsTable.tsx'
import { resourceGrade } from './grading.ts'
import { EXCLUSION_LABELS, PERSONAL_INFO_LABELS, SHARING_LABELS, UPDATE_CYCLE_LABELS, useLabel } from './labels.ts'
import { EntryStatusTag, GradeTag } from './tags.tsx'
import type { CatalogEntry } from './types.ts'
import { useValidateMessages } from './validate-messages.ts'

interface ReviewForm {
  decision: 'approve' | 'return'
  comment?: string
}

/**
 * One catalog entry across its versions: what each version says, when it was submitted and
 * reviewed, the bureau's comments; the compiler submits an open version, the bureau reviews a
 * submitted one (art. 7).
 */
export function EntryDrawer({
  versions,
  orgName,
  onClose,
  onChanged,
}: {
  /** Every version of one entry, any order; undefined closes the drawer. */
  versions: readonly CatalogEntry[] | undefined
  orgName: (id: string) => string
  onClose(): void
  onChanged(): Promise<void>
}) {
  const t = useT()
  const label = useLabel()
  const me = useMe()
  const { message } = App.useApp()
  const sorted = [...(versions ?? [])].sort((a, b) => b.version - a.version)
  const [selected, setSelected] = useState<number | undefined>()
  const code = sorted[0]?.code
  useEffect(() => setSelected(undefined), [code])
  const entry = sorted.find((v) => v.version === selected) ?? sorted[0]

  const [form] = Form.useForm<ReviewForm>()

  const validateMessages = useValidateMessages()
  const decision = Form.useWatch('decision', form)
  const review = useAction((values: ReviewForm) =>
    post<CatalogEntry>(`/api/v1/catalog/entries/${encodeURIComponent(entry!.code)}/versions/${entry!.version}/review`, {
      decision: values.decision,
      ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
    }),
  )
  const submit = useAction((c: string) => post<CatalogEntry>(`/api/v1/catalog/entries/${encodeURIComponent(c)}/submit`))

  const mine = entry ? entry.compiledByOrgId === me.organization.id : false
  const open = entry && (entry.status === 'draft' || entry.status === 'returned')

  const sendReview = async () => {
    // An invalid form shows its messages in place; there is nothing more to do.
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    if (await review.run(values)) {
      message.success(values.decision === 'approve' ? t('已通过，目录已发布', 'Approved: published in the catalog') : t('已退回编制单位', 'Returned to the compiler'))
      form.resetFields()
      await onChanged()
    }
  }
  const sendSubmit = async () => {
    if (entry && (await submit.run(entry.code))) {
      message.success(t('已提交市数政局审核', 'Submitted to the bureau'))
      await onChanged()
    }
  }

  return (
    <Drawer
      open={versions !== undefined}
      onClose={onClose}
      width={1100}
      title={entry ? `${entry.content.name} · ${entry.code}` : ''}
      destroyOnHidden
      data-testid="entry-drawer"
      extra={
        entry && mine && open ? (
          <Space>
            <Link to={`/catalog/compile?code=${encodeURIComponent(entry.code)}`}>
              <Button icon={<EditOutlined />} data-testid="entry-edit">{t('修改', 'Edit')}</Button>
            </Link>
            <Button type="primary" icon={<SendOutlined />} loading={submit.running} onClick={() => void sendSubmit()} data-testid="entry-submit">
              {t('提交审核', 'Submit for review')}
            </Button>
          </Space>
        ) : null
      }
    >
      {entry ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <ServerError error={submit.error} />
          {sorted.length > 1 ? (
            <Segmented
              value={entry.version}
              onChange={(v) => setSelected(Number(v))}
              options={sorted.map((v) => ({ value: v.version, label: `v${v.version}` }))}
              data-testid="entry-versions"
            />
          ) : null}
          <div style={{ display: 'flex', gap: 24, alignItems: 'flex-start' }}>
            <Timeline
              style={{ flex: '0 0 300px', marginTop: 8 }}
              data-testid="entry-timeline"
              items={sorted.flatMap((v) => [
                ...(v.reviewedAt
                  ? [
                      {
                        color: v.status === 'approved' ? 'green' : 'orange',
                        children: (
                          <>
                            <Typography.Text strong>
                              v{v.version} {v.status === 'approved' ? t('审核通过', 'approved') : t('退回修改', 'returned')}
                            </Typography.Text>
                            <div><Typography.Text type="secondary">{formatTime(v.reviewedAt)}</Typography.Text></div>
                            {v.reviewComment ? <Typography.Paragraph style={{ margin: 0 }}>“{v.reviewComment}”</Typography.Paragraph> : null}
                          </>
                        ),
                      },
                    ]
                  : []),
                ...(v.submittedAt
                  ? [{ color: 'blue', children: <>v{v.version} {t('提交审核', 'submitted')} <Typography.Text type="secondary">{formatTime(v.submittedAt)}</Typography.Text></> }]
                  : []),
                { color: 'gray', children: <>v{v.version} {t('编制', 'compiled')} · {orgName(v.compiledByOrgId)} <Typography.Text type="secondary">{formatTime(v.createdAt)}</Typography.Text></> },
              ])}
            />
            <Descriptions size="small" column={2} bordered style={{ flex: 1, minWidth: 0 }}>
              <Descriptions.Item label={t('状态', 'Status')}><EntryStatusTag status={entry.status} /></Descriptions.Item>
              <Descriptions.Item label={t('分级（就高从严）', 'Grade (strictest)')}>
                <GradeTag {...resourceGrade(entry.content.fields)} />
              </Descriptions.Item>
              <Descriptions.Item label={t('资源分类', 'Classification')} span="filled">
                {[entry.content.classification.category, entry.content.classification.item, entry.content.classification.subItem, entry.content.classification.detail].filter(Boolean).join(' / ')}
              </Descriptions.Item>
              <Descriptions.Item label={t('表名', 'Table')}><Typography.Text code>{entry.content.tableName}</Typography.Text></Descriptions.Item>
              <Descriptions.Item label={t('资源提供方', 'Provider')}>{orgName(entry.content.providerOrgId)}（{entry.content.providerCode}）</Descriptions.Item>
              <Descriptions.Item label={t('资源摘要', 'Abstract')} span="filled">{entry.content.abstract}</Descriptions.Item>
              <Descriptions.Item label={t('格式', 'Format')}>{entry.content.format}</Descriptions.Item>
              <Descriptions.Item label={t('更新周期', 'Update cycle')}>{label(UPDATE_CYCLE_LABELS, entry.content.updateCycle)}</Descriptions.Item>
              <Descriptions.Item label={t('共享', 'Sharing')}>
                {label(SHARING_LABELS, entry.content.sharingType)} · {entry.content.sharingMethod}
                {entry.content.sharingConditions ? <div><Typography.Text type="secondary">{entry.content.sharingConditions}</Typography.Text></div> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('开放类型', 'Open type')}>{label(SHARING_LABELS, entry.content.openType)}</Descriptions.Item>
              <Descriptions.Item label={t('发布日期', 'Publish date')}>{formatDate(entry.content.publishDate)}</Descriptions.Item>
              <Descriptions.Item label={t('关联资源', 'Related')}>{entry.content.relatedCodes.join('、') || '—'}</Descriptions.Item>
              {entry.content.exclusion ? (
                <Descriptions.Item label={t('不予授权（第十五条）', 'Excluded (art. 15)')} span="filled">
                  {label(EXCLUSION_LABELS, entry.content.exclusion.reason)}：{entry.content.exclusion.note}
                </Descriptions.Item>
              ) : null}
              {entry.content.sharedFrom ? (
                <Descriptions.Item label={t('共享来源', 'Shared from')} span="filled">{entry.content.sharedFrom.provider}（{entry.content.sharedFrom.region}）</Descriptions.Item>
              ) : null}
            </Descriptions>
          </div>

          {entry.status === 'returned' && entry.reviewComment ? (
            <Alert type="warning" showIcon message={t('市数政局退回意见', "The bureau's comments")} description={entry.reviewComment} data-testid="entry-return-comment" />
          ) : null}
          {entry.suggestions.length > 0 ? (
            <Alert
              type="info"
              showIcon
              data-testid="entry-suggestions"
              message={t('平台按信息项名称建议补充的个人信息标签（仅供参考，由编制单位决定）', 'Personal-information tags the platform suggests from field names (a suggestion: the compiler decides)')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {entry.suggestions.map((s) => (
                    <li key={s.field}>
                      <Typography.Text code>{s.field}</Typography.Text>：{s.tags.map((tag) => label(PERSONAL_INFO_LABELS, tag)).join('、')}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}

          <FieldsTable fields={entry.content.fields} orgName={orgName} testId="entry-fields" />

          {isBureau(me) && entry.status === 'submitted' ? (
            <Card size="small" title={t('审核（第七条）', 'Review (art. 7)')} data-testid="entry-review">
              <Form form={form} validateMessages={validateMessages} layout="vertical" initialValues={{ decision: 'approve' }}>
                <Form.Item name="decision" label={t('审核结论', 'Decision')} rules={[{ required: true }]}>
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    options={[
                      { value: 'approve', label: t('通过并发布', 'Approve and publish') },
                      { value: 'return', label: t('退回修改', 'Return with comments') },
                    ]}
                    data-testid="entry-review-decision"
                  />
                </Form.Item>
                <Form.Item
                  name="comment"
                  label={t('审核意见', 'Comments')}
                  rules={[
                    { required: decision === 'return', whitespace: true, message: t('退回须写明修改意见', 'Say what to change') },
                    { max: 2000 },
                  ]}
                >
                  <Input.TextArea rows={3} data-testid="entry-review-comment" placeholder={t('退回时必填：写明需修改之处', 'Required to return: what to change')} />
                </Form.Item>
                <ServerError error={review.error} />
                <Button
                  type="primary"
                  danger={decision === 'return'}
                  loading={review.running}
                  onClick={() => void sendReview()}
                  data-testid="entry-review-submit"
                >
                  {decision === 'return' ? t('退回', 'Return') : t('通过', 'Approve')}
                </Button>
              </Form>
            </Card>
          ) : null}
        </Space>
      ) : null}
    </Drawer>
  )
}
