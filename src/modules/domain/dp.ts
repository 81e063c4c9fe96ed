/**
 * Differential privacy for released counts and sums: exact integer noise samplers, the release
 * functions that use them, and the accounting formulas of privacy-controls.md §3. Pure, no I/O.
 *
 * Why integers: textbook Laplace over doubles (x − b·sgn·ln U) leaves a "porous" output set that
 * breaks DP in a few queries (Mironov, CCS 2012). We follow OpenDP and Google instead: the value
 * is taken exactly as a rational, rounded to a multiple of a power of two g, and noise is drawn
 * exactly in units of g by the Canonne–Kamath–Steinke (2020) samplers over BigInt, driven by a
 * CSPRNG. No floating point touches the noise; floats appear only in calibration and reporting.
 *
 * Privacy cost convention. A release made with params { mechanism, epsilon, sensitivity, delta }
 * costs exactly what the params say, for neighbouring datasets whose true value differs by at
 * most `sensitivity` (L1 for Laplace; L2 for Gaussian, the same for one scalar):
 * - laplace: pure ε-DP (δ = 0); `delta` is ignored.
 * - gaussian: approximate (ε, δ)-DP, δ = 1e-6 unless given. Charge both ε and δ to the budget;
 *   ε is not a zCDP ρ. σ is found as in the analytic Gaussian mechanism (Balle–Wang 2018), but
 *   against the δ of the *discrete* Gaussian actually drawn (CKS 2020, Theorem 7): the continuous
 *   δ(σ) formula understates it at small σ (σ ≈ 4.22 for ε = 1, δ = 1e-6 really gives 1.02e-6).
 * Sums pay for their rounding: the sensitivity used for the noise is Δ + g, as in OpenDP/Google.
 */
import { randomFillSync } from 'node:crypto'
import { InputError } from '../../platform/errors.ts'

// ---------------------------------------------------------------------------------------------
// Rationals

/** An exact rational num/den with den > 0. Noise parameters are rationals, never floats. */
export interface Rational {
  readonly num: bigint
  readonly den: bigint
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y !== 0n) [x, y] = [y, x % y]
  return x
}

function reduced(num: bigint, den: bigint): Rational {
  if (den < 0n) return reduced(-num, -den)
  const divisor = gcd(num, den)
  return divisor > 1n ? { num: num / divisor, den: den / divisor } : { num, den }
}

/** A rational from integer parts; throws on a zero denominator. */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  if (typeof num === 'number' && !Number.isSafeInteger(num))
    throw new InputError(`not a safe integer: ${num}`)
  if (typeof den === 'number' && !Number.isSafeInteger(den))
    throw new InputError(`not a safe integer: ${den}`)
  if (BigInt(den) === 0n) throw new InputError('a rational needs a non-zero denominator')
  return reduced(BigInt(num), BigInt(den))
}

/** The exact value of a finite double as a rational (every double is m·2^e). */
export function rationalFromNumber(x: number): Rational {
  if (!Number.isFinite(x)) throw new InputError(`not a finite number: ${x}`)
  if (x === 0) return { num: 0n, den: 1n }
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const biasedExponent = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & 0xfffffffffffffn
  // Subnormals have no implicit leading bit and the exponent of the smallest normal.
  let mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n)
  let exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075
  while ((mantissa & 1n) === 0n) {
    mantissa >>= 1n
    exponent++
  }
  const num = bits >> 63n === 1n ? -mantissa : mantissa
  return exponent >= 0
    ? { num: num << BigInt(exponent), den: 1n }
    : { num, den: 1n << BigInt(-exponent) }
}

function add(a: Rational, b: Rational): Rational {
  return reduced(a.num * b.den + b.num * a.den, a.den * b.den)
}

function multiply(a: Rational, b: Rational): Rational {
  return reduced(a.num * b.num, a.den * b.den)
}

function divide(a: Rational, b: Rational): Rational {
  return reduced(a.num * b.den, a.den * b.num)
}

function powerOfTwo(exponent: number): Rational {
  return exponent >= 0
    ? { num: 1n << BigInt(exponent), den: 1n }
    : { num: 1n, den: 1n << BigInt(-exponent) }
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length
}

/** x·2^exponent without overflowing the intermediate power of two. */
function scaleByPowerOfTwo(x: number, exponent: number): number {
  let result = x
  let remaining = exponent
  while (remaining > 1000) {
    result *= 2 ** 1000
    remaining -= 1000
  }
  while (remaining < -1000) {
    result *= 2 ** -1000
    remaining += 1000
  }
  return result * 2 ** remaining
}

