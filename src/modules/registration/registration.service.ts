import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/database.ts'
import { ConflictError, InputError, NotAllowedError, NotFoundError, RuleViolation } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Platform } from '../../platform/platform.ts'
import { chinaDate, chinaTime } from '../../platform/time.ts'
import type { AuditActor } from '../audit/audit.ts'
import { appendAudit } from '../audit/audit.service.ts'
import { actsForOrganization } from '../identity/identity.ts'
import { actingPrincipal, auditActor, type RequestContext } from '../identity/identity.service.ts'
import { countedTypes, identifiersIn } from '../masking/detectors.ts'
import { assertProductTransition, type ProductStatus } from '../products/product.ts'
import {
  assertChangesFitKind,
  assertFirstRegistrationFits,
  assertIssuable,
  assertNoneInProgress,
  assertNoticeOpen,
  assertRegistrationTransition,
  IN_PROGRESS_STATUSES,
  newRegistrationCode,
  noticeEndsOn,
  publicFacts,
  REGISTRATION_CODE_PATTERN,
  type AcceptanceDecision,
  type ObjectionDecision,
  type ObjectionStatus,
  type RegisteredFacts,
  type RegistrationChange,
  type RegistrationDocument,
  type RegistrationKind,
  type RegistrationStatus,
  type RegistrationStep,
  type ReviewDecision,
  type SubjectType,
} from './registration.ts'
import { canApplyForProduct, canApplyForResource, canSeeAllRegistrations, canSeeRegistration, isApplicantOf, isRegistrationAgency } from './registration.policy.ts'
import type { RegistrationObjectionRow, RegistrationRow } from './registration.table.ts'

/**
 * The registration workflow (art. 22, after the national 公共数据资源登记管理暂行办法). The
 * developer registers its products, the operator the resources it operates; the city data
 * bureau, as registration agency, accepts, reviews, publishes a notice, resolves objections and
 * issues the registration code. Every step is a compare-and-set with its audit entry.
 */

export interface Registration {
  readonly id: string
  readonly kind: RegistrationKind
  readonly subject: { readonly type: SubjectType; readonly code: string }
  readonly status: RegistrationStatus
  readonly applicantOrgId: string
  readonly appliedBy: string
  readonly appliedAt: string
  readonly facts: RegisteredFacts
  readonly rights: string
  readonly documents: readonly RegistrationDocument[]
  readonly changes: readonly RegistrationChange[] | null
  readonly firstRegistrationId: string | null
  readonly registrationCode: string | null
  readonly noticeStartedOn: string | null
  readonly noticeEndsOn: string | null
  readonly registeredOn: string | null
  readonly cancelledOn: string | null
  readonly history: readonly RegistrationStep[]
  readonly updatedAt: string
  readonly objections: readonly Objection[]
}

/** An objection as the caller may see it: the objector's name and contact only for the authorities. */
export interface Objection {
  readonly id: string
  readonly name: string | null
  readonly contact: string | null
  readonly reason: string
  readonly filedAt: string
  readonly status: ObjectionStatus
  readonly resolvedAt: string | null
  readonly resolutionNote: string | null
}

export interface NewRegistration {
  readonly subjectType: SubjectType
  readonly subjectCode: string
  readonly kind: RegistrationKind
  readonly rights: string
  readonly documents: readonly RegistrationDocument[]
  readonly changes?: readonly RegistrationChange[] | undefined
}

export interface Resubmission {
  readonly rights?: string | undefined
  readonly documents?: readonly RegistrationDocument[] | undefined
  readonly changes?: readonly RegistrationChange[] | undefined
  readonly note: string
}

// ---------------------------------------------------------------------------- reading

/**
 * An objector may write its ID number or phone into the reason: the applicant reads the reason,
 * to answer it, but not who the objector is, so personal identifiers in it are blanked for it.
 */
function withoutPersonalIdentifiers(text: string): string {
  let out = text
  // Findings come by position: blanked from the last, the earlier positions stay right.
  for (const f of identifiersIn(text).reverse()) out = `${out.slice(0, f.start)}[${f.type}]${out.slice(f.end)}`
  return out
}

