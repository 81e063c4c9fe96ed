import type { Weighted } from './random-sql.ts'

/**
 * Words for synthetic people and enterprises. Surname weights follow the northern-China ranking
 * (王 李 张 刘 lead, 赵 高 郭 马 above the national average); no real person or company is meant.
 */
export const SURNAMES: readonly Weighted[] = [
  ['王', 90], ['李', 82], ['张', 90], ['刘', 70], ['杨', 30], ['赵', 40], ['高', 25], ['郭', 22],
  ['马', 20], ['孙', 20], ['陈', 20], ['韩', 15], ['田', 15], ['贾', 12], ['周', 12], ['吴', 10],
  ['徐', 10], ['武', 10], ['郝', 9], ['白', 9], ['任', 8], ['梁', 8], ['宋', 8], ['许', 7],
  ['郑', 7], ['冯', 7], ['曹', 7], ['程', 6], ['史', 6], ['范', 6], ['闫', 8], ['侯', 6],
  ['董', 6], ['崔', 5], ['薛', 5], ['乔', 5], ['石', 5], ['于', 6], ['吕', 5], ['魏', 6],
  ['常', 5], ['付', 5], ['苏', 4], ['岳', 4], ['温', 4], ['段', 4], ['康', 4], ['牛', 4],
]

export const MALE_GIVEN_CHARS: readonly string[] = [
  ...new Set('伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭' +
    '宁龙林建国志文海东峰亮成博晨阳宏振永庆立新忠卫江兵利锋彬'),
]

export const FEMALE_GIVEN_CHARS: readonly string[] = [
  ...new Set('芳娜敏静丽艳娟霞秀玲燕萍红梅琳雪婷慧颖倩洁琴云莉丹' +
    '欣悦佳雯晶月楠蕾薇爽璐瑶怡彤茜璇岚凤英兰华春妍蓉'),
]

/** First and second characters of 字号 (trade names), combined pairwise. */
const BRAND_FIRST = [
  ...'鑫恒宏金华瑞盛万鼎永中天广博嘉德隆福汇泰新益顺兴昌润聚',
  ...'鸿浩佳富锦星宝荣建东北正君诚明祥裕亿长国安联创',
]
const BRAND_SECOND = [
  ...'源达通利丰和信成祥盛泰兴鑫宇远茂发隆辉川',
  ...'恒瑞昌诚盈业峰华腾润晟辰翔邦嘉海阳林康合',
]

/** Place words used as 字号, as local firms often do. */
const PLACE_BRANDS = [
  '塞北', '坝上', '长城', '京张', '冀北', '张垣', '桑干河', '洋河', '大境门', '赐儿山', '清水河',
  '燕山', '紫塞', '宣府', '察哈尔', '口外', '冰雪', '草原',
]

/**
 * Every distinct 字号: two-character combinations and place words. Names take them in a
 * permuted order per group, so a group of n entities never repeats one until n exceeds the list.
 */
export const BRANDS: readonly string[] = [
  ...new Set([
    ...BRAND_FIRST.flatMap((a) => BRAND_SECOND.filter((b) => b !== a).map((b) => a + b)),
    ...PLACE_BRANDS,
  ]),
]

/** Third characters appended once a group has used up BRANDS (only at very large scales). */
export const BRAND_EXTENSIONS: readonly string[] = [...'达通丰泰源昌隆顺祥盛兴和嘉瑞宏茂远恒信益']
