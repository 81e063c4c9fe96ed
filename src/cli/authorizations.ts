import fs from 'node:fs'
import path from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { z } from 'zod'
import { recordAudit } from '../modules/audit/audit.service.ts'
import {
  acknowledgeAgreement,
  activateAgreement,
  draftAgreement,
  fileAgreement,
  getAgreement,
  listAgreements,
  objectToAgreement,
  renewAgreement,
  resumeAgreement,
  reviseAgreement,
  suspendAgreement,
  terminateAgreement,
  type Agreement,
} from '../modules/authorizations/agreement.service.ts'
import { runAgreementJobs } from '../modules/authorizations/agreement.jobs.ts'
import { agreementSchema, designationSchema } from '../modules/authorizations/authorization.routes.ts'
import { AGREEMENT_STATUSES, type AgreementStatus } from '../modules/authorizations/authorization.ts'
import { designateOperator, grantOperatorScope, listOperatorAuthorizations } from '../modules/authorizations/operator.service.ts'
import { getWorkspace, listWorkspaces } from '../modules/authorizations/workspace.service.ts'
import type { Workspace } from '../modules/authorizations/workspace.ts'
import { actAs, auditActor, hostContext, type RequestContext } from '../modules/identity/identity.service.ts'
import type { Principal } from '../modules/identity/identity.ts'
import { findRule } from '../modules/policy/policy-pack.ts'
import { applicationSchema, callSchema, demandSchema, scenarioSchema, scoresSchema } from '../modules/scenarios/scenario.routes.ts'
import { CALL_STATUSES, SCENARIO_DECISIONS, SCENARIO_STATUSES, type CallStatus, type ScenarioDecision, type ScenarioStatus } from '../modules/scenarios/scenario.ts'
import {
  applyToCall,
  awardCall,
  compileScenario,
  listApplications,
  listCalls,
  listDemands,
  listScenarios,
  publishCall,
  reviewScenario,
  scoreApplication,
  submitDemand,
  submitScenario,
} from '../modules/scenarios/scenario.service.ts'
import { InputError, NotAllowedError, RuleViolation } from '../platform/errors.ts'
import type { Platform } from '../platform/platform.ts'
import { STANDARD_RULES } from '../platform/standard-rules.ts'
import { print, withPlatform } from './host.ts'

/**
 * The two-tier authorization chain from the command line: the office designates the operator,
 * the bureau grants it resources, scenarios are demanded, compiled and approved, calls published,
 * applied to, scored and awarded, agreements drafted, filed and acknowledged, workspaces opened.
 * Each acting command runs as a user (`--as`), under that user's organization and roles, exactly
 * as the API would; structured inputs come as JSON files checked with the API's own schemas.
 */

// ---------------------------------------------------------------------------- shared with catalog.ts

export interface Acting {
  readonly as: string
  readonly json?: boolean
}

type Said = string | readonly string[]

/** A subcommand acting as a user, printing a short line, or with --json the full result. */
export function acting(group: Command, name: string, description: string): Command {
  return group
    .command(name)
    .description(description)
    .requiredOption('--as <username>', 'the user who acts: their organization and roles decide what is allowed')
    .option('--json', 'print the full result as JSON (for scripts)')
}

/**
 * Runs one command as the user: opens the platform, acts, prints. A refusal by a rule of the
 * measures names the rule and its article, as the API's error body does, and like the API's
 * refusals it is audited: a burst of them is what supervision looks for.
 */
export async function act<T>(command: Command, o: Acting, work: (platform: Platform, ctx: RequestContext & { principal: Principal }) => Promise<T>, say: (result: T) => Said): Promise<void> {
  await withPlatform(async (platform) => {
    const ctx = await actAs(platform, o.as, 'cli')
    let result: T
    try {
      result = await work(platform, ctx)
    } catch (error) {
      if (!(error instanceof RuleViolation || error instanceof NotAllowedError)) throw error
      await recordRefusal(platform, ctx, command, error)
      if (error instanceof RuleViolation) throw new RuleViolation(error.rule, `refused by ${error.rule} (${articleOf(platform, error.rule)}): ${error.message}`)
      throw error
    }
    show(result, o.json, say)
  })
}

