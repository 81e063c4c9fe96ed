import { Flex, Space, Typography } from 'antd'
import type { ReactNode } from 'react'

/** A page's title, the measure it follows, and its main actions on the right. */
export function PageTitle({ title, basis, extra, back }: { title: ReactNode; basis?: ReactNode; extra?: ReactNode; back?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
      <div>
        {back ? <div style={{ marginBottom: 4 }}>{back}</div> : null}
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {basis ? <Typography.Text type="secondary">{basis}</Typography.Text> : null}
      </div>
      {extra ? <Space wrap>{extra}</Space> : null}
    </Flex>
  )
}