function toObjection(row: RegistrationObjectionRow, showObjector: boolean): Objection {
  return {
    id: row.id,
    name: showObjector ? row.name : null,
    contact: showObjector ? row.contact : null,
    reason: showObjector ? row.reason : withoutPersonalIdentifiers(row.reason),
    filedAt: row.filed_at,
    status: row.status as ObjectionStatus,
    resolvedAt: row.resolved_at,
    resolutionNote: row.resolution_note,
  }
}

function toRegistration(row: RegistrationRow, objections: readonly Objection[]): Registration {
  return {
    id: row.id,
    kind: row.kind as RegistrationKind,
    subject: { type: row.subject_type as SubjectType, code: row.subject_code },
    status: row.status as RegistrationStatus,
    applicantOrgId: row.applicant_org_id,
    appliedBy: row.applied_by,
    appliedAt: row.applied_at,
    facts: JSON.parse(row.facts) as RegisteredFacts,
    rights: row.rights,
    documents: JSON.parse(row.documents) as RegistrationDocument[],
    changes: row.changes === null ? null : (JSON.parse(row.changes) as RegistrationChange[]),
    firstRegistrationId: row.first_registration_id,
    registrationCode: row.registration_code,
    noticeStartedOn: row.notice_started_on,
    noticeEndsOn: row.notice_ends_on,
    registeredOn: row.registered_on,
    cancelledOn: row.cancelled_on,
    history: JSON.parse(row.history) as RegistrationStep[],
    updatedAt: row.updated_at,
    objections,
  }
}

async function findRegistration(db: Kysely<Database>, id: string): Promise<RegistrationRow | undefined> {
  return db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst()
}

async function objectionsOf(db: Kysely<Database>, registrationId: string): Promise<RegistrationObjectionRow[]> {
  return db.selectFrom('registration_objections').selectAll().where('registration_id', '=', registrationId).orderBy('filed_at').orderBy('id').execute()
}

/** A registration the caller may see, or NotFoundError as if it did not exist. */
async function visibleRow(platform: Platform, ctx: RequestContext, id: string): Promise<RegistrationRow> {
  const p = actingPrincipal(ctx)
  const row = await findRegistration(platform.store.db, id)
  if (!row || !canSeeRegistration(p, row)) throw new NotFoundError(`no registration ${id}`)
  return row
}

async function withObjections(platform: Platform, ctx: RequestContext, row: RegistrationRow): Promise<Registration> {
  const show = ctx.principal ? canSeeAllRegistrations(ctx.principal) : false
  const objections = await objectionsOf(platform.store.db, row.id)
  return toRegistration(row, objections.map((o) => toObjection(o, show)))
}

export async function getRegistration(platform: Platform, ctx: RequestContext, id: string): Promise<Registration> {
  return withObjections(platform, ctx, await visibleRow(platform, ctx, id))
}

/** The caller's registrations: its organization's, or all of them for the bureau, the office and regulators. */
export async function listRegistrations(platform: Platform, ctx: RequestContext, filter: { status?: RegistrationStatus | undefined }): Promise<Registration[]> {
  const p = actingPrincipal(ctx)
  let query = platform.store.db.selectFrom('registrations').selectAll()
  if (!canSeeAllRegistrations(p)) {
    if (!actsForOrganization(p)) return []
    query = query.where('applicant_org_id', '=', p.orgId)
  }
  if (filter.status) query = query.where('status', '=', filter.status)
  const rows = await query.orderBy('applied_at', 'desc').orderBy('id').execute()
  // Lists carry no objections: open one registration to read them.
  return rows.map((row) => toRegistration(row, []))
}

/**
 * The code of the subject's registration in force: its registered first registration, unless a
 * cancellation registration cancelled it. With `cancelled`, also the code of one cancelled since:
 * the code it was ever issued. Null when it has none.
 */
export async function registrationCodeOf(
  db: Kysely<Database>,
  subjectType: SubjectType,
  subjectCode: string,
  options: { readonly cancelled?: boolean } = {},
): Promise<string | null> {
  const row = await db
    .selectFrom('registrations')
    .select('registration_code')
    .where('subject_type', '=', subjectType)
    .where('subject_code', '=', subjectCode)
    .where('kind', '=', 'first')
    .where('status', 'in', options.cancelled ? ['registered', 'cancelled'] : ['registered'])
    .executeTakeFirst()
  return row?.registration_code ?? null
}

