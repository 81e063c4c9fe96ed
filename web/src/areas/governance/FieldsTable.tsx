import { Descriptions, Space, Table, Tag, Tooltip, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useT } from '../../i18n.tsx'
import { EXCLUSION_LABELS, FIELD_FORMAT_LABELS, FIELD_TYPE_LABELS, IMPACT_DEGREE_LABELS, IMPACT_OBJECT_LABELS, useLabel } from './labels.ts'
import { GradeTag, PersonalInfoTags } from './tags.tsx'
import { PERSON_IDENTIFYING_TAGS, type CatalogFieldInput } from './types.ts'

/**
 * Why a field may not enter an authorization (art. 15), as the server decides it
 * (catalog.ts fieldExclusion): an exclusion the compiler recorded, or tags that name a person.
 */
export function fieldExclusion(field: CatalogFieldInput): { reason: 'recorded' | 'identifying'; detail: string } | null {
  if (field.exclusion) return { reason: 'recorded', detail: field.exclusion.note }
  const naming = field.personalInfo.filter((tag) => PERSON_IDENTIFYING_TAGS.includes(tag))
  return naming.length > 0 ? { reason: 'identifying', detail: naming.join(', ') } : null
}

/** The fields (信息项) of a resource: type, GB/T 43697 grade and its basis, personal information, checks. */
export function FieldsTable({ fields, orgName, testId = 'catalog-fields' }: { fields: readonly CatalogFieldInput[]; orgName: (id: string) => string; testId?: string }) {
  const t = useT()
  const label = useLabel()

  const columns: ColumnsType<CatalogFieldInput> = [
    {
      title: t('信息项', 'Field'),
      key: 'name',
      width: 200,
      render: (_, f) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{f.title}</Typography.Text>
          <Typography.Text code style={{ fontSize: 12 }}>{f.name}</Typography.Text>
        </Space>
      ),
    },
    { title: t('类型', 'Type'), dataIndex: 'dataType', width: 80, render: (v: CatalogFieldInput['dataType']) => label(FIELD_TYPE_LABELS, v) },
    {
      title: t('分类分级', 'Grade'),
      key: 'grade',
      width: 110,
      filters: [
        { text: t('核心数据', 'Core'), value: 'core' },
        { text: t('重要数据', 'Important'), value: 'important' },
        ...[1, 2, 3, 4].map((g) => ({ text: t(`一般 ${g} 级`, `General ${g}`), value: `general-${g}` })),
      ],
      onFilter: (value, f) => (f.level === 'general' ? `general-${f.grade}` : f.level) === value,
      sorter: (a, b) => severity(a) - severity(b),
      render: (_, f) => <GradeTag level={f.level} grade={f.grade} />,
    },
    {
      title: t('影响对象 / 程度', 'Impact'),
      key: 'impact',
      width: 150,
      render: (_, f) => (
        <Space direction="vertical" size={0}>
          <span>{label(IMPACT_OBJECT_LABELS, f.impactObject)}</span>
          <Typography.Text type="secondary">{label(IMPACT_DEGREE_LABELS, f.impactDegree)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('定级依据', 'Grading basis'),
      dataIndex: 'gradingBasis',
      render: (v: string) => (
        <Typography.Paragraph style={{ margin: 0, maxWidth: 320 }} ellipsis={{ rows: 2, tooltip: v }}>
          {v}
        </Typography.Paragraph>
      ),
    },
    { title: t('个人信息', 'Personal information'), key: 'pi', width: 170, render: (_, f) => <PersonalInfoTags tags={f.personalInfo} /> },
    {
      title: t('属性', 'Flags'),
      key: 'flags',
      width: 130,
      render: (_, f) => (
        <Space size={[0, 4]} wrap>
          {f.key ? <Tag color="geekblue">{t('主键', 'Key')}</Tag> : null}
          {f.identifier ? (
            <Tooltip title={t('可用于关联，不得输出', 'May be joined on, never released')}>
              <Tag color="purple">{t('标识', 'Identifier')}</Tag>
            </Tooltip>
          ) : null}
          {f.nullable ? null : <Tag>{t('必填', 'Not null')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('授权', 'Authorizable'),
      key: 'exclusion',
      width: 120,
      render: (_, f) => {
        const excluded = fieldExclusion(f)
        if (!excluded) return <Tag color="green">{t('可授权', 'Yes')}</Tag>
        const why =
          excluded.reason === 'recorded' && f.exclusion
            ? `${label(EXCLUSION_LABELS, f.exclusion.reason)}：${excluded.detail}`
            : t(`直接识别个人的信息（${excluded.detail}）`, `Identifies a person (${excluded.detail})`)
        return (
          <Tooltip title={`${t('第十五条', 'Art. 15')} · ${why}`}>
            <Tag color="red" data-testid="field-not-authorizable">{t('不可授权', 'Excluded')}</Tag>
          </Tooltip>
        )
      },
    },
    { title: t('采集单位', 'Collected by'), dataIndex: 'collectingOrgId', width: 150, render: (v: string) => orgName(v) },
  ]

  return (
    <Table<CatalogFieldInput>
      rowKey="name"
      size="small"
      data-testid={testId}
      columns={columns}
      dataSource={[...fields]}
      pagination={fields.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 1300 }}
      expandable={{ expandedRowRender: (f) => <FieldDetail field={f} /> }}
    />
  )
}

function severity(f: CatalogFieldInput): number {
  return f.level === 'core' ? 100 : f.level === 'important' ? 50 : (f.grade ?? 0)
}

/** What the pool checks a field's values against, and its description. */
function FieldDetail({ field }: { field: CatalogFieldInput }) {
  const t = useT()
  const label = useLabel()
  return (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label={t('描述', 'Description')} span={2}>{field.description}</Descriptions.Item>
      <Descriptions.Item label={t('定级依据', 'Grading basis')} span={2}>{field.gradingBasis}</Descriptions.Item>
      <Descriptions.Item label={t('格式校验', 'Format')}>{field.format ? label(FIELD_FORMAT_LABELS, field.format) : t('按类型与标签推断', 'Inferred from type and tags')}</Descriptions.Item>
      <Descriptions.Item label={t('取值范围', 'Range')}>
        {field.range ? `${field.range.min ?? '−∞'} … ${field.range.max ?? '+∞'}` : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('代码表', 'Code list')}>{field.codeList?.length ? field.codeList.join('、') : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('引用', 'References')}>
        {field.references ? <Typography.Text code>{`${field.references.resource}.${field.references.field}`}</Typography.Text> : '—'}
      </Descriptions.Item>
      {field.exclusion ? (
        <Descriptions.Item label={t('不予授权（第十五条）', 'Excluded (art. 15)')} span={2}>
          {label(EXCLUSION_LABELS, field.exclusion.reason)}：{field.exclusion.note}
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  )
}
