import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DETECTOR_KINDS,
  DETECTOR_TYPES,
  personalNameConfidence,
  resolveOverlaps,
  sampleValues,
  scanColumn,
  scanText,
  type DetectorType,
} from './detectors.ts'
import { residentId15To18, residentIdFrom, usccFrom } from './identifiers.ts'

const today = new Date('2026-06-15T04:00:00Z')
const scan = (text: string, minConfidence?: number) =>
  scanText(text, { today, includeValues: true, ...(minConfidence === undefined ? {} : { minConfidence }) })
const typesOf = (text: string) => scan(text).map((f) => f.type)
/** The one finding of the text, as [type, value]. */
const only = (text: string) => scan(text).map((f) => [f.type, f.value])

describe('detector types', () => {
  it('say whom each type identifies and tag persons only', () => {
    for (const type of DETECTOR_TYPES) assert.ok(DETECTOR_KINDS[type], type)
    assert.equal(DETECTOR_KINDS.uscc.subject, 'organization')
    assert.equal(DETECTOR_KINDS.uscc.tag, null)
    assert.equal(DETECTOR_KINDS.resident_id.tag, 'id_number')
    assert.equal(DETECTOR_KINDS.mobile.tag, 'phone')
    assert.equal(DETECTOR_KINDS.landline.tag, 'phone')
    assert.equal(DETECTOR_KINDS.personal_name.tag, 'personal_name')
  })
})

describe('scanText: reference vectors (privacy-controls §4)', () => {
  it('4.1: finds the GB 11643 example and not its wrong-check twin', () => {
    assert.deepEqual(only('身份证号11010519491231002X。'), [['resident_id', '11010519491231002X']])
    assert.deepEqual(only('身份证号110105194912310021。'), [])
  })

  it('reads no identifier into the digits of a decimal number, and still finds one beside a full stop', () => {
    for (const value of ['232265.17183462533', '13800138000.25', '0.13800138000', '均值 232265.17183462533 千瓦时', '110105.19491231002']) {
      assert.deepEqual(only(value), [], value)
    }
    assert.deepEqual(only('手机13800138000.'), [['mobile', '13800138000']])
    assert.deepEqual(only('手机13800138000。下一位'), [['mobile', '13800138000']])
  })

  it('4.2: finds hutool\'s IDs, permits and the foreign permanent resident ID', () => {
    for (const id of ['321083197812162119', '33010219200403064X', '81000019980902013X',
      '820000200009100032', '830000200209060065', '932682198501010017']) {
      assert.deepEqual(only(`证件：${id}`), [['resident_id', id]], id)
    }
    assert.deepEqual(only('3301022011022000D6'), [])
    // 15-digit legacy numbers: weak alone, strong after a label; their 18-digit forms are valid.
    assert.equal(scan('号码150102880730303')[0]?.confidence, 0.5)
    assert.equal(scan('身份证：150102880730303')[0]?.confidence, 0.9)
    assert.deepEqual(only(residentId15To18('330102200403064')), [['resident_id', '33010219200403064X']])
  })

  it('4.3: finds valid USCCs, with their organization code, and nothing else', () => {
    for (const code of ['91350100M000100Y43', '91310110666007217T', '91310115591693856A']) {
      assert.deepEqual(only(`统一社会信用代码：${code}`), [['uscc', code]], code)
    }
    assert.deepEqual(only('91350100M000100Y44'), [])
    assert.deepEqual(only('91350100M000100YI3'), [])
  })

  it('4.4: takes Luhn-valid cards of known networks, weakly a failing Chinese card', () => {
    assert.deepEqual(only('卡 4111111111111111'), [['bank_card', '4111111111111111']])
    assert.deepEqual(only('卡 371449635398431'), [['bank_card', '371449635398431']])
    // §4.4: the check digit of the payload 622202123456789012 is 8.
    assert.deepEqual(only('卡 6222021234567890128'), [['bank_card', '6222021234567890128']])
    assert.deepEqual(only('4012-8888-8888-1882'), [])
    assert.deepEqual(only('36168002586008'), [])
    assert.deepEqual(only('79927398713'), [])
    const weak = scan('6222021234567890127', 0)[0]
    assert.equal(weak?.type, 'bank_card')
    assert.ok(weak.confidence > 0 && weak.confidence < 0.5, String(weak.confidence))
    assert.equal(scan('银行卡号6222021234567890127')[0]?.confidence, 0.6)
  })

  it('4.5: takes allocated mobile ranges, drops the naive-only ones', () => {
    assert.deepEqual(only('电话13800138000'), [['mobile', '13800138000']])
    assert.deepEqual(only('电话+8613800138000'), [['mobile', '+8613800138000']])
    assert.deepEqual(only('电话008613800138000'), [['mobile', '008613800138000']])
    assert.deepEqual(only('电话19212345678'), [['mobile', '19212345678']])
    for (const n of ['12800138000', '1380013800', '15412345678', '14012345678', '19412345678']) {
      assert.deepEqual(only(`电话${n}`), [], n)
    }
    assert.equal(scan('15412345678', 0)[0]?.confidence, 0.3)
  })
})

