import { Tooltip, Typography } from 'antd'
import { useCallback } from 'react'
import { useLang, useT } from '../../i18n.tsx'
import { INCIDENT_SEVERITY_LABELS } from './labels.ts'
import type { OrgNamer } from './orgs.tsx'
import type { Agreement, Flag } from './types.ts'

/** A flag's subject `kind:id` → [kind, id]. */
export function splitSubject(subject: string): [string, string] {
  const i = subject.indexOf(':')
  return i < 0 ? ['', subject] : [subject.slice(0, i), subject.slice(i + 1)]
}

/**
 * A flag's detail in the console's language. The server words details in English with their
 * numbers (flags.ts); each kind's sentence is matched and said again in Chinese, and anything
 * not matched is shown as the server said it.
 */
export function useFlagDetail(orgName: OrgNamer): (flag: Flag) => string {
  const { lang } = useLang()
  return useCallback(
    (flag: Flag) => {
      if (lang !== 'zh') return flag.detail
      const d = flag.detail
      let m: RegExpExecArray | null
      switch (flag.kind) {
        case 'output-check-failures':
          if ((m = /^(\d+) answers in 7 days/.exec(d))) return `7 日内有 ${m[1]} 次查询结果被输出检查扣留行或抑制单元格`
          break
        case 'privacy-budget':
          if ((m = /^(\d+)% of the privacy budget ε ([\d.]+)/.exec(d))) return `隐私预算 ε=${m[2]} 已消耗 ${m[1]}%`
          break
        case 'refused-query-burst':
          if ((m = /^(\d+) queries refused/.exec(d))) return `近 1 小时安全网关拒绝查询 ${m[1]} 次，可能有人在探测网关`
          break
        case 'expiring-agreement':
          if ((m = /the authorization of (\S+) ends on (\S+)/.exec(d))) return `工作区 ${m[1]} 的授权将于 ${m[2]} 到期`
          break
        case 'overdue-rectification':
          if ((m = /the rectification of (\S+) was due on (\S+)/.exec(d))) return `工作区 ${m[1]} 的整改期限 ${m[2]} 已过，仍未验收（第三十四条）`
          break
        case 'gateway-refusals':
          if ((m = /^(\d+) gateway calls refused/.exec(d))) return `近 1 小时接口拒绝调用 ${m[1]} 次（密钥错误、缺少授权同意或超出配额）`
          break
        case 'overdue-incident':
          if ((m = /^a (\S+) incident reported by (\S+) to the (\S+) was due to close by (\S+)/.exec(d))) {
            const severity = INCIDENT_SEVERITY_LABELS[m[1] as keyof typeof INCIDENT_SEVERITY_LABELS]?.[0] ?? m[1]
            return `${orgName(m[2])}报告的${severity}安全事件应于 ${m[4]!.slice(0, 16).replace('T', ' ')} 前结案`
          }
          break
        case 'no-emergency-plan':
          return '尚无应急预案在案'
      }
      return d
    },
    [lang, orgName],
  )
}

/** What a flag is about, named: a workspace, an agreement (by its workspace), an organization, an incident. */
export function FlagSubject({ subject, orgName, agreementOf }: { subject: string; orgName: OrgNamer; agreementOf?(id: string): Agreement | undefined }) {
  const t = useT()
  const [type, id] = splitSubject(subject)
  switch (type) {
    case 'workspace':
      return (
        <span>
          {t('工作区', 'Workspace')} <Typography.Text code>{id}</Typography.Text>
        </span>
      )
    case 'agreement': {
      const a = agreementOf?.(id)
      return (
        <Tooltip title={id}>
          {t('协议', 'Agreement')} <Typography.Text code>{a ? a.workspace.id : id}</Typography.Text>
          {a ? <div style={{ fontSize: 12, color: '#888' }}>{orgName(a.developerOrgId)}</div> : null}
        </Tooltip>
      )
    }
    case 'organization':
    case 'consumer':
      return <Tooltip title={id}>{id === 'unknown key' ? t('未知密钥', 'Unknown key') : orgName(id)}</Tooltip>
    case 'incident':
      return (
        <span>
          {t('安全事件', 'Incident')} <Typography.Text code>{id}</Typography.Text>
        </span>
      )
    default:
      return <span>{subject}</span>
  }
}
