import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { describe, it } from 'node:test'
import { InputError } from '../../platform/errors.ts'
import {
  luhnValid,
  organizationCodeCheckChar,
  residentId15To18,
  residentIdCheckChar,
  residentIdFrom,
  usccCheckChar,
  usccFrom,
  validateBankCard,
  validateMobile,
  validateResidentId,
  validateUscc,
} from './identifiers.ts'

const today = new Date('2026-06-15T04:00:00Z')
const check = (value: string) => validateResidentId(value, { today })

/** Replaces the character at `index` with a different one from `alphabet`. */
function mutate(value: string, index: number, alphabet: string): string {
  const others = [...alphabet].filter((c) => c !== value[index]?.toUpperCase())
  return value.slice(0, index) + others[randomInt(others.length)]! + value.slice(index + 1)
}

function randomResidentId(): string {
  const provinces = ['11', '12', '31', '44', '50', '54', '65', '71', '81', '82']
  const region = provinces[randomInt(provinces.length)]! + String(randomInt(1e4)).padStart(4, '0')
  const birth = new Date(Date.UTC(1900, 0, 1) + randomInt(45_000) * 86_400_000)
  return residentIdFrom(
    region,
    birth.toISOString().slice(0, 10).replaceAll('-', ''),
    String(randomInt(1000)).padStart(3, '0'),
  )
}

describe('residentIdCheckChar', () => {
  it('gives the check char of the GB 11643-1999 worked example', () => {
    assert.equal(residentIdCheckChar('11010519491231002'), 'X')
  })

  it('refuses a body that is not 17 digits', () => {
    assert.throws(() => residentIdCheckChar('1101051949123100'), InputError)
    assert.throws(() => residentIdCheckChar('1101051949123100A'), InputError)
  })
})

describe('validateResidentId', () => {
  it('accepts the standard example and reads what it encodes', () => {
    assert.deepEqual(check('11010519491231002X'), {
      valid: true,
      kind: 'resident',
      birthDate: '1949-12-31',
      regionCode: '110105',
      sex: 'female',
    })
  })

  it('accepts a lowercase x as the check char', () => {
    assert.equal(check('11010519491231002x').valid, true)
  })

  it('reads an odd sequence digit as male', () => {
    assert.equal(check(residentIdFrom('440305', '19900101', '123')).sex, 'male')
  })

  it('names the reason for each kind of invalid input', () => {
    const cases: [string, string][] = [
      ['110105194912310021', 'check-char'],
      ['11010519491231002', 'length'],
      ['11010519491231002XX', 'length'],
      ['110105491231002', 'legacy-15-digit'],
      ['1101051949123100AX', 'characters'],
      [residentIdFrom('110105', '19990230', '002'), 'birth-date'],
      [residentIdFrom('110105', '19991301', '002'), 'birth-date'],
      [residentIdFrom('110105', '20260616', '002'), 'birth-date-future'],
      [residentIdFrom('110105', '18991231', '002'), 'birth-date-before-1900'],
      [residentIdFrom('160105', '19900101', '002'), 'region'],
      [residentIdFrom('000000', '19900101', '002'), 'region'],
      [residentIdFrom('830100', '19900101', '002'), 'region'],
    ]
    for (const [value, reason] of cases) assert.equal(check(value).reason, reason, value)
    for (const [value] of cases) assert.equal(check(value).valid, false, value)
  })

  it('takes today and leap days into account', () => {
    assert.equal(check(residentIdFrom('110105', '20260615', '002')).valid, true)
    assert.equal(check(residentIdFrom('110105', '20000229', '002')).valid, true)
    assert.equal(check(residentIdFrom('110105', '19000229', '002')).reason, 'birth-date')
    assert.equal(check(residentIdFrom('110105', '19000101', '002')).valid, true)
  })

  it('judges the future by the date in China', () => {
    const id = residentIdFrom('110105', '20260616', '002')
    // 2026-06-15T17:00Z is already 16 June in Beijing.
    assert.equal(validateResidentId(id, { today: new Date('2026-06-15T17:00:00Z') }).valid, true)
    assert.equal(validateResidentId(id, { today: new Date('2026-06-15T15:00:00Z') }).valid, false)
  })

  it('recognizes Hong Kong, Macau and Taiwan residence permits', () => {
    for (const prefix of ['810000', '820000', '830000']) {
      const result = check(residentIdFrom(prefix, '19851107', '031'))
      assert.equal(result.valid, true, prefix)
      assert.equal(result.kind, 'hk-macau-taiwan')
      assert.equal(result.regionCode, prefix)
    }
    const wrongCheck = mutate(residentIdFrom('830000', '19851107', '031'), 17, '0123456789X')
    assert.deepEqual(check(wrongCheck), {
      valid: false,
      kind: 'hk-macau-taiwan',
      reason: 'check-char',
    })
  })

  it('recognizes both forms of the foreign permanent resident ID card', () => {
    // 9, province of issue 31 (Shanghai), nationality 840, birth date, sequence, check.
    const card = residentIdFrom('931840', '19800101', '001')
    assert.deepEqual(check(card), {
      valid: true,
      kind: 'foreign-permanent',
      birthDate: '1980-01-01',
      sex: 'male',
    })
    assert.equal(check(residentIdFrom('991840', '19800101', '001')).reason, 'region')
    assert.equal(check(mutate(card, 17, '0123456789X')).reason, 'check-char')
    assert.deepEqual(check('USA310880101003'), { valid: true, kind: 'foreign-permanent' })
    assert.equal(check('usa310880101003').valid, false)
  })

  it('holds for 1,000 random IDs, and any one-character change breaks them', () => {
    for (let n = 0; n < 1000; n++) {
      const id = randomResidentId()
      assert.equal(check(id).valid, true, id)
      assert.equal(check(mutate(id, 17, '0123456789X')).valid, false, `check char of ${id}`)
      // MOD 11-2 catches every single substitution in the body.
      const position = randomInt(17)
      assert.equal(check(mutate(id, position, '0123456789')).valid, false, `${position} of ${id}`)
    }
  })
})

