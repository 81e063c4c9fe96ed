import { CopyOutlined } from '@ant-design/icons'
import { Alert, App, Button, Checkbox, Modal, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useT } from '../../i18n.tsx'

/**
 * A secret the server shows once (a gateway key, a consent token): it keeps only a keyed hash,
 * so once this closes nobody can show it again. The modal cannot be dismissed by accident: it
 * closes only after the holder says the secret is saved.
 */
export function OneTimeSecret({ secret, title, note, onClose }: { secret: string | null; title: string; note?: string; onClose(): void }) {
  const t = useT()
  const { message } = App.useApp()
  const [saved, setSaved] = useState(false)
  useEffect(() => setSaved(false), [secret])

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '')
      message.success(t('已复制到剪贴板', 'Copied to the clipboard'))
    } catch {
      message.warning(t('无法访问剪贴板，请手动选中复制', 'The clipboard is not available: select and copy by hand'))
    }
  }

  return (
    <Modal
      open={secret !== null}
      title={title}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button type="primary" disabled={!saved} onClick={onClose} data-testid="one-time-secret-close">
          {t('我已保存，关闭', 'Saved: close')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('只显示这一次', 'Shown this once only')}
        description={t(
          '平台只保存其加密摘要，关闭后任何人（包括平台运营方）都无法再次查看。请立即复制并保存到贵单位的密钥管理系统；遗失只能轮换或重新创建。',
          'The platform keeps only a keyed hash: once closed, nobody (the operator included) can show it again. Copy it now into your secret store; if lost, rotate or create a new one.',
        )}
      />
      {note ? <Typography.Paragraph type="secondary">{note}</Typography.Paragraph> : null}
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Typography.Text
          code
          data-testid="one-time-secret"
          style={{ flex: 1, padding: '6px 8px', fontSize: 13, wordBreak: 'break-all', userSelect: 'all', display: 'block' }}
        >
          {secret}
        </Typography.Text>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="one-time-secret-copy">
          {t('复制', 'Copy')}
        </Button>
      </Space.Compact>
      <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)} data-testid="one-time-secret-saved">
        {t('我已复制并妥善保存', 'I have copied and stored it')}
      </Checkbox>
    </Modal>
  )
}