/** Nearest double, for reporting; works when num or den alone would overflow a double. */
function rationalToNumber(r: Rational): number {
  if (r.num === 0n) return 0
  const magnitude = r.num < 0n ? -r.num : r.num
  // Shift so that the integer quotient carries 64 significant bits, then scale back.
  const shift = 64 - (bitLength(magnitude) - bitLength(r.den))
  const quotient =
    shift >= 0 ? (magnitude << BigInt(shift)) / r.den : magnitude / (r.den << BigInt(-shift))
  const value = scaleByPowerOfTwo(Number(quotient), -shift)
  return r.num < 0n ? -value : value
}

function floorDivide(a: bigint, b: bigint): bigint {
  const quotient = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient
}

/** Nearest integer, ties upward. Any fixed rule keeps |round(x) − round(x')| ≤ |x − x'| + 1. */
function roundToInteger(r: Rational): bigint {
  return floorDivide(2n * r.num + r.den, 2n * r.den)
}

function integerSquareRoot(n: bigint): bigint {
  if (n < 2n) return n
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2))
  for (;;) {
    const next = (x + n / x) >> 1n
    if (next >= x) return x
    x = next
  }
}

// ---------------------------------------------------------------------------------------------
// Randomness

/** A source of uniformly random bytes. The default is the CSPRNG; tests may inject a seeded one. */
export type RandomBytes = (length: number) => Uint8Array

// randomFillSync costs a syscall-sized overhead per call and the samplers ask for a few bytes at a
// time, so bytes are served from a pool refilled from the CSPRNG.
const randomPool = new Uint8Array(4096)
let randomPoolOffset = randomPool.length

/** Bytes from node:crypto's CSPRNG. Never Math.random. */
export function cryptoRandomBytes(length: number): Uint8Array {
  if (length > randomPool.length) return randomFillSync(new Uint8Array(length))
  if (randomPoolOffset + length > randomPool.length) {
    randomFillSync(randomPool)
    randomPoolOffset = 0
  }
  const bytes = randomPool.slice(randomPoolOffset, randomPoolOffset + length)
  randomPoolOffset += length
  return bytes
}

/** Uniform on {0, …, bound − 1}, by rejection so that no value is favoured. */
function uniformBelow(bound: bigint, random: RandomBytes): bigint {
  if (bound <= 1n) return 0n
  const bits = bitLength(bound - 1n)
  const byteCount = Math.ceil(bits / 8)
  const topByteMask = 0xff >> (byteCount * 8 - bits)
  for (;;) {
    const bytes = random(byteCount)
    let candidate: bigint
    if (bits <= 48) {
      // Plain numbers are exact below 2^53 and much faster than BigInt shifts.
      let value = bytes[0]! & topByteMask
      for (let i = 1; i < byteCount; i++) value = value * 256 + bytes[i]!
      candidate = BigInt(value)
    } else {
      candidate = BigInt(bytes[0]! & topByteMask)
      for (let i = 1; i < byteCount; i++) candidate = (candidate << 8n) | BigInt(bytes[i]!)
    }
    if (candidate < bound) return candidate
  }
}

// ---------------------------------------------------------------------------------------------
// Exact samplers (Canonne, Kamath, Steinke: "The Discrete Gaussian for Differential Privacy",
// NeurIPS 2020, Algorithms 1–3), as OpenDP implements them.

function assertProbability(p: Rational): void {
  if (p.den <= 0n || p.num < 0n || p.num > p.den)
    throw new InputError(`not a probability: ${p.num}/${p.den}`)
}

/** True with probability exactly p = num/den, 0 ≤ p ≤ 1. */
export function sampleBernoulli(p: Rational, random: RandomBytes = cryptoRandomBytes): boolean {
  assertProbability(p)
  return uniformBelow(p.den, random) < p.num
}

// CKS Algorithm 1 for γ ∈ [0, 1]: the index of the first failure in Bernoulli(γ/1), Bernoulli(γ/2),
// … is odd with probability exactly exp(−γ) (the alternating series of exp).
function sampleBernoulliExpMinusAtMostOne(gamma: Rational, random: RandomBytes): boolean {
  let k = 1n
  while (uniformBelow(gamma.den * k, random) < gamma.num) k++
  return k % 2n === 1n
}

/** True with probability exactly exp(−γ), for rational γ ≥ 0. */
export function sampleBernoulliExp(
  gamma: Rational,
  random: RandomBytes = cryptoRandomBytes,
): boolean {
  if (gamma.den <= 0n || gamma.num < 0n)
    throw new InputError(`exp(−γ) needs γ ≥ 0, got ${gamma.num}/${gamma.den}`)
  // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)); stop at the first failure.
  const whole = gamma.num / gamma.den
  const one: Rational = { num: 1n, den: 1n }
  for (let i = 0n; i < whole; i++) if (!sampleBernoulliExpMinusAtMostOne(one, random)) return false
  return sampleBernoulliExpMinusAtMostOne(
    { num: gamma.num - whole * gamma.den, den: gamma.den },
    random,
  )
}

