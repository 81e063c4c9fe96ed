/**
 * A pure function of a text, memoized: the same text always gives the same value, so nothing
 * goes stale. At `limit` entries the memo starts afresh, which bounds its memory without the
 * bookkeeping of an LRU; what it holds is cheap to compute again. Values are shared between
 * callers, so they must not be mutated (freeze them).
 */
export function memoizeByText<V>(compute: (text: string) => V, limit = 1_000): (text: string) => V {
  const known = new Map<string, V>()
  return (text) => {
    if (known.has(text)) return known.get(text) as V
    const value = compute(text)
    if (known.size >= limit) known.clear()
    known.set(text, value)
    return value
  }
}