describe('scanText: each detector', () => {
  it('finds landlines with dashes or parentheses, weakly without', () => {
    assert.deepEqual(only('电话0313-5821234'), [['landline', '0313-5821234']])
    assert.deepEqual(only('电话(010)62751234'), [['landline', '(010)62751234']])
    assert.deepEqual(only('电话（0313）5821234'), [['landline', '（0313）5821234']])
    assert.equal(scan('03135821234')[0]?.confidence, 0.5)
    assert.deepEqual(only('0313-1821234'), [])
  })

  it('finds e-mail, passports, plates and IP addresses', () => {
    assert.deepEqual(only('邮箱：li.si+test@mail.example.com。'), [['email', 'li.si+test@mail.example.com']])
    assert.deepEqual(only('护照号E12345678'), [['passport', 'E12345678']])
    assert.deepEqual(only('护照EA1234567'), [['passport', 'EA1234567']])
    assert.deepEqual(only('车牌冀G12345违停'), [['vehicle_plate', '冀G12345']])
    assert.deepEqual(only('新能源车京AD12345'), [['vehicle_plate', '京AD12345']])
    assert.deepEqual(only('冀G1234学'), [['vehicle_plate', '冀G1234学']])
    assert.deepEqual(only('冀GABCDE'), [])
    assert.deepEqual(only('来自192.168.10.1的访问'), [['ip_address', '192.168.10.1']])
    assert.deepEqual(only('from 2001:db8::8a2e:370:7334.'), [['ip_address', '2001:db8::8a2e:370:7334']])
    assert.deepEqual(only('256.1.1.1 或 1.2.3.4.5 或 12:30'), [])
  })

  it('finds postal addresses from province or city down to the number', () => {
    assert.deepEqual(only('住址：河北省张家口市桥西区胜利北路12号，'),
      [['address', '河北省张家口市桥西区胜利北路12号']])
    assert.deepEqual(only('家住张家口市宣化区钟楼大街3号院2单元501室'),
      [['address', '张家口市宣化区钟楼大街3号院2单元501室']])
    assert.deepEqual(only('张家口市桥西区市场监管局发布通知'), [])
  })

  it('finds names after a label or before a title', () => {
    assert.deepEqual(only('联系人：王伟，电话'), [['personal_name', '王伟']])
    assert.deepEqual(only('法定代表人欧阳娜娜。'), [['personal_name', '欧阳娜娜']])
    assert.deepEqual(only('感谢张伟先生的来电'), [['personal_name', '张伟']])
    assert.equal(scan('王女士来电')[0]?.confidence, 0.5)
    assert.deepEqual(only('张家口市人民政府'), [])
  })
})

