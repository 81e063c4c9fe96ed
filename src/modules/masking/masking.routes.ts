import path from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { objectId, text } from '../../api/schemas.ts'
import { InputError } from '../../platform/errors.ts'
import type { Platform } from '../../platform/platform.ts'
import { usableWorkspace } from '../authorizations/workspace.service.ts'
import { WORKSPACE_ID_PATTERN } from '../authorizations/workspace.ts'
import { columnActionSchema, PROVIDER_KINDS, type ImportSource } from './import.ts'
import { createImport, decideImport, getImport, IMPORT_DECISIONS, listImports, setImportPlan, submitImport, withdrawImport } from './import.service.ts'
import { getMaskingPolicy, setMaskingPolicy } from './masking.service.ts'
import { maskingOperatorSchema } from './operators.ts'
import { COLUMN_NAME, RECORD_FORMATS, type RecordFormat } from './records.ts'

const workspaceId = z.string().regex(WORKSPACE_ID_PATTERN, 'a workspace id like fin-credit')
const importId = objectId('imp')
const columnName = z.string().regex(COLUMN_NAME, 'a column name in snake_case')

/** Imports are read whole into memory to be scanned and encrypted: a tighter limit than pool loads. */
const IMPORT_LIMIT_BYTES = 50 * 1024 * 1024

const sourceSchema = z
  .object({
    provider: text(200),
    providerKind: z.enum(PROVIDER_KINDS),
    legalBasis: text(1000),
    description: text(2000),
  })
  .strict()

const planSchema = z
  .object({
    columns: z.record(columnName, columnActionSchema),
    quasiIdentifiers: z.array(columnName).min(1, 'name the quasi-identifiers: the columns that together could single someone out').max(20),
    k: z.int().min(2).max(1000),
    suppressionLimit: z.number().min(0).max(0.2).default(0.05),
    identifiers: z.array(columnName).max(20).default([]),
  })
  .strict()

