import { BookOutlined, CopyOutlined, DatabaseOutlined, FormOutlined, RollbackOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import { kindIs, type Area } from '../types.tsx'

/**
 * Governance: the catalog (art. 7–8, 15), return flows (art. 10) and the data pool (art. 9–10),
 * for the data bureau, sector authorities and source units; the operator and regulators read.
 * Paths avoid being prefixes of one another: the shell marks a menu item by path prefix.
 */
export const area: Area = {
  routes: [
    {
      path: 'catalog/resources',
      zh: '公共数据资源目录',
      en: 'Catalog',
      group: 'catalog',
      icon: <BookOutlined />,
      visible: kindIs('office', 'bureau', 'sector_authority', 'source_unit', 'operator', 'developer', 'regulator'),
      component: lazy(() => import('./CatalogPage.tsx')),
    },
    {
      path: 'catalog/resources/:code',
      zh: '目录资源',
      en: 'Catalog resource',
      group: 'catalog',
      hidden: true,
      visible: kindIs('office', 'bureau', 'sector_authority', 'source_unit', 'operator', 'developer', 'regulator'),
      component: lazy(() => import('./ResourcePage.tsx')),
    },
    {
      path: 'catalog/entries',
      zh: '目录编制与审核',
      en: 'Compilation and review',
      group: 'catalog',
      icon: <FormOutlined />,
      visible: kindIs('bureau', 'sector_authority', 'regulator'),
      component: lazy(() => import('./EntriesPage.tsx')),
    },
    {
      path: 'catalog/compile',
      zh: '编制目录条目',
      en: 'Compile an entry',
      group: 'catalog',
      hidden: true,
      visible: kindIs('bureau', 'sector_authority'),
      component: lazy(() => import('./CompilePage.tsx')),
    },
    {
      path: 'catalog/duplicates',
      zh: '重复采集核查',
      en: 'Duplicate collection',
      group: 'catalog',
      icon: <CopyOutlined />,
      visible: kindIs('bureau', 'regulator'),
      component: lazy(() => import('./DuplicatesPage.tsx')),
    },
    {
      path: 'return-flows',
      zh: '数据回流',
      en: 'Return flows',
      group: 'catalog',
      icon: <RollbackOutlined />,
      visible: kindIs('bureau', 'sector_authority', 'source_unit', 'office', 'regulator'),
      component: lazy(() => import('./ReturnFlowsPage.tsx')),
    },
    {
      path: 'pool',
      zh: '数据资源池',
      en: 'Data pool',
      group: 'catalog',
      icon: <DatabaseOutlined />,
      visible: kindIs('bureau', 'source_unit', 'operator', 'regulator'),
      component: lazy(() => import('./PoolPage.tsx')),
    },
    {
      path: 'pool/versions/:id',
      zh: '数据版本',
      en: 'Pool version',
      group: 'catalog',
      hidden: true,
      visible: kindIs('bureau', 'source_unit', 'operator', 'regulator'),
      component: lazy(() => import('./VersionPage.tsx')),
    },
  ],
  workbenches: {
    bureau: lazy(() => import('./BureauWorkbench.tsx')),
    sector_authority: lazy(() => import('./SectorWorkbench.tsx')),
    source_unit: lazy(() => import('./SourceWorkbench.tsx')),
  },
}
