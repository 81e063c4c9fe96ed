import { Alert, Button, Checkbox, Col, Input, InputNumber, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import { useT } from '../../i18n.tsx'
import type { ColumnAction, ColumnKind, ColumnScan, DeidPlan, Import, MaskingOperator, MaskingOperatorKind } from './types.ts'

type T = (zh: string, en: string) => string

/** Which operators apply to which column kinds (masking/operators.ts `applicable`). */
const APPLICABLE: Record<MaskingOperatorKind, readonly ColumnKind[]> = {
  mask: ['text', 'integer'],
  redact: ['text', 'integer', 'number', 'date', 'timestamp', 'boolean'],
  replace: ['text', 'integer', 'number', 'date', 'timestamp', 'boolean'],
  pseudonym: ['text', 'integer', 'number', 'date', 'timestamp'],
  encrypt: ['text', 'integer', 'number', 'date', 'timestamp'],
  'generalize-date': ['date', 'timestamp'],
  'generalize-age': ['integer'],
  'generalize-region': ['text', 'integer'],
  range: ['integer', 'number'],
  'top-bottom': ['integer', 'number'],
  noise: ['integer', 'number'],
  'date-shift': ['date', 'timestamp'],
}

export function operatorLabel(kind: MaskingOperatorKind, t: T): string {
  return {
    mask: t('遮盖', 'mask'),
    redact: t('置空', 'redact'),
    replace: t('替换为固定值', 'replace'),
    pseudonym: t('假名化（可连接）', 'pseudonym (joinable)'),
    encrypt: t('确定性加密（可连接）', 'encrypt (joinable)'),
    'generalize-date': t('日期泛化', 'generalize date'),
    'generalize-age': t('年龄分段', 'age bands'),
    'generalize-region': t('区划泛化', 'generalize region'),
    range: t('数值区间化', 'ranges'),
    'top-bottom': t('顶底编码', 'top/bottom coding'),
    noise: t('加噪', 'noise'),
    'date-shift': t('日期偏移', 'date shift'),
  }[kind]
}

function defaultOperator(kind: MaskingOperatorKind): MaskingOperator {
  switch (kind) {
    case 'mask':
      return { kind, keepPrefix: 1 }
    case 'generalize-date':
      return { kind, to: 'month' }
    case 'generalize-age':
      return { kind, width: 10 }
    case 'generalize-region':
      return { kind, digits: 4 }
    case 'range':
      return { kind, width: 10 }
    case 'top-bottom':
      return { kind, max: 100 }
    case 'noise':
      return { kind, scale: 1 }
    case 'date-shift':
      return { kind, maxDays: 30 }
    case 'redact':
    case 'replace':
    case 'pseudonym':
    case 'encrypt':
      return { kind }
  }
}

/** The few settings an operator takes, inline. */
function OperatorSettings({ op, onChange }: { op: MaskingOperator; onChange: (op: MaskingOperator) => void }) {
  const t = useT()
  const n = (value: number | null) => (value === null ? undefined : value)
  switch (op.kind) {
    case 'mask':
      return (
        <Space size={4}>
          <InputNumber size="small" min={0} max={64} value={op.keepPrefix} onChange={(v) => onChange({ ...op, keepPrefix: n(v) })} prefix={t('留前', 'keep')} style={{ width: 110 }} />
          <InputNumber size="small" min={0} max={64} value={op.keepSuffix} onChange={(v) => onChange({ ...op, keepSuffix: n(v) })} prefix={t('留后', 'last')} style={{ width: 110 }} />
        </Space>
      )
    case 'replace':
      return <Input size="small" maxLength={200} placeholder="***" value={op.value} onChange={(e) => onChange({ ...op, value: e.target.value || undefined })} style={{ width: 120 }} />
    case 'generalize-date':
      return <Select size="small" value={op.to} onChange={(to) => onChange({ ...op, to })} options={[{ value: 'month', label: t('到月', 'to month') }, { value: 'year', label: t('到年', 'to year') }]} style={{ width: 100 }} />
    case 'generalize-age':
      return <InputNumber size="small" min={1} max={200} value={op.width} onChange={(v) => onChange({ ...op, width: v ?? 10 })} suffix={t('岁一段', 'years')} style={{ width: 130 }} />
    case 'generalize-region':
      return <Select size="small" value={op.digits} onChange={(digits) => onChange({ ...op, digits })} options={[{ value: 4, label: t('到地市（4 位）', 'city (4)') }, { value: 2, label: t('到省（2 位）', 'province (2)') }]} style={{ width: 130 }} />
    case 'range':
      return <InputNumber size="small" min={0.000001} value={op.width} onChange={(v) => onChange({ ...op, width: v ?? 10 })} prefix={t('宽', 'width')} style={{ width: 130 }} />
    case 'top-bottom':
      return (
        <Space size={4}>
          <InputNumber size="small" value={op.min} onChange={(v) => onChange({ ...op, min: n(v) })} placeholder="min" style={{ width: 90 }} />
          <InputNumber size="small" value={op.max} onChange={(v) => onChange({ ...op, max: n(v) })} placeholder="max" style={{ width: 90 }} />
        </Space>
      )
    case 'noise':
      return <InputNumber size="small" min={0.000001} value={op.scale} onChange={(v) => onChange({ ...op, scale: v ?? 1 })} prefix={t('尺度', 'scale')} style={{ width: 130 }} />
    case 'date-shift':
      return <InputNumber size="small" min={1} max={3650} value={op.maxDays} onChange={(v) => onChange({ ...op, maxDays: v ?? 30 })} suffix={t('天内', 'days')} style={{ width: 130 }} />
    default:
      return null
  }
}

/** Problems the server would refuse the plan for, found before it is sent (import.service.ts assertPlanFits, operators.ts). */
export function planProblems(plan: DeidPlan, columns: Import['columns'], minK: number, t: T): string[] {
  const problems: string[] = []
  const kept = (name: string) => plan.columns[name] && plan.columns[name]!.action !== 'drop'
  for (const column of columns) {
    const action = plan.columns[column.name]
    if (!action) problems.push(t(`${column.name}：未决定保留、删除还是脱敏`, `${column.name}: keep, drop or mask it`))
    else if (action.action === 'mask') {
      const op = action.operator
      if (!APPLICABLE[op.kind].includes(column.kind)) problems.push(t(`${column.name}：${operatorLabel(op.kind, t)}不适用于 ${column.kind} 列`, `${column.name}: ${op.kind} does not apply to a ${column.kind} column`))
      if (op.kind === 'top-bottom' && op.min === undefined && op.max === undefined) problems.push(t(`${column.name}：顶底编码至少要设最小值或最大值`, `${column.name}: top/bottom coding needs min or max`))
      if (op.kind === 'top-bottom' && op.min !== undefined && op.max !== undefined && op.min > op.max) problems.push(t(`${column.name}：最小值大于最大值`, `${column.name}: min is above max`))
    }
  }
  if (plan.quasiIdentifiers.length === 0) problems.push(t('请勾选准标识符：组合起来可能识别出个人或企业的列（如年龄、区划）', 'Tick the quasi-identifiers: columns that together could single someone out (age, district…)'))
  if (plan.quasiIdentifiers.length > 20) problems.push(t('准标识符最多 20 个', 'At most 20 quasi-identifiers'))
  for (const qi of plan.quasiIdentifiers) if (!kept(qi)) problems.push(t(`准标识符 ${qi} 必须是保留的列`, `Quasi-identifier ${qi} must be kept`))
  for (const id of plan.identifiers) if (!kept(id)) problems.push(t(`标识列 ${id} 必须是保留的列`, `Identifier ${id} must be kept`))
  if (!Number.isInteger(plan.k) || plan.k < 2 || plan.k > 1000) problems.push(t('k 须为 2 到 1000 的整数', 'k is a whole number from 2 to 1000'))
  else if (plan.k < minK) problems.push(t(`k 至少为 ${minK}（政策包 importMinK）`, `k must be at least ${minK} (the pack's importMinK)`))
  if (!(plan.suppressionLimit >= 0 && plan.suppressionLimit <= 0.2)) problems.push(t('可删除记录比例须在 0 到 0.2 之间', 'The suppression limit is between 0 and 0.2'))
  return problems
}

function scanText(scan: ColumnScan | undefined, t: T): React.ReactNode {
  if (!scan || scan.findings.length === 0) return <Typography.Text type="secondary">{t('未发现', 'none')}</Typography.Text>
  return (
    <Space size={4} wrap>
      {scan.findings.map((f) => (
        <Tag key={f.type} color={f.personal ? 'red' : 'orange'}>
          {f.type} {Math.round(f.share * 100)}%
        </Tag>
      ))}
    </Space>
  )
}

/**
 * The de-identification plan (art. 20): a decision for every column (keep, drop, or mask with an
 * operator), the quasi-identifiers and k for k-anonymity, the columns the gate treats as
 * identifiers. Applying it de-identifies the upload at once and reassesses it.
 */
export function PlanEditor({ imp, minK, disabled, applying, onApply }: { imp: Import; minK: number; disabled: boolean; applying: boolean; onApply: (plan: DeidPlan) => void }) {
  const t = useT()
  const [plan, setPlan] = useState<DeidPlan>(imp.plan)
  const [tried, setTried] = useState(false)
  const problems = planProblems(plan, imp.columns, minK, t)
  const scans = new Map(imp.scan.map((s) => [s.column, s]))
  const setAction = (column: string, action: ColumnAction) => setPlan((p) => ({ ...p, columns: { ...p.columns, [column]: action } }))
  const toggle = (list: 'quasiIdentifiers' | 'identifiers', column: string, on: boolean) =>
    setPlan((p) => ({ ...p, [list]: on ? [...p[list].filter((c) => c !== column), column] : p[list].filter((c) => c !== column) }))

  return (
    <div data-testid="plan-editor">
      <Table
        size="small"
        pagination={false}
        rowKey="name"
        dataSource={[...imp.columns]}
        columns={[
          { title: t('列', 'Column'), dataIndex: 'name', render: (name: string, c) => <Space direction="vertical" size={0}><Typography.Text code>{name}</Typography.Text><Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.kind}</Typography.Text></Space> },
          { title: t('扫描发现', 'Scan found'), key: 'scan', render: (_, c) => scanText(scans.get(c.name), t) },
          {
            title: t('处理', 'Action'),
            key: 'action',
            render: (_, c) => {
              const action = plan.columns[c.name] ?? { action: 'keep' }
              const value = action.action === 'mask' ? action.operator.kind : action.action
              return (
                <Space size={4} wrap>
                  <Select
                    size="small"
                    disabled={disabled}
                    value={value}
                    style={{ width: 210 }}
                    data-testid={`plan-action-${c.name}`}
                    onChange={(v: string) => setAction(c.name, v === 'keep' || v === 'drop' ? { action: v } : { action: 'mask', operator: defaultOperator(v as MaskingOperatorKind) })}
                    options={[
                      { value: 'keep', label: t('保留', 'keep') },
                      { value: 'drop', label: t('删除', 'drop') },
                      ...(Object.keys(APPLICABLE) as MaskingOperatorKind[]).filter((k) => APPLICABLE[k].includes(c.kind)).map((k) => ({ value: k, label: t(`脱敏：${operatorLabel(k, t)}`, `mask: ${operatorLabel(k, t)}`) })),
                    ]}
                  />
                  {action.action === 'mask' && !disabled ? <OperatorSettings op={action.operator} onChange={(operator) => setAction(c.name, { action: 'mask', operator })} /> : null}
                </Space>
              )
            },
          },
          {
            title: <Tooltip title={t('组合起来可能识别出个人或企业的列；k 匿名按这些列计算', 'Columns that together could single someone out; k-anonymity is over them')}>{t('准标识符', 'Quasi-identifier')}</Tooltip>,
            key: 'qi',
            align: 'center' as const,
            render: (_, c) => <Checkbox disabled={disabled || plan.columns[c.name]?.action === 'drop'} checked={plan.quasiIdentifiers.includes(c.name)} onChange={(e) => toggle('quasiIdentifiers', c.name, e.target.checked)} />,
          },
          {
            title: <Tooltip title={t('闸门把它当标识列：只能连接和去重计数（假名化、加密的列总是如此）', 'The gate treats it as an identifier: join and count distinct only (pseudonymized and encrypted columns always are)')}>{t('标识列', 'Identifier')}</Tooltip>,
            key: 'id',
            align: 'center' as const,
            render: (_, c) => <Checkbox disabled={disabled || plan.columns[c.name]?.action === 'drop'} checked={plan.identifiers.includes(c.name)} onChange={(e) => toggle('identifiers', c.name, e.target.checked)} />,
          },
        ]}
      />
      <Row gutter={16} style={{ marginTop: 12 }} align="middle">
        <Col>
          <Space>
            k
            <InputNumber min={2} max={1000} precision={0} disabled={disabled} value={plan.k} onChange={(v) => setPlan((p) => ({ ...p, k: v ?? minK }))} data-testid="plan-k" />
          </Space>
        </Col>
        <Col>
          <Space>
            {t('最多删除记录比例', 'Suppression limit')}
            <InputNumber min={0} max={0.2} step={0.01} disabled={disabled} value={plan.suppressionLimit} onChange={(v) => setPlan((p) => ({ ...p, suppressionLimit: v ?? 0.05 }))} />
          </Space>
        </Col>
        <Col flex="auto" style={{ textAlign: 'right' }}>
          <Button
            type="primary"
            disabled={disabled}
            loading={applying}
            data-testid="apply-plan"
            onClick={() => {
              setTried(true)
              if (problems.length === 0) onApply(plan)
            }}
          >
            {t('应用方案并评估', 'Apply the plan and assess')}
          </Button>
        </Col>
      </Row>
      {tried && problems.length > 0 ? (
        <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('方案还不完整', 'The plan is not complete')} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} />
      ) : null}
    </div>
  )
}