export function show<T>(result: T, json: boolean | undefined, say: (result: T) => Said): void {
  if (json) return print(JSON.stringify(result, null, 2))
  const said = say(result)
  for (const line of typeof said === 'string' ? [said] : said) print(line)
}

function articleOf(platform: Platform, rule: string): string {
  return findRule(platform.pack, rule)?.articleLabel ?? STANDARD_RULES[rule]?.source ?? 'no article known'
}

// The refusal itself is what the user must see: a failure to audit it is reported beside it.
async function recordRefusal(platform: Platform, ctx: RequestContext, command: Command, error: RuleViolation | NotAllowedError): Promise<void> {
  try {
    await recordAudit(platform, auditActor(ctx), {
      eventType: 'access.refused',
      objectType: 'command',
      objectId: `shuyu ${command.parent?.name() ?? ''} ${command.name()}`.replace(/\s+/g, ' '),
      action: command.name(),
      result: 'refused',
      reason: error.message.slice(0, 500),
      ...(error instanceof RuleViolation ? { detail: { rule: error.rule } } : {}),
    })
  } catch (auditError) {
    process.stderr.write(`shuyu: could not record the refusal in the audit log: ${auditError instanceof Error ? auditError.message : String(auditError)}\n`)
  }
}

/** A JSON file checked with the schema the API checks the same input with; every problem is listed with its path. */
export function readInput<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  const text = readJsonText(file)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    // V8's message quotes the start of the text: name the position only, not what the file holds.
    const at = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined
    throw new InputError(`${file} is not JSON${at === undefined ? '' : ` (invalid at character ${at})`}`)
  }
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(the whole file)', message: issue.message }))
  throw new InputError(`${file} is not valid:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, issues)
}

/** The largest --file read: far above any input's schema, far below what would exhaust memory. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024

/**
 * A --file's text: a regular file (not a directory, a device such as /dev/zero, or a FIFO that
 * would block for ever) of at most MAX_INPUT_BYTES, read through one descriptor so that what is
 * checked is what is read; a UTF-8 byte-order mark is dropped.
 */
function readJsonText(file: string): string {
  let fd: number
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not hang; fstat then refuses it.
    fd = fs.openSync(path.resolve(file), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(code === 'ENOENT' ? `no file ${file}` : `cannot read ${file} (${code ?? 'error'})`)
  }
  try {
    const stat = fs.fstatSync(fd)
    if (!stat.isFile()) throw new InputError(`${file} is not a regular file: give a JSON file`)
    if (stat.size > MAX_INPUT_BYTES) throw new InputError(`${file} is ${stat.size} bytes: at most ${MAX_INPUT_BYTES} are read`)
    const buffer = Buffer.alloc(stat.size)
    let read = 0
    while (read < stat.size) {
      const n = fs.readSync(fd, buffer, read, stat.size - read, read)
      if (n === 0) break
      read += n
    }
    const text = buffer.subarray(0, read).toString('utf8')
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  } finally {
    fs.closeSync(fd)
  }
}

/** Free text for a flag, bounded like the API's (a reason, a note). */
export function text(max: number): (value: string) => string {
  return (value) => {
    const trimmed = value.trim()
    if (!trimmed || trimmed.length > max) throw new InvalidArgumentError(`give 1 to ${max} characters`)
    return trimmed
  }
}

function day(value: string): string {
  if (!z.iso.date().safeParse(value).success) throw new InvalidArgumentError('a date like 2026-12-31')
  return value
}

const fileOption = () => new Option('--file <json>', 'the input as a JSON file (the API request body)').makeOptionMandatory()

// ---------------------------------------------------------------------------- commands

export function operatorsCommand(): Command {
  const operators = new Command('operators').description('the primary operator (一级开发运营主体): designation and granted resources (art. 11, 12)')

  acting(operators, 'designate', 'designate the primary operator with its art. 12 qualifications, agreement and term (the office)')
    .addOption(fileOption())
    .action(async (o: Acting & { file: string }, command: Command) => {
      const input = readInput(o.file, designationSchema)
      await act(command, o, (platform, ctx) => designateOperator(platform, ctx, input), (a) =>
        `operator authorization ${a.id}: ${a.operatorName} designated from ${a.term.start} to ${a.term.end}; the data bureau grants its resources next`,
      )
    })

  acting(operators, 'grant', 'grant the designated operator the resources it may operate; granting again replaces them (the data bureau)')
    .argument('<id>', 'the operator authorization, opa_…')
    .requiredOption('--resource <codes...>', 'resource codes of the city catalog')
    .action(async (id: string, o: Acting & { resource: string[] }, command: Command) => {
      await act(command, o, (platform, ctx) => grantOperatorScope(platform, ctx, id, o.resource), (a) =>
        `operator authorization ${a.id} ${a.status}: ${a.operatorName} operates ${a.scope.join(', ')}`,
      )
    })

  operators
    .command('list')
    .description('the operator authorizations: who operates the city\'s public data is public information (art. 29)')
    .option('--json', 'print the full result as JSON (for scripts)')
    .action(async (o: { json?: boolean }) => {
      await withPlatform(async (platform) => {
        show(await listOperatorAuthorizations(platform), o.json, (all) =>
          all.length === 0 ? 'no operator designated' : all.map((a) => `${a.id}  ${a.status.padEnd(10)} ${a.operatorName}  ${a.term.start} to ${a.term.end}  ${a.scope.length} resources`),
        )
      })
    })

  return operators
}

export function scenariosCommand(): Command {
  const scenarios = new Command('scenarios').description('scenario demands and the scenarios the office approves (art. 13(3))')

  acting(scenarios, 'demand', 'state a scenario demand: the use, and each field needed with why (developers, the operator)')
    .addOption(fileOption())
    .action(async (o: Acting & { file: string }, command: Command) => {
      const input = readInput(o.file, demandSchema)
      await act(command, o, (platform, ctx) => submitDemand(platform, ctx, input), (d) => `demand ${d.id} submitted: ${d.title} (${d.needs.length} resources)`)
    })

  acting(scenarios, 'demands', 'the demand list (the operator, the office and regulators see all; others their own)').action(async (o: Acting, command: Command) => {
    await act(command, o, (platform, ctx) => listDemands(platform, ctx), (all) =>
      all.length === 0 ? 'no demands' : all.map((d) => `${d.id}  ${d.status.padEnd(9)} ${(d.scenarioCode ?? '-').padEnd(12)} ${d.title}`),
    )
  })

  acting(scenarios, 'compile', 'compile demands into a scenario, or edit a draft or returned one (the operator)')
    .addOption(fileOption())
    .action(async (o: Acting & { file: string }, command: Command) => {
      const input = readInput(o.file, scenarioSchema)
      await act(command, o, (platform, ctx) => compileScenario(platform, ctx, input), (s) =>
        `scenario ${s.code} ${s.status}: ${s.name}, from ${s.demandIds.length} demands; submit it to the office next`,
      )
    })

  acting(scenarios, 'submit', 'submit a scenario to the coordination office for review (the operator)')
    .argument('<code>', 'scenario code, e.g. SC-FIN-001')
    .action(async (code: string, o: Acting, command: Command) => {
      await act(command, o, (platform, ctx) => submitScenario(platform, ctx, code), (s) => `scenario ${s.code} submitted to the office for review`)
    })

  acting(scenarios, 'review', 'approve, reject, or return with comments: one review per class of scenario (the office)')
    .argument('<code>', 'scenario code')
    .addOption(new Option('--decision <decision>', 'the decision').choices(SCENARIO_DECISIONS).makeOptionMandatory())
    .option('--comment <text>', 'why (required to reject or return)', text(2000))
    .action(async (code: string, o: Acting & { decision: ScenarioDecision; comment?: string }, command: Command) => {
      await act(command, o, (platform, ctx) => reviewScenario(platform, ctx, code, o.decision, o.comment), (s) =>
        `scenario ${s.code} ${s.status}${s.reviewComment ? `: ${s.reviewComment}` : ''}`,
      )
    })

  acting(scenarios, 'list', 'scenarios (the operator, the office and regulators: every status; others: the approved catalog)')
    .addOption(new Option('--status <status>', 'only this status').choices(SCENARIO_STATUSES))
    .action(async (o: Acting & { status?: ScenarioStatus }, command: Command) => {
      await act(command, o, (platform, ctx) => listScenarios(platform, ctx, o.status ? { status: o.status } : {}), (all) =>
        all.length === 0 ? 'no scenarios' : all.map((s) => `${s.code.padEnd(14)} ${s.status.padEnd(9)} ${s.purposeType.padEnd(15)} ${s.name}`),
      )
    })

  return scenarios
}

export function callsCommand(): Command {
  const calls = new Command('calls').description('calls for applications, applications, scores and awards (art. 13(5))')

  acting(calls, 'publish', 'publish a call for an approved scenario: entry conditions, a fair method, criteria, a deadline (the operator)')
    .addOption(fileOption())
    .action(async (o: Acting & { file: string }, command: Command) => {
      const input = readInput(o.file, callSchema)
      await act(command, o, (platform, ctx) => publishCall(platform, ctx, input), (c) =>
        `call ${c.id} published for ${c.scenarioCode} (${c.method}): applications until ${c.deadline}`,
      )
    })

  acting(calls, 'apply', 'apply to an open call, answering each entry condition, with documents (developers)')
    .argument('<call>', 'the call, call_…')
    .addOption(fileOption())
    .action(async (callId: string, o: Acting & { file: string }, command: Command) => {
      const input = readInput(o.file, applicationSchema)
      await act(command, o, (platform, ctx) => applyToCall(platform, ctx, callId, input), (a) => `application ${a.id} to call ${a.callId} submitted`)
    })

  acting(calls, 'score', 'score an application by the published criteria, each with its reason, after the deadline (the operator)')
    .argument('<application>', 'the application, app_…')
    .addOption(fileOption())
    .action(async (applicationId: string, o: Acting & { file: string }, command: Command) => {
      const { scores } = readInput(o.file, scoresSchema)
      await act(command, o, (platform, ctx) => scoreApplication(platform, ctx, applicationId, scores), (a) => `application ${a.id} scored ${a.totalScore}`)
    })

  acting(calls, 'award', 'award the call to the best-scored application, with the reason (the operator)')
    .argument('<call>', 'the call, call_…')
    .requiredOption('--application <id>', 'the application awarded, app_…')
    .requiredOption('--reason <text>', 'why this application', text(2000))
    .action(async (callId: string, o: Acting & { application: string; reason: string }, command: Command) => {
      await act(command, o, (platform, ctx) => awardCall(platform, ctx, callId, { applicationId: o.application, reason: o.reason }), (c) =>
        `call ${c.id} awarded to ${c.awardedApplicationId}; the operator drafts the agreement next`,
      )
    })

  calls
    .command('list')
    .description('published calls (public announcements)')
    .option('--scenario <code>', 'only this scenario\'s')
    .addOption(new Option('--status <status>', 'only this status').choices(CALL_STATUSES))
    .option('--json', 'print the full result as JSON (for scripts)')
    .action(async (o: { scenario?: string; status?: CallStatus; json?: boolean }) => {
      await withPlatform(async (platform) => {
        const all = await listCalls(platform, { ...(o.scenario ? { scenarioCode: o.scenario } : {}), ...(o.status ? { status: o.status } : {}) })
        show(all, o.json, () => (all.length === 0 ? 'no calls' : all.map((c) => `${c.id}  ${c.status.padEnd(9)} ${c.scenarioCode.padEnd(14)} until ${c.deadline}  ${c.title}`)))
      })
    })

  acting(calls, 'applications', 'applications to a call (the operator, the office and regulators: all; a developer: its own)')
    .argument('<call>', 'the call, call_…')
    .action(async (callId: string, o: Acting, command: Command) => {
      await act(command, o, (platform, ctx) => listApplications(platform, ctx, callId), (all) =>
        all.length === 0 ? 'no applications' : all.map((a) => `${a.id}  ${a.status.padEnd(12)} ${a.developerOrgId.padEnd(16)} ${a.totalScore ?? '-'}`),
      )
    })

  return calls
}

// A revision is the draft's body without the application it follows from, every part optional.
const revisionSchema = agreementSchema.omit({ applicationId: true }).partial().strict()

export function agreementsCommand(): Command {
  const agreements = new Command('agreements').description('agreements between the operator and developers: filing, effect, suspension and end (art. 16, 17, 34, 35)')

  acting(agreements, 'draft', 'draw up the agreement with an awarded developer: clauses, scope, term, fee, workspace (the operator)')
    .addOption(fileOption())
    .action(async (o: Acting & { file: string }, command: Command) => {
      const input = readInput(o.file, agreementSchema)
      await act(command, o, (platform, ctx) => draftAgreement(platform, ctx, input), (a) => [
        `agreement ${a.id} drafted for ${a.scenarioCode} with ${a.developerOrgId}: ${a.term.start} to ${a.term.end}, workspace ${a.workspace.id}`,
        ...(a.missingClauses.length > 0 ? [`missing clauses (needed to file): ${a.missingClauses.join(', ')}`] : []),
      ])
    })

  acting(agreements, 'revise', 'revise a draft, e.g. after the office objected (the operator)')
    .argument('<id>', 'the agreement, agr_…')
    .addOption(fileOption())
    .action(async (id: string, o: Acting & { file: string }, command: Command) => {
      const changes = readInput(o.file, revisionSchema)
      await act(command, o, (platform, ctx) => reviseAgreement(platform, ctx, id, changes), (a) => `agreement ${a.id} revised: ${a.term.start} to ${a.term.end}, workspace ${a.workspace.id}`)
    })

  acting(agreements, 'file', 'file the agreement with the coordination office before it takes effect (报备; the operator)')
    .argument('<id>', 'the agreement, agr_…')
    .action(async (id: string, o: Acting, command: Command) => {
      await act(command, o, (platform, ctx) => fileAgreement(platform, ctx, id), (a) => `agreement ${a.id} filed; the office may object until ${a.filing?.objectionDeadline}`)
    })

  acting(agreements, 'acknowledge', 'take note of a filing without objection: it takes effect when its term starts (the office)')
    .argument('<id>', 'the agreement, agr_…')
    .action(async (id: string, o: Acting, command: Command) => {
      await act(command, o, (platform, ctx) => acknowledgeAgreement(platform, ctx, id), (a) =>
        a.status === 'active' ? `agreement ${a.id} acknowledged and active: workspace ${a.workspace.id} open` : `agreement ${a.id} acknowledged: it takes effect on ${a.term.start}`,
      )
    })

  acting(agreements, 'object', 'object to a filed agreement within the period: it returns to the operator as a draft (the office)')
    .argument('<id>', 'the agreement, agr_…')
    .requiredOption('--reason <text>', 'what the operator must change', text(2000))
    .action(async (id: string, o: Acting & { reason: string }, command: Command) => {
      await act(command, o, (platform, ctx) => objectToAgreement(platform, ctx, id, o.reason), (a) => `agreement ${a.id} returned to the operator as a draft: ${a.objection}`)
    })

  acting(agreements, 'activate', 'put a filed agreement into effect after the objection period (the operator)')
    .argument('<id>', 'the agreement, agr_…')
    .action(async (id: string, o: Acting, command: Command) => {
      await act(command, o, (platform, ctx) => activateAgreement(platform, ctx, id), (a) => `agreement ${a.id} active: workspace ${a.workspace.id} open`)
    })

  acting(agreements, 'suspend', 'suspend for rectification: the workspace closes at once (the office or the operator; art. 34)')
    .argument('<id>', 'the agreement, agr_…')
    .requiredOption('--reason <text>', 'what must be rectified', text(2000))
    .addOption(new Option('--rectification-deadline <day>', 'rectify by this date').argParser(day))
    .action(async (id: string, o: Acting & { reason: string; rectificationDeadline?: string }, command: Command) => {
      const input = { reason: o.reason, ...(o.rectificationDeadline ? { rectificationDeadline: o.rectificationDeadline } : {}) }
      await act(command, o, (platform, ctx) => suspendAgreement(platform, ctx, id, input), (a) =>
        `agreement ${a.id} suspended: workspace ${a.workspace.id} closed until the rectification is accepted${a.suspension?.rectificationDeadline ? ` (due ${a.suspension.rectificationDeadline})` : ''}`,
      )
    })

  acting(agreements, 'resume', 'accept the rectification: the workspace reopens (the office or the operator; art. 34)')
    .argument('<id>', 'the agreement, agr_…')
    .requiredOption('--note <text>', 'how it was rectified', text(2000))
    .action(async (id: string, o: Acting & { note: string }, command: Command) => {
      await act(command, o, (platform, ctx) => resumeAgreement(platform, ctx, id, o.note), (a) => `agreement ${a.id} active again: workspace ${a.workspace.id} reopened`)
    })

  acting(agreements, 'terminate', 'terminate on a ground of art. 35: access closes at once (the office or the operator; art. 31, 35)')
    .argument('<id>', 'the agreement, agr_…')
    .requiredOption('--ground <ground>', 'the ground of art. 35, e.g. breach-of-agreement (see `shuyu policy show`)', text(100))
    .requiredOption('--note <text>', 'what happened', text(2000))
    .addOption(new Option('--warned-on <day>', 'when the developer was warned (a poor evaluation needs it)').argParser(day))
    .action(async (id: string, o: Acting & { ground: string; note: string; warnedOn?: string }, command: Command) => {
      const input = { ground: o.ground, note: o.note, ...(o.warnedOn ? { warnedOn: o.warnedOn } : {}) }
      await act(command, o, (platform, ctx) => terminateAgreement(platform, ctx, id, input), (a) => `agreement ${a.id} terminated (${a.end?.ground}): workspace ${a.workspace.id} closed`)
    })

  acting(agreements, 'renew', 'apply for renewal in the last months of the term: a new draft (the developer or the operator; art. 17)')
    .argument('<id>', 'the agreement to renew, agr_…')
    .action(async (id: string, o: Acting, command: Command) => {
      await act(command, o, (platform, ctx) => renewAgreement(platform, ctx, id), (a) =>
        `renewal ${a.id} of ${a.renewalOf} drafted: ${a.term.start} to ${a.term.end}; the operator files it with the office`,
      )
    })

  acting(agreements, 'list', 'agreements (their parties, the office and regulators)')
    .addOption(new Option('--status <status>', 'only this status').choices(AGREEMENT_STATUSES))
    .action(async (o: Acting & { status?: AgreementStatus }, command: Command) => {
      await act(command, o, (platform, ctx) => listAgreements(platform, ctx, o.status ? { status: o.status } : {}), (all) =>
        all.length === 0 ? 'no agreements' : all.map(agreementLine),
      )
    })

  acting(agreements, 'show', 'one agreement')
    .argument('<id>', 'the agreement, agr_…')
    .action(async (id: string, o: Acting, command: Command) => {
      await act(command, o, (platform, ctx) => getAgreement(platform, ctx, id), describeAgreement)
    })

  agreements
    .command('jobs')
    .description('run the scheduled agreement work once: expire ended terms, warn before expiry, put due filings into effect')
    .option('--json', 'print the full result as JSON (for scripts)')
    .action(async (o: { json?: boolean }) => {
      await withPlatform(async (platform) => {
        // The host runs it here, so the audit log says host:cli rather than the scheduler.
        const report = await runAgreementJobs(platform, hostContext('cli'))
        show(report, o.json, (r) => [
          `agreement jobs: ${r.expired.length} expired, ${r.warned.length} warned of expiry, ${r.activated.length} put into effect`,
          ...r.expired.map((id) => `  expired ${id}`),
          ...r.warned.map((id) => `  warned ${id}`),
          ...r.activated.map((id) => `  activated ${id}`),
        ])
      })
    })

  return agreements
}

function agreementLine(a: Agreement): string {
  return `${a.id}  ${a.status.padEnd(10)} ${a.scenarioCode.padEnd(14)} ${a.developerOrgId.padEnd(16)} ${a.term.start} to ${a.term.end}  ${a.workspace.id}`
}

function describeAgreement(a: Agreement): string[] {
  return [
    agreementLine(a),
    `  operator ${a.operatorOrgId}, developer ${a.developerOrgId}, fee ${a.feeYuan} yuan`,
    `  scope: ${a.scope.map((s) => `${s.resourceCode} (${s.fields.join(', ')})`).join('; ')}`,
    ...(a.missingClauses.length > 0 ? [`  missing clauses: ${a.missingClauses.join(', ')}`] : []),
    ...(a.filing ? [`  filed ${a.filing.filedAt}; objections until ${a.filing.objectionDeadline}${a.filing.acknowledgedAt ? `; acknowledged ${a.filing.acknowledgedAt}` : ''}`] : []),
    ...(a.objection ? [`  the office objected: ${a.objection}`] : []),
    ...(a.suspension ? [`  suspended ${a.suspension.at}: ${a.suspension.reason}`] : []),
    ...(a.end ? [`  ended ${a.end.at}${a.end.ground ? ` (${a.end.ground})` : ''}${a.end.note ? `: ${a.end.note}` : ''}`] : []),
    ...(a.renewalOf ? [`  renews ${a.renewalOf}`] : []),
  ]
}

export function workspacesCommand(): Command {
  const workspaces = new Command('workspaces').description('the workspaces agreements open: scope, query rules, members')

  acting(workspaces, 'list', 'the workspaces the user may use (a developer\'s members) or oversees').action(async (o: Acting, command: Command) => {
    await act(command, o, (platform, ctx) => listWorkspaces(platform, ctx), (all) => (all.length === 0 ? 'no workspaces' : all.map(workspaceLine)))
  })

  acting(workspaces, 'show', 'one workspace')
    .argument('<id>', 'the workspace, e.g. fin-credit')
    .action(async (id: string, o: Acting, command: Command) => {
      await act(command, o, (platform, ctx) => getWorkspace(platform, ctx, id), (w) => [
        workspaceLine(w),
        ...(w.statusReason ? [`  ${w.statusReason}`] : []),
        ...w.scope.map((t) => `  ${t.table} (${t.resourceCode}): ${t.fields.map((f) => f.name).join(', ')}`),
        `  analysis ${w.rules.analysis}${w.budget ? `, privacy budget ε ${w.budget.remaining} of ${w.budget.epsilon} left` : ''}`,
        `  members: ${w.members.map((m) => m.username).join(', ') || 'none'}`,
      ])
    })

  return workspaces
}

function workspaceLine(w: Workspace): string {
  return `${w.id.padEnd(16)} ${w.status.padEnd(9)} ${w.scenarioCode.padEnd(14)} ${w.developerOrgId.padEnd(16)} ${w.term.start} to ${w.term.end}  ${w.members.length} members`
}
