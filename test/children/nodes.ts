// The parent's side of test/children/node.ts: start platform nodes as child processes, call
// them over HTTP, kill them, and leave no process behind whatever happens.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import type { AgreementJobReport } from '../../src/modules/authorizations/agreement.jobs.ts'
import type { StoreConfig } from '../../src/platform/db/store.ts'

const script = path.resolve(import.meta.dirname, 'node.ts')

export interface NodeOptions {
  readonly dataDir: string
  readonly store: StoreConfig
  readonly masterKeyHex: string
}

export interface PlatformNode {
  readonly url: string
  readonly process: ChildProcess
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<number | string | null>
  /** Runs the agreement jobs in this node now (over IPC) and answers their report. */
  agreementJobs(): Promise<AgreementJobReport>
  /** SIGTERM (a clean stop) and waits for the exit. */
  stop(): Promise<void>
  /** SIGKILL: gone at once, mid-whatever. */
  kill(): Promise<void>
}

const running = new Set<ChildProcess>()

/** Kills every node still running: for the test's `finally`/`after`, whatever failed. */
export async function killAllNodes(): Promise<void> {
  const waits = [...running].map((proc) => {
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    proc.kill('SIGKILL')
    return gone
  })
  await Promise.all(waits)
}

export async function startNode(options: NodeOptions): Promise<PlatformNode> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      SHUYU_DATA_DIR: options.dataDir,
      SHUYU_MASTER_KEY: options.masterKeyHex,
      SHUYU_TEST_STORE: JSON.stringify(options.store),
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  running.add(proc)
  const exited = new Promise<number | string | null>((resolve) =>
    proc.once('exit', (code, signal) => {
      running.delete(proc)
      resolve(signal ?? code)
    }),
  )
  let stderr = ''
  proc.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const port = await new Promise<number>((resolve, reject) => {
    let seen = ''
    proc.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      const match = /listening (\d+)/.exec(seen)
      if (match) resolve(Number(match[1]))
    })
    void exited.then((how) => reject(new Error(`the node exited (${how}) before listening: ${stderr}`)))
  })
  let nextId = 0
  const pending = new Map<number, { resolve: (r: AgreementJobReport) => void; reject: (e: Error) => void }>()
  proc.on('message', (message: { id: number; report?: AgreementJobReport; error?: string }) => {
    const waiter = pending.get(message.id)
    pending.delete(message.id)
    if (message.error !== undefined) waiter?.reject(new Error(message.error))
    else waiter?.resolve(message.report!)
  })
  return {
    url: `http://127.0.0.1:${port}`,
    process: proc,
    exited,
    agreementJobs: () =>
      new Promise((resolve, reject) => {
        const id = ++nextId
        pending.set(id, { resolve, reject })
        proc.send({ id, run: 'agreement-jobs' })
      }),
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM')
      await exited
    },
    kill: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
      await exited
    },
  }
}

export interface Answer {
  readonly status: number
  readonly body: any
}

/** One HTTP call to a node; a connection cut by a kill rejects. */
export async function request(
  node: PlatformNode,
  method: 'GET' | 'POST',
  url: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${node.url}${url}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined }
}

export async function signIn(node: PlatformNode, username: string): Promise<string> {
  const answer = await request(node, 'POST', '/api/v1/auth/login', { body: { username, password: `demo-${username}` } })
  if (answer.status !== 200) throw new Error(`sign-in as ${username}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body.token as string
}
