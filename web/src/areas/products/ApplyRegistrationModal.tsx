import { Alert, Form, Input, Modal, Select } from 'antd'
import { useEffect } from 'react'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { REGISTRATION_KIND_NAMES, useNames } from './labels.tsx'
import { ChangesField, cleanChanges, cleanDocuments, DocumentsField } from './RegistrationFields.tsx'
import { REGISTRATION_KINDS, type CatalogResource, type Product, type Registration, type RegistrationKind, type SubjectType } from './types.ts'
import { textRules, validated } from './validation.ts'

interface Values {
  subjectCode: string
  kind: RegistrationKind
  rights: string
  documents: { name: string; hash: string }[]
  changes?: { item: string; before: string; after: string }[]
}

/**
 * Applying for registration (art. 22): a developer registers its approved products, the
 * operator the resources it operates. The facts registered are taken by the server from the
 * product or the catalog now; the applicant states the rights and names its documents.
 */
export function ApplyRegistrationModal({
  open,
  subjectCode,
  onClose,
  onDone,
}: {
  open: boolean
  subjectCode?: string
  onClose(): void
  onDone(registration: Registration): void
}) {
  const t = useT()
  const me = useMe()
  const names = useNames()
  const [form] = Form.useForm<Values>()
  const kind = Form.useWatch('kind', form)
  const subjectType: SubjectType | null = me.organization.kind === 'developer' ? 'product' : me.organization.kind === 'operator' ? 'resource' : null
  const products = useGet<{ products: Product[] }>(open && subjectType === 'product' ? '/api/v1/products' : null)
  const resources = useGet<{ resources: CatalogResource[] }>(open && subjectType === 'resource' ? '/api/v1/catalog/resources' : null)
  const action = useAction((values: Values) =>
    post<Registration>('/api/v1/registrations', {
      subjectType,
      subjectCode: values.subjectCode,
      kind: values.kind,
      rights: values.rights.trim(),
      documents: cleanDocuments(values.documents),
      ...(values.kind === 'change' || values.kind === 'correction' ? { changes: cleanChanges(values.changes) } : {}),
    }),
  )

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue({ subjectCode, kind: 'first', documents: [{ name: '', hash: '' }], changes: [{ item: '', before: '', after: '' }] })
    action.clearError()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, subjectCode])

  // A first registration needs an approved product; the others a registered (listed or suspended) one.
  const subjectOptions =
    subjectType === 'product'
      ? (products.data?.products ?? [])
          .filter((p) => (kind === 'first' ? p.status === 'approved' : p.status === 'listed' || p.status === 'suspended'))
          .map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))
      : (resources.data?.resources ?? []).map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))

  const submit = async () => {
    const values = await validated(form)
    if (!values) return
    const answer = await action.run(values)
    if (answer) {
      onClose()
      onDone(answer)
    }
  }

  return (
    <Modal
      open={open}
      width={860}
      title={t('申请登记', 'Apply for registration')}
      okText={t('提交申请', 'Apply')}
      okButtonProps={{ loading: action.running }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {subjectType === null ? (
        <Alert type="info" showIcon message={t('数据产品由其开发主体申请登记，公共数据资源由一级开发运营主体申请登记（第二十二条）', 'Products are registered by their developer, resources in operation by the operator (art. 22)')} />
      ) : (
        <Form form={form} layout="vertical" data-testid="registration-apply-form">
          <Form.Item name="kind" label={t('登记类型', 'Kind')} rules={[{ required: true }]}>
            <Select options={REGISTRATION_KINDS.map((k) => ({ value: k, label: names(REGISTRATION_KIND_NAMES, k) }))} />
          </Form.Item>
          <Form.Item
            name="subjectCode"
            label={subjectType === 'product' ? t('数据产品', 'Product') : t('公共数据资源', 'Resource')}
            rules={[{ required: true, message: t('请选择登记对象', 'Choose what to register') }]}
            extra={
              subjectType === 'product'
                ? kind === 'first'
                  ? t('首次登记：仅限审核通过的产品', 'First registration: approved products only')
                  : t('变更、更正、注销：仅限已登记的产品', 'Change, correction, cancellation: registered products only')
                : t('仅限本单位授权协议中正在运营的资源', 'Only resources in an active agreement of yours')
            }
          >
            <Select showSearch optionFilterProp="label" options={subjectOptions} loading={products.loading || resources.loading} data-testid="registration-subject" />
          </Form.Item>
          <Form.Item name="rights" label={t('权益说明', 'Rights')} rules={textRules(4000, t('请说明登记的权益', 'State the rights registered'))}>
            <Input.TextArea rows={3} maxLength={4000} showCount placeholder={t('如：产品权益归属依授权运营协议约定', 'e.g. the rights follow the authorization agreement')} />
          </Form.Item>
          <DocumentsField />
          {kind === 'change' || kind === 'correction' ? <ChangesField /> : null}
          <ServerError error={action.error} />
        </Form>
      )}
    </Modal>
  )
}
