import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { objectId, text } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { WORKSPACE_ID_PATTERN } from '../authorizations/workspace.ts'
import { INCIDENT_CATEGORIES, INCIDENT_SEVERITIES, INCIDENT_STATUSES } from './incident.ts'
import { evaluate, evaluationCriteria, getEvaluation, listEvaluations } from './evaluation.service.ts'
import { escalateIncident, fileEmergencyPlan, getIncident, listEmergencyPlans, listIncidents, recordStep, reportIncident, suspendForIncident } from './incident.service.ts'

const incidentId = z.object({ id: objectId('inc') }).strict()
const hash = z.string().regex(/^[0-9a-f]{64}$/, 'the document\'s SM3 or SHA-256 hash: 64 lowercase hex characters')
const day = z.iso.date()

export function incidentRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'PUT',
    url: '/api/v1/emergency-plans',
    summary: 'File a new version of your organization\'s emergency plan (the operator, developers; art. 13(1), 14(1))',
    tags: ['supervision'],
    access: 'signed-in',
    body: z.object({ title: text(200), summary: text(4000), documentHash: hash }).strict(),
    handler: ({ body }, ctx) => fileEmergencyPlan(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/emergency-plans',
    summary: 'Emergency plans on file (the latest of each organization): all for the office, regulators and the operator; your own otherwise',
    tags: ['supervision'],
    access: 'signed-in',
    handler: async (_input, ctx) => ({ plans: await listEmergencyPlans(platform, ctx) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/incidents',
    summary: 'Report a security incident: a developer to the operator (art. 14(1)), the operator to the office (art. 13(1))',
    tags: ['supervision'],
    access: 'signed-in',
    status: 201,
    body: z
      .object({
        workspaceId: z.string().regex(WORKSPACE_ID_PATTERN).optional(),
        severity: z.enum(INCIDENT_SEVERITIES),
        category: z.enum(INCIDENT_CATEGORIES),
        title: text(200),
        description: text(10_000),
        occurredAt: z.iso.datetime({ offset: true }),
      })
      .strict(),
    handler: ({ body }, ctx) => reportIncident(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/incidents',
    summary: 'Incidents you reported or received; all for the office and regulators',
    tags: ['supervision'],
    access: 'signed-in',
    query: z.object({ status: z.enum(INCIDENT_STATUSES).optional() }).strict(),
    handler: async ({ query }, ctx) => ({ incidents: await listIncidents(platform, ctx, query) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/incidents/:id',
    summary: 'One incident with its handling steps',
    tags: ['supervision'],
    access: 'signed-in',
    params: incidentId,
    handler: ({ params }, ctx) => getIncident(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/incidents/:id/steps',
    summary: 'Record a handling step (the reporter or the receiver); kind acknowledge or close is the receiver\'s, close states the root cause',
    tags: ['supervision'],
    access: 'signed-in',
    params: incidentId,
    body: z.object({ kind: z.enum(['acknowledge', 'step', 'close']), action: text(4000), rootCause: text(4000).optional() }).strict(),
    handler: ({ params, body }, ctx) => recordStep(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/incidents/:id/escalation',
    summary: 'Pass a developer\'s incident on to the office as the operator\'s report (the operator)',
    tags: ['supervision'],
    access: 'signed-in',
    status: 201,
    params: incidentId,
    body: z.object({ note: text(4000) }).strict(),
    handler: ({ params, body }, ctx) => escalateIncident(platform, ctx, params.id, body.note),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/incidents/:id/suspension',
    summary: 'Suspend the authorization the incident concerns, for rectification (the receiver or the office; art. 34)',
    tags: ['supervision'],
    access: 'signed-in',
    params: incidentId,
    body: z.object({ reason: text(2000), rectificationDeadline: day.optional() }).strict(),
    handler: ({ params, body }, ctx) => suspendForIncident(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/evaluation-criteria',
    summary: 'The published criteria of the periodic evaluation (art. 33) and the ratings',
    tags: ['supervision'],
    access: 'public',
    handler: async () => evaluationCriteria(),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/evaluations',
    summary: 'Evaluate the operator or a developer for a past year from the records (the bureau or the office; art. 33): the basis of renewal, termination or revocation',
    tags: ['supervision'],
    access: 'signed-in',
    status: 201,
    body: z.object({ subjectOrgId: z.string().min(1).max(100), year: z.int().min(2025).max(2100), note: text(4000) }).strict(),
    handler: ({ body }, ctx) => evaluate(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/evaluations',
    summary: 'Evaluations: all for the bureau, the office, regulators and the operator; an organization its own',
    tags: ['supervision'],
    access: 'signed-in',
    handler: async (_input, ctx) => ({ evaluations: await listEvaluations(platform, ctx) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/evaluations/:id',
    summary: 'One evaluation with its evidence and scores',
    tags: ['supervision'],
    access: 'signed-in',
    params: z.object({ id: objectId('eva') }).strict(),
    handler: ({ params }, ctx) => getEvaluation(platform, ctx, params.id),
  })
}
