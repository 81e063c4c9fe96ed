import type { FastifyInstance } from 'fastify'
import { packValidity } from '../modules/policy/policy-pack.ts'
import type { Platform } from '../platform/platform.ts'
import { defineRoute } from './route.ts'

export function systemRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'GET',
    url: '/healthz',
    summary: 'Liveness: the store answers; the policy pack\'s validity, with a warning as it nears lapse',
    tags: ['system'],
    access: 'public',
    handler: async () => {
      await platform.store.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow()
      const validity = packValidity(platform.pack, platform.clock())
      return {
        status: 'ok',
        store: platform.store.dialect,
        policyPack: { id: platform.pack.id, version: platform.pack.version, ...validity },
        demoData: platform.background.demoData,
        ...(validity.warning ? { warnings: [validity.warning] } : {}),
      }
    },
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/policy',
    summary: 'The active policy pack: every rule the platform enforces, with its article (public)',
    tags: ['policy'],
    access: 'public',
    handler: async () => ({ pack: platform.pack, validity: packValidity(platform.pack, platform.clock()) }),
  })
}
