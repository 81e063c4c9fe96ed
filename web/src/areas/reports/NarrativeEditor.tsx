import { SaveOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { put } from '../../api.ts'
import { useAction } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { MAX_SECTION_CHARS, SECTIONS } from './labels.ts'
import type { AnnualReport, Narrative } from './types.ts'

/**
 * The narrative, section by section. Saving sends the whole text (the API replaces it); a
 * returned report becomes a draft again when saved. Read-only for everyone else, and once filed.
 */
export function NarrativeEditor({ report, editable, onSaved }: { report: AnnualReport; editable: boolean; onSaved: (r: AnnualReport) => void }) {
  const t = useT()
  const [form] = Form.useForm<Narrative>()
  const [dirty, setDirty] = useState(false)
  const save = useAction(async (narrative: Narrative) => put<AnnualReport>(`/api/v1/annual-reports/${report.id}/narrative`, narrative))

  useEffect(() => {
    form.setFieldsValue(report.narrative)
    setDirty(false)
  }, [report.id, report.updatedAt, report.narrative, form])

  if (!editable) {
    return (
      <Space direction="vertical" style={{ width: '100%' }} data-testid="report-narrative">
        {SECTIONS.map((s, i) => (
          <Card key={s.key} size="small" title={`${i + 1}. ${t(s.zh, s.en)}`}>
            {report.narrative[s.key].trim() ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{report.narrative[s.key]}</Typography.Paragraph>
            ) : (
              <Typography.Text type="secondary" italic>
                {t('（尚未撰写）', '(not yet written)')}
              </Typography.Text>
            )}
          </Card>
        ))}
      </Space>
    )
  }

  const empty = SECTIONS.filter((s) => !report.narrative[s.key].trim())
  return (
    <Form
      form={form}
      layout="vertical"
      onValuesChange={() => setDirty(true)}
      onFinish={async (values) => {
        const saved = await save.run(values)
        if (saved) {
          setDirty(false)
          onSaved(saved)
        }
      }}
      data-testid="report-narrative-form"
    >
      {empty.length ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t(
            `报送前须撰写全部章节（第二十七条）：尚缺 ${empty.map((s) => s.zh).join('、')}。`,
            `Every section is written before filing (art. 27): ${empty.map((s) => s.en).join(', ')} still empty.`,
          )}
        />
      ) : null}
      {SECTIONS.map((s, i) => (
        <Form.Item
          key={s.key}
          name={s.key}
          label={
            <span>
              {i + 1}. {t(s.zh, s.en)} <Typography.Text type="secondary">— {t(s.hintZh, s.hintEn)}</Typography.Text>
            </span>
          }
          rules={[{ max: MAX_SECTION_CHARS, message: t(`不超过 ${MAX_SECTION_CHARS} 字`, `At most ${MAX_SECTION_CHARS} characters`) }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 16 }} showCount maxLength={MAX_SECTION_CHARS} data-testid={`report-section-${s.key}`} />
        </Form.Item>
      ))}
      <ServerError error={save.error} />
      <Space>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.running} disabled={!dirty} data-testid="report-save">
          {t('保存文字', 'Save the narrative')}
        </Button>
        {dirty ? <Typography.Text type="warning">{t('有未保存的修改', 'Unsaved changes')}</Typography.Text> : null}
      </Space>
    </Form>
  )
}
