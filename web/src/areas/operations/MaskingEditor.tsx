import { SaveOutlined, UndoOutlined } from '@ant-design/icons'
import { Alert, Button, Flex, Form, Input, InputNumber, Select, Space, Spin, Table, Tag, Typography } from 'antd'
import { useEffect, useMemo } from 'react'
import { put } from '../../api.ts'
import { formatTime } from '../../components/format.tsx'
import { useAction, useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { useValidateMessages } from './validateMessages.ts'
import { MASKING_OPERATOR, useWords } from './labels.tsx'
import { APPLICABLE, columnKindOf, defaultsFor, draftOf, maskedKindOf, operatorOf, type MaskDraft } from './masking.ts'
import { MASKING_OPERATOR_KINDS, type ColumnKind, type Import, type MaskingOperatorKind, type MaskingPolicyView, type Workspace } from './types.ts'

interface ColumnRow {
  readonly key: string
  readonly table: string
  readonly column: string
  readonly title: string
  readonly kind: ColumnKind
  readonly identifier: boolean
  readonly imported: boolean
}

interface EditorValues {
  masks: Record<string, MaskDraft>
}

/** Every column the workspace's sealed copy holds: granted pool columns and approved imports. */
function columnsOf(workspace: Workspace, imports: readonly Import[]): ColumnRow[] {
  const pool = workspace.scope.flatMap((t) =>
    t.fields.map((f) => ({ key: `${t.table}.${f.name}`, table: t.table, column: f.name, title: f.title, kind: columnKindOf(f.dataType), identifier: f.identifier, imported: false })),
  )
  const imported = imports
    .filter((i) => i.status === 'approved')
    .flatMap((i) => i.columns.map((c) => ({ key: `${i.table}.${c.name}`, table: i.table, column: c.name, title: c.name, kind: c.kind, identifier: false, imported: true })))
  return [...pool, ...imported]
}

/**
 * The masking policy editor (安全脱敏, art. 19): per column of the workspace, the operator that
 * replaces its values in the sealed copy the gate and the sandbox see, from the operators the
 * server accepts for that column's kind. Only the operator of the agreement saves it.
 */
export function MaskingEditor({ workspace, imports, editable }: { workspace: Workspace; imports: readonly Import[]; editable: boolean }) {
  const t = useT()
  const words = useWords()
  const [form] = Form.useForm<EditorValues>()
  const validateMessages = useValidateMessages()
  const policy = useGet<MaskingPolicyView>(`/api/v1/workspaces/${workspace.id}/masking`)
  const columns = useMemo(() => columnsOf(workspace, imports), [workspace, imports])
  const masks = Form.useWatch('masks', form) as EditorValues['masks'] | undefined

  const initial = useMemo<EditorValues>(() => {
    const byKey: Record<string, MaskDraft> = {}
    for (const rule of policy.data?.rules ?? []) byKey[`${rule.table}.${rule.column}`] = draftOf(rule.operator, rule.context)
    return { masks: byKey }
  }, [policy.data])

  useEffect(() => {
    form.setFieldsValue(initial)
    // Keys absent from the stored policy are cleared too, so a reload shows exactly what is stored.
    for (const c of columns) if (!initial.masks[c.key]) form.setFieldValue(['masks', c.key], {})
  }, [initial, columns, form])

  const save = useAction(async (values: EditorValues) => {
    const rules = columns.flatMap((c) => {
      const draft = values.masks?.[c.key]
      if (!draft?.kind) return []
      const rule = { table: c.table, column: c.column, operator: operatorOf({ ...draft, kind: draft.kind }) }
      return [draft.kind === 'date-shift' && draft.context ? { ...rule, context: draft.context } : rule]
    })
    await put<MaskingPolicyView>(`/api/v1/workspaces/${workspace.id}/masking`, { rules })
    await policy.reload()
    return rules.length
  })

  if (policy.loading && !policy.data) return <Spin style={{ display: 'block', margin: 32 }} />
  const stored = policy.data?.rules ?? []
  const last = stored.reduce<string | null>((at, r) => (at && at > r.setAt ? at : r.setAt), null)
  const masked = columns.filter((c) => masks?.[c.key]?.kind).length

  return (
    <Form form={form} onFinish={(v) => void save.run(v)} disabled={!editable} validateMessages={validateMessages} data-testid="masking-editor">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message={t(
          `已对 ${masked} / ${columns.length} 列设置脱敏。开发主体在沙箱和查询中看到的是脱敏后的值；假名化、加密和日期偏移使用本工作区密钥，跨工作区不可关联。`,
          `${masked} of ${columns.length} columns masked. The developer's sandbox and queries see masked values; pseudonyms, encryption and date shifts use this workspace's key and do not link across workspaces.`,
        )}
        description={last ? t(`最近修改：${formatTime(last)}`, `Last changed ${formatTime(last)}`) : undefined}
      />
      <ServerError error={policy.error} />
      <Table<ColumnRow>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={columns}
        data-testid="masking-table"
        columns={[
          {
            title: t('表.列', 'Table.column'),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Typography.Text code>{c.key}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.title}
                  {c.identifier ? ` · ${t('标识', 'identifier')}` : ''}
                  {c.imported ? ` · ${t('导入数据', 'imported')}` : ''}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('类型', 'Kind'), dataIndex: 'kind', width: 90 },
          {
            title: t('脱敏算子', 'Operator'),
            width: 260,
            render: (_, c) => (
              <Form.Item name={['masks', c.key, 'kind']} style={{ margin: 0 }}>
                <Select
                  allowClear
                  placeholder={t('不脱敏', 'Not masked')}
                  style={{ width: 240 }}
                  onChange={(kind: MaskingOperatorKind | undefined) => form.setFieldValue(['masks', c.key], kind ? defaultsFor(kind) : {})}
                  options={MASKING_OPERATOR_KINDS.filter((k) => APPLICABLE[k].includes(c.kind)).map((k) => ({ value: k, label: words(MASKING_OPERATOR, k) }))}
                  data-testid={`masking-op-${c.key}`}
                />
              </Form.Item>
            ),
          },
          {
            title: t('参数', 'Parameters'),
            render: (_, c) => <OperatorParams rowKey={c.key} kind={masks?.[c.key]?.kind} columnKind={c.kind} siblings={columns.filter((x) => x.table === c.table && x.column !== c.column).map((x) => x.column)} />,
          },
          {
            title: t('脱敏后', 'Becomes'),
            width: 90,
            render: (_, c) => {
              const d = masks?.[c.key]
              return d?.kind ? <Tag>{maskedKindOf(operatorOf({ ...d, kind: d.kind }), c.kind)}</Tag> : '—'
            },
          },
        ]}
      />
      <ServerError error={save.error} style={{ marginTop: 12 }} />
      {editable ? (
        <Flex justify="end" gap={8} style={{ marginTop: 12 }}>
          <Button icon={<UndoOutlined />} onClick={() => form.setFieldsValue(initial)} disabled={save.running}>
            {t('还原', 'Revert')}
          </Button>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.running} data-testid="masking-save">
            {t('保存脱敏策略', 'Save the masking policy')}
          </Button>
        </Flex>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('脱敏策略由协议的一级开发运营主体设定；此处只读。', 'The operator of the agreement sets the policy; read-only here.')}
        </Typography.Paragraph>
      )}
    </Form>
  )
}