function assertNonNegativeRational(r: Rational, name: string): void {
  if (r.den <= 0n || r.num < 0n) throw new InputError(`${name} must be ≥ 0, got ${r.num}/${r.den}`)
}

/**
 * The discrete Laplace (two-sided geometric) distribution: P(k) ∝ exp(−|k|/scale) over all
 * integers k. CKS Algorithm 2; exact for any rational scale ≥ 0 (scale 0 gives 0).
 */
export function sampleDiscreteLaplace(
  scale: Rational,
  random: RandomBytes = cryptoRandomBytes,
): bigint {
  assertNonNegativeRational(scale, 'the discrete Laplace scale')
  if (scale.num === 0n) return 0n
  // With scale = s/t: X = U + s·V is geometric with P(X = x) ∝ exp(−x/s), so ⌊X/t⌋ has
  // P(y) ∝ exp(−y·t/s); a random sign, rejecting "−0", makes it two-sided.
  const s = scale.num
  const t = scale.den
  for (;;) {
    const u = uniformBelow(s, random)
    if (!sampleBernoulliExpMinusAtMostOne({ num: u, den: s }, random)) continue
    let v = 0n
    while (sampleBernoulliExpMinusAtMostOne({ num: 1n, den: 1n }, random)) v++
    const magnitude = (u + s * v) / t
    const negative = uniformBelow(2n, random) === 1n
    if (negative && magnitude === 0n) continue
    return negative ? -magnitude : magnitude
  }
}

/**
 * The discrete Gaussian: P(k) ∝ exp(−k²/(2σ²)) over all integers k. CKS Algorithm 3: a discrete
 * Laplace proposal with scale ⌊σ⌋ + 1, accepted with probability exp(−(|y| − σ²/t)²/(2σ²)).
 */
export function sampleDiscreteGaussian(
  sigma2: Rational,
  random: RandomBytes = cryptoRandomBytes,
): bigint {
  assertNonNegativeRational(sigma2, 'the discrete Gaussian variance')
  if (sigma2.num === 0n) return 0n
  const n = sigma2.num
  const d = sigma2.den
  // ⌊√(n/d)⌋ = ⌊√⌊n/d⌋⌋.
  const t = integerSquareRoot(n / d) + 1n
  const proposalScale: Rational = { num: t, den: 1n }
  for (;;) {
    const y = sampleDiscreteLaplace(proposalScale, random)
    const magnitude = y < 0n ? -y : y
    // (|y| − σ²/t)² / (2σ²) = (|y|·t·d − n)² / (2·n·t²·d)
    const gap = magnitude * t * d - n
    if (sampleBernoulliExp({ num: gap * gap, den: 2n * n * t * t * d }, random)) return y
  }
}

// ---------------------------------------------------------------------------------------------
// Special functions. Φ must be good to ~1e-12 for the analytic Gaussian δ (Google tests to 1e-8).

const TWO_OVER_SQRT_PI = 1.1283791670955126
const ONE_OVER_SQRT_PI = 0.5641895835477563
// Below this the power series of erf converges fast; above it the continued fraction of erfc does.
const SERIES_LIMIT = 2

