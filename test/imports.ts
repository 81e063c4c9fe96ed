// Social data as a bank would import it, and a de-identification plan that passes: for the import tests.
import { residentIdFrom } from '../src/modules/masking/identifiers.ts'

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴']
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军']

/** Loans a bank holds, as it would export them: identifiers of persons, an enterprise's code, amounts. */
export function loansCsv(usccs: readonly string[]): string {
  const lines = ['resident_id,borrower_name,mobile,uscc,age,district_code,loan_yuan']
  for (let i = 0; i < 100; i++) {
    const age = 20 + (i % 30)
    const id = residentIdFrom('130702', `${2026 - age}0315`, String(100 + i).padStart(3, '0'))
    const name = SURNAMES[i % 10]! + GIVEN[Math.floor(i / 10) % 10]!
    const mobile = `1380013${String(8000 + i).padStart(4, '0')}`
    lines.push([id, name, mobile, usccs[i % usccs.length]!, age, i % 2 === 0 ? '130702' : '130703', 10_000 + i * 137].join(','))
  }
  return `${lines.join('\n')}\n`
}

export const PASSING_PLAN = {
  columns: {
    resident_id: { action: 'mask', operator: { kind: 'pseudonym' } },
    borrower_name: { action: 'mask', operator: { kind: 'mask', keepPrefix: 1 } },
    mobile: { action: 'drop' },
    uscc: { action: 'keep' },
    age: { action: 'mask', operator: { kind: 'generalize-age', width: 10 } },
    district_code: { action: 'keep' },
    loan_yuan: { action: 'keep' },
  },
  quasiIdentifiers: ['age', 'district_code'],
  k: 5,
  suppressionLimit: 0.05,
  identifiers: ['uscc'],
}
