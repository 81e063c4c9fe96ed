import { FolderOpenOutlined } from '@ant-design/icons'
import { Button, Card, Checkbox, Col, Form, Input, Row, Select, Typography } from 'antd'
import { post } from '../../api.ts'
import { useAction } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import type { PoolVersion, SourceFormat } from './types.ts'
import { useValidateMessages } from './validate-messages.ts'

interface PathValues {
  path: string
  format?: SourceFormat
  acceptQuarantine: boolean
}

/** The operator loads a file it placed in the platform's import directory (large files, no upload). */
export function FromPathCard({ code, onLoaded }: { code: string; onLoaded(version: PoolVersion): Promise<void> | void }) {
  const t = useT()
  const [form] = Form.useForm<PathValues>()
  const validateMessages = useValidateMessages()
  const load = useAction((v: PathValues) =>
    post<PoolVersion>(`/api/v1/pool/resources/${encodeURIComponent(code)}/versions/from-path`, {
      path: v.path.trim(),
      ...(v.format ? { format: v.format } : {}),
      acceptQuarantine: v.acceptQuarantine,
    }),
  )
  return (
    <Card size="small" title={<><FolderOpenOutlined /> {t('从服务器导入目录加载', 'Load from the import directory')}</>} data-testid="pool-from-path">
      <Typography.Paragraph type="secondary">
        {t('路径相对于平台的导入目录（SHUYU_IMPORT_DIR），不得越出该目录。', "A path inside the platform's import directory (SHUYU_IMPORT_DIR); it may not leave it.")}
      </Typography.Paragraph>
      <Form
        form={form}
        validateMessages={validateMessages}
        layout="vertical"
        initialValues={{ acceptQuarantine: false }}
        onFinish={async (values: PathValues) => {
          const version = await load.run(values)
          if (version) {
            form.resetFields()
            await onLoaded(version)
          }
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="path" label={t('文件路径', 'File path')} rules={[{ required: true, whitespace: true }, { max: 1000 }]}>
              <Input placeholder="electricity/2026-11.parquet" data-testid="pool-from-path-path" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="format" label={t('格式', 'Format')}>
              <Select allowClear placeholder={t('按扩展名', 'By extension')} options={[{ value: 'csv', label: 'CSV' }, { value: 'parquet', label: 'Parquet' }, { value: 'jsonl', label: 'JSON Lines' }]} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="acceptQuarantine" label=" " valuePropName="checked">
              <Checkbox>{t('有隔离行也发布', 'Publish with quarantined rows')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <ServerError error={load.error} />
        <Button type="primary" htmlType="submit" loading={load.running} data-testid="pool-from-path-submit">
          {t('加载', 'Load')}
        </Button>
      </Form>
    </Card>
  )
}