// erf(x) = (2/√π)·exp(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)): all terms share a sign, so no cancellation.
function erfSeries(x: number): number {
  const twoXSquared = 2 * x * x
  let term = x
  let sum = x
  for (let n = 1; n < 500; n++) {
    term *= twoXSquared / (2 * n + 1)
    sum += term
    if (Math.abs(term) <= Math.abs(sum) * 1e-17) break
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum
}

// erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), modified Lentz; for x ≥ 2 it
// keeps full relative precision far into the tail, where 1 − erf(x) would be all rounding error.
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300
  let f = x
  let c = x
  let d = 0
  for (let k = 1; k < 5000; k++) {
    const a = k / 2
    d = x + a * d
    d = d === 0 ? 1 / tiny : 1 / d
    c = x + a / c
    if (c === 0) c = tiny
    const factor = c * d
    f *= factor
    if (Math.abs(factor - 1) < 1e-16) break
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f
}

/** The error function, to about 1e-15 relative. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  if (Math.abs(x) <= SERIES_LIMIT) return erfSeries(x)
  const tail = erfcContinuedFraction(Math.abs(x))
  return x > 0 ? 1 - tail : tail - 1
}

/** The complementary error function 1 − erf(x), accurate in relative terms in the far tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  if (x < 0) return 2 - erfc(-x)
  if (x <= SERIES_LIMIT) return 1 - erfSeries(x)
  return erfcContinuedFraction(x)
}

/** Φ, the standard normal CDF. */
export function normalCdf(x: number): number {
  return erfc(-x / Math.SQRT2) / 2
}

// erfc is strictly decreasing, so bisection converges to the last bit without a starting guess.
function erfcInverse(q: number): number {
  let lo = -27
  let hi = 27
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (mid === lo || mid === hi) break
    if (erfc(mid) > q) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** The inverse of erf on (−1, 1). */
export function erfInverse(y: number): number {
  if (!(y > -1 && y < 1)) throw new InputError(`erfInverse needs −1 < y < 1, got ${y}`)
  return erfcInverse(1 - y)
}

// ---------------------------------------------------------------------------------------------
// Accounting (privacy-controls.md §3, "Formulas to implement")

function assertPositiveFinite(x: number, name: string): void {
  if (!Number.isFinite(x) || x <= 0)
    throw new InputError(`${name} must be a positive number, got ${x}`)
}

function assertNonNegativeFinite(x: number, name: string): void {
  if (!Number.isFinite(x) || x < 0) throw new InputError(`${name} must be ≥ 0, got ${x}`)
}

function assertOpenUnitInterval(x: number, name: string): void {
  if (!(Number.isFinite(x) && x > 0 && x < 1))
    throw new InputError(`${name} must be in (0, 1), got ${x}`)
}

/** Laplace noise scale for ε-DP at L1 sensitivity Δ: λ = Δ/ε (Google: L0·L∞/ε). */
export function laplaceScale(sensitivity: number, epsilon: number): number {
  assertNonNegativeFinite(sensitivity, 'sensitivity')
  assertPositiveFinite(epsilon, 'epsilon')
  return sensitivity / epsilon
}

/** OpenDP's Laplace privacy map: ε = d_in/scale (0 when d_in = 0, ∞ when scale = 0). */
export function laplaceEpsilon(sensitivity: number, scale: number): number {
  assertNonNegativeFinite(sensitivity, 'sensitivity')
  assertNonNegativeFinite(scale, 'scale')
  if (sensitivity === 0) return 0
  return scale === 0 ? Number.POSITIVE_INFINITY : sensitivity / scale
}

/** OpenDP's Gaussian privacy map to zCDP: ρ = (d_in/scale)²/2 (0 when d_in = 0, ∞ when scale = 0). */
export function gaussianRho(sensitivity: number, scale: number): number {
  assertNonNegativeFinite(sensitivity, 'sensitivity')
  assertNonNegativeFinite(scale, 'scale')
  if (sensitivity === 0) return 0
  return scale === 0 ? Number.POSITIVE_INFINITY : (sensitivity / scale) ** 2 / 2
}

/** Half-width of the 1 − α interval of continuous Laplace noise (OpenDP): scale·ln(1/α). */
export function laplaceAccuracy(scale: number, alpha: number): number {
  assertNonNegativeFinite(scale, 'scale')
  assertOpenUnitInterval(alpha, 'alpha')
  return scale * Math.log(1 / alpha)
}

/** Half-width of the 1 − α interval of continuous Gaussian noise (OpenDP): σ·√2·erfinv(1 − α). */
export function gaussianAccuracy(scale: number, alpha: number): number {
  assertNonNegativeFinite(scale, 'scale')
  assertOpenUnitInterval(alpha, 'alpha')
  // erfinv(1 − α) = erfcinv(α), which keeps its precision for tiny α.
  return scale * Math.SQRT2 * erfcInverse(alpha)
}

/**
 * Google's Laplace partition-selection threshold: a partition whose noisy count reaches k is
 * released, and one that only a single user's contributions created is released with probability
 * at most δ. L0 = partitions a user may touch, L∞ = contribution per partition.
 */
export function laplaceThreshold(l0: number, lInf: number, epsilon: number, delta: number): number {
  if (!Number.isSafeInteger(l0) || l0 < 1)
    throw new InputError(`l0 must be an integer ≥ 1, got ${l0}`)
  assertPositiveFinite(lInf, 'lInf')
  assertPositiveFinite(epsilon, 'epsilon')
  assertOpenUnitInterval(delta, 'delta')
  const scale = (l0 * lInf) / epsilon
  // δₚ = 1 − (1 − δ)^(1/L0), via log1p/expm1 so δ = 1e-200 does not round to 0.
  const partitionDelta = -Math.expm1(Math.log1p(-delta) / l0)
  return partitionDelta <= 0.5
    ? lInf - scale * Math.log(2 * partitionDelta)
    : lInf + scale * Math.log(2 * (1 - partitionDelta))
}

// δ(σ) of the analytic Gaussian mechanism at L2 sensitivity Δ (Balle–Wang 2018, Theorem 8).
function gaussianDelta(sigma: number, epsilon: number, l2: number): number {
  if (l2 === 0) return 0
  if (sigma === 0) return 1
  const a = l2 / (2 * sigma)
  const b = (epsilon * sigma) / l2
  const upper = normalCdf(a - b)
  const lowerTail = normalCdf(-a - b)
  // e^ε·Φ(…) through logs: e^ε overflows for large ε while the product stays below 1.
  const lower = lowerTail === 0 ? 0 : Math.exp(epsilon + Math.log(lowerTail))
  return Math.min(1, Math.max(0, upper - lower))
}

/**
 * Google's deltaForGaussian: the δ at which Gaussian noise of standard deviation σ gives ε-DP to
 * a user who touches at most L0 partitions with at most L∞ each (L2 sensitivity √L0·L∞).
 */
export function deltaForGaussian(sigma: number, epsilon: number, l0: number, lInf: number): number {
  assertNonNegativeFinite(sigma, 'sigma')
  assertNonNegativeFinite(epsilon, 'epsilon')
  assertNonNegativeFinite(l0, 'l0')
  assertNonNegativeFinite(lInf, 'lInf')
  return gaussianDelta(sigma, epsilon, Math.sqrt(l0) * lInf)
}

/**
 * The smallest σ (to float precision, never below it) at which the analytic Gaussian mechanism
 * is (ε, δ)-DP at L2 sensitivity l2. Valid for every ε > 0, unlike the classical formula.
 */
export function analyticGaussianSigma(epsilon: number, delta: number, l2: number): number {
  assertPositiveFinite(epsilon, 'epsilon')
  assertOpenUnitInterval(delta, 'delta')
  assertNonNegativeFinite(l2, 'l2 sensitivity')
  if (l2 === 0) return 0
  return smallestSigmaMeeting((sigma) => gaussianDelta(sigma, epsilon, l2), delta, l2)
}

// δ(σ) falls as σ grows: bracket the answer in [hi/2, hi], then bisect. Every step keeps
// δ(hi) ≤ target, so the answer meets the target even where δ(σ) wobbles (discrete case).
function smallestSigmaMeeting(
  deltaAt: (sigma: number) => number,
  target: number,
  start: number,
): number {
  let hi = start
  while (deltaAt(hi) > target) hi *= 2
  while (hi / 2 > 0 && deltaAt(hi / 2) <= target) hi /= 2
  let lo = hi / 2
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (mid === lo || mid === hi || hi - lo <= hi * 1e-13) break
    if (deltaAt(mid) <= target) hi = mid
    else lo = mid
  }
  // δ(σ) is evaluated to ~1e-13 relative; a 1e-9 margin keeps the answer on the safe side of it.
  return hi * (1 + 1e-9)
}

// Beyond this σ (in units of the grid) the exact sum below gets slow; the bound takes over.
const EXACT_DISCRETE_DELTA_MAX_SIGMA = 1000

/**
 * The exact δ at which discrete Gaussian noise N_Z(0, σ²) gives ε-DP to an integer-valued query
 * of sensitivity Δ (CKS 2020, Theorem 7): δ = Σ_{k > x} p(k)·(1 − e^(ε − L(k))), where
 * L(k) = (2kΔ + Δ²)/(2σ²) is the privacy loss and x = εσ²/Δ − Δ/2. Δ is rounded up to an integer.
 * Costs O(σ): meant for σ up to a few thousand.
 */
export function discreteGaussianDelta(sigma: number, epsilon: number, sensitivity: number): number {
  assertNonNegativeFinite(sigma, 'sigma')
  assertNonNegativeFinite(epsilon, 'epsilon')
  assertNonNegativeFinite(sensitivity, 'sensitivity')
  const shift = Math.ceil(sensitivity)
  if (shift === 0) return 0
  if (sigma === 0) return 1
  const twoSigma2 = 2 * sigma * sigma
  // Terms past 10σ are below e^-50 of the largest and cannot move a double.
  const reach = Math.ceil(10 * sigma) + 1
  let normaliser = 1
  for (let k = 1; k <= reach; k++) normaliser += 2 * Math.exp(-(k * k) / twoSigma2)
  const threshold = (epsilon * sigma * sigma) / shift - shift / 2
  const first = Math.max(Math.floor(threshold) + 1, -reach)
  // Weights are taken relative to the reference point so that none overflows or underflows early.
  const reference = Math.max(first, 0)
  const last = Math.ceil(Math.sqrt(reference * reference + 100 * sigma * sigma)) + 1
  let sum = 0
  for (let k = first; k <= last; k++) {
    const loss = (2 * k * shift + shift * shift) / twoSigma2
    const weight = Math.exp((-(k - reference) * (k + reference)) / twoSigma2)
    sum += weight * Math.max(0, -Math.expm1(epsilon - loss))
  }
  return Math.min(1, (Math.exp(-(reference * reference) / twoSigma2) * sum) / normaliser)
}

// An upper bound on the discrete δ for any σ, in O(1). With h(y) = φ(y)·(1 − e^(ε − L(y))) on
// y > x: the discrete pmf is at most the normal density φ at each integer (its normaliser is
// σ√(2π)·θ with θ ≥ 1, Poisson summation), and h is log-concave hence unimodal, so its sum over
// the integers is at most ∫h + max h = δ_continuous + max h. The slack is about ε/(eΔ) of δ.
function discreteGaussianDeltaBound(sigma: number, epsilon: number, shift: number): number {
  const twoSigma2 = 2 * sigma * sigma
  const threshold = (epsilon * sigma * sigma) / shift - shift / 2
  const logH = (y: number): number => {
    const loss = (2 * y * shift + shift * shift) / twoSigma2
    const gain = -Math.expm1(epsilon - loss)
    return gain <= 0 ? Number.NEGATIVE_INFINITY : -(y * y) / twoSigma2 + Math.log(gain)
  }
  // Golden-section search for the maximum of the unimodal h.
  let lo = threshold
  let hi = Math.max(threshold, 0) + 40 * sigma
  const ratio = (Math.sqrt(5) - 1) / 2
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const left = hi - ratio * (hi - lo)
    const right = lo + ratio * (hi - lo)
    if (logH(left) < logH(right)) lo = left
    else hi = right
  }
  const maxH = Math.exp(logH((lo + hi) / 2)) / (sigma * Math.sqrt(2 * Math.PI))
  // The search lands within float precision of the peak; 1e-6 relative covers that with room.
  return Math.min(1, gaussianDelta(sigma, epsilon, shift) + maxH * (1 + 1e-6))
}

