import { Card, Progress, Space, Table, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { Status, WORKSPACE_STATUS } from './labels.tsx'
import { PageTitle } from './PageTitle.tsx'
import { useWorkspaceQueues } from './queues.ts'
import { NoWrap, OrgName, useOrgNames } from './shared.tsx'
import type { Workspace } from './types.ts'

/**
 * 工作空间管理: every workspace of the domain as the operator, the office and regulators oversee
 * it: scope, status, term, privacy budget, and what waits for a decision in it.
 */
export default function WorkspacesPage() {
  const t = useT()
  const orgName = useOrgNames()
  const workspaces = useGet<{ workspaces: Workspace[] }>('/api/v1/workspaces')
  const queues = useWorkspaceQueues(workspaces.data?.workspaces)

  return (
    <>
      <PageTitle
        title={t('工作空间管理', 'Workspaces')}
        basis={t('授权运营域：原始数据不出域，数据可用不可见（第十三条第（四）项、第十九条）', 'The domain: raw data never leaves, usable but not visible (art. 13(4), 19)')}
      />
      <Card>
        <ServerError error={workspaces.error} />
        <Table<Workspace>
          rowKey="id"
          data-testid="workspaces-table"
          locale={{ emptyText: t('暂无数据', 'No data') }}
          loading={workspaces.loading}
          dataSource={workspaces.data?.workspaces ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('工作区', 'Workspace'),
              dataIndex: 'id',
              render: (id: string, w) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/workspaces/${id}`}>{w.name}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {id}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('应用场景', 'Scenario'), dataIndex: 'scenarioCode', render: (code: string) => <Link to={`/scenarios/${code}`} style={{ whiteSpace: 'nowrap' }}>{code}</Link> },
            { title: t('二级开发运营主体', 'Developer'), dataIndex: 'developerOrgId', render: (o: string) => <OrgName id={o} name={orgName} /> },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Status table={WORKSPACE_STATUS} status={s} /> },
            {
              title: t('期限', 'Term'),
              render: (_, w) => (
                <NoWrap>
                  {w.term.start}
                  <br />~ {w.term.end}
                </NoWrap>
              ),
            },
            {
              title: t('范围', 'Scope'),
              render: (_, w) => <NoWrap>{t(`${w.scope.length} 表 · ${w.scope.reduce((n, s) => n + s.fields.length, 0)} 列`, `${w.scope.length} tables · ${w.scope.reduce((n, s) => n + s.fields.length, 0)} columns`)}</NoWrap>,
            },
            {
              title: t('隐私预算', 'Privacy budget'),
              render: (_, w) =>
                w.budget ? (
                  <Progress
                    percent={Math.round((w.budget.spent / w.budget.epsilon) * 100)}
                    size="small"
                    style={{ width: 140 }}
                    status={w.budget.remaining <= w.budget.epsilon * 0.1 ? 'exception' : 'normal'}
                    format={() => `ε ${w.budget!.spent}/${w.budget!.epsilon}`}
                  />
                ) : (
                  <Typography.Text type="secondary">{t('未启用', 'none')}</Typography.Text>
                ),
            },
            { title: <NoWrap>{t('成员', 'Members')}</NoWrap>, render: (_, w) => w.members.length },
            {
              title: <NoWrap>{t('待决定', 'Waiting')}</NoWrap>,
              render: (_, w) => {
                const templates = (queues.templates.get(w.id) ?? []).filter((x) => x.status === 'proposed').length
                const imports = (queues.imports.get(w.id) ?? []).filter((x) => x.status === 'submitted').length
                if (!templates && !imports) return <Typography.Text type="secondary">—</Typography.Text>
                return (
                  <Space direction="vertical" size={0}>
                    {templates ? (
                      <Link to={`/workspaces/${w.id}?tab=templates`}>
                        <NoWrap>{t(`模板 ${templates}`, `${templates} templates`)}</NoWrap>
                      </Link>
                    ) : null}
                    {imports ? (
                      <Link to={`/workspaces/${w.id}?tab=imports`}>
                        <NoWrap>{t(`导入 ${imports}`, `${imports} imports`)}</NoWrap>
                      </Link>
                    ) : null}
                  </Space>
                )
              },
            },
          ]}
        />
      </Card>
    </>
  )
}