export function maskingRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/workspaces/:id/masking',
    summary: 'The workspace’s masking policy: which columns the gate and the sandbox see masked, and how (art. 19)',
    tags: ['masking'],
    access: 'signed-in',
    params: z.object({ id: workspaceId }).strict(),
    handler: ({ params }, ctx) => getMaskingPolicy(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'PUT',
    url: '/api/v1/workspaces/:id/masking',
    summary: 'Replace the workspace’s masking policy (the operator of its agreement)',
    description: 'Each rule names a column the workspace holds and an operator that applies to its type; keyed operators (pseudonym, encrypt, date-shift) use the workspace’s key.',
    tags: ['masking'],
    access: 'signed-in',
    params: z.object({ id: workspaceId }).strict(),
    body: z
      .object({
        rules: z
          .array(z.object({ table: columnName, column: columnName, operator: maskingOperatorSchema, context: columnName.optional() }).strict())
          .max(500),
      })
      .strict(),
    handler: ({ params, body }, ctx) => setMaskingPolicy(platform, ctx, params.id, body.rules),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/workspaces/:id/imports',
    summary: 'Upload social data to import into the workspace (multipart: fields table, provider, providerKind, legalBasis, description, then file; the developer; art. 20)',
    description:
      'CSV with a header row or JSON Lines, UTF-8, at most 50 MB. The file is scanned for identifiers and stored encrypted; the answer proposes a de-identification plan. Nothing can query it until the office approves.',
    tags: ['masking'],
    access: 'signed-in',
    status: 201,
    params: z.object({ id: workspaceId }).strict(),
    handler: async ({ params }, ctx, request) => {
      // Who may upload is settled before a byte of the file is read.
      await usableWorkspace(platform, ctx, params.id)
      const upload = await readImportUpload(request, Math.min(IMPORT_LIMIT_BYTES, platform.config.uploadLimitBytes))
      return createImport(platform, ctx, params.id, upload)
    },
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/workspaces/:id/imports',
    summary: 'The workspace’s imports of social data and their status',
    tags: ['masking'],
    access: 'signed-in',
    params: z.object({ id: workspaceId }).strict(),
    handler: async ({ params }, ctx) => ({ imports: await listImports(platform, ctx, params.id) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/imports/:id',
    summary: 'One import: its scan, plan, checks, decision and destruction record',
    tags: ['masking'],
    access: 'signed-in',
    params: z.object({ id: importId }).strict(),
    handler: ({ params }, ctx) => getImport(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'PUT',
    url: '/api/v1/imports/:id/plan',
    summary: 'Set the de-identification plan: it is applied at once, the result rescanned and checked for k-anonymity (the developer)',
    tags: ['masking'],
    access: 'signed-in',
    params: z.object({ id: importId }).strict(),
    body: planSchema,
    handler: ({ params, body }, ctx) => setImportPlan(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/imports/:id/submit',
    summary: 'Submit a de-identified import to the office (the developer); refused while its checks fail',
    tags: ['masking'],
    access: 'signed-in',
    params: z.object({ id: importId }).strict(),
    handler: ({ params }, ctx) => submitImport(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/imports/:id/decision',
    summary: 'Approve, return or reject a submitted import (the office; art. 20). Rejection destroys it',
    tags: ['masking'],
    access: 'signed-in',
    params: z.object({ id: importId }).strict(),
    body: z.object({ decision: z.enum(IMPORT_DECISIONS), note: text(2000) }).strict(),
    handler: ({ params, body }, ctx) => decideImport(platform, ctx, params.id, body),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/imports/:id/withdrawal',
    summary: 'Withdraw an import (the developer): its keys are destroyed and its files deleted',
    tags: ['masking'],
    access: 'signed-in',
    params: z.object({ id: importId }).strict(),
    body: z.object({ reason: text(1000) }).strict(),
    handler: ({ params, body }, ctx) => withdrawImport(platform, ctx, params.id, body.reason),
  })
}

/** The multipart upload: the source fields, the table name and one file, read into memory within the limit. */
async function readImportUpload(request: FastifyRequest, limit: number) {
  if (!request.isMultipart()) throw new InputError('send the upload as multipart/form-data: fields table, provider, providerKind, legalBasis, description, and the file in a field named "file"')
  const fields: Record<string, string> = {}
  let file: { name: string; bytes: Buffer } | undefined
  for await (const part of request.parts({ limits: { fileSize: limit, files: 1, fields: 10, fieldSize: 4096 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') throw new InputError(`unexpected file field ${JSON.stringify(part.fieldname.slice(0, 40))}: send the file in a field named "file"`)
      const bytes = await part.toBuffer().catch((error: unknown) => {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw Object.assign(new Error(`the file exceeds the import limit of ${limit} bytes`), { statusCode: 413 })
        throw error
      })
      file = { name: path.basename(part.filename || 'upload'), bytes }
    } else {
      fields[part.fieldname] = String(part.value)
    }
  }
  if (!file) throw new InputError('no file: send it in a field named "file"')
  const table = columnName.safeParse(fields['table'])
  if (!table.success) throw new InputError('field table: the name of the imported table, lower snake case', [{ path: 'table', message: 'invalid or missing' }])
  const source = sourceSchema.safeParse({ provider: fields['provider'], providerKind: fields['providerKind'], legalBasis: fields['legalBasis'], description: fields['description'] })
  if (!source.success) {
    const issue = source.error.issues[0]!
    throw new InputError(`field ${issue.path.join('.')}: ${issue.message} (art. 20: imported data must come from a lawful source, named with its legal basis)`, [{ path: issue.path.join('.'), message: issue.message }])
  }
  return { table: table.data, source: source.data as ImportSource, fileName: file.name, format: formatOf(file.name, fields['format']), bytes: file.bytes }
}

function formatOf(name: string, declared: string | undefined): RecordFormat {
  if (declared !== undefined) {
    if ((RECORD_FORMATS as readonly string[]).includes(declared)) return declared as RecordFormat
    throw new InputError(`format is csv or jsonl, not ${JSON.stringify(declared.slice(0, 20))}`)
  }
  const ext = path.extname(name).toLowerCase()
  if (ext === '.csv') return 'csv'
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl'
  throw new InputError(`cannot tell the format of ${JSON.stringify(name.slice(0, 100))}: name it .csv or .jsonl, or send a field format`)
}