// ---------------------------------------------------------------------------- subjects

interface Subject {
  readonly label: string
  readonly facts: RegisteredFacts
  /** The product's status, for products. */
  readonly productStatus?: ProductStatus
}

/** The subject as the applicant may register it: its facts snapshotted now. */
async function loadSubject(platform: Platform, ctx: RequestContext, type: SubjectType, code: string): Promise<Subject> {
  const p = actingPrincipal(ctx)
  const { db } = platform.store
  if (type === 'product') {
    const product = await db.selectFrom('products').selectAll().where('code', '=', code).executeTakeFirst()
    if (!product) throw new NotFoundError(`no product ${code}`)
    if (!canApplyForProduct(p, product)) throw new NotAllowedError(`product ${code} is registered by its developer`)
    const facts: RegisteredFacts = {
      name: product.name,
      kind: product.kind,
      scenario: product.scenario_code,
      dataGrade: product.data_grade,
      sources: JSON.parse(product.sources) as unknown,
      outputs: JSON.parse(product.outputs) as unknown,
    }
    return { label: `product ${code}`, facts, productStatus: product.status as ProductStatus }
  }
  const resource = await db.selectFrom('catalog_resources').selectAll().where('code', '=', code).executeTakeFirst()
  if (!resource || resource.published_version === null) throw new NotFoundError(`no resource ${code} in the published catalog`)
  if (!canApplyForResource(p)) throw new NotAllowedError(`resource ${code} is registered by the operator operating it`)
  const agreements = await db.selectFrom('agreements').select(['id', 'scope']).where('operator_org_id', '=', p.orgId).where('status', '=', 'active').execute()
  const operated = agreements.some((a) => (JSON.parse(a.scope) as { resourceCode: string }[]).some((item) => item.resourceCode === code))
  if (!operated) {
    throw new RuleViolation('art22.registration', `resource ${code} is in no active agreement of your organization: only a resource in operation is registered`)
  }
  const fields = await db.selectFrom('catalog_fields').selectAll().where('resource_code', '=', code).orderBy('position').execute()
  const facts: RegisteredFacts = {
    name: resource.name,
    level: resource.level,
    grade: resource.grade,
    fields: fields.map((f) => ({ name: f.name, title: f.title, dataType: f.data_type, level: f.level, grade: f.grade })),
  }
  return { label: `resource ${code}`, facts }
}

/** Art. 22: only an approved product is registered; a registered one changes or cancels while listed or suspended. */
function assertProductRegistrable(code: string, kind: RegistrationKind, status: ProductStatus): void {
  if (kind === 'first' && status !== 'approved') {
    throw new RuleViolation('art22.registration', `product ${code} is ${status}: a product is registered once its review approved it`)
  }
  if (kind !== 'first' && status !== 'listed' && status !== 'suspended') {
    throw new RuleViolation('art22.registration', `product ${code} is ${status}: a ${kind} registration concerns a registered product`)
  }
}

/**
 * A product is registered, changed or corrected only while the authorization behind it stands:
 * its workspace open and its agreement active (art. 34: a suspension holds for everything built
 * on it). A cancellation is always possible.
 */
async function assertAuthorizationInForce(db: Kysely<Database>, code: string, kind: RegistrationKind): Promise<void> {
  if (kind === 'cancellation') return
  const row = await db
    .selectFrom('products')
    .leftJoin('workspaces', 'workspaces.id', 'products.workspace_id')
    .leftJoin('agreements', 'agreements.id', 'products.agreement_id')
    .select(['workspaces.status as workspace', 'agreements.status as agreement'])
    .where('products.code', '=', code)
    .executeTakeFirst()
  if (row?.workspace === 'open' && row.agreement === 'active') return
  throw new RuleViolation(
    'art22.registration',
    `product ${code} stands on an authorization not in force (workspace ${row?.workspace ?? 'gone'}, agreement ${row?.agreement ?? 'gone'}): it is registered once the authorization stands again`,
  )
}

/**
 * The changes of a change or correction registration are published with it: no personal
 * identifier (an ID number, a phone, a bank card) goes into the public register.
 */
