import { Empty, Select, Space, Spin, Typography } from 'antd'
import type { ReactNode } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { useMe } from '../../auth.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { isDeveloper, WorkspaceStatusTag } from './common.tsx'
import type { Workspace } from './types.ts'

/**
 * A menu page about one workspace's records (models, products, imports): the workspace is chosen
 * above (`?workspace=`, the first one by default), so a developer with one workspace never has to.
 */
export function WorkspaceScoped({ title, tab, children }: { title: string; tab: string; children: (workspace: Workspace, readOnly: boolean) => ReactNode }) {
  const t = useT()
  const me = useMe()
  const [search, setSearch] = useSearchParams()
  const list = useGet<{ workspaces: Workspace[] }>('/api/v1/workspaces')
  const workspaces = list.data?.workspaces ?? []
  const chosen = workspaces.find((w) => w.id === search.get('workspace')) ?? workspaces[0]

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {workspaces.length > 0 ? (
          <Select
            style={{ minWidth: 280 }}
            value={chosen?.id}
            data-testid="workspace-picker"
            onChange={(id: string) => setSearch({ workspace: id }, { replace: true })}
            options={workspaces.map((w) => ({ value: w.id, label: `${w.name}（${w.id}）` }))}
          />
        ) : null}
        {chosen ? <WorkspaceStatusTag status={chosen.status} /> : null}
        {chosen ? <Link to={`/workspace/${chosen.id}?tab=${tab}`}>{t('在工作空间中打开', 'Open in the workspace')}</Link> : null}
      </Space>
      <ServerError error={list.error} />
      {list.loading && !list.data ? <Spin /> : chosen ? children(chosen, !isDeveloper(me)) : <Empty description={t('还没有工作空间：授权协议生效后由平台开通。', 'No workspace yet: one opens when an agreement takes effect.')} />}
    </Space>
  )
}
