import { CheckCircleTwoTone, CloseCircleTwoTone, KeyOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, Card, Checkbox, Col, Collapse, Descriptions, Empty, Form, Input, Progress, Row, Space, Spin, Table, Tag, Typography } from 'antd'
import { post } from '../../api.ts'
import { useMe } from '../../auth.tsx'
import { formatTime } from '../../components/format.tsx'
import { useGet } from '../../components/hooks.ts'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { ActionButton } from './ActionModal.tsx'
import { ClauseFields, clausesFromForm } from './ClauseFields.tsx'
import { CLAUSES, OPERATOR_AUTHORIZATION_STATUS, QUALIFICATIONS, Status, useWords } from './labels.tsx'
import { PageTitle } from './PageTitle.tsx'
import { chinaToday, PATTERNS, useCatalog, usePolicyParams } from './shared.tsx'
import { OPERATOR_QUALIFICATIONS, type OperatorAuthorization, type OperatorQualification } from './types.ts'

interface DesignationForm {
  operatorOrgId: string
  qualifications: Record<OperatorQualification, { met: boolean; evidence: string }>
  lastSecurityIncidentOn?: string
  agreementReference: string
  clauses: Record<string, string | undefined>
  termStart: string
  termEnd: string
}

/**
 * 运营主体授权 (art. 11, 12): the office designates the city's primary operator, recording each
 * condition of art. 12 with its evidence; the data bureau grants it the resources it may operate.
 * Public information (art. 29).
 */
export default function OperatorAuthorizationsPage() {
  const t = useT()
  const me = useMe()
  const list = useGet<{ authorizations: OperatorAuthorization[] }>('/api/v1/operator-authorizations')
  const kind = me.organization.kind
  const authorizations = [...(list.data?.authorizations ?? [])].reverse()
  const current = authorizations.find((a) => a.status !== 'ended')

  return (
    <>
      <PageTitle
        title={t('运营主体授权', 'Primary operator authorization')}
        basis={t('《办法》第十一、十二条：协调机制办公室确定一级开发运营主体，市数政局实施授权', 'Art. 11, 12: the office designates the primary operator; the data bureau grants it resources')}
        extra={
          kind === 'office' ? (
            <ActionButton<DesignationForm, OperatorAuthorization>
              drawer
              label={t('确定一级开发运营主体', 'Designate the operator')}
              icon={<SafetyCertificateOutlined />}
              buttonType="primary"
              title={t('确定一级开发运营主体', 'Designate the primary operator')}
              consequence={
                <>
                  {t(
                    '逐项记录第十二条五项条件的审查结论和依据；全市同一时间只有一个一级开发运营主体，现有授权终止前不能再确定。',
                    'Record each art. 12 condition with its evidence. One primary operator per city: a new one only after the current authorization ends.',
                  )}
                  {current ? (
                    <div style={{ marginTop: 4 }}>
                      <strong>{t(`当前：${current.operatorName}，授权至 ${current.term.end}。`, `Now: ${current.operatorName}, until ${current.term.end}.`)}</strong>
                    </div>
                  ) : null}
                </>
              }
              okText={t('确定', 'Designate')}
              testId="designation-form"
              initialValues={{
                operatorOrgId: current?.operatorOrgId ?? '',
                qualifications: Object.fromEntries(OPERATOR_QUALIFICATIONS.map((q) => [q, { met: false, evidence: '' }])) as DesignationForm['qualifications'],
                clauses: {},
                termStart: chinaToday(),
              }}
              onSubmit={(values) =>
                post<OperatorAuthorization>('/api/v1/operator-authorizations', {
                  operatorOrgId: values.operatorOrgId,
                  qualifications: values.qualifications,
                  lastSecurityIncidentOn: values.lastSecurityIncidentOn || null,
                  agreementReference: values.agreementReference,
                  clauses: clausesFromForm(values.clauses),
                  termStart: values.termStart,
                  termEnd: values.termEnd,
                })
              }
              onDone={() => void list.reload()}
            >
              <DesignationFields />
            </ActionButton>
          ) : null
        }
      />
      <ServerError error={list.error} />
      {list.loading && !list.data ? <Spin style={{ display: 'block', margin: 48 }} /> : null}
      {list.data && authorizations.length === 0 ? <Empty description={t('尚未确定一级开发运营主体', 'No primary operator designated yet')} /> : null}
      <Space direction="vertical" style={{ width: '100%' }} size="large">
        {authorizations.map((a) => (
          <AuthorizationCard key={a.id} authorization={a} canGrant={kind === 'bureau' && a.status !== 'ended'} onChanged={() => void list.reload()} />
        ))}
      </Space>
    </>
  )
}