function assertNothingPersonalPublished(changes: readonly { item: string; before: string; after: string }[] | undefined): void {
  if (!changes || changes.length === 0) return
  const found = identifiersIn(changes.map((c) => `${c.item}\n${c.before}\n${c.after}`).join('\n'))
  if (found.length === 0) return
  throw new RuleViolation(
    'art22.registration',
    `the changes are published with the registration and hold personal identifiers (${countedTypes(found)}): describe the change without them`,
  )
}

/**
 * Its product destroyed with its workspace (art. 31), a product's registrations end with it: one
 * in progress stops, and the registration in force is cancelled, so the public register says so.
 */
export async function endRegistrationsOf(trx: Kysely<Database>, platform: Platform, ctx: RequestContext, code: string, note: string): Promise<void> {
  const rows = await trx
    .selectFrom('registrations')
    .selectAll()
    .where('subject_type', '=', 'product')
    .where('subject_code', '=', code)
    .where('status', 'in', [...IN_PROGRESS_STATUSES, 'registered'])
    .orderBy('applied_at')
    .execute()
  const today = chinaDate(platform.clock())
  for (const row of rows) {
    if (row.status !== 'registered') await transition(trx, platform, ctx, row, 'stopped', {}, { step: 'stop', note })
    else if (row.kind === 'first') await transition(trx, platform, ctx, row, 'cancelled', { cancelled_on: today }, { step: 'cancel', note, detail: { registrationCode: row.registration_code } })
  }
}

async function registeredFirst(db: Kysely<Database>, type: SubjectType, code: string): Promise<RegistrationRow | undefined> {
  return db
    .selectFrom('registrations')
    .selectAll()
    .where('subject_type', '=', type)
    .where('subject_code', '=', code)
    .where('kind', '=', 'first')
    .where('status', '=', 'registered')
    .executeTakeFirst()
}

// ---------------------------------------------------------------------------- the workflow

function actorOf(ctx: RequestContext): AuditActor {
  const actor = auditActor(ctx)
  return actor.username ? actor : { ...actor, username: 'public', role: 'public' }
}

function step(ctx: RequestContext, name: RegistrationStep['step'], at: string, note: string): RegistrationStep {
  return { step: name, by: ctx.principal?.userId ?? 'public', at, note }
}

/**
 * Moves a registration from the status read to `to` (compare-and-set: if another request moved
 * it first, ConflictError), adds a step to its history and appends the audit entry.
 */
async function transition(
  trx: Kysely<Database>,
  platform: Platform,
  ctx: RequestContext,
  row: RegistrationRow,
  to: RegistrationStatus,
  changes: Partial<RegistrationRow>,
  entry: { step: RegistrationStep['step']; note: string; detail?: Record<string, unknown> },
): Promise<RegistrationRow> {
  const from = row.status as RegistrationStatus
  assertRegistrationTransition(row.id, from, to)
  const at = chinaTime(platform.clock())
  const history = [...(JSON.parse(row.history) as RegistrationStep[]), step(ctx, entry.step, at, entry.note)]
  const set = { ...changes, status: to, history: JSON.stringify(history), updated_at: at }
  const result = await trx.updateTable('registrations').set(set).where('id', '=', row.id).where('status', '=', from).executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new ConflictError(`registration ${row.id} changed meanwhile: reload it`)
  await appendAudit(trx, platform, actorOf(ctx), {
    eventType: `registration.${entry.step}`,
    objectType: 'registration',
    objectId: row.id,
    action: entry.step,
    result: 'success',
    ...(entry.note ? { reason: entry.note.slice(0, 500) } : {}),
    detail: { subjectType: row.subject_type, subjectCode: row.subject_code, kind: row.kind, from, to, ...entry.detail },
  })
  return { ...row, ...set }
}

