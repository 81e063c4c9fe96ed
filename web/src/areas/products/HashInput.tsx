import { FileSearchOutlined } from '@ant-design/icons'
import { Button, Input, Space, Tooltip } from 'antd'
import { useRef, useState } from 'react'
import { useT } from '../../i18n.tsx'
import { sha256Hex } from './validation.ts'

/**
 * A document named by its hash (64 hex digits), as registration and consents want it: paste an
 * SM3 or SHA-256 digest, or pick the file and its SHA-256 is computed here. The file itself is
 * never sent anywhere.
 */
export function HashInput({ value, onChange, onFileName, testId }: { value?: string; onChange?(value: string): void; onFileName?(name: string): void; testId?: string }) {
  const t = useT()
  const picker = useRef<HTMLInputElement>(null)
  const [hashing, setHashing] = useState(false)

  const pick = async (file: File | undefined) => {
    if (!file) return
    setHashing(true)
    try {
      onChange?.(await sha256Hex(file))
      onFileName?.(file.name)
    } finally {
      setHashing(false)
      if (picker.current) picker.current.value = ''
    }
  }

  return (
    <>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          value={value}
          onChange={(e) => onChange?.(e.target.value.trim())}
          placeholder={t('64 位十六进制摘要（SM3 或 SHA-256）', '64 hex digits (SM3 or SHA-256)')}
          style={{ fontFamily: 'monospace' }}
          data-testid={testId}
        />
        <Tooltip title={t('在本机计算文件的 SHA-256，文件不会上传', 'Computes the file\'s SHA-256 here: the file is not uploaded')}>
          <Button icon={<FileSearchOutlined />} loading={hashing} onClick={() => picker.current?.click()}>
            {t('由文件计算', 'From a file')}
          </Button>
        </Tooltip>
      </Space.Compact>
      <input ref={picker} type="file" style={{ display: 'none' }} onChange={(e) => void pick(e.target.files?.[0])} />
    </>
  )
}