/**
 * The smallest σ (in the query's integer units) at which discrete Gaussian noise is (ε, δ)-DP
 * for an integer-valued query of sensitivity Δ: exact δ up to σ = 1000, the bound above beyond.
 */
export function discreteGaussianSigma(epsilon: number, delta: number, sensitivity: number): number {
  assertPositiveFinite(epsilon, 'epsilon')
  assertOpenUnitInterval(delta, 'delta')
  assertNonNegativeFinite(sensitivity, 'sensitivity')
  const shift = Math.ceil(sensitivity)
  if (shift === 0) return 0
  const deltaAt = (sigma: number): number =>
    sigma <= EXACT_DISCRETE_DELTA_MAX_SIGMA
      ? discreteGaussianDelta(sigma, epsilon, shift)
      : discreteGaussianDeltaBound(sigma, epsilon, shift)
  return smallestSigmaMeeting(deltaAt, delta, shift)
}

/** ρ-zCDP implies (ε, δ)-DP with ε = ρ + 2√(ρ·ln(1/δ)) (Bun–Steinke 2016, the simple bound). */
export function zcdpToApproxDp(rho: number, delta: number): number {
  assertNonNegativeFinite(rho, 'rho')
  assertOpenUnitInterval(delta, 'delta')
  return rho + 2 * Math.sqrt(rho * Math.log(1 / delta))
}

