import { serve } from './cli/serve.ts'

// `npm start`: the platform with the demo world, unless SHUYU_DEMO=0.
await serve(process.env)
