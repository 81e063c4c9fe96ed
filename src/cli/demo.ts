import { Command } from 'commander'
import { seedDemoWorld } from '../modules/demo/demo-world.ts'
import { InputError } from '../platform/errors.ts'
import { print, withPlatform } from './host.ts'

export function demoCommand(): Command {
  return new Command('demo')
    .description('generate the demo world (DEMO-WORLD.md) inside the engine and load it into the pool')
    .option('--scale <n>', 'size: 1 is the default world, 10 ten times larger', '1')
    .option('--seed <s>', 'the same seed gives the same bytes', '1')
    .option('--reload', 'load new versions even where the pool already holds data')
    .action(async (o: { scale: string; seed: string; reload?: boolean }) => {
      const scale = Number(o.scale)
      const seed = Number(o.seed)
      if (!(scale > 0 && scale <= 200)) throw new InputError('--scale is a number above 0, at most 200')
      if (!Number.isSafeInteger(seed)) throw new InputError('--seed is an integer')
      await withPlatform(async (platform) => {
        const started = Date.now()
        await seedDemoWorld(platform, { scale, seed, reload: o.reload === true, log: print })
        print(`demo world ready in ${((Date.now() - started) / 1000).toFixed(1)} s (passwords: demo-<username>)`)
      })
    })
}