/** The classical σ = Δ₂·√(2·ln(1.25/δ))/ε (Dwork–Roth Theorem A.1), which only holds for ε < 1. */
export function classicalGaussianSigma(epsilon: number, delta: number, l2: number): number {
  assertPositiveFinite(epsilon, 'epsilon')
  if (epsilon >= 1)
    throw new InputError(
      `the classical Gaussian bound needs ε < 1, got ${epsilon}; use analyticGaussianSigma`,
    )
  assertOpenUnitInterval(delta, 'delta')
  assertNonNegativeFinite(l2, 'l2 sensitivity')
  return (l2 * Math.sqrt(2 * Math.log(1.25 / delta))) / epsilon
}

// ---------------------------------------------------------------------------------------------
// Releasing a count or a sum

export const DP_MECHANISMS = ['laplace', 'gaussian'] as const
export type DpMechanism = (typeof DP_MECHANISMS)[number]

export interface NoiseParams {
  readonly mechanism: DpMechanism
  readonly epsilon: number
  /** Most the released value can change between neighbouring datasets (L1, or L2 for gaussian). */
  readonly sensitivity: number
  /** Gaussian only; 1e-6 when absent. */
  readonly delta?: number
}

export interface NoisyRelease {
  /** The noisy value: an integer for a count, a multiple of `granularity` for a sum. */
  readonly value: number
  /** Laplace b or Gaussian σ, in the value's units, including the rounding's extra sensitivity. */
  readonly scale: number
  /** The smallest a with P(|noise| > a) ≤ 5 %, computed for the discrete noise actually drawn. */
  readonly accuracy95: number
  /** The power of two the value was rounded to and the noise drawn in units of (1 for counts). */
  readonly granularity: number
}