describe('scanText: adversarial input', () => {
  const id = '11010519491231002X'

  it('never matches digits inside a longer digit run', () => {
    assert.deepEqual(only(`9${id}`), [])
    assert.deepEqual(only('订单号2024031513800138000'), [])
    assert.deepEqual(only('流水1380013800012'), [])
  })

  it('reads full-width digits as ASCII, with spans of the input', () => {
    const text = '身份证１１０１０５１９４９１２３１００２Ｘ，手机１３８００１３８０００'
    const found = scan(text)
    assert.deepEqual(found.map((f) => f.type), ['resident_id', 'mobile'])
    assert.equal(found[0]!.value, '１１０１０５１９４９１２３１００２Ｘ')
    assert.equal(text.slice(found[1]!.start, found[1]!.end), '１３８００１３８０００')
  })

  it('joins numbers split by spaces or dashes', () => {
    assert.deepEqual(only('110105 19491231 002X'), [['resident_id', '110105 19491231 002X']])
    assert.deepEqual(only('138 0013 8000'), [['mobile', '138 0013 8000']])
    assert.deepEqual(only('138-0013-8000'), [['mobile', '138-0013-8000']])
    assert.deepEqual(only('6222 0212 3456 7890 128'), [['bank_card', '6222 0212 3456 7890 128']])
    // A date before a mobile does not swallow it.
    assert.deepEqual(only('2024-03-15 13800138000'), [['mobile', '13800138000']])
  })

  it('keeps UTF-16 offsets across emoji', () => {
    const text = `😈😈 ${id} 🎉`
    const [finding] = scan(text)
    assert.equal(finding?.start, 5) // two surrogate pairs and a space
    assert.equal(text.slice(finding!.start, finding!.end), id)
  })

  it('handles empty, huge and mixed Chinese/English text', () => {
    assert.deepEqual(scan(''), [])
    const long = `${'无关内容 abc 123 '.repeat(100_000)}${id}`
    const found = scan(long)
    assert.deepEqual(found.map((f) => f.value), [id])
    assert.deepEqual(scan('9'.repeat(1_000_000)), [])
    assert.deepEqual(typesOf(`Customer Zhang (ID ${id}) emailed zhang@example.cn from 10.0.0.8`),
      ['resident_id', 'email', 'ip_address'])
  })

  it('keeps the most confident of overlapping findings, then the longest', () => {
    assert.deepEqual(only('13800138000@qq.com'), [['email', '13800138000@qq.com']])
    const kept = resolveOverlaps([
      { type: 'mobile', start: 0, end: 11, confidence: 0.9 },
      { type: 'bank_card', start: 0, end: 16, confidence: 0.9 },
      { type: 'email', start: 5, end: 20, confidence: 0.5 },
      { type: 'resident_id', start: 30, end: 48, confidence: 0.99 },
    ])
    assert.deepEqual(kept.map((f) => f.type), ['bank_card', 'resident_id'])
  })

  it('finds generated identifiers at random', () => {
    for (let n = 0; n < 200; n++) {
      const region = ['110105', '130703', '440305', '650102'][n % 4]!
      const birth = `19${String(50 + (n % 50))}0${1 + (n % 9)}1${n % 10}`
      const id = residentIdFrom(region, birth, String(100 + n).slice(-3))
      assert.deepEqual(only(`编号 ${id} 。`), [['resident_id', id]], id)
    }
    assert.deepEqual(only(usccFrom('91130703MA0ABCDEF'.slice(0, 16) + 'Y')).length <= 1, true)
  })
})

describe('scanColumn', () => {
  const ids = Array.from({ length: 300 }, (_, n) =>
    residentIdFrom('130703', `19${String(60 + (n % 40))}0${1 + (n % 9)}2${n % 8}`, String(100 + n).slice(-3)))

  it('flags a column when most values are wholly of a type, skipping nulls', () => {
    const result = scanColumn('person_id', [...ids, null, null, ''], { today })
    assert.deepEqual(result.flagged, ['resident_id'])
    assert.equal(result.personal, true)
    assert.deepEqual(result.tags, ['id_number'])
    assert.equal(result.nonNull, 300)
    assert.equal(result.matches[0]!.share, 1)
  })

  it('lets values decide and the name only add confidence', () => {
    const plain = scanColumn('c1', ids, { today }).matches[0]!.confidence
    const named = scanColumn('id_number', ids, { today }).matches[0]!.confidence
    assert.ok(named > plain)
    assert.deepEqual(scanColumn('person_id', ['a', 'b', 'c'], { today }).flagged, [])
  })

  it('does not flag a column with a few identifiers among other values', () => {
    const mixed = [...ids.slice(0, 10), ...Array.from({ length: 90 }, (_, i) => `备注${i}`)]
    assert.deepEqual(scanColumn('remark', mixed, { today, containedThreshold: 0.2 }).flagged, [])
  })

  it('flags names, not place or company names', () => {
    const names = ['王伟', '李娜', '张敏', '刘洋', '欧阳娜娜', '赵丽', '陈静', '杨帆', '周杰', '吴磊']
    assert.deepEqual(scanColumn('x', Array.from({ length: 50 }, (_, i) => names[i % 10]), { today }).flagged,
      ['personal_name'])
    assert.equal(personalNameConfidence('张北县'), 0)
    assert.equal(personalNameConfidence('江苏'), 0)
    assert.equal(personalNameConfidence('张家口鑫源商贸有限公司'), 0)
  })

  it('samples deterministically and evenly', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i)
    assert.deepEqual(sampleValues(values, 4), [0, 2500, 5000, 7500])
    assert.deepEqual(sampleValues([1, 2], 4), [1, 2])
  })

  it('is fast: 1,000 values in well under 100 ms', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => ids[i % ids.length]!)
    const started = performance.now()
    scanColumn('person_id', values, { today })
    assert.ok(performance.now() - started < 100)
  })
})

const _typecheck: DetectorType = 'mobile'
void _typecheck
