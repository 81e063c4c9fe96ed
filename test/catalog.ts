import type { CatalogResourceInput } from '../src/modules/catalog/catalog.ts'

/** A small, valid catalog entry for tests: market entities with a sensitive field or two. */
export function sampleEntry(overrides: Partial<CatalogResourceInput> = {}): CatalogResourceInput {
  const field = {
    level: 'general' as const,
    impactObject: 'organization_rights' as const,
    impactDegree: 'general' as const,
    gradingBasis: '企业公示信息，泄露影响有限',
    personalInfo: [],
    identifier: false,
    key: false,
    nullable: false,
    collectingOrgId: 'org-src-mr',
  }
  return {
    code: '130700-SCJG-0001',
    tableName: 'market_entities',
    name: '市场主体登记信息',
    classification: { category: '经济建设', item: '市场主体', subItem: '登记信息' },
    providerOrgId: 'org-src-mr',
    providerCode: '11130700MB0000001X',
    abstract: '全市市场主体登记基本信息',
    format: '数据库表',
    fields: [
      { ...field, name: 'uscc', title: '统一社会信用代码', dataType: 'string', description: '18位代码', grade: 2, identifier: true, key: true },
      { ...field, name: 'name', title: '企业名称', dataType: 'string', description: '登记名称', grade: 2, identifier: true },
      {
        ...field,
        name: 'legal_rep_id',
        title: '法定代表人身份证号',
        dataType: 'string',
        description: '居民身份证号码',
        grade: 4,
        impactObject: 'individual_rights',
        impactDegree: 'serious',
        gradingBasis: '敏感个人信息，泄露严重损害个人权益',
        personalInfo: ['id_number'],
        identifier: true,
      },
      { ...field, name: 'legal_rep_phone', title: '法定代表人手机号', dataType: 'string', description: '联系电话', grade: 3, personalInfo: [] },
      { ...field, name: 'status', title: '登记状态', dataType: 'string', description: '存续/注销/吊销', grade: 1, codeList: ['存续', '注销', '吊销'] },
    ],
    sharingType: 'conditional',
    sharingConditions: '用于授权场景',
    sharingMethod: '库表',
    openType: 'none',
    updateCycle: 'monthly',
    publishDate: '2026-01-15',
    relatedCodes: [],
    ...overrides,
  }
}

import { organizationCodeCheckChar, residentIdFrom, usccFrom } from '../src/modules/masking/identifiers.ts'

/** The n-th valid unified social credit code of a test enterprise. */
export function testUscc(n: number): string {
  const org8 = `MA${String(n).padStart(6, '0')}`
  return usccFrom(`91130702${org8}${organizationCodeCheckChar(org8)}`)
}

/** The n-th valid resident ID number, born 1980-01-01 in 桥东区. */
export function testResidentId(n: number): string {
  return residentIdFrom('130702', '19800101', String(n % 1000).padStart(3, '0'))
}