/** The applicant (the product's developer, the resource's operator) applies for a registration. */
export async function applyForRegistration(platform: Platform, ctx: RequestContext, input: NewRegistration): Promise<Registration> {
  const p = actingPrincipal(ctx)
  assertChangesFitKind(input.kind, input.changes)
  const subject = await loadSubject(platform, ctx, input.subjectType, input.subjectCode)
  const at = chinaTime(platform.clock())
  return platform.store.db.transaction().execute(async (trx) => {
    const inProgress = await trx
      .selectFrom('registrations')
      .select(['id', 'status'])
      .where('subject_type', '=', input.subjectType)
      .where('subject_code', '=', input.subjectCode)
      .where('status', 'in', IN_PROGRESS_STATUSES)
      .executeTakeFirst()
    assertNoneInProgress(subject.label, inProgress)
    const first = await registeredFirst(trx, input.subjectType, input.subjectCode)
    assertFirstRegistrationFits(input.kind, subject.label, first !== undefined)
    if (subject.productStatus) {
      assertProductRegistrable(input.subjectCode, input.kind, subject.productStatus)
      await assertAuthorizationInForce(trx, input.subjectCode, input.kind)
    }
    assertNothingPersonalPublished(input.changes)
    const row: RegistrationRow = {
      id: newId('reg'),
      kind: input.kind,
      subject_type: input.subjectType,
      subject_code: input.subjectCode,
      status: 'applied',
      applicant_org_id: p.orgId,
      applied_by: p.userId,
      applied_at: at,
      facts: JSON.stringify(subject.facts),
      rights: input.rights,
      documents: JSON.stringify(input.documents),
      changes: input.changes && input.changes.length > 0 ? JSON.stringify(input.changes) : null,
      first_registration_id: first?.id ?? null,
      registration_code: null,
      notice_started_on: null,
      notice_ends_on: null,
      registered_on: null,
      cancelled_on: null,
      history: JSON.stringify([step(ctx, 'apply', at, '')]),
      updated_at: at,
    }
    await trx.insertInto('registrations').values(row).execute()
    await appendAudit(trx, platform, actorOf(ctx), {
      eventType: 'registration.apply',
      objectType: 'registration',
      objectId: row.id,
      action: 'create',
      result: 'success',
      detail: { subjectType: row.subject_type, subjectCode: row.subject_code, kind: row.kind, documents: input.documents.map((d) => d.hash) },
    })
    return toRegistration(row, [])
  })
}

/** A registration the registration agency acts on: visible to the caller, and the caller the bureau. */
async function agencyRow(platform: Platform, ctx: RequestContext, id: string): Promise<RegistrationRow> {
  const row = await visibleRow(platform, ctx, id)
  if (!isRegistrationAgency(actingPrincipal(ctx))) throw new NotAllowedError('the registration agency (the city data bureau) decides on registrations')
  return row
}

/** The bureau accepts a complete application (受理) or refuses an incomplete one, with its reasons. */
export async function decideAcceptance(platform: Platform, ctx: RequestContext, id: string, input: { decision: AcceptanceDecision; note: string }): Promise<Registration> {
  const row = await agencyRow(platform, ctx, id)
  return platform.store.db.transaction().execute(async (trx) => {
    const to = input.decision === 'accept' ? 'accepted' : 'refused'
    const next = await transition(trx, platform, ctx, row, to, {}, { step: input.decision, note: input.note })
    return toRegistration(next, [])
  })
}

/** Formal review (形式审查): approve to start the public notice, or return for correction. */
export async function reviewRegistration(platform: Platform, ctx: RequestContext, id: string, input: { decision: ReviewDecision; note: string }): Promise<Registration> {
  const row = await agencyRow(platform, ctx, id)
  return platform.store.db.transaction().execute(async (trx) => {
    if (input.decision === 'return') return toRegistration(await transition(trx, platform, ctx, row, 'returned', {}, { step: 'return', note: input.note }), [])
    const today = chinaDate(platform.clock())
    const ends = noticeEndsOn(today)
    const next = await transition(trx, platform, ctx, row, 'notice', { notice_started_on: today, notice_ends_on: ends }, { step: 'approve', note: input.note, detail: { noticeEndsOn: ends } })
    return toRegistration(next, [])
  })
}

