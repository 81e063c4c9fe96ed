import type { ReactNode } from 'react'

/**
 * A page's column of sections. A grid track of minmax(0, 1fr) keeps a wide table (which scrolls
 * inside itself) from widening the page and squeezing the shell's menu, as a flex column would.
 */
export function Page({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 16 }} data-testid={testId}>
      {children}
    </div>
  )
}
