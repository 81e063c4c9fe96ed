import type { RouteObject } from 'react-router-dom'

// Placeholder: the public portal's pages (no login), mounted under /portal.
export const portalRoutes: RouteObject[] = []
