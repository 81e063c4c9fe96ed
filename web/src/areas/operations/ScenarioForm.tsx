import { Button, Form, Input, Radio, Select, Space, Typography } from 'antd'
import { useGet } from '../../components/hooks.ts'
import { useT } from '../../i18n.tsx'
import { PURPOSE, useWords } from './labels.tsx'
import { NeedsEditor } from './NeedsEditor.tsx'
import { PATTERNS } from './shared.tsx'
import type { PurposeType, Scenario, ScenarioDemand, ScenarioNeed } from './types.ts'

export interface ScenarioFormValues {
  code: string
  name: string
  sector: string
  description: string
  purposeType: PurposeType
  conditions: string
  needs: ScenarioNeed[]
  demandIds: string[]
}

export function scenarioFormValues(s: Scenario): ScenarioFormValues {
  return {
    code: s.code,
    name: s.name,
    sector: s.sector,
    description: s.description,
    purposeType: s.purposeType,
    conditions: s.conditions,
    needs: s.needs.map((n) => ({ resourceCode: n.resourceCode, fields: n.fields.map((f) => ({ ...f })) })),
    demandIds: [...s.demandIds],
  }
}

/** Needs of several demands merged: one entry per resource, the first justification of each field kept. */
function mergeNeeds(current: readonly ScenarioNeed[], demands: readonly ScenarioDemand[]): ScenarioNeed[] {
  const byCode = new Map<string, Map<string, string>>()
  for (const need of [...current.filter((n) => n?.resourceCode), ...demands.flatMap((d) => d.needs)]) {
    const fields = byCode.get(need.resourceCode) ?? new Map<string, string>()
    for (const f of need.fields ?? []) if (f?.name && !fields.has(f.name)) fields.set(f.name, f.justification ?? '')
    byCode.set(need.resourceCode, fields)
  }
  return [...byCode].map(([resourceCode, fields]) => ({ resourceCode, fields: [...fields].map(([name, justification]) => ({ name, justification })) }))
}

/**
 * The operator compiles demands into a scenario (one class of use) or edits a draft or returned
 * one; mirrors scenarioSchema. Public-interest use needs its conditions (art. 6).
 */
export function ScenarioFields({ editing }: { editing?: Scenario }) {
  const t = useT()
  const words = useWords()
  const form = Form.useFormInstance<ScenarioFormValues>()
  const demands = useGet<{ demands: ScenarioDemand[] }>('/api/v1/scenario-demands')
  const purpose = Form.useWatch('purposeType', form)
  const chosenIds = Form.useWatch('demandIds', form) as string[] | undefined
  const selectable = (demands.data?.demands ?? []).filter((d) => d.status === 'open' || (editing && d.scenarioCode === editing.code))

  const takeNeeds = () => {
    const chosen = selectable.filter((d) => chosenIds?.includes(d.id))
    form.setFieldValue('needs', mergeNeeds(form.getFieldValue('needs') ?? [], chosen))
    const first = chosen[0]
    if (first && !form.getFieldValue('name')) form.setFieldsValue({ name: first.title, description: first.description, purposeType: first.purposeType })
  }

  return (
    <>
      <Form.Item label={t('汇总的场景需求', 'Demands compiled')}>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="demandIds" noStyle>
            <Select
              mode="multiple"
              allowClear
              optionFilterProp="label"
              placeholder={t('选择待汇总的需求', 'Choose open demands')}
              loading={demands.loading}
              options={selectable.map((d) => ({ value: d.id, label: d.title }))}
              data-testid="scenario-demands-select"
            />
          </Form.Item>
          <Button onClick={takeNeeds} disabled={!chosenIds?.length}>
            {t('带入所需数据', 'Take their needs')}
          </Button>
        </Space.Compact>
      </Form.Item>
      <Space wrap style={{ width: '100%' }} align="start">
        <Form.Item
          name="code"
          label={t('场景编码', 'Code')}
          rules={[{ required: true }, { pattern: PATTERNS.scenarioCode, message: t('形如 SC-FIN-001', 'Like SC-FIN-001') }]}
          extra={editing ? undefined : t('形如 SC-FIN-001：行业缩写 + 序号', 'Like SC-FIN-001')}
        >
          <Input disabled={!!editing} style={{ width: 200 }} data-testid="scenario-code" />
        </Form.Item>
        <Form.Item name="name" label={t('场景名称', 'Name')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
          <Input style={{ width: 360 }} />
        </Form.Item>
        <Form.Item name="sector" label={t('行业领域', 'Sector')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
          <Input style={{ width: 200 }} placeholder={t('如：金融服务', 'e.g. finance')} />
        </Form.Item>
      </Space>
      <Form.Item name="description" label={t('场景描述', 'Description')} rules={[{ required: true, whitespace: true }, { max: 4000 }]}>
        <Input.TextArea rows={3} showCount maxLength={4000} />
      </Form.Item>
      <Form.Item name="purposeType" label={t('用途类型（第六条）', 'Purpose (art. 6)')} rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'public_interest', label: words(PURPOSE, 'public_interest') },
            { value: 'industrial', label: words(PURPOSE, 'industrial') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="conditions"
        label={t('使用条件', 'Conditions of use')}
        dependencies={['purposeType']}
        rules={[
          { max: 4000 },
          {
            required: purpose === 'public_interest',
            whitespace: true,
            message: t('公益用途无偿使用须写明条件（第六条）', 'Public-interest use is free only with stated conditions (art. 6)'),
          },
        ]}
      >
        <Input.TextArea rows={2} showCount maxLength={4000} />
      </Form.Item>
      <Form.Item label={t('所需数据（最小必要）', 'Data needed (least necessary)')} required>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('协议授权范围不得超出场景所列信息项。', 'An agreement may grant no field the scenario does not list.')}
        </Typography.Paragraph>
        <NeedsEditor />
      </Form.Item>
    </>
  )
}