/** The applicant corrects a returned application; its facts are snapshotted again. */
export async function resubmitRegistration(platform: Platform, ctx: RequestContext, id: string, input: Resubmission): Promise<Registration> {
  const p = actingPrincipal(ctx)
  const row = await visibleRow(platform, ctx, id)
  if (!isApplicantOf(p, row)) throw new NotAllowedError(`registration ${id} is corrected by its applicant`)
  if (row.status !== 'returned') throw new ConflictError(`registration ${id} is ${row.status}: only a returned application is resubmitted`)
  const kind = row.kind as RegistrationKind
  const changes = input.changes ?? (row.changes === null ? undefined : (JSON.parse(row.changes) as RegistrationChange[]))
  assertChangesFitKind(kind, changes)
  const subject = await loadSubject(platform, ctx, row.subject_type as SubjectType, row.subject_code)
  if (subject.productStatus) assertProductRegistrable(row.subject_code, kind, subject.productStatus)
  return platform.store.db.transaction().execute(async (trx) => {
    const set: Partial<RegistrationRow> = {
      facts: JSON.stringify(subject.facts),
      ...(input.rights !== undefined ? { rights: input.rights } : {}),
      ...(input.documents !== undefined ? { documents: JSON.stringify(input.documents) } : {}),
      changes: changes && changes.length > 0 ? JSON.stringify(changes) : null,
    }
    const next = await transition(trx, platform, ctx, row, 'accepted', set, { step: 'resubmit', note: input.note })
    return toRegistration(next, [])
  })
}

/**
 * Anyone files an objection during the public notice: a signed-in user, or the public with a
 * name and a contact. The objector's name and contact stay with the authorities.
 */
export async function fileObjection(
  platform: Platform,
  ctx: RequestContext,
  id: string,
  input: { name?: string | undefined; contact?: string | undefined; reason: string },
): Promise<Objection> {
  const { db } = platform.store
  const row = await findRegistration(db, id)
  if (!row || row.notice_started_on === null) throw new NotFoundError(`no registration ${id} in public notice`)
  assertNoticeOpen(id, row.status as RegistrationStatus, row.notice_ends_on, chinaDate(platform.clock()))
  let { name, contact } = input
  if (ctx.principal) {
    const user = await db.selectFrom('users').select('display_name').where('id', '=', ctx.principal.userId).executeTakeFirst()
    name ??= user?.display_name ?? ctx.principal.username
    contact ??= `user ${ctx.principal.username}`
  }
  if (!name || !contact) {
    throw new InputError('an objection filed without signing in names the objector and a contact', [
      ...(name ? [] : [{ path: 'body.name', message: 'required' }]),
      ...(contact ? [] : [{ path: 'body.contact', message: 'required' }]),
    ])
  }
  const objection: RegistrationObjectionRow = {
    id: newId('obj'),
    registration_id: id,
    name,
    contact,
    reason: input.reason,
    filed_by: ctx.principal?.userId ?? null,
    filed_at: chinaTime(platform.clock()),
    status: 'open',
    resolved_by: null,
    resolved_at: null,
    resolution_note: null,
  }
  return db.transaction().execute(async (trx) => {
    // Taken in the transaction: an objection never lands on a notice that just stopped.
    const current = await trx.selectFrom('registrations').select(['status', 'notice_ends_on']).where('id', '=', id).executeTakeFirstOrThrow()
    assertNoticeOpen(id, current.status as RegistrationStatus, current.notice_ends_on, chinaDate(platform.clock()))
    // The same objection again (a double submit, a naive script) adds nothing for the bureau to resolve.
    const same = await trx
      .selectFrom('registration_objections')
      .select('id')
      .where('registration_id', '=', id)
      .where('status', '=', 'open')
      .where('reason', '=', objection.reason)
      .where('contact', '=', objection.contact)
      .executeTakeFirst()
    if (same) throw new ConflictError(`this objection is already filed (${same.id}) and open: the bureau resolves it`)
    await trx.insertInto('registration_objections').values(objection).execute()
    await appendAudit(trx, platform, actorOf(ctx), {
      eventType: 'registration.object',
      objectType: 'registration',
      objectId: id,
      action: 'create',
      result: 'success',
      detail: { objectionId: objection.id, anonymous: !ctx.principal },
    })
    return toObjection(objection, false)
  })
}

