import { PlusOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons'
import { Alert, App, AutoComplete, Breadcrumb, Button, Card, Col, Form, Input, Row, Select, Space, Spin, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { ApiError, get, post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { canCompile } from './access.ts'
import { CompileFieldCard } from './CompileFieldCard.tsx'
import { emptyField, fromInput, identifierRules, issuePath, ORG_ID, RESOURCE_CODE, text, toInput, type EntryValues, type FieldValues } from './compile-form.ts'
import { resourceGrade } from './grading.ts'
import { EXCLUSION_LABELS, SHARING_LABELS, UPDATE_CYCLE_LABELS, useOptions } from './labels.ts'
import { useKnownSourceUnits } from './orgs.tsx'
import { EntryStatusTag, GradeTag } from './tags.tsx'
import type { CatalogEntry, CatalogResource, CatalogResourceInput } from './types.ts'
import { Page } from './Page.tsx'
import { useValidateMessages } from './validate-messages.ts'

const FORMATS = ['数据库表', '电子表格', '接口', '文件', '图形图像', '流媒体']
const SHARING_METHODS = ['库表', '接口', '文件下载']

function today(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
}

/**
 * 目录编制: a catalog entry with the core metadata of GB/T 21063 and every field graded
 * (GB/T 43697-2024). A new resource, or the next version of one (`?code=`). The form checks what
 * the server's schema checks before it sends; what only the server knows lands on the field.
 */
export default function CompilePage() {
  const t = useT()
  const me = useMe()
  const options = useOptions()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const [params] = useSearchParams()
  const code = params.get('code')
  const [form] = Form.useForm<EntryValues>()
  const validateMessages = useValidateMessages()
  const catalog = useGet<{ resources: CatalogResource[] }>('/api/v1/catalog/resources')
  const sourceUnits = useKnownSourceUnits(catalog.data?.resources)
  const [base, setBase] = useState<{ loading: boolean; entry?: CatalogEntry; error?: unknown }>({ loading: code !== null })

  // Editing starts from the newest version compiled (an open draft or return), else the published one.
  useEffect(() => {
    if (!code) {
      form.setFieldsValue({ fields: [emptyField()], sharingType: 'conditional', openType: 'none', updateCycle: 'monthly', format: '数据库表', sharingMethod: '库表', publishDate: today(), relatedCodes: [], exclusion: {}, sharedFrom: {} })
      return
    }
    let cancelled = false
    void (async () => {
      try {
        const { entries } = await get<{ entries: CatalogEntry[] }>('/api/v1/catalog/entries', { code })
        const latest = [...entries].sort((a, b) => b.version - a.version)[0]
        let content: CatalogResourceInput | undefined = latest?.content
        if (!content) content = await get<CatalogResource>(`/api/v1/catalog/resources/${encodeURIComponent(code)}`)
        if (cancelled) return
        form.setFieldsValue(fromInput(stripPublished(content)))
        setBase({ loading: false, ...(latest ? { entry: latest } : {}) })
      } catch (error) {
        if (!cancelled) setBase({ loading: false, error })
      }
    })()
    return () => {
      cancelled = true
    }
  }, [code, form])

  const fields = (Form.useWatch('fields', form) ?? []) as FieldValues[]
  const sharingType = Form.useWatch('sharingType', form)
  const exclusionReason = Form.useWatch(['exclusion', 'reason'], form)
  const providerOrgId = Form.useWatch('providerOrgId', form)
  const grade = useMemo(() => resourceGrade(fields.filter((f) => f?.level).map((f) => ({ level: f.level!, grade: f.grade ?? null }))), [fields])

  const save = useAction(async (input: CatalogResourceInput, andSubmit: boolean) => {
    const entry = await post<CatalogEntry>('/api/v1/catalog/entries', input)
    if (andSubmit) await post<CatalogEntry>(`/api/v1/catalog/entries/${encodeURIComponent(entry.code)}/submit`)
    return entry
  })

  const send = async (andSubmit: boolean) => {
    let values: EntryValues
    try {
      values = await form.validateFields()
    } catch {
      message.error(t('请先改正标红的项', 'Correct the fields marked in red first'))
      return
    }
    const input = toInput(values)
    const entry = await save.run(input, andSubmit)
    if (!entry) return
    message.success(andSubmit ? t('已保存并提交市数政局审核', 'Saved and submitted to the bureau') : t('草稿已保存', 'Draft saved'))
    navigate(`/catalog/entries?tab=all&code=${encodeURIComponent(entry.code)}`)
  }

  // A refusal naming fields (the server's issues) marks those fields too.
  useEffect(() => {
    if (!(save.error instanceof ApiError) || !save.error.body.issues) return
    const marks = save.error.body.issues.flatMap((issue) => {
      const name = issuePath(issue.path)
      return name && name.length > 0 ? [{ name, errors: [issue.message] }] : []
    })
    if (marks.length) form.setFields(marks as Parameters<typeof form.setFields>[0])
  }, [save.error, form])

  if (!canCompile(me)) return <Alert type="warning" showIcon message={t('目录由行业主管部门和市数政局编制（第七条）', 'Sector authorities and the bureau compile the catalog (art. 7)')} />
  if (base.loading) return <Spin style={{ display: 'block', margin: 48 }} />

  const foreign = base.entry !== undefined && base.entry.compiledByOrgId !== me.organization.id
  const frozen = base.entry?.status === 'submitted' || foreign
  const nextVersion = base.entry ? (base.entry.status === 'approved' ? base.entry.version + 1 : base.entry.version) : 1

  return (
    <Page testId="compile-page">
      <Breadcrumb items={[{ title: <Link to="/catalog/entries">{t('目录编制与审核', 'Compilation and review')}</Link> }, { title: code ? code : t('新条目', 'New entry') }]} />
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {code ? t(`编制 ${code} 第 ${nextVersion} 版`, `Compile ${code}, version ${nextVersion}`) : t('编制新目录条目', 'Compile a new catalog entry')}{' '}
          {base.entry && base.entry.status !== 'approved' ? <EntryStatusTag status={base.entry.status} /> : null}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('核心元数据依 GB/T 21063，信息项依 GB/T 43697-2024 分类分级；资源级别取信息项最高者（就高从严）。', 'Core metadata per GB/T 21063; every field graded per GB/T 43697-2024; the resource takes its strictest field.')}
        </Typography.Text>
      </div>
      <ServerError error={base.error} />
      {foreign ? (
        <Alert type="warning" showIcon message={t('该条目由其他单位编制，只有编制单位可以编制新版本（第七条）。', 'Another organization compiles this entry: only it compiles new versions (art. 7).')} />
      ) : base.entry?.status === 'submitted' ? (
        <Alert type="info" showIcon message={t('该条目正在审核中，市数政局作出决定前不能修改。', 'This entry is under review: it cannot change until the bureau decides.')} />
      ) : null}
      {base.entry?.status === 'returned' && base.entry.reviewComment ? (
        <Alert type="warning" showIcon message={t('市数政局退回意见', "The bureau's comments")} description={base.entry.reviewComment} />
      ) : null}

      <Form form={form} validateMessages={validateMessages} layout="vertical" disabled={frozen} scrollToFirstError={{ behavior: 'smooth', block: 'center' }} data-testid="compile-form">
        <Card size="small" title={t('资源信息', 'Resource')}>
          <Row gutter={12}>
            <Col xs={24} md={6}>
              <Form.Item
                name="code"
                label={t('资源代码', 'Resource code')}
                rules={[{ required: true }, { pattern: RESOURCE_CODE, message: t('大写字母、数字和“-”，3–40 位，如 130700-SCJG-0003', 'Capitals, digits and -, 3–40, e.g. 130700-SCJG-0003') }]}
              >
                <Input placeholder="130700-SCJG-0003" disabled={code !== null} data-testid="compile-code" />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="name" label={t('资源名称', 'Name')} rules={text(200)}>
                <Input data-testid="compile-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="tableName"
                label={t('数据池表名', 'Table name in the pool')}
                tooltip={t('发布后不可更改', 'Cannot change once published')}
                rules={identifierRules({ pattern: t('小写字母开头，仅含小写字母、数字、下划线', 'lowercase snake_case'), reserved: t('SQL 保留字', 'a reserved SQL word') })}
              >
                <Input placeholder="market_entities" data-testid="compile-table" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            {(['category', 'item', 'subItem', 'detail'] as const).map((part, i) => (
              <Col xs={12} md={6} key={part}>
                <Form.Item
                  name={['classification', part]}
                  label={[t('资源分类 · 类', 'Category'), t('项', 'Item'), t('目（可选）', 'Sub-item (optional)'), t('细目（可选）', 'Detail (optional)')][i]}
                  rules={text(50, i < 2)}
                >
                  <Input data-testid={`compile-class-${part}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="providerOrgId" label={t('资源提供方（数源单位）', 'Provider (source unit)')} rules={[{ required: true }, { pattern: ORG_ID, message: t('机构标识', 'An organization id') }]}>
                <AutoComplete options={sourceUnits} filterOption={(input, option) => `${option?.label ?? ''}`.includes(input)} placeholder="org-src-…" data-testid="compile-provider" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="providerCode" label={t('提供方代码', 'Provider code')} rules={text(64)}>
                <Input data-testid="compile-provider-code" />
              </Form.Item>
            </Col>
            <Col xs={12} md={5}>
              <Form.Item name="format" label={t('资源格式', 'Format')} rules={text(50)}>
                <AutoComplete options={FORMATS.map((value) => ({ value }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={5}>
              <Form.Item name="updateCycle" label={t('更新周期', 'Update cycle')} rules={[{ required: true }]}>
                <Select options={options(UPDATE_CYCLE_LABELS)} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="abstract" label={t('资源摘要', 'Abstract')} rules={text(2000)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="compile-abstract" />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={12} md={4}>
              <Form.Item name="sharingType" label={t('共享类型', 'Sharing type')} rules={[{ required: true }]}>
                <Select options={options(SHARING_LABELS)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="sharingMethod" label={t('共享方式', 'Sharing method')} rules={text(100)}>
                <AutoComplete options={SHARING_METHODS.map((value) => ({ value }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="sharingConditions"
                label={t('共享条件', 'Sharing conditions')}
                rules={[{ required: sharingType === 'conditional', whitespace: true, message: t('有条件共享须写明条件', 'Conditional sharing needs its conditions') }, { max: 1000 }]}
              >
                <Input data-testid="compile-sharing-conditions" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="openType" label={t('开放类型', 'Open type')} rules={[{ required: true }]}>
                <Select options={options(SHARING_LABELS)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="publishDate" label={t('发布日期', 'Publish date')} rules={[{ required: true }, { pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="relatedCodes" label={t('关联资源代码', 'Related resources')} rules={[{ type: 'array', max: 100 }]}>
                <Select mode="tags" options={(catalog.data?.resources ?? []).map((r) => ({ value: r.code, label: `${r.code} ${r.name}` }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name={['exclusion', 'reason']} label={t('整体不予授权（第十五条）', 'Excluded (art. 15)')}>
                <Select allowClear options={options(EXCLUSION_LABELS)} placeholder={t('可授权', 'Authorizable')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item
                name={['exclusion', 'note']}
                label={t('说明', 'Why')}
                rules={[{ required: Boolean(exclusionReason), whitespace: true, message: t('请说明依据', 'Say why') }, { max: 1000 }]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name={['sharedFrom', 'provider']} label={t('共享来源提供方（可选）', 'Shared from (optional)')} tooltip={t('经共享从其他地区或部门取得的数据，纳入授权须提供方同意', "Data received through sharing needs its provider's consent")} rules={[{ max: 200 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item
                name={['sharedFrom', 'region']}
                label={t('来源地区', 'Region')}
                dependencies={[['sharedFrom', 'provider']]}
                rules={[
                  { max: 100 },
                  {
                    validator: async (_, v?: string) => {
                      if ((form.getFieldValue(['sharedFrom', 'provider']) as string | undefined)?.trim() && !v?.trim()) throw new Error(t('请填写来源地区', 'Name the region'))
                    },
                  },
                ]}
              >
                <Input />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card
          size="small"
          style={{ marginTop: 16 }}
          title={
            <Space>
              {t(`信息项（${fields.length}）`, `Fields (${fields.length})`)}
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {t('资源分级（就高从严）：', 'Resource grade (strictest field): ')}
              </Typography.Text>
              <GradeTag level={grade.level} grade={grade.grade} />
            </Space>
          }
        >
          <Form.List
            name="fields"
            rules={[
              {
                validator: async (_, list?: unknown[]) => {
                  if (!list || list.length < 1) throw new Error(t('至少一个信息项', 'At least one field'))
                  if (list.length > 500) throw new Error(t('至多 500 个信息项', 'At most 500 fields'))
                },
              },
            ]}
          >
            {(items, { add, remove, move }, { errors }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {items.map((item, index) => (
                  <CompileFieldCard
                    key={item.key}
                    form={form}
                    index={index}
                    count={items.length}
                    sourceUnits={sourceUnits}
                    onMove={(to) => move(index, to)}
                    onRemove={() => remove(index)}
                    onCopy={() => add({ ...(form.getFieldValue(['fields', index]) as FieldValues), name: undefined, title: undefined }, index + 1)}
                  />
                ))}
                <Form.ErrorList errors={errors} />
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add(emptyField(providerOrgId))} data-testid="compile-add-field">
                  {t('添加信息项', 'Add a field')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Card>

        <Card size="small" style={{ marginTop: 16, position: 'sticky', bottom: 0, zIndex: 2 }}>
          <ServerError error={save.error} />
          <Space>
            <Button icon={<SaveOutlined />} loading={save.running} onClick={() => void send(false)} data-testid="compile-save">
              {t('保存草稿', 'Save draft')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} loading={save.running} onClick={() => void send(true)} data-testid="compile-submit">
              {t('保存并提交审核', 'Save and submit for review')}
            </Button>
            <Link to="/catalog/entries">
              <Button type="text" disabled={false}>{t('取消', 'Cancel')}</Button>
            </Link>
          </Space>
        </Card>
      </Form>
    </Page>
  )
}

/** A published resource carries what the catalog derived (grade, pool version…): only its input goes back. */
function stripPublished(content: CatalogResourceInput | CatalogResource): CatalogResourceInput {
  const {
    code, tableName, name, classification, providerOrgId, providerCode, abstract, format, fields, sharingType, sharingConditions,
    sharingMethod, openType, updateCycle, publishDate, relatedCodes, exclusion, sharedFrom,
  } = content
  return {
    code, tableName, name, classification, providerOrgId, providerCode, abstract, format, sharingType, sharingMethod, openType, updateCycle, publishDate, relatedCodes,
    fields: fields.map(({ ...field }) => {
      const { sensitive: _sensitive, ...input } = field as typeof field & { sensitive?: boolean }
      return input
    }),
    ...(sharingConditions ? { sharingConditions } : {}),
    ...(exclusion ? { exclusion } : {}),
    ...(sharedFrom ? { sharedFrom } : {}),
  }
}
