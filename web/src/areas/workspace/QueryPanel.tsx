import { CaretRightOutlined, ExperimentOutlined, HistoryOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Empty, Form, Input, List, Row, Segmented, Space, Tag, Tooltip, Typography } from 'antd'
import type { TextAreaRef } from 'antd/es/input/TextArea'
import { useEffect, useRef, useState } from 'react'
import { api, ApiError, CANCELLED } from '../../api.ts'
import { formatTime } from '../../components/format.tsx'
import { ServerError } from '../../components/ServerError.tsx'
import { useT } from '../../i18n.tsx'
import { BudgetPanel, type BudgetCharge } from './BudgetPanel.tsx'
import { estimateEpsilon, refusalHint } from './explain.ts'
import { examplesFor } from './examples.ts'
import { ResultView } from './ResultView.tsx'
import { ScopeTree, useMasks } from './SchemaPanel.tsx'
import type { Budget, QueryAnswer, QueryMode, Workspace } from './types.ts'

const SQL_MAX = 20_000
const MONOSPACE = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace'

/** One query of this page's session, kept to be looked at again or re-run. */
interface HistoryEntry {
  readonly id: number
  readonly sql: string
  readonly mode: QueryMode
  readonly at: string
  readonly outcome: 'answered' | 'refused' | 'cancelled'
  readonly answer?: QueryAnswer
  readonly message?: string
}

interface FormValues {
  sql: string
  mode: QueryMode
}

/**
 * The SQL workbench of a workspace (可用不可见): the editor with the granted schema beside it,
 * the sandbox/real switch, the answer with its checks explained or the refusal with its rule,
 * the privacy budget, examples, and this session's history.
 */
