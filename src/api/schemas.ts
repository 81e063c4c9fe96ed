import { z } from 'zod'

/** The request schemas every module's routes share: one definition, one message. */

/** Text of 1 to `max` characters, trimmed. */
export const text = (max: number) => z.string().trim().min(1).max(max)

/** A resource code of the city catalog. */
export const resourceCode = z.string().regex(/^[0-9A-Z][0-9A-Z-]{2,39}$/, 'a resource code like 130700-SCJG-0001')

/** An id made by newId(prefix): the prefix, then 20 base32 characters. */
export const objectId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{20}$`), `an id like ${prefix}_…`)