function termProgress(term: { start: string; end: string }): number {
  const start = Date.parse(`${term.start}T00:00:00+08:00`)
  const end = Date.parse(`${term.end}T23:59:59+08:00`)
  return Math.max(0, Math.min(100, Math.round(((Date.now() - start) / (end - start)) * 100)))
}

function AuthorizationCard({ authorization: a, canGrant, onChanged }: { authorization: OperatorAuthorization; canGrant: boolean; onChanged(): void }) {
  const t = useT()
  const words = useWords()
  const { byCode } = useCatalog()
  return (
    <Card
      data-testid="operator-authorization"
      title={
        <Space>
          {a.operatorName}
          <Status table={OPERATOR_AUTHORIZATION_STATUS} status={a.status} />
        </Space>
      }
      extra={
        canGrant ? (
          <ActionButton<{ resources: string[] }, OperatorAuthorization>
            label={a.scope.length ? t('调整授权资源', 'Change granted resources') : t('授予数据资源', 'Grant resources')}
            icon={<KeyOutlined />}
            buttonType="primary"
            title={t('向一级开发运营主体授予公共数据资源', 'Grant public data resources to the operator')}
            consequence={t(
              '授予后授权生效。再次授予将替换现有范围：移除的资源不能再纳入新协议，已生效协议在下次检查时会被拒绝。',
              'The authorization becomes active. Granting again replaces the scope: a removed resource can enter no new agreement, and agreements using it fail their next check.',
            )}
            okText={t('授予', 'Grant')}
            testId="grant-form"
            width={720}
            initialValues={{ resources: [...a.scope] }}
            onSubmit={(values) => post<OperatorAuthorization>(`/api/v1/operator-authorizations/${a.id}/grant`, values)}
            onDone={onChanged}
          >
            <GrantFields />
          </ActionButton>
        ) : null
      }
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={12}>
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 140, whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('授权协议', 'Agreement')}>{a.agreementReference}</Descriptions.Item>
            <Descriptions.Item label={t('授权期限', 'Term')}>
              {a.term.start} ~ {a.term.end}
              <Progress percent={termProgress(a.term)} size="small" format={(p) => t(`已过 ${p}%`, `${p}% elapsed`)} />
            </Descriptions.Item>
            <Descriptions.Item label={t('确定时间', 'Designated')}>{formatTime(a.designatedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('授予时间', 'Granted')}>{formatTime(a.grantedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('最近安全事件', 'Last security incident')}>{a.lastSecurityIncidentOn ?? t('无', 'None')}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('第十二条条件', 'Art. 12 conditions')}
          </Typography.Title>
          {OPERATOR_QUALIFICATIONS.map((q) => (
            <div key={q} style={{ marginBottom: 8 }}>
              {a.qualifications[q]?.met ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}{' '}
              <Typography.Text strong>{words(QUALIFICATIONS, q)}</Typography.Text>
              <div>
                <Typography.Text type="secondary">{a.qualifications[q]?.evidence}</Typography.Text>
              </div>
            </div>
          ))}
        </Col>
        <Col xs={24} xl={12}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t(`授予的数据资源（${a.scope.length}）`, `Granted resources (${a.scope.length})`)}
          </Typography.Title>
          {a.status === 'designated' ? <Alert type="info" showIcon message={t('待市数政局授予数据资源', 'Awaiting the data bureau’s grant')} style={{ marginBottom: 8 }} /> : null}
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            data-testid="operator-scope-table"
            dataSource={a.scope.map((code) => ({ code, resource: byCode.get(code) }))}
            columns={[
              { title: t('资源代码', 'Code'), dataIndex: 'code' },
              { title: t('名称', 'Name'), render: (_, r) => r.resource?.name ?? '—' },
              { title: t('分级', 'Grade'), render: (_, r) => (r.resource ? <Tag>{r.resource.gradeLabel}</Tag> : '—') },
            ]}
          />
          <Collapse
            style={{ marginTop: 16 }}
            size="small"
            items={[
              {
                key: 'clauses',
                label: t('协议条款', 'Clauses'),
                children: Object.entries(a.clauses).map(([name, text]) => (
                  <div key={name} style={{ marginBottom: 8 }}>
                    <Typography.Text strong>{words(CLAUSES, name)}</Typography.Text>
                    <div>{text}</div>
                  </div>
                )),
              },
            ]}
          />
        </Col>
      </Row>
    </Card>
  )
}

