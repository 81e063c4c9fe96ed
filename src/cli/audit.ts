import { once } from 'node:events'
import fs from 'node:fs'
import { Command, Option } from 'commander'
import { auditEntries, EXPORT_FORMATS, renderExport, type ExportFormat } from '../modules/audit/audit-search.ts'
import { verifyAuditLog } from '../modules/audit/audit-verify.ts'
import { createCheckpoint, purgeAuditBefore, recordAudit } from '../modules/audit/audit.service.ts'
import { auditActor, hostContext } from '../modules/identity/identity.service.ts'
import { InputError } from '../platform/errors.ts'
import { print, withPlatform } from './host.ts'

export function auditCommand(): Command {
  const audit = new Command('audit').description('the audit log (全程记录)')

  audit
    .command('verify')
    .description('re-walk the hash chain and check the signed checkpoints; exits 1 naming the first broken entry')
    .option('--workers <n>', 'parallel workers (default: the cores)')
    .option('--json', 'print the report as JSON')
    .action(async (o: { workers?: string; json?: boolean }) => {
      await withPlatform(async (platform) => {
        const report = await verifyAuditLog(platform.store, o.workers ? { workers: Number(o.workers) } : {})
        if (o.json) print(JSON.stringify(report, null, 2))
        else if (report.ok) {
          print(`audit log verified: ${report.entries} entries (${report.anchorSeq + 1}..${report.headSeq}), ${report.checkpoints} signed checkpoints, ${report.suite} suite, ${report.durationMs} ms`)
        } else {
          print(`AUDIT LOG BROKEN at entry ${report.firstBreak!.seq}: ${report.firstBreak!.message}`)
        }
        if (!report.ok) process.exitCode = 1
      })
    })

  audit
    .command('export')
    .description('export audit entries, oldest first')
    .addOption(new Option('--format <format>', 'csv or json').choices(EXPORT_FORMATS).default('json'))
    .option('--from <time>', 'from this date or time (China time unless an offset is given)')
    .option('--to <time>', 'up to (excluding) this date or time')
    .option('--event-type <type>', 'e.g. auth.login or auth.*')
    .option('--actor <username>', 'who acted')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (o: { format: ExportFormat; from?: string; to?: string; eventType?: string; actor?: string; out?: string }) => {
      for (const bound of [o.from, o.to]) {
        if (bound !== undefined && Number.isNaN(Date.parse(bound))) throw new InputError(`${bound} is not a date or time`)
      }
      const filter = { ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), ...(o.eventType ? { eventType: o.eventType } : {}), ...(o.actor ? { actor: o.actor } : {}) }
      await withPlatform(async (platform) => {
        await recordAudit(platform, auditActor(hostContext('cli')), { eventType: 'audit.export', action: 'export', result: 'success', detail: { filter, format: o.format } })
        const out = o.out ? fs.createWriteStream(o.out, { mode: 0o600 }) : process.stdout
        for await (const chunk of renderExport(auditEntries(platform.store.db, filter), o.format)) {
          if (!out.write(chunk)) await once(out, 'drain')
        }
        if (o.out) await new Promise((resolve) => (out as fs.WriteStream).end(resolve))
      })
    })

  audit
    .command('checkpoint')
    .description('sign a checkpoint of the chain now')
    .action(async () => {
      await withPlatform(async (platform) => {
        const checkpoint = await createCheckpoint(platform)
        print(checkpoint ? `checkpoint signed at entry ${checkpoint.seq} (${checkpoint.hash})` : 'nothing new to checkpoint')
      })
    })

  audit
    .command('purge')
    .description('remove entries older than a date, which must be at least the retention period ago (art. 31: ≥ 6 months)')
    .requiredOption('--before <date>', 'YYYY-MM-DD, China time')
    .action(async (o: { before: string }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(o.before) || Number.isNaN(Date.parse(o.before))) throw new InputError('--before takes a date YYYY-MM-DD')
      await withPlatform(async (platform) => {
        const result = await purgeAuditBefore(platform, auditActor(hostContext('cli')), new Date(`${o.before}T00:00:00+08:00`))
        print(`removed ${result.removed} entries; verification now starts after entry ${result.anchorSeq}`)
      })
    })

  return audit
}
