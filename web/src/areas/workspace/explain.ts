import type { ApiErrorBody } from '../../api.ts'
import type { QueryCheck, QueryRules } from './types.ts'

/**
 * The gate's checks and refusals in plain words. The server says what it did in English with its
 * numbers (output-checks.ts, release.ts); a developer on a deadline wants to know, in Chinese
 * first, which cells or rows went missing, why, and what to do about it. The numbers are read off
 * the server's own text, so the explanation never claims more than the server decided; when a
 * text is not recognised, the server's words are shown as they are.
 */

type T = (zh: string, en: string) => string

export interface Explained {
  /** The check's name for people. */
  readonly title: string
  /** What happened and why, in plain words. */
  readonly text: string
}

const num = (s: string | undefined): string => s ?? '?'

/** The name of a check, for headings and tags. */
export function checkTitle(check: string, t: T): string {
  switch (check) {
    case 'min-entities':
      return t('最少实体数', 'Minimum of entities')
    case 'cells':
      return t('单元格输出检查', 'Cell output checks')
    case 'threshold':
      return t('最小频数（阈值）', 'Threshold (low count)')
    case 'zeros':
      return t('零值单元格', 'Zero cell')
    case 'nk-dominance':
      return t('NK 支配规则', 'NK dominance')
    case 'p-ratio':
      return t('p 比例规则', 'p-ratio')
    case 'negative-values':
      return t('负值', 'Negative values')
    case 'max-rows':
      return t('行数上限', 'Row limit')
    case 'sandbox':
      return t('沙箱（合成数据）', 'Sandbox (synthetic data)')
    case 'differential-privacy':
      return t('差分隐私噪声', 'Differential privacy noise')
    case 'partition-selection':
      return t('分组选择（差分隐私）', 'Group selection (differential privacy)')
    default:
      return check
  }
}