/** The parameters of the chosen operator, validated as the server's schema does. */
function OperatorParams({ rowKey, kind, columnKind, siblings }: { rowKey: string; kind: MaskingOperatorKind | undefined; columnKind: ColumnKind; siblings: readonly string[] }) {
  const t = useT()
  const name = (p: string) => ['masks', rowKey, p]
  const item = { style: { margin: 0 } }
  switch (kind) {
    case 'mask':
      return (
        <Space wrap>
          <Form.Item name={name('keepPrefix')} label={t('保留前', 'keep first')} rules={[{ type: 'integer', min: 0, max: 64 }]} {...item}>
            <InputNumber min={0} max={64} precision={0} style={{ width: 70 }} />
          </Form.Item>
          <Form.Item name={name('keepSuffix')} label={t('保留后', 'keep last')} rules={[{ type: 'integer', min: 0, max: 64 }]} {...item}>
            <InputNumber min={0} max={64} precision={0} style={{ width: 70 }} />
          </Form.Item>
          <Form.Item
            name={name('char')}
            label={t('遮盖符', 'char')}
            rules={[{ validator: async (_, v: string | undefined) => { if (v && Array.from(v).length !== 1) throw new Error(t('一个字符', 'one character')) } }]}
            {...item}
          >
            <Input placeholder="*" style={{ width: 50 }} />
          </Form.Item>
        </Space>
      )
    case 'replace':
      return (
        <Form.Item name={name('value')} label={t('替换为', 'with')} rules={[{ max: 200 }]} {...item}>
          <Input placeholder="***" style={{ width: 160 }} />
        </Form.Item>
      )
    case 'generalize-date':
      return (
        <Form.Item name={name('to')} messageVariables={{ label: t('泛化粒度', 'Granularity') }} rules={[{ required: true }]} {...item}>
          <Select style={{ width: 120 }} options={[{ value: 'month', label: t('到月', 'to month') }, { value: 'year', label: t('到年', 'to year') }]} />
        </Form.Item>
      )
    case 'generalize-age':
      return (
        <Form.Item name={name('width')} label={t('每段岁数', 'band width')} rules={[{ required: true }, { type: 'integer', min: 1, max: 200 }]} {...item}>
          <InputNumber min={1} max={200} precision={0} />
        </Form.Item>
      )
    case 'generalize-region':
      return (
        <Form.Item name={name('digits')} messageVariables={{ label: t('泛化层级', 'Level') }} rules={[{ required: true }]} {...item}>
          <Select style={{ width: 160 }} options={[{ value: 4, label: t('到地市（4 位）', 'to prefecture (4)') }, { value: 2, label: t('到省（2 位）', 'to province (2)') }]} />
        </Form.Item>
      )
    case 'range':
      return (
        <Form.Item name={name('width')} label={t('区间宽度', 'width')} rules={[{ required: true }, { type: 'number', min: Number.MIN_VALUE, message: t('大于 0', 'above 0') }]} {...item}>
          <InputNumber min={0} />
        </Form.Item>
      )
    case 'top-bottom':
      return (
        <Space wrap>
          <Form.Item
            name={name('min')}
            label={t('下限', 'min')}
            dependencies={[name('max')]}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, min: number | undefined) => {
                  const max = getFieldValue(name('max')) as number | undefined
                  if (min === undefined && max === undefined) throw new Error(t('至少一个界限', 'min, max or both'))
                  if (min !== undefined && max !== undefined && min > max) throw new Error(t('下限高于上限', 'min above max'))
                },
              }),
            ]}
            {...item}
          >
            <InputNumber style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name={name('max')} label={t('上限', 'max')} {...item}>
            <InputNumber style={{ width: 100 }} />
          </Form.Item>
        </Space>
      )
    case 'noise':
      return (
        <Space wrap>
          <Form.Item name={name('scale')} label={t('尺度', 'scale')} rules={[{ required: true }, { type: 'number', min: Number.MIN_VALUE, message: t('大于 0', 'above 0') }]} {...item}>
            <InputNumber min={0} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name={name('distribution')} {...item}>
            <Select style={{ width: 110 }} options={[{ value: 'laplace', label: 'Laplace' }, { value: 'uniform', label: t('均匀', 'uniform') }]} />
          </Form.Item>
        </Space>
      )
    case 'date-shift':
      return (
        <Space wrap>
          <Form.Item name={name('maxDays')} label={t('最多偏移天数', 'max days')} rules={[{ required: true }, { type: 'integer', min: 1, max: 3650 }]} {...item}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name={name('context')} label={t('按列保持一致', 'same per')} {...item}>
            <Select allowClear style={{ width: 160 }} placeholder={t('如身份证号列', 'e.g. the ID column')} options={siblings.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
        </Space>
      )
    case undefined:
      return null
    default:
      return <Typography.Text type="secondary">{columnKind === 'boolean' ? '' : t('无参数', 'no parameters')}</Typography.Text>
  }
}
