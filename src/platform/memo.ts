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

/** Texts computed from texts, the least recently used dropped first once over `limit` characters. */
export class TextMemo {
  private readonly entries = new Map<string, string>()
  private readonly limit: number
  private size = 0

  constructor(limit: number) {
    this.limit = limit
  }

  async get(key: string, compute: () => Promise<string>): Promise<string> {
    const hit = this.entries.get(key)
    if (hit !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit
    }
    const value = await compute()
    const cost = key.length + value.length
    // Too large to keep, or computed meanwhile by a concurrent call: nothing to add.
    if (cost > this.limit / 16 || this.entries.has(key)) return value
    this.entries.set(key, value)
    this.size += cost
    for (const [oldest, text] of this.entries) {
      if (this.size <= this.limit) break
      this.entries.delete(oldest)
      this.size -= oldest.length + text.length
    }
    return value
  }
}
