import type { FastifyRequest } from 'fastify'
import type { Principal } from '../modules/identity/identity.ts'
import type { RequestContext } from '../modules/identity/identity.service.ts'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
}

export function requestContext(request: FastifyRequest): RequestContext {
  return {
    ...(request.principal ? { principal: request.principal } : {}),
    sourceIp: request.ip ?? null,
    requestId: request.id,
  }
}
