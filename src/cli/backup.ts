import { Command } from 'commander'
import { recordAudit } from '../modules/audit/audit.service.ts'
import { auditActor, hostContext } from '../modules/identity/identity.service.ts'
import { backupTo, MASTER_KEY_NOTICE, restoreFrom, type BackupManifest, type RestoreResult } from '../platform/backup.ts'
import { configFromEnv } from '../platform/config.ts'
import { print, withPlatform } from './host.ts'

export function backupCommand(): Command {
  return new Command('backup')
    .description('copy the embedded store (online, while the server runs) and the pool files it names into a new directory; not the master key')
    .argument('<dir>', 'a new or empty directory')
    .action(async (dir: string) => {
      await withPlatform(async (platform) => {
        const manifest = await backupTo(platform, dir)
        // A backup is a copy of every record leaving the platform: the live log says who took it.
        await recordAudit(platform, auditActor(hostContext('cli')), {
          eventType: 'backup.create',
          action: 'backup',
          result: 'success',
          detail: { dir, headSeq: manifest.audit.headSeq, files: manifest.files.length, bytes: totalBytes(manifest) },
        })
        printBackup(dir, manifest)
      })
    })
}

export function restoreCommand(): Command {
  return new Command('restore')
    .description('restore a backup into the data directory (stop the server first), then verify the audit chain; exits 1 if it fails')
    .argument('<dir>', 'a directory written by shuyu backup')
    .option('--force', 'move an existing database and pool aside (timestamped, never deleted) instead of refusing')
    .action(async (dir: string, o: { force?: boolean }) => {
      const result = await restoreFrom(configFromEnv(process.env), dir, { force: Boolean(o.force) })
      printRestore(result)
      if (!result.ok) {
        process.exitCode = 1
        return
      }
      // Opening the platform without its key would create a new one: record only with the right key.
      if (result.masterKey !== 'matches') return
      await withPlatform((platform) =>
        recordAudit(platform, auditActor(hostContext('cli')), {
          eventType: 'backup.restore',
          action: 'restore',
          result: 'success',
          detail: { dir, createdAt: result.manifest.createdAt, headSeq: result.manifest.audit.headSeq },
        }),
      )
    })
}

function totalBytes(manifest: BackupManifest): number {
  return manifest.files.reduce((sum, file) => sum + file.bytes, 0)
}

function printBackup(dir: string, manifest: BackupManifest): void {
  const { audit } = manifest
  print(`backup written to ${dir}: ${manifest.files.length} files (the database and ${manifest.files.length - 1} pool files), ${totalBytes(manifest)} bytes`)
  print(`audit chain head at backup: entry ${audit.headSeq} (${audit.headHash}), ${audit.entries} entries`)
  print(MASTER_KEY_NOTICE)
}

function printRestore(result: RestoreResult): void {
  const { audit, manifest } = result
  for (const moved of result.movedAside) print(`moved aside: ${moved}`)
  print(`restored ${manifest.files.length} files from the backup of ${manifest.createdAt} into ${result.dataDir}`)
  if (audit.ok) print(`audit log verified: ${audit.entries} entries (${audit.anchorSeq + 1}..${audit.headSeq}), ${audit.checkpoints} signed checkpoints`)
  else print(`AUDIT LOG BROKEN at entry ${audit.firstBreak!.seq}: ${audit.firstBreak!.message}`)
  print(result.headMatches
    ? `audit chain head matches the backup's: entry ${manifest.audit.headSeq}`
    : `AUDIT HEAD DIFFERS from the backup's entry ${manifest.audit.headSeq} (${manifest.audit.headHash})`)
  print(masterKeyLine(result))
}

function masterKeyLine(result: RestoreResult): string {
  switch (result.masterKey) {
    case 'matches':
      return 'master key: present, and it opens the restored keys'
    case 'mismatch':
      return 'MASTER KEY MISMATCH: the key on this host does not open the restored keys; put the key kept with this backup in place'
    case 'absent':
      return `master key: none here yet; before starting the server put the key kept with this backup at ${result.dataDir}/master.key (mode 0600) or set SHUYU_MASTER_KEY, or a new key is created that opens nothing`
    case 'unchecked':
      return 'master key: present; the store holds no wrapped key to try it on'
  }
}
