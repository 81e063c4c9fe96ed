import fs from 'node:fs'
import multipart from '@fastify/multipart'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance } from 'fastify'
import { auditRoutes } from '../modules/audit/audit.routes.ts'
import { authorizationRoutes } from '../modules/authorizations/authorization.routes.ts'
import { catalogRoutes } from '../modules/catalog/catalog.routes.ts'
import { flowRoutes } from '../modules/catalog/flows.routes.ts'
import { poolRoutes } from '../modules/pool/pool.routes.ts'
import { gatewayRoutes } from '../modules/gateway/gateway.routes.ts'
import { executeProduct } from '../modules/products/executor.ts'
import { productRoutes } from '../modules/products/product.routes.ts'
import { registrationRoutes } from '../modules/registration/registration.routes.ts'
import { ledgerRoutes } from '../modules/ledger/ledger.routes.ts'
import { destructionRoutes } from '../modules/destruction/destruction.routes.ts'
import { disclosureRoutes } from '../modules/disclosure/disclosure.routes.ts'
import { incidentRoutes } from '../modules/incidents/incident.routes.ts'
import { reportRoutes } from '../modules/reports/report.routes.ts'
import { maskingRoutes } from '../modules/masking/masking.routes.ts'
import { queryRoutes } from '../modules/domain/query.routes.ts'
import { identityRoutes } from '../modules/identity/identity.routes.ts'
import { scenarioRoutes } from '../modules/scenarios/scenario.routes.ts'
import { newId } from '../platform/ids.ts'
import type { Platform } from '../platform/platform.ts'
import { consoleRoutes } from './console.ts'
import { securityHeaders } from './security-headers.ts'
import { frameworkErrors, installErrorHandler } from './errors.ts'
import { systemRoutes } from './system.routes.ts'

export interface AppOptions {
  /** Request logs (pino); off in tests. Secrets are redacted either way. */
  readonly logger?: boolean
}

/** Builds the HTTP application; tests drive it with `app.inject()` without opening a port. */
export async function buildApp(platform: Platform, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = platform
  const app = Fastify({
    logger: options.logger
      ? {
          level: process.env.LOG_LEVEL ?? 'info',
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.secret'],
            censor: '[redacted]',
          },
        }
      : false,
    bodyLimit: config.bodyLimitBytes,
    frameworkErrors,
    trustProxy: config.trustProxy,
    genReqId: () => newId('req'),
    ...(config.tls
      ? { https: { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) } }
      : {}),
  })
  // zod validates inside each route (src/api/route.ts); the JSON schemas are for the document only.
  app.setValidatorCompiler(() => () => true)
  app.decorateRequest('principal', null)
  installErrorHandler(app, platform)

  securityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.tls !== undefined,
  })
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `too many requests: at most ${context.max} per ${context.after === '1 minute' ? 'minute' : 'window'}; retry in ${context.after}`,
    }),
  })
  await app.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 5, parts: 6 } })
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'shuyu 数域 API',
        description: 'The authorized operation of public data (公共数据资源授权运营), to the Zhangjiakou measures.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true })

  systemRoutes(app, platform)
  identityRoutes(app, platform)
  auditRoutes(app, platform)
  catalogRoutes(app, platform)
  flowRoutes(app, platform)
  poolRoutes(app, platform)
  scenarioRoutes(app, platform)
  authorizationRoutes(app, platform)
  queryRoutes(app, platform)
  maskingRoutes(app, platform)
  productRoutes(app, platform)
  registrationRoutes(app, platform)
  gatewayRoutes(app, platform, executeProduct)
  ledgerRoutes(app, platform)
  destructionRoutes(app, platform)
  disclosureRoutes(app, platform)
  incidentRoutes(app, platform)
  reportRoutes(app, platform)
  await consoleRoutes(app)
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  return app
}
