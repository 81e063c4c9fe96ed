import { Command, Option } from 'commander'
import { auditCommand } from './audit.ts'
import { backupCommand, restoreCommand } from './backup.ts'
import { agreementsCommand, callsCommand, operatorsCommand, scenariosCommand, workspacesCommand } from './authorizations.ts'
import { catalogCommand } from './catalog.ts'
import { deidCommand } from './deid.ts'
import { demoCommand } from './demo.ts'
import { maskCommand } from './mask.ts'
import { modelsCommand, productsCommand, registrationsCommand } from './products.ts'
import { policyCommand } from './policy.ts'
import { poolCommand } from './pool.ts'
import { queryCommand } from './query.ts'
import { reportsCommand } from './reports.ts'
import { serve } from './serve.ts'
import { usersCommand } from './users.ts'

// `shuyu … | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

const program = new Command()
  .name('shuyu')
  .description('数域 shuyu: the authorized operation of public data (公共数据资源授权运营)')
  .showHelpAfterError()

program
  .command('serve')
  .description('serve the platform (demo world on unless SHUYU_DEMO=0)')
  .addOption(new Option('--port <port>', 'port to listen on').env('PORT'))
  .addOption(new Option('--host <host>', 'address to listen on').env('HOST'))
  .action(async (options: { port?: string; host?: string }) => {
    await serve({ ...process.env, ...(options.port ? { PORT: options.port } : {}), ...(options.host ? { HOST: options.host } : {}) })
  })

program.addCommand(usersCommand())
program.addCommand(auditCommand())
program.addCommand(policyCommand())
program.addCommand(poolCommand())
program.addCommand(demoCommand())
program.addCommand(queryCommand())
program.addCommand(catalogCommand())
program.addCommand(operatorsCommand())
program.addCommand(scenariosCommand())
program.addCommand(callsCommand())
program.addCommand(agreementsCommand())
program.addCommand(workspacesCommand())
program.addCommand(backupCommand()).addCommand(restoreCommand())
program.addCommand(maskCommand())
program.addCommand(deidCommand())
program.addCommand(modelsCommand())
program.addCommand(productsCommand())
program.addCommand(registrationsCommand())
program.addCommand(reportsCommand())

try {
  await program.parseAsync(process.argv)
} catch (error) {
  process.stderr.write(`shuyu: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
