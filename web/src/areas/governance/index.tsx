import type { Area } from '../types.tsx'

// Placeholder: the governance area's pages are listed here.
export const area: Area = { routes: [] }