export const DEFAULT_GAUSSIAN_DELTA = 1e-6
const ACCURACY_ALPHA = 0.05
// Google's granularity parameter: the noise spans about 2^40 units of g, so rounding to g costs
// a relative 2^-40 of sensitivity while the output set has no gaps (no porous floats).
const GRANULARITY_DIVISOR = 2 ** 40
const MIN_GRANULARITY_EXPONENT = -1074 // smallest double exponent, OpenDP's get_min_k for f64
const MAX_GRANULARITY_EXPONENT = 1023

function granularityExponent(scale: number): number {
  const target = scale / GRANULARITY_DIVISOR
  if (!(target > 0)) return MIN_GRANULARITY_EXPONENT
  let k = Math.ceil(Math.log2(target))
  while (2 ** k < target) k++
  while (2 ** (k - 1) >= target) k--
  return Math.min(MAX_GRANULARITY_EXPONENT, Math.max(MIN_GRANULARITY_EXPONENT, k))
}

/** g = ceilPow2(scale/2^40) (Google), the granularity a sum with this noise scale is rounded to. */
export function granularityForScale(scale: number): number {
  assertPositiveFinite(scale, 'scale')
  return 2 ** granularityExponent(scale)
}

/** Guard: the params of one release, checked before any noise is drawn. */
export function assertNoiseParams(params: NoiseParams): void {
  if (!DP_MECHANISMS.includes(params.mechanism))
    throw new InputError(`unknown mechanism ${String(params.mechanism)}`, [
      { path: 'mechanism', message: `one of ${DP_MECHANISMS.join(', ')}` },
    ])
  if (!Number.isFinite(params.epsilon) || params.epsilon <= 0)
    throw new InputError(`epsilon must be a positive number, got ${params.epsilon}`, [
      { path: 'epsilon', message: 'must be > 0 and finite' },
    ])
  // Zero is refused too: it would release the exact value, which is never what a caller meant.
  if (!Number.isFinite(params.sensitivity) || params.sensitivity <= 0)
    throw new InputError(`sensitivity must be a positive number, got ${params.sensitivity}`, [
      { path: 'sensitivity', message: 'must be > 0 and finite' },
    ])
  if (
    params.delta !== undefined &&
    !(Number.isFinite(params.delta) && params.delta > 0 && params.delta < 1)
  )
    throw new InputError(`delta must be in (0, 1), got ${params.delta}`, [
      { path: 'delta', message: 'must be in (0, 1)' },
    ])
}

// Smallest integer a with P(|Y| > a) ≤ α for discrete Laplace Y of scale t, where
// P(|Y| ≥ m) = 2q^m/(1 + q), q = exp(−1/t).
function discreteLaplaceAccuracyUnits(t: number, alpha: number): number {
  const q = Math.exp(-1 / t)
  return Math.max(0, Math.ceil(t * Math.log(2 / (alpha * (1 + q))) - 1))
}

// Smallest integer a with P(|Y| > a) ≤ α for a discrete Gaussian Y. Summed exactly while cheap;
// beyond, the discrete and continuous tails agree to far below a unit.
function discreteGaussianAccuracyUnits(sigma: number, alpha: number): number {
  if (sigma > 1e4) return Math.ceil(gaussianAccuracy(sigma, alpha))
  const last = Math.ceil(12 * sigma) + 1
  const weights: number[] = []
  for (let k = 0; k <= last; k++) weights.push(Math.exp(-(k * k) / (2 * sigma * sigma)))
  const total = weights.reduce((sum, w, k) => sum + (k === 0 ? w : 2 * w), 0)
  let inside = weights[0]!
  let a = 0
  while ((total - inside) / total > alpha && a < last) {
    a++
    inside += 2 * weights[a]!
  }
  return a
}

interface Calibration {
  /** The noise in units of the granularity. */
  readonly noise:
    | { readonly mechanism: 'laplace'; readonly scale: Rational }
    | { readonly mechanism: 'gaussian'; readonly sigma2: Rational }
  readonly scale: number
  readonly accuracy95: number
}

// Calibration costs up to tens of milliseconds (the discrete δ search), the draw microseconds; a
// workspace releases many values under the same params, so recent calibrations are kept.
const calibrationCache = new Map<string, Calibration>()
const CALIBRATION_CACHE_SIZE = 256

function ceilToInteger(r: Rational): bigint {
  return -floorDivide(-r.num, r.den)
}

