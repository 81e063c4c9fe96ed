import { Command } from 'commander'
import { loadPolicyPack, packValidity } from '../modules/policy/policy-pack.ts'
import { print } from './host.ts'

export function policyCommand(): Command {
  const policy = new Command('policy').description('the policy pack: the rules of the measures as data')
  policy
    .command('show')
    .description('show the active pack, its validity and its rules')
    .option('--json', 'the whole pack as JSON')
    .option('--rule <id>', 'one rule')
    .action((o: { json?: boolean; rule?: string }) => {
      const pack = loadPolicyPack()
      const validity = packValidity(pack, new Date())
      if (o.json) return print(JSON.stringify({ pack, validity }, null, 2))
      if (o.rule) {
        const rule = pack.rules.find((r) => r.id === o.rule)
        if (!rule) throw new Error(`no rule ${o.rule} in ${pack.id}`)
        return print(`${rule.id}  ${rule.articleLabel} ${rule.title}\n${rule.text}\n${rule.summaryEn}`)
      }
      print(`${pack.id} ${pack.version}  ${pack.title} (${pack.documentNumber})`)
      print(`valid ${pack.validFrom} to ${pack.validTo}: ${validity.status}, ${validity.daysRemaining} days remaining`)
      if (validity.warning) print(`WARNING: ${validity.warning}`)
      print('parameters: ' + Object.entries(pack.params).map(([k, v]) => `${k}=${v}`).join(', '))
      for (const rule of pack.rules) print(`${rule.id.padEnd(44)} ${rule.articleLabel}  ${rule.title}`)
    })
  return policy
}