function GrantFields() {
  const t = useT()
  const { resources, loading } = useCatalog()
  return (
    <Form.Item
      name="resources"
      label={t('数据资源（目录中可授权的）', 'Resources (authorizable in the catalog)')}
      rules={[{ required: true, type: 'array', min: 1, message: t('至少一个资源', 'At least one resource') }, { type: 'array', max: 500 }]}
    >
      <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }} disabled={loading}>
        {resources.map((r) => (
          <Checkbox key={r.code} value={r.code} disabled={!r.authorizable}>
            {r.code} {r.name} <Tag>{r.gradeLabel}</Tag>
            {!r.authorizable ? <Typography.Text type="secondary">{t('不可授权', 'not authorizable')}</Typography.Text> : null}
          </Checkbox>
        ))}
      </Checkbox.Group>
    </Form.Item>
  )
}

function DesignationFields() {
  const t = useT()
  const words = useWords()
  const policy = usePolicyParams()
  const qualifications = Form.useWatch<DesignationForm['qualifications'] | undefined>('qualifications')
  const unmet = OPERATOR_QUALIFICATIONS.filter((q) => qualifications && !qualifications[q]?.met)
  return (
    <>
      <Space wrap align="start">
        <Form.Item name="operatorOrgId" label={t('一级开发运营主体（组织标识）', 'Operator (organization id)')} rules={[{ required: true, whitespace: true }, { max: 64 }]}>
          <Input style={{ width: 240 }} placeholder="org-operator" />
        </Form.Item>
        <Form.Item name="agreementReference" label={t('授权协议文号', 'Agreement reference')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
          <Input style={{ width: 360 }} placeholder={t('如：张数授〔2026〕1号', 'e.g. ZSS [2026] No. 1')} />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        <Form.Item name="termStart" label={t('授权起始日', 'Term starts')} rules={[{ required: true }, { pattern: PATTERNS.day }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="termEnd"
          label={t('授权截止日', 'Term ends')}
          dependencies={['termStart']}
          rules={[
            { required: true },
            { pattern: PATTERNS.day },
            ({ getFieldValue }) => ({
              validator: async (_, v: string | undefined) => {
                if (v && v < (getFieldValue('termStart') as string)) throw new Error(t('截止日不能早于起始日', 'Ends before it starts'))
              },
            }),
          ]}
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="lastSecurityIncidentOn"
          label={t('最近一次网络或数据安全事件日期（无则留空）', 'Last security incident (blank if none)')}
          rules={[{ pattern: PATTERNS.day }]}
          extra={t(`第十二条（四）：近 ${policy?.operatorCleanRecordYears ?? 3} 年内不得发生`, `Art. 12(4): none in the last ${policy?.operatorCleanRecordYears ?? 3} years`)}
        >
          <Input type="date" />
        </Form.Item>
      </Space>
      <Typography.Title level={5}>{t('第十二条条件的审查结论和依据', 'Art. 12 conditions: finding and evidence')}</Typography.Title>
      {OPERATOR_QUALIFICATIONS.map((q) => (
        <Card key={q} size="small" style={{ marginBottom: 8 }}>
          <Form.Item name={['qualifications', q, 'met']} valuePropName="checked" style={{ marginBottom: 4 }}>
            <Checkbox>{words(QUALIFICATIONS, q)}</Checkbox>
          </Form.Item>
          <Form.Item name={['qualifications', q, 'evidence']} messageVariables={{ label: t('审查依据', 'Evidence') }} rules={[{ required: true, whitespace: true, message: t('写明审查依据', 'State the evidence') }, { max: 4000 }]} style={{ marginBottom: 0 }}>
            <Input.TextArea rows={2} placeholder={t('审查依据（证明材料、查询结果）', 'Evidence (documents, checks)')} />
          </Form.Item>
        </Card>
      ))}
      {unmet.length ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t(`还有 ${unmet.length} 项条件未满足：第十二条要求全部满足`, `${unmet.length} conditions not met: art. 12 requires all five`)} />
      ) : null}
      <Typography.Title level={5}>{t('协议条款（第十六条）', 'Clauses (art. 16)')}</Typography.Title>
      <ClauseFields required={false} />
      <div style={{ height: 16 }} />
    </>
  )
}
