import { KeyOutlined, EyeInvisibleOutlined } from '@ant-design/icons'
import { Alert, Card, Collapse, Descriptions, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { allowedAggregates } from './explain.ts'
import type { MaskingRule, Workspace, WorkspaceField, WorkspaceTable } from './types.ts'

type T = (zh: string, en: string) => string

/** The masking policy of a workspace, by `table.column`. */
export function useMasks(workspaceId: string): { masks: Map<string, MaskingRule>; error: unknown } {
  const { data, error } = useGet<{ rules: MaskingRule[] }>(`/api/v1/workspaces/${workspaceId}/masking`)
  return { masks: new Map((data?.rules ?? []).map((rule) => [`${rule.table}.${rule.column}`, rule])), error }
}

function operatorText(rule: MaskingRule, t: T): string {
  const op = rule.operator
  switch (op.kind) {
    case 'pseudonym':
      return t('假名化（可连接）', 'pseudonym (joinable)')
    case 'encrypt':
      return t('确定性加密（可连接）', 'deterministic encryption (joinable)')
    case 'mask':
      return t(`遮盖（保留前 ${op.keepPrefix ?? 0} 后 ${op.keepSuffix ?? 0} 位）`, `mask (keep ${op.keepPrefix ?? 0} + ${op.keepSuffix ?? 0})`)
    case 'generalize-date':
      return t(`日期泛化到${op.to === 'month' ? '月' : '年'}`, `date to ${op.to}`)
    case 'generalize-age':
      return t(`年龄分段（${op.width} 岁）`, `age bands of ${op.width}`)
    case 'generalize-region':
      return t(`区划泛化到 ${op.digits} 位`, `region to ${op.digits} digits`)
    case 'range':
      return t(`区间化（宽 ${op.width}）`, `ranges of ${op.width}`)
    case 'noise':
      return t(`加噪（尺度 ${op.scale}）`, `noise (scale ${op.scale})`)
    default:
      return op.kind
  }
}

function FieldTag({ table, field, masked, onInsert }: { table: string; field: WorkspaceField; masked?: MaskingRule; onInsert?: (text: string) => void }) {
  const t = useT()
  const title = [
    `${field.title} · ${field.dataType}`,
    field.identifier ? t('标识列：只能用于连接和 count(DISTINCT …)，不能输出、分组、筛选或排序', 'Identifier: join and count(DISTINCT …) only; never output, group, filter or order by') : null,
    masked ? t(`已脱敏：${operatorText(masked, t)}`, `Masked: ${operatorText(masked, t)}`) : null,
    onInsert ? t('点击插入到 SQL', 'Click to insert into the SQL') : null,
  ]
    .filter(Boolean)
    .join('\n')
  return (
    <Tooltip title={title} styles={{ root: { whiteSpace: 'pre-line' } }}>
      <Tag
        color={field.identifier ? 'orange' : masked ? 'purple' : 'default'}
        icon={field.identifier ? <KeyOutlined /> : masked ? <EyeInvisibleOutlined /> : undefined}
        style={{ cursor: onInsert ? 'pointer' : 'default', marginBottom: 4 }}
        onClick={onInsert ? () => onInsert(`${table}.${field.name}`) : undefined}
        data-testid="scope-field"
      >
        {field.name}
      </Tag>
    </Tooltip>
  )
}

/** The granted tables as a compact list beside the editor; a click on a column inserts it. */
export function ScopeTree({ workspace, masks, onInsert }: { workspace: Workspace; masks: Map<string, MaskingRule>; onInsert?: (text: string) => void }) {
  const t = useT()
  return (
    <div data-testid="scope-tree">
      <Collapse
        size="small"
        defaultActiveKey={workspace.scope.slice(0, 2).map((table) => table.table)}
        items={workspace.scope.map((table) => ({
          key: table.table,
          label: (
            <Space size={4}>
              <Typography.Text code onClick={onInsert ? (e) => { e.stopPropagation(); onInsert(table.table) } : undefined} style={{ cursor: onInsert ? 'pointer' : 'default' }}>
                {table.table}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {table.resourceName}
              </Typography.Text>
            </Space>
          ),
          children: (
            <div>
              {table.fields.map((field) => (
                <FieldTag key={field.name} table={table.table} field={field} masked={masks.get(`${table.table}.${field.name}`)} onInsert={onInsert} />
              ))}
              {table.rowFilters.length > 0 ? (
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
                  {t('行过滤：', 'Row filters: ')}
                  {table.rowFilters.map((f) => `${f.column} ${f.operator} ${f.values.join(', ')}`).join('; ')}
                </Typography.Paragraph>
              ) : null}
            </div>
          ),
        }))}
      />
      {workspace.scope.some((table) => table.fields.some((f) => f.identifier || masks.has(`${table.table}.${f.name}`))) ? (
      <Space size={12} style={{ marginTop: 8, fontSize: 12 }} wrap>
        <span>
          <Tag color="orange" icon={<KeyOutlined />}>uscc</Tag>
          {t('标识列', 'identifier')}
        </span>
        <span>
          <Tag color="purple" icon={<EyeInvisibleOutlined />}>col</Tag>
          {t('已脱敏', 'masked')}
        </span>
      </Space>
      ) : null}
    </div>
  )
}

/** The granted schema in full: the query rules, then every table with its columns. */
export function SchemaPanel({ workspace }: { workspace: Workspace }) {
  const t = useT()
  const { masks, error: maskingError } = useMasks(workspace.id)
  const rules = workspace.rules
  const o = rules.outputChecks
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="workspace-schema">
      <Card size="small" title={t('查询规则（协议约定的安全要求）', 'Query rules (the agreement’s security requirements)')}>
        <Descriptions size="small" bordered column={2}>
          <Descriptions.Item label={t('分析规则', 'Analysis rule')}>
            {rules.analysis === 'aggregation' ? t('聚合：可自由编写聚合查询', 'Aggregation: free aggregate queries') : t('模板：只能运行已批准的查询模板', 'Template: approved templates only')}
          </Descriptions.Item>
          <Descriptions.Item label={t('允许的聚合', 'Allowed aggregates')}>{allowedAggregates(rules, t)}</Descriptions.Item>
          <Descriptions.Item label={t('每行最少不同主体', 'Min. distinct entities per row')}>{rules.minDistinctEntities || t('不限', 'none')}</Descriptions.Item>
          <Descriptions.Item label={t('单元格最小贡献者（阈值）', 'Cell threshold')}>{o.threshold}</Descriptions.Item>
          <Descriptions.Item label={t('NK 支配规则', 'NK dominance')}>{t(`最大 ${o.dominance.n} 个贡献者 < 合计的 ${Math.round(o.dominance.k * 100)}%`, `the ${o.dominance.n} largest < ${Math.round(o.dominance.k * 100)}% of the total`)}</Descriptions.Item>
          <Descriptions.Item label={t('p 比例规则', 'p-ratio')}>{t(`其余贡献 ≥ 最大者的 ${Math.round(o.pRatio * 100)}%`, `the rest ≥ ${Math.round(o.pRatio * 100)}% of the largest`)}</Descriptions.Item>
          <Descriptions.Item label={t('空单元格', 'Empty cells')}>{o.zeros ? t('不发布', 'not released') : t('发布', 'released')}</Descriptions.Item>
          <Descriptions.Item label={t('运行限制', 'Limits')}>
            {t(`${rules.limits.timeoutMs / 1000} 秒 · ${rules.limits.memoryMb} MB · 最多 ${rules.limits.maxRows} 行`, `${rules.limits.timeoutMs / 1000} s · ${rules.limits.memoryMb} MB · ${rules.limits.maxRows} rows`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('差分隐私', 'Differential privacy')} span={2}>
            {rules.differentialPrivacy
              ? t(
                  `${rules.differentialPrivacy.mechanism} 噪声，每聚合 ε ${rules.differentialPrivacy.epsilonPerAggregate}，总预算 ε ${rules.differentialPrivacy.budgetEpsilon}，单主体每聚合至多 ${rules.differentialPrivacy.contributionBound} 行`,
                  `${rules.differentialPrivacy.mechanism} noise, ε ${rules.differentialPrivacy.epsilonPerAggregate} per aggregate, budget ε ${rules.differentialPrivacy.budgetEpsilon}, ${rules.differentialPrivacy.contributionBound} row(s) per entity per aggregate`,
                )
              : t('未启用（以输出检查保护结果）', 'off (results protected by the output checks)')}
          </Descriptions.Item>
        </Descriptions>
        {rules.identifiers.length > 0 ? (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            message={t('标识列只能用于连接和去重计数', 'Identifiers join and count distinct only')}
            description={
              <Space wrap size={4}>
                {rules.identifiers.map((id) => (
                  <Tag key={id} color="orange" icon={<KeyOutlined />}>
                    {id}
                  </Tag>
                ))}
              </Space>
            }
          />
        ) : null}
      </Card>
      <ServerError error={maskingError} />
      {workspace.scope.map((table) => (
        <TableCard key={table.table} table={table} masks={masks} t={t} />
      ))}
    </Space>
  )
}

function TableCard({ table, masks, t }: { table: WorkspaceTable; masks: Map<string, MaskingRule>; t: T }) {
  return (
    <Card size="small" title={<Space><Typography.Text code>{table.table}</Typography.Text>{table.resourceName}<Typography.Text type="secondary">{table.resourceCode}</Typography.Text></Space>}>
      <Table<WorkspaceField>
        size="small"
        pagination={false}
        rowKey="name"
        dataSource={[...table.fields]}
        data-testid={`schema-table-${table.table}`}
        columns={[
          { title: t('列名', 'Column'), dataIndex: 'name', render: (name: string) => <Typography.Text code>{name}</Typography.Text> },
          { title: t('名称', 'Title'), dataIndex: 'title' },
          { title: t('类型', 'Type'), dataIndex: 'dataType' },
          {
            title: t('用法', 'Use'),
            key: 'use',
            render: (_: unknown, field) => {
              const mask = masks.get(`${table.table}.${field.name}`)
              return (
                <Space size={4} wrap>
                  {field.identifier ? <Tag color="orange" icon={<KeyOutlined />}>{t('标识：仅连接/去重计数', 'identifier: join / count distinct')}</Tag> : <Tag>{t('维度或度量', 'dimension or measure')}</Tag>}
                  {mask ? <Tag color="purple" icon={<EyeInvisibleOutlined />}>{operatorText(mask, t)}</Tag> : null}
                </Space>
              )
            },
          },
        ]}
      />
      {table.rowFilters.length > 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('行过滤（只授权满足条件的行）：', 'Row filters (only these rows are granted): ')}
          {table.rowFilters.map((f) => `${f.column} ${f.operator} ${f.values.join(', ')}`).join('; ')}
        </Typography.Paragraph>
      ) : null}
    </Card>
  )
}
