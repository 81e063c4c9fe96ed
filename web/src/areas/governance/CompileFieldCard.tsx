import { ArrowDownOutlined, ArrowUpOutlined, BulbOutlined, CopyOutlined, DeleteOutlined } from '@ant-design/icons'
import { AutoComplete, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Tag, Tooltip, Typography } from 'antd'
import type { FormInstance } from 'antd'
import { useT } from '../../i18n.tsx'
import { IDENTIFIER, identifierRules, text, type EntryValues, type FieldValues } from './compile-form.ts'
import {
  EXCLUSION_LABELS,
  FIELD_FORMAT_LABELS,
  FIELD_TYPE_LABELS,
  IMPACT_DEGREE_LABELS,
  IMPACT_OBJECT_LABELS,
  LEVEL_LABELS,
  PERSONAL_INFO_LABELS,
  useLabel,
  useOptions,
} from './labels.ts'
import { suggestTagsByName } from './suggest.ts'
import { SENSITIVE_TAGS } from './types.ts'

/**
 * One field (信息项) of the compile form: its name and type, its GB/T 43697 grade and basis,
 * personal-information tags (with the platform's suggestion), and the checks the pool applies.
 */
export function CompileFieldCard({
  form,
  index,
  count,
  sourceUnits,
  onMove,
  onRemove,
  onCopy,
}: {
  form: FormInstance<EntryValues>
  index: number
  count: number
  sourceUnits: { value: string; label: string }[]
  onMove(to: number): void
  onRemove(): void
  onCopy(): void
}) {
  const t = useT()
  const label = useLabel()
  const options = useOptions()
  const field = (Form.useWatch(['fields', index], form) ?? {}) as FieldValues
  const suggested = suggestTagsByName(field).filter((tag) => !(field.personalInfo ?? []).includes(tag))
  const general = (field.level ?? 'general') === 'general'
  const path = (...rest: string[]) => [index, ...rest]

  const adopt = () => form.setFieldValue(['fields', index, 'personalInfo'], [...(field.personalInfo ?? []), ...suggested])

  return (
    <Card
      size="small"
      data-testid={`compile-field-${index}`}
      title={
        <Space>
          <Typography.Text type="secondary">#{index + 1}</Typography.Text>
          <Typography.Text strong>{field.title || field.name || t('新信息项', 'New field')}</Typography.Text>
          {(field.personalInfo ?? []).some((tag) => SENSITIVE_TAGS.includes(tag)) ? <Tag color="red">{t('敏感', 'Sensitive')}</Tag> : null}
        </Space>
      }
      extra={
        <Space size={4}>
          <Tooltip title={t('上移', 'Up')}><Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(index - 1)} /></Tooltip>
          <Tooltip title={t('下移', 'Down')}><Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(index + 1)} /></Tooltip>
          <Tooltip title={t('复制', 'Copy')}><Button size="small" type="text" icon={<CopyOutlined />} onClick={onCopy} /></Tooltip>
          <Tooltip title={t('删除', 'Remove')}>
            <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={count === 1} onClick={onRemove} data-testid={`compile-field-${index}-remove`} />
          </Tooltip>
        </Space>
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={6}>
          <Form.Item
            name={path('name')}
            label={t('字段名', 'Column name')}
            tooltip={t('数据池中的列名：小写字母开头，小写字母、数字、下划线', 'The column in the pool: lowercase snake_case')}
            rules={[
              ...identifierRules({ pattern: t('小写字母开头，仅含小写字母、数字、下划线，最多63字符', 'lowercase snake_case, at most 63 characters'), reserved: t('SQL 保留字，不能作列名', 'a reserved SQL word') }),
              {
                validator: async (_, v?: string) => {
                  const names = ((form.getFieldValue('fields') ?? []) as FieldValues[]).map((f) => f.name)
                  if (v && IDENTIFIER.test(v) && names.filter((n) => n === v).length > 1) throw new Error(t('字段名重复', 'Appears twice'))
                },
              },
            ]}
          >
            <Input placeholder="uscc" data-testid={`compile-field-${index}-name`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={path('title')} label={t('信息项名称', 'Title')} rules={text(100)}>
            <Input placeholder={t('统一社会信用代码', 'e.g. 统一社会信用代码')} data-testid={`compile-field-${index}-title`} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name={path('dataType')} label={t('数据类型', 'Data type')} rules={[{ required: true }]}>
            <Select options={options(FIELD_TYPE_LABELS)} data-testid={`compile-field-${index}-type`} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name={path('collectingOrgId')} label={t('采集单位（第八条）', 'Collected by (art. 8)')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,64}$/, message: t('填写数源单位的机构标识', 'A source unit id') }]}>
            <AutoComplete options={sourceUnits} filterOption={(input, option) => `${option?.label ?? ''}`.includes(input)} placeholder="org-src-…" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={12} md={4}>
          <Form.Item name={path('level')} label={t('级别', 'Level')} rules={[{ required: true }]}>
            <Select
              options={options(LEVEL_LABELS)}
              onChange={(level: string) => form.setFieldValue(['fields', index, 'grade'], level === 'general' ? 1 : null)}
              data-testid={`compile-field-${index}-level`}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item
            name={path('grade')}
            label={t('一般数据分级', 'General grade')}
            rules={[{ required: general, message: t('一般数据须定 1–4 级', 'General data needs a grade 1–4') }]}
            tooltip={t('GB/T 43697-2024：4 级最敏感；核心、重要数据不分级', 'GB/T 43697-2024: 4 the most sensitive; core and important data take no grade')}
          >
            <Select
              disabled={!general}
              allowClear
              options={[1, 2, 3, 4].map((g) => ({ value: g, label: t(`${g} 级`, `Grade ${g}`) }))}
              data-testid={`compile-field-${index}-grade`}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={path('impactObject')} label={t('影响对象', 'Impact object')} rules={[{ required: true }]}>
            <Select options={options(IMPACT_OBJECT_LABELS)} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={path('impactDegree')} label={t('影响程度', 'Impact degree')} rules={[{ required: true }]}>
            <Select options={options(IMPACT_DEGREE_LABELS)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label={t('属性', 'Flags')}>
            <Space size={0} wrap>
              <Form.Item name={path('key')} valuePropName="checked" noStyle>
                <Checkbox>{t('主键', 'Key')}</Checkbox>
              </Form.Item>
              <Form.Item name={path('identifier')} valuePropName="checked" noStyle>
                <Checkbox>
                  <Tooltip title={t('识别个人或企业：可关联，不得输出', 'Identifies a person or enterprise: joined on, never released')}>{t('标识', 'Identifier')}</Tooltip>
                </Checkbox>
              </Form.Item>
              <Form.Item name={path('nullable')} valuePropName="checked" noStyle>
                <Checkbox>{t('可空', 'Nullable')}</Checkbox>
              </Form.Item>
            </Space>
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item
            name={path('personalInfo')}
            label={t('个人信息标签', 'Personal-information tags')}
            extra={
              suggested.length ? (
                <Space size={4} wrap data-testid={`compile-field-${index}-suggestion`}>
                  <BulbOutlined style={{ color: '#faad14' }} />
                  {t('按名称建议：', 'Suggested from the name: ')}
                  {suggested.map((tag) => (
                    <Tag key={tag} color={SENSITIVE_TAGS.includes(tag) ? 'red' : 'blue'}>{label(PERSONAL_INFO_LABELS, tag)}</Tag>
                  ))}
                  <Button size="small" type="link" onClick={adopt}>{t('采纳', 'Adopt')}</Button>
                </Space>
              ) : undefined
            }
          >
            <Select
              mode="multiple"
              allowClear
              options={options(PERSONAL_INFO_LABELS).map((o) => ({ ...o, label: SENSITIVE_TAGS.includes(o.value) ? `${o.label} · ${t('敏感', 'sensitive')}` : o.label }))}
              placeholder={t('不含个人信息则留空', 'Empty if none')}
              data-testid={`compile-field-${index}-pi`}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={path('format')} label={t('格式校验', 'Format check')} tooltip={t('留空则按类型、标签和名称推断', 'Empty: inferred from type, tags and name')}>
            <Select allowClear options={options(FIELD_FORMAT_LABELS)} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item name={path('range', 'min')} label={t('最小值', 'Min')}>
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item
            name={path('range', 'max')}
            label={t('最大值', 'Max')}
            dependencies={[['fields', index, 'range', 'min']]}
            rules={[
              {
                validator: async (_, max?: number | null) => {
                  const min = form.getFieldValue(['fields', index, 'range', 'min']) as number | null | undefined
                  if (typeof min === 'number' && typeof max === 'number' && min > max) throw new Error(t('不得小于最小值', 'Below the minimum'))
                },
              },
            ]}
          >
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name={path('description')} label={t('描述', 'Description')} rules={text(1000)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid={`compile-field-${index}-description`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={path('gradingBasis')} label={t('定级依据', 'Grading basis')} rules={text(1000)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('为何定此级别：影响对象、影响程度', 'Why this grade: whom it could harm, how much')} data-testid={`compile-field-${index}-basis`} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={6}>
          <Form.Item name={path('codeList')} label={t('代码表（可选）', 'Code list (optional)')} rules={[{ type: 'array', max: 500 }]}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} placeholder={t('如：存续、注销、吊销', 'e.g. 存续, 注销')} open={false} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={path('references', 'resource')} label={t('引用资源代码', 'References resource')} rules={[{ max: 40 }]}>
            <Input placeholder="130700-SCJG-0001" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item
            name={path('references', 'field')}
            label={t('引用字段', 'Field')}
            dependencies={[['fields', index, 'references', 'resource']]}
            rules={[
              {
                validator: async (_, v?: string) => {
                  const resource = (form.getFieldValue(['fields', index, 'references', 'resource']) as string | undefined)?.trim()
                  if (resource && !v) throw new Error(t('请填写被引用的字段', 'Name the field'))
                  if (v && !IDENTIFIER.test(v)) throw new Error(t('字段名格式不正确', 'Not a column name'))
                },
              },
            ]}
          >
            <Input placeholder="uscc" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name={path('exclusion', 'reason')} label={t('不予授权（第十五条）', 'Excluded (art. 15)')}>
            <Select allowClear options={options(EXCLUSION_LABELS)} placeholder={t('可授权', 'Authorizable')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item
            name={path('exclusion', 'note')}
            label={t('不予授权说明', 'Why excluded')}
            dependencies={[['fields', index, 'exclusion', 'reason']]}
            rules={[
              { max: 1000 },
              {
                validator: async (_, v?: string) => {
                  if (form.getFieldValue(['fields', index, 'exclusion', 'reason']) && !v?.trim()) throw new Error(t('请说明依据', 'Say why'))
                },
              },
            ]}
          >
            <Input />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  )
}
