import { Alert, Typography } from 'antd'
import { ApiError } from '../api.ts'
import { useT } from '../i18n.tsx'

/**
 * A refusal shown where it happened: what was wrong, and the rule and article it breaks, with the
 * article's text on hover. Forms put it right above their buttons.
 */
export function ServerError({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const t = useT()
  if (!error) return null
  const body = error instanceof ApiError ? error.body : { code: 'error', message: error instanceof Error ? error.message : String(error) }
  const status = error instanceof ApiError ? error.status : 0
  return (
    <Alert
      type={status >= 500 || status === 0 ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 12, ...style }}
      data-testid="server-error"
      message={body.message}
      description={
        body.article || body.issues?.length ? (
          <div>
            {body.article ? (
              <div>
                <Typography.Text strong>{t('依据', 'Rule')}：</Typography.Text>
                <Typography.Text code>{body.rule}</Typography.Text>{' '}
                <Typography.Text title={'ruleText' in body ? body.ruleText : undefined}>{body.article}</Typography.Text>
              </div>
            ) : null}
            {'ruleText' in body && body.ruleText ? (
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} ellipsis={{ rows: 2, expandable: true }}>
                {body.ruleText}
              </Typography.Paragraph>
            ) : null}
            {body.issues?.map((issue) => (
              <div key={issue.path}>
                <Typography.Text code>{issue.path || '(body)'}</Typography.Text> {issue.message}
              </div>
            ))}
          </div>
        ) : undefined
      }
    />
  )
}
