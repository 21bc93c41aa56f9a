/**
 * The supervisor: a small Node process between Bringup and a hook's process group, so the group never
 * outlives Bringup, even when Bringup is killed with SIGKILL (no handler runs then) or crashes.
 *
 * Bringup starts it in its own session (so a terminal's Ctrl+C or hangup does not reach it) with:
 *   fd 0: the lifeline. The first line is the job (JSON: argv, cwd, env, grace periods); later lines are
 *         commands ({"op":"stop"}). End of file (Bringup exited, however it died) = stop the group.
 *   fd 1, fd 2: handed to the command as its stdout and stderr, so its output reaches Bringup directly.
 *   fd 3: the supervisor's reports to Bringup, one JSON object a line (spawned, exit, stopping, done).
 * The command runs in a new process group (detached: it leads it), so the group holds it and every
 * process it starts (MAX's model worker). Stopping sends SIGINT to the group, then SIGTERM, then
 * SIGKILL, each after its grace period, until no live process is left in the group. When the command
 * exits on its own, whatever it left in its group is ended the same way.
 *
 * Node built-ins only (and ../processGroup, which is too): it is built to its own file
 * (out/node/runner/supervisor.js) and must start fast.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { stopSequence, type StopSignal } from '../processGroup';

interface Job {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** Milliseconds to wait after SIGINT, then after SIGTERM, before the next signal. */
  graceMs?: { interrupt?: number; terminate?: number };
}

const report = createWriteStream('', { fd: 3 });
report.on('error', () => undefined); // Bringup is gone: nobody to tell
const send = (message: Record<string, unknown>) => report.write(JSON.stringify({ ...message, at: Date.now() }) + '\n');

let child: ChildProcess | null = null;
let pgid: number | null = null;
let stopping: Promise<void> | null = null;

/** SIGINT, then SIGTERM, then SIGKILL to the group, until nothing of it is left; reports which one ended it. */
function stopGroup(job: Job, reason: string, firstSignal: StopSignal = 'SIGINT'): Promise<void> {
  stopping ??= (async () => {
    const group = pgid;
    if (group === null) return;
    const started = Date.now();
    const ended = await stopSequence(group, job.graceMs, firstSignal, (signal) => send({ event: 'stopping', signal, reason }));
    send({ event: 'group-gone', signal: ended, tookMs: Date.now() - started, reason });
  })();
  return stopping;
}

async function finish(job: Job): Promise<never> {
  await stopGroup(job, 'exited', 'SIGTERM');
  send({ event: 'done' });
  await new Promise<void>((resolve) => report.end(resolve));
  process.exit(0);
}

function main(): void {
  let buffer = '';
  let job: Job | null = null;
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (text: string) => {
    buffer += text;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let message: { op?: string; signal?: string } & Partial<Job>;
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      if (!job) {
        job = message as Job;
        start(job);
      } else if (message.op === 'stop') {
        void stopGroup(job, 'requested', (message.signal as StopSignal | undefined) ?? 'SIGINT');
      }
    }
  });
  // The lifeline: Bringup's end of fd 0 closes when it exits, whatever killed it.
  process.stdin.on('end', () => {
    if (!job) process.exit(0);
    void stopGroup(job, 'bringup-gone').then(() => finish(job!));
  });
  process.stdin.on('error', () => undefined);
  // Signals meant for Bringup's terminal do not reach this session; if one does, it stops the group first.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => job && void stopGroup(job, signal).then(() => finish(job!)));
}

function start(job: Job): void {
  try {
    child = spawn(job.argv[0], job.argv.slice(1), { cwd: job.cwd, env: job.env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  } catch (err) {
    send({ event: 'spawn-error', code: (err as NodeJS.ErrnoException).code ?? 'ERROR', message: (err as Error).message });
    process.exit(0);
  }
  child.once('error', (err: NodeJS.ErrnoException) => {
    if (child?.pid !== undefined) return;
    send({ event: 'spawn-error', code: err.code ?? 'ERROR', message: err.message });
    void new Promise<void>((resolve) => report.end(resolve)).then(() => process.exit(0));
  });
  if (child.pid === undefined) return;
  pgid = child.pid;
  send({ event: 'spawned', pid: child.pid, pgid });
  child.once('exit', (code, signal) => {
    send({ event: 'exit', code, signal });
    void finish(job);
  });
}

main();
