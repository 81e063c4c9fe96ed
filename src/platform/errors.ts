/**
 * The few error classes domain code throws. They carry no HTTP status: the API's one error
 * handler (src/api/error-handler.ts) maps them, and nothing else does.
 */

/** The request itself is malformed or fails validation (400). */
export class InputError extends Error {
  override readonly name = 'InputError'
  readonly issues: readonly { path: string; message: string }[]
  constructor(message: string, issues: readonly { path: string; message: string }[] = []) {
    super(message)
    this.issues = issues
  }
}

/** Who is asking is unknown: no credentials, wrong ones, or an expired session (401). */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError'
  readonly code: string
  constructor(message: string, code = 'unauthenticated') {
    super(message)
    this.code = code
  }
}

/** The actor is known but may not do this (403). */
export class NotAllowedError extends Error {
  override readonly name = 'NotAllowedError'
  readonly code: string
  constructor(message: string, code = 'not_allowed') {
    super(message)
    this.code = code
  }
}

/** The object does not exist, or the actor may not know that it does (404). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError'
}

/** The object changed under us or is in a state that forbids the action (409). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError'
}

/**
 * Something the platform needs for this request is not installed or not running here (503): a
 * PDF without Chromium. The message says how to make it available.
 */
export class UnavailableError extends Error {
  override readonly name = 'UnavailableError'
  readonly code: string
  constructor(message: string, code = 'unavailable') {
    super(message)
    this.code = code
  }
}

/**
 * A rule of the active policy pack refuses the action (422). The rule id maps to its article
 * and text in the pack; the error handler adds both to the response.
 */
export class RuleViolation extends Error {
  override readonly name = 'RuleViolation'
  readonly rule: string
  constructor(rule: string, message: string) {
    super(message)
    this.rule = rule
  }
}
