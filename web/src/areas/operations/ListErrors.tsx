import { Typography } from 'antd'
import type { ReactNode } from 'react'

/** A Form.List's own errors (e.g. "weights must total 100"), red like a field's. */
export function ListErrors({ errors }: { errors: readonly ReactNode[] }) {
  if (errors.length === 0) return null
  return (
    <div role="alert" style={{ marginTop: 4 }}>
      {errors.map((error, i) => (
        <Typography.Text key={i} type="danger" style={{ display: 'block' }}>
          {error}
        </Typography.Text>
      ))}
    </div>
  )
}
