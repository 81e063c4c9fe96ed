import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Form, Input, Modal, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatDate, formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { isBureau } from './access.ts'
import type { CatalogResource, Consent } from './types.ts'
import { useValidateMessages } from './validate-messages.ts'

interface ConsentForm {
  provider: string
  scope: string
  evidence: string
  /** YYYY-MM-DD from a native date input. */
  validUntil?: string
}

/**
 * A resource received through sharing enters an authorization only with its provider's recorded
 * consent (art. 15): the list, and the bureau's form to record one.
 */
export function ConsentsCard({ resource }: { resource: CatalogResource }) {
  const t = useT()
  const me = useMe()
  const { message } = App.useApp()
  const consents = useGet<{ consents: Consent[] }>(`/api/v1/catalog/resources/${encodeURIComponent(resource.code)}/consents`)
  const [open, setOpen] = useState(false)
  const [form] = Form.useForm<ConsentForm>()
  const validateMessages = useValidateMessages()
  const record = useAction((values: ConsentForm) =>
    post<Consent>(`/api/v1/catalog/resources/${encodeURIComponent(resource.code)}/consents`, {
      provider: values.provider.trim(),
      scope: values.scope.trim(),
      evidence: values.evidence.trim(),
      ...(values.validUntil ? { validUntil: values.validUntil } : {}),
    }),
  )
  const shared = resource.sharedFrom

  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined)
    if (!values) return
    if (await record.run(values)) {
      message.success(t('已登记提供方同意', 'Consent recorded'))
      setOpen(false)
      form.resetFields()
      await consents.reload()
    }
  }

  return (
    <Card
      size="small"
      title={t('共享数据提供方同意（第十五条）', "Shared data: provider's consent (art. 15)")}
      data-testid="consents-card"
      extra={
        shared && isBureau(me) ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="consent-record">
            {t('登记同意', 'Record consent')}
          </Button>
        ) : null
      }
    >
      {shared ? (
        <Typography.Paragraph>
          {t('本资源通过共享取得，提供方：', 'Received through sharing from ')}
          <Typography.Text strong>{shared.provider}</Typography.Text>（{shared.region}）。
          {t('纳入授权运营须有提供方有效同意。', "Its authorized operation needs the provider's valid consent.")}
        </Typography.Paragraph>
      ) : (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('本资源非通过共享取得，无需提供方同意。', 'Not received through sharing: no provider consent is needed.')}
        </Typography.Paragraph>
      )}
      <ServerError error={consents.error} />
      {shared || (consents.data?.consents.length ?? 0) > 0 ? (
        <Table<Consent>
          rowKey="id"
          size="small"
          loading={consents.loading}
          dataSource={consents.data?.consents ?? []}
          pagination={false}
          data-testid="consents-table"
          locale={{ emptyText: t('尚未登记同意：不得纳入授权', 'No consent recorded: not authorizable') }}
          columns={[
            { title: t('提供方', 'Provider'), dataIndex: 'provider' },
            { title: t('同意范围', 'Scope'), dataIndex: 'scope' },
            { title: t('凭证', 'Evidence'), dataIndex: 'evidence' },
            { title: t('有效期至', 'Valid until'), dataIndex: 'validUntil', render: (v: string | null) => (v ? formatDate(v) : t('长期', 'Open-ended')) },
            { title: t('登记时间', 'Recorded'), dataIndex: 'recordedAt', render: (v: string) => formatTime(v) },
          ]}
        />
      ) : null}
      <Modal
        open={open}
        title={t('登记共享数据提供方同意', "Record the provider's consent")}
        onCancel={() => setOpen(false)}
        footer={null}
        destroyOnHidden
      >
        <Form form={form} validateMessages={validateMessages} layout="vertical" initialValues={{ provider: shared?.provider }} preserve={false}>
          <Form.Item name="provider" label={t('提供方', 'Provider')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="scope" label={t('同意的使用范围', 'Use consented to')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="evidence" label={t('凭证（文号、日期）', 'Evidence (document no., date)')} rules={[{ required: true, whitespace: true, max: 500 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="validUntil" label={t('有效期至（可空）', 'Valid until (optional)')}>
            <Input type="date" />
          </Form.Item>
          <ServerError error={record.error} />
          <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button onClick={() => setOpen(false)}>{t('取消', 'Cancel')}</Button>
            <Button type="primary" loading={record.running} onClick={() => void submit()} data-testid="consent-submit">
              {t('登记', 'Record')}
            </Button>
          </Space>
        </Form>
      </Modal>
    </Card>
  )
}