export function QueryPanel({ workspace, onChanged, onDeclareDataset }: { workspace: Workspace; onChanged: () => void; onDeclareDataset?: (runId: string) => void }) {
  const t = useT()
  const examples = examplesFor(workspace.scope.map((table) => table.table))
  const [form] = Form.useForm<FormValues>()
  const editor = useRef<TextAreaRef>(null)
  const { masks } = useMasks(workspace.id)
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [current, setCurrent] = useState<HistoryEntry | null>(null)
  const [history, setHistory] = useState<HistoryEntry[]>([])
  const [budget, setBudget] = useState<Budget | null>(workspace.budget)
  const [charges, setCharges] = useState<BudgetCharge[]>([])
  const nextId = useRef(1)
  const cancelRun = useRef<(() => void) | null>(null)
  const mode = Form.useWatch('mode', form) ?? 'sandbox'
  const sql = Form.useWatch('sql', form) ?? ''
  const dp = workspace.rules.differentialPrivacy
  const usable = workspace.status === 'open'

  useEffect(() => setBudget(workspace.budget), [workspace.budget])

  async function run(values: FormValues) {
    setRunning(true)
    setError(null)
    const at = new Date().toISOString()
    const id = nextId.current++
    const controller = new AbortController()
    cancelRun.current = () => controller.abort()
    try {
      const answer = await api<QueryAnswer>('POST', `/api/v1/workspaces/${workspace.id}/queries`, { body: { sql: values.sql, mode: values.mode }, signal: controller.signal })
      const entry: HistoryEntry = { id, sql: values.sql, mode: values.mode, at, outcome: 'answered', answer }
      setCurrent(entry)
      setHistory((list) => [entry, ...list])
      if (answer.budget) {
        const { charged, ...left } = answer.budget
        setBudget(left)
        setCharges((list) => [...list, { runId: answer.runId, charged, remaining: left.remaining }])
        onChanged()
      }
    } catch (caught) {
      setCurrent(null)
      // Closing the request stops the run on the server, which records it as cancelled.
      if (caught instanceof ApiError && caught.body.code === CANCELLED) {
        setHistory((list) => [{ id, sql: values.sql, mode: values.mode, at, outcome: 'cancelled' }, ...list])
        return
      }
      setError(caught)
      const message = caught instanceof ApiError ? caught.body.message : String(caught)
      setHistory((list) => [{ id, sql: values.sql, mode: values.mode, at, outcome: 'refused', message }, ...list])
    } finally {
      cancelRun.current = null
      setRunning(false)
    }
  }

  const submit = () => void form.validateFields().then(run, () => undefined)

  /** Puts text at the caret (a table or column clicked in the schema). */
  function insert(text: string) {
    const area = editor.current?.resizableTextArea?.textArea
    const value: string = form.getFieldValue('sql') ?? ''
    const start = area?.selectionStart ?? value.length
    const end = area?.selectionEnd ?? value.length
    const next = value.slice(0, start) + text + value.slice(end)
    form.setFieldValue('sql', next)
    requestAnimationFrame(() => {
      area?.focus()
      area?.setSelectionRange(start + text.length, start + text.length)
    })
  }

  function load(entry: { sql: string; mode?: QueryMode }) {
    form.setFieldsValue({ sql: entry.sql, ...(entry.mode ? { mode: entry.mode } : {}) })
    setError(null)
  }

  const estimate = dp && mode === 'real' ? estimateEpsilon(sql, dp.epsilonPerAggregate) : null
  const hint = error instanceof ApiError ? refusalHint(error.body, t) : null

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card
          size="small"
          title={
            <Space>
              <span>SQL</span>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
                {t('Ctrl/⌘ + Enter 运行', 'Ctrl/⌘ + Enter runs')}
              </Typography.Text>
            </Space>
          }
        >
          {!usable ? (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('工作空间当前不可用', 'The workspace cannot be used now')} description={workspace.statusReason ?? undefined} />
          ) : null}
          {workspace.rules.analysis === 'template' ? (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('本工作空间只运行已批准的查询模板：真实模式请到“查询模板”页运行；沙箱仍可调试 SQL。', 'This workspace runs approved templates only: use the Templates tab for real runs; the sandbox still helps write SQL.')} />
          ) : null}
          <Form<FormValues> form={form} layout="vertical" initialValues={{ sql: examples[0]?.sql ?? '', mode: 'sandbox' }} onFinish={run} disabled={!usable}>
            <Form.Item name="mode" style={{ marginBottom: 8 }}>
              <Segmented
                data-testid="mode-switch"
                options={[
                  {
                    value: 'sandbox',
                    label: (
                      <span data-testid="mode-sandbox">
                        <ExperimentOutlined /> {t('沙箱（合成数据）', 'Sandbox (synthetic)')}
                      </span>
                    ),
                  },
                  {
                    value: 'real',
                    label: (
                      <span data-testid="mode-real">
                        <SafetyCertificateOutlined /> {t('真实（经闸门检查）', 'Real (through the gate)')}
                      </span>
                    ),
                  },
                ]}
              />
            </Form.Item>
            <Alert
              data-testid="mode-explained"
              type={mode === 'sandbox' ? 'warning' : 'info'}
              showIcon
              style={{ marginBottom: 8 }}
              message={
                mode === 'sandbox'
                  ? t('沙箱：在从未装载真实数据的封闭实例中，按真实数据的边际分布生成合成数据运行。只检查语法和授权范围，不做查询规则和输出检查，不消耗隐私预算；结果不可作为依据。', 'Sandbox: runs on synthetic rows drawn from the real data’s marginals, in a sealed instance that never held a real row. Only syntax and scope are checked: no query rules, no output checks, no privacy budget; nothing to rely on.')
                  : dp
                    ? t('真实：经过闸门（解析 → 授权范围 → 查询规则 → 改写），在封闭引擎中运行，每个聚合加差分隐私噪声并从隐私预算中扣减，全程记录审计。', 'Real: through the gate (parse → scope → query rules → rewrite), run in the sealed engine; every aggregate gets differential-privacy noise charged to the budget; everything is audited.')
                    : t('真实：经过闸门（解析 → 授权范围 → 查询规则 → 改写），在封闭引擎中运行，再做输出检查（最少实体数、阈值、NK 支配、p 比例），不合格的行被扣留、单元格被抑制，全程记录审计。', 'Real: through the gate (parse → scope → query rules → rewrite), run in the sealed engine, then the output checks (minimum entities, threshold, NK dominance, p-ratio): failing rows are withheld and cells suppressed; everything is audited.')
              }
            />
            <Form.Item
              name="sql"
              style={{ marginBottom: 8 }}
              rules={[
                { required: true, whitespace: true, message: t('请输入一条 SELECT 语句', 'Enter a SELECT statement') },
                { max: SQL_MAX, message: t(`SQL 最长 ${SQL_MAX} 个字符`, `At most ${SQL_MAX} characters`) },
              ]}
            >
              <Input.TextArea
                ref={editor}
                data-testid="sql-editor"
                spellCheck={false}
                autoSize={{ minRows: 8, maxRows: 24 }}
                style={{ fontFamily: MONOSPACE, fontSize: 13 }}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                    event.preventDefault()
                    if (!running) submit()
                  }
                }}
              />
            </Form.Item>
            <Space wrap>
              <Button type="primary" icon={<CaretRightOutlined />} loading={running} onClick={submit} data-testid="run-query">
                {mode === 'sandbox' ? t('在沙箱运行', 'Run in the sandbox') : t('真实运行', 'Run for real')}
              </Button>
              {running ? (
                <Button icon={<StopOutlined />} onClick={() => cancelRun.current?.()} data-testid="cancel-query">
                  {t('取消', 'Cancel')}
                </Button>
              ) : null}
              <Button onClick={() => form.setFieldValue('sql', '')}>{t('清空', 'Clear')}</Button>
              {estimate !== null && budget ? (
                <Typography.Text type={estimate > budget.remaining ? 'danger' : 'secondary'} data-testid="epsilon-estimate">
                  {t(`预计花费约 ε ${estimate}（剩余 ε ${Math.round(budget.remaining * 1000) / 1000}）`, `Estimated cost about ε ${estimate} (ε ${Math.round(budget.remaining * 1000) / 1000} left)`)}
                </Typography.Text>
              ) : null}
            </Space>
          </Form>
        </Card>

        <Card size="small" title={t('结果', 'Result')} style={{ marginTop: 16 }}>
          {error ? (
            <div data-testid="query-refusal">
              <ServerError error={error} />
              {hint ? <Alert type="info" showIcon message={t('怎么改', 'What to change')} description={hint} data-testid="refusal-hint" /> : null}
            </div>
          ) : current?.answer ? (
            <ResultView
              answer={current.answer}
              rules={workspace.rules}
              extra={
                onDeclareDataset && !current.answer.sandbox && current.answer.rows.length > 0 ? (
                  <Button size="small" onClick={() => onDeclareDataset(current.answer!.runId)} data-testid="declare-dataset">
                    {t('以此结果声明数据集产品', 'Declare a dataset product from this answer')}
                  </Button>
                ) : null
              }
            />
          ) : (
            <Empty description={running ? t('运行中…', 'Running…') : t('运行一条查询，结果和检查说明显示在这里', 'Run a query: its answer and checks appear here')} />
          )}
        </Card>
      </Col>

      <Col xs={24} xl={8}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {dp && budget ? (
            <Card size="small" title={t('隐私预算（差分隐私）', 'Privacy budget (differential privacy)')}>
              <BudgetPanel budget={budget} rules={dp} charges={charges} />
            </Card>
          ) : null}
          <Card size="small" title={t('授权范围', 'Granted scope')}>
            <ScopeTree workspace={workspace} masks={masks} onInsert={usable ? insert : undefined} />
          </Card>
          <Card size="small" title={t('示例查询', 'Example queries')}>
            <List
              size="small"
              dataSource={[...examples]}
              rowKey={(e) => e.en}
              data-testid="examples"
              renderItem={(example) => (
                <List.Item actions={[<Button key="use" size="small" type="link" onClick={() => load({ sql: example.sql })} disabled={!usable}>{t('使用', 'Use')}</Button>]}>
                  <List.Item.Meta title={t(example.zh, example.en)} description={<span style={{ fontSize: 12 }}>{t(example.noteZh, example.noteEn)}</span>} />
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={<Space><HistoryOutlined />{t('本次会话的查询', 'Queries this session')}</Space>}>
            {history.length === 0 ? (
              <Typography.Text type="secondary">{t('尚未运行查询。', 'No query run yet.')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={history}
                rowKey="id"
                data-testid="query-history"
                renderItem={(entry) => (
                  <List.Item
                    actions={[
                      <Button key="load" size="small" type="link" onClick={() => { load(entry); if (entry.answer) setCurrent(entry) }}>{t('查看', 'Open')}</Button>,
                      <Button key="rerun" size="small" type="link" disabled={!usable || running} data-testid="history-rerun" onClick={() => { load(entry); void run({ sql: entry.sql, mode: entry.mode }) }}>{t('重跑', 'Re-run')}</Button>,
                    ]}
                  >
                    <div style={{ minWidth: 0 }}>
                      <Space size={4} wrap>
                        <Tag color={entry.mode === 'sandbox' ? 'gold' : 'blue'}>{entry.mode === 'sandbox' ? t('沙箱', 'sandbox') : t('真实', 'real')}</Tag>
                        {entry.outcome === 'refused' ? <Tag color="red">{t('被拒绝', 'refused')}</Tag> : entry.outcome === 'cancelled' ? <Tag data-testid="history-cancelled">{t('已取消', 'cancelled')}</Tag> : <Tag color="green">{t(`${entry.answer!.summary.rowsReleased} 行`, `${entry.answer!.summary.rowsReleased} rows`)}</Tag>}
                        {entry.answer?.summary.cellsSuppressed ? <Tag color="red">{t(`抑制 ${entry.answer.summary.cellsSuppressed}`, `${entry.answer.summary.cellsSuppressed} suppressed`)}</Tag> : null}
                        {entry.answer?.budget ? <Tag color="purple">ε {entry.answer.budget.charged}</Tag> : null}
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(entry.at)}</Typography.Text>
                      </Space>
                      <Tooltip title={<pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{entry.sql}</pre>}>
                        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ fontFamily: MONOSPACE, fontSize: 12, margin: '4px 0 0' }}>
                          {entry.sql}
                        </Typography.Paragraph>
                      </Tooltip>
                      {entry.message ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{entry.message}</Typography.Text> : null}
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Space>
      </Col>
    </Row>
  )
}
