import { Card, Col, Collapse, Empty, Input, Row, Segmented, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { formatDate } from '../components/format.tsx'
import { ServerError } from '../components/ServerError.tsx'
import { useT } from '../i18n.tsx'
import { PURPOSE_LABELS, useLabel } from './labels.ts'
import { usePublicGet } from './publicApi.ts'
import type { PublicScenario } from './types.ts'

/** 应用场景目录 (art. 13(3)): the scenarios the office approved, with the data each needs and why. */
export default function ScenariosPage() {
  const t = useT()
  const label = useLabel()
  const scenarios = usePublicGet<{ scenarios: PublicScenario[] }>('/api/v1/public/scenarios')
  const [purpose, setPurpose] = useState<string>('all')
  const [query, setQuery] = useState('')
  const shown = (scenarios.data?.scenarios ?? []).filter(
    (s) => (purpose === 'all' || s.purposeType === purpose) && (!query || `${s.name} ${s.code} ${s.sector} ${s.description}`.toLowerCase().includes(query.toLowerCase())),
  )
  return (
    <div data-testid="portal-scenarios">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('应用场景目录', 'Scenario catalog')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('经协调机制办公室审定的公共数据授权运营应用场景，一类场景一审定；列明所需数据资源、信息项及其必要性。', 'Scenarios approved by the coordination office, one review per kind of scenario, with the data each needs and why.')}
      </Typography.Paragraph>
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented value={purpose} onChange={(v) => setPurpose(String(v))} options={[{ value: 'all', label: t('全部', 'All') }, ...Object.keys(PURPOSE_LABELS).map((p) => ({ value: p, label: label(PURPOSE_LABELS, p) }))]} />
        <Input.Search allowClear placeholder={t('名称、编码、行业', 'Name, code, sector')} style={{ width: 280 }} onSearch={setQuery} onChange={(e) => !e.target.value && setQuery('')} />
      </Space>
      <ServerError error={scenarios.error} />
      {shown.length === 0 && !scenarios.loading ? <Empty /> : null}
      <Row gutter={[16, 16]}>
        {shown.map((s) => (
          <Col key={s.code} xs={24} lg={12}>
            <Card
              size="small"
              title={
                <Space direction="vertical" size={0}>
                  <span>{s.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                    {s.code} · {s.sector} · {t('审定于', 'approved')} {formatDate(s.reviewedAt)}
                  </Typography.Text>
                </Space>
              }
              extra={<Tag color={s.purposeType === 'public_interest' ? 'green' : 'blue'}>{label(PURPOSE_LABELS, s.purposeType)}</Tag>}
              style={{ height: '100%' }}
              data-testid="portal-scenario"
            >
              <Typography.Paragraph>{s.description}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">
                <b>{t('使用条件', 'Conditions')}：</b>
                {s.conditions}
              </Typography.Paragraph>
              <Collapse
                size="small"
                items={[
                  {
                    key: 'needs',
                    label: t(`所需数据：${s.needs.length} 项资源、${s.needs.reduce((n, r) => n + r.fields.length, 0)} 个信息项`, `Data needed: ${s.needs.length} resources, ${s.needs.reduce((n, r) => n + r.fields.length, 0)} fields`),
                    children: (
                      <Table
                        size="small"
                        pagination={false}
                        rowKey={(r) => `${r.resource}|${r.name}`}
                        dataSource={s.needs.flatMap((r) => r.fields.map((f) => ({ resource: r.resourceCode, name: f.name, justification: f.justification })))}
                        columns={[
                          { title: t('资源', 'Resource'), dataIndex: 'resource', width: 160 },
                          { title: t('信息项', 'Field'), dataIndex: 'name', width: 180 },
                          { title: t('必要性', 'Why'), dataIndex: 'justification' },
                        ]}
                      />
                    ),
                  },
                ]}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  )
}
