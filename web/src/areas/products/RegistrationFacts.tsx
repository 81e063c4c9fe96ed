import { Descriptions, Table, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useT } from '../../i18n.tsx'
import { GradeTag, KIND_NAMES, useNames } from './labels.tsx'
import { useResourceNames, useScenarios } from './lookups.ts'
import type { Registration, ResourceSource } from './types.ts'

/** The facts a registration records, snapshotted from the product or the catalog when it was applied for. */
export function RegistrationFacts({ registration }: { registration: Registration }) {
  const t = useT()
  const names = useNames()
  const { nameOf } = useScenarios()
  const resourceName = useResourceNames()
  const facts = registration.facts

  if (registration.subject.type === 'product') {
    const sources = (facts.sources as { resources?: ResourceSource[] } | undefined)?.resources ?? []
    const outputs = (facts.outputs as { name: string; description: string }[] | undefined) ?? []
    return (
      <Descriptions size="small" column={2} bordered data-testid="registration-facts">
        <Descriptions.Item label={t('产品名称', 'Name')}>{facts.name}</Descriptions.Item>
        <Descriptions.Item label={t('产品编码', 'Code')}>
          <Link to={`/products/${registration.subject.code}`}>{registration.subject.code}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('产品类型', 'Kind')}>{facts.kind ? names(KIND_NAMES, facts.kind) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('应用场景', 'Scenario')}>{facts.scenario ? `${nameOf(facts.scenario)}（${facts.scenario}）` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('数据分级', 'Data grade')}>{facts.dataGrade ? <GradeTag grade={facts.dataGrade} /> : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('输出', 'Outputs')}>
          {outputs.map((o) => (
            <Tag key={o.name} title={o.description}>
              {o.name}
            </Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('数据来源', 'Sources')} span={2}>
          {sources.map((s) => (
            <div key={s.table}>
              {resourceName(s.resourceCode) ?? s.resourceCode}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.resourceCode} · {s.poolVersionId ?? t('导入数据', 'import')}
              </Typography.Text>
            </div>
          ))}
        </Descriptions.Item>
      </Descriptions>
    )
  }
  return (
    <div data-testid="registration-facts">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('资源名称', 'Name')}>{facts.name}</Descriptions.Item>
        <Descriptions.Item label={t('资源代码', 'Code')}>{registration.subject.code}</Descriptions.Item>
        <Descriptions.Item label={t('分级', 'Grade')}>
          {facts.level === 'general' ? t(`一般数据 ${facts.grade ?? ''}级`, `General, grade ${facts.grade ?? ''}`) : facts.level === 'important' ? t('重要数据', 'Important') : facts.level === 'core' ? t('核心数据', 'Core') : (facts.level ?? '—')}
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        style={{ marginTop: 12 }}
        rowKey="name"
        pagination={false}
        dataSource={[...(facts.fields ?? [])]}
        columns={[
          { title: t('信息项', 'Field'), dataIndex: 'name', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('名称', 'Title'), dataIndex: 'title' },
          { title: t('类型', 'Type'), dataIndex: 'dataType' },
          { title: t('分级', 'Grade'), key: 'grade', render: (_, f) => (f.level === 'general' ? t(`一般 ${f.grade ?? ''}级`, `general ${f.grade ?? ''}`) : f.level) },
        ]}
      />
    </div>
  )
}
