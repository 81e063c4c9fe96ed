import fs from 'node:fs'
import path from 'node:path'
import { Command, Option } from 'commander'
import cliProgress from 'cli-progress'
import { actAs } from '../modules/identity/identity.service.ts'
import { SOURCE_FORMATS, type SourceFormat } from '../modules/pool/pool-load.ts'
import { formatOf } from '../modules/pool/pool.routes.ts'
import { loadVersion } from '../modules/pool/pool.service.ts'
import { InputError } from '../platform/errors.ts'
import { print, withPlatform } from './host.ts'

export function poolCommand(): Command {
  const pool = new Command('pool').description('the data pool (公共数据资源池)')

  pool
    .command('load')
    .description('load a new version of a resource from a file, checked against its catalog entry')
    .argument('<code>', 'resource code, e.g. 130700-SCJG-0001')
    .argument('<file>', 'a .csv, .parquet or .jsonl file')
    .addOption(new Option('--format <format>', 'the file format (default: from the extension)').choices(SOURCE_FORMATS))
    .requiredOption('--as <username>', 'the source unit user (or operator) the load is made for')
    .option('--accept-quarantine', 'serve the version even if rows were quarantined')
    .action(async (code: string, file: string, o: { format?: SourceFormat; as: string; acceptQuarantine?: boolean }) => {
      const absolute = path.resolve(file)
      if (!fs.existsSync(absolute)) throw new InputError(`no file ${file}`)
      const format = formatOf(absolute, o.format)
      await withPlatform(async (platform) => {
        const ctx = await actAs(platform, o.as, 'cli')
        const bar = new cliProgress.SingleBar(
          { format: 'loading {bar} {percentage}% | {rows} rows | {speed} rows/s', hideCursor: true, etaBuffer: 20 },
          cliProgress.Presets.shades_classic,
        )
        const started = Date.now()
        bar.start(100, 0, { rows: 0, speed: 0 })
        try {
          const version = await loadVersion(platform, ctx, code, {
            file: absolute,
            format,
            kind: ctx.principal.orgKind === 'operator' ? 'path' : 'upload',
            name: path.basename(absolute),
            acceptQuarantine: o.acceptQuarantine === true,
            onProgress: ({ percent, rows }) => {
              const seconds = (Date.now() - started) / 1000
              bar.update(Math.min(99, Math.round(percent)), { rows, speed: seconds > 0 ? Math.round(rows / seconds) : 0 })
            },
          })
          const seconds = (Date.now() - started) / 1000
          bar.update(100, { rows: version.rows.read, speed: Math.round(version.rows.read / Math.max(seconds, 0.001)) })
          bar.stop()
          print(`version ${version.versionNo} of ${code} (${version.id}): ${version.status}`)
          print(`rows read ${version.rows.read}, loaded ${version.rows.loaded}, quarantined ${version.rows.quarantined}; ${Math.round(version.rows.read / Math.max(seconds, 0.001))} rows/s`)
          for (const problem of version.quality.validity) print(`  ${problem.rows} rows: ${problem.field}: ${problem.problem}`)
          if (version.status === 'held') print('the previous version still serves: accept this one with POST /api/v1/pool/versions/' + version.id + '/publish')
        } catch (error) {
          bar.stop()
          throw error
        }
      })
    })

  return pool
}
