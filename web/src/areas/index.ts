import { area as admin } from './admin/index.tsx'
import { area as governance } from './governance/index.tsx'
import { area as operations } from './operations/index.tsx'
import { area as products } from './products/index.tsx'
import { area as reports } from './reports/index.tsx'
import { area as supervision } from './supervision/index.tsx'
import { area as workspace } from './workspace/index.tsx'
import type { Area } from './types.tsx'

/** Every area of the signed-in console; the public portal has its own routes (portal/). */
export const AREAS: readonly Area[] = [governance, operations, workspace, products, supervision, reports, admin]