// Noise for a value already on the grid of 2^exponent, whose true value moves by at most
// `sensitivity` (exact, in value units) between neighbours.
function calibrate(params: NoiseParams, sensitivity: Rational, exponent: number): Calibration {
  const key = [
    params.mechanism,
    params.epsilon,
    params.delta,
    sensitivity.num,
    sensitivity.den,
    exponent,
  ].join('|')
  const cached = calibrationCache.get(key)
  if (cached) return cached
  const calibration = computeCalibration(params, sensitivity, exponent)
  if (calibrationCache.size >= CALIBRATION_CACHE_SIZE)
    calibrationCache.delete(calibrationCache.keys().next().value!)
  calibrationCache.set(key, calibration)
  return calibration
}

function computeCalibration(
  params: NoiseParams,
  sensitivity: Rational,
  exponent: number,
): Calibration {
  const granularity = 2 ** exponent
  const unitsSensitivity = divide(sensitivity, powerOfTwo(exponent))
  if (params.mechanism === 'laplace') {
    // Pure ε-DP for any integer shift d ≤ Δ: p(k)/p(k + d) ≤ exp(d/t) ≤ exp(ε) when t = Δ/ε.
    const unitsScale = divide(unitsSensitivity, rationalFromNumber(params.epsilon))
    return {
      noise: { mechanism: 'laplace', scale: unitsScale },
      scale: rationalToNumber(unitsScale) * granularity,
      accuracy95:
        discreteLaplaceAccuracyUnits(rationalToNumber(unitsScale), ACCURACY_ALPHA) * granularity,
    }
  }
  const delta = params.delta ?? DEFAULT_GAUSSIAN_DELTA
  // Grid values differ by an integer number of units, at most ⌈Δ/g⌉.
  const shift = Number(ceilToInteger(unitsSensitivity))
  const unitsSigma = discreteGaussianSigma(params.epsilon, delta, shift)
  const exactSigma = rationalFromNumber(unitsSigma)
  return {
    noise: { mechanism: 'gaussian', sigma2: multiply(exactSigma, exactSigma) },
    scale: unitsSigma * granularity,
    accuracy95: discreteGaussianAccuracyUnits(unitsSigma, ACCURACY_ALPHA) * granularity,
  }
}

function drawNoise(calibration: Calibration): bigint {
  return calibration.noise.mechanism === 'laplace'
    ? sampleDiscreteLaplace(calibration.noise.scale)
    : sampleDiscreteGaussian(calibration.noise.sigma2)
}

function toCount(trueCount: bigint | number): bigint {
  if (typeof trueCount === 'number' && !Number.isSafeInteger(trueCount))
    throw new InputError(`a count must be an integer, got ${trueCount}`)
  const count = BigInt(trueCount)
  if (count < 0n) throw new InputError(`a count cannot be negative, got ${count}`)
  return count
}

/**
 * A count released with discrete Laplace or discrete Gaussian noise; the result is an integer
 * (possibly negative: clamping is the caller's post-processing). Costs what `params` says.
 */
export function noisyCount(trueCount: bigint | number, params: NoiseParams): NoisyRelease {
  const count = toCount(trueCount)
  assertNoiseParams(params)
  // The count is already on the integer grid: no rounding, so no extra sensitivity.
  const noise = calibrate(params, rationalFromNumber(params.sensitivity), 0)
  return {
    value: Number(count + drawNoise(noise)),
    scale: noise.scale,
    accuracy95: noise.accuracy95,
    granularity: 1,
  }
}

/**
 * A real-valued sum released without floating-point noise: the value is rounded to a multiple
 * of g = ceilPow2(scale/2^40) and discrete noise is added in units of g, with the sensitivity
 * raised to Δ + g to pay for the rounding. The result is always a multiple of `granularity`.
 */
export function noisySum(value: number, params: NoiseParams): NoisyRelease {
  if (!Number.isFinite(value)) throw new InputError(`a sum must be a finite number, got ${value}`)
  assertNoiseParams(params)
  const baseScale =
    params.mechanism === 'laplace'
      ? params.sensitivity / params.epsilon
      : analyticGaussianSigma(
          params.epsilon,
          params.delta ?? DEFAULT_GAUSSIAN_DELTA,
          params.sensitivity,
        )
  const exponent = granularityExponent(baseScale)
  const granularity = powerOfTwo(exponent)
  const sensitivity = add(rationalFromNumber(params.sensitivity), granularity)
  const noise = calibrate(params, sensitivity, exponent)
  const onGrid = roundToInteger(divide(rationalFromNumber(value), granularity))
  // Number() of an integer then ·2^k stays a multiple of 2^k: rounding a big integer to a double
  // only drops low bits, and post-processing an exact DP output costs no privacy.
  return {
    value: scaleByPowerOfTwo(Number(onGrid + drawNoise(noise)), exponent),
    scale: noise.scale,
    accuracy95: noise.accuracy95,
    granularity: 2 ** exponent,
  }
}