describe('residentId15To18', () => {
  it('inserts 19 and appends the check char', () => {
    assert.equal(residentId15To18('110105491231002'), '11010519491231002X')
    assert.equal(check(residentId15To18('440301800229123')).valid, true)
  })

  it('refuses anything but 15 digits', () => {
    assert.throws(() => residentId15To18('11010549123100'), InputError)
    assert.throws(() => residentId15To18('11010549123100X'), InputError)
  })
})

describe('unified social credit codes', () => {
  it('accepts the widely cited 91350100M000100Y43 and reads its parts', () => {
    assert.equal(usccCheckChar('91350100M000100Y4'), '3')
    assert.equal(organizationCodeCheckChar('M000100Y'), '4')
    assert.deepEqual(validateUscc('91350100M000100Y43'), {
      valid: true,
      registrationAuthority: '9',
      organizationCode: 'M000100Y4',
    })
  })

  it('writes an organization check of 10 as X and of 11 as 0', () => {
    assert.equal(organizationCodeCheckChar('00000001'), '9') // sum 2
    assert.equal(organizationCodeCheckChar('00000006'), 'X') // sum 12, 11 - 1 = 10
    assert.equal(organizationCodeCheckChar('00000000'), '0') // sum 0, 11 - 0 = 11
  })

  it('names the reason for each kind of invalid input', () => {
    const cases: [string, string][] = [
      ['91350100M000100Y44', 'check-char'],
      ['91350100m000100y43', 'lowercase'],
      ['91350100M000100Y4', 'length'],
      ['91350100M000100I43', 'characters'],
      ['91350100M000100O43', 'characters'],
      ['91350100M000100Z43', 'characters'],
      ['91350100M000100S43', 'characters'],
      ['91350100M000100V43', 'characters'],
      [usccFrom('91350100M000100Y5'), 'organization-code'],
    ]
    for (const [value, reason] of cases) {
      assert.deepEqual(validateUscc(value), { valid: false, reason }, value)
    }
  })

  it('holds for 1,000 random codes, and a changed check char breaks them', () => {
    const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
    for (let n = 0; n < 1000; n++) {
      const org = Array.from({ length: 8 }, () => charset[randomInt(charset.length)]).join('')
      const region = String(randomInt(1e6)).padStart(6, '0')
      const code = usccFrom(`91${region}${org}${organizationCodeCheckChar(org)}`)
      assert.equal(validateUscc(code).valid, true, code)
      assert.equal(validateUscc(mutate(code, 17, charset)).reason, 'check-char', code)
    }
  })

  it('refuses an impossible body in usccCheckChar', () => {
    assert.throws(() => usccCheckChar('91350100M000100I4'), InputError)
  })
})

describe('bank cards', () => {
  it('runs Luhn over digits only', () => {
    assert.equal(luhnValid('4111111111111111'), true)
    assert.equal(luhnValid('79927398713'), true)
    assert.equal(luhnValid('79927398710'), false)
    assert.equal(luhnValid(''), false)
    assert.equal(luhnValid('4111 1111 1111 1111'), false)
  })

  it('accepts 13-19 digits passing Luhn, grouped or not', () => {
    assert.deepEqual(validateBankCard('6228 4804 0256 4890 018'), {
      valid: true,
      weak: false,
      normalized: '6228480402564890018',
    })
    assert.equal(validateBankCard('4111-1111-1111-1111').valid, true)
    assert.equal(validateBankCard('411111111111').valid, false)
    assert.equal(validateBankCard('41111111111111111111').valid, false)
    assert.equal(validateBankCard('4111  1111 1111 1111').valid, false)
  })

  it('flags a Luhn failure as weak evidence only for a Chinese BIN', () => {
    assert.deepEqual(validateBankCard('6228480402564890011'), {
      valid: false,
      weak: true,
      normalized: '6228480402564890011',
      reason: 'luhn',
    })
    assert.equal(validateBankCard('9559980212345678901').weak, !luhnValid('9559980212345678901'))
    assert.equal(validateBankCard('4111111111111112').weak, false)
    assert.deepEqual(validateBankCard('62284804'), { valid: false, weak: false, reason: 'shape' })
  })
})

describe('validateMobile', () => {
  it('accepts the allocated ranges with prefixes and separators', () => {
    const ok: [string, string][] = [
      ['13812345678', '13812345678'],
      ['+8613812345678', '13812345678'],
      ['+86 138 1234 5678', '13812345678'],
      ['0086-138-1234-5678', '13812345678'],
      ['86 19912345678', '19912345678'],
      ['14512345678', '14512345678'],
      ['16212345678', '16212345678'],
      ['17012345678', '17012345678'],
      ['19212345678', '19212345678'],
    ]
    for (const [value, normalized] of ok) {
      assert.deepEqual(validateMobile(value), { valid: true, normalized }, value)
    }
  })

  it('refuses unallocated ranges and malformed values', () => {
    const bad = [
      '12812345678', '14412345678', '15412345678', '16012345678', '17912345678', '19412345678',
      '1381234567', '138123456789', '8613812345678', '+86  13812345678', '138--12345678',
      '138 1234 567a', '+85213812345678',
    ]
    for (const value of bad) assert.deepEqual(validateMobile(value), { valid: false }, value)
  })
})
