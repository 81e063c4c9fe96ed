/** The public API's shapes (disclosure.service.ts, registration.service.ts, scenario catalog). */

export interface Disclosure {
  readonly generatedAt: string
  readonly period: { readonly from: string; readonly to: string }
  readonly operator: { readonly name: string; readonly term: { readonly start: string; readonly end: string }; readonly resources: readonly string[] } | null
  readonly authorizations: readonly DisclosedAuthorization[]
  readonly products: readonly DisclosedProduct[]
  readonly dataUse: readonly DataUse[]
  readonly revenue: { readonly calls: number; readonly revenueYuan: number; readonly costsYuan: number } | null
  readonly auditCheckpoint: AuditCheckpoint | null
}

export interface DisclosedAuthorization {
  readonly developer: string
  readonly scenario: { readonly code: string; readonly name: string; readonly purposeType: string }
  readonly scope: readonly { readonly resourceCode: string; readonly resourceName: string; readonly fields: readonly string[] }[]
  readonly term: { readonly start: string; readonly end: string }
  readonly status: string
  readonly filedOn: string | null
  readonly workspace: string
}

export type Pricing = { readonly model: 'free'; readonly dailyQuota?: number; readonly ratePerSecond?: number } | { readonly model: 'per-call'; readonly yuanPerCall: number; readonly dailyQuota?: number; readonly ratePerSecond?: number }

export interface DisclosedProduct {
  readonly code: string
  readonly name: string
  readonly kind: string
  readonly scenario: string
  readonly developer: string
  readonly pricing: Pricing | null
  readonly registrationCode: string | null
  readonly status: string
}

export interface DataUse {
  readonly developer: string
  readonly workspace: string
  readonly queriesAnswered: number
  readonly queriesRefused: number
  readonly modelsTrained: number
  readonly productCalls: number
}

export interface AuditCheckpoint {
  readonly seq: number
  readonly hash: string
  readonly signedAt: string
  readonly suite: string
  readonly keyId: string
  readonly signature: string
  readonly publicKey: string | null
}

export interface PublicScenario {
  readonly code: string
  readonly name: string
  readonly sector: string
  readonly description: string
  readonly purposeType: string
  readonly conditions: string
  readonly needs: readonly { readonly resourceCode: string; readonly fields: readonly { readonly name: string; readonly justification: string }[] }[]
  readonly status: string
  readonly reviewedAt: string | null
}

export interface RegistrationChange {
  readonly item: string
  readonly before: string
  readonly after: string
}

/** The facts registered: a product's (name, kind, scenario, grade…) or a resource's (name, grade, fields). */
export interface RegisteredFacts {
  readonly name: string
  readonly kind?: string
  readonly scenario?: string
  readonly dataGrade?: string
  readonly level?: string | null
  readonly grade?: number | null
  readonly fields?: readonly { readonly name: string; readonly title: string; readonly dataType: string; readonly level: string; readonly grade: number | null }[]
}

export interface PublicNotice {
  readonly id: string
  readonly kind: string
  readonly subject: { readonly type: string; readonly code: string }
  readonly applicant: { readonly orgId: string; readonly name: string }
  readonly facts: RegisteredFacts
  readonly changes: readonly RegistrationChange[] | null
  readonly registrationCode: string | null
  readonly noticeStartedOn: string
  readonly noticeEndsOn: string
}

export interface PublicRegistration {
  readonly registrationCode: string
  readonly subject: { readonly type: string; readonly code: string }
  readonly applicant: { readonly orgId: string; readonly name: string }
  readonly status: 'registered' | 'cancelled'
  readonly registeredOn: string
  readonly cancelledOn: string | null
  readonly facts: RegisteredFacts
  readonly registrations: readonly { readonly kind: string; readonly registeredOn: string; readonly changes: readonly RegistrationChange[] | null }[]
}

/** registration.ts REGISTRATION_CODE_PATTERN */
export const REGISTRATION_CODE_PATTERN = /^ZJK-[PR]-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/
