import type { ComponentType, LazyExoticComponent, ReactNode } from 'react'
import type { Me, OrgKind } from '../auth.tsx'

/** The menu's sections, in the order they are shown. */
export const MENU_GROUPS = ['work', 'catalog', 'authorization', 'domain', 'products', 'supervision', 'admin'] as const
export type MenuGroup = (typeof MENU_GROUPS)[number]

export const MENU_GROUP_TITLES: Record<MenuGroup, { zh: string; en: string }> = {
  work: { zh: '工作台', en: 'Workbench' },
  catalog: { zh: '目录与数据', en: 'Catalog and data' },
  authorization: { zh: '场景与授权', en: 'Scenarios and authorization' },
  domain: { zh: '安全域', en: 'Secure domain' },
  products: { zh: '产品与服务', en: 'Products and services' },
  supervision: { zh: '监管与安全', en: 'Supervision and security' },
  admin: { zh: '系统管理', en: 'Administration' },
}

/**
 * One page of the console. Each area (a folder under areas/) lists its pages; the shell builds
 * the menu and the routes from them, showing a page only to those `visible` lets see it. The
 * server still decides: a page shown by mistake gets the API's 403, never data.
 */
export interface AreaRoute {
  /** Path under `/`, react-router syntax: `catalog`, `catalog/:code`. */
  readonly path: string
  readonly zh: string
  readonly en: string
  readonly group: MenuGroup
  readonly icon?: ReactNode
  /** Detail pages reached from a list, not from the menu. */
  readonly hidden?: boolean
  visible(me: Me): boolean
  readonly component: LazyExoticComponent<ComponentType>
}

export interface Area {
  readonly routes: readonly AreaRoute[]
  /**
   * The home page of an organization kind: what that actor must do today. `admin` is the home of
   * the three administrators (三员), whatever their organization's kind.
   */
  readonly workbenches?: Partial<Record<OrgKind | 'admin', LazyExoticComponent<ComponentType>>>
}

export const kindIs =
  (...kinds: OrgKind[]) =>
  (me: Me): boolean =>
    kinds.includes(me.organization.kind)

export const anyone = (): boolean => true