/** One check in plain words. `cell` names the cell for cell-level checks (e.g. “第 3 行 capital”). */
export function explainCheck(check: QueryCheck, t: T): Explained {
  const d = check.detail
  const title = checkTitle(check.check, t)
  let m: RegExpExecArray | null
  switch (check.check) {
    case 'min-entities': {
      if ((m = /^(\d+) rows? withheld: each covered fewer than (\d+) distinct entities/.exec(d))) {
        return {
          title,
          text: t(
            `${m[1]} 行未发布（已扣留）：这些分组各自涉及的不同主体少于 ${m[2]} 个。一行只代表几家企业时，其数值几乎就是这几家的数据，所以整行不出域。合并分组（如去掉一个维度、按更粗的类别分组）可以让它们达到门槛。`,
            `${m[1]} rows withheld: each group covered fewer than ${m[2]} distinct entities. A row about a handful of enterprises is nearly their own data, so the whole row stays in the domain. Coarser groups (drop a dimension, group by a broader category) let them reach the minimum.`,
          ),
        }
      }
      if ((m = /every row covers at least (\d+) distinct entities/.exec(d))) {
        return { title, text: t(`每一行都覆盖了至少 ${m[1]} 个不同主体，没有行被扣留。`, `Every row covers at least ${m[1]} distinct entities: no row was withheld.`) }
      }
      if (/sets no minimum/.test(d)) return { title, text: t('本工作空间未设每行最少实体数。', 'This workspace sets no minimum of entities per row.') }
      break
    }
    case 'cells': {
      if ((m = /^(\d+) cells? suppressed/.exec(d))) {
        return { title, text: t(`${m[1]} 个单元格未通过输出检查，已被抑制（表中标为“已抑制”，原因见下）。该行其余数值照常发布。`, `${m[1]} cells failed the output checks and were suppressed (marked “suppressed” in the table; the reasons follow). The rest of each row is released.`) }
      }
      if (/passed/.test(d)) return { title, text: t('发布的每个单元格都通过了输出检查。', 'Every released cell passed the output checks.') }
      break
    }
    case 'threshold': {
      if ((m = /^(\d+) contributors?, fewer than the threshold of (\d+)/.exec(d))) {
        return { title, text: t(`只有 ${m[1]} 个贡献者，少于阈值 ${m[2]}：人数太少的数值可能指向具体对象，因此隐藏。`, `Only ${m[1]} contributors, fewer than the threshold of ${m[2]}: a figure about so few could point at someone, so it is hidden.`) }
      }
      break
    }
    case 'zeros':
      return { title, text: t('这个单元格为空（0 个贡献者）：空格本身就透露“没有任何人属于这个组合”，因此隐藏。', 'The cell is empty (no contributor): an empty cell itself tells that no one has this combination, so it is hidden.') }
    case 'nk-dominance': {
      if ((m = /the (\d+) largest contributions? makes? ([\d.]+)% of the total \(limit ([\d.]+)%\)/.exec(d))) {
        return {
          title,
          text: t(
            `最大的 ${m[1]} 个贡献者占合计的 ${m[2]}%（上限 ${m[3]}%）：这个合计几乎就是少数大户的数值，公开它等于公开大户的数据，因此隐藏。`,
            `The ${m[1]} largest contributors make ${m[2]}% of the total (limit ${m[3]}%): the total is almost their own figure, so releasing it would release theirs; it is hidden.`,
          ),
        }
      }
      if (/cannot be checked|not defined|no contribution evidence/.test(d)) {
        return { title, text: t('无法证明没有大户支配这个数值（缺少贡献证据或存在负值），按“无法证明安全即拒绝”隐藏。', 'It cannot be shown that no large contributor dominates this figure (missing evidence or negative values): what cannot be proven safe is hidden.') }
      }
      break
    }
    case 'p-ratio': {
      if ((m = /besides the 2 largest make ([\d.]+)% of the largest \(at least ([\d.]+)% required\)/.exec(d))) {
        return {
          title,
          text: t(
            `除最大的 2 个贡献者外，其余合计只有最大者的 ${m[1]}%（至少需要 ${m[2]}%）：第二大的贡献者用合计减去自己，就能把最大者的数值估得很准，因此隐藏。`,
            `Apart from the 2 largest, the rest add up to only ${m[1]}% of the largest (at least ${m[2]}% needed): the second largest could subtract its own value from the total and estimate the largest closely, so it is hidden.`,
          ),
        }
      }
      if (/cannot be checked|not defined/.test(d)) {
        return { title, text: t('无法计算 p 比例（缺少证据或存在负值），按“无法证明安全即拒绝”隐藏。', 'The p-ratio cannot be computed (missing evidence or negative values): what cannot be proven safe is hidden.') }
      }
      break
    }
    case 'negative-values': {
      if ((m = /^(\d+) contributions?/.exec(d))) {
        return { title, text: t(`有 ${m[1]} 个贡献为负数：有正有负时占比不再能限定任何个体的贡献，交由人工复核。`, `${m[1]} contributions are negative: with negative values, shares no longer bound anyone's contribution, so the cell needs review.`) }
      }
      break
    }
    case 'max-rows': {
      if ((m = /first (\d+) rows/.exec(d))) return { title, text: t(`结果超过工作空间的行数上限，只发布前 ${m[1]} 行。`, `The result exceeds the workspace's row limit: only the first ${m[1]} rows are released.`) }
      break
    }
    case 'sandbox':
      return { title, text: t('沙箱数据是按真实数据的边际分布合成的，不是真实记录：不经过查询规则和输出检查，不消耗隐私预算，结果不可作为依据。用它调通 SQL，再到“真实”模式运行。', 'Sandbox rows are synthetic, drawn from the real data’s marginals, not real records: no query rules, no output checks, no privacy budget spent, and nothing to rely on. Get the SQL right here, then run it in real mode.') }
    case 'differential-privacy': {
      const dp = parseDpDetail(d)
      if (dp) {
        const accuracy = dp.accuracy.map((a) => `${a.column} ±${a.within}`).join(t('，', ', '))
        return {
          title,
          text: t(
            `每个聚合值都加了 ${dp.mechanism === 'laplace' ? '拉普拉斯' : '高斯'}噪声，每个聚合花费 ε ${dp.epsilon}。${accuracy ? `95% 的发布值与真实值相差不超过：${accuracy}。` : ''}噪声让任何单条记录的有无都无法从结果中看出；同一问题重复提问会再次花费预算。`,
            `Every aggregate carries ${dp.mechanism} noise, ε ${dp.epsilon} per aggregate.${accuracy ? ` 95% of released values lie within ${accuracy} of the truth.` : ''} The noise hides whether any one record is in the data; asking again spends budget again.`,
          ),
        }
      }
      break
    }
    case 'partition-selection': {
      if ((m = /^(\d+) groups? withheld/.exec(d))) {
        if (m[1] === '0') return { title, text: t('每个分组加噪后的规模都超过了门槛，全部发布。', 'Every group’s noisy size cleared the threshold: all are released.') }
        return {
          title,
          text: t(
            `${m[1]} 个分组未发布：加噪后的分组规模低于门槛。太小的分组即使加了噪声，其“存在”本身也可能暴露个体，因此不发布。`,
            `${m[1]} groups withheld: their noisy size fell below the threshold. A group that small could reveal someone merely by existing, even with noise.`,
          ),
        }
      }
      break
    }
  }
  return { title, text: d }
}

export interface DpDetail {
  readonly mechanism: string
  readonly epsilon: number
  readonly accuracy: readonly { readonly column: string; readonly within: string }[]
}

