import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Card, Empty, Form, Input, Select, Space, Tag, Typography } from 'antd'
import { useT } from '../../i18n.tsx'
import { PATTERNS, useCatalog } from './shared.tsx'
import type { CatalogResource, ScenarioNeed } from './types.ts'
import { ListErrors } from './ListErrors.tsx'

/**
 * What a demand or a scenario needs: each resource of the catalog, each of its fields, and why
 * (least necessary, art. 14(3)). Mirrors the server's needsSchema: 1–50 resources, 1–200 fields
 * each, a justification of at most 500 characters per field.
 */
export function NeedsEditor({ name = 'needs' }: { name?: string }) {
  const t = useT()
  const { resources } = useCatalog()
  const form = Form.useFormInstance()
  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_, needs: ScenarioNeed[] | undefined) => {
            if (!needs || needs.length === 0) throw new Error(t('至少需要一个数据资源', 'Name at least one resource'))
            if (needs.length > 50) throw new Error(t('最多 50 个数据资源', 'At most 50 resources'))
            const codes = needs.map((n) => n?.resourceCode).filter(Boolean)
            if (new Set(codes).size !== codes.length) throw new Error(t('同一资源只列一次', 'List each resource once'))
          },
        },
      ]}
    >
      {(items, { add, remove }, { errors }) => (
        <div data-testid="needs-editor">
          {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('尚未选择数据资源', 'No resource yet')} /> : null}
          {items.map((item) => (
            <NeedCard key={item.key} listName={name} index={item.name} resources={resources} onRemove={() => remove(item.name)} form={form} />
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ resourceCode: undefined, fields: [] })} block data-testid="needs-add-resource">
            {t('添加数据资源', 'Add a resource')}
          </Button>
          <ListErrors errors={errors} />
        </div>
      )}
    </Form.List>
  )
}

function NeedCard({
  listName,
  index,
  resources,
  onRemove,
  form,
}: {
  listName: string
  index: number
  resources: readonly CatalogResource[]
  onRemove(): void
  form: ReturnType<typeof Form.useFormInstance>
}) {
  const t = useT()
  const code = Form.useWatch([listName, index, 'resourceCode'], form) as string | undefined
  const chosen = Form.useWatch([listName, index, 'fields'], form) as { name?: string }[] | undefined
  const resource = resources.find((r) => r.code === code)
  const addAll = () => {
    if (!resource) return
    const present = new Set((chosen ?? []).map((f) => f?.name))
    const more = resource.fields.filter((f) => !present.has(f.name)).map((f) => ({ name: f.name, justification: '' }))
    form.setFieldValue([listName, index, 'fields'], [...(chosen ?? []).filter((f) => f?.name), ...more])
  }
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <Form.Item
          name={[index, 'resourceCode']}
          noStyle
          rules={[{ required: true, message: t('选择数据资源', 'Choose a resource') }, { pattern: PATTERNS.resourceCode, message: t('资源代码格式不对', 'Not a resource code') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('选择目录中的数据资源', 'Choose a catalog resource')}
            style={{ width: '100%', maxWidth: 520 }}
            onChange={() => form.setFieldValue([listName, index, 'fields'], [])}
            options={resources.map((r) => ({
              value: r.code,
              label: `${r.code} ${r.name}`,
              disabled: !r.authorizable,
            }))}
            data-testid="needs-resource"
          />
        </Form.Item>
      }
      extra={
        <Space>
          {resource ? <Tag>{resource.gradeLabel}</Tag> : null}
          <Button size="small" onClick={addAll} disabled={!resource}>
            {t('全部信息项', 'All fields')}
          </Button>
          <Button size="small" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('移除资源', 'Remove resource')} />
        </Space>
      }
    >
      <Form.List
        name={[index, 'fields']}
        rules={[
          {
            validator: async (_, fields: { name?: string }[] | undefined) => {
              if (!fields || fields.length === 0) throw new Error(t('至少一个信息项', 'At least one field'))
              if (fields.length > 200) throw new Error(t('最多 200 个信息项', 'At most 200 fields'))
              const names = fields.map((f) => f?.name).filter(Boolean)
              if (new Set(names).size !== names.length) throw new Error(t('信息项重复', 'A field is listed twice'))
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 4 }} wrap>
                <Form.Item
                  name={[field.name, 'name']}
                  rules={[{ required: true, message: t('选择信息项', 'Choose a field') }, { pattern: PATTERNS.fieldName, message: t('字段名为小写下划线格式', 'snake_case field name') }]}
                  style={{ marginBottom: 4 }}
                >
                  <Select
                    style={{ width: 260 }}
                    showSearch
                    optionFilterProp="label"
                    placeholder={t('信息项', 'Field')}
                    options={(resource?.fields ?? []).map((f) => ({
                      value: f.name,
                      label: `${f.title} (${f.name})${f.identifier ? ` · ${t('标识', 'identifier')}` : ''}${f.sensitive ? ` · ${t('敏感', 'sensitive')}` : ''}`,
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'justification']}
                  rules={[
                    { required: true, whitespace: true, message: t('说明为什么需要该信息项', 'Say why the field is needed') },
                    { max: 500, message: t('最多 500 字', 'At most 500 characters') },
                  ]}
                  style={{ marginBottom: 4, flex: 1, minWidth: 320 }}
                >
                  <Input placeholder={t('必要性说明（最小必要）', 'Why it is necessary (least necessary)')} style={{ width: 420 }} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('移除信息项', 'Remove field')} />
              </Space>
            ))}
            <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => add({ name: undefined, justification: '' })} disabled={!resource}>
              {t('添加信息项', 'Add a field')}
            </Button>
            <ListErrors errors={errors} />
          </>
        )}
      </Form.List>
    </Card>
  )
}

/** Needs as read-only text: each resource, its fields and why. */
export function NeedsView({ needs }: { needs: readonly ScenarioNeed[] }) {
  const { byCode } = useCatalog()
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {needs.map((need) => {
        const resource = byCode.get(need.resourceCode)
        return (
          <Card key={need.resourceCode} size="small" title={`${need.resourceCode} ${resource?.name ?? ''}`} extra={resource ? <Tag>{resource.gradeLabel}</Tag> : null}>
            {need.fields.map((f) => {
              const field = resource?.fields.find((x) => x.name === f.name)
              return (
                <div key={f.name}>
                  <Typography.Text strong>{field?.title ?? f.name}</Typography.Text> <Typography.Text code>{f.name}</Typography.Text>{' '}
                  <Typography.Text type="secondary">{f.justification}</Typography.Text>
                </div>
              )
            })}
          </Card>
        )
      })}
    </Space>
  )
}
