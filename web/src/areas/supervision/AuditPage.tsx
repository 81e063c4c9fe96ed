import { Tabs, Typography } from 'antd'
import { useSearchParams } from 'react-router-dom'
import { useT } from '../../i18n.tsx'
import { AuditIntegrity } from './AuditIntegrity.tsx'
import { AuditSearch } from './AuditSearch.tsx'

/**
 * 审计日志 (全程记录, art. 19, 30): search and export the append-only log, and check that nobody
 * rewrote it, by re-walking its SM3 hash chain and its signed checkpoints.
 */
export default function AuditPage() {
  const t = useT()
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') === 'integrity' ? 'integrity' : 'search'
  return (
    <div data-testid="audit-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('审计日志', 'Audit log')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(
          '平台每次变更与数据访问都在同一事务中写入审计日志：只追加、SM3 哈希链、SM2 签名检查点（第十九、三十条）。每次检索和导出本身也会记录在案。',
          'Every change and every data access appends an entry in the same transaction: append-only, SM3 hash chain, SM2-signed checkpoints (art. 19, 30). Each search and export is itself recorded.',
        )}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const next = new URLSearchParams(params)
          if (key === 'integrity') next.set('tab', 'integrity')
          else next.delete('tab')
          setParams(next, { replace: true })
        }}
        items={[
          { key: 'search', label: t('检索与导出', 'Search and export'), children: <AuditSearch /> },
          { key: 'integrity', label: t('链完整性与检查点', 'Chain and checkpoints'), children: <AuditIntegrity /> },
        ]}
      />
    </div>
  )
}