/** “laplace noise at ε 0.5 per aggregate; 95% of released values lie within trips ±6, v ±3 of the truth” */
export function parseDpDetail(detail: string): DpDetail | null {
  const m = /^(\w+) noise at ε ([\d.]+) per aggregate(?:; 95% of released values lie within (.*) of the truth)?/.exec(detail)
  if (!m) return null
  const accuracy = (m[3] ?? '')
    .split(', ')
    .map((part) => /^(.*) ±([\d.]+)$/.exec(part))
    .filter((p): p is RegExpExecArray => p !== null)
    .map((p) => ({ column: num(p[1]), within: num(p[2]) }))
  return { mechanism: m[1] ?? 'laplace', epsilon: Number(m[2]), accuracy }
}

/**
 * What to change after a refusal: the server's message already says what is wrong (and often
 * what to do after its colon); this adds the general way out for its rule.
 */
export function refusalHint(body: ApiErrorBody, t: T): string | null {
  const message = body.message
  if (/outputs an identifier/.test(message)) return t('不要在 SELECT 中输出标识列（如统一社会信用代码、名称）：它们只能用于 JOIN 连接或 count(DISTINCT …) 计数。', 'Do not SELECT identifier columns (credit codes, names): they may only join tables or be counted with count(DISTINCT …).')
  if (/GROUP BY on an identifier|filters on an identifier|ORDER BY an identifier/.test(message)) return t('不要按标识列分组、筛选或排序：改用行业、县区、月份等维度。', 'Do not group, filter or order by an identifier: use dimensions such as industry, district or month.')
  if (/releases aggregates only|SELECT \* releases rows/.test(message)) return t('本工作空间只发布聚合结果：选出维度列并加上 count(*)、count(DISTINCT …)、sum(…) 或 avg(…)，再 GROUP BY 维度。', 'This workspace releases aggregates only: select dimensions plus count(*), count(DISTINCT …), sum(…) or avg(…), and GROUP BY the dimensions.')
  if (/differential privacy releases counts and sums/.test(message)) return t('差分隐私工作空间只发布 count 和 sum：平均值请分别取 sum(…) 和 count(*) 两列，在域外相除。', 'A differentially private workspace releases counts and sums only: take sum(…) and count(*) as two columns and divide outside.')
  if (/privacy budget cannot cover/.test(message)) return t('隐私预算不足：减少聚合列或去掉 GROUP BY 可降低花费；预算用尽后需与一级开发运营主体协商。', 'The privacy budget cannot cover it: fewer aggregates or no GROUP BY cost less; once spent, talk to the primary operator.')
  if (/needs clamping bounds/.test(message)) return t('该列没有声明取值范围，无法为求和加噪：请一级开发运营主体在工作空间规则中声明其上下界，或改为计数。', 'The column has no declared range, so its sum cannot be noised: ask the primary operator to declare its bounds in the workspace rules, or count instead.')
  if (/no data in the pool yet/.test(message)) return t('这张表的数源单位尚未加载数据：请稍后再试，或先使用其他表。', 'The source unit has not loaded this table yet: try later or use other tables.')
  switch (body.rule) {
    case 'art28.no-use-beyond-scope':
      return t('只使用右侧“授权范围”中列出的表和列：协议之外的数据不可使用（最小必要）。', 'Use only the tables and columns listed under “Granted scope”: anything outside the agreement is off limits (least necessary).')
    case 'art21.raw-data-stays-in-domain':
      return t('原始数据不出域：只输出聚合值，标识列只用于连接和去重计数。', 'Raw data stays in the domain: release aggregates only, and use identifiers only to join and count distinct.')
    case 'art18.processing-in-domain':
      return t('只发送一条 SELECT 语句，不含 DDL、DML、PRAGMA、窗口函数、UNION 等；检查语法后重试。', 'Send exactly one SELECT, without DDL, DML, PRAGMA, window functions or UNION; check the syntax and try again.')
    case 'art18.access-control':
      return t('只查询工作空间中的表，不使用表函数、系统目录或带模式名的表。', 'Query the workspace’s tables only: no table functions, system catalogs or schema-qualified names.')
    default:
      return null
  }
}

/** The aggregates the gate allows in this workspace, in words. */
export function allowedAggregates(rules: QueryRules, t: T): string {
  if (rules.differentialPrivacy) return t('count(*)、count(DISTINCT …)、sum(…)（加噪发布；不支持 avg）', 'count(*), count(DISTINCT …), sum(…) (released with noise; no avg)')
  return 'count(*), count(DISTINCT …), sum(…), avg(…)'
}

/**
 * A rough count of what a differentially private query will cost before it runs: ε per
 * aggregate, one more share for choosing the groups when it groups (dp-release.ts). The server
 * charges the exact figure; this is only shown as an estimate.
 */
export function estimateEpsilon(sql: string, epsilonPerAggregate: number): number | null {
  const aggregates = (sql.match(/\b(count|sum|avg|mean)\s*\(/gi) ?? []).length
  if (aggregates === 0) return null
  const grouped = /\bgroup\s+by\b/i.test(sql) ? 1 : 0
  return Math.round((aggregates + grouped) * epsilonPerAggregate * 1000) / 1000
}
