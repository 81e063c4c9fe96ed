/**
 * Linkage risk (数据关联汇聚风险, art. 28): how easily the entities behind a scope can be singled
 * out by the quasi-identifiers it grants, alone and once its resources are combined. Pure: the
 * measures are computed from the sizes of the equivalence classes (entities sharing one
 * combination of quasi-identifier values); finding those classes in the pool is the service's job.
 */

export const LINKAGE_RISK_LEVELS = ['low', 'medium', 'high'] as const
export type LinkageRiskLevel = (typeof LINKAGE_RISK_LEVELS)[number]

/** The yardstick for "small" classes when the workspace sets no minimum of distinct entities. */
export const DEFAULT_LINKAGE_K = 10

/**
 * Where the levels change. Uniques come first because a unique combination is a
 * re-identification waiting for anyone who knows those values; classes smaller than k matter
 * because the gate releases no cell covering fewer than k entities, so an entity in such a class
 * is shielded only by that rewrite. The figures follow common practice in statistical disclosure
 * control (a few percent of sample uniques is already considered high for microdata release).
 */
export const LINKAGE_THRESHOLDS = {
  high: { uniqueShare: 0.05, belowKShare: 0.5 },
  medium: { uniqueShare: 0.01, belowKShare: 0.2 },
} as const

/** How many classes have a given size: the classes of size 1 hold the unique entities. */
export interface ClassSizeCount {
  readonly size: number
  readonly classes: number
}

export interface LinkageMeasures {
  readonly entities: number
  readonly classes: number
  /** Entities alone in their class (class size 1), and their share of all entities. */
  readonly uniques: number
  readonly uniqueShare: number
  /** The k the small classes are measured against (the workspace's minDistinctEntities, or 10). */
  readonly k: number
  /** Entities in classes smaller than k, and their share. */
  readonly belowK: number
  readonly belowKShare: number
  /** The prosecutor risk: the worst chance of re-identifying one known entity, max 1/class size. */
  readonly prosecutorRisk: number
  /** The average risk over entities: classes / entities. */
  readonly averageRisk: number
  readonly level: LinkageRiskLevel
  readonly reasons: readonly string[]
}

/** The class-size counts of a list of class sizes (for callers that hold the sizes themselves). */
export function classSizeCounts(sizes: readonly number[]): ClassSizeCount[] {
  const counts = new Map<number, number>()
  for (const size of sizes) if (size > 0) counts.set(size, (counts.get(size) ?? 0) + 1)
  return [...counts].sort(([a], [b]) => a - b).map(([size, classes]) => ({ size, classes }))
}

/** The k to measure small classes against: a workspace without the rule still deserves one. */
export function linkageK(minDistinctEntities: number | undefined): number {
  return minDistinctEntities && minDistinctEntities > 0 ? minDistinctEntities : DEFAULT_LINKAGE_K
}

/** The risk measures and their level, with the reasons in words an operator can act on. */
export function linkageMeasures(counts: readonly ClassSizeCount[], k: number): LinkageMeasures {
  const present = counts.filter((c) => c.size > 0 && c.classes > 0)
  const entities = sum(present.map((c) => c.size * c.classes))
  const classes = sum(present.map((c) => c.classes))
  const uniques = sum(present.filter((c) => c.size === 1).map((c) => c.classes))
  const belowK = sum(present.filter((c) => c.size < k).map((c) => c.size * c.classes))
  const smallest = present.length > 0 ? Math.min(...present.map((c) => c.size)) : 0
  const base = {
    entities,
    classes,
    uniques,
    uniqueShare: share(uniques, entities),
    k,
    belowK,
    belowKShare: share(belowK, entities),
    prosecutorRisk: smallest > 0 ? 1 / smallest : 0,
    averageRisk: share(classes, entities),
  }
  return { ...base, ...assess(base) }
}

function assess(m: Omit<LinkageMeasures, 'level' | 'reasons'>): { level: LinkageRiskLevel; reasons: string[] } {
  if (m.entities === 0) return { level: 'low', reasons: ['no entities: nothing to single out'] }
  const { high, medium } = LINKAGE_THRESHOLDS
  const level: LinkageRiskLevel =
    m.uniqueShare > high.uniqueShare || m.belowKShare > high.belowKShare
      ? 'high'
      : m.uniqueShare > medium.uniqueShare || m.belowKShare > medium.belowKShare
        ? 'medium'
        : 'low'
  const reasons: string[] = []
  if (m.uniques > 0) {
    reasons.push(
      `${percent(m.uniqueShare)} of entities (${m.uniques} of ${m.entities}) have a combination of values no other entity shares: ` +
        `whoever knows those values singles them out (high above ${percent(high.uniqueShare)}, medium above ${percent(medium.uniqueShare)})`,
    )
  } else {
    reasons.push(`no entity is alone in its combination of values: the smallest class holds ${Math.round(1 / m.prosecutorRisk)} entities`)
  }
  if (m.belowK > 0) {
    reasons.push(
      `${percent(m.belowKShare)} of entities (${m.belowK}) are in classes smaller than k = ${m.k}: ` +
        `only the gate's minimum of distinct entities shields them (high above ${percent(high.belowKShare)}, medium above ${percent(medium.belowKShare)})`,
    )
  }
  reasons.push(`${m.classes} ${m.classes === 1 ? 'class' : 'classes'} over ${m.entities} entities: an average re-identification risk of ${percent(m.averageRisk)}`)
  return { level, reasons }
}

/** The more severe of two levels. */
export function worseLevel(a: LinkageRiskLevel, b: LinkageRiskLevel): LinkageRiskLevel {
  return LINKAGE_RISK_LEVELS.indexOf(a) >= LINKAGE_RISK_LEVELS.indexOf(b) ? a : b
}

/**
 * A column is an entity attribute when its value is constant within the entity for at least this
 * share of entities (e.g. a district, a founding date); below it the column is a time-varying
 * measure (monthly kWh), whose per-entity combination would be a fingerprint of the series
 * rather than something an attacker plausibly knows, so it is left out of the classes.
 */
export const ATTRIBUTE_CONSTANCY = 0.95

export function isEntityAttribute(constantEntities: number, entities: number): boolean {
  return entities === 0 || constantEntities >= ATTRIBUTE_CONSTANCY * entities
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction < 0.001 && fraction > 0 ? 2 : 1)}%`
}
