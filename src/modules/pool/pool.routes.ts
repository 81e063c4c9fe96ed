import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { resourceCode as code } from '../../api/schemas.ts'
import { InputError, NotAllowedError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { SOURCE_FORMATS, type SourceFormat } from './pool-load.ts'
import { canLoadFromPath } from './pool.policy.ts'
import { loadVersion, poolVersion, publishVersion, quarantinedRows, resourceVersions } from './pool.service.ts'

const versionId = z.string().regex(/^pv_[0-9a-z]{20}$/, 'a pool version id')
const acceptQuery = z.object({
  format: z.enum(SOURCE_FORMATS).optional(),
  accept: z.enum(['quarantine']).optional(),
}).strict()

/** The format a file is in: said explicitly, or by its extension. */
export function formatOf(name: string, declared: SourceFormat | undefined): SourceFormat {
  if (declared) return declared
  const ext = path.extname(name).toLowerCase()
  if (ext === '.csv') return 'csv'
  if (ext === '.parquet') return 'parquet'
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl'
  throw new InputError(`cannot tell the format of ${JSON.stringify(name.slice(0, 100))}: name it .csv, .parquet or .jsonl, or pass ?format=`)
}

export function stagingDir(platform: Platform): string {
  return path.join(platform.config.dataDir, 'staging')
}

export function poolRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/pool/resources/:code/versions',
    summary: 'Upload a new version of a resource (multipart, field "file"; the responsible source unit; art. 9)',
    description:
      'The file is checked against the published catalog entry. Without quarantined rows the version serves at once; with some it is held until accepted (or pass ?accept=quarantine).',
    tags: ['pool'],
    access: 'signed-in',
    status: 201,
    params: z.object({ code }).strict(),
    query: acceptQuery,
    handler: async ({ params, query }, ctx, request) => {
      if (!request.isMultipart()) throw new InputError('send the file as multipart/form-data, in a field named "file"')
      const part = await request.file({ limits: { fileSize: platform.config.uploadLimitBytes, files: 1 } })
      if (!part || part.fieldname !== 'file') throw new InputError('no file: send it in a field named "file"')
      const format = formatOf(part.filename, query.format)
      fs.mkdirSync(stagingDir(platform), { recursive: true })
      const staged = path.join(stagingDir(platform), `${newId('up')}.${format}`)
      try {
        await pipeline(part.file, fs.createWriteStream(staged, { mode: 0o600 }))
        if (part.file.truncated) {
          throw Object.assign(new Error(`the file exceeds the upload limit of ${platform.config.uploadLimitBytes} bytes`), { statusCode: 413 })
        }
        return await loadVersion(platform, ctx, params.code, {
          file: staged,
          format,
          kind: 'upload',
          name: path.basename(part.filename),
          acceptQuarantine: query.accept === 'quarantine',
        })
      } finally {
        fs.rmSync(staged, { force: true })
      }
    },
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/pool/resources/:code/versions/from-path',
    summary: 'Load a new version from a file in the platform\'s import directory (the operator)',
    tags: ['pool'],
    access: 'signed-in',
    status: 201,
    params: z.object({ code }).strict(),
    body: z
      .object({
        path: z.string().min(1).max(1000),
        format: z.enum(SOURCE_FORMATS).optional(),
        acceptQuarantine: z.boolean().default(false),
      })
      .strict(),
    handler: async ({ params, body }, ctx) => {
      if (!ctx.principal || !canLoadFromPath(ctx.principal)) throw new NotAllowedError('loads from a server path are for the operator')
      const file = importPath(platform, body.path)
      return loadVersion(platform, ctx, params.code, {
        file,
        format: formatOf(file, body.format),
        kind: 'path',
        name: path.basename(file),
        acceptQuarantine: body.acceptQuarantine,
      })
    },
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/pool/resources/:code/versions',
    summary: 'Versions of a resource with their quality reports (the source unit, the bureau, the operator, regulators)',
    tags: ['pool'],
    access: 'signed-in',
    params: z.object({ code }).strict(),
    handler: async ({ params }, ctx) => ({ versions: await resourceVersions(platform, ctx, params.code) }),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/pool/versions/:id',
    summary: 'One version and its quality report',
    tags: ['pool'],
    access: 'signed-in',
    params: z.object({ id: versionId }).strict(),
    handler: ({ params }, ctx) => poolVersion(platform, ctx, params.id),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/pool/versions/:id/quarantine',
    summary: 'Quarantined rows with their reasons (values only for the source unit that sent them)',
    tags: ['pool'],
    access: 'signed-in',
    params: z.object({ id: versionId }).strict(),
    query: z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(100) }).strict(),
    handler: async ({ params, query }, ctx) => ({ rows: await quarantinedRows(platform, ctx, params.id, query.limit) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/pool/versions/:id/publish',
    summary: 'Accept a held version, its quarantined rows set aside, as the one serving',
    tags: ['pool'],
    access: 'signed-in',
    params: z.object({ id: versionId }).strict(),
    handler: ({ params }, ctx) => publishVersion(platform, ctx, params.id),
  })
}

/**
 * A path inside the import directory, and only there: no traversal, no symbolic link out of
 * it. The operator places files there on the server.
 */
export function importPath(platform: Platform, requested: string): string {
  const root = fs.realpathSync(ensureDir(platform.config.importDir))
  const candidate = path.resolve(root, requested)
  let real: string
  try {
    real = fs.realpathSync(candidate)
  } catch {
    throw new InputError(`no file ${JSON.stringify(requested.slice(0, 200))} in the import directory`)
  }
  if (real !== root && !real.startsWith(root + path.sep)) {
    throw new InputError('the path leaves the import directory')
  }
  if (!fs.statSync(real).isFile()) throw new InputError('not a file')
  return real
}

function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true })
  return dir
}
