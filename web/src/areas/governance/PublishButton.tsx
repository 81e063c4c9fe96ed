import { CheckCircleOutlined } from '@ant-design/icons'
import { App, Button, Popconfirm } from 'antd'
import { post } from '../../api.ts'
import { formatNumber } from '../../components/format.tsx'
import { useAction } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import type { PoolVersion } from './types.ts'

/**
 * Accepts a held version as the one serving, its quarantined rows set aside (the responsible
 * source unit only). The version it replaces is superseded.
 */
export function PublishButton({ version, onDone, size = 'small' }: { version: PoolVersion; onDone(): Promise<void> | void; size?: 'small' | 'middle' }) {
  const t = useT()
  const { message } = App.useApp()
  const publish = useAction(() => post<PoolVersion>(`/api/v1/pool/versions/${encodeURIComponent(version.id)}/publish`))
  return (
    <>
      <Popconfirm
        title={t(`发布 v${version.versionNo} 为服务版本？`, `Make v${version.versionNo} the serving version?`)}
        description={t(
          `${formatNumber(version.rows.quarantined)} 行隔离数据将被搁置，不进入数据池；当前服务版本将被替代。`,
          `${formatNumber(version.rows.quarantined)} quarantined rows stay out of the pool; the version serving now is superseded.`,
        )}
        okText={t('发布', 'Publish')}
        cancelText={t('取消', 'Cancel')}
        onConfirm={async () => {
          if (await publish.run()) {
            message.success(t('已发布为服务版本', 'Now serving'))
            await onDone()
          }
        }}
      >
        <Button size={size} type="primary" icon={<CheckCircleOutlined />} loading={publish.running} data-testid={`version-publish-${version.id}`}>
          {t('接受并发布', 'Accept and publish')}
        </Button>
      </Popconfirm>
      <ServerError error={publish.error} style={{ marginTop: 8 }} />
    </>
  )
}
