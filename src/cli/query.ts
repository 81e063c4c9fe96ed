import fs from 'node:fs'
import { Command } from 'commander'
import { runQuery, type QueryAnswer } from '../modules/domain/query.service.ts'
import { InputError } from '../platform/errors.ts'
import { act, type Acting } from './authorizations.ts'

/**
 * `shuyu query`: a SELECT through the gate in a workspace, as a developer, exactly as the API runs
 * it. The SQL comes as an argument, from a file, or on standard input.
 */
export function queryCommand(): Command {
  const command = new Command('query')
    .description('run a SELECT through the gate in a workspace (可用不可见): checked, run sealed, output-checked')
    .requiredOption('--workspace <id>', 'the workspace, e.g. fin-credit')
    .requiredOption('--as <username>', 'the developer who asks: a member of the workspace')
    .option('--file <file>', 'read the SQL from a file')
    .option('--json', 'print the whole answer as JSON')
    .argument('[sql]', 'the SELECT (or --file, or standard input)')
  command.action(async (sqlArgument: string | undefined, o: Acting & { workspace: string; file?: string }) => {
    const sql = sqlArgument ?? (o.file ? fs.readFileSync(o.file, 'utf8') : fs.readFileSync(0, 'utf8'))
    if (!sql.trim()) throw new InputError('give the SELECT as an argument, with --file, or on standard input')
    await act(command, o, (platform, ctx) => runQuery(platform, ctx, o.workspace, { sql, mode: 'real' }), describe)
  })
  return command
}

function describe(answer: QueryAnswer): string[] {
  const lines = [answer.columns.join('\t'), ...answer.rows.map((row) => row.map((v) => (v === null ? '∅' : String(v))).join('\t'))]
  lines.push('')
  for (const check of answer.checks) lines.push(`${check.status.padEnd(6)} ${check.check}${check.column ? ` [row ${check.row}, ${check.column}]` : ''}: ${check.detail}`)
  if (answer.budget) lines.push(`privacy budget: ε ${answer.budget.charged} charged, ${answer.budget.remaining} of ${answer.budget.epsilon} left`)
  lines.push(`run ${answer.runId} in ${answer.durationMs} ms (∅: a cell suppressed by the output checks)`)
  return lines
}
