import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { InputError, RuleViolation } from '../../platform/errors.ts'
import { fieldExclusion, type CatalogResourceInput } from '../catalog/catalog.ts'
import { publishedContent, publishedContents } from '../catalog/catalog.service.ts'
import { assertSharedDataConsent } from '../catalog/flows.service.ts'
import type { CatalogResourceRow } from '../catalog/catalog.table.ts'
import { assertRowFilterShape, type ScenarioNeed, type ScopeItem } from './authorization.ts'
import type { WorkspaceTable } from './workspace.ts'

interface Published {
  readonly row: CatalogResourceRow
  readonly content: CatalogResourceInput
}

/** A resource as the unified catalog publishes it now, or an input error naming where it was asked for. */
export async function publishedForScope(db: Kysely<Database>, code: string, path: string): Promise<Published> {
  const published = await publishedContent(db, code)
  if (!published) throw new InputError(`resource ${code} is not in the city catalog`, [{ path, message: 'unknown resource' }])
  return published
}

/**
 * Art. 15: nothing the measures exclude enters authorized operation. A scenario's needs and an
 * agreement's scope name only published, authorizable resources and fields that are neither
 * excluded nor identify a person.
 */
export async function assertAuthorizable(
  db: Kysely<Database>,
  wanted: readonly { resourceCode: string; fields: readonly string[] }[],
  path: string,
): Promise<Map<string, Published>> {
  const resources = new Map<string, Published>()
  for (const [i, item] of wanted.entries()) {
    if (resources.has(item.resourceCode)) throw new InputError(`${item.resourceCode} is listed twice`, [{ path: `${path}.${i}.resourceCode`, message: 'duplicate' }])
    const published = await publishedForScope(db, item.resourceCode, `${path}.${i}.resourceCode`)
    const { row, content } = published
    if (row.authorizable !== 1) {
      const why = content.exclusion ? `${content.exclusion.reason}: ${content.exclusion.note}` : 'excluded'
      throw new RuleViolation('art15.excluded-data', `${item.resourceCode} (${content.name}) is excluded from authorized operation (${why})`)
    }
    if (new Set(item.fields).size !== item.fields.length) throw new InputError(`${item.resourceCode}: a field is listed twice`, [{ path: `${path}.${i}.fields`, message: 'duplicate' }])
    for (const [j, name] of item.fields.entries()) {
      const field = content.fields.find((f) => f.name === name)
      if (!field) throw new InputError(`${item.resourceCode} has no field ${name}`, [{ path: `${path}.${i}.fields.${j}`, message: 'unknown field' }])
      const exclusion = fieldExclusion(field)
      if (exclusion) throw new RuleViolation('art15.excluded-data', `${content.tableName}.${name} (${field.title}) may not enter authorized operation: ${exclusion}`)
    }
    resources.set(item.resourceCode, published)
  }
  return resources
}

export function needsAsWanted(needs: readonly ScenarioNeed[]): { resourceCode: string; fields: string[] }[] {
  return needs.map((n) => ({ resourceCode: n.resourceCode, fields: n.fields.map((f) => f.name) }))
}

/**
 * An agreement's scope: authorizable (art. 15), inside the operator's own grant (art. 11),
 * limited to what the approved scenario justified (least necessary, art. 14(3)), shared data
 * only with its provider's consent (art. 15), row filters on real columns.
 */
export async function assertScopeAllowed(
  db: Kysely<Database>,
  scope: readonly ScopeItem[],
  limits: { operatorScope: readonly string[]; scenarioCode: string; scenarioNeeds: readonly ScenarioNeed[]; today: string },
): Promise<void> {
  if (scope.length === 0) throw new InputError('the scope names no resource', [{ path: 'body.scope', message: 'empty' }])
  const resources = await assertAuthorizable(db, scope, 'body.scope')
  for (const [i, item] of scope.entries()) {
    if (!limits.operatorScope.includes(item.resourceCode)) {
      throw new RuleViolation('art11.within-operator-authorization', `${item.resourceCode} is not among the resources the data bureau granted the operator`)
    }
    const need = limits.scenarioNeeds.find((n) => n.resourceCode === item.resourceCode)
    const beyond = item.fields.filter((f) => !need?.fields.some((nf) => nf.name === f))
    if (beyond.length > 0) {
      throw new RuleViolation(
        'art14.least-necessary',
        `scenario ${limits.scenarioCode} justified no need for ${item.resourceCode} ${beyond.join(', ')}: the scope holds only the fields the approved scenario needs`,
      )
    }
    const { content } = resources.get(item.resourceCode)!
    for (const [j, filter] of item.rowFilters.entries()) {
      if (!content.fields.some((f) => f.name === filter.column)) {
        throw new InputError(`${item.resourceCode} has no column ${filter.column} to filter rows on`, [{ path: `body.scope.${i}.rowFilters.${j}.column`, message: 'unknown column' }])
      }
      assertRowFilterShape(filter, `body.scope.${i}.rowFilters.${j}`)
    }
    await assertSharedDataConsent(db, item.resourceCode, limits.today)
  }
}

/** The scope as the workspace shows it: pool tables and the granted fields with their titles. */
export async function workspaceTables(db: Kysely<Database>, scope: readonly ScopeItem[]): Promise<WorkspaceTable[]> {
  const tables: WorkspaceTable[] = []
  const published = await publishedContents(db, scope.map((item) => item.resourceCode))
  for (const item of scope) {
    const found = published.get(item.resourceCode)
    if (!found) throw new InputError(`resource ${item.resourceCode} is not in the city catalog`, [{ path: 'scope', message: 'unknown resource' }])
    const { content } = found
    tables.push({
      resourceCode: item.resourceCode,
      table: content.tableName,
      resourceName: content.name,
      fields: item.fields.map((name) => {
        const field = content.fields.find((f) => f.name === name)
        return { name, title: field?.title ?? name, dataType: field?.dataType ?? 'string', identifier: field?.identifier ?? false }
      }),
      key: content.fields.filter((f) => f.key).map((f) => f.name),
      rowFilters: item.rowFilters,
    })
  }
  return tables
}
