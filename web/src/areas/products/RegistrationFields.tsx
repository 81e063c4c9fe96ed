import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, Space } from 'antd'
import { useT } from '../../i18n.tsx'
import { HashInput } from './HashInput.tsx'
import { HASH_PATTERN, textRules } from './validation.ts'

/**
 * The repeated parts of a registration application and of its resubmission: the attached
 * documents (named by hash, 1–50) and, for a change or correction, what changes (1–100).
 */

export function DocumentsField({ required = true }: { required?: boolean }) {
  const t = useT()
  const form = Form.useFormInstance()
  return (
    <Form.List
      name="documents"
      rules={[
        {
          validator: async (_rule, documents: unknown[] | undefined) => {
            if (required && (!documents || documents.length === 0)) throw new Error(t('至少附一份材料（以摘要标识）', 'Attach at least one document (by its hash)'))
            if (documents && documents.length > 50) throw new Error(t('至多 50 份材料', 'At most 50 documents'))
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t('申请材料', 'Documents')} required={required} extra={t('材料本身不上传，平台只登记其名称与摘要', 'Documents are not uploaded: the platform records their names and hashes')}>
          {fields.map((field) => (
            <Space key={field.key} align="start" style={{ display: 'flex' }} wrap>
              <Form.Item name={[field.name, 'name']} rules={textRules(200, t('材料名称', 'Name it'))} style={{ width: 220, marginBottom: 8 }}>
                <Input placeholder={t('材料名称，如：产品说明书', 'Name, e.g. product manual')} data-testid={`document-name-${field.name}`} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'hash']}
                rules={[
                  { required: true, message: t('请填写或计算摘要', 'Give or compute its hash') },
                  { pattern: HASH_PATTERN, message: t('64 位十六进制', '64 hex digits') },
                ]}
                style={{ width: 520, marginBottom: 8 }}
              >
                <HashInput
                  testId={`document-hash-${field.name}`}
                  onFileName={(name) => {
                    if (!form.getFieldValue(['documents', field.name, 'name'])) form.setFieldValue(['documents', field.name, 'name'], name)
                  }}
                />
              </Form.Item>
              <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('删除', 'Remove')} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', hash: '' })} disabled={fields.length >= 50} data-testid="document-add">
            {t('添加材料', 'Add a document')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  )
}

export function ChangesField() {
  const t = useT()
  return (
    <Form.List
      name="changes"
      rules={[
        {
          validator: async (_rule, changes: unknown[] | undefined) => {
            if (!changes || changes.length === 0) throw new Error(t('变更或更正登记须列明变更事项', 'A change or correction lists what changes'))
            if (changes.length > 100) throw new Error(t('至多 100 项', 'At most 100 items'))
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t('变更事项', 'What changes')} required>
          {fields.map((field) => (
            <Card key={field.key} size="small" style={{ marginBottom: 8 }} extra={<Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />}>
              <Form.Item name={[field.name, 'item']} label={t('事项', 'Item')} rules={textRules(100, t('事项名称', 'Name the item'))} style={{ marginBottom: 8 }}>
                <Input placeholder={t('如：产品名称', 'e.g. product name')} />
              </Form.Item>
              <Space style={{ display: 'flex' }} align="start">
                <Form.Item name={[field.name, 'before']} label={t('变更前', 'Before')} rules={textRules(2000, t('变更前的登记内容', 'What was registered'))} style={{ width: 300, marginBottom: 0 }}>
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Form.Item name={[field.name, 'after']} label={t('变更后', 'After')} rules={textRules(2000, t('变更后的内容', 'What it becomes'))} style={{ width: 300, marginBottom: 0 }}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </Space>
            </Card>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ item: '', before: '', after: '' })} disabled={fields.length >= 100}>
            {t('添加变更事项', 'Add an item')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  )
}

/** Trims what a form collected into the API's documents and changes. */
export function cleanDocuments(documents: { name: string; hash: string }[] | undefined): { name: string; hash: string }[] | undefined {
  return documents?.map((d) => ({ name: d.name.trim(), hash: d.hash.trim().toLowerCase() }))
}

export function cleanChanges(changes: { item: string; before: string; after: string }[] | undefined): { item: string; before: string; after: string }[] | undefined {
  return changes?.map((c) => ({ item: c.item.trim(), before: c.before.trim(), after: c.after.trim() }))
}