/** The bureau resolves an objection: upheld stops the registration, dismissed lets it continue. */
export async function resolveObjection(
  platform: Platform,
  ctx: RequestContext,
  id: string,
  objectionId: string,
  input: { decision: ObjectionDecision; note: string },
): Promise<Registration> {
  const row = await agencyRow(platform, ctx, id)
  const p = actingPrincipal(ctx)
  return platform.store.db.transaction().execute(async (trx) => {
    const objection = await trx.selectFrom('registration_objections').selectAll().where('id', '=', objectionId).where('registration_id', '=', id).executeTakeFirst()
    if (!objection) throw new NotFoundError(`no objection ${objectionId} to registration ${id}`)
    if (objection.status !== 'open') throw new ConflictError(`objection ${objectionId} was ${objection.status} already`)
    const at = chinaTime(platform.clock())
    const status: ObjectionStatus = input.decision === 'uphold' ? 'upheld' : 'dismissed'
    const updated = await trx
      .updateTable('registration_objections')
      .set({ status, resolved_by: p.userId, resolved_at: at, resolution_note: input.note })
      .where('id', '=', objectionId)
      .where('status', '=', 'open')
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError(`objection ${objectionId} was resolved meanwhile`)
    await appendAudit(trx, platform, actorOf(ctx), {
      eventType: 'registration.objection-resolve',
      objectType: 'registration',
      objectId: id,
      action: input.decision,
      result: 'success',
      reason: input.note.slice(0, 500),
      detail: { objectionId },
    })
    let next = row
    if (status === 'upheld' && row.status === 'notice') {
      next = await transition(trx, platform, ctx, row, 'stopped', {}, { step: 'stop', note: input.note, detail: { objectionId } })
    }
    const objections = await objectionsOf(trx, id)
    return toRegistration(next, objections.map((o) => toObjection(o, true)))
  })
}

/**
 * The bureau issues the registration once the notice ended with every objection resolved and
 * none upheld. A first registration gets a new code (and lists an approved product); the later
 * ones carry their subject's code; a cancellation cancels the first registration and the product.
 */
export async function issueRegistration(platform: Platform, ctx: RequestContext, id: string): Promise<Registration> {
  const row = await agencyRow(platform, ctx, id)
  const now = platform.clock()
  const today = chinaDate(now)
  return platform.store.db.transaction().execute(async (trx) => {
    const objections = await objectionsOf(trx, id)
    assertIssuable(id, row.status as RegistrationStatus, row.notice_ends_on, today, objections.map((o) => ({ status: o.status as ObjectionStatus })))
    const kind = row.kind as RegistrationKind
    let code: string
    if (kind === 'first') {
      code = newRegistrationCode(row.subject_type as SubjectType, today.slice(0, 4))
    } else {
      const first = await findRegistration(trx, row.first_registration_id ?? '')
      if (!first || first.status !== 'registered' || !first.registration_code) {
        throw new ConflictError(`the first registration of ${row.subject_type} ${row.subject_code} is no longer in force`)
      }
      code = first.registration_code
      if (kind === 'cancellation') {
        await transition(trx, platform, ctx, first, 'cancelled', { cancelled_on: today }, { step: 'cancel', note: `cancelled by registration ${id}`, detail: { registrationCode: code, by: id } })
      }
    }
    if (row.subject_type === 'product') {
      await assertAuthorizationInForce(trx, row.subject_code, kind)
      const target: ProductStatus | undefined = kind === 'first' ? 'listed' : kind === 'cancellation' ? 'cancelled' : undefined
      if (target) await moveProduct(trx, platform, ctx, row.subject_code, target, id)
    }
    const next = await transition(trx, platform, ctx, row, 'registered', { registration_code: code, registered_on: today }, { step: 'issue', note: '', detail: { registrationCode: code } })
    return toRegistration(next, objections.map((o) => toObjection(o, true)))
  })
}

/** The product's status follows its registration: listed once registered, cancelled once cancelled. */
async function moveProduct(trx: Kysely<Database>, platform: Platform, ctx: RequestContext, code: string, to: ProductStatus, registrationId: string): Promise<void> {
  const product = await trx.selectFrom('products').select('status').where('code', '=', code).executeTakeFirst()
  if (!product) throw new NotFoundError(`no product ${code}`)
  const from = product.status as ProductStatus
  assertProductTransition(code, from, to)
  const at = chinaTime(platform.clock())
  const result = await trx.updateTable('products').set({ status: to, updated_at: at }).where('code', '=', code).where('status', '=', from).executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new ConflictError(`product ${code} changed meanwhile`)
  await appendAudit(trx, platform, actorOf(ctx), {
    eventType: 'product.registration',
    objectType: 'product',
    objectId: code,
    action: to,
    result: 'success',
    detail: { from, to, registrationId },
  })
}

