import type { Area } from '../types.tsx'

// Placeholder: the products area's pages are listed here.
export const area: Area = { routes: [] }
