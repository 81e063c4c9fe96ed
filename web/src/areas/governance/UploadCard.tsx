import { CloudUploadOutlined, InboxOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Checkbox, Progress, Select, Space, Typography, Upload } from 'antd'
import { useRef, useState } from 'react'
import { Link } from 'react-router-dom'
import { formatNumber } from '../../components/format.tsx'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { formatBytes, percent } from './pool.ts'
import { VersionStatusTag } from './tags.tsx'
import { uploadVersion, type UploadProgress } from './upload.ts'
import type { CatalogResource, PoolVersion, SourceFormat } from './types.ts'

type Phase = 'idle' | 'sending' | 'checking' | 'done' | 'failed'

/**
 * A source unit loads a new version of its resource (art. 9): the file goes up with a progress
 * bar, then the platform checks every row against the catalog entry. A version with quarantined
 * rows is held until the unit accepts it; the previous version serves meanwhile.
 */
export function UploadCard({ resource, onLoaded }: { resource: CatalogResource; onLoaded(version: PoolVersion): Promise<void> | void }) {
  const t = useT()
  const [file, setFile] = useState<File | null>(null)
  const [format, setFormat] = useState<SourceFormat | undefined>()
  const [acceptQuarantine, setAcceptQuarantine] = useState(false)
  const [phase, setPhase] = useState<Phase>('idle')
  const [progress, setProgress] = useState<UploadProgress>({ loaded: 0, total: 0 })
  const [result, setResult] = useState<PoolVersion | null>(null)
  const [error, setError] = useState<unknown>(null)
  const abort = useRef<AbortController | null>(null)
  const busy = phase === 'sending' || phase === 'checking'

  const start = async () => {
    if (!file) return
    const controller = new AbortController()
    abort.current = controller
    setError(null)
    setResult(null)
    setProgress({ loaded: 0, total: file.size })
    setPhase('sending')
    try {
      const version = await uploadVersion(resource.code, file, {
        ...(format ? { format } : {}),
        acceptQuarantine,
        onProgress: setProgress,
        onSent: () => setPhase('checking'),
        signal: controller.signal,
      })
      setResult(version)
      setPhase('done')
      setFile(null)
      await onLoaded(version)
    } catch (caught) {
      setError(caught)
      setPhase('failed')
    } finally {
      abort.current = null
    }
  }

  const sentPercent = progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : 0

  return (
    <Card size="small" title={<Space><CloudUploadOutlined />{t('上传新版本', 'Upload a new version')}</Space>} data-testid="pool-upload">
      <Typography.Paragraph type="secondary">
        {t(
          `列名须与目录条目一致：${resource.fields.map((f) => f.name).join(', ')}。支持 CSV（含表头）、Parquet、JSON Lines。`,
          `Columns must match the catalog entry: ${resource.fields.map((f) => f.name).join(', ')}. CSV with a header, Parquet or JSON Lines.`,
        )}
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,.parquet,.jsonl,.ndjson"
        multiple={false}
        disabled={busy}
        showUploadList={false}
        beforeUpload={(chosen) => {
          setFile(chosen)
          setPhase('idle')
          setError(null)
          return false
        }}
        data-testid="pool-upload-file"
      >
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p className="ant-upload-text">
          {file ? `${file.name}（${formatBytes(file.size)}）` : t('点击或拖入数据文件', 'Click or drop a data file')}
        </p>
      </Upload.Dragger>
      <Space wrap style={{ marginTop: 12 }}>
        <Select
          allowClear
          placeholder={t('格式：按扩展名', 'Format: by extension')}
          style={{ width: 180 }}
          value={format}
          onChange={setFormat}
          disabled={busy}
          options={[
            { value: 'csv', label: 'CSV' },
            { value: 'parquet', label: 'Parquet' },
            { value: 'jsonl', label: 'JSON Lines' },
          ]}
        />
        <Checkbox checked={acceptQuarantine} onChange={(e) => setAcceptQuarantine(e.target.checked)} disabled={busy} data-testid="pool-upload-accept">
          {t('有隔离行也直接发布（否则待接受）', 'Publish even with quarantined rows (otherwise held)')}
        </Checkbox>
      </Space>

      {phase !== 'idle' ? (
        <div style={{ marginTop: 12 }} data-testid="pool-upload-progress">
          <Typography.Text type="secondary">
            {phase === 'sending'
              ? t(`上传中 ${formatBytes(progress.loaded)} / ${formatBytes(progress.total)}`, `Sending ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`)
              : phase === 'checking'
                ? t('已上传，正在按目录校验并写入新版本…', 'Sent; checking the rows against the catalog and writing the version…')
                : phase === 'done'
                  ? t('完成', 'Done')
                  : t('未能入池', 'Not loaded')}
          </Typography.Text>
          <Progress
            percent={phase === 'sending' ? sentPercent : 100}
            status={phase === 'failed' ? 'exception' : phase === 'done' ? 'success' : 'active'}
            format={(p) => (phase === 'checking' ? t('校验中', 'checking') : `${p}%`)}
          />
        </div>
      ) : null}

      {result ? (
        <Alert
          style={{ marginTop: 12 }}
          type={result.status === 'held' ? 'warning' : 'success'}
          showIcon
          data-testid="pool-upload-result"
          message={
            <Space wrap>
              {t(`已生成 v${result.versionNo}`, `Version ${result.versionNo} written`)}
              <VersionStatusTag status={result.status} />
              <Link to={`/pool/versions/${result.id}`}>{t('查看质量报告', 'Quality report')}</Link>
            </Space>
          }
          description={t(
            `读入 ${formatNumber(result.rows.read)} 行，入池 ${formatNumber(result.rows.loaded)} 行，隔离 ${formatNumber(result.rows.quarantined)} 行；入池率 ${percent(result.quality.score)}。${result.status === 'held' ? '有隔离行：该版本待您接受后才服务，当前版本继续服务。' : ''}`,
            `Read ${formatNumber(result.rows.read)}, loaded ${formatNumber(result.rows.loaded)}, quarantined ${formatNumber(result.rows.quarantined)}; score ${percent(result.quality.score)}.${result.status === 'held' ? ' With quarantined rows it is held until you accept it; the current version keeps serving.' : ''}`,
          )}
        />
      ) : null}
      <ServerError error={error} style={{ marginTop: 12 }} />
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" icon={<CloudUploadOutlined />} disabled={!file || busy} loading={busy} onClick={() => void start()} data-testid="pool-upload-start">
          {t('上传并校验', 'Upload and check')}
        </Button>
        {phase === 'sending' ? <Button onClick={() => abort.current?.abort()}>{t('取消上传', 'Cancel')}</Button> : null}
      </Space>
    </Card>
  )
}
