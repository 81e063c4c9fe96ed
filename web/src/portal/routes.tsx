import { lazy } from 'react'
import type { RouteObject } from 'react-router-dom'

// The portal is its own bundle: visitors who never sign in do not load the console.
const Portal = lazy(() => import('./PortalLayout.tsx'))

/** The public portal (信息披露, art. 29): no sign-in; its pages route inside PortalLayout. */
export const portalRoutes: RouteObject[] = [{ path: '/portal/*', element: <Portal /> }]
