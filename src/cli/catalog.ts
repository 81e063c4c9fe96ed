import { Command, InvalidArgumentError, Option } from 'commander'
import { catalogResourceSchema } from '../modules/catalog/catalog.schema.ts'
import { catalogEntries, compileEntry, publishedCatalog, REVIEW_DECISIONS, reviewEntry, submitEntry, type ReviewDecision } from '../modules/catalog/catalog.service.ts'
import { NotFoundError } from '../platform/errors.ts'
import { act, acting, readInput, show, text, type Acting } from './authorizations.ts'
import { withPlatform } from './host.ts'

/**
 * The unified city catalog from the command line (art. 7): a sector authority (or the bureau)
 * compiles and submits an entry, the bureau reviews it, and approval publishes it. Resources
 * must be published before anything can be demanded, granted or authorized.
 */
export function catalogCommand(): Command {
  const catalog = new Command('catalog').description('the unified city catalog: compile, submit and review entries (art. 7)')

  acting(catalog, 'compile', 'compile a catalog entry, or the next version of one (sector authorities, the bureau)')
    .addOption(new Option('--file <json>', 'the entry as a JSON file (the API request body)').makeOptionMandatory())
    .action(async (o: Acting & { file: string }, command: Command) => {
      const input = readInput(o.file, catalogResourceSchema)
      await act(command, o, (platform, ctx) => compileEntry(platform, ctx, input), (e) => [
        `catalog entry ${e.code} version ${e.version} ${e.status}: ${e.content.name}, ${e.content.fields.length} fields`,
        ...e.suggestions.map((s) => `  suggestion: tag ${s.field} as ${s.tags.join(', ')}`),
      ])
    })

  acting(catalog, 'submit', 'submit the open version of an entry to the bureau for review')
    .argument('<code>', 'resource code, e.g. 130700-SCJG-0001')
    .action(async (code: string, o: Acting, command: Command) => {
      await act(command, o, (platform, ctx) => submitEntry(platform, ctx, code), (e) => `catalog entry ${e.code} version ${e.version} submitted to the bureau`)
    })

  acting(catalog, 'review', 'approve (publish in the city catalog) or return with comments (the bureau; not who submitted it)')
    .argument('<code>', 'resource code')
    .addOption(new Option('--decision <decision>', 'the decision').choices(REVIEW_DECISIONS).makeOptionMandatory())
    .option('--version <n>', 'the version (default: the one under review)', positive)
    .option('--comment <text>', 'what to change (required to return)', text(2000))
    .action(async (code: string, o: Acting & { decision: ReviewDecision; version?: number; comment?: string }, command: Command) => {
      await act(
        command,
        o,
        async (platform, ctx) => {
          const version = o.version ?? (await catalogEntries(platform, ctx, { code, status: 'submitted' }))[0]?.version
          if (version === undefined) throw new NotFoundError(`no version of ${code} is under review`)
          return reviewEntry(platform, ctx, code, version, o.decision, o.comment)
        },
        (e) => `catalog entry ${e.code} version ${e.version} ${e.status}${e.status === 'approved' ? ': published in the city catalog' : `: ${e.reviewComment}`}`,
      )
    })

  catalog
    .command('list')
    .description('the published city catalog')
    .option('--json', 'print the full result as JSON (for scripts)')
    .action(async (o: { json?: boolean }) => {
      await withPlatform(async (platform) => {
        show(await publishedCatalog(platform), o.json, (all) =>
          all.length === 0 ? 'the catalog is empty' : all.map((r) => `${r.code.padEnd(20)} v${r.publishedVersion}  ${r.gradeLabel.padEnd(10)} ${r.authorizable ? 'authorizable' : 'excluded    '}  ${r.name}`),
        )
      })
    })

  return catalog
}

function positive(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('a version number, 1 or more')
  return n
}