// ---------------------------------------------------------------------------- public

/** A registration as the public sees it by its code: no documents, no rights statement, no objectors. */
export interface PublicRegistration {
  readonly registrationCode: string
  readonly subject: { readonly type: SubjectType; readonly code: string }
  readonly applicant: { readonly orgId: string; readonly name: string }
  readonly status: 'registered' | 'cancelled'
  readonly registeredOn: string
  readonly cancelledOn: string | null
  /** The facts in force: the latest registered first, change or correction registration's. */
  readonly facts: RegisteredFacts
  readonly registrations: readonly { readonly kind: RegistrationKind; readonly registeredOn: string; readonly changes: readonly RegistrationChange[] | null }[]
}

export async function publicRegistration(platform: Platform, code: string): Promise<PublicRegistration> {
  if (!REGISTRATION_CODE_PATTERN.test(code)) throw new NotFoundError(`no registration ${code.slice(0, 40)}`)
  const { db } = platform.store
  const rows = await db
    .selectFrom('registrations')
    .selectAll()
    .where('registration_code', '=', code)
    .where('status', 'in', ['registered', 'cancelled'])
    .orderBy('registered_on')
    .orderBy('applied_at')
    .execute()
  const first = rows.find((r) => r.kind === 'first')
  if (!first) throw new NotFoundError(`no registration ${code}`)
  const org = await db.selectFrom('organizations').select('name').where('id', '=', first.applicant_org_id).executeTakeFirst()
  const inForce = rows.filter((r) => r.kind !== 'cancellation').at(-1) ?? first
  return {
    registrationCode: code,
    subject: { type: first.subject_type as SubjectType, code: first.subject_code },
    applicant: { orgId: first.applicant_org_id, name: org?.name ?? first.applicant_org_id },
    status: first.status === 'cancelled' ? 'cancelled' : 'registered',
    registeredOn: first.registered_on!,
    cancelledOn: first.cancelled_on,
    facts: publicFacts(JSON.parse(inForce.facts) as RegisteredFacts),
    registrations: rows.map((r) => ({
      kind: r.kind as RegistrationKind,
      registeredOn: r.registered_on!,
      changes: r.changes === null ? null : (JSON.parse(r.changes) as RegistrationChange[]),
    })),
  }
}

/** A registration in public notice, as published so that anyone may object. */
export interface PublicNotice {
  readonly id: string
  readonly kind: RegistrationKind
  readonly subject: { readonly type: SubjectType; readonly code: string }
  readonly applicant: { readonly orgId: string; readonly name: string }
  readonly facts: RegisteredFacts
  readonly changes: readonly RegistrationChange[] | null
  readonly registrationCode: string | null
  readonly noticeStartedOn: string
  readonly noticeEndsOn: string
}

/** The registrations whose public notice runs today. */
export async function publicNotices(platform: Platform): Promise<PublicNotice[]> {
  const today = chinaDate(platform.clock())
  const rows = await platform.store.db
    .selectFrom('registrations as r')
    .innerJoin('organizations as o', 'o.id', 'r.applicant_org_id')
    .leftJoin('registrations as f', 'f.id', 'r.first_registration_id')
    .selectAll('r')
    .select(['o.name as applicant_name', 'f.registration_code as first_code'])
    .where('r.status', '=', 'notice')
    .where('r.notice_ends_on', '>=', today)
    .orderBy('r.notice_started_on')
    .orderBy('r.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as RegistrationKind,
    subject: { type: r.subject_type as SubjectType, code: r.subject_code },
    applicant: { orgId: r.applicant_org_id, name: r.applicant_name },
    facts: publicFacts(JSON.parse(r.facts) as RegisteredFacts),
    changes: r.changes === null ? null : (JSON.parse(r.changes) as RegistrationChange[]),
    registrationCode: r.first_code ?? null,
    noticeStartedOn: r.notice_started_on!,
    noticeEndsOn: r.notice_ends_on!,
  }))
}
